// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table: one rhltable per namespace. Connections are
 * grouped by their client's address and port (with protocol and family),
 * the part of the tuple that packets of both directions carry: a client's
 * packet to the VIP and, under NAT, a real server's reply find the same
 * list, so a connection is hashed (and unhashed) once, as in IPVS. A list
 * holds the connections of one client port, to several VIPs say, and a
 * lookup walks it for the whole tuple in the packet's direction; a list,
 * unlike an rhashtable chain, has no length limit. The keys are not
 * stored: they are read off the connection's own fields.
 *
 * Lookups are lock-free under RCU. A connection's lock guards its state,
 * its dead flag and the arming of its timer.
 *
 * Lifetime: an entry (a connection or a template) is born dead (unborn),
 * and is made live once it is hashed and has no older rival that is not
 * dying (enum lvs_conn_life); until then only
 * its creator may tear it down, which it does quietly if hashing fails.
 * A live entry is torn down by whoever marks it dead under its lock: its
 * timer callback, lvs_conn_retire() (a client reusing its port, a
 * deletion over netlink, a template whose real server left), or
 * lvs_conn_exit() once every timer is shut down. After that nothing
 * re-arms the timer; the entry is unhashed and the table's reference
 * dropped. The last reference drops what the entry holds and frees it
 * after an RCU grace period.
 *
 * Persistence templates live in the table too, under a key of their own
 * (flags LVS_CONN_F_TEMPLATE, so no packet's tuple finds one), grouped
 * by all of it since no reply looks one up. Each connection a template
 * directed holds a reference on it, and the template's timer restarts
 * instead of expiring while any is left, so a template outlives its
 * connections, as in IPVS. A retired template leaves the table at once;
 * the connections it directed keep only its memory (and its real server)
 * until they end.
 *
 * Connection events (conn_nl.c) are raised here, for templates as for
 * connections (LVS_CONN_ATTR_FLAGS tells them apart): new once live,
 * state on every change, destroy when a live entry is unhashed.
 */
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "lvs.h"

static struct kmem_cache *lvs_conn_cache __read_mostly;

/*
 * The most connections a new namespace may hold (ln->max_conns), and all
 * namespaces together (max_conns_total). A packet that would open one
 * more first evicts a half-open TCP entry or a quiet UDP one from a few
 * random buckets (lvs_conn_evict()), so a flood of SYNs from spoofed
 * sources cannot lock real clients out; only when it finds none is the
 * packet dropped, counted (LVS_DROP_CONN_LIMIT) and logged. Unset at
 * load, both are what fits in 1/8 of RAM: ip_vs has no limit, and this
 * one is there to protect the host, not to ration the service.
 */
static unsigned int max_conns;
module_param(max_conns, uint, 0444);
MODULE_PARM_DESC(max_conns,
		 "default connections per namespace, new ones beyond are dropped (default: 1/8 of RAM's worth)");

static unsigned int max_conns_total;
module_param(max_conns_total, uint, 0444);
MODULE_PARM_DESC(max_conns_total,
		 "connections of all namespaces together, new ones beyond are dropped (default: 1/8 of RAM's worth)");

static atomic_t lvs_conn_total = ATOMIC_INIT(0);

/* Count one more in count, unless that would pass max (0: no limit). */
static bool lvs_count_take(atomic_t *count, unsigned int max)
{
	int n = atomic_read(count);

	do {
		if (max && (unsigned int)n >= max)
			return false;
	} while (!atomic_try_cmpxchg(count, &n, n + 1));
	return true;
}

/* Count one more connection in ln, within max_conns and max_conns_total. */
static bool lvs_conn_reserve(struct lvs_net *ln)
{
	if (!lvs_count_take(&ln->conn_count, READ_ONCE(ln->max_conns)))
		return false;
	if (lvs_count_take(&lvs_conn_total, max_conns_total))
		return true;
	atomic_dec(&ln->conn_count);
	return false;
}

static void lvs_conn_unreserve(struct lvs_net *ln)
{
	atomic_dec(&lvs_conn_total);
	atomic_dec(&ln->conn_count);
}

/* The tuple of c as a packet of direction dir shows it. */
static void lvs_conn_tuple(const struct lvs_conn *c, enum lvs_dir dir,
			   struct lvs_tuple *t)
{
	t->af = c->af;
	t->proto = c->proto;
	t->flags = c->flags & LVS_CONN_F_TEMPLATE;
	if (dir == LVS_DIR_IN) {
		t->saddr = &c->caddr;
		t->sport = c->cport;
		t->daddr = &c->vaddr;
		t->dport = c->vport;
	} else {
		t->saddr = &c->daddr;
		t->sport = c->dport;
		t->daddr = &c->caddr;
		t->dport = c->cport;
	}
}

/* What a lookup looks for: a tuple seen in direction dir. */
struct lvs_conn_key {
	const struct lvs_tuple *t;
	enum lvs_dir dir;
};

/* The client's end of k's tuple: its source going in, its destination out. */
static void lvs_key_client(const struct lvs_conn_key *k,
			   const union nf_inet_addr **addr, __be16 *port)
{
	bool in = k->dir == LVS_DIR_IN;

	*addr = in ? k->t->saddr : k->t->daddr;
	*port = in ? k->t->sport : k->t->dport;
}

/* Replies cross the director, and are looked up, under NAT only. */
static bool lvs_conn_has_out(const struct lvs_conn *c)
{
	return c->fwd == LVS_FWD_NAT && !lvs_conn_is_template(c);
}

/* The hash of k's group: its client's end, a template's whole key. */
static u32 lvs_key_hash(const struct lvs_conn_key *k, u32 seed)
{
	const struct lvs_tuple *t = k->t;
	const union nf_inet_addr *caddr;
	__be16 cport;
	u32 h, ports;

	lvs_key_client(k, &caddr, &cport);
	h = lvs_addr_hash(t->af, caddr, seed);
	ports = (__force u32)cport;
	if (t->flags) {
		h = lvs_addr_hash(t->af, t->daddr, h);
		ports = ports << 16 | (__force u32)t->dport;
	}
	return jhash_2words(ports, t->flags << 16 | t->af << 8 | t->proto, h);
}

/* Is c in the list of k's group? */
static bool lvs_conn_in_group(const struct lvs_conn *c,
			      const struct lvs_conn_key *k)
{
	const struct lvs_tuple *t = k->t;
	const union nf_inet_addr *caddr;
	__be16 cport;

	lvs_key_client(k, &caddr, &cport);
	if (c->cport != cport || c->af != t->af || c->proto != t->proto ||
	    (c->flags & LVS_CONN_F_TEMPLATE) != t->flags ||
	    !lvs_addr_equal(t->af, &c->caddr, caddr))
		return false;
	return !t->flags || (c->vport == t->dport &&
			     lvs_addr_equal(t->af, &c->vaddr, t->daddr));
}

/* Is c, in k's group, the entry k looks for? */
static bool lvs_conn_is(const struct lvs_conn *c, const struct lvs_conn_key *k)
{
	const struct lvs_tuple *t = k->t;

	if (k->dir == LVS_DIR_IN)
		return c->vport == t->dport &&
		       lvs_addr_equal(t->af, &c->vaddr, t->daddr);
	return lvs_conn_has_out(c) && c->dport == t->sport &&
	       lvs_addr_equal(t->af, &c->daddr, t->saddr);
}

/* rhashtable callbacks: keys are struct lvs_conn_key, objects connections. */

static u32 lvs_conn_key_hashfn(const void *key, u32 len, u32 seed)
{
	return lvs_key_hash(key, seed);
}

static u32 lvs_conn_obj_hashfn(const void *obj, u32 len, u32 seed)
{
	struct lvs_tuple t;
	const struct lvs_conn_key k = { .t = &t, .dir = LVS_DIR_IN };

	lvs_conn_tuple(obj, LVS_DIR_IN, &t);
	return lvs_key_hash(&k, seed);
}

static int lvs_conn_obj_cmpfn(struct rhashtable_compare_arg *arg,
			      const void *obj)
{
	return !lvs_conn_in_group(obj, arg->key);
}

static const struct rhashtable_params lvs_conn_params = {
	.head_offset		= offsetof(struct lvs_conn, node),
	.hashfn			= lvs_conn_key_hashfn,
	.obj_hashfn		= lvs_conn_obj_hashfn,
	.obj_cmpfn		= lvs_conn_obj_cmpfn,
	.automatic_shrinking	= true,
};

static struct lvs_conn *lvs_conn_get(struct lvs_net *ln,
				     const struct lvs_conn_key *k)
{
	struct rhlist_head *pos, *list;
	struct lvs_conn *c;

	list = rhltable_lookup(&ln->conns, k, lvs_conn_params);
	rhl_for_each_entry_rcu(c, pos, list, node)
		if (lvs_conn_is(c, k))
			return c;
	return NULL;
}

struct lvs_conn *lvs_conn_lookup(struct lvs_net *ln, enum lvs_dir dir,
				 const struct lvs_pkt *pkt)
{
	const struct lvs_tuple t = {
		.saddr = &pkt->saddr,
		.daddr = &pkt->daddr,
		.sport = pkt->sport,
		.dport = pkt->dport,
		.af = pkt->af,
		.proto = pkt->proto,
	};
	const struct lvs_conn_key k = { .t = &t, .dir = dir };

	return lvs_conn_get(ln, &k);
}

struct lvs_conn *lvs_conn_find(struct lvs_net *ln, const struct lvs_tuple *t)
{
	const struct lvs_conn_key k = { .t = t, .dir = LVS_DIR_IN };

	return lvs_conn_get(ln, &k);
}

/* The dest counter c is counted in while in this state. */
static atomic_t *lvs_conn_counter(const struct lvs_conn *c, u8 state)
{
	if (lvs_conn_is_template(c))
		return &c->dest->persistconns;
	return state == LVS_STATE_TCP_ESTABLISHED ? &c->dest->activeconns :
						    &c->dest->inactconns;
}

/* Drop c's reference on its template; a template's timeout has its place. */
static void lvs_conn_put_control(struct lvs_conn *c)
{
	if (!lvs_conn_is_template(c) && c->control)
		lvs_conn_put(c->control);
}

static void lvs_conn_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(lvs_conn_cache, container_of(head, struct lvs_conn,
						     rcu));
}

