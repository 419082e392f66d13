// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP state machine of proto_tcp.c, driven through lvs_proto_tcp's
 * ops, against a table of transitions written out by hand from the
 * design (Stevens/IPVS), and the default timeout of every state.
 */
#include <linux/jiffies.h>
#include <net/tcp.h>

#include "lvs_kunit.h"

#define NO LVS_STATE_NONE
#define ES LVS_STATE_TCP_ESTABLISHED
#define SS LVS_STATE_TCP_SYN_SENT
#define SR LVS_STATE_TCP_SYN_RECV
#define FW LVS_STATE_TCP_FIN_WAIT
#define TW LVS_STATE_TCP_TIME_WAIT
#define CL LVS_STATE_TCP_CLOSE
#define CW LVS_STATE_TCP_CLOSE_WAIT
#define LA LVS_STATE_TCP_LAST_ACK
#define LI LVS_STATE_TCP_LISTEN
#define SA LVS_STATE_TCP_SYNACK

#define SYN TCPHDR_SYN
#define ACK TCPHDR_ACK
#define FIN TCPHDR_FIN
#define RST TCPHDR_RST
#define PSH TCPHDR_PSH

struct tcp_step {
	u8 fwd;
	u8 from;
	u8 dir;
	u8 flags;
	u8 to;
};

static const struct tcp_step tcp_steps[] = {
	/* NAT: the three-way handshake, data, and a client-first close */
	{ LVS_FWD_NAT, NO, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_NAT, SS, LVS_DIR_OUT, SYN | ACK, SR },
	{ LVS_FWD_NAT, SR, LVS_DIR_IN,  ACK,       ES },
	{ LVS_FWD_NAT, ES, LVS_DIR_IN,  ACK | PSH, ES },
	{ LVS_FWD_NAT, ES, LVS_DIR_OUT, ACK,       ES },
	{ LVS_FWD_NAT, ES, LVS_DIR_IN,  FIN | ACK, CW },
	{ LVS_FWD_NAT, CW, LVS_DIR_OUT, FIN | ACK, LA },
	{ LVS_FWD_NAT, LA, LVS_DIR_IN,  ACK,       CL },
	/* NAT: a server-first close */
	{ LVS_FWD_NAT, ES, LVS_DIR_OUT, FIN | ACK, FW },
	{ LVS_FWD_NAT, FW, LVS_DIR_IN,  ACK,       FW },
	{ LVS_FWD_NAT, FW, LVS_DIR_IN,  FIN | ACK, TW },
	{ LVS_FWD_NAT, TW, LVS_DIR_IN,  ACK,       TW },
	/* NAT: RST wins over every other flag, in either direction */
	{ LVS_FWD_NAT, ES, LVS_DIR_IN,  RST,       CL },
	{ LVS_FWD_NAT, SS, LVS_DIR_OUT, RST | ACK, CL },
	{ LVS_FWD_NAT, SR, LVS_DIR_IN,  RST | SYN, CL },
	{ LVS_FWD_NAT, LI, LVS_DIR_OUT, RST,       CL },
	/* NAT: a client reusing its port restarts the handshake */
	{ LVS_FWD_NAT, TW, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_NAT, CL, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_NAT, FW, LVS_DIR_IN,  SYN,       SS },
	/* NAT: no flag we act on keeps the state */
	{ LVS_FWD_NAT, ES, LVS_DIR_IN,  PSH,       ES },
	{ LVS_FWD_NAT, SS, LVS_DIR_OUT, 0,         SS },
	{ LVS_FWD_NAT, NO, LVS_DIR_IN,  ACK,       NO },
	/* DR/TUN: only the client's packets */
	{ LVS_FWD_DR,  NO, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_DR,  SS, LVS_DIR_IN,  ACK,       ES },
	{ LVS_FWD_DR,  SS, LVS_DIR_IN,  FIN | ACK, FW },
	{ LVS_FWD_DR,  ES, LVS_DIR_IN,  FIN | ACK, FW },
	{ LVS_FWD_DR,  FW, LVS_DIR_IN,  ACK,       FW },
	{ LVS_FWD_DR,  ES, LVS_DIR_IN,  RST,       CL },
	{ LVS_FWD_TUN, NO, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_TUN, SS, LVS_DIR_IN,  ACK,       ES },
	{ LVS_FWD_TUN, CL, LVS_DIR_IN,  SYN,       SS },
	{ LVS_FWD_TUN, TW, LVS_DIR_IN,  ACK,       TW },
};

static void tcp_step_desc(const struct tcp_step *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "fwd%u state %u %s flags %#x",
		 s->fwd, s->from,
		 s->dir == LVS_DIR_IN ? "in" : "out", s->flags);
}

KUNIT_ARRAY_PARAM(tcp_step, tcp_steps, tcp_step_desc);

