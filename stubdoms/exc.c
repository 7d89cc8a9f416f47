// SPDX-License-Identifier: MIT
/* EL1 exception handling: faults a test expects are recorded, anything else ends the domain. */
#include <abi/sched.h>
#include <libos/arm64.h>
#include <libos/config.h>
#include <libos/console.h>
#include <libos/exc.h>
#include <libos/libos.h>
#include <libos/smp.h>

/*
 * This file is built with -mgeneral-regs-only: an expected fault resumes
 * code whose FP/SIMD registers were never saved, so the path that records it
 * must not touch them. The fatal path may (it never resumes).
 *
 * Locking: none. Each vCPU only touches its own slot of exc_expectations.
 */

/* Vector indexes (exc_entry.S): group * 4 + type. */
#define EXC_KIND_SYNC_CURRENT 4 /* synchronous, current EL, SP_EL1 */

/** An armed expectation and what it caught; per vCPU. */
struct exc_expectation {
	bool armed;
	bool taken;
	uint32_t ec;
	uintptr_t resume; /* 0: ELR + 4 */
	struct exc_record record;
};

static struct exc_expectation exc_expectations[LIBOS_MAX_CPUS];

/* Nesting depth of the fatal path per vCPU: a fault while reporting one gives up at once. */
static unsigned int exc_fatal_depth[LIBOS_MAX_CPUS];

static const char *const exc_kind_names[16] = {
	"synchronous exception (SP_EL0)",
	"IRQ (SP_EL0)",
	"FIQ (SP_EL0)",
	"SError (SP_EL0)",
	"synchronous exception",
	"IRQ",
	"FIQ",
	"SError",
	"synchronous exception from EL0",
	"IRQ from EL0",
	"FIQ from EL0",
	"SError from EL0",
	"synchronous exception from AArch32",
	"IRQ from AArch32",
	"FIQ from AArch32",
	"SError from AArch32",
};

void exc_expect(uint32_t ec, uintptr_t resume)
{
	struct exc_expectation *e = &exc_expectations[smp_cpu_id()];

	e->ec = ec;
	e->resume = resume;
	e->taken = false;
	e->armed = true;
	/* The exception may come from the very next instruction: publish before it. */
	__asm__ volatile("" ::: "memory");
}

bool exc_taken(struct exc_record *record)
{
	struct exc_expectation *e = &exc_expectations[smp_cpu_id()];

	__asm__ volatile("" ::: "memory");
	e->armed = false;
	if (!e->taken) {
		return false;
	}
	e->taken = false;
	record->esr = e->record.esr;
	record->far = e->record.far;
	record->elr = e->record.elr;
	return true;
}

/* The interrupted general registers, four a line, and the stack pointer before the exception. */
static void exc_dump_registers(const struct exc_frame *frame)
{
	for (unsigned int n = 0; n < 31; n++) {
		char name[6] = { ' ', ' ', 'x', (char)('0' + n / 10), (char)('0' + n % 10), ' ' };

		(void)console_write(n % 4 == 0 ? name : name + 1, n % 4 == 0 ? 6 : 5);
		console_put_hex(frame->x[n]);
		if (n % 4 == 3) {
			console_puts("\n");
		}
	}
	console_puts(" sp  ");
	console_put_hex((uintptr_t)(frame + 1));
	console_puts("\n");
}

/* Print the exception and crash the domain. */
static void __attribute__((noreturn)) exc_fatal(const struct exc_frame *frame, uint64_t kind)
{
	unsigned int cpu = smp_cpu_id();
	char cpu_digit[2] = { (char)('0' + cpu), '\0' }; /* cpu < LIBOS_MAX_CPUS <= 10 */

	if (++exc_fatal_depth[cpu] > 1) {
		libos_shutdown(SHUTDOWN_crash);
	}
	console_puts("UNEXPECTED ");
	console_puts(exc_kind_names[kind & 15]);
	console_puts(" on vCPU ");
	console_puts(cpu_digit);
	console_puts(": ESR ");
	console_put_hex(READ_SYSREG(esr_el1));
	console_puts(" ELR ");
	console_put_hex(frame->elr);
	console_puts(" FAR ");
	console_put_hex(READ_SYSREG(far_el1));
	console_puts(" SPSR ");
	console_put_hex(frame->spsr);
	console_puts("\n");
	exc_dump_registers(frame);
	libos_shutdown(SHUTDOWN_crash);
}

void exc_handle(struct exc_frame *frame, uint64_t kind)
{
	struct exc_expectation *e;
	uint64_t esr;

	if (kind != EXC_KIND_SYNC_CURRENT) {
		exc_fatal(frame, kind);
	}
	e = &exc_expectations[smp_cpu_id()];
	esr = READ_SYSREG(esr_el1);
	if (!e->armed || ESR_EC(esr) != e->ec) {
		exc_fatal(frame, kind);
	}
	e->record.esr = esr;
	e->record.far = READ_SYSREG(far_el1);
	e->record.elr = frame->elr;
	e->taken = true;
	e->armed = false;
	frame->elr = e->resume != 0 ? e->resume : frame->elr + 4;
}
