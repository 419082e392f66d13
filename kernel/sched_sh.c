// SPDX-License-Identifier: GPL-2.0
/*
 * Source hashing: the client's address picks one of 256 buckets, each
 * real server holding as many consecutive buckets as its weight (at least
 * one), as in ip_vs_sh. A bucket whose server is quiesced or overloaded
 * gets nothing. Only IPVS's default is here: no sh-fallback, no sh-port.
 */
#include "lvs.h"

static int lvs_sh_init_service(struct lvs_service *svc)
{
	return lvs_sched_tab_init(svc, true);
}

static void lvs_sh_dest_changed(struct lvs_service *svc,
				struct lvs_dest *dest)
{
	lvs_sched_tab_fill(svc, true);
}

static struct lvs_dest *lvs_sh_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	return lvs_sched_tab_get(svc, lvs_addr_fold(pkt->af, &pkt->saddr));
}

struct lvs_scheduler lvs_sched_sh = {
	.name		= "sh",
	.init_service	= lvs_sh_init_service,
	.done_service	= lvs_sched_tab_done,
	.add_dest	= lvs_sh_dest_changed,
	.del_dest	= lvs_sh_dest_changed,
	.upd_dest	= lvs_sh_dest_changed,
	.schedule	= lvs_sh_schedule,
};
