// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - shared declarations. Parsing (cmdline.c, parse.c) fills one
 * struct lvs_cmd_req; executing (error.c, nl.c, nl_conn.c, show.c,
 * restore.c) only reads it.
 */
#ifndef LVSADM_H
#define LVSADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/lvs.h>

/* printf arguments for "%u.%u.%u" of LVS_VERSION_CODE */
#define LVS_VERSION_ARGS \
	(LVS_VERSION_CODE >> 16), ((LVS_VERSION_CODE >> 8) & 0xff), \
	(LVS_VERSION_CODE & 0xff)

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

/*
 * Which connections -L -c, --del-conn and --monitor are about: keys has
 * bit LVS_CONN_ATTR_x for each field of c that must match.
 */
struct lvs_conn_filter {
	unsigned int keys;
	struct lvs_conn c;
};
#define FKEY(attr)	(1u << LVS_CONN_ATTR_##attr)

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
	OP_DEL_CONN,
	OP_MONITOR,
	OP_SET_CONFIG,
	OP_SHOW_CONFIG,
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
	OPT_STATE,
	OPT_CLIENT,
	OPT_COUNT,
	OPT_ALL,
	OPT_SCHED_FLAGS,
	OPT_PERSISTENT,
	OPT_NETMASK,
	OPT_ONEPACKET,
	OPT_PERSISTCONN,
	OPT_IPV6,
	OPT_TUNTYPE,
	OPT_TUNINFO,
	NUM_OPTS
};
#define OPTF(o)		(1u << (o))

/* The namespace's settings (LVS_ATTR_CONFIG); keys: which are given. */
struct lvs_config {
	unsigned int keys;		/* CKEY() of each set */
	uint32_t max_conns;
	uint32_t fast_path;
	uint32_t mh_table_size;
};
#define CKEY(attr)	(1u << LVS_CONFIG_ATTR_##attr)

/* The one thing passed from parsing to executing. */
struct lvs_cmd_req {
	enum lvs_op op;
	unsigned int opts;		/* OPTF() of every option given */
	struct lvs_service svc;		/* key; sched if OPT_SCHEDULER;
					 * flags (-b, -p, -o) for -A/-E */
	struct lvs_dest dest;		/* key; the rest if its OPT_ given */
	/* Seconds by enum lvs_state (the timeout attribute), 0 = unchanged. */
	uint32_t timeouts[__LVS_STATE_MAX];
	struct lvs_conn_filter filter;	/* -L -c, --del-conn, --monitor */
	uint32_t count;			/* --monitor --count, 0 = forever */
	struct lvs_config config;	/* --set-config */
};

/* cmdline.c: 0, or -1 with the reason in err. */
int parse_cmd(int argc, char **argv, struct lvs_cmd_req *req,
	      char *err, size_t errlen);

/* error.c */
int apply_cmd(const struct lvs_cmd_req *req, unsigned int line);
void print_error(unsigned int line, enum lvs_op op, int err);

/* parse.c: 0 on success, -1 on a malformed or out-of-range value. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
int parse_addrport(const char *s, uint16_t *af, union lvs_addr *addr,
		   uint16_t *port, bool *has_port);
/* State names as ipvsadm prints them; parse_state ignores case. */
const char *state_name(uint32_t state);
int parse_state(const char *s, uint32_t *state);

/* nl.c, nl_conn.c: 0 or -errno; the kernel's extack text is in nl_extack(). */
int nl_change(const struct lvs_cmd_req *req);
/*
 * A batch for LVS_CMD_RESTORE: up to max_ops changes, applied all or none
 * by nl_batch_send(); on error *failed is the index of the refused change
 * (the number of changes: unknown). nl_batch_free() after either.
 */
struct nl_batch;
struct nl_batch *nl_batch_new(size_t max_ops);
int nl_batch_add(struct nl_batch *b, const struct lvs_cmd_req *req);
int nl_batch_send(struct nl_batch *b, size_t *failed);
void nl_batch_free(struct nl_batch *b);
/* What LVS_CMD_GET_INFO reports. */
struct lvs_info {
	uint32_t version, conns;
	uint32_t generation;			/* of the configuration */
	uint64_t drops[__LVS_DROP_ATTR_MAX];	/* by enum lvs_drop_attr */
};

int nl_get_info(struct lvs_info *info);
int nl_get_table(const struct lvs_service *only, struct lvs_table *t);
int nl_get_conns(const struct lvs_conn_filter *f, struct lvs_conn_list *l);
int nl_del_conns(const struct lvs_conn_filter *f, uint32_t *deleted);
/* Join the event group, then call fn(event, conn, arg) for each event
 * until it returns non-zero; lost events are reported on stderr. */
int nl_monitor_join(void);
int nl_monitor(int (*fn)(uint32_t ev, const struct lvs_conn *c, void *arg),
	       void *arg);
int nl_get_timeouts(uint32_t tmo[__LVS_STATE_MAX]);
int nl_get_config(struct lvs_config *cfg);
const char *nl_extack(void);
void table_free(struct lvs_table *t);

/* show.c: exit status of the listing, deletion or monitor. */
int show_list(const struct lvs_cmd_req *req);
int del_conns(const struct lvs_cmd_req *req);
int monitor(const struct lvs_cmd_req *req);
int show_config(const struct lvs_cmd_req *req);
/* ipvsadm's names of s's scheduler flags, comma-separated ("" if none). */
const char *sched_flag_names(const struct lvs_service *s, char *buf,
			     size_t len);

/* restore.c: exit status of the whole batch. */
int restore_run(void);

#endif /* LVSADM_H */
