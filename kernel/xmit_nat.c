// SPDX-License-Identifier: GPL-2.0
/*
 * VS/NAT: client packets get the real server as destination and are routed
 * to it from LOCAL_IN; replies crossing FORWARD get the VIP back as source.
 *
 * Conntrack: if it is loaded, it saw both directions at PRE_ROUTING as two
 * unrelated flows (client -> VIP, real server -> client). lvs owns these
 * flows, so their packets leave untracked: no stale conntrack entries, and
 * nf_nat at POST_ROUTING leaves them alone, as IPVS does by default.
 */
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/netfilter/nf_conntrack.h>

#include "lvs.h"

static void lvs_untrack(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	nf_reset_ct(skb);
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
#endif
}

/* Make the headers a rewrite touches writable. */
static bool lvs_nat_writable(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	return !skb_ensure_writable(skb, pkt->l4off +
				    lvs_proto_get(pkt->proto)->hdrlen);
}

static unsigned int lvs_nat_drop(struct lvs_conn *c, enum lvs_drop_reason r)
{
	lvs_drop_count(c->ln, r);
	return NF_DROP;
}

unsigned int lvs_xmit_nat_in(struct sk_buff *skb, struct lvs_conn *c,
			     const struct lvs_pkt *pkt)
{
	struct net *net = c->ln->net;
	struct dst_entry *dst;

	/* ICMP errors quote the packet as the client sent it: check first. */
	if (lvs_hop_limit(skb, pkt) <= 1) {
		lvs_icmp_send(skb, pkt, LVS_ICMP_TIME_EXCEEDED, 0);
		return lvs_nat_drop(c, LVS_DROP_TTL);
	}
	dst = lvs_route(net, skb, pkt, &c->daddr);
	if (!dst)
		return lvs_nat_drop(c, LVS_DROP_NO_ROUTE);
	if (lvs_mtu_exceeded(skb, pkt, dst_mtu(dst))) {
		lvs_icmp_send(skb, pkt, LVS_ICMP_TOO_BIG, dst_mtu(dst));
		dst_release(dst);
		return NF_DROP;
	}
	if (!lvs_nat_writable(skb, pkt)) {
		dst_release(dst);
		return lvs_nat_drop(c, LVS_DROP_NO_MEMORY);
	}

	lvs_hop_limit_dec(skb, pkt);
	lvs_csum_rewrite_addr(skb, pkt, false, &c->daddr);
	if (c->dport != pkt->dport)
		lvs_csum_rewrite_port(skb, pkt, false, c->dport);

	/* From here on the packet is forwarded, no longer delivered. */
	skb_orphan(skb);		/* early demux may have set a socket */
	skb_forward_csum(skb);
	skb_clear_tstamp(skb);
	lvs_untrack(skb);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);

	/* Straight to the output path: lvs never sees its packet again. */
	dst_output(net, NULL, skb);
	return NF_STOLEN;
}

unsigned int lvs_xmit_nat_out(struct sk_buff *skb, struct lvs_conn *c,
			      const struct lvs_pkt *pkt)
{
	if (!lvs_nat_writable(skb, pkt))
		return lvs_nat_drop(c, LVS_DROP_NO_MEMORY);

	lvs_csum_rewrite_addr(skb, pkt, true, &c->vaddr);
	if (c->vport != pkt->sport)
		lvs_csum_rewrite_port(skb, pkt, true, c->vport);
	lvs_untrack(skb);
	return NF_ACCEPT;
}