/* Drop what lvs_conn_hash() counted and took; free c after the readers. */
static void lvs_conn_release(struct lvs_conn *c)
{
	struct lvs_dest *dest = c->dest;

	atomic_dec(lvs_conn_counter(c, c->state));
	lvs_dest_update_load(dest);
	if (lvs_conn_is_template(c))
		atomic_dec(&lvs_conn_net(c)->tmpl_count);
	lvs_conn_unreserve(lvs_conn_net(c));
	lvs_dest_put(dest);
	lvs_conn_put_control(c);
	call_rcu(&c->rcu, lvs_conn_free_rcu);
}

void lvs_conn_put(struct lvs_conn *c)
{
	if (refcount_dec_and_test(&c->refcnt))
		lvs_conn_release(c);
}

static void lvs_conn_unlink(struct lvs_conn *c)
{
	struct lvs_net *ln = lvs_conn_net(c);

	lvs_conn_event(c, LVS_CONN_EVENT_DESTROY);

	rhltable_remove(&ln->conns, &c->node, lvs_conn_params);
}

/*
 * A deadline is kept in 32 bits, as conntrack keeps its own, in units of
 * 2^LVS_EXPIRES_SHIFT jiffies: their signed differences must span
 * LVS_TIMEOUT_MAX (30 days), which 2^31 jiffies do not at HZ=1000 (24.8
 * days). A deadline in units of 2 jiffies may come one jiffy early.
 */
