// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "IPVS", for the tools written for the
 * kernel's ip_vs (ipvsadm, keepalived, moby/ipvs): the commands,
 * attributes and error codes of include/uapi/linux/ip_vs.h, acting on the
 * same services the LVS family configures. Its parsing is as lenient as
 * ip_vs's (attributes it does not know are ignored, as those clients
 * expect); what lvs refuses beyond ip_vs gets an extack message.
 * docs/ipvs-compat.md lists the differences.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/ip_vs.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "lvs.h"
#include "nl_parse.h"
#include "ipvs_nl.h"

static bool ipvs_compat = true;
module_param(ipvs_compat, bool, 0444);
MODULE_PARM_DESC(ipvs_compat,
		 "also register the IPVS generic netlink family (default: on)");

static const struct nla_policy ipvs_cmd_policy[IPVS_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_DEST]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_DAEMON]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_TIMEOUT_TCP]	= { .type = NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]	= { .type = NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_UDP]	= { .type = NLA_U32 },
};

static const struct nla_policy ipvs_svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF]		= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_PROTOCOL]	= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(union nf_inet_addr) },
	[IPVS_SVC_ATTR_PORT]		= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_FWMARK]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_SCHED_NAME]	= { .type = NLA_NUL_STRING,
					    .len = IP_VS_SCHEDNAME_MAXLEN - 1 },
	[IPVS_SVC_ATTR_PE_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IP_VS_PENAME_MAXLEN },
	[IPVS_SVC_ATTR_FLAGS]		= { .type = NLA_BINARY,
					    .len = sizeof(struct ip_vs_flags) },
	[IPVS_SVC_ATTR_TIMEOUT]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_NETMASK]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy ipvs_dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(union nf_inet_addr) },
	[IPVS_DEST_ATTR_PORT]		= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_FWD_METHOD]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_WEIGHT]		= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_U_THRESH]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_L_THRESH]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_ACTIVE_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_INACT_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_PERSIST_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_STATS]		= { .type = NLA_NESTED },
	[IPVS_DEST_ATTR_ADDR_FAMILY]	= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_TYPE]	= { .type = NLA_U8 },
	[IPVS_DEST_ATTR_TUN_PORT]	= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_FLAGS]	= { .type = NLA_U16 },
};

/* ---- service and real server attributes ---- */

/* The address of a key: ip_vs copies what is given into 16 zeroed bytes. */
static int ipvs_parse_addr(struct nlattr *attr, u8 af, union nf_inet_addr *a,
			   struct netlink_ext_ack *extack)
{
	if (nla_len(attr) < lvs_addr_len(af)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address shorter than its family's");
		return -EINVAL;
	}
	memset(a, 0, sizeof(*a));
	nla_memcpy(a, attr, lvs_addr_len(af));
	return 0;
}

static int ipvs_parse_key(struct nlattr **tb, struct lvs_service_cfg *cfg,
			  struct netlink_ext_ack *extack)
{
	int ret;

	ret = lvs_nl_parse_af(tb[IPVS_SVC_ATTR_AF], &cfg->af, extack);
	if (ret)
		return ret;
	if (tb[IPVS_SVC_ATTR_FWMARK]) {
		cfg->fwmark = nla_get_u32(tb[IPVS_SVC_ATTR_FWMARK]);
		if (!cfg->fwmark) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPVS_SVC_ATTR_FWMARK],
					    "lvs has no fwmark 0 service");
			return -EINVAL;
		}
		return 0;
	}
	cfg->proto = nla_get_u16(tb[IPVS_SVC_ATTR_PROTOCOL]);
	if (cfg->proto != IPPROTO_TCP && cfg->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPVS_SVC_ATTR_PROTOCOL],
				    "lvs balances TCP and UDP only");
		return -EPROTONOSUPPORT;
	}
	cfg->port = nla_get_be16(tb[IPVS_SVC_ATTR_PORT]);
	return ipvs_parse_addr(tb[IPVS_SVC_ATTR_ADDR], cfg->af, &cfg->addr,
			       extack);
}

