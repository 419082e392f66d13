// SPDX-License-Identifier: GPL-2.0
/*
 * Each real server keeps the route to it for its connections' packets: a
 * lookup per packet walks the FIB, and for DR (a known next hop, which the
 * FIB does not cache) allocates a route too. The kept route is checked
 * against the routing tables' generation on every use, and the packet
 * borrows it without taking a reference, as it borrows its input route:
 * a replaced route is released only after an RCU grace period, and the
 * hooks run under RCU.
 */
#include <linux/slab.h>
#include <net/dst.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>

#include "lvs.h"

/* Asked for the director's address on the route: part of the key. */
#define LVS_ROUTE_SADDR		BIT(7)

struct lvs_dest_route {
	struct dst_entry *dst;		/* holds a reference */
	union nf_inet_addr saddr;	/* with LVS_ROUTE_SADDR */
	u32 cookie;			/* IPv6: the FIB entry's serial number */
	/* The lookup's key beyond the real server's address. */
	u32 mark;
	u8 tos;
	u8 flags;
	struct rcu_head rcu;
};

static void lvs_dest_route_free(struct lvs_dest_route *r)
{
	dst_release(r->dst);
	kfree(r);
}

static void lvs_dest_route_free_rcu(struct rcu_head *head)
{
	lvs_dest_route_free(container_of(head, struct lvs_dest_route, rcu));
}

static bool lvs_dest_route_valid(const struct lvs_dest_route *r,
				 const struct sk_buff *skb, u8 tos, u8 flags)
{
	if (r->mark != skb->mark || r->tos != tos || r->flags != flags)
		return false;
	/*
	 * A route change, or its device going, makes the check fail.
	 * dst_check() calls IPv4's and IPv6's directly, not through ops.
	 */
	return dst_check(r->dst, r->cookie);
}

/*
 * The route to c's real server for this packet (lvs_route()'s flags and
 * saddr), borrowed: valid until the caller leaves its RCU read section.
 * ERR_PTR(-ENOMEM) or ERR_PTR(-EHOSTUNREACH) when there is none.
 */
struct dst_entry *lvs_dest_route(struct lvs_conn *c, const struct sk_buff *skb,
				 const struct lvs_pkt *pkt, unsigned int flags,
				 union nf_inet_addr *saddr)
{
	struct lvs_dest *dest = c->dest;
	u8 tos = lvs_route_tos(skb, pkt);
	struct lvs_dest_route *r, *old;

	if (saddr)
		flags |= LVS_ROUTE_SADDR;
	r = rcu_dereference(dest->route);
	if (!r || !lvs_dest_route_valid(r, skb, tos, flags)) {
		r = kmalloc(sizeof(*r), GFP_ATOMIC);
		if (!r)
			return ERR_PTR(-ENOMEM);
		r->dst = lvs_route(lvs_conn_net(c)->net, skb, pkt, &c->daddr, flags,
				   saddr ? &r->saddr : NULL);
		if (!r->dst) {
			kfree(r);
			return ERR_PTR(-EHOSTUNREACH);
		}
		r->cookie = pkt->af == AF_INET6 ?
			    rt6_get_cookie(dst_rt6_info(r->dst)) : 0;
		r->mark = skb->mark;
		r->tos = tos;
		r->flags = flags;
		/*
		 * Two CPUs may race here: each installs its own and uses it;
		 * one replaced stays good until the grace period ends.
		 */
		spin_lock_bh(&dest->route_lock);
		old = rcu_replace_pointer(dest->route, r,
					  lockdep_is_held(&dest->route_lock));
		spin_unlock_bh(&dest->route_lock);
		if (old)
			call_rcu(&old->rcu, lvs_dest_route_free_rcu);
	}
	if (saddr)
		*saddr = r->saddr;
	return r->dst;
}

/* When the real server itself goes: no reader is left. */
void lvs_dest_route_release(struct lvs_dest *dest)
{
	struct lvs_dest_route *r = rcu_dereference_protected(dest->route, 1);

	if (r)
		lvs_dest_route_free(r);
}
