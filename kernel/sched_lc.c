// SPDX-License-Identifier: GPL-2.0
/*
 * Least connection: the usable server with the smallest overhead (active
 * connections weigh 256 inactive ones); the first in list order on ties.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_lc_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *least = NULL;
	s64 loh = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		s64 doh;

		if (!lvs_dest_usable(dest))
			continue;
		doh = lvs_dest_overhead(dest);
		if (!least || doh < loh) {
			least = dest;
			loh = doh;
		}
	}
	return least;
}

const struct lvs_scheduler lvs_sched_lc = {
	.name		= "lc",
	.schedule	= lvs_lc_schedule,
};
