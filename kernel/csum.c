// SPDX-License-Identifier: GPL-2.0
/*
 * Incremental checksum updates for address and port rewrites (RFC 1624):
 * the payload is never summed again.
 *
 * The caller has made the headers writable up to the end of the fixed L4
 * header. Works for every ip_summed: with CHECKSUM_PARTIAL the L4 field
 * holds the pseudo-header sum, which inet_proto_csum_replace*() adjust;
 * with CHECKSUM_COMPLETE skb->csum is kept true for its span, which starts
 * at skb->data and so covers the IP header at our hooks.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "lvs.h"

/* The L4 checksum field, or NULL for a UDP datagram sent without one. */
static __sum16 *lvs_l4_check(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	void *l4 = skb->data + pkt->l4off;
	struct udphdr *uh = l4;

	if (pkt->proto == IPPROTO_TCP)
		return &((struct tcphdr *)l4)->check;
	if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
		return NULL;
	return &uh->check;
}

/*
 * Zero means "no checksum" in UDP: a computed zero is sent as all ones.
 * A partial sum is not final; whoever completes it does the same.
 */
static void lvs_l4_check_done(const struct sk_buff *skb,
			      const struct lvs_pkt *pkt, __sum16 *check)
{
	if (pkt->proto == IPPROTO_UDP && !*check &&
	    skb->ip_summed != CHECKSUM_PARTIAL)
		*check = CSUM_MANGLED_0;
}

void lvs_csum_rewrite_addr(struct sk_buff *skb, const struct lvs_pkt *pkt,
			   bool source, const union nf_inet_addr *new)
{
	__sum16 *check = lvs_l4_check(skb, pkt);
	void *nh = skb->data + pkt->l3off;

	if (pkt->af == AF_INET6) {
		struct ipv6hdr *ip6h = nh;
		struct in6_addr *addr = source ? &ip6h->saddr : &ip6h->daddr;

		/*
		 * The address is inside skb->csum's span and has no header
		 * checksum to balance it: its change cancels the L4 field's,
		 * so skb->csum stays. Only the partial case needs the
		 * pseudo-header semantics.
		 */
		if (check) {
			inet_proto_csum_replace16(check, skb, addr->s6_addr32,
						  new->ip6,
						  skb->ip_summed ==
						  CHECKSUM_PARTIAL);
			lvs_l4_check_done(skb, pkt, check);
		}
		*addr = new->in6;
	} else {
		struct iphdr *iph = nh;
		__be32 *addr = source ? &iph->saddr : &iph->daddr;

		/* The IP header sums to the same before and after. */
		if (check) {
			inet_proto_csum_replace4(check, skb, *addr, new->ip,
						 true);
			lvs_l4_check_done(skb, pkt, check);
		}
		csum_replace4(&iph->check, *addr, new->ip);
		*addr = new->ip;
	}
}

void lvs_csum_rewrite_port(struct sk_buff *skb, const struct lvs_pkt *pkt,
			   bool source, __be16 new)
{
	/* TCP and UDP headers start with the same two ports. */
	struct udphdr *ports = (struct udphdr *)(skb->data + pkt->l4off);
	__be16 *port = source ? &ports->source : &ports->dest;
	__sum16 *check = lvs_l4_check(skb, pkt);

	if (check) {
		inet_proto_csum_replace2(check, skb, *port, new, false);
		lvs_l4_check_done(skb, pkt, check);
	}
	*port = new;
}
