// SPDX-License-Identifier: GPL-2.0
/*
 * Locality-based least connection with replication, as ip_vs_lblcr: a
 * destination address has a set of servers and goes to the least loaded
 * usable one of them (weighted least connection within the set); when
 * that one is overloaded (more active connections than its weight while
 * another server has fewer than half its weight) or none is usable, the
 * least loaded server of the whole service joins the set. A set not
 * changed for a day loses its most loaded server, so it shrinks back when
 * the load goes.
 *
 * As in lblc: the -x threshold is honoured within the set, a removed
 * server leaves every set at once (an emptied set goes with its entry),
 * and sets point at servers without a reference, all under sched_lock.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

#define LVS_LBLCR_SET_EXPIRATION	(24 * 60 * 60 * HZ)

struct lvs_lblcr_member {
	struct list_head list;
	struct lvs_dest *dest;
};

struct lvs_lblcr_entry {
	struct lvs_lbl_entry e;
	struct list_head set;		/* of lvs_lblcr_member, newest first */
	unsigned int size;
	unsigned long lastmod;		/* jiffies of the last change */
};

static struct lvs_lblcr_entry *lvs_lblcr_entry(struct lvs_lbl_entry *e)
{
	return container_of(e, struct lvs_lblcr_entry, e);
}

static void lvs_lblcr_free_entry(struct lvs_lbl_entry *e)
{
	struct lvs_lblcr_entry *en = lvs_lblcr_entry(e);
	struct lvs_lblcr_member *m, *tmp;

	list_for_each_entry_safe(m, tmp, &en->set, list)
		kfree(m);
	kfree(en);
}

static int lvs_lblcr_init_service(struct lvs_service *svc)
{
	return lvs_lbl_init(svc, lvs_lblcr_free_entry);
}

static void lvs_lblcr_insert(struct lvs_lblcr_entry *en,
			     struct lvs_dest *dest)
{
	struct lvs_lblcr_member *m;

	list_for_each_entry(m, &en->set, list)
		if (m->dest == dest)
			return;
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return;
	m->dest = dest;
	list_add(&m->list, &en->set);
	en->size++;
	en->lastmod = jiffies;
}

static void lvs_lblcr_erase(struct lvs_lblcr_entry *en, struct lvs_dest *dest)
{
	struct lvs_lblcr_member *m;

	list_for_each_entry(m, &en->set, list) {
		if (m->dest == dest) {
			list_del(&m->list);
			kfree(m);
			en->size--;
			en->lastmod = jiffies;
			return;
		}
	}
}

/* The usable member with the least overhead / weight, first on ties. */
static struct lvs_dest *lvs_lblcr_min(struct lvs_lblcr_entry *en)
{
	struct lvs_dest *least = NULL;
	struct lvs_lblcr_member *m;
	s64 loh = 0, lw = 0;

	list_for_each_entry(m, &en->set, list) {
		s64 doh = lvs_dest_overhead(m->dest);
		s64 dw = atomic_read(&m->dest->weight);

		if (!lvs_dest_usable(m->dest))
			continue;
		if (!least || loh * dw > doh * lw) {
			least = m->dest;
			loh = doh;
			lw = dw;
		}
	}
	return least;
}

/* The member of non-zero weight with the most overhead / weight. */
static struct lvs_dest *lvs_lblcr_max(struct lvs_lblcr_entry *en)
{
	struct lvs_dest *most = NULL;
	struct lvs_lblcr_member *m;
	s64 moh = 0, mw = 0;

	list_for_each_entry(m, &en->set, list) {
		s64 doh = lvs_dest_overhead(m->dest);
		s64 dw = atomic_read(&m->dest->weight);

		if (dw <= 0)
			continue;
		if (!most || moh * dw < doh * mw) {
			most = m->dest;
			moh = doh;
			mw = dw;
		}
	}
	return most;
}

static bool lvs_lblcr_gone(struct lvs_lbl_entry *e, void *dest)
{
	struct lvs_lblcr_entry *en = lvs_lblcr_entry(e);

	lvs_lblcr_erase(en, dest);
	return !en->size;
}

static void lvs_lblcr_del_dest(struct lvs_service *svc,
			       struct lvs_dest *dest)
{
	spin_lock_bh(&svc->sched_lock);
	lvs_lbl_purge(svc->sched_data, lvs_lblcr_gone, dest);
	spin_unlock_bh(&svc->sched_lock);
}

static struct lvs_dest *lvs_lblcr_schedule(struct lvs_service *svc,
					   const struct sk_buff *skb,
					   const struct lvs_pkt *pkt)
{
	struct lvs_lbl_table *t = svc->sched_data;
	struct lvs_lblcr_entry *en = NULL;
	struct lvs_dest *dest = NULL;
	struct lvs_lbl_entry *e;

	spin_lock_bh(&svc->sched_lock);
	lvs_lbl_expire(t);
	e = lvs_lbl_get(t, pkt->af, &pkt->daddr);
	if (e) {
		en = lvs_lblcr_entry(e);
		en->e.lastuse = jiffies;
		dest = lvs_lblcr_min(en);
		if (en->size > 1 &&
		    time_after(jiffies, en->lastmod + LVS_LBLCR_SET_EXPIRATION)) {
			struct lvs_dest *most = lvs_lblcr_max(en);

			if (most)
				lvs_lblcr_erase(en, most);
		}
		if (dest && !lvs_lbl_overloaded(svc, dest))
			goto out;
	}
	dest = lvs_sched_least(svc, lvs_dest_overhead, false);
	if (!dest)
		goto out;
	if (en) {
		lvs_lblcr_insert(en, dest);
	} else if (lvs_lbl_room(t)) {
		/* Without memory the connection still goes to dest. */
		en = kmalloc(sizeof(*en), GFP_ATOMIC);
		if (en) {
			INIT_LIST_HEAD(&en->set);
			en->size = 0;
			lvs_lblcr_insert(en, dest);
			lvs_lbl_add(t, &en->e, pkt->af, &pkt->daddr);
		}
	}
out:
	spin_unlock_bh(&svc->sched_lock);
	return dest;
}

const struct lvs_scheduler lvs_sched_lblcr = {
	.name		= "lblcr",
	.init_service	= lvs_lblcr_init_service,
	.done_service	= lvs_lbl_done,
	.del_dest	= lvs_lblcr_del_dest,
	.schedule	= lvs_lblcr_schedule,
};
