// SPDX-License-Identifier: GPL-2.0
/*
 * The attributes of configuration commands: service and real server keys
 * and settings, checked and turned into the cfg structs of service.c.
 */
#include <linux/in.h>
#include <net/genetlink.h>

#include "lvs.h"
#include "nl_parse.h"

int lvs_nl_parse_af(struct nlattr *af_attr, u8 *af,
		    struct netlink_ext_ack *extack)
{
	u16 family = nla_get_u16(af_attr);

	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, af_attr,
				    "address family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	*af = family;
	return 0;
}

/* Address family and address: services, real servers, conn filters. */
int lvs_nl_parse_addr(struct nlattr *af_attr, struct nlattr *addr_attr,
		      u8 *af, union nf_inet_addr *addr,
		      struct netlink_ext_ack *extack)
{
	u8 family;
	int ret;

	ret = lvs_nl_parse_af(af_attr, &family, extack);
	if (ret)
		return ret;
	if (nla_len(addr_attr) != lvs_addr_len(family)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "address length does not match its family");
		return -EINVAL;
	}
	*af = family;
	memset(addr, 0, sizeof(*addr));
	nla_memcpy(addr, addr_attr, sizeof(*addr));
	return 0;
}

/* A fwmark service's key: (AF, FWMARK) and nothing of the other kind. */
static int lvs_parse_fwmark(struct nlattr **tb, struct lvs_service_cfg *cfg,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *fwm = tb[LVS_SVC_ATTR_FWMARK];

	if (tb[LVS_SVC_ATTR_PROTOCOL] || tb[LVS_SVC_ATTR_ADDR] ||
	    tb[LVS_SVC_ATTR_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, fwm,
				    "a fwmark service has no protocol, address or port");
		return -EINVAL;
	}
	cfg->fwmark = nla_get_u32(fwm);
	return lvs_nl_parse_af(tb[LVS_SVC_ATTR_AF], &cfg->af, extack);
}

/* The key of a (PROTOCOL, ADDR, PORT) service. */
static int lvs_parse_svc_addr(struct nlattr *nest, struct nlattr **tb,
			      struct lvs_service_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	u16 proto;
	int ret;

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, LVS_SVC_ATTR_PROTOCOL) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, LVS_SVC_ATTR_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, LVS_SVC_ATTR_PORT))
		return -EINVAL;
	ret = lvs_nl_parse_addr(tb[LVS_SVC_ATTR_AF], tb[LVS_SVC_ATTR_ADDR],
				&cfg->af, &cfg->addr, extack);
	if (ret)
		return ret;
	proto = nla_get_u16(tb[LVS_SVC_ATTR_PROTOCOL]);
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LVS_SVC_ATTR_PROTOCOL],
				    "protocol must be TCP or UDP");
		return -EPROTONOSUPPORT;
	}
	cfg->proto = proto;
	cfg->port = nla_get_be16(tb[LVS_SVC_ATTR_PORT]);
	if (!cfg->port) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LVS_SVC_ATTR_PORT],
				    "service port must not be 0");
		return -EINVAL;
	}
	return 0;
}

/* The service key; tb keeps the nest for lvs_service_settings(). */
int lvs_parse_service(struct genl_info *info, struct nlattr **tb,
		      struct lvs_service_cfg *cfg)
{
	struct nlattr *nest = info->attrs[LVS_ATTR_SERVICE];
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	if (GENL_REQ_ATTR_CHECK(info, LVS_ATTR_SERVICE))
		return -EINVAL;
	ret = nla_parse_nested(tb, LVS_SVC_ATTR_MAX, nest, lvs_svc_policy,
			       info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, LVS_SVC_ATTR_AF))
		return -EINVAL;
	if (tb[LVS_SVC_ATTR_FWMARK])
		return lvs_parse_fwmark(tb, cfg, info->extack);
	return lvs_parse_svc_addr(info->attrs[LVS_ATTR_SERVICE], tb, cfg,
				  info->extack);
}

/* The settings given replace those in cfg (defaults, or the current). */
int lvs_service_settings(struct nlattr **tb, struct lvs_service_cfg *cfg,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *mask = tb[LVS_SVC_ATTR_NETMASK];

	if (mask && nla_get_u32(mask) > lvs_addr_len(cfg->af) * 8) {
		NL_SET_ERR_MSG_ATTR(extack, mask,
				    "prefix length longer than the address");
		return -EINVAL;
	}
	if (mask)
		cfg->netmask = nla_get_u32(mask);
	if (tb[LVS_SVC_ATTR_TIMEOUT])
		cfg->timeout = nla_get_u32(tb[LVS_SVC_ATTR_TIMEOUT]);
	if (tb[LVS_SVC_ATTR_SCHED_NAME])
		cfg->sched_name = nla_data(tb[LVS_SVC_ATTR_SCHED_NAME]);
	if (tb[LVS_SVC_ATTR_FLAGS])
		cfg->flags = nla_get_u32(tb[LVS_SVC_ATTR_FLAGS]);
	return 0;
}

