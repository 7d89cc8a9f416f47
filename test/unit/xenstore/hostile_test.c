// SPDX-License-Identifier: MIT
/* Xenstore unit tests: malformed and abusive input costs only its sender. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static char buf[XS_PAYLOAD_MAX + 1];

/* Appends one message to @stream; returns the new length. */
static size_t put_msg(uint8_t *stream, size_t at, uint32_t type, uint32_t req_id,
		      const void *payload, uint32_t len)
{
	struct xs_msg_header hdr = { type, req_id, 0, len };

	memcpy(stream + at, &hdr, sizeof(hdr));
	memcpy(stream + at + sizeof(hdr), payload, len);
	return at + sizeof(hdr) + len;
}

static void test_oversized_len_breaks_only_sender(void **state)
{
	struct xs_msg_header hdr = { XS_READ, 1, 0, XS_PAYLOAD_MAX + 1 };
	uint8_t more[64] = { 0 };

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "before", "1"), 0);
	assert_false(xs_conn_broken(fx.a.conn));
	assert_int_equal(client_feed(&fx.a, &hdr, sizeof(hdr)), sizeof(hdr));
	assert_true(xs_conn_broken(fx.a.conn));
	assert_int_equal(client_feed(&fx.a, more, sizeof(more)), 0);
	/* Everyone else carries on. */
	assert_int_equal(xs_write(&fx.b, 0, "after", "1"), 0);
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/5/before", buf, sizeof(buf)), 1);
	/* The main loop then releases it. */
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	check_store();
}

static void test_huge_len_split_header(void **state)
{
	struct xs_msg_header hdr = { XS_WRITE, 1, 0, 0xffffffffu };
	const uint8_t *p = (const uint8_t *)&hdr;

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(hdr); i++) {
		assert_int_equal(client_feed(&fx.a, p + i, 1), 1);
		assert_false(xs_conn_broken(fx.a.conn));
	}
	assert_int_equal(client_feed(&fx.a, p + sizeof(hdr) - 1, 1), 1);
	assert_true(xs_conn_broken(fx.a.conn));
}

static void test_largest_payload_accepted(void **state)
{
	static char payload[XS_PAYLOAD_MAX];

	(void)state;
	memset(payload, 'v', sizeof(payload));
	memcpy(payload, "big", 4);
	/* Well-formed, but the value is past the node size. */
	assert_int_equal(call(&fx.a, XS_WRITE, 0, payload, sizeof(payload)), -E2BIG);
	assert_int_equal(call(&fx.a, XS_WRITE, 0, payload, 4 + 2048), 0);
	assert_false(xs_conn_broken(fx.a.conn));
}

static void test_missing_nuls(void **state)
{
	(void)state;
	assert_int_equal(call(&fx.a, XS_READ, 0, "abc", 3), -EINVAL);
	assert_int_equal(call(&fx.a, XS_READ, 0, "", 0), -EINVAL);
	assert_int_equal(call(&fx.a, XS_WRITE, 0, "pathonly", 8), -EINVAL);
	assert_int_equal(call(&fx.a, XS_MKDIR, 0, "mk", 2), -EINVAL);
	assert_int_equal(call(&fx.a, XS_RM, 0, "rm", 2), -EINVAL);
	assert_int_equal(call(&fx.a, XS_DIRECTORY, 0, "d", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_DIRECTORY_PART, 0,
			      "d\0"
			      "0",
			      3),
			 -EINVAL);
	assert_int_equal(call(&fx.a, XS_GET_PERMS, 0, "g", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_SET_PERMS, 0, "p\0n5", 4), -EINVAL);
	assert_int_equal(call(&fx.a, XS_SET_PERMS, 0, "p", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_WATCH, 0, "p\0tok", 5), -EINVAL);
	assert_int_equal(call(&fx.a, XS_WATCH, 0, "p", 2), -EINVAL);
	assert_int_equal(call(&fx.a, XS_UNWATCH, 0, "p\0t", 3), -EINVAL);
	assert_int_equal(call(&fx.a, XS_GET_DOMAIN_PATH, 0, "3", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_IS_DOMAIN_INTRODUCED, 0, "3", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_GET_FEATURE, 0, "5", 1), -EINVAL);
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0,
			      "9\0"
			      "1\0"
			      "2",
			      5),
			 -EINVAL);
	assert_int_equal(call(&fx.tool, XS_RELEASE, 0, "9", 1), -EINVAL);
	assert_int_equal(call(&fx.tool, XS_SET_QUOTA, 0,
			      "nodes\0"
			      "5",
			      7),
			 -EINVAL);
	/* Extra strings are refused too. */
	assert_int_equal(call(&fx.a, XS_READ, 0, "a\0b", 4), -EINVAL);
	assert_int_equal(call(&fx.a, XS_READ, 0, "a\0", 3), -EINVAL);
	assert_int_equal(xs_write(&fx.a, 0, "still", "fine"), 0);
}

