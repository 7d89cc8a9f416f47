// SPDX-License-Identifier: MIT
/* Xenstore unit tests: which changes fire which watches, and how events read. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

#define HOME_A "/local/domain/5"

static void test_fires_at_once(void **state)
{
	(void)state;
	assert_int_equal(xs_watch(&fx.a, HOME_A "/w", "t1"), 0);
	assert_int_equal(fx.a.event_count, 1);
	assert_string_equal(fx.a.events[0].path, HOME_A "/w");
	assert_string_equal(fx.a.events[0].token, "t1");
	/* Whether or not the node exists, and for anyone's node. */
	assert_int_equal(xs_watch(&fx.b, HOME_A "/secret", "t2"), 0);
	assert_true(event_seen(&fx.b, HOME_A "/secret", "t2"));
}

static void test_fires_at_and_below(void **state)
{
	(void)state;
	assert_int_equal(xs_watch(&fx.a, HOME_A "/w", "t"), 0);
	events_clear(&fx.a);
	assert_int_equal(xs_write(&fx.a, 0, "w/a", "1"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "w/a/b", "2"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "w", "3"), 0);
	assert_int_equal(fx.a.event_count, 3);
	assert_string_equal(fx.a.events[0].path, HOME_A "/w/a");
	assert_string_equal(fx.a.events[1].path, HOME_A "/w/a/b");
	assert_string_equal(fx.a.events[2].path, HOME_A "/w");
	/* Neither a sibling sharing the prefix nor the parent. */
	assert_int_equal(xs_write(&fx.a, 0, "wx", "4"), 0);
	assert_int_equal(xs_write(&fx.a, 0, HOME_A, "5"), 0);
	assert_int_equal(fx.a.event_count, 3);
	/* mkdir of what exists changes nothing; of a new node fires. */
	assert_int_equal(xs_mkdir(&fx.a, 0, "w/a"), 0);
	assert_int_equal(fx.a.event_count, 3);
	assert_int_equal(xs_mkdir(&fx.a, 0, "w/m"), 0);
	assert_true(event_seen(&fx.a, HOME_A "/w/m", "t"));
	assert_int_equal(xs_set_perms(&fx.a, 0, "w/m", "n5 r6"), 0);
	assert_int_equal(fx.a.event_count, 5);
}

static void test_root_watch_sees_all(void **state)
{
	(void)state;
	assert_int_equal(xs_watch(&fx.tool, "/", "all"), 0);
	events_clear(&fx.tool);
	assert_int_equal(xs_write(&fx.a, 0, "x", "1"), 0);
	assert_int_equal(xs_write(&fx.b, 0, "y", "1"), 0);
	client_drain(&fx.tool);
	assert_true(event_seen(&fx.tool, HOME_A "/x", "all"));
	assert_true(event_seen(&fx.tool, "/local/domain/6/y", "all"));
}

static void test_relative_paths(void **state)
{
	(void)state;
	assert_int_equal(xs_watch(&fx.a, "rel", "r"), 0);
	assert_true(event_seen(&fx.a, "rel", "r"));
	assert_int_equal(xs_write(&fx.a, 0, "rel/x", "1"), 0);
	assert_true(event_seen(&fx.a, "rel/x", "r"));
	/* Written by its absolute path, seen by the relative one. */
	assert_int_equal(xs_write(&fx.tool, 0, HOME_A "/rel/y", "1"), 0);
	client_drain(&fx.a);
	assert_true(event_seen(&fx.a, "rel/y", "r"));
	assert_int_equal(xs_unwatch(&fx.a, "rel", "r"), 0);
}

