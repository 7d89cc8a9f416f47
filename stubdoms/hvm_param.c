// SPDX-License-Identifier: MIT
/* hvm_op get_param / set_param for the calling domain. */
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>

/* Locking: none; each call is one hypercall on a local argument. */

long hvm_param_get(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param arg = { .domid = DOMID_SELF, .index = index };
	long rc = hypercall_hvm_op(HVMOP_get_param, &arg);

	if (rc == 0) {
		*value = arg.value;
	}
	return rc;
}

long hvm_param_set(uint32_t index, uint64_t value)
{
	struct xen_hvm_param arg = { .domid = DOMID_SELF, .index = index, .value = value };

	return hypercall_hvm_op(HVMOP_set_param, &arg);
}
