// SPDX-License-Identifier: GPL-2.0
/*
 * The locality table of lblc and lblcr: which server (or servers) a
 * destination address went to. As ip_vs_lblc/ip_vs_lblcr: 1024 buckets
 * keyed by the folded address, at most 16384 entries before garbage
 * collection drops those unused for 6 minutes (and no new entry beyond
 * 24576), and every half hour or so a full pass drops those unused for a
 * day. IPVS runs the collection from a timer every minute; here it runs
 * at most once a minute, when a connection is scheduled, so an idle
 * service costs nothing and no timer outlives it.
 *
 * Everything runs under svc->sched_lock: entries are found, changed and
 * freed only under it, so they need no RCU.
 */
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

#define LVS_LBL_MAX_ENTRIES	((1 << LVS_LBL_TAB_BITS) * 16)
#define LVS_LBL_CHECK_INTERVAL	(60 * HZ)
#define LVS_LBL_ENTRY_TIMEOUT	(6 * 60 * HZ)	/* when over the maximum */
#define LVS_LBL_EXPIRATION	(24 * 60 * 60 * HZ)	/* always */
#define LVS_LBL_FULL_CHECK	30		/* checks between full ones */

int lvs_lbl_init(struct lvs_service *svc,
		 void (*free_entry)(struct lvs_lbl_entry *en))
{
	struct lvs_lbl_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->free_entry = free_entry;
	t->counter = 1;
	t->next_check = jiffies + LVS_LBL_CHECK_INTERVAL;
	svc->sched_data = t;
	return 0;
}

static bool lvs_lbl_drop_all(struct lvs_lbl_entry *en, void *arg)
{
	return true;
}

/* No reader is left: the service is gone or its scheduler replaced. */
void lvs_lbl_done(void *sched_data)
{
	struct lvs_lbl_table *t = sched_data;

	lvs_lbl_purge(t, lvs_lbl_drop_all, NULL);
	kfree(t);
}

static unsigned int lvs_lbl_bucket(u8 af, const union nf_inet_addr *addr)
{
	return hash_32(lvs_addr_fold(af, addr), LVS_LBL_TAB_BITS);
}

struct lvs_lbl_entry *lvs_lbl_get(struct lvs_lbl_table *t, u8 af,
				  const union nf_inet_addr *addr)
{
	struct lvs_lbl_entry *en;

	hlist_for_each_entry(en, &t->bucket[lvs_lbl_bucket(af, addr)], node)
		if (lvs_addr_equal(af, &en->addr, addr))
			return en;
	return NULL;
}

/* Whether a new entry may be added (IPVS allows 1.5 times the maximum). */
bool lvs_lbl_room(const struct lvs_lbl_table *t)
{
	return t->entries < LVS_LBL_MAX_ENTRIES * 3 / 2;
}

void lvs_lbl_add(struct lvs_lbl_table *t, struct lvs_lbl_entry *en, u8 af,
		 const union nf_inet_addr *addr)
{
	en->addr = *addr;
	en->lastuse = jiffies;
	hlist_add_head(&en->node, &t->bucket[lvs_lbl_bucket(af, addr)]);
	t->entries++;
}

static void lvs_lbl_del(struct lvs_lbl_table *t, struct lvs_lbl_entry *en)
{
	hlist_del(&en->node);
	t->entries--;
	t->free_entry(en);
}

/* Delete every entry drop() says should go. */
void lvs_lbl_purge(struct lvs_lbl_table *t,
		   bool (*drop)(struct lvs_lbl_entry *en, void *arg),
		   void *arg)
{
	struct lvs_lbl_entry *en;
	struct hlist_node *tmp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t->bucket); i++)
		hlist_for_each_entry_safe(en, tmp, &t->bucket[i], node)
			if (drop(en, arg))
				lvs_lbl_del(t, en);
}

static bool lvs_lbl_unused_for(struct lvs_lbl_entry *en, void *arg)
{
	return !time_before(jiffies, en->lastuse + *(unsigned long *)arg);
}

/*
 * The garbage collection of ip_vs_lblc_check_expire(): over the maximum,
 * drop entries unused for 6 minutes, from where the last pass stopped,
 * until 4/3 of the excess (at most half the maximum) are gone.
 */
static void lvs_lbl_shrink(struct lvs_lbl_table *t)
{
	const unsigned int mask = ARRAY_SIZE(t->bucket) - 1;
	unsigned long timeout = LVS_LBL_ENTRY_TIMEOUT;
	int goal = (t->entries - LVS_LBL_MAX_ENTRIES) * 4 / 3;
	struct lvs_lbl_entry *en;
	struct hlist_node *tmp;
	unsigned int i, j = t->rover;

	goal = min(goal, LVS_LBL_MAX_ENTRIES / 2);
	for (i = 0; i < ARRAY_SIZE(t->bucket) && goal > 0; i++) {
		j = (j + 1) & mask;
		hlist_for_each_entry_safe(en, tmp, &t->bucket[j], node) {
			if (lvs_lbl_unused_for(en, &timeout)) {
				lvs_lbl_del(t, en);
				goal--;
			}
		}
	}
	t->rover = j;
}

/* Called with each new connection; does its work once a minute. */
void lvs_lbl_expire(struct lvs_lbl_table *t)
{
	unsigned long expiration = LVS_LBL_EXPIRATION;

	if (time_before(jiffies, t->next_check))
		return;
	t->next_check = jiffies + LVS_LBL_CHECK_INTERVAL;
	if (!(t->counter % LVS_LBL_FULL_CHECK)) {
		lvs_lbl_purge(t, lvs_lbl_unused_for, &expiration);
		t->counter = 1;
	} else if (t->entries <= LVS_LBL_MAX_ENTRIES) {
		t->counter++;
	} else {
		lvs_lbl_shrink(t);
	}
}

/*
 * IPVS's test for moving a destination elsewhere: its server has more
 * active connections than its weight while another has fewer than half.
 */
bool lvs_lbl_overloaded(struct lvs_service *svc, struct lvs_dest *dest)
{
	struct lvs_dest *d;

	if (atomic_read(&dest->activeconns) <= atomic_read(&dest->weight))
		return false;
	list_for_each_entry_rcu(d, &svc->dests, n_list)
		if (atomic_read(&d->activeconns) * 2 < atomic_read(&d->weight))
			return true;
	return false;
}
