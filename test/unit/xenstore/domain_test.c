// SPDX-License-Identifier: MIT
/* Xenstore unit tests: domains introduced and released, by the main loop or by request. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static char buf[XS_PAYLOAD_MAX + 1];

static void test_introduce(void **state)
{
	uint32_t nodes = xs_store_node_count(fx.store);
	struct xs_conn *conn;

	(void)state;
	assert_int_equal(xs_watch(&fx.tool, "/local/domain", "dom"), 0);
	events_clear(&fx.tool);
	assert_false(xs_domain_introduced(fx.store, 9));
	assert_null(xs_domain_conn(fx.store, 9));
	conn = xs_domain_introduce(fx.store, 9);
	assert_non_null(conn);
	assert_ptr_equal(xs_domain_conn(fx.store, 9), conn);
	assert_true(xs_domain_introduced(fx.store, 9));
	assert_int_equal(xs_store_node_count(fx.store), nodes + 1);
	/* The store's, readable by the domain: it may not rename itself. */
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/local/domain/9", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n1 r9");
	client_drain(&fx.tool);
	assert_true(event_seen(&fx.tool, "/local/domain/9", "dom"));
	/* Once only, and only valid ids. */
	assert_null(xs_domain_introduce(fx.store, 9));
	assert_null(xs_domain_introduce(fx.store, 0x7ff0));
	assert_null(xs_domain_introduce(fx.store, 0xffff));
	check_store();
}

static void test_introduce_keeps_prepared_home(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/9/name", "guest"), 0);
	assert_int_equal(xs_set_perms(&fx.tool, 0, "/local/domain/9", "n0 r9"), 0);
	assert_non_null(xs_domain_introduce(fx.store, 9));
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/local/domain/9", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n0 r9");
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/9/name", buf, sizeof(buf)), 5);
}

static void test_release(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "data/x", "1"), 0);
	assert_int_equal(xs_watch(&fx.a, "data", "mine"), 0);
	/* A node A owns outside its home outlives A (as the store's). */
	assert_int_equal(xs_mkdir(&fx.b, 0, "shared"), 0);
	assert_int_equal(xs_set_perms(&fx.b, 0, "shared", "n6 w5"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/6/shared/from-a", "1"), 0);
	assert_int_equal(xs_watch(&fx.tool, "/local/domain/5/data/x", "gone"), 0);
	assert_int_equal(xs_watch(&fx.tool, "@releaseDomain", "rel"), 0);
	events_clear(&fx.tool);
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	assert_false(xs_domain_introduced(fx.store, GUEST_A));
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/5", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/6/shared/from-a", buf, sizeof(buf)),
			 1);
	client_drain(&fx.tool);
	assert_true(event_seen(&fx.tool, "/local/domain/5/data/x", "gone"));
	assert_true(event_seen(&fx.tool, "@releaseDomain", "rel"));
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), -ENOENT);
	assert_int_equal(xs_domain_release(fx.store, 9), -ENOENT);
	check_store();
	/* The id can come back, with a fresh home. */
	client_attach(&fx.a, GUEST_A);
	assert_int_equal(xs_dir(&fx.a, 0, "/local/domain/5", buf, sizeof(buf)), 0);
	assert_int_equal(xs_unwatch(&fx.a, "data", "mine"), -ENOENT);
}

/*
 * A released domain leaves nothing for the next domain with its id: the
 * nodes it owned elsewhere go to the store's own domain, and the entries
 * naming it go from every permission list.
 */
