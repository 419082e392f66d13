// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsrv: answer server for tcpcrr. THREADS threads, each with its own SO_REUSEPORT listener on PORT
 * (every address), loop: accept, read the request, write a 64-byte reply, close (the server closes first,
 * so TIME_WAIT stays here and the client's ports free up at once). No fork, no exec.
 *
 *   tcpsrv -p PORT [-c THREADS]
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int port;

static void *serve(void *arg)
{
	static const char reply[64] = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = 1 };
	char buf[512];
	int lfd, fd, one = 1;

	(void)arg;
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 4096)) {
		perror("tcpsrv listen");
		exit(1);
	}
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (recv(fd, buf, sizeof(buf), 0) > 0)
			(void)!send(fd, reply, sizeof(reply), MSG_NOSIGNAL);
		close(fd);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 4, opt, i;
	pthread_t tid;

	while ((opt = getopt(argc, argv, "p:c:")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'c': threads = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: tcpsrv -p PORT [-c THREADS]\n");
			return 2;
		}
	}
	if (port <= 0 || port > 65535 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: tcpsrv -p PORT [-c THREADS]\n");
		return 2;
	}
	for (i = 1; i < threads; i++)
		if (pthread_create(&tid, NULL, serve, NULL)) {
			perror("pthread_create");
			return 1;
		}
	serve(NULL);
	return 0;
}
