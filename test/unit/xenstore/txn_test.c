// SPDX-License-Identifier: MIT
/* Xenstore unit tests: transaction isolation, conflicts, retries and events. */
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

#define HOME_A "/local/domain/5"

static void test_isolation(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "base", "0"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "gone", "g"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "new/deep", "inside"), 0);
	assert_int_equal(xs_write(&fx.a, tx, "base", "1"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "gone"), 0);
	/* The transaction sees its own changes... */
	assert_int_equal(xs_read(&fx.a, tx, "new/deep", buf, sizeof(buf)), 6);
	assert_int_equal(xs_read(&fx.a, tx, "base", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "1");
	assert_int_equal(xs_read(&fx.a, tx, "gone", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_dir(&fx.a, tx, HOME_A, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "base new");
	/* ...nobody else does, the same client outside it included. */
	assert_int_equal(xs_read(&fx.a, 0, "new/deep", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.a, 0, "base", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(xs_read(&fx.tool, 0, HOME_A "/gone", buf, sizeof(buf)), 1);
	assert_int_equal(xs_dir(&fx.a, 0, HOME_A, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "base gone");
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_read(&fx.a, 0, "new/deep", buf, sizeof(buf)), 6);
	assert_int_equal(xs_read(&fx.a, 0, "base", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "1");
	assert_int_equal(xs_read(&fx.a, 0, "gone", buf, sizeof(buf)), -ENOENT);
	/* Over: the id is unknown now. */
	assert_int_equal(xs_read(&fx.a, tx, "base", buf, sizeof(buf)), -ENOENT);
}

static void test_abort(void **state)
{
	uint32_t tx;
	uint32_t nodes = xs_store_node_count(fx.store);

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "base", "0"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "aborted", "x"), 0);
	assert_int_equal(xs_write(&fx.a, tx, "base", "changed"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "base"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, false), 0);
	assert_int_equal(xs_read(&fx.a, 0, "aborted", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.a, 0, "base", buf, sizeof(buf)), 1);
	assert_int_equal(xs_store_node_count(fx.store), nodes + 1);
	assert_int_equal(xs_txn_end(&fx.a, tx, false), -ENOENT);
}

static void test_read_conflict_then_retry(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "counter", "1"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_read(&fx.a, tx, "counter", buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.a, tx, "other", "2"), 0);
	/* Someone changes what the transaction read. */
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/counter", "10"), 0);
	/* The transaction still sees what it read. */
	assert_int_equal(xs_read(&fx.a, tx, "counter", buf, sizeof(buf)), 1);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), -EAGAIN);
	assert_int_equal(xs_read(&fx.a, 0, "other", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_read(&fx.a, tx, "counter", buf, sizeof(buf)), 2);
	assert_int_equal(xs_write(&fx.a, tx, "counter", "11"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_read(&fx.a, 0, "counter", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "11");
}

static void test_absent_read_conflicts(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_read(&fx.a, tx, "flag", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_write(&fx.a, tx, "result", "none"), 0);
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/flag", "1"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), -EAGAIN);
	assert_int_equal(xs_read(&fx.a, 0, "result", buf, sizeof(buf)), -ENOENT);
}

static void test_listing_conflicts(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "d/one", "1"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_dir(&fx.a, tx, "d", buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.a, tx, "count", "1"), 0);
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/d/two", "2"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), -EAGAIN);
	/* A change to a child's value is not a change to the list. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_dir(&fx.a, tx, "d", buf, sizeof(buf)), 2);
	assert_int_equal(xs_write(&fx.a, tx, "count", "2"), 0);
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/d/two", "22"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
}

static void test_disjoint_transactions_commit(void **state)
{
	uint32_t t1, t2;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "x", "1"), 0);
	assert_int_equal(xs_write(&fx.b, 0, "y", "1"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	assert_int_equal(xs_txn_start(&fx.b, &t2), 0);
	assert_int_equal(xs_write(&fx.a, t1, "x", "2"), 0);
	assert_int_equal(xs_write(&fx.b, t2, "y", "2"), 0);
	assert_int_equal(xs_txn_end(&fx.a, t1, true), 0);
	assert_int_equal(xs_txn_end(&fx.b, t2, true), 0);
	/* Two writes of one node: the later commit is refused, as it read it to write it. */
	assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	assert_int_equal(xs_txn_start(&fx.tool, &t2), 0);
	assert_int_equal(xs_write(&fx.a, t1, "x", "a"), 0);
	assert_int_equal(xs_write(&fx.tool, t2, HOME_A "/x", "t"), 0);
	assert_int_equal(xs_txn_end(&fx.a, t1, true), 0);
	assert_int_equal(xs_txn_end(&fx.tool, t2, true), -EAGAIN);
}

/* Opens a transaction that reads @path and writes it back incremented. */
static uint32_t begin_increment(struct client *c, const char *path)
{
	char value[16];
	uint32_t tx;

	assert_int_equal(xs_txn_start(c, &tx), 0);
	assert_true(xs_read(c, tx, path, value, sizeof(value)) > 0);
	snprintf(value, sizeof(value), "%lu", strtoul(value, NULL, 10) + 1);
	assert_int_equal(xs_write(c, tx, path, value), 0);
	return tx;
}

/* Increments @path, retrying on EAGAIN at most @tries times; returns the attempts used. */
static unsigned int increment_retrying(struct client *c, const char *path, unsigned int tries)
{
	unsigned int attempt;
	int err;

	for (attempt = 1; attempt <= tries; attempt++) {
		err = xs_txn_end(c, begin_increment(c, path), true);
		if (err == 0) {
			return attempt;
		}
		assert_int_equal(err, -EAGAIN);
	}
	fail_msg("no commit in %u attempts", tries);
	return 0;
}

/* Both increment at once: @first commits, @second conflicts, then lands on its retry. */
static void contend_once(struct client *first, struct client *second, const char *path)
{
	uint32_t t1 = begin_increment(first, path), t2 = begin_increment(second, path);

	assert_int_equal(xs_txn_end(first, t1, true), 0);
	assert_int_equal(xs_txn_end(second, t2, true), -EAGAIN);
	assert_int_equal(increment_retrying(second, path, 3), 1);
}

static void test_two_clients_contend(void **state)
{
	const char *counter = HOME_A "/shared/counter";
	char value[16];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "shared/counter", "0"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "shared", "n5 b6"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "shared/counter", "n5 b6"), 0);
	/* Many rounds, each client committing first in turn. */
	for (int i = 0; i < 20; i++) {
		contend_once(i % 2 ? &fx.a : &fx.b, i % 2 ? &fx.b : &fx.a, counter);
	}
	/* Alone, nothing conflicts. */
	assert_int_equal(increment_retrying(&fx.a, counter, 1), 1);
	assert_int_equal(xs_read(&fx.a, 0, counter, value, sizeof(value)), 2);
	assert_string_equal(value, "41");
}

