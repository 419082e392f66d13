// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm's command line: ipvsadm's syntax and meaning, one table of
 * options, parsed into one struct lvs_cmd_req (also for each line of -R).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lvsadm.h"

enum opt_kind {
	K_CMD,		/* val is an enum lvs_op */
	K_OPT,		/* val is an enum lvs_opt */
	K_NOOP,		/* accepted for compatibility, does nothing */
	K_UNSUPP,	/* ipvsadm has it, lvs does not (yet): refuse it */
	K_GUEOPT,	/* an option of gue/gre tunnels: lvs tunnels with ipip */
};

struct opt_def {
	const char *name;	/* long name, or NULL */
	int shortc;		/* short letter, or 0 */
	int has_arg;
	enum opt_kind kind;
	int val;
};

static const struct opt_def opt_defs[] = {
	{ "add-service",	'A', no_argument,	K_CMD, OP_ADD_SVC },
	{ "edit-service",	'E', no_argument,	K_CMD, OP_EDIT_SVC },
	{ "delete-service",	'D', no_argument,	K_CMD, OP_DEL_SVC },
	{ "clear",		'C', no_argument,	K_CMD, OP_FLUSH },
	{ "list",		'L', no_argument,	K_CMD, OP_LIST },
	{ NULL,			'l', no_argument,	K_CMD, OP_LIST },
	{ "zero",		'Z', no_argument,	K_CMD, OP_ZERO },
	{ "add-server",		'a', no_argument,	K_CMD, OP_ADD_DEST },
	{ "edit-server",	'e', no_argument,	K_CMD, OP_EDIT_DEST },
	{ "delete-server",	'd', no_argument,	K_CMD, OP_DEL_DEST },
	{ "set",		0,   no_argument,	K_CMD, OP_SET_TIMEOUTS },
	{ "set-timeout",	0,   required_argument,	K_CMD, OP_SET_TIMEOUTS },
	{ "del-conn",		0,   no_argument,	K_CMD, OP_DEL_CONN },
	{ "monitor",		0,   no_argument,	K_CMD, OP_MONITOR },
	{ "set-config",		0,   required_argument,	K_CMD, OP_SET_CONFIG },
	{ "show-config",	0,   no_argument,	K_CMD, OP_SHOW_CONFIG },
	{ "restore",		'R', no_argument,	K_CMD, OP_RESTORE },
	{ "save",		'S', no_argument,	K_CMD, OP_SAVE },
	{ "help",		'h', no_argument,	K_CMD, OP_HELP },
	{ "version",		'v', no_argument,	K_CMD, OP_VERSION },

	{ "numeric",		'n', no_argument,	K_OPT, OPT_NUMERIC },
	{ "connection",		'c', no_argument,	K_OPT, OPT_CONNECTION },
	{ "tcp-service",	't', required_argument,	K_OPT, OPT_SERVICE },
	{ "udp-service",	'u', required_argument,	K_OPT, OPT_SERVICE },
	{ "scheduler",		's', required_argument,	K_OPT, OPT_SCHEDULER },
	{ "real-server",	'r', required_argument,	K_OPT, OPT_SERVER },
	{ "masquerading",	'm', no_argument,	K_OPT, OPT_FORWARD },
	{ "ipip",		'i', no_argument,	K_OPT, OPT_FORWARD },
	{ "gatewaying",		'g', no_argument,	K_OPT, OPT_FORWARD },
	{ "weight",		'w', required_argument,	K_OPT, OPT_WEIGHT },
	{ "u-threshold",	'x', required_argument,	K_OPT, OPT_UTHRESHOLD },
	{ "l-threshold",	'y', required_argument,	K_OPT, OPT_LTHRESHOLD },
	{ "timeout",		0,   no_argument,	K_OPT, OPT_TIMEOUT },
	{ "stats",		0,   no_argument,	K_OPT, OPT_STATS },
	{ "rate",		0,   no_argument,	K_OPT, OPT_RATE },
	{ "thresholds",		0,   no_argument,	K_OPT, OPT_THRESHOLDS },
	{ "nosort",		0,   no_argument,	K_OPT, OPT_NOSORT },
	{ "exact",		'X', no_argument,	K_OPT, OPT_EXACT },
	{ "json",		'j', no_argument,	K_OPT, OPT_JSON },
	{ "state",		0,   required_argument,	K_OPT, OPT_STATE },
	{ "client",		0,   required_argument,	K_OPT, OPT_CLIENT },
	{ "count",		0,   required_argument,	K_OPT, OPT_COUNT },
	{ "all",		0,   no_argument,	K_OPT, OPT_ALL },
	{ "sched-flags",	'b', required_argument,	K_OPT, OPT_SCHED_FLAGS },
	{ "sort",		0,   no_argument,	K_NOOP, 0 },
	{ "fwmark-service",	'f', required_argument,	K_OPT, OPT_SERVICE },
	{ "persistent",		'p', optional_argument,	K_OPT, OPT_PERSISTENT },
	{ "netmask",		'M', required_argument,	K_OPT, OPT_NETMASK },
	{ "ops",		'o', no_argument,	K_OPT, OPT_ONEPACKET },
	{ "persistent-conn",	0,   no_argument,	K_OPT, OPT_PERSISTCONN },
	{ "ipv6",		'6', no_argument,	K_OPT, OPT_IPV6 },
	{ "tun-type",		0,   required_argument,	K_OPT, OPT_TUNTYPE },
	{ "tun-info",		0,   no_argument,	K_OPT, OPT_TUNINFO },

	{ "sctp-service",	'q', required_argument,	K_UNSUPP, 0 },
	{ "pe",			0,   required_argument,	K_UNSUPP, 0 },
	{ "start-daemon",	0,   required_argument,	K_UNSUPP, 0 },
	{ "stop-daemon",	0,   required_argument,	K_UNSUPP, 0 },
	{ "daemon",		0,   no_argument,	K_UNSUPP, 0 },
	{ "mcast-interface",	0,   required_argument,	K_UNSUPP, 0 },
	{ "syncid",		0,   required_argument,	K_UNSUPP, 0 },
	{ "mcast-group",	0,   required_argument,	K_UNSUPP, 0 },
	{ "mcast-port",		0,   required_argument,	K_UNSUPP, 0 },
	{ "mcast-ttl",		0,   required_argument,	K_UNSUPP, 0 },
	{ "sync-maxlen",	0,   required_argument,	K_UNSUPP, 0 },
	{ "tun-port",		0,   required_argument,	K_GUEOPT, 0 },
	{ "tun-nocsum",		0,   no_argument,	K_GUEOPT, 0 },
	{ "tun-csum",		0,   no_argument,	K_GUEOPT, 0 },
	{ "tun-remcsum",	0,   no_argument,	K_GUEOPT, 0 },
};
#define N_DEFS	(sizeof(opt_defs) / sizeof(opt_defs[0]))
/* getopt_long's val for a long option: its index, above any char. */
#define LONG_BASE	256

