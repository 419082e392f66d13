// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration changes requested over netlink: apply a command whose
 * attributes nl_parse.c parsed. One code path serves single commands and
 * the ops of an atomic restore; for the latter each change also fills a
 * struct lvs_undo, and deletions only unlink until the batch commits.
 */
#include <net/genetlink.h>

#include "lvs.h"
#include "nl_parse.h"
#include "restore.h"

static int lvs_new_service(struct lvs_net *ln, struct genl_info *info,
			   struct lvs_undo *u)
{
	struct nlattr *tb[LVS_SVC_ATTR_MAX + 1];
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	int ret;

	ret = lvs_parse_service(info, tb, &cfg);
	if (ret)
		return ret;
	cfg.timeout = LVS_PERSIST_TIMEOUT;
	cfg.netmask = lvs_addr_len(cfg.af) * 8;
	ret = lvs_service_settings(tb, &cfg, info->extack);
	if (!ret)
		ret = lvs_net_enable(ln, info->extack);
	if (ret)
		return ret;
	svc = lvs_service_add(ln, &cfg, info->extack);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	if (u) {
		u->kind = LVS_UNDO_SVC_NEW;
		u->svc = svc;
	}
	return 0;
}

static int lvs_set_service(struct lvs_net *ln, struct genl_info *info,
			   struct lvs_undo *u)
{
	struct nlattr *tb[LVS_SVC_ATTR_MAX + 1];
	const struct lvs_scheduler *sched;
	struct lvs_service_cfg cfg, old;
	struct lvs_service *svc;
	int ret;

	svc = lvs_nl_service_tb(ln, info, tb, &cfg);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	sched = rcu_dereference_protected(svc->sched,
					  lockdep_is_held(&ln->config_mutex));
	old = cfg;
	old.flags = svc->flags;
	old.timeout = svc->timeout;
	old.netmask = svc->netmask;
	old.sched_name = sched->name;
	cfg = old;
	cfg.sched_name = NULL;
	ret = lvs_service_settings(tb, &cfg, info->extack);
	if (ret)
		return ret;
	if (!u)
		return lvs_service_edit(svc, &cfg, info->extack);
	ret = lvs_service_edit_keep(svc, &cfg, &u->keep, info->extack);
	if (!ret) {
		u->kind = LVS_UNDO_SVC_EDIT;
		u->svc = svc;
		u->svc_cfg = old;
	}
	return ret;
}

static int lvs_del_service(struct lvs_net *ln, struct genl_info *info,
			   struct lvs_undo *u)
{
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;

	svc = lvs_nl_service(ln, info, &cfg);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	if (!u) {
		lvs_service_del(svc);
		lvs_conn_drop_templates(ln);
		return 0;
	}
	lvs_service_unlink(svc);
	u->kind = LVS_UNDO_SVC_DEL;
	u->svc = svc;
	return 0;
}

static int lvs_dest_change(struct lvs_net *ln, u8 cmd, struct genl_info *info,
			   struct lvs_undo *u)
{
	struct nlattr *tb[LVS_DEST_ATTR_MAX + 1];
	struct lvs_service_cfg scfg;
	struct lvs_dest_cfg cfg = {
		.fwd = LVS_FWD_DR,	/* ipvsadm's default */
		.weight = 1,
	};
	struct lvs_service *svc;
	struct lvs_dest *dest;
	int ret;

	svc = lvs_nl_service(ln, info, &scfg);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	ret = lvs_parse_dest_key(info, svc, tb, &cfg);
	if (ret)
		return ret;
	if (cmd == LVS_CMD_NEW_DEST) {
		lvs_dest_settings(tb, &cfg);
		dest = lvs_dest_add(svc, &cfg, info->extack);
		if (IS_ERR(dest))
			return PTR_ERR(dest);
		if (u) {
			u->kind = LVS_UNDO_DEST_NEW;
			u->dest = dest;
		}
		return 0;
	}
	dest = lvs_dest_get(svc, &cfg);
	if (!dest) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LVS_ATTR_DEST],
				    "no such real server");
		return -ENOENT;
	}
	if (cmd == LVS_CMD_DEL_DEST) {
		if (!u) {
			/* Its templates would hold it until their timeout. */
			lvs_dest_del(dest);
			lvs_conn_drop_templates(ln);
			return 0;
		}
		u->kind = LVS_UNDO_DEST_DEL;
		u->dest = dest;
		u->prev = lvs_dest_detach(dest);
		return 0;
	}
	cfg.fwd = dest->fwd;
	cfg.weight = atomic_read(&dest->weight);
	cfg.u_threshold = dest->u_threshold;
	cfg.l_threshold = dest->l_threshold;
	if (u) {
		u->dest_cfg = cfg;
		u->dest = dest;
	}
	lvs_dest_settings(tb, &cfg);
	ret = lvs_dest_edit(dest, &cfg, info->extack);
	if (!ret && u)
		u->kind = LVS_UNDO_DEST_EDIT;
	return ret;
}

