// SPDX-License-Identifier: MIT
/* Xenstore unit tests: every request type's documented replies. */
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

static void test_initial_tree(void **state)
{
	(void)state;
	assert_int_equal(xs_dir(&fx.tool, 0, "/", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "local tool");
	assert_int_equal(xs_dir(&fx.tool, 0, "/local", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "domain");
	assert_int_equal(xs_dir(&fx.tool, 0, "/local/domain", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "0 5 6 7");
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "n1");
	assert_int_equal(xs_get_perms(&fx.tool, 0, "/tool", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "n1");
	assert_int_equal(xs_get_perms(&fx.a, 0, "/local/domain/5", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "n5");
	assert_int_equal(xs_read(&fx.tool, 0, "/local", buf, sizeof(buf)), 0);
	/* 4 skeleton nodes and one home per domain. */
	assert_int_equal(xs_store_node_count(fx.store), 8);
}

static void test_write_read(void **state)
{
	static const char raw[] = "v\0with\0nuls";
	char msg[64];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "data", "hello"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "data", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(xs_read(&fx.a, 0, "/local/domain/5/data", buf, sizeof(buf)), 5);
	/* Values are bytes: NULs included, no terminator added. */
	memcpy(msg, "raw", 4);
	memcpy(msg + 4, raw, sizeof(raw) - 1);
	assert_int_equal(call(&fx.a, XS_WRITE, 0, msg, 4 + sizeof(raw) - 1), 0);
	assert_int_equal(call_str(&fx.a, XS_READ, 0, "raw"), 0);
	assert_int_equal(fx.a.reply.hdr.len, sizeof(raw) - 1);
	assert_memory_equal(fx.a.reply.payload, raw, sizeof(raw) - 1);
	/* An empty value, and overwriting. */
	assert_int_equal(xs_write(&fx.a, 0, "data", ""), 0);
	assert_int_equal(xs_read(&fx.a, 0, "data", buf, sizeof(buf)), 0);
	assert_int_equal(xs_read(&fx.a, 0, "nothing", buf, sizeof(buf)), -ENOENT);
}

static void test_write_creates_parents(void **state)
{
	char perms[64];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "p/q/r", "deep"), 0);
	assert_int_equal(xs_dir(&fx.a, 0, "p", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "q");
	assert_int_equal(xs_read(&fx.a, 0, "p/q", buf, sizeof(buf)), 0);
	assert_int_equal(xs_get_perms(&fx.a, 0, "p/q", perms, sizeof(perms)), 1);
	assert_string_equal(perms, "n5");
	assert_int_equal(xs_store_node_count(fx.store), 11);
}

static void test_mkdir(void **state)
{
	(void)state;
	assert_int_equal(xs_mkdir(&fx.a, 0, "m/n"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "m/n", buf, sizeof(buf)), 0);
	assert_int_equal(xs_write(&fx.a, 0, "m/n", "kept"), 0);
	/* An existing node stays as it is. */
	assert_int_equal(xs_mkdir(&fx.a, 0, "m/n"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "m/n", buf, sizeof(buf)), 4);
	assert_int_equal(xs_mkdir(&fx.a, 0, "/tool/x"), -EACCES);
}

static void test_rm(void **state)
{
	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "r/a/b/c", "1"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "r/a/d", "2"), 0);
	assert_int_equal(xs_write(&fx.a, 0, "r/keep", "3"), 0);
	assert_int_equal(xs_rm(&fx.a, 0, "r/a"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "r/a/b/c", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.a, 0, "r/a", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(xs_read(&fx.a, 0, "r/keep", buf, sizeof(buf)), 1);
	/* Gone already, parent there: fine. No parent: ENOENT. */
	assert_int_equal(xs_rm(&fx.a, 0, "r/a"), 0);
	assert_int_equal(xs_rm(&fx.a, 0, "r/a/b"), -ENOENT);
	assert_int_equal(xs_rm(&fx.tool, 0, "/"), -EINVAL);
	assert_int_equal(xs_rm(&fx.a, 0, "/tool"), -EACCES);
	assert_int_equal(xs_store_node_count(fx.store), 10);
}

static void test_directory(void **state)
{
	char name[128];

	(void)state;
	assert_int_equal(xs_mkdir(&fx.a, 0, "empty"), 0);
	assert_int_equal(call_str(&fx.a, XS_DIRECTORY, 0, "empty"), 0);
	assert_int_equal(fx.a.reply.hdr.len, 0);
	assert_int_equal(xs_dir(&fx.a, 0, "missing", buf, sizeof(buf)), -ENOENT);
	/* More names than one reply holds. */
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/tool/big/%03d-%0100d", i, 0);
		assert_int_equal(xs_write(&fx.tool, 0, name, ""), 0);
	}
	assert_int_equal(xs_dir(&fx.tool, 0, "/tool/big", buf, sizeof(buf)), -E2BIG);
}

/* Gathers /tool/big with DIRECTORY_PART: returns the names, NUL-separated. */
static size_t gather_parts(char *all, size_t cap, unsigned int *parts)
{
	char offset[16], gen[32] = "";
	size_t total = 0, names_len;
	const char *p;

	*parts = 0;
	for (;;) {
		snprintf(offset, sizeof(offset), "%zu", total);
		assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/big", offset), 0);
		(*parts)++;
		p = fx.tool.reply.payload;
		if (gen[0]) {
			assert_string_equal(p, gen);
		}
		strcpy(gen, p);
		p += strlen(p) + 1;
		names_len = fx.tool.reply.hdr.len - (size_t)(p - fx.tool.reply.payload);
		assert_true(names_len > 0);
		if (names_len >= 2 && p[names_len - 1] == '\0' && p[names_len - 2] == '\0') {
			/* The closing empty name. */
			assert_true(total + names_len - 1 <= cap);
			memcpy(all + total, p, names_len - 1);
			return total + names_len - 1;
		}
		assert_true(total + names_len <= cap);
		memcpy(all + total, p, names_len);
		total += names_len;
	}
}

static void test_directory_part(void **state)
{
	static char all[16384];
	char name[128], expect[128];
	unsigned int parts;
	size_t len, pos = 0;

	(void)state;
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "/tool/big/%03d-%0100d", i, 0);
		assert_int_equal(xs_write(&fx.tool, 0, name, ""), 0);
	}
	len = gather_parts(all, sizeof(all), &parts);
	assert_true(parts >= 2);
	for (int i = 0; i < 60; i++) {
		snprintf(expect, sizeof(expect), "%03d-%0100d", i, 0);
		assert_string_equal(all + pos, expect);
		pos += strlen(expect) + 1;
	}
	assert_int_equal(pos, len);
	/* An offset inside a name, past the end, or not a number. */
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/big", "5"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/big", "99999"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/big", "x"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/none", "0"), -ENOENT);
	assert_int_equal(call2(&fx.a, XS_DIRECTORY_PART, 0, "/tool/big", "0"), -EACCES);
	/* A childless node: the generation and the closing empty name. */
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0,
			       "/tool/big/000-"
			       "0000000000",
			       "0"),
			 -ENOENT);
	assert_int_equal(xs_mkdir(&fx.tool, 0, "/tool/leaf"), 0);
	assert_int_equal(call2(&fx.tool, XS_DIRECTORY_PART, 0, "/tool/leaf", "0"), 0);
	len = strlen(fx.tool.reply.payload);
	assert_int_equal(fx.tool.reply.hdr.len, len + 2);
	assert_int_equal(fx.tool.reply.payload[len + 1], '\0');
}

