// SPDX-License-Identifier: GPL-2.0
/*
 * Locality-based least connection, as ip_vs_lblc: a destination address
 * keeps going to the server it went to before, unless that server can no
 * longer take it (quiesced, over its -x threshold, or IPVS's overload: more
 * active connections than its weight while another server has fewer than
 * half its weight); then weighted least connection picks a new one, which
 * the address keeps from then on. Meant for cache clusters, where the
 * packet's destination is the content's (a fwmark or many VIPs); with one
 * VIP, everything goes to one server until it overloads.
 *
 * Differences from IPVS: the server's -x threshold is honoured for a
 * remembered server too (IPVS only checks it when choosing anew); the
 * table survives server changes, but the entries of a removed server are
 * dropped at once (IPVS keeps them, holding the server, until they expire).
 * Entries point at servers without a reference: a removed server leaves
 * the table, under sched_lock, before it can be freed.
 */
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

struct lvs_lblc_entry {
	struct lvs_lbl_entry e;
	struct lvs_dest *dest;
};

static void lvs_lblc_free_entry(struct lvs_lbl_entry *en)
{
	kfree(container_of(en, struct lvs_lblc_entry, e));
}

static int lvs_lblc_init_service(struct lvs_service *svc)
{
	return lvs_lbl_init(svc, lvs_lblc_free_entry);
}

static bool lvs_lblc_points_to(struct lvs_lbl_entry *en, void *dest)
{
	return container_of(en, struct lvs_lblc_entry, e)->dest == dest;
}

static void lvs_lblc_del_dest(struct lvs_service *svc, struct lvs_dest *dest)
{
	spin_lock_bh(&svc->sched_lock);
	lvs_lbl_purge(svc->sched_data, lvs_lblc_points_to, dest);
	spin_unlock_bh(&svc->sched_lock);
}

static struct lvs_dest *lvs_lblc_schedule(struct lvs_service *svc,
					  const struct sk_buff *skb,
					  const struct lvs_pkt *pkt)
{
	struct lvs_lbl_table *t = svc->sched_data;
	struct lvs_lblc_entry *en;
	struct lvs_lbl_entry *e;
	struct lvs_dest *dest;

	spin_lock_bh(&svc->sched_lock);
	lvs_lbl_expire(t);
	e = lvs_lbl_get(t, pkt->af, &pkt->daddr);
	en = e ? container_of(e, struct lvs_lblc_entry, e) : NULL;
	if (en) {
		en->e.lastuse = jiffies;
		dest = en->dest;
		if (lvs_dest_usable(dest) && !lvs_lbl_overloaded(svc, dest))
			goto out;
	}
	dest = lvs_sched_least(svc, lvs_dest_overhead, false);
	if (!dest)
		goto out;
	if (en) {
		en->dest = dest;
	} else if (lvs_lbl_room(t)) {
		/* Without memory the connection still goes to dest. */
		en = kmalloc(sizeof(*en), GFP_ATOMIC);
		if (en) {
			en->dest = dest;
			lvs_lbl_add(t, &en->e, pkt->af, &pkt->daddr);
		}
	}
out:
	spin_unlock_bh(&svc->sched_lock);
	return dest;
}

const struct lvs_scheduler lvs_sched_lblc = {
	.name		= "lblc",
	.init_service	= lvs_lblc_init_service,
	.done_service	= lvs_lbl_done,
	.del_dest	= lvs_lblc_del_dest,
	.schedule	= lvs_lblc_schedule,
};