static void test_events_on_commit_only(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_watch(&fx.tool, HOME_A, "home"), 0);
	events_clear(&fx.tool);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "t/x", "1"), 0);
	assert_int_equal(xs_write(&fx.a, tx, "t/y", "1"), 0);
	client_drain(&fx.tool);
	assert_int_equal(fx.tool.event_count, 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	client_drain(&fx.tool);
	assert_int_equal(fx.tool.event_count, 2);
	assert_true(event_seen(&fx.tool, HOME_A "/t/x", "home"));
	assert_true(event_seen(&fx.tool, HOME_A "/t/y", "home"));
	events_clear(&fx.tool);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "t"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, false), 0);
	client_drain(&fx.tool);
	assert_int_equal(fx.tool.event_count, 0);
	/* A failed commit fires nothing either. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_read(&fx.a, tx, "t/x", buf, sizeof(buf)), 1);
	assert_int_equal(xs_rm(&fx.a, tx, "t"), 0);
	assert_int_equal(xs_write(&fx.b, 0, "unrelated", "1"), 0);
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/t/x", "2"), 0);
	client_drain(&fx.tool);
	events_clear(&fx.tool);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), -EAGAIN);
	client_drain(&fx.tool);
	assert_int_equal(fx.tool.event_count, 0);
}

static void test_remove_and_recreate(void **state)
{
	char perms[32];
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "r/old/deep", "1"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "r/keep", "k"), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "r"), 0);
	assert_int_equal(xs_read(&fx.a, tx, "r/keep", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_write(&fx.a, tx, "r/new", "n"), 0);
	assert_int_equal(xs_dir(&fx.a, tx, "r", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "new");
	assert_int_equal(xs_read(&fx.a, tx, "r/old/deep", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_dir(&fx.a, 0, "r", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "new");
	assert_int_equal(xs_read(&fx.a, 0, "r/keep", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_get_perms(&fx.a, 0, "r/new", perms, sizeof(perms)), 1);
	/* Created then removed inside: nothing left, nothing charged. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "tmp/a/b", "1"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "tmp/a"), 0);
	assert_int_equal(xs_dir(&fx.a, tx, "tmp", buf, sizeof(buf)), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_dir(&fx.a, 0, "tmp", buf, sizeof(buf)), 0);
	check_store();
}

static void test_perms_in_transaction(void **state)
{
	char perms[32];
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "s/c", "0"), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "s", "n5 r6"), 0);
	assert_int_equal(xs_get_perms(&fx.a, tx, "s", perms, sizeof(perms)), 2);
	assert_int_equal(xs_get_perms(&fx.a, 0, "s", perms, sizeof(perms)), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_read(&fx.b, 0, HOME_A "/s", buf, sizeof(buf)), 0);
	assert_int_equal(xs_read(&fx.b, 0, HOME_A "/s/c", buf, sizeof(buf)), -EACCES);
}

static void test_events_filtered_by_committed_perms(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", ""), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6"), 0);
	assert_int_equal(xs_watch(&fx.b, HOME_A "/p", "b"), 0);
	events_clear(&fx.b);
	/* Created readable by B, closed before the commit: B hears nothing of it. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "p/secret", "s"), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "p/secret", "n5"), 0);
	assert_int_equal(xs_write(&fx.a, tx, "p/open", "o"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	client_drain(&fx.b);
	assert_int_equal(event_count_for(&fx.b, "b"), 1);
	assert_true(event_seen(&fx.b, HOME_A "/p/open", "b"));
	/* Removed: its last perms decide, whatever it had before. */
	events_clear(&fx.b);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "p/open", "n5"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "p/open"), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "p/secret", "n5 r6"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "p/secret"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 1);
	assert_true(event_seen(&fx.b, HOME_A "/p/secret", "b"));
}