/* A real server's key; its settings stay in tb for lvs_dest_settings(). */
int lvs_parse_dest_key(struct genl_info *info, const struct lvs_service *svc,
		       struct nlattr **tb, struct lvs_dest_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[LVS_ATTR_DEST];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LVS_ATTR_DEST))
		return -EINVAL;
	ret = nla_parse_nested(tb, LVS_DEST_ATTR_MAX, nest, lvs_dest_policy,
			       extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, LVS_DEST_ATTR_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, LVS_DEST_ATTR_PORT))
		return -EINVAL;
	if (tb[LVS_DEST_ATTR_AF]) {
		ret = lvs_nl_parse_addr(tb[LVS_DEST_ATTR_AF],
					tb[LVS_DEST_ATTR_ADDR], &cfg->af,
					&cfg->addr, extack);
		if (ret)
			return ret;
	} else {
		if (nla_len(tb[LVS_DEST_ATTR_ADDR]) != lvs_addr_len(svc->af)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LVS_DEST_ATTR_ADDR],
					    "address length does not match its family");
			return -EINVAL;
		}
		cfg->af = svc->af;
		memset(&cfg->addr, 0, sizeof(cfg->addr));
		nla_memcpy(&cfg->addr, tb[LVS_DEST_ATTR_ADDR],
			   sizeof(cfg->addr));
	}
	cfg->port = nla_get_be16(tb[LVS_DEST_ATTR_PORT]) ?: svc->port;
	return 0;
}

/* Settings given in the request replace those in cfg. */
void lvs_dest_settings(struct nlattr **tb, struct lvs_dest_cfg *cfg)
{
	if (tb[LVS_DEST_ATTR_FWD_METHOD])
		cfg->fwd = nla_get_u32(tb[LVS_DEST_ATTR_FWD_METHOD]);
	if (tb[LVS_DEST_ATTR_WEIGHT])
		cfg->weight = nla_get_u32(tb[LVS_DEST_ATTR_WEIGHT]);
	if (tb[LVS_DEST_ATTR_U_THRESH])
		cfg->u_threshold = nla_get_u32(tb[LVS_DEST_ATTR_U_THRESH]);
	if (tb[LVS_DEST_ATTR_L_THRESH])
		cfg->l_threshold = nla_get_u32(tb[LVS_DEST_ATTR_L_THRESH]);
}

/* Parse the service key (tb gets the nest) and find it; config_mutex held. */
struct lvs_service *lvs_nl_service_tb(struct lvs_net *ln,
				      struct genl_info *info,
				      struct nlattr **tb,
				      struct lvs_service_cfg *cfg)
{
	struct lvs_service *svc;
	int ret;

	ret = lvs_parse_service(info, tb, cfg);
	if (ret)
		return ERR_PTR(ret);
	svc = lvs_service_get(ln, cfg);
	if (!svc) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LVS_ATTR_SERVICE],
				    "no such service");
		return ERR_PTR(-ESRCH);
	}
	return svc;
}

/* Commands that only name a service take its key and no settings. */
struct lvs_service *lvs_nl_service(struct lvs_net *ln, struct genl_info *info,
				   struct lvs_service_cfg *cfg)
{
	static const u8 settings[] = {
		LVS_SVC_ATTR_SCHED_NAME, LVS_SVC_ATTR_FLAGS,
		LVS_SVC_ATTR_TIMEOUT, LVS_SVC_ATTR_NETMASK,
	};
	struct nlattr *tb[LVS_SVC_ATTR_MAX + 1];
	struct lvs_service *svc;
	unsigned int i;

	svc = lvs_nl_service_tb(ln, info, tb, cfg);
	/* tb is set once the key parsed: then, found or not, no settings. */
	if (IS_ERR(svc) && PTR_ERR(svc) != -ESRCH)
		return svc;
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		if (tb[settings[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[settings[i]],
					    "this command takes only the service's key");
			return ERR_PTR(-EINVAL);
		}
	}
	return svc;
}
