// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted failover: every new connection goes to the usable server with
 * the highest weight, the first in list order on ties, as ip_vs_fo.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_fo_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *best = NULL;
	int bw = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		int w = atomic_read(&dest->weight);

		if (lvs_dest_usable(dest) && w > bw) {
			best = dest;
			bw = w;
		}
	}
	return best;
}

const struct lvs_scheduler lvs_sched_fo = {
	.name		= "fo",
	.schedule	= lvs_fo_schedule,
};
