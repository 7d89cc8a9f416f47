// SPDX-License-Identifier: MIT
/* The xenstore client's operations: read, write, directory, perms, watches, transactions. */
#include <abi/xs_wire.h>
#include <stddef.h>
#include <string.h>
#include "xenbus_internal.h"

/*
 * Locking: none (xenbus_internal.h). Each operation builds its payload,
 * makes one request (xenbus_request.c) and parses the reply, which is
 * already a copy: nothing here touches the ring.
 */

#define XENBUS_DECIMAL_MAX 11 /* digits of a uint32_t, and a NUL */

/** The operations' buffers: payloads they build and replies they parse. */
struct xenbus_ops {
	char payload[XS_PAYLOAD_MAX];
	char scratch[XS_PAYLOAD_MAX];
};

static struct xenbus_ops xo;

/* xo.payload = "path\0" and extra_len bytes of extra. Returns its length or -XEN_E*. */
static long xenbus_path_payload(const char *path, const void *extra, size_t extra_len)
{
	size_t path_len;

	if (path == NULL || (extra == NULL && extra_len != 0)) {
		return -XEN_EINVAL;
	}
	path_len = strnlen(path, XS_PATH_MAX + 1);
	if (path_len > XS_PATH_MAX) {
		return -XEN_EINVAL;
	}
	if (extra_len > XS_PAYLOAD_MAX - path_len - 1) {
		return -XEN_E2BIG;
	}
	memcpy(xo.payload, path, path_len + 1);
	if (extra_len != 0) {
		memcpy(xo.payload + path_len + 1, extra, extra_len);
	}
	return (long)(path_len + 1 + extra_len);
}

/* A request on path (plus extra) whose reply only says it worked. */
static long xenbus_path_op(uint32_t type, uint32_t tx, const char *path, const void *extra,
			   size_t extra_len)
{
	long rc = xenbus_path_payload(path, extra, extra_len);

	if (rc >= 0) {
		rc = xenbus_request(type, tx, xo.payload, (size_t)rc, xo.scratch,
				    sizeof(xo.scratch));
	}
	return rc < 0 ? rc : 0;
}

long xenbus_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	long rc;

	if (buf == NULL || size == 0) {
		return -XEN_EINVAL;
	}
	rc = xenbus_path_payload(path, NULL, 0);
	if (rc >= 0) {
		rc = xenbus_request(XS_READ, tx, xo.payload, (size_t)rc, buf, size - 1);
	}
	if (rc >= 0) {
		buf[rc] = '\0';
	}
	return rc;
}

long xenbus_write_bytes(uint32_t tx, const char *path, const void *value, size_t len)
{
	return xenbus_path_op(XS_WRITE, tx, path, value, len);
}

long xenbus_write(uint32_t tx, const char *path, const char *value)
{
	if (value == NULL) {
		return -XEN_EINVAL;
	}
	return xenbus_write_bytes(tx, path, value, strnlen(value, XS_PAYLOAD_MAX + 1));
}

long xenbus_mkdir(uint32_t tx, const char *path)
{
	return xenbus_path_op(XS_MKDIR, tx, path, NULL, 0);
}

long xenbus_rm(uint32_t tx, const char *path)
{
	return xenbus_path_op(XS_RM, tx, path, NULL, 0);
}

long xenbus_directory(uint32_t tx, const char *path, char *names, size_t size)
{
	long rc = xenbus_path_payload(path, NULL, 0);
	long count = 0;

	if (rc >= 0) {
		rc = xenbus_request(XS_DIRECTORY, tx, xo.payload, (size_t)rc, names, size);
	}
	if (rc <= 0) {
		return rc;
	}
	if (names[rc - 1] != '\0') {
		return -XEN_EIO; /* every name must end in a NUL */
	}
	for (long i = 0; i < rc; i++) {
		count += names[i] == '\0';
	}
	return count;
}

static bool xenbus_access_ok(char access)
{
	return access == XS_PERM_NONE || access == XS_PERM_READ || access == XS_PERM_WRITE ||
	       access == XS_PERM_BOTH;
}

/* One "<letter><domid>" entry of len characters. */
static bool xenbus_parse_perm(const char *entry, size_t len, struct xenbus_perm *out)
{
	uint32_t domid = 0;

	/* Five digits at most, so the sum below cannot overflow. */
	if (len < 2 || len > 6 || !xenbus_access_ok(entry[0])) {
		return false;
	}
	for (size_t i = 1; i < len; i++) {
		if (entry[i] < '0' || entry[i] > '9') {
			return false;
		}
		domid = domid * 10u + (uint32_t)(entry[i] - '0');
	}
	if (domid > UINT16_MAX) {
		return false;
	}
	*out = (struct xenbus_perm){ .domid = (domid_t)domid, .access = entry[0] };
	return true;
}

static long xenbus_parse_perms(const char *text, size_t len, struct xenbus_perm *perms,
			       unsigned int max)
{
	unsigned int count = 0;
	size_t at = 0;

	if (len == 0 || text[len - 1] != '\0') {
		return -XEN_EIO;
	}
	while (at < len) {
		size_t entry_len = strlen(text + at); /* ends at the last NUL at the latest */
		struct xenbus_perm perm;

		if (!xenbus_parse_perm(text + at, entry_len, &perm)) {
			return -XEN_EIO;
		}
		if (count == max) {
			return -XEN_ERANGE;
		}
		perms[count++] = perm;
		at += entry_len + 1;
	}
	return (long)count;
}

