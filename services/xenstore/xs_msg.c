/* SPDX-License-Identifier: MIT */
/* Xenstore messages: payload arguments, numbers, replies and error names. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xs_internal.h"

/**
 * Strings in @buf (@len bytes, at most XS_PAYLOAD_MAX): every byte up to the
 * last belongs to a NUL-terminated string. Returns the count (0 when @len is
 * 0), or -EINVAL if @buf does not end with a NUL.
 */
int xs_msg_count_strings(const char *buf, size_t len)
{
	size_t i;
	int count = 0;

	if (len == 0) {
		return 0;
	}
	if (buf[len - 1] != '\0') {
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			count++;
		}
	}
	return count;
}

/** Strings in the request's payload (see xs_msg_count_strings). */
int xs_msg_count_args(const struct xs_req *req)
{
	return xs_msg_count_strings(req->payload, req->len);
}

/** Splits the payload into exactly @n strings. 0 or -EINVAL. */
int xs_msg_args(const struct xs_req *req, const char **argv, unsigned int n)
{
	const char *s = req->payload;
	unsigned int i;

	if (xs_msg_count_args(req) != (int)n) {
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		argv[i] = s;
		s += strlen(s) + 1;
	}
	return 0;
}

/** Parses decimal @s, digits only, at most @max. 0 or -EINVAL. */
int xs_msg_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t value = 0, digit;

	if (*s == '\0') {
		return -EINVAL;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9') {
			return -EINVAL;
		}
		digit = (uint64_t)(*s - '0');
		if (digit > max || value > (max - digit) / 10) {
			return -EINVAL;
		}
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

/** Parses a domain id (0 to XS_DOMID_MAX). 0 or -EINVAL. */
int xs_msg_parse_domid(const char *s, uint16_t *out)
{
	uint64_t value;

	if (xs_msg_parse_u64(s, XS_DOMID_MAX, &value) < 0) {
		return -EINVAL;
	}
	*out = (uint16_t)value;
	return 0;
}

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ EINVAL, "EINVAL" }, { EACCES, "EACCES" },   { EEXIST, "EEXIST" },
	{ EISDIR, "EISDIR" }, { ENOENT, "ENOENT" },   { ENOMEM, "ENOMEM" },
	{ ENOSPC, "ENOSPC" }, { EIO, "EIO" },         { ENOTEMPTY, "ENOTEMPTY" },
	{ ENOSYS, "ENOSYS" }, { EROFS, "EROFS" },     { EBUSY, "EBUSY" },
	{ EAGAIN, "EAGAIN" }, { EISCONN, "EISCONN" }, { E2BIG, "E2BIG" },
	{ EPERM, "EPERM" },
};

/** The wire name of -errno @err; EIO for any the protocol does not name. */
const char *xs_msg_errname(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++) {
		if (-err == errnames[i].err) {
			return errnames[i].name;
		}
	}
	return "EIO";
}

/** Sets the reply payload. 0, or -E2BIG past XS_PAYLOAD_MAX. */
int xs_msg_reply(struct xs_req *req, const void *data, uint32_t len)
{
	if (len > XS_PAYLOAD_MAX) {
		return -E2BIG;
	}
	if (len) {
		memmove(req->conn->reply, data, len);
	}
	req->reply_len = len;
	return 0;
}

/** Replies @s with its NUL. */
int xs_msg_reply_str(struct xs_req *req, const char *s)
{
	return xs_msg_reply(req, s, (uint32_t)strlen(s) + 1);
}

/** Replies @value in decimal, with a NUL. */
int xs_msg_reply_u64(struct xs_req *req, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)value);
	return xs_msg_reply_str(req, text);
}