/* lvs's flag bits, by ip_vs's (PERSISTENT, HASHED, ONEPACKET, SCHED1..3). */
static const u32 ipvs_svc_flags[][2] = {
	{ IP_VS_SVC_F_PERSISTENT, LVS_SVC_F_PERSISTENT },
	{ IP_VS_SVC_F_ONEPACKET, LVS_SVC_F_ONEPACKET },
	{ IP_VS_SVC_F_SCHED1, LVS_SVC_F_SCHED_FALLBACK },
	{ IP_VS_SVC_F_SCHED2, LVS_SVC_F_SCHED_PORT },
};

u32 lvs_ipvs_flags(u32 flags)
{
	u32 out = IP_VS_SVC_F_HASHED;	/* what ip_vs reports of a service */
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipvs_svc_flags); i++)
		if (flags & ipvs_svc_flags[i][1])
			out |= ipvs_svc_flags[i][0];
	return out;
}

static int ipvs_parse_flags(struct nlattr *attr, struct lvs_service_cfg *cfg,
			    struct netlink_ext_ack *extack)
{
	struct ip_vs_flags f = {};
	u32 cur = lvs_ipvs_flags(cfg->flags), known = IP_VS_SVC_F_HASHED;
	unsigned int i;

	nla_memcpy(&f, attr, sizeof(f));
	cur = (cur & ~f.mask) | (f.flags & f.mask);
	cfg->flags = 0;
	for (i = 0; i < ARRAY_SIZE(ipvs_svc_flags); i++) {
		known |= ipvs_svc_flags[i][0];
		if (cur & ipvs_svc_flags[i][0])
			cfg->flags |= ipvs_svc_flags[i][1];
	}
	if (cur & ~known) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a service flag lvs does not have (SCHED3 or unknown)");
		return -EINVAL;
	}
	return 0;
}

/* IPv4 sends a mask (network order), IPv6 a prefix length of 1..128. */
static int ipvs_parse_netmask(struct nlattr *attr, struct lvs_service_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	u32 v = nla_get_u32(attr);
	u32 mask = ntohl((__force __be32)v);

	if (cfg->af == AF_INET6) {
		if (v < 1 || v > 128) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "IPv6 netmask must be a prefix length of 1 to 128");
			return -EINVAL;
		}
		cfg->netmask = v;
		return 0;
	}
	if (~mask & (~mask + 1)) {	/* ones, then zeros only */
		NL_SET_ERR_MSG_ATTR(extack, attr, "netmask is not contiguous");
		return -EINVAL;
	}
	cfg->netmask = hweight32(mask);
	return 0;
}

static int ipvs_parse_settings(struct nlattr **tb, struct lvs_service_cfg *cfg,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *pe = tb[IPVS_SVC_ATTR_PE_NAME];
	int ret;

	if (!tb[IPVS_SVC_ATTR_SCHED_NAME] || !tb[IPVS_SVC_ATTR_FLAGS] ||
	    !tb[IPVS_SVC_ATTR_TIMEOUT] || !tb[IPVS_SVC_ATTR_NETMASK]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a service needs its scheduler, flags, timeout and netmask");
		return -EINVAL;
	}
	if (pe && nla_len(pe) > 1) {
		NL_SET_ERR_MSG_ATTR(extack, pe,
				    "lvs has no persistence engines");
		return -ENOENT;
	}
	ret = ipvs_parse_flags(tb[IPVS_SVC_ATTR_FLAGS], cfg, extack);
	if (!ret)
		ret = ipvs_parse_netmask(tb[IPVS_SVC_ATTR_NETMASK], cfg, extack);
	if (ret)
		return ret;
	/* 0, which ipvsadm sends without -p, is kept as ip_vs keeps it. */
	cfg->timeout = nla_get_u32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	if (cfg->timeout > LVS_TIMEOUT_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPVS_SVC_ATTR_TIMEOUT],
				    "lvs's timeouts end at thirty days");
		return -EINVAL;
	}
	cfg->sched_name = nla_data(tb[IPVS_SVC_ATTR_SCHED_NAME]);
	return 0;
}

/*
 * The service a request names, NULL if none has its key, or an ERR_PTR;
 * with settings, cfg gets them over the service's current ones.
 */
