// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - every libnl call: resolve the LVS family, build requests from a
 * struct lvs_cmd_req, run dumps and turn replies into plain structs.
 *
 * libnl folds kernel errnos into its own codes (ENOENT and ESRCH both
 * become NLE_OBJ_NOTFOUND), so errors are caught in our own callbacks,
 * which keep the real errno and the extack message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "lvsadm.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* A dump the kernel flagged as inconsistent is retried this often. */
#define DUMP_TRIES	5

static struct nl_sock *sock;
static int family;
static char extack[256];
static long extack_offset = -1;	/* of the attribute the kernel blamed */

const char *nl_extack(void)
{
	return extack[0] ? extack : NULL;
}

/* Connect once; a missing family means the module is not loaded. */
static void nl_open(void)
{
	int one = 1, err;

	if (sock)
		return;
	sock = nl_socket_alloc();
	if (!sock) {
		fprintf(stderr, "lvsadm: out of memory\n");
		exit(EXIT_FAIL);
	}
	err = genl_connect(sock);
	if (!err) {
		/* Best effort: without them we only lose the messages. */
		setsockopt(nl_socket_get_fd(sock), SOL_NETLINK,
			   NETLINK_EXT_ACK, &one, sizeof(one));
		setsockopt(nl_socket_get_fd(sock), SOL_NETLINK,
			   NETLINK_CAP_ACK, &one, sizeof(one));
		nl_socket_enable_msg_peek(sock);
		err = genl_ctrl_resolve(sock, LVS_GENL_NAME);
	}
	if (err == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr, "lvsadm: lvs module not loaded (genl family "
			LVS_GENL_NAME " not found)\n");
		exit(EXIT_FAIL);
	}
	if (err < 0) {
		fprintf(stderr, "lvsadm: cannot talk to the kernel: %s\n",
			nl_geterror(err));
		exit(EXIT_FAIL);
	}
	family = err;
}

/* State of one request/reply exchange. */
struct exchange {
	int (*parse)(struct nlattr *attr, void *arg);	/* per top-level attr */
	void *arg;
	int err;		/* -errno from the kernel or a parser */
	bool done;
};

static void take_extack(const struct nlmsghdr *nlh, const void *tlvs)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (const char *)nlh + nlh->nlmsg_len - (const char *)tlvs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)tlvs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(extack, sizeof(extack), "%.*s",
			 nla_len(tb[NLMSGERR_ATTR_MSG]),
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		extack_offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct exchange *x = arg;
	const struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e);

	(void)nla;
	/* Unless capped, the kernel echoes our request before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	take_extack(nlh, (char *)e + off);
	x->err = e->error;
	x->done = true;
	return NL_STOP;
}

/* A dump ends with NLMSG_DONE, which carries the dump's error if any. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int err = *(int *)nlmsg_data(nlh);

		if (err < 0 && !x->err) {
			x->err = err;
			take_extack(nlh, (char *)nlmsg_data(nlh) + sizeof(int));
		}
	}
	x->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem;

	if (!x->parse || x->err)
		return NL_OK;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		x->err = x->parse(a, x->arg);
		if (x->err)
			break;
	}
	return NL_OK;
}

/* A request; size 0 for the default (one page). */
static struct nl_msg *new_msg(uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg;

	nl_open();
	msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				flags, cmd, LVS_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/*
 * Send msg (consumed) and read until the ack, the error or the end of the
 * dump. Returns 0 or -errno; -EINTR when the kernel marked the dump
 * inconsistent and it has to be run again.
 */
static int transact(struct nl_msg *msg, int (*parse)(struct nlattr *, void *),
		    void *arg)
{
	struct exchange x = { parse, arg, 0, false };
	bool intr = false;
	struct nl_cb *cb;
	int ret;

	extack[0] = '\0';
	extack_offset = -1;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		nlmsg_free(msg);
		nl_cb_put(cb);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &x);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &x);

	ret = nl_send_auto(sock, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !x.done) {
		ret = nl_recvmsgs(sock, cb);
		if (ret == -NLE_DUMP_INTR) {
			intr = true;
			ret = 0;
		}
	}
	nl_cb_put(cb);

	if (x.err)
		return x.err;
	if (ret < 0) {
		snprintf(extack, sizeof(extack), "netlink: %s", nl_geterror(ret));
		return -EIO;
	}
	return intr ? -EINTR : 0;
}

