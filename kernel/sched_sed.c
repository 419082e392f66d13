// SPDX-License-Identifier: GPL-2.0
/*
 * Shortest expected delay: the usable server with the smallest
 * (active connections + 1) / weight, the delay a new connection expects;
 * first in list order on ties, as ip_vs_sed. Inactive connections cost
 * nothing here, unlike wlc.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_sed_schedule(struct lvs_service *svc,
					 const struct sk_buff *skb,
					 const struct lvs_pkt *pkt)
{
	return lvs_sched_least(svc, lvs_dest_queue_overhead, false);
}

const struct lvs_scheduler lvs_sched_sed = {
	.name		= "sed",
	.schedule	= lvs_sed_schedule,
};
