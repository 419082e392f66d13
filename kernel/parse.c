// SPDX-License-Identifier: GPL-2.0
/*
 * One parse per packet: validate the IP and L4 headers once and describe
 * the packet in a struct lvs_pkt that everything after reads.
 *
 * The headers up to the L4 ports and checksum are pulled into the linear
 * area, so that later readers may use skb->data + offset directly.
 * Fragments are left alone: IPv4 arrives reassembled at LOCAL_IN, and a
 * lone fragment could not be forwarded consistently with its siblings.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "lvs.h"

/*
 * Fills addresses, proto, l4off; *end is where the L3 payload ends. A
 * quoted packet (inside an ICMP error) may be cut short: its end is then
 * the end of the skb.
 */
static int lvs_parse_ipv4(struct sk_buff *skb, struct lvs_pkt *pkt,
			  unsigned int *end, bool quoted)
{
	const struct iphdr *iph;
	unsigned int hlen, len;

	if (!pskb_may_pull(skb, pkt->l3off + sizeof(*iph)))
		return LVS_PARSE_DROP;
	iph = (const struct iphdr *)(skb->data + pkt->l3off);
	hlen = iph->ihl * 4;
	len = ntohs(iph->tot_len);
	if (quoted)
		len = min(len, skb->len - pkt->l3off);
	if (iph->version != 4 || hlen < sizeof(*iph) || len < hlen ||
	    len > skb->len - pkt->l3off)
		return LVS_PARSE_DROP;
	if (ip_is_fragment(iph))
		return LVS_PARSE_IGNORE;

	pkt->saddr = (union nf_inet_addr){ .ip = iph->saddr };
	pkt->daddr = (union nf_inet_addr){ .ip = iph->daddr };
	pkt->proto = iph->protocol;
	pkt->l4off = pkt->l3off + hlen;
	pkt->len = len;
	*end = pkt->l3off + len;
	return LVS_PARSE_OK;
}

static int lvs_parse_ipv6(struct sk_buff *skb, struct lvs_pkt *pkt,
			  unsigned int *end, bool quoted)
{
	const struct ipv6hdr *ip6h;
	unsigned int len;
	__be16 frag_off;
	u8 nexthdr;
	int l4off;

	if (!pskb_may_pull(skb, pkt->l3off + sizeof(*ip6h)))
		return LVS_PARSE_DROP;
	ip6h = (const struct ipv6hdr *)(skb->data + pkt->l3off);
	len = ntohs(ip6h->payload_len);
	if (quoted)
		len = min_t(unsigned int, len,
			    skb->len - pkt->l3off - sizeof(*ip6h));
	if (ip6h->version != 6 ||
	    sizeof(*ip6h) + len > skb->len - pkt->l3off)
		return LVS_PARSE_DROP;
	/* A zero payload length is a jumbogram: not for a load balancer. */
	if (!len && !quoted)
		return LVS_PARSE_IGNORE;

	pkt->saddr.in6 = ip6h->saddr;
	pkt->daddr.in6 = ip6h->daddr;
	nexthdr = ip6h->nexthdr;
	l4off = ipv6_skip_exthdr(skb, pkt->l3off + sizeof(*ip6h), &nexthdr,
				 &frag_off);
	if (l4off < 0 || frag_off)
		return LVS_PARSE_IGNORE;

	pkt->proto = nexthdr;
	pkt->l4off = l4off;
	pkt->len = sizeof(*ip6h) + len;
	*end = pkt->l3off + pkt->len;
	return LVS_PARSE_OK;
}

/* Ports and flags of a TCP or UDP header that ends before end. */
static int lvs_parse_l4(struct sk_buff *skb, struct lvs_pkt *pkt,
			unsigned int end)
{
	/* TCP and UDP headers start with the same two ports. */
	const struct udphdr *ports;
	unsigned int hdrlen, room;

	if (pkt->proto != IPPROTO_TCP && pkt->proto != IPPROTO_UDP)
		return LVS_PARSE_IGNORE;
	hdrlen = lvs_proto_get(pkt->proto)->hdrlen;
	if (pkt->l4off + hdrlen > end ||
	    !pskb_may_pull(skb, pkt->l4off + hdrlen))
		return LVS_PARSE_DROP;

	room = end - pkt->l4off;
	ports = (const struct udphdr *)(skb->data + pkt->l4off);
	pkt->sport = ports->source;
	pkt->dport = ports->dest;
	pkt->tcp_flags = 0;
	if (pkt->proto == IPPROTO_TCP) {
		const struct tcphdr *th = (const struct tcphdr *)ports;

		if (th->doff * 4 < sizeof(*th) || th->doff * 4 > room)
			return LVS_PARSE_DROP;
		pkt->tcp_flags = tcp_flag_byte(th);
	} else if (ntohs(ports->len) < sizeof(*ports) ||
		   ntohs(ports->len) > room) {
		return LVS_PARSE_DROP;
	}
	return LVS_PARSE_OK;
}

static bool lvs_is_icmp(const struct lvs_pkt *pkt)
{
	return pkt->proto == (pkt->af == AF_INET6 ? IPPROTO_ICMPV6 :
						    IPPROTO_ICMP);
}

int lvs_parse(struct sk_buff *skb, u8 af, struct lvs_pkt *pkt)
{
	unsigned int end;
	int ret;

	pkt->af = af;
	pkt->l3off = skb_network_offset(skb);
	if (af == AF_INET6)
		ret = lvs_parse_ipv6(skb, pkt, &end, false);
	else
		ret = lvs_parse_ipv4(skb, pkt, &end, false);
	if (ret != LVS_PARSE_OK)
		return ret;
	if (lvs_is_icmp(pkt))
		return LVS_PARSE_ICMP;
	return lvs_parse_l4(skb, pkt, end);
}

/*
 * The packet an ICMP error quotes, after its 8-byte ICMP header: IP
 * header and ports, which is all an error must carry (RFC 792). Only the
 * ports are read, so a quote cut short after them is fine.
 */
int lvs_parse_quoted(struct sk_buff *skb, const struct lvs_pkt *icmp,
		     struct lvs_pkt *inner)
{
	const struct udphdr *ports;
	unsigned int end;
	int ret;

	inner->af = icmp->af;
	inner->l3off = icmp->l4off + sizeof(struct icmphdr);
	if (inner->af == AF_INET6)
		ret = lvs_parse_ipv6(skb, inner, &end, true);
	else
		ret = lvs_parse_ipv4(skb, inner, &end, true);
	if (ret != LVS_PARSE_OK)
		return ret;
	if (inner->proto != IPPROTO_TCP && inner->proto != IPPROTO_UDP)
		return LVS_PARSE_IGNORE;
	if (inner->l4off + 4 > end || !pskb_may_pull(skb, inner->l4off + 4))
		return LVS_PARSE_DROP;
	ports = (const struct udphdr *)(skb->data + inner->l4off);
	inner->sport = ports->source;
	inner->dport = ports->dest;
	inner->tcp_flags = 0;
	return LVS_PARSE_OK;
}
