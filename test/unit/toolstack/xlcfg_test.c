// SPDX-License-Identifier: MIT
/* The xl.cfg parser: syntax, every key, defaults, overrides, and each error with its message. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "xlcfg.h"

#define ALL_CPUS 0xffu
#define HEAD "name = 'guest'\nkernel = 'guest.img'\n"

static struct xl_config cfg;

static int parse(const char *text)
{
	return xl_config_parse("t.cfg", text, strlen(text), NULL, 0, &cfg);
}

static int parse_with(const char *text, const char *const *overrides, size_t count)
{
	return xl_config_parse("t.cfg", text, strlen(text), overrides, count, &cfg);
}

/* A refused parse says @msg and leaves nothing else behind. */
static void assert_refused(int rc, const char *msg)
{
	static const struct xl_config zero;

	assert_int_equal(rc, -EINVAL);
	assert_string_equal(cfg.error, msg);
	assert_memory_equal(&cfg, &zero, offsetof(struct xl_config, error));
}

static void refuses(const char *text, const char *msg)
{
	assert_refused(parse(text), msg);
}

static void defaults(void **state)
{
	uint32_t i;

	(void)state;
	assert_int_equal(parse(HEAD), 0);
	assert_string_equal(cfg.error, "");
	assert_string_equal(cfg.name, "guest");
	assert_string_equal(cfg.kernel, "guest.img");
	assert_string_equal(cfg.ramdisk, "");
	assert_string_equal(cfg.cmdline, "");
	assert_int_equal(cfg.cmdline_from, 0);
	assert_int_equal(cfg.memory_mib, XL_MEMORY_DEFAULT_MIB);
	assert_int_equal(cfg.maxmem_mib, XL_MEMORY_DEFAULT_MIB);
	assert_int_equal(cfg.vcpus, 1);
	assert_int_equal(cfg.maxvcpus, 1);
	assert_false(cfg.cpus_set);
	for (i = 0; i < XL_VCPUS_MAX; i++) {
		assert_int_equal(cfg.affinity[i], ALL_CPUS);
	}
	assert_int_equal(cfg.cpu_weight, 256);
	assert_int_equal(cfg.cap, 0);
	assert_int_equal(cfg.on_poweroff, XL_ACTION_DESTROY);
	assert_int_equal(cfg.on_reboot, XL_ACTION_RESTART);
	assert_int_equal(cfg.on_crash, XL_ACTION_DESTROY);
	assert_int_equal(cfg.disk_count, 0);
	assert_int_equal(cfg.vif_count, 0);
	assert_int_equal(cfg.warning_count, 0);
}

static void every_scalar_key(void **state)
{
	(void)state;
	assert_int_equal(
		parse("name = \"web-1.a+b_c\"\nkernel = \"vmlinuz\"\nramdisk = \"initrd\"\n"
		      "memory = 512\nmaxmem = 1024\nvcpus = 2\nmaxvcpus = 8\n"
		      "cpu_weight = 512\ncap = 150\non_poweroff = 'preserve'\n"
		      "on_reboot = 'destroy'\non_crash = 'restart'\n"),
		0);
	assert_string_equal(cfg.name, "web-1.a+b_c");
	assert_string_equal(cfg.kernel, "vmlinuz");
	assert_string_equal(cfg.ramdisk, "initrd");
	assert_int_equal(cfg.memory_mib, 512);
	assert_int_equal(cfg.maxmem_mib, 1024);
	assert_int_equal(cfg.vcpus, 2);
	assert_int_equal(cfg.maxvcpus, 8);
	assert_int_equal(cfg.cpu_weight, 512);
	assert_int_equal(cfg.cap, 150);
	assert_int_equal(cfg.on_poweroff, XL_ACTION_PRESERVE);
	assert_int_equal(cfg.on_reboot, XL_ACTION_DESTROY);
	assert_int_equal(cfg.on_crash, XL_ACTION_RESTART);
	assert_string_equal(xl_action_name(cfg.on_poweroff), "preserve");
}

static void maxima_are_taken(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "memory = 3072\nvcpus = 8\ncpu_weight = 65535\ncap = 800\n"),
			 0);
	assert_int_equal(cfg.memory_mib, 3072);
	assert_int_equal(cfg.maxvcpus, 8);
	assert_int_equal(cfg.cpu_weight, 65535);
	assert_int_equal(cfg.cap, 800);
}

