// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm's error messages (ipvsadm's wording where it has one) and the
 * one place a state-changing command is sent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvsadm.h"

static const struct {
	enum lvs_op op;		/* OP_NONE: any command */
	int err;
	const char *msg;
} err_msgs[] = {
	{ OP_ADD_SVC,	EEXIST,	"Service already exists" },
	{ OP_ADD_SVC,	ENOENT,	"Scheduler not found" },
	{ OP_EDIT_SVC,	ENOENT,	"Scheduler not found" },
	{ OP_ADD_DEST,	EEXIST,	"Destination already exists" },
	{ OP_EDIT_DEST,	ENOENT,	"No such destination" },
	{ OP_DEL_DEST,	ENOENT,	"No such destination" },
	{ OP_DEL_CONN,	ENOENT,	"No such connection" },
	{ OP_NONE,	ESRCH,	"No such service" },
	{ OP_NONE,	EPERM,	"Permission denied (you must be root)" },
	{ OP_NONE,	EAFNOSUPPORT,
	  "Operation not supported with specified address family" },
	{ OP_NONE,	EAGAIN,
	  "The table kept changing while it was read; try again" },
};

/* "lvsadm: [line N: ]<what went wrong>[ (kernel: <extack>)]" */
void print_error(unsigned int line, enum lvs_op op, int err)
{
	const char *msg = strerror(err), *ext = nl_extack();

	for (size_t i = 0; i < sizeof(err_msgs) / sizeof(err_msgs[0]); i++)
		if ((err_msgs[i].op == op || err_msgs[i].op == OP_NONE) &&
		    err_msgs[i].err == err) {
			msg = err_msgs[i].msg;
			break;
		}
	fprintf(stderr, "lvsadm: ");
	if (line)
		fprintf(stderr, "line %u: ", line);
	fprintf(stderr, "%s", msg);
	if (ext)
		fprintf(stderr, " (kernel: %s)", ext);
	fprintf(stderr, "\n");
}

/* Run a command that changes state; line is for -R's messages. */
int apply_cmd(const struct lvs_cmd_req *req, unsigned int line)
{
	int err = nl_change(req);

	if (err) {
		print_error(line, req->op, -err);
		return EXIT_FAIL;
	}
	return 0;
}
