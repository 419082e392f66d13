// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - the connection requests: list and delete by filter (-L -c,
 * --del-conn), and the event monitor (--monitor).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "lvsadm.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The keys of f, as the kernel's LVS_ATTR_CONN filter. */
static int put_filter(struct nl_msg *msg, const struct lvs_conn_filter *f)
{
	const struct lvs_conn *c = &f->c;
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_CONN);
	unsigned int k = f->keys;
	int len = nl_addr_len(c->af);

	if (!nest ||
	    (k & FKEY(AF) && nla_put_u16(msg, LVS_CONN_ATTR_AF, c->af)) ||
	    (k & FKEY(PROTOCOL) &&
	     nla_put_u16(msg, LVS_CONN_ATTR_PROTOCOL, c->protocol)) ||
	    (k & FKEY(CADDR) && nla_put(msg, LVS_CONN_ATTR_CADDR, len, &c->caddr)) ||
	    (k & FKEY(CPORT) &&
	     nla_put_u16(msg, LVS_CONN_ATTR_CPORT, htons(c->cport))) ||
	    (k & FKEY(VADDR) && nla_put(msg, LVS_CONN_ATTR_VADDR, len, &c->vaddr)) ||
	    (k & FKEY(VPORT) &&
	     nla_put_u16(msg, LVS_CONN_ATTR_VPORT, htons(c->vport))) ||
	    (k & FKEY(DADDR) && nla_put(msg, LVS_CONN_ATTR_DADDR, len, &c->daddr)) ||
	    (k & FKEY(DPORT) &&
	     nla_put_u16(msg, LVS_CONN_ATTR_DPORT, htons(c->dport))) ||
	    (k & FKEY(STATE) && nla_put_u32(msg, LVS_CONN_ATTR_STATE, c->state)))
		return -ENOMEM;
	/* Empty means every connection (--all): libnl would drop it. */
	return nla_nest_end_keep_empty(msg, nest) ? -ENOMEM : 0;
}

static const struct nla_policy conn_pol[LVS_CONN_ATTR_MAX + 1] = {
	[LVS_CONN_ATTR_AF] = { .type = NLA_U16 },
	[LVS_CONN_ATTR_PROTOCOL] = { .type = NLA_U16 },
	[LVS_CONN_ATTR_CPORT] = { .type = NLA_U16 },
	[LVS_CONN_ATTR_VPORT] = { .type = NLA_U16 },
	[LVS_CONN_ATTR_DPORT] = { .type = NLA_U16 },
	[LVS_CONN_ATTR_FWD_METHOD ... LVS_CONN_ATTR_FLAGS] =
		{ .type = NLA_U32 },
};

/* An LVS_ATTR_CONN nest into c. */
static int get_conn(struct nlattr *attr, struct lvs_conn *c)
{
	struct nlattr *tb[LVS_CONN_ATTR_MAX + 1];

	if (nl_parse_nest(tb, LVS_CONN_ATTR_MAX, attr, conn_pol) ||
	    !tb[LVS_CONN_ATTR_AF] || !tb[LVS_CONN_ATTR_PROTOCOL] ||
	    !tb[LVS_CONN_ATTR_CPORT] || !tb[LVS_CONN_ATTR_VPORT] ||
	    !tb[LVS_CONN_ATTR_DPORT])
		return -EPROTO;
	c->af = nla_get_u16(tb[LVS_CONN_ATTR_AF]);
	c->protocol = nla_get_u16(tb[LVS_CONN_ATTR_PROTOCOL]);
	c->cport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_CPORT]));
	c->vport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_VPORT]));
	c->dport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_DPORT]));
	c->fwd = nl_get_u32(tb[LVS_CONN_ATTR_FWD_METHOD]);
	c->state = nl_get_u32(tb[LVS_CONN_ATTR_STATE]);
	c->expires_ms = nl_get_u32(tb[LVS_CONN_ATTR_EXPIRES]);
	c->flags = nl_get_u32(tb[LVS_CONN_ATTR_FLAGS]);
	return nl_get_addr(tb[LVS_CONN_ATTR_CADDR], c->af, &c->caddr) ?:
	       nl_get_addr(tb[LVS_CONN_ATTR_VADDR], c->af, &c->vaddr) ?:
	       nl_get_addr(tb[LVS_CONN_ATTR_DADDR], c->af, &c->daddr);
}

