// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev hashing (Eisenbud et al., NSDI 2016, section 3.4), as ip_vs_mh:
 * every real server walks the lookup table in its own order (an offset and
 * a skip from two hashes of its address and port) and the servers take
 * turns claiming the next free slot of their walk, as many slots per turn
 * as their weight (divided by the weights' gcd and shifted down so one
 * turn stays well under the table). A client's address (and port, with
 * mh-port) hashed into the table picks its server; removing one of N
 * servers moves little more than the 1/N of clients it had.
 *
 * Same hashes, order and weights as IPVS, so with the same table size
 * (mh_table_size=4093 for CONFIG_IP_VS_MH_TAB_INDEX=12) the same
 * configuration picks the same servers. One difference: the table is
 * built from servers of non-zero weight only. IPVS keeps a server edited
 * to weight 0 in its table (at its last weight) and refuses the clients
 * that hash to it; lvs gives them to the others. A server that is
 * overloaded (-x) keeps its slots: its clients are refused, or with
 * mh-fallback walk on to the next usable server, as in IPVS but for a
 * bounded walk (lvs_mh_fallback()).
 *
 * The table is rebuilt under config_mutex whenever a server is added,
 * removed or edited, and published with RCU: the data path only reads.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/gcd.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/siphash.h>
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

/* Katran's size: a prime well above 100 times a large server count. */
unsigned int lvs_mh_table_size = 65537;
module_param_named(mh_table_size, lvs_mh_table_size, uint, 0444);
MODULE_PARM_DESC(mh_table_size,
		 "mh lookup table slots per service, a prime (default 65537; 4093 is IPVS's default)");

struct lvs_mh_table {
	struct rcu_head rcu;
	unsigned int n;			/* servers in dest[]; 0: no slot set */
	struct lvs_dest **dest;		/* the servers, in list order */
	u32 slot[];			/* index into dest[] */
};

struct lvs_mh {
	struct lvs_mh_table __rcu *table;
	unsigned int size;		/* slots, fixed for the service */
};

/* One server's walk while the table is built. */
struct lvs_mh_walk {
	u32 next;			/* the slot it tries next */
	u32 skip;
	u32 turns;			/* slots per turn */
};

/* ip_vs_mh's fixed keys, so the hashes (and tables) are the same. */
static const hsiphash_key_t lvs_mh_key1 = {
	.key = { 2654435761UL, 2654435761UL },
};

static const hsiphash_key_t lvs_mh_key2 = {
	.key = { 2654446892UL, 2654446892UL },
};

static bool lvs_mh_is_prime(unsigned int n)
{
	unsigned int d;

	if (n < 2)
		return false;
	for (d = 2; d <= n / d; d++)
		if (!(n % d))
			return false;
	return true;
}

/* A table size one may set: a prime, so every skip walks every slot. */
int lvs_mh_check_size(unsigned int size, struct netlink_ext_ack *extack)
{
	if (size <= LVS_MH_TABLE_SIZE_MAX && lvs_mh_is_prime(size))
		return 0;
	NL_SET_ERR_MSG_MOD(extack,
			   "mh table size must be a prime up to 1048573 (e.g. 65537, or 4093 as IPVS)");
	return -EINVAL;
}

int lvs_mh_check_param(void)
{
	if (lvs_mh_check_size(lvs_mh_table_size, NULL)) {
		pr_err("mh_table_size=%u: must be a prime up to %u (e.g. 65537, or 4093 as IPVS)\n",
		       lvs_mh_table_size, LVS_MH_TABLE_SIZE_MAX);
		return -EINVAL;
	}
	return 0;
}

/* ip_vs_mh_hashkey(): the folded address plus port plus offset. */
static u32 lvs_mh_hash(u8 af, const union nf_inet_addr *addr, __be16 port,
		       const hsiphash_key_t *key, u32 offset)
{
	u32 v = offset + ntohs(port) + lvs_addr_fold(af, addr);

	return hsiphash(&v, sizeof(v), key);
}

static void lvs_mh_table_free(struct lvs_mh_table *t)
{
	kfree(t->dest);
	kvfree(t);
}

static void lvs_mh_table_free_rcu(struct rcu_head *head)
{
	lvs_mh_table_free(container_of(head, struct lvs_mh_table, rcu));
}

