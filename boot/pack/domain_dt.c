/* SPDX-License-Identifier: MIT */
/* tessera-pack: generate the device tree a boot-time domain starts with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "pack.h"

#define GIC_PHANDLE 1

/*
 * Interrupt specifiers for the GIC binding: <type number flags>. Type 1 is a
 * PPI and number is its INTID minus 16; flags 0xf08 = level-high, with the
 * GICv2 CPU mask bits (ignored by GICv3) set for all CPUs.
 */
#define DT_PPI 1
#define DT_PPI_FLAGS 0xf08
#define PPI_FIRST_INTID 16

/* The architected timer's PPIs, in the binding's order: secure, non-secure, virtual, hyp. */
#define TIMER_SECURE_PHYS_INTID 29
#define TIMER_PHYS_INTID 30
#define TIMER_HYP_INTID 26

static int property_cells(void *fdt, const char *name, const uint32_t *cells, unsigned int count)
{
	fdt32_t be[12];

	for (unsigned int i = 0; i < count; i++) {
		be[i] = cpu_to_fdt32(cells[i]);
	}
	return fdt_property(fdt, name, be, (int)(count * sizeof(be[0])));
}

/* A reg entry of two address and two size cells. */
static int property_reg2(void *fdt, uint64_t address, uint64_t size)
{
	uint32_t cells[4] = { (uint32_t)(address >> 32), (uint32_t)address, (uint32_t)(size >> 32),
			      (uint32_t)size };

	return property_cells(fdt, "reg", cells, 4);
}

static int write_chosen(void *fdt, const struct domain *domain)
{
	int err = fdt_begin_node(fdt, "chosen");

	if (domain->bootargs) {
		err |= fdt_property_string(fdt, "bootargs", domain->bootargs);
	}
	if (domain->ramdisk_file) {
		/* The end is exclusive. */
		err |= fdt_property_u64(fdt, "linux,initrd-start", domain->ramdisk.load_ipa);
		err |= fdt_property_u64(fdt, "linux,initrd-end",
					domain->ramdisk.load_ipa + domain->ramdisk.size);
	}
	return err | fdt_end_node(fdt);
}

/* One cpu node a vCPU; reg is the affinity its MPIDR reads (equal to the vCPU id below 16). */
static int write_cpus(void *fdt, const struct domain *domain)
{
	int err = fdt_begin_node(fdt, "cpus");

	err |= fdt_property_u32(fdt, "#address-cells", 1);
	err |= fdt_property_u32(fdt, "#size-cells", 0);
	for (uint32_t i = 0; i < domain->vcpu_count; i++) {
		uint32_t affinity = (uint32_t)(GUEST_MPIDR(i) & 0xFFFFFFull);
		char name[24];

		snprintf(name, sizeof(name), "cpu@%x", affinity);
		err |= fdt_begin_node(fdt, name);
		err |= fdt_property_string(fdt, "device_type", "cpu");
		err |= fdt_property_string(fdt, "compatible", "arm,armv8");
		err |= fdt_property_string(fdt, "enable-method", "psci");
		err |= fdt_property_u32(fdt, "reg", affinity);
		err |= fdt_end_node(fdt);
	}
	return err | fdt_end_node(fdt);
}

static int write_psci(void *fdt)
{
	static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
	int err = fdt_begin_node(fdt, "psci");

	err |= fdt_property(fdt, "compatible", compatible, sizeof(compatible));
	err |= fdt_property_string(fdt, "method", "hvc");
	return err | fdt_end_node(fdt);
}

static int write_memory(void *fdt, const struct domain *domain)
{
	char name[32];
	int err;

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)GUEST_RAM_BASE);
	err = fdt_begin_node(fdt, name);
	err |= fdt_property_string(fdt, "device_type", "memory");
	err |= property_reg2(fdt, GUEST_RAM_BASE, domain->memory_kib * KIB);
	return err | fdt_end_node(fdt);
}

