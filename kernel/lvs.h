/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lvs - internal declarations shared by the module's files.
 */
#ifndef _LVS_H
#define _LVS_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <uapi/linux/lvs.h>

struct sk_buff;
struct netlink_ext_ack;
struct lvs_service;
struct lvs_net;
struct lvs_dest;

/* ---- packet descriptor (parse.c) ---- */

enum lvs_dir {
	LVS_DIR_IN,	/* client -> virtual service */
	LVS_DIR_OUT,	/* real server -> client (NAT replies) */
};

/* Filled once per packet by lvs_parse(); everything after reads it. */
struct lvs_pkt {
	union nf_inet_addr saddr, daddr;
	__be16 sport, dport;
	u16 l3off, l4off;	/* offsets from skb->data */
	u32 len;		/* bytes of the L3 packet (quoted: as sent) */
	u8 af, proto;
	u8 tcp_flags;		/* TCPHDR_* bits of a TCP segment */
};

/* Result of lvs_parse(). */
enum lvs_parse_result {
	LVS_PARSE_OK,		/* TCP or UDP with ports: pkt is filled */
	LVS_PARSE_IGNORE,	/* not ours to look at (other proto, fragment) */
	LVS_PARSE_DROP,		/* malformed: drop and count */
	LVS_PARSE_ICMP,		/* ICMP or ICMPv6: pkt has its L3 only */
	LVS_PARSE_TUNNEL,	/* quoted lvs TUN packet: pkt has its L3 only */
};

int lvs_parse(struct sk_buff *skb, u8 af, struct lvs_pkt *pkt);
int lvs_parse_quoted(struct sk_buff *skb, const struct lvs_pkt *icmp,
		     struct lvs_pkt *inner);
int lvs_parse_tunneled(struct sk_buff *skb, const struct lvs_pkt *outer,
		       struct lvs_pkt *inner);

/* ICMP errors about balanced connections (icmp.c). */
unsigned int lvs_icmp_local_in(struct lvs_net *ln, struct sk_buff *skb,
			       const struct lvs_pkt *pkt);
unsigned int lvs_icmp_forward(struct lvs_net *ln, struct sk_buff *skb,
			      const struct lvs_pkt *pkt);

/* ---- address helpers (af.c) ---- */

static inline bool lvs_addr_equal(u8 af, const union nf_inet_addr *a,
				  const union nf_inet_addr *b)
{
	if (af == AF_INET6)
		return ipv6_addr_equal(&a->in6, &b->in6);
	return a->ip == b->ip;
}

static inline unsigned int lvs_addr_len(u8 af)
{
	return af == AF_INET6 ? sizeof(struct in6_addr) : sizeof(__be32);
}

u32 lvs_addr_hash(u8 af, const union nf_inet_addr *a, u32 seed);

/* ICMP errors lvs sends about a client's packet, in either family. */
enum lvs_icmp_err {
	LVS_ICMP_PORT_UNREACH,	/* no real server available */
	LVS_ICMP_TIME_EXCEEDED,	/* TTL/hop limit exhausted */
	LVS_ICMP_TOO_BIG,	/* needs fragmenting and may not be */
};

/* lvs_route() flags. */
#define LVS_ROUTE_KNOWN_NH	BIT(0)	/* next hop is daddr, not the packet's */
#define LVS_ROUTE_REMOTE	BIT(1)	/* fail if daddr is local */
#define LVS_ROUTE_KINDS		4	/* combinations of the two */

u8 lvs_route_tos(const struct sk_buff *skb, const struct lvs_pkt *pkt);
bool lvs_rp_filtered(const struct sk_buff *skb, u8 af);
bool lvs_local_dest(struct net *net, const struct sk_buff *skb,
		    const struct lvs_pkt *pkt);
struct dst_entry *lvs_route(struct net *net, u8 af,
			    const union nf_inet_addr *daddr, u32 mark, u8 tos,
			    unsigned int flags, union nf_inet_addr *saddr);