static const char *const cmd_names[NUM_OPS] = {
	[OP_ADD_SVC] = "add-service",	[OP_EDIT_SVC] = "edit-service",
	[OP_DEL_SVC] = "delete-service", [OP_FLUSH] = "flush",
	[OP_LIST] = "list",		[OP_ADD_DEST] = "add-server",
	[OP_DEL_DEST] = "delete-server", [OP_EDIT_DEST] = "edit-server",
	[OP_SET_TIMEOUTS] = "set",	[OP_RESTORE] = "restore",
	[OP_SAVE] = "save",		[OP_ZERO] = "zero",
	[OP_HELP] = "help",		[OP_VERSION] = "version",
	[OP_DEL_CONN] = "del-conn",	[OP_MONITOR] = "monitor",
	[OP_SET_CONFIG] = "set-config",	[OP_SHOW_CONFIG] = "show-config",
};

static const char *const opt_names[NUM_OPTS] = {
	"numeric", "connection", "service-address", "scheduler",
	"real-server", "forwarding-method", "weight", "u-threshold",
	"l-threshold", "timeout", "stats", "rate", "thresholds", "nosort",
	"exact", "json", "state", "client", "count", "all", "sched-flags",
	"persistent", "netmask", "ops", "persistent-conn", "ipv6", "tun-type",
	"tun-info",
};

/*
 * Which options each command takes, as ipvsadm's commands_v_options:
 * '+' required, 'x' illegal, '1' at most one of the '1's, ' ' optional.
 * Columns follow enum lvs_opt.
 */
