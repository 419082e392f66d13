// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table: two rhashtables per namespace over the same
 * connections. conn_in finds a connection from a client's packet to the
 * VIP, conn_out (NAT only) from a real server's reply to the client. The
 * keys are not stored: they are read off the connection's own fields.
 *
 * Lookups are lock-free under RCU. A connection's lock guards its state,
 * its dead flag and the arming of its timer.
 *
 * Lifetime: a connection is born dead, and lvs_conn_new() makes it live
 * once it is hashed in every table it belongs to. A live connection is
 * torn down by whoever marks it dead under its lock: its timer callback,
 * lvs_conn_retire() (a client reusing its port, a deletion over netlink),
 * or lvs_conn_exit() once every timer is shut down. After that nothing
 * re-arms the timer; the connection is unhashed, drops what it holds and
 * is freed after an RCU grace period.
 *
 * Connection events (conn_nl.c) are raised here: new once live, state on
 * every change, destroy when unhashed.
 */
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "lvs.h"

static struct kmem_cache *lvs_conn_cache __read_mostly;

/*
 * The most connections one namespace may hold. A packet that would open
 * one more is dropped and counted (LVS_DROP_CONN_LIMIT), so a flood of
 * SYNs from spoofed sources fills the table up to here and no further;
 * established connections keep flowing. Unset at load, it is what fits in
 * 1/32 of RAM; 0 written later means no limit.
 */
static unsigned int max_conns;
module_param(max_conns, uint, 0644);
MODULE_PARM_DESC(max_conns,
		 "connections per namespace, new ones beyond are dropped (default: 1/32 of RAM's worth; 0 at run time: no limit)");

/* Count one more connection in ln, unless that would pass max_conns. */
static bool lvs_conn_reserve(struct lvs_net *ln)
{
	unsigned int max = READ_ONCE(max_conns);
	int n = atomic_read(&ln->conn_count);

	do {
		if (max && (unsigned int)n >= max)
			return false;
	} while (!atomic_try_cmpxchg(&ln->conn_count, &n, n + 1));
	return true;
}

/* The key of c in the table of direction dir, as a packet shows it. */
static void lvs_conn_tuple(const struct lvs_conn *c, enum lvs_dir dir,
			   struct lvs_tuple *t)
{
	t->af = c->af;
	t->proto = c->proto;
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

static u32 lvs_tuple_hash(const struct lvs_tuple *t, u32 seed)
{
	u32 h = lvs_addr_hash(t->af, t->saddr, seed);

	h = lvs_addr_hash(t->af, t->daddr, h);
	return jhash_2words((__force u32)t->sport << 16 | (__force u32)t->dport,
			    t->af << 8 | t->proto, h);
}

static bool lvs_tuple_equal(const struct lvs_tuple *a,
			    const struct lvs_tuple *b)
{
	return a->sport == b->sport && a->dport == b->dport &&
	       a->af == b->af && a->proto == b->proto &&
	       lvs_addr_equal(a->af, a->saddr, b->saddr) &&
	       lvs_addr_equal(a->af, a->daddr, b->daddr);
}

/* rhashtable callbacks: keys are struct lvs_tuple, objects connections. */

static u32 lvs_conn_key_hash(const void *key, u32 len, u32 seed)
{
	return lvs_tuple_hash(key, seed);
}

static u32 lvs_conn_obj_hash(const void *obj, enum lvs_dir dir, u32 seed)
{
	struct lvs_tuple t;

	lvs_conn_tuple(obj, dir, &t);
	return lvs_tuple_hash(&t, seed);
}

static int lvs_conn_obj_cmp(const void *key, const void *obj,
			    enum lvs_dir dir)
{
	struct lvs_tuple t;