static struct lvs_service *ipvs_service(struct lvs_net *ln, struct nlattr *nla,
					bool settings,
					struct lvs_service_cfg *cfg,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	struct lvs_service *svc;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	if (!nla) {
		NL_SET_ERR_MSG_MOD(extack, "the command needs a service");
		return ERR_PTR(-EINVAL);
	}
	ret = nla_parse_nested_deprecated(tb, IPVS_SVC_ATTR_MAX, nla,
					  ipvs_svc_policy, extack);
	if (ret)
		return ERR_PTR(ret);
	if (!tb[IPVS_SVC_ATTR_AF] ||
	    (!tb[IPVS_SVC_ATTR_FWMARK] && (!tb[IPVS_SVC_ATTR_PROTOCOL] ||
	     !tb[IPVS_SVC_ATTR_ADDR] || !tb[IPVS_SVC_ATTR_PORT]))) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "a service key is AF and FWMARK, or AF, PROTOCOL, ADDR and PORT");
		return ERR_PTR(-EINVAL);
	}
	ret = ipvs_parse_key(tb, cfg, extack);
	if (ret)
		return ERR_PTR(ret);
	svc = lvs_service_get(ln, cfg);
	if (svc) {
		cfg->flags = svc->flags;
		cfg->timeout = svc->timeout;
		cfg->netmask = svc->netmask;
	}
	if (settings) {
		ret = ipvs_parse_settings(tb, cfg, extack);
		if (ret)
			return ERR_PTR(ret);
	}
	return svc;
}

static int ipvs_parse_fwd(u32 v, u8 *fwd, struct netlink_ext_ack *extack)
{
	switch (v & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ:
		*fwd = LVS_FWD_NAT;
		return 0;
	case IP_VS_CONN_F_TUNNEL:
		*fwd = LVS_FWD_TUN;
		return 0;
	case IP_VS_CONN_F_DROUTE:
		*fwd = LVS_FWD_DR;
		return 0;
	}
	NL_SET_ERR_MSG_MOD(extack,
			   "lvs forwards by NAT, tunnel or direct routing only");
	return -EINVAL;
}

u32 lvs_ipvs_fwd(u8 fwd)
{
	static const u32 map[__LVS_FWD_MAX] = {
		[LVS_FWD_NAT] = IP_VS_CONN_F_MASQ,
		[LVS_FWD_TUN] = IP_VS_CONN_F_TUNNEL,
		[LVS_FWD_DR] = IP_VS_CONN_F_DROUTE,
	};

	return map[fwd];
}

/* ip_vs's checks and errors first, then lvs's own. */
static int ipvs_dest_settings(struct nlattr **tb, struct lvs_dest_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tun = tb[IPVS_DEST_ATTR_TUN_TYPE];
	s32 weight;
	int ret;

	if (!tb[IPVS_DEST_ATTR_FWD_METHOD] || !tb[IPVS_DEST_ATTR_WEIGHT] ||
	    !tb[IPVS_DEST_ATTR_U_THRESH] || !tb[IPVS_DEST_ATTR_L_THRESH]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a real server needs its method, weight and thresholds");
		return -EINVAL;
	}
	weight = (s32)nla_get_u32(tb[IPVS_DEST_ATTR_WEIGHT]);
	cfg->u_threshold = nla_get_u32(tb[IPVS_DEST_ATTR_U_THRESH]);
	cfg->l_threshold = nla_get_u32(tb[IPVS_DEST_ATTR_L_THRESH]);
	if (weight < 0 || cfg->l_threshold > cfg->u_threshold) {
		NL_SET_ERR_MSG_MOD(extack,
				   "weight below 0, or lower threshold above upper");
		return -ERANGE;
	}
	if (cfg->u_threshold > INT_MAX || weight > LVS_WEIGHT_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "upper threshold above INT_MAX or weight above 65535");
		return -EINVAL;
	}
	cfg->weight = weight;
	ret = ipvs_parse_fwd(nla_get_u32(tb[IPVS_DEST_ATTR_FWD_METHOD]),
			     &cfg->fwd, extack);
	if (ret)
		return ret;
	if ((tun && nla_get_u8(tun) != IP_VS_CONN_F_TUNNEL_TYPE_IPIP) ||
	    (tb[IPVS_DEST_ATTR_TUN_PORT] &&
	     nla_get_u16(tb[IPVS_DEST_ATTR_TUN_PORT])) ||
	    (tb[IPVS_DEST_ATTR_TUN_FLAGS] &&
	     nla_get_u16(tb[IPVS_DEST_ATTR_TUN_FLAGS]))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "lvs tunnels by IPIP only (no GUE or GRE, no tunnel port or flags)");
		return -EINVAL;
	}
	return 0;
}

