// SPDX-License-Identifier: MIT
/* Domain control calls (libos/domctl.h): one struct domctl a call, on the stack. */
#include <abi/domctl.h>
#include <libos/domctl.h>
#include <libos/hypercall.h>
#include <string.h>

/* Locking: none; each call works on its own argument. */

static long domctl(struct domctl *op)
{
	return hypercall(__HYPERVISOR_domain_control, (unsigned long)op, 0, 0, 0, 0);
}

long domctl_on(uint32_t cmd, uint16_t domid)
{
	struct domctl op = { .cmd = cmd, .domid = domid };

	return domctl(&op);
}

long domctl_create(const struct domctl_create *cfg, uint16_t *domid)
{
	struct domctl op = { .cmd = DOMCTL_create, .u.create = *cfg };
	long rc = domctl(&op);

	if (rc == 0) {
		*domid = op.domid;
	}
	return rc;
}

long domctl_populate(uint16_t domid, uint64_t gfn, uint64_t count)
{
	long rc = 0;

	for (uint64_t done = 0; done < count && rc == 0;) {
		uint64_t n =
			count - done < DOMCTL_POPULATE_MAX ? count - done : DOMCTL_POPULATE_MAX;
		struct domctl op = { .cmd = DOMCTL_populate, .domid = domid };

		op.u.populate = (struct domctl_populate){ gfn + done, n };
		rc = domctl(&op);
		done += n;
	}
	return rc;
}

long domctl_copy_in(uint16_t domid, uint64_t gpa, const void *src, size_t len)
{
	long rc = 0;

	for (size_t done = 0; done < len && rc == 0;) {
		size_t n = len - done < DOMCTL_COPY_MAX ? len - done : DOMCTL_COPY_MAX;
		struct domctl op = { .cmd = DOMCTL_copy_in, .domid = domid };

		op.u.copy_in =
			(struct domctl_copy_in){ gpa + done, (uint64_t)(uintptr_t)src + done, n };
		rc = domctl(&op);
		done += n;
	}
	return rc;
}

long domctl_vcpu_context(uint16_t domid, uint32_t vcpu, uint64_t pc, uint64_t x0)
{
	struct domctl op = { .cmd = DOMCTL_vcpu_context, .domid = domid };

	op.u.vcpu_context = (struct domctl_vcpu_context){ .vcpu = vcpu, .pc = pc, .x0 = x0 };
	return domctl(&op);
}

long domctl_set_limits(uint16_t domid, uint64_t max_pages, uint32_t weight, uint32_t cap)
{
	struct domctl op = { .cmd = DOMCTL_set_limits, .domid = domid };

	op.u.limits = (struct domctl_limits){ max_pages, weight, cap };
	return domctl(&op);
}

long domctl_vcpu_affinity(uint16_t domid, uint32_t vcpu, uint32_t affinity)
{
	struct domctl op = { .cmd = DOMCTL_vcpu_affinity, .domid = domid };

	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ vcpu, affinity };
	return domctl(&op);
}

long domctl_read_log(uint64_t *from, char *buf, uint32_t size)
{
	struct domctl op = {
		.cmd = DOMCTL_read_log,
		.u.read_log = { .va = (uintptr_t)buf, .from = *from, .len = size },
	};
	long rc = domctl(&op);

	if (rc != 0) {
		return rc;
	}
	*from = op.u.read_log.from;
	return op.u.read_log.len;
}

long domctl_physinfo(struct domctl_physinfo *out)
{
	struct domctl op = { .cmd = DOMCTL_physinfo };
	long rc = domctl(&op);

	if (rc == 0) {
		*out = op.u.physinfo;
	}
	return rc;
}