static void test_directory_part_generation_changes(void **state)
{
	char gen[32];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "g/one", ""), 0);
	assert_int_equal(call2(&fx.a, XS_DIRECTORY_PART, 0, "g", "0"), 0);
	strcpy(gen, fx.a.reply.payload);
	assert_int_equal(call2(&fx.a, XS_DIRECTORY_PART, 0, "g", "0"), 0);
	assert_string_equal(fx.a.reply.payload, gen);
	assert_int_equal(xs_write(&fx.a, 0, "g/two", ""), 0);
	assert_int_equal(call2(&fx.a, XS_DIRECTORY_PART, 0, "g", "0"), 0);
	assert_string_not_equal(fx.a.reply.payload, gen);
}

static void test_get_domain_path(void **state)
{
	(void)state;
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, "5"), 0);
	assert_string_equal(fx.a.reply.payload, "/local/domain/5");
	assert_int_equal(fx.a.reply.hdr.len, strlen("/local/domain/5") + 1);
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, "32751"), 0);
	assert_string_equal(fx.a.reply.payload, "/local/domain/32751");
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, "32752"), -EINVAL);
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, "x1"), -EINVAL);
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, ""), -EINVAL);
	assert_int_equal(call_str(&fx.a, XS_GET_DOMAIN_PATH, 0, "-1"), -EINVAL);
}

static void test_is_domain_introduced(void **state)
{
	(void)state;
	assert_int_equal(call_str(&fx.a, XS_IS_DOMAIN_INTRODUCED, 0, "6"), 0);
	assert_string_equal(fx.a.reply.payload, "T");
	assert_int_equal(call_str(&fx.a, XS_IS_DOMAIN_INTRODUCED, 0, "9"), 0);
	assert_string_equal(fx.a.reply.payload, "F");
	assert_int_equal(call_str(&fx.a, XS_IS_DOMAIN_INTRODUCED, 0, "junk"), -EINVAL);
}

