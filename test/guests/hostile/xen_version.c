// SPDX-License-Identifier: MIT
/* xen_version with unknown commands, unmapped pointers and out-of-range feature submaps. */
#include <abi/errno.h>
#include <abi/version.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, xen_version)
{
	struct xen_feature_info info;

	CHECK_EQ(hypercall_xen_version(99, NULL), -XEN_ENOSYS);
	CHECK_EQ(hypercall_xen_version(XENVER_extraversion, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_xen_version(XENVER_get_features, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	/* Mapped at stage 1 but not at stage 2. */
	CHECK_EQ(hypercall_xen_version(XENVER_extraversion, (void *)HOSTILE_HOLE_IPA), -XEN_EFAULT);

	CHECK_EQ(hypercall_xen_version(XENVER_capabilities, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_xen_version(XENVER_capabilities, (void *)HOSTILE_HOLE_IPA), -XEN_EFAULT);

	/* Past the last submap: -EINVAL, as Xen answers, and nothing written. */
	info = (struct xen_feature_info){ .submap_idx = 1, .submap = 0xdeadbeef };
	CHECK_EQ(hypercall_xen_version(XENVER_get_features, &info), -XEN_EINVAL);
	CHECK_EQ(info.submap, 0xdeadbeef);

	info = (struct xen_feature_info){ .submap_idx = 0xFFFFFFFFu, .submap = 0xdeadbeef };
	CHECK_EQ(hypercall_xen_version(XENVER_get_features, &info), -XEN_EINVAL);
	CHECK_EQ(info.submap, 0xdeadbeef);
}
