// SPDX-License-Identifier: MIT
/* hvm_op get_param, of the calling domain or one it controls (nobody may set one). */
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>

/* Locking: none; each call is one hypercall on a local argument. */

long hvm_param_get_of(uint16_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param arg = { .domid = domid, .index = index };
	long rc = hypercall_hvm_op(HVMOP_get_param, &arg);

	if (rc == 0) {
		*value = arg.value;
	}
	return rc;
}

long hvm_param_get(uint32_t index, uint64_t *value)
{
	return hvm_param_get_of(DOMID_SELF, index, value);
}

long hvm_param_ring(uint32_t pfn_index, uint32_t port_index, uint64_t *pfn, uint64_t *port)
{
	long rc = hvm_param_get(pfn_index, pfn);

	if (rc == 0) {
		rc = hvm_param_get(port_index, port);
	}
	if (rc != 0) {
		return rc;
	}
	if (*pfn == 0 || *port == 0) {
		return -XEN_ENODEV;
	}
	/* The libOS maps the first 4 GiB; the ring must lie there. */
	if (*pfn >= (0x100000000ull >> 12) || *port >= EVTCHN_PORTS) {
		return -XEN_EINVAL;
	}
	return 0;
}
