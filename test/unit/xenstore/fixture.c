// SPDX-License-Identifier: MIT
/* Xenstore unit tests: the fixture every area's tests share. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

struct fixture fx;
unsigned int hook_introduced, hook_released, hook_woken, hook_checked;
int hook_introduce_result;

static int hook_introduce(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port)
{
	(void)ctx;
	(void)domid;
	(void)gfn;
	(void)port;
	hook_introduced++;
	return hook_introduce_result;
}

static void hook_release(void *ctx, uint16_t domid)
{
	(void)ctx;
	(void)domid;
	hook_released++;
}

static void hook_wake(void *ctx, uint16_t domid)
{
	(void)ctx;
	(void)domid;
	hook_woken++;
}

/*
 * A stand-in for the main loop's check against the core: domains
 * CONTROLLED_FIRST to CONTROLLED_LAST are CONTROLLER's, with ring page
 * CONTROLLED_GFN and port 100 + domid; any other, anyone's.
 */
static int hook_check(void *ctx, uint16_t caller, uint16_t domid, uint64_t gfn, uint32_t port)
{
	(void)ctx;
	hook_checked++;
	if (domid < CONTROLLED_FIRST || domid > CONTROLLED_LAST) {
		return 0;
	}
	if (caller != CONTROLLER) {
		return -EPERM;
	}
	return gfn == CONTROLLED_GFN && port == 100u + domid ? 0 : -EINVAL;
}

static const struct xs_hooks hooks = {
	.introduce = hook_introduce,
	.release = hook_release,
	.wake = hook_wake,
	.check_introduce = hook_check,
};

void client_attach(struct client *c, uint16_t domid)
{
	memset(c, 0, sizeof(*c));
	c->domid = domid;
	c->next_req = 100;
	c->auto_drain = true;
	c->conn = xs_domain_introduce(fx.store, domid);
	assert_non_null(c->conn);
	assert_int_equal(xs_conn_domid(c->conn), domid);
}

void client_own_home(struct client *c)
{
	char home[32], perms[16];

	snprintf(home, sizeof(home), "/local/domain/%u", c->domid);
	snprintf(perms, sizeof(perms), "n%u", c->domid);
	assert_int_equal(xs_set_perms(&fx.tool, 0, home, perms), 0);
}

void fx_setup(const struct xs_limits *limits)
{
	memset(&fx, 0, sizeof(fx));
	hook_introduced = hook_released = hook_woken = hook_checked = 0;
	hook_introduce_result = 0;
	fx.store = xs_store_create(limits, STORE_DOMID, &hooks, NULL);
	assert_non_null(fx.store);
	client_attach(&fx.tool, TOOL);
	assert_int_equal(xs_domain_set_privileged(fx.store, TOOL, true), 0);
	client_attach(&fx.a, GUEST_A);
	client_attach(&fx.b, GUEST_B);
	client_attach(&fx.c, GUEST_C);
	/* Most tests work in a home of the guest's own; home_test.c checks libxl's layout. */
	client_own_home(&fx.a);
	client_own_home(&fx.b);
	client_own_home(&fx.c);
	/* The introductions' own events are no test's business. */
	client_drain(&fx.tool);
	events_clear(&fx.tool);
}

void fx_teardown(void)
{
	check_store();
	xs_store_destroy(fx.store);
	fx.store = NULL;
}

int fx_cmocka_setup(void **state)
{
	(void)state;
	fx_setup(NULL);
	return 0;
}

int fx_cmocka_teardown(void **state)
{
	(void)state;
	fx_teardown();
	return 0;
}

void check_store(void)
{
	assert_int_equal(xs_store_check(fx.store), 0);
}

static const struct {
	const char *name;
	int err;
} names[] = {
	{ "EINVAL", EINVAL }, { "EACCES", EACCES },   { "EEXIST", EEXIST },
	{ "EISDIR", EISDIR }, { "ENOENT", ENOENT },   { "ENOMEM", ENOMEM },
	{ "ENOSPC", ENOSPC }, { "EIO", EIO },         { "ENOTEMPTY", ENOTEMPTY },
	{ "ENOSYS", ENOSYS }, { "EROFS", EROFS },     { "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN }, { "EISCONN", EISCONN }, { "E2BIG", E2BIG },
	{ "EPERM", EPERM },
};

int errname_to_errno(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			return -names[i].err;
		}
	}
	return 1;
}

