// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - administer the lvs layer-4 load balancer. ipvsadm's syntax and
 * meaning: one table of options, parsed into one struct lvs_cmd_req, then
 * dispatched.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
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
	{ "sort",		0,   no_argument,	K_NOOP, 0 },
	{ "fwmark-service",	'f', required_argument,	K_OPT, OPT_SERVICE },
	{ "persistent",		'p', optional_argument,	K_OPT, OPT_PERSISTENT },
	{ "netmask",		'M', required_argument,	K_OPT, OPT_NETMASK },
	{ "ops",		'o', no_argument,	K_OPT, OPT_ONEPACKET },
	{ "persistent-conn",	0,   no_argument,	K_OPT, OPT_PERSISTCONN },
	{ "ipv6",		'6', no_argument,	K_OPT, OPT_IPV6 },

	{ "sctp-service",	'q', required_argument,	K_UNSUPP, 0 },
	{ "sched-flags",	'b', required_argument,	K_UNSUPP, 0 },
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
	{ "tun-type",		0,   required_argument,	K_UNSUPP, 0 },
	{ "tun-port",		0,   required_argument,	K_UNSUPP, 0 },
	{ "tun-nocsum",		0,   no_argument,	K_UNSUPP, 0 },
	{ "tun-csum",		0,   no_argument,	K_UNSUPP, 0 },
	{ "tun-remcsum",	0,   no_argument,	K_UNSUPP, 0 },
	{ "tun-info",		0,   no_argument,	K_UNSUPP, 0 },
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
};

static const char *const opt_names[NUM_OPTS] = {
	"numeric", "connection", "service-address", "scheduler",
	"real-server", "forwarding-method", "weight", "u-threshold",
	"l-threshold", "timeout", "stats", "rate", "thresholds", "nosort",
	"exact", "json", "persistent", "netmask", "ops", "persistent-conn",
	"ipv6",
};

/*
 * Which options each command takes, as ipvsadm's commands_v_options:
 * '+' required, 'x' illegal, '1' at most one of the '1's, ' ' optional.
 * Columns follow enum lvs_opt.
 */
static const char cmd_v_opts[NUM_OPS][NUM_OPTS + 1] = {
	/*		  n c svc s r fwd w x y tmo st rt thr ns ex j p M o pc 6 */
	[OP_ADD_SVC]	= "xx+ xxxxxxxxxxxx   x ",
	[OP_EDIT_SVC]	= "xx+ xxxxxxxxxxxx   x ",
	[OP_DEL_SVC]	= "xx+xxxxxxxxxxxxxxxxx ",
	[OP_FLUSH]	= "xxxxxxxxxxxxxxxxxxxxx",
	[OP_LIST]	= " 11xxxxxx1      xxx  ",
	[OP_ADD_DEST]	= "xx+x+    xxxxxxxxxxx ",
	[OP_DEL_DEST]	= "xx+x+xxxxxxxxxxxxxxx ",
	[OP_EDIT_DEST]	= "xx+x+    xxxxxxxxxxx ",
	[OP_SET_TIMEOUTS] = "xxxxxxxxxxxxxxxxxxxxx",
	[OP_RESTORE]	= "xxxxxxxxxxxxxxxxxxxxx",
	[OP_SAVE]	= " xxxxxxxxxxxxxxxxxxxx",
	[OP_ZERO]	= "xx xxxxxxxxxxxxxxxxx ",
	[OP_HELP]	= "                     ",
	[OP_VERSION]	= "                     ",
};

static const char *const tmo_names[NUM_TMO] = { "tcp", "tcpfin", "udp" };

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

static const struct opt_def *find_short(int ch)
{
	for (size_t i = 0; i < N_DEFS; i++)
		if (opt_defs[i].shortc == ch)
			return &opt_defs[i];
	return NULL;
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
 * What depends on options that may come later: the -r port's default
 * (on -t) and the meaning of -M (on the service's family).
 */
struct raw_args {
	bool has_port;
	const char *netmask;
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
		    struct raw_args *ra)
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
		ra->netmask = arg;
		break;
	case OPT_ONEPACKET:
		req->svc.flags |= LVS_SVC_F_ONEPACKET;
		break;
	case OPT_SERVER:
		if (parse_addrport(arg, &req->dest.af, &req->dest.addr,
				   &req->dest.port, &ra->has_port))
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
	}
	return 0;
}

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
		      const struct raw_args *ra)
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
	if (ra->netmask && take_netmask(c, req, ra->netmask))
		return -1;
	if (!(req->opts & OPTF(OPT_SERVER)))
		return 0;
	if (req->dest.af != req->svc.af)
		return fail(c, "Real server and virtual service address families differ");
	/* ipvsadm: the port defaults to the service's, and DR and TUN
	 * cannot change the port at all. */
	if (!ra->has_port || !req->dest.port)
		req->dest.port = req->svc.port;
	if (req->op != OP_DEL_DEST &&
	    (req->opts & OPTF(OPT_FORWARD) || req->op == OP_ADD_DEST) &&
	    req->dest.fwd != LVS_FWD_NAT)
		req->dest.port = req->svc.port;
	return 0;
}