	lvs_conn_tuple(obj, dir, &t);
	return !lvs_tuple_equal(key, &t);
}

static u32 lvs_conn_in_hash(const void *obj, u32 len, u32 seed)
{
	return lvs_conn_obj_hash(obj, LVS_DIR_IN, seed);
}

static u32 lvs_conn_out_hash(const void *obj, u32 len, u32 seed)
{
	return lvs_conn_obj_hash(obj, LVS_DIR_OUT, seed);
}

static int lvs_conn_in_cmp(struct rhashtable_compare_arg *arg,
			   const void *obj)
{
	return lvs_conn_obj_cmp(arg->key, obj, LVS_DIR_IN);
}

static int lvs_conn_out_cmp(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	return lvs_conn_obj_cmp(arg->key, obj, LVS_DIR_OUT);
}

static const struct rhashtable_params lvs_conn_params[] = {
	[LVS_DIR_IN] = {
		.head_offset		= offsetof(struct lvs_conn, in_node),
		.hashfn			= lvs_conn_key_hash,
		.obj_hashfn		= lvs_conn_in_hash,
		.obj_cmpfn		= lvs_conn_in_cmp,
		.automatic_shrinking	= true,
	},
	[LVS_DIR_OUT] = {
		.head_offset		= offsetof(struct lvs_conn, out_node),
		.hashfn			= lvs_conn_key_hash,
		.obj_hashfn		= lvs_conn_out_hash,
		.obj_cmpfn		= lvs_conn_out_cmp,
		.automatic_shrinking	= true,
	},
};

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

	if (dir == LVS_DIR_OUT)
		return rhashtable_lookup(&ln->conn_out, &t,
					 lvs_conn_params[LVS_DIR_OUT]);
	return rhashtable_lookup(&ln->conn_in, &t, lvs_conn_params[LVS_DIR_IN]);
}

/* The dest counter a connection in this state is counted in. */
static atomic_t *lvs_conn_counter(struct lvs_dest *dest, u8 state)
{
	return state == LVS_STATE_TCP_ESTABLISHED ? &dest->activeconns :
						    &dest->inactconns;
}

static void lvs_conn_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(lvs_conn_cache, container_of(head, struct lvs_conn,
						     rcu));
}

/* Drop what lvs_conn_new() counted and took; free c after the readers. */
static void lvs_conn_release(struct lvs_conn *c)
{
	struct lvs_dest *dest = c->dest;

	atomic_dec(lvs_conn_counter(dest, c->state));
	lvs_dest_update_load(dest);
	atomic_dec(&c->ln->conn_count);
	lvs_dest_put(dest);
	call_rcu(&c->rcu, lvs_conn_free_rcu);
}

static void lvs_conn_unlink(struct lvs_conn *c)
{
	struct lvs_net *ln = c->ln;

	lvs_conn_event(c, LVS_CONN_EVENT_DESTROY);

	rhashtable_remove_fast(&ln->conn_in, &c->in_node,
			       lvs_conn_params[LVS_DIR_IN]);
	if (c->fwd == LVS_FWD_NAT)
		rhashtable_remove_fast(&ln->conn_out, &c->out_node,
				       lvs_conn_params[LVS_DIR_OUT]);
}

static void lvs_conn_timer(struct timer_list *t)
{
	struct lvs_conn *c = from_timer(c, t, timer);

	spin_lock(&c->lock);
	/*
	 * A packet re-armed the timer while we waited for the lock, or
	 * lvs_conn_retire() got here first: whoever sets dead tears down.
	 */
	if (timer_pending(&c->timer) || c->dead) {
		spin_unlock(&c->lock);
		return;
	}
	c->dead = true;
	spin_unlock(&c->lock);

	lvs_conn_unlink(c);
	lvs_conn_release(c);
}

/*
 * Take c out of the tables now, so that a new connection with the same
 * tuple can be created at once. A timer callback already running sees
 * dead and returns; the RCU-deferred free waits for it (softirq). Returns
 * whether this call tore c down (false: it was dead, or not yet live).
 */
bool lvs_conn_retire(struct lvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (c->dead) {
		spin_unlock_bh(&c->lock);
		return false;
	}
	c->dead = true;
	spin_unlock_bh(&c->lock);

	del_timer(&c->timer);
	lvs_conn_unlink(c);
	lvs_conn_release(c);
	return true;
}

