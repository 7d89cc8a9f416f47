/* SPDX-License-Identifier: MIT */
/* Xenstore listing requests: DIRECTORY and DIRECTORY_PART. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xs_internal.h"

/* Names, each with its NUL, gathered into the reply buffer. */
struct listing {
	char *buf;
	uint32_t cap;  /* bytes the names may use */
	uint32_t len;  /* bytes used */
	uint64_t skip; /* DIRECTORY_PART: bytes of the full list to pass over */
	uint64_t pos;  /* bytes of the full list seen so far */
	bool more;     /* names were left out for want of room */
};

/* The node client path @in names, if the caller may read it. */
static int get_readable(struct xs_req *req, const char *in, struct xs_entry **out)
{
	size_t len;
	int err = xs_node_resolve(req, in, &len);

	return err ? err : xs_node_get(req, req->conn->path, len, XS_ACCESS_READ, out);
}

static int add_all(void *arg, const char *name, size_t len)
{
	struct listing *l = arg;

	if (len + 1 > l->cap - l->len) {
		return -E2BIG;
	}
	memcpy(l->buf + l->len, name, len + 1);
	l->len += (uint32_t)len + 1;
	return 0;
}

/* A childless node lists as an empty payload; a list too long is E2BIG. */
int xs_dir_directory(struct xs_req *req)
{
	struct listing l = { req->conn->reply, XS_PAYLOAD_MAX, 0, 0, 0, false };
	const char *argv[1];
	struct xs_entry *e;
	int err = xs_msg_args(req, argv, 1);

	err = err ? err : get_readable(req, argv[0], &e);
	err = err ? err : xs_txn_children(req->txn, e, add_all, &l);
	if (err) {
		return err;
	}
	req->reply_len = l.len;
	return 0;
}

/* Names from byte @skip of the full list on, while they fit. */
static int add_part(void *arg, const char *name, size_t len)
{
	struct listing *l = arg;

	if (l->pos < l->skip) {
		l->pos += len + 1;
		/* An offset inside a name is not one the store handed out. */
		return l->pos > l->skip ? -EINVAL : 0;
	}
	if (len + 1 > l->cap - l->len) {
		l->more = true;
		return 1;
	}
	memcpy(l->buf + l->len, name, len + 1);
	l->len += (uint32_t)len + 1;
	l->pos += len + 1;
	return 0;
}

/*
 * "path\0offset\0" -> "<generation>\0" and the names from byte offset of the
 * full list, as many as fit, then an empty name once the list is complete.
 * The generation changes with the list, so a client can tell that pieces
 * it gathered do not belong together.
 */
int xs_dir_directory_part(struct xs_req *req)
{
	struct listing l = { req->conn->reply, XS_PAYLOAD_MAX - 1, 0, 0, 0, false };
	const char *argv[2];
	struct xs_entry *e;
	uint64_t offset;
	int n, err = xs_msg_args(req, argv, 2);

	err = err ? err : xs_msg_parse_u64(argv[1], UINT32_MAX, &offset);
	err = err ? err : get_readable(req, argv[0], &e);
	if (err) {
		return err;
	}
	n = snprintf(l.buf, XS_PAYLOAD_MAX, "%llu", (unsigned long long)e->gen);
	l.len = (uint32_t)n + 1;
	l.skip = offset;
	err = xs_txn_children(req->txn, e, add_part, &l);
	if (err < 0) {
		return err;
	}
	if (l.pos < l.skip) {
		return -EINVAL;
	}
	if (!l.more) {
		l.buf[l.len++] = '\0';
	}
	req->reply_len = l.len;
	return 0;
}