static int addr_len(uint16_t af)
{
	return af == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
}

static int put_key(struct nl_msg *msg, const struct lvs_service *s)
{
	if (nla_put_u16(msg, LVS_SVC_ATTR_AF, s->af))
		return -ENOMEM;
	if (s->fwmark)
		return nla_put_u32(msg, LVS_SVC_ATTR_FWMARK, s->fwmark) ? -ENOMEM : 0;
	if (nla_put_u16(msg, LVS_SVC_ATTR_PROTOCOL, s->protocol) ||
	    nla_put(msg, LVS_SVC_ATTR_ADDR, addr_len(s->af), &s->addr) ||
	    nla_put_u16(msg, LVS_SVC_ATTR_PORT, htons(s->port)))
		return -ENOMEM;
	return 0;
}

/*
 * The key, plus for -A and -E (settings): the flags always (so -E without
 * -p ends persistence, as with ipvsadm), the scheduler if given, the
 * timeout with -p, the netmask with -M (unlike ipvsadm, -E without -M
 * keeps the mask).
 */
static int put_service(struct nl_msg *msg, const struct lvs_service *s,
		       const struct lvs_cmd_req *settings)
{
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_SERVICE);
	unsigned int opts = settings ? settings->opts : 0;

	if (!nest || put_key(msg, s) ||
	    (settings && nla_put_u32(msg, LVS_SVC_ATTR_FLAGS, s->flags)) ||
	    (opts & OPTF(OPT_SCHEDULER) &&
	     nla_put_string(msg, LVS_SVC_ATTR_SCHED_NAME, s->sched)) ||
	    (opts & OPTF(OPT_PERSISTENT) &&
	     nla_put_u32(msg, LVS_SVC_ATTR_TIMEOUT, s->timeout)) ||
	    (opts & OPTF(OPT_NETMASK) &&
	     nla_put_u32(msg, LVS_SVC_ATTR_NETMASK, s->netmask)))
		return -ENOMEM;
	return nla_nest_end(msg, nest) ? -ENOMEM : 0;
}

/* The key, plus each setting the user gave (opts == 0: key only). */
static int put_dest(struct nl_msg *msg, const struct lvs_dest *d,
		    unsigned int opts)
{
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_DEST);

	if (!nest ||
	    nla_put(msg, LVS_DEST_ATTR_ADDR, addr_len(d->af), &d->addr) ||
	    nla_put_u16(msg, LVS_DEST_ATTR_PORT, htons(d->port)) ||
	    (opts & OPTF(OPT_FORWARD) &&
	     nla_put_u32(msg, LVS_DEST_ATTR_FWD_METHOD, d->fwd)) ||
	    (opts & OPTF(OPT_WEIGHT) &&
	     nla_put_u32(msg, LVS_DEST_ATTR_WEIGHT, d->weight)) ||
	    (opts & OPTF(OPT_UTHRESHOLD) &&
	     nla_put_u32(msg, LVS_DEST_ATTR_U_THRESH, d->u_thresh)) ||
	    (opts & OPTF(OPT_LTHRESHOLD) &&
	     nla_put_u32(msg, LVS_DEST_ATTR_L_THRESH, d->l_thresh)))
		return -ENOMEM;
	return nla_nest_end(msg, nest) ? -ENOMEM : 0;
}

static const enum lvs_state tmo_state[NUM_TMO] = {
	[TMO_TCP] = LVS_STATE_TCP_ESTABLISHED,
	[TMO_TCPFIN] = LVS_STATE_TCP_FIN_WAIT,
	[TMO_UDP] = LVS_STATE_UDP,
};

static int put_timeouts(struct nl_msg *msg, const uint32_t *tmo)
{
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_TIMEOUTS);

	if (!nest)
		return -ENOMEM;
	for (int i = 0; i < NUM_TMO; i++)
		if (tmo[i] && nla_put_u32(msg, LVS_TIMEOUT_ATTR(tmo_state[i]),
					  tmo[i]))
			return -ENOMEM;
	return nla_nest_end(msg, nest) ? -ENOMEM : 0;
}