void lvs_icmp_send(struct sk_buff *skb, const struct lvs_pkt *pkt,
		   enum lvs_icmp_err err, u32 mtu);

/* ---- statistics (stats.c) ---- */

struct lvs_cpu_stats {
	u64 conns, inpkts, outpkts, inbytes, outbytes;
	struct u64_stats_sync syncp;
};

/* Counters plus the rate estimator's state; one per service and dest. */
struct lvs_stats_block;

struct lvs_stats {
	struct lvs_cpu_stats __percpu *cpu;	/* a cell of block */
	struct lvs_stats_block *block;
	spinlock_t lock;		/* protects everything below */
	struct lvs_cpu_stats zero;	/* totals at the last zeroing */
	struct lvs_cpu_stats last;	/* totals at the last estimate */
	u64 rate[5];			/* per second, scaled by 2^10 */
};

struct lvs_stats_snapshot {
	u64 conns, inpkts, outpkts, inbytes, outbytes;
	u64 cps, inpps, outpps, inbps, outbps;
};

int lvs_stats_init(struct lvs_stats *s);
void lvs_stats_destroy(struct lvs_stats *s);
void lvs_stats_read(struct lvs_stats *s, struct lvs_stats_snapshot *out);
void lvs_stats_zero(struct lvs_stats *s);
void lvs_est_start(struct lvs_net *ln);
void lvs_est_stop(struct lvs_net *ln);

static inline void lvs_stats_add(struct lvs_stats *s, enum lvs_dir dir,
				 unsigned int len)
{
	struct lvs_cpu_stats *c = this_cpu_ptr(s->cpu);

	u64_stats_update_begin(&c->syncp);
	if (dir == LVS_DIR_IN) {
		c->inpkts++;
		c->inbytes += len;
	} else {
		c->outpkts++;
		c->outbytes += len;
	}
	u64_stats_update_end(&c->syncp);
}

static inline void lvs_stats_conn(struct lvs_stats *s)
{
	struct lvs_cpu_stats *c = this_cpu_ptr(s->cpu);

	u64_stats_update_begin(&c->syncp);
	c->conns++;
	u64_stats_update_end(&c->syncp);
}

/* ---- per network namespace state (netns.c) ---- */

/* Drops the data path counted; reported as enum lvs_drop_attr (+1). */
enum lvs_drop_reason {
	LVS_DROP_MALFORMED,	/* truncated or inconsistent headers */
	LVS_DROP_NO_DEST,	/* scheduler found no available real server */
	LVS_DROP_NO_MEMORY,	/* connection or skb allocation failed */
	LVS_DROP_NO_ROUTE,	/* real server unreachable */
	LVS_DROP_TTL,		/* TTL/hop limit exhausted on forwarding */
	LVS_DROP_TOO_BIG,	/* over the path MTU and may not fragment */
	LVS_DROP_CONN_LIMIT,	/* connection table full (max_conns) */
	__LVS_DROP_MAX
};

#define LVS_SVC_HASH_BITS	12	/* 10k services: chains of ~2 */
#define LVS_SVC_BUCKETS		BIT(LVS_SVC_HASH_BITS)

struct lvs_net {
	struct net *net;

	/* Configuration: written under config_mutex, read under RCU. */
	struct mutex config_mutex;
	/*
	 * LVS_SVC_BUCKETS, from the first service on (lvs_service_add()):
	 * a namespace that never has one pays no 32 KiB for it. Set once,
	 * freed with the namespace.
	 */
	struct hlist_head *svc_table;
	unsigned int num_services;
	u32 generation;			/* bumped on every change (dumps) */

	/* Connections, see conn.c. */
	struct rhltable conns;		/* grouped by client address, port */
	atomic_t conn_count;		/* templates included */
	atomic_t tmpl_count;
	bool conns_dying;		/* lvs_conn_exit(): timers stand still */

	/* Timeouts in jiffies, indexed by enum lvs_state. */
	unsigned long timeouts[__LVS_STATE_MAX];