static void both_quotes_and_escapes(void **state)
{
	(void)state;
	assert_int_equal(parse("name = 'g'\nkernel = \"it's.img\"\nramdisk = 'say \"hi\"'\n"), 0);
	assert_string_equal(cfg.kernel, "it's.img");
	assert_string_equal(cfg.ramdisk, "say \"hi\"");
	assert_int_equal(parse("name = 'g'\nkernel = 'k'\nextra = 'x \\x41\\101 \\\\ \\' \\\"'\n"),
			 0);
	assert_string_equal(cfg.cmdline, "x AA \\ ' \"");
}

static void comments_and_blank_lines(void **state)
{
	(void)state;
	assert_int_equal(parse("# a comment\n\n   \t\nname = 'g' # after a value\n"
			       "kernel = '#not-a-comment'\r\n# the last line has no newline"),
			 0);
	assert_string_equal(cfg.kernel, "#not-a-comment");
	assert_int_equal(parse(HEAD "memory = 64 # no newline at the end"), 0);
	assert_int_equal(cfg.memory_mib, 64);
}

static void semicolons_end_statements(void **state)
{
	(void)state;
	assert_int_equal(parse("name = 'g'; kernel = 'k';; memory = 48;\n;vcpus = 2"), 0);
	assert_int_equal(cfg.memory_mib, 48);
	assert_int_equal(cfg.vcpus, 2);
}

static void numbers_as_xl_reads_them(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "memory = 0x200\nmaxmem = 01000\nvcpus = '3'\ncap = 0\n"), 0);
	assert_int_equal(cfg.memory_mib, 512);
	assert_int_equal(cfg.maxmem_mib, 512);
	assert_int_equal(cfg.vcpus, 3);
	refuses(HEAD "memory = 09\n", "t.cfg:3:10: expected a number for memory, not '09'");
	refuses(HEAD "memory = 0x\n", "t.cfg:3:10: expected a number for memory, not '0x'");
	refuses(HEAD "memory = '12 '\n", "t.cfg:3:10: expected a number for memory, not '12 '");
	refuses(HEAD "memory = 99999999999999999999999\n",
		"t.cfg:3:10: memory must be 1..3072, not 99999999999999999999999");
	refuses(HEAD "cpu_weight = 0\n", "t.cfg:3:14: cpu_weight must be 1..65535, not 0");
	refuses(HEAD "vcpus = 0\n", "t.cfg:3:9: vcpus must be 1..8, not 0");
	refuses(HEAD "maxvcpus = 9\n", "t.cfg:3:12: maxvcpus must be 1..8, not 9");
	refuses(HEAD "maxmem = 3073\n", "t.cfg:3:10: maxmem must be 1..3072, not 3073");
}

static void string_keys_take_numbers(void **state)
{
	(void)state;
	assert_int_equal(parse("name = 42\nkernel = 7\n"), 0);
	assert_string_equal(cfg.name, "42");
	assert_string_equal(cfg.kernel, "7");
}

static void later_assignments_win_and_append(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "memory = 64\nmemory = 128\nname = 'other'\n"
				    "extra = 'a'\nextra += ' b'\nextra += \"=c\"\n"),
			 0);
	assert_int_equal(cfg.memory_mib, 128);
	assert_string_equal(cfg.name, "other");
	assert_string_equal(cfg.cmdline, "a b=c");
	assert_int_equal(parse(HEAD "name += '-2'\n"), 0);
	assert_string_equal(cfg.name, "guest-2");
}

static void lists_over_lines(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "disk = [\n"
				    "  # a comment inside\n"
				    "  'a.img,,xvda'\n"
				    "  ,\n"
				    "\n"
				    "  'b.img,,xvdb',   # the trailing comma is fine\n"
				    "]\n"
				    "vif = [ ]\n"
				    "vif += [ '', 'mac=00:16:3e:00:00:01' ]\n"),
			 0);
	assert_int_equal(cfg.disk_count, 2);
	assert_string_equal(cfg.disks[0].target, "a.img");
	assert_string_equal(cfg.disks[1].target, "b.img");
	assert_int_equal(cfg.vif_count, 2);
	assert_int_equal(cfg.vifs[0].devid, 0);
	assert_int_equal(cfg.vifs[1].devid, 1);
	assert_true(cfg.vifs[1].mac_set);
}