static int take_timeouts(struct parse_ctx *c, struct lvs_cmd_req *req,
			 int nargs, char **args)
{
	if (nargs != NUM_TMO)
		return fail(c, "--set option requires 3 timeout values");
	for (int i = 0; i < NUM_TMO; i++)
		if (parse_u32(args[i], 0, LVS_TIMEOUT_MAX, &req->timeouts[i]))
			return fail(c, "invalid timeout value `%s' specified (%s: 0..%u)",
				    args[i], tmo_names[i], LVS_TIMEOUT_MAX);
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
	struct raw_args ra = { false, NULL };
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
			spelled(d, was_long, name, sizeof(name));
			return fail(&c, "option %s is not supported yet", name);
		case K_NOOP:
			break;
		case K_CMD:
			if (req->op != OP_NONE)
				return fail(&c, "multiple commands specified");
			req->op = d->val;
			break;
		case K_OPT:
			if (req->opts & OPTF(d->val))
				return fail(&c, "multiple '%s' options specified",
					    opt_names[d->val]);
			req->opts |= OPTF(d->val);
			if (d->val == OPT_PERSISTENT)
				optarg = (char *)persist_arg(argc, argv, optarg);
			if (take_opt(&c, req, d, optarg, &ra))
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
	if (req->op == OP_SET_TIMEOUTS) {
		if (take_timeouts(&c, req, argc - optind, argv + optind))
			return -1;
	} else if (optind < argc) {
		return fail(&c, "unexpected argument %s", argv[optind]);
	}
	if (check_opts(&c, req))
		return -1;
	return finish_req(&c, req, &ra);
}

static const struct {
	enum lvs_op op;		/* OP_NONE: any command */
	int err;
	const char *msg;
} err_msgs[] = {
	{ OP_ADD_SVC,	EEXIST,	"Service already exists" },
	{ OP_ADD_SVC,	ENOENT,	"Scheduler not found" },
	{ OP_EDIT_SVC,	ENOENT,	"Scheduler not found" },
	{ OP_ADD_DEST,	EEXIST,	"Destination already exists" },
	{ OP_EDIT_DEST,	ENOENT,	"No such destination" },
	{ OP_DEL_DEST,	ENOENT,	"No such destination" },
	{ OP_NONE,	ESRCH,	"No such service" },
	{ OP_NONE,	EPERM,	"Permission denied (you must be root)" },
	{ OP_NONE,	EAFNOSUPPORT,
	  "Operation not supported with specified address family" },
	{ OP_NONE,	EAGAIN,
	  "The table kept changing while it was read; try again" },
};

/* "lvsadm: [line N: ]<what went wrong>[ (kernel: <extack>)]" */
void print_error(unsigned int line, enum lvs_op op, int err)
{
	const char *msg = strerror(err), *ext = nl_extack();

	for (size_t i = 0; i < sizeof(err_msgs) / sizeof(err_msgs[0]); i++)
		if ((err_msgs[i].op == op || err_msgs[i].op == OP_NONE) &&
		    err_msgs[i].err == err) {
			msg = err_msgs[i].msg;
			break;
		}
	fprintf(stderr, "lvsadm: ");
	if (line)
		fprintf(stderr, "line %u: ", line);
	fprintf(stderr, "%s", msg);
	if (ext)
		fprintf(stderr, " (kernel: %s)", ext);
	fprintf(stderr, "\n");
}

/* Run a command that changes state; line is for -R's messages. */
int apply_cmd(const struct lvs_cmd_req *req, unsigned int line)
{
	int err = nl_change(req);

	if (err) {
		print_error(line, req->op, -err);
		return EXIT_FAIL;
	}
	return 0;
}