	/*
	 * Settings over netlink; a new namespace starts from the module
	 * parameters (load-time defaults). READ_ONCE on the data path.
	 */
	unsigned int max_conns;		/* 0: no limit */
	unsigned int mh_table_size;	/* slots of a new mh service's table */
	bool fast_path;			/* hooks.c: lvs_pre_routing() */

	atomic_long_t drops[__LVS_DROP_MAX];
	struct delayed_work est_work;	/* rate estimator, stats.c */
	bool enabled;			/* hooks on: lvs_net_enable() */
};

/* The service buckets to walk under config_mutex: none before the first. */
static inline unsigned int lvs_svc_buckets(const struct lvs_net *ln)
{
	return ln->svc_table ? LVS_SVC_BUCKETS : 0;
}

extern unsigned int lvs_net_id;

static inline struct lvs_net *lvs_pernet(const struct net *net)
{
	return net_generic(net, lvs_net_id);
}

static inline void lvs_drop_count(struct lvs_net *ln, enum lvs_drop_reason r)
{
	atomic_long_inc(&ln->drops[r]);
}

/* Count a drop and return its verdict. */
static inline unsigned int lvs_drop(struct lvs_net *ln,
				    enum lvs_drop_reason r)
{
	lvs_drop_count(ln, r);
	return NF_DROP;
}

/* A new namespace's timeouts, in jiffies, for every state. */
void lvs_timeouts_default(unsigned long *timeouts);
int lvs_net_enable(struct lvs_net *ln, struct netlink_ext_ack *extack);
int lvs_netns_init(void);
void lvs_netns_exit(void);

/* ---- schedulers (sched.c, sched_*.c) ---- */

/*
 * Schedulers are built into the module, constant, and found in sched.c's
 * array, so they need no reference counting. Every hook but schedule()
 * runs under the namespace's config_mutex; schedule() runs under RCU in
 * softirq. A scheduler with mutable state protects it with
 * svc->sched_lock.
 */
struct lvs_scheduler {
	const char *name;
	u32 flags;		/* the LVS_SVC_F_SCHED_* it understands */
	int (*init_service)(struct lvs_service *svc);
	/* Frees what init_service made; may run in an RCU callback. */
	void (*done_service)(void *sched_data);
	/* dest was linked, unlinked (already off the list) or edited. */
	void (*add_dest)(struct lvs_service *svc, struct lvs_dest *dest);
	void (*del_dest)(struct lvs_service *svc, struct lvs_dest *dest);
	void (*upd_dest)(struct lvs_service *svc, struct lvs_dest *dest);
	/* Pick a real server for a new connection, or NULL. */
	struct lvs_dest *(*schedule)(struct lvs_service *svc,
				     const struct sk_buff *skb,
				     const struct lvs_pkt *pkt);
};

int lvs_sched_init(void);

/*
 * Maglev hashing (sched_mh.c): the default lookup table size of a new
 * namespace, a prime, from the module parameter mh_table_size; checked
 * once by lvs_sched_init().
 */
extern unsigned int lvs_mh_table_size;
int lvs_mh_check_param(void);
int lvs_mh_check_size(unsigned int size, struct netlink_ext_ack *extack);

/* ---- services and real servers (service.c) ---- */

struct lvs_dest {
	struct list_head n_list;	/* in svc->dests, RCU */
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 fwd;				/* enum lvs_fwd */
	atomic_t weight;
	bool overloaded;		/* reached u_threshold; READ_ONCE */
	u32 u_threshold, l_threshold;
	atomic_t activeconns;		/* ESTABLISHED connections */
	atomic_t inactconns;		/* every other state */
	atomic_t persistconns;		/* persistence templates */
	bool available;			/* on its service's list; READ_ONCE */
	refcount_t refcnt;		/* the service's list + each conn */
	struct lvs_service *svc;	/* holds a reference */
	struct lvs_stats stats;
	/* route.c: by LVS_ROUTE_KNOWN_NH | LVS_ROUTE_REMOTE */
	struct lvs_dest_route __rcu *route[LVS_ROUTE_KINDS];
	spinlock_t route_lock;		/* for replacing a route */
	struct rcu_head rcu;
};

