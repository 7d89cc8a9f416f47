// SPDX-License-Identifier: MIT
/* The fixture of hypercall_fixture.h, and stand-ins for the handlers a test does not link
 * (weak where a test links the real one). */
#include "hypercall_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <guest_copy.h>
#include <pcpu.h>

int arch_gva_to_ipa(gva_t gva, bool write, ipa_t *ipa)
{
	(void)write;
	*ipa = ipa_make(gva.gva);
	return 0;
}

/* A program that links a handler's real file gets it instead of the stand-in. */
#define STAND_IN __attribute__((weak))

static long not_linked(struct vcpu *v, const struct hypercall_args *args)
{
	(void)v;
	(void)args;
	return -ENOSYS;
}

STAND_IN long do_xen_version(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_console_io(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_sched_op(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_vcpu_op(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_event_channel_op(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_hvm_op(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_domain_info(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

STAND_IN long do_domain_control(struct vcpu *v, const struct hypercall_args *args)
{
	return not_linked(v, args);
}

void fixture_run(struct vcpu *v)
{
	this_pcpu()->current = v;
}

long fixture_hvc_again(struct vcpu *v)
{
	assert_int_equal(v->regs.pc, FIXTURE_HVC_PC);
	v->regs.pc += 4; /* ELR_EL2 of an HVC: the next instruction */
	hypercall_dispatch(v);
	return (long)v->regs.x[0];
}

long fixture_hvc_once(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	v->regs.x[16] = nr;
	v->regs.x[0] = a0;
	v->regs.x[1] = a1;
	v->regs.x[2] = a2;
	v->regs.pc = FIXTURE_HVC_PC;
	return fixture_hvc_again(v);
}

unsigned int fixture_hvc(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	unsigned int entries = 1;

	fixture_hvc_once(v, nr, a0, a1, a2);
	while (v->regs.pc == FIXTURE_HVC_PC) {
		assert_true(entries < 100000); /* a call that never ends fails here */
		fixture_hvc_again(v);
		entries++;
	}
	return entries;
}