static void take_event(struct client *c, const struct msg *m)
{
	const char *path = m->payload;
	size_t path_len = strnlen(path, m->hdr.len);
	const char *token;

	assert_int_equal(m->hdr.req_id, 0);
	assert_int_equal(m->hdr.tx_id, 0);
	/* "path\0token\0" exactly. */
	assert_true(path_len + 1 < m->hdr.len);
	token = path + path_len + 1;
	assert_int_equal(path_len + strlen(token) + 2, m->hdr.len);
	if (c->event_count == EVENTS_MAX) {
		c->events_lost++;
		return;
	}
	strcpy(c->events[c->event_count].path, path);
	strcpy(c->events[c->event_count].token, token);
	c->event_count++;
}

static void take_message(struct client *c, const struct msg *m)
{
	if (m->hdr.type == XS_WATCH_EVENT) {
		take_event(c, m);
		return;
	}
	c->reply_count++;
	c->reply = *m;
}

/* Splits what is pending into messages. */
static void parse_pending(struct client *c)
{
	struct xs_msg_header hdr;
	static struct msg m;
	size_t whole;

	while (c->pending_len >= sizeof(hdr)) {
		memcpy(&hdr, c->pending, sizeof(hdr));
		assert_true(hdr.len <= XS_PAYLOAD_MAX);
		whole = sizeof(hdr) + hdr.len;
		if (c->pending_len < whole) {
			return;
		}
		m.hdr = hdr;
		memcpy(m.payload, c->pending + sizeof(hdr), hdr.len);
		m.payload[hdr.len] = '\0';
		memmove(c->pending, c->pending + whole, c->pending_len - whole);
		c->pending_len -= whole;
		take_message(c, &m);
	}
}

/* Reads in odd-sized pieces, so messages straddle reads. */
void client_drain(struct client *c)
{
	uint8_t buf[97];
	size_t n;

	while ((n = xs_conn_output(c->conn, buf, sizeof(buf))) > 0) {
		assert_true(c->pending_len + n <= sizeof(c->pending));
		memcpy(c->pending + c->pending_len, buf, n);
		c->pending_len += n;
		parse_pending(c);
	}
	assert_false(xs_conn_has_output(c->conn));
}

size_t client_feed(struct client *c, const void *bytes, size_t len)
{
	return xs_conn_input(c->conn, bytes, len);
}

uint32_t client_send(struct client *c, uint32_t type, uint32_t tx, const void *payload, size_t len)
{
	static uint8_t buf[16 + XS_PAYLOAD_MAX];
	struct xs_msg_header hdr = { type, c->next_req++, tx, (uint32_t)len };

	assert_true(len <= XS_PAYLOAD_MAX);
	memcpy(buf, &hdr, sizeof(hdr));
	if (len) {
		memcpy(buf + sizeof(hdr), payload, len);
	}
	assert_int_equal(client_feed(c, buf, sizeof(hdr) + len), sizeof(hdr) + len);
	if (c->auto_drain) {
		client_drain(c);
	}
	return hdr.req_id;
}

int call(struct client *c, uint32_t type, uint32_t tx, const void *payload, size_t len)
{
	unsigned int before = c->reply_count;
	uint32_t req_id;

	req_id = client_send(c, type, tx, payload, len);
	client_drain(c);
	assert_int_equal(c->reply_count, before + 1);
	assert_int_equal(c->reply.hdr.req_id, req_id);
	assert_int_equal(c->reply.hdr.tx_id, tx);
	if (c->reply.hdr.type == XS_ERROR) {
		int err = errname_to_errno(c->reply.payload);

		assert_int_equal(strlen(c->reply.payload) + 1, c->reply.hdr.len);
		assert_true(err < 0);
		return err;
	}
	assert_int_equal(c->reply.hdr.type, type);
	return 0;
}

int call_str(struct client *c, uint32_t type, uint32_t tx, const char *arg)
{
	return call(c, type, tx, arg, strlen(arg) + 1);
}

int call2(struct client *c, uint32_t type, uint32_t tx, const char *a1, const char *a2)
{
	char buf[XS_PAYLOAD_MAX];
	size_t l1 = strlen(a1) + 1, l2 = strlen(a2) + 1;

	assert_true(l1 + l2 <= sizeof(buf));
	memcpy(buf, a1, l1);
	memcpy(buf + l1, a2, l2);
	return call(c, type, tx, buf, l1 + l2);
}

static int expect_ok(struct client *c, int err)
{
	if (err == 0) {
		assert_int_equal(c->reply.hdr.len, 3);
		assert_string_equal(c->reply.payload, "OK");
	}
	return err;
}