static const uint8_t op_cmd[NUM_OPS] = {
	[OP_ADD_SVC] = LVS_CMD_NEW_SERVICE,
	[OP_EDIT_SVC] = LVS_CMD_SET_SERVICE,
	[OP_DEL_SVC] = LVS_CMD_DEL_SERVICE,
	[OP_FLUSH] = LVS_CMD_FLUSH,
	[OP_ADD_DEST] = LVS_CMD_NEW_DEST,
	[OP_EDIT_DEST] = LVS_CMD_SET_DEST,
	[OP_DEL_DEST] = LVS_CMD_DEL_DEST,
	[OP_SET_TIMEOUTS] = LVS_CMD_SET_TIMEOUTS,
	[OP_ZERO] = LVS_CMD_ZERO,
};

/* The attributes of one change, as a command or as a restore op. */
static int put_change(struct nl_msg *msg, const struct lvs_cmd_req *req)
{
	int err = 0;

	if (req->opts & OPTF(OPT_SERVICE))
		err = put_service(msg, &req->svc,
				  req->op == OP_ADD_SVC || req->op == OP_EDIT_SVC ?
				  req : NULL);
	if (!err && req->opts & OPTF(OPT_SERVER))
		err = put_dest(msg, &req->dest,
			       req->op == OP_DEL_DEST ? 0 : req->opts);
	if (!err && req->op == OP_SET_TIMEOUTS)
		err = put_timeouts(msg, req->timeouts);
	return err;
}

int nl_change(const struct lvs_cmd_req *req)
{
	struct nl_msg *msg = new_msg(op_cmd[req->op], NLM_F_ACK, 0);
	int err = msg ? put_change(msg, req) : -ENOMEM;

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return transact(msg, NULL, NULL);
}

/* Room for one op of a restore, generously: addresses, names, nests. */
#define RESTORE_OP_SIZE	256

int nl_restore(const struct lvs_cmd_req *const *reqs, size_t n,
	       size_t *failed)
{
	size_t size = n * RESTORE_OP_SIZE + 4096;
	struct nl_msg *msg = new_msg(LVS_CMD_RESTORE, NLM_F_ACK, size);
	long *offsets = calloc(n + 1, sizeof(*offsets));
	int err = msg && offsets ? 0 : -ENOMEM;
	int sndbuf = size + 65536;

	for (size_t i = 0; i < n && !err; i++) {
		struct nlattr *op = nla_nest_start(msg, LVS_ATTR_OP);

		if (!op || nla_put_u8(msg, LVS_ATTR_OP_CMD, op_cmd[reqs[i]->op]) ||
		    put_change(msg, reqs[i])) {
			err = -ENOMEM;
			break;
		}
		offsets[i] = (char *)op - (char *)nlmsg_hdr(msg);
		nla_nest_end(msg, op);
	}
	if (err) {
		nlmsg_free(msg);
		free(offsets);
		return err;
	}
	offsets[n] = nlmsg_hdr(msg)->nlmsg_len;
	/* One message however large: past wmem_max, as root may. */
	if (setsockopt(nl_socket_get_fd(sock), SOL_SOCKET, SO_SNDBUFFORCE,
		       &sndbuf, sizeof(sndbuf)))
		setsockopt(nl_socket_get_fd(sock), SOL_SOCKET, SO_SNDBUF,
			   &sndbuf, sizeof(sndbuf));
	err = transact(msg, NULL, NULL);
	*failed = n;
	for (size_t i = 0; err && extack_offset >= 0 && i < n; i++)
		if (extack_offset >= offsets[i] && extack_offset < offsets[i + 1])
			*failed = i;
	free(offsets);
	return err;
}

/* Replies: parse a nest, with libnl checking types and sizes. */
static int parse_nest(struct nlattr **tb, int max, struct nlattr *nest,
		      const struct nla_policy *pol)
{
	return nla_parse_nested(tb, max, nest, pol) ? -EPROTO : 0;
}

