// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs's files in each namespace's /proc/net, in its formats, for the
 * tools that read them (ipvsadm -L -c, keepalived, monitoring scripts):
 * ip_vs (services and real servers), ip_vs_conn (connections and
 * templates) and ip_vs_stats (the namespace's totals).
 */
#include <linux/ip_vs.h>
#include <linux/proc_fs.h>
#include <linux/rhashtable.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "lvs.h"
#include "ipvs_nl.h"

static const char *ipvs_proto_name(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	}
	return "IP";	/* fwmark templates */
}

/* ---- /proc/net/ip_vs: under RCU from start to stop, as ip_vs's ---- */

/* Where the last service shown was: its bucket and that bucket's first. */
struct ipvs_info_iter {
	struct seq_net_private p;
	unsigned int bucket;
	loff_t bucket_pos;
};

/*
 * The n-th service (from 0), resuming at the last one's bucket: a whole
 * read costs one pass over the table. Services added or removed between
 * two reads shift the positions, so one may be skipped or shown twice,
 * as with ip_vs.
 */
static struct lvs_service *ipvs_info_seek(struct seq_file *m, loff_t n)
	__must_hold(RCU)
{
	struct hlist_head *tab = READ_ONCE(lvs_pernet(seq_file_net(m))->svc_table);
	struct ipvs_info_iter *it = m->private;
	struct lvs_service *svc;
	loff_t i;

	if (!tab)
		return NULL;
	if (n < it->bucket_pos) {
		it->bucket = 0;
		it->bucket_pos = 0;
	}
	for (; it->bucket < LVS_SVC_BUCKETS; it->bucket++) {
		i = it->bucket_pos;
		hlist_for_each_entry_rcu(svc, &tab[it->bucket], s_list)
			if (i++ == n)
				return svc;
		it->bucket_pos = i;
	}
	return NULL;
}

static void *ipvs_info_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	return *pos ? ipvs_info_seek(m, *pos - 1) : SEQ_START_TOKEN;
}

static void *ipvs_info_next(struct seq_file *m, void *v, loff_t *pos)
	__must_hold(RCU)
{
	return ipvs_info_seek(m, (*pos)++);
}

static void ipvs_info_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static const char *ipvs_fwd_name(u8 fwd)
{
	switch (lvs_ipvs_fwd(fwd)) {
	case IP_VS_CONN_F_TUNNEL:
		return "Tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "Route";
	}
	return "Masq";
}

static void ipvs_info_show_dest(struct seq_file *m, const struct lvs_dest *d)
{
	if (d->af == AF_INET6)
		seq_printf(m, "  -> [%pI6]:%04X", &d->addr.in6, ntohs(d->port));
	else
		seq_printf(m, "  -> %08X:%04X", ntohl(d->addr.ip), ntohs(d->port));
	seq_printf(m, "      %-7s %-6d %-10d %-10d\n",
		   ipvs_fwd_name(READ_ONCE(d->fwd)), atomic_read(&d->weight),
		   atomic_read(&d->activeconns), atomic_read(&d->inactconns));
}

static int ipvs_info_show(struct seq_file *m, void *v)
{
	const struct lvs_scheduler *sched;
	struct lvs_service *svc = v;
	struct lvs_dest *dest;
	const char *name, *ops;
	u32 flags;

	if (v == SEQ_START_TOKEN) {
		seq_printf(m, "IP Virtual Server version %d.%d.%d (size=%d)\n",
			   NVERSION(IP_VS_VERSION_CODE), LVS_IPVS_CONN_TAB_SIZE);
		seq_puts(m, "Prot LocalAddress:Port Scheduler Flags\n");
		seq_puts(m, "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n");
		return 0;
	}
	sched = rcu_dereference(svc->sched);	/* NULL while replaced */
	name = sched ? sched->name : "none";
	flags = READ_ONCE(svc->flags);
	ops = flags & LVS_SVC_F_ONEPACKET ? "ops " : "";
	if (svc->fwmark)
		seq_printf(m, "FWM  %08X %s %s", svc->fwmark, name, ops);
	else if (svc->af == AF_INET6)	/* ip_vs shows no "ops" here */
		seq_printf(m, "%s  [%pI6]:%04X %s ", ipvs_proto_name(svc->proto),
			   &svc->addr.in6, ntohs(svc->port), name);
	else
		seq_printf(m, "%s  %08X:%04X %s %s ", ipvs_proto_name(svc->proto),
			   ntohl(svc->addr.ip), ntohs(svc->port), name, ops);
	/* ip_vs shows its raw fields: the timeout in jiffies, the netmask
	 * as read from network order (an IPv6 prefix length too).
	 */
	if (flags & LVS_SVC_F_PERSISTENT)
		seq_printf(m, "persistent %u %08X\n", READ_ONCE(svc->timeout) * HZ,
			   ntohl((__force __be32)lvs_ipvs_netmask(svc)));
	else
		seq_putc(m, '\n');
	list_for_each_entry_rcu(dest, &svc->dests, n_list)
		ipvs_info_show_dest(m, dest);
	return 0;
}

