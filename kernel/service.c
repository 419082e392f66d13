// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services and their real servers.
 *
 * Writers hold the namespace's config_mutex; the data path reads under
 * RCU. Lifetimes: the service table holds one reference on a service and
 * its list one on each real server; every connection holds a real server,
 * and every real server its service. So a deleted server lives on until
 * its last connection expires, and both are freed after a grace period.
 */
#include <linux/hash.h>
#include <linux/in.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "lvs.h"
#include "restore.h"
#include "sched.h"

#define LVS_DEFAULT_SCHED	"wlc"

/*
 * The key: (af, proto, addr, port), or (af, fwmark) for a fwmark service,
 * whose proto, addr and port are 0, so neither kind matches the other.
 */
struct lvs_svc_key {
	const union nf_inet_addr *addr;
	__be16 port;
	u8 af, proto;
	u32 fwmark;
};

static u32 lvs_service_hash(const struct lvs_svc_key *k)
{
	u32 h = lvs_addr_hash(k->af, k->addr,
			      ((u32)k->proto << 16 | ntohs(k->port)) ^ k->fwmark);

	return hash_32(h, LVS_SVC_HASH_BITS);
}

static struct lvs_service *lvs_service_lookup(struct lvs_net *ln,
					      const struct lvs_svc_key *k)
{
	struct hlist_head *tab = READ_ONCE(ln->svc_table);
	struct lvs_service *svc;

	if (!tab)
		return NULL;
	hlist_for_each_entry_rcu(svc, &tab[lvs_service_hash(k)],
				 s_list, lockdep_is_held(&ln->config_mutex)) {
		if (svc->port == k->port && svc->proto == k->proto &&
		    svc->fwmark == k->fwmark && svc->af == k->af &&
		    lvs_addr_equal(k->af, &svc->addr, k->addr))
			return svc;
	}
	return NULL;
}

/*
 * The service of a packet: a marked packet looks for a fwmark service
 * first, then, as an unmarked one, for its destination's, as IPVS does.
 */
struct lvs_service *lvs_service_find(struct lvs_net *ln,
				     const struct sk_buff *skb,
				     const struct lvs_pkt *pkt)
{
	static const union nf_inet_addr any;
	struct lvs_svc_key k = { .addr = &any, .af = pkt->af };
	struct lvs_service *svc;

	if (skb->mark) {
		k.fwmark = skb->mark;
		svc = lvs_service_lookup(ln, &k);
		if (svc)
			return svc;
		k.fwmark = 0;
	}
	k.addr = &pkt->daddr;
	k.port = pkt->dport;
	k.proto = pkt->proto;
	return lvs_service_lookup(ln, &k);
}

static void lvs_service_key(struct lvs_svc_key *k,
			    const struct lvs_service_cfg *cfg)
{
	k->addr = &cfg->addr;
	k->port = cfg->port;
	k->af = cfg->af;
	k->proto = cfg->proto;
	k->fwmark = cfg->fwmark;
}

struct lvs_service *lvs_service_get(struct lvs_net *ln,
				    const struct lvs_service_cfg *cfg)
{
	struct lvs_svc_key k;

	lockdep_assert_held(&ln->config_mutex);
	lvs_service_key(&k, cfg);
	return lvs_service_lookup(ln, &k);
}

struct lvs_dest *lvs_dest_get(struct lvs_service *svc,
			      const struct lvs_dest_cfg *cfg)
{
	struct lvs_dest *dest;

	lockdep_assert_held(&svc->ln->config_mutex);
	list_for_each_entry(dest, &svc->dests, n_list) {
		if (dest->port == cfg->port && dest->af == cfg->af &&
		    lvs_addr_equal(cfg->af, &dest->addr, &cfg->addr))
			return dest;
	}
	return NULL;
}

static void lvs_service_free_rcu(struct rcu_head *head)
{
	struct lvs_service *svc = container_of(head, struct lvs_service, rcu);
	const struct lvs_scheduler *sched;

	sched = rcu_dereference_protected(svc->sched, 1);
	if (sched && sched->done_service)
		sched->done_service(svc->sched_data);
	lvs_stats_destroy(&svc->stats);
	kfree(svc);
}

static void lvs_service_put(struct lvs_service *svc)
{
	if (refcount_dec_and_test(&svc->refcnt))
		call_rcu(&svc->rcu, lvs_service_free_rcu);
}