/*
 * How many slots a server claims per turn, as ip_vs_mh: its weight over
 * the gcd, shifted right until the largest fits in half the table's bits.
 */
static void lvs_mh_turns(struct lvs_mh_table *t, struct lvs_mh_walk *walk,
			 unsigned int size)
{
	unsigned int i, g = 0, max = 0, bits = (ilog2(size) + 1) / 2;
	int shift;

	for (i = 0; i < t->n; i++) {
		unsigned int w = atomic_read(&t->dest[i]->weight);

		g = g ? gcd(g, w) : w;
		max = max(max, w);
	}
	shift = max(fls(max / g) - (int)bits, 0);
	for (i = 0; i < t->n; i++) {
		unsigned int w = atomic_read(&t->dest[i]->weight);

		walk[i].turns = ((w / g) >> shift) ?: 1;
	}
}

/* Fill every slot: servers in list order, each 'turns' slots a turn. */
static int lvs_mh_populate(struct lvs_mh_table *t, unsigned int size)
{
	struct lvs_mh_walk *walk;
	unsigned long *taken;
	unsigned int i, filled = 0;

	walk = kcalloc(t->n, sizeof(*walk), GFP_KERNEL);
	taken = bitmap_zalloc(size, GFP_KERNEL);
	if (!walk || !taken) {
		kfree(walk);
		bitmap_free(taken);
		return -ENOMEM;
	}
	for (i = 0; i < t->n; i++) {
		struct lvs_dest *d = t->dest[i];

		walk[i].next = lvs_mh_hash(d->af, &d->addr, d->port,
					   &lvs_mh_key1, 0) % size;
		walk[i].skip = lvs_mh_hash(d->af, &d->addr, d->port,
					   &lvs_mh_key2, 0) % (size - 1) + 1;
	}
	lvs_mh_turns(t, walk, size);
	for (i = 0; filled < size; i = (i + 1) % t->n) {
		struct lvs_mh_walk *w = &walk[i];
		unsigned int turn;

		for (turn = 0; turn < w->turns && filled < size; turn++) {
			while (test_bit(w->next, taken)) {
				w->next += w->skip;
				if (w->next >= size)
					w->next -= size;
			}
			__set_bit(w->next, taken);
			t->slot[w->next] = i;
			filled++;
		}
	}
	kfree(walk);
	bitmap_free(taken);
	return 0;
}

/* A table of the service's servers of non-zero weight. */
static struct lvs_mh_table *lvs_mh_build(struct lvs_service *svc,
					 unsigned int size)
{
	struct lvs_mh_table *t;
	struct lvs_dest *dest;
	unsigned int i;

	t = kvzalloc(struct_size(t, slot, size), GFP_KERNEL);
	if (!t)
		return NULL;
	list_for_each_entry(dest, &svc->dests, n_list)
		if (atomic_read(&dest->weight) > 0)
			t->n++;
	if (!t->n)
		return t;
	t->dest = kcalloc(t->n, sizeof(*t->dest), GFP_KERNEL);
	if (!t->dest)
		goto err;
	i = 0;
	list_for_each_entry(dest, &svc->dests, n_list)
		if (atomic_read(&dest->weight) > 0)
			t->dest[i++] = dest;
	if (lvs_mh_populate(t, size))
		goto err;
	return t;
err:
	lvs_mh_table_free(t);
	return NULL;
}