/* The GICv3: distributor, then one redistributor frame pair per vCPU. */
static int write_gic(void *fdt, const struct domain *domain)
{
	uint64_t gicr_size = domain->vcpu_count * GUEST_GICR_STRIDE;
	uint32_t reg[8] = {
		(uint32_t)(GUEST_GICD_BASE >> 32), (uint32_t)GUEST_GICD_BASE,
		(uint32_t)(GUEST_GICD_SIZE >> 32), (uint32_t)GUEST_GICD_SIZE,
		(uint32_t)(GUEST_GICR_BASE >> 32), (uint32_t)GUEST_GICR_BASE,
		(uint32_t)(gicr_size >> 32),       (uint32_t)gicr_size,
	};
	char name[48];
	int err;

	snprintf(name, sizeof(name), "interrupt-controller@%llx",
		 (unsigned long long)GUEST_GICD_BASE);
	err = fdt_begin_node(fdt, name);
	err |= fdt_property_string(fdt, "compatible", "arm,gic-v3");
	err |= fdt_property_u32(fdt, "#interrupt-cells", 3);
	err |= fdt_property_u32(fdt, "#address-cells", 0);
	err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	err |= property_cells(fdt, "reg", reg, 8);
	err |= fdt_property_u32(fdt, "phandle", GIC_PHANDLE);
	return err | fdt_end_node(fdt);
}

static int write_timer(void *fdt)
{
	const uint32_t interrupts[12] = {
		DT_PPI, TIMER_SECURE_PHYS_INTID - PPI_FIRST_INTID, DT_PPI_FLAGS,
		DT_PPI, TIMER_PHYS_INTID - PPI_FIRST_INTID,        DT_PPI_FLAGS,
		DT_PPI, GUEST_VTIMER_PPI - PPI_FIRST_INTID,        DT_PPI_FLAGS,
		DT_PPI, TIMER_HYP_INTID - PPI_FIRST_INTID,         DT_PPI_FLAGS,
	};
	int err = fdt_begin_node(fdt, "timer");

	err |= fdt_property_string(fdt, "compatible", "arm,armv8-timer");
	err |= property_cells(fdt, "interrupts", interrupts, 12);
	return err | fdt_end_node(fdt);
}

/* What makes Linux see Xen: version string first, the grant region and the upcall PPI. */
static int write_hypervisor(void *fdt)
{
	static const char compatible[] = "xen,xen-4.17\0xen,xen";
	const uint32_t interrupts[3] = { DT_PPI, GUEST_EVTCHN_PPI - PPI_FIRST_INTID, DT_PPI_FLAGS };
	int err = fdt_begin_node(fdt, "hypervisor");

	err |= fdt_property(fdt, "compatible", compatible, sizeof(compatible));
	err |= property_reg2(fdt, GUEST_GRANT_BASE, GUEST_GRANT_SIZE);
	err |= property_cells(fdt, "interrupts", interrupts, 3);
	return err | fdt_end_node(fdt);
}

/*
 * dma-ranges of the root for a domain with devices, one (device address,
 * CPU address, length) entry in the root's 2, 2 and 2 cells, saying that the
 * devices see the domain's RAM at the host address of its block. That block follows
 * the modules, whose places depend on the DTB's size, so it is chosen after
 * the DTB is built: the entry starts with host address 0 and
 * domain_dt_set_ram_pa() puts in the real one, of the same size.
 */
static void dma_ranges_cells(const struct domain *domain, fdt32_t cells[6])
{
	uint64_t size = domain->memory_kib * KIB;

	cells[0] = cpu_to_fdt32((uint32_t)(domain->ram_pa >> 32));
	cells[1] = cpu_to_fdt32((uint32_t)domain->ram_pa);
	cells[2] = cpu_to_fdt32((uint32_t)(GUEST_RAM_BASE >> 32));
	cells[3] = cpu_to_fdt32((uint32_t)GUEST_RAM_BASE);
	cells[4] = cpu_to_fdt32((uint32_t)(size >> 32));
	cells[5] = cpu_to_fdt32((uint32_t)size);
}

