// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter entry points, one per hook point for both families: parse the
 * packet once, find or create its connection, advance its state, send it.
 *
 * Client packets to a VIP are local to the director and reach LOCAL_IN;
 * NAT replies from real servers are routed through it and cross FORWARD.
 * DR and TUN replies bypass the director.
 */
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/net.h>
#include <linux/skbuff.h>

#include "lvs.h"

/* Account pkt to c, moving c along its state machine. */
static void lvs_conn_packet(struct lvs_conn *c, enum lvs_dir dir,
			    const struct lvs_pkt *pkt)
{
	const struct lvs_proto *pp = lvs_proto_get(pkt->proto);

	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, pp->next_state(c, dir, pkt->tcp_flags));
	lvs_conn_stats_add(c, dir, pkt->len);
	spin_unlock_bh(&c->lock);
}

/* Is each of this service's datagrams scheduled on its own? */
static bool lvs_one_packet(const struct lvs_service *svc,
			   const struct lvs_pkt *pkt)
{
	return READ_ONCE(svc->flags) & LVS_SVC_F_ONEPACKET &&
	       pkt->proto == IPPROTO_UDP;
}

/* The service a packet of no live connection opens one to, if it may. */
static struct lvs_service *
lvs_service_for_new(struct lvs_net *ln, const struct sk_buff *skb,
		    const struct lvs_pkt *pkt)
{
	if (!lvs_proto_get(pkt->proto)->may_create(pkt))
		return NULL;
	return lvs_service_find(ln, skb, pkt);
}

/*
 * A packet that opens a connection to svc: pick a real server and create
 * it. A one-packet service's datagram gets onepkt, a connection that is never
 * hashed and lives as long as the packet. Returns NULL with *verdict set
 * otherwise.
 */
static struct lvs_conn *lvs_conn_schedule(struct lvs_net *ln,
					  struct sk_buff *skb,
					  const struct lvs_pkt *pkt,
					  struct lvs_service *svc,
					  struct lvs_conn *onepkt,
					  unsigned int *verdict)
{
	const struct lvs_scheduler *sched;
	struct lvs_conn *c, *tmpl = NULL;
	struct lvs_dest *dest;

	if (READ_ONCE(svc->flags) & LVS_SVC_F_PERSISTENT) {
		dest = lvs_persist_schedule(svc, skb, pkt, &tmpl);
	} else {
		/* The scheduler is briefly absent while it is being replaced. */
		sched = rcu_dereference(svc->sched);
		dest = sched ? sched->schedule(svc, skb, pkt) : NULL;
		dest = dest ?: ERR_PTR(-ENOENT);
	}
	if (!IS_ERR(dest) && lvs_one_packet(svc, pkt)) {
		/* The template was used: its timer restarted. */
		if (tmpl)
			lvs_conn_put(tmpl);
		lvs_conn_fill(onepkt, pkt, dest);
		lvs_stats_conn(&dest->stats);
		lvs_stats_conn(&svc->stats);
		return onepkt;
	}
	c = IS_ERR(dest) ? ERR_CAST(dest) : lvs_conn_new(ln, pkt, dest, tmpl);
	if (!IS_ERR(c))
		return c;

	*verdict = NF_DROP;
	switch (PTR_ERR(c)) {
	case -ENOENT:	/* no usable real server, or it just left */
		if (IS_ERR(dest))
			lvs_icmp_send(skb, pkt, LVS_ICMP_PORT_UNREACH, 0);
		lvs_drop_count(ln, LVS_DROP_NO_DEST);
		break;
	case -ENOSPC:	/* the table is full, and nothing could be evicted */
		net_warn_ratelimited("lvs: table full, dropping packet\n");
		lvs_drop_count(ln, LVS_DROP_CONN_LIMIT);
		break;
	default:
		lvs_drop_count(ln, LVS_DROP_NO_MEMORY);
	}
	return NULL;
}

/*
 * A new SYN on a tuple whose connection is over (the client reused its
 * port): retire the old entry and schedule afresh, as IPVS's
 * conn_reuse_mode does, instead of reviving it towards its old server.
 */
