// SPDX-License-Identifier: MIT
/*
 * Guest virtual to guest physical translation with AT S1E1R/W: the hardware
 * walks the running vCPU's stage 1 and reports the IPA in PAR_EL1, which is
 * guest state and is put back afterwards. Stage 2 is checked by guest_copy.c
 * under the domain's lock, so the page cannot change owner during the copy.
 */
#include <errno.h>
#include <guest_copy.h>
#include <sysreg.h>

#define PAR_F (1ull << 0)
#define PAR_PA_MASK 0x0000FFFFFFFFF000ull

int arch_gva_to_ipa(gva_t gva, bool write, ipa_t *ipa)
{
	uint64_t saved = read_sysreg(par_el1), par;

	/* Stage 1 only: the caller checks stage 2 itself, under the domain's lock. */
	if (write) {
		__asm__ volatile("at s1e1w, %0" : : "r"(gva.gva));
	} else {
		__asm__ volatile("at s1e1r, %0" : : "r"(gva.gva));
	}
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & PAR_F) {
		return -EFAULT;
	}
	*ipa = ipa_make((par & PAR_PA_MASK) | (gva.gva & ~PAGE_MASK));
	return 0;
}
