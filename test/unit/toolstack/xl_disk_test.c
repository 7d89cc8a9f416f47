// SPDX-License-Identifier: MIT
/* xl disk specs: xl's manual's equivalent forms, flags, prefixes, vdev numbers, every error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xl_disk.h"

static struct xl_disk disk;
static struct xl_spec_error err;

static int parse(const char *spec)
{
	return xl_disk_parse(spec, strlen(spec), &disk, &err);
}

static void refuses(const char *spec, uint32_t offset, const char *msg)
{
	static const struct xl_disk zero;

	assert_int_equal(parse(spec), -EINVAL);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.offset, offset);
	assert_memory_equal(&disk, &zero, sizeof(disk));
}

static void expect_disk(const char *spec, const char *target, const char *vdev, bool readonly,
			bool cdrom, enum xl_disk_format format)
{
	assert_int_equal(parse(spec), 0);
	assert_string_equal(disk.target, target);
	assert_string_equal(disk.vdev, vdev);
	assert_int_equal(disk.readonly, readonly);
	assert_int_equal(disk.cdrom, cdrom);
	assert_int_equal(disk.format, format);
}

/* The manual's first set of equivalent specs. */
static void equivalent_disks(void **state)
{
	static const char *const specs[] = {
		"/dev/vg/guest-volume,,hda",
		"/dev/vg/guest-volume,raw,hda,rw",
		"format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
		"raw:/dev/vg/guest-volume,hda,w",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		expect_disk(specs[i], "/dev/vg/guest-volume", "hda", false, false, XL_DISK_RAW);
		assert_int_equal(disk.devid, 768);
	}
}

/* And its second: a cdrom, read-only whatever access says. */
static void equivalent_cdroms(void **state)
{
	static const char *const specs[] = {
		"/root/image.iso,,hdc,cdrom",
		"/root/image.iso,,hdc,,cdrom",
		"/root/image.iso,raw,hdc,devtype=cdrom",
		"format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso",
		"raw:/root/image.iso,hdc:cdrom,ro",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		expect_disk(specs[i], "/root/image.iso", "hdc", true, true, XL_DISK_RAW);
		assert_int_equal(disk.devid, 22 << 8);
	}
}

static void empty_cdrom(void **state)
{
	(void)state;
	expect_disk(",hdc:cdrom,r", "", "hdc", true, true, XL_DISK_EMPTY);
	expect_disk("vdev=xvdc,devtype=cdrom", "", "xvdc", true, true, XL_DISK_EMPTY);
}

static void named_parameters_and_flags(void **state)
{
	(void)state;
	assert_int_equal(parse("vdev=xvdb,access=r,format=qcow2,backend=blk,backendtype=qdisk,"
			       "script=block-x,direct-io-safe,no-discard,untrusted,target=a,b c,"),
			 0);
	assert_string_equal(disk.target, "a,b c");
	assert_true(disk.readonly);
	assert_int_equal(disk.format, XL_DISK_QCOW2);
	assert_string_equal(disk.backend, "blk");
	assert_int_equal(disk.backendtype, XL_BACKENDTYPE_QDISK);
	assert_string_equal(disk.script, "block-x");
	assert_true(disk.direct_io_safe);
	assert_int_equal(disk.discard, 0);
	assert_int_equal(disk.trusted, 0);
	assert_int_equal(parse("x,,xvda,discard,trusted"), 0);
	assert_int_equal(disk.discard, 1);
	assert_int_equal(disk.trusted, 1);
	assert_int_equal(parse("x,,xvda"), 0);
	assert_int_equal(disk.discard, -1);
	assert_int_equal(disk.trusted, -1);
	assert_int_equal(disk.backendtype, XL_BACKENDTYPE_DEFAULT);
}

static void deprecated_prefixes(void **state)
{
	(void)state;
	expect_disk("phy:/dev/sdb1,xvda,w", "/dev/sdb1", "xvda", false, false, XL_DISK_RAW);
	expect_disk("tap:aio:/img,xvda,r", "/img", "xvda", true, false, XL_DISK_RAW);
	expect_disk("tap:qcow2:/img,xvda,w", "/img", "xvda", false, false, XL_DISK_QCOW2);
	assert_int_equal(parse("nbd:host:1234,xvda,w"), 0);
	assert_string_equal(disk.script, "block-nbd");
	assert_string_equal(disk.target, "host:1234");
	refuses("foo:/x,xvda", 0, "unknown deprecated disk prefix: near `foo:/x'");
}

static void whitespace_before_parameters(void **state)
{
	(void)state;
	expect_disk("  a.img,\t raw, xvda,\nrw", "a.img", "xvda", false, false, XL_DISK_RAW);
	/* whitespace after a value stays in it, as in xl */
	refuses("a.img,,xvda ", 7, "invalid vdev (xvdX, sdX, hdX, dNpN or a number): near `xvda '");
}