static void lvs_dest_free_rcu(struct rcu_head *head)
{
	struct lvs_dest *dest = container_of(head, struct lvs_dest, rcu);

	/* May queue the service's own free: module exit waits twice. */
	lvs_service_put(dest->svc);
	lvs_dest_route_release(dest);
	lvs_stats_destroy(&dest->stats);
	kfree(dest);
}

void lvs_dest_put(struct lvs_dest *dest)
{
	if (refcount_dec_and_test(&dest->refcnt))
		call_rcu(&dest->rcu, lvs_dest_free_rcu);
}

void lvs_dest_update_load(struct lvs_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_threshold);
	u32 lower = READ_ONCE(dest->l_threshold);
	unsigned int conns = lvs_dest_conns(dest);

	if (!upper) {
		WRITE_ONCE(dest->overloaded, false);
		return;
	}
	if (conns >= upper) {
		WRITE_ONCE(dest->overloaded, true);
		return;
	}
	/* Resume below the lower threshold, or 3/4 of the upper one. */
	if (lower ? conns < lower : (u64)conns * 4 < (u64)upper * 3)
		WRITE_ONCE(dest->overloaded, false);
}

static const struct lvs_scheduler *
lvs_sched_lookup(const char *name, struct netlink_ext_ack *extack)
{
	const struct lvs_scheduler *sched = lvs_sched_find(name);

	if (!sched)
		NL_SET_ERR_MSG_MOD(extack, "unknown scheduler");
	return sched;
}

/* One-packet scheduling: UDP only, and no NAT, whose replies need a conn. */
static int lvs_service_check(const struct lvs_service_cfg *cfg,
			     const struct list_head *dests,
			     struct netlink_ext_ack *extack)
{
	const struct lvs_dest *dest;

	if (!(cfg->flags & LVS_SVC_F_ONEPACKET))
		return 0;
	if (cfg->proto == IPPROTO_TCP) {
		NL_SET_ERR_MSG_MOD(extack,
				   "one-packet scheduling is only for UDP and fwmark services");
		return -EINVAL;
	}
	list_for_each_entry(dest, dests, n_list) {
		if (dest->fwd == LVS_FWD_NAT) {
			NL_SET_ERR_MSG_MOD(extack,
					   "one-packet scheduling cannot be used with NAT real servers");
			return -EINVAL;
		}
	}
	return 0;
}

static void lvs_service_apply(struct lvs_service *svc,
			      const struct lvs_service_cfg *cfg)
{
	WRITE_ONCE(svc->flags, cfg->flags);
	WRITE_ONCE(svc->timeout, cfg->timeout);
	WRITE_ONCE(svc->netmask, cfg->netmask);
}

static int lvs_sched_bind(struct lvs_service *svc,
			  const struct lvs_scheduler *s)
{
	svc->sched_data = NULL;
	return s->init_service ? s->init_service(svc) : 0;
}

struct lvs_service *lvs_service_add(struct lvs_net *ln,
				    const struct lvs_service_cfg *cfg,
				    struct netlink_ext_ack *extack)
{
	const struct lvs_scheduler *sched;
	struct lvs_service *svc;
	LIST_HEAD(none);
	int ret;

	lockdep_assert_held(&ln->config_mutex);
	sched = lvs_sched_lookup(cfg->sched_name ?: LVS_DEFAULT_SCHED, extack);
	if (!sched)
		return ERR_PTR(-ENOENT);
	ret = lvs_sched_check_flags(sched, cfg->flags, extack);
	if (ret)
		return ERR_PTR(ret);
	if (lvs_service_get(ln, cfg)) {
		NL_SET_ERR_MSG_MOD(extack, "service already exists");
		return ERR_PTR(-EEXIST);
	}
	ret = lvs_service_check(cfg, &none, extack);
	if (ret)
		return ERR_PTR(ret);
	if (!ln->svc_table) {
		struct hlist_head *tab = kvcalloc(LVS_SVC_BUCKETS,
						  sizeof(*tab), GFP_KERNEL);

		if (!tab)
			return ERR_PTR(-ENOMEM);
		/* Lookups under RCU see the table zeroed, or not at all. */
		smp_store_release(&ln->svc_table, tab);
	}
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	ret = lvs_stats_init(&svc->stats);
	if (ret)
		goto err_free;
	svc->ln = ln;
	svc->addr = cfg->addr;
	svc->port = cfg->port;
	svc->af = cfg->af;
	svc->proto = cfg->proto;
	svc->fwmark = cfg->fwmark;
	lvs_service_apply(svc, cfg);
	INIT_LIST_HEAD(&svc->dests);
	spin_lock_init(&svc->sched_lock);
	refcount_set(&svc->refcnt, 1);
	ret = lvs_sched_bind(svc, sched);
	if (ret)
		goto err_stats;
	RCU_INIT_POINTER(svc->sched, sched);
	lvs_service_link(svc);
	return svc;

err_stats:
	lvs_stats_destroy(&svc->stats);
err_free:
	kfree(svc);
	return ERR_PTR(ret);
}

