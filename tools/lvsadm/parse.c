// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - parsing of numbers, addresses and state names, and matching
 * connections against a filter. Numeric only: no DNS and no
 * /etc/services, so what lvsadm accepts never depends on the resolver.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "lvsadm.h"

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	/* strtoull would accept a sign or leading blanks; we don't. */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * "a.b.c.d[:port]", "[v6]:port" or a bare v6 address (no port then, as in
 * ipvsadm: the colons are the address's).
 */
int parse_addrport(const char *s, uint16_t *af, union lvs_addr *addr,
		   uint16_t *port, bool *has_port)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *host = buf, *p = NULL;
	uint32_t v;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);

	if (buf[0] == '[') {
		host = buf + 1;
		p = strchr(host, ']');
		if (!p || p[1] != ':')
			return -1;
		*p++ = '\0';
		if (inet_pton(AF_INET6, host, &addr->v6) != 1)
			return -1;
		*af = AF_INET6;
	} else if (strchr(host, ':') != strrchr(host, ':')) {
		/* Two colons or more: only a bare IPv6 address fits. */
		if (inet_pton(AF_INET6, host, &addr->v6) != 1)
			return -1;
		*af = AF_INET6;
	} else {
		p = strrchr(host, ':');
		if (p)
			*p = '\0';
		if (inet_pton(AF_INET, host, &addr->v4) != 1)
			return -1;
		*af = AF_INET;
	}

	*has_port = p != NULL;
	*port = 0;
	if (p) {
		if (parse_u32(p + 1, 0, 65535, &v))
			return -1;
		*port = v;
	}
	return 0;
}

/* As /proc/net/ip_vs_conn names them. */
static const char *const state_names[__LVS_STATE_MAX] = {
	"NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK",
	"UDP",
};

const char *state_name(uint32_t state)
{
	return state < __LVS_STATE_MAX ? state_names[state] : "ERR!";
}

int parse_state(const char *s, uint32_t *state)
{
	for (uint32_t i = 0; i < __LVS_STATE_MAX; i++)
		if (!strcasecmp(s, state_names[i])) {
			*state = i;
			return 0;
		}
	return -1;
}