static int lvs_mh_init_service(struct lvs_service *svc)
{
	struct lvs_mh *mh = kzalloc(sizeof(*mh), GFP_KERNEL);
	struct lvs_mh_table *t;

	if (!mh)
		return -ENOMEM;
	mh->size = READ_ONCE(svc->ln->mh_table_size);
	t = lvs_mh_build(svc, mh->size);
	if (!t) {
		kfree(mh);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(mh->table, t);
	svc->sched_data = mh;
	return 0;
}

/* No reader is left: the service is gone or its scheduler replaced. */
static void lvs_mh_done_service(void *sched_data)
{
	struct lvs_mh *mh = sched_data;

	lvs_mh_table_free(rcu_dereference_protected(mh->table, 1));
	kfree(mh);
}

/* Replace the table; gone is a server just unlinked, or NULL. */
static void lvs_mh_rebuild(struct lvs_service *svc, struct lvs_dest *gone)
{
	struct lvs_mh *mh = svc->sched_data;
	struct lvs_mh_table *old, *new;
	unsigned int i;

	old = rcu_dereference_protected(mh->table,
					lockdep_is_held(&svc->ln->config_mutex));
	new = lvs_mh_build(svc, mh->size);
	if (new) {
		rcu_assign_pointer(mh->table, new);
		call_rcu(&old->rcu, lvs_mh_table_free_rcu);
		return;
	}
	/*
	 * Out of memory: keep the old table, which must not lead to a
	 * server that left the list. Its slots then find no server (or,
	 * with mh-fallback, the next one) until a rebuild succeeds; a
	 * server edited to weight 0 is not usable, so never picked either.
	 */
	pr_warn_ratelimited("mh: no memory to rebuild a lookup table\n");
	for (i = 0; i < old->n; i++)
		if (old->dest[i] == gone)
			WRITE_ONCE(old->dest[i], NULL);
}

static void lvs_mh_dest_changed(struct lvs_service *svc,
				struct lvs_dest *dest)
{
	lvs_mh_rebuild(svc, NULL);
}

static void lvs_mh_del_dest(struct lvs_service *svc, struct lvs_dest *dest)
{
	lvs_mh_rebuild(svc, dest);
}

/* Under RCU: server i of the table if usable, NULL otherwise. */
static struct lvs_dest *lvs_mh_usable(const struct lvs_mh_table *t, u32 i)
{
	struct lvs_dest *dest = READ_ONCE(t->dest[i]);

	return dest && lvs_dest_usable(dest) ? dest : NULL;
}

/*
 * mh-fallback rehashes at most twice per server and at most this often,
 * then scans the servers. IPVS rehashes up to the table size, which a
 * flood that overloads every server makes it pay per new connection.
 */
#define LVS_MH_FALLBACK_HASHES	16

static struct lvs_dest *lvs_mh_fallback(const struct lvs_mh_table *t,
					u8 af, const union nf_inet_addr *addr,
					__be16 port, u32 first, u32 size)
{
	u32 i, n = min3(size, 2 * t->n, (u32)LVS_MH_FALLBACK_HASHES);
	struct lvs_dest *dest;

	/* As ip_vs_mh: rehash with offsets first, first + 1, ... */
	for (i = 0; i < n; i++) {
		u32 slot = lvs_mh_hash(af, addr, port, &lvs_mh_key1,
				       (first + i) % size) % size;

		dest = lvs_mh_usable(t, t->slot[slot]);
		if (dest)
			return dest;
	}
	/* From a server the client's hash picks, so that they spread. */
	for (i = 0; i < t->n; i++) {
		dest = lvs_mh_usable(t, (first + i) % t->n);
		if (dest)
			return dest;
	}
	return NULL;
}

static struct lvs_dest *lvs_mh_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	struct lvs_mh *mh = svc->sched_data;
	struct lvs_mh_table *t = rcu_dereference(mh->table);
	u32 flags = READ_ONCE(svc->flags);
	__be16 port = flags & LVS_SVC_F_SCHED_PORT ? pkt->sport : 0;
	u32 first, size = mh->size;
	struct lvs_dest *dest;

	if (!t->n)
		return NULL;
	first = lvs_mh_hash(pkt->af, &pkt->saddr, port, &lvs_mh_key1, 0) % size;
	dest = lvs_mh_usable(t, t->slot[first]);
	if (dest || !(flags & LVS_SVC_F_SCHED_FALLBACK))
		return dest;
	return lvs_mh_fallback(t, pkt->af, &pkt->saddr, port, first, size);
}

const struct lvs_scheduler lvs_sched_mh = {
	.name		= "mh",
	.flags		= LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT,
	.init_service	= lvs_mh_init_service,
	.done_service	= lvs_mh_done_service,
	.add_dest	= lvs_mh_dest_changed,
	.del_dest	= lvs_mh_del_dest,
	.upd_dest	= lvs_mh_dest_changed,
	.schedule	= lvs_mh_schedule,
};