static void vdev_numbers(void **state)
{
	static const struct {
		const char *vdev;
		uint32_t devid;
	} good[] = {
		{ "xvda", 51712 },
		{ "xvdb2", 51730 },
		{ "xvdp15", 51967 },
		{ "xvdq", 268439552 },
		{ "xvda16", 268435472 },
		{ "xvdtq37", 268572709 },
		{ "xvdaa", 268442112 },
		{ "d0p0", 51712 },
		{ "d1p2", 51730 },
		{ "d16p0", 268439552 },
		{ "d1048575p255", 536870911 },
		{ "sdb3", 2067 },
		{ "sdp15", 2303 },
		{ "hda", 768 },
		{ "hdb63", 895 },
		{ "hdc2", 5634 },
		{ "hdd", 5696 },
		{ "51712", 51712 },
		{ "0xca00", 51712 },
		{ "0145000", 51712 },
		{ "2147483647", 2147483647 },
	};
	static const char *const bad[] = {
		"xvd",   "xvda0", "xvda01",     "xvda256",    "sdq",    "sda16",      "hde",
		"hda64", "xvdA",  "2147483648", "d0",         "d0p256", "d1048576p0", "dxp1",
		"sd",    "0x",    "xvdb-1",     "xvdaaaaaaa", "09",     "",
	};
	uint32_t devid;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		devid = 0;
		assert_int_equal(xl_vdev_devid(good[i].vdev, strlen(good[i].vdev), &devid), 0);
		assert_int_equal(devid, good[i].devid);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (xl_vdev_devid(bad[i], strlen(bad[i]), &devid) == 0) {
			fail_msg("vdev '%s' was taken as %u", bad[i], devid);
		}
	}
}

static void errors(void **state)
{
	(void)state;
	refuses("a.img", 0, "no vdev specified");
	refuses("vdev=xvda", 0, "no target specified (and device not removable)");
	refuses("a.img,,xvdz9999", 7,
		"invalid vdev (xvdX, sdX, hdX, dNpN or a number): "
		"near `xvdz9999'");
	refuses("a,,xvda,rx", 8, "unknown value for access: near `rx'");
	refuses("a,vmdk,xvda", 2, "unknown value for format: near `vmdk'");
	refuses("a,,xvda,r,more", 10, "too many positional parameters: near `more'");
	refuses("a,vdev=xvda,vdev=xvdb", 12, "vdev respecified: near `vdev=xvdb'");
	refuses("a,,xvda,target=b", 8, "target respecified: near `target=b'");
	expect_disk(",,xvda,target=b", "b", "xvda", false, false, XL_DISK_RAW);
	refuses("target=a,vdev=xvda", 0, "no vdev specified"); /* target= took the rest */
	refuses("a,,xvda,format=raw,format=qcow", 19, "format respecified: near `format=qcow'");
	refuses("a,,xvda,colour=red", 8, "unknown parameter: near `colour=red'");
	refuses("a,,xvda,backend=x,backend=y", 18, "backend respecified: near `backend=y'");
	refuses("iscsi:iqn,xvda,w,script=other", 17, "script respecified: near `script=other'");
	refuses("a,,xvda,devtype=floppy", 8, "unknown value for type: near `devtype=floppy'");
	refuses("a,,xvda,backendtype=nfs", 8,
		"unknown value for backendtype: near "
		"`backendtype=nfs'");
	refuses("a,,xvda:tape", 3, "unknown value for type: near `xvda:tape'");
	refuses("/a=b,,xvda", 0, "bad disk syntax: near `/a=b'");
	refuses("a,,xvda\x01", 7, "byte that is not printable ASCII in the spec");
	refuses("caf\xc3\xa9,,xvda", 3, "byte that is not printable ASCII in the spec");
	refuses("a\tb,,xvda", 0, "tab or newline inside a value: near `a?b'");
	refuses("a,,xvda,backend=a-name-far-too-long-for-a-domain", 8,
		"value too long: near `backend=a-name-far-too-long-for-a-domain'");
	refuses("", 0, "no vdev specified");
	assert_int_equal(xl_disk_parse("a,,xvda\0", 8, &disk, &err), -EINVAL);
	assert_string_equal(err.msg, "byte that is not printable ASCII in the spec");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equivalent_disks),
		cmocka_unit_test(equivalent_cdroms),
		cmocka_unit_test(empty_cdrom),
		cmocka_unit_test(named_parameters_and_flags),
		cmocka_unit_test(deprecated_prefixes),
		cmocka_unit_test(whitespace_before_parameters),
		cmocka_unit_test(vdev_numbers),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