static void test_garbage_types(void **state)
{
	static const uint32_t types[] = { 20,       XS_TYPE_COUNT, 99, 0x80000000u, 0xffffffffu,
					  XS_ERROR, XS_WATCH_EVENT };

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		assert_int_equal(call(&fx.a, types[i], 0, "x", 2), -EINVAL);
		assert_int_equal(fx.a.reply.hdr.type, XS_ERROR);
	}
	assert_false(xs_conn_broken(fx.a.conn));
	assert_int_equal(xs_write(&fx.a, 0, "still", "fine"), 0);
}

static void test_privileged_requests_refused(void **state)
{
	(void)state;
	assert_int_equal(call(&fx.a, XS_INTRODUCE, 0,
			      "9\0"
			      "1\0"
			      "2",
			      6),
			 -EACCES);
	assert_int_equal(call_str(&fx.a, XS_RELEASE, 0, "6"), -EACCES);
	assert_int_equal(call2(&fx.a, XS_SET_TARGET, 0, "5", "6"), -EACCES);
	assert_int_equal(call_str(&fx.a, XS_RESUME, 0, "6"), -EACCES);
	assert_int_equal(call2(&fx.a, XS_SET_QUOTA, 0, "nodes", "99999"), -EACCES);
	assert_int_equal(call(&fx.a, XS_GET_QUOTA, 0, "", 0), -EACCES);
	assert_int_equal(call2(&fx.a, XS_SET_FEATURE, 0, "5", "0"), -EACCES);
	assert_int_equal(call_str(&fx.a, XS_CONTROL, 0, "check"), -EACCES);
	assert_true(xs_domain_introduced(fx.store, GUEST_B));
	/* Not even the toolstack releases the connection it speaks on. */
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "0"), -EINVAL);
}

/* A stream of requests and what answering them takes. */
static size_t build_stream(uint8_t *stream)
{
	static const char write[] = "bb/x\0value";
	size_t len = 0;

	len = put_msg(stream, len, XS_WRITE, 1, write, sizeof(write) - 1);
	len = put_msg(stream, len, XS_READ, 2, "bb/x", 5);
	len = put_msg(stream, len, XS_WATCH, 3, "bb\0tok", 7);
	len = put_msg(stream, len, XS_DIRECTORY, 4, "bb", 3);
	len = put_msg(stream, len, XS_TRANSACTION_START, 5, "", 1);
	return len;
}

static void check_stream_answers(struct client *c)
{
	assert_int_equal(c->reply_count, 5);
	assert_int_equal(c->reply.hdr.req_id, 5);
	assert_int_equal(c->reply.hdr.type, XS_TRANSACTION_START);
	assert_int_equal(c->event_count, 1);
	assert_string_equal(c->events[0].path, "bb");
	assert_int_equal(xs_read(c, 0, "bb/x", buf, sizeof(buf)), 5);
}

static void test_byte_by_byte(void **state)
{
	static uint8_t stream[512];
	size_t len = build_stream(stream);

	(void)state;
	fx.a.auto_drain = false;
	for (size_t i = 0; i < len; i++) {
		assert_int_equal(client_feed(&fx.a, stream + i, 1), 1);
	}
	client_drain(&fx.a);
	check_stream_answers(&fx.a);
}

static void test_odd_chunks_with_draining(void **state)
{
	static uint8_t stream[512];
	size_t len = build_stream(stream), at = 0, n;

	(void)state;
	fx.a.auto_drain = false;
	while (at < len) {
		n = len - at < 7 ? len - at : 7;
		assert_int_equal(client_feed(&fx.a, stream + at, n), n);
		at += n;
		client_drain(&fx.a);
	}
	check_stream_answers(&fx.a);
}

static void test_backpressure(void **state)
{
	static uint8_t stream[200 * 32];
	size_t len = 0, at, taken;
	const size_t one = 16 + 3;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "bp", "v"), 0);
	for (uint32_t i = 0; i < 200; i++) {
		len = put_msg(stream, len, XS_READ, 1000 + i, "bp", 3);
	}
	assert_int_equal(len % one, 0);
	fx.a.auto_drain = false;
	taken = client_feed(&fx.a, stream, len);
	/* Stopped at a message boundary, with the queue at its limit. */
	assert_true(taken < len);
	assert_int_equal(taken % one, 0);
	assert_int_equal(taken / one, 64);
	assert_int_equal(client_feed(&fx.a, stream + taken, len - taken), 0);
	/* Others are served meanwhile. */
	assert_int_equal(xs_write(&fx.b, 0, "meanwhile", "1"), 0);
	check_store();
	/* Reading lets it go on, in order. */
	at = taken;
	while (at < len) {
		client_drain(&fx.a);
		at += client_feed(&fx.a, stream + at, len - at);
	}
	client_drain(&fx.a);
	assert_int_equal(fx.a.reply_count, 200 + 1);
	assert_int_equal(fx.a.reply.hdr.req_id, 1199);
	assert_string_equal(fx.a.reply.payload, "v");
}