static void usage(void)
{
	printf("lvsadm v" LVSADM_VERSION "\n"
	       "Usage:\n"
	       "  lvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [-o]\n"
	       "  lvsadm -D virtual-service\n"
	       "  lvsadm -C\n"
	       "  lvsadm -R\n"
	       "  lvsadm -S [-n]\n"
	       "  lvsadm -a|e virtual-service -r server-address [options]\n"
	       "  lvsadm -d virtual-service -r server-address\n"
	       "  lvsadm -L|l [virtual-service] [options]\n"
	       "  lvsadm -Z [virtual-service]\n"
	       "  lvsadm --set tcp tcpfin udp\n"
	       "  lvsadm -h\n\n"
	       "virtual-service: -t|u service-address, or -f fwmark [-6]\n\n"
	       "Commands:\n"
	       "Either long or short options are allowed.\n"
	       "  --add-service     -A        add virtual service with options\n"
	       "  --edit-service    -E        edit virtual service with options\n"
	       "  --delete-service  -D        delete virtual service\n"
	       "  --clear           -C        clear the whole table\n"
	       "  --restore         -R        restore rules from stdin\n"
	       "  --save            -S        save rules to stdout\n"
	       "  --add-server      -a        add real server with options\n"
	       "  --edit-server     -e        edit real server with options\n"
	       "  --delete-server   -d        delete real server\n"
	       "  --list            -L|-l     list the table\n"
	       "  --zero            -Z        zero counters in a service or all services\n"
	       "  --set tcp tcpfin udp        set connection timeout values (0 = unchanged)\n"
	       "  --help            -h        display this help message\n"
	       "  --version         -v        display the version\n\n"
	       "Options:\n"
	       "  --tcp-service  -t service-address   service-address is addr:port or [addr6]:port\n"
	       "  --udp-service  -u service-address   service-address is addr:port or [addr6]:port\n"
	       "  --fwmark-service -f fwmark          fwmark is an integer greater than zero\n"
	       "  --ipv6         -6                   fwmark entry uses IPv6\n"
	       "  --persistent   -p [timeout]         persistent service (default timeout 300 s)\n"
	       "  --netmask      -M netmask           persistent granularity mask (IPv4 a.b.c.d, IPv6 prefix length)\n"
	       "  --ops          -o                   one-packet scheduling (UDP)\n"
	       "  --scheduler    -s scheduler         the default scheduler is the kernel's (wlc).\n"
	       "  --real-server  -r server-address    server-address is addr[:port] or [addr6]:port\n"
	       "  --gatewaying   -g                   gatewaying (direct routing) (default)\n"
	       "  --ipip         -i                   ipip encapsulation (tunneling)\n"
	       "  --masquerading -m                   masquerading (NAT)\n"
	       "  --weight       -w weight            capacity of real server (0..65535, default 1)\n"
	       "  --u-threshold  -x uthreshold        upper threshold of connections\n"
	       "  --l-threshold  -y lthreshold        lower threshold of connections\n"
	       "  --connection   -c                   output of current connections\n"
	       "  --timeout                           output of timeout (tcp tcpfin udp)\n"
	       "  --stats                             output of statistics information\n"
	       "  --rate                              output of rate information\n"
	       "  --exact                             expand numbers (display exact values)\n"
	       "  --thresholds                        output of thresholds information\n"
	       "  --persistent-conn                   output of persistent connection info\n"
	       "  --nosort                            disable sorting output of service/server entries\n"
	       "  --sort                              does nothing, for backwards compatibility\n"
	       "  --numeric      -n                   numeric output (lvsadm is always numeric)\n"
	       "  --json         -j                   JSON output of listings\n");
}

int main(int argc, char **argv)
{
	struct lvs_cmd_req req;
	char err[256];

	if (parse_cmd(argc, argv, &req, err, sizeof(err))) {
		fprintf(stderr, "lvsadm: %s\n"
			"Try `lvsadm -h' or 'lvsadm --help' for more information.\n",
			err);
		return EXIT_USAGE;
	}

	switch (req.op) {
	case OP_HELP:
		usage();
		return 0;
	case OP_VERSION:
		printf("lvsadm v" LVSADM_VERSION " (genl family " LVS_GENL_NAME
		       " version %d)\n", LVS_GENL_VERSION);
		return 0;
	case OP_LIST:
	case OP_SAVE:
		return show_list(&req);
	case OP_RESTORE:
		return restore_run();
	default:
		return apply_cmd(&req, 0);
	}
}