void lvs_conn_set_state(struct lvs_conn *c, u8 state)
{
	atomic_t *from, *to;

	lockdep_assert_held(&c->lock);
	if (c->dead)
		return;
	if (state != c->state) {
		from = lvs_conn_counter(c->dest, c->state);
		to = lvs_conn_counter(c->dest, state);
		WRITE_ONCE(c->state, state);
		if (from != to) {
			atomic_dec(from);
			atomic_inc(to);
			lvs_dest_update_load(c->dest);
		}
		lvs_conn_event(c, LVS_CONN_EVENT_STATE);
	}
	/*
	 * Every packet comes here; mod_timer() returns at once when the
	 * expiry is unchanged, as for packets within the same jiffy.
	 */
	mod_timer(&c->timer, jiffies + READ_ONCE(c->ln->timeouts[state]));
}

void lvs_conn_expire_now(struct lvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (!c->dead)
		mod_timer(&c->timer, jiffies);
	spin_unlock_bh(&c->lock);
}

unsigned long lvs_conn_expires(const struct lvs_conn *c)
{
	long left = READ_ONCE(c->timer.expires) - jiffies;

	return left > 0 ? left : 0;
}

/* Hashed in every table it belongs to: arm its timer, expiring in t. */
static void lvs_conn_go_live(struct lvs_conn *c, unsigned long t)
{
	spin_lock_bh(&c->lock);
	c->dead = false;
	mod_timer(&c->timer, jiffies + t);
	spin_unlock_bh(&c->lock);
}

/*
 * Create the connection of pkt to dest and hash it; under RCU. Returns it,
 * or the same connection another CPU created first, or an ERR_PTR:
 * -ENOENT when dest is being removed, -EEXIST when a connection of another
 * VIP already owns the reply tuple, -ENOSPC when ln holds max_conns
 * connections, -ENOMEM and the like.
 */
struct lvs_conn *lvs_conn_new(struct lvs_net *ln, const struct lvs_pkt *pkt,
			      struct lvs_dest *dest)
{
	struct lvs_conn *c, *old;
	struct lvs_tuple t;

	/* Counted first: lvs_conn_release() uncounts. */
	if (!lvs_conn_reserve(ln))
		return ERR_PTR(-ENOSPC);
	/* The scheduler picked dest under RCU: it may be on its way out. */
	if (!refcount_inc_not_zero(&dest->refcnt)) {
		atomic_dec(&ln->conn_count);
		return ERR_PTR(-ENOENT);
	}
	c = kmem_cache_zalloc(lvs_conn_cache, GFP_ATOMIC);
	if (!c) {
		lvs_dest_put(dest);
		atomic_dec(&ln->conn_count);
		return ERR_PTR(-ENOMEM);
	}
	c->caddr = pkt->saddr;
	c->vaddr = pkt->daddr;
	c->daddr = dest->addr;
	c->cport = pkt->sport;
	c->vport = pkt->dport;
	c->dport = dest->port;
	c->af = pkt->af;
	c->proto = pkt->proto;
	c->fwd = dest->fwd;
	c->state = LVS_STATE_NONE;
	/* Not live until hashed in both tables: no one may tear it down. */
	c->dead = true;
	spin_lock_init(&c->lock);
	timer_setup(&c->timer, lvs_conn_timer, 0);
	c->dest = dest;
	c->ln = ln;
	/* Counted before readers can see it and move it between states. */
	atomic_inc(&dest->inactconns);

	lvs_conn_tuple(c, LVS_DIR_IN, &t);
	old = rhashtable_lookup_get_insert_key(&ln->conn_in, &t, &c->in_node,
					       lvs_conn_params[LVS_DIR_IN]);
	if (old) {
		/* Never published: no reader and no timer to wait for. */
		lvs_conn_release(c);
		return old;
	}
	if (c->fwd == LVS_FWD_NAT) {
		lvs_conn_tuple(c, LVS_DIR_OUT, &t);
		old = rhashtable_lookup_get_insert_key(&ln->conn_out, &t,
						       &c->out_node,
						       lvs_conn_params[LVS_DIR_OUT]);
		if (old) {
			/* Published: only its timer may tear it down. */
			lvs_conn_go_live(c, 0);
			return IS_ERR(old) ? old : ERR_PTR(-EEXIST);
		}
	}

	lvs_conn_go_live(c, READ_ONCE(ln->timeouts[LVS_STATE_NONE]));
	lvs_conn_event(c, LVS_CONN_EVENT_NEW);
	lvs_stats_conn(&dest->stats);
	lvs_stats_conn(&dest->svc->stats);
	return c;
}