static int lvs_flush(struct lvs_net *ln, struct lvs_undo *u)
{
	struct lvs_service *svc;
	struct hlist_node *tmp;
	unsigned int i;

	if (!u) {
		lvs_service_flush(ln);
		lvs_conn_drop_templates(ln);
		return 0;
	}
	u->kind = LVS_UNDO_FLUSH;
	INIT_LIST_HEAD(&u->svcs);
	for (i = 0; i < lvs_svc_buckets(ln); i++) {
		hlist_for_each_entry_safe(svc, tmp, &ln->svc_table[i], s_list) {
			lvs_service_unlink(svc);
			list_add_tail(&svc->stash, &u->svcs);
		}
	}
	return 0;
}

static int lvs_set_timeouts(struct lvs_net *ln, struct genl_info *info,
			    struct lvs_undo *u)
{
	struct nlattr *tb[LVS_TIMEOUT_ATTR_MAX + 1];
	int state, ret;

	if (GENL_REQ_ATTR_CHECK(info, LVS_ATTR_TIMEOUTS))
		return -EINVAL;
	ret = nla_parse_nested(tb, LVS_TIMEOUT_ATTR_MAX,
			       info->attrs[LVS_ATTR_TIMEOUTS],
			       lvs_timeout_policy, info->extack);
	if (ret)
		return ret;
	if (u) {
		u->kind = LVS_UNDO_TIMEOUTS;
		memcpy(u->timeouts, ln->timeouts, sizeof(u->timeouts));
	}
	/* Connections pick the new value up at their next packet. */
	for (state = 1; state <= LVS_TIMEOUT_ATTR_MAX; state++)
		if (tb[state])
			WRITE_ONCE(ln->timeouts[state],
				   (unsigned long)nla_get_u32(tb[state]) * HZ);
	return 0;
}

/* Counters cannot be unzeroed: in a restore, zero at commit. */
static int lvs_zero(struct lvs_net *ln, struct genl_info *info,
		    struct lvs_undo *u)
{
	struct lvs_service *svc = NULL;
	struct lvs_service_cfg cfg;

	if (info->attrs[LVS_ATTR_SERVICE]) {
		svc = lvs_nl_service(ln, info, &cfg);
		if (IS_ERR(svc))
			return PTR_ERR(svc);
	}
	if (u) {
		u->kind = LVS_UNDO_ZERO;
		u->svc = svc;
	} else if (svc) {
		lvs_service_zero(svc);
	} else {
		lvs_service_zero_all(ln);
	}
	return 0;
}

int lvs_change(struct lvs_net *ln, u8 cmd, struct genl_info *info,
	       struct lvs_undo *u)
{
	lockdep_assert_held(&ln->config_mutex);
	switch (cmd) {
	case LVS_CMD_NEW_SERVICE:
		return lvs_new_service(ln, info, u);
	case LVS_CMD_SET_SERVICE:
		return lvs_set_service(ln, info, u);
	case LVS_CMD_DEL_SERVICE:
		return lvs_del_service(ln, info, u);
	case LVS_CMD_NEW_DEST:
	case LVS_CMD_SET_DEST:
	case LVS_CMD_DEL_DEST:
		return lvs_dest_change(ln, cmd, info, u);
	case LVS_CMD_FLUSH:
		return lvs_flush(ln, u);
	case LVS_CMD_SET_TIMEOUTS:
		return lvs_set_timeouts(ln, info, u);
	case LVS_CMD_ZERO:
		return lvs_zero(ln, info, u);
	}
	NL_SET_ERR_MSG_MOD(info->extack, "not a configuration change");
	return -EINVAL;
}

/* The doit of every single change command. */
int lvs_nl_change(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	int ret;

	mutex_lock(&ln->config_mutex);
	ret = lvs_change(ln, info->genlhdr->cmd, info, NULL);
	mutex_unlock(&ln->config_mutex);
	return ret;
}
