// SPDX-License-Identifier: MIT
/* Xenstore unit tests: libxl's home layout (xs_home_write) and what each domain may do in it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

#define HOMED 9u /* the domain whose home is written */

static char buf[XS_PAYLOAD_MAX + 1];
static struct client homed;

/* Domain HOMED, described as a toolstack (@owner) would, then introduced. */
static void make_homed(uint16_t owner)
{
	const struct xs_home home = {
		.domid = HOMED,
		.owner = owner,
		.name = "guest",
		.vcpu_count = 2,
		.memory_kib = 131072,
	};

	assert_int_equal(xs_home_write(fx.store, &home), 0);
	client_attach(&homed, HOMED);
	check_store();
}

static int setup(void **state)
{
	fx_cmocka_setup(state);
	make_homed(STORE_DOMID);
	return 0;
}

/* @path's perms as the tool sees them, in the fixture's "n1 r9" form. */
static const char *perms_of(const char *path)
{
	int count = xs_get_perms(&fx.tool, 0, path, buf, sizeof(buf));

	return count > 0 ? buf : "?";
}

static void test_controller_part_is_read_only_to_the_domain(void **state)
{
	static const char *const paths[] = {
		"/local/domain/9",
		"/local/domain/9/name",
		"/local/domain/9/domid",
		"/local/domain/9/cpu/0/availability",
		"/local/domain/9/cpu/1/availability",
		"/local/domain/9/memory/target",
		"/local/domain/9/memory/static-max",
		"/local/domain/9/control",
		"/local/domain/9/device",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_string_equal(perms_of(paths[i]), "n1 r9");
	}
	assert_int_equal(xs_read(&homed, 0, "name", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "guest");
	assert_int_equal(xs_read(&homed, 0, "domid", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "9");
	assert_int_equal(xs_read(&homed, 0, "cpu/1/availability", buf, sizeof(buf)), 6);
	assert_string_equal(buf, "online");
	assert_int_equal(xs_read(&homed, 0, "memory/target", buf, sizeof(buf)), 6);
	assert_string_equal(buf, "131072");
	assert_int_equal(xs_read(&homed, 0, "cpu/2", buf, sizeof(buf)), -ENOENT);
	/* The store knows no UUID: no vm entry. */
	assert_int_equal(xs_read(&homed, 0, "vm", buf, sizeof(buf)), -ENOENT);
}

static void test_domain_cannot_rewrite_what_the_toolstack_decides(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&homed, 0, "name", "evil"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "domid", "0"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "memory/target", "99999999"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "memory/static-max", "99999999"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "cpu/0/availability", "offline"), -EACCES);
	assert_int_equal(xs_rm(&homed, 0, "name"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "beside", "x"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "control/other", "x"), -EACCES);
	assert_int_equal(xs_write(&homed, 0, "device/vbd", "x"), -EACCES);
	assert_int_equal(xs_set_perms(&homed, 0, "/local/domain/9", "n9"), -EACCES);
	assert_int_equal(xs_set_perms(&homed, 0, "name", "n9"), -EACCES);
	assert_int_equal(xs_read(&homed, 0, "name", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "guest");
	check_store();
}

static void test_domain_writes_its_own_subtrees(void **state)
{
	static const char *const own[] = {
		"data/x",
		"drivers/x",
		"feature/x",
		"attr/x",
		"error/x",
		"control/shutdown",
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
		"control/sysrq",
		"device/suspend/event-channel",
	};
	char path[64];

	(void)state;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		assert_int_equal(xs_write(&homed, 0, own[i], "1"), 0);
		snprintf(path, sizeof(path), "/local/domain/9/%s", own[i]);
		assert_string_equal(perms_of(path), "n9");
	}
	assert_string_equal(perms_of("/local/domain/9/data"), "n9");
	/* Its own to share: a backend may be let read data/x. */
	assert_int_equal(xs_set_perms(&homed, 0, "data/x", "n9 r5"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/9/data/x", buf, sizeof(buf)), 1);
	check_store();
}

static void test_stranger_cannot_read_another_home(void **state)
{
	(void)state;
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/9", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/9/name", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_dir(&fx.a, 0, "/local/domain/9", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/9/data", buf, sizeof(buf)), -EACCES);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/9/data/x", "1"), -EACCES);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/9/name", "x"), -EACCES);
	/* Nor may the domain read its neighbours'. */
	assert_int_equal(xs_read(&homed, 0, "/local/domain/5", buf, sizeof(buf)), -EACCES);
}

/* A controller's layout is the controller's: it may rewrite it; its nodes cost it nothing. */
static void test_controller_owns_the_home_it_writes(void **state)
{
	(void)state;
	assert_int_equal(xs_domain_release(fx.store, HOMED), 0);
	make_homed(CONTROLLER);
	assert_string_equal(perms_of("/local/domain/9/name"), "n0 r9");
	assert_int_equal(xs_write(&fx.tool, 0, "/local/domain/9/memory/target", "65536"), 0);
	assert_int_equal(xs_read(&homed, 0, "memory/target", buf, sizeof(buf)), 5);
	assert_int_equal(xs_write(&homed, 0, "memory/target", "1"), -EACCES);
	assert_string_equal(perms_of("/local/domain/9/data"), "n9");
}

/* Written twice (a restart), the layout is the same; a node the domain added stays. */
static void test_rewritten_home_keeps_the_layout(void **state)
{
	const struct xs_home again = { .domid = HOMED, .owner = STORE_DOMID, .name = "renamed" };
	uint32_t nodes;

	(void)state;
	assert_int_equal(xs_write(&homed, 0, "data/kept", "1"), 0);
	nodes = xs_store_node_count(fx.store);
	assert_int_equal(xs_home_write(fx.store, &again), 0);
	assert_int_equal(xs_store_node_count(fx.store), nodes);
	assert_int_equal(xs_read(&homed, 0, "name", buf, sizeof(buf)), 7);
	assert_int_equal(xs_read(&homed, 0, "data/kept", buf, sizeof(buf)), 1);
	check_store();
}

/* The guest's own nodes count against its quota, even when the store wrote them. */
static void test_guest_part_charged_to_the_guest(void **state)
{
	struct xs_limits limits;
	const struct xs_home home = { .domid = HOMED, .owner = STORE_DOMID, .name = "guest" };

	(void)state;
	fx_teardown();
	xs_limits_default(&limits);
	limits.nodes_per_domain = 12; /* the 11 nodes of its own, and one more */
	fx_setup(&limits);
	assert_int_equal(xs_home_write(fx.store, &home), 0);
	client_attach(&homed, HOMED);
	assert_int_equal(xs_write(&homed, 0, "data/one", "1"), 0);
	assert_int_equal(xs_write(&homed, 0, "data/two", "2"), -ENOSPC);
	check_store();
}

static void test_bad_homes_refused(void **state)
{
	struct xs_home home = { .domid = 10, .owner = STORE_DOMID, .name = "x" };
	uint32_t nodes = xs_store_node_count(fx.store);
	char long_name[XS_HOME_NAME_MAX + 1];

	(void)state;
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	home.owner = 10; /* a domain may not own its own home */
	assert_int_equal(xs_home_write(fx.store, &home), -EINVAL);
	home.owner = STORE_DOMID;
	home.domid = 0x7ff0;
	assert_int_equal(xs_home_write(fx.store, &home), -EINVAL);
	home.domid = 10;
	home.name = NULL;
	assert_int_equal(xs_home_write(fx.store, &home), -EINVAL);
	home.name = long_name;
	assert_int_equal(xs_home_write(fx.store, &home), -EINVAL);
	home.name = "x";
	home.vcpu_count = XS_HOME_VCPUS_MAX + 1;
	assert_int_equal(xs_home_write(fx.store, &home), -EINVAL);
	assert_int_equal(xs_store_node_count(fx.store), nodes);
	/* The biggest one fits. */
	home.vcpu_count = XS_HOME_VCPUS_MAX;
	long_name[sizeof(long_name) - 2] = '\0';
	home.name = long_name;
	assert_int_equal(xs_home_write(fx.store, &home), 0);
	check_store();
}

/* Removed with the domain, as any home. */
static void test_release_removes_the_home(void **state)
{
	(void)state;
	assert_int_equal(xs_domain_release(fx.store, HOMED), 0);
	assert_int_equal(xs_read(&fx.tool, 0, "/local/domain/9", buf, sizeof(buf)), -ENOENT);
	check_store();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_controller_part_is_read_only_to_the_domain,
						setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(
			test_domain_cannot_rewrite_what_the_toolstack_decides, setup,
			fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_domain_writes_its_own_subtrees, setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_stranger_cannot_read_another_home, setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_controller_owns_the_home_it_writes, setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_home_keeps_the_layout, setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_guest_part_charged_to_the_guest, setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_bad_homes_refused, setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_release_removes_the_home, setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