static int parse_conn(struct nlattr *attr, void *arg)
{
	struct lvs_conn_list *l = arg;
	struct lvs_conn *c;

	if (nla_type(attr) != LVS_ATTR_CONN)
		return 0;
	c = nl_append(l->conns, l->n, sizeof(*c));
	if (!c)
		return -ENOMEM;
	l->conns = c;
	return get_conn(attr, &c[l->n++]);
}

/* A request carrying the filter f. */
static struct nl_msg *filter_msg(uint8_t cmd, int flags,
				 const struct lvs_conn_filter *f)
{
	struct nl_msg *msg = nl_new_msg(cmd, flags, 0);

	if (msg && put_filter(msg, f)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/*
 * Retried when the kernel flags the dump interrupted (the table was
 * resized while it was read), so no connection is listed twice.
 */
int nl_get_conns(const struct lvs_conn_filter *f, struct lvs_conn_list *l)
{
	int err = -EINTR;

	for (int i = 0; i < DUMP_TRIES && err == -EINTR; i++) {
		free(l->conns);
		*l = (struct lvs_conn_list){ 0 };
		/* No filter, no nest: what modules before filters take. */
		err = nl_transact(f->keys ?
				  filter_msg(LVS_CMD_GET_CONN, NLM_F_DUMP, f) :
				  nl_new_msg(LVS_CMD_GET_CONN, NLM_F_DUMP, 0),
				  parse_conn, l);
	}
	return err == -EINTR ? -EAGAIN : err;
}

static int parse_deleted(struct nlattr *attr, void *arg)
{
	if (nla_type(attr) == LVS_ATTR_CONN_DELETED)
		*(uint32_t *)arg = nla_get_u32(attr);
	return 0;
}

int nl_del_conns(const struct lvs_conn_filter *f, uint32_t *deleted)
{
	*deleted = 0;
	return nl_transact(filter_msg(LVS_CMD_DEL_CONN, NLM_F_ACK, f),
			   parse_deleted, deleted);
}

struct monitor_ctx {
	int (*fn)(uint32_t ev, const struct lvs_conn *c, void *arg);
	void *arg;
	int err;
	bool done;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct monitor_ctx *m = arg;
	struct lvs_conn c = { 0 };
	uint32_t ev = 0;
	bool have = false;
	struct nlattr *a;
	int rem;

	if (gh->cmd != LVS_CMD_CONN_EVENT)
		return NL_SKIP;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		if (nla_type(a) == LVS_ATTR_CONN_EVENT && nla_len(a) == 4)
			ev = nla_get_u32(a);
		else if (nla_type(a) == LVS_ATTR_CONN && !get_conn(a, &c))
			have = true;
	}
	if (!ev || !have)
		return NL_SKIP;		/* not one we understand: skip it */
	if (m->fn(ev, &c, m->arg)) {
		m->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* Events are not answers: they carry no sequence number of ours. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int nl_monitor_join(void)
{
	struct nl_sock *sock = nl_shared_sock();
	int grp = genl_ctrl_resolve_grp(sock, LVS_GENL_NAME, LVS_MCGRP_CONN_NAME);

	if (grp < 0)
		return nl_fail(grp);
	/* libnl hides the errno; joining can only fail for want of rights. */
	if (setsockopt(nl_socket_get_fd(sock), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)))
		return -errno;
	/* Room for bursts; what still overflows is reported, not fatal. */
	nl_socket_set_buffer_size(sock, 4 << 20, 0);
	return 0;
}

int nl_monitor(int (*fn)(uint32_t ev, const struct lvs_conn *c, void *arg),
	       void *arg)
{
	struct monitor_ctx m = { fn, arg, 0, false };
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	while (!m.done) {
		ret = nl_recvmsgs(nl_shared_sock(), cb);
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us. */
			fprintf(stderr, "lvsadm: connection events lost (receive buffer overrun)\n");
		} else if (ret < 0) {
			m.err = nl_fail(ret);
			break;
		}
	}
	nl_cb_put(cb);
	return m.err;
}