static void test_release_forgets_the_domain(void **state)
{
	(void)state;
	assert_int_equal(xs_mkdir(&fx.b, 0, "shared"), 0);
	assert_int_equal(xs_set_perms(&fx.b, 0, "shared", "n6 w5 r7"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/6/shared/from-a", "1"), 0);
	assert_int_equal(
		xs_get_perms(&fx.tool, 0, "/local/domain/6/shared/from-a", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "n5 w5 r7");
	assert_int_equal(xs_write(&fx.tool, 0, "/tool/x", "1"), 0);
	assert_int_equal(xs_set_perms(&fx.tool, 0, "/tool/x", "n0 r5 b6 w5"), 0);
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	check_store();
	assert_int_equal(
		xs_get_perms(&fx.tool, 0, "/local/domain/6/shared/from-a", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n1 r7");
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/local/domain/6/shared", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n6 r7");
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/tool/x", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n0 b6");
	/* The next domain 5 inherits none of it. */
	client_attach(&fx.a, GUEST_A);
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/6/shared/from-a", buf, sizeof(buf)),
			 -EACCES);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/6/shared/from-a", "2"), -EACCES);
	assert_int_equal(xs_read(&fx.a, 0, "/tool/x", buf, sizeof(buf)), -EACCES);
	/* B, whose home it is, still may remove it. */
	assert_int_equal(xs_rm(&fx.b, 0, "shared"), 0);
	check_store();
}

/* A transaction that read a node whose perms a release changed does not commit. */
static void test_release_fails_transactions_that_read_its_perms(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_write(&fx.tool, 0, "/tool/y", "1"), 0);
	assert_int_equal(xs_set_perms(&fx.tool, 0, "/tool/y", "n0 r5 b6"), 0);
	assert_int_equal(xs_txn_start(&fx.b, &tx), 0);
	assert_int_equal(xs_get_perms(&fx.b, tx, "/tool/y", buf, sizeof(buf)), 3);
	assert_int_equal(xs_write(&fx.b, tx, "/tool/y", "2"), 0);
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	assert_int_equal(xs_txn_end(&fx.b, tx, true), -EAGAIN);
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/tool/y", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n0 b6");
}

static void test_introduce_request(void **state)
{
	static const char args[] = "9\0"
				   "233472\0"
				   "5";
	static const char args10[] = "10\0"
				     "1\0"
				     "2";

	(void)state;
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0, args, sizeof(args)), 0);
	assert_string_equal(fx.tool.reply.payload, "OK");
	assert_int_equal(hook_introduced, 1);
	assert_non_null(xs_domain_conn(fx.store, 9));
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/9", buf, sizeof(buf)), 0);
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0, args, sizeof(args)), -EEXIST);
	assert_int_equal(hook_introduced, 1);
	/* The main loop could not map the ring: its error, nothing introduced. */
	hook_introduce_result = -EBUSY;
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0, args10, sizeof(args10)), -EBUSY);
	assert_null(xs_domain_conn(fx.store, 10));
	hook_introduce_result = 7;
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0, args10, sizeof(args10)), -EIO);
	hook_introduce_result = 0;
	/* Malformed. */
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0,
			      "10\0"
			      "x\0"
			      "2",
			      7),
			 -EINVAL);
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0,
			      "10\0"
			      "1\0"
			      "4294967296",
			      16),
			 -EINVAL);
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0,
			      "40000\0"
			      "1\0"
			      "2",
			      10),
			 -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_INTRODUCE, 0, "10", "1"), -EINVAL);
	assert_int_equal(hook_introduced, 3);
}

static void test_release_request(void **state)
{
	static const char args[] = "9\0"
				   "233472\0"
				   "5";

	(void)state;
	assert_int_equal(call(&fx.tool, XS_INTRODUCE, 0, args, sizeof(args)), 0);
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "9"), 0);
	assert_int_equal(hook_released, 1);
	assert_false(xs_domain_introduced(fx.store, 9));
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/9", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "9"), -ENOENT);
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "x"), -EINVAL);
	assert_int_equal(hook_released, 1);
	check_store();
}

/*
 * A domain the store's own bookkeeping introduced (the main loop serves its
 * ring) is released only by that bookkeeping: a privileged client's RELEASE
 * would free a connection the main loop still feeds.
 */
static void test_release_request_of_served_domain(void **state)
{
	int err;

	(void)state;
	err = call_str(&fx.tool, XS_RELEASE, 0, "6");
	/* Whatever the answer, the main loop goes on feeding the connection it holds. */
	assert_int_equal(xs_write(&fx.b, 0, "still", "here"), 0);
	assert_int_equal(xs_read(&fx.b, 0, "still", buf, sizeof(buf)), 4);
	assert_int_equal(err, -EPERM);
	assert_int_equal(hook_released, 0);
	assert_ptr_equal(xs_domain_conn(fx.store, GUEST_B), fx.b.conn);
	check_store();
}

/* Nor is the store's own connection anyone's to release. */
static void test_release_request_of_store(void **state)
{
	struct client own;

	(void)state;
	client_attach(&own, STORE_DOMID);
	assert_int_equal(xs_domain_set_privileged(fx.store, STORE_DOMID, true), 0);
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "1"), -EPERM);
	assert_ptr_equal(xs_domain_conn(fx.store, STORE_DOMID), own.conn);
	assert_int_equal(xs_write(&own, 0, "/tool/x", "1"), 0);
	/* Only whoever introduced a domain by request may release it. */
	assert_int_equal(call(&own, XS_INTRODUCE, 0,
			      "9\0"
			      "1\0"
			      "2",
			      6),
			 0);
	assert_int_equal(call_str(&fx.tool, XS_RELEASE, 0, "9"), -EPERM);
	assert_int_equal(call_str(&own, XS_RELEASE, 0, "9"), 0);
	assert_false(xs_domain_introduced(fx.store, 9));
}

