/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lvs - layer-4 load balancer: the generic netlink protocol.
 *
 * Family name LVS_GENL_NAME, version LVS_GENL_VERSION. Every request
 * carries its objects in nested attributes:
 *
 *   LVS_ATTR_SERVICE  (nest, enum lvs_svc_attr)   a virtual service
 *   LVS_ATTR_DEST     (nest, enum lvs_dest_attr)  a real server
 *   LVS_ATTR_TIMEOUTS (nest, enum lvs_timeout_attr) per-state timeouts
 *   LVS_ATTR_CONN     (nest, enum lvs_conn_attr)  a connection, or in a
 *                     request a connection filter (see below)
 *
 * Unknown attributes, unknown flag bits and attributes of the wrong type
 * or size are rejected with -EINVAL and an extack message naming the
 * offending attribute. Commands that change state need CAP_NET_ADMIN in
 * the user namespace that owns the network namespace; GET commands are
 * open to everyone (they expose configuration, not traffic) except
 * LVS_CMD_GET_CONN, which lists client addresses and needs CAP_NET_ADMIN.
 *
 * Dumps (GET with NLM_F_DUMP) resume across messages and set
 * NLM_F_DUMP_INTR on a message when the configuration changed while the
 * dump was in progress; the caller should then restart it.
 *
 * Connection filter: in LVS_CMD_GET_CONN and LVS_CMD_DEL_CONN requests,
 * LVS_ATTR_CONN holds any subset of AF, PROTOCOL, CADDR, CPORT, VADDR,
 * VPORT, DADDR, DPORT, FWD_METHOD and STATE; a connection matches when
 * every attribute given equals its own. An address needs AF, and its
 * length must be that family's. EXPIRES is not a key (-EINVAL). An empty
 * nest matches every connection.
 *
 * Multicast group LVS_MCGRP_CONN ("conn_events", CAP_NET_ADMIN to join):
 * one LVS_CMD_CONN_EVENT message per connection created, changing state
 * or destroyed (expired or deleted), with LVS_ATTR_CONN_EVENT and
 * LVS_ATTR_CONN. Sent from the data path only while someone listens;
 * allocated atomically, so under memory pressure or with a full receive
 * buffer events are lost (the listener's socket then reports ENOBUFS).
 */
#ifndef _UAPI_LINUX_LVS_H
#define _UAPI_LINUX_LVS_H

#include <linux/types.h>

#define LVS_GENL_NAME		"LVS"
#define LVS_GENL_VERSION	1

/* Multicast group of connection events, and its index in the family. */
#define LVS_MCGRP_CONN_NAME	"conn_events"
enum lvs_mcgrp {
	LVS_MCGRP_CONN,
};

/* Longest scheduler name, including the terminating NUL. */
#define LVS_SCHED_NAME_MAX	16

/**
 * enum lvs_cmd - generic netlink commands
 * @LVS_CMD_NEW_SERVICE: add a service. Needs LVS_ATTR_SERVICE with the key
 *	(AF, PROTOCOL, ADDR, PORT) and optionally SCHED_NAME (default
 *	"wlc", as ipvsadm), FLAGS, TIMEOUT, NETMASK.
 *	-EEXIST if it exists, -ENOENT for an unknown scheduler.
 * @LVS_CMD_SET_SERVICE: edit a service: same attributes, key must exist
 *	(-ESRCH otherwise). Only attributes present are changed.
 * @LVS_CMD_DEL_SERVICE: delete a service (key only) and its real servers;
 *	its connections expire on their own and are no longer counted.
 * @LVS_CMD_GET_SERVICE: one service (key given) or a dump of all.
 * @LVS_CMD_NEW_DEST: add a real server: LVS_ATTR_SERVICE (key) and
 *	LVS_ATTR_DEST with ADDR, PORT and optionally FWD_METHOD (default
 *	LVS_FWD_DR, as ipvsadm), WEIGHT (default 1), U_THRESH, L_THRESH.
 *	-EEXIST if the server is already in the service; -EAFNOSUPPORT if
 *	its family differs from the service's.
 * @LVS_CMD_SET_DEST: edit a real server (-ENOENT if missing).
 * @LVS_CMD_DEL_DEST: remove a real server (-ENOENT if missing). Its live
 *	connections keep flowing until they expire.
 * @LVS_CMD_GET_DEST: dump the real servers of the service in
 *	LVS_ATTR_SERVICE.
 * @LVS_CMD_FLUSH: delete every service.
 * @LVS_CMD_SET_TIMEOUTS: set the per-state timeouts given in
 *	LVS_ATTR_TIMEOUTS (seconds, 1..LVS_TIMEOUT_MAX); absent ones keep
 *	their value.
 * @LVS_CMD_GET_TIMEOUTS: reply carries LVS_ATTR_TIMEOUTS with all of them.
 * @LVS_CMD_GET_CONN: dump the connection table (CAP_NET_ADMIN), or only
 *	the connections matching the filter in LVS_ATTR_CONN if present.
 *	A dump that saw the table resize starts over from the first
 *	connection of the new table and flags NLM_F_DUMP_INTR (entries
 *	may then repeat); connections created or destroyed meanwhile may
 *	or may not be listed.
 * @LVS_CMD_ZERO: zero the counters of the service in LVS_ATTR_SERVICE, or
 *	of every service when it is absent.
 * @LVS_CMD_GET_INFO: reply carries LVS_ATTR_INFO_* (version, conn count,
 *	packets dropped by the data path per reason, configuration
 *	generation). A listing made of several requests (services, then
 *	each one's real servers) is consistent when the generation is the
 *	same before and after it.
 * @LVS_CMD_RESTORE: apply a batch atomically: the message holds one
 *	LVS_ATTR_OP per change, in order. Each op nests LVS_ATTR_OP_CMD (one
 *	of NEW/SET/DEL_SERVICE, NEW/SET/DEL_DEST, FLUSH, SET_TIMEOUTS, ZERO)
 *	and that command's own top-level attributes. Either every op is
 *	applied, or, at the first one that fails, all earlier ones are
 *	undone and the error is returned; the extack's bad-attribute offset
 *	(NLMSGERR_ATTR_OFFS) lies inside the offending op. Counters are
 *	zeroed only when the whole batch succeeds. Atomic for the
 *	configuration: packets arriving while the batch runs may see part
 *	of it. A batch larger than the socket's send buffer needs
 *	SO_SNDBUFFORCE.
 * @LVS_CMD_DEL_CONN: delete connections at once (CAP_NET_ADMIN): those
 *	matching the filter in LVS_ATTR_CONN, which is required (an empty
 *	nest deletes all). The reply carries LVS_ATTR_CONN_DELETED, the
 *	number deleted. A filter naming the whole client tuple (AF,
 *	PROTOCOL, CADDR, CPORT, VADDR, VPORT) is one lookup and fails with
 *	-ENOENT when no connection matches it. Later packets of a deleted
 *	flow are treated as those of an unknown one: a TCP segment without
 *	SYN reaches the director's own stack (which resets it), a UDP
 *	datagram or a TCP SYN is scheduled afresh.
 * @LVS_CMD_CONN_EVENT: notification only, sent to LVS_MCGRP_CONN.
 */
enum lvs_cmd {
	LVS_CMD_UNSPEC,
	LVS_CMD_NEW_SERVICE,
	LVS_CMD_SET_SERVICE,
	LVS_CMD_DEL_SERVICE,
	LVS_CMD_GET_SERVICE,
	LVS_CMD_NEW_DEST,
	LVS_CMD_SET_DEST,
	LVS_CMD_DEL_DEST,
	LVS_CMD_GET_DEST,
	LVS_CMD_FLUSH,
	LVS_CMD_SET_TIMEOUTS,
	LVS_CMD_GET_TIMEOUTS,
	LVS_CMD_GET_CONN,
	LVS_CMD_ZERO,
	LVS_CMD_GET_INFO,
	LVS_CMD_RESTORE,
	LVS_CMD_DEL_CONN,
	LVS_CMD_CONN_EVENT,
	__LVS_CMD_MAX
};
#define LVS_CMD_MAX (__LVS_CMD_MAX - 1)

/* Top-level attributes. */
enum lvs_attr {
	LVS_ATTR_UNSPEC,
	LVS_ATTR_SERVICE,		/* nest: enum lvs_svc_attr */
	LVS_ATTR_DEST,			/* nest: enum lvs_dest_attr */
	LVS_ATTR_TIMEOUTS,		/* nest: enum lvs_timeout_attr */
	LVS_ATTR_CONN,			/* nest: enum lvs_conn_attr */
	LVS_ATTR_INFO_VERSION,		/* u32: module version (major<<16|minor<<8|patch) */
	LVS_ATTR_INFO_CONNS,		/* u32: live connections in this netns */
	LVS_ATTR_INFO_DROPS,		/* nest: enum lvs_drop_attr, u64 each */
	LVS_ATTR_OP,			/* nest: one change of LVS_CMD_RESTORE */
	LVS_ATTR_OP_CMD,		/* u8: that change's command (in an OP) */
	LVS_ATTR_CONN_EVENT,		/* u32: enum lvs_conn_event (events) */
	LVS_ATTR_CONN_DELETED,		/* u32: connections deleted (DEL_CONN reply) */
	LVS_ATTR_INFO_GENERATION,	/* u32: changes with every configuration change */
	__LVS_ATTR_MAX
};
#define LVS_ATTR_MAX (__LVS_ATTR_MAX - 1)

/*
 * Service attributes. The key of a service is (AF, PROTOCOL, ADDR, PORT).
 * ADDR is 4 bytes for AF_INET and 16 for AF_INET6; PORT is in network
 * byte order and must not be 0.
 */
enum lvs_svc_attr {
	LVS_SVC_ATTR_UNSPEC,
	LVS_SVC_ATTR_AF,		/* u16: AF_INET or AF_INET6 */
	LVS_SVC_ATTR_PROTOCOL,		/* u16: IPPROTO_TCP or IPPROTO_UDP */
	LVS_SVC_ATTR_ADDR,		/* binary: in_addr or in6_addr */
	LVS_SVC_ATTR_PORT,		/* be16 */
	LVS_SVC_ATTR_SCHED_NAME,	/* string, < LVS_SCHED_NAME_MAX */
	LVS_SVC_ATTR_FLAGS,		/* u32: enum lvs_svc_flags */
	LVS_SVC_ATTR_TIMEOUT,		/* u32: persistence timeout, seconds */
	LVS_SVC_ATTR_NETMASK,		/* u32: persistence prefix length */
	LVS_SVC_ATTR_STATS,		/* nest: enum lvs_stats_attr (output) */
	LVS_SVC_ATTR_FWMARK,		/* u32: reserved, rejected for now */
	LVS_SVC_ATTR_PAD,
	__LVS_SVC_ATTR_MAX
};
#define LVS_SVC_ATTR_MAX (__LVS_SVC_ATTR_MAX - 1)

/*
 * Service flags (LVS_SVC_ATTR_FLAGS). The scheduler flags have IPVS's
 * values (IP_VS_SVC_F_SCHED1, _SCHED2) and mean what they mean there; a
 * service whose scheduler does not use a flag given is refused (-EINVAL),
 * and so is a change of scheduler that would leave such a flag set.
 */
enum lvs_svc_flags {
	LVS_SVC_F_PERSISTENT	= 1 << 0,	/* -p: not yet supported */
	LVS_SVC_F_ONEPACKET	= 1 << 1,	/* -o: not yet supported */
	/*
	 * -b sh-fallback, mh-fallback (ipvsadm's flag-1): when the server the
	 * hash picks is quiesced or overloaded, walk on to the next usable one
	 * instead of refusing the connection. sh and mh only.
	 */
	LVS_SVC_F_SCHED_FALLBACK = 1 << 3,
	/*
	 * -b sh-port, mh-port (flag-2): hash the client's port with its
	 * address, so one client's connections spread. sh and mh only.
	 */
	LVS_SVC_F_SCHED_PORT	= 1 << 4,
};

/* Flags the module accepts today. */
#define LVS_SVC_F_ALL	(LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT)

/* Forwarding methods (LVS_DEST_ATTR_FWD_METHOD). */
enum lvs_fwd {
	LVS_FWD_NAT	= 0,	/* -m: masquerading */
	LVS_FWD_TUN	= 1,	/* -i: IP-in-IP tunnelling */
	LVS_FWD_DR	= 2,	/* -g: direct routing */
	__LVS_FWD_MAX
};

/* Real server attributes. The key within a service is (ADDR, PORT). */
enum lvs_dest_attr {
	LVS_DEST_ATTR_UNSPEC,
	LVS_DEST_ATTR_AF,		/* u16: defaults to the service's */
	LVS_DEST_ATTR_ADDR,		/* binary: in_addr or in6_addr */
	LVS_DEST_ATTR_PORT,		/* be16; 0 means the service port */
	LVS_DEST_ATTR_FWD_METHOD,	/* u32: enum lvs_fwd */
	LVS_DEST_ATTR_WEIGHT,		/* u32: 0..LVS_WEIGHT_MAX, 0 = quiesced */
	LVS_DEST_ATTR_U_THRESH,		/* u32: upper conn threshold, 0 = none */
	LVS_DEST_ATTR_L_THRESH,		/* u32: lower conn threshold */
	LVS_DEST_ATTR_ACTIVE_CONNS,	/* u32 (output): established conns */
	LVS_DEST_ATTR_INACT_CONNS,	/* u32 (output): other conns */
	LVS_DEST_ATTR_PERSIST_CONNS,	/* u32 (output): templates */
	LVS_DEST_ATTR_STATS,		/* nest: enum lvs_stats_attr (output) */
	LVS_DEST_ATTR_PAD,
	__LVS_DEST_ATTR_MAX
};
#define LVS_DEST_ATTR_MAX (__LVS_DEST_ATTR_MAX - 1)

#define LVS_WEIGHT_MAX	65535

/* Counters, all u64 (output only). Rates are per second, estimated. */
enum lvs_stats_attr {
	LVS_STATS_ATTR_UNSPEC,
	LVS_STATS_ATTR_CONNS,		/* connections scheduled */
	LVS_STATS_ATTR_INPKTS,		/* packets client -> server */
	LVS_STATS_ATTR_OUTPKTS,		/* packets server -> client */
	LVS_STATS_ATTR_INBYTES,
	LVS_STATS_ATTR_OUTBYTES,
	LVS_STATS_ATTR_CPS,		/* rates: conns, packets, bytes per s */
	LVS_STATS_ATTR_INPPS,
	LVS_STATS_ATTR_OUTPPS,
	LVS_STATS_ATTR_INBPS,
	LVS_STATS_ATTR_OUTBPS,
	LVS_STATS_ATTR_PAD,
	__LVS_STATS_ATTR_MAX
};
#define LVS_STATS_ATTR_MAX (__LVS_STATS_ATTR_MAX - 1)

/*
 * Packets the data path dropped instead of forwarding, per reason
 * (LVS_ATTR_INFO_DROPS), counted since the namespace was created.
 */
enum lvs_drop_attr {
	LVS_DROP_ATTR_UNSPEC,
	LVS_DROP_ATTR_MALFORMED,	/* truncated or inconsistent headers */
	LVS_DROP_ATTR_NO_DEST,		/* no real server available */
	LVS_DROP_ATTR_NO_MEMORY,	/* allocation failed */
	LVS_DROP_ATTR_NO_ROUTE,		/* real server unreachable */
	LVS_DROP_ATTR_TTL,		/* TTL or hop limit exhausted */
	LVS_DROP_ATTR_TOO_BIG,		/* over the path MTU, may not fragment */
	LVS_DROP_ATTR_CONN_LIMIT,	/* new conn refused: table full (max_conns) */
	LVS_DROP_ATTR_PAD,
	__LVS_DROP_ATTR_MAX
};
#define LVS_DROP_ATTR_MAX (__LVS_DROP_ATTR_MAX - 1)

/*
 * Connection states. TCP states follow the TCP state machine as seen by
 * the director; UDP connections have the single state LVS_STATE_UDP.
 */
enum lvs_state {
	LVS_STATE_NONE,
	LVS_STATE_TCP_ESTABLISHED,
	LVS_STATE_TCP_SYN_SENT,
	LVS_STATE_TCP_SYN_RECV,
	LVS_STATE_TCP_FIN_WAIT,
	LVS_STATE_TCP_TIME_WAIT,
	LVS_STATE_TCP_CLOSE,
	LVS_STATE_TCP_CLOSE_WAIT,
	LVS_STATE_TCP_LAST_ACK,
	LVS_STATE_TCP_LISTEN,
	LVS_STATE_TCP_SYNACK,
	LVS_STATE_UDP,
	__LVS_STATE_MAX
};

/*
 * Per-state timeouts, seconds. Attribute N (1 <= N < __LVS_STATE_MAX) is
 * the timeout of enum lvs_state N, so LVS_TIMEOUT_ATTR(LVS_STATE_UDP) is
 * the UDP timeout. Each is a u32 in 1..LVS_TIMEOUT_MAX.
 */
#define LVS_TIMEOUT_ATTR(state)	(state)
#define LVS_TIMEOUT_ATTR_MAX	(__LVS_STATE_MAX - 1)
#define LVS_TIMEOUT_MAX		(30 * 24 * 3600)	/* thirty days */

/* Connection attributes (dumps, events, and filters in requests). */
enum lvs_conn_attr {
	LVS_CONN_ATTR_UNSPEC,
	LVS_CONN_ATTR_AF,		/* u16 */
	LVS_CONN_ATTR_PROTOCOL,		/* u16 */
	LVS_CONN_ATTR_CADDR,		/* binary: client address */
	LVS_CONN_ATTR_CPORT,		/* be16 */
	LVS_CONN_ATTR_VADDR,		/* binary: virtual address */
	LVS_CONN_ATTR_VPORT,		/* be16 */
	LVS_CONN_ATTR_DADDR,		/* binary: real server address */
	LVS_CONN_ATTR_DPORT,		/* be16 */
	LVS_CONN_ATTR_FWD_METHOD,	/* u32: enum lvs_fwd */
	LVS_CONN_ATTR_STATE,		/* u32: enum lvs_state */
	LVS_CONN_ATTR_EXPIRES,		/* u32: milliseconds until expiry */
	__LVS_CONN_ATTR_MAX
};
#define LVS_CONN_ATTR_MAX (__LVS_CONN_ATTR_MAX - 1)

/* What happened to the connection of an LVS_CMD_CONN_EVENT. */
enum lvs_conn_event {
	LVS_CONN_EVENT_UNSPEC,
	LVS_CONN_EVENT_NEW,		/* created (state NONE) */
	LVS_CONN_EVENT_STATE,		/* moved to the state it carries */
	LVS_CONN_EVENT_DESTROY,		/* expired or deleted */
	__LVS_CONN_EVENT_MAX
};

#endif /* _UAPI_LINUX_LVS_H */
