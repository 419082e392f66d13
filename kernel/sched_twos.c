// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted random twos choice: draw two usable servers at random in
 * proportion to their weights and keep the one with the smaller
 * overhead / weight (the first draw on ties), as ip_vs_twos. Random, so
 * no two runs need agree.
 */
#include <linux/math64.h>
#include <linux/random.h>

#include "lvs.h"
#include "sched.h"

/* Uniform in [0, total] but for a bias below (total + 1) / 2^64. */
static s64 lvs_twos_draw(u64 total)
{
	u64 r;

	div64_u64_rem(get_random_u64(), total + 1, &r);
	return r;
}

static struct lvs_dest *lvs_twos_schedule(struct lvs_service *svc,
					  const struct sk_buff *skb,
					  const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *c1 = NULL, *c2 = NULL;
	s64 r1, r2, oh1 = 0, oh2 = 0, w1 = 0, w2 = 0;
	u64 total = 0;	/* 32 bits hold only 32k servers of weight 65535 */

	list_for_each_entry_rcu(dest, &svc->dests, n_list)
		if (lvs_dest_usable(dest))
			total += atomic_read(&dest->weight);
	if (!total)
		return NULL;

	/* As IPVS: draws in [0, total], so a draw of 0 takes the first. */
	r1 = lvs_twos_draw(total);
	r2 = lvs_twos_draw(total);
	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		int w;

		if (!lvs_dest_usable(dest))
			continue;
		w = atomic_read(&dest->weight);
		r1 -= w;
		r2 -= w;
		if (r1 <= 0 && !c1) {
			c1 = dest;
			w1 = w;
			oh1 = lvs_dest_overhead(dest);
		}
		if (r2 <= 0 && !c2) {
			c2 = dest;
			w2 = w;
			oh2 = lvs_dest_overhead(dest);
		}
		if (c1 && c2)
			break;
	}
	/* A weight may have dropped to 0 between the walks. */
	if (!c1 || !c2)
		return c1 ?: c2;
	if (w2 * oh1 > w1 * oh2)
		return c2;
	return c1;
}

const struct lvs_scheduler lvs_sched_twos = {
	.name		= "twos",
	.schedule	= lvs_twos_schedule,
};