#define LVS_EXPIRES_SHIFT	((u64)LVS_TIMEOUT_MAX * HZ > S32_MAX ? 1 : 0)
#define LVS_EXPIRES_MAX		((unsigned long)S32_MAX << LVS_EXPIRES_SHIFT)
static_assert((u64)LVS_TIMEOUT_MAX * HZ <= LVS_EXPIRES_MAX);

/* Jiffies to c's deadline: 0 or negative once it has passed. */
static long lvs_conn_left(const struct lvs_conn *c)
{
	unsigned long now = jiffies;
	s32 units = READ_ONCE(c->expires) - (u32)(now >> LVS_EXPIRES_SHIFT);

	return (long)units << LVS_EXPIRES_SHIFT;
}

/*
 * Every packet moves the deadline; the timer follows only when it comes
 * sooner than the timer is armed for. A later deadline is found by the
 * timer when it fires, which re-arms for it: no timer-base lock per packet,
 * one extra expiry per timeout at most. Under c->lock.
 */
static void lvs_conn_set_deadline(struct lvs_conn *c, unsigned long timeout)
{
	unsigned long expires = jiffies + min(timeout, LVS_EXPIRES_MAX);

	WRITE_ONCE(c->expires, (u32)(expires >> LVS_EXPIRES_SHIFT));
	if (!timer_pending(&c->timer) ||
	    time_before(expires, c->timer.expires))
		mod_timer(&c->timer, expires);
}

