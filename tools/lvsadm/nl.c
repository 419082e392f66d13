// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - the LVS family over libnl: resolve it, build requests from a
 * struct lvs_cmd_req, run dumps and turn replies into plain structs; the
 * connection requests and the monitor are in nl_conn.c.
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
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock *sock;
static int family;
static char extack[256];
static long extack_offset = -1;	/* of the attribute the kernel blamed */

const char *nl_extack(void)
{
	return extack[0] ? extack : NULL;
}

int nl_fail(int nlerr)
{
	snprintf(extack, sizeof(extack), "netlink: %s", nl_geterror(nlerr));
	return -EIO;
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

struct nl_sock *nl_shared_sock(void)
{
	nl_open();
	return sock;
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
struct nl_msg *nl_new_msg(uint8_t cmd, int flags, size_t size)
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
int nl_transact(struct nl_msg *msg, int (*parse)(struct nlattr *, void *),
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
	if (ret < 0)
		return nl_fail(ret);
	return intr ? -EINTR : 0;
}

int nl_addr_len(uint16_t af)
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
	    nla_put(msg, LVS_SVC_ATTR_ADDR, nl_addr_len(s->af), &s->addr) ||
	    nla_put_u16(msg, LVS_SVC_ATTR_PORT, htons(s->port)))
		return -ENOMEM;
	return 0;
}

/*
 * The key, plus for -A and -E (settings): the flags always (so -E without
 * -p ends persistence, and -E without -b clears the scheduler flags, as
 * with ipvsadm), the scheduler if given, the timeout with -p, the
 * netmask with -M (unlike ipvsadm, -E without -M keeps the mask).
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
	    nla_put(msg, LVS_DEST_ATTR_ADDR, nl_addr_len(d->af), &d->addr) ||
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

static int put_timeouts(struct nl_msg *msg, const uint32_t *tmo)
{
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_TIMEOUTS);

	if (!nest)
		return -ENOMEM;
	for (int s = 1; s < __LVS_STATE_MAX; s++)
		if (tmo[s] && nla_put_u32(msg, LVS_TIMEOUT_ATTR(s), tmo[s]))
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
	[OP_SET_CONFIG] = LVS_CMD_SET_CONFIG,
};

static int put_config(struct nl_msg *msg, const struct lvs_config *cfg)
{
	struct nlattr *nest = nla_nest_start(msg, LVS_ATTR_CONFIG);
	unsigned int k = cfg->keys;

	if (!nest ||
	    (k & CKEY(MAX_CONNS) &&
	     nla_put_u32(msg, LVS_CONFIG_ATTR_MAX_CONNS, cfg->max_conns)) ||
	    (k & CKEY(FAST_PATH) &&
	     nla_put_u8(msg, LVS_CONFIG_ATTR_FAST_PATH, cfg->fast_path)) ||
	    (k & CKEY(MH_TABLE_SIZE) &&
	     nla_put_u32(msg, LVS_CONFIG_ATTR_MH_TABLE_SIZE, cfg->mh_table_size)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

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
	if (!err && req->op == OP_SET_CONFIG)
		err = put_config(msg, &req->config);
	return err;
}

int nl_change(const struct lvs_cmd_req *req)
{
	struct nl_msg *msg = nl_new_msg(op_cmd[req->op], NLM_F_ACK, 0);
	int err = msg ? put_change(msg, req) : -ENOMEM;

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return nl_transact(msg, NULL, NULL);
}

/* Room for one op of a restore, generously: addresses, names, nests. */
#define RESTORE_OP_SIZE	256

/* lvsadm -R's LVS_CMD_RESTORE, built op by op as the lines are parsed. */
struct nl_batch {
	struct nl_msg *msg;
	long *offsets;		/* of each op in the message, then its end */
	size_t n, max;
};

struct nl_batch *nl_batch_new(size_t max_ops)
{
	struct nl_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->max = max_ops;
	b->msg = nl_new_msg(LVS_CMD_RESTORE, NLM_F_ACK,
			    max_ops * RESTORE_OP_SIZE + 4096);
	b->offsets = calloc(max_ops + 1, sizeof(*b->offsets));
	if (!b->msg || !b->offsets) {
		nl_batch_free(b);
		return NULL;
	}
	return b;
}

void nl_batch_free(struct nl_batch *b)
{
	if (!b)
		return;
	nlmsg_free(b->msg);
	free(b->offsets);
	free(b);
}

int nl_batch_add(struct nl_batch *b, const struct lvs_cmd_req *req)
{
	struct nlattr *op;

	if (b->n == b->max)
		return -ENOSPC;
	op = nla_nest_start(b->msg, LVS_ATTR_OP);
	if (!op || nla_put_u8(b->msg, LVS_ATTR_OP_CMD, op_cmd[req->op]) ||
	    put_change(b->msg, req))
		return -ENOMEM;
	b->offsets[b->n++] = (char *)op - (char *)nlmsg_hdr(b->msg);
	nla_nest_end(b->msg, op);
	return 0;
}

