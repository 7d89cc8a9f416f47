/* SPDX-License-Identifier: MIT */
/* hvm_op hypercall: per-domain parameters (where the console and store are). */
#ifndef ABI_HVM_H
#define ABI_HVM_H

#include <abi/xen.h>
#include <stdint.h>

/* hvm_op(cmd, arg VA) with struct xen_hvm_param. Returns 0 or -XEN_E*:
 * -EINVAL for an unknown index, -ESRCH for no such domain, -EPERM for any set
 * (the core sets them when it offers a domain its rings; nobody else does) or
 * for naming another domain without the right, -EFAULT for a bad arg. */
#define HVMOP_set_param 0
#define HVMOP_get_param 1

/** (16 bytes) */
struct xen_hvm_param {
	domid_t domid; /* IN: DOMID_SELF, or a domain the caller controls */
	uint16_t pad;
	uint32_t index; /* IN: HVM_PARAM_* */
	uint64_t value; /* IN for set, OUT for get */
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "size");
_Static_assert(__builtin_offsetof(struct xen_hvm_param, value) == 8, "offset");

#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_STORE_PFN 1    /* the xenstore ring's gfn; 0: no xenstore */
#define HVM_PARAM_STORE_EVTCHN 2 /* the guest's port to the xenstore domain */
#define HVM_PARAM_CONSOLE_PFN 17 /* the PV console ring's gfn; 0: no PV console */
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define HVM_PARAM_COUNT 64

#endif
