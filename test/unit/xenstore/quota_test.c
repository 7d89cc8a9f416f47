// SPDX-License-Identifier: MIT
/* Xenstore unit tests: every quota, exceeded, refused with its error, given back. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static char buf[XS_PAYLOAD_MAX + 1];

static int small_setup(void **state)
{
	struct xs_limits limits;

	(void)state;
	xs_limits_default(&limits);
	limits.nodes_per_domain = 10;
	limits.watches_per_domain = 4;
	limits.transactions_per_domain = 2;
	limits.transaction_nodes = 8;
	limits.perms_per_node = 3;
	limits.node_size = 100;
	limits.nodes_total = 40;
	limits.path_max = 64;
	fx_setup(&limits);
	return 0;
}

static void test_defaults(void **state)
{
	struct xs_limits limits;

	(void)state;
	xs_limits_default(&limits);
	assert_int_equal(limits.nodes_per_domain, 1000);
	assert_int_equal(limits.node_size, 2048);
	assert_int_equal(limits.perms_per_node, 5); /* Xen's default */
	assert_int_equal(limits.watches_per_domain, 128);
	assert_int_equal(limits.transactions_per_domain, 10);
	assert_int_equal(limits.transaction_nodes, 1024);
	assert_int_equal(limits.transaction_bytes, 256 * 1024);
	/* A domain's transactions hold a few MiB at most. */
	assert_true((uint64_t)limits.transactions_per_domain * limits.transaction_bytes <=
		    3u << 20);
	assert_int_equal(limits.output_messages, 64);
	assert_int_equal(limits.output_bytes, 65536);
	assert_int_equal(limits.path_max, XS_PATH_MAX);
	assert_int_equal(limits.nodes_total, 20000);
}

