// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcrr: TCP connect/request/response. N threads loop: connect to DST:PORT (from SRC if given, port
 * chosen by the kernel), send a 16-byte request, read the reply until the server closes, close. After
 * WARM seconds it counts the connections completed during SECS seconds.
 *
 *   tcpcrr -d DST -P PORT [-s SRC] [-c THREADS] [-w WARM] [-t SECS]
 *
 * Prints "conns=N secs=S rate=R errors=E timeouts=T" (errors and timeouts over the whole run).
 * Bench use only (tests/bench/run), inside the VM's namespaces.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static struct sockaddr_in dst = { .sin_family = AF_INET }, src = { .sin_family = AF_INET };
static atomic_ulong done, errors, timeouts;
static atomic_int stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	static const char req[16] = "GET /bench\n";
	struct timeval tv = { .tv_sec = 2 };
	char buf[512];
	int fd, one = 1;
	ssize_t r;

	(void)arg;
	while (!atomic_load(&stop)) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0) {
			atomic_fetch_add(&errors, 1);
			usleep(1000);
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (src.sin_addr.s_addr) {
			setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
			if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
				goto fail;
		}
		if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0)
			goto fail;
		if (send(fd, req, sizeof(req), MSG_NOSIGNAL) != sizeof(req))
			goto fail;
		while ((r = recv(fd, buf, sizeof(buf), 0)) > 0)
			;
		if (r < 0)
			goto fail;
		close(fd);
		atomic_fetch_add(&done, 1);
		continue;
fail:
		if (errno == EAGAIN || errno == EINPROGRESS || errno == ETIMEDOUT)
			atomic_fetch_add(&timeouts, 1);
		else
			atomic_fetch_add(&errors, 1);
		close(fd);
	}
	return NULL;
}

static void usage(void)
{
	fprintf(stderr, "usage: tcpcrr -d DST -P PORT [-s SRC] [-c THREADS] [-w WARM] [-t SECS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double warm = 1, secs = 5, t0, t1;
	unsigned long c0, c1;
	int threads = 8, opt, i;
	pthread_t *tids;

	while ((opt = getopt(argc, argv, "d:P:s:c:w:t:")) != -1) {
		switch (opt) {
		case 'd': if (inet_pton(AF_INET, optarg, &dst.sin_addr) != 1) usage(); break;
		case 'P': dst.sin_port = htons(atoi(optarg)); break;
		case 's': if (inet_pton(AF_INET, optarg, &src.sin_addr) != 1) usage(); break;
		case 'c': threads = atoi(optarg); break;
		case 'w': warm = atof(optarg); break;
		case 't': secs = atof(optarg); break;
		default: usage();
		}
	}
	if (!dst.sin_addr.s_addr || !dst.sin_port || threads < 1 || threads > 1024 || secs <= 0 || warm < 0)
		usage();
	tids = calloc(threads, sizeof(*tids));
	if (!tids)
		return 1;
	for (i = 0; i < threads; i++)
		if (pthread_create(&tids[i], NULL, worker, NULL)) {
			perror("pthread_create");
			return 1;
		}
	usleep((useconds_t)(warm * 1e6));
	c0 = atomic_load(&done);
	t0 = now();
	usleep((useconds_t)(secs * 1e6));
	c1 = atomic_load(&done);
	t1 = now();
	atomic_store(&stop, 1);
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	printf("conns=%lu secs=%.3f rate=%.0f errors=%lu timeouts=%lu\n", c1 - c0, t1 - t0,
	       (c1 - c0) / (t1 - t0), atomic_load(&errors), atomic_load(&timeouts));
	return 0;
}
