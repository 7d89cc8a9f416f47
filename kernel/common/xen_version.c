// SPDX-License-Identifier: MIT
/* xen_version: the version and features a guest sees. */
#include <abi/version.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>

#define FEATURES_SUBMAP0                                                                  \
	((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) | \
	 (1u << XENFEAT_ARM_SMCCC_supported) | (1u << XENFEAT_not_direct_mapped))

static long get_features(struct vcpu *v, gva_t arg)
{
	struct xen_feature_info fi;

	if (copy_from_guest(v, &fi, arg, sizeof(fi)) < 0) {
		return -EFAULT;
	}
	if (fi.submap_idx != 0) {
		return -EINVAL; /* as Xen answers past its last submap */
	}
	fi.submap = FEATURES_SUBMAP0;
	return copy_to_guest(v, arg, &fi, sizeof(fi));
}

long do_xen_version(struct vcpu *v, const struct hypercall_args *args)
{
	static const char extraversion[XEN_EXTRAVERSION_LEN] = "-tessera";
	static const char capabilities[XEN_CAPABILITIES_LEN] = "xen-3.0-aarch64 ";

	switch (args->a[0]) {
	case XENVER_version:
		return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
	case XENVER_extraversion:
		return copy_to_guest(v, gva_make(args->a[1]), extraversion, sizeof(extraversion));
	case XENVER_capabilities:
		return copy_to_guest(v, gva_make(args->a[1]), capabilities, sizeof(capabilities));
	case XENVER_get_features:
		return get_features(v, gva_make(args->a[1]));
	case XENVER_pagesize:
		return PAGE_SIZE;
	default:
		return -ENOSYS;
	}
}
