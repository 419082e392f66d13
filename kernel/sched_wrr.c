// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted round robin, the interleaved variant IPVS uses: walk the list
 * repeatedly, lowering the current weight by the weights' gcd each lap,
 * and pick servers whose weight reaches it. Weights 1 and 2 give B, A, B...
 * The same state and walk as ip_vs_wrr, so assignments match IPVS.
 */
#include <linux/gcd.h>
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

struct lvs_wrr {
	struct lvs_dest *cursor;	/* last pick, or the list head */
	int cw;				/* current weight */
	int mw;				/* max weight, less gcd - 1 */
	int di;				/* gcd of the weights */
};

static struct lvs_dest *lvs_wrr_head(struct lvs_service *svc)
{
	return list_entry(&svc->dests, struct lvs_dest, n_list);
}

/* Recompute gcd and max weight; the cycle continues where it can. */
static void lvs_wrr_recalc(struct lvs_service *svc, struct lvs_wrr *w)
{
	struct lvs_dest *dest;
	int max = 0, g = 0;

	list_for_each_entry(dest, &svc->dests, n_list) {
		int weight = atomic_read(&dest->weight);

		if (weight > 0) {
			g = g ? gcd(g, weight) : weight;
			max = max_t(int, max, weight);
		}
	}
	w->di = g ? g : 1;
	w->mw = max - (w->di - 1);
	w->cursor = lvs_wrr_head(svc);
	if (w->cw > w->mw || !w->cw)
		w->cw = w->mw;
	else if (w->di > 1)
		w->cw = (w->cw / w->di) * w->di + 1;
}

static int lvs_wrr_init_service(struct lvs_service *svc)
{
	struct lvs_wrr *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM;
	lvs_wrr_recalc(svc, w);
	svc->sched_data = w;
	return 0;
}

static void lvs_wrr_done_service(void *sched_data)
{
	kfree(sched_data);
}

static void lvs_wrr_dest_changed(struct lvs_service *svc,
				 struct lvs_dest *dest)
{
	spin_lock_bh(&svc->sched_lock);
	lvs_wrr_recalc(svc, svc->sched_data);
	spin_unlock_bh(&svc->sched_lock);
}

static struct lvs_dest *lvs_wrr_schedule(struct lvs_service *svc,
					 const struct sk_buff *skb,
					 const struct lvs_pkt *pkt)
{
	struct lvs_wrr *w = svc->sched_data;
	struct lvs_dest *dest, *last, *stop = NULL;
	bool last_pass = false, restarted = false;

	spin_lock_bh(&svc->sched_lock);
	dest = w->cursor;
	last = dest;
	if (w->mw == 0)
		goto none;
	/* Give up only after every server was tried at weight >= 1. */
	for (;;) {
		list_for_each_entry_continue_rcu(dest, &svc->dests, n_list) {
			if (!READ_ONCE(dest->overloaded) &&
			    atomic_read(&dest->weight) >= w->cw)
				goto found;
			if (dest == stop)
				goto none;
		}
		w->cw -= w->di;
		if (w->cw <= 0) {
			w->cw = w->mw;
			if (last_pass || last == lvs_wrr_head(svc))
				goto none;
			restarted = true;
		}
		last_pass = w->cw <= w->di;
		/* The lap at weight >= 1 began after 'last': finish it. */
		if (last_pass && restarted && last != lvs_wrr_head(svc))
			stop = last;
	}
found:
	w->cursor = dest;
	spin_unlock_bh(&svc->sched_lock);
	return dest;
none:
	w->cursor = dest;
	spin_unlock_bh(&svc->sched_lock);
	return NULL;
}

const struct lvs_scheduler lvs_sched_wrr = {
	.name		= "wrr",
	.init_service	= lvs_wrr_init_service,
	.done_service	= lvs_wrr_done_service,
	.add_dest	= lvs_wrr_dest_changed,
	.del_dest	= lvs_wrr_dest_changed,
	.upd_dest	= lvs_wrr_dest_changed,
	.schedule	= lvs_wrr_schedule,
};