static void lvs_tcp_test_transition(struct kunit *test)
{
	const struct tcp_step *s = test->param_value;
	struct lvs_conn c = { .fwd = s->fwd, .state = s->from,
			      .proto = IPPROTO_TCP };
	u8 to;

	to = lvs_proto_get(IPPROTO_TCP)->next_state(&c, s->dir, s->flags);
	KUNIT_EXPECT_EQ(test, to, s->to);
	KUNIT_EXPECT_EQ(test, lvs_tcp_next_state(&c, s->dir, s->flags), to);
}

/* Any flags in any state give a valid state; RST always closes. */
static void lvs_tcp_test_closed_under_flags(struct kunit *test)
{
	unsigned int fwd, state, dir, flags;

	for (fwd = 0; fwd < __LVS_FWD_MAX; fwd++)
		for (state = NO; state <= SA; state++)
			for (dir = 0; dir < 2; dir++) {
				struct lvs_conn c = { .fwd = fwd,
						      .state = state };

				if (fwd != LVS_FWD_NAT && dir == LVS_DIR_OUT)
					continue;
				for (flags = 0; flags < 256; flags++) {
					u8 to = lvs_tcp_next_state(&c, dir,
								   flags);

					KUNIT_ASSERT_LE(test, to, SA);
					if (flags & RST)
						KUNIT_ASSERT_EQ(test, to, CL);
				}
			}
}

static void lvs_tcp_test_may_create(struct kunit *test)
{
	struct lvs_pkt pkt = { .proto = IPPROTO_TCP };
	unsigned int flags;

	for (flags = 0; flags < 256; flags++) {
		pkt.tcp_flags = flags;
		KUNIT_EXPECT_EQ(test, lvs_proto_tcp.may_create(&pkt),
				(flags & (SYN | ACK | RST | FIN)) == SYN);
	}
}

static void lvs_tcp_test_timeouts(struct kunit *test)
{
	static const struct {
		u8 state;
		unsigned int secs;
		const char *name;
	} want[] = {
		{ NO, 2, "NONE" },
		{ ES, 15 * 60, "ESTABLISHED" },
		{ SS, 60, "SYN_SENT" },
		{ SR, 60, "SYN_RECV" },
		{ FW, 60, "FIN_WAIT" },
		{ TW, 2 * 60, "TIME_WAIT" },
		{ CL, 10, "CLOSE" },
		{ CW, 60, "CLOSE_WAIT" },
		{ LA, 30, "LAST_ACK" },
		{ LI, 2 * 60, "LISTEN" },
		{ SA, 2 * 60, "SYNACK" },
		{ LVS_STATE_UDP, 5 * 60, "UDP" },
	};
	unsigned long t[__LVS_STATE_MAX];
	unsigned int i;

	memset(t, 0xff, sizeof(t));
	lvs_timeouts_default(t);
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(want), (size_t)__LVS_STATE_MAX);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ_MSG(test, t[want[i].state],
				    (unsigned long)want[i].secs * HZ,
				    "state %s", want[i].name);
	}
}

/* UDP has one state whatever the packet. */
static void lvs_udp_test_state(struct kunit *test)
{
	struct lvs_conn c = { .proto = IPPROTO_UDP, .state = NO };
	const struct lvs_proto *p = lvs_proto_get(IPPROTO_UDP);
	struct lvs_pkt pkt = { .proto = IPPROTO_UDP };

	KUNIT_EXPECT_PTR_EQ(test, p, &lvs_proto_udp);
	KUNIT_EXPECT_EQ(test, p->hdrlen, (unsigned int)sizeof(struct udphdr));
	KUNIT_EXPECT_EQ(test, lvs_proto_tcp.hdrlen,
			(unsigned int)sizeof(struct tcphdr));
	if (p->may_create)
		KUNIT_EXPECT_TRUE(test, p->may_create(&pkt));
	if (p->next_state) {
		KUNIT_EXPECT_EQ(test, p->next_state(&c, LVS_DIR_IN, 0),
				(u8)LVS_STATE_UDP);
		c.state = LVS_STATE_UDP;
		KUNIT_EXPECT_EQ(test, p->next_state(&c, LVS_DIR_OUT, 0),
				(u8)LVS_STATE_UDP);
	}
}

static struct kunit_case lvs_tcp_cases[] = {
	KUNIT_CASE_PARAM(lvs_tcp_test_transition, tcp_step_gen_params),
	KUNIT_CASE(lvs_tcp_test_closed_under_flags),
	KUNIT_CASE(lvs_tcp_test_may_create),
	KUNIT_CASE(lvs_tcp_test_timeouts),
	KUNIT_CASE(lvs_udp_test_state),
	{}
};

static struct kunit_suite lvs_tcp_suite = {
	.name = "lvs_tcp_state",
	.test_cases = lvs_tcp_cases,
};

kunit_test_suite(lvs_tcp_suite);
