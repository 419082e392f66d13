// SPDX-License-Identifier: GPL-2.0
/*
 * Replies of the IPVS family: lvs's services, real servers and settings
 * in ip_vs's attributes, with what its clients check (ipvsadm wants every
 * key and setting; kube-proxy wants IP_VS_SVC_F_HASHED).
 */
#include <linux/ip_vs.h>
#include <net/genetlink.h>

#include "lvs.h"
#include "ipvs_nl.h"

/* STATS has 32-bit packet counters and rates, STATS64 all 64-bit. */
static int ipvs_put_stats(struct sk_buff *skb, int type, bool wide,
			  const struct lvs_stats_snapshot *st)
{
	const u64 v[] = {
		[IPVS_STATS_ATTR_CONNS] = st->conns,
		[IPVS_STATS_ATTR_INPKTS] = st->inpkts,
		[IPVS_STATS_ATTR_OUTPKTS] = st->outpkts,
		[IPVS_STATS_ATTR_INBYTES] = st->inbytes,
		[IPVS_STATS_ATTR_OUTBYTES] = st->outbytes,
		[IPVS_STATS_ATTR_CPS] = st->cps,
		[IPVS_STATS_ATTR_INPPS] = st->inpps,
		[IPVS_STATS_ATTR_OUTPPS] = st->outpps,
		[IPVS_STATS_ATTR_INBPS] = st->inbps,
		[IPVS_STATS_ATTR_OUTBPS] = st->outbps,
	};
	struct nlattr *nest = nla_nest_start_noflag(skb, type);
	int i, ret;

	if (!nest)
		return -EMSGSIZE;
	for (i = IPVS_STATS_ATTR_CONNS; i <= IPVS_STATS_ATTR_OUTBPS; i++) {
		if (wide || i == IPVS_STATS_ATTR_INBYTES ||
		    i == IPVS_STATS_ATTR_OUTBYTES)
			ret = nla_put_u64_64bit(skb, i, v[i],
						IPVS_STATS_ATTR_PAD);
		else
			ret = nla_put_u32(skb, i, (u32)v[i]);
		if (ret) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipvs_put_both_stats(struct sk_buff *skb, int type, int type64,
			       struct lvs_stats *s)
{
	struct lvs_stats_snapshot st;

	lvs_stats_read(s, &st);
	return ipvs_put_stats(skb, type, false, &st) ?:
	       ipvs_put_stats(skb, type64, true, &st);
}

/* IPv4's netmask is a mask in network order, IPv6's a prefix length. */
u32 lvs_ipvs_netmask(const struct lvs_service *svc)
{
	if (svc->af == AF_INET6)
		return svc->netmask;
	return (__force u32)htonl(svc->netmask ? ~0U << (32 - svc->netmask) :
				  0);
}

int lvs_ipvs_fill_service(struct sk_buff *skb, void *obj)
{
	struct lvs_service *svc = obj;
	struct ip_vs_flags flags = {
		.flags = lvs_ipvs_flags(svc->flags),
		.mask = ~0U,
	};
	const struct lvs_scheduler *sched;
	struct nlattr *nest;

	sched = rcu_dereference_protected(svc->sched,
					  lockdep_is_held(&svc->ln->config_mutex));
	nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_SERVICE);
	if (!nest)
		return -EMSGSIZE;
	/* ip_vs sends the address in 16 bytes, whatever the family. */
	if (nla_put_u16(skb, IPVS_SVC_ATTR_AF, svc->af) ||
	    (svc->fwmark ?
	     nla_put_u32(skb, IPVS_SVC_ATTR_FWMARK, svc->fwmark) :
	     nla_put_u16(skb, IPVS_SVC_ATTR_PROTOCOL, svc->proto) ||
	     nla_put(skb, IPVS_SVC_ATTR_ADDR, sizeof(svc->addr), &svc->addr) ||
	     nla_put_be16(skb, IPVS_SVC_ATTR_PORT, svc->port)) ||
	    nla_put_string(skb, IPVS_SVC_ATTR_SCHED_NAME, sched->name) ||
	    nla_put(skb, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags) ||
	    nla_put_u32(skb, IPVS_SVC_ATTR_TIMEOUT, svc->timeout) ||
	    nla_put_u32(skb, IPVS_SVC_ATTR_NETMASK, lvs_ipvs_netmask(svc)) ||
	    ipvs_put_both_stats(skb, IPVS_SVC_ATTR_STATS,
				IPVS_SVC_ATTR_STATS64, &svc->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int lvs_ipvs_fill_dest(struct sk_buff *skb, void *obj)
{
	struct lvs_dest *dest = obj;
	struct nlattr *nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_DEST);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, IPVS_DEST_ATTR_ADDR, sizeof(dest->addr),
		    &dest->addr) ||
	    nla_put_be16(skb, IPVS_DEST_ATTR_PORT, dest->port) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_FWD_METHOD,
			lvs_ipvs_fwd(dest->fwd)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_WEIGHT,
			atomic_read(&dest->weight)) ||
	    nla_put_u8(skb, IPVS_DEST_ATTR_TUN_TYPE,
		       IP_VS_CONN_F_TUNNEL_TYPE_IPIP) ||
	    nla_put_be16(skb, IPVS_DEST_ATTR_TUN_PORT, 0) ||
	    nla_put_u16(skb, IPVS_DEST_ATTR_TUN_FLAGS, 0) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_U_THRESH,
			READ_ONCE(dest->u_threshold)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_L_THRESH,
			READ_ONCE(dest->l_threshold)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_ACTIVE_CONNS,
			atomic_read(&dest->activeconns)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_INACT_CONNS,
			atomic_read(&dest->inactconns)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_PERSIST_CONNS,
			atomic_read(&dest->persistconns)) ||
	    nla_put_u16(skb, IPVS_DEST_ATTR_ADDR_FAMILY, dest->af) ||
	    ipvs_put_both_stats(skb, IPVS_DEST_ATTR_STATS,
				IPVS_DEST_ATTR_STATS64, &dest->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int lvs_ipvs_fill_info(struct sk_buff *skb, void *ln)
{
	if (nla_put_u32(skb, IPVS_INFO_ATTR_VERSION, IP_VS_VERSION_CODE) ||
	    nla_put_u32(skb, IPVS_INFO_ATTR_CONN_TAB_SIZE,
			LVS_IPVS_CONN_TAB_SIZE))
		return -EMSGSIZE;
	return 0;
}

int lvs_ipvs_fill_config(struct sk_buff *skb, void *obj)
{
	struct lvs_net *ln = obj;

	if (nla_put_u32(skb, IPVS_CMD_ATTR_TIMEOUT_TCP,
			READ_ONCE(ln->timeouts[LVS_STATE_TCP_ESTABLISHED]) / HZ) ||
	    nla_put_u32(skb, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN,
			READ_ONCE(ln->timeouts[LVS_STATE_TCP_FIN_WAIT]) / HZ) ||
	    nla_put_u32(skb, IPVS_CMD_ATTR_TIMEOUT_UDP,
			READ_ONCE(ln->timeouts[LVS_STATE_UDP]) / HZ))
		return -EMSGSIZE;
	return 0;
}

int lvs_ipvs_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
		 lvs_fill_fn fill, void *obj)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, &lvs_ipvs_family,
				NLM_F_MULTI, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (fill(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int lvs_ipvs_reply(struct genl_info *info, u8 cmd, lvs_fill_fn fill,
		   void *obj)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lvs_ipvs_family, 0, cmd);
	if (!hdr || fill(msg, obj)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
