// SPDX-License-Identifier: GPL-2.0
/*
 * LVS_CMD_SET_CONFIG and LVS_CMD_GET_CONFIG: the settings each namespace
 * has of its own (struct lvs_net), which the module parameters only seed.
 * Every value is checked before any is applied, so a request changes all
 * it names or nothing.
 */
#include <net/genetlink.h>

#include "lvs.h"

const struct nla_policy lvs_config_policy[LVS_CONFIG_ATTR_MAX + 1] = {
	[LVS_CONFIG_ATTR_MAX_CONNS]	= { .type = NLA_U32 },
	[LVS_CONFIG_ATTR_FAST_PATH]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LVS_CONFIG_ATTR_MH_TABLE_SIZE]	= { .type = NLA_U32 },
};

int lvs_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	struct nlattr *tb[LVS_CONFIG_ATTR_MAX + 1];
	struct nlattr *mh;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LVS_ATTR_CONFIG))
		return -EINVAL;
	ret = nla_parse_nested(tb, LVS_CONFIG_ATTR_MAX,
			       info->attrs[LVS_ATTR_CONFIG], lvs_config_policy,
			       info->extack);
	if (ret)
		return ret;
	mh = tb[LVS_CONFIG_ATTR_MH_TABLE_SIZE];
	if (mh) {
		ret = lvs_mh_check_size(nla_get_u32(mh), info->extack);
		if (ret) {
			info->extack->bad_attr = mh;
			return ret;
		}
	}

	mutex_lock(&ln->config_mutex);
	if (tb[LVS_CONFIG_ATTR_MAX_CONNS])
		WRITE_ONCE(ln->max_conns,
			   nla_get_u32(tb[LVS_CONFIG_ATTR_MAX_CONNS]));
	if (tb[LVS_CONFIG_ATTR_FAST_PATH])
		WRITE_ONCE(ln->fast_path,
			   nla_get_u8(tb[LVS_CONFIG_ATTR_FAST_PATH]));
	if (mh)
		WRITE_ONCE(ln->mh_table_size, nla_get_u32(mh));
	mutex_unlock(&ln->config_mutex);
	return 0;
}

static int lvs_fill_config(struct sk_buff *skb, void *obj)
{
	struct lvs_net *ln = obj;
	struct nlattr *nest = nla_nest_start(skb, LVS_ATTR_CONFIG);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LVS_CONFIG_ATTR_MAX_CONNS,
			READ_ONCE(ln->max_conns)) ||
	    nla_put_u8(skb, LVS_CONFIG_ATTR_FAST_PATH,
		       READ_ONCE(ln->fast_path)) ||
	    nla_put_u32(skb, LVS_CONFIG_ATTR_MH_TABLE_SIZE,
			READ_ONCE(ln->mh_table_size))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int lvs_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	return lvs_reply(info, lvs_fill_config,
			 lvs_pernet(genl_info_net(info)));
}
