// SPDX-License-Identifier: GPL-2.0
/*
 * What differs between IPv4 and IPv6 on the data path, behind one small
 * switch each, so that the callers have a single code path.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/jhash.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "lvs.h"

u32 lvs_addr_hash(u8 af, const union nf_inet_addr *a, u32 seed)
{
	return jhash2(a->all, lvs_addr_len(af) / sizeof(u32), seed);
}

/* Route to daddr in net, for a packet of the client; NULL if none. */
struct dst_entry *lvs_route(struct net *net, const struct sk_buff *skb,
			    const struct lvs_pkt *pkt,
			    const union nf_inet_addr *daddr)
{
	struct dst_entry *dst;

	if (pkt->af == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = daddr->in6,
			.flowi6_mark = skb->mark,
		};

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			return NULL;
		}
	} else {
		const struct iphdr *iph = (const void *)(skb->data + pkt->l3off);
		struct flowi4 fl4 = {
			.daddr = daddr->ip,
			.flowi4_tos = RT_TOS(iph->tos),
			.flowi4_mark = skb->mark,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (IS_ERR(rt))
			return NULL;
		dst = &rt->dst;
	}
	return dst;
}

/* ICMP type and code of each lvs_icmp_err: [err][is IPv6][type, code]. */
static const u8 lvs_icmp_codes[][2][2] = {
	[LVS_ICMP_PORT_UNREACH] = {
		{ ICMP_DEST_UNREACH, ICMP_PORT_UNREACH },
		{ ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH },
	},
	[LVS_ICMP_TIME_EXCEEDED] = {
		{ ICMP_TIME_EXCEEDED, ICMP_EXC_TTL },
		{ ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT },
	},
	[LVS_ICMP_TOO_BIG] = {
		{ ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED },
		{ ICMPV6_PKT_TOOBIG, 0 },
	},
};

/*
 * Report err to the client about skb, which must still be the packet as
 * the client sent it (addressed to the VIP, with its input route): the
 * client matches the quoted header, and the VIP is the error's source.
 */
void lvs_icmp_send(struct sk_buff *skb, const struct lvs_pkt *pkt,
		   enum lvs_icmp_err err, u32 mtu)
{
	const u8 *tc = lvs_icmp_codes[err][pkt->af == AF_INET6];

	if (pkt->af == AF_INET6)
		icmpv6_send(skb, tc[0], tc[1], mtu);
	else
		icmp_send(skb, tc[0], tc[1], htonl(mtu));
}

u8 lvs_hop_limit(const struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	const void *nh = skb->data + pkt->l3off;

	if (pkt->af == AF_INET6)
		return ((const struct ipv6hdr *)nh)->hop_limit;
	return ((const struct iphdr *)nh)->ttl;
}

/* The header must be writable; IPv4's checksum is updated incrementally. */
void lvs_hop_limit_dec(struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	void *nh = skb->data + pkt->l3off;

	if (pkt->af == AF_INET6)
		((struct ipv6hdr *)nh)->hop_limit--;
	else
		ip_decrease_ttl(nh);
}

/*
 * True when the packet cannot go out on a path of this MTU: it is bigger
 * and may not be fragmented (IPv6, or IPv4 with DF). GSO packets are
 * judged by the segments they will be cut into.
 */
bool lvs_mtu_exceeded(const struct sk_buff *skb, const struct lvs_pkt *pkt,
		      unsigned int mtu)
{
	const struct iphdr *iph = (const void *)(skb->data + pkt->l3off);

	if (pkt->len <= mtu)
		return false;
	if (pkt->af == AF_INET && !(iph->frag_off & htons(IP_DF)))
		return false;
	if (skb_is_gso(skb))
		return !skb_gso_validate_network_len(skb, mtu);
	return true;
}
