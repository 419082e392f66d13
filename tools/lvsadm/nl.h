// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - what nl.c shares with nl_conn.c: the socket, requests, the
 * exchange loop and the reply helpers. Not for the rest of lvsadm, which
 * calls the nl_* requests declared in lvsadm.h.
 */
#ifndef LVSADM_NL_H
#define LVSADM_NL_H

#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

/* A dump the kernel flagged as inconsistent is retried this often. */
#define DUMP_TRIES	5

/* The socket, connected on first use. */
struct nl_sock *nl_shared_sock(void);
/* Records libnl's error nlerr as the message; returns -EIO. */
int nl_fail(int nlerr);
struct nl_msg *nl_new_msg(uint8_t cmd, int flags, size_t size);
int nl_transact(struct nl_msg *msg, int (*parse)(struct nlattr *, void *),
		void *arg);

int nl_addr_len(uint16_t af);
int nl_parse_nest(struct nlattr **tb, int max, struct nlattr *nest,
		  const struct nla_policy *pol);
int nl_get_addr(struct nlattr *a, uint16_t af, union lvs_addr *out);
uint32_t nl_get_u32(struct nlattr *a);
void *nl_append(void *arr, size_t n, size_t sz);

#endif
