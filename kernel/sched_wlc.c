// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted least connection: the usable server with the smallest
 * overhead / weight, compared by cross-multiplying; first on ties.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_wlc_schedule(struct lvs_service *svc,
					 const struct sk_buff *skb,
					 const struct lvs_pkt *pkt)
{
	return lvs_sched_least(svc, lvs_dest_overhead, false);
}

const struct lvs_scheduler lvs_sched_wlc = {
	.name		= "wlc",
	.schedule	= lvs_wlc_schedule,
};