static void test_removals(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "w/a/b/c", "1"), 0);
	assert_int_equal(xs_watch(&fx.a, HOME_A "/w", "top"), 0);
	assert_int_equal(xs_watch(&fx.a, HOME_A "/w/a/b", "deep"), 0);
	assert_int_equal(xs_watch(&fx.a, HOME_A "/w/a/b/c/none", "deeper"), 0);
	events_clear(&fx.a);
	assert_int_equal(xs_rm(&fx.a, 0, "w/a"), 0);
	/* The removed node, seen from above; each watch below, with its own path. */
	assert_int_equal(fx.a.event_count, 3);
	assert_true(event_seen(&fx.a, HOME_A "/w/a", "top"));
	assert_true(event_seen(&fx.a, HOME_A "/w/a/b", "deep"));
	assert_true(event_seen(&fx.a, HOME_A "/w/a/b/c/none", "deeper"));
	/* Removing what is not there fires nothing. */
	events_clear(&fx.a);
	assert_int_equal(xs_rm(&fx.a, 0, "w/a"), 0);
	assert_int_equal(fx.a.event_count, 0);
}

/* A backend (B) may read the frontend's state node, not the home above it. */
static void make_frontend(void)
{
	assert_int_equal(xs_write(&fx.a, 0, "dev/state", "4"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "dev/state", "n5 r6"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "dev/secret", "s"), 0);
	client_drain(&fx.b);
	events_clear(&fx.b);
}

static void watch_frontend(void)
{
	assert_int_equal(xs_watch(&fx.b, HOME_A "/dev/state", "state"), 0);
	assert_int_equal(xs_watch(&fx.b, HOME_A "/dev/state/none", "none"), 0);
	assert_int_equal(xs_watch(&fx.b, HOME_A "/dev/secret", "secret"), 0);
	assert_int_equal(xs_watch(&fx.b, HOME_A, "home"), 0);
}

/* B hears that its nodes went, by their own paths; nothing of A's others. */
static void check_backend_heard(void)
{
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 2);
	assert_true(event_seen(&fx.b, HOME_A "/dev/state", "state"));
	/* Judged by its nearest node, which B could read. */
	assert_true(event_seen(&fx.b, HOME_A "/dev/state/none", "none"));
}

static void test_removal_judged_by_watched_node(void **state)
{
	(void)state;
	watch_frontend();
	make_frontend();
	assert_int_equal(xs_rm(&fx.a, 0, "dev"), 0);
	check_backend_heard();
	/* The domain goes, and the store removes its home. */
	make_frontend();
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	check_backend_heard();
	check_store();
}

static void test_removal_below_in_transaction(void **state)
{
	uint32_t tx;

	(void)state;
	watch_frontend();
	make_frontend();
	/* What B could read before the commit decides, not what the transaction made of it. */
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "dev/state", "n5"), 0);
	assert_int_equal(xs_set_perms(&fx.a, tx, "dev/secret", "n5 r6"), 0);
	assert_int_equal(xs_rm(&fx.a, tx, "dev"), 0);
	assert_int_equal(xs_write(&fx.a, tx, "dev/state", "new"), 0);
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
	client_drain(&fx.b);
	assert_int_equal(event_count_for(&fx.b, "state"), 1);
	assert_int_equal(event_count_for(&fx.b, "none"), 1);
	assert_int_equal(event_count_for(&fx.b, "secret"), 0);
	assert_int_equal(event_count_for(&fx.b, "home"), 0);
}

static void test_permission_filter(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_watch(&fx.b, HOME_A "/p", "b"), 0);
	events_clear(&fx.b);
	assert_int_equal(xs_write(&fx.a, 0, "p", "hidden"), 0);
	assert_int_equal(fx.b.event_count, 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6"), 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 1);
	assert_int_equal(xs_write(&fx.a, 0, "p", "shown"), 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 2);
	/* A removal is judged by the perms the node had. */
	assert_int_equal(xs_rm(&fx.a, 0, "p"), 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 3);
	assert_int_equal(xs_write(&fx.a, 0, "p", "closed-again"), 0);
	assert_int_equal(xs_rm(&fx.a, 0, "p"), 0);
	client_drain(&fx.b);
	assert_int_equal(fx.b.event_count, 3);
}

static void test_other_connections_get_events(void **state)
{
	(void)state;
	hook_woken = 0;
	assert_int_equal(xs_watch(&fx.tool, HOME_A, "home"), 0);
	events_clear(&fx.tool);
	hook_woken = 0;
	assert_int_equal(xs_write(&fx.a, 0, "x", "1"), 0);
	/* Queued on the tool's connection, announced through the hook. */
	assert_true(xs_conn_has_output(fx.tool.conn));
	assert_true(hook_woken >= 1);
	client_drain(&fx.tool);
	assert_true(event_seen(&fx.tool, HOME_A "/x", "home"));
}

