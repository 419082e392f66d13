// SPDX-License-Identifier: GPL-2.0
/*
 * UDP has no connection to follow: any datagram may open one, and it lives
 * in the single state LVS_STATE_UDP until no datagram refreshed it for the
 * UDP timeout.
 */
#include <linux/udp.h>

#include "lvs.h"

static bool lvs_udp_may_create(const struct lvs_pkt *pkt)
{
	return true;
}

static u8 lvs_udp_next_state(const struct lvs_conn *c, enum lvs_dir dir,
			     u8 tcp_flags)
{
	return LVS_STATE_UDP;
}

const struct lvs_proto lvs_proto_udp = {
	.hdrlen		= sizeof(struct udphdr),
	.may_create	= lvs_udp_may_create,
	.next_state	= lvs_udp_next_state,
};