static void list_assignment_replaces_append_extends(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "disk = [ 'a,,xvda' ]\ndisk = [ 'b,,xvdb' ]\n"
				    "disk += [ 'c,,xvdc' ]\n"),
			 0);
	assert_int_equal(cfg.disk_count, 2);
	assert_string_equal(cfg.disks[0].vdev, "xvdb");
	assert_string_equal(cfg.disks[1].vdev, "xvdc");
}

static void cmdline_root_extra(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "root = '/dev/xvda1'\nextra = 'console=hvc0'\n"), 0);
	assert_string_equal(cfg.cmdline, "root=/dev/xvda1 console=hvc0");
	assert_int_equal(cfg.cmdline_from, XL_CMDLINE_FROM_ROOT | XL_CMDLINE_FROM_EXTRA);
	assert_int_equal(parse(HEAD "root = '/dev/xvda1'\n"), 0);
	assert_string_equal(cfg.cmdline, "root=/dev/xvda1");
	assert_int_equal(cfg.cmdline_from, XL_CMDLINE_FROM_ROOT);
	assert_int_equal(parse(HEAD "extra = 'quiet'\n"), 0);
	assert_string_equal(cfg.cmdline, "quiet");
	assert_int_equal(cfg.cmdline_from, XL_CMDLINE_FROM_EXTRA);
	assert_int_equal(cfg.warning_count, 0);
}

static void cmdline_wins_with_a_warning(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "extra = 'ignored'\ncmdline = 'console=hvc0'\nroot = 'x'\n"),
			 0);
	assert_string_equal(cfg.cmdline, "console=hvc0");
	assert_int_equal(cfg.cmdline_from, XL_CMDLINE_FROM_CMDLINE);
	assert_int_equal(cfg.warning_count, 1);
	assert_string_equal(cfg.warnings[0],
			    "t.cfg:4:1: warning: ignoring root= and extra= in favour of cmdline=");
}

static void cmdline_join_too_long(void **state)
{
	static char text[4096];
	char extra[XL_CMDLINE_MAX];

	(void)state;
	memset(extra, 'x', sizeof(extra) - 10);
	extra[sizeof(extra) - 10] = '\0';
	snprintf(text, sizeof(text), HEAD "root = '/dev/xvda1'\nextra = '%s'\n", extra);
	assert_refused(parse(text),
		       "t.cfg: root= and extra= make a command line longer than 1023 bytes");
}

static void cpus_string(void **state)
{
	uint32_t i;

	(void)state;
	assert_int_equal(parse(HEAD "maxvcpus = 4\ncpus = '0-1,3'\n"), 0);
	assert_true(cfg.cpus_set);
	for (i = 0; i < XL_VCPUS_MAX; i++) {
		assert_int_equal(cfg.affinity[i], 0xbu);
	}
	assert_int_equal(parse(HEAD "cpus = 'all,^1,^6-7'\n"), 0);
	assert_int_equal(cfg.affinity[0], 0x3du);
	assert_int_equal(parse(HEAD "cpus = 'node:0,^0'\n"), 0);
	assert_int_equal(cfg.affinity[0], 0xfeu);
	assert_int_equal(parse(HEAD "cpus = 2\n"), 0);
	assert_int_equal(cfg.affinity[0], 0x4u);
	assert_int_equal(parse(HEAD "cpus = ',,5,'\n"), 0);
	assert_int_equal(cfg.affinity[0], 0x20u);
}

static void cpus_list_per_vcpu(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "maxvcpus = 3\ncpus = [ '2', '3-5,^4' ]\n"), 0);
	assert_int_equal(cfg.affinity[0], 0x4u);
	assert_int_equal(cfg.affinity[1], 0x28u);
	assert_int_equal(cfg.affinity[2], ALL_CPUS); /* past the list: not pinned, as xl */
}