static void test_nodes_per_domain(void **state)
{
	char path[32];
	int i, err = 0;

	(void)state;
	/* The home counts: nine more fit. */
	for (i = 0; i < 20 && !err; i++) {
		snprintf(path, sizeof(path), "n%d", i);
		err = xs_write(&fx.a, 0, path, "v");
	}
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(i, 10);
	/* Parents count too: nothing half-created. */
	assert_int_equal(xs_rm(&fx.a, 0, "n0"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "deep/er", "v"), -ENOSPC);
	assert_int_equal(xs_read(&fx.a, 0, "deep", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_write(&fx.a, 0, "flat", "v"), 0);
	/* Others are not affected; the toolstack is exempt. */
	assert_int_equal(xs_write(&fx.b, 0, "b", "v"), 0);
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/5/by-tool", "v"), 0);
	/* That node is A's (its parent's owner's), and charged to A. */
	assert_int_equal(xs_rm(&fx.a, 0, "n5"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "again", "v"), -ENOSPC);
	/* Removal gives the quota back. */
	assert_int_equal(xs_rm(&fx.a, 0, "by-tool"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "again", "v"), 0);
	check_store();
}

static void test_nodes_quota_override(void **state)
{
	static const char set[] = "6\0nodes\0"
				  "2";

	(void)state;
	assert_int_equal(call(&fx.tool, XS_SET_QUOTA, 0, set, sizeof(set)), 0);
	assert_int_equal(xs_write(&fx.b, 0, "one", "v"), 0);
	assert_int_equal(xs_write(&fx.b, 0, "two", "v"), -ENOSPC);
	assert_int_equal(xs_write(&fx.a, 0, "two", "v"), 0);
}

static void test_nodes_total(void **state)
{
	char path[48];
	int i, err = 0;

	(void)state;
	/* Binds the privileged too: the store's memory has one bound. */
	for (i = 0; i < 100 && !err; i++) {
		snprintf(path, sizeof(path), "/tool/n%d", i);
		err = xs_write(&fx.tool, 0, path, "v");
	}
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(xs_store_node_count(fx.store), 40);
	assert_int_equal(xs_write(&fx.a, 0, "x", "v"), -ENOSPC);
	assert_null(xs_domain_introduce(fx.store, 9));
	assert_false(xs_domain_introduced(fx.store, 9));
	assert_int_equal(xs_rm(&fx.tool, 0, "/tool/n0"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "x", "v"), 0);
	check_store();
}

static void test_node_size(void **state)
{
	char value[102];

	(void)state;
	memset(value, 'v', 101);
	value[101] = '\0';
	assert_int_equal(xs_write(&fx.a, 0, "big", value), -E2BIG);
	/* Binds unprivileged domains only, as in Xen. */
	assert_int_equal(xs_write(&fx.tool, 0, "/tool/big", value), 0);
	value[100] = '\0';
	assert_int_equal(xs_write(&fx.a, 0, "big", value), 0);
	assert_int_equal(xs_read(&fx.a, 0, "big", buf, sizeof(buf)), 100);
}

static void test_perms_per_node(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6 r7 r8"), -ENOSPC); /* Xen's answer */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6 r7"), 0);
	/* Binds unprivileged domains only, as in Xen. */
	assert_int_equal(xs_write(&fx.tool, 0, "/tool/p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.tool, 0, "/tool/p", "n0 r5 r6 r7 r8 r9"), 0);
}

static void test_watches(void **state)
{
	char token[8];

	(void)state;
	for (int i = 0; i < 4; i++) {
		snprintf(token, sizeof(token), "t%d", i);
		assert_int_equal(xs_watch(&fx.a, "w", token), 0);
	}
	assert_int_equal(xs_watch(&fx.a, "w", "t4"), -ENOSPC);
	assert_int_equal(xs_watch(&fx.tool, "w", "t4"), 0);
	assert_int_equal(xs_unwatch(&fx.a, "w", "t0"), 0);
	assert_int_equal(xs_watch(&fx.a, "w", "t4"), 0);
}

static void test_transactions(void **state)
{
	uint32_t t1, t2, t3;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	assert_int_equal(xs_txn_start(&fx.a, &t2), 0);
	assert_int_equal(xs_txn_start(&fx.a, &t3), -ENOSPC);
	assert_int_equal(xs_txn_start(&fx.b, &t3), 0);
	assert_int_equal(xs_txn_end(&fx.a, t1, false), 0);
	assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	assert_int_equal(xs_txn_end(&fx.a, t1, false), 0);
	assert_int_equal(xs_txn_end(&fx.a, t2, false), 0);
	assert_int_equal(xs_txn_end(&fx.b, t3, false), 0);
}

static void test_transaction_nodes(void **state)
{
	char path[16];
	uint32_t tx;
	int i, err = 0;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.tool, &tx), 0);
	assert_int_equal(xs_write(&fx.tool, tx, "/tool/w", "first"), 0);
	for (i = 0; i < 20 && !err; i++) {
		snprintf(path, sizeof(path), "/tool/t%d", i);
		err = xs_read(&fx.tool, tx, path, buf, sizeof(buf));
		err = err == -ENOENT ? 0 : err;
	}
	assert_int_equal(err, -ENOSPC);
	/* Still usable for what it already touched; a refused change spoils nothing. */
	assert_int_equal(xs_read(&fx.tool, tx, "/tool/t0", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_write(&fx.tool, tx, "/tool/w", "second"), -ENOSPC);
	assert_int_equal(xs_rm(&fx.tool, tx, "/tool/w"), -ENOSPC);
	assert_int_equal(xs_txn_end(&fx.tool, tx, true), 0);
	assert_int_equal(xs_read(&fx.tool, 0, "/tool/w", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "first");
}

static int bytes_setup(void **state)
{
	struct xs_limits limits;

	(void)state;
	xs_limits_default(&limits);
	limits.transaction_bytes = 16384;
	fx_setup(&limits);
	return 0;
}

/* Writes values of @size bytes to "v0", "v1", ... in @tx until refused; returns how many fit. */
static int fill(struct client *c, uint32_t tx, size_t size)
{
	static char value[XS_PAYLOAD_MAX];
	char path[16];
	int i, err = 0;

	memset(value, 'v', size);
	value[size] = '\0';
	for (i = 0; i < 100 && !err; i++) {
		snprintf(path, sizeof(path), "v%d", i);
		err = xs_write(c, tx, path, value);
	}
	assert_int_equal(err, -ENOSPC);
	return i - 1;
}

static void test_transaction_bytes(void **state)
{
	static const char set[] = "5\0transaction-bytes\0"
				  "100000";
	uint32_t tx, other;
	int fitted, i;
	char path[32];

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	fitted = fill(&fx.a, tx, 2000);
	/* Few nodes, but their values fill the budget: counted in bytes, not nodes. */
	assert_true(fitted >= 4 && fitted < 8);
	/* The refused write left nothing behind; what fitted commits. */
	snprintf(path, sizeof(path), "v%d", fitted);
	assert_int_equal(xs_read(&fx.a, tx, path, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_read(&fx.a, 0, "v0", buf, sizeof(buf)), 2000);
	/* Reads copy what they read: they count too. The toolstack is bound as well. */
	assert_int_equal(xs_txn_start(&fx.tool, &tx), 0);
	assert_int_equal(xs_txn_start(&fx.tool, &other), 0);
	for (i = 0; i < fitted; i++) {
		snprintf(path, sizeof(path), "/local/domain/5/v%d", i);
		assert_int_equal(xs_read(&fx.tool, tx, path, buf, sizeof(buf)), 2000);
		assert_int_equal(xs_read(&fx.tool, other, path, buf, sizeof(buf)), 2000);
	}
	assert_int_equal(xs_write(&fx.tool, tx, "/local/domain/5/v0", buf), -ENOSPC);
	/* Each transaction has a budget of its own; a smaller value takes less. */
	assert_int_equal(xs_write(&fx.tool, other, "/local/domain/5/v0", "v"), 0);
	assert_int_equal(xs_txn_end(&fx.tool, tx, false), 0);
	assert_int_equal(xs_txn_end(&fx.tool, other, true), 0);
	/* SET_QUOTA raises one domain's. */
	assert_int_equal(call(&fx.tool, XS_SET_QUOTA, 0, set, sizeof(set)), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_true(fill(&fx.a, tx, 2000) > 4 * fitted);
	assert_int_equal(xs_txn_end(&fx.a, tx, false), 0);
}

/* The defaults refuse a transaction pinning a thousand full-sized copies. */
static void test_transaction_bytes_default(void **state)
{
	static char value[2049];
	char path[32];
	uint32_t tx;
	int i, err = 0;

	(void)state;
	memset(value, 'v', 2048);
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/tool/n%d", i);
		assert_int_equal(xs_write(&fx.tool, 0, path, value), 0);
	}
	assert_int_equal(xs_txn_start(&fx.tool, &tx), 0);
	for (i = 0; i < 200 && !err; i++) {
		snprintf(path, sizeof(path), "/tool/n%d", i);
		err = xs_read(&fx.tool, tx, path, buf, sizeof(buf));
		err = err == 2048 ? 0 : err;
	}
	assert_int_equal(err, -ENOSPC);
	assert_true(i > 64 && i <= 128);
	assert_int_equal(xs_txn_end(&fx.tool, tx, true), 0);
}

static void test_path_max(void **state)
{
	char path[80];

	(void)state;
	memset(path, 'p', sizeof(path));
	memcpy(path, "/tool/", 6);
	path[64] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, path, "v"), 0);
	path[64] = 'p';
	path[65] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, path, "v"), -EINVAL);
	assert_int_equal(xs_watch(&fx.tool, path, "t"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_nodes_per_domain, small_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_nodes_quota_override, small_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_nodes_total, small_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_node_size, small_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_perms_per_node, small_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_watches, small_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_transactions, small_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_transaction_nodes, small_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_transaction_bytes, bytes_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_transaction_bytes_default, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_path_max, small_setup, fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
