// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: every namespace has its own services,
 * connections, timeouts and hooks, like IPVS; the hooks only from the
 * namespace's first service on.
 */

#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <net/net_namespace.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "lvs.h"

unsigned int lvs_net_id __read_mostly;

static bool fast_path = true;
module_param(fast_path, bool, 0444);
MODULE_PARM_DESC(fast_path,
		 "default for new namespaces: send client packets on from PRE_ROUTING when nothing runs before lvs at LOCAL_IN (default: on)");

/* Default timeouts in seconds: IPVS's, but SYN_SENT and FIN_WAIT (lvs.7). */
static const unsigned int lvs_default_timeouts[__LVS_STATE_MAX] = {
	[LVS_STATE_NONE] = 2,
	[LVS_STATE_TCP_ESTABLISHED] = 15 * 60,
	[LVS_STATE_TCP_SYN_SENT] = 60,
	[LVS_STATE_TCP_SYN_RECV] = 60,
	[LVS_STATE_TCP_FIN_WAIT] = 60,
	[LVS_STATE_TCP_TIME_WAIT] = 2 * 60,
	[LVS_STATE_TCP_CLOSE] = 10,
	[LVS_STATE_TCP_CLOSE_WAIT] = 60,
	[LVS_STATE_TCP_LAST_ACK] = 30,
	[LVS_STATE_TCP_LISTEN] = 2 * 60,
	[LVS_STATE_TCP_SYNACK] = 2 * 60,
	[LVS_STATE_UDP] = 5 * 60,
};

void lvs_timeouts_default(unsigned long *timeouts)
{
	unsigned int i;

	for (i = 0; i < __LVS_STATE_MAX; i++)
		timeouts[i] = lvs_default_timeouts[i] * HZ;
}

static int __net_init lvs_net_init(struct net *net)
{
	struct lvs_net *ln = lvs_pernet(net);

	ln->net = net;
	mutex_init(&ln->config_mutex);
	lvs_timeouts_default(ln->timeouts);
	ln->fast_path = fast_path;
	ln->mh_table_size = lvs_mh_table_size;
	return lvs_conn_init(ln);
}

/*
 * A namespace's packets pay nothing for lvs until its first service:
 * only then are the hooks, fragment reassembly and the rate estimator
 * started (as IPVS registers its hooks with the first service), so a
 * host of containers pays only where lvs is used. They stay until the
 * namespace goes: connections outlive their service.
 */
int lvs_net_enable(struct lvs_net *ln, struct netlink_ext_ack *extack)
{
	struct net *net = ln->net;
	int ret;

	lockdep_assert_held(&ln->config_mutex);
	if (ln->enabled)
		return 0;
	/*
	 * Fragments are reassembled before our hooks, as for IPVS: only a
	 * whole packet can be matched to its connection by its ports.
	 */
	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		goto err;
	ret = nf_defrag_ipv6_enable(net);
	if (ret)
		goto err_defrag4;
	ret = lvs_hooks_register(net);
	if (ret)
		goto err_defrag6;
	lvs_est_start(ln);
	ln->enabled = true;
	return 0;

err_defrag6:
	nf_defrag_ipv6_disable(net);
err_defrag4:
	nf_defrag_ipv4_disable(net);
err:
	NL_SET_ERR_MSG_MOD(extack, "cannot register the namespace's hooks");
	return ret;
}

static void __net_exit lvs_net_exit(struct net *net)
{
	struct lvs_net *ln = lvs_pernet(net);

	if (ln->enabled) {
		/* Unregistering waits for packets in flight (synchronize_net). */
		lvs_hooks_unregister(net);
		lvs_est_stop(ln);
	}
	lvs_conn_exit(ln);
	mutex_lock(&ln->config_mutex);
	lvs_service_flush(ln);
	lvs_service_table_free(ln);
	mutex_unlock(&ln->config_mutex);
	if (ln->enabled) {
		nf_defrag_ipv6_disable(net);
		nf_defrag_ipv4_disable(net);
	}
}

/*
 * Every namespace gets one, lvs used there or not (the pernet core
 * allocates .size): it stays small, the service table apart.
 */
static_assert(sizeof(struct lvs_net) <= PAGE_SIZE);

static struct pernet_operations lvs_net_ops = {
	.init = lvs_net_init,
	.exit = lvs_net_exit,
	.id   = &lvs_net_id,
	.size = sizeof(struct lvs_net),
};

/*
 * As a device's pernet ops, as IPVS's cleanup: a dying namespace runs our
 * exit before it unregisters its devices, so the routes our real servers
 * keep (and their device references) are gone by then. A route kept while
 * packets were still in flight at teardown would otherwise hold its
 * device, and unregistering it would wait for our exit, which comes after.
 */
int lvs_netns_init(void)
{
	return register_pernet_device(&lvs_net_ops);
}

void lvs_netns_exit(void)
{
	unregister_pernet_device(&lvs_net_ops);
}
