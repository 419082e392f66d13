// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler registry. Schedulers are built into the module; the array
 * lets services find one by name and keeps adding a scheduler a one-line
 * change.
 */
#include <linux/netlink.h>
#include <linux/string.h>

#include "lvs.h"
#include "sched.h"

static const struct lvs_scheduler *const lvs_schedulers[] = {
	&lvs_sched_rr,
	&lvs_sched_wrr,
	&lvs_sched_lc,
	&lvs_sched_wlc,
	&lvs_sched_sed,
	&lvs_sched_nq,
	&lvs_sched_fo,
	&lvs_sched_ovf,
	&lvs_sched_dh,
	&lvs_sched_sh,
	&lvs_sched_twos,
	&lvs_sched_mh,
	&lvs_sched_lblc,
	&lvs_sched_lblcr,
};

const struct lvs_scheduler *lvs_sched_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lvs_schedulers); i++)
		if (!strcmp(lvs_schedulers[i]->name, name))
			return lvs_schedulers[i];
	return NULL;
}

/* A service's flags must mean something to its scheduler. */
int lvs_sched_check_flags(const struct lvs_scheduler *sched, u32 flags,
			  struct netlink_ext_ack *extack)
{
	u32 sched_flags = LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT;

	if (flags & sched_flags & ~sched->flags) {
		NL_SET_ERR_MSG_MOD(extack,
				   "scheduler flags (-b) need scheduler sh or mh");
		return -EINVAL;
	}
	return 0;
}

/* The schedulers need nothing at load but a valid mh_table_size. */
int lvs_sched_init(void)
{
	return lvs_mh_check_param();
}
