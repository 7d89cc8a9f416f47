// SPDX-License-Identifier: MIT
/* Xenstore unit tests: the store running short of memory costs its clients a wait, never a break.
 */
#include <errno.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

/*
 * The store domain's RAM (test/system/xenstore*.dts: 32 MiB) and a share of
 * half of it for each of 64 domains. The service skeleton (libos/service.h)
 * serves as many domains as half its free heap holds at
 * xs_limits_domain_worst each (62 in 32 MiB, after its image and DTB); the
 * rest is its stacks, the allocator's slack and the views single requests
 * use for a moment. A worst case within this share keeps that near 64.
 */
#define STORE_RAM (32u << 20)
#define DOMAINS_MAX 64u
#define PER_DOMAIN (STORE_RAM / 2u / DOMAINS_MAX)

/*
 * Linked with --wrap=malloc,calloc,free: every allocation of the store fails
 * while starved is set, and held counts the bytes the store holds.
 */
static bool starved;
static int64_t held;

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void __wrap_free(void *p);

static void *count(void *p)
{
	if (p) {
		held += (int64_t)malloc_usable_size(p);
	}
	return p;
}

void *__wrap_malloc(size_t size)
{
	return starved ? NULL : count(__real_malloc(size));
}

void *__wrap_calloc(size_t n, size_t size)
{
	return starved ? NULL : count(__real_calloc(n, size));
}

void __wrap_free(void *p)
{
	if (p) {
		held -= (int64_t)malloc_usable_size(p);
	}
	__real_free(p);
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

/* Writes @count values of @size bytes under @dir (in @tx); returns how many were taken. */
static unsigned int fill(struct client *c, uint32_t tx, const char *dir, unsigned int n,
			 size_t size)
{
	static char value[XS_PAYLOAD_MAX];
	char path[64];
	unsigned int i;

	memset(value, 'v', sizeof(value));
	value[size] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%u", dir, i);
		if (xs_write(c, tx, path, value) != 0) {
			break;
		}
	}
	return i;
}

/*
 * An unprivileged domain at the default limits takes all it can: nodes of
 * the largest size, watches with the longest tokens, every transaction it
 * may open, filled. What the store then holds for it fits its share of the
 * store's RAM, so every domain the store may serve fits at once.
 */
static void test_one_domain_fits_its_share(void **state)
{
	static char token[XS_PAYLOAD_MAX];
	struct xs_limits limits;
	int64_t before = held;
	unsigned int watches = 0;
	uint32_t tx;

	(void)state;
	fill(&fx.a, 0, "nodes", 1000, 2048);
	memset(token, 't', 3000);
	for (unsigned int i = 0; i < 128; i++) {
		snprintf(token + 3000, 16, "%u", i);
		watches += xs_watch(&fx.a, "nodes", token) == 0;
	}
	for (unsigned int i = 0; i < 10; i++) {
		if (xs_txn_start(&fx.a, &tx) == 0) {
			fill(&fx.a, tx, "txn", 200, 2048);
		}
	}
	assert_true(held - before <= (int64_t)PER_DOMAIN);
	/* And the bound the store's limits promise fits as well, for every domain at once. */
	xs_limits_default(&limits);
	assert_true(xs_limits_domain_worst(&limits) <= PER_DOMAIN);
	assert_true(held - before <= (int64_t)xs_limits_domain_worst(&limits));
	/* What it holds is its own: another domain still gets its share. */
	assert_int_equal(fill(&fx.b, 0, "nodes", 16, 2048), 16);
	assert_int_equal(xs_watch(&fx.b, "nodes", "b"), 0);
}

/* Adds watches with 1,000-byte tokens until one is refused; returns how many were taken. */
static unsigned int watch_many(struct client *c, unsigned int from)
{
	char token[1001];
	unsigned int i;

	memset(token, 't', 990);
	for (i = from; i < from + 50; i++) {
		snprintf(token + 990, sizeof(token) - 990, "%010u", i);
		if (xs_watch(c, "n", token) != 0) {
			break;
		}
	}
	return i - from;
}

/* Nodes, watches and transactions draw on one budget: what one takes, the others lack. */
static void test_one_budget_for_everything(void **state)
{
	static const char quota[] = "5\0bytes\0"
				    "16384";
	char big[2001] = { 0 };
	unsigned int n, w;
	uint32_t tx;

	(void)state;
	assert_int_equal(call(&fx.tool, XS_SET_QUOTA, 0, quota, sizeof(quota)), 0);
	assert_int_equal(xs_write(&fx.a, 0, "open", ""), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "open", "n5 w6"), 0);
	n = fill(&fx.a, 0, "n", 100, 2000);
	assert_true(n >= 5 && n < 8);
	assert_true(watch_many(&fx.a, 0) <= 2);
	assert_int_equal(xs_rm(&fx.a, 0, "n/0"), 0);
	assert_int_equal(xs_rm(&fx.a, 0, "n/1"), 0);
	/* A transaction's view counts while it is open. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_true(fill(&fx.a, tx, "t", 10, 2000) <= 1);
	assert_int_equal(xs_txn_end(&fx.a, tx, false), 0);
	/* Its room went back: watches take it now, and then there is none for nodes. */
	w = watch_many(&fx.a, 100);
	assert_true(w >= 2 && w <= 5);
	assert_int_equal(fill(&fx.a, 0, "m", 1, 2000), 0);
	/* Another domain's write to A's node is judged by A's budget too. */
	memset(big, 'b', sizeof(big) - 1);
	assert_int_equal(xs_write(&fx.b, 0, "/local/domain/5/open", big), -ENOSPC);
	assert_int_equal(xs_write(&fx.b, 0, "/local/domain/5/open", ""), 0);
	/* Privileged domains are not bound, nor is the toolstack writing for A. */
	assert_int_equal(fill(&fx.tool, 0, "/tool/big", 20, 2000), 20);
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/5/open", big), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reply_without_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_request_waits_for_room, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_domain_fits_its_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_budget_for_everything, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
