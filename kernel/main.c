// SPDX-License-Identifier: GPL-2.0
/*
 * lvs - a layer-4 load balancer in the tradition of the Linux Virtual
 * Server: module entry and exit only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "lvs.h"

static int __init lvs_mod_init(void)
{
	int ret;

	ret = lvs_conn_cache_init();
	if (ret)
		return ret;
	ret = lvs_sched_init();
	if (ret)
		goto err_cache;
	ret = lvs_netns_init();
	if (ret)
		goto err_cache;
	/* Last: no request may find a namespace without its state. */
	ret = lvs_genl_init();
	if (ret)
		goto err_netns;
	lvs_ipvs_init();
	pr_info("version %d.%d.%d loaded\n", LVS_VERSION_CODE >> 16,
		(LVS_VERSION_CODE >> 8) & 0xff, LVS_VERSION_CODE & 0xff);
	return 0;

err_netns:
	lvs_netns_exit();
err_cache:
	lvs_conn_cache_exit();
	return ret;
}

/*
 * Not init's mirror: the LVS family goes after the namespaces, whose hooks
 * and timers send connection events until their exit returns. Requests
 * cannot run meanwhile: each holds the module (netlink.c). IPVS goes
 * first: its /proc/net and sysctl files read the namespaces' state.
 */
static void __exit lvs_mod_exit(void)
{
	lvs_ipvs_exit();
	lvs_netns_exit();
	lvs_genl_exit();
	/* Freed real servers queue their service's free: wait for both. */
	rcu_barrier();
	rcu_barrier();
	lvs_conn_cache_exit();
}

module_init(lvs_mod_init);
module_exit(lvs_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lvs: layer-4 load balancer (VS/NAT, VS/TUN, VS/DR)");
MODULE_AUTHOR("The lvs developers");
/* A client asking for ip_vs's family gets lvs loaded (ipvs_nl.c). */
MODULE_ALIAS_GENL_FAMILY("IPVS");