static const char cmd_v_opts[NUM_OPS][NUM_OPTS + 1] = {
	/*		  n c svc s r fwd w x y tmo st rt thr ns ex j sta cli cnt all b p M o pc 6 tt ti */
	[OP_ADD_SVC]	= "xx+ xxxxxxxxxxxxxxxx    x xx",
	[OP_EDIT_SVC]	= "xx+ xxxxxxxxxxxxxxxx    x xx",
	[OP_DEL_SVC]	= "xx+xxxxxxxxxxxxxxxxxxxxxx xx",
	[OP_FLUSH]	= "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[OP_LIST]	= " 1 x xxxx1        xxxxxx  x ",
	[OP_ADD_DEST]	= "xx+x+    xxxxxxxxxxxxxxxx  x",
	[OP_DEL_DEST]	= "xx+x+xxxxxxxxxxxxxxxxxxxx xx",
	[OP_EDIT_DEST]	= "xx+x+    xxxxxxxxxxxxxxxx  x",
	[OP_SET_TIMEOUTS] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[OP_RESTORE]	= "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[OP_SAVE]	= " xxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[OP_ZERO]	= "xx xxxxxxxxxxxxxxxxxxxxxx xx",
	[OP_HELP]	= "                            ",
	[OP_VERSION]	= "                            ",
	[OP_DEL_CONN]	= "xx x xxxxxxxxxx   x xxxxxxxx",
	[OP_MONITOR]	= "xx x xxxxxxxxxx    xxxxxxxxx",
	[OP_SET_CONFIG]	= "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[OP_SHOW_CONFIG] = "xxxxxxxxxxxxxxx xxxxxxxxxxxx",
};

/* --set's three values, in order: the states they set. */
static const struct {
	const char *name;
	enum lvs_state state;
} set_tmo[] = {
	{ "tcp", LVS_STATE_TCP_ESTABLISHED },
	{ "tcpfin", LVS_STATE_TCP_FIN_WAIT },
	{ "udp", LVS_STATE_UDP },
};
#define N_SET_TMO	(sizeof(set_tmo) / sizeof(set_tmo[0]))

struct parse_ctx {
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* opt_defs by short letter, filled by build_getopt(). */
static const struct opt_def *short_defs[128];

static const struct opt_def *find_short(int ch)
{
	return ch > 0 && ch < 128 ? short_defs[ch] : NULL;
}

/* Name the option the way the user spelled it. */
static void spelled(const struct opt_def *d, bool was_long, char *buf,
		    size_t len)
{
	if (was_long || !d->shortc)
		snprintf(buf, len, "--%s", d->name);
	else
		snprintf(buf, len, "-%c", d->shortc);
}

/* getopt's tables, built from opt_defs once: -R parses every line. */
static struct option longopts[N_DEFS + 1];
static char shortopts[2 + 3 * N_DEFS];

static void build_getopt(void)
{
	size_t n = 0;
	char *s = shortopts;

	if (shortopts[0])
		return;
	/* Leading ':' makes getopt report a missing argument as ':'. */
	*s++ = ':';
	for (size_t i = 0; i < N_DEFS; i++) {
		const struct opt_def *d = &opt_defs[i];

		if (d->name)
			longopts[n++] = (struct option){ d->name, d->has_arg,
							 NULL, LONG_BASE + i };
		if (d->shortc) {
			short_defs[d->shortc] = d;
			*s++ = d->shortc;
			if (d->has_arg != no_argument)
				*s++ = ':';
			if (d->has_arg == optional_argument)
				*s++ = ':';
		}
	}
	longopts[n] = (struct option){ 0 };
	*s = '\0';
}

/*
 * Raw values that depend on options which may come later: the -r port's
 * default (on -t), -b (checked against -s), the meaning of -M (on the
 * service's family).
 */
struct late_args {
	bool has_port;			/* -r's: its default is -t's port */
	uint16_t client_af;		/* --client's */
	bool client_has_port;
	const char *sched_flags;	/* -b's: checked against -s */
	const char *netmask;		/* -M's: read once -6 is known */
};

/* ipvsadm's parse_fwmark(): decimal, 1..UINT32_MAX. */
static int take_fwmark(struct parse_ctx *c, struct lvs_cmd_req *req,
		       const char *arg)
{
	if (parse_u32(arg, 1, UINT32_MAX, &req->svc.fwmark))
		return fail(c, "invalid fwmark value `%s' specified", arg);
	req->svc.af = AF_INET;
	req->svc.protocol = 0;
	return 0;
}

/*
 * -p's timeout is optional; ipvsadm -S writes it as a separate word
 * ("-p 300"), which getopt leaves alone: take it when it is no option.
 */
static const char *persist_arg(int argc, char **argv, const char *arg)
{
	if (!arg && optind < argc && argv[optind][0] != '-')
		arg = argv[optind++];
	return arg;
}

static int take_opt(struct parse_ctx *c, struct lvs_cmd_req *req,
		    const struct opt_def *d, const char *arg,
		    struct late_args *la)
{
	uint32_t v;
	bool has_port;

