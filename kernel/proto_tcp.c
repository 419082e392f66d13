// SPDX-License-Identifier: GPL-2.0
/*
 * TCP as the director sees it, after Stevens and IPVS: a connection moves
 * through the states of enum lvs_state on the flags of the segments it
 * forwards. The state decides the connection's timeout and whether it
 * counts as active for the schedulers.
 *
 * Opening states describe the handshake: SYN_SENT once the client's SYN
 * went through, SYN_RECV once the server answered it. Closing states are
 * the server's, as ipvsadm shows them: a client FIN leaves the server in
 * CLOSE_WAIT, a server FIN puts it in FIN_WAIT. Where the director sees
 * only the client (DR, TUN), a client FIN means FIN_WAIT, as in IPVS.
 */
#include <linux/tcp.h>
#include <net/tcp.h>

#include "lvs.h"

/* The flag of a segment that drives the machine, by priority. */
enum lvs_tcp_event {
	LVS_EV_RST,
	LVS_EV_SYN,
	LVS_EV_FIN,
	LVS_EV_ACK,
	LVS_EV_NONE,	/* no flag we act on: the state stays; not in tables */
};

static enum lvs_tcp_event lvs_tcp_event(u8 flags)
{
	if (flags & TCPHDR_RST)
		return LVS_EV_RST;
	if (flags & TCPHDR_SYN)
		return LVS_EV_SYN;
	if (flags & TCPHDR_FIN)
		return LVS_EV_FIN;
	if (flags & TCPHDR_ACK)
		return LVS_EV_ACK;
	return LVS_EV_NONE;
}

#define S_NO LVS_STATE_NONE
#define S_ES LVS_STATE_TCP_ESTABLISHED
#define S_SS LVS_STATE_TCP_SYN_SENT
#define S_SR LVS_STATE_TCP_SYN_RECV
#define S_FW LVS_STATE_TCP_FIN_WAIT
#define S_TW LVS_STATE_TCP_TIME_WAIT
#define S_CL LVS_STATE_TCP_CLOSE
#define S_CW LVS_STATE_TCP_CLOSE_WAIT
#define S_LA LVS_STATE_TCP_LAST_ACK
#define S_LI LVS_STATE_TCP_LISTEN
#define S_SA LVS_STATE_TCP_SYNACK

/*
 * Next state by [half][direction][event][current state]. Full connections
 * (NAT) show the director both directions. Half connections (DR, TUN) show
 * it the client's packets only, so the client's flags alone drive them:
 * its SYN opens, its first ACK establishes, its FIN starts the close.
 * They never leave the states of that path, and never see LVS_DIR_OUT.
 *
 * A client SYN on a closing connection is the client reusing its port: the
 * handshake starts over. LISTEN and SYNACK are never entered here; they
 * only leave on RST.
 */
static const u8 lvs_tcp_table[2][2][LVS_EV_NONE][__LVS_STATE_MAX] = {
	[false][LVS_DIR_IN] = {
		/*               S_NO  S_ES  S_SS  S_SR  S_FW  S_TW  S_CL  S_CW  S_LA  S_LI  S_SA */
		[LVS_EV_RST] = { S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL },
		[LVS_EV_SYN] = { S_SS, S_ES, S_SS, S_SR, S_SS, S_SS, S_SS, S_SS, S_SS, S_LI, S_SA },
		[LVS_EV_FIN] = { S_NO, S_CW, S_SS, S_CW, S_TW, S_TW, S_CL, S_CW, S_LA, S_LI, S_SA },
		[LVS_EV_ACK] = { S_NO, S_ES, S_SS, S_ES, S_FW, S_TW, S_CL, S_CW, S_CL, S_LI, S_SA },
	},
	[false][LVS_DIR_OUT] = {
		/*               S_NO  S_ES  S_SS  S_SR  S_FW  S_TW  S_CL  S_CW  S_LA  S_LI  S_SA */
		[LVS_EV_RST] = { S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL },
		[LVS_EV_SYN] = { S_NO, S_ES, S_SR, S_SR, S_FW, S_TW, S_CL, S_CW, S_LA, S_LI, S_SA },
		[LVS_EV_FIN] = { S_NO, S_FW, S_SS, S_FW, S_FW, S_TW, S_CL, S_LA, S_LA, S_LI, S_SA },
		[LVS_EV_ACK] = { S_NO, S_ES, S_SS, S_SR, S_FW, S_TW, S_CL, S_CW, S_LA, S_LI, S_SA },
	},
	/*
	 * A FIN or ACK in SYN_SENT means the client's handshake ACK went
	 * astray: the connection is up all the same.
	 */
	[true][LVS_DIR_IN] = {
		/*               S_NO  S_ES  S_SS  S_SR  S_FW  S_TW  S_CL  S_CW  S_LA  S_LI  S_SA */
		[LVS_EV_RST] = { S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL, S_CL },
		[LVS_EV_SYN] = { S_SS, S_ES, S_SS, S_SS, S_SS, S_SS, S_SS, S_SS, S_SS, S_LI, S_SA },
		[LVS_EV_FIN] = { S_NO, S_FW, S_FW, S_FW, S_FW, S_TW, S_CL, S_CW, S_LA, S_LI, S_SA },
		[LVS_EV_ACK] = { S_NO, S_ES, S_ES, S_ES, S_FW, S_TW, S_CL, S_CW, S_LA, S_LI, S_SA },
	},
};

u8 lvs_tcp_next_state(const struct lvs_conn *c, enum lvs_dir dir,
		      u8 tcp_flags)
{
	enum lvs_tcp_event ev = lvs_tcp_event(tcp_flags);
	bool half = c->fwd != LVS_FWD_NAT;

	if (ev == LVS_EV_NONE)
		return c->state;
	return lvs_tcp_table[half][dir][ev][c->state];
}

/*
 * Only a client's first SYN opens a connection; the rest of a flow we do
 * not know goes to the local stack, which answers with a RST.
 */
static bool lvs_tcp_may_create(const struct lvs_pkt *pkt)
{
	return (pkt->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST |
				  TCPHDR_FIN)) == TCPHDR_SYN;
}

const struct lvs_proto lvs_proto_tcp = {
	.hdrlen		= sizeof(struct tcphdr),
	.may_create	= lvs_tcp_may_create,
	.next_state	= lvs_tcp_next_state,
};
