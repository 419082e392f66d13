// SPDX-License-Identifier: GPL-2.0
/*
 * Walks over a namespace's connection table that may yield the CPU and
 * resume: dumps and deletions over netlink (conn_nl.c), and the retiring
 * of templates whose real server left (after deletions).
 */
#include <linux/rhashtable.h>
#include <linux/sched.h>

#include "lvs.h"

void lvs_conn_walk_enter(struct lvs_net *ln, struct rhashtable_iter *iter)
{
	rhltable_walk_enter(&ln->conns, iter);
}

void lvs_conn_walk_exit(struct rhashtable_iter *iter)
{
	rhashtable_walk_exit(iter);
}

/*
 * (Re)enter the walk under RCU; a resize meanwhile restarts it. So does,
 * within its slot, the loss of the anchor (the entry the walk stopped
 * at): rhashtable then skips as many entries of the slot as came before
 * it, and were one of those gone too, it would skip one the walk never
 * saw. Going over the slot again may list entries twice, which the
 * restart says.
 */
static void lvs_conn_walk_start(struct rhashtable_iter *iter,
				unsigned int *restarts)
	__acquires(RCU)
{
	bool anchored = iter->p;

	if (rhashtable_walk_start_check(iter) == -EAGAIN) {
		(*restarts)++;
	} else if (anchored && !iter->p && iter->skip > 1) {
		iter->skip = 0;
		(*restarts)++;
	}
}

/*
 * The walker stays linked to the table between calls, so resuming costs
 * nothing however far it got: a dump of n connections is O(n). The
 * iterator's current entry is the one fn() has not consumed yet; it is
 * offered first on the next call (rhashtable_walk_peek), or, if it was
 * destroyed meanwhile, the walk goes over its slot again. Yielding the
 * CPU happens only there, so a connection fn() deletes is never the
 * iterator's anchor across a restart.
 */
int lvs_conn_walk(struct rhashtable_iter *iter,
		  int (*fn)(struct lvs_conn *c, void *arg), void *arg,
		  unsigned int *restarts)
{
	struct lvs_conn *c;
	int ret = 0;

	lvs_conn_walk_start(iter, restarts);
	c = rhashtable_walk_peek(iter);
	while (c) {
		if (IS_ERR(c)) {	/* resized: walking the new table */
			(*restarts)++;
		} else {
			ret = fn(c, arg);
			if (ret)
				break;
		}
		c = rhashtable_walk_next(iter);
		/* Only at an entry: a resize is counted first, above. */
		if (!IS_ERR_OR_NULL(c) && need_resched()) {
			rhashtable_walk_stop(iter);
			cond_resched();
			lvs_conn_walk_start(iter, restarts);
			c = rhashtable_walk_peek(iter);
		}
	}
	rhashtable_walk_stop(iter);
	return ret;
}

static int lvs_conn_drop_orphan(struct lvs_conn *c, void *arg)
{
	if (lvs_conn_is_template(c) && !READ_ONCE(c->dest->available))
		lvs_conn_retire(c);
	return 0;
}

/*
 * Retire the templates whose real server left its service, so that they
 * release it (and its service) now rather than at their timeout; under
 * config_mutex, after a real server or service was deleted. Connections
 * they directed keep flowing.
 */
void lvs_conn_drop_templates(struct lvs_net *ln)
{
	struct rhashtable_iter iter;
	unsigned int restarts = 0;

	if (!atomic_read(&ln->tmpl_count))
		return;
	lvs_conn_walk_enter(ln, &iter);
	lvs_conn_walk(&iter, lvs_conn_drop_orphan, NULL, &restarts);
	lvs_conn_walk_exit(&iter);
}