	switch (d->val) {
	case OPT_SERVICE:
		if (d->shortc == 'f')
			return take_fwmark(c, req, arg);
		req->svc.protocol = d->shortc == 't' ? IPPROTO_TCP : IPPROTO_UDP;
		/* A service needs a port: lvs has no port-less services. */
		if (parse_addrport(arg, &req->svc.af, &req->svc.addr,
				   &req->svc.port, &has_port) ||
		    !req->svc.port)
			return fail(c, "Illegal virtual server address[:port] specified");
		break;
	case OPT_SCHEDULER:
		if (!*arg || strlen(arg) >= LVS_SCHED_NAME_MAX)
			return fail(c, "Illegal scheduler name specified (at most %d characters)",
				    LVS_SCHED_NAME_MAX - 1);
		strcpy(req->svc.sched, arg);
		break;
	case OPT_PERSISTENT:
		req->svc.flags |= LVS_SVC_F_PERSISTENT;
		req->svc.timeout = LVS_PERSIST_TIMEOUT;
		if (arg && parse_u32(arg, 1, LVS_TIMEOUT_MAX, &req->svc.timeout))
			return fail(c, "invalid timeout value `%s' specified (1..%u)",
				    arg, LVS_TIMEOUT_MAX);
		break;
	case OPT_NETMASK:
		la->netmask = arg;
		break;
	case OPT_ONEPACKET:
		req->svc.flags |= LVS_SVC_F_ONEPACKET;
		break;
	case OPT_SERVER:
		if (parse_addrport(arg, &req->dest.af, &req->dest.addr,
				   &req->dest.port, &la->has_port))
			return fail(c, "Illegal real server address[:port] specified");
		break;
	case OPT_FORWARD:
		req->dest.fwd = d->shortc == 'm' ? LVS_FWD_NAT :
				d->shortc == 'i' ? LVS_FWD_TUN : LVS_FWD_DR;
		break;
	case OPT_WEIGHT:
		if (parse_u32(arg, 0, LVS_WEIGHT_MAX, &v))
			return fail(c, "Illegal weight specified");
		req->dest.weight = v;
		break;
	case OPT_UTHRESHOLD:
	case OPT_LTHRESHOLD:
		if (parse_u32(arg, 0, INT_MAX, &v))
			return fail(c, "Illegal %s specified",
				    d->val == OPT_UTHRESHOLD ? "u_threshold" : "l_threshold");
		*(d->val == OPT_UTHRESHOLD ? &req->dest.u_thresh
					   : &req->dest.l_thresh) = v;
		break;
	case OPT_STATE:
		if (parse_state(arg, &req->filter.c.state))
			return fail(c, "Illegal state `%s' specified (one of the states -L -c prints)",
				    arg);
		req->filter.keys |= FKEY(STATE);
		break;
	case OPT_CLIENT:
		/* Port 0 is a persistence template's. */
		if (parse_addrport(arg, &la->client_af, &req->filter.c.caddr,
				   &req->filter.c.cport, &la->client_has_port))
			return fail(c, "Illegal client address[:port] specified");
		break;
	case OPT_COUNT:
		if (parse_u32(arg, 1, UINT32_MAX, &req->count))
			return fail(c, "Illegal count specified (1..%u)", UINT32_MAX);
		break;
	case OPT_SCHED_FLAGS:
		la->sched_flags = arg;
		break;
	case OPT_TUNTYPE:
		/* ipip is what -i does; ipvsadm -S writes it out. */
		if (!strcmp(arg, "gue") || !strcmp(arg, "gre"))
			return fail(c, "tunnel type `%s' is not supported: lvs tunnels with ipip only",
				    arg);
		if (strcmp(arg, "ipip"))
			return fail(c, "illegal tunnel type `%s' specified (lvs has ipip)", arg);
		break;
	}
	return 0;
}

/*
 * ipvsadm's -b names. flag-1 and flag-2 are the same bits as the named
 * flags; flag-3 means nothing to any lvs scheduler, so it is refused.
 */
static const struct {
	const char *name;
	uint32_t flag;
	const char *sched;	/* the scheduler it needs; NULL: sh or mh */
} sched_flags[] = {
	{ "flag-1",	 LVS_SVC_F_SCHED_FALLBACK,	NULL },
	{ "flag-2",	 LVS_SVC_F_SCHED_PORT,		NULL },
	{ "sh-fallback", LVS_SVC_F_SCHED_FALLBACK,	"sh" },
	{ "sh-port",	 LVS_SVC_F_SCHED_PORT,		"sh" },
	{ "mh-fallback", LVS_SVC_F_SCHED_FALLBACK,	"mh" },
	{ "mh-port",	 LVS_SVC_F_SCHED_PORT,		"mh" },
};

/*
 * -b FLAG[,FLAG...] against the scheduler: -s's, else for -A the default
 * (wlc, which takes no flag), else (-E without -s) the kernel checks.
 */
static int take_sched_flags(struct parse_ctx *c, struct lvs_cmd_req *req,
			    const char *arg)
{
	const char *sched = req->opts & OPTF(OPT_SCHEDULER) ? req->svc.sched :
			    req->op == OP_ADD_SVC ? "wlc" : NULL;
	char buf[128], *save = NULL, *tok;
	uint32_t flags = 0;
	size_t i;

	if (strlen(arg) >= sizeof(buf))
		return fail(c, "invalid scheduler flags `%s'", arg);
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(sched_flags) / sizeof(sched_flags[0]); i++)
			if (!strcmp(tok, sched_flags[i].name))
				break;
		if (!strcmp(tok, "flag-3"))
			return fail(c, "scheduler flag `flag-3' is not used by any lvs scheduler");
		if (i == sizeof(sched_flags) / sizeof(sched_flags[0]))
			return fail(c, "invalid scheduler flag `%s'", tok);
		if (sched_flags[i].sched) {
			if (!sched)
				return fail(c, "scheduler flag `%s' needs -s %s",
					    tok, sched_flags[i].sched);
			if (strcmp(sched, sched_flags[i].sched))
				return fail(c, "scheduler flag `%s' needs scheduler %s",
					    tok, sched_flags[i].sched);
		} else if (sched && strcmp(sched, "sh") && strcmp(sched, "mh")) {
			return fail(c, "scheduler flag `%s' needs scheduler sh or mh",
				    tok);
		}
		flags |= sched_flags[i].flag;
	}
	if (!flags)
		return fail(c, "invalid scheduler flags `%s'", arg);
	/* Added to -p's and -o's. */
	req->svc.flags |= flags;
	return 0;
}

