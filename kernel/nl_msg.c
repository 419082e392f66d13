// SPDX-License-Identifier: GPL-2.0
/*
 * Building the family's messages: the one place a header is put, a dump's
 * consistency flagged and a reply sent, below every file that answers a
 * command (netlink.c, conn_nl.c, nl_config.c), so none calls back up into
 * the ops table's file.
 */
#include <net/genetlink.h>

#include "lvs.h"

int lvs_put_addr(struct sk_buff *skb, int type, u8 af,
		 const union nf_inet_addr *addr)
{
	return nla_put(skb, type, lvs_addr_len(af), addr);
}

int lvs_put_msg(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd,
		struct netlink_callback *cb, lvs_fill_fn fill, void *obj)
{
	void *hdr = genlmsg_put(skb, portid, seq, &lvs_genl_family, flags,
				cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (fill(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int lvs_reply(struct genl_info *info, lvs_fill_fn fill, void *obj)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = lvs_put_msg(msg, info->snd_portid, info->snd_seq, 0,
			  info->genlhdr->cmd, NULL, fill, obj);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}