struct lvs_service {
	struct hlist_node s_list;	/* in lvs_net->svc_table, RCU */
	struct lvs_net *ln;
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 proto;			/* 0 for a fwmark service */
	u32 fwmark;			/* the key of a fwmark service, or 0 */
	/* Settings the data path reads: READ_ONCE. */
	u32 flags;			/* enum lvs_svc_flags */
	u32 timeout;			/* persistence, seconds */
	u8 netmask;			/* persistence prefix length */
	struct list_head dests;		/* RCU list of struct lvs_dest */
	unsigned int num_dests;
	const struct lvs_scheduler __rcu *sched;
	void *sched_data;		/* the scheduler's own state */
	spinlock_t sched_lock;		/* for the scheduler's state */
	refcount_t refcnt;		/* the table + each dest */
	struct list_head stash;		/* unlinked by a restore in progress */
	struct lvs_stats stats;
	struct rcu_head rcu;
};

/* A service's key and settings, as parsed from netlink. */
struct lvs_service_cfg {
	union nf_inet_addr addr;
	__be16 port;
	u8 af, proto;
	u32 fwmark;
	const char *sched_name;		/* NULL: keep (edit) or default */
	/* An edit starts from the current settings, a new service from
	 * the defaults.
	 */
	u32 flags;
	u32 timeout;
	u8 netmask;
};

/* A real server's key and settings (an edit starts from the current). */
struct lvs_dest_cfg {
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 fwd;
	u32 weight, u_threshold, l_threshold;
};

/* Lookups: _find under RCU (data path), _get under config_mutex. */
struct lvs_service *lvs_service_find(struct lvs_net *ln,
				     const struct sk_buff *skb,
				     const struct lvs_pkt *pkt);
struct lvs_service *lvs_service_get(struct lvs_net *ln,
				    const struct lvs_service_cfg *cfg);
struct lvs_dest *lvs_dest_get(struct lvs_service *svc,
			      const struct lvs_dest_cfg *cfg);

/* Changes, under config_mutex; each applies fully or not at all. */
struct lvs_service *lvs_service_add(struct lvs_net *ln,
				    const struct lvs_service_cfg *cfg,
				    struct netlink_ext_ack *extack);
int lvs_service_edit(struct lvs_service *svc,
		     const struct lvs_service_cfg *cfg,
		     struct netlink_ext_ack *extack);
void lvs_service_del(struct lvs_service *svc);
/* lvs_service_del() in two steps, and its undo, for atomic restores. */
void lvs_service_unlink(struct lvs_service *svc);
void lvs_service_link(struct lvs_service *svc);
void lvs_service_release(struct lvs_service *svc);
void lvs_service_flush(struct lvs_net *ln);
void lvs_service_table_free(struct lvs_net *ln);
void lvs_service_zero(struct lvs_service *svc);
void lvs_service_zero_all(struct lvs_net *ln);
/* A service dump's step: one service into skb, non-zero when it is full. */
typedef int (*lvs_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb,
			   struct lvs_service *svc);
void lvs_service_dump(struct lvs_net *ln, struct sk_buff *skb,
		      struct netlink_callback *cb, lvs_dump_fn put);
struct lvs_dest *lvs_dest_add(struct lvs_service *svc,
			      const struct lvs_dest_cfg *cfg,
			      struct netlink_ext_ack *extack);
int lvs_dest_edit(struct lvs_dest *dest, const struct lvs_dest_cfg *cfg,
		  struct netlink_ext_ack *extack);
void lvs_dest_del(struct lvs_dest *dest);
struct list_head *lvs_dest_detach(struct lvs_dest *dest);
void lvs_dest_attach(struct lvs_dest *dest, struct list_head *prev);

void lvs_dest_put(struct lvs_dest *dest);
/* Connection counts changed: apply the -x/-y thresholds. */
void lvs_dest_update_load(struct lvs_dest *dest);

