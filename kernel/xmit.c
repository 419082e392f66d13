// SPDX-License-Identifier: GPL-2.0
/*
 * The steps every forwarding method shares around its own rewrite: the
 * checks before a client's packet goes to its real server (hop limit, the
 * kept route, path MTU), and sending it on that route.
 */
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "lvs.h"

static u8 lvs_hop_limit(const struct sk_buff *skb, const struct lvs_pkt *pkt)
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