/*
 * A store with no introduce hook (the xenstore domain: the core's domain
 * list says whom it serves) refuses INTRODUCE, so the domain it names is
 * still introduced, and served, when it comes.
 */
static void test_introduce_request_without_hook(void **state)
{
	static const struct xs_hooks none = { 0 };
	struct xs_store *fixture_store = fx.store;
	struct client tool;

	(void)state;
	fx.store = xs_store_create(NULL, STORE_DOMID, &none, NULL);
	assert_non_null(fx.store);
	client_attach(&tool, TOOL);
	assert_int_equal(xs_domain_set_privileged(fx.store, TOOL, true), 0);
	assert_int_equal(call(&tool, XS_INTRODUCE, 0,
			      "9\0"
			      "1\0"
			      "2",
			      6),
			 -EPERM);
	assert_false(xs_domain_introduced(fx.store, 9));
	assert_non_null(xs_domain_introduce(fx.store, 9));
	check_store();
	xs_store_destroy(fx.store);
	fx.store = fixture_store;
}

/* INTRODUCE domid gfn port from @c. */
static int introduce_req(struct client *c, unsigned int domid, unsigned long gfn, unsigned int port)
{
	char args[64];
	int len = snprintf(args, sizeof(args), "%u%c%lu%c%u", domid, 0, gfn, 0, port);

	return call(c, XS_INTRODUCE, 0, args, (size_t)len + 1);
}

static int release_req(struct client *c, unsigned int domid)
{
	char arg[16];

	snprintf(arg, sizeof(arg), "%u", domid);
	return call_str(c, XS_RELEASE, 0, arg);
}

/* @c speaks for @domid, introduced by request: the main loop serves the connection it got. */
static void client_adopt(struct client *c, uint16_t domid)
{
	memset(c, 0, sizeof(*c));
	c->domid = domid;
	c->next_req = 100;
	c->auto_drain = true;
	c->conn = xs_domain_conn(fx.store, domid);
	assert_non_null(c->conn);
}

static void test_introduce_by_controller(void **state)
{
	struct client guest;

	(void)state;
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), 0);
	assert_int_equal(hook_checked, 1);
	assert_int_equal(hook_introduced, 1);
	assert_true(xs_domain_introduced(fx.store, 20));
	/* With no home prepared, it gets one owned by its controller, read-only to it. */
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/local/domain/20", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "n0 r20");
	client_adopt(&guest, 20);
	assert_int_equal(xs_dir(&guest, 0, "/local/domain/20", buf, sizeof(buf)), 0);
	assert_int_equal(xs_write(&guest, 0, "name", "x"), -EACCES);
	/* Twice: refused, and nothing is mapped again. */
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), -EEXIST);
	assert_int_equal(hook_introduced, 1);
	assert_ptr_equal(xs_domain_conn(fx.store, 20), guest.conn);
	check_store();
}

static void test_introduce_with_a_wrong_ring(void **state)
{
	(void)state;
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN + 1, 120), -EINVAL);
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 121), -EINVAL);
	assert_int_equal(introduce_req(&fx.tool, 20, 0, 0), -EINVAL);
	assert_int_equal(hook_checked, 3);
	assert_int_equal(hook_introduced, 0);
	assert_false(xs_domain_introduced(fx.store, 20));
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/20", buf, sizeof(buf)), -ENOENT);
	check_store();
}

/*
 * Another toolstack (privileged, not the controller) is refused INTRODUCE
 * and RELEASE the same way before and after the controller introduced the
 * domain; a plain guest is refused both outright.
 */
static void test_introduce_and_release_by_a_stranger(void **state)
{
	(void)state;
	assert_int_equal(xs_domain_set_privileged(fx.store, GUEST_A, true), 0);
	assert_int_equal(introduce_req(&fx.a, 20, CONTROLLED_GFN, 120), -EPERM);
	assert_int_equal(release_req(&fx.a, 20), -ENOENT);
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), 0);
	assert_int_equal(introduce_req(&fx.a, 20, CONTROLLED_GFN, 120), -EPERM);
	assert_int_equal(release_req(&fx.a, 20), -EPERM);
	assert_int_equal(introduce_req(&fx.b, 21, CONTROLLED_GFN, 121), -EACCES);
	assert_int_equal(release_req(&fx.b, 20), -EACCES);
	assert_int_equal(hook_introduced, 1);
	assert_int_equal(hook_released, 0);
	assert_true(xs_domain_introduced(fx.store, 20));
	/* The controller may. */
	assert_int_equal(release_req(&fx.tool, 20), 0);
	assert_int_equal(hook_released, 1);
	assert_false(xs_domain_introduced(fx.store, 20));
	check_store();
}

