// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters for services and real servers, and their rate
 * estimator. The data path only ever touches its own CPU's counters;
 * readers sum them. Zeroing records the totals instead of writing to
 * other CPUs' counters, so it never races with the data path.
 */
#include <linux/slab.h>

#include "lvs.h"

#define LVS_EST_INTERVAL	(2 * HZ)
#define LVS_EST_SHIFT		10	/* rates are kept scaled by 2^10 */

enum {
	LVS_RATE_CPS,
	LVS_RATE_INPPS,
	LVS_RATE_OUTPPS,
	LVS_RATE_INBPS,
	LVS_RATE_OUTBPS,
};

/*
 * alloc_percpu() takes a global mutex and searches a bitmap on every call:
 * restoring 100,000 real servers spent a third of its kernel time there.
 * Counters are carved instead from per-CPU blocks of LVS_STATS_CELLS
 * cells; a block is freed when its last cell is.
 */
#define LVS_STATS_CELLS		64

struct lvs_stats_block {
	struct list_head list;		/* in lvs_stats_partial if not full */
	struct lvs_cpu_stats __percpu *cells;
	u64 used;			/* bit i: cell i is taken */
};

static LIST_HEAD(lvs_stats_partial);
/* Taken in process context and in RCU callbacks (which free stats). */
static DEFINE_SPINLOCK(lvs_stats_pool_lock);

static struct lvs_stats_block *lvs_stats_block_new(void)
{
	struct lvs_stats_block *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->cells = (struct lvs_cpu_stats __percpu *)
		__alloc_percpu(LVS_STATS_CELLS * sizeof(struct lvs_cpu_stats),
			       __alignof__(struct lvs_cpu_stats));
	if (!b->cells) {
		kfree(b);
		return NULL;
	}
	return b;
}

/* Take a free cell of a block with one, making a block if needed. */
static int lvs_stats_cell_get(struct lvs_stats *s)
{
	struct lvs_stats_block *b, *fresh;
	unsigned int i;

	spin_lock_bh(&lvs_stats_pool_lock);
	b = list_first_entry_or_null(&lvs_stats_partial,
				     struct lvs_stats_block, list);
	if (!b) {
		/* kzalloc and alloc_percpu sleep: leave the lock. */
		spin_unlock_bh(&lvs_stats_pool_lock);
		fresh = lvs_stats_block_new();
		if (!fresh)
			return -ENOMEM;
		spin_lock_bh(&lvs_stats_pool_lock);
		list_add(&fresh->list, &lvs_stats_partial);
		b = fresh;
	}
	i = __ffs64(~b->used);
	b->used |= BIT_ULL(i);
	if (b->used == U64_MAX)
		list_del_init(&b->list);
	spin_unlock_bh(&lvs_stats_pool_lock);

	s->block = b;
	s->cpu = b->cells + i;
	return 0;
}

static void lvs_stats_cell_put(struct lvs_stats *s)
{
	struct lvs_stats_block *b = s->block;
	unsigned int i = s->cpu - b->cells;
	bool empty;

	spin_lock_bh(&lvs_stats_pool_lock);
	if (b->used == U64_MAX)
		list_add(&b->list, &lvs_stats_partial);
	b->used &= ~BIT_ULL(i);
	empty = !b->used;
	if (empty)
		list_del(&b->list);
	spin_unlock_bh(&lvs_stats_pool_lock);
	if (empty) {
		free_percpu(b->cells);
		kfree(b);
	}
}

int lvs_stats_init(struct lvs_stats *s)
{
	int cpu;

	memset(s, 0, sizeof(*s));
	if (lvs_stats_cell_get(s))
		return -ENOMEM;
	/* A reused cell holds its previous owner's counts. */
	for_each_possible_cpu(cpu) {
		struct lvs_cpu_stats *c = per_cpu_ptr(s->cpu, cpu);

		memset(c, 0, sizeof(*c));
		u64_stats_init(&c->syncp);
	}
	spin_lock_init(&s->lock);
	return 0;
}

void lvs_stats_destroy(struct lvs_stats *s)
{
	lvs_stats_cell_put(s);
}

