// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - shared declarations. Parsing (main.c, parse.c) fills one
 * struct lvs_cmd_req; executing (main.c, nl.c, show.c, restore.c) only
 * reads it.
 */
#ifndef LVSADM_H
#define LVSADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/lvs.h>

#define LVSADM_VERSION	"0.1.0"

/* Exit codes: 2 for anything wrong on the command line, as ipvsadm. */
#define EXIT_FAIL	1
#define EXIT_USAGE	2

union lvs_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/* Indexed by enum lvs_stats_attr, so parsing and printing can loop. */
struct lvs_stats {
	uint64_t v[__LVS_STATS_ATTR_MAX];
};

struct lvs_dest {
	uint16_t af;
	union lvs_addr addr;
	uint16_t port;			/* host byte order */
	uint32_t fwd;			/* enum lvs_fwd */
	uint32_t weight;
	uint32_t u_thresh, l_thresh;
	uint32_t active, inact, persist;
	struct lvs_stats stats;
};

struct lvs_service {
	uint16_t af;
	uint16_t protocol;		/* IPPROTO_TCP or IPPROTO_UDP; 0: fwmark */
	union lvs_addr addr;
	uint16_t port;			/* host byte order */
	uint32_t fwmark;		/* a fwmark service's key, or 0 */
	char sched[LVS_SCHED_NAME_MAX];
	uint32_t flags;			/* enum lvs_svc_flags */
	uint32_t timeout;		/* persistence, seconds */
	uint32_t netmask;		/* persistence prefix length */
	struct lvs_stats stats;
	struct lvs_dest *dests;
	size_t n_dests;
};

struct lvs_conn {
	uint16_t af, protocol;
	union lvs_addr caddr, vaddr, daddr;
	uint16_t cport, vport, dport;	/* host byte order */
	uint32_t fwd, state, expires_ms;
	uint32_t flags;			/* enum lvs_conn_flags */
};

/* What a listing brings back from the kernel. */
struct lvs_table {
	struct lvs_service *svcs;
	size_t n_svcs;
};

struct lvs_conn_list {
	struct lvs_conn *conns;
	size_t n;
};

enum lvs_op {
	OP_NONE,
	OP_ADD_SVC,
	OP_EDIT_SVC,
	OP_DEL_SVC,
	OP_FLUSH,
	OP_LIST,
	OP_ADD_DEST,
	OP_DEL_DEST,
	OP_EDIT_DEST,
	OP_SET_TIMEOUTS,
	OP_RESTORE,
	OP_SAVE,
	OP_ZERO,
	OP_HELP,
	OP_VERSION,
	NUM_OPS
};

/* Options, as bits of lvs_cmd_req.opts: "only send what was given". */
enum lvs_opt {
	OPT_NUMERIC,
	OPT_CONNECTION,
	OPT_SERVICE,
	OPT_SCHEDULER,
	OPT_SERVER,
	OPT_FORWARD,
	OPT_WEIGHT,
	OPT_UTHRESHOLD,
	OPT_LTHRESHOLD,
	OPT_TIMEOUT,
	OPT_STATS,
	OPT_RATE,
	OPT_THRESHOLDS,
	OPT_NOSORT,
	OPT_EXACT,
	OPT_JSON,
	OPT_PERSISTENT,
	OPT_NETMASK,
	OPT_ONEPACKET,
	OPT_PERSISTCONN,
	OPT_IPV6,
	NUM_OPTS
};
#define OPTF(o)		(1u << (o))

/* Indices of lvs_cmd_req.timeouts, in --set order. */
enum { TMO_TCP, TMO_TCPFIN, TMO_UDP, NUM_TMO };

/* The one thing passed from parsing to executing. */
struct lvs_cmd_req {
	enum lvs_op op;
	unsigned int opts;		/* OPTF() of every option given */
	struct lvs_service svc;		/* key; sched if OPT_SCHEDULER */
	struct lvs_dest dest;		/* key; the rest if its OPT_ given */
	uint32_t timeouts[NUM_TMO];	/* seconds, 0 = leave unchanged */
};

/* main.c */
int parse_cmd(int argc, char **argv, struct lvs_cmd_req *req,
	      char *err, size_t errlen);
int apply_cmd(const struct lvs_cmd_req *req, unsigned int line);
void print_error(unsigned int line, enum lvs_op op, int err);

/* parse.c: 0 on success, -1 on a malformed or out-of-range value. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
int parse_addrport(const char *s, uint16_t *af, union lvs_addr *addr,
		   uint16_t *port, bool *has_port);

/* nl.c: 0 or -errno; the kernel's extack text is in nl_extack(). */
int nl_change(const struct lvs_cmd_req *req);
/* All of reqs or nothing; on error *failed is the refused one (n: unknown). */
int nl_restore(const struct lvs_cmd_req *const *reqs, size_t n,
	       size_t *failed);
/* What LVS_CMD_GET_INFO reports. */
struct lvs_info {
	uint32_t version, conns;
	uint64_t drops[__LVS_DROP_ATTR_MAX];	/* by enum lvs_drop_attr */
};

int nl_get_info(struct lvs_info *info);
int nl_get_table(const struct lvs_service *only, struct lvs_table *t);
int nl_get_conns(struct lvs_conn_list *l);
int nl_get_timeouts(uint32_t tmo[__LVS_STATE_MAX]);
const char *nl_extack(void);
void table_free(struct lvs_table *t);

/* show.c: exit status of the listing. */
int show_list(const struct lvs_cmd_req *req);

/* restore.c: exit status of the whole batch. */
int restore_run(void);

#endif /* LVSADM_H */
