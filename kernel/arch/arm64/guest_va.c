// SPDX-License-Identifier: MIT
/*
 * Guest virtual to physical translation with AT S12E1R/W: the hardware walks
 * the running vCPU's stage 1 and its domain's stage 2, and reports the result
 * in PAR_EL1, which is guest state and is put back afterwards. The memory
 * attributes are not checked here: a guest running with its MMU off sees all
 * of RAM as Device memory. guest_copy.c checks that the result is RAM.
 */
#include <errno.h>
#include <guest_copy.h>
#include <sysreg.h>

#define PAR_F (1ull << 0)
#define PAR_PA_MASK 0x0000FFFFFFFFF000ull

int arch_gva_to_pa(uint64_t gva, bool write, paddr_t *pa)
{
	uint64_t saved = read_sysreg(par_el1), par;

	if (write) {
		__asm__ volatile("at s12e1w, %0" : : "r"(gva));
	} else {
		__asm__ volatile("at s12e1r, %0" : : "r"(gva));
	}
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & PAR_F) {
		return -EFAULT;
	}
	*pa = pa_make((par & PAR_PA_MASK) | (gva & ~PAGE_MASK));
	return 0;
}