long xenbus_get_perms(uint32_t tx, const char *path, struct xenbus_perm *perms, unsigned int max)
{
	long rc = xenbus_path_payload(path, NULL, 0);

	if (perms == NULL && max != 0) {
		return -XEN_EINVAL;
	}
	if (rc >= 0) {
		rc = xenbus_request(XS_GET_PERMS, tx, xo.payload, (size_t)rc, xo.scratch,
				    sizeof(xo.scratch));
	}
	if (rc < 0) {
		return rc;
	}
	return xenbus_parse_perms(xo.scratch, (size_t)rc, perms, max);
}

/* value in decimal at out, NUL-terminated; returns the length with the NUL. */
static size_t xenbus_decimal(char *out, uint32_t value)
{
	char digits[XENBUS_DECIMAL_MAX];
	size_t n = 0;
	size_t len;

	do {
		digits[n++] = (char)('0' + value % 10u);
		value /= 10u;
	} while (value != 0);
	len = n;
	for (size_t i = 0; i < len; i++) {
		out[i] = digits[--n];
	}
	out[len] = '\0';
	return len + 1;
}

long xenbus_set_perms(uint32_t tx, const char *path, const struct xenbus_perm *perms,
		      unsigned int count)
{
	/* Each entry: a letter, up to 5 digits, a NUL. */
	char list[XS_PAYLOAD_MAX];
	size_t len = 0;

	if (perms == NULL || count == 0) {
		return -XEN_EINVAL;
	}
	if (count > sizeof(list) / 7) {
		return -XEN_E2BIG;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (!xenbus_access_ok(perms[i].access)) {
			return -XEN_EINVAL;
		}
		list[len++] = perms[i].access;
		len += xenbus_decimal(list + len, perms[i].domid);
	}
	return xenbus_path_op(XS_SET_PERMS, tx, path, list, len);
}

long xenbus_watch(const char *path, const char *token, xenbus_watch_fn fn, void *arg)
{
	struct xenbus_watch_slot *w;
	size_t token_len, path_len;
	long rc;

	if (path == NULL || token == NULL || fn == NULL) {
		return -XEN_EINVAL;
	}
	token_len = strnlen(token, XENBUS_TOKEN_MAX + 1);
	if (token_len > XENBUS_TOKEN_MAX) {
		return -XEN_EINVAL;
	}
	if (xenbus_watch_find(token) != NULL) {
		return -XEN_EEXIST;
	}
	w = xenbus_watch_free_slot();
	if (w == NULL) {
		return -XEN_ENOSPC;
	}
	/* In place before the request: the store's first event may come before its reply. */
	memcpy(w->token, token, token_len + 1);
	path_len = strnlen(path, XENBUS_WATCH_PATH_MAX + 1);
	w->path[0] = '\0';
	if (path_len <= XENBUS_WATCH_PATH_MAX) {
		memcpy(w->path, path, path_len + 1);
	}
	w->missed = false;
	w->arg = arg;
	w->fn = fn;
	rc = xenbus_path_op(XS_WATCH, XENBUS_TX_NONE, path, token, token_len + 1);
	if (rc != 0) {
		w->fn = NULL;
	}
	return rc;
}

long xenbus_unwatch(const char *path, const char *token)
{
	struct xenbus_watch_slot *w;
	long rc;

	if (token == NULL) {
		return -XEN_EINVAL;
	}
	rc = xenbus_path_op(XS_UNWATCH, XENBUS_TX_NONE, path, token,
			    strnlen(token, XENBUS_TOKEN_MAX + 1) + 1);
	w = xenbus_watch_find(token);
	if (w != NULL) {
		w->fn = NULL;
	}
	return rc;
}

/* A transaction id: decimal digits, optionally NUL-terminated, non-zero, within 32 bits. */
static long xenbus_parse_tx(const char *text, size_t len, uint32_t *tx)
{
	uint64_t value = 0;

	if (len > 0 && text[len - 1] == '\0') {
		len--;
	}
	if (len == 0 || len > XENBUS_DECIMAL_MAX - 1) {
		return -XEN_EIO;
	}
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return -XEN_EIO;
		}
		value = value * 10u + (uint64_t)(text[i] - '0');
	}
	if (value == 0 || value > UINT32_MAX) {
		return -XEN_EIO;
	}
	*tx = (uint32_t)value;
	return 0;
}

long xenbus_transaction_start(uint32_t *tx)
{
	long rc;

	if (tx == NULL) {
		return -XEN_EINVAL;
	}
	rc = xenbus_request(XS_TRANSACTION_START, XENBUS_TX_NONE, "", 1, xo.scratch,
			    sizeof(xo.scratch));
	if (rc < 0) {
		return rc;
	}
	return xenbus_parse_tx(xo.scratch, (size_t)rc, tx);
}

long xenbus_transaction_end(uint32_t tx, bool commit)
{
	long rc = xenbus_request(XS_TRANSACTION_END, tx, commit ? "T" : "F", 2, xo.scratch,
				 sizeof(xo.scratch));

	return rc < 0 ? rc : 0;
}

long xenbus_get_domain_path(domid_t domid, char *buf, size_t size)
{
	char number[XENBUS_DECIMAL_MAX];
	size_t number_len = xenbus_decimal(number, domid);
	long rc;
	size_t len;

	if (buf == NULL || size == 0) {
		return -XEN_EINVAL;
	}
	rc = xenbus_request(XS_GET_DOMAIN_PATH, XENBUS_TX_NONE, number, number_len, xo.scratch,
			    sizeof(xo.scratch));
	if (rc < 0) {
		return rc;
	}
	len = (size_t)rc;
	if (len > 0 && xo.scratch[len - 1] == '\0') {
		len--;
	}
	if (len == 0 || memchr(xo.scratch, '\0', len) != NULL) {
		return -XEN_EIO;
	}
	if (len >= size) {
		return -XEN_ERANGE;
	}
	memcpy(buf, xo.scratch, len);
	buf[len] = '\0';
	return (long)len;
}
