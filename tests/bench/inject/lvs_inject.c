// SPDX-License-Identifier: GPL-2.0
/*
 * lvs_inject: the benchmark's stand-in for a network card's receive path.
 *
 * For each process ID in pids=, a kernel thread "lvs_inject/N" bound to
 * CPU cpu= hands packets to the device dev= of that process's network
 * namespace, in bursts of 64 with softirqs off, as a driver's NAPI poll
 * passes them on. They go to dst:dport from flows x addrs sources in turn:
 * source ports sport to sport + flows - 1 of src, then of the next address,
 * up to addrs addresses. proto=udp: a 64-byte datagram from each source in
 * turn. proto=tcp: a connection from each source in turn, as its client
 * sends it: SYN, ACK, a 64-byte request, RST (an abortive close, which
 * leaves the load balancer's entry 10 s to live, not 60). Each packet is a
 * freshly allocated skb, as a driver's is. pktgen's netif_receive mode
 * instead passes one shared skb again and again, which the IP stack must
 * clone and the load balancer copy before it may rewrite a header: work no
 * card's traffic causes. The threads run from load to unload; sent= counts
 * what each has passed on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

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
static char *proto = "udp";
module_param(proto, charp, 0444);
MODULE_PARM_DESC(proto, "udp (datagrams) or tcp (connections)");
static char *src = "192.0.2.2";
module_param(src, charp, 0444);
MODULE_PARM_DESC(src, "first IPv4 source address");
static ushort addrs = 1;
module_param(addrs, ushort, 0444);
MODULE_PARM_DESC(addrs, "source addresses from src on, used in turn");
static char *dst = "203.0.113.5";
module_param(dst, charp, 0444);
MODULE_PARM_DESC(dst, "IPv4 destination address");
static ushort sport = 10000;
module_param(sport, ushort, 0444);
MODULE_PARM_DESC(sport, "first source port");
static ushort flows = 256;
module_param(flows, ushort, 0444);
MODULE_PARM_DESC(flows, "source ports of each address used in turn");
static ushort dport = 9000;
module_param(dport, ushort, 0444);
MODULE_PARM_DESC(dport, "destination port");
static uint cpu = 1;
module_param(cpu, uint, 0444);
MODULE_PARM_DESC(cpu, "the CPU every thread runs on");
static unsigned long sent[LVS_INJECT_MAX];
static unsigned int n_sent;
module_param_array(sent, ulong, &n_sent, 0444);
MODULE_PARM_DESC(sent, "packets each thread has passed on");

/* A TCP connection's packets from its client, in order (proto=tcp). */
static const u8 lvs_inject_tcp_flags[] = {
	TCPHDR_SYN, TCPHDR_ACK, TCPHDR_PSH | TCPHDR_ACK, TCPHDR_RST | TCPHDR_ACK,
};

struct lvs_inject {
	struct task_struct *task;
	struct net_device *dev;
	unsigned int slot;
	u32 source;	/* which of the flows x addrs sources sends next */
	u8 step;	/* proto=tcp: which of its connection's packets */
};

static struct lvs_inject lvs_injects[LVS_INJECT_MAX];
static __be32 lvs_inject_saddr, lvs_inject_daddr;
static bool lvs_inject_tcp;

/* Fills in the TCP header (and payload) at @th; returns the segment's length. */
static unsigned int lvs_inject_tcp_fill(struct tcphdr *th, u8 step)
{
	u8 flags = lvs_inject_tcp_flags[step];

	th->doff = sizeof(*th) / 4;
	tcp_flag_byte(th) = flags;
	/* The client's sequence starts at 1 and the server's was 1 as well. */
	th->seq = htonl(1 + (step > 0) + (flags & TCPHDR_RST ? LVS_INJECT_PAYLOAD : 0));
	th->ack_seq = htonl(flags & TCPHDR_ACK ? 2 : 0);
	th->window = htons(65535);
	return sizeof(*th) + (flags & TCPHDR_PSH ? LVS_INJECT_PAYLOAD : 0);
}

/* On to the next packet: the connection's next one, or the next source's. */
static void lvs_inject_next(struct lvs_inject *in)
{
	if (lvs_inject_tcp && ++in->step < ARRAY_SIZE(lvs_inject_tcp_flags))
		return;
	in->step = 0;
	if (++in->source == (u32)flows * addrs)
		in->source = 0;
}

static struct sk_buff *lvs_inject_build(struct lvs_inject *in)
{
	u8 protocol = lvs_inject_tcp ? IPPROTO_TCP : IPPROTO_UDP;
	unsigned int l4max = sizeof(struct tcphdr) + LVS_INJECT_PAYLOAD;
	__be32 saddr = htonl(ntohl(lvs_inject_saddr) + in->source / flows);
	__be16 *ports;
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct iphdr *iph;
	unsigned int l4len;
	__sum16 *check;
	void *l4;

	skb = netdev_alloc_skb_ip_align(in->dev, ETH_HLEN + sizeof(*iph) + l4max);
	if (!skb)
		return NULL;
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, in->dev->dev_addr);
	eth_zero_addr(eth->h_source);
	eth->h_source[0] = 0x02;	/* locally administered */
	eth->h_source[5] = 0x01;
	eth->h_proto = htons(ETH_P_IP);

	iph = skb_put(skb, sizeof(*iph));
	l4 = skb_tail_pointer(skb);
	memset(l4, 0, l4max);
	if (lvs_inject_tcp) {
		l4len = lvs_inject_tcp_fill(l4, in->step);
		check = &((struct tcphdr *)l4)->check;
	} else {
		l4len = sizeof(struct udphdr) + LVS_INJECT_PAYLOAD;
		((struct udphdr *)l4)->len = htons(l4len);
		check = &((struct udphdr *)l4)->check;
	}
	skb_put(skb, l4len);
	/* Both headers start with the source and destination ports. */
	ports = l4;
	ports[0] = htons(sport + in->source % flows);
	ports[1] = htons(dport);
	*check = csum_tcpudp_magic(saddr, lvs_inject_daddr, l4len, protocol,
				   csum_partial(l4, l4len, 0));
	if (!*check && !lvs_inject_tcp)
		*check = CSUM_MANGLED_0;

	*iph = (struct iphdr) {
		.version = 4,
		.ihl = 5,
		.tot_len = htons(sizeof(*iph) + l4len),
		.ttl = 64,
		.protocol = protocol,
		.saddr = saddr,
		.daddr = lvs_inject_daddr,
	};
	iph->check = ip_fast_csum(iph, iph->ihl);

	lvs_inject_next(in);
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

	lvs_inject_tcp = !strcmp(proto, "tcp");
	if (!n_pids || !flows || !addrs || cpu >= nr_cpu_ids ||
	    !cpu_online(cpu) || (!lvs_inject_tcp && strcmp(proto, "udp")) ||
	    !in4_pton(src, -1, (u8 *)&lvs_inject_saddr, -1, NULL) ||
	    !in4_pton(dst, -1, (u8 *)&lvs_inject_daddr, -1, NULL)) {
		pr_err("needs pids=, an online cpu=, flows and addrs > 0, proto=udp or tcp, IPv4 src= and dst=\n");
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
