// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about balanced connections, matched by the header they
 * quote, which travelled the other way: an error about a packet the
 * director sent to a real server comes back from that side (FORWARD), one
 * about a reply to the client comes to the VIP (LOCAL_IN).
 *
 * Under NAT the error is translated so that each side recognises its own
 * packet: the outer address and the quoted address and port are put back
 * as that side knows them. For IPv4 the quoted header's checksum is fixed
 * as well, which leaves the ICMP checksum unchanged; only the port and,
 * for ICMPv6, the addresses (pseudo-header included) move it, updated
 * incrementally.
 *
 * A router's "too big" about a TUN packet quotes the outer header lvs put
 * around the client's packet: the route to the real server learns the
 * path MTU, and the client is told what is left of it inside the tunnel.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "lvs.h"

/* Errors only: echo and the like are the director's own business. */
static bool lvs_icmp_is_error(u8 af, u8 type)
{
	if (af == AF_INET6)
		return type < 128;
	return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
	       type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETERPROB;
}

/*
 * Find the connection of the packet an ICMP error quotes; dir is the
 * table of the quoted packet's reverse, the way the error travels.
 */
static struct lvs_conn *lvs_icmp_conn(struct lvs_net *ln,
				      struct sk_buff *skb,
				      const struct lvs_pkt *pkt,
				      enum lvs_dir dir, struct lvs_pkt *inner,
				      int *res)
{
	struct lvs_pkt key;
	u8 type;

	*res = LVS_PARSE_DROP;
	if (!pskb_may_pull(skb, pkt->l4off + sizeof(struct icmphdr)))
		return NULL;
	type = *(u8 *)(skb->data + pkt->l4off);
	*res = LVS_PARSE_IGNORE;
	if (!lvs_icmp_is_error(pkt->af, type))
		return NULL;
	/* LVS_PARSE_TUNNEL: inner is the outer header of a TUN packet. */
	*res = lvs_parse_quoted(skb, pkt, inner);
	if (*res != LVS_PARSE_OK)
		return NULL;
	key = *inner;
	key.saddr = inner->daddr;
	key.daddr = inner->saddr;
	key.sport = inner->dport;
	key.dport = inner->sport;
	return lvs_conn_lookup(ln, dir, &key);
}

static __sum16 *lvs_icmp_sum(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	void *icmp = skb->data + pkt->l4off;

	if (pkt->af == AF_INET6)
		return &((struct icmp6hdr *)icmp)->icmp6_cksum;
	return &((struct icmphdr *)icmp)->checksum;
}

/* Set len bytes at p to val; sum[0..n) are the checksums covering them. */
static void lvs_icmp_set(void *p, const void *val, unsigned int len,
			 __sum16 **sum, unsigned int n)
{
	__wsum diff = csum_sub(csum_partial(val, len, 0),
			       csum_partial(p, len, 0));

	while (n--)
		csum_replace_by_diff(sum[n], diff);
	memcpy(p, val, len);
}

/*
 * NAT: rewrite one outer address (the error's source or destination) and
 * the quoted packet's matching address and port to addr and port.
 */