/*
 * RELEASE of a domain whose replies and events still wait for its ring:
 * the release hook (the main loop lets the ring go) runs before the
 * connection and its queue are freed, and nothing of it is left.
 */
static void test_release_with_output_queued(void **state)
{
	struct client guest;

	(void)state;
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), 0);
	client_adopt(&guest, 20);
	guest.auto_drain = false;
	client_send(&guest, XS_READ, 0, "name", 5);
	client_send(&guest, XS_WATCH, 0, "@releaseDomain\0t", 17);
	client_send(&guest, XS_DIRECTORY, 0, "/local/domain/20", 17);
	assert_true(xs_conn_has_output(guest.conn));
	assert_int_equal(release_req(&fx.tool, 20), 0);
	assert_int_equal(hook_released, 1);
	assert_null(xs_domain_conn(fx.store, 20));
	check_store();
	/* The same id again: a fresh connection with nothing queued. */
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), 0);
	client_adopt(&guest, 20);
	assert_false(xs_conn_has_output(guest.conn));
	check_store();
}

/*
 * A controller that goes leaves its domains to the main loop, which alone
 * releases them when they end: nobody else may, and nothing leaks.
 */
static void test_controller_released_first(void **state)
{
	struct client other_tool;

	(void)state;
	assert_int_equal(introduce_req(&fx.tool, 20, CONTROLLED_GFN, 120), 0);
	assert_int_equal(xs_domain_release(fx.store, TOOL), 0);
	assert_true(xs_domain_introduced(fx.store, 20));
	client_attach(&other_tool, 30);
	assert_int_equal(xs_domain_set_privileged(fx.store, 30, true), 0);
	assert_int_equal(release_req(&other_tool, 20), -EPERM);
	assert_int_equal(xs_domain_release(fx.store, 20), 0);
	assert_false(xs_domain_introduced(fx.store, 20));
	check_store();
}

static void test_set_privileged(void **state)
{
	(void)state;
	assert_int_equal(xs_read(&fx.a, 0, "/tool", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_domain_set_privileged(fx.store, GUEST_A, true), 0);
	assert_int_equal(xs_read(&fx.a, 0, "/tool", buf, sizeof(buf)), 0);
	assert_int_equal(call_str(&fx.a, XS_CONTROL, 0, "check"), 0);
	assert_int_equal(xs_domain_set_privileged(fx.store, GUEST_A, false), 0);
	assert_int_equal(xs_read(&fx.a, 0, "/tool", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_domain_set_privileged(fx.store, 0x7ff0, true), -EINVAL);
	/* Before introduction, and forgotten at release. */
	assert_int_equal(xs_domain_set_privileged(fx.store, 9, true), 0);
	assert_non_null(xs_domain_introduce(fx.store, 9));
	assert_int_equal(xs_domain_release(fx.store, 9), 0);
	check_store();
}

static void test_destroy_with_everything_open(void **state)
{
	uint32_t tx;

	(void)state;
	/* Teardown frees all this; the sanitizer reports any leak. */
	fx.a.auto_drain = false;
	assert_int_equal(xs_watch(&fx.b, "w", "t"), 0);
	assert_int_equal(xs_txn_start(&fx.b, &tx), 0);
	assert_int_equal(xs_write(&fx.b, tx, "w/x", "1"), 0);
	client_send(&fx.a, XS_WRITE, 0, "x\0v", 3);
	client_send(&fx.a, XS_READ, 0, "x", 2);
	assert_true(xs_conn_has_output(fx.a.conn));
	client_feed(&fx.c, "\x02\0\0\0", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_introduce, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_keeps_prepared_home, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_forgets_the_domain, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_fails_transactions_that_read_its_perms,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_request, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_request, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_request_of_served_domain,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_request_of_store, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_request_without_hook,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_by_controller, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_with_a_wrong_ring, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_introduce_and_release_by_a_stranger,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_with_output_queued, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_controller_released_first, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_set_privileged, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_destroy_with_everything_open, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