#define CONN_FILTER_OPTS	(OPTF(OPT_SERVICE) | OPTF(OPT_SERVER) | \
				 OPTF(OPT_STATE) | OPTF(OPT_CLIENT))

static int check_opts(struct parse_ctx *c, const struct lvs_cmd_req *req)
{
	const char *row = cmd_v_opts[req->op];
	int one = -1;

	for (int i = 0; i < NUM_OPTS; i++) {
		bool given = req->opts & OPTF(i);

		if (!given && row[i] == '+')
			return fail(c, "You need to supply the '%s' option for the '%s' command",
				    opt_names[i], cmd_names[req->op]);
		if (given && row[i] == 'x')
			return fail(c, "Illegal '%s' option with the '%s' command",
				    opt_names[i], cmd_names[req->op]);
		if (given && row[i] == '1') {
			if (one >= 0)
				return fail(c, "The option '%s' conflicts with the '%s' option in the '%s' command",
					    opt_names[i], opt_names[one],
					    cmd_names[req->op]);
			one = i;
		}
	}
	if (req->op == OP_LIST &&
	    ((req->opts & (OPTF(OPT_CONNECTION) | OPTF(OPT_TIMEOUT)) &&
	      req->opts & (OPTF(OPT_STATS) | OPTF(OPT_RATE) | OPTF(OPT_THRESHOLDS))) ||
	     (req->opts & OPTF(OPT_TIMEOUT) && req->opts & OPTF(OPT_PERSISTCONN))))
		return fail(c, "options conflicts in the list command");
	if (req->op == OP_LIST && !(req->opts & OPTF(OPT_CONNECTION))) {
		/* -L -t SERVICE lists that service; the rest filter -c. */
		if (req->opts & OPTF(OPT_SERVICE) && req->opts & OPTF(OPT_TIMEOUT))
			return fail(c, "The option 'timeout' conflicts with the 'service-address' option in the 'list' command");
		for (int i = 0; i < NUM_OPTS; i++)
			if (req->opts & OPTF(i) & CONN_FILTER_OPTS &&
			    i != OPT_SERVICE)
				return fail(c, "The option '%s' filters connections: it needs '-c' with the 'list' command",
					    opt_names[i]);
	}
	if (req->op == OP_DEL_CONN &&
	    !(req->opts & (CONN_FILTER_OPTS | OPTF(OPT_ALL))))
		return fail(c, "--del-conn needs a filter (-t|-u, -r, --state, --client), or --all to delete every connection");
	if (req->op == OP_DEL_CONN && req->opts & OPTF(OPT_ALL) &&
	    req->opts & CONN_FILTER_OPTS)
		return fail(c, "--all deletes every connection: it takes no filter");
	return 0;
}