static bool lvs_conn_reusable(const struct lvs_conn *c,
			      const struct lvs_pkt *pkt)
{
	u8 state = READ_ONCE(c->state);

	return pkt->proto == IPPROTO_TCP &&
	       (state == LVS_STATE_TCP_TIME_WAIT ||
		state == LVS_STATE_TCP_CLOSE) &&
	       lvs_proto_get(pkt->proto)->may_create(pkt);
}

static u8 lvs_hook_af(const struct nf_hook_state *state)
{
	return state->pf == NFPROTO_IPV6 ? AF_INET6 : AF_INET;
}

static unsigned int lvs_xmit_in(struct sk_buff *skb, struct lvs_conn *c,
				const struct lvs_pkt *pkt)
{
	switch (c->fwd) {
	case LVS_FWD_NAT:
		return lvs_xmit_nat_in(skb, c, pkt);
	case LVS_FWD_DR:
		return lvs_xmit_dr(skb, c, pkt);
	default:
		return lvs_xmit_tun(skb, c, pkt);
	}
}

/*
 * A namespace with no services and no connections has nothing for lvs:
 * its traffic passes without even a parse, as if lvs were not loaded.
 */
static bool lvs_idle(const struct lvs_net *ln)
{
	return !READ_ONCE(ln->num_services) && !atomic_read(&ln->conn_count);
}

/* Client -> VIP, on c, a live connection the packet does not reopen. */
static unsigned int lvs_in(struct sk_buff *skb, struct lvs_conn *c,
			   const struct lvs_pkt *pkt)
{
	lvs_conn_packet(c, LVS_DIR_IN, pkt);
	return lvs_xmit_in(skb, c, pkt);
}

/*
 * Client -> VIP, a packet that may open a connection: to svc if there is
 * one (lvs_service_for_new()). old, if any, is the finished connection whose
 * tuple it reuses, retired first.
 */
static unsigned int lvs_in_new(struct lvs_net *ln, struct sk_buff *skb,
			       const struct lvs_pkt *pkt, struct lvs_conn *old,
			       struct lvs_service *svc)
{
	unsigned int verdict;
	struct lvs_conn onepkt, *c;

	if (old)
		lvs_conn_retire(old);
	if (!svc)
		return NF_ACCEPT;
	c = lvs_conn_schedule(ln, skb, pkt, svc, &onepkt, &verdict);
	if (!c)
		return verdict;
	if (c != &onepkt)
		return lvs_in(skb, c, pkt);
	lvs_conn_stats_add(c, LVS_DIR_IN, pkt->len);
	return lvs_xmit_in(skb, c, pkt);
}

static unsigned int lvs_local_in(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct lvs_net *ln = lvs_pernet(state->net);
	struct lvs_conn *c;
	struct lvs_pkt pkt;

	if (lvs_idle(ln))
		return NF_ACCEPT;
	switch (lvs_parse(skb, lvs_hook_af(state), &pkt)) {
	case LVS_PARSE_OK:
		break;
	case LVS_PARSE_IGNORE:
		return NF_ACCEPT;
	case LVS_PARSE_ICMP:
		return lvs_icmp_local_in(ln, skb, &pkt);
	default:
		lvs_drop_count(ln, LVS_DROP_MALFORMED);
		return NF_DROP;
	}

	c = lvs_conn_lookup(ln, LVS_DIR_IN, &pkt);
	if (c && !lvs_conn_reusable(c, &pkt))
		return lvs_in(skb, c, &pkt);
	return lvs_in_new(ln, skb, &pkt, c, lvs_service_for_new(ln, skb, &pkt));
}

/* No IPv4 options or IPv6 extension headers: the input path has no work. */
static bool lvs_l3_bare(const struct lvs_pkt *pkt)
{
	return pkt->l4off - pkt->l3off == (pkt->af == AF_INET6 ?
					   sizeof(struct ipv6hdr) :
					   sizeof(struct iphdr));
}

