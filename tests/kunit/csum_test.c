// SPDX-License-Identifier: GPL-2.0
/*
 * Incremental checksum rewrites of csum.c against a full recompute:
 * random IPv4/IPv6 TCP/UDP packets in real skbs, every address and port
 * rewrite, with CHECKSUM_NONE, CHECKSUM_PARTIAL and CHECKSUM_COMPLETE.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "lvs_kunit.h"

#define CSUM_ROUNDS	200
#define CSUM_MAX_PAYLOAD 1400

struct csum_case {
	u8 af;
	u8 proto;
	u8 ip_summed;
	bool udp_nocsum;	/* UDP over IPv4 sent with checksum 0 */
};

static const struct csum_case csum_cases[] = {
	{ AF_INET, IPPROTO_TCP, CHECKSUM_NONE },
	{ AF_INET, IPPROTO_UDP, CHECKSUM_NONE },
	{ AF_INET, IPPROTO_UDP, CHECKSUM_NONE, true },
	{ AF_INET6, IPPROTO_TCP, CHECKSUM_NONE },
	{ AF_INET6, IPPROTO_UDP, CHECKSUM_NONE },
	{ AF_INET, IPPROTO_TCP, CHECKSUM_PARTIAL },
	{ AF_INET, IPPROTO_UDP, CHECKSUM_PARTIAL },
	{ AF_INET6, IPPROTO_TCP, CHECKSUM_PARTIAL },
	{ AF_INET6, IPPROTO_UDP, CHECKSUM_PARTIAL },
	{ AF_INET, IPPROTO_TCP, CHECKSUM_COMPLETE },
	{ AF_INET, IPPROTO_UDP, CHECKSUM_COMPLETE },
	{ AF_INET6, IPPROTO_TCP, CHECKSUM_COMPLETE },
	{ AF_INET6, IPPROTO_UDP, CHECKSUM_COMPLETE },
};

static void csum_case_desc(const struct csum_case *c, char *desc)
{
	static const char * const summed[] = {
		[CHECKSUM_NONE] = "none",
		[CHECKSUM_UNNECESSARY] = "unnecessary",
		[CHECKSUM_COMPLETE] = "complete",
		[CHECKSUM_PARTIAL] = "partial",
	};

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s %s%s",
		 c->af == AF_INET6 ? "ipv6" : "ipv4",
		 c->proto == IPPROTO_TCP ? "tcp" : "udp", summed[c->ip_summed],
		 c->udp_nocsum ? " no-udp-csum" : "");
}

KUNIT_ARRAY_PARAM(csum_case, csum_cases, csum_case_desc);

static unsigned int csum_l4_hdrlen(u8 proto)
{
	return proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
				      sizeof(struct udphdr);
}

static __sum16 *csum_l4_field(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	void *l4 = skb->data + pkt->l4off;

	if (pkt->proto == IPPROTO_TCP)
		return &((struct tcphdr *)l4)->check;
	return &((struct udphdr *)l4)->check;
}

/* The pseudo-header sum (not complemented), as CHECKSUM_PARTIAL holds. */
static __wsum csum_pseudo(const struct sk_buff *skb,
			  const struct lvs_pkt *pkt, unsigned int l4len)
{
	const void *nh = skb->data + pkt->l3off;

	if (pkt->af == AF_INET6) {
		const struct ipv6hdr *ip6h = nh;

		return ~csum_unfold(csum_ipv6_magic(&ip6h->saddr,
						    &ip6h->daddr, l4len,
						    pkt->proto, 0));
	}
	return csum_tcpudp_nofold(((const struct iphdr *)nh)->saddr,
				  ((const struct iphdr *)nh)->daddr, l4len,
				  pkt->proto, 0);
}

/* The L4 checksum of the packet as it is now, computed from scratch. */
static __sum16 csum_full(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	unsigned int l4len = skb->len - pkt->l4off;
	__sum16 *field = csum_l4_field(skb, pkt);
	__sum16 saved = *field, sum;

	*field = 0;
	sum = csum_fold(csum_partial(skb->data + pkt->l4off, l4len,
				     csum_pseudo(skb, pkt, l4len)));
	*field = saved;
	if (pkt->proto == IPPROTO_UDP && !sum)
		sum = CSUM_MANGLED_0;
	return sum;
}

