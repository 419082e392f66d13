// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted least connection: the usable server with the smallest
 * overhead / weight, compared by cross-multiplying; first on ties.
 */
#include "lvs.h"

static struct lvs_dest *lvs_wlc_schedule(struct lvs_service *svc,
					 const struct sk_buff *skb,
					 const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *least = NULL;
	s64 loh = 0, lw = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		s64 doh, dw;

		if (!lvs_dest_usable(dest))
			continue;
		doh = lvs_dest_overhead(dest);
		dw = atomic_read(&dest->weight);
		if (!least || loh * dw > doh * lw) {
			least = dest;
			loh = doh;
			lw = dw;
		}
	}
	return least;
}

struct lvs_scheduler lvs_sched_wlc = {
	.name		= "wlc",
	.schedule	= lvs_wlc_schedule,
};
