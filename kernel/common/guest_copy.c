// SPDX-License-Identifier: MIT
/*
 * Guest copies, a page at a time: each page is translated through the guest's
 * stage 1 and stage 2 by the hardware and must land in RAM, so a guest can
 * never point the core at a device or at memory it does not map.
 */
#include <arch.h>
#include <errno.h>
#include <frame.h>
#include <guest_copy.h>
#include <lib.h>
#include <pcpu.h>

static int copy_guest(struct vcpu *v, uint64_t gva, void *buf, size_t len, bool to_guest)
{
	uint8_t *p = buf;

	if (v != this_pcpu()->current) {
		panic("guest copy for a vCPU that is not running here");
	}
	if (gva + len < gva) {
		return -EFAULT;
	}
	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & ~PAGE_MASK));
		paddr_t pa;

		if (arch_gva_to_pa(gva, to_guest, &pa) < 0 || !frame_is_ram(pa)) {
			return -EFAULT;
		}
		if (to_guest) {
			memcpy(arch_pa_to_va(pa), p, chunk);
		} else {
			memcpy(p, arch_pa_to_va(pa), chunk);
		}
		gva += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	return copy_guest(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	return copy_guest(v, gva, (void *)src, len, true);
}