static int get_addr(struct nlattr *a, uint16_t af, union lvs_addr *out)
{
	if (!a || nla_len(a) != addr_len(af))
		return -EPROTO;
	memcpy(out, nla_data(a), nla_len(a));
	return 0;
}

static const struct nla_policy stats_pol[LVS_STATS_ATTR_MAX + 1] = {
	[LVS_STATS_ATTR_CONNS ... LVS_STATS_ATTR_OUTBPS] = { .type = NLA_U64 },
};

static int get_stats(struct nlattr *nest, struct lvs_stats *st)
{
	struct nlattr *tb[LVS_STATS_ATTR_MAX + 1];

	if (!nest)
		return 0;
	if (parse_nest(tb, LVS_STATS_ATTR_MAX, nest, stats_pol))
		return -EPROTO;
	for (int i = LVS_STATS_ATTR_CONNS; i <= LVS_STATS_ATTR_OUTBPS; i++)
		st->v[i] = tb[i] ? nla_get_u64(tb[i]) : 0;
	return 0;
}

static uint32_t get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

/* arr (n elements of sz) with a zeroed element n appended, or NULL. */
static void *append(void *arr, size_t n, size_t sz)
{
	char *p = realloc(arr, (n + 1) * sz);

	if (p)
		memset(p + n * sz, 0, sz);
	return p;
}

static const struct nla_policy svc_pol[LVS_SVC_ATTR_MAX + 1] = {
	[LVS_SVC_ATTR_AF] = { .type = NLA_U16 },
	[LVS_SVC_ATTR_PROTOCOL] = { .type = NLA_U16 },
	[LVS_SVC_ATTR_PORT] = { .type = NLA_U16 },
	[LVS_SVC_ATTR_SCHED_NAME] = { .type = NLA_STRING,
				      .maxlen = LVS_SCHED_NAME_MAX },
	[LVS_SVC_ATTR_FLAGS] = { .type = NLA_U32 },
	[LVS_SVC_ATTR_TIMEOUT] = { .type = NLA_U32 },
	[LVS_SVC_ATTR_NETMASK] = { .type = NLA_U32 },
	[LVS_SVC_ATTR_STATS] = { .type = NLA_NESTED },
	[LVS_SVC_ATTR_FWMARK] = { .type = NLA_U32 },
};

static int parse_service(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_SVC_ATTR_MAX + 1];
	struct lvs_table *t = arg;
	struct lvs_service *s;

	if (nla_type(attr) != LVS_ATTR_SERVICE)
		return 0;
	if (parse_nest(tb, LVS_SVC_ATTR_MAX, attr, svc_pol) ||
	    !tb[LVS_SVC_ATTR_AF] ||
	    (!tb[LVS_SVC_ATTR_FWMARK] &&
	     (!tb[LVS_SVC_ATTR_PROTOCOL] || !tb[LVS_SVC_ATTR_PORT])))
		return -EPROTO;
	s = append(t->svcs, t->n_svcs, sizeof(*s));
	if (!s)
		return -ENOMEM;
	t->svcs = s;
	s += t->n_svcs++;
	s->af = nla_get_u16(tb[LVS_SVC_ATTR_AF]);
	s->flags = get_u32(tb[LVS_SVC_ATTR_FLAGS]);
	s->timeout = get_u32(tb[LVS_SVC_ATTR_TIMEOUT]);
	s->netmask = get_u32(tb[LVS_SVC_ATTR_NETMASK]);
	if (tb[LVS_SVC_ATTR_SCHED_NAME])
		nla_strlcpy(s->sched, tb[LVS_SVC_ATTR_SCHED_NAME],
			    sizeof(s->sched));
	if (get_stats(tb[LVS_SVC_ATTR_STATS], &s->stats))
		return -EPROTO;
	s->fwmark = get_u32(tb[LVS_SVC_ATTR_FWMARK]);
	if (s->fwmark)
		return 0;
	s->protocol = nla_get_u16(tb[LVS_SVC_ATTR_PROTOCOL]);
	s->port = ntohs(nla_get_u16(tb[LVS_SVC_ATTR_PORT]));
	return get_addr(tb[LVS_SVC_ATTR_ADDR], s->af, &s->addr);
}

