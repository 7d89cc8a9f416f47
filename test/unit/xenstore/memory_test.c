// SPDX-License-Identifier: MIT
/* Xenstore unit tests: the store running short of memory costs its clients a wait, never a break.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

/* Linked with --wrap=malloc,--wrap=calloc: every allocation of the store fails while this is set.
 */
static bool starved;

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);

void *__wrap_malloc(size_t size)
{
	return starved ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
	return starved ? NULL : __real_calloc(count, size);
}

static char buf[XS_PAYLOAD_MAX + 1];

/* A failed test leaves the next one memory. */
static int setup(void **state)
{
	starved = false;
	return fx_cmocka_setup(state);
}

static int teardown(void **state)
{
	starved = false;
	return fx_cmocka_teardown(state);
}

static void test_reply_without_memory(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "x", "1"), 0);
	starved = true;
	/* The request fails for want of memory, and says so: the client is not broken. */
	assert_int_equal(xs_read(&fx.a, 0, "x", buf, sizeof(buf)), -ENOMEM);
	assert_false(xs_conn_broken(fx.a.conn));
	starved = false;
	assert_int_equal(xs_read(&fx.a, 0, "x", buf, sizeof(buf)), 1);
	assert_false(xs_conn_broken(fx.a.conn));
}

/*
 * With its reply unread and memory still short, the next request waits in
 * the ring: there would be no room to answer it.
 */
static void test_next_request_waits_for_room(void **state)
{
	uint32_t first, second;

	(void)state;
	fx.a.auto_drain = false;
	starved = true;
	first = client_send(&fx.a, XS_READ, 0, "x", 2);
	assert_true(xs_conn_has_output(fx.a.conn));
	assert_int_equal(client_feed(&fx.a, "\x02\0\0\0", 4), 0);
	starved = false;
	client_drain(&fx.a);
	assert_int_equal(fx.a.reply.hdr.req_id, first);
	assert_int_equal(fx.a.reply.hdr.type, XS_ERROR);
	second = client_send(&fx.a, XS_READ, 0, "/local/domain/5", 16);
	client_drain(&fx.a);
	assert_int_equal(fx.a.reply.hdr.req_id, second);
	assert_int_equal(fx.a.reply.hdr.type, XS_READ);
	assert_false(xs_conn_broken(fx.a.conn));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reply_without_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_request_waits_for_room, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
