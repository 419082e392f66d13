// SPDX-License-Identifier: GPL-2.0
/*
 * LVS_CMD_RESTORE: apply a whole batch of changes or none of them.
 *
 * All ops run under config_mutex through the same code as single
 * commands (change.c). Each records how to undo itself; deletions only
 * unlink, so what they removed can be put back. On the first failure the
 * applied ops are undone newest first, which returns every list to the
 * exact state it had, and allocates nothing, so it cannot fail; on
 * success the deletions are finished. Either way the templates of
 * servers that are gone are retired once, at the end.
 */
#include <linux/mm.h>
#include <net/genetlink.h>

#include "lvs.h"
#include "restore.h"

static void lvs_undo_one(struct lvs_net *ln, struct lvs_undo *u)
{
	struct lvs_service *svc, *tmp;

	switch (u->kind) {
	case LVS_UNDO_SVC_NEW:
		lvs_service_del(u->svc);
		break;
	case LVS_UNDO_SVC_EDIT:
		lvs_service_revert(u->svc, &u->svc_cfg, &u->keep);
		break;
	case LVS_UNDO_SVC_DEL:
		lvs_service_link(u->svc);
		break;
	case LVS_UNDO_FLUSH:
		list_for_each_entry_safe(svc, tmp, &u->svcs, stash)
			lvs_service_link(svc);
		break;
	case LVS_UNDO_DEST_NEW:
		lvs_dest_del(u->dest);
		break;
	case LVS_UNDO_DEST_EDIT:
		lvs_dest_edit(u->dest, &u->dest_cfg, NULL);
		break;
	case LVS_UNDO_DEST_DEL:
		lvs_dest_attach(u->dest, u->prev);
		break;
	case LVS_UNDO_TIMEOUTS:
		memcpy(ln->timeouts, u->timeouts, sizeof(u->timeouts));
		break;
	case LVS_UNDO_NONE:
	case LVS_UNDO_ZERO:
		break;
	}
}

static void lvs_commit_one(struct lvs_net *ln, struct lvs_undo *u)
{
	struct lvs_service *svc, *tmp;

	switch (u->kind) {
	case LVS_UNDO_SVC_EDIT:
		lvs_sched_keep_release(&u->keep);
		break;
	case LVS_UNDO_SVC_DEL:
		lvs_service_release(u->svc);
		break;
	case LVS_UNDO_FLUSH:
		list_for_each_entry_safe(svc, tmp, &u->svcs, stash)
			lvs_service_release(svc);
		break;
	case LVS_UNDO_DEST_DEL:
		lvs_dest_put(u->dest);
		break;
	case LVS_UNDO_ZERO:
		if (u->svc)
			lvs_service_zero(u->svc);
		else
			lvs_service_zero_all(ln);
		break;
	default:
		break;
	}
}

/* Apply one LVS_ATTR_OP: its command and that command's attributes. */
static int lvs_restore_op(struct lvs_net *ln, struct genl_info *info,
			  struct nlattr *op, struct lvs_undo *u)
{
	struct nlattr *tb[LVS_ATTR_MAX + 1];
	struct genl_info op_info = *info;
	int ret;

	ret = nla_parse_nested(tb, LVS_ATTR_MAX, op, lvs_policy, info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, op, tb, LVS_ATTR_OP_CMD))
		return -EINVAL;
	if (tb[LVS_ATTR_OP]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[LVS_ATTR_OP],
				    "ops do not nest");
		return -EINVAL;
	}
	op_info.attrs = tb;
	return lvs_change(ln, nla_get_u8(tb[LVS_ATTR_OP_CMD]), &op_info, u);
}

int lvs_nl_restore(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	struct nlattr *head = genlmsg_data(info->genlhdr);
	int len = genlmsg_len(info->genlhdr), rem, ret = 0;
	struct lvs_undo *undo;
	size_t n = 0, done = 0;
	struct nlattr *op;

	nla_for_each_attr(op, head, len, rem) {
		if (nla_type(op) != LVS_ATTR_OP) {
			NL_SET_ERR_MSG_ATTR(info->extack, op,
					    "a restore holds only ops");
			return -EINVAL;
		}
		n++;
	}
	undo = kvcalloc(n ?: 1, sizeof(*undo), GFP_KERNEL);
	if (!undo)
		return -ENOMEM;

	mutex_lock(&ln->config_mutex);
	nla_for_each_attr(op, head, len, rem) {
		ret = lvs_restore_op(ln, info, op, &undo[done]);
		if (ret) {
			/* Point at the op, unless it named a part of it. */
			if (info->extack && !info->extack->bad_attr)
				info->extack->bad_attr = op;
			break;
		}
		done++;
	}
	if (ret) {
		while (done--)
			lvs_undo_one(ln, &undo[done]);
		/*
		 * Only now, with every detached server back: templates of
		 * the servers the batch added (now gone) are retired, and no
		 * others.
		 */
		lvs_conn_drop_templates(ln);
	} else {
		for (n = 0; n < done; n++)
			lvs_commit_one(ln, &undo[n]);
		/* Templates of what the batch deleted, in one walk. */
		lvs_conn_drop_templates(ln);
	}
	mutex_unlock(&ln->config_mutex);
	kvfree(undo);
	return ret;
}
