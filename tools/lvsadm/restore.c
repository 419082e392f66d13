// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm -R: read lvsadm (or ipvsadm -S) lines from stdin. Every line is
 * parsed before anything is sent, then all of them go to the kernel in
 * one LVS_CMD_RESTORE message, which applies the whole batch or, when a
 * line is refused, none of it; the error names that line.
 *
 * A line is whitespace-separated arguments; blank lines and everything
 * from a word starting with '#' are ignored, and a leading "lvsadm" or
 * "ipvsadm" word is skipped, as ipvsadm-restore does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvsadm.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Commands that make sense in a batch: the ones that change state. */
static bool batch_op(enum lvs_op op)
{
	switch (op) {
	case OP_ADD_SVC: case OP_EDIT_SVC: case OP_DEL_SVC:
	case OP_ADD_DEST: case OP_EDIT_DEST: case OP_DEL_DEST:
	case OP_FLUSH: case OP_ZERO: case OP_SET_TIMEOUTS:
		return true;
	default:
		return false;
	}
}

/*
 * Split line in place into argv[1..]; returns argc, 1 for nothing, -1 for
 * too many words. A plain byte loop: strtok costs a third of the parsing
 * of a large restore.
 */
static int split(char *line, char **argv, int max)
{
	int argc = 1;
	char *p = line;

	argv[0] = "lvsadm";
	for (;;) {
		char *w;

		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break;
		w = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (argc == 1 && (!strcmp(w, "lvsadm") || !strcmp(w, "ipvsadm")))
			continue;
		if (argc == max)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}

/* All of stdin, NUL-terminated, or NULL with errno set; *lines counts its newlines. */
static char *read_input(size_t *lines)
{
	size_t len = 0, cap = 1 << 16, got;
	char *buf = malloc(cap), *p;

	while (buf && (got = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += got;
		if (cap - len > 1)
			continue;
		p = realloc(buf, cap * 2);
		if (!p)
			free(buf);
		buf = p;
		cap *= 2;
	}
	if (!buf || ferror(stdin)) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*lines = 1;
	for (p = buf; (p = memchr(p, '\n', buf + len - p)); p++)
		++*lines;
	return buf;
}

/* Where each change of the batch came from, for the error message. */
struct batch_line {
	unsigned int no;
	enum lvs_op op;
};

/*
 * Parse each line straight into the one netlink message: no table of
 * parsed requests, which cost more in page faults than the parsing.
 */
int restore_run(void)
{
	struct batch_line *lines = NULL;
	struct nl_batch *batch = NULL;
	char *input, *line, *next, err[256], *argv[64];
	struct lvs_cmd_req req;
	size_t n = 0, max, failed;
	unsigned int no = 0;
	int status = EXIT_FAIL;

	input = read_input(&max);
	if (input) {
		lines = malloc(max * sizeof(*lines));
		batch = nl_batch_new(max);
	}
	if (!input || !lines || !batch) {
		/* malloc and fread leave errno: ENOMEM, or the read's. */
		fprintf(stderr, "lvsadm: %s: %s\n", input ? "restore" :
			"cannot read the input", strerror(errno));
		goto out;
	}

	for (line = input; line; line = next) {
		int argc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		argc = split(line, argv, 63);
		if (argc == 1)
			continue;
		if (argc < 0) {
			snprintf(err, sizeof(err), "too many arguments");
		} else if (!parse_cmd(argc, argv, &req, err, sizeof(err))) {
			if (batch_op(req.op)) {
				if (nl_batch_add(batch, &req)) {
					fprintf(stderr, "lvsadm: out of memory\n");
					goto out;
				}
				lines[n++] = (struct batch_line){ no, req.op };
				continue;
			}
			snprintf(err, sizeof(err),
				 "only -A -E -D -a -e -d -C -Z --set can be restored");
		}
		fprintf(stderr, "lvsadm: line %u: %s\n", no, err);
		status = EXIT_USAGE;
		goto out;
	}

	status = 0;
	if (n) {
		int ret = nl_batch_send(batch, &failed);

		/* Nothing of the batch was applied. */
		if (ret) {
			if (failed < n)
				print_error(lines[failed].no, lines[failed].op, -ret);
			else
				print_error(0, OP_NONE, -ret);
			status = EXIT_FAIL;
		}
	}
out:
	nl_batch_free(batch);
	free(lines);
	free(input);
	return status;
}
