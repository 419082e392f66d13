// SPDX-License-Identifier: GPL-2.0
/*
 * lvs_parse() and lvs_parse_quoted() of parse.c on packets built in real
 * skbs: offsets past 16 bits behind 64 KB of IPv6 extension headers, BIG
 * TCP jumbograms, ICMP errors quoting first fragments and tunnel packets.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "lvs_kunit.h"

#define PARSE_CLIENT	0xc0000202	/* 192.0.2.2 */
#define PARSE_VIP	0xcb007105	/* 203.0.113.5 */
#define PARSE_RS	0xc6336402	/* 198.51.100.2 */
#define PARSE_DIR	0xc6336401	/* 198.51.100.1 */

/* A zeroed linear skb of len bytes, its network header at the start. */
static struct sk_buff *parse_skb(struct kunit *test, unsigned int len,
				 u8 af)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, len), 0, len);
	skb_reset_network_header(skb);
	skb->protocol = htons(af == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	return skb;
}

static void parse_ip4(void *p, u16 tot_len, u8 proto, u32 saddr, u32 daddr,
		      u16 frag_off)
{
	struct iphdr *iph = p;

	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(tot_len);
	iph->frag_off = htons(frag_off);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = htonl(saddr);
	iph->daddr = htonl(daddr);
	iph->check = ip_fast_csum(iph, iph->ihl);
}

/* 2001:db8:<net>::<host> */
static struct in6_addr parse_in6(u8 net, u8 host)
{
	return (struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8, 0, net,
				      [15] = host } } };
}

static void parse_ip6(void *p, u16 payload_len, u8 nexthdr, u8 snet,
		      u8 dnet)
{
	struct ipv6hdr *ip6h = p;

	ip6h->version = 6;
	ip6h->payload_len = htons(payload_len);
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = 64;
	ip6h->saddr = parse_in6(snet, 2);
	ip6h->daddr = parse_in6(dnet, 5);
}

static void parse_ports(void *p, u16 sport, u16 dport)
{
	struct udphdr *uh = p;

	uh->source = htons(sport);
	uh->dest = htons(dport);
}

static void parse_udp(void *p, u16 sport, u16 dport, u16 len)
{
	parse_ports(p, sport, dport);
	((struct udphdr *)p)->len = htons(len);
}

static void parse_tcp(void *p, u16 sport, u16 dport)
{
	struct tcphdr *th = p;

	parse_ports(p, sport, dport);
	th->doff = sizeof(*th) / 4;
	th->syn = 1;
}

/*
 * Destination options headers filling len bytes (a multiple of 8) from
 * p, each at most 2048, the last followed by last_nexthdr.
 */
static void parse_dstopts(u8 *p, unsigned int len, u8 last_nexthdr)
{
	while (len) {
		unsigned int n = min(len, 2048U);

		len -= n;
		p[0] = len ? NEXTHDR_DEST : last_nexthdr;
		p[1] = n / 8 - 1;	/* the rest is Pad1 options: zeroes */
		p += n;
	}
}

/*
 * UDP behind an IPv6 header and ext bytes of destination options: the
 * UDP header starts at 40 + ext. At 65536 a 16-bit offset would wrap to
 * 0 and read the "ports" from the IPv6 header (flow label 53: 24576 ->
 * 53), so the packet must be dropped as malformed.
 */
static void parse_test_ext_offset(struct kunit *test)
{
	static const struct {
		unsigned int ext;
		int res;
	} cases[] = {
		{ 65488, LVS_PARSE_OK },	/* UDP header at 65528 */
		{ 65496, LVS_PARSE_DROP },	/* at 65536 */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int ext = cases[i].ext, len = 40 + ext + 8;
		struct sk_buff *skb = parse_skb(test, len, AF_INET6);
		struct lvs_pkt pkt;
		int res;

		parse_ip6(skb->data, ext + 8, NEXTHDR_DEST, 1, 5);
		((struct ipv6hdr *)skb->data)->flow_lbl[2] = 53;
		parse_dstopts(skb->data + 40, ext, IPPROTO_UDP);
		parse_udp(skb->data + 40 + ext, 39301, 53, 8);
		res = lvs_parse(skb, AF_INET6, &pkt);
		KUNIT_EXPECT_EQ_MSG(test, res, cases[i].res, "ext %u", ext);
		if (res == LVS_PARSE_OK) {
			KUNIT_EXPECT_EQ(test, pkt.l4off, 40 + ext);
			KUNIT_EXPECT_EQ(test, ntohs(pkt.sport), 39301);
			KUNIT_EXPECT_EQ(test, ntohs(pkt.dport), 53);
			KUNIT_EXPECT_EQ(test, pkt.len, len);
		}
		kfree_skb(skb);
	}
}

