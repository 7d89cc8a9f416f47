// SPDX-License-Identifier: MIT
/*
 * Traps from guests, by exception class: hypercalls (HVC #0xEA1), PSCI (HVC #0,
 * trapped SMC #0), stage-2 faults, trapped system registers, and physical
 * interrupts. Whatever the core does not handle becomes an exception for the
 * guest (UNDEF, external abort); nothing a guest does stops the core.
 */
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <domain.h>
#include <cpu.h>
#include <hypercall.h>
#include <irq.h>
#include <lib.h>
#include <sched.h>
#include <sysreg.h>
#include <traps.h>
#include <vgic.h>

enum trap_kind { TRAP_SYNC, TRAP_IRQ, TRAP_FIQ, TRAP_SERROR };

#define ISS_IMM16(esr) ((unsigned int)((esr)&0xffff))
#define ISS_ABT_S1PTW (1ull << 7)
#define ISS_WFE (1ull << 0)

/* ELR_EL2 points past an HVC, but at a trapped SMC. */
static void handle_hvc(struct vcpu *v, uint64_t esr)
{
	switch (ISS_IMM16(esr)) {
	case XEN_HVC_IMM:
		hypercall_dispatch(v);
		return;
	case SMCCC_HVC_IMM:
		vpsci_call(v);
		return;
	default:
		v->regs.pc -= 4;
		inject_undef(v);
		return;
	}
}

static void handle_smc(struct vcpu *v, uint64_t esr)
{
	if (ISS_IMM16(esr) != 0) {
		inject_undef(v);
		return;
	}
	v->regs.pc += 4;
	vpsci_call(v);
}

/* A stage-2 fault: the IPA is not RAM of the guest. An access to one of its
 * emulated devices is emulated; anything else fails the way it would on
 * hardware with nothing there. */
static void handle_abort(struct vcpu *v, uint64_t esr, bool is_data)
{
	uint64_t far = read_sysreg(far_el2);
	ipa_t ipa = ipa_make(((read_sysreg(hpfar_el2) >> 4) << PAGE_SHIFT) | (far & ~PAGE_MASK));

	if (is_data && !(esr & ISS_ABT_S1PTW) && mmio_trap(v, ipa, esr)) {
		return;
	}
	inject_external_abort(v, is_data, is_data && (esr & ESR_ISS_WNR), gva_make(far),
			      !(esr & ESR_ISS_FNV));
}

/* WFI sleeps until an interrupt is pending (or the virtual timer's deadline);
 * WFE gives the pCPU away: the vCPU is likely spinning on a lock. */
static void handle_wfx(struct vcpu *v, uint64_t esr)
{
	v->regs.pc += 4;
	if (esr & ISS_WFE) {
		sched_vcpu_yield(v);
	} else {
		sched_vcpu_block(v, arch_vcpu_timer_deadline(v));
	}
}

static void handle_sync(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);

	switch (ESR_EC(esr)) {
	case EC_WFX:
		handle_wfx(v, esr);
		break;
	case EC_HVC64:
		handle_hvc(v, esr);
		break;
	case EC_SMC64:
		handle_smc(v, esr);
		break;
	case EC_SYSREG:
		if (!sysreg_emulate(v, esr)) {
			inject_undef(v);
		}
		break;
	case EC_DABT_LOW:
		handle_abort(v, esr, true);
		break;
	case EC_IABT_LOW:
		handle_abort(v, esr, false);
		break;
	default:
		inject_undef(v);
		break;
	}
}

/* Called by the trap entry with the vCPU's registers saved; returns the vCPU to run. */
struct vcpu *trap_guest(struct vcpu *v, unsigned long kind)
{
	vgic_sync(v);
	switch (kind) {
	case TRAP_SYNC:
		handle_sync(v);
		break;
	case TRAP_IRQ:
	case TRAP_FIQ:
		irq_handle(v);
		break;
	default:
		log_info("d%u: SError from the guest (ESR %#lx), crashing it", v->domain->domid,
			 (unsigned long)read_sysreg(esr_el2));
		domain_shutdown(v->domain, SHUTDOWN_crash);
		break;
	}
	return cpu_next_vcpu(this_pcpu());
}

/* Registers an exception taken at EL2 left on the stack (see vectors.S). */
struct hyp_frame {
	uint64_t x[31];
	uint64_t elr, spsr;
};

__attribute__((noreturn)) void trap_hyp(const struct hyp_frame *f, unsigned long kind)
{
	static const char *const kinds[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	char line[96];

	snprintf(line, sizeof(line), "tessera: %s at EL2: ESR %#lx FAR %#lx ELR %#lx SPSR %#lx\n",
		 kinds[kind & 3], (unsigned long)read_sysreg(esr_el2),
		 (unsigned long)read_sysreg(far_el2), (unsigned long)f->elr,
		 (unsigned long)f->spsr);
	console_puts(line);
	for (unsigned int i = 0; i < 30; i += 2) {
		snprintf(line, sizeof(line), "  x%-2u %016lx  x%-2u %016lx\n", i,
			 (unsigned long)f->x[i], i + 1, (unsigned long)f->x[i + 1]);
		console_puts(line);
	}
	snprintf(line, sizeof(line), "  x30 %016lx\n", (unsigned long)f->x[30]);
	console_puts(line);
	panic("exception in the core");
}
