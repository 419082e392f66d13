// SPDX-License-Identifier: GPL-2.0
/*
 * Never queue: the first usable server with no active connection, else
 * the shortest expected delay as sed; the same walk as ip_vs_nq.
 */
#include "lvs.h"
#include "sched.h"

static struct lvs_dest *lvs_nq_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	return lvs_sched_least(svc, lvs_dest_queue_overhead, true);
}

const struct lvs_scheduler lvs_sched_nq = {
	.name		= "nq",
	.schedule	= lvs_nq_schedule,
};
