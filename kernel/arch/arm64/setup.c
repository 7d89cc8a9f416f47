// SPDX-License-Identifier: MIT
/*
 * The boot pCPU's path from head.S to the first guest: read the machine from
 * the DTB, start the console, check the boot description, hand RAM to the
 * frame allocator, switch to the final map, bring up the GIC and the other
 * pCPUs, build the boot-time domains (boot_builder.c), schedule.
 */
#include <arch.h>
#include <boot_info.h>
#include <cpu.h>
#include <boot_builder.h>
#include <frame.h>
#include <gicv3.h>
#include <lib.h>
#include <libfdt.h>
#include <mmu.h>
#include <pl011.h>
#include <sched.h>
#include <sysreg.h>
#include <wallclock.h>

extern char __image_start[], __image_end[];

static struct boot_info boot_info;
static struct boot_desc boot_desc; /* the checked copy: the boot builder keeps using it */

/* Before dt_parse can report anything, find the UART by itself. */
static void early_console(const void *fdt)
{
	int node;
	int len;
	const fdt32_t *reg;

	if (fdt_check_header(fdt) != 0) {
		return;
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;
	if (reg && len >= 16) {
		pl011_init(pa_make(((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1])));
	}
}

/* Index 0 of the CPU list is the boot pCPU, whatever order the DTB lists them in. */
static void boot_cpu_first(struct boot_info *bi)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;

	for (unsigned int i = 1; i < bi->cpu_count; i++) {
		if (bi->cpu_mpidr[i] == self) {
			bi->cpu_mpidr[i] = bi->cpu_mpidr[0];
			bi->cpu_mpidr[0] = self;
		}
	}
}

/* A description that cannot be honoured whole is refused whole: nothing starts. */
static void refuse(void)
{
	log_info("boot description refused: no domain started");
	arch_system_off();
}

/* Check the boot description and keep its modules and RAM blocks from the allocator. */
static void read_description(struct boot_info *bi)
{
	if (!bi->desc.size) {
		log_info(
			"boot description: none in the DTB (a /chosen module with compatible \"%s\")",
			BOOT_DESC_COMPATIBLE);
		refuse();
	}
	if (boot_desc_check(arch_pa_to_va(bi->desc.base), bi->desc.size, bi, &boot_desc) < 0 ||
	    boot_desc_reserve(&boot_desc, bi) < 0) {
		refuse();
	}
}

void boot_main(void *fdt)
{
	struct boot_info *bi = &boot_info;

	early_console(fdt);
	log_info("Tessera starting at %#lx", (unsigned long)arch_va_to_pa(__image_start).pa);
	if (dt_parse(fdt, bi) < 0) {
		panic("cannot use this DTB");
	}
	if (!boot_reserve(bi, arch_va_to_pa(fdt).pa, fdt_totalsize(fdt)) ||
	    !boot_reserve(bi, arch_va_to_pa(__image_start).pa,
			  (uint64_t)(__image_end - __image_start))) {
		panic("cannot keep the core and its DTB from the allocator");
	}
	read_description(bi);
	if (frame_init(bi->ram, bi->ram_count, bi->reserved, bi->reserved_count) < 0 ||
	    mmu_init(bi) < 0) {
		panic("not enough memory to start");
	}
	if (bi->rtc.pa) {
		wallclock_init(bi->rtc);
	}
	gic_init(bi);
	boot_cpu_first(bi);
	pcpu_count = bi->cpu_count;
	if (!cpu_init_el2(0)) {
		panic("boot CPU has no GIC redistributor");
	}
	pcpus[0].online = true;
	for (unsigned int i = 1; i < pcpu_count; i++) {
		pcpus[i].mpidr = bi->cpu_mpidr[i];
	}
	cpu_start_secondaries(bi);
	log_info("%u CPU(s), %lu MiB free, %lu KiB held by the core and modules, %u boot domain(s)",
		 pcpu_count, (unsigned long)(frame_free_count() >> 8),
		 (unsigned long)((frame_total_count() - frame_free_count()) << 2), boot_desc.count);
	if (boot_builder_start(&boot_desc) < 0) {
		arch_system_off();
	}
	guest_enter(cpu_next_vcpu(&pcpus[0]));
}