static void cpus_errors(void **state)
{
	(void)state;
	refuses(HEAD "cpus = '3-1'\n", "t.cfg:3:9: Invalid pcpu range: 3-1.");
	refuses(HEAD "cpus = '0,x'\n", "t.cfg:3:11: Invalid pcpu range: x.");
	refuses(HEAD "cpus = '1,^1'\n", "t.cfg:3:8: cpus leaves a vCPU no pCPU to run on");
	refuses(HEAD "cpus = ''\n", "t.cfg:3:8: cpus leaves a vCPU no pCPU to run on");
	refuses(HEAD "cpus = 'nodes:1'\n",
		"t.cfg:3:9: NUMA node 1 does not exist (Tessera's machine is one node, 0)");
	refuses(HEAD "cpus = '8'\n", "t.cfg:3:9: pCPU 8 is beyond the 8 Tessera can have");
	refuses(HEAD "cpus = [ '0','0','0','0','0','0','0','0','0' ]\n",
		"t.cfg:3:42: cpus lists more than the 8 vCPUs a domain may have");
	refuses(HEAD "cpus += '1'\n", "t.cfg:3:9: can't use += with cpus");
	refuses(HEAD "cpus = all\n",
		"t.cfg:3:8: expected a quoted CPU list or a list of them for cpus (strings are "
		"quoted)");
	refuses(HEAD "cpus = [ [ '1' ] ]\n",
		"t.cfg:3:10: expected a quoted string in the list for cpus");
}

static void unknown_keys_warn(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "type = 'pvh'\nvnuma = [ [ 'pnode=0', 'size=512' ], [], ]\n"
				    "memory = 64\n"),
			 0);
	assert_int_equal(cfg.memory_mib, 64);
	assert_int_equal(cfg.warning_count, 2);
	assert_string_equal(cfg.warnings[0],
			    "t.cfg:3:1: warning: unknown parameter `type' ignored");
	assert_string_equal(cfg.warnings[1],
			    "t.cfg:4:1: warning: unknown parameter `vnuma' ignored");
}

static void warnings_are_bounded(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "a=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\ni=1\nj=1\n"), 0);
	assert_int_equal(cfg.warning_count, XL_WARNINGS_MAX);
	assert_int_equal(cfg.warnings_dropped, 2);
	assert_string_equal(cfg.warnings[7], "t.cfg:10:1: warning: unknown parameter `h' ignored");
}

static void skipped_values_are_still_checked(void **state)
{
	(void)state;
	refuses(HEAD "foo = [ 1 2 ]\n", "t.cfg:3:11: expected ',' or ']' in the list");
	refuses(HEAD "foo = [ , ]\n", "t.cfg:3:9: expected a value or ']' in the list");
	refuses(HEAD "foo = [ 1, , ]\n", "t.cfg:3:12: expected a value or ']' in the list");
	refuses(HEAD "foo = bar\n", "t.cfg:3:7: expected a value for it (strings are quoted)");
	refuses(HEAD "foo =\n", "t.cfg:3:6: expected a value for it after '='");
}

static void overrides_come_after_the_file(void **state)
{
	const char *const args[] = { "memory=1024", "vcpus=2", "name=\"other\"; maxvcpus = 4",
				     "extra+=' quiet'" };

	(void)state;
	assert_int_equal(parse_with(HEAD "memory = 256\nextra = 'console=hvc0'\n", args, 4), 0);
	assert_int_equal(cfg.memory_mib, 1024);
	assert_int_equal(cfg.vcpus, 2);
	assert_int_equal(cfg.maxvcpus, 4);
	assert_string_equal(cfg.name, "other");
	assert_string_equal(cfg.cmdline, "console=hvc0 quiet");
}

static void override_errors_name_the_override(void **state)
{
	const char *const bad_value[] = { "vcpus=2", "memory=0x" };
	const char *const bad_syntax[] = { "memory" };
	const char *const too_few[] = { "vcpus=4" };
	const char *const unknown[] = { "colour='blue'" };

	(void)state;
	assert_refused(parse_with(HEAD, bad_value, 2),
		       "override 2 'memory=0x':1:8: expected a number for memory, not '0x'");
	assert_refused(parse_with(HEAD, bad_syntax, 1),
		       "override 1 'memory':1:7: expected '=' after key");
	/* the later of the two keys is named, here the override */
	assert_refused(parse_with(HEAD "maxvcpus = 2\n", too_few, 1),
		       "override 1 'vcpus=4':1:1: maxvcpus < vcpus (2 < 4)");
	assert_int_equal(parse_with(HEAD, unknown, 1), 0);
	assert_string_equal(cfg.warnings[0],
			    "override 1 'colour='blue'':1:1: warning: unknown parameter `colour' "
			    "ignored");
}

