// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler registry. Schedulers are built into the module; the list lets
 * services find one by name and keeps adding a scheduler a one-line change.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "lvs.h"

static LIST_HEAD(lvs_schedulers);

static struct lvs_scheduler *const lvs_builtin_schedulers[] = {
	&lvs_sched_rr,
	&lvs_sched_wrr,
	&lvs_sched_lc,
	&lvs_sched_wlc,
};

/* The list is written only at module init and exit, so no lock. */
struct lvs_scheduler *lvs_sched_find(const char *name)
{
	struct lvs_scheduler *s;

	list_for_each_entry(s, &lvs_schedulers, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

int lvs_sched_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lvs_builtin_schedulers); i++)
		list_add_tail(&lvs_builtin_schedulers[i]->list, &lvs_schedulers);
	return 0;
}

void lvs_sched_exit(void)
{
	INIT_LIST_HEAD(&lvs_schedulers);
}
