// SPDX-License-Identifier: MIT
/* hvm_op: a plain guest reads its own parameters and sets none; bad indexes, domains, pointers. */
#include <abi/errno.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <libos/hvm_param.h>
#include <libos/test.h>

#include "hostile_abi.h"

static long param(unsigned long cmd, domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = domid, .index = index, .value = *value };
	long rc = hypercall_hvm_op(cmd, &p);

	*value = p.value;
	return rc;
}

TEST(hostile_abi, hvm_params)
{
	static const uint32_t known[] = { HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
					  HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN };
	static const uint32_t bad[] = { 3, 16, 19, HVM_PARAM_COUNT, 0x80000000u, 0xFFFFFFFFu };
	uint64_t value;

	for (unsigned int i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		uint64_t before = 0;

		test_context("parameter %u", known[i]);
		CHECK_EQ(hvm_param_get(known[i], &before), 0);
		value = 0x1234;
		CHECK_EQ(param(HVMOP_set_param, DOMID_SELF, known[i], &value), -XEN_EPERM);
		CHECK_EQ(hvm_param_get(known[i], &value), 0);
		CHECK_EQ(value, before);
		/* Another domain's: neither read nor set. */
		CHECK_EQ(param(HVMOP_get_param, (domid_t)hostile_peer(), known[i], &value),
			 -XEN_EPERM);
		CHECK_EQ(param(HVMOP_set_param, (domid_t)hostile_peer(), known[i], &value),
			 -XEN_EPERM);
		CHECK_EQ(param(HVMOP_get_param, HOSTILE_NO_SUCH_DOMID, known[i], &value),
			 -XEN_ESRCH);
	}
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_context("parameter 0x%x", bad[i]);
		CHECK_EQ(param(HVMOP_get_param, DOMID_SELF, bad[i], &value), -XEN_EINVAL);
		CHECK_EQ(param(HVMOP_set_param, DOMID_SELF, bad[i], &value), -XEN_EINVAL);
	}
	test_context(NULL);
	CHECK_EQ(hypercall_hvm_op(HVMOP_get_param, (void *)HOSTILE_UNMAPPED_VA), -XEN_EFAULT);
	CHECK_EQ(hypercall_hvm_op(HVMOP_set_param, NULL), -XEN_EFAULT);
	CHECK_EQ(hypercall_hvm_op(2, &value), -XEN_ENOSYS);
	CHECK_EQ(hypercall_hvm_op(~0ul, &value), -XEN_ENOSYS);
}