static void lvs_icmp_nat(struct sk_buff *skb, const struct lvs_pkt *pkt,
			 const struct lvs_pkt *inner, bool outer_src,
			 const union nf_inet_addr *addr, __be16 port)
{
	unsigned int alen = lvs_addr_len(pkt->af);
	void *nh = skb->data + pkt->l3off, *qh = skb->data + inner->l3off;
	void *qport = skb->data + inner->l4off + (outer_src ? 2 : 0);
	__sum16 *sums[2] = { lvs_icmp_sum(skb, pkt) };
	void *oaddr, *qaddr;

	if (pkt->af == AF_INET6) {
		struct ipv6hdr *ip6h = nh, *qip6h = qh;

		oaddr = outer_src ? &ip6h->saddr : &ip6h->daddr;
		qaddr = outer_src ? &qip6h->daddr : &qip6h->saddr;
		lvs_icmp_set(oaddr, addr, alen, sums, 1);	/* pseudo-header */
		lvs_icmp_set(qaddr, addr, alen, sums, 1);
	} else {
		struct iphdr *iph = nh, *qiph = qh;

		oaddr = outer_src ? &iph->saddr : &iph->daddr;
		qaddr = outer_src ? &qiph->daddr : &qiph->saddr;
		sums[0] = &iph->check;
		lvs_icmp_set(oaddr, addr, alen, sums, 1);
		sums[0] = &qiph->check;
		lvs_icmp_set(qaddr, addr, alen, sums, 1);
		sums[0] = lvs_icmp_sum(skb, pkt);
	}
	lvs_icmp_set(qport, &port, sizeof(port), sums, 1);
	/* A hardware sum of the old bytes would now be wrong. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

static bool lvs_icmp_writable(struct sk_buff *skb, const struct lvs_pkt *inner)
{
	return !skb_ensure_writable(skb, inner->l4off + 4);
}

/* An error for the client about one of its connections (NAT only). */
unsigned int lvs_icmp_forward(struct lvs_net *ln, struct sk_buff *skb,
			      const struct lvs_pkt *pkt)
{
	struct lvs_pkt inner;
	struct lvs_conn *c;
	int res;

	c = lvs_icmp_conn(ln, skb, pkt, LVS_DIR_OUT, &inner, &res);
	if (!c)
		return NF_ACCEPT;	/* not ours, whatever it is */
	if (!lvs_icmp_writable(skb, &inner))
		return lvs_drop(ln, LVS_DROP_NO_MEMORY);
	lvs_icmp_nat(skb, pkt, &inner, true, &c->vaddr, c->vport);
	lvs_conn_stats_add(c, LVS_DIR_OUT, pkt->len);
	lvs_untrack(skb);
	return NF_ACCEPT;
}

/* Does the error say a packet was too big for the path? At what MTU? */
static bool lvs_icmp_too_big(const struct sk_buff *skb,
			     const struct lvs_pkt *pkt, u32 *mtu)
{
	const void *ic = skb->data + pkt->l4off;

	if (pkt->af == AF_INET6) {
		const struct icmp6hdr *ic6 = ic;

		*mtu = ntohl(ic6->icmp6_mtu);
		return ic6->icmp6_type == ICMPV6_PKT_TOOBIG;
	}
	*mtu = ntohs(((const struct icmphdr *)ic)->un.frag.mtu);
	return ((const struct icmphdr *)ic)->type == ICMP_DEST_UNREACH &&
	       ((const struct icmphdr *)ic)->code == ICMP_FRAG_NEEDED;
}

/* The stack's PMTU update reads the quoted header at skb->data. */
static void lvs_icmp_update_pmtu(struct net *net, struct sk_buff *skb,
				 const struct lvs_pkt *outer, u32 mtu)
{
	__skb_pull(skb, outer->l3off);
	if (outer->af == AF_INET6)
		ip6_update_pmtu(skb, net, htonl(mtu), 0, 0,
				sock_net_uid(net, NULL));
	else
		ipv4_update_pmtu(skb, net, mtu, 0, 0);
	__skb_push(skb, outer->l3off);
}

/*
 * "Too big" about a TUN packet lvs sent to a real server (outer, its
 * quoted outer header), as IPVS handles it: when the packet inside is a
 * connection's to that real server, lower the route's MTU, and if the
 * client's packet no longer fits, tell it the MTU left inside the
 * tunnel, quoting its packet. Other errors about tunnel packets go to
 * the stack.
 */
static unsigned int lvs_icmp_tunnel(struct lvs_net *ln, struct sk_buff *skb,
				    const struct lvs_pkt *pkt,
				    const struct lvs_pkt *outer)
{
	union nf_inet_addr saddr;
	struct dst_entry *dst;
	struct lvs_pkt client;
	struct lvs_conn *c;
	u32 mtu;
	int res;

	if (!lvs_icmp_too_big(skb, pkt, &mtu))
		return NF_ACCEPT;
	res = lvs_parse_tunneled(skb, outer, &client);
	if (res != LVS_PARSE_OK)
		return res == LVS_PARSE_DROP ?
		       lvs_drop(ln, LVS_DROP_MALFORMED) : NF_ACCEPT;
	c = lvs_conn_lookup(ln, LVS_DIR_IN, &client);
	if (!c || c->fwd != LVS_FWD_TUN ||
	    !lvs_addr_equal(c->af, &c->daddr, &outer->daddr))
		return NF_ACCEPT;
	lvs_conn_stats_add(c, LVS_DIR_IN, pkt->len);
	lvs_icmp_update_pmtu(ln->net, skb, outer, mtu);
	/* The route lvs_xmit_tun() takes, now with the path's MTU. */
	dst = lvs_dest_route(c, skb, &client, LVS_ROUTE_REMOTE, &saddr);
	if (!IS_ERR(dst)) {
		mtu = dst_mtu(dst) - (outer->l4off - outer->l3off);
		if (lvs_mtu_exceeded(skb, &client, mtu)) {
			/* The error quotes the client's packet, not ours. */
			skb_set_network_header(skb, client.l3off);
			if (client.af == AF_INET)
				memset(&IPCB(skb)->opt, 0, sizeof(IPCB(skb)->opt));
			lvs_icmp_send(skb, &client, LVS_ICMP_TOO_BIG, mtu);
		}
	}
	consume_skb(skb);
	return NF_STOLEN;
}

/* An error from the client's side about a reply: to the real server. */
unsigned int lvs_icmp_local_in(struct lvs_net *ln, struct sk_buff *skb,
			       const struct lvs_pkt *pkt)
{
	struct lvs_pkt inner;
	struct lvs_conn *c;
	struct dst_entry *dst;
	int res;

	c = lvs_icmp_conn(ln, skb, pkt, LVS_DIR_IN, &inner, &res);
	if (!c && res == LVS_PARSE_TUNNEL)
		return lvs_icmp_tunnel(ln, skb, pkt, &inner);
	if (!c)
		return res == LVS_PARSE_DROP ?
		       lvs_drop(ln, LVS_DROP_MALFORMED) : NF_ACCEPT;
	lvs_conn_stats_add(c, LVS_DIR_IN, pkt->len);
	switch (c->fwd) {
	case LVS_FWD_DR:
		return lvs_xmit_dr(skb, c, pkt);
	case LVS_FWD_TUN:
		return lvs_xmit_tun(skb, c, pkt);
	}
	dst = lvs_xmit_route(skb, c, pkt, 0, 0, NULL);
	if (!dst)
		return NF_DROP;
	if (!lvs_icmp_writable(skb, &inner))
		return lvs_drop(ln, LVS_DROP_NO_MEMORY);
	lvs_hop_limit_dec(skb, pkt);
	lvs_icmp_nat(skb, pkt, &inner, false, &c->daddr, c->dport);
	return lvs_xmit_send(skb, c, dst);
}