/*
 * Swap schedulers without a half-applied state: readers are fenced off
 * first (no scheduler means no new connections for an instant), the new
 * one is bound with its flags, and only then is the old one released. So
 * no scheduler ever sees the other one's flags. With keep, the old one's
 * state is handed to the caller instead, for lvs_service_revert().
 */
static int lvs_service_set_sched(struct lvs_service *svc,
				 const struct lvs_scheduler *new, u32 flags,
				 struct lvs_sched_keep *keep)
{
	const struct lvs_scheduler *old;
	u32 old_flags = svc->flags;
	void *old_data;
	int ret;

	old = rcu_dereference_protected(svc->sched,
					lockdep_is_held(&svc->ln->config_mutex));
	RCU_INIT_POINTER(svc->sched, NULL);
	synchronize_rcu();
	old_data = svc->sched_data;
	WRITE_ONCE(svc->flags, flags);
	ret = lvs_sched_bind(svc, new);
	if (ret) {
		svc->sched_data = old_data;
		WRITE_ONCE(svc->flags, old_flags);
		new = old;
	} else if (keep) {
		keep->sched = old;
		keep->data = old_data;
	} else if (old->done_service) {
		old->done_service(old_data);
	}
	rcu_assign_pointer(svc->sched, new);
	return ret;
}

/*
 * keep: NULL, or where a replaced scheduler and its state go (keep->sched
 * stays NULL if the scheduler is the same), so that the edit can be
 * undone without allocating.
 */
int lvs_service_edit_keep(struct lvs_service *svc,
			  const struct lvs_service_cfg *cfg,
			  struct lvs_sched_keep *keep,
			  struct netlink_ext_ack *extack)
{
	const struct lvs_scheduler *sched;
	int ret;

	if (keep)
		keep->sched = NULL;
	sched = rcu_dereference_protected(svc->sched,
					  lockdep_is_held(&svc->ln->config_mutex));
	ret = lvs_service_check(cfg, &svc->dests, extack);
	if (ret)
		return ret;
	if (cfg->sched_name) {
		sched = lvs_sched_lookup(cfg->sched_name, extack);
		if (!sched)
			return -ENOENT;
	}
	ret = lvs_sched_check_flags(sched, cfg->flags, extack);
	if (ret)
		return ret;
	if (sched != rcu_access_pointer(svc->sched)) {
		ret = lvs_service_set_sched(svc, sched, cfg->flags, keep);
		if (ret)
			return ret;
	}
	lvs_service_apply(svc, cfg);
	svc->ln->generation++;
	return 0;
}

int lvs_service_edit(struct lvs_service *svc,
		     const struct lvs_service_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	return lvs_service_edit_keep(svc, cfg, NULL, extack);
}

/*
 * Undo lvs_service_edit_keep(): the settings in cfg, and the scheduler
 * kept, with its state as it was. The real servers are those it had
 * then (a restore undoes newest first), so that state is current, and
 * nothing is allocated: this cannot fail.
 */
void lvs_service_revert(struct lvs_service *svc,
			const struct lvs_service_cfg *cfg,
			const struct lvs_sched_keep *keep)
{
	const struct lvs_scheduler *cur;

	if (keep->sched) {
		cur = rcu_dereference_protected(svc->sched,
						lockdep_is_held(&svc->ln->config_mutex));
		RCU_INIT_POINTER(svc->sched, NULL);
		synchronize_rcu();
		if (cur->done_service)
			cur->done_service(svc->sched_data);
		svc->sched_data = keep->data;
		WRITE_ONCE(svc->flags, cfg->flags);
		rcu_assign_pointer(svc->sched, keep->sched);
	}
	lvs_service_apply(svc, cfg);
	svc->ln->generation++;
}

/* The edit stays: free the state of the scheduler it replaced. */
void lvs_sched_keep_release(const struct lvs_sched_keep *keep)
{
	if (keep->sched && keep->sched->done_service)
		keep->sched->done_service(keep->data);
}