/* Build a random packet of case c in a new skb; fills pkt as lvs_parse. */
static struct sk_buff *csum_packet(struct kunit *test,
				   const struct csum_case *c,
				   struct lvs_pkt *pkt)
{
	unsigned int l3len = c->af == AF_INET6 ? sizeof(struct ipv6hdr) :
						 sizeof(struct iphdr);
	unsigned int l4len = csum_l4_hdrlen(c->proto) +
			     get_random_u32_below(CSUM_MAX_PAYLOAD + 1);
	struct sk_buff *skb = alloc_skb(l3len + l4len, GFP_KERNEL);
	__sum16 *field;
	void *l4;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(pkt, 0, sizeof(*pkt));
	pkt->af = c->af;
	pkt->proto = c->proto;
	pkt->l3off = 0;
	pkt->l4off = l3len;
	pkt->len = l3len + l4len;
	skb_put(skb, l3len + l4len);
	get_random_bytes(skb->data, skb->len);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l3len);
	l4 = skb->data + l3len;

	if (c->af == AF_INET6) {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->version = 6;
		ip6h->payload_len = htons(l4len);
		ip6h->nexthdr = c->proto;
		pkt->saddr.in6 = ip6h->saddr;
		pkt->daddr.in6 = ip6h->daddr;
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = htons(l3len + l4len);
		iph->frag_off = 0;
		iph->protocol = c->proto;
		ip_send_check(iph);
		pkt->saddr.ip = iph->saddr;
		pkt->daddr.ip = iph->daddr;
	}
	if (c->proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		th->doff = sizeof(*th) / 4;
	} else {
		((struct udphdr *)l4)->len = htons(l4len);
	}
	pkt->sport = ((struct udphdr *)l4)->source;
	pkt->dport = ((struct udphdr *)l4)->dest;

	field = csum_l4_field(skb, pkt);
	skb->ip_summed = c->ip_summed;
	switch (c->ip_summed) {
	case CHECKSUM_PARTIAL:
		skb->csum_start = skb_headroom(skb) + pkt->l4off;
		skb->csum_offset = (void *)field - l4;
		*field = ~csum_fold(csum_pseudo(skb, pkt, l4len));
		break;
	case CHECKSUM_COMPLETE:
		*field = csum_full(skb, pkt);
		skb->csum = csum_partial(skb->data, skb->len, 0);
		break;
	default:
		*field = c->udp_nocsum ? 0 : csum_full(skb, pkt);
		break;
	}
	return skb;
}

/* Both are valid on the wire: -0 and +0 in ones' complement. */
static bool csum_same(__sum16 a, __sum16 b)
{
	return a == b || ((a == 0 || a == CSUM_MANGLED_0) &&
			  (b == 0 || b == CSUM_MANGLED_0));
}

static void csum_check(struct kunit *test, const struct csum_case *c,
		       struct sk_buff *skb, const struct lvs_pkt *pkt,
		       const char *what)
{
	unsigned int l4len = skb->len - pkt->l4off;
	__sum16 got = *csum_l4_field(skb, pkt);

	if (c->af == AF_INET)
		KUNIT_EXPECT_EQ_MSG(test, ip_fast_csum(skb->data, 5), 0,
				    "IPv4 header checksum after %s", what);
	switch (c->ip_summed) {
	case CHECKSUM_PARTIAL:
		KUNIT_EXPECT_TRUE_MSG(test,
				      csum_same(got,
						~csum_fold(csum_pseudo(skb, pkt,
								       l4len))),
				      "pseudo-header sum after %s", what);
		return;
	case CHECKSUM_COMPLETE:
		KUNIT_EXPECT_TRUE_MSG(test,
				      csum_same(csum_fold(skb->csum),
						csum_fold(csum_partial(skb->data,
								       skb->len,
								       0))),
				      "skb->csum after %s", what);
		break;
	}
	if (c->udp_nocsum) {
		KUNIT_EXPECT_EQ_MSG(test, got, 0,
				    "UDP without checksum after %s", what);
		return;
	}
	if (c->proto == IPPROTO_UDP)
		KUNIT_EXPECT_NE_MSG(test, got, 0, "UDP checksum 0 after %s",
				    what);
	KUNIT_EXPECT_TRUE_MSG(test, csum_same(got, csum_full(skb, pkt)),
			      "%s: incremental %#06x, full %#06x", what,
			      (__force u16)got,
			      (__force u16)csum_full(skb, pkt));
}