/* Active + inactive connections, the load the schedulers compare. */
static inline unsigned int lvs_dest_conns(const struct lvs_dest *d)
{
	return atomic_read(&d->activeconns) + atomic_read(&d->inactconns);
}

/* ---- connections (conn.c) ---- */

/* Where an entry is in its life (conn.c): not live is "dead". */
enum lvs_conn_life {
	LVS_CONN_LIVE,		/* hashed, and its timer runs */
	LVS_CONN_UNBORN,	/* not live yet: only its creator may touch it */
	LVS_CONN_DYING,		/* torn down: out of the table, or nearly */
};

/*
 * A connection, or a persistence template (LVS_CONN_F_TEMPLATE: client
 * network, cport 0, state NONE) in the same table under its own key.
 */
struct lvs_conn {
	struct rhlist_head node;	/* in ln->conns */
	union nf_inet_addr caddr, vaddr, daddr;
	__be16 cport, vport, dport;
	u8 af, proto;
	u8 fwd;				/* enum lvs_fwd */
	u8 state;			/* enum lvs_state */
	u8 flags;			/* enum lvs_conn_flags */
	u8 dead;			/* enum lvs_conn_life: 0 when live */
	spinlock_t lock;		/* state, dead, expires, timer */
	refcount_t refcnt;		/* the table + each conn it controls */
	u32 expires;			/* deadline (conn.c); the timer may be sooner */
	struct timer_list timer;
	struct lvs_dest *dest;		/* holds a reference */
	union {
		struct lvs_conn *control;	/* its template: holds a reference */
		u32 timeout;		/* templates: jiffies per use */
	};
	struct rcu_head rcu;
};

/* Its namespace, through what it holds rather than a pointer per entry. */
static inline struct lvs_net *lvs_conn_net(const struct lvs_conn *c)
{
	return c->dest->svc->ln;
}

/* Count a packet of c's in its real server's and its service's stats. */
static inline void lvs_conn_stats_add(const struct lvs_conn *c,
				      enum lvs_dir dir, unsigned int len)
{
	lvs_stats_add(&c->dest->stats, dir, len);
	lvs_stats_add(&c->dest->svc->stats, dir, len);
}

/* Lookup key: the packet's tuple as seen on the wire, or a template's. */
struct lvs_tuple {
	const union nf_inet_addr *saddr, *daddr;
	__be16 sport, dport;
	u8 af, proto;
	u8 flags;			/* LVS_CONN_F_TEMPLATE or 0 */
};

static inline bool lvs_conn_is_template(const struct lvs_conn *c)
{
	return c->flags & LVS_CONN_F_TEMPLATE;
}

int lvs_conn_cache_init(void);	/* module init, before any netns */
void lvs_conn_cache_exit(void);	/* module exit, after every netns */
int lvs_conn_init(struct lvs_net *ln);
void lvs_conn_exit(struct lvs_net *ln);	/* frees every connection */
struct lvs_conn *lvs_conn_lookup(struct lvs_net *ln, enum lvs_dir dir,
				 const struct lvs_pkt *pkt);	/* under RCU */
struct lvs_conn *lvs_conn_find(struct lvs_net *ln,
			       const struct lvs_tuple *t);	/* going in */
struct lvs_conn *lvs_conn_new(struct lvs_net *ln, const struct lvs_pkt *pkt,
			      struct lvs_dest *dest, struct lvs_conn *control);
void lvs_conn_fill(struct lvs_conn *c, const struct lvs_pkt *pkt,
		   struct lvs_dest *dest);
struct lvs_conn *lvs_conn_new_template(struct lvs_net *ln,
				       const struct lvs_tuple *t,
				       struct lvs_dest *dest, __be16 dport,
				       unsigned long timeout);
