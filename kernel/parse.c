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
 * Fills addresses, proto, l4off, len; *end is where the L3 payload ends.
 * A quoted packet (inside an ICMP error) may be cut short: its end is
 * then the end of the skb, and len is still its length as sent. Its
 * first fragment is parsed too: that holds the ports.
 */
static int lvs_parse_ipv4(struct sk_buff *skb, struct lvs_pkt *pkt,
			  unsigned int *end, bool quoted)
{
	const struct iphdr *iph;
	unsigned int hlen, len, sent;

	if (!pskb_may_pull(skb, pkt->l3off + sizeof(*iph)))
		return LVS_PARSE_DROP;
	iph = (const struct iphdr *)(skb->data + pkt->l3off);
	hlen = iph->ihl * 4;
	sent = ntohs(iph->tot_len);
	len = quoted ? min(sent, skb->len - pkt->l3off) : sent;
	if (iph->version != 4 || hlen < sizeof(*iph) || len < hlen ||
	    len > skb->len - pkt->l3off)
		return LVS_PARSE_DROP;
	if (iph->frag_off & htons(IP_OFFSET) ||
	    (!quoted && iph->frag_off & htons(IP_MF)))
		return LVS_PARSE_IGNORE;

	pkt->saddr = (union nf_inet_addr){ .ip = iph->saddr };
	pkt->daddr = (union nf_inet_addr){ .ip = iph->daddr };
	pkt->proto = iph->protocol;
	pkt->l4off = pkt->l3off + hlen;
	pkt->len = sent;
	*end = pkt->l3off + len;
	return LVS_PARSE_OK;
}

/*
 * IPv6 BIG TCP: GRO made a packet over 64 KB, its payload length 0 and
 * its real length in a jumbo hop-by-hop option, which the stack checked
 * and trimmed the skb to (ipv6_hop_jumbo()).
 */
static bool lvs_ipv6_jumbo(const struct sk_buff *skb,
			   const struct lvs_pkt *pkt)
{
	return pkt->l3off == skb_network_offset(skb) &&
	       ipv6_has_hopopt_jumbo(skb);
}

static int lvs_parse_ipv6(struct sk_buff *skb, struct lvs_pkt *pkt,
			  unsigned int *end, bool quoted)
{
	const struct ipv6hdr *ip6h;
	unsigned int len, sent;
	__be16 frag_off;
	u8 nexthdr;
	int l4off;

	if (!pskb_may_pull(skb, pkt->l3off + sizeof(*ip6h)))
		return LVS_PARSE_DROP;
	ip6h = (const struct ipv6hdr *)(skb->data + pkt->l3off);
	sent = ntohs(ip6h->payload_len);
	if (!sent && !quoted && lvs_ipv6_jumbo(skb, pkt))
		sent = skb->len - pkt->l3off - sizeof(*ip6h);
	len = quoted ? min_t(unsigned int, sent,
			     skb->len - pkt->l3off - sizeof(*ip6h)) : sent;
	if (ip6h->version != 6 ||
	    sizeof(*ip6h) + len > skb->len - pkt->l3off)
		return LVS_PARSE_DROP;
	/* Nothing at all after the header, or a hop-by-hop header that lies. */
	if (!len && !quoted)
		return LVS_PARSE_IGNORE;

	pkt->saddr.in6 = ip6h->saddr;
	pkt->daddr.in6 = ip6h->daddr;
	nexthdr = ip6h->nexthdr;
	l4off = ipv6_skip_exthdr(skb, pkt->l3off + sizeof(*ip6h), &nexthdr,
				 &frag_off);
	/* frag_off: a fragment's offset and M bit; a first one has ports. */
	if (l4off < 0 || frag_off & htons(IP6_OFFSET) ||
	    (!quoted && frag_off))
		return LVS_PARSE_IGNORE;
	/*
	 * A reassembled packet may have 64 KB of extension headers: past
	 * what the offsets hold, and no packet a load balancer must serve.
	 */
	if (l4off > U16_MAX)
		return LVS_PARSE_DROP;

	pkt->proto = nexthdr;
	pkt->l4off = l4off;
	pkt->len = sizeof(*ip6h) + sent;
	*end = pkt->l3off + sizeof(*ip6h) + len;
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
 * The packet an ICMP error quotes, starting at l3off: IP header and ports,
 * which is all an error must carry (RFC 792). Only the ports are read, so
 * a quote cut short after them is fine. One of lvs's own tunnel packets
 * (TUN: IPIP, or IPv6 in IPv6) is LVS_PARSE_TUNNEL, its l4off the start
 * of the client's packet inside.
 */
static int lvs_parse_quote_at(struct sk_buff *skb, u8 af, unsigned int l3off,
			      struct lvs_pkt *inner)
{
	const struct udphdr *ports;
	unsigned int end;
	int ret;

	if (l3off > U16_MAX)
		return LVS_PARSE_DROP;
	inner->af = af;
	inner->l3off = l3off;
	if (inner->af == AF_INET6)
		ret = lvs_parse_ipv6(skb, inner, &end, true);
	else
		ret = lvs_parse_ipv4(skb, inner, &end, true);
	if (ret != LVS_PARSE_OK)
		return ret;
	if (inner->proto == (af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IPIP))
		return LVS_PARSE_TUNNEL;
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

/* The packet quoted after the ICMP error icmp's 8-byte header. */
int lvs_parse_quoted(struct sk_buff *skb, const struct lvs_pkt *icmp,
		     struct lvs_pkt *inner)
{
	return lvs_parse_quote_at(skb, icmp->af,
				  icmp->l4off + sizeof(struct icmphdr), inner);
}

/*
 * The client's packet inside the quoted tunnel packet outer (which
 * lvs_parse_quoted() said was LVS_PARSE_TUNNEL); a tunnel in it is not
 * one lvs sent.
 */
int lvs_parse_tunneled(struct sk_buff *skb, const struct lvs_pkt *outer,
		       struct lvs_pkt *inner)
{
	int ret = lvs_parse_quote_at(skb, outer->af, outer->l4off, inner);

	return ret == LVS_PARSE_TUNNEL ? LVS_PARSE_IGNORE : ret;
}