static void csum_random_addr(u8 af, union nf_inet_addr *a)
{
	memset(a, 0, sizeof(*a));
	get_random_bytes(a, lvs_addr_len(af));
}

static void lvs_csum_test_rewrites(struct kunit *test)
{
	const struct csum_case *c = test->param_value;
	unsigned int round;

	for (round = 0; round < CSUM_ROUNDS; round++) {
		union nf_inet_addr addr;
		struct lvs_pkt pkt;
		struct sk_buff *skb = csum_packet(test, c, &pkt);
		__be16 port;

		/* NAT in: the VIP becomes the real server, its port too. */
		csum_random_addr(c->af, &addr);
		lvs_csum_rewrite_addr(skb, &pkt, false, &addr);
		KUNIT_EXPECT_EQ(test, memcmp(c->af == AF_INET6 ?
					     (void *)&ipv6_hdr(skb)->daddr :
					     (void *)&ip_hdr(skb)->daddr,
					     &addr, lvs_addr_len(c->af)), 0);
		csum_check(test, c, skb, &pkt, "daddr rewrite");
		port = (__force __be16)get_random_u16();
		lvs_csum_rewrite_port(skb, &pkt, false, port);
		KUNIT_EXPECT_EQ(test, udp_hdr(skb)->dest, port);
		csum_check(test, c, skb, &pkt, "dport rewrite");
		/* NAT out: the real server becomes the VIP again. */
		csum_random_addr(c->af, &addr);
		lvs_csum_rewrite_addr(skb, &pkt, true, &addr);
		csum_check(test, c, skb, &pkt, "saddr rewrite");
		port = (__force __be16)get_random_u16();
		lvs_csum_rewrite_port(skb, &pkt, true, port);
		KUNIT_EXPECT_EQ(test, udp_hdr(skb)->source, port);
		csum_check(test, c, skb, &pkt, "sport rewrite");
		/* Rewriting to the same value changes nothing. */
		lvs_csum_rewrite_port(skb, &pkt, true, port);
		csum_check(test, c, skb, &pkt, "same-port rewrite");
		kfree_skb(skb);
		if (test->status == KUNIT_FAILURE)
			break;
	}
}

/*
 * A rewrite whose result sums to zero must send 0xffff for UDP (0 means
 * "no checksum"). Pick the new address's low half so that it does: the
 * ones' complement sum changes by new - old, so new = old + check.
 */
static void lvs_csum_test_udp_zero(struct kunit *test)
{
	static const struct csum_case c = { AF_INET, IPPROTO_UDP,
					    CHECKSUM_NONE };
	unsigned int tries;

	for (tries = 0; tries < 100; tries++) {
		struct lvs_pkt pkt;
		struct sk_buff *skb = csum_packet(test, &c, &pkt);
		struct udphdr *uh = udp_hdr(skb);
		union nf_inet_addr addr = { .ip = ip_hdr(skb)->daddr };
		u16 *low = (u16 *)&addr.ip + 1;
		u32 sum = *low + (__force u16)uh->check;

		*low = (sum & 0xffff) + (sum >> 16);
		lvs_csum_rewrite_addr(skb, &pkt, false, &addr);
		csum_check(test, &c, skb, &pkt, "zero-sum rewrite");
		KUNIT_EXPECT_EQ(test, uh->check, CSUM_MANGLED_0);
		kfree_skb(skb);
		if (test->status == KUNIT_FAILURE)
			break;
	}
}

static struct kunit_case lvs_csum_cases[] = {
	KUNIT_CASE_PARAM(lvs_csum_test_rewrites, csum_case_gen_params),
	KUNIT_CASE(lvs_csum_test_udp_zero),
	{}
};

static struct kunit_suite lvs_csum_suite = {
	.name = "lvs_csum",
	.suite_init = lvs_kunit_env_init,
	.test_cases = lvs_csum_cases,
};

kunit_test_suite(lvs_csum_suite);
