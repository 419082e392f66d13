/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPVS family (ipvs_nl.c) and its replies (ipvs_msg.c): ip_vs's
 * encodings of lvs's services, real servers and settings.
 */
#ifndef _LVS_IPVS_NL_H
#define _LVS_IPVS_NL_H

#include "lvs.h"

extern struct genl_family lvs_ipvs_family;

/*
 * lvs's connection table grows as needed; ip_vs's default size is what
 * ipvsadm's header (GET_INFO) and /proc/net/ip_vs show of a director
 * that never tuned it.
 */
#define LVS_IPVS_CONN_TAB_SIZE	4096

/* ip_vs's service flags, forwarding method and netmask for lvs's. */
u32 lvs_ipvs_flags(u32 flags);
u32 lvs_ipvs_fwd(u8 fwd);
u32 lvs_ipvs_netmask(const struct lvs_service *svc);

int lvs_ipvs_fill_service(struct sk_buff *skb, void *svc);
int lvs_ipvs_fill_dest(struct sk_buff *skb, void *dest);
int lvs_ipvs_fill_info(struct sk_buff *skb, void *ln);
int lvs_ipvs_fill_config(struct sk_buff *skb, void *ln);

/* One message of a dump, and a reply, of the IPVS family. */
int lvs_ipvs_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
		 lvs_fill_fn fill, void *obj);
int lvs_ipvs_reply(struct genl_info *info, u8 cmd, lvs_fill_fn fill,
		   void *obj);

/*
 * ip_vs's files in each namespace, served with the IPVS family:
 * /proc/net/ip_vs{,_conn,_stats} (ipvs_proc.c) and net.ipv4.vs.*
 * (ipvs_sysctl.c). Each registers its own pernet operations.
 */
int lvs_ipvs_proc_init(void);
void lvs_ipvs_proc_exit(void);
int lvs_ipvs_sysctl_init(void);
void lvs_ipvs_sysctl_exit(void);

#endif /* _LVS_IPVS_NL_H */
