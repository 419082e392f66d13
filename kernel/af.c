// SPDX-License-Identifier: GPL-2.0
/*
 * What differs between IPv4 and IPv6 on the data path, behind one small
 * switch each, so that the callers have a single code path.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <net/dst.h>
#include <net/addrconf.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_fib.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>

#include "lvs.h"

u32 lvs_addr_hash(u8 af, const union nf_inet_addr *a, u32 seed)
{
	return jhash2(a->all, lvs_addr_len(af) / sizeof(u32), seed);
}

/* The TOS lvs_route() looks up with: IPv4's only. */
u8 lvs_route_tos(const struct sk_buff *skb, const struct lvs_pkt *pkt)
{
	if (pkt->af == AF_INET6)
		return 0;
	return RT_TOS(((const struct iphdr *)(skb->data + pkt->l3off))->tos);
}

/*
 * Would the input route lookup, with no policy rules (the caller checked),
 * find a local route for the packet? Asked of the FIB itself: an address
 * can stay while its local route is deleted, and without the route the
 * packet is not delivered.
 */
static bool lvs_ip4_local(struct net *net, const struct sk_buff *skb,
			  const struct lvs_pkt *pkt)
{
	const struct iphdr *iph = (const void *)(skb->data + pkt->l3off);
	struct flowi4 fl4 = {
		.flowi4_iif = skb->dev->ifindex,
		.flowi4_mark = skb->mark,
		.flowi4_tos = iph->tos & IPTOS_RT_MASK,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		.daddr = pkt->daddr.ip,
		.saddr = pkt->saddr.ip,
	};
	struct fib_result res;

	return !fib_lookup(net, &fl4, &res, 0) && res.type == RTN_LOCAL;
}

/*
 * The same for IPv6, whose local routes live in the local table, looked
 * up before the main one; the address must also be one the host answers
 * for (not tentative, on the receiving device if its scope is the link).
 */
static bool lvs_ip6_local(struct net *net, const struct sk_buff *skb,
			  const struct lvs_pkt *pkt)
{
	const struct in6_addr *daddr = &pkt->daddr.in6;
	int iif = skb->dev->ifindex;
	struct flowi6 fl6 = {
		.flowi6_iif = iif,
		.flowi6_mark = skb->mark,
		.daddr = *daddr,
		.saddr = pkt->saddr.in6,
	};
	struct fib6_result res = {};

	if (!ipv6_chk_addr(net, daddr, skb->dev, 0) ||
	    ipv6_stub->fib6_lookup(net, iif, &fl6, &res,
				   rt6_need_strict(daddr) ? RT6_LOOKUP_F_IFACE : 0))
		return false;
	return !IS_ERR_OR_NULL(res.f6i) && res.fib6_type == RTN_LOCAL;
}

/*
 * Would the input route lookup check this packet's source? IPv4's
 * reverse-path filter does (strict or loose), for a known connection's
 * packets as for any: the fast path stands aside and lets it. IPv6 has
 * no such step in routing (rpfilter is a netfilter match, run before us).
 */
bool lvs_rp_filtered(const struct sk_buff *skb, u8 af)
{
	struct in_device *in_dev;

	if (af == AF_INET6)
		return false;
	in_dev = __in_dev_get_rcu(skb->dev);
	return !in_dev || IN_DEV_RPFILTER(in_dev);
}

/*
 * Would the input route lookup deliver this client packet to the host?
 * Said without the lookup only where the answer is certain: the FIB has a
 * local route for the destination, and nothing else the lookup applies
 * could say otherwise: policy rules, custom local routes, and for IPv4
 * route classes, IPsec, and the martian destinations and martian and
 * local sources it rejects (the reverse-path filter the caller already
 * ruled out, lvs_rp_filtered()). false: ask the lookup (the usual way in).
 */
bool lvs_local_dest(struct net *net, const struct sk_buff *skb,
		    const struct lvs_pkt *pkt)
{
	struct in_device *in_dev;
	__be32 src = pkt->saddr.ip, dst = pkt->daddr.ip;

	if (pkt->af == AF_INET6)
		return !fib6_has_custom_rules(net) && lvs_ip6_local(net, skb, pkt);
	in_dev = __in_dev_get_rcu(skb->dev);
	return in_dev && !secpath_exists(skb) &&
	       !fib4_has_custom_rules(net) && !fib_num_tclassid_users(net) &&
	       !net->ipv4.fib_has_custom_local_routes &&
	       !ipv4_is_multicast(src) && !ipv4_is_lbcast(src) &&
	       !ipv4_is_zeronet(src) && !ipv4_is_loopback(src) &&
	       !__ip_dev_find(net, src, false) && !ipv4_is_zeronet(dst) &&
	       (!ipv4_is_loopback(dst) || IN_DEV_NET_ROUTE_LOCALNET(in_dev, net)) &&
	       lvs_ip4_local(net, skb, pkt);
}

/*
 * Route to daddr in net, for a client's packet of family af with this mark
 * and (IPv4) TOS; NULL if none, or if LVS_ROUTE_REMOTE is asked and daddr
 * is local. With LVS_ROUTE_KNOWN_NH the route's next hop is daddr even
 * though the packet is addressed elsewhere (DR). If saddr is given, it
 * gets the source address a packet sent by the director itself on that
 * route would have.
 */
struct dst_entry *lvs_route(struct net *net, u8 af,
			    const union nf_inet_addr *daddr, u32 mark, u8 tos,
			    unsigned int flags, union nf_inet_addr *saddr)
{
	u8 fl_flags = flags & LVS_ROUTE_KNOWN_NH ? FLOWI_FLAG_KNOWN_NH : 0;
	struct dst_entry *dst;
	bool local;

	if (af == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = daddr->in6,
			.flowi6_mark = mark,
			.flowi6_flags = fl_flags,
		};

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error)
			goto err;
		local = dst_rt6_info(dst)->rt6i_flags & RTF_LOCAL;
		if (saddr && ipv6_dev_get_saddr(net, ip6_dst_idev(dst)->dev,
						&fl6.daddr, 0, &saddr->in6))
			goto err;
	} else {
		struct flowi4 fl4 = {
			.daddr = daddr->ip,
			.flowi4_tos = tos,
			.flowi4_mark = mark,
			.flowi4_flags = fl_flags,
		};
		struct rtable *rt;

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return NULL;
		dst = &rt->dst;
		local = rt->rt_type == RTN_LOCAL;
		if (saddr)
			saddr->ip = fl4.saddr;
	}
	if (local && flags & LVS_ROUTE_REMOTE)
		goto err;
	return dst;
err:
	dst_release(dst);
	return NULL;
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
 * the client sent it (addressed to the VIP): the client matches the quoted
 * header, and the VIP is the error's source.
 */
void lvs_icmp_send(struct sk_buff *skb, const struct lvs_pkt *pkt,
		   enum lvs_icmp_err err, u32 mtu)
{
	const u8 *tc = lvs_icmp_codes[err][pkt->af == AF_INET6];
	const struct iphdr *iph;

	if (pkt->af == AF_INET6) {
		icmpv6_send(skb, tc[0], tc[1], mtu);
		return;
	}
	/* On the fast path there is no input route yet: IPv4's ICMP needs it. */
	iph = (const void *)(skb->data + pkt->l3off);
	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos, skb->dev))
		return;
	icmp_send(skb, tc[0], tc[1], htonl(mtu));
}
