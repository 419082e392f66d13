// SPDX-License-Identifier: GPL-2.0
/*
 * VS/TUN: the client's packet, unchanged but for its hop limit, goes to the
 * real server inside an outer header of the same family (IPIP, or IPv6 in
 * IPv6) from the director's address on the route. The real server
 * decapsulates it, finds the VIP local and answers the client directly.
 */
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>

#include "lvs.h"

static void lvs_tun_push_v4(struct sk_buff *skb, struct net *net,
			    const union nf_inet_addr *saddr,
			    const union nf_inet_addr *daddr)
{
	const struct iphdr *inner = ip_hdr(skb);
	struct iphdr *iph;

	/* The client's IP options must not follow us into fragmentation. */
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = inner->tos;
	iph->tot_len = htons(skb->len);
	/* The client's DF decides whether the tunnel may fragment. */
	iph->frag_off = inner->frag_off & htons(IP_DF);
	iph->ttl = inner->ttl;
	iph->protocol = IPPROTO_IPIP;
	iph->saddr = saddr->ip;
	iph->daddr = daddr->ip;
	ip_select_ident(net, skb, NULL);
	ip_send_check(iph);
}

static void lvs_tun_push_v6(struct sk_buff *skb,
			    const union nf_inet_addr *saddr,
			    const union nf_inet_addr *daddr)
{
	const struct ipv6hdr *inner = ipv6_hdr(skb);
	struct ipv6hdr *ip6h;

	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, ip6_tclass(ip6_flowinfo(inner)),
		     ip6_flowlabel(inner));
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = IPPROTO_IPV6;
	ip6h->hop_limit = inner->hop_limit;
	ip6h->saddr = saddr->in6;
	ip6h->daddr = daddr->in6;
}

unsigned int lvs_xmit_tun(struct sk_buff *skb, struct lvs_conn *c,
			  const struct lvs_pkt *pkt)
{
	bool v6 = pkt->af == AF_INET6;
	unsigned int hlen = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	union nf_inet_addr saddr;
	struct dst_entry *dst;

	/* The outer header would take it to ourselves, where none listens. */
	dst = lvs_xmit_route(skb, c, pkt, LVS_ROUTE_REMOTE, hlen, &saddr);
	if (!dst)
		return NF_DROP;
	if (skb_ensure_writable(skb, pkt->l4off) ||
	    skb_cow_head(skb, hlen + LL_RESERVED_SPACE(dst->dev)))
		return lvs_drop(lvs_conn_net(c), LVS_DROP_NO_MEMORY);
	lvs_hop_limit_dec(skb, pkt);

	/*
	 * At LOCAL_IN the data starts at the network header; IPv6 has not
	 * set the transport header past extension headers yet. GSO and
	 * checksum offload find the inner headers from these.
	 */
	skb_set_transport_header(skb, pkt->l4off);
	if (iptunnel_handle_offloads(skb, v6 ? SKB_GSO_IPXIP6 :
					       SKB_GSO_IPXIP4))
		return lvs_drop(lvs_conn_net(c), LVS_DROP_NO_MEMORY);
	skb_set_inner_ipproto(skb, v6 ? IPPROTO_IPV6 : IPPROTO_IPIP);

	if (v6)
		lvs_tun_push_v6(skb, &saddr, &c->daddr);
	else
		lvs_tun_push_v4(skb, lvs_conn_net(c)->net, &saddr, &c->daddr);
	return lvs_xmit_send(skb, c, dst);
}
