// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs's net.ipv4.vs.* sysctls in each namespace, for the tools and
 * boot scripts that set them. Each reads as the behaviour lvs has, and
 * accepts only that value: writing another is -EINVAL, never a knob that
 * silently does nothing. Where lvs does what ip_vs does by default, that
 * is ip_vs's default; snat_reroute reads 0 (lvs does not re-route NAT
 * replies by their new source). The sync_* values are ip_vs's defaults
 * until lvs has a sync daemon. docs/ipvs-compat.md lists them.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "ipvs_nl.h"

#define LVS_SYSCTL_VALUES	2	/* sync_threshold has two */

struct lvs_sysctl_fixed {
	const char *name;
	unsigned int count;		/* of values */
	unsigned long values[LVS_SYSCTL_VALUES];
	bool by_memory;			/* sync_qlen_max: set per namespace */
};

static const struct lvs_sysctl_fixed lvs_sysctls[] = {
	{ "amemthresh", 1, { 1024 } },	/* only the defence modes read them */
	{ "am_droprate", 1, { 10 } },
	{ "drop_entry", 1, { 0 } },	/* no defence modes */
	{ "drop_packet", 1, { 0 } },
	{ "conntrack", 1, { 0 } },	/* forwarded packets are untracked */
	{ "secure_tcp", 1, { 0 } },
	{ "snat_reroute", 1, { 0 } },
	{ "sync_version", 1, { 1 } },
	{ "sync_ports", 1, { 1 } },
	{ "sync_persist_mode", 1, { 0 } },
	{ "sync_qlen_max", 1, { 0 }, true },
	{ "sync_sock_size", 1, { 0 } },
	{ "cache_bypass", 1, { 0 } },
	{ "expire_nodest_conn", 1, { 0 } },	/* flows outlive their server */
	{ "sloppy_tcp", 1, { 0 } },	/* only a SYN opens a connection */
	{ "sloppy_sctp", 1, { 0 } },
	{ "expire_quiescent_template", 1, { 0 } },
	{ "sync_threshold", 2, { 3, 50 } },
	{ "sync_refresh_period", 1, { 0 } },
	{ "sync_retries", 1, { 0 } },
	{ "nat_icmp_send", 1, { 0 } },
	{ "pmtu_disc", 1, { 1 } },	/* too big with DF: ICMP, not fragments */
	{ "backup_only", 1, { 0 } },
	{ "conn_reuse_mode", 1, { 1 } },	/* hooks.c: lvs_conn_reusable() */
	{ "schedule_icmp", 1, { 0 } },
	{ "ignore_tunneled", 1, { 0 } },
	{ "run_estimation", 1, { 1 } },
	/* ip_vs_lblc and ip_vs_lblcr's: lvs has both schedulers built in. */
	{ "lblc_expiration", 1, { 24 * 60 * 60 } },	/* sched_lbl.c */
	{ "lblcr_expiration", 1, { 24 * 60 * 60 } },
};

/*
 * The values each namespace reads, in its own memory: the sysctl core
 * makes a namespace's entries that point at global data read-only.
 */
struct lvs_sysctl_tables {
	struct ctl_table table[ARRAY_SIZE(lvs_sysctls) + 1];
	unsigned long values[ARRAY_SIZE(lvs_sysctls)][LVS_SYSCTL_VALUES];
};

struct lvs_sysctl_net {
	struct ctl_table_header *header;
	struct lvs_sysctl_tables *tables;
};

static unsigned int lvs_sysctl_net_id __read_mostly;

static int lvs_sysctl_handler(struct ctl_table *table, int write, void *buf,
			      size_t *lenp, loff_t *ppos)
{
	const unsigned long *implemented = table->data;
	unsigned long values[LVS_SYSCTL_VALUES];
	struct ctl_table tmp = {
		.data	= values,
		.maxlen	= table->maxlen,
		.mode	= table->mode,
	};
	int ret;

	memcpy(values, implemented, table->maxlen);
	ret = proc_doulongvec_minmax(&tmp, write, buf, lenp, ppos);
	if (write && !ret && memcmp(values, implemented, table->maxlen))
		return -EINVAL;
	return ret;
}

static int __net_init lvs_sysctl_net_init(struct net *net)
{
	struct lvs_sysctl_net *sn = net_generic(net, lvs_sysctl_net_id);
	unsigned int i;

	/* As ip_vs: none in a namespace of an unprivileged user namespace. */
	if (net->user_ns != &init_user_ns)
		return 0;
	sn->tables = kzalloc(sizeof(*sn->tables), GFP_KERNEL);
	if (!sn->tables)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(lvs_sysctls); i++) {
		const struct lvs_sysctl_fixed *f = &lvs_sysctls[i];
		struct ctl_table *t = &sn->tables->table[i];
		unsigned long *values = sn->tables->values[i];

		memcpy(values, f->values, sizeof(f->values));
		/* ip_vs's default for a new namespace: by free memory. */
		if (f->by_memory)
			values[0] = nr_free_buffer_pages() / 32;
		t->procname = f->name;
		t->data = values;
		t->maxlen = f->count * sizeof(unsigned long);
		t->mode = 0644;
		t->proc_handler = lvs_sysctl_handler;
	}
	sn->header = register_net_sysctl(net, "net/ipv4/vs", sn->tables->table);
	if (!sn->header) {
		kfree(sn->tables);
		return -ENOMEM;
	}
	return 0;
}

static void __net_exit lvs_sysctl_net_exit(struct net *net)
{
	struct lvs_sysctl_net *sn = net_generic(net, lvs_sysctl_net_id);

	if (!sn->header)
		return;
	unregister_net_sysctl_table(sn->header);
	kfree(sn->tables);
}

static struct pernet_operations lvs_sysctl_net_ops = {
	.init = lvs_sysctl_net_init,
	.exit = lvs_sysctl_net_exit,
	.id   = &lvs_sysctl_net_id,
	.size = sizeof(struct lvs_sysctl_net),
};

int lvs_ipvs_sysctl_init(void)
{
	return register_pernet_subsys(&lvs_sysctl_net_ops);
}

void lvs_ipvs_sysctl_exit(void)
{
	unregister_pernet_subsys(&lvs_sysctl_net_ops);
}