/*
 * An ICMPv6 error whose own header ends 8 bytes short of 64 KB: the
 * quoted packet would start past what a 16-bit offset holds.
 */
static void parse_test_quoted_offset(struct kunit *test)
{
	unsigned int ext = 65488, len = 65535 + 40;
	struct sk_buff *skb = parse_skb(test, len, AF_INET6);
	struct icmp6hdr *ic;
	struct lvs_pkt pkt, inner;

	parse_ip6(skb->data, len - 40, NEXTHDR_DEST, 1, 5);
	parse_dstopts(skb->data + 40, ext, IPPROTO_ICMPV6);
	ic = (struct icmp6hdr *)(skb->data + 40 + ext);
	ic->icmp6_type = ICMPV6_PKT_TOOBIG;
	ic->icmp6_mtu = htonl(1280);
	KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET6, &pkt), LVS_PARSE_ICMP);
	KUNIT_EXPECT_EQ(test, pkt.l4off, 40 + ext);
	KUNIT_EXPECT_EQ(test, lvs_parse_quoted(skb, &pkt, &inner),
			LVS_PARSE_DROP);
	kfree_skb(skb);
}

/*
 * IPv6 BIG TCP: GRO's jumbo hop-by-hop header and a zero payload length
 * in a packet over 64 KB. Its length is the skb's (the stack trimmed it
 * to the jumbo payload length). A zero payload length without one is
 * still not ours.
 */
static void parse_test_jumbo(struct kunit *test)
{
	unsigned int len = 40 + 8 + 20 + 70000;
	struct sk_buff *skb = parse_skb(test, len, AF_INET6);
	struct hop_jumbo_hdr *jh;
	struct lvs_pkt pkt;

	parse_ip6(skb->data, 0, NEXTHDR_HOP, 2, 1);
	jh = (struct hop_jumbo_hdr *)(skb->data + 40);
	jh->nexthdr = IPPROTO_TCP;
	jh->tlv_type = IPV6_TLV_JUMBO;
	jh->tlv_len = 4;
	jh->jumbo_payload_len = htonl(len - 40);
	parse_tcp(skb->data + 48, 8080, 39400);
	KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET6, &pkt), LVS_PARSE_OK);
	KUNIT_EXPECT_EQ(test, pkt.proto, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, pkt.l4off, 48);
	KUNIT_EXPECT_EQ(test, ntohs(pkt.sport), 8080);
	KUNIT_EXPECT_EQ(test, ntohs(pkt.dport), 39400);
	KUNIT_EXPECT_EQ(test, pkt.len, len);
	KUNIT_EXPECT_TRUE(test, pkt.tcp_flags & TCPHDR_SYN);
	kfree_skb(skb);

	/* The same header in a packet that is not over 64 KB: no jumbogram. */
	skb = parse_skb(test, 40 + 8 + 20, AF_INET6);
	parse_ip6(skb->data, 0, NEXTHDR_HOP, 2, 1);
	jh = (struct hop_jumbo_hdr *)(skb->data + 40);
	jh->nexthdr = IPPROTO_TCP;
	jh->tlv_type = IPV6_TLV_JUMBO;
	jh->tlv_len = 4;
	jh->jumbo_payload_len = htonl(28);
	parse_tcp(skb->data + 48, 8080, 39400);
	KUNIT_EXPECT_EQ(test, lvs_parse(skb, AF_INET6, &pkt), LVS_PARSE_IGNORE);
	kfree_skb(skb);
}

/*
 * ICMP errors quoting a first fragment (offset 0, more fragments): the
 * fragment holds the ports, so the quote is parsed, as IPVS does. A
 * later fragment has no ports: not ours.
 */
