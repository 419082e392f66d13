/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of request attributes (nl_parse.c): the keys every netlink file
 * takes, and the settings change.c applies.
 */
#ifndef _LVS_NL_PARSE_H
#define _LVS_NL_PARSE_H

#include "lvs.h"

/* Parse the key of the service a command names and find it, or ERR_PTR. */
struct lvs_service *lvs_nl_service(struct lvs_net *ln, struct genl_info *info,
				   struct lvs_service_cfg *cfg);
/* An AF attribute: AF_INET or AF_INET6, else -EAFNOSUPPORT (both families). */
int lvs_nl_parse_af(struct nlattr *af_attr, u8 *af,
		    struct netlink_ext_ack *extack);
int lvs_nl_parse_addr(struct nlattr *af_attr, struct nlattr *addr_attr,
		      u8 *af, union nf_inet_addr *addr,
		      struct netlink_ext_ack *extack);
/* The service key; tb keeps the nest for lvs_service_settings(). */
int lvs_parse_service(struct genl_info *info, struct nlattr **tb,
		      struct lvs_service_cfg *cfg);
/* The settings given replace those in cfg (defaults, or the current). */
int lvs_service_settings(struct nlattr **tb, struct lvs_service_cfg *cfg,
			 struct netlink_ext_ack *extack);
/*
 * Parse the service key (tb gets the nest) and find it, or an ERR_PTR
 * (-ESRCH: none has the key); config_mutex held.
 */
struct lvs_service *lvs_nl_service_tb(struct lvs_net *ln,
				      struct genl_info *info,
				      struct nlattr **tb,
				      struct lvs_service_cfg *cfg);
/* A real server's key; its settings stay in tb for lvs_dest_settings(). */
int lvs_parse_dest_key(struct genl_info *info, const struct lvs_service *svc,
		       struct nlattr **tb, struct lvs_dest_cfg *cfg);
/* Settings given in the request replace those in cfg. */
void lvs_dest_settings(struct nlattr **tb, struct lvs_dest_cfg *cfg);

#endif /* _LVS_NL_PARSE_H */