static const struct seq_operations ipvs_info_seq_ops = {
	.start = ipvs_info_start,
	.next = ipvs_info_next,
	.stop = ipvs_info_stop,
	.show = ipvs_info_show,
};

/* ---- /proc/net/ip_vs_conn ---- */

/*
 * A connection walk (conn_walk.c) kept from open to release, so that
 * each read resumes where the last stopped: O(n) for the whole file. It
 * must leave the table before the file goes, hence our own open and
 * release rather than proc_create_net's. The namespace is held as
 * proc_create_net's files hold theirs.
 */
struct ipvs_conn_iter {
	struct net *net;
	struct rhashtable_iter iter;
	bool walking;		/* iter is in the table */
	bool done;		/* the walk reached the end */
};

/* Indexed by enum lvs_state; ip_vs's names (templates are NONE). */
static const char *const ipvs_state_names[__LVS_STATE_MAX] = {
	[LVS_STATE_NONE] = "NONE",
	[LVS_STATE_TCP_ESTABLISHED] = "ESTABLISHED",
	[LVS_STATE_TCP_SYN_SENT] = "SYN_SENT",
	[LVS_STATE_TCP_SYN_RECV] = "SYN_RECV",
	[LVS_STATE_TCP_FIN_WAIT] = "FIN_WAIT",
	[LVS_STATE_TCP_TIME_WAIT] = "TIME_WAIT",
	[LVS_STATE_TCP_CLOSE] = "CLOSE",
	[LVS_STATE_TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[LVS_STATE_TCP_LAST_ACK] = "LAST_ACK",
	[LVS_STATE_TCP_LISTEN] = "LISTEN",
	[LVS_STATE_TCP_SYNACK] = "SYNACK",
	[LVS_STATE_UDP] = "UDP",
};

static void ipvs_conn_print(struct seq_file *m, const struct lvs_conn *c)
{
	unsigned int secs = jiffies_to_msecs(lvs_conn_expires(c)) / 1000;
	u8 state = READ_ONCE(c->state);
	const char *sname = state < __LVS_STATE_MAX ?
			    ipvs_state_names[state] : "ERR!";
	const char *proto = ipvs_proto_name(c->proto);

	if (c->af == AF_INET6)
		seq_printf(m, "%-3s %pI6 %04X %pI6 %04X %pI6 %04X %-11s %7u\n",
			   proto, &c->caddr.in6, ntohs(c->cport),
			   &c->vaddr.in6, ntohs(c->vport),
			   &c->daddr.in6, ntohs(c->dport), sname, secs);
	else
		seq_printf(m, "%-3s %08X %04X %08X %04X %08X %04X %-11s %7u\n",
			   proto, ntohl(c->caddr.ip), ntohs(c->cport),
			   ntohl(c->vaddr.ip), ntohs(c->vport),
			   ntohl(c->daddr.ip), ntohs(c->dport), sname, secs);
}

/* One line, or, when it does not fit, none: it comes first next time. */
static int ipvs_conn_show_one(struct lvs_conn *c, void *arg)
{
	struct seq_file *m = arg;
	size_t len = m->count;

	ipvs_conn_print(m, c);
	if (!seq_has_overflowed(m))
		return 0;
	m->count = len;
	return 1;
}

/*
 * A record is as many lines as the buffer takes. seq_file drops a
 * record that overflows, so the walk consumes only lines kept; a record
 * that could take none says overflow, to be shown again in a fresh
 * buffer.
 */
static int ipvs_conn_show(struct seq_file *m, void *v)
{
	struct ipvs_conn_iter *it = m->private;
	unsigned int restarts = 0;	/* entries may repeat: a file can't say */
	size_t len = m->count;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n");
		return 0;
	}
	if (!lvs_conn_walk(&it->iter, ipvs_conn_show_one, m, &restarts))
		it->done = true;
	else if (m->count == len)
		m->count = m->size;
	return 0;
}

/* Position 0 (open, rewind) starts a new walk. */
static void *ipvs_conn_start(struct seq_file *m, loff_t *pos)
{
	struct ipvs_conn_iter *it = m->private;

	if (*pos)
		return it->done ? NULL : it;
	if (it->walking)
		lvs_conn_walk_exit(&it->iter);
	lvs_conn_walk_enter(lvs_pernet(it->net), &it->iter);
	it->walking = true;
	it->done = false;
	return SEQ_START_TOKEN;
}

static void *ipvs_conn_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct ipvs_conn_iter *it = m->private;

	++*pos;
	return it->done ? NULL : it;
}

static void ipvs_conn_stop(struct seq_file *m, void *v)
{
}