bool lvs_conn_hold_template(struct lvs_conn *t);
void lvs_conn_put(struct lvs_conn *c);
void lvs_conn_drop_templates(struct lvs_net *ln);
void lvs_conn_set_state(struct lvs_conn *c, u8 state);	/* c->lock held */
#ifdef LVS_KUNIT
/* For tests: expire c at its next timer run. */
void lvs_conn_expire_now(struct lvs_conn *c);
#endif
bool lvs_conn_retire(struct lvs_conn *c);	/* unhash and free now */
unsigned long lvs_conn_expires(const struct lvs_conn *c);

/*
 * Resumable walks over every connection: enter, then lvs_conn_walk() as
 * often as needed, then exit (process context). Each call runs fn() under
 * RCU on the connections from where the last one stopped, until fn()
 * returns non-zero (that connection comes first next time; the value is
 * returned) or the table ends (0). fn() may retire the connection it is
 * given. A table resize restarts the walk at the first connection of the
 * new table, and the loss of the entry it stopped at restarts it at the
 * first of that entry's slot, so entries may come twice: *restarts counts
 * those restarts.
 */
void lvs_conn_walk_enter(struct lvs_net *ln, struct rhashtable_iter *iter);
void lvs_conn_walk_exit(struct rhashtable_iter *iter);
int lvs_conn_walk(struct rhashtable_iter *iter,
		  int (*fn)(struct lvs_conn *c, void *arg), void *arg,
		  unsigned int *restarts);

#ifdef LVS_KUNIT
/* KUnit: called on each entry lvs_conn_exit() visits, before its timer stops. */
extern void (*lvs_conn_exit_visit)(struct lvs_conn *c);
#endif

/* ---- connections over netlink (conn_nl.c) ---- */

/* Which connections a request is about: the LVS_ATTR_CONN keys given. */
struct lvs_conn_filter {
	u32 keys;			/* BIT(LVS_CONN_ATTR_*) of each given */
	union nf_inet_addr caddr, vaddr, daddr;
	__be16 cport, vport, dport;
	u8 af, proto, fwd, state, flags;
};

struct genl_info;
struct genl_ops;
struct netlink_callback;
void lvs_conn_event(struct lvs_conn *c, enum lvs_conn_event ev);
int lvs_nl_dump_conns_start(struct netlink_callback *cb);
int lvs_nl_dump_conns(struct sk_buff *skb, struct netlink_callback *cb);
int lvs_nl_dump_conns_done(struct netlink_callback *cb);
int lvs_nl_del_conn(struct sk_buff *skb, struct genl_info *info);

/* ---- persistence (persist.c) ---- */

struct lvs_dest *lvs_persist_schedule(struct lvs_service *svc,
				      const struct sk_buff *skb,
				      const struct lvs_pkt *pkt,
				      struct lvs_conn **tmpl);

/* ---- protocols (proto_tcp.c, proto_udp.c) ---- */

/* What differs between TCP and UDP for the data path. */
struct lvs_proto {
	unsigned int hdrlen;	/* fixed header: ports and checksum */
	bool (*may_create)(const struct lvs_pkt *pkt);
	/* New state after a packet in direction dir; c->lock held. */
	u8 (*next_state)(const struct lvs_conn *c, enum lvs_dir dir,
			 u8 tcp_flags);
};

extern const struct lvs_proto lvs_proto_tcp;
extern const struct lvs_proto lvs_proto_udp;

/* pkt->proto is TCP or UDP once lvs_parse() said LVS_PARSE_OK. */
static inline const struct lvs_proto *lvs_proto_get(u8 proto)
{
	return proto == IPPROTO_TCP ? &lvs_proto_tcp : &lvs_proto_udp;
}

/* New state after a packet in direction dir; c->lock held. */
u8 lvs_tcp_next_state(const struct lvs_conn *c, enum lvs_dir dir,
		      u8 tcp_flags);

/* ---- forwarding (route.c, xmit.c, xmit_nat.c, xmit_dr.c, xmit_tun.c) ---- */

struct dst_entry *lvs_dest_route(struct lvs_conn *c, const struct sk_buff *skb,
				 const struct lvs_pkt *pkt, unsigned int flags,
				 union nf_inet_addr *saddr);