static int ipvs_dest(struct lvs_service *svc, struct nlattr *nla,
		     bool settings, struct lvs_dest_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];
	struct nlattr *af = NULL;
	int ret;

	if (!nla) {
		NL_SET_ERR_MSG_MOD(extack, "the command needs a real server");
		return -EINVAL;
	}
	ret = nla_parse_nested_deprecated(tb, IPVS_DEST_ATTR_MAX, nla,
					  ipvs_dest_policy, extack);
	if (ret)
		return ret;
	if (!tb[IPVS_DEST_ATTR_ADDR] || !tb[IPVS_DEST_ATTR_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "a real server key is ADDR and PORT");
		return -EINVAL;
	}
	af = tb[IPVS_DEST_ATTR_ADDR_FAMILY];
	cfg->af = svc->af;
	/* Old clients send no family: the service's, as in ip_vs. */
	if (af && nla_get_u16(af)) {
		ret = lvs_nl_parse_af(af, &cfg->af, extack);
		if (ret)
			return ret;
	}
	ret = ipvs_parse_addr(tb[IPVS_DEST_ATTR_ADDR], cfg->af, &cfg->addr,
			      extack);
	if (ret)
		return ret;
	cfg->port = nla_get_be16(tb[IPVS_DEST_ATTR_PORT]) ?: svc->port;
	return settings ? ipvs_dest_settings(tb, cfg, extack) : 0;
}

/* ---- commands ---- */

static int ipvs_set_timeouts(struct lvs_net *ln, struct genl_info *info)
{
	static const struct {
		int attr, state;
	} map[] = {
		{ IPVS_CMD_ATTR_TIMEOUT_TCP, LVS_STATE_TCP_ESTABLISHED },
		{ IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, LVS_STATE_TCP_FIN_WAIT },
		{ IPVS_CMD_ATTR_TIMEOUT_UDP, LVS_STATE_UDP },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		struct nlattr *a = info->attrs[map[i].attr];

		if (a && (s32)nla_get_u32(a) < 0) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "timeout below 0");
			return -EINVAL;
		}
		if (a && nla_get_u32(a) > LVS_TIMEOUT_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "lvs's timeouts end at thirty days");
			return -EINVAL;
		}
	}
	/* 0 keeps a timeout, as in ip_vs. */
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		struct nlattr *a = info->attrs[map[i].attr];

		if (a && nla_get_u32(a))
			WRITE_ONCE(ln->timeouts[map[i].state],
				   (unsigned long)nla_get_u32(a) * HZ);
	}
	return 0;
}

static int ipvs_dest_cmd(struct lvs_service *svc, u8 cmd,
			 struct genl_info *info)
{
	struct lvs_dest_cfg cfg = {};
	struct lvs_dest *dest;
	int ret;

	ret = ipvs_dest(svc, info->attrs[IPVS_CMD_ATTR_DEST],
			cmd != IPVS_CMD_DEL_DEST, &cfg, info->extack);
	if (ret)
		return ret;
	if (cmd == IPVS_CMD_NEW_DEST)
		return PTR_ERR_OR_ZERO(lvs_dest_add(svc, &cfg, info->extack));
	dest = lvs_dest_get(svc, &cfg);
	if (!dest) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such real server");
		return -ENOENT;
	}
	if (cmd == IPVS_CMD_SET_DEST)
		return lvs_dest_edit(dest, &cfg, info->extack);
	lvs_dest_del(dest);
	lvs_conn_drop_templates(svc->ln);
	return 0;
}

static int ipvs_service_cmd(struct lvs_net *ln, u8 cmd,
			    struct genl_info *info)
{
	bool settings = cmd == IPVS_CMD_NEW_SERVICE ||
			cmd == IPVS_CMD_SET_SERVICE;
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	int ret;