static const struct seq_operations ipvs_conn_seq_ops = {
	.start = ipvs_conn_start,
	.next = ipvs_conn_next,
	.stop = ipvs_conn_stop,
	.show = ipvs_conn_show,
};

static int ipvs_conn_open(struct inode *inode, struct file *file)
{
	struct net *net = pde_data(inode);
	struct ipvs_conn_iter *it;

	if (!maybe_get_net(net))	/* the namespace is going */
		return -ENXIO;
	it = __seq_open_private(file, &ipvs_conn_seq_ops, sizeof(*it));
	if (!it) {
		put_net(net);
		return -ENOMEM;
	}
	it->net = net;
	return 0;
}

static int ipvs_conn_release(struct inode *inode, struct file *file)
{
	struct ipvs_conn_iter *it = ((struct seq_file *)file->private_data)->private;

	if (it->walking)
		lvs_conn_walk_exit(&it->iter);
	put_net(it->net);
	return seq_release_private(inode, file);
}

static const struct proc_ops ipvs_conn_proc_ops = {
	.proc_open = ipvs_conn_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = ipvs_conn_release,
};

/* ---- /proc/net/ip_vs_stats ---- */

/*
 * ip_vs keeps a namespace total; lvs counts per service only, so this
 * is the sum over the services there are now.
 */
static void ipvs_stats_sum(struct lvs_net *ln, struct lvs_stats_snapshot *t)
{
	struct hlist_head *tab = READ_ONCE(ln->svc_table);
	struct lvs_stats_snapshot s;
	struct lvs_service *svc;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	rcu_read_lock();
	for (i = 0; tab && i < LVS_SVC_BUCKETS; i++) {
		hlist_for_each_entry_rcu(svc, &tab[i], s_list) {
			lvs_stats_read(&svc->stats, &s);
			t->conns += s.conns;
			t->inpkts += s.inpkts;
			t->outpkts += s.outpkts;
			t->inbytes += s.inbytes;
			t->outbytes += s.outbytes;
			t->cps += s.cps;
			t->inpps += s.inpps;
			t->outpps += s.outpps;
			t->inbps += s.inbps;
			t->outbps += s.outbps;
		}
	}
	rcu_read_unlock();
}

static int ipvs_stats_show(struct seq_file *m, void *v)
{
	struct lvs_stats_snapshot t;

	ipvs_stats_sum(lvs_pernet(seq_file_single_net(m)), &t);
	seq_puts(m, "   Total Incoming Outgoing         Incoming         Outgoing\n");
	seq_puts(m, "   Conns  Packets  Packets            Bytes            Bytes\n");
	seq_printf(m, "%8llX %8llX %8llX %16llX %16llX\n\n", t.conns, t.inpkts,
		   t.outpkts, t.inbytes, t.outbytes);
	seq_puts(m, " Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n");
	seq_printf(m, "%8llX %8llX %8llX %16llX %16llX\n", t.cps, t.inpps,
		   t.outpps, t.inbps, t.outbps);
	return 0;
}

/* ---- per namespace ---- */

static int __net_init ipvs_proc_net_init(struct net *net)
{
	if (!proc_create_net("ip_vs", 0, net->proc_net, &ipvs_info_seq_ops,
			     sizeof(struct ipvs_info_iter)))
		goto err;
	if (!proc_create_data("ip_vs_conn", 0, net->proc_net,
			      &ipvs_conn_proc_ops, net))
		goto err_info;
	if (!proc_create_net_single("ip_vs_stats", 0, net->proc_net,
				    ipvs_stats_show, NULL))
		goto err_conn;
	return 0;

err_conn:
	remove_proc_entry("ip_vs_conn", net->proc_net);
err_info:
	remove_proc_entry("ip_vs", net->proc_net);
err:
	return -ENOMEM;
}

/* Waits for reads in progress and releases open files (their walks). */
static void __net_exit ipvs_proc_net_exit(struct net *net)
{
	remove_proc_entry("ip_vs_stats", net->proc_net);
	remove_proc_entry("ip_vs_conn", net->proc_net);
	remove_proc_entry("ip_vs", net->proc_net);
}

static struct pernet_operations ipvs_proc_net_ops = {
	.init = ipvs_proc_net_init,
	.exit = ipvs_proc_net_exit,
};

/*
 * A device's pernet ops, registered after lvs's own (netns.c): a new
 * namespace has lvs's state before its files, and a dying one loses its
 * files, and with them every reader, before lvs's exit frees that state.
 * Module exit removes them (lvs_ipvs_exit) before lvs_netns_exit.
 */
int lvs_ipvs_proc_init(void)
{
	return register_pernet_device(&ipvs_proc_net_ops);
}

void lvs_ipvs_proc_exit(void)
{
	unregister_pernet_device(&ipvs_proc_net_ops);
}
