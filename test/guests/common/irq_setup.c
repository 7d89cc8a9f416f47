// SPDX-License-Identifier: MIT
/* Interrupt set-up shared by the test guests. */
#include <libos/console.h>
#include <libos/gic.h>
#include <libos/intr.h>
#include <libos/timer.h>
#include <stdio.h>

#include "irq_setup.h"

/* Written on the boot vCPU only, before secondaries start. */
static bool irq_setup_done;
static bool irq_setup_ok;

bool irq_setup_boot(void)
{
	int rc;

	if (irq_setup_done) {
		return irq_setup_ok;
	}
	irq_setup_done = true;
	rc = gic_init();
	if (rc != 0) {
		printf("irq_setup: gic_init failed: %d\n", rc);
		return false;
	}
	rc = timer_init();
	if (rc != 0) {
		printf("irq_setup: timer_init failed: %d\n", rc);
		return false;
	}
	intr_enable();
	irq_setup_ok = true;
	return true;
}

bool irq_setup_secondary(void)
{
	/* newlib is the boot vCPU's: report through the console directly. */
	if (gic_cpu_init() != 0) {
		console_puts("irq_setup: gic_cpu_init failed on a secondary vCPU\n");
		return false;
	}
	if (timer_init() != 0) {
		console_puts("irq_setup: timer_init failed on a secondary vCPU\n");
		return false;
	}
	intr_enable();
	return true;
}
