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
/* Add a real server 10.1.0.<n>:8080 (or 2001:db8:1::<n>) of weight. */
struct lvs_dest *lvs_kunit_dest(struct kunit *test, struct lvs_service *svc,
				unsigned int n, u8 fwd, u32 weight);

#endif /* _LVS_KUNIT_H */
