// SPDX-License-Identifier: GPL-2.0
/*
 * Destination hashing: the packet's destination address picks one of 256
 * buckets, dealt to the real servers in turn regardless of weight, as in
 * ip_vs_dh. A bucket whose server is quiesced or overloaded gets nothing:
 * moving its addresses elsewhere would defeat the point of hashing.
 */
#include "lvs.h"
#include "sched.h"

static int lvs_dh_init_service(struct lvs_service *svc)
{
	return lvs_sched_tab_init(svc, false);
}

/* Weights do not shape the table, so edits need no refill. */
static void lvs_dh_dests_changed(struct lvs_service *svc,
				 struct lvs_dest *dest)
{
	lvs_sched_tab_fill(svc, false);
}

static struct lvs_dest *lvs_dh_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	return lvs_sched_tab_get(svc, lvs_addr_fold(pkt->af, &pkt->daddr),
				 false);
}

const struct lvs_scheduler lvs_sched_dh = {
	.name		= "dh",
	.init_service	= lvs_dh_init_service,
	.done_service	= lvs_sched_tab_done,
	.add_dest	= lvs_dh_dests_changed,
	.del_dest	= lvs_dh_dests_changed,
	.schedule	= lvs_dh_schedule,
};
