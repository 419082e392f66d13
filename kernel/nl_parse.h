/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of configuration attributes (nl_parse.c) that change.c applies;
 * lvs_nl_service(), lvs_nl_parse_af() and lvs_nl_parse_addr() are in
 * lvs.h, for the other netlink files.
 */
#ifndef _LVS_NL_PARSE_H
#define _LVS_NL_PARSE_H

#include "lvs.h"

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
