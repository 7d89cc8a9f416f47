// SPDX-License-Identifier: MIT
/* xl vif specs: every key, MAC and IP checks, xl's rate syntax, every error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xl_vif.h"

static struct xl_vif vif;
static struct xl_spec_error err;

static int parse(const char *spec)
{
	return xl_vif_parse(spec, strlen(spec), 3, &vif, &err);
}

static void refuses(const char *spec, uint32_t offset, const char *msg)
{
	static const struct xl_vif zero;

	assert_int_equal(parse(spec), -EINVAL);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.offset, offset);
	assert_memory_equal(&vif, &zero, sizeof(vif));
}

static void empty_spec_is_all_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(vif.devid, 3);
	assert_false(vif.mac_set);
	assert_false(vif.rate_set);
	assert_int_equal(vif.type, XL_VIF_TYPE_DEFAULT);
	assert_int_equal(vif.trusted, -1);
	assert_string_equal(vif.bridge, "");
	assert_int_equal(parse(",, ,"), 0);
}

static void every_key(void **state)
{
	static const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x74, 0x3d, 0x76 };

	(void)state;
	assert_int_equal(parse("mac=00:16:3E:74:3d:76, bridge=xenbr1,ip=10.0.0.1 192.168.1.2,"
			       "gatewaydev=eth0,vifname=vif-web,backend=netback,script=vif-route,"
			       "model=e1000,type=ioemu,rate=1MB/s@20ms,devid=9,mtu=9000,trusted"),
			 0);
	assert_true(vif.mac_set);
	assert_memory_equal(vif.mac, mac, 6);
	assert_string_equal(vif.bridge, "xenbr1");
	assert_string_equal(vif.ip, "10.0.0.1 192.168.1.2");
	assert_string_equal(vif.gatewaydev, "eth0");
	assert_string_equal(vif.vifname, "vif-web");
	assert_string_equal(vif.backend, "netback");
	assert_string_equal(vif.script, "vif-route");
	assert_string_equal(vif.model, "e1000");
	assert_int_equal(vif.type, XL_VIF_TYPE_IOEMU);
	assert_true(vif.rate_set);
	assert_int_equal(vif.rate_bytes_per_interval, 20000);
	assert_int_equal(vif.rate_interval_usecs, 20000);
	assert_int_equal(vif.devid, 9);
	assert_int_equal(vif.mtu, 9000);
	assert_int_equal(vif.trusted, 1);
	assert_int_equal(parse("type=vif,netdev=eth1,untrusted"), 0);
	assert_int_equal(vif.type, XL_VIF_TYPE_VIF);
	assert_string_equal(vif.gatewaydev, "eth1");
	assert_int_equal(vif.trusted, 0);
}

static void expect_rate(const char *rate, uint64_t bytes, uint32_t usecs)
{
	uint64_t b = 0;
	uint32_t u = 0, off = 99;
	const char *what = NULL;

	assert_int_equal(xl_vif_rate(rate, strlen(rate), &b, &u, &off, &what), 0);
	assert_int_equal(b, bytes);
	assert_int_equal(u, usecs);
}

static void expect_bad_rate(const char *rate, uint32_t offset, const char *msg)
{
	uint64_t b = 7;
	uint32_t u = 7, off = 99;
	const char *what = NULL;

	assert_int_equal(xl_vif_rate(rate, strlen(rate), &b, &u, &off, &what), -EINVAL);
	assert_string_equal(what, msg);
	assert_int_equal(off, offset);
	assert_int_equal(b, 7);
	assert_int_equal(u, 7);
}

/* The manual's examples, and each unit. */
static void rates(void **state)
{
	(void)state;
	expect_rate("10Mb/s", 62500, 50000);
	expect_rate("250KB/s", 12500, 50000);
	expect_rate("1MB/s@20ms", 20000, 20000);
	expect_rate("10Mb/s@20ms", 25000, 20000);
	expect_rate("1GB/s@1s", 1000000000, 1000000);
	expect_rate("8b/s@2", 2, 2000000);
	expect_rate("10000B/s@500us", 5, 500);
	expect_rate("4294967295GB/s@1us", 4294967295000ull, 1);
	expect_rate("4294967295B/s@4294s", 18442589564730ull, 4294000000u);
	expect_rate("1Kb/s@100m", 12, 100000);
}

static void bad_rates(void **state)
{
	(void)state;
	expect_bad_rate("", 0, "no rate specified");
	expect_bad_rate("@20ms", 0, "no rate specified");
	expect_bad_rate("10Mb", 3, "invalid rate");
	expect_bad_rate("10Mb/sec", 3, "invalid rate");
	expect_bad_rate("10Mb/s@20ms@", 11, "invalid replenishment interval");
	expect_bad_rate("10mb/s", 2, "invalid rate");
	expect_bad_rate("Mb/s", 0, "invalid rate");
	expect_bad_rate("0Mb/s", 0, "rate overflow");
	expect_bad_rate("4294967296B/s", 0, "rate overflow");
	expect_bad_rate("10Mb/s@", 7, "invalid replenishment interval");
	expect_bad_rate("10Mb/s@20xs", 9, "invalid replenishment interval");
	expect_bad_rate("10Mb/s@0ms", 7, "replenishment interval overflow");
	expect_bad_rate("10Mb/s@4295s", 7, "replenishment interval overflow");
	expect_bad_rate("4294967295GB/s@4294967295us", 0, "rate overflow");
	expect_bad_rate("1b/s@1us", 0, "rate gives no credit in an interval");
}