/* Off the list; its templates are no longer followed. */
static void lvs_dest_unlink(struct lvs_dest *dest)
{
	WRITE_ONCE(dest->available, false);
	list_del_rcu(&dest->n_list);
	dest->svc->num_dests--;
}

/* Out of the table: no new connections; its own ones keep flowing. */
void lvs_service_unlink(struct lvs_service *svc)
{
	struct lvs_net *ln = svc->ln;

	lockdep_assert_held(&ln->config_mutex);
	hlist_del_rcu(&svc->s_list);
	WRITE_ONCE(ln->num_services, ln->num_services - 1);
	ln->generation++;
}

/* Into the table: new connections may come. */
void lvs_service_link(struct lvs_service *svc)
{
	struct lvs_net *ln = svc->ln;
	struct lvs_svc_key k = {
		.addr = &svc->addr,
		.port = svc->port,
		.af = svc->af,
		.proto = svc->proto,
		.fwmark = svc->fwmark,
	};

	lockdep_assert_held(&ln->config_mutex);
	hlist_add_head_rcu(&svc->s_list, &ln->svc_table[lvs_service_hash(&k)]);
	WRITE_ONCE(ln->num_services, ln->num_services + 1);
	ln->generation++;
}

/*
 * Finish deleting an unlinked service. Here and in lvs_service_del(),
 * lvs_service_flush() and lvs_dest_del(), templates stay until the caller
 * retires them (lvs_conn_drop_templates()), once per command or batch: a
 * restore's undo deletes too, while the servers the batch detached are
 * not back yet, and must not retire theirs.
 */
void lvs_service_release(struct lvs_service *svc)
{
	struct lvs_dest *dest, *tmp;

	/* Unhashed: no new scheduling, so the scheduler needn't follow. */
	list_for_each_entry_safe(dest, tmp, &svc->dests, n_list) {
		lvs_dest_unlink(dest);
		lvs_dest_put(dest);
	}
	lvs_service_put(svc);
}

void lvs_service_del(struct lvs_service *svc)
{
	lvs_service_unlink(svc);
	lvs_service_release(svc);
}

void lvs_service_flush(struct lvs_net *ln)
{
	struct lvs_service *svc;
	struct hlist_node *tmp;
	unsigned int i;

	lockdep_assert_held(&ln->config_mutex);
	for (i = 0; i < lvs_svc_buckets(ln); i++) {
		hlist_for_each_entry_safe(svc, tmp, &ln->svc_table[i], s_list) {
			lvs_service_unlink(svc);
			lvs_service_release(svc);
		}
	}
}

/* The counters of svc and its real servers (-Z). */
void lvs_service_zero(struct lvs_service *svc)
{
	struct lvs_dest *dest;

	lvs_stats_zero(&svc->stats);
	list_for_each_entry(dest, &svc->dests, n_list)
		lvs_stats_zero(&dest->stats);
}

void lvs_service_zero_all(struct lvs_net *ln)
{
	struct lvs_service *svc;
	unsigned int i;

	for (i = 0; i < lvs_svc_buckets(ln); i++)
		hlist_for_each_entry(svc, &ln->svc_table[i], s_list)
			lvs_service_zero(svc);
}

/*
 * Give put() each service from the one numbered cb->args[0] on, in the
 * table's order, counting them there; a put() that fails (the dump's skb
 * is full) ends this part, and the next part resumes at that service.
 */
void lvs_service_dump(struct lvs_net *ln, struct sk_buff *skb,
		      struct netlink_callback *cb, lvs_dump_fn put)
{
	struct lvs_service *svc;
	unsigned long idx = 0;
	unsigned int i;

	lockdep_assert_held(&ln->config_mutex);
	for (i = 0; i < lvs_svc_buckets(ln); i++) {
		hlist_for_each_entry(svc, &ln->svc_table[i], s_list) {
			if (idx++ < cb->args[0])
				continue;
			if (put(skb, cb, svc))
				return;
			cb->args[0] = idx;
		}
	}
}

/* With the namespace, its services flushed. */
void lvs_service_table_free(struct lvs_net *ln)
{
	kvfree(ln->svc_table);
	ln->svc_table = NULL;
}

/*
 * A unicast address, as IPVS requires of a real server whatever the routes:
 * not 0.0.0.0, 255.255.255.255 or multicast, not :: or multicast.
 */
static bool lvs_dest_addr_unicast(const struct lvs_dest_cfg *cfg)
{
	__be32 ip = cfg->addr.ip;

	if (cfg->af == AF_INET6)
		return ipv6_addr_type(&cfg->addr.in6) & IPV6_ADDR_UNICAST;
	return !ipv4_is_zeronet(ip) && !ipv4_is_lbcast(ip) &&
	       !ipv4_is_multicast(ip);
}