static const struct nla_policy dest_pol[LVS_DEST_ATTR_MAX + 1] = {
	[LVS_DEST_ATTR_AF] = { .type = NLA_U16 },
	[LVS_DEST_ATTR_PORT] = { .type = NLA_U16 },
	[LVS_DEST_ATTR_FWD_METHOD ... LVS_DEST_ATTR_PERSIST_CONNS] =
		{ .type = NLA_U32 },
	[LVS_DEST_ATTR_STATS] = { .type = NLA_NESTED },
};

static int parse_dest(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_DEST_ATTR_MAX + 1];
	struct lvs_service *s = arg;
	struct lvs_dest *d;

	if (nla_type(attr) != LVS_ATTR_DEST)
		return 0;
	if (parse_nest(tb, LVS_DEST_ATTR_MAX, attr, dest_pol) ||
	    !tb[LVS_DEST_ATTR_PORT])
		return -EPROTO;
	d = append(s->dests, s->n_dests, sizeof(*d));
	if (!d)
		return -ENOMEM;
	s->dests = d;
	d += s->n_dests++;
	d->af = tb[LVS_DEST_ATTR_AF] ? nla_get_u16(tb[LVS_DEST_ATTR_AF]) : s->af;
	d->port = ntohs(nla_get_u16(tb[LVS_DEST_ATTR_PORT]));
	d->fwd = get_u32(tb[LVS_DEST_ATTR_FWD_METHOD]);
	d->weight = get_u32(tb[LVS_DEST_ATTR_WEIGHT]);
	d->u_thresh = get_u32(tb[LVS_DEST_ATTR_U_THRESH]);
	d->l_thresh = get_u32(tb[LVS_DEST_ATTR_L_THRESH]);
	d->active = get_u32(tb[LVS_DEST_ATTR_ACTIVE_CONNS]);
	d->inact = get_u32(tb[LVS_DEST_ATTR_INACT_CONNS]);
	d->persist = get_u32(tb[LVS_DEST_ATTR_PERSIST_CONNS]);
	return get_addr(tb[LVS_DEST_ATTR_ADDR], d->af, &d->addr) ?:
	       get_stats(tb[LVS_DEST_ATTR_STATS], &d->stats);
}

void table_free(struct lvs_table *t)
{
	for (size_t i = 0; i < t->n_svcs; i++)
		free(t->svcs[i].dests);
	free(t->svcs);
	*t = (struct lvs_table){ 0 };
}

/* One pass: the services (or just "only"), then each one's servers. */
static int get_table_once(const struct lvs_service *only, struct lvs_table *t)
{
	struct nl_msg *msg;
	int err;

	msg = new_msg(LVS_CMD_GET_SERVICE, only ? NLM_F_ACK : NLM_F_DUMP, 0);
	if (msg && only && put_service(msg, only, NULL)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = transact(msg, parse_service, t);
	for (size_t i = 0; !err && i < t->n_svcs; i++) {
		msg = new_msg(LVS_CMD_GET_DEST, NLM_F_DUMP, 0);
		if (msg && put_service(msg, &t->svcs[i], NULL)) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		err = transact(msg, parse_dest, &t->svcs[i]);
		/* Deleted since the service dump: the listing is stale. */
		if (err == -ESRCH && !only)
			err = -EINTR;
	}
	return err;
}

int nl_get_table(const struct lvs_service *only, struct lvs_table *t)
{
	int err = -EINTR;

	for (int i = 0; i < DUMP_TRIES && err == -EINTR; i++) {
		table_free(t);
		err = get_table_once(only, t);
	}
	return err == -EINTR ? -EAGAIN : err;
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

static int parse_conn(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_CONN_ATTR_MAX + 1];
	struct lvs_conn_list *l = arg;
	struct lvs_conn *c;

	if (nla_type(attr) != LVS_ATTR_CONN)
		return 0;
	if (parse_nest(tb, LVS_CONN_ATTR_MAX, attr, conn_pol) ||
	    !tb[LVS_CONN_ATTR_AF] || !tb[LVS_CONN_ATTR_PROTOCOL] ||
	    !tb[LVS_CONN_ATTR_CPORT] || !tb[LVS_CONN_ATTR_VPORT] ||
	    !tb[LVS_CONN_ATTR_DPORT])
		return -EPROTO;
	c = append(l->conns, l->n, sizeof(*c));
	if (!c)
		return -ENOMEM;
	l->conns = c;
	c += l->n++;
	c->af = nla_get_u16(tb[LVS_CONN_ATTR_AF]);
	c->protocol = nla_get_u16(tb[LVS_CONN_ATTR_PROTOCOL]);
	c->cport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_CPORT]));
	c->vport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_VPORT]));
	c->dport = ntohs(nla_get_u16(tb[LVS_CONN_ATTR_DPORT]));
	c->fwd = get_u32(tb[LVS_CONN_ATTR_FWD_METHOD]);
	c->state = get_u32(tb[LVS_CONN_ATTR_STATE]);
	c->expires_ms = get_u32(tb[LVS_CONN_ATTR_EXPIRES]);
	c->flags = get_u32(tb[LVS_CONN_ATTR_FLAGS]);
	return get_addr(tb[LVS_CONN_ATTR_CADDR], c->af, &c->caddr) ?:
	       get_addr(tb[LVS_CONN_ATTR_VADDR], c->af, &c->vaddr) ?:
	       get_addr(tb[LVS_CONN_ATTR_DADDR], c->af, &c->daddr);
}