static void override_limits(void **state)
{
	static char big[XL_OVERRIDE_MAX + 2];
	const char *args[XL_OVERRIDES_MAX + 1];
	const char *one[] = { big };
	size_t i;

	(void)state;
	for (i = 0; i <= XL_OVERRIDES_MAX; i++) {
		args[i] = "memory=64";
	}
	assert_int_equal(parse_with(HEAD, args, XL_OVERRIDES_MAX), 0);
	assert_refused(parse_with(HEAD, args, XL_OVERRIDES_MAX + 1),
		       "t.cfg: more than 32 KEY=VALUE overrides");
	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, "extra='", 7);
	assert_refused(parse_with(HEAD, one, 1),
		       "override 1 'extra='xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...': larger than 4096 "
		       "bytes");
	assert_refused(parse_with(HEAD, NULL, 1), "t.cfg: more than 32 KEY=VALUE overrides");
}

static void syntax_errors(void **state)
{
	(void)state;
	refuses("name = 'g\n", "t.cfg:1:8: expected the closing ' before the end of the line");
	refuses("name = \"g\\\n\"\n",
		"t.cfg:1:8: expected the closing \" before the end of the line");
	refuses("name = 'g' 'h'\n",
		"t.cfg:1:12: expected a newline or ';' after the value of name");
	refuses("3name = 'g'\n", "t.cfg:1:1: expected a key: a lowercase letter, then a-z, 0-9, "
				 "'_' or '.'");
	refuses("naMe = 'g'\n", "t.cfg:1:3: expected a key: a lowercase letter, then a-z, 0-9, "
				"'_' or '.'");
	refuses("_x = 1\n", "t.cfg:1:1: expected a key: a lowercase letter, then a-z, 0-9, '_' "
			    "or '.'");
	refuses("name + 'g'\n", "t.cfg:1:6: unexpected '+'");
	refuses("name = 'g'\n\x01", "t.cfg:2:1: unexpected byte 0x01");
	assert_refused(xl_config_parse("t.cfg", "name = 'g' # a\0b\n", 17, NULL, 0, &cfg),
		       "t.cfg:1:15: unexpected byte 0x00");
	refuses("name = [ 'g' ]\n", "t.cfg:1:8: expected a single value for name, not a list");
	refuses("name = ]\n", "t.cfg:1:8: expected a quoted string or a number for name");
	refuses(HEAD "disk = [ 'a,,xvda'\n", "t.cfg:4:1: expected ',' or ']' in the list of disk");
	refuses(HEAD "disk = [ 'a,,xvda' ; ]\n",
		"t.cfg:3:20: expected ',' or ']' in the list of disk");
	refuses(HEAD "disk = 5\n", "t.cfg:3:8: expected a list in [ ] for disk");
}

static void string_errors(void **state)
{
	static char text[XL_STRING_MAX + 64];

	(void)state;
	refuses("name = 'a\\x4'\n", "t.cfg:1:10: expected two hex digits after \\x");
	refuses("name = 'a\\400'\n", "t.cfg:1:10: octal escape above \\377");
	refuses("name = 'a\\x00'\n", "t.cfg:1:8: a string cannot hold a NUL byte");
	refuses("name = 'a\\ '\n", "t.cfg:1:10: expected an escape after '\\'");
	refuses("name = 'a\\e'\n", "t.cfg:1:10: unknown escape '\\e' in a string");
	assert_refused(xl_config_parse("t.cfg", "name = 'a\0b'\n", 13, NULL, 0, &cfg),
		       "t.cfg:1:10: a string cannot hold a NUL byte");
	refuses(HEAD "ramdisk = 'a\\nb'\n",
		"t.cfg:3:11: ramdisk holds a byte that is not printable ASCII (0x0a)");
	refuses(HEAD "kernel = 'caf\xc3\xa9'\n",
		"t.cfg:3:14: kernel holds a byte that is not printable ASCII (0xc3)");
	memset(text, 'x', sizeof(text) - 1);
	memcpy(text, "extra = '", 9);
	refuses(text, "t.cfg:1:9: string longer than 1023 bytes");
}

