// SPDX-License-Identifier: MIT
/* Xenstore unit tests: who may read, write and change permissions. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static char buf[XS_PAYLOAD_MAX + 1];

#define A_NODE "/local/domain/5/p"

static void test_owner_only_by_default(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "secret"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "p", buf, sizeof(buf)), 6);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE, buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.b, 0, A_NODE, "x"), -EACCES);
	assert_int_equal(xs_dir(&fx.b, 0, "/local/domain/5", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_get_perms(&fx.b, 0, A_NODE, buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_rm(&fx.b, 0, A_NODE), -EACCES);
	assert_int_equal(xs_read(&fx.a, 0, "/tool", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/6/intruder", "x"), -EACCES);
}

static void test_listed_entries(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6 w7"), 0);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE, buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.b, 0, A_NODE, "x"), -EACCES);
	assert_int_equal(xs_read(&fx.c, 0, A_NODE, buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.c, 0, A_NODE, "from-c"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "p", buf, sizeof(buf)), 6);
	/* A domain listed twice gets the union. */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6 w6"), 0);
	assert_int_equal(xs_write(&fx.b, 0, A_NODE, "from-b"), 0);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE, buf, sizeof(buf)), 6);
}

static void test_default_entry(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "r5"), 0);
	assert_int_equal(xs_read(&fx.c, 0, A_NODE, buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.c, 0, A_NODE, "x"), -EACCES);
	/* A listed entry overrides the default, even with less. */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "b5 n6"), 0);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE, buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.c, 0, A_NODE, "c"), 0);
	/* The owner's own letter does not bind the owner. */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "p", buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.a, 0, "p", "own"), 0);
}

static void test_privileged_passes(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_read(&fx.tool, 0, A_NODE, buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.tool, 0, A_NODE, "t"), 0);
	assert_int_equal(xs_set_perms(&fx.tool, 0, A_NODE, "n6"), 0);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE, buf, sizeof(buf)), 1);
	assert_int_equal(xs_read(&fx.a, 0, "p", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_rm(&fx.tool, 0, A_NODE), 0);
	/* Privilege can be taken away. */
	assert_int_equal(xs_domain_set_privileged(fx.store, TOOL, false), 0);
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/5", buf, sizeof(buf)), -EACCES);
}

