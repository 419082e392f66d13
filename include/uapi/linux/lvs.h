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
 * offending attribute; so are service settings (SCHED_NAME, FLAGS,
 * TIMEOUT, NETMASK) in commands that only name a service (all but
 * NEW_SERVICE and SET_SERVICE). Every command, GET commands included,
 * needs CAP_NET_ADMIN in the initial user namespace, as IPVS's do: the
 * root of another user namespace gets -EPERM, even in a network namespace
 * that namespace owns.
 *
 * Dumps (GET with NLM_F_DUMP) resume across messages and set
 * NLM_F_DUMP_INTR on a message when the configuration changed while the
 * dump was in progress; the caller should then restart it.
 *
 * Connection filter: in LVS_CMD_GET_CONN and LVS_CMD_DEL_CONN requests,
 * LVS_ATTR_CONN holds any subset of AF, PROTOCOL, CADDR, CPORT, VADDR,
 * VPORT, DADDR, DPORT, FWD_METHOD, STATE and FLAGS; a connection matches
 * when every attribute given equals its own. An address needs AF, and its
 * length must be that family's. EXPIRES is not a key (-EINVAL). An empty
 * nest matches every connection. Persistence templates are entries too:
 * a filter without FLAGS matches connections and templates alike, FLAGS
 * 0 connections only, FLAGS LVS_CONN_F_TEMPLATE templates only. Deleting
 * a template makes its client network's next connection be scheduled
 * afresh; the connections it directed go on.
 *
 * Multicast group LVS_MCGRP_CONN ("conn_events", joined with CAP_NET_ADMIN
 * in the user namespace that owns the network namespace, whose traffic
 * that namespace's root may capture anyway):
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
/* The release of lvs.ko and lvsadm (LVS_ATTR_INFO_VERSION): 0.1.0 */
#define LVS_VERSION_CODE	0x000100

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
 *	(AF, PROTOCOL, ADDR, PORT) or (AF, FWMARK), and optionally
 *	SCHED_NAME (default "wlc", as ipvsadm), FLAGS, TIMEOUT, NETMASK.
 *	-EEXIST if it exists, -ENOENT for an unknown scheduler, -EINVAL
 *	for LVS_SVC_F_ONEPACKET on a TCP service or with a NAT real server.
 * @LVS_CMD_SET_SERVICE: edit a service: same attributes, key must exist
 *	(-ESRCH otherwise). Only attributes present are changed.
 * @LVS_CMD_DEL_SERVICE: delete a service (key only) and its real servers;
 *	its connections expire on their own and are no longer counted; its
 *	persistence templates are removed at once.
 * @LVS_CMD_GET_SERVICE: one service (key given) or a dump of all.
 * @LVS_CMD_NEW_DEST: add a real server: LVS_ATTR_SERVICE (key) and
 *	LVS_ATTR_DEST with ADDR, PORT and optionally FWD_METHOD (default
 *	LVS_FWD_DR, as ipvsadm), WEIGHT (default 1), U_THRESH, L_THRESH.
 *	-EEXIST if the server is already in the service; -EAFNOSUPPORT if
 *	its family differs from the service's.
 * @LVS_CMD_SET_DEST: edit a real server (-ENOENT if missing).
 * @LVS_CMD_DEL_DEST: remove a real server (-ENOENT if missing). Its live
 *	connections keep flowing until they expire; its persistence
 *	templates are removed at once. -EINVAL for a NAT real server of a
 *	LVS_SVC_F_ONEPACKET service (NEW and SET_DEST).
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
 *	may then repeat), and so does one whose resume point was destroyed
 *	between two messages where that could hide a live entry (it goes
 *	over that hash slot again); connections created or destroyed
 *	meanwhile may or may not be listed, every other one is.
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
 *	PROTOCOL, CADDR, CPORT, VADDR, VPORT) is a lookup (of the
 *	connection and of the template of that key) and fails with -ENOENT
 *	when no entry matches it. Later packets of a deleted
 *	flow are treated as those of an unknown one: a TCP segment without
 *	SYN reaches the director's own stack (which resets it), a UDP
 *	datagram or a TCP SYN is scheduled afresh.
 * @LVS_CMD_CONN_EVENT: notification only, sent to LVS_MCGRP_CONN.
 * @LVS_CMD_SET_CONFIG: set the namespace's settings given in
 *	LVS_ATTR_CONFIG (enum lvs_config_attr); absent ones keep their
 *	value. A new namespace starts from the module's load-time defaults
 *	(its parameters of the same names). -EINVAL with an extack message
 *	for a value out of range; then nothing is changed.
 * @LVS_CMD_GET_CONFIG: reply carries LVS_ATTR_CONFIG with every setting.
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
	LVS_CMD_SET_CONFIG,
	LVS_CMD_GET_CONFIG,
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
	LVS_ATTR_CONFIG,		/* nest: enum lvs_config_attr */
	__LVS_ATTR_MAX
};

