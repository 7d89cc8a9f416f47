// SPDX-License-Identifier: MIT
/* xen_version answers a well-behaved guest as Xen 4.17 would. */
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
