// SPDX-License-Identifier: GPL-2.0
/*
 * Overflow: the usable server with the highest weight among those whose
 * active connections do not exceed their weight, so load spills to the
 * next server once the first is "full"; first on ties, as ip_vs_ovf.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_ovf_schedule(struct lvs_service *svc,
					 const struct sk_buff *skb,
					 const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *best = NULL;
	int bw = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		int w = atomic_read(&dest->weight);

		if (!lvs_dest_usable(dest) ||
		    atomic_read(&dest->activeconns) > w)
			continue;
		if (!best || w > bw) {
			best = dest;
			bw = w;
		}
	}
	return best;
}

const struct lvs_scheduler lvs_sched_ovf = {
	.name		= "ovf",
	.schedule	= lvs_ovf_schedule,
};
