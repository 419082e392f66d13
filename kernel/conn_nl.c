// SPDX-License-Identifier: GPL-2.0
/*
 * Connections over netlink: filters, the resumable dump, deletion and
 * the "conn_events" multicast group. The protocol is documented in
 * include/uapi/linux/lvs.h.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "lvs.h"
#include "nl_parse.h"

/* Room for one connection event: header, event type and the nest. */
#define LVS_CONN_EVENT_SIZE	NLMSG_ALIGN(256)

static int lvs_fill_conn(struct sk_buff *skb, void *obj)
{
	struct lvs_conn *c = obj;
	struct nlattr *nest = nla_nest_start(skb, LVS_ATTR_CONN);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, LVS_CONN_ATTR_AF, c->af) ||
	    nla_put_u16(skb, LVS_CONN_ATTR_PROTOCOL, c->proto) ||
	    lvs_put_addr(skb, LVS_CONN_ATTR_CADDR, c->af, &c->caddr) ||
	    nla_put_be16(skb, LVS_CONN_ATTR_CPORT, c->cport) ||
	    lvs_put_addr(skb, LVS_CONN_ATTR_VADDR, c->af, &c->vaddr) ||
	    nla_put_be16(skb, LVS_CONN_ATTR_VPORT, c->vport) ||
	    lvs_put_addr(skb, LVS_CONN_ATTR_DADDR, c->af, &c->daddr) ||
	    nla_put_be16(skb, LVS_CONN_ATTR_DPORT, c->dport) ||
	    nla_put_u32(skb, LVS_CONN_ATTR_FWD_METHOD, c->fwd) ||
	    nla_put_u32(skb, LVS_CONN_ATTR_STATE, READ_ONCE(c->state)) ||
	    nla_put_u32(skb, LVS_CONN_ATTR_FLAGS, c->flags) ||
	    nla_put_u32(skb, LVS_CONN_ATTR_EXPIRES,
			jiffies_to_msecs(lvs_conn_expires(c)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- filters ---- */

#define LVS_KEY(attr)	BIT(LVS_CONN_ATTR_##attr)
#define LVS_KEYS_TUPLE	(LVS_KEY(AF) | LVS_KEY(PROTOCOL) | LVS_KEY(CADDR) | \
			 LVS_KEY(CPORT) | LVS_KEY(VADDR) | LVS_KEY(VPORT))

static int lvs_filter_addr(struct nlattr **tb, int type,
			   struct lvs_conn_filter *f, union nf_inet_addr *addr,
			   struct netlink_ext_ack *extack)
{
	if (!tb[type])
		return 0;
	if (!tb[LVS_CONN_ATTR_AF]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[type],
				    "an address filter needs the address family");
		return -EINVAL;
	}
	f->keys |= BIT(type);
	return lvs_nl_parse_addr(tb[LVS_CONN_ATTR_AF], tb[type], &f->af, addr,
				 extack);
}