	svc = ipvs_service(ln, info->attrs[IPVS_CMD_ATTR_SERVICE], settings,
			   &cfg, info->extack);
	if (IS_ERR(svc))
		return PTR_ERR(svc);
	if (cmd == IPVS_CMD_NEW_SERVICE) {
		if (svc) {
			NL_SET_ERR_MSG_MOD(info->extack, "service already exists");
			return -EEXIST;
		}
		if (!cfg.fwmark && !cfg.port) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "lvs has no port 0 services");
			return -EINVAL;
		}
		ret = lvs_net_enable(ln, info->extack);
		if (!ret)
			ret = PTR_ERR_OR_ZERO(lvs_service_add(ln, &cfg,
							      info->extack));
		return ret;
	}
	if (!svc) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such service");
		return -ESRCH;
	}
	switch (cmd) {
	case IPVS_CMD_SET_SERVICE:
		return lvs_service_edit(svc, &cfg, info->extack);
	case IPVS_CMD_DEL_SERVICE:
		lvs_service_del(svc);
		lvs_conn_drop_templates(ln);
		return 0;
	case IPVS_CMD_ZERO:
		lvs_service_zero(svc);
		return 0;
	}
	return ipvs_dest_cmd(svc, cmd, info);
}

static int ipvs_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	u8 cmd = info->genlhdr->cmd;
	int ret;

	mutex_lock(&ln->config_mutex);
	if (cmd == IPVS_CMD_FLUSH) {
		lvs_service_flush(ln);
		lvs_conn_drop_templates(ln);
		ret = 0;
	} else if (cmd == IPVS_CMD_SET_CONFIG) {
		ret = ipvs_set_timeouts(ln, info);
	} else if (cmd == IPVS_CMD_ZERO &&
		   !info->attrs[IPVS_CMD_ATTR_SERVICE]) {
		lvs_service_zero_all(ln);
		ret = 0;
	} else {
		ret = ipvs_service_cmd(ln, cmd, info);
	}
	mutex_unlock(&ln->config_mutex);
	return ret;
}

static int ipvs_nl_get_service(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	int ret;

	mutex_lock(&ln->config_mutex);
	svc = ipvs_service(ln, info->attrs[IPVS_CMD_ATTR_SERVICE], false,
			   &cfg, info->extack);
	if (IS_ERR(svc)) {
		ret = PTR_ERR(svc);
	} else if (!svc) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such service");
		ret = -ESRCH;
	} else {
		ret = lvs_ipvs_reply(info, IPVS_CMD_NEW_SERVICE,
				     lvs_ipvs_fill_service, svc);
	}
	mutex_unlock(&ln->config_mutex);
	return ret;
}

static int ipvs_dump_service(struct sk_buff *skb, struct netlink_callback *cb,
			     struct lvs_service *svc)
{
	return lvs_ipvs_put(skb, cb, IPVS_CMD_NEW_SERVICE,
			    lvs_ipvs_fill_service, svc);
}

/* cb->args[0]: services already sent. */
static int ipvs_nl_dump_services(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct lvs_net *ln = lvs_pernet(sock_net(skb->sk));

	mutex_lock(&ln->config_mutex);
	lvs_service_dump(ln, skb, cb, ipvs_dump_service);
	mutex_unlock(&ln->config_mutex);
	return skb->len;
}

/* cb->args[0]: real servers already sent; no such service, none. */
static int ipvs_nl_dump_dests(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lvs_net *ln = lvs_pernet(sock_net(skb->sk));
	struct nlattr *attrs[IPVS_CMD_ATTR_MAX + 1];
	struct lvs_service_cfg cfg;
	struct lvs_service *svc;
	struct lvs_dest *dest;
	unsigned long idx = 0;
	int ret;

	ret = nlmsg_parse_deprecated(cb->nlh, GENL_HDRLEN, attrs,
				     IPVS_CMD_ATTR_MAX, ipvs_cmd_policy,
				     cb->extack);
	if (ret)
		return ret;
	mutex_lock(&ln->config_mutex);
	svc = ipvs_service(ln, attrs[IPVS_CMD_ATTR_SERVICE], false, &cfg,
			   cb->extack);
	if (IS_ERR_OR_NULL(svc))
		goto out;
	list_for_each_entry(dest, &svc->dests, n_list) {
		if (idx++ < cb->args[0])
			continue;
		if (lvs_ipvs_put(skb, cb, IPVS_CMD_NEW_DEST,
				 lvs_ipvs_fill_dest, dest))
			break;
		cb->args[0] = idx;
	}
out:
	mutex_unlock(&ln->config_mutex);
	return skb->len;
}