void lvs_conn_walk_enter(struct lvs_net *ln, struct rhashtable_iter *iter)
{
	rhashtable_walk_enter(&ln->conn_in, iter);
}

void lvs_conn_walk_exit(struct rhashtable_iter *iter)
{
	rhashtable_walk_exit(iter);
}

/* (Re)enter the walk under RCU; a resize meanwhile restarts it. */
static void lvs_conn_walk_start(struct rhashtable_iter *iter,
				unsigned int *restarts)
	__acquires(RCU)
{
	if (rhashtable_walk_start_check(iter) == -EAGAIN)
		(*restarts)++;
}

/*
 * The walker stays linked to the table between calls, so resuming costs
 * nothing however far it got: a dump of n connections is O(n). The
 * iterator's current entry is the one fn() has not consumed yet; it is
 * offered first on the next call (rhashtable_walk_peek), or, if it was
 * destroyed meanwhile, the walk goes on from its bucket. Yielding the
 * CPU happens only there, so a connection fn() deletes is never the
 * iterator's anchor across a restart.
 */
int lvs_conn_walk(struct rhashtable_iter *iter,
		  int (*fn)(struct lvs_conn *c, void *arg), void *arg,
		  unsigned int *restarts)
{
	struct lvs_conn *c;
	int ret = 0;

	lvs_conn_walk_start(iter, restarts);
	c = rhashtable_walk_peek(iter);
	while (c) {
		if (IS_ERR(c)) {	/* resized: walking the new table */
			(*restarts)++;
		} else {
			ret = fn(c, arg);
			if (ret)
				break;
		}
		c = rhashtable_walk_next(iter);
		if (c && need_resched()) {
			rhashtable_walk_stop(iter);
			cond_resched();
			lvs_conn_walk_start(iter, restarts);
			c = rhashtable_walk_peek(iter);
		}
	}
	rhashtable_walk_stop(iter);
	return ret;
}

int lvs_conn_init(struct lvs_net *ln)
{
	int err;

	atomic_set(&ln->conn_count, 0);
	err = rhashtable_init(&ln->conn_in, &lvs_conn_params[LVS_DIR_IN]);
	if (err)
		return err;
	err = rhashtable_init(&ln->conn_out, &lvs_conn_params[LVS_DIR_OUT]);
	if (err)
		rhashtable_destroy(&ln->conn_in);
	return err;
}

static void lvs_conn_free_fn(void *obj, void *arg)
{
	lvs_conn_release(obj);
}

/* After the hooks are unregistered and synchronize_net(). */
void lvs_conn_exit(struct lvs_net *ln)
{
	struct rhashtable_iter iter;
	struct lvs_conn *c;

	/*
	 * Only timers still change the tables. Shut every one down: a
	 * callback already running finishes its connection, and what is
	 * left in the tables is then ours alone. Every connection is in
	 * conn_in, so freeing that table's entries frees them all.
	 */
	rhashtable_walk_enter(&ln->conn_in, &iter);
	rhashtable_walk_start(&iter);
	while ((c = rhashtable_walk_next(&iter))) {
		if (IS_ERR(c))
			continue;
		timer_shutdown_sync(&c->timer);
		if (need_resched()) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);

	rhashtable_free_and_destroy(&ln->conn_in, lvs_conn_free_fn, NULL);
	rhashtable_destroy(&ln->conn_out);
}

int lvs_conn_cache_init(void)
{
	lvs_conn_cache = KMEM_CACHE(lvs_conn, 0);
	if (!lvs_conn_cache)
		return -ENOMEM;
	/* A connection costs its object plus about two hash buckets. */
	if (!max_conns)
		max_conns = min_t(u64, UINT_MAX,
				  ((u64)totalram_pages() << PAGE_SHIFT) / 32 /
				  (kmem_cache_size(lvs_conn_cache) +
				   2 * sizeof(void *)));
	return 0;
}

void lvs_conn_cache_exit(void)
{
	/* Connections are freed by RCU callbacks. */
	rcu_barrier();
	kmem_cache_destroy(lvs_conn_cache);
}