#define LVS_ATTR_MAX (__LVS_ATTR_MAX - 1)

/*
 * Service attributes. The key of a service is (AF, PROTOCOL, ADDR, PORT),
 * or (AF, FWMARK) for a firewall-mark service, which then has none of
 * PROTOCOL, ADDR and PORT. ADDR is 4 bytes for AF_INET and 16 for
 * AF_INET6; PORT is in network byte order and must not be 0.
 *
 * A firewall-mark service takes the TCP and UDP packets of its family
 * whose skb->mark equals FWMARK, whatever their destination; the packet's
 * destination port is kept for real servers of port 0. A packet with a
 * mark is matched against firewall-mark services first, then, if none
 * has its mark, against the (PROTOCOL, ADDR, PORT) services, as IPVS does.
 *
 * TIMEOUT and NETMASK take effect with LVS_SVC_F_PERSISTENT; they are
 * kept and reported whether or not it is set. A new service without them
 * gets LVS_PERSIST_TIMEOUT and the full prefix (32 or 128).
 */
enum lvs_svc_attr {
	LVS_SVC_ATTR_UNSPEC,
	LVS_SVC_ATTR_AF,		/* u16: AF_INET or AF_INET6 */
	LVS_SVC_ATTR_PROTOCOL,		/* u16: IPPROTO_TCP or IPPROTO_UDP */
	LVS_SVC_ATTR_ADDR,		/* binary: in_addr or in6_addr */
	LVS_SVC_ATTR_PORT,		/* be16 */
	LVS_SVC_ATTR_SCHED_NAME,	/* string, < LVS_SCHED_NAME_MAX */
	LVS_SVC_ATTR_FLAGS,		/* u32: enum lvs_svc_flags */
	LVS_SVC_ATTR_TIMEOUT,		/* u32: persistence, s: 1..LVS_TIMEOUT_MAX */
	LVS_SVC_ATTR_NETMASK,		/* u32: client prefix length, 0..32/128 */
	LVS_SVC_ATTR_STATS,		/* nest: enum lvs_stats_attr (output) */
	LVS_SVC_ATTR_FWMARK,		/* u32: firewall mark, not 0 (key) */
	LVS_SVC_ATTR_PAD,
	__LVS_SVC_ATTR_MAX
};

#define LVS_SVC_ATTR_MAX (__LVS_SVC_ATTR_MAX - 1)

/**
 * enum lvs_svc_flags - service flags (LVS_SVC_ATTR_FLAGS)
 * @LVS_SVC_F_PERSISTENT: -p: a client's new connections go to the real
 *	server its earlier ones went to. The first connection from a client
 *	network (address masked to NETMASK) creates a template (client
 *	network, VIP, port; for a fwmark service protocol 0, the mark as
 *	VIP and port 0) naming the chosen server; while the template lives,
 *	new connections from that network take its server and reset its
 *	timer to TIMEOUT. A template outlives the connections it directed
 *	(its timer restarts while any is left), holds its real server
 *	(LVS_DEST_ATTR_PERSIST_CONNS counts it) and counts against the
 *	connection limit. A quiesced server (weight 0) keeps its templates,
 *	as in IPVS; a removed one loses them at once.
 * @LVS_SVC_F_ONEPACKET: -o: every UDP datagram is scheduled on its own
 *	and no connection entry is kept for it. UDP services and fwmark
 *	services (TCP packets of these are not affected) only; the real
 *	servers must not use NAT, whose replies need an entry.
 * @LVS_SVC_F_SCHED_FALLBACK: -b sh-fallback, mh-fallback (ipvsadm's
 *	flag-1, IP_VS_SVC_F_SCHED1): when the server the hash picks is
 *	quiesced or overloaded, walk on to the next usable one instead of
 *	refusing the connection. sh and mh only.
 * @LVS_SVC_F_SCHED_PORT: -b sh-port, mh-port (flag-2, IP_VS_SVC_F_SCHED2):
 *	hash the client's port with its address, so one client's
 *	connections spread. sh and mh only.
 *
 * A service whose scheduler does not use a scheduler flag given is
 * refused (-EINVAL), and so is a change of scheduler that would leave
 * such a flag set.
 */
