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
#include <net/ip_fib.h>

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

/*
 * The client packet's part of the key: its mark and (IPv4) TOS can
 * select another route only through policy rules. Without any, all
 * packets to a real server share its route, as in IPVS, TOS-specific
 * routes left aside: keyed on them, a client alternating its TOS would
 * make every packet a lookup.
 */
static void lvs_route_key(struct net *net, const struct sk_buff *skb,
			  const struct lvs_pkt *pkt, u32 *mark, u8 *tos)
{
	bool rules = pkt->af == AF_INET6 ? fib6_has_custom_rules(net) :
					   fib4_has_custom_rules(net);

	*mark = rules ? skb->mark : 0;
	*tos = rules ? lvs_route_tos(skb, pkt) : 0;
}

static bool lvs_dest_route_valid(const struct lvs_dest_route *r, u32 mark,
				 u8 tos, u8 flags)
{
	if (r->mark != mark || r->tos != tos || r->flags != flags)
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
 * ERR_PTR(-ENOMEM) or ERR_PTR(-EHOSTUNREACH) when there is none. Each
 * kind of lookup has its own slot: the connections of one real server
 * can use several, as after its forwarding method changed.
 */
struct dst_entry *lvs_dest_route(struct lvs_conn *c, const struct sk_buff *skb,
				 const struct lvs_pkt *pkt, unsigned int flags,
				 union nf_inet_addr *saddr)
{
	struct lvs_dest_route __rcu **slot =
		&c->dest->route[flags & (LVS_ROUTE_KNOWN_NH | LVS_ROUTE_REMOTE)];
	struct net *net = lvs_conn_net(c)->net;
	spinlock_t *lock = &c->dest->route_lock;
	struct lvs_dest_route *r, *old;
	u32 mark;
	u8 tos;

	lvs_route_key(net, skb, pkt, &mark, &tos);
	if (saddr)
		flags |= LVS_ROUTE_SADDR;
	r = rcu_dereference(*slot);
	if (!r || !lvs_dest_route_valid(r, mark, tos, flags)) {
		r = kmalloc(sizeof(*r), GFP_ATOMIC);
		if (!r)
			return ERR_PTR(-ENOMEM);
		r->dst = lvs_route(net, pkt->af, &c->daddr, mark, tos, flags,
				   saddr ? &r->saddr : NULL);
		if (!r->dst) {
			kfree(r);
			return ERR_PTR(-EHOSTUNREACH);
		}
		r->cookie = pkt->af == AF_INET6 ?
			    rt6_get_cookie(dst_rt6_info(r->dst)) : 0;
		r->mark = mark;
		r->tos = tos;
		r->flags = flags;
		/*
		 * Two CPUs may race here: each installs its own and uses it;
		 * one replaced stays good until the grace period ends.
		 */
		spin_lock_bh(lock);
		old = rcu_replace_pointer(*slot, r, lockdep_is_held(lock));
		spin_unlock_bh(lock);
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
	struct lvs_dest_route *r;
	int i;

	for (i = 0; i < LVS_ROUTE_KINDS; i++) {
		r = rcu_dereference_protected(dest->route[i], 1);
		if (r)
			lvs_dest_route_free(r);
	}
}