static void parse_test_quoted_fragment4(struct kunit *test)
{
	static const u16 frag_offs[] = { IP_MF, IP_MF | 1, 1 };
	static const int want[] = { LVS_PARSE_OK, LVS_PARSE_IGNORE,
				    LVS_PARSE_IGNORE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(frag_offs); i++) {
		struct sk_buff *skb = parse_skb(test, 20 + 8 + 20 + 8, AF_INET);
		struct icmphdr *ic = (struct icmphdr *)(skb->data + 20);
		struct lvs_pkt pkt, inner;
		int res;

		parse_ip4(skb->data, skb->len, IPPROTO_ICMP, PARSE_CLIENT,
			  PARSE_VIP, 0);
		ic->type = ICMP_DEST_UNREACH;
		ic->code = ICMP_FRAG_NEEDED;
		ic->un.frag.mtu = htons(1400);
		/* The reply as the VIP sent it: 1500 bytes, first of two. */
		parse_ip4(skb->data + 28, 1500, IPPROTO_UDP, PARSE_VIP,
			  PARSE_CLIENT, frag_offs[i]);
		parse_udp(skb->data + 48, 53, 39500, 2000);
		KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET, &pkt),
				LVS_PARSE_ICMP);
		res = lvs_parse_quoted(skb, &pkt, &inner);
		KUNIT_EXPECT_EQ_MSG(test, res, want[i], "frag_off %#x",
				    frag_offs[i]);
		if (res == LVS_PARSE_OK) {
			KUNIT_EXPECT_EQ(test, inner.proto, IPPROTO_UDP);
			KUNIT_EXPECT_EQ(test, ntohs(inner.sport), 53);
			KUNIT_EXPECT_EQ(test, ntohs(inner.dport), 39500);
		}
		kfree_skb(skb);
	}
}

static void parse_test_quoted_fragment6(struct kunit *test)
{
	static const u16 frag_offs[] = { IP6_MF, IP6_MF | 8, 8 };
	static const int want[] = { LVS_PARSE_OK, LVS_PARSE_IGNORE,
				    LVS_PARSE_IGNORE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(frag_offs); i++) {
		struct sk_buff *skb = parse_skb(test, 40 + 8 + 40 + 8 + 20,
						AF_INET6);
		struct icmp6hdr *ic = (struct icmp6hdr *)(skb->data + 40);
		struct frag_hdr *fh;
		struct lvs_pkt pkt, inner;
		int res;

		parse_ip6(skb->data, skb->len - 40, IPPROTO_ICMPV6, 1, 5);
		ic->icmp6_type = ICMPV6_PKT_TOOBIG;
		ic->icmp6_mtu = htonl(1280);
		parse_ip6(skb->data + 48, 1400, NEXTHDR_FRAGMENT, 5, 1);
		fh = (struct frag_hdr *)(skb->data + 88);
		fh->nexthdr = IPPROTO_TCP;
		fh->frag_off = htons(frag_offs[i]);
		fh->identification = htonl(1);
		parse_tcp(skb->data + 96, 80, 39600);
		KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET6, &pkt),
				LVS_PARSE_ICMP);
		res = lvs_parse_quoted(skb, &pkt, &inner);
		KUNIT_EXPECT_EQ_MSG(test, res, want[i], "frag_off %#x",
				    frag_offs[i]);
		if (res == LVS_PARSE_OK) {
			KUNIT_EXPECT_EQ(test, inner.proto, IPPROTO_TCP);
			KUNIT_EXPECT_EQ(test, inner.l4off, 96);
			KUNIT_EXPECT_EQ(test, ntohs(inner.sport), 80);
			KUNIT_EXPECT_EQ(test, ntohs(inner.dport), 39600);
		}
		kfree_skb(skb);
	}
}

/*
 * A router's frag-needed about a TUN packet the director sent: the quote
 * is an IPIP packet (director -> real server) around the client's packet
 * (client -> VIP). The outer is recognised as a tunnel, the packet inside
 * parsed with its length as it was sent.
 */