static void required_keys(void **state)
{
	(void)state;
	refuses("kernel = 'k'\n", "t.cfg: Domain name must be specified.");
	refuses("name = 'g'\n", "t.cfg: kernel must be specified (Tessera boots the guest's "
				"kernel directly)");
	refuses("", "t.cfg: Domain name must be specified.");
	refuses("name = ''\n", "t.cfg:1:8: name must be 1..31 of A-Z a-z 0-9 _ . + -");
}

static void cross_key_checks(void **state)
{
	(void)state;
	refuses(HEAD "memory = 64\nmaxmem = 32\n",
		"t.cfg:4:1: maxmem (32 MiB) is less than memory (64 MiB)");
	refuses(HEAD "maxmem = 16\n", "t.cfg:3:1: maxmem (16 MiB) is less than memory (32 MiB)");
	refuses(HEAD "maxvcpus = 2\nvcpus = 3\n", "t.cfg:4:1: maxvcpus < vcpus (2 < 3)");
	refuses(HEAD "cap = 200\n", "t.cfg:3:1: cap 200 is more than 100 per vCPU (1 vCPUs)");
	assert_int_equal(parse(HEAD "vcpus = 2\ncap = 200\n"), 0);
}

static void actions(void **state)
{
	(void)state;
	refuses(HEAD "on_reboot = 'rename-restart'\n",
		"t.cfg:3:13: on_reboot action \"rename-restart\" is not supported by Tessera "
		"(destroy, restart or preserve)");
	refuses(HEAD "on_crash = 'coredump-restart'\n",
		"t.cfg:3:12: on_crash action \"coredump-restart\" is not supported by Tessera "
		"(destroy, restart or preserve)");
	refuses(HEAD "on_poweroff = 'soft-reset'\n",
		"t.cfg:3:15: on_poweroff action \"soft-reset\" is not supported by Tessera "
		"(destroy, restart or preserve)");
	refuses(HEAD "on_poweroff = 'Destroy'\n",
		"t.cfg:3:15: Unknown on_poweroff action \"Destroy\" specified");
	refuses(HEAD "on_crash += 'x'\n",
		"t.cfg:3:1: can't use += with numbers for parameter `on_crash'");
}

static void hostile_text_is_echoed_safely(void **state)
{
	(void)state;
	refuses(HEAD "on_crash = '\\x1b[2J'\n",
		"t.cfg:3:12: Unknown on_crash action \"?[2J\" specified");
	assert_refused(xl_config_parse("evil\x1b[2J.cfg", "", 0, NULL, 0, &cfg),
		       "evil?[2J.cfg: Domain name must be specified.");
	assert_refused(xl_config_parse(NULL, NULL, 0, NULL, 0, &cfg),
		       "(config): Domain name must be specified.");
	assert_refused(xl_config_parse("t.cfg", NULL, 5, NULL, 0, &cfg), "t.cfg: no text to read");
	assert_int_equal(xl_config_parse("t.cfg", "", 0, NULL, 0, NULL), -EINVAL);
}

static void file_size_limit(void **state)
{
	static char text[XL_TEXT_MAX + 1];

	(void)state;
	memset(text, '\n', sizeof(text));
	memcpy(text, HEAD, strlen(HEAD));
	assert_int_equal(xl_config_parse("t.cfg", text, XL_TEXT_MAX, NULL, 0, &cfg), 0);
	assert_refused(xl_config_parse("t.cfg", text, XL_TEXT_MAX + 1, NULL, 0, &cfg),
		       "t.cfg: larger than 65536 bytes");
}

static void devices_in_the_config(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "disk = [ 'a.img,,xvda', 'cd.iso,,xvdb,cdrom' ]\n"
				    "vif = [ 'mac=00:16:3e:01:02:03,bridge=br0', 'devid=7' ]\n"),
			 0);
	assert_int_equal(cfg.disks[0].devid, 51712);
	assert_false(cfg.disks[0].readonly);
	assert_true(cfg.disks[1].cdrom);
	assert_true(cfg.disks[1].readonly);
	assert_int_equal(cfg.vifs[0].mac[5], 3);
	assert_string_equal(cfg.vifs[0].bridge, "br0");
	assert_int_equal(cfg.vifs[1].devid, 7);
	refuses(HEAD "vif = [ 'devid=1', '' ]\n", "t.cfg:3:20: vif spec: devid 1 is vif 0's too");
	refuses(HEAD "disk = [ 'a,,xvda', 'b,,51712' ]\n",
		"t.cfg:3:21: disk spec: vdev 51712 is the device of disk 0 (xvda)");
	refuses(HEAD "disk = [ '\\x41,,xvda,rx' ]\n",
		"t.cfg:3:10: disk spec: unknown value for access: near `rx'");
}