static void test_absent_nodes_reveal_nothing(void **state)
{
	(void)state;
	assert_int_equal(xs_read(&fx.a, 0, "missing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.b, 0, "/local/domain/5/missing", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_read(&fx.b, 0, "/local/domain/5/x/y/z", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_dir(&fx.b, 0, "/local/domain/5/missing", buf, sizeof(buf)), -EACCES);
	/* Under a node B may read, absence shows. */
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 r6"), 0);
	assert_int_equal(xs_read(&fx.b, 0, A_NODE "/missing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.b, 0, "/nowhere/at/all", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_read(&fx.tool, 0, "/nowhere/at/all", buf, sizeof(buf)), -ENOENT);
}

static void test_new_nodes_inherit(void **state)
{
	char perms[64];

	(void)state;
	assert_int_equal(xs_mkdir(&fx.a, 0, "d"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "d", "n5 b6"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "d/mine", "1"), 0);
	assert_int_equal(xs_get_perms(&fx.a, 0, "d/mine", perms, sizeof(perms)), 2);
	assert_string_equal(perms, "n5 b6");
	/* B may write in d: it owns what it creates there. */
	assert_int_equal(xs_write(&fx.b, 0, "/local/domain/5/d/theirs/leaf", "2"), 0);
	assert_int_equal(xs_get_perms(&fx.b, 0, A_NODE "/../d/theirs/leaf", perms, sizeof(perms)),
			 -EINVAL);
	assert_int_equal(
		xs_get_perms(&fx.b, 0, "/local/domain/5/d/theirs/leaf", perms, sizeof(perms)), 2);
	assert_string_equal(perms, "n6 b6");
	assert_int_equal(
		xs_get_perms(&fx.tool, 0, "/local/domain/5/d/theirs", perms, sizeof(perms)), 2);
	assert_string_equal(perms, "n6 b6");
	/* The parent's owner is not the child's: A cannot read B's node there. */
	assert_int_equal(xs_read(&fx.a, 0, "d/theirs/leaf", perms, sizeof(perms)), -EACCES);
	/* The toolstack's nodes keep the parent's owner. */
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/5/d/tools", "3"), 0);
	assert_int_equal(xs_get_perms(&fx.a, 0, "d/tools", perms, sizeof(perms)), 2);
	assert_string_equal(perms, "n5 b6");
}

static void test_set_perms_rules(void **state)
{
	char perms[64];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5 b6"), 0);
	/* Writing is not owning. */
	assert_int_equal(xs_set_perms(&fx.b, 0, A_NODE, "n5 b6 r7"), -EACCES);
	/* A node cannot be given away by its unprivileged owner: EPERM, as in Xen. */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n6"), -EPERM);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n6 r5"), -EPERM);
	assert_int_equal(xs_set_perms(&fx.a, 0, "missing", "n5"), -ENOENT);
	assert_int_equal(xs_set_perms(&fx.b, 0, "/local/domain/5/missing", "n5"), -EACCES);
	/* Malformed lists. */
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "q5"), -EINVAL);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n"), -EINVAL);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5x"), -EINVAL);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n99999"), -EINVAL);
	assert_int_equal(call(&fx.a, XS_SET_PERMS, 0, "p", 2), -EINVAL);
	assert_int_equal(call(&fx.a, XS_SET_PERMS, 0, "p\0n5", 4), -EINVAL);
	assert_int_equal(xs_get_perms(&fx.a, 0, "p", perms, sizeof(perms)), 2);
	assert_string_equal(perms, "n5 b6");
	/* The toolstack may hand it over. */
	assert_int_equal(xs_set_perms(&fx.tool, 0, A_NODE, "n6 r5"), 0);
	assert_int_equal(xs_set_perms(&fx.a, 0, "p", "n5"), -EACCES);
	assert_int_equal(xs_set_perms(&fx.b, 0, A_NODE, "n6 b5"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "p", "again"), 0);
}

static void test_set_target(void **state)
{
	char perms[64];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_read(&fx.c, 0, A_NODE, buf, sizeof(buf)), -EACCES);
	assert_int_equal(call2(&fx.tool, XS_SET_TARGET, 0, "7", "5"), 0);
	/* C now acts as A on A's nodes: owner rights included. */
	assert_int_equal(xs_read(&fx.c, 0, A_NODE, buf, sizeof(buf)), 1);
	assert_int_equal(xs_write(&fx.c, 0, A_NODE, "by-c"), 0);
	assert_int_equal(xs_set_perms(&fx.c, 0, A_NODE, "n5 r6"), 0);
	assert_int_equal(xs_get_perms(&fx.a, 0, "p", perms, sizeof(perms)), 2);
	/* And gets what A is granted on others' nodes. */
	assert_int_equal(xs_write(&fx.b, 0, "q", "v"), 0);
	assert_int_equal(xs_set_perms(&fx.b, 0, "q", "n6 r5"), 0);
	assert_int_equal(xs_read(&fx.c, 0, "/local/domain/6/q", buf, sizeof(buf)), 1);
	/* But not privilege: B's other nodes stay closed. */
	assert_int_equal(xs_write(&fx.b, 0, "r", "v"), 0);
	assert_int_equal(xs_read(&fx.c, 0, "/local/domain/6/r", buf, sizeof(buf)), -EACCES);
	/* Releasing the target ends the stand-in. */
	assert_int_equal(xs_domain_release(fx.store, GUEST_A), 0);
	client_attach(&fx.a, GUEST_A);
	client_own_home(&fx.a);
	assert_int_equal(xs_write(&fx.a, 0, "p", "v"), 0);
	assert_int_equal(xs_read(&fx.c, 0, A_NODE, buf, sizeof(buf)), -EACCES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_owner_only_by_default, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_listed_entries, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_default_entry, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_privileged_passes, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_absent_nodes_reveal_nothing, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_new_nodes_inherit, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_set_perms_rules, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_set_target, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
