// SPDX-License-Identifier: GPL-2.0
/*
 * Source hashing: the client's address picks one of 256 buckets, each
 * real server holding as many consecutive buckets as its weight (at least
 * one), as in ip_vs_sh. A bucket whose server is quiesced or overloaded
 * gets nothing, unless the service has sh-fallback: then the next usable
 * server in the table takes it. sh-port hashes the client's port too.
 */
#include "lvs.h"
#include "sched.h"

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
	u32 flags = READ_ONCE(svc->flags);
	u32 key = lvs_addr_fold(pkt->af, &pkt->saddr);

	if (flags & LVS_SVC_F_SCHED_PORT)
		key += ntohs(pkt->sport);
	return lvs_sched_tab_get(svc, key, flags & LVS_SVC_F_SCHED_FALLBACK);
}

const struct lvs_scheduler lvs_sched_sh = {
	.name		= "sh",
	.flags		= LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT,
	.init_service	= lvs_sh_init_service,
	.done_service	= lvs_sched_tab_done,
	.add_dest	= lvs_sh_dest_changed,
	.del_dest	= lvs_sh_dest_changed,
	.upd_dest	= lvs_sh_dest_changed,
	.schedule	= lvs_sh_schedule,
};
