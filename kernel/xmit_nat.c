// SPDX-License-Identifier: GPL-2.0
/*
 * VS/NAT: client packets get the real server as destination and are routed
 * to it from LOCAL_IN; replies crossing FORWARD get the VIP back as source.
 *
 * Conntrack, if loaded, saw the replies at PRE_ROUTING as a flow of their
 * own; they leave untracked too (lvs_untrack()).
 */
#include <linux/skbuff.h>
#include <net/dst.h>

#include "lvs.h"

/* Make the headers a rewrite touches writable. */
static bool lvs_nat_writable(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	return !skb_ensure_writable(skb, pkt->l4off +
				    lvs_proto_get(pkt->proto)->hdrlen);
}

unsigned int lvs_xmit_nat_in(struct sk_buff *skb, struct lvs_conn *c,
			     const struct lvs_pkt *pkt)
{
	struct dst_entry *dst;

	dst = lvs_xmit_route(skb, c, pkt, 0, 0, NULL);
	if (!dst)
		return NF_DROP;
	if (!lvs_nat_writable(skb, pkt))
		return lvs_drop(lvs_conn_net(c), LVS_DROP_NO_MEMORY);

	lvs_hop_limit_dec(skb, pkt);
	lvs_csum_rewrite_addr(skb, pkt, false, &c->daddr);
	if (c->dport != pkt->dport)
		lvs_csum_rewrite_port(skb, pkt, false, c->dport);
	return lvs_xmit_send(skb, c, dst);
}

unsigned int lvs_xmit_nat_out(struct sk_buff *skb, struct lvs_conn *c,
			      const struct lvs_pkt *pkt)
{
	if (!lvs_nat_writable(skb, pkt))
		return lvs_drop(lvs_conn_net(c), LVS_DROP_NO_MEMORY);

	lvs_csum_rewrite_addr(skb, pkt, true, &c->vaddr);
	if (c->vport != pkt->sport)
		lvs_csum_rewrite_port(skb, pkt, true, c->vport);
	lvs_untrack(skb);
	return NF_ACCEPT;
}