int nl_get_conns(struct lvs_conn_list *l)
{
	int err = -EINTR;

	for (int i = 0; i < DUMP_TRIES && err == -EINTR; i++) {
		free(l->conns);
		*l = (struct lvs_conn_list){ 0 };
		err = transact(new_msg(LVS_CMD_GET_CONN, NLM_F_DUMP, 0),
			       parse_conn, l);
	}
	return err == -EINTR ? -EAGAIN : err;
}

static int parse_timeouts(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_TIMEOUT_ATTR_MAX + 1];
	static const struct nla_policy pol[LVS_TIMEOUT_ATTR_MAX + 1] = {
		[1 ... LVS_TIMEOUT_ATTR_MAX] = { .type = NLA_U32 },
	};
	uint32_t *tmo = arg;

	if (nla_type(attr) != LVS_ATTR_TIMEOUTS)
		return 0;
	if (parse_nest(tb, LVS_TIMEOUT_ATTR_MAX, attr, pol))
		return -EPROTO;
	for (int i = 1; i <= LVS_TIMEOUT_ATTR_MAX; i++)
		tmo[i] = get_u32(tb[i]);
	return 0;
}

int nl_get_timeouts(uint32_t tmo[__LVS_STATE_MAX])
{
	return transact(new_msg(LVS_CMD_GET_TIMEOUTS, NLM_F_ACK, 0),
			parse_timeouts, tmo);
}

static const struct nla_policy drops_pol[LVS_DROP_ATTR_MAX + 1] = {
	[LVS_DROP_ATTR_MALFORMED ... LVS_DROP_ATTR_CONN_LIMIT] = { .type = NLA_U64 },
};

static int parse_info(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_DROP_ATTR_MAX + 1];
	struct lvs_info *in = arg;

	switch (nla_type(attr)) {
	case LVS_ATTR_INFO_VERSION:
		in->version = get_u32(attr);
		break;
	case LVS_ATTR_INFO_CONNS:
		in->conns = get_u32(attr);
		break;
	case LVS_ATTR_INFO_DROPS:
		if (parse_nest(tb, LVS_DROP_ATTR_MAX, attr, drops_pol))
			return -EPROTO;
		for (int i = LVS_DROP_ATTR_MALFORMED; i < LVS_DROP_ATTR_PAD; i++)
			in->drops[i] = tb[i] ? nla_get_u64(tb[i]) : 0;
		break;
	}
	return 0;
}

int nl_get_info(struct lvs_info *info)
{
	memset(info, 0, sizeof(*info));
	return transact(new_msg(LVS_CMD_GET_INFO, NLM_F_ACK, 0), parse_info, info);
}
