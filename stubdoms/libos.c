// SPDX-License-Identifier: MIT
/* Start-up of the boot vCPU in C, domain shutdown, and the stack-protector hooks libfdt needs. */
#include <abi/sched.h>
#include <libos/console.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <stdlib.h>

int main(int argc, char **argv);
void __stack_chk_fail(void);

/* Constructors, collected by the linker script (delimiters only: counted as integers). */
extern void (*const __init_array_start[])(void);
extern void (*const __init_array_end[])(void);

/*
 * Debian's libfdt is built with the stack protector. The guard is set once,
 * before any protected function runs, from the counter: not secret, but it
 * differs between boots.
 */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ull;

void __stack_chk_fail(void)
{
	console_puts("UNEXPECTED stack smashing detected\n");
	libos_shutdown(SHUTDOWN_crash);
}

void libos_shutdown(uint32_t reason)
{
	struct sched_shutdown arg = { .reason = reason };

	(void)hypercall_sched_op(SCHEDOP_shutdown, &arg);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void libos_start(uintptr_t dtb)
{
	static char *argv[] = { "libos", NULL };
	size_t ctor_count;

	__stack_chk_guard ^= counter_read() << 16;
	if (dt_init((const void *)dtb) != 0) {
		console_puts("libos: no valid device tree at x0\n");
	}
	ctor_count = ((uintptr_t)__init_array_end - (uintptr_t)__init_array_start) /
		     sizeof(__init_array_start[0]);
	for (size_t i = 0; i < ctor_count; i++) {
		__init_array_start[i]();
	}
	exit(main(1, argv));
}
