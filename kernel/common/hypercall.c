// SPDX-License-Identifier: MIT
/* The hypercall table: number (x16) -> handler. Unknown numbers get -ENOSYS. */
#include <abi/domain_info.h>
#include <abi/domctl.h>
#include <abi/hypercall.h>
#include <errno.h>
#include <hypercall.h>
#include <lib.h>

static const hypercall_fn hypercall_table[HYPERCALL_COUNT] = {
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_grant_table_op] = do_grant_table_op,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_event_channel_op] = do_event_channel_op,
	[__HYPERVISOR_hvm_op] = do_hvm_op,
	[__HYPERVISOR_domain_info] = do_domain_info,
	[__HYPERVISOR_domain_control] = do_domain_control,
};

void hypercall_dispatch(struct vcpu *v)
{
	uint64_t nr = v->regs.x[16];
	const uint64_t *x = v->regs.x; /* a copy: what the guest passed, while x0 is written */
	const struct hypercall_args args = { { x[0], x[1], x[2], x[3], x[4] } };
	long ret = -ENOSYS;

	if (nr < HYPERCALL_COUNT) {
		/* No reads past the table, even mispredicted. */
		nr = index_nospec(nr, HYPERCALL_COUNT);
		if (hypercall_table[nr]) {
			ret = hypercall_table[nr](v, &args);
		}
	}
	if (ret != HYPERCALL_CONTINUED) {
		v->regs.x[0] = (uint64_t)ret;
	}
}

long hypercall_continue(struct vcpu *v, const struct hypercall_args *next)
{
	memcpy(v->regs.x, next->a, sizeof(next->a));
	v->regs.pc -= 4; /* ELR_EL2 points past the 4-byte HVC */
	return HYPERCALL_CONTINUED;
}