/* rules=: netback's rule list, checked with netback's own parser, kept as written. */
static void rules(void **state)
{
	char spec[1100];

	(void)state;
	assert_int_equal(parse("mac=00:16:3e:00:00:01,rules=drop proto=tcp dst-port=22; accept,"
			       "bridge=br1"),
			 0);
	assert_string_equal(vif.rules, "drop proto=tcp dst-port=22; accept");
	assert_string_equal(vif.bridge, "br1");
	assert_int_equal(parse("rules="), 0); /* an empty list: every frame accepted */
	assert_string_equal(vif.rules, "");
	refuses("rules=drop port=22", 6,
		"invalid rules, rule 1: unknown match `port=22' (src-mac, dst-mac, src-ip, dst-ip, "
		"ethertype, proto, src-port, dst-port)");
	/* A comma ends the parameter: what follows is not part of the rules. */
	refuses("rules=drop proto=tcp dst-port=22 src-port=1,2", 44,
		"unrecognized argument: near `2'");
	refuses("ip=10.0.0.1,rules=accept; drop src-ip=10.0.0.1/40", 18,
		"invalid rules, rule 2: bad src-ip `10.0.0.1/40' (A.B.C.D or A.B.C.D/N, N 0..32)");
	memset(spec, ' ', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = '\0';
	memcpy(spec, "rules=accept", 12);
	refuses(spec, 6, /* the echo of what it is near stops at 40 bytes */
		"rules too long (1023 bytes at most): near `rules=accept"
		"                         "
		"...'");
}

static void errors(void **state)
{
	(void)state;
	refuses("mac=00:16:3e:74:3d", 0,
		"Invalid parameter `mac' (six hex pairs and ':'): near "
		"`mac=00:16:3e:74:3d'");
	refuses("mac=00:16:3e:74:3d:7g", 0,
		"Invalid parameter `mac' (six hex pairs and ':'): "
		"near `mac=00:16:3e:74:3d:7g'");
	refuses("mac=00-16-3e-74-3d-76", 0,
		"Invalid parameter `mac' (six hex pairs and ':'): "
		"near `mac=00-16-3e-74-3d-76'");
	refuses("bridge=b, mac=ff:ff:ff:ff:ff:ff", 10,
		"mac is a multicast address (bit 0 of "
		"byte 0 set): near `mac=ff:ff:ff:ff:ff:ff'");
	refuses("mac=00:00:00:00:00:00", 0, "mac is all zero: near `mac=00:00:00:00:00:00'");
	refuses("ip=10.0.0", 0, "invalid ip (dotted quads separated by spaces): near `ip=10.0.0'");
	refuses("ip=10.0.0.01", 0,
		"invalid ip (dotted quads separated by spaces): near "
		"`ip=10.0.0.01'");
	refuses("ip=10.0.0.1  10.0.0.2", 0,
		"invalid ip (dotted quads separated by spaces): near "
		"`ip=10.0.0.1  10.0.0.2'");
	refuses("ip=", 0, "invalid ip (dotted quads separated by spaces): near `ip='");
	refuses("bridge=a/b", 0,
		"invalid interface name (1..15 bytes, no / : space): near "
		"`bridge=a/b'");
	refuses("vifname=0123456789abcdef", 0,
		"invalid interface name (1..15 bytes, no / : "
		"space): near `vifname=0123456789abcdef'");
	refuses("bridge=..", 0,
		"invalid interface name (1..15 bytes, no / : space): near "
		"`bridge=..'");
	refuses("type=pv", 0, "Invalid parameter `type': near `type=pv'");
	refuses("rate=10Mb/s@20xs", 14, "invalid replenishment interval: near `rate=10Mb/s@20xs'");
	refuses("mtu=67", 0, "mtu must be 68..65535: near `mtu=67'");
	refuses("devid=-1", 0, "invalid devid: near `devid=-1'");
	refuses("colo_sock_mirror_id=1", 0, "unrecognized argument: near `colo_sock_mirror_id=1'");
	refuses("accel", 0, "unrecognized argument: near `accel'");
	refuses("model=0123456789012345678901234567890123", 0,
		"value too long: near `model=0123456789012345678901234567890123'");
	refuses("bridge=x\ty", 8, "byte that is not printable ASCII in the spec");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_spec_is_all_defaults),
		cmocka_unit_test(every_key),
		cmocka_unit_test(rates),
		cmocka_unit_test(bad_rates),
		cmocka_unit_test(rules),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