/* Is lvs's hook the first at LOCAL_IN, no filter or mangle rule before it? */
static bool lvs_first_at_local_in(const struct nf_hook_state *state)
{
	struct nf_hook_entries __rcu *const *hooks =
		state->pf == NFPROTO_IPV6 ? state->net->nf.hooks_ipv6 :
					    state->net->nf.hooks_ipv4;
	const struct nf_hook_entries *e = rcu_dereference(hooks[NF_INET_LOCAL_IN]);

	return e && e->hooks[0].hook == lvs_local_in;
}

/*
 * The fast path: a client packet is sent on from PRE_ROUTING, sparing it
 * the input route lookup and local delivery it would pay to reach
 * LOCAL_IN. It skips nothing anyone would see: it is taken only when lvs
 * comes first at LOCAL_IN, for a packet addressed to this host, with no IP
 * options or extension headers to process, whose source the lookup would
 * not check (lvs_rp_filtered()); and for a packet that opens a
 * connection only where the lookup could only have delivered it here
 * (lvs_local_dest()), since nothing proved that yet. Anything else (ICMP,
 * a destination the lookup must judge) goes the usual way, to
 * lvs_local_in(). Fragments come reassembled, by nf_defrag, as at LOCAL_IN.
 */
static unsigned int lvs_pre_routing(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct lvs_net *ln = lvs_pernet(state->net);
	struct lvs_service *svc;
	struct lvs_conn *c;
	struct lvs_pkt pkt;

	if (!READ_ONCE(ln->fast_path) || lvs_idle(ln) ||
	    skb->pkt_type != PACKET_HOST || !lvs_first_at_local_in(state) ||
	    lvs_rp_filtered(skb, lvs_hook_af(state)))
		return NF_ACCEPT;
	if (lvs_parse(skb, lvs_hook_af(state), &pkt) != LVS_PARSE_OK ||
	    !lvs_l3_bare(&pkt))
		return NF_ACCEPT;
	c = lvs_conn_lookup(ln, LVS_DIR_IN, &pkt);
	if (c && !lvs_conn_reusable(c, &pkt))
		return lvs_in(skb, c, &pkt);
	/* The service first: the director's own traffic pays no more. */
	svc = lvs_service_for_new(ln, skb, &pkt);
	if (!svc || !lvs_local_dest(state->net, skb, &pkt))
		return NF_ACCEPT;
	return lvs_in_new(ln, skb, &pkt, c, svc);
}

/*
 * Real server -> client. Other forwarded traffic is none of our business,
 * malformed or not: it passes untouched.
 */
static unsigned int lvs_forward(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct lvs_net *ln = lvs_pernet(state->net);
	struct lvs_conn *c;
	struct lvs_pkt pkt;

	if (lvs_idle(ln))
		return NF_ACCEPT;
	switch (lvs_parse(skb, lvs_hook_af(state), &pkt)) {
	case LVS_PARSE_OK:
		break;
	case LVS_PARSE_ICMP:
		return lvs_icmp_forward(ln, skb, &pkt);
	default:
		return NF_ACCEPT;
	}
	c = lvs_conn_lookup(ln, LVS_DIR_OUT, &pkt);
	if (!c)
		return NF_ACCEPT;
	lvs_conn_packet(c, LVS_DIR_OUT, &pkt);
	return lvs_xmit_nat_out(skb, c, &pkt);
}

/*
 * Where IPVS hooks: after filtering, just before source NAT; the fast path
 * after everything else at PRE_ROUTING (mangle's marks, raw, DNAT).
 */
static const struct nf_hook_ops lvs_hook_ops[] = {
	{
		.hook		= lvs_pre_routing,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_LAST,
	},
	{
		.hook		= lvs_local_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_NAT_SRC - 2,
	},
	{
		.hook		= lvs_forward,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_NAT_SRC - 1,
	},
	{
		.hook		= lvs_pre_routing,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_LAST,
	},
	{
		.hook		= lvs_local_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_NAT_SRC - 2,
	},
	{
		.hook		= lvs_forward,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP6_PRI_NAT_SRC - 1,
	},
};

int lvs_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, lvs_hook_ops,
				     ARRAY_SIZE(lvs_hook_ops));
}

void lvs_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, lvs_hook_ops, ARRAY_SIZE(lvs_hook_ops));
}
