// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - listings: -L, -L -c, -L --timeout and -S, in ipvsadm's text
 * format (byte for byte, so its parsers keep working) or in JSON (-j);
 * and what --del-conn and --monitor print.
 *
 * Differences from ipvsadm's text: addresses and ports are always
 * numeric (-n is accepted and implied), and the first line of -L,
 * "IP Virtual Server version X.Y.Z (size=N)", carries the lvs module's
 * version and, as size, the live connection count (lvs has no fixed
 * connection hash size to report). Scheduler flags print as ipvsadm
 * 1.31 prints them: "TCP  203.0.113.5:80 sh (sh-fallback,sh-port)" in
 * -L, "-A -t 203.0.113.5:80 -s sh -b sh-fallback,sh-port" in -S. -S adds " -x N -y N" to a real server
 * line when a threshold is set, which ipvsadm would silently lose.
 *
 * JSON schema: one object on one line; every key is always present;
 * numbers are exact (--exact, --stats, --rate, --thresholds and -n do not
 * change it). Addresses are plain, without brackets.
 *
 * lvsadm -L -j, lvsadm -L -t|-u SERVICE -j:
 *   {"version":"0.1.0","conns":N,"drops":DROPS,"services":[SERVICE...]}
 *   DROPS   = {"malformed":N,"no_dest":N,"no_memory":N,"no_route":N,
 *              "ttl":N,"too_big":N,"conn_limit":N}
 *              (packets the data path dropped)
 *   SERVICE = {"protocol":"tcp"|"udp"|"fwmark","family":"inet"|"inet6",
 *              "address":"203.0.113.5","port":80,"fwmark":0,
 *              "scheduler":"wrr","flags":0,"sched_flags":["sh-port"...],
 *              "persistent":false,"timeout":300,"netmask":32,"ops":false,
 *              "stats":STATS,"destinations":[DEST...]}
 *              (flags: enum lvs_svc_flags; sched_flags: their -b names;
 *              a fwmark service: "protocol":"fwmark", address 0.0.0.0
 *              or ::, port 0; timeout and netmask, the prefix length,
 *              apply when persistent)
 *   DEST    = {"address":"198.51.100.2","port":80,
 *              "forward":"masq"|"tunnel"|"route","weight":1,
 *              "u_threshold":0,"l_threshold":0,"active_conns":0,
 *              "inactive_conns":0,"persistent_conns":0,"stats":STATS}
 *   STATS   = {"conns":N,"inpkts":N,"outpkts":N,"inbytes":N,
 *              "outbytes":N,"cps":N,"inpps":N,"outpps":N,"inbps":N,
 *              "outbps":N}                 (rates are per second)
 * lvsadm -L -c -j:
 *   {"connections":[{"protocol":"tcp","family":"inet",
 *     "client_address":"192.0.2.7","client_port":40000,
 *     "virtual_address":"203.0.113.5","virtual_port":80,
 *     "dest_address":"198.51.100.2","dest_port":80,"forward":"masq",
 *     "state":"ESTABLISHED","expires_ms":899000,"template":false}...]}
 *   state is one of NONE ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT
 *   TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN SYNACK UDP. A persistence
 *   template has "template":true, state NONE, client port 0 and the
 *   client network as client address; a fwmark service's template has
 *   protocol "ip", the mark as virtual address and port 0, as ipvsadm
 *   shows them.
 * lvsadm -L --timeout -j:
 *   {"tcp":900,"tcpfin":60,"udp":300,"states":{"established":900,...}}
 *   (every state but NONE, named in lower case)
 * lvsadm --monitor -j: one object per line,
 *   {"event":"new"|"state"|"destroy",<the members of a connection>}
 * lvsadm --del-conn -j:
 *   {"deleted":N}
 *
 * Services and real servers are sorted by family, protocol, address and
 * port, connections by virtual, client and real server; --nosort keeps
 * the kernel's order.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lvsadm.h"

/* "[v6]:port" plus a "-t " prefix fits. */
#define NAME_LEN	(INET6_ADDRSTRLEN + 16)

#define HAS(req, o)	((req)->opts & OPTF(o))

static const struct {
	const char *name, *opt, *json;
} fwds[] = {
	[LVS_FWD_NAT] = { "Masq", "-m", "masq" },
	[LVS_FWD_TUN] = { "Tunnel", "-i", "tunnel" },
	[LVS_FWD_DR] = { "Route", "-g", "route" },
};
#define FWD(f, field)	((f) < __LVS_FWD_MAX ? fwds[f].field : "?")