static void parse_test_quoted_tunnel4(struct kunit *test)
{
	struct sk_buff *skb = parse_skb(test, 20 + 8 + 20 + 20 + 20, AF_INET);
	struct icmphdr *ic = (struct icmphdr *)(skb->data + 20);
	struct lvs_pkt pkt, outer, inner;

	parse_ip4(skb->data, skb->len, IPPROTO_ICMP, 0xc6336404, PARSE_DIR, 0);
	ic->type = ICMP_DEST_UNREACH;
	ic->code = ICMP_FRAG_NEEDED;
	ic->un.frag.mtu = htons(1400);
	parse_ip4(skb->data + 28, 1500, IPPROTO_IPIP, PARSE_DIR, PARSE_RS,
		  IP_DF);
	parse_ip4(skb->data + 48, 1480, IPPROTO_TCP, PARSE_CLIENT, PARSE_VIP,
		  IP_DF);
	parse_tcp(skb->data + 68, 39700, 80);
	KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET, &pkt), LVS_PARSE_ICMP);
	KUNIT_ASSERT_EQ(test, lvs_parse_quoted(skb, &pkt, &outer),
			LVS_PARSE_TUNNEL);
	KUNIT_EXPECT_EQ(test, ntohl(outer.daddr.ip), PARSE_RS);
	KUNIT_EXPECT_EQ(test, outer.l4off, 48);
	KUNIT_ASSERT_EQ(test, lvs_parse_tunneled(skb, &outer, &inner),
			LVS_PARSE_OK);
	KUNIT_EXPECT_EQ(test, ntohl(inner.saddr.ip), PARSE_CLIENT);
	KUNIT_EXPECT_EQ(test, ntohl(inner.daddr.ip), PARSE_VIP);
	KUNIT_EXPECT_EQ(test, ntohs(inner.sport), 39700);
	KUNIT_EXPECT_EQ(test, ntohs(inner.dport), 80);
	KUNIT_EXPECT_EQ(test, inner.len, 1480);
	kfree_skb(skb);
}

static void parse_test_quoted_tunnel6(struct kunit *test)
{
	struct sk_buff *skb = parse_skb(test, 40 + 8 + 40 + 40 + 20, AF_INET6);
	struct icmp6hdr *ic = (struct icmp6hdr *)(skb->data + 40);
	struct lvs_pkt pkt, outer, inner;

	parse_ip6(skb->data, skb->len - 40, IPPROTO_ICMPV6, 2, 2);
	ic->icmp6_type = ICMPV6_PKT_TOOBIG;
	ic->icmp6_mtu = htonl(1400);
	parse_ip6(skb->data + 48, 1460, IPPROTO_IPV6, 2, 4);
	parse_ip6(skb->data + 88, 1420, IPPROTO_TCP, 1, 5);
	parse_tcp(skb->data + 128, 39800, 80);
	KUNIT_ASSERT_EQ(test, lvs_parse(skb, AF_INET6, &pkt), LVS_PARSE_ICMP);
	KUNIT_ASSERT_EQ(test, lvs_parse_quoted(skb, &pkt, &outer),
			LVS_PARSE_TUNNEL);
	KUNIT_EXPECT_EQ(test, outer.l4off, 88);
	KUNIT_ASSERT_EQ(test, lvs_parse_tunneled(skb, &outer, &inner),
			LVS_PARSE_OK);
	KUNIT_EXPECT_EQ(test, ntohs(inner.sport), 39800);
	KUNIT_EXPECT_EQ(test, inner.len, 1460);
	kfree_skb(skb);
}

static struct kunit_case lvs_parse_cases[] = {
	KUNIT_CASE(parse_test_ext_offset),
	KUNIT_CASE(parse_test_quoted_offset),
	KUNIT_CASE(parse_test_jumbo),
	KUNIT_CASE(parse_test_quoted_fragment4),
	KUNIT_CASE(parse_test_quoted_fragment6),
	KUNIT_CASE(parse_test_quoted_tunnel4),
	KUNIT_CASE(parse_test_quoted_tunnel6),
	{}
};

static struct kunit_suite lvs_parse_suite = {
	.name = "lvs_parse",
	.suite_init = lvs_kunit_env_init,
	.test_cases = lvs_parse_cases,
};

kunit_test_suite(lvs_parse_suite);