/* Take a family into the filter; every address given must share it. */
static int filter_af(struct parse_ctx *c, struct lvs_conn_filter *f,
		     uint16_t af)
{
	if (f->keys & FKEY(AF) && f->c.af != af)
		return fail(c, "The filter's addresses are of different families");
	f->keys |= FKEY(AF);
	f->c.af = af;
	return 0;
}

/* -t|-u, -r and --client as a connection filter (--state is in already). */
static int finish_filter(struct parse_ctx *c, struct lvs_cmd_req *req,
			 const struct late_args *la)
{
	struct lvs_conn_filter *f = &req->filter;

	if (req->opts & OPTF(OPT_SERVICE)) {
		/* Connections show the packet's VIP, not the mark. */
		if (req->svc.fwmark)
			return fail(c, "a fwmark service (-f) cannot filter connections: use -r or --client");
		if (filter_af(c, f, req->svc.af))
			return -1;
		f->c.protocol = req->svc.protocol;
		f->c.vaddr = req->svc.addr;
		f->c.vport = req->svc.port;
		f->keys |= FKEY(PROTOCOL) | FKEY(VADDR) | FKEY(VPORT);
	}
	if (req->opts & OPTF(OPT_SERVER)) {
		if (filter_af(c, f, req->dest.af))
			return -1;
		f->c.daddr = req->dest.addr;
		f->c.dport = req->dest.port;
		f->keys |= FKEY(DADDR) | (la->has_port ? FKEY(DPORT) : 0);
	}
	if (req->opts & OPTF(OPT_CLIENT)) {
		if (filter_af(c, f, la->client_af))
			return -1;
		f->keys |= FKEY(CADDR) | (la->client_has_port ? FKEY(CPORT) : 0);
	}
	return 0;
}

/*
 * -M: a dotted mask for IPv4 (contiguous: the kernel takes a prefix
 * length), a prefix length 1..128 for IPv6, as ipvsadm.
 */
static int take_netmask(struct parse_ctx *c, struct lvs_cmd_req *req,
			const char *arg)
{
	struct in_addr mask;
	uint32_t m, plen;

	if (req->svc.af == AF_INET6) {
		if (parse_u32(arg, 1, 128, &req->svc.netmask))
			return fail(c, "illegal ipv6 netmask specified");
		return 0;
	}
	if (inet_pton(AF_INET, arg, &mask) != 1)
		return fail(c, "illegal virtual server persistent mask specified");
	m = ntohl(mask.s_addr);
	plen = m ? 32 - __builtin_ctz(m) : 0;
	if (plen < 32 && m != ~0u << (32 - plen))
		return fail(c, "illegal virtual server persistent mask specified (not contiguous)");
	req->svc.netmask = plen;
	return 0;
}