static int lvs_dest_check(const struct lvs_service *svc,
			  const struct lvs_dest_cfg *cfg,
			  struct netlink_ext_ack *extack)
{
	if (cfg->af != svc->af) {
		NL_SET_ERR_MSG_MOD(extack,
				   "real server and service address families differ");
		return -EAFNOSUPPORT;
	}
	if (!lvs_dest_addr_unicast(cfg)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "real server address must be unicast");
		return -EINVAL;
	}
	if (cfg->l_threshold > cfg->u_threshold) {
		NL_SET_ERR_MSG_MOD(extack,
				   "lower threshold above upper threshold");
		return -EINVAL;
	}
	if (cfg->fwd == LVS_FWD_NAT && svc->flags & LVS_SVC_F_ONEPACKET) {
		NL_SET_ERR_MSG_MOD(extack,
				   "one-packet scheduling cannot be used with NAT real servers");
		return -EINVAL;
	}
	return 0;
}

static void lvs_dest_apply(struct lvs_dest *dest,
			   const struct lvs_dest_cfg *cfg)
{
	dest->fwd = cfg->fwd;
	atomic_set(&dest->weight, cfg->weight);
	WRITE_ONCE(dest->u_threshold, cfg->u_threshold);
	WRITE_ONCE(dest->l_threshold, cfg->l_threshold);
	lvs_dest_update_load(dest);
}

struct lvs_dest *lvs_dest_add(struct lvs_service *svc,
			      const struct lvs_dest_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	struct lvs_dest *dest;
	int ret;

	ret = lvs_dest_check(svc, cfg, extack);
	if (ret)
		return ERR_PTR(ret);
	if (lvs_dest_get(svc, cfg)) {
		NL_SET_ERR_MSG_MOD(extack, "real server already exists");
		return ERR_PTR(-EEXIST);
	}
	dest = kzalloc(sizeof(*dest), GFP_KERNEL);
	if (!dest)
		return ERR_PTR(-ENOMEM);
	ret = lvs_stats_init(&dest->stats);
	if (ret) {
		kfree(dest);
		return ERR_PTR(ret);
	}
	dest->addr = cfg->addr;
	dest->port = cfg->port;
	dest->af = cfg->af;
	spin_lock_init(&dest->route_lock);
	lvs_dest_apply(dest, cfg);
	refcount_set(&dest->refcnt, 1);
	refcount_inc(&svc->refcnt);
	dest->svc = svc;
	/* At the head, as IPVS does, so schedulers walk the same order. */
	lvs_dest_attach(dest, &svc->dests);
	return dest;
}

int lvs_dest_edit(struct lvs_dest *dest, const struct lvs_dest_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct lvs_service *svc = dest->svc;
	const struct lvs_scheduler *sched;
	int ret;

	ret = lvs_dest_check(svc, cfg, extack);
	if (ret)
		return ret;
	lvs_dest_apply(dest, cfg);
	sched = rcu_dereference_protected(svc->sched, 1);
	if (sched->upd_dest)
		sched->upd_dest(svc, dest);
	svc->ln->generation++;
	return 0;
}

/*
 * Take dest off its service's list (and scheduler); returns the entry it
 * followed, so that lvs_dest_attach() can put it back in place.
 */
struct list_head *lvs_dest_detach(struct lvs_dest *dest)
{
	struct lvs_service *svc = dest->svc;
	struct list_head *prev = dest->n_list.prev;
	const struct lvs_scheduler *sched;

	lvs_dest_unlink(dest);
	sched = rcu_dereference_protected(svc->sched, 1);
	if (sched->del_dest)
		sched->del_dest(svc, dest);
	svc->ln->generation++;
	return prev;
}

void lvs_dest_attach(struct lvs_dest *dest, struct list_head *prev)
{
	struct lvs_service *svc = dest->svc;
	const struct lvs_scheduler *sched;

	list_add_rcu(&dest->n_list, prev);
	WRITE_ONCE(dest->available, true);
	svc->num_dests++;
	sched = rcu_dereference_protected(svc->sched, 1);
	if (sched->add_dest)
		sched->add_dest(svc, dest);
	svc->ln->generation++;
}

void lvs_dest_del(struct lvs_dest *dest)
{
	lvs_dest_detach(dest);
	lvs_dest_put(dest);
}