static void test_slow_reader_loses_events_not_replies(void **state)
{
	char path[32];
	unsigned int events;

	(void)state;
	assert_int_equal(xs_watch(&fx.a, "/local/domain/5", "home"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "/local/domain/5", "n5 w0"), 0);
	events_clear(&fx.a);
	/* A stops reading; the toolstack writes 200 nodes it watches. */
	for (int i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/local/domain/5/n%d", i);
		assert_int_equal(xs_write(&fx.tool, 0, path, "v"), 0);
	}
	check_store();
	client_drain(&fx.a);
	events = fx.a.event_count;
	/* Bounded, and told to look again: one event for the watched path. */
	assert_true(events < 200);
	assert_true(events >= 64);
	assert_string_equal(fx.a.events[events - 1].path, "/local/domain/5");
	assert_true(event_seen(&fx.a, "/local/domain/5/n0", "home"));
	/* Then events flow as before. */
	events_clear(&fx.a);
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/5/late", "v"), 0);
	client_drain(&fx.a);
	assert_int_equal(fx.a.event_count, 1);
	assert_string_equal(fx.a.events[0].path, "/local/domain/5/late");
	/* Replies are never dropped: A's own requests still get theirs. */
	assert_int_equal(xs_read(&fx.a, 0, "n199", buf, sizeof(buf)), 1);
}

/* What a client read in one go: its replies and events, against the limit. */
static void drain_batch(struct client *c, unsigned int *replies, unsigned int *events)
{
	unsigned int r = c->reply_count, e = c->event_count;

	client_drain(c);
	*replies = c->reply_count - r;
	*events = c->event_count - e;
	/* The queue never held more than its limit, and one message past it. */
	assert_true(*replies + *events <= 64 + 1);
}

static void test_events_while_requests_pile(void **state)
{
	static uint8_t stream[100 * 32];
	const size_t one = 16 + 6;
	unsigned int replies, events, batches = 1, own_events = 0;
	size_t len = 0, at, taken;

	(void)state;
	/* A floods requests without reading, while it is also sent events. */
	assert_int_equal(xs_watch(&fx.a, "ev", "t"), 0);
	events_clear(&fx.a);
	fx.a.reply_count = 0;
	for (uint32_t i = 0; i < 100; i++) {
		len = put_msg(stream, len, XS_WRITE, i + 1, "ev/x\0v", 6);
	}
	fx.a.auto_drain = false;
	taken = client_feed(&fx.a, stream, len);
	assert_true(taken > 0 && taken < len);
	assert_int_equal(taken % one, 0);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/5/ev/y", "t"), 0);
	}
	check_store();
	/* One reply per request taken; the toolstack's events did not fit, one says so. */
	drain_batch(&fx.a, &replies, &events);
	assert_int_equal(replies, taken / one);
	assert_true(events >= 1);
	assert_string_equal(fx.a.events[fx.a.event_count - 1].path, "ev");
	assert_false(event_seen(&fx.a, "ev/y", "t"));
	/* The rest goes in as A reads, every request answered once and in order. */
	for (at = taken; at < len; batches++) {
		taken = client_feed(&fx.a, stream + at, len - at);
		assert_true(taken > 0);
		assert_int_equal(taken % one, 0);
		at += taken;
		drain_batch(&fx.a, &replies, &events);
		assert_int_equal(replies, taken / one);
		assert_true(batches < 100);
	}
	assert_int_equal(fx.a.reply_count, 100);
	assert_int_equal(fx.a.reply.hdr.req_id, 100);
	assert_int_equal(fx.a.events_lost, 0);
	/* At most one event per write of A's, and one per batch for those missed. */
	for (unsigned int i = 0; i < fx.a.event_count; i++) {
		own_events += strcmp(fx.a.events[i].path, "ev/x") == 0;
	}
	assert_true(own_events >= 1 && own_events <= 100);
	assert_true(fx.a.event_count - own_events <= batches);
	check_store();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_oversized_len_breaks_only_sender,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_huge_len_split_header, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_largest_payload_accepted, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_missing_nuls, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_garbage_types, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_privileged_requests_refused, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_byte_by_byte, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_odd_chunks_with_draining, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_backpressure, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_slow_reader_loses_events_not_replies,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_events_while_requests_pile, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
