// SPDX-License-Identifier: GPL-2.0
/*
 * What differs between IPv4 and IPv6 on the data path, behind one small
 * switch each, so that the callers have a single code path; and the steps
 * every forwarding method shares.
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
#include <net/netfilter/nf_conntrack.h>
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

/* An address of a device of net that is up: local routes exist for it. */
static bool lvs_ip4_local(struct net *net, __be32 addr)
{
	const struct net_device *dev = __ip_dev_find(net, addr, false);

	return dev && dev->flags & IFF_UP;
}

/*
 * Would the input route lookup deliver this client packet to the host?
 * Said without the lookup only where the answer is certain: the
 * destination is an address of the namespace (on the receiving device if
 * its scope is the link), and nothing the lookup applies could say
 * otherwise: policy rules, custom local routes, and for IPv4 the
 * reverse-path filter, route classes, IPsec and the martian and local
 * sources it rejects. false: ask the lookup (the usual way in).
 */
bool lvs_local_dest(struct net *net, const struct sk_buff *skb,
		    const struct lvs_pkt *pkt)
{
	struct in_device *in_dev;
	__be32 src = pkt->saddr.ip;

	if (pkt->af == AF_INET6)
		return !fib6_has_custom_rules(net) &&
		       ipv6_chk_addr(net, &pkt->daddr.in6, skb->dev, 0);
	in_dev = __in_dev_get_rcu(skb->dev);
	return in_dev && !IN_DEV_RPFILTER(in_dev) && !secpath_exists(skb) &&
	       !fib4_has_custom_rules(net) && !fib_num_tclassid_users(net) &&
	       !net->ipv4.fib_has_custom_local_routes &&
	       !ipv4_is_multicast(src) && !ipv4_is_lbcast(src) &&
	       !ipv4_is_zeronet(src) && !ipv4_is_loopback(src) &&
	       !__ip_dev_find(net, src, false) && lvs_ip4_local(net, pkt->daddr.ip);
}

/*
 * Route to daddr in net, for a packet of the client; NULL if none, or if
 * LVS_ROUTE_REMOTE is asked and daddr is local. With LVS_ROUTE_KNOWN_NH
 * the route's next hop is daddr even though the packet is addressed
 * elsewhere (DR). If saddr is given, it gets the source address a packet
 * sent by the director itself on that route would have.
 */
struct dst_entry *lvs_route(struct net *net, const struct sk_buff *skb,
			    const struct lvs_pkt *pkt,
			    const union nf_inet_addr *daddr,
			    unsigned int flags, union nf_inet_addr *saddr)
{
	u8 fl_flags = flags & LVS_ROUTE_KNOWN_NH ? FLOWI_FLAG_KNOWN_NH : 0;
	struct dst_entry *dst;
	bool local;

	if (pkt->af == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = daddr->in6,
			.flowi6_mark = skb->mark,
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
			.flowi4_tos = lvs_route_tos(skb, pkt),
			.flowi4_mark = skb->mark,
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
	u16 frag_max;

	if (pkt->len <= mtu)
		return false;
	if (pkt->af == AF_INET && !(iph->frag_off & htons(IP_DF)))
		return false;
	/* Reassembled here: it leaves in fragments no bigger than it came. */
	frag_max = pkt->af == AF_INET6 ? IP6CB(skb)->frag_max_size :
					 IPCB(skb)->frag_max_size;
	if (frag_max)
		return frag_max > mtu;
	if (skb_is_gso(skb))
		return !skb_gso_validate_network_len(skb, mtu);
	return true;
}

/*
 * The checks every method makes before sending a client's packet to c's
 * real server, with overhead bytes of encapsulation to come: hop limit,
 * route, path MTU. Returns the route, borrowed (lvs_dest_route()), or NULL
 * when the packet is to be dropped. flags and saddr are lvs_route()'s.
 */
struct dst_entry *lvs_xmit_route(struct sk_buff *skb, struct lvs_conn *c,
				 const struct lvs_pkt *pkt, unsigned int flags,
				 unsigned int overhead,
				 union nf_inet_addr *saddr)
{
	struct dst_entry *dst;
	unsigned int mtu;

	/* ICMP errors quote the packet as the client sent it: check first. */
	if (lvs_hop_limit(skb, pkt) <= 1) {
		lvs_icmp_send(skb, pkt, LVS_ICMP_TIME_EXCEEDED, 0);
		lvs_drop_count(lvs_conn_net(c), LVS_DROP_TTL);
		return NULL;
	}
	dst = lvs_dest_route(c, skb, pkt, flags, saddr);
	if (IS_ERR(dst)) {
		lvs_drop_count(lvs_conn_net(c), PTR_ERR(dst) == -ENOMEM ?
				      LVS_DROP_NO_MEMORY : LVS_DROP_NO_ROUTE);
		return NULL;
	}
	/*
	 * The client must make room for the encapsulation: tell it the MTU
	 * left inside the tunnel, or it would keep sending what cannot pass.
	 */
	mtu = dst_mtu(dst) - overhead;
	if (lvs_mtu_exceeded(skb, pkt, mtu)) {
		lvs_icmp_send(skb, pkt, LVS_ICMP_TOO_BIG, mtu);
		lvs_drop_count(lvs_conn_net(c), LVS_DROP_TOO_BIG);
		return NULL;
	}
	return dst;
}

/*
 * Conntrack, if loaded, saw the client's flow at PRE_ROUTING; lvs owns it,
 * so its packets leave untracked: no stale entries, and nf_nat at
 * POST_ROUTING leaves them alone, as IPVS does by default.
 */
void lvs_untrack(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	nf_reset_ct(skb);
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
#endif
}

/* Send the packet, ready for the wire, on the borrowed dst; lvs never sees it again. */
unsigned int lvs_xmit_send(struct sk_buff *skb, struct lvs_conn *c,
			   struct dst_entry *dst)
{
	/* From here on the packet is forwarded, no longer delivered. */
	skb_orphan(skb);		/* early demux may have set a socket */
	skb_forward_csum(skb);
	skb_clear_tstamp(skb);
	lvs_untrack(skb);
	skb_dst_drop(skb);
	skb_dst_set_noref(skb, dst);
	dst_output(lvs_conn_net(c)->net, NULL, skb);
	return NF_STOLEN;
}
