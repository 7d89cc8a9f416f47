// SPDX-License-Identifier: MIT
/* xen_version answers a well-behaved guest as Xen 4.17 would. */
#include <abi/errno.h>
#include <abi/version.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <string.h>

TEST(version, number)
{
	CHECK_EQ(hypercall_xen_version(XENVER_version, NULL), 0x40011);
	CHECK_EQ(hypercall_xen_version(XENVER_version, NULL),
		 (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR);
}

TEST(version, features)
{
	struct xen_feature_info info = { .submap_idx = 0, .submap = 0 };

	REQUIRE_EQ(hypercall_xen_version(XENVER_get_features, &info), 0);
	CHECK_EQ(info.submap_idx, 0);
	CHECK_EQ(info.submap >> XENFEAT_auto_translated_physmap & 1, 1);
	CHECK_EQ(info.submap >> XENFEAT_dom0 & 1, 0);
	/* Xen 4.17 gives a domU 0x16005; bit 13 (vNUMA) waits for XENMEM_get_vnumainfo. */
	CHECK_EQ(info.submap, 0x14005);
	info = (struct xen_feature_info){ .submap_idx = 1, .submap = 0x55 };
	CHECK_EQ(hypercall_xen_version(XENVER_get_features, &info), -XEN_EINVAL);
	CHECK_EQ(info.submap, 0x55);
}

TEST(version, capabilities)
{
	static char caps[XEN_CAPABILITIES_LEN];

	memset(caps, 0x55, sizeof(caps));
	REQUIRE_EQ(hypercall_xen_version(XENVER_capabilities, caps), 0);
	CHECK_EQ(strcmp(caps, "xen-3.0-aarch64 "), 0);
	CHECK_EQ(caps[sizeof(caps) - 1], 0);
}

TEST(version, extraversion)
{
	char extra[XEN_EXTRAVERSION_LEN];

	memset(extra, 0x55, sizeof(extra));
	REQUIRE_EQ(hypercall_xen_version(XENVER_extraversion, extra), 0);
	CHECK(memchr(extra, '\0', sizeof(extra)) != NULL);
}

TEST(version, pagesize)
{
	CHECK_EQ(hypercall_xen_version(XENVER_pagesize, NULL), 4096);
}