static void test_features(void **state)
{
	(void)state;
	assert_int_equal(call(&fx.a, XS_GET_FEATURE, 0, "", 0), 0);
	assert_string_equal(fx.a.reply.payload, "0");
	assert_int_equal(call_str(&fx.a, XS_GET_FEATURE, 0, "5"), 0);
	assert_string_equal(fx.a.reply.payload, "0");
	assert_int_equal(call_str(&fx.a, XS_GET_FEATURE, 0, "6"), -EACCES);
	assert_int_equal(call_str(&fx.tool, XS_GET_FEATURE, 0, "6"), 0);
	assert_int_equal(call_str(&fx.tool, XS_GET_FEATURE, 0, "9"), -ENOENT);
	assert_int_equal(call2(&fx.a, XS_SET_FEATURE, 0, "5", "0"), -EACCES);
	assert_int_equal(call2(&fx.tool, XS_SET_FEATURE, 0, "5", "0"), 0);
	assert_int_equal(call2(&fx.tool, XS_SET_FEATURE, 0, "5", "1"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_SET_FEATURE, 0, "9", "0"), -ENOENT);
}

static void test_control(void **state)
{
	(void)state;
	assert_int_equal(call_str(&fx.a, XS_CONTROL, 0, "check"), -EACCES);
	assert_int_equal(call_str(&fx.tool, XS_CONTROL, 0, "check"), 0);
	assert_string_equal(fx.tool.reply.payload, "OK");
	assert_int_equal(call_str(&fx.tool, XS_CONTROL, 0, "log"), -ENOSYS);
	assert_int_equal(call(&fx.tool, XS_CONTROL, 0, "", 0), -EINVAL);
	assert_int_equal(call(&fx.tool, XS_CONTROL, 0, "check", 5), -EINVAL);
}

static void test_resume_and_set_target(void **state)
{
	(void)state;
	assert_int_equal(call_str(&fx.tool, XS_RESUME, 0, "5"), 0);
	assert_string_equal(fx.tool.reply.payload, "OK");
	assert_int_equal(call_str(&fx.tool, XS_RESUME, 0, "9"), -ENOENT);
	assert_int_equal(call_str(&fx.a, XS_RESUME, 0, "5"), -EACCES);
	assert_int_equal(call2(&fx.tool, XS_SET_TARGET, 0, "7", "5"), 0);
	assert_int_equal(call2(&fx.tool, XS_SET_TARGET, 0, "7", "9"), -ENOENT);
	assert_int_equal(call2(&fx.tool, XS_SET_TARGET, 0, "7", "7"), -EINVAL);
	assert_int_equal(call2(&fx.a, XS_SET_TARGET, 0, "5", "6"), -EACCES);
}

static void test_quota_requests(void **state)
{
	static const char list[] = "nodes\0node-size\0permissions\0watches\0transactions\0"
				   "transaction-nodes\0transaction-bytes\0bytes";
	static const char set_dom[] = "5\0nodes\0"
				      "3";

	(void)state;
	assert_int_equal(call(&fx.tool, XS_GET_QUOTA, 0, "", 0), 0);
	assert_int_equal(fx.tool.reply.hdr.len, sizeof(list));
	assert_memory_equal(fx.tool.reply.payload, list, sizeof(list));
	assert_int_equal(call_str(&fx.tool, XS_GET_QUOTA, 0, "nodes"), 0);
	assert_string_equal(fx.tool.reply.payload, "1000");
	assert_int_equal(call_str(&fx.tool, XS_GET_QUOTA, 0, "node-size"), 0);
	assert_string_equal(fx.tool.reply.payload, "2048");
	assert_int_equal(call_str(&fx.tool, XS_GET_QUOTA, 0, "bytes"), 0);
	assert_string_equal(fx.tool.reply.payload, "163840");
	assert_int_equal(call2(&fx.tool, XS_GET_QUOTA, 0, "5", "watches"), 0);
	assert_string_equal(fx.tool.reply.payload, "128");
	assert_int_equal(call_str(&fx.tool, XS_GET_QUOTA, 0, "bogus"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_GET_QUOTA, 0, "9", "nodes"), -ENOENT);
	assert_int_equal(call_str(&fx.a, XS_GET_QUOTA, 0, "nodes"), -EACCES);
	/* Store-wide, then one domain's. */
	assert_int_equal(call2(&fx.tool, XS_SET_QUOTA, 0, "watches", "50"), 0);
	assert_int_equal(call2(&fx.tool, XS_GET_QUOTA, 0, "6", "watches"), 0);
	assert_string_equal(fx.tool.reply.payload, "50");
	assert_int_equal(call(&fx.tool, XS_SET_QUOTA, 0, set_dom, sizeof(set_dom)), 0);
	assert_int_equal(call2(&fx.tool, XS_GET_QUOTA, 0, "5", "nodes"), 0);
	assert_string_equal(fx.tool.reply.payload, "3");
	assert_int_equal(call_str(&fx.tool, XS_GET_QUOTA, 0, "nodes"), 0);
	assert_string_equal(fx.tool.reply.payload, "1000");
	assert_int_equal(call2(&fx.tool, XS_SET_QUOTA, 0, "node-size", "4097"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_SET_QUOTA, 0, "nodes", "-1"), -EINVAL);
	assert_int_equal(call2(&fx.tool, XS_SET_QUOTA, 0, "nodes", "4294967296"), -EINVAL);
	assert_int_equal(call_str(&fx.tool, XS_SET_QUOTA, 0, "nodes"), -EINVAL);
	assert_int_equal(call2(&fx.a, XS_SET_QUOTA, 0, "nodes", "99999"), -EACCES);
}

