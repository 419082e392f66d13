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
 * Lifetime: an entry (a connection or a template) is born dead, and is
 * made live once it is hashed in every table it belongs to; until then
 * only its creator may tear it down, which it does quietly if hashing
 * fails. A live entry is torn down by whoever marks it dead under its
 * lock: its timer callback, lvs_conn_retire() (a client reusing its port,
 * a deletion over netlink, a template whose real server left), or
 * lvs_conn_exit() once every timer is shut down. After that nothing
 * re-arms the timer; the entry is unhashed and the table's reference
 * dropped. The last reference drops what the entry holds and frees it
 * after an RCU grace period.
 *
 * Persistence templates live in conn_in too, under a key of their own
 * (flags LVS_CONN_F_TEMPLATE, so no packet's tuple finds one). Each
 * connection a template directed holds a reference on it, and the
 * template's timer restarts instead of expiring while any is left, so a
 * template outlives its connections, as in IPVS. A retired template
 * leaves the table at once; the connections it directed keep only its
 * memory (and its real server) until they end.
 *
 * Connection events (conn_nl.c) are raised here, for templates as for
 * connections (LVS_CONN_ATTR_FLAGS tells them apart): new once live,
 * state on every change, destroy when a live entry is unhashed.
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

static u32 lvs_tuple_hash(const struct lvs_tuple *t, u32 seed)
{
	u32 h = lvs_addr_hash(t->af, t->saddr, seed);

	h = lvs_addr_hash(t->af, t->daddr, h);
	return jhash_2words((__force u32)t->sport << 16 | (__force u32)t->dport,
			    t->flags << 16 | t->af << 8 | t->proto, h);
}

static bool lvs_tuple_equal(const struct lvs_tuple *a,
			    const struct lvs_tuple *b)
{
	return a->sport == b->sport && a->dport == b->dport &&
	       a->af == b->af && a->proto == b->proto &&
	       a->flags == b->flags &&
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
	return lvs_conn_find(ln, &t);
}

struct lvs_conn *lvs_conn_find(struct lvs_net *ln, const struct lvs_tuple *t)
{
	return rhashtable_lookup(&ln->conn_in, t, lvs_conn_params[LVS_DIR_IN]);
}

static bool lvs_conn_is_template(const struct lvs_conn *c)
{
	return c->flags & LVS_CONN_F_TEMPLATE;
}

/* Replies cross the director, and are found in conn_out, under NAT only. */
static bool lvs_conn_has_out(const struct lvs_conn *c)
{
	return c->fwd == LVS_FWD_NAT && !lvs_conn_is_template(c);
}

/* The dest counter c is counted in while in this state. */
static atomic_t *lvs_conn_counter(const struct lvs_conn *c, u8 state)
{
	if (lvs_conn_is_template(c))
		return &c->dest->persistconns;
	return state == LVS_STATE_TCP_ESTABLISHED ? &c->dest->activeconns :
						    &c->dest->inactconns;
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
	atomic_dec(&lvs_conn_net(c)->conn_count);
	lvs_dest_put(dest);
	if (c->control)
		lvs_conn_put(c->control);
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

	rhashtable_remove_fast(&ln->conn_in, &c->in_node,
			       lvs_conn_params[LVS_DIR_IN]);
	if (lvs_conn_has_out(c))
		rhashtable_remove_fast(&ln->conn_out, &c->out_node,
				       lvs_conn_params[LVS_DIR_OUT]);
}

/* Jiffies to c's deadline: negative once it has passed. */
static s32 lvs_conn_left(const struct lvs_conn *c)
{
	return (s32)(READ_ONCE(c->expires) - (u32)jiffies);
}

/*
 * Every packet moves the deadline; the timer follows only when it comes
 * sooner than the timer is armed for. A later deadline is found by the
 * timer when it fires, which re-arms for it: no timer-base lock per packet,
 * one extra expiry per timeout at most. The deadline is kept in 32 bits of
 * jiffies, as conntrack keeps its own: a timeout beyond 2^31 jiffies (24
 * days at HZ=1000, LVS_TIMEOUT_MAX being 30) is cut to that. Under c->lock.
 */
static void lvs_conn_set_deadline(struct lvs_conn *c, unsigned long timeout)
{
	unsigned long expires = jiffies + min_t(unsigned long, timeout, S32_MAX);

	WRITE_ONCE(c->expires, (u32)expires);
	if (!timer_pending(&c->timer) ||
	    time_before(expires, c->timer.expires))
		mod_timer(&c->timer, expires);
}

static void lvs_conn_timer(struct timer_list *t)
{
	struct lvs_conn *c = from_timer(c, t, timer);
	s32 left;

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
	c->dead = true;
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
	c->dead = true;
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

void lvs_conn_expire_now(struct lvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (!c->dead)
		lvs_conn_set_deadline(c, 0);
	spin_unlock_bh(&c->lock);
}

unsigned long lvs_conn_expires(const struct lvs_conn *c)
{
	s32 left = lvs_conn_left(c);

	return left > 0 ? left : 0;
}

/*
 * Hashed in every table it belongs to: arm its timer, expiring in t. The
 * new event goes out under the lock, so no destroy event can precede it.
 */
static void lvs_conn_go_live(struct lvs_conn *c, unsigned long t)
{
	spin_lock_bh(&c->lock);
	c->dead = false;
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
 * Count, initialise and hash c, which has its key and dest filled; under
 * RCU. Takes over c (and the reference on c->control, if any) whatever
 * happens. Returns c, hashed but not yet live (the caller makes it so),
 * or the entry another CPU hashed under the same key first, or an
 * ERR_PTR: -ENOENT when dest is being removed, -EEXIST when a connection
 * of another VIP already owns the reply tuple, -ENOSPC when ln holds
 * max_conns entries.
 */
static struct lvs_conn *lvs_conn_hash(struct lvs_net *ln, struct lvs_conn *c)
{
	struct lvs_dest *dest = c->dest;
	struct lvs_conn *old;
	struct lvs_tuple t;

	spin_lock_init(&c->lock);
	timer_setup(&c->timer, lvs_conn_timer, 0);
	refcount_set(&c->refcnt, 1);
	c->state = LVS_STATE_NONE;
	/* Not live until hashed everywhere: no one else may tear it down. */
	c->dead = true;
	/* Counted first: lvs_conn_release() uncounts. */
	if (!lvs_conn_reserve(ln)) {
		old = ERR_PTR(-ENOSPC);
		goto err_free;
	}
	/* The scheduler picked dest under RCU: it may be on its way out. */
	if (!refcount_inc_not_zero(&dest->refcnt)) {
		atomic_dec(&ln->conn_count);
		old = ERR_PTR(-ENOENT);
		goto err_free;
	}
	/* Counted before readers can see it and move it between states. */
	atomic_inc(lvs_conn_counter(c, c->state));
	if (lvs_conn_is_template(c))
		atomic_inc(&ln->tmpl_count);

	lvs_conn_tuple(c, LVS_DIR_IN, &t);
	old = rhashtable_lookup_get_insert_key(&ln->conn_in, &t, &c->in_node,
					       lvs_conn_params[LVS_DIR_IN]);
	if (old) {
		/* Never published: no reader and no timer to wait for. */
		lvs_conn_release(c);
		return old;
	}
	if (lvs_conn_has_out(c)) {
		lvs_conn_tuple(c, LVS_DIR_OUT, &t);
		old = rhashtable_lookup_get_insert_key(&ln->conn_out, &t,
						       &c->out_node,
						       lvs_conn_params[LVS_DIR_OUT]);
		if (old) {
			/*
			 * Readers may have found it in conn_in, but it is
			 * not live: no one else holds or tears it down, and
			 * the free waits for the readers.
			 */
			rhashtable_remove_fast(&ln->conn_in, &c->in_node,
					       lvs_conn_params[LVS_DIR_IN]);
			lvs_conn_put(c);
			return IS_ERR(old) ? old : ERR_PTR(-EEXIST);
		}
	}
	return c;

err_free:
	if (c->control)
		lvs_conn_put(c->control);
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
	struct lvs_conn *ret;

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
	lvs_conn_go_live(c, READ_ONCE(ln->timeouts[LVS_STATE_NONE]));
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

static int lvs_conn_drop_orphan(struct lvs_conn *c, void *arg)
{
	if (lvs_conn_is_template(c) && !READ_ONCE(c->dest->available))
		lvs_conn_retire(c);
	return 0;
}

/*
 * Retire the templates whose real server left its service, so that they
 * release it (and its service) now rather than at their timeout; under
 * config_mutex, after a real server or service was deleted. Connections
 * they directed keep flowing.
 */
void lvs_conn_drop_templates(struct lvs_net *ln)
{
	struct rhashtable_iter iter;
	unsigned int restarts = 0;

	if (!atomic_read(&ln->tmpl_count))
		return;
	lvs_conn_walk_enter(ln, &iter);
	lvs_conn_walk(&iter, lvs_conn_drop_orphan, NULL, &restarts);
	lvs_conn_walk_exit(&iter);
}

int lvs_conn_init(struct lvs_net *ln)
{
	int err;

	atomic_set(&ln->conn_count, 0);
	atomic_set(&ln->tmpl_count, 0);
	err = rhashtable_init(&ln->conn_in, &lvs_conn_params[LVS_DIR_IN]);
	if (err)
		return err;
	err = rhashtable_init(&ln->conn_out, &lvs_conn_params[LVS_DIR_OUT]);
	if (err)
		rhashtable_destroy(&ln->conn_in);
	return err;
}

/* The table's reference: connections and templates go in any order. */
static void lvs_conn_free_fn(void *obj, void *arg)
{
	lvs_conn_put(obj);
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