int xs_write(struct client *c, uint32_t tx, const char *path, const char *value)
{
	char buf[XS_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	assert_true(pl + vl <= sizeof(buf));
	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	return expect_ok(c, call(c, XS_WRITE, tx, buf, pl + vl));
}

/* The value, NUL-terminated in @out; returns its length or -errno. */
int xs_read(struct client *c, uint32_t tx, const char *path, char *out, size_t cap)
{
	int err = call_str(c, XS_READ, tx, path);

	if (err) {
		return err;
	}
	assert_true(c->reply.hdr.len < cap);
	memcpy(out, c->reply.payload, c->reply.hdr.len);
	out[c->reply.hdr.len] = '\0';
	return (int)c->reply.hdr.len;
}

int xs_mkdir(struct client *c, uint32_t tx, const char *path)
{
	return expect_ok(c, call_str(c, XS_MKDIR, tx, path));
}

int xs_rm(struct client *c, uint32_t tx, const char *path)
{
	return expect_ok(c, call_str(c, XS_RM, tx, path));
}

/* Names joined with spaces into @names; returns how many or -errno. */
int xs_dir(struct client *c, uint32_t tx, const char *path, char *names, size_t cap)
{
	int err = call_str(c, XS_DIRECTORY, tx, path), count = 0;
	const char *p = c->reply.payload, *end = p + c->reply.hdr.len;

	if (err) {
		return err;
	}
	names[0] = '\0';
	while (p < end) {
		assert_true(strlen(names) + strlen(p) + 2 <= cap);
		if (count) {
			strcat(names, " ");
		}
		strcat(names, p);
		p += strlen(p) + 1;
		count++;
	}
	return count;
}

/* @perms_list is space-separated, e.g. "n5 r6". */
int xs_set_perms(struct client *c, uint32_t tx, const char *path, const char *perms_list)
{
	char buf[XS_PAYLOAD_MAX];
	size_t len = strlen(path) + 1, i;

	memcpy(buf, path, len);
	for (i = 0; perms_list[i]; i++) {
		buf[len++] = perms_list[i] == ' ' ? '\0' : perms_list[i];
	}
	buf[len++] = '\0';
	return expect_ok(c, call(c, XS_SET_PERMS, tx, buf, len));
}

/* The list space-separated into @out; returns the entry count or -errno. */
int xs_get_perms(struct client *c, uint32_t tx, const char *path, char *out, size_t cap)
{
	int err = call_str(c, XS_GET_PERMS, tx, path), count = 0;
	uint32_t i;

	if (err) {
		return err;
	}
	assert_true(c->reply.hdr.len > 0 && c->reply.hdr.len <= cap);
	assert_int_equal(c->reply.payload[c->reply.hdr.len - 1], '\0');
	for (i = 0; i < c->reply.hdr.len; i++) {
		out[i] = c->reply.payload[i] ? c->reply.payload[i] : ' ';
		count += c->reply.payload[i] == '\0';
	}
	out[c->reply.hdr.len - 1] = '\0';
	return count;
}

int xs_watch(struct client *c, const char *path, const char *token)
{
	return expect_ok(c, call2(c, XS_WATCH, 0, path, token));
}

int xs_unwatch(struct client *c, const char *path, const char *token)
{
	return expect_ok(c, call2(c, XS_UNWATCH, 0, path, token));
}

int xs_txn_start(struct client *c, uint32_t *tx)
{
	unsigned long id;
	char *end;
	int err = call(c, XS_TRANSACTION_START, 0, "", 1);

	if (err) {
		return err;
	}
	assert_int_equal(c->reply.payload[c->reply.hdr.len - 1], '\0');
	id = strtoul(c->reply.payload, &end, 10);
	assert_true(*end == '\0' && id != 0 && id <= UINT32_MAX);
	*tx = (uint32_t)id;
	return 0;
}

int xs_txn_end(struct client *c, uint32_t tx, bool commit)
{
	return expect_ok(c, call_str(c, XS_TRANSACTION_END, tx, commit ? "T" : "F"));
}

void events_clear(struct client *c)
{
	c->event_count = 0;
	c->events_lost = 0;
}

bool event_seen(const struct client *c, const char *path, const char *token)
{
	for (unsigned int i = 0; i < c->event_count; i++) {
		if (strcmp(c->events[i].path, path) == 0 &&
		    strcmp(c->events[i].token, token) == 0) {
			return true;
		}
	}
	return false;
}

unsigned int event_count_for(const struct client *c, const char *token)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->event_count; i++) {
		n += strcmp(c->events[i].token, token) == 0;
	}
	return n;
}