/* Defaults and cross-option rules, once every option is known. */
static int finish_req(struct parse_ctx *c, struct lvs_cmd_req *req,
		      const struct late_args *la)
{
	if (req->opts & OPTF(OPT_IPV6)) {
		if (!req->svc.fwmark)
			return fail(c, "-6 used without -f");
		req->svc.af = AF_INET6;
	}
	if (req->svc.flags & LVS_SVC_F_ONEPACKET &&
	    req->svc.protocol == IPPROTO_TCP)
		return fail(c, "One-Packet Scheduling is only for UDP virtual services");
	req->svc.netmask = req->svc.af == AF_INET6 ? 128 : 32;
	if (la->netmask && take_netmask(c, req, la->netmask))
		return -1;
	if (req->opts & OPTF(OPT_SCHED_FLAGS) &&
	    take_sched_flags(c, req, la->sched_flags))
		return -1;
	if (req->op == OP_DEL_CONN || req->op == OP_MONITOR ||
	    (req->op == OP_LIST && req->opts & OPTF(OPT_CONNECTION)))
		return finish_filter(c, req, la);
	if (!(req->opts & OPTF(OPT_SERVER)))
		return 0;
	if (req->dest.af != req->svc.af)
		return fail(c, "Real server and virtual service address families differ");
	if (req->opts & OPTF(OPT_TUNTYPE) &&
	    (!(req->opts & OPTF(OPT_FORWARD)) || req->dest.fwd != LVS_FWD_TUN))
		return fail(c, "Tunnel options conflict with forward method (--tun-type needs -i)");
	/* ipvsadm: the port defaults to the service's, and DR and TUN
	 * cannot change the port at all. */
	if (!la->has_port || !req->dest.port)
		req->dest.port = req->svc.port;
	if (req->op != OP_DEL_DEST &&
	    (req->opts & OPTF(OPT_FORWARD) || req->op == OP_ADD_DEST) &&
	    req->dest.fwd != LVS_FWD_NAT)
		req->dest.port = req->svc.port;
	return 0;
}

/* --set tcp tcpfin udp */
static int take_timeouts(struct parse_ctx *c, struct lvs_cmd_req *req,
			 int nargs, char **args)
{
	if (nargs != N_SET_TMO)
		return fail(c, "--set option requires 3 timeout values");
	for (size_t i = 0; i < N_SET_TMO; i++)
		if (parse_u32(args[i], 0, LVS_TIMEOUT_MAX,
			      &req->timeouts[set_tmo[i].state]))
			return fail(c, "invalid timeout value `%s' specified (%s: 0..%u)",
				    args[i], set_tmo[i].name, LVS_TIMEOUT_MAX);
	return 0;
}

/* --set-timeout state=secs[,state=secs...], states named as -L -c does. */
static int take_state_timeouts(struct parse_ctx *c, struct lvs_cmd_req *req,
			       const char *arg)
{
	char buf[512], *save = NULL;
	uint32_t state;
	int n = 0;

	if (strlen(arg) >= sizeof(buf))
		return fail(c, "--set-timeout: list too long");
	strcpy(buf, arg);
	for (char *item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (!eq)
			return fail(c, "--set-timeout: `%s' is not state=seconds", item);
		*eq = '\0';
		/* NONE is not a timeout one can set: the kernel has none. */
		if (parse_state(item, &state) || !state)
			return fail(c, "--set-timeout: unknown state `%s'", item);
		if (req->timeouts[state])
			return fail(c, "--set-timeout: state `%s' given twice", item);
		if (parse_u32(eq + 1, 1, LVS_TIMEOUT_MAX, &req->timeouts[state]))
			return fail(c, "--set-timeout: invalid timeout `%s' for %s (1..%u)",
				    eq + 1, item, LVS_TIMEOUT_MAX);
		n++;
	}
	if (!n)
		return fail(c, "--set-timeout needs state=seconds[,...]");
	return 0;
}

/* --set-config key=value[,key=value...]: the namespace's settings. */
static const struct {
	const char *name;
	unsigned int key;
	uint32_t min, max;
	size_t off;
} config_keys[] = {
	{ "max_conns", LVS_CONFIG_ATTR_MAX_CONNS, 0, UINT32_MAX,
	  offsetof(struct lvs_config, max_conns) },
	{ "fast_path", LVS_CONFIG_ATTR_FAST_PATH, 0, 1,
	  offsetof(struct lvs_config, fast_path) },
	{ "mh_table_size", LVS_CONFIG_ATTR_MH_TABLE_SIZE, 2, LVS_MH_TABLE_SIZE_MAX,
	  offsetof(struct lvs_config, mh_table_size) },
};
#define N_CONFIG_KEYS	(sizeof(config_keys) / sizeof(config_keys[0]))

