// SPDX-License-Identifier: GPL-2.0
/*
 * lvs_inject: the benchmark's stand-in for a network card's receive path.
 *
 * For each process ID in pids=, a kernel thread "lvs_inject/N" bound to
 * CPU cpu= hands UDP packets to the device dev= of that process's network
 * namespace: 64-byte payloads from src to dst:dport, source ports sport to
 * sport + flows - 1 in turn, in bursts of 64 with softirqs off, as a
 * driver's NAPI poll passes them on. Each packet is a freshly allocated
 * skb, as a driver's is. pktgen's netif_receive mode instead passes one
 * shared skb again and again, which the IP stack must clone and the load
 * balancer copy before it may rewrite a header: work no card's traffic
 * causes. The threads run from load to unload; sent= counts what each
 * has passed on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define LVS_INJECT_MAX		4
#define LVS_INJECT_BURST	64
#define LVS_INJECT_PAYLOAD	64

static int pids[LVS_INJECT_MAX];
static unsigned int n_pids;
module_param_array(pids, int, &n_pids, 0444);
MODULE_PARM_DESC(pids, "a process in each namespace to inject into (up to 4)");
static char *dev = "d0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "the device that receives the packets");
static char *src = "192.0.2.2";
module_param(src, charp, 0444);
MODULE_PARM_DESC(src, "IPv4 source address");
static char *dst = "203.0.113.5";
module_param(dst, charp, 0444);
MODULE_PARM_DESC(dst, "IPv4 destination address");
static ushort sport = 10000;
module_param(sport, ushort, 0444);
MODULE_PARM_DESC(sport, "first UDP source port");
static ushort flows = 256;
module_param(flows, ushort, 0444);
MODULE_PARM_DESC(flows, "source ports used in turn (flows)");
static ushort dport = 9000;
module_param(dport, ushort, 0444);
MODULE_PARM_DESC(dport, "UDP destination port");
static uint cpu = 1;
module_param(cpu, uint, 0444);
MODULE_PARM_DESC(cpu, "the CPU every thread runs on");
static unsigned long sent[LVS_INJECT_MAX];
static unsigned int n_sent;
module_param_array(sent, ulong, &n_sent, 0444);
MODULE_PARM_DESC(sent, "packets each thread has passed on");

struct lvs_inject {
	struct task_struct *task;
	struct net_device *dev;
	unsigned int slot;
	u16 flow;
};

static struct lvs_inject lvs_injects[LVS_INJECT_MAX];
static __be32 lvs_inject_saddr, lvs_inject_daddr;

static struct sk_buff *lvs_inject_build(struct lvs_inject *in)
{
	unsigned int ulen = sizeof(struct udphdr) + LVS_INJECT_PAYLOAD;
	unsigned int len = sizeof(struct iphdr) + ulen;
	struct sk_buff *skb;
	struct udphdr *uh;
	struct ethhdr *eth;
	struct iphdr *iph;

	skb = netdev_alloc_skb_ip_align(in->dev, ETH_HLEN + len);
	if (!skb)
		return NULL;
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, in->dev->dev_addr);
	eth_zero_addr(eth->h_source);
	eth->h_source[0] = 0x02;	/* locally administered */
	eth->h_source[5] = 0x01;
	eth->h_proto = htons(ETH_P_IP);

	iph = skb_put(skb, sizeof(*iph));
	*iph = (struct iphdr) {
		.version = 4,
		.ihl = 5,
		.tot_len = htons(len),
		.ttl = 64,
		.protocol = IPPROTO_UDP,
		.saddr = lvs_inject_saddr,
		.daddr = lvs_inject_daddr,
	};
	iph->check = ip_fast_csum(iph, iph->ihl);

	uh = skb_put_zero(skb, ulen);
	uh->source = htons(sport + in->flow);
	uh->dest = htons(dport);
	uh->len = htons(ulen);
	uh->check = csum_tcpudp_magic(lvs_inject_saddr, lvs_inject_daddr, ulen,
				      IPPROTO_UDP, csum_partial(uh, ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	if (++in->flow == flows)
		in->flow = 0;
	skb->protocol = eth_type_trans(skb, in->dev);
	return skb;
}

static int lvs_inject_thread(void *data)
{
	struct lvs_inject *in = data;
	struct sk_buff *skb;
	unsigned int n;

	while (!kthread_should_stop()) {
		local_bh_disable();
		for (n = 0; n < LVS_INJECT_BURST; n++) {
			skb = lvs_inject_build(in);
			if (!skb)
				break;
			netif_receive_skb(skb);
		}
		local_bh_enable();
		WRITE_ONCE(sent[in->slot], sent[in->slot] + n);
		cond_resched();
	}
	return 0;
}

static void lvs_inject_stop(unsigned int n)
{
	while (n--) {
		kthread_stop(lvs_injects[n].task);
		dev_put(lvs_injects[n].dev);
	}
}

static int lvs_inject_prepare(struct lvs_inject *in, unsigned int slot)
{
	struct net *net = get_net_ns_by_pid(pids[slot]);

	if (IS_ERR(net))
		return PTR_ERR(net);
	in->dev = dev_get_by_name(net, dev);
	put_net(net);
	if (!in->dev)
		return -ENODEV;
	in->slot = slot;
	in->task = kthread_create_on_node(lvs_inject_thread, in,
					  cpu_to_node(cpu), "lvs_inject/%u",
					  slot);
	if (IS_ERR(in->task)) {
		dev_put(in->dev);
		return PTR_ERR(in->task);
	}
	kthread_bind(in->task, cpu);
	return 0;
}

static int __init lvs_inject_init(void)
{
	unsigned int i;
	int ret;

	if (!n_pids || !flows || cpu >= nr_cpu_ids || !cpu_online(cpu) ||
	    !in4_pton(src, -1, (u8 *)&lvs_inject_saddr, -1, NULL) ||
	    !in4_pton(dst, -1, (u8 *)&lvs_inject_daddr, -1, NULL)) {
		pr_err("needs pids=, an online cpu=, flows > 0 and IPv4 src= and dst=\n");
		return -EINVAL;
	}
	n_sent = n_pids;
	for (i = 0; i < n_pids; i++) {
		ret = lvs_inject_prepare(&lvs_injects[i], i);
		if (ret) {
			pr_err("pid %d: no device %s (%d)\n", pids[i], dev, ret);
			lvs_inject_stop(i);
			return ret;
		}
	}
	for (i = 0; i < n_pids; i++)
		wake_up_process(lvs_injects[i].task);
	return 0;
}

static void __exit lvs_inject_exit(void)
{
	lvs_inject_stop(n_pids);
}

module_init(lvs_inject_init);
module_exit(lvs_inject_exit);
MODULE_DESCRIPTION("lvs benchmark: packets into a device's receive path, as from a network card");
MODULE_LICENSE("GPL");