void lvs_dest_route_release(struct lvs_dest *dest);

struct dst_entry *lvs_xmit_route(struct sk_buff *skb, struct lvs_conn *c,
				 const struct lvs_pkt *pkt, unsigned int flags,
				 unsigned int overhead,
				 union nf_inet_addr *saddr);
void lvs_hop_limit_dec(struct sk_buff *skb, const struct lvs_pkt *pkt);
bool lvs_mtu_exceeded(const struct sk_buff *skb, const struct lvs_pkt *pkt,
		      unsigned int mtu);
void lvs_untrack(struct sk_buff *skb);
unsigned int lvs_xmit_send(struct sk_buff *skb, struct lvs_conn *c,
			   struct dst_entry *dst);

/* Rewrite and send a client->server packet; returns an NF_ verdict. */
unsigned int lvs_xmit_nat_in(struct sk_buff *skb, struct lvs_conn *c,
			     const struct lvs_pkt *pkt);
/* Rewrite a server->client reply in place; returns an NF_ verdict. */
unsigned int lvs_xmit_nat_out(struct sk_buff *skb, struct lvs_conn *c,
			      const struct lvs_pkt *pkt);
/* Send a client->server packet unchanged, or inside IP; NF_ verdicts. */
unsigned int lvs_xmit_dr(struct sk_buff *skb, struct lvs_conn *c,
			 const struct lvs_pkt *pkt);
unsigned int lvs_xmit_tun(struct sk_buff *skb, struct lvs_conn *c,
			  const struct lvs_pkt *pkt);

/* ---- checksums (csum.c) ---- */

void lvs_csum_rewrite_addr(struct sk_buff *skb, const struct lvs_pkt *pkt,
			   bool source, const union nf_inet_addr *new);
void lvs_csum_rewrite_port(struct sk_buff *skb, const struct lvs_pkt *pkt,
			   bool source, __be16 new);

/* ---- hooks (hooks.c) ---- */

int lvs_hooks_register(struct net *net);
void lvs_hooks_unregister(struct net *net);

/* ---- configuration commands (change.c, restore.c) ---- */

int lvs_nl_change(struct sk_buff *skb, struct genl_info *info);
int lvs_nl_restore(struct sk_buff *skb, struct genl_info *info);

/* ---- generic netlink (netlink.c) ---- */

extern const struct nla_policy lvs_policy[];
extern const struct nla_policy lvs_svc_policy[];
extern const struct nla_policy lvs_dest_policy[];
extern const struct nla_policy lvs_timeout_policy[];
extern const struct nla_policy lvs_conn_policy[];
extern const struct nla_policy lvs_config_policy[LVS_CONFIG_ATTR_MAX + 1];
extern struct genl_family lvs_genl_family;

/*
 * Messages (nl_msg.c): one message holding one object, a header and
 * fill(skb, obj); lvs_reply() sends it as the answer to info's request.
 */
typedef int (*lvs_fill_fn)(struct sk_buff *skb, void *obj);
int lvs_put_msg(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd,
		struct netlink_callback *cb, lvs_fill_fn fill, void *obj);
int lvs_reply(struct genl_info *info, lvs_fill_fn fill, void *obj);
int lvs_put_addr(struct sk_buff *skb, int type, u8 af,
		 const union nf_inet_addr *addr);

/* Per-namespace settings (nl_config.c). */
int lvs_nl_set_config(struct sk_buff *skb, struct genl_info *info);
int lvs_nl_get_config(struct sk_buff *skb, struct genl_info *info);

int lvs_genl_init(void);
void lvs_genl_exit(void);
/* Every request of both families holds the module while it runs. */
int lvs_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
		    struct genl_info *info);
void lvs_nl_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);
/* The IPVS family, unless ip_vs has it or ipvs_compat=0. */
void lvs_ipvs_init(void);
void lvs_ipvs_exit(void);

#endif /* _LVS_H */
