// SPDX-License-Identifier: MIT
/* xl.cfg files on disk: each broken one in bad/ gives the error its first line expects; the
 * examples in boot/xl/ parse to what they say. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "xlcfg.h"

#define EXPECT "# expect: "
#define BAD_FILES_MIN 38 /* so a missing or emptied folder cannot pass */

static const char *bad_dir, *good_dir;
static struct xl_config cfg;
static char text[XL_TEXT_MAX + 1];

static size_t read_file(const char *dir, const char *name)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		fail_msg("cannot open %s", path);
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return n;
}

/* "# expect: L:C: what" becomes "NAME:L:C: what"; "# expect: what" becomes "NAME: what". */
static void expected_error(const char *name, char *out, size_t size)
{
	const char *e = text + strlen(EXPECT);
	size_t len = strcspn(e, "\n");

	if (strncmp(text, EXPECT, strlen(EXPECT)) != 0) {
		fail_msg("%s: its first line is not \"" EXPECT "...\"", name);
	}
	snprintf(out, size, "%s%s%.*s", name, (*e >= '0' && *e <= '9') ? ":" : ": ", (int)len, e);
}

static void bad_files_give_their_errors(void **state)
{
	static const struct xl_config zero;
	char expected[XL_MSG_MAX + 64];
	char got[XL_MSG_MAX], failed[XL_MSG_MAX + 64] = "";
	struct dirent *entry;
	unsigned checked = 0;
	DIR *dir = opendir(bad_dir);
	size_t len;

	(void)state;
	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL) {
		len = strlen(entry->d_name);
		if (len < 5 || strcmp(entry->d_name + len - 4, ".cfg") != 0) {
			continue;
		}
		len = read_file(bad_dir, entry->d_name);
		expected_error(entry->d_name, expected, sizeof(expected));
		if (xl_config_parse(entry->d_name, text, len, NULL, 0, &cfg) != -EINVAL ||
		    strcmp(cfg.error, expected) != 0 ||
		    memcmp(&cfg, &zero, offsetof(struct xl_config, error)) != 0) {
			memcpy(got, cfg.error, sizeof(got));
			snprintf(failed, sizeof(failed), "%s", expected);
			break;
		}
		checked++;
	}
	closedir(dir);
	if (failed[0] != '\0') {
		fail_msg("\n  expected: %s\n  got:      %s", failed, got);
	}
	print_message("%u broken files refused as expected\n", checked);
	assert_true(checked >= BAD_FILES_MIN);
}

static void hello_example(void **state)
{
	size_t len;

	(void)state;
	len = read_file(good_dir, "hello.cfg");
	assert_int_equal(xl_config_parse("hello.cfg", text, len, NULL, 0, &cfg), 0);
	assert_string_equal(cfg.name, "hello");
	assert_string_equal(cfg.kernel, "hello.img");
	assert_string_equal(cfg.cmdline, "the toolstack");
	assert_int_equal(cfg.memory_mib, 16);
	assert_int_equal(cfg.vcpus, 1);
	assert_int_equal(cfg.warning_count, 0);
}

static void linux_example(void **state)
{
	size_t len;

	(void)state;
	len = read_file(good_dir, "linux.cfg");
	assert_int_equal(xl_config_parse("linux.cfg", text, len, NULL, 0, &cfg), 0);
	assert_string_equal(cfg.name, "linux");
	assert_string_equal(cfg.kernel, "linux.Image");
	assert_string_equal(cfg.ramdisk, "initramfs.cpio.gz");
	assert_string_equal(cfg.cmdline, "console=hvc0 loglevel=4 rdinit=/init tessera.mode=shell");
	assert_int_equal(cfg.memory_mib, 256);
	assert_int_equal(cfg.maxmem_mib, 512);
	assert_int_equal(cfg.vcpus, 2);
	assert_int_equal(cfg.maxvcpus, 4);
	assert_int_equal(cfg.affinity[3], 0xfu);
	assert_int_equal(cfg.on_crash, XL_ACTION_PRESERVE);
	assert_int_equal(cfg.disk_count, 2);
	assert_string_equal(cfg.disks[0].target, "vda");
	assert_int_equal(cfg.disks[0].devid, 51712);
	assert_false(cfg.disks[0].readonly);
	assert_string_equal(cfg.disks[1].target, "vdb:0+2048");
	assert_int_equal(cfg.disks[1].devid, 51728);
	assert_true(cfg.disks[1].readonly);
	assert_int_equal(cfg.vif_count, 1);
	assert_int_equal(cfg.vifs[0].mac[5], 2);
	assert_string_equal(cfg.vifs[0].ip, "10.0.0.2");
	assert_int_equal(cfg.vifs[0].rate_bytes_per_interval, 25000);
	assert_int_equal(cfg.vifs[0].rate_interval_usecs, 20000);
	assert_string_equal(cfg.vifs[0].backend, "netback");
	assert_string_equal(cfg.vifs[0].rules, "drop proto=tcp dst-port=23; accept");
	assert_int_equal(cfg.warning_count, 0);
}

/* The example's own comment: xl create linux.cfg memory=512 vcpus=4. */
static void linux_example_with_overrides(void **state)
{
	const char *const args[] = { "memory=512", "vcpus=4" };
	size_t len;

	(void)state;
	len = read_file(good_dir, "linux.cfg");
	assert_int_equal(xl_config_parse("linux.cfg", text, len, args, 2, &cfg), 0);
	assert_int_equal(cfg.memory_mib, 512);
	assert_int_equal(cfg.vcpus, 4);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_files_give_their_errors),
		cmocka_unit_test(hello_example),
		cmocka_unit_test(linux_example),
		cmocka_unit_test(linux_example_with_overrides),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s BAD_DIR GOOD_DIR\n", argv[0]);
		return 2;
	}
	bad_dir = argv[1];
	good_dir = argv[2];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