static void lvs_conn_timer(struct timer_list *t)
{
	struct lvs_conn *c = from_timer(c, t, timer);
	long left;

	/* The namespace is going: lvs_conn_exit() frees what is left. */
	if (READ_ONCE(lvs_conn_net(c)->conns_dying))
		return;
	spin_lock(&c->lock);
	/*
	 * The deadline was brought forward while we waited for the lock, or
	 * lvs_conn_retire() got here first: whoever sets dead tears down.
	 */
	if (timer_pending(&c->timer) || c->dead) {
		spin_unlock(&c->lock);
		return;
	}
	/*
	 * A template lives on while connections it directed do; packets may
	 * have pushed the deadline back since the timer was armed. Either
	 * way lvs_conn_set_deadline() re-arms: the timer is not pending now.
	 */
	left = lvs_conn_left(c);
	if (refcount_read(&c->refcnt) > 1)
		lvs_conn_set_deadline(c, c->timeout);
	else if (left > 0)
		lvs_conn_set_deadline(c, left);
	if (timer_pending(&c->timer)) {
		spin_unlock(&c->lock);
		return;
	}
	WRITE_ONCE(c->dead, LVS_CONN_DYING);
	spin_unlock(&c->lock);

	lvs_conn_unlink(c);
	lvs_conn_put(c);
}

/*
 * Take c out of the tables now, so that a new connection with the same
 * tuple can be created at once. A timer callback already running sees
 * dead and returns; the RCU-deferred free waits for it (softirq). A
 * template leaves the table even while connections it directed hold it.
 * Returns whether this call tore c down (false: it was dead, or not yet
 * live).
 */
bool lvs_conn_retire(struct lvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (c->dead) {
		spin_unlock_bh(&c->lock);
		return false;
	}
	WRITE_ONCE(c->dead, LVS_CONN_DYING);
	spin_unlock_bh(&c->lock);

	del_timer(&c->timer);
	lvs_conn_unlink(c);
	lvs_conn_put(c);
	return true;
}

void lvs_conn_set_state(struct lvs_conn *c, u8 state)
{
	atomic_t *from, *to;

	lockdep_assert_held(&c->lock);
	if (c->dead)
		return;
	if (state != c->state) {
		from = lvs_conn_counter(c, c->state);
		to = lvs_conn_counter(c, state);
		WRITE_ONCE(c->state, state);
		if (from != to) {
			atomic_dec(from);
			atomic_inc(to);
			lvs_dest_update_load(c->dest);
		}
		lvs_conn_event(c, LVS_CONN_EVENT_STATE);
	}
	lvs_conn_set_deadline(c, READ_ONCE(lvs_conn_net(c)->timeouts[state]));
}

#ifdef LVS_KUNIT
void lvs_conn_expire_now(struct lvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (!c->dead)
		lvs_conn_set_deadline(c, 0);
	spin_unlock_bh(&c->lock);
}
#endif

unsigned long lvs_conn_expires(const struct lvs_conn *c)
{
	long left = lvs_conn_left(c);

	return left > 0 ? left : 0;
}

/*
 * Hashed, and no older rival: arm its timer, expiring in t. The
 * new event goes out under the lock, so no destroy event can precede it.
 */
static void lvs_conn_go_live(struct lvs_conn *c, unsigned long t)
{
	spin_lock_bh(&c->lock);
	WRITE_ONCE(c->dead, LVS_CONN_LIVE);
	lvs_conn_set_deadline(c, t);
	lvs_conn_event(c, LVS_CONN_EVENT_NEW);
	spin_unlock_bh(&c->lock);
}

/*
 * The fields of a connection of pkt to dest, as the forwarding methods
 * read them; also all a one-packet connection, never hashed, needs.
 */
void lvs_conn_fill(struct lvs_conn *c, const struct lvs_pkt *pkt,
		   struct lvs_dest *dest)
{
	c->caddr = pkt->saddr;
	c->vaddr = pkt->daddr;
	c->daddr = dest->addr;
	c->cport = pkt->sport;
	c->vport = pkt->dport;
	/* Port 0 (fwmark services): the port the client asked for. */
	c->dport = dest->port ?: pkt->dport;
	c->af = pkt->af;
	c->proto = pkt->proto;
	c->fwd = dest->fwd;
	c->dest = dest;
}

