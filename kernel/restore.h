/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The undo records of an atomic restore (restore.c), which the changes
 * (change.c) fill, and the service operations that exist for them.
 */
#ifndef _LVS_RESTORE_H
#define _LVS_RESTORE_H

#include "lvs.h"

enum lvs_undo_kind {
	LVS_UNDO_NONE,
	LVS_UNDO_SVC_NEW,	/* delete svc */
	LVS_UNDO_SVC_EDIT,	/* put svc_cfg and the kept scheduler back */
	LVS_UNDO_SVC_DEL,	/* relink svc (unlinked until commit) */
	LVS_UNDO_FLUSH,		/* relink every service on svcs */
	LVS_UNDO_DEST_NEW,	/* delete dest */
	LVS_UNDO_DEST_EDIT,	/* put dest_cfg back */
	LVS_UNDO_DEST_DEL,	/* reattach dest after prev */
	LVS_UNDO_TIMEOUTS,	/* put timeouts back */
	LVS_UNDO_ZERO,		/* nothing: zeroing waits for the commit */
};

/* A scheduler an edit replaced, with its state, until commit or undo. */
struct lvs_sched_keep {
	/* NULL: the edit kept the scheduler */
	const struct lvs_scheduler *sched;
	void *data;
};

/* How to undo (or, for deletions and zeroing, finish) one change. */
struct lvs_undo {
	enum lvs_undo_kind kind;
	struct lvs_service *svc;
	struct lvs_dest *dest;
	struct list_head *prev;
	union {
		struct {
			struct lvs_service_cfg svc_cfg;
			struct lvs_sched_keep keep;
		};
		struct lvs_dest_cfg dest_cfg;
		struct list_head svcs;
		unsigned long timeouts[__LVS_STATE_MAX];
	};
};

/* One change (u NULL: a single command), under config_mutex. */
int lvs_change(struct lvs_net *ln, u8 cmd, struct genl_info *info,
	       struct lvs_undo *u);

/* A service edit that can be undone without allocating (service.c). */
int lvs_service_edit_keep(struct lvs_service *svc,
			  const struct lvs_service_cfg *cfg,
			  struct lvs_sched_keep *keep,
			  struct netlink_ext_ack *extack);
void lvs_service_revert(struct lvs_service *svc,
			const struct lvs_service_cfg *cfg,
			const struct lvs_sched_keep *keep);
void lvs_sched_keep_release(const struct lvs_sched_keep *keep);

#endif /* _LVS_RESTORE_H */
