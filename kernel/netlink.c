// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "LVS": strict policies per nest, extack
 * messages, and dumps that resume and flag concurrent changes. The
 * protocol itself is documented in include/uapi/linux/lvs.h.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "lvs.h"
#include "nl_parse.h"

/* Range pointers: these maxima do not fit the policy's inline s16. */
static struct netlink_range_validation lvs_weight_range __ro_after_init = {
	.max = LVS_WEIGHT_MAX,
};

static struct netlink_range_validation lvs_timeout_range __ro_after_init = {
	.min = 1,
	.max = LVS_TIMEOUT_MAX,
};

const struct nla_policy lvs_svc_policy[LVS_SVC_ATTR_MAX + 1] = {
	[LVS_SVC_ATTR_AF]		= { .type = NLA_U16 },
	[LVS_SVC_ATTR_PROTOCOL]		= { .type = NLA_U16 },
	[LVS_SVC_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[LVS_SVC_ATTR_PORT]		= { .type = NLA_BE16 },
	[LVS_SVC_ATTR_SCHED_NAME]	= { .type = NLA_NUL_STRING,
					    .len = LVS_SCHED_NAME_MAX - 1 },
	[LVS_SVC_ATTR_FLAGS]		= NLA_POLICY_MASK(NLA_U32,
							  LVS_SVC_F_ALL),
	[LVS_SVC_ATTR_TIMEOUT]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&lvs_timeout_range),
	/* No longer than an IPv6 address; IPv4's bound is checked later. */
	[LVS_SVC_ATTR_NETMASK]		= NLA_POLICY_MAX(NLA_U32, 128),
	[LVS_SVC_ATTR_STATS]		= { .type = NLA_REJECT,
					    .reject_message = "statistics are read-only" },
	[LVS_SVC_ATTR_FWMARK]		= NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy lvs_dest_policy[LVS_DEST_ATTR_MAX + 1] = {
	[LVS_DEST_ATTR_AF]		= { .type = NLA_U16 },
	[LVS_DEST_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[LVS_DEST_ATTR_PORT]		= { .type = NLA_BE16 },
	[LVS_DEST_ATTR_FWD_METHOD]	= NLA_POLICY_MAX(NLA_U32,
							 __LVS_FWD_MAX - 1),
	[LVS_DEST_ATTR_WEIGHT]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&lvs_weight_range),
	[LVS_DEST_ATTR_U_THRESH]	= { .type = NLA_U32 },
	[LVS_DEST_ATTR_L_THRESH]	= { .type = NLA_U32 },
	[LVS_DEST_ATTR_ACTIVE_CONNS]	= { .type = NLA_REJECT,
					    .reject_message = "connection counts are read-only" },
	[LVS_DEST_ATTR_INACT_CONNS]	= { .type = NLA_REJECT,
					    .reject_message = "connection counts are read-only" },
	[LVS_DEST_ATTR_PERSIST_CONNS]	= { .type = NLA_REJECT,
					    .reject_message = "connection counts are read-only" },
	[LVS_DEST_ATTR_STATS]		= { .type = NLA_REJECT,
					    .reject_message = "statistics are read-only" },
};

const struct nla_policy lvs_timeout_policy[LVS_TIMEOUT_ATTR_MAX + 1] = {
	[1 ... LVS_TIMEOUT_ATTR_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &lvs_timeout_range),
};

/* As a filter (conn_nl.c): every key but the expiry. */
const struct nla_policy lvs_conn_policy[LVS_CONN_ATTR_MAX + 1] = {
	[LVS_CONN_ATTR_AF]		= { .type = NLA_U16 },
	[LVS_CONN_ATTR_PROTOCOL]	= { .type = NLA_U16 },
	[LVS_CONN_ATTR_CADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[LVS_CONN_ATTR_CPORT]		= { .type = NLA_BE16 },
	[LVS_CONN_ATTR_VADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[LVS_CONN_ATTR_VPORT]		= { .type = NLA_BE16 },
	[LVS_CONN_ATTR_DADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[LVS_CONN_ATTR_DPORT]		= { .type = NLA_BE16 },
	[LVS_CONN_ATTR_FWD_METHOD]	= NLA_POLICY_MAX(NLA_U32,
							 __LVS_FWD_MAX - 1),
	[LVS_CONN_ATTR_STATE]		= NLA_POLICY_MAX(NLA_U32,
							 __LVS_STATE_MAX - 1),
	[LVS_CONN_ATTR_EXPIRES]		= { .type = NLA_REJECT,
					    .reject_message = "expiry is not a filter key" },
	[LVS_CONN_ATTR_FLAGS]		= NLA_POLICY_MASK(NLA_U32,
							  LVS_CONN_F_TEMPLATE),
};

const struct nla_policy lvs_policy[LVS_ATTR_MAX + 1] = {
	[LVS_ATTR_SERVICE]	= NLA_POLICY_NESTED(lvs_svc_policy),
	[LVS_ATTR_DEST]		= NLA_POLICY_NESTED(lvs_dest_policy),
	[LVS_ATTR_TIMEOUTS]	= NLA_POLICY_NESTED(lvs_timeout_policy),
	[LVS_ATTR_CONN]		= { .type = NLA_REJECT,
				    .reject_message = "connections cannot be written" },
	[LVS_ATTR_INFO_VERSION]	= { .type = NLA_REJECT },
	[LVS_ATTR_INFO_CONNS]	= { .type = NLA_REJECT },
	[LVS_ATTR_INFO_DROPS]	= { .type = NLA_REJECT },
	/* An op's contents are checked against this policy when applied. */
	[LVS_ATTR_OP]		= { .type = NLA_NESTED },
	[LVS_ATTR_OP_CMD]	= { .type = NLA_U8 },
	[LVS_ATTR_CONN_EVENT]	= { .type = NLA_REJECT },
	[LVS_ATTR_CONN_DELETED]	= { .type = NLA_REJECT },
	[LVS_ATTR_INFO_GENERATION] = { .type = NLA_REJECT },
	[LVS_ATTR_CONFIG]	= NLA_POLICY_NESTED(lvs_config_policy),
};

/* ---- filling replies ---- */

static int lvs_put_stats(struct sk_buff *skb, int type, struct lvs_stats *s)
{
	struct lvs_stats_snapshot st;
	u64 v[LVS_STATS_ATTR_PAD];
	struct nlattr *nest;
	int i;

	lvs_stats_read(s, &st);
	v[LVS_STATS_ATTR_CONNS] = st.conns;
	v[LVS_STATS_ATTR_INPKTS] = st.inpkts;
	v[LVS_STATS_ATTR_OUTPKTS] = st.outpkts;
	v[LVS_STATS_ATTR_INBYTES] = st.inbytes;
	v[LVS_STATS_ATTR_OUTBYTES] = st.outbytes;
	v[LVS_STATS_ATTR_CPS] = st.cps;
	v[LVS_STATS_ATTR_INPPS] = st.inpps;
	v[LVS_STATS_ATTR_OUTPPS] = st.outpps;
	v[LVS_STATS_ATTR_INBPS] = st.inbps;
	v[LVS_STATS_ATTR_OUTBPS] = st.outbps;
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = LVS_STATS_ATTR_CONNS; i < LVS_STATS_ATTR_PAD; i++) {
		if (nla_put_u64_64bit(skb, i, v[i], LVS_STATS_ATTR_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lvs_fill_service(struct sk_buff *skb, void *obj)
{
	const struct lvs_scheduler *sched;
	struct lvs_service *svc = obj;
	struct nlattr *nest;

	sched = rcu_dereference_protected(svc->sched,
					  lockdep_is_held(&svc->ln->config_mutex));
	nest = nla_nest_start(skb, LVS_ATTR_SERVICE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, LVS_SVC_ATTR_AF, svc->af) ||
	    (svc->fwmark ?
	     nla_put_u32(skb, LVS_SVC_ATTR_FWMARK, svc->fwmark) :
	     nla_put_u16(skb, LVS_SVC_ATTR_PROTOCOL, svc->proto) ||
	     lvs_put_addr(skb, LVS_SVC_ATTR_ADDR, svc->af, &svc->addr) ||
	     nla_put_be16(skb, LVS_SVC_ATTR_PORT, svc->port)) ||
	    nla_put_string(skb, LVS_SVC_ATTR_SCHED_NAME, sched->name) ||
	    nla_put_u32(skb, LVS_SVC_ATTR_FLAGS, svc->flags) ||
	    nla_put_u32(skb, LVS_SVC_ATTR_TIMEOUT, svc->timeout) ||
	    nla_put_u32(skb, LVS_SVC_ATTR_NETMASK, svc->netmask) ||
	    lvs_put_stats(skb, LVS_SVC_ATTR_STATS, &svc->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lvs_fill_dest(struct sk_buff *skb, void *obj)
{
	struct lvs_dest *dest = obj;
	struct nlattr *nest = nla_nest_start(skb, LVS_ATTR_DEST);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, LVS_DEST_ATTR_AF, dest->af) ||
	    lvs_put_addr(skb, LVS_DEST_ATTR_ADDR, dest->af, &dest->addr) ||
	    nla_put_be16(skb, LVS_DEST_ATTR_PORT, dest->port) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_FWD_METHOD, dest->fwd) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_WEIGHT,
			atomic_read(&dest->weight)) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_U_THRESH, dest->u_threshold) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_L_THRESH, dest->l_threshold) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_ACTIVE_CONNS,
			atomic_read(&dest->activeconns)) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_INACT_CONNS,
			atomic_read(&dest->inactconns)) ||
	    nla_put_u32(skb, LVS_DEST_ATTR_PERSIST_CONNS,
			atomic_read(&dest->persistconns)) ||
	    lvs_put_stats(skb, LVS_DEST_ATTR_STATS, &dest->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lvs_fill_timeouts(struct sk_buff *skb, void *obj)
{
	struct lvs_net *ln = obj;
	struct nlattr *nest = nla_nest_start(skb, LVS_ATTR_TIMEOUTS);
	int state;

	if (!nest)
		return -EMSGSIZE;
	for (state = 1; state <= LVS_TIMEOUT_ATTR_MAX; state++) {
		if (nla_put_u32(skb, LVS_TIMEOUT_ATTR(state),
				READ_ONCE(ln->timeouts[state]) / HZ)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- commands ---- */

static struct lvs_net *lvs_info_net(struct genl_info *info)
{
	return lvs_pernet(genl_info_net(info));
}

static int lvs_nl_get_service(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_info_net(info);
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	int ret;

	mutex_lock(&ln->config_mutex);
	svc = lvs_nl_service(ln, info, &cfg);
	ret = PTR_ERR_OR_ZERO(svc);
	if (!ret)
		ret = lvs_reply(info, lvs_fill_service, svc);
	mutex_unlock(&ln->config_mutex);
	return ret;
}

static int lvs_dump_service(struct sk_buff *skb, struct netlink_callback *cb,
			    struct lvs_service *svc)
{
	return lvs_put_msg(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   NLM_F_MULTI, LVS_CMD_GET_SERVICE, cb,
			   lvs_fill_service, svc);
}

/* cb->args[0]: services already sent. */
static int lvs_nl_dump_services(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct lvs_net *ln = lvs_pernet(sock_net(skb->sk));

	mutex_lock(&ln->config_mutex);
	cb->seq = ln->generation;
	lvs_service_dump(ln, skb, cb, lvs_dump_service);
	mutex_unlock(&ln->config_mutex);
	return skb->len;
}

/* cb->args[0]: real servers already sent. The service is found anew. */
static int lvs_nl_dump_dests(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *dinfo = genl_dumpit_info(cb);
	struct lvs_net *ln = lvs_pernet(sock_net(skb->sk));
	struct genl_info info = {
		.attrs = dinfo->attrs,
		.extack = cb->extack,
	};
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	struct lvs_dest *dest;
	unsigned long idx = 0;
	int ret;

	mutex_lock(&ln->config_mutex);
	cb->seq = ln->generation;
	svc = lvs_nl_service(ln, &info, &cfg);
	if (IS_ERR(svc)) {
		ret = PTR_ERR(svc);
		goto out;
	}
	list_for_each_entry(dest, &svc->dests, n_list) {
		if (idx++ < cb->args[0])
			continue;
		if (lvs_put_msg(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI,
				LVS_CMD_GET_DEST, cb, lvs_fill_dest, dest))
			break;
		cb->args[0] = idx;
	}
	ret = skb->len;
out:
	mutex_unlock(&ln->config_mutex);
	return ret;
}

static int lvs_nl_get_timeouts(struct sk_buff *skb, struct genl_info *info)
{
	return lvs_reply(info, lvs_fill_timeouts, lvs_info_net(info));
}

static int lvs_put_drops(struct sk_buff *skb, struct lvs_net *ln)
{
	struct nlattr *nest = nla_nest_start(skb, LVS_ATTR_INFO_DROPS);
	int r;

	BUILD_BUG_ON(__LVS_DROP_MAX + 1 != LVS_DROP_ATTR_PAD);
	if (!nest)
		return -EMSGSIZE;
	for (r = 0; r < __LVS_DROP_MAX; r++) {
		if (nla_put_u64_64bit(skb, r + 1,
				      atomic_long_read(&ln->drops[r]),
				      LVS_DROP_ATTR_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lvs_fill_info(struct sk_buff *skb, void *obj)
{
	struct lvs_net *ln = obj;

	if (nla_put_u32(skb, LVS_ATTR_INFO_VERSION, LVS_VERSION_CODE) ||
	    nla_put_u32(skb, LVS_ATTR_INFO_CONNS,
			atomic_read(&ln->conn_count)) ||
	    nla_put_u32(skb, LVS_ATTR_INFO_GENERATION,
			READ_ONCE(ln->generation)) ||
	    lvs_put_drops(skb, ln))
		return -EMSGSIZE;
	return 0;
}

static int lvs_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	return lvs_reply(info, lvs_fill_info, lvs_info_net(info));
}

/*
 * Unloading tears every namespace down before it unregisters the family,
 * so that the data path's last connection events still find the family
 * (main.c); no request may run meanwhile. So a request holds the module,
 * as a dump does (netlink_dump_start()): while one runs, unloading fails
 * as "in use", and once unloading began, none starts. The reference is
 * dropped under genl_mutex, which unregistering the family takes, so this
 * code is not freed before it returns.
 */
int lvs_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
		    struct genl_info *info)
{
	if (try_module_get(THIS_MODULE))
		return 0;
	NL_SET_ERR_MSG(info->extack, "lvs is being unloaded");
	return -ESHUTDOWN;
}

void lvs_nl_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	module_put(THIS_MODULE);
}

/*
 * Every command, reads included, needs CAP_NET_ADMIN in the initial user
 * namespace, as IPVS's do: the root of a user's own user namespace would
 * otherwise allocate kernel memory no memory cgroup sees, and hold
 * genl_mutex for work it chooses.
 */
static const struct genl_small_ops lvs_genl_ops[] = {
	{ .cmd = LVS_CMD_NEW_SERVICE, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_SET_SERVICE, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_DEL_SERVICE, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_GET_SERVICE, .doit = lvs_nl_get_service,
	  .dumpit = lvs_nl_dump_services, .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_NEW_DEST, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_SET_DEST, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_DEL_DEST, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_GET_DEST, .dumpit = lvs_nl_dump_dests,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_FLUSH, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_SET_TIMEOUTS, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_GET_TIMEOUTS, .doit = lvs_nl_get_timeouts,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_ZERO, .doit = lvs_nl_change,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_GET_INFO, .doit = lvs_nl_get_info,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_RESTORE, .doit = lvs_nl_restore,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_SET_CONFIG, .doit = lvs_nl_set_config,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_GET_CONFIG, .doit = lvs_nl_get_config,
	  .flags = GENL_ADMIN_PERM },
};

/* Connection commands take a filter and nothing else. */
static const struct nla_policy lvs_conn_cmd_policy[LVS_ATTR_CONN + 1] = {
	[LVS_ATTR_CONN]		= NLA_POLICY_NESTED(lvs_conn_policy),
};

/*
 * Full ops for their own policy; the dump also keeps a table walker
 * between calls (conn_nl.c).
 */
static const struct genl_ops lvs_genl_full_ops[] = {
	{ .cmd = LVS_CMD_GET_CONN, .start = lvs_nl_dump_conns_start,
	  .dumpit = lvs_nl_dump_conns, .done = lvs_nl_dump_conns_done,
	  .policy = lvs_conn_cmd_policy, .maxattr = LVS_ATTR_CONN,
	  .flags = GENL_ADMIN_PERM },
	{ .cmd = LVS_CMD_DEL_CONN, .doit = lvs_nl_del_conn,
	  .policy = lvs_conn_cmd_policy, .maxattr = LVS_ATTR_CONN,
	  .flags = GENL_ADMIN_PERM },
};

/*
 * Events show client addresses. 6.1 checks a group's flag against the
 * user namespace owning the network namespace, not the initial one: its
 * root may join, and sees only its own namespace's connections, whose
 * packets it may capture anyway.
 */
static const struct genl_multicast_group lvs_genl_mcgrps[] = {
	[LVS_MCGRP_CONN] = { .name = LVS_MCGRP_CONN_NAME,
			     .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family lvs_genl_family __ro_after_init = {
	.name		= LVS_GENL_NAME,
	.version	= LVS_GENL_VERSION,
	.maxattr	= LVS_ATTR_MAX,
	.policy		= lvs_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.pre_doit	= lvs_nl_pre_doit,
	.post_doit	= lvs_nl_post_doit,
	.small_ops	= lvs_genl_ops,
	.n_small_ops	= ARRAY_SIZE(lvs_genl_ops),
	.ops		= lvs_genl_full_ops,
	.n_ops		= ARRAY_SIZE(lvs_genl_full_ops),
	.mcgrps		= lvs_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lvs_genl_mcgrps),
	.resv_start_op	= LVS_CMD_NEW_SERVICE,
};

int lvs_genl_init(void)
{
	return genl_register_family(&lvs_genl_family);
}

void lvs_genl_exit(void)
{
	genl_unregister_family(&lvs_genl_family);
}