static int ipvs_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));

	if (info->genlhdr->cmd == IPVS_CMD_GET_INFO)
		return lvs_ipvs_reply(info, IPVS_CMD_SET_INFO,
				      lvs_ipvs_fill_info, ln);
	return lvs_ipvs_reply(info, IPVS_CMD_SET_CONFIG,
			      lvs_ipvs_fill_config, ln);
}

static int ipvs_nl_daemon(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG_MOD(info->extack,
			   "lvs has no connection synchronisation yet");
	return -EOPNOTSUPP;
}

/* No daemon runs: an empty dump. */
static int ipvs_nl_dump_daemons(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return 0;
}

#define IPVS_OP(c, field, fn) \
	{ .cmd = (c), .field = (fn), .flags = GENL_ADMIN_PERM, \
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP }

/* As the LVS family's: CAP_NET_ADMIN in the initial user namespace. */
static const struct genl_small_ops ipvs_genl_ops[] = {
	IPVS_OP(IPVS_CMD_NEW_SERVICE, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_SET_SERVICE, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_DEL_SERVICE, doit, ipvs_nl_set),
	{ .cmd = IPVS_CMD_GET_SERVICE, .doit = ipvs_nl_get_service,
	  .dumpit = ipvs_nl_dump_services, .flags = GENL_ADMIN_PERM,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP },
	IPVS_OP(IPVS_CMD_NEW_DEST, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_SET_DEST, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_DEL_DEST, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_GET_DEST, dumpit, ipvs_nl_dump_dests),
	IPVS_OP(IPVS_CMD_NEW_DAEMON, doit, ipvs_nl_daemon),
	IPVS_OP(IPVS_CMD_DEL_DAEMON, doit, ipvs_nl_daemon),
	IPVS_OP(IPVS_CMD_GET_DAEMON, dumpit, ipvs_nl_dump_daemons),
	IPVS_OP(IPVS_CMD_SET_CONFIG, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_GET_CONFIG, doit, ipvs_nl_get),
	IPVS_OP(IPVS_CMD_GET_INFO, doit, ipvs_nl_get),
	IPVS_OP(IPVS_CMD_ZERO, doit, ipvs_nl_set),
	IPVS_OP(IPVS_CMD_FLUSH, doit, ipvs_nl_set),
};

struct genl_family lvs_ipvs_family __ro_after_init = {
	.name		= IPVS_GENL_NAME,
	.version	= IPVS_GENL_VERSION,
	.maxattr	= IPVS_CMD_ATTR_MAX,
	.policy		= ipvs_cmd_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.pre_doit	= lvs_nl_pre_doit,
	.post_doit	= lvs_nl_post_doit,
	.small_ops	= ipvs_genl_ops,
	.n_small_ops	= ARRAY_SIZE(ipvs_genl_ops),
	.resv_start_op	= IPVS_CMD_FLUSH + 1,
};

static bool ipvs_registered;

/* ip_vs loaded first keeps the name: lvs then serves LVS alone. */
void lvs_ipvs_init(void)
{
	int ret;

	if (!ipvs_compat)
		return;
	ret = genl_register_family(&lvs_ipvs_family);
	if (ret) {
		pr_info("the IPVS netlink family is taken (ip_vs loaded?), error %d: only LVS is served\n",
			ret);
		return;
	}
	ret = lvs_ipvs_proc_init();
	if (ret)
		goto err_family;
	ret = lvs_ipvs_sysctl_init();
	if (ret)
		goto err_proc;
	ipvs_registered = true;
	return;

err_proc:
	lvs_ipvs_proc_exit();
err_family:
	genl_unregister_family(&lvs_ipvs_family);
	pr_info("cannot create ip_vs's /proc/net and net.ipv4.vs files, error %d: only LVS is served\n",
		ret);
}

void lvs_ipvs_exit(void)
{
	if (!ipvs_registered)
		return;
	lvs_ipvs_sysctl_exit();
	lvs_ipvs_proc_exit();
	genl_unregister_family(&lvs_ipvs_family);
}