enum lvs_svc_flags {
	LVS_SVC_F_PERSISTENT	= 1 << 0,
	LVS_SVC_F_ONEPACKET	= 1 << 1,
	LVS_SVC_F_SCHED_FALLBACK = 1 << 3,
	LVS_SVC_F_SCHED_PORT	= 1 << 4,
};

#define LVS_SVC_F_ALL (LVS_SVC_F_PERSISTENT | LVS_SVC_F_ONEPACKET | \
		       LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT)

/* Persistence timeout of a new service without LVS_SVC_ATTR_TIMEOUT, s. */
#define LVS_PERSIST_TIMEOUT	300

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
	LVS_DEST_ATTR_PERSIST_CONNS,	/* u32 (output): persistence templates */
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

/* Connection flags (LVS_CONN_ATTR_FLAGS). */
enum lvs_conn_flags {
	/* A persistence template: CADDR the client network, CPORT 0. */
	LVS_CONN_F_TEMPLATE	= 1 << 0,
};

/*
 * Connection attributes (dumps, events, and filters in requests). Dumps,
 * events, filters and deletions cover persistence templates as well as
 * connections; FLAGS tells them apart. A template of a fwmark service
 * has PROTOCOL 0, the mark as VADDR (in its first four bytes, network
 * byte order) and VPORT 0, as IPVS shows it.
 */
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
	LVS_CONN_ATTR_FLAGS,		/* u32: enum lvs_conn_flags (a key) */
	__LVS_CONN_ATTR_MAX
};

#define LVS_CONN_ATTR_MAX (__LVS_CONN_ATTR_MAX - 1)

/*
 * Per-namespace settings (LVS_ATTR_CONFIG of SET_CONFIG and GET_CONFIG).
 * MAX_CONNS bounds the connections and templates of the namespace: a
 * packet that would open one more is dropped (LVS_DROP_ATTR_CONN_LIMIT);
 * lowering it below the current count removes nothing, new connections
 * are refused until the count is under it. FAST_PATH lets client packets
 * of balanced connections leave from PRE_ROUTING when nothing runs
 * before lvs at LOCAL_IN (see lvs(7)). MH_TABLE_SIZE is the lookup table
 * size of mh services created (or switched to mh) afterwards: a prime
 * up to LVS_MH_TABLE_SIZE_MAX; existing services keep theirs.
 */
enum lvs_config_attr {
	LVS_CONFIG_ATTR_UNSPEC,
	LVS_CONFIG_ATTR_MAX_CONNS,	/* u32: 0 = no limit */
	LVS_CONFIG_ATTR_FAST_PATH,	/* u8: 0 or 1 */
	LVS_CONFIG_ATTR_MH_TABLE_SIZE,	/* u32: a prime, 2..LVS_MH_TABLE_SIZE_MAX */
	__LVS_CONFIG_ATTR_MAX
};

#define LVS_CONFIG_ATTR_MAX (__LVS_CONFIG_ATTR_MAX - 1)

#define LVS_MH_TABLE_SIZE_MAX	1048573	/* the largest prime under 2^20 */

/* What happened to the connection of an LVS_CMD_CONN_EVENT. */
enum lvs_conn_event {
	LVS_CONN_EVENT_UNSPEC,
	LVS_CONN_EVENT_NEW,		/* created (state NONE) */
	LVS_CONN_EVENT_STATE,		/* moved to the state it carries */
	LVS_CONN_EVENT_DESTROY,		/* expired or deleted */
	__LVS_CONN_EVENT_MAX
};

#endif /* _UAPI_LINUX_LVS_H */