int nl_batch_send(struct nl_batch *b, size_t *failed)
{
	int sndbuf = nlmsg_hdr(b->msg)->nlmsg_len + 65536;
	int err;

	b->offsets[b->n] = nlmsg_hdr(b->msg)->nlmsg_len;
	/* One message however large: past wmem_max, as root may. */
	if (setsockopt(nl_socket_get_fd(sock), SOL_SOCKET, SO_SNDBUFFORCE,
		       &sndbuf, sizeof(sndbuf)))
		setsockopt(nl_socket_get_fd(sock), SOL_SOCKET, SO_SNDBUF,
			   &sndbuf, sizeof(sndbuf));
	/* nl_transact() frees the message. */
	err = nl_transact(b->msg, NULL, NULL);
	b->msg = NULL;
	*failed = b->n;
	for (size_t i = 0; err && extack_offset >= 0 && i < b->n; i++)
		if (extack_offset >= b->offsets[i] &&
		    extack_offset < b->offsets[i + 1])
			*failed = i;
	return err;
}

/* Replies: parse a nest, with libnl checking types and sizes. */
int nl_parse_nest(struct nlattr **tb, int max, struct nlattr *nest,
		  const struct nla_policy *pol)
{
	return nla_parse_nested(tb, max, nest, pol) ? -EPROTO : 0;
}

int nl_get_addr(struct nlattr *a, uint16_t af, union lvs_addr *out)
{
	if (!a || nla_len(a) != nl_addr_len(af))
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
	if (nl_parse_nest(tb, LVS_STATS_ATTR_MAX, nest, stats_pol))
		return -EPROTO;
	for (int i = LVS_STATS_ATTR_CONNS; i <= LVS_STATS_ATTR_OUTBPS; i++)
		st->v[i] = tb[i] ? nla_get_u64(tb[i]) : 0;
	return 0;
}

uint32_t nl_get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

/* arr (n elements of sz) with a zeroed element n appended, or NULL. */
void *nl_append(void *arr, size_t n, size_t sz)
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
	if (nl_parse_nest(tb, LVS_SVC_ATTR_MAX, attr, svc_pol) ||
	    !tb[LVS_SVC_ATTR_AF] ||
	    (!tb[LVS_SVC_ATTR_FWMARK] &&
	     (!tb[LVS_SVC_ATTR_PROTOCOL] || !tb[LVS_SVC_ATTR_PORT])))
		return -EPROTO;
	s = nl_append(t->svcs, t->n_svcs, sizeof(*s));
	if (!s)
		return -ENOMEM;
	t->svcs = s;
	s += t->n_svcs++;
	s->af = nla_get_u16(tb[LVS_SVC_ATTR_AF]);
	s->flags = nl_get_u32(tb[LVS_SVC_ATTR_FLAGS]);
	s->timeout = nl_get_u32(tb[LVS_SVC_ATTR_TIMEOUT]);
	s->netmask = nl_get_u32(tb[LVS_SVC_ATTR_NETMASK]);
	if (tb[LVS_SVC_ATTR_SCHED_NAME])
		nla_strlcpy(s->sched, tb[LVS_SVC_ATTR_SCHED_NAME],
			    sizeof(s->sched));
	if (get_stats(tb[LVS_SVC_ATTR_STATS], &s->stats))
		return -EPROTO;
	s->fwmark = nl_get_u32(tb[LVS_SVC_ATTR_FWMARK]);
	if (s->fwmark)
		return 0;
	s->protocol = nla_get_u16(tb[LVS_SVC_ATTR_PROTOCOL]);
	s->port = ntohs(nla_get_u16(tb[LVS_SVC_ATTR_PORT]));
	return nl_get_addr(tb[LVS_SVC_ATTR_ADDR], s->af, &s->addr);
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
	if (nl_parse_nest(tb, LVS_DEST_ATTR_MAX, attr, dest_pol) ||
	    !tb[LVS_DEST_ATTR_PORT])
		return -EPROTO;
	d = nl_append(s->dests, s->n_dests, sizeof(*d));
	if (!d)
		return -ENOMEM;
	s->dests = d;
	d += s->n_dests++;
	d->af = tb[LVS_DEST_ATTR_AF] ? nla_get_u16(tb[LVS_DEST_ATTR_AF]) : s->af;
	d->port = ntohs(nla_get_u16(tb[LVS_DEST_ATTR_PORT]));
	d->fwd = nl_get_u32(tb[LVS_DEST_ATTR_FWD_METHOD]);
	d->weight = nl_get_u32(tb[LVS_DEST_ATTR_WEIGHT]);
	d->u_thresh = nl_get_u32(tb[LVS_DEST_ATTR_U_THRESH]);
	d->l_thresh = nl_get_u32(tb[LVS_DEST_ATTR_L_THRESH]);
	d->active = nl_get_u32(tb[LVS_DEST_ATTR_ACTIVE_CONNS]);
	d->inact = nl_get_u32(tb[LVS_DEST_ATTR_INACT_CONNS]);
	d->persist = nl_get_u32(tb[LVS_DEST_ATTR_PERSIST_CONNS]);
	return nl_get_addr(tb[LVS_DEST_ATTR_ADDR], d->af, &d->addr) ?:
	       get_stats(tb[LVS_DEST_ATTR_STATS], &d->stats);
}

