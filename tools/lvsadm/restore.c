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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvsadm.h"

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

/* Split line in place into argv[1..]; returns argc, 1 for nothing. */
static int split(char *line, char **argv, int max)
{
	int argc = 1;

	argv[0] = "lvsadm";
	for (char *w = strtok(line, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
		if (*w == '#')
			break;
		if (argc == 1 && (!strcmp(w, "lvsadm") || !strcmp(w, "ipvsadm")))
			continue;
		if (argc == max)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}

struct batch_line {
	unsigned int no;
	struct lvs_cmd_req req;
};

static int restore_send(const struct batch_line *lines, size_t n)
{
	const struct lvs_cmd_req **reqs = calloc(n, sizeof(*reqs));
	size_t failed;
	int err;

	if (!reqs) {
		fprintf(stderr, "lvsadm: out of memory\n");
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++)
		reqs[i] = &lines[i].req;
	err = nl_restore(reqs, n, &failed);
	free(reqs);
	if (!err)
		return 0;
	/* Nothing of the batch was applied. */
	if (failed < n)
		print_error(lines[failed].no, lines[failed].req.op, -err);
	else
		print_error(0, OP_NONE, -err);
	return EXIT_FAIL;
}

int restore_run(void)
{
	struct batch_line *lines = NULL;
	size_t n = 0, cap = 0, len = 0;
	char *buf = NULL, err[256], *argv[64];
	unsigned int no = 0;
	int status = 0;

	while (getline(&buf, &len, stdin) != -1) {
		int argc = split(buf, argv, 63);

		no++;
		if (argc == 1)
			continue;
		if (n == cap) {
			struct batch_line *p;

			cap = cap ? 2 * cap : 64;
			p = realloc(lines, cap * sizeof(*lines));
			if (!p) {
				fprintf(stderr, "lvsadm: out of memory\n");
				status = EXIT_FAIL;
				goto out;
			}
			lines = p;
		}
		if (argc < 0) {
			snprintf(err, sizeof(err), "too many arguments");
		} else if (!parse_cmd(argc, argv, &lines[n].req, err, sizeof(err))) {
			if (batch_op(lines[n].req.op)) {
				lines[n++].no = no;
				continue;
			}
			snprintf(err, sizeof(err),
				 "only -A -E -D -a -e -d -C -Z --set can be restored");
		}
		fprintf(stderr, "lvsadm: line %u: %s\n", no, err);
		status = EXIT_USAGE;
		goto out;
	}

	if (n)
		status = restore_send(lines, n);
out:
	free(buf);
	free(lines);
	return status;
}