/*
 * Put c at the head of its group's list. Two CPUs may race to create the
 * same connection, or two NAT connections to claim one reply tuple: the
 * older entry wins, so whoever finds an older rival behind its own entry
 * backs off, unless that rival is dying (its timer or a retire tore it
 * down and is about to unlink it): handed out, it would take the packet
 * to its old server and leave the new flow without an entry. Returns
 * NULL, that rival if it has c's key, or an ERR_PTR: -EEXIST when the
 * rival owns c's reply tuple, or the table's error.
 */
static struct lvs_conn *lvs_conn_insert(struct lvs_net *ln,
					struct lvs_conn *c)
{
	struct lvs_tuple in_t, out_t;
	const struct lvs_conn_key in = { .t = &in_t, .dir = LVS_DIR_IN };
	const struct lvs_conn_key out = { .t = &out_t, .dir = LVS_DIR_OUT };
	struct rhlist_head *pos, *list;
	struct lvs_conn *rival;
	bool behind = false;
	int err;

	lvs_conn_tuple(c, LVS_DIR_IN, &in_t);
	lvs_conn_tuple(c, LVS_DIR_OUT, &out_t);
	err = rhltable_insert_key(&ln->conns, &in, &c->node, lvs_conn_params);
	if (err)
		return ERR_PTR(err);
	/* Newer entries come first: only those behind c are older. */
	list = rhltable_lookup(&ln->conns, &in, lvs_conn_params);
	rhl_for_each_entry_rcu(rival, pos, list, node) {
		if (!behind) {
			behind = rival == c;
			continue;
		}
		/* Its teardown unlinks it next: no rival any more. */
		if (READ_ONCE(rival->dead) == LVS_CONN_DYING)
			continue;
		if (lvs_conn_is(rival, &in))
			return rival;
		if (lvs_conn_has_out(c) && lvs_conn_is(rival, &out))
			return ERR_PTR(-EEXIST);
	}
	return NULL;
}

/* Bucket heads and entries one eviction looks at, at most. */
#define LVS_EVICT_SLOTS		16
#define LVS_EVICT_SEEN		16
/* How long a UDP entry must have been quiet to be evicted (as IPVS). */
#define LVS_EVICT_IDLE		(60 * HZ)

/*
 * May c make room for a new connection? IPVS's drop_entry drops entries
 * the same way: half-open TCP, whatever its age, since a flood's are as
 * young as a real client's, and UDP that has been quiet for a while.
 * Never a template, nor an established connection.
 */
static bool lvs_conn_evictable(struct lvs_net *ln, const struct lvs_conn *c)
{
	u8 state = READ_ONCE(c->state);

	if (lvs_conn_is_template(c))
		return false;
	if (c->proto == IPPROTO_TCP)
		return state == LVS_STATE_TCP_SYN_SENT ||
		       state == LVS_STATE_TCP_SYN_RECV;
	return state == LVS_STATE_UDP &&
	       (long)READ_ONCE(ln->timeouts[state]) - lvs_conn_left(c) >=
	       LVS_EVICT_IDLE;
}

/*
 * The table is full: retire an evictable entry from the buckets that
 * follow a random one, looking at a bounded number of them, as
 * nf_conntrack's early_drop does. The one closest to its deadline goes,
 * so a real client's handshake, younger than most of a flood's entries,
 * is rarely cut short. Under RCU. Returns whether it retired one.
 */
static bool lvs_conn_evict(struct lvs_net *ln)
{
	struct rhashtable *ht = &ln->conns.ht;
	struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);
	unsigned int slot = get_random_u32_below(tbl->size);
	struct lvs_conn *c, *victim = NULL;
	unsigned int i, seen = 0;
	struct rhlist_head *list;
	struct rhash_head *pos;
	long left, least = 0;

	for (i = 0; i < LVS_EVICT_SLOTS && seen < LVS_EVICT_SEEN; i++) {
		rht_for_each_rcu(pos, tbl, slot) {
			list = container_of(pos, struct rhlist_head, rhead);
			for (; list && seen < LVS_EVICT_SEEN;
			     list = rcu_dereference(list->next), seen++) {
				c = container_of(list, struct lvs_conn, node);
				if (!lvs_conn_evictable(ln, c))
					continue;
				left = lvs_conn_left(c);
				if (!victim || left < least) {
					victim = c;
					least = left;
				}
			}
		}
		slot = (slot + 1) & (tbl->size - 1);
	}
	return victim && lvs_conn_retire(victim);
}