static int take_config(struct parse_ctx *c, struct lvs_cmd_req *req,
		       const char *arg)
{
	struct lvs_config *cfg = &req->config;
	char buf[256], *save = NULL;
	size_t i;

	if (strlen(arg) >= sizeof(buf))
		return fail(c, "--set-config: list too long");
	strcpy(buf, arg);
	for (char *item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (!eq)
			return fail(c, "--set-config: `%s' is not key=value", item);
		*eq = '\0';
		for (i = 0; i < N_CONFIG_KEYS; i++)
			if (!strcmp(item, config_keys[i].name))
				break;
		if (i == N_CONFIG_KEYS)
			return fail(c, "--set-config: unknown setting `%s' (max_conns, fast_path, mh_table_size)",
				    item);
		if (cfg->keys & (1u << config_keys[i].key))
			return fail(c, "--set-config: `%s' given twice", item);
		if (parse_u32(eq + 1, config_keys[i].min, config_keys[i].max,
			      (uint32_t *)((char *)cfg + config_keys[i].off)))
			return fail(c, "--set-config: invalid value `%s' for %s (%u..%u)",
				    eq + 1, item, config_keys[i].min,
				    config_keys[i].max);
		cfg->keys |= 1u << config_keys[i].key;
	}
	if (!cfg->keys)
		return fail(c, "--set-config needs key=value[,...]");
	return 0;
}

/*
 * Fill req from argv. Returns 0, or -1 with a message in err. Never
 * exits and never talks to the kernel, so -R can check a whole batch.
 */
int parse_cmd(int argc, char **argv, struct lvs_cmd_req *req,
	      char *err, size_t errlen)
{
	struct parse_ctx c = { err, errlen };
	struct late_args la = { 0 };
	bool state_list = false;
	char name[32];
	int ch, li;

	memset(req, 0, sizeof(*req));
	/* ipvsadm defaults, used for the port rule; not sent unless given. */
	req->dest.fwd = LVS_FWD_DR;
	req->dest.weight = 1;

	build_getopt();
	optind = 0;	/* glibc: full reset, -R parses many argvs */
	opterr = 0;
	while (li = -1, (ch = getopt_long(argc, argv, shortopts, longopts,
					  &li)) != -1) {
		const struct opt_def *d;
		bool was_long = li >= 0;

		if (ch == '?' || ch == ':') {
			/* optopt names a short option; else argv has it. */
			const char *what = argv[optind - 1];

			if (optopt && optopt < LONG_BASE) {
				snprintf(name, sizeof(name), "-%c", optopt);
				what = name;
			}
			return fail(&c, ch == '?' ? "invalid option `%s'" :
				    "option `%s' requires an argument", what);
		}
		d = ch >= LONG_BASE ? &opt_defs[ch - LONG_BASE] : find_short(ch);

		switch (d->kind) {
		case K_UNSUPP:
		case K_GUEOPT:
			spelled(d, was_long, name, sizeof(name));
			return fail(&c, d->kind == K_UNSUPP ? "option %s is not supported yet" :
				    "option %s is for gue and gre tunnels: lvs tunnels with ipip only",
				    name);
		case K_NOOP:
			break;
		case K_CMD:
			if (req->op != OP_NONE)
				return fail(&c, "multiple commands specified");
			req->op = d->val;
			if (d->val == OP_SET_CONFIG ? take_config(&c, req, optarg) :
			    d->has_arg && take_state_timeouts(&c, req, optarg))
				return -1;
			state_list = d->has_arg;
			break;
		case K_OPT:
			if (req->opts & OPTF(d->val))
				return fail(&c, "multiple '%s' options specified",
					    opt_names[d->val]);
			req->opts |= OPTF(d->val);
			if (d->val == OPT_PERSISTENT)
				optarg = (char *)persist_arg(argc, argv, optarg);
			if (take_opt(&c, req, d, optarg, &la))
				return -1;
			break;
		}
	}

	if (req->op == OP_NONE) {
		/* Bare "lvsadm" lists the table, as ipvsadm does. */
		if (argc > 1)
			return fail(&c, "no command specified");
		req->op = OP_LIST;
	}
	if (req->op == OP_SET_TIMEOUTS && !state_list) {
		if (take_timeouts(&c, req, argc - optind, argv + optind))
			return -1;
	} else if (optind < argc) {
		return fail(&c, "unexpected argument %s", argv[optind]);
	}
	if (check_opts(&c, req))
		return -1;
	return finish_req(&c, req, &la);
}
