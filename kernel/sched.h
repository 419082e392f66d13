/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the schedulers (sched.c, sched_*.c) share, and what service.c
 * asks of them; struct lvs_scheduler itself is in lvs.h, for the data
 * path and netlink.
 */
#ifndef _LVS_SCHED_H
#define _LVS_SCHED_H

#include "lvs.h"

const struct lvs_scheduler *lvs_sched_find(const char *name);
int lvs_sched_check_flags(const struct lvs_scheduler *sched, u32 flags,
			  struct netlink_ext_ack *extack);

/*
 * The bucket table dh and sh share (sched_tab.c): IPVS's 256 buckets,
 * filled by walking the real servers newest first, cycling.
 * svc->sched_data points to it.
 */
#define LVS_SCHED_TAB_BITS	8

struct lvs_sched_tab {
	struct lvs_dest __rcu *bucket[1 << LVS_SCHED_TAB_BITS];
};

int lvs_sched_tab_init(struct lvs_service *svc, bool weighted);
void lvs_sched_tab_done(void *sched_data);
void lvs_sched_tab_fill(struct lvs_service *svc, bool weighted);
struct lvs_dest *lvs_sched_tab_get(struct lvs_service *svc, u32 key,
				   bool fallback);

/*
 * The locality table lblc and lblcr share (sched_lbl.c): entries keyed by
 * the packet's destination address, dropped when unused for a day, or
 * after 6 minutes once there are too many; all under svc->sched_lock.
 */
#define LVS_LBL_TAB_BITS	10

struct lvs_lbl_entry {
	struct hlist_node node;
	union nf_inet_addr addr;
	unsigned long lastuse;		/* jiffies */
};

struct lvs_lbl_table {
	struct hlist_head bucket[1 << LVS_LBL_TAB_BITS];
	unsigned int entries;
	unsigned int counter;		/* checks since the last full one */
	unsigned long next_check;	/* jiffies */
	unsigned int rover;		/* bucket after the last one checked */
	void (*free_entry)(struct lvs_lbl_entry *en);
};

int lvs_lbl_init(struct lvs_service *svc,
		 void (*free_entry)(struct lvs_lbl_entry *en));
void lvs_lbl_done(void *sched_data);
struct lvs_lbl_entry *lvs_lbl_get(struct lvs_lbl_table *t, u8 af,
				  const union nf_inet_addr *addr);
bool lvs_lbl_room(const struct lvs_lbl_table *t);
void lvs_lbl_add(struct lvs_lbl_table *t, struct lvs_lbl_entry *en, u8 af,
		 const union nf_inet_addr *addr);
void lvs_lbl_purge(struct lvs_lbl_table *t,
		   bool (*drop)(struct lvs_lbl_entry *en, void *arg),
		   void *arg);
void lvs_lbl_expire(struct lvs_lbl_table *t);
bool lvs_lbl_overloaded(struct lvs_service *svc, struct lvs_dest *dest);

/* Built-in schedulers, found by name in sched.c's array. */
extern const struct lvs_scheduler lvs_sched_rr;
extern const struct lvs_scheduler lvs_sched_wrr;
extern const struct lvs_scheduler lvs_sched_lc;
extern const struct lvs_scheduler lvs_sched_wlc;
extern const struct lvs_scheduler lvs_sched_sed;
extern const struct lvs_scheduler lvs_sched_nq;
extern const struct lvs_scheduler lvs_sched_fo;
extern const struct lvs_scheduler lvs_sched_ovf;
extern const struct lvs_scheduler lvs_sched_dh;
extern const struct lvs_scheduler lvs_sched_sh;
extern const struct lvs_scheduler lvs_sched_twos;
extern const struct lvs_scheduler lvs_sched_mh;
extern const struct lvs_scheduler lvs_sched_lblc;
extern const struct lvs_scheduler lvs_sched_lblcr;

/*
 * IPVS's estimate of a server's load: an active connection costs 256
 * times an inactive one. 64 bits: an int overflows at 8.4M active ones
 * (IPVS's does); times a weight (16 bits) it still fits.
 */
static inline s64 lvs_dest_overhead(const struct lvs_dest *d)
{
	return ((s64)atomic_read(&d->activeconns) << 8) +
	       atomic_read(&d->inactconns);
}

/* True when the scheduler may pick this real server for a new conn. */
static inline bool lvs_dest_usable(const struct lvs_dest *d)
{
	return atomic_read(&d->weight) > 0 && !READ_ONCE(d->overloaded);
}

/*
 * The load sed and nq compare: the active connections plus the new one,
 * so that among idle servers the heaviest wins, not the first listed.
 */
static inline s64 lvs_dest_queue_overhead(const struct lvs_dest *d)
{
	return (s64)atomic_read(&d->activeconns) + 1;
}

/*
 * The usable server with the smallest overhead / weight, compared by
 * cross-multiplying, the first in list order on ties, as ip_vs_wlc,
 * ip_vs_sed and ip_vs_nq do. With take_idle (nq) the first server with
 * no active connection wins outright. Inline so overhead() is too.
 */
static __always_inline struct lvs_dest *
lvs_sched_least(struct lvs_service *svc,
		s64 (*overhead)(const struct lvs_dest *d), bool take_idle)
{
	struct lvs_dest *dest, *least = NULL;
	s64 loh = 0, lw = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		s64 doh, dw;

		if (!lvs_dest_usable(dest))
			continue;
		if (take_idle && !atomic_read(&dest->activeconns))
			return dest;
		doh = overhead(dest);
		dw = atomic_read(&dest->weight);
		if (!least || loh * dw > doh * lw) {
			least = dest;
			loh = doh;
			lw = dw;
		}
	}
	return least;
}

/* IPVS's fold of an address to 32 bits (host order) for hashing. */
static inline u32 lvs_addr_fold(u8 af, const union nf_inet_addr *a)
{
	if (af == AF_INET6)
		return ntohl(a->ip6[0] ^ a->ip6[1] ^ a->ip6[2] ^ a->ip6[3]);
	return ntohl(a->ip);
}

#endif /* _LVS_SCHED_H */