static void test_paths(void **state)
{
	static char long_path[XS_PATH_MAX + 2];

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "ok-_@/A9", "1"), 0);
	assert_int_equal(xs_read(&fx.a, 0, "a b", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(xs_read(&fx.a, 0, "a.b", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(xs_write(&fx.a, 0, "bad//path", "v"), -EINVAL);
	assert_int_equal(xs_write(&fx.a, 0, "trailing/", "v"), -EINVAL);
	assert_int_equal(xs_write(&fx.a, 0, "/local/domain/5/", "v"), -EINVAL);
	assert_int_equal(xs_read(&fx.a, 0, "@introduceDomain", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(xs_write(&fx.tool, 0, "@releaseDomain", "v"), -EINVAL);
	assert_int_equal(xs_read(&fx.a, 0, "", buf, sizeof(buf)), -EINVAL);
	/* Outside a home, the longest path is XS_REL_PATH_MAX in all, for everyone (Xen 4.17). */
	memset(long_path, 'p', XS_PATH_MAX);
	memcpy(long_path, "/tool/", 6);
	long_path[XS_REL_PATH_MAX] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), 0);
	assert_int_equal(xs_read(&fx.tool, 0, long_path, buf, sizeof(buf)), 1);
	long_path[XS_REL_PATH_MAX] = 'p';
	long_path[XS_REL_PATH_MAX + 1] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), -EINVAL);
	/* Below /local/domain/<id>/, XS_REL_PATH_MAX past that prefix, relative or not. */
	memset(long_path, 'r', XS_PATH_MAX);
	long_path[XS_REL_PATH_MAX] = '\0';
	assert_int_equal(xs_write(&fx.a, 0, long_path, "v"), 0);
	long_path[XS_REL_PATH_MAX] = 'r';
	long_path[XS_REL_PATH_MAX + 1] = '\0';
	assert_int_equal(xs_write(&fx.a, 0, long_path, "v"), -EINVAL);
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), -EINVAL); /* privileged too */
	memset(long_path, 'r', XS_PATH_MAX);
	memcpy(long_path, "/local/domain/5/", 16);
	long_path[XS_REL_PATH_MAX + 16] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), 0);
	long_path[XS_REL_PATH_MAX + 16] = 'r';
	long_path[XS_REL_PATH_MAX + 17] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), -EINVAL);
	/* An id of six digits is no home: the path counts in all. */
	memcpy(long_path, "/local/domain/123456/", 21);
	long_path[XS_REL_PATH_MAX + 1] = '\0';
	assert_int_equal(xs_write(&fx.tool, 0, long_path, "v"), -EINVAL);
	/* Relative paths count their prefix against path_max too. */
	memset(long_path, 'r', XS_PATH_MAX - 10);
	long_path[XS_PATH_MAX - 10] = '\0';
	assert_int_equal(xs_write(&fx.a, 0, long_path, "v"), -EINVAL);
}

static void test_replies_echo_header(void **state)
{
	uint32_t tx;

	(void)state;
	assert_int_equal(xs_txn_start(&fx.a, &tx), 0);
	/* call() checks req_id, tx_id and type of every reply. */
	assert_int_equal(xs_write(&fx.a, tx, "e", "1"), 0);
	assert_int_equal(fx.a.reply.hdr.type, XS_WRITE);
	assert_int_equal(xs_read(&fx.a, tx, "nothing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(fx.a.reply.hdr.type, XS_ERROR);
	assert_int_equal(fx.a.reply.hdr.tx_id, tx);
	assert_int_equal(fx.a.reply.hdr.len, 7);
	assert_string_equal(fx.a.reply.payload, "ENOENT");
	assert_int_equal(xs_txn_end(&fx.a, tx, true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_initial_tree, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_write_read, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_write_creates_parents, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_rm, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_directory, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_directory_part, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_directory_part_generation_changes,
						fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_get_domain_path, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_is_domain_introduced, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_features, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_control, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_resume_and_set_target, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_quota_requests, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_paths, fx_cmocka_setup, fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_replies_echo_header, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
