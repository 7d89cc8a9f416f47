// SPDX-License-Identifier: MIT
/* Unit tests of xen_version (kernel/common/xen_version.c): the answers Xen 4.17 gives a domU. */
#include "hypercall_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/version.h>
#include <errno.h>

#define DOM (&fixture_dom[0])
#define VCPU (DOM->vcpus[0])
#define ARG_GVA GUEST_RAM_BASE

static long xen_version(uint64_t cmd, uint64_t arg)
{
	return fixture_hvc_once(VCPU, __HYPERVISOR_xen_version, cmd, arg, 0);
}

/* Submap 0 has bits 0, 2, 14 (SMCCC) and 16 (not direct-mapped); 13 stays clear
 * while XENMEM_get_vnumainfo is not answered. Past it: -EINVAL, nothing written. */
static void test_features(void **state)
{
	struct xen_feature_info *fi = fixture_page(DOM, ARG_GVA >> PAGE_SHIFT);

	(void)state;
	*fi = (struct xen_feature_info){ .submap_idx = 0, .submap = 0xdead };
	assert_int_equal(xen_version(XENVER_get_features, ARG_GVA), 0);
	assert_int_equal(fi->submap, 0x14005);
	for (unsigned int i = 0; i < 3; i++) {
		static const uint32_t past[] = { 1, 2, 0xffffffff };

		*fi = (struct xen_feature_info){ .submap_idx = past[i], .submap = 0xdead };
		assert_int_equal(xen_version(XENVER_get_features, ARG_GVA), -EINVAL);
		assert_int_equal(fi->submap, 0xdead);
	}
	assert_int_equal(xen_version(XENVER_get_features, 0x1000), -EFAULT);
}

/* The capability string: the aarch64 ABI, as Xen writes it, NUL-padded to its 1,024 bytes. */
static void test_capabilities(void **state)
{
	char *caps = fixture_page(DOM, ARG_GVA >> PAGE_SHIFT);

	(void)state;
	memset(caps, 'x', XEN_CAPABILITIES_LEN + 8);
	assert_int_equal(xen_version(XENVER_capabilities, ARG_GVA), 0);
	assert_string_equal(caps, "xen-3.0-aarch64 ");
	for (unsigned int i = 16; i < XEN_CAPABILITIES_LEN; i++) {
		assert_int_equal(caps[i], 0);
	}
	assert_int_equal(caps[XEN_CAPABILITIES_LEN], 'x');
	assert_int_equal(xen_version(XENVER_capabilities, 0x1000), -EFAULT);
	/* The last page of RAM cannot hold the whole string. */
	assert_int_equal(xen_version(XENVER_capabilities,
				     GUEST_RAM_BASE + FIXTURE_RAM_PAGES * PAGE_SIZE - 16),
			 -EFAULT);
}

static void test_others_unchanged(void **state)
{
	(void)state;
	assert_int_equal(xen_version(XENVER_version, 0), (4 << 16) | 17);
	assert_int_equal(xen_version(XENVER_pagesize, 0), PAGE_SIZE);
	assert_int_equal(xen_version(2, ARG_GVA), -ENOSYS); /* compile_info: not answered */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup_running, fixture_teardown_running)
	const struct CMUnitTest tests[] = {
		T(test_features),
		T(test_capabilities),
		T(test_others_unchanged),
	};

	return cmocka_run_group_tests_name("xen_version", tests, NULL, NULL);
}