static void lvs_stats_sum(struct lvs_stats *s, struct lvs_cpu_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct lvs_cpu_stats *c = per_cpu_ptr(s->cpu, cpu);
		u64 conns, inpkts, outpkts, inbytes, outbytes;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			conns = c->conns;
			inpkts = c->inpkts;
			outpkts = c->outpkts;
			inbytes = c->inbytes;
			outbytes = c->outbytes;
		} while (u64_stats_fetch_retry(&c->syncp, start));
		sum->conns += conns;
		sum->inpkts += inpkts;
		sum->outpkts += outpkts;
		sum->inbytes += inbytes;
		sum->outbytes += outbytes;
	}
}

void lvs_stats_read(struct lvs_stats *s, struct lvs_stats_snapshot *out)
{
	struct lvs_cpu_stats sum;

	lvs_stats_sum(s, &sum);
	spin_lock_bh(&s->lock);
	out->conns = sum.conns - s->zero.conns;
	out->inpkts = sum.inpkts - s->zero.inpkts;
	out->outpkts = sum.outpkts - s->zero.outpkts;
	out->inbytes = sum.inbytes - s->zero.inbytes;
	out->outbytes = sum.outbytes - s->zero.outbytes;
	out->cps = s->rate[LVS_RATE_CPS] >> LVS_EST_SHIFT;
	out->inpps = s->rate[LVS_RATE_INPPS] >> LVS_EST_SHIFT;
	out->outpps = s->rate[LVS_RATE_OUTPPS] >> LVS_EST_SHIFT;
	out->inbps = s->rate[LVS_RATE_INBPS] >> LVS_EST_SHIFT;
	out->outbps = s->rate[LVS_RATE_OUTBPS] >> LVS_EST_SHIFT;
	spin_unlock_bh(&s->lock);
}

void lvs_stats_zero(struct lvs_stats *s)
{
	struct lvs_cpu_stats sum;

	lvs_stats_sum(s, &sum);
	spin_lock_bh(&s->lock);
	s->zero = sum;
	memset(s->rate, 0, sizeof(s->rate));
	spin_unlock_bh(&s->lock);
}

/* Move a scaled rate a quarter of the way to the newest sample. */
static void lvs_rate_update(u64 *rate, u64 now, u64 then)
{
	s64 sample = div_u64((now - then) << LVS_EST_SHIFT,
			     LVS_EST_INTERVAL / HZ);

	*rate += (sample - (s64)*rate) >> 2;
}

static void lvs_stats_estimate(struct lvs_stats *s)
{
	struct lvs_cpu_stats sum;

	lvs_stats_sum(s, &sum);
	spin_lock_bh(&s->lock);
	lvs_rate_update(&s->rate[LVS_RATE_CPS], sum.conns, s->last.conns);
	lvs_rate_update(&s->rate[LVS_RATE_INPPS], sum.inpkts, s->last.inpkts);
	lvs_rate_update(&s->rate[LVS_RATE_OUTPPS], sum.outpkts,
			s->last.outpkts);
	lvs_rate_update(&s->rate[LVS_RATE_INBPS], sum.inbytes,
			s->last.inbytes);
	lvs_rate_update(&s->rate[LVS_RATE_OUTBPS], sum.outbytes,
			s->last.outbytes);
	s->last = sum;
	spin_unlock_bh(&s->lock);
}

/* Runs every LVS_EST_INTERVAL per namespace with services. */
static void lvs_est_work(struct work_struct *work)
{
	struct lvs_net *ln = container_of(to_delayed_work(work),
					  struct lvs_net, est_work);
	struct lvs_service *svc;
	struct lvs_dest *dest;
	unsigned int i;

	mutex_lock(&ln->config_mutex);
	for (i = 0; i < lvs_svc_buckets(ln); i++) {
		hlist_for_each_entry(svc, &ln->svc_table[i], s_list) {
			lvs_stats_estimate(&svc->stats);
			list_for_each_entry(dest, &svc->dests, n_list)
				lvs_stats_estimate(&dest->stats);
		}
	}
	mutex_unlock(&ln->config_mutex);
	queue_delayed_work(system_long_wq, &ln->est_work, LVS_EST_INTERVAL);
}

void lvs_est_start(struct lvs_net *ln)
{
	INIT_DELAYED_WORK(&ln->est_work, lvs_est_work);
	queue_delayed_work(system_long_wq, &ln->est_work, LVS_EST_INTERVAL);
}

void lvs_est_stop(struct lvs_net *ln)
{
	cancel_delayed_work_sync(&ln->est_work);
}
