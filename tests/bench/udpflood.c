// SPDX-License-Identifier: GPL-2.0
/*
 * udpflood: send 64-byte UDP datagrams to DST:DPORT over many flows, with sendmmsg on a raw IPv4 socket
 * (IP_HDRINCL), so that a flow's source address and port are free: flow i comes from
 * SRC + i / 60000, port 2000 + i % 60000. Nothing has to listen on the client side.
 *
 *   udpflood -d DST -P DPORT [-s SRC] [-n FLOWS] [-o FIRST] [-t SECS | -c PACKETS] [-b BATCH]
 *
 * -t: send round-robin over the flows for SECS seconds; -c: send PACKETS packets (one pass over
 * FLOWS flows when PACKETS = FLOWS) then stop. Prints "sent=N secs=S rate=R errors=E".
 * Bench use only (tests/bench/run), inside the VM's namespaces, documentation addresses only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD 64
#define PKTLEN (sizeof(struct iphdr) + sizeof(struct udphdr) + PAYLOAD)
#define PORTS_PER_ADDR 60000
#define PORT_BASE 2000
#define MAXBATCH 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t sum16(const void *p, size_t len, uint32_t s)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		s += (uint32_t)b[len - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Fill pkt for flow i. */
static void build(uint8_t *pkt, uint32_t src0, uint32_t dst, uint16_t dport, unsigned long i)
{
	struct iphdr *ip = (struct iphdr *)pkt;
	struct udphdr *uh = (struct udphdr *)(pkt + sizeof(*ip));
	uint32_t saddr = htonl(src0 + (uint32_t)(i / PORTS_PER_ADDR)), s;
	uint16_t ulen = sizeof(*uh) + PAYLOAD, c;

	memset(pkt, 0, sizeof(*ip) + sizeof(*uh));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(PKTLEN);
	ip->saddr = saddr;
	ip->daddr = dst;
	ip->check = fold(sum16(ip, sizeof(*ip), 0));
	uh->source = htons(PORT_BASE + i % PORTS_PER_ADDR);
	uh->dest = dport;
	uh->len = htons(ulen);
	memset(pkt + sizeof(*ip) + sizeof(*uh), 'x', PAYLOAD);
	/* Pseudo-header, then header and payload. */
	s = sum16(&ip->saddr, 8, 0) + IPPROTO_UDP + ulen;
	s = sum16(uh, ulen, s);
	c = fold(s);
	uh->check = htons(c ? c : 0xffff);
}

static void usage(void)
{
	fprintf(stderr, "usage: udpflood -d DST -P DPORT [-s SRC] [-n FLOWS] [-o FIRST] "
		"[-t SECS | -c PACKETS] [-b BATCH]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static uint8_t pkts[MAXBATCH][PKTLEN];
	struct mmsghdr msgs[MAXBATCH];
	struct iovec iov[MAXBATCH];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	unsigned long flows = 256, first = 0, count = 0, sent = 0, errors = 0, next = 0, k;
	double secs = 0, t0, t = 0;
	struct in_addr src = { 0 }, dst = { 0 };
	int batch = 64, opt, fd, n, j;
	uint16_t dport = 0;

	inet_pton(AF_INET, "192.0.2.2", &src);
	while ((opt = getopt(argc, argv, "d:P:s:n:o:t:c:b:")) != -1) {
		switch (opt) {
		case 'd': if (inet_pton(AF_INET, optarg, &dst) != 1) usage(); break;
		case 'P': dport = htons(atoi(optarg)); break;
		case 's': if (inet_pton(AF_INET, optarg, &src) != 1) usage(); break;
		case 'n': flows = strtoul(optarg, NULL, 0); break;
		case 'o': first = strtoul(optarg, NULL, 0); break;
		case 't': secs = atof(optarg); break;
		case 'c': count = strtoul(optarg, NULL, 0); break;
		case 'b': batch = atoi(optarg); break;
		default: usage();
		}
	}
	if (!dst.s_addr || !dport || !flows || (secs <= 0 && !count) || batch < 1 || batch > MAXBATCH)
		usage();
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	sin.sin_addr = dst;
	memset(msgs, 0, sizeof(msgs));
	for (j = 0; j < batch; j++) {
		iov[j].iov_base = pkts[j];
		iov[j].iov_len = PKTLEN;
		msgs[j].msg_hdr.msg_iov = &iov[j];
		msgs[j].msg_hdr.msg_iovlen = 1;
		msgs[j].msg_hdr.msg_name = &sin;
		msgs[j].msg_hdr.msg_namelen = sizeof(sin);
	}
	t0 = now();
	for (;;) {
		n = batch;
		if (count && count - sent < (unsigned long)n)
			n = (int)(count - sent);
		if (n <= 0)
			break;
		for (j = 0; j < n; j++) {
			build(pkts[j], ntohl(src.s_addr), dst.s_addr, dport, first + next);
			if (++next == flows)
				next = 0;
		}
		k = 0;
		while (k < (unsigned long)n) {
			int r = sendmmsg(fd, msgs + k, n - k, 0);

			if (r < 0) {
				if (errno == EINTR)
					continue;
				/* ENOBUFS and the like: count the rest of the batch as lost. */
				errors += n - k;
				break;
			}
			k += r;
			sent += r;
		}
		t = now() - t0;
		if (secs > 0 && t >= secs)
			break;
	}
	t = now() - t0;
	printf("sent=%lu secs=%.3f rate=%.0f errors=%lu\n", sent, t, t > 0 ? sent / t : 0, errors);
	return 0;
}