static void test_special_watches(void **state)
{
	struct xs_conn *conn;

	(void)state;
	assert_int_equal(xs_watch(&fx.tool, "@introduceDomain", "in"), 0);
	assert_int_equal(xs_watch(&fx.tool, "@releaseDomain", "out"), 0);
	assert_int_equal(xs_watch(&fx.a, "@releaseDomain", "a-out"), 0);
	assert_true(event_seen(&fx.tool, "@introduceDomain", "in"));
	assert_true(event_seen(&fx.a, "@releaseDomain", "a-out"));
	events_clear(&fx.tool);
	events_clear(&fx.a);
	conn = xs_domain_introduce(fx.store, 9);
	assert_non_null(conn);
	client_drain(&fx.tool);
	assert_int_equal(event_count_for(&fx.tool, "in"), 1);
	assert_int_equal(event_count_for(&fx.tool, "out"), 0);
	assert_int_equal(xs_domain_release(fx.store, 9), 0);
	client_drain(&fx.tool);
	client_drain(&fx.a);
	assert_int_equal(event_count_for(&fx.tool, "out"), 1);
	assert_true(event_seen(&fx.tool, "@releaseDomain", "out"));
	/* Only privileged connections learn of domains. */
	assert_int_equal(fx.a.event_count, 0);
	/* Other special names do not exist. */
	assert_int_equal(xs_watch(&fx.tool, "@other", "x"), -EINVAL);
	assert_int_equal(xs_watch(&fx.tool, "@", "x"), -EINVAL);
}

static void test_watch_errors(void **state)
{
	static char token[XS_PAYLOAD_MAX];

	(void)state;
	assert_int_equal(xs_watch(&fx.a, "w", "tok"), 0);
	assert_int_equal(xs_watch(&fx.a, "w", "tok"), -EEXIST);
	assert_int_equal(xs_watch(&fx.a, "other", "tok"), -EEXIST);
	/* Tokens are per connection. */
	assert_int_equal(xs_watch(&fx.b, "w", "tok"), 0);
	assert_int_equal(xs_unwatch(&fx.a, "w", "nope"), -ENOENT);
	assert_int_equal(xs_unwatch(&fx.a, "nope", "tok"), -ENOENT);
	assert_int_equal(xs_unwatch(&fx.a, "w", "tok"), 0);
	assert_int_equal(xs_unwatch(&fx.a, "w", "tok"), -ENOENT);
	assert_int_equal(xs_watch(&fx.a, "bad//path", "t"), -EINVAL);
	assert_int_equal(call_str(&fx.a, XS_WATCH, 0, "w"), -EINVAL);
	/* A token that would not fit in an event with the longest path. */
	memset(token, 'k', 1100);
	token[1100] = '\0';
	assert_int_equal(xs_watch(&fx.a, "w", token), -E2BIG);
	token[1000] = '\0';
	assert_int_equal(xs_watch(&fx.a, "w", token), 0);
}

static void test_reset_watches(void **state)
{
	(void)state;
	assert_int_equal(xs_watch(&fx.a, "w1", "t1"), 0);
	assert_int_equal(xs_watch(&fx.a, "w2", "t2"), 0);
	assert_int_equal(call(&fx.a, XS_RESET_WATCHES, 0, "", 0), 0);
	assert_string_equal(fx.a.reply.payload, "OK");
	events_clear(&fx.a);
	assert_int_equal(xs_write(&fx.a, 0, "w1", "x"), 0);
	assert_int_equal(fx.a.event_count, 0);
	assert_int_equal(xs_unwatch(&fx.a, "w1", "t1"), -ENOENT);
	assert_int_equal(xs_watch(&fx.a, "w1", "t1"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fires_at_once, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_fires_at_and_below, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_root_watch_sees_all, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_relative_paths, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_removals, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_removal_judged_by_watched_node,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_removal_below_in_transaction, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_permission_filter, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_other_connections_get_events, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_special_watches, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_watch_errors, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_reset_watches, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
