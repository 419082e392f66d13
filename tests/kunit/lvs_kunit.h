/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites of lvs_kunit.ko, which is built from
 * the module's own sources (all but main.c) plus these tests.
 */
#ifndef _LVS_KUNIT_H
#define _LVS_KUNIT_H

#include <kunit/test.h>

#include "lvs.h"

/* Module-wide state main.c would set up (conn cache, schedulers). */
int lvs_kunit_env_init(struct kunit_suite *suite);

/* A namespace's lvs state with no struct net, hooks or estimator. */
struct lvs_net *lvs_kunit_net_new(struct kunit *test);
void lvs_kunit_net_free(struct lvs_net *ln);

/* A service of ln with scheduler sched (under config_mutex). */
struct lvs_service *lvs_kunit_service(struct kunit *test, struct lvs_net *ln,
				      u8 af, u8 proto, const char *sched);
/* Change a service's flags and scheduler (NULL: keep) as an edit does. */
int lvs_kunit_svc_edit(struct lvs_service *svc, const char *sched,
		       u32 flags);
/* Add a real server 10.1.0.<n>:8080 (or 2001:db8:1::<n>) of weight. */
struct lvs_dest *lvs_kunit_dest(struct kunit *test, struct lvs_service *svc,
				unsigned int n, u8 fwd, u32 weight);
/* Set a real server's weight and -x/-y thresholds as an edit does. */
int lvs_kunit_dest_edit(struct lvs_dest *dest, u32 weight, u32 upper,
			u32 lower);

/* The scheduler's pick for a new connection's packet (pkt may be NULL). */
struct lvs_dest *lvs_kunit_pick(struct lvs_service *svc,
				const struct lvs_pkt *pkt);
/* The pick for saddr:sport (host order) to daddr:80 over TCP/IPv4. */
struct lvs_dest *lvs_kunit_pick_from(struct lvs_service *svc, u32 saddr,
				     u16 sport, u32 daddr);

/* Index of d in list[n], -1 for NULL, -2 for a stranger. */
int lvs_kunit_index(struct lvs_dest *const *list, unsigned int n,
		    const struct lvs_dest *d);

/* Sets of real servers' weights the scheduler suites run over. */
#define SCHED_MAX_DESTS	8

struct sched_case {
	const char *name;
	unsigned int n;
	u32 weight[SCHED_MAX_DESTS];	/* in the order they are added */
};

/* KUnit parameters: each struct sched_case in turn. */
const void *sched_case_gen_params(const void *prev, char *desc);

#endif /* _LVS_KUNIT_H */
