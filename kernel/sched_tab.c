// SPDX-License-Identifier: GPL-2.0
/*
 * The bucket table dh and sh share, built as ip_vs_dh and ip_vs_sh build
 * theirs: an address hashes to a bucket, and each bucket names a server.
 */
#include <linux/hash.h>
#include <linux/slab.h>

#include "lvs.h"
#include "sched.h"

/*
 * Refill the bucket table as ip_vs_dh (one bucket per server in turn) or
 * ip_vs_sh (weight buckets in a row, at least one) do, so the same address
 * lands on the same server. Called under config_mutex; readers may see a
 * mix of old and new buckets for a moment, as in IPVS. A server dropped
 * from the table is safe: del_dest runs before its RCU-deferred free.
 */
void lvs_sched_tab_fill(struct lvs_service *svc, bool weighted)
{
	struct lvs_sched_tab *tab = svc->sched_data;
	struct list_head *p = &svc->dests;
	struct lvs_dest *dest = NULL;
	unsigned int i;
	int filled = 0;

	for (i = 0; i < ARRAY_SIZE(tab->bucket); i++) {
		if (!list_empty(&svc->dests)) {
			if (p == &svc->dests)
				p = p->next;
			dest = list_entry(p, struct lvs_dest, n_list);
			if (!weighted ||
			    ++filled >= atomic_read(&dest->weight)) {
				p = p->next;
				filled = 0;
			}
		}
		rcu_assign_pointer(tab->bucket[i], dest);
	}
}

int lvs_sched_tab_init(struct lvs_service *svc, bool weighted)
{
	struct lvs_sched_tab *tab = kzalloc(sizeof(*tab), GFP_KERNEL);

	if (!tab)
		return -ENOMEM;
	svc->sched_data = tab;
	lvs_sched_tab_fill(svc, weighted);
	return 0;
}

void lvs_sched_tab_done(void *sched_data)
{
	kfree(sched_data);
}

/*
 * Under RCU: the server key hashes to, if it may take a new connection.
 * With fallback, an unusable one passes the turn to the next usable
 * server in the table, walking from twice the hash on as ip_vs_sh does
 * (its offset is added to the hash twice), so the choices match.
 */
struct lvs_dest *lvs_sched_tab_get(struct lvs_service *svc, u32 key,
				   bool fallback)
{
	const unsigned int mask = (1 << LVS_SCHED_TAB_BITS) - 1;
	struct lvs_sched_tab *tab = svc->sched_data;
	u32 hash = hash_32(key, LVS_SCHED_TAB_BITS);
	struct lvs_dest *dest;
	unsigned int i;

	dest = rcu_dereference(tab->bucket[hash]);
	if (!dest || lvs_dest_usable(dest))
		return dest;
	if (!fallback)
		return NULL;
	for (i = 0; i <= mask; i++) {
		dest = rcu_dereference(tab->bucket[(i + 2 * hash) & mask]);
		if (!dest)
			break;
		if (lvs_dest_usable(dest))
			return dest;
	}
	return NULL;
}
