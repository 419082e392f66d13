// SPDX-License-Identifier: GPL-2.0
/*
 * udpsink: bind UDP PORT on every address and drain it with recvmmsg, never answering. On SIGTERM or
 * SIGINT prints "received=N" and exits. The bench counts packets at the interface (rx_packets of the real
 * server's eth0), so this is only there to take them: no ICMP port unreachable goes back.
 *
 *   udpsink -p PORT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VLEN 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	static char bufs[VLEN][2048];
	struct mmsghdr msgs[VLEN];
	struct iovec iov[VLEN];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long received = 0;
	int opt, fd, one = 1, rcvbuf = 4 << 20, port = 0, i, n;

	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p') {
			fprintf(stderr, "usage: udpsink -p PORT\n");
			return 2;
		}
		port = atoi(optarg);
	}
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: udpsink -p PORT\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: recvmmsg returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("bind");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < VLEN; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while (!stop) {
		n = recvmmsg(fd, msgs, VLEN, 0, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("recvmmsg");
			return 1;
		}
		received += n;
	}
	printf("received=%lu\n", received);
	return 0;
}
