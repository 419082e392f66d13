// SPDX-License-Identifier: GPL-2.0
/*
 * Round robin: each new connection goes to the next usable real server in
 * list order. The cursor is the list position of the last pick (the list
 * head before the first), as in IPVS, so sequences match ip_vs_rr.
 */
#include "lvs.h"
#include "sched.h"

static int lvs_rr_init_service(struct lvs_service *svc)
{
	svc->sched_data = &svc->dests;
	return 0;
}

static void lvs_rr_del_dest(struct lvs_service *svc, struct lvs_dest *dest)
{
	struct list_head *cursor;

	spin_lock_bh(&svc->sched_lock);
	cursor = svc->sched_data;
	/* dest is unlinked: its ->next still leads back into the list. */
	if (cursor == &dest->n_list)
		svc->sched_data = cursor->next->prev;
	spin_unlock_bh(&svc->sched_lock);
}

static struct lvs_dest *lvs_rr_schedule(struct lvs_service *svc,
					const struct sk_buff *skb,
					const struct lvs_pkt *pkt)
{
	struct lvs_dest *dest, *last;
	struct list_head *cursor;
	int pass;

	spin_lock_bh(&svc->sched_lock);
	cursor = svc->sched_data;
	last = list_entry(cursor, struct lvs_dest, n_list);
	dest = last;
	/* Two passes at most: the head sits between the last pick and us. */
	for (pass = 0; pass < 2; pass++) {
		list_for_each_entry_continue_rcu(dest, &svc->dests, n_list) {
			if (lvs_dest_usable(dest)) {
				svc->sched_data = &dest->n_list;
				spin_unlock_bh(&svc->sched_lock);
				return dest;
			}
			if (dest == last)
				goto none;
		}
		if (cursor == &svc->dests)
			break;
	}
none:
	spin_unlock_bh(&svc->sched_lock);
	return NULL;
}

const struct lvs_scheduler lvs_sched_rr = {
	.name		= "rr",
	.init_service	= lvs_rr_init_service,
	.del_dest	= lvs_rr_del_dest,
	.schedule	= lvs_rr_schedule,
};