void table_free(struct lvs_table *t)
{
	for (size_t i = 0; i < t->n_svcs; i++)
		free(t->svcs[i].dests);
	free(t->svcs);
	*t = (struct lvs_table){ 0 };
}

/*
 * One pass: the services (or just "only"), then each one's servers. Each
 * dump is consistent on its own; the generation, unchanged from before
 * the first to after the last, says that together they are one state.
 */
static int get_table_once(const struct lvs_service *only, struct lvs_table *t)
{
	struct lvs_info before, after;
	struct nl_msg *msg;
	int err;

	err = nl_get_info(&before);
	if (err)
		return err;
	msg = nl_new_msg(LVS_CMD_GET_SERVICE, only ? NLM_F_ACK : NLM_F_DUMP, 0);
	if (msg && only && put_service(msg, only, NULL)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = nl_transact(msg, parse_service, t);
	for (size_t i = 0; !err && i < t->n_svcs; i++) {
		msg = nl_new_msg(LVS_CMD_GET_DEST, NLM_F_DUMP, 0);
		if (msg && put_service(msg, &t->svcs[i], NULL)) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		err = nl_transact(msg, parse_dest, &t->svcs[i]);
		/* Deleted since the service dump: the listing is stale. */
		if (err == -ESRCH && !only)
			err = -EINTR;
	}
	if (!err)
		err = nl_get_info(&after);
	if (!err && after.generation != before.generation)
		err = -EINTR;
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

static int parse_timeouts(struct nlattr *attr, void *arg)
{
	struct nlattr *tb[LVS_TIMEOUT_ATTR_MAX + 1];
	static const struct nla_policy pol[LVS_TIMEOUT_ATTR_MAX + 1] = {
		[1 ... LVS_TIMEOUT_ATTR_MAX] = { .type = NLA_U32 },
	};
	uint32_t *tmo = arg;

	if (nla_type(attr) != LVS_ATTR_TIMEOUTS)
		return 0;
	if (nl_parse_nest(tb, LVS_TIMEOUT_ATTR_MAX, attr, pol))
		return -EPROTO;
	for (int i = 1; i <= LVS_TIMEOUT_ATTR_MAX; i++)
		tmo[i] = nl_get_u32(tb[i]);
	return 0;
}

int nl_get_timeouts(uint32_t tmo[__LVS_STATE_MAX])
{
	return nl_transact(nl_new_msg(LVS_CMD_GET_TIMEOUTS, NLM_F_ACK, 0),
			   parse_timeouts, tmo);
}

static int parse_config(struct nlattr *attr, void *arg)
{
	static const struct nla_policy pol[LVS_CONFIG_ATTR_MAX + 1] = {
		[LVS_CONFIG_ATTR_MAX_CONNS] = { .type = NLA_U32 },
		[LVS_CONFIG_ATTR_FAST_PATH] = { .type = NLA_U8 },
		[LVS_CONFIG_ATTR_MH_TABLE_SIZE] = { .type = NLA_U32 },
	};
	struct nlattr *tb[LVS_CONFIG_ATTR_MAX + 1];
	struct lvs_config *cfg = arg;

	if (nla_type(attr) != LVS_ATTR_CONFIG)
		return 0;
	if (nl_parse_nest(tb, LVS_CONFIG_ATTR_MAX, attr, pol) ||
	    !tb[LVS_CONFIG_ATTR_MAX_CONNS] || !tb[LVS_CONFIG_ATTR_FAST_PATH] ||
	    !tb[LVS_CONFIG_ATTR_MH_TABLE_SIZE])
		return -EPROTO;
	cfg->max_conns = nla_get_u32(tb[LVS_CONFIG_ATTR_MAX_CONNS]);
	cfg->fast_path = nla_get_u8(tb[LVS_CONFIG_ATTR_FAST_PATH]);
	cfg->mh_table_size = nla_get_u32(tb[LVS_CONFIG_ATTR_MH_TABLE_SIZE]);
	cfg->keys = CKEY(MAX_CONNS) | CKEY(FAST_PATH) | CKEY(MH_TABLE_SIZE);
	return 0;
}

int nl_get_config(struct lvs_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	return nl_transact(nl_new_msg(LVS_CMD_GET_CONFIG, NLM_F_ACK, 0),
			   parse_config, cfg);
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
		in->version = nl_get_u32(attr);
		break;
	case LVS_ATTR_INFO_CONNS:
		in->conns = nl_get_u32(attr);
		break;
	case LVS_ATTR_INFO_GENERATION:
		in->generation = nl_get_u32(attr);
		break;
	case LVS_ATTR_INFO_DROPS:
		if (nl_parse_nest(tb, LVS_DROP_ATTR_MAX, attr, drops_pol))
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
	return nl_transact(nl_new_msg(LVS_CMD_GET_INFO, NLM_F_ACK, 0),
			   parse_info, info);
}