/* The filter in attrs[LVS_ATTR_CONN]; none (all keys absent) if absent. */
static int lvs_filter_parse(struct nlattr **attrs, struct lvs_conn_filter *f,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LVS_CONN_ATTR_MAX + 1];
	int ret;

	memset(f, 0, sizeof(*f));
	if (!attrs[LVS_ATTR_CONN])
		return 0;
	ret = nla_parse_nested(tb, LVS_CONN_ATTR_MAX, attrs[LVS_ATTR_CONN],
			       lvs_conn_policy, extack);
	if (ret)
		return ret;
	if (tb[LVS_CONN_ATTR_AF]) {
		f->af = nla_get_u16(tb[LVS_CONN_ATTR_AF]);
		if (f->af != AF_INET && f->af != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LVS_CONN_ATTR_AF],
					    "address family must be AF_INET or AF_INET6");
			return -EAFNOSUPPORT;
		}
		f->keys |= LVS_KEY(AF);
	}
	if (tb[LVS_CONN_ATTR_PROTOCOL]) {
		u16 proto = nla_get_u16(tb[LVS_CONN_ATTR_PROTOCOL]);

		if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LVS_CONN_ATTR_PROTOCOL],
					    "protocol must be TCP or UDP");
			return -EPROTONOSUPPORT;
		}
		f->proto = proto;
		f->keys |= LVS_KEY(PROTOCOL);
	}
	ret = lvs_filter_addr(tb, LVS_CONN_ATTR_CADDR, f, &f->caddr, extack) ?:
	      lvs_filter_addr(tb, LVS_CONN_ATTR_VADDR, f, &f->vaddr, extack) ?:
	      lvs_filter_addr(tb, LVS_CONN_ATTR_DADDR, f, &f->daddr, extack);
	if (ret)
		return ret;
	if (tb[LVS_CONN_ATTR_CPORT]) {
		f->cport = nla_get_be16(tb[LVS_CONN_ATTR_CPORT]);
		f->keys |= LVS_KEY(CPORT);
	}
	if (tb[LVS_CONN_ATTR_VPORT]) {
		f->vport = nla_get_be16(tb[LVS_CONN_ATTR_VPORT]);
		f->keys |= LVS_KEY(VPORT);
	}
	if (tb[LVS_CONN_ATTR_DPORT]) {
		f->dport = nla_get_be16(tb[LVS_CONN_ATTR_DPORT]);
		f->keys |= LVS_KEY(DPORT);
	}
	if (tb[LVS_CONN_ATTR_FWD_METHOD]) {
		f->fwd = nla_get_u32(tb[LVS_CONN_ATTR_FWD_METHOD]);
		f->keys |= LVS_KEY(FWD_METHOD);
	}
	if (tb[LVS_CONN_ATTR_STATE]) {
		f->state = nla_get_u32(tb[LVS_CONN_ATTR_STATE]);
		f->keys |= LVS_KEY(STATE);
	}
	if (tb[LVS_CONN_ATTR_FLAGS]) {
		f->flags = nla_get_u32(tb[LVS_CONN_ATTR_FLAGS]);
		f->keys |= LVS_KEY(FLAGS);
	}
	return 0;
}

static bool lvs_filter_match(const struct lvs_conn_filter *f,
			     const struct lvs_conn *c)
{
	u32 k = f->keys;

	/* Addresses are compared only once the families agree. */
	return (!(k & LVS_KEY(AF)) || c->af == f->af) &&
	       (!(k & LVS_KEY(PROTOCOL)) || c->proto == f->proto) &&
	       (!(k & LVS_KEY(CADDR)) ||
		lvs_addr_equal(c->af, &c->caddr, &f->caddr)) &&
	       (!(k & LVS_KEY(CPORT)) || c->cport == f->cport) &&
	       (!(k & LVS_KEY(VADDR)) ||
		lvs_addr_equal(c->af, &c->vaddr, &f->vaddr)) &&
	       (!(k & LVS_KEY(VPORT)) || c->vport == f->vport) &&
	       (!(k & LVS_KEY(DADDR)) ||
		lvs_addr_equal(c->af, &c->daddr, &f->daddr)) &&
	       (!(k & LVS_KEY(DPORT)) || c->dport == f->dport) &&
	       (!(k & LVS_KEY(FWD_METHOD)) || c->fwd == f->fwd) &&
	       (!(k & LVS_KEY(STATE)) || READ_ONCE(c->state) == f->state) &&
	       (!(k & LVS_KEY(FLAGS)) || c->flags == f->flags);
}

/* ---- the dump ---- */

/* Kept between the calls of one dump; freed in .done. */
struct lvs_conn_dump {
	struct rhashtable_iter iter;
	struct lvs_conn_filter filter;
	unsigned int restarts;
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static struct lvs_conn_dump *lvs_dump_state(struct netlink_callback *cb)
{
	return (struct lvs_conn_dump *)cb->args[0];
}

int lvs_nl_dump_conns_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *dinfo = genl_dumpit_info(cb);
	struct lvs_net *ln = lvs_pernet(sock_net(cb->skb->sk));
	struct lvs_conn_dump *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int ret;

	if (!d)
		return -ENOMEM;
	ret = lvs_filter_parse(dinfo->attrs, &d->filter, cb->extack);
	if (ret) {
		kfree(d);
		return ret;
	}
	lvs_conn_walk_enter(ln, &d->iter);
	cb->args[0] = (long)d;
	return 0;
}

int lvs_nl_dump_conns_done(struct netlink_callback *cb)
{
	struct lvs_conn_dump *d = lvs_dump_state(cb);

	if (d) {
		lvs_conn_walk_exit(&d->iter);
		kfree(d);
	}
	return 0;
}