/*
 * Count, initialise and hash c, which has its key and dest filled; under
 * RCU. Takes over c (and the reference on c->control, if any) whatever
 * happens. Returns c, hashed but not yet live (the caller makes it so),
 * or the entry another CPU hashed under the same key first, or an
 * ERR_PTR: -ENOENT when dest is being removed, -EEXIST when a connection
 * of another VIP already owns the reply tuple, -ENOSPC when ln holds
 * max_conns entries (or all namespaces max_conns_total) and none could
 * be evicted.
 */
static struct lvs_conn *lvs_conn_hash(struct lvs_net *ln, struct lvs_conn *c)
{
	struct lvs_dest *dest = c->dest;
	struct lvs_conn *old;

	spin_lock_init(&c->lock);
	timer_setup(&c->timer, lvs_conn_timer, 0);
	refcount_set(&c->refcnt, 1);
	c->state = LVS_STATE_NONE;
	/* Not live until hashed: no one else may tear it down. */
	c->dead = LVS_CONN_UNBORN;
	/* Counted first: lvs_conn_release() uncounts. */
	if (!lvs_conn_reserve(ln) &&
	    !(lvs_conn_evict(ln) && lvs_conn_reserve(ln))) {
		old = ERR_PTR(-ENOSPC);
		goto err_free;
	}
	/* The scheduler picked dest under RCU: it may be on its way out. */
	if (!refcount_inc_not_zero(&dest->refcnt)) {
		lvs_conn_unreserve(ln);
		old = ERR_PTR(-ENOENT);
		goto err_free;
	}
	/* Counted before readers can see it and move it between states. */
	atomic_inc(lvs_conn_counter(c, c->state));
	if (lvs_conn_is_template(c))
		atomic_inc(&ln->tmpl_count);

	old = lvs_conn_insert(ln, c);
	if (IS_ERR(old) && PTR_ERR(old) != -EEXIST) {
		/* Never published: no reader and no timer to wait for. */
		lvs_conn_release(c);
		return old;
	}
	if (old) {
		/*
		 * Readers may have found it, but it is not live: no one
		 * else holds or tears it down, and the free waits for them.
		 */
		rhltable_remove(&ln->conns, &c->node, lvs_conn_params);
		lvs_conn_put(c);
		return old;
	}
	return c;

err_free:
	lvs_conn_put_control(c);
	kmem_cache_free(lvs_conn_cache, c);
	return old;
}

/*
 * Create the connection of pkt to dest and hash it; under RCU. control is
 * the template that chose dest, or NULL; its reference passes to the
 * connection. Returns what lvs_conn_hash() does, or -ENOMEM.
 */
struct lvs_conn *lvs_conn_new(struct lvs_net *ln, const struct lvs_pkt *pkt,
			      struct lvs_dest *dest, struct lvs_conn *control)
{
	struct lvs_conn *c = kmem_cache_zalloc(lvs_conn_cache, GFP_ATOMIC);
	const struct lvs_proto *pp = lvs_proto_get(pkt->proto);
	struct lvs_conn *ret;
	u8 first;

	if (!c) {
		if (control)
			lvs_conn_put(control);
		return ERR_PTR(-ENOMEM);
	}
	lvs_conn_fill(c, pkt, dest);
	c->control = control;
	ret = lvs_conn_hash(ln, c);
	if (ret != c)
		return ret;
	/*
	 * The timer is armed for the state pkt puts c in, which the caller
	 * sets next: armed for NONE's seconds, it would fire only to re-arm.
	 */
	first = pp->next_state(c, LVS_DIR_IN, pkt->tcp_flags);
	lvs_conn_go_live(c, READ_ONCE(ln->timeouts[first]));
	lvs_stats_conn(&dest->stats);
	lvs_stats_conn(&dest->svc->stats);
	return c;
}

/*
 * Create the template t (its key) naming dest, living timeout jiffies
 * after its last use; under RCU. Returns it with a reference for the
 * caller, or one another CPU created first (held as by
 * lvs_conn_hold_template(), -EAGAIN if it is dying or not live yet), or
 * an ERR_PTR as lvs_conn_new().
 */