static void test_reset_watches_ends_transactions(void **state)
{
	uint32_t t1, t2, tb;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	assert_int_equal(xs_txn_start(&fx.a, &t2), 0);
	assert_int_equal(xs_write(&fx.a, t1, "pending", "1"), 0);
	assert_int_equal(xs_txn_start(&fx.b, &tb), 0);
	assert_int_equal(call(&fx.a, XS_RESET_WATCHES, 0, "", 0), 0);
	/* Gone, committing nothing; other connections' stay. */
	assert_int_equal(xs_read(&fx.a, t1, "pending", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.a, t1, true), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.a, t2, false), -ENOENT);
	assert_int_equal(xs_read(&fx.a, 0, "pending", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_txn_end(&fx.b, tb, true), 0);
	/* The transactions quota is whole again. */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(xs_txn_start(&fx.a, &t1), 0);
	}
	assert_int_equal(xs_txn_start(&fx.a, &t1), -ENOSPC);
}

static void test_bad_transaction_use(void **state)
{
	uint32_t tx, tx2;

	(void)state;
	assert_int_equal(xs_read(&fx.a, 12345, "x", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_write(&fx.a, 0xffffffffu, "x", "1"), -ENOENT);
	assert_int_equal(call_str(&fx.a, XS_TRANSACTION_END, 0, "T"), -ENOENT);
	assert_int_equal(call_str(&fx.a, XS_TRANSACTION_END, 0xffffffffu, "T"), -ENOENT);
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_txn_start(&fx.a, &tx2), 0);
	assert_int_not_equal(tx, tx2);
	/* Nested: no. */
	assert_int_equal(call(&fx.a, XS_TRANSACTION_START, tx, "", 1), -EBUSY);
	/* Another connection's transaction is not ours. */
	assert_int_equal(xs_read(&fx.b, tx, "x", buf, sizeof(buf)), -ENOENT);
	/* A bad end leaves the transaction open. */
	assert_int_equal(call_str(&fx.a, XS_TRANSACTION_END, tx, "X"), -EINVAL);
	assert_int_equal(call(&fx.a, XS_TRANSACTION_END, tx, "T", 1), -EINVAL);
	assert_int_equal(call(&fx.a, XS_TRANSACTION_END, tx, "", 0), -EINVAL);
	assert_int_equal(xs_write(&fx.a, tx, "still", "open"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx2, false), 0);
	/* Errors inside a transaction do not spoil it. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "/tool/no", "1"), -EACCES);
	assert_int_equal(xs_write(&fx.a, tx, "yes", "1"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	assert_int_equal(xs_read(&fx.a, 0, "yes", buf, sizeof(buf)), 1);
}

static void test_release_with_open_transactions(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_write(&fx.a, tx, "pending", "1"), 0);
	assert_int_equal(xs_txn_start(&fx.b, &tx), 0);
	assert_int_equal(xs_read(&fx.b, tx, HOME_A, buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.b, tx, "mine", "1"), 0);
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	/* B looked at A's home, which went away since. */
	assert_int_equal(xs_txn_end(&fx.b, tx, true), -EAGAIN);
	assert_int_equal(xs_txn_start(&fx.b, &tx), 0);
	assert_int_equal(xs_write(&fx.b, tx, "mine", "1"), 0);
	assert_int_equal(xs_txn_end(&fx.b, tx, true), 0);
	check_store();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_isolation, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_abort, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_read_conflict_then_retry, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_absent_read_conflicts, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_listing_conflicts, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_disjoint_transactions_commit, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_two_clients_contend, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_events_on_commit_only, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_remove_and_recreate, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_perms_in_transaction, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_events_filtered_by_committed_perms,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_reset_watches_ends_transactions,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_bad_transaction_use, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_with_open_transactions,
						fx_cmocka_setup, fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