static int write_dma_ranges(void *fdt, const struct domain *domain)
{
	fdt32_t cells[6];

	if (!domain->devices) {
		return 0;
	}
	dma_ranges_cells(domain, cells);
	return fdt_property(fdt, "dma-ranges", cells, sizeof(cells));
}

static int write_tree(void *fdt, const struct domain *domain, const void *machine)
{
	static const char compatible[] = "xen,xenvm-4.17\0xen,xenvm";
	char model[96];
	int err = fdt_finish_reservemap(fdt);

	snprintf(model, sizeof(model), "Tessera domain %s", domain->name);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_u32(fdt, "#address-cells", 2);
	err |= fdt_property_u32(fdt, "#size-cells", 2);
	err |= fdt_property(fdt, "compatible", compatible, sizeof(compatible));
	err |= fdt_property_string(fdt, "model", model);
	err |= fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE);
	err |= write_dma_ranges(fdt, domain);
	err |= write_chosen(fdt, domain);
	err |= write_cpus(fdt, domain);
	err |= write_psci(fdt);
	err |= write_memory(fdt, domain);
	err |= write_gic(fdt, domain);
	err |= write_timer(fdt);
	err |= write_hypervisor(fdt);
	err |= devices_dt_write(fdt, domain, machine, GIC_PHANDLE);
	err |= fdt_end_node(fdt);
	return err | fdt_finish(fdt);
}

/* A device passed through keeps its machine name: it must not take one the tree has already. */
static int check_unique_names(const void *fdt, const struct domain *domain)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		int other;

		fdt_for_each_subnode(other, fdt, 0) {
			if (other < node && strcmp(name, fdt_get_name(fdt, other, NULL)) == 0) {
				pack_error("domain %s: its DTB would have two nodes named /%s",
					   domain->name, name);
				return -1;
			}
		}
	}
	return 0;
}

/**
 * Build the domain's DTB (boot/README.md "The domain DTB") into
 * domain->dtb_blob and set domain->dtb.size and .span. Needs the ramdisk's
 * placement and, for the devices passed through, the machine DTB that
 * devices_check() resolved them in. Returns 0 or -1 after printing why.
 */
int domain_dt_build(struct domain *domain, const void *machine)
{
	size_t capacity = 16 * KIB + (domain->bootargs ? strlen(domain->bootargs) : 0) +
			  domain->vcpu_count * 128u + devices_dt_size(domain, machine);
	void *fdt = malloc(capacity);

	if (!fdt) {
		pack_error("out of memory");
		return -1;
	}
	if (fdt_create(fdt, (int)capacity) != 0 || write_tree(fdt, domain, machine) != 0) {
		pack_error("domain %s: cannot build its DTB", domain->name);
		free(fdt);
		return -1;
	}
	if (check_unique_names(fdt, domain) < 0) {
		free(fdt);
		return -1;
	}
	if (fdt_totalsize(fdt) > DOMAIN_DTB_MAX) {
		pack_error("domain %s: its DTB is larger than 2 MiB", domain->name);
		free(fdt);
		return -1;
	}
	domain->dtb_blob = fdt;
	domain->dtb.size = fdt_totalsize(fdt);
	domain->dtb.span = domain->dtb.size;
	return 0;
}

/**
 * Put domain->ram_pa, the host address of the RAM block of a domain with
 * devices, into the dma-ranges of its built DTB (the size stays the same).
 * Does nothing for a domain without devices. Returns 0 or -1 after printing why.
 */
int domain_dt_set_ram_pa(struct domain *domain)
{
	fdt32_t cells[6];
	int err;

	if (!domain->devices) {
		return 0;
	}
	dma_ranges_cells(domain, cells);
	err = fdt_setprop_inplace(domain->dtb_blob, 0, "dma-ranges", cells, sizeof(cells));
	if (err != 0) {
		pack_error("domain %s: cannot set dma-ranges in its DTB: %s", domain->name,
			   fdt_strerror(err));
		return -1;
	}
	return 0;
}