struct lvs_conn *lvs_conn_new_template(struct lvs_net *ln,
				       const struct lvs_tuple *t,
				       struct lvs_dest *dest, __be16 dport,
				       unsigned long timeout)
{
	struct lvs_conn *c = kmem_cache_zalloc(lvs_conn_cache, GFP_ATOMIC);
	struct lvs_conn *ret;

	if (!c)
		return ERR_PTR(-ENOMEM);
	c->caddr = *t->saddr;
	c->vaddr = *t->daddr;
	c->cport = t->sport;
	c->vport = t->dport;
	c->af = t->af;
	c->proto = t->proto;
	c->flags = LVS_CONN_F_TEMPLATE;
	c->daddr = dest->addr;
	c->dport = dport;
	c->fwd = dest->fwd;
	c->dest = dest;
	c->timeout = timeout;
	ret = lvs_conn_hash(ln, c);
	if (ret != c)
		return IS_ERR(ret) || lvs_conn_hold_template(ret) ? ret :
								    ERR_PTR(-EAGAIN);
	/* The caller's; not live yet, so no one else counts on refcnt. */
	refcount_inc(&c->refcnt);
	lvs_conn_go_live(c, timeout);
	return c;
}

/*
 * Take a reference on template t for a connection it directs, restarting
 * its timer; false if it is not live (dying, or not hashed yet).
 */
bool lvs_conn_hold_template(struct lvs_conn *t)
{
	bool live;

	spin_lock_bh(&t->lock);
	live = !t->dead;
	if (live) {
		refcount_inc(&t->refcnt);
		lvs_conn_set_deadline(t, t->timeout);
	}
	spin_unlock_bh(&t->lock);
	return live;
}

int lvs_conn_init(struct lvs_net *ln)
{
	atomic_set(&ln->conn_count, 0);
	atomic_set(&ln->tmpl_count, 0);
	ln->conns_dying = false;
	ln->max_conns = max_conns;
	return rhltable_init(&ln->conns, &lvs_conn_params);
}

/* The table's reference: connections and templates go in any order. */
static void lvs_conn_free_fn(void *obj, void *arg)
{
	lvs_conn_put(obj);
}

#ifdef LVS_KUNIT
void (*lvs_conn_exit_visit)(struct lvs_conn *c);
#endif

/* After the hooks are unregistered and synchronize_net(). */
void lvs_conn_exit(struct lvs_net *ln)
{
	struct rhashtable_iter iter;
	struct lvs_conn *c;

	/*
	 * Only timers still change the table, and an entry removed while
	 * the walk yields (between rhashtable_walk_stop() and _start())
	 * makes it skip the next one, whose timer would then outlive it.
	 * So timers stand still first: once conns_dying is set they
	 * neither tear down nor re-arm, and synchronize_rcu() waits for
	 * callbacks already running (softirq). The walk then sees every
	 * entry and shuts every timer down; the table is ours alone.
	 */
	WRITE_ONCE(ln->conns_dying, true);
	if (atomic_read(&ln->conn_count))
		synchronize_rcu();
	rhltable_walk_enter(&ln->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((c = rhashtable_walk_next(&iter))) {
		if (IS_ERR(c))
			continue;
#ifdef LVS_KUNIT
		if (lvs_conn_exit_visit)
			lvs_conn_exit_visit(c);
#endif
		timer_shutdown_sync(&c->timer);
		if (need_resched()) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);

	rhltable_free_and_destroy(&ln->conns, lvs_conn_free_fn, NULL);
}

int lvs_conn_cache_init(void)
{
	unsigned int fit;

	lvs_conn_cache = KMEM_CACHE(lvs_conn, 0);
	if (!lvs_conn_cache)
		return -ENOMEM;
	/*
	 * A connection costs its object plus a hash bucket or two: 176
	 * bytes on x86-64, so 1/8 of 3 GB is about 2.2 million.
	 */
	fit = min_t(u64, UINT_MAX,
		    ((u64)totalram_pages() << PAGE_SHIFT) / 8 /
		    (kmem_cache_size(lvs_conn_cache) + 2 * sizeof(void *)));
	if (!max_conns)
		max_conns = fit;
	if (!max_conns_total)
		max_conns_total = fit;
	return 0;
}

void lvs_conn_cache_exit(void)
{
	/* Connections are freed by RCU callbacks. */
	rcu_barrier();
	kmem_cache_destroy(lvs_conn_cache);
}
