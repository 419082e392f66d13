// SPDX-License-Identifier: GPL-2.0
/*
 * VS/DR: the client's packet goes to the real server unchanged, still
 * addressed to the VIP, which the real server also holds. Only the link
 * layer destination changes: the route to the real server is asked to use
 * it as next hop whatever the packet's address, so the neighbour lookup
 * resolves the real server. Replies go straight to the client.
 */
#include <linux/skbuff.h>
#include <net/dst.h>

#include "lvs.h"

unsigned int lvs_xmit_dr(struct sk_buff *skb, struct lvs_conn *c,
			 const struct lvs_pkt *pkt)
{
	struct dst_entry *dst;

	/* A local real server would hand the packet back to LOCAL_IN. */
	dst = lvs_xmit_route(skb, c, pkt,
			     LVS_ROUTE_KNOWN_NH | LVS_ROUTE_REMOTE, 0, NULL);
	if (!dst)
		return NF_DROP;
	if (skb_ensure_writable(skb, pkt->l4off))
		return lvs_drop(lvs_conn_net(c), LVS_DROP_NO_MEMORY);
	lvs_hop_limit_dec(skb, pkt);
	return lvs_xmit_send(skb, c, dst);
}