static int lvs_dump_one_conn(struct lvs_conn *c, void *arg)
{
	struct lvs_conn_dump *d = arg;

	if (!lvs_filter_match(&d->filter, c))
		return 0;
	/* A restart since the last message marks this one interrupted. */
	d->cb->seq = d->restarts + 1;
	return lvs_put_msg(d->skb, NETLINK_CB(d->cb->skb).portid,
			   d->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			   LVS_CMD_GET_CONN, d->cb, lvs_fill_conn, c);
}

int lvs_nl_dump_conns(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lvs_conn_dump *d = lvs_dump_state(cb);

	d->skb = skb;
	d->cb = cb;
	lvs_conn_walk(&d->iter, lvs_dump_one_conn, d, &d->restarts);
	/* NLMSG_DONE is checked against it too. */
	cb->seq = d->restarts + 1;
	return skb->len;
}

/* ---- deletion ---- */

struct lvs_conn_del {
	const struct lvs_conn_filter *filter;
	u32 deleted;
};

static int lvs_del_one_conn(struct lvs_conn *c, void *arg)
{
	struct lvs_conn_del *del = arg;

	if (lvs_filter_match(del->filter, c) && lvs_conn_retire(c))
		del->deleted++;
	return 0;
}

/*
 * The entries a full client tuple names, the connection and the template
 * of that key (the filter's flags may pick one): lookups, not a walk.
 */
static u32 lvs_del_tuple(struct lvs_net *ln, const struct lvs_conn_filter *f)
{
	struct lvs_tuple t = {
		.saddr = &f->caddr,
		.daddr = &f->vaddr,
		.sport = f->cport,
		.dport = f->vport,
		.af = f->af,
		.proto = f->proto,
	};
	static const u8 kinds[] = { 0, LVS_CONN_F_TEMPLATE };
	struct lvs_conn *c;
	unsigned int i;
	u32 n = 0;

	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		t.flags = kinds[i];
		c = lvs_conn_find(ln, &t);
		if (c && lvs_filter_match(f, c) && lvs_conn_retire(c))
			n++;
	}
	rcu_read_unlock();
	return n;
}

static int lvs_fill_deleted(struct sk_buff *skb, void *obj)
{
	return nla_put_u32(skb, LVS_ATTR_CONN_DELETED, *(u32 *)obj);
}

int lvs_nl_del_conn(struct sk_buff *skb, struct genl_info *info)
{
	struct lvs_net *ln = lvs_pernet(genl_info_net(info));
	struct lvs_conn_filter f;
	struct lvs_conn_del del = { .filter = &f };
	struct rhashtable_iter iter;
	struct sk_buff *msg;
	unsigned int restarts = 0;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LVS_ATTR_CONN))
		return -EINVAL;
	ret = lvs_filter_parse(info->attrs, &f, info->extack);
	if (ret)
		return ret;
	/* Allocated first: a deletion is not undone for want of a reply. */
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	if ((f.keys & LVS_KEYS_TUPLE) == LVS_KEYS_TUPLE) {
		del.deleted = lvs_del_tuple(ln, &f);
		if (!del.deleted) {
			nlmsg_free(msg);
			NL_SET_ERR_MSG(info->extack, "no such connection");
			return -ENOENT;
		}
	} else {
		lvs_conn_walk_enter(ln, &iter);
		lvs_conn_walk(&iter, lvs_del_one_conn, &del, &restarts);
		lvs_conn_walk_exit(&iter);
	}

	ret = lvs_put_msg(msg, info->snd_portid, info->snd_seq, 0,
			  LVS_CMD_DEL_CONN, NULL, lvs_fill_deleted, &del.deleted);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/* ---- events ---- */

/*
 * Called from the data path (softirq, often under c->lock) and from
 * deletions: nothing here sleeps. With no listener this is one bit test.
 * A failed allocation loses the event, as a full socket buffer would.
 */
void lvs_conn_event(struct lvs_conn *c, enum lvs_conn_event ev)
{
	struct net *net = lvs_conn_net(c)->net;
	struct sk_buff *skb;
	void *hdr;

	/* KUnit's test namespaces have no struct net: no one to tell. */
	if (!net || !genl_has_listeners(&lvs_genl_family, net, LVS_MCGRP_CONN))
		return;
	skb = genlmsg_new(LVS_CONN_EVENT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &lvs_genl_family, 0, LVS_CMD_CONN_EVENT);
	if (!hdr || nla_put_u32(skb, LVS_ATTR_CONN_EVENT, ev) ||
	    lvs_fill_conn(skb, c)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&lvs_genl_family, net, skb, 0, LVS_MCGRP_CONN,
				GFP_ATOMIC);
}
