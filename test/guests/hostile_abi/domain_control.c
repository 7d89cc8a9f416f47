// SPDX-License-Identifier: MIT
/* domain_control and domain_info: a plain guest holds no right, so every op is -EPERM. */
#include <abi/domain_info.h>
#include <abi/domctl.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>
#include <string.h>

#include "hostile_abi.h"

static long control(struct domctl *op)
{
	return hypercall(__HYPERVISOR_domain_control, (unsigned long)op, 0, 0, 0, 0);
}

/* Every command, known or not, on the peer, on itself, on nobody: refused before it is read. */
TEST(hostile_abi, domain_control_refused)
{
	static const domid_t targets[] = { HOSTILE_PEER_DOMID, DOMID_SELF, 1, HOSTILE_NO_SUCH_DOMID,
					   0 };
	struct domctl op;

	for (uint32_t cmd = 0; cmd < 16; cmd++) {
		for (unsigned int t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
			test_context("cmd %u on d%u", cmd, targets[t]);
			memset(&op, 0, sizeof(op));
			op.cmd = cmd;
			op.domid = targets[t];
			op.u.create.vcpus = 1;
			op.u.create.max_pages = 16;
			op.u.create.weight = 256;
			op.u.create.grant_frames = 1;
			strcpy(op.u.create.name, "intruder");
			CHECK_EQ(control(&op), -XEN_EPERM);
			CHECK_EQ(op.domid, targets[t]); /* nothing written back */
		}
	}
	test_context(NULL);
	CHECK_EQ(hypercall(__HYPERVISOR_domain_control, 0, 0, 0, 0, 0), -XEN_EPERM);
	CHECK_EQ(hypercall(__HYPERVISOR_domain_control, HOSTILE_UNMAPPED_VA, 0, 0, 0, 0),
		 -XEN_EPERM);
}

/* The list of domains is for the service and control domains only. */
TEST(hostile_abi, domain_info_refused)
{
	struct domain_info info = { .domid = 0 };

	CHECK_EQ(hypercall(__HYPERVISOR_domain_info, (unsigned long)&info, 0, 0, 0, 0), -XEN_EPERM);
	CHECK_EQ(info.name[0], 0);
}