/* 0 is a fwmark template's: /proc/net/ip_vs_conn calls it IP. */
static const char *proto_name(uint16_t p, bool upper)
{
	if (p == IPPROTO_TCP)
		return upper ? "TCP" : "tcp";
	if (p == IPPROTO_UDP)
		return upper ? "UDP" : "udp";
	if (p == 0)
		return upper ? "IP" : "ip";
	return "?";
}

static const char *addr_str(char *buf, uint16_t af, const union lvs_addr *a)
{
	return inet_ntop(af, a, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

/* ipvsadm's numeric addrport_to_anyname(): brackets around IPv6. */
static const char *addrport(char *buf, uint16_t af, const union lvs_addr *a,
			    uint16_t port)
{
	char tmp[INET6_ADDRSTRLEN];
	bool v6 = af == AF_INET6;

	snprintf(buf, NAME_LEN, "%s%s%s:%u", v6 ? "[" : "",
		 addr_str(tmp, af, a), v6 ? "]" : "", port);
	return buf;
}

static int cmp_u(unsigned int a, unsigned int b)
{
	return (a > b) - (a < b);
}

/* Network byte order compares like the number. */
static int cmp_ep(uint16_t af, const union lvs_addr *a, uint16_t pa,
		  const union lvs_addr *b, uint16_t pb)
{
	int r = memcmp(a, b, af == AF_INET6 ? 16 : 4);

	return r ? r : cmp_u(pa, pb);
}

static int cmp_svc(const void *x, const void *y)
{
	const struct lvs_service *a = x, *b = y;

	/* ipvsadm's order: by fwmark first (0, the others, come first). */
	return cmp_u(a->fwmark, b->fwmark) ?: cmp_u(a->af, b->af) ?:
	       cmp_u(a->protocol, b->protocol) ?:
	       cmp_ep(a->af, &a->addr, a->port, &b->addr, b->port);
}

static int cmp_dest(const void *x, const void *y)
{
	const struct lvs_dest *a = x, *b = y;

	return cmp_u(a->af, b->af) ?:
	       cmp_ep(a->af, &a->addr, a->port, &b->addr, b->port);
}

static int cmp_conn(const void *x, const void *y)
{
	const struct lvs_conn *a = x, *b = y;

	return cmp_u(a->af, b->af) ?: cmp_u(a->protocol, b->protocol) ?:
	       cmp_ep(a->af, &a->vaddr, a->vport, &b->vaddr, b->vport) ?:
	       cmp_ep(a->af, &a->caddr, a->cport, &b->caddr, b->cport) ?:
	       cmp_ep(a->af, &a->daddr, a->dport, &b->daddr, b->dport);
}

/* ipvsadm's print_largenum(): 9 columns, K/M/G/T unless --exact. */
static void largenum(uint64_t v, bool exact)
{
	unsigned long long i = v;

	if (exact) {
		int len = snprintf(NULL, 0, "%llu", i);

		printf("%*llu", len <= 8 ? 9 : len + 1, i);
	} else if (i < 100000000ULL) {
		printf("%9llu", i);
	} else if (i < 1000000000ULL) {
		printf("%8lluK", i / 1000);
	} else if (i < 100000000000ULL) {
		printf("%8lluM", i / 1000000);
	} else if (i < 100000000000000ULL) {
		printf("%8lluG", i / 1000000000ULL);
	} else {
		printf("%8lluT", i / 1000000000000ULL);
	}
}

static void largenums(const struct lvs_stats *st, int from, int to,
		      bool exact)
{
	for (int i = from; i <= to; i++)
		largenum(st->v[i], exact);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_stats(const struct lvs_stats *st)
{
	static const char *const keys[] = {
		[LVS_STATS_ATTR_CONNS] = "conns", [LVS_STATS_ATTR_INPKTS] = "inpkts",
		[LVS_STATS_ATTR_OUTPKTS] = "outpkts",
		[LVS_STATS_ATTR_INBYTES] = "inbytes",
		[LVS_STATS_ATTR_OUTBYTES] = "outbytes",
		[LVS_STATS_ATTR_CPS] = "cps", [LVS_STATS_ATTR_INPPS] = "inpps",
		[LVS_STATS_ATTR_OUTPPS] = "outpps", [LVS_STATS_ATTR_INBPS] = "inbps",
		[LVS_STATS_ATTR_OUTBPS] = "outbps",
	};

	for (int i = LVS_STATS_ATTR_CONNS; i <= LVS_STATS_ATTR_OUTBPS; i++)
		printf("%s\"%s\":%llu", i == LVS_STATS_ATTR_CONNS ? "{" : ",",
		       keys[i], (unsigned long long)st->v[i]);
	putchar('}');
}

const char *sched_flag_names(const struct lvs_service *s, char *buf,
			     size_t len)
{
	static const char *const names[][2] = {
		{ "sh-fallback", "sh-port" },
		{ "mh-fallback", "mh-port" },
		{ "flag-1", "flag-2" },
	};
	const uint32_t bits[2] = { LVS_SVC_F_SCHED_FALLBACK,
				   LVS_SVC_F_SCHED_PORT };
	int set = !strcmp(s->sched, "sh") ? 0 : !strcmp(s->sched, "mh") ? 1 : 2;
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < 2; i++)
		if (s->flags & bits[i])
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", names[set][i]);
	return buf;
}

static const char *family(uint16_t af)
{
	return af == AF_INET6 ? "inet6" : "inet";
}

static const char *const drop_names[LVS_DROP_ATTR_PAD] = {
	[LVS_DROP_ATTR_MALFORMED] = "malformed",
	[LVS_DROP_ATTR_NO_DEST] = "no_dest",
	[LVS_DROP_ATTR_NO_MEMORY] = "no_memory",
	[LVS_DROP_ATTR_NO_ROUTE] = "no_route",
	[LVS_DROP_ATTR_TTL] = "ttl",
	[LVS_DROP_ATTR_TOO_BIG] = "too_big",
	[LVS_DROP_ATTR_CONN_LIMIT] = "conn_limit",
};

static void json_table(const struct lvs_table *t, const struct lvs_info *in)
{
	char a[INET6_ADDRSTRLEN], flags[64];

	printf("{\"version\":\"%u.%u.%u\",\"conns\":%u,\"drops\":{",
	       (in->version >> 16) & 0xff, (in->version >> 8) & 0xff,
	       in->version & 0xff, in->conns);
	for (int i = LVS_DROP_ATTR_MALFORMED; i < LVS_DROP_ATTR_PAD; i++)
		printf("%s\"%s\":%llu", i > LVS_DROP_ATTR_MALFORMED ? "," : "",
		       drop_names[i], (unsigned long long)in->drops[i]);
	printf("},\"services\":[");
	for (size_t i = 0; i < t->n_svcs; i++) {
		const struct lvs_service *s = &t->svcs[i];

		printf("%s{\"protocol\":\"%s\",\"family\":\"%s\",\"address\":\"%s\","
		       "\"port\":%u,\"fwmark\":%u,\"scheduler\":", i ? "," : "",
		       s->fwmark ? "fwmark" : proto_name(s->protocol, false),
		       family(s->af), addr_str(a, s->af, &s->addr), s->port,
		       s->fwmark);
		json_str(s->sched);
		printf(",\"flags\":%u,\"sched_flags\":[", s->flags);
		sched_flag_names(s, flags, sizeof(flags));
		for (const char *f = flags; *f;) {
			int len = strcspn(f, ",");

			printf("%s\"%.*s\"", f > flags ? "," : "", len, f);
			f += len;
			if (*f)
				f++;
		}
		printf("],\"persistent\":%s,\"timeout\":%u,"
		       "\"netmask\":%u,\"ops\":%s,\"stats\":",
		       s->flags & LVS_SVC_F_PERSISTENT ? "true" : "false",
		       s->timeout, s->netmask,
		       s->flags & LVS_SVC_F_ONEPACKET ? "true" : "false");
		json_stats(&s->stats);
		printf(",\"destinations\":[");
		for (size_t j = 0; j < s->n_dests; j++) {
			const struct lvs_dest *d = &s->dests[j];

			printf("%s{\"address\":\"%s\",\"port\":%u,\"forward\":\"%s\","
			       "\"weight\":%u,\"u_threshold\":%u,\"l_threshold\":%u,"
			       "\"active_conns\":%u,\"inactive_conns\":%u,"
			       "\"persistent_conns\":%u,\"stats\":", j ? "," : "",
			       addr_str(a, d->af, &d->addr), d->port,
			       FWD(d->fwd, json), d->weight, d->u_thresh,
			       d->l_thresh, d->active, d->inact, d->persist);
			json_stats(&d->stats);
			putchar('}');
		}
		printf("]}");
	}
	printf("]}\n");
}

/* ipvsadm's print_title(). */
static void text_title(const struct lvs_cmd_req *req)
{
	static const char fmt5[] = "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n";
	const char *prot = "Prot LocalAddress:Port";

	if (HAS(req, OPT_STATS))
		printf(fmt5, prot, "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
	else if (HAS(req, OPT_RATE))
		printf(fmt5, prot, "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
	else if (HAS(req, OPT_THRESHOLDS))
		printf("%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
		       prot, "Uthreshold", "Lthreshold", "ActiveConn", "InActConn");
	else if (HAS(req, OPT_PERSISTCONN))
		printf("%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
		       prot, "Weight", "PersistConn", "ActiveConn", "InActConn");
	else
		printf("Prot LocalAddress:Port Scheduler Flags\n"
		       "  -> RemoteAddress:Port           Forward %sWeight ActiveConn InActConn\n",
		       HAS(req, OPT_TUNINFO) ? "TunnelInfo    " : "");
}

static void text_dest(const struct lvs_cmd_req *req, const char *svc,
		      const struct lvs_dest *d)
{
	bool exact = HAS(req, OPT_EXACT);
	char name[NAME_LEN];

	addrport(name, d->af, &d->addr, d->port);
	if (req->op == OP_SAVE) {
		printf("-a %s -r %s %s -w %u%s", svc, name, FWD(d->fwd, opt),
		       d->weight, d->fwd == LVS_FWD_TUN ? " --tun-type ipip" : "");
		if (d->u_thresh || d->l_thresh)
			printf(" -x %u -y %u", d->u_thresh, d->l_thresh);
		putchar('\n');
	} else if (HAS(req, OPT_STATS)) {
		printf("  -> %-28s", name);
		largenums(&d->stats, LVS_STATS_ATTR_CONNS, LVS_STATS_ATTR_OUTBYTES, exact);
		putchar('\n');
	} else if (HAS(req, OPT_RATE)) {
		/* ipvsadm prints the first three rates unscaled. */
		printf("  -> %-28s %8llu %8llu %8llu", name,
		       (unsigned long long)d->stats.v[LVS_STATS_ATTR_CPS],
		       (unsigned long long)d->stats.v[LVS_STATS_ATTR_INPPS],
		       (unsigned long long)d->stats.v[LVS_STATS_ATTR_OUTPPS]);
		largenums(&d->stats, LVS_STATS_ATTR_INBPS, LVS_STATS_ATTR_OUTBPS, exact);
		putchar('\n');
	} else if (HAS(req, OPT_THRESHOLDS)) {
		printf("  -> %-28s %-10u %-10u %-10u %-10u\n", name,
		       d->u_thresh, d->l_thresh, d->active, d->inact);
	} else if (HAS(req, OPT_PERSISTCONN)) {
		printf("  -> %-28s %-9u %-11u %-10u %-10u\n", name,
		       d->weight, d->persist, d->active, d->inact);
	} else if (HAS(req, OPT_TUNINFO)) {
		printf("  -> %-28s %-7s %-13s %-6u %-10u %-10u\n", name,
		       FWD(d->fwd, name), d->fwd == LVS_FWD_TUN ? "ipip" : "n/a",
		       d->weight, d->active, d->inact);
	} else {
		printf("  -> %-28s %-7s %-6u %-10u %-10u\n", name,
		       FWD(d->fwd, name), d->weight, d->active, d->inact);
	}
}

/* ipvsadm's service name: "-t VIP:port" / "TCP  VIP:port", "-f 1 -6" / "FWM  1 IPv6". */
static void svc_name(char *svc, size_t len, const struct lvs_service *s,
		     bool save)
{
	char name[NAME_LEN];
	bool v6 = s->af == AF_INET6;

	if (s->fwmark) {
		snprintf(svc, len, save ? "-f %u%s" : "FWM  %u%s", s->fwmark,
			 v6 ? (save ? " -6" : " IPv6") : "");
		return;
	}
	addrport(name, s->af, &s->addr, s->port);
	if (save)
		snprintf(svc, len, "%s %s",
			 s->protocol == IPPROTO_TCP ? "-t" : "-u", name);
	else
		snprintf(svc, len, "%-4s %s", proto_name(s->protocol, true),
			 name);
}

/* -p/-M/-o for -S, " persistent N mask M ops" for -L, as ipvsadm. */
static void svc_flags(const struct lvs_service *s, bool save)
{
	struct in_addr mask;
	bool full = s->netmask == (s->af == AF_INET6 ? 128u : 32u);

	if (s->flags & LVS_SVC_F_PERSISTENT) {
		printf(save ? " -p %u" : " persistent %u", s->timeout);
		if (!full && s->af == AF_INET6) {
			printf(save ? " -M %u" : " mask %u", s->netmask);
		} else if (!full) {
			mask.s_addr = htonl(s->netmask ? ~0u << (32 - s->netmask) : 0);
			printf(save ? " -M %s" : " mask %s", inet_ntoa(mask));
		}
	}
	if (s->flags & LVS_SVC_F_ONEPACKET)
		printf(save ? " -o" : " ops");
}

/* ipvsadm's print_service_entry(), for the formats lvs has. */
static void text_service(const struct lvs_cmd_req *req,
			 const struct lvs_service *s)
{
	bool save = req->op == OP_SAVE, exact = HAS(req, OPT_EXACT);
	char svc[NAME_LEN + 8], flags[64];

	svc_name(svc, sizeof(svc), s, save);
	sched_flag_names(s, flags, sizeof(flags));
	/* ipvsadm's order: -p/-M/-o before -b, "(flags)" before the rest. */
	if (save) {
		printf("-A %s -s %s", svc, s->sched);
		svc_flags(s, true);
		printf("%s%s\n", *flags ? " -b " : "", flags);
	} else if (HAS(req, OPT_STATS) || HAS(req, OPT_RATE)) {
		printf("%-33s", svc);
		if (HAS(req, OPT_STATS))
			largenums(&s->stats, LVS_STATS_ATTR_CONNS,
				  LVS_STATS_ATTR_OUTBYTES, exact);
		else
			largenums(&s->stats, LVS_STATS_ATTR_CPS,
				  LVS_STATS_ATTR_OUTBPS, exact);
		putchar('\n');
	} else {
		printf("%s %s", svc, s->sched);
		if (*flags)
			printf(" (%s)", flags);
		svc_flags(s, false);
		putchar('\n');
	}
	for (size_t i = 0; i < s->n_dests; i++)
		text_dest(req, svc, &s->dests[i]);
}

static int list_services(const struct lvs_cmd_req *req)
{
	bool all = !HAS(req, OPT_SERVICE), json = HAS(req, OPT_JSON);
	struct lvs_table t = { 0 };
	struct lvs_info info = { 0 };
	int err = 0;

	/* The version line only heads a full -L, as in ipvsadm. */
	if (json || (all && req->op == OP_LIST))
		err = nl_get_info(&info);
	if (!err)
		err = nl_get_table(all ? NULL : &req->svc, &t);
	if (err) {
		table_free(&t);
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}

	if (!HAS(req, OPT_NOSORT)) {
		qsort(t.svcs, t.n_svcs, sizeof(*t.svcs), cmp_svc);
		for (size_t i = 0; i < t.n_svcs; i++)
			qsort(t.svcs[i].dests, t.svcs[i].n_dests,
			      sizeof(*t.svcs[i].dests), cmp_dest);
	}

	if (json) {
		json_table(&t, &info);
	} else {
		if (all && req->op == OP_LIST)
			printf("IP Virtual Server version %u.%u.%u (size=%u)\n",
			       (info.version >> 16) & 0xff,
			       (info.version >> 8) & 0xff, info.version & 0xff,
			       info.conns);
		if (req->op == OP_LIST)
			text_title(req);
		for (size_t i = 0; i < t.n_svcs; i++)
			text_service(req, &t.svcs[i]);
	}
	table_free(&t);
	return 0;
}

/* A connection's JSON members, without the braces. */
static void json_conn_members(const struct lvs_conn *c)
{
	char ca[INET6_ADDRSTRLEN], va[INET6_ADDRSTRLEN], da[INET6_ADDRSTRLEN];

	printf("\"protocol\":\"%s\",\"family\":\"%s\","
	       "\"client_address\":\"%s\",\"client_port\":%u,"
	       "\"virtual_address\":\"%s\",\"virtual_port\":%u,"
	       "\"dest_address\":\"%s\",\"dest_port\":%u,\"forward\":\"%s\","
	       "\"state\":\"%s\",\"expires_ms\":%u,\"template\":%s",
	       proto_name(c->protocol, false), family(c->af),
	       addr_str(ca, c->af, &c->caddr), c->cport,
	       addr_str(va, c->af, &c->vaddr), c->vport,
	       addr_str(da, c->af, &c->daddr), c->dport, FWD(c->fwd, json),
	       state_name(c->state), c->expires_ms,
	       c->flags & LVS_CONN_F_TEMPLATE ? "true" : "false");
}

static void json_conn(const struct lvs_conn *c, bool first)
{
	printf("%s{", first ? "" : ",");
	json_conn_members(c);
	putchar('}');
}

/* ipvsadm's list_conn(): expiry in whole seconds, as /proc shows it. */
static void text_conn(const struct lvs_conn *c)
{
	char cn[NAME_LEN], vn[NAME_LEN], dn[NAME_LEN], exp[16];
	unsigned int secs = c->expires_ms / 1000;

	snprintf(exp, sizeof(exp), "%02u:%02u", secs / 60, secs % 60);
	printf("%-3s %-6s %-11s %-18s %-18s %s\n",
	       proto_name(c->protocol, true), exp, state_name(c->state),
	       addrport(cn, c->af, &c->caddr, c->cport),
	       addrport(vn, c->af, &c->vaddr, c->vport),
	       addrport(dn, c->af, &c->daddr, c->dport));
}

static int list_conns(const struct lvs_cmd_req *req)
{
	struct lvs_conn_list l = { 0 };
	int err = nl_get_conns(&req->filter, &l);

	if (err) {
		free(l.conns);
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}
	if (!HAS(req, OPT_NOSORT))
		qsort(l.conns, l.n, sizeof(*l.conns), cmp_conn);

	if (HAS(req, OPT_JSON)) {
		printf("{\"connections\":[");
		for (size_t i = 0; i < l.n; i++)
			json_conn(&l.conns[i], i == 0);
		printf("]}\n");
	} else {
		printf("IPVS connection entries\n");
		if (HAS(req, OPT_PERSISTCONN))
			printf("pro expire %-11s %-18s %-18s %-18s %-16s %s\n",
			       "state", "source", "virtual", "destination",
			       "pe name", "pe_data");
		else
			printf("pro expire %-11s %-18s %-18s %s\n",
			       "state", "source", "virtual", "destination");
		for (size_t i = 0; i < l.n; i++)
			text_conn(&l.conns[i]);
	}
	free(l.conns);
	return 0;
}

static int list_timeouts(const struct lvs_cmd_req *req)
{
	uint32_t tmo[__LVS_STATE_MAX] = { 0 };
	int err = nl_get_timeouts(tmo);
	uint32_t tcp = tmo[LVS_TIMEOUT_ATTR(LVS_STATE_TCP_ESTABLISHED)];
	uint32_t fin = tmo[LVS_TIMEOUT_ATTR(LVS_STATE_TCP_FIN_WAIT)];
	uint32_t udp = tmo[LVS_TIMEOUT_ATTR(LVS_STATE_UDP)];

	if (err) {
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}
	if (HAS(req, OPT_JSON)) {
		printf("{\"tcp\":%u,\"tcpfin\":%u,\"udp\":%u,\"states\":{",
		       tcp, fin, udp);
		for (int s = 1; s < __LVS_STATE_MAX; s++) {
			printf("%s\"", s > 1 ? "," : "");
			for (const char *n = state_name(s); *n; n++)
				putchar(tolower((unsigned char)*n));
			printf("\":%u", tmo[LVS_TIMEOUT_ATTR(s)]);
		}
		printf("}}\n");
	} else {
		printf("Timeout (tcp tcpfin udp): %u %u %u\n", tcp, fin, udp);
	}
	return 0;
}

/*
 * --show-config: one key=value per line, as --set-config takes them, or
 * {"max_conns":N,"fast_path":B,"mh_table_size":N}.
 */
int show_config(const struct lvs_cmd_req *req)
{
	struct lvs_config cfg;
	int err = nl_get_config(&cfg);

	if (err) {
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}
	if (HAS(req, OPT_JSON))
		printf("{\"max_conns\":%u,\"fast_path\":%s,\"mh_table_size\":%u}\n",
		       cfg.max_conns, cfg.fast_path ? "true" : "false",
		       cfg.mh_table_size);
	else
		printf("max_conns=%u\nfast_path=%u\nmh_table_size=%u\n",
		       cfg.max_conns, cfg.fast_path, cfg.mh_table_size);
	return 0;
}

/* --del-conn: "N connections deleted", or {"deleted":N}. */
int del_conns(const struct lvs_cmd_req *req)
{
	uint32_t n;
	int err = nl_del_conns(&req->filter, &n);

	if (err) {
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}
	if (HAS(req, OPT_JSON))
		printf("{\"deleted\":%u}\n", n);
	else
		printf("%u connection%s deleted\n", n, n == 1 ? "" : "s");
	return 0;
}

static const char *const event_names[__LVS_CONN_EVENT_MAX] = {
	[LVS_CONN_EVENT_NEW] = "new",
	[LVS_CONN_EVENT_STATE] = "state",
	[LVS_CONN_EVENT_DESTROY] = "destroy",
};

struct monitor_state {
	const struct lvs_cmd_req *req;
	uint32_t seen;
};

static bool addr_eq(uint16_t af, const union lvs_addr *a,
		    const union lvs_addr *b)
{
	return !memcmp(a, b, af == AF_INET6 ? sizeof(a->v6) : sizeof(a->v4));
}

/*
 * The kernel's rule for the keys lvsadm sets (kernel/conn_nl.c), for
 * events filtered here.
 */
static bool filter_match(const struct lvs_conn_filter *f, const struct lvs_conn *c)
{
	unsigned int k = f->keys;
	const struct lvs_conn *w = &f->c;

	return (!(k & FKEY(AF)) || c->af == w->af) &&
	       (!(k & FKEY(PROTOCOL)) || c->protocol == w->protocol) &&
	       (!(k & FKEY(CADDR)) || addr_eq(c->af, &c->caddr, &w->caddr)) &&
	       (!(k & FKEY(CPORT)) || c->cport == w->cport) &&
	       (!(k & FKEY(VADDR)) || addr_eq(c->af, &c->vaddr, &w->vaddr)) &&
	       (!(k & FKEY(VPORT)) || c->vport == w->vport) &&
	       (!(k & FKEY(DADDR)) || addr_eq(c->af, &c->daddr, &w->daddr)) &&
	       (!(k & FKEY(DPORT)) || c->dport == w->dport) &&
	       (!(k & FKEY(STATE)) || c->state == w->state);
}

/* One line per event, flushed: a pipe reader sees it at once. */
static int print_event(uint32_t ev, const struct lvs_conn *c, void *arg)
{
	struct monitor_state *m = arg;
	const char *name = ev < __LVS_CONN_EVENT_MAX && event_names[ev] ?
			   event_names[ev] : "?";

	if (!filter_match(&m->req->filter, c))
		return 0;
	if (HAS(m->req, OPT_JSON)) {
		printf("{\"event\":\"%s\",", name);
		json_conn_members(c);
		printf("}\n");
	} else {
		printf("%-7s ", name);
		text_conn(c);
	}
	fflush(stdout);
	return m->req->count && ++m->seen == m->req->count;
}

int monitor(const struct lvs_cmd_req *req)
{
	struct monitor_state m = { req, 0 };
	int err = nl_monitor_join();

	/* The title says the events to come will be seen. */
	if (!err && !HAS(req, OPT_JSON)) {
		printf("IPVS connection events\n"
		       "event   pro expire %-11s %-18s %-18s %s\n",
		       "state", "source", "virtual", "destination");
		fflush(stdout);
	}
	if (!err)
		err = nl_monitor(print_event, &m);
	if (err) {
		print_error(0, req->op, -err);
		return EXIT_FAIL;
	}
	return 0;
}

/* -L in all its forms, and -S. */
int show_list(const struct lvs_cmd_req *req)
{
	if (HAS(req, OPT_CONNECTION))
		return list_conns(req);
	if (HAS(req, OPT_TIMEOUT))
		return list_timeouts(req);
	return list_services(req);
}
