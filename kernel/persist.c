// SPDX-License-Identifier: GPL-2.0
/*
 * Persistence (-p): a client network keeps its real server. The first
 * connection from it creates a template, a table entry under the key
 * (client address masked to the service's prefix, port 0, VIP, service
 * port, protocol), or for a fwmark service (client network, port 0, the
 * mark as VIP, port 0, protocol 0) so that all its protocols and ports
 * share one server, as ip_vs_sched_persist() does. Later connections from
 * that network take the template's server and restart its timer.
 *
 * A template whose server is quiesced (weight 0) keeps directing clients
 * to it, as IPVS does unless expire_quiescent_template is set; one whose
 * server left its service is retired at once and the client is scheduled
 * afresh.
 */
#include <linux/inetdevice.h>
#include <net/ipv6.h>

#include "lvs.h"

/* addr with all but its first plen bits cleared. */
static void lvs_addr_prefix(u8 af, union nf_inet_addr *net,
			    const union nf_inet_addr *addr, u8 plen)
{
	if (af == AF_INET6) {
		ipv6_addr_prefix(&net->in6, &addr->in6, plen);
		return;
	}
	memset(net, 0, sizeof(*net));
	net->ip = addr->ip & inet_make_mask(plen);
}

/*
 * The real server for pkt's new connection to the persistent service
 * svc, under RCU: its template's, or the scheduler's choice recorded in a
 * new template. *tmpl gets the template with a reference for the new
 * connection. Returns an ERR_PTR when there is none: -ENOENT (no usable
 * real server), -ENOSPC (connection limit), -ENOMEM and the like.
 */
struct lvs_dest *lvs_persist_schedule(struct lvs_service *svc,
				      const struct sk_buff *skb,
				      const struct lvs_pkt *pkt,
				      struct lvs_conn **tmpl)
{
	union nf_inet_addr snet, mark = {};
	const struct lvs_scheduler *sched;
	struct lvs_tuple key = {
		.saddr = &snet,
		.daddr = &pkt->daddr,
		.dport = svc->port,
		.af = pkt->af,
		.proto = pkt->proto,
		.flags = LVS_CONN_F_TEMPLATE,
	};
	struct lvs_dest *dest;
	struct lvs_conn *t;

	lvs_addr_prefix(pkt->af, &snet, &pkt->saddr, READ_ONCE(svc->netmask));
	if (svc->fwmark) {
		mark.ip = htonl(svc->fwmark);
		key.daddr = &mark;
		key.proto = 0;
	}

	t = lvs_conn_find(svc->ln, &key);
	if (t && !READ_ONCE(t->dest->available)) {
		lvs_conn_retire(t);
		t = NULL;
	}
	if (t && lvs_conn_hold_template(t)) {
		*tmpl = t;
		return t->dest;
	}

	/* The scheduler is briefly absent while it is being replaced. */
	sched = rcu_dereference(svc->sched);
	dest = sched ? sched->schedule(svc, skb, pkt) : NULL;
	if (!dest)
		return ERR_PTR(-ENOENT);
	t = lvs_conn_new_template(svc->ln, &key, dest, svc->port ? dest->port : 0,
				  (unsigned long)READ_ONCE(svc->timeout) * HZ);
	if (IS_ERR(t))
		return ERR_CAST(t);
	*tmpl = t;
	return t->dest;
}