static void device_counts_are_bounded(void **state)
{
	static char text[4096];
	size_t n = 0;
	unsigned i;

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, HEAD "disk = [");
	for (i = 0; i <= XL_DISKS_MAX; i++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "'d,,xvd%c',", 'a' + i);
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n, "]\nvif = [");
	refuses(text, "t.cfg:3:169: more than 16 disks");
	snprintf(text, sizeof(text), HEAD "vif = [ '','','','','','','','','' ]\n");
	refuses(text, "t.cfg:3:33: more than 8 vifs");
}

/* A boot domain's device list: name, disk and vif only; no kernel needed. */
static void device_lists(void **state)
{
	static const char list[] = "name = 'g'\ndisk = ['vdev=xvda,target=vda', 'd,,xvdb']\n"
				   "vif = ['', 'bridge=br1']\n";

	(void)state;
	assert_int_equal(xl_device_list_parse("boot.g.cfg", list, strlen(list), &cfg), 0);
	assert_string_equal(cfg.name, "g");
	assert_int_equal(cfg.disk_count, 2);
	assert_int_equal(cfg.disks[0].devid, 51712);
	assert_int_equal(cfg.vif_count, 2);
	assert_string_equal(cfg.vifs[1].bridge, "br1");
	assert_int_equal(cfg.vifs[1].devid, 1);
	assert_string_equal(cfg.kernel, "");
	assert_refused(xl_device_list_parse("boot.g.cfg", "disk = []\n", 10, &cfg),
		       "boot.g.cfg: Domain name must be specified.");
	assert_refused(xl_device_list_parse("boot.g.cfg", "name = 'g'\nmemory = 64\n", 23, &cfg),
		       "boot.g.cfg:2:1: a boot domain's device list holds name, disk and vif "
		       "only, not `memory'");
	assert_refused(xl_device_list_parse("boot.g.cfg", "name = 'g'\nfoo = 1\n", 19, &cfg),
		       "boot.g.cfg:2:1: a boot domain's device list holds name, disk and vif "
		       "only, not `foo'");
	assert_refused(xl_device_list_parse("boot.g.cfg", "name = 'g'\nvif = ['x']\n", 23, &cfg),
		       "boot.g.cfg:2:9: vif spec: unrecognized argument: near `x'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(device_lists),
		cmocka_unit_test(every_scalar_key),
		cmocka_unit_test(maxima_are_taken),
		cmocka_unit_test(both_quotes_and_escapes),
		cmocka_unit_test(comments_and_blank_lines),
		cmocka_unit_test(semicolons_end_statements),
		cmocka_unit_test(numbers_as_xl_reads_them),
		cmocka_unit_test(string_keys_take_numbers),
		cmocka_unit_test(later_assignments_win_and_append),
		cmocka_unit_test(lists_over_lines),
		cmocka_unit_test(list_assignment_replaces_append_extends),
		cmocka_unit_test(cmdline_root_extra),
		cmocka_unit_test(cmdline_wins_with_a_warning),
		cmocka_unit_test(cmdline_join_too_long),
		cmocka_unit_test(cpus_string),
		cmocka_unit_test(cpus_list_per_vcpu),
		cmocka_unit_test(cpus_errors),
		cmocka_unit_test(unknown_keys_warn),
		cmocka_unit_test(warnings_are_bounded),
		cmocka_unit_test(skipped_values_are_still_checked),
		cmocka_unit_test(overrides_come_after_the_file),
		cmocka_unit_test(override_errors_name_the_override),
		cmocka_unit_test(override_limits),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(string_errors),
		cmocka_unit_test(required_keys),
		cmocka_unit_test(cross_key_checks),
		cmocka_unit_test(actions),
		cmocka_unit_test(hostile_text_is_echoed_safely),
		cmocka_unit_test(file_size_limit),
		cmocka_unit_test(devices_in_the_config),
		cmocka_unit_test(device_counts_are_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
