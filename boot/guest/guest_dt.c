/* SPDX-License-Identifier: MIT */
/* The device tree a domain starts with, written with libfdt from a plain description. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "guest_dt.h"
#include "guest_place.h"

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

/* The tree's fixed part with room to spare, and what each vCPU's node adds at most. */
#define DT_FIXED_BYTES 0x4000u
#define DT_VCPU_BYTES 128u

#define PAGE_BYTES 0x1000ull

/* Extended regions: above the RAM range to the top of stage 2, 2 MiB aligned, none smaller
 * than 64 MiB (Xen's bounds). */
#define EXT_BASE (GUEST_RAM_BASE + GUEST_RAM_MAX)
#define EXT_END (1ull << GUEST_IPA_BITS)
#define EXT_ALIGN 0x200000ull
#define EXT_MIN 0x4000000ull

static int property_cells(void *fdt, const char *name, const uint32_t *cells, unsigned int count)
{
	fdt32_t be[12];

	for (unsigned int i = 0; i < count; i++) {
		be[i] = cpu_to_fdt32(cells[i]);
	}
	return fdt_property(fdt, name, be, (int)(count * sizeof(be[0])));
}

/* libfdt's fdt_property_string() passes a size_t as int; every string here is short. */
static int property_string(void *fdt, const char *name, const char *value)
{
	return fdt_property(fdt, name, value, (int)strlen(value) + 1);
}

/* A reg entry of two address and two size cells. */
static int property_reg2(void *fdt, uint64_t address, uint64_t size)
{
	uint32_t cells[4] = { (uint32_t)(address >> 32), (uint32_t)address, (uint32_t)(size >> 32),
			      (uint32_t)size };

	return property_cells(fdt, "reg", cells, 4);
}

static int write_chosen(void *fdt, const struct guest_dt_config *config)
{
	int err = fdt_begin_node(fdt, "chosen");

	if (config->bootargs) {
		err |= property_string(fdt, "bootargs", config->bootargs);
	}
	if (config->initrd_size != 0) {
		/* The end is exclusive. */
		err |= fdt_property_u64(fdt, "linux,initrd-start", config->initrd_ipa);
		err |= fdt_property_u64(fdt, "linux,initrd-end",
					config->initrd_ipa + config->initrd_size);
	}
	return err | fdt_end_node(fdt);
}

/* One cpu node a vCPU; reg is the affinity its MPIDR reads (equal to the vCPU id below 16). */
static int write_cpus(void *fdt, const struct guest_dt_config *config)
{
	int err = fdt_begin_node(fdt, "cpus");

	err |= fdt_property_u32(fdt, "#address-cells", 1);
	err |= fdt_property_u32(fdt, "#size-cells", 0);
	for (uint32_t i = 0; i < config->vcpu_count; i++) {
		uint32_t affinity = (uint32_t)(GUEST_MPIDR(i) & 0xFFFFFFull);
		char name[24];

		snprintf(name, sizeof(name), "cpu@%x", (unsigned int)affinity);
		err |= fdt_begin_node(fdt, name);
		err |= property_string(fdt, "device_type", "cpu");
		err |= property_string(fdt, "compatible", "arm,armv8");
		err |= property_string(fdt, "enable-method", "psci");
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
	err |= property_string(fdt, "method", "hvc");
	return err | fdt_end_node(fdt);
}

static int write_memory(void *fdt, const struct guest_dt_config *config)
{
	char name[32];
	int err;

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)GUEST_RAM_BASE);
	err = fdt_begin_node(fdt, name);
	err |= property_string(fdt, "device_type", "memory");
	err |= property_reg2(fdt, GUEST_RAM_BASE, config->ram_bytes);
	return err | fdt_end_node(fdt);
}

/* The GICv3: distributor, then one redistributor frame pair per vCPU. */
static int write_gic(void *fdt, const struct guest_dt_config *config)
{
	uint64_t gicr_size = config->vcpu_count * GUEST_GICR_STRIDE;
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
	err |= property_string(fdt, "compatible", "arm,gic-v3");
	err |= fdt_property_u32(fdt, "#interrupt-cells", 3);
	err |= fdt_property_u32(fdt, "#address-cells", 0);
	err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	err |= property_cells(fdt, "reg", reg, 8);
	err |= fdt_property_u32(fdt, "phandle", GUEST_DT_GIC_PHANDLE);
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

	err |= property_string(fdt, "compatible", "arm,armv8-timer");
	err |= property_cells(fdt, "interrupts", interrupts, 12);
	return err | fdt_end_node(fdt);
}

/* Appends the reg entry [start, end) to cells at *count, if it is an extended region's size. */
static void add_region(uint64_t start, uint64_t end, fdt64_t *cells, unsigned int *count)
{
	start = (start + EXT_ALIGN - 1) & ~(EXT_ALIGN - 1);
	end &= ~(EXT_ALIGN - 1);
	if (end > start && end - start >= EXT_MIN) {
		cells[2 * *count] = cpu_to_fdt64(start);
		cells[2 * *count + 1] = cpu_to_fdt64(end - start);
		(*count)++;
	}
}

/*
 * The grant region, then the extended regions, as Xen gives them: the IPAs
 * from the top of the RAM range to the top of stage 2, but for devices passed
 * through. A guest grant-maps there instead of giving up RAM for the pages; the
 * core takes such a mapping anywhere nothing is, and types it so that no RAM
 * operation can reach it. Gaps go lowest first, between the devices in order.
 */
static int property_hypervisor_reg(void *fdt, const struct guest_dt_config *config)
{
	fdt64_t cells[2 * (GUEST_DT_MMIO_MAX + 2)];
	uint64_t from = EXT_BASE;
	unsigned int count = 0;

	cells[count * 2] = cpu_to_fdt64(GUEST_GRANT_BASE);
	cells[count * 2 + 1] = cpu_to_fdt64(GUEST_GRANT_SIZE);
	count++;
	for (;;) {
		const struct boot_desc_range *next = NULL;

		for (unsigned int i = 0; i < config->mmio_count; i++) {
			const struct boot_desc_range *r = &config->mmio[i];

			if (r->base + r->size > from && (!next || r->base < next->base)) {
				next = r;
			}
		}
		if (!next || next->base >= EXT_END) {
			break;
		}
		add_region(from, next->base, cells, &count);
		from = next->base + next->size;
	}
	add_region(from, EXT_END, cells, &count);
	return fdt_property(fdt, "reg", cells, (int)(count * 2 * sizeof(cells[0])));
}

/* What makes Linux see Xen: version string first, the grant and extended regions, the
 * upcall PPI. */
static int write_hypervisor(void *fdt, const struct guest_dt_config *config)
{
	static const char compatible[] = "xen,xen-4.17\0xen,xen";
	const uint32_t interrupts[3] = { DT_PPI, GUEST_EVTCHN_PPI - PPI_FIRST_INTID, DT_PPI_FLAGS };
	int err = fdt_begin_node(fdt, "hypervisor");

	err |= fdt_property(fdt, "compatible", compatible, sizeof(compatible));
	err |= property_hypervisor_reg(fdt, config);
	err |= property_cells(fdt, "interrupts", interrupts, 3);
	return err | fdt_end_node(fdt);
}

/*
 * dma-ranges of the root, one (device address, CPU address, length) entry in
 * the root's 2, 2 and 2 cells: devices see the domain's RAM at ram_pa.
 */
static void dma_ranges_cells(uint64_t ram_pa, uint64_t ram_bytes, fdt32_t cells[6])
{
	cells[0] = cpu_to_fdt32((uint32_t)(ram_pa >> 32));
	cells[1] = cpu_to_fdt32((uint32_t)ram_pa);
	cells[2] = cpu_to_fdt32((uint32_t)(GUEST_RAM_BASE >> 32));
	cells[3] = cpu_to_fdt32((uint32_t)GUEST_RAM_BASE);
	cells[4] = cpu_to_fdt32((uint32_t)(ram_bytes >> 32));
	cells[5] = cpu_to_fdt32((uint32_t)ram_bytes);
}

static int write_dma_ranges(void *fdt, const struct guest_dt_config *config)
{
	fdt32_t cells[6];

	if (!config->dma_ranges) {
		return 0;
	}
	dma_ranges_cells(config->ram_pa, config->ram_bytes, cells);
	return fdt_property(fdt, "dma-ranges", cells, sizeof(cells));
}

/* The root's own properties, then its children; *extra_err is what config->extra returned. */
static int write_tree(void *fdt, const struct guest_dt_config *config, int *extra_err)
{
	static const char compatible[] = "xen,xenvm-4.17\0xen,xenvm";
	char model[96];
	int err = fdt_finish_reservemap(fdt);

	snprintf(model, sizeof(model), "Tessera domain %s", config->name);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_u32(fdt, "#address-cells", 2);
	err |= fdt_property_u32(fdt, "#size-cells", 2);
	err |= fdt_property(fdt, "compatible", compatible, sizeof(compatible));
	err |= property_string(fdt, "model", model);
	err |= fdt_property_u32(fdt, "interrupt-parent", GUEST_DT_GIC_PHANDLE);
	err |= write_dma_ranges(fdt, config);
	err |= write_chosen(fdt, config);
	err |= write_cpus(fdt, config);
	err |= write_psci(fdt);
	err |= write_memory(fdt, config);
	err |= write_gic(fdt, config);
	err |= write_timer(fdt);
	err |= write_hypervisor(fdt, config);
	if (err == 0 && config->extra) {
		*extra_err = config->extra(fdt, config->extra_arg);
	}
	err |= fdt_end_node(fdt);
	return err | fdt_finish(fdt);
}

/* Every field in its range (guest_dt.h), so nothing written can wrap or run past a buffer. */
static int config_check(const struct guest_dt_config *config)
{
	size_t name_len = config->name ? strnlen(config->name, GUEST_DT_NAME_MAX + 1) : 0;

	if (name_len == 0 || name_len > GUEST_DT_NAME_MAX) {
		return -EINVAL;
	}
	if (config->vcpu_count == 0 || config->vcpu_count > GUEST_DT_VCPUS_MAX) {
		return -EINVAL;
	}
	if (config->ram_bytes == 0 || config->ram_bytes > GUEST_RAM_MAX ||
	    config->ram_bytes % PAGE_BYTES != 0) {
		return -EINVAL;
	}
	if (config->bootargs &&
	    strnlen(config->bootargs, GUEST_DT_BOOTARGS_MAX + 1) > GUEST_DT_BOOTARGS_MAX) {
		return -EINVAL;
	}
	if (config->initrd_ipa > UINT64_MAX - config->initrd_size) {
		return -EINVAL;
	}
	if (config->dma_ranges && config->ram_pa > UINT64_MAX - config->ram_bytes) {
		return -EINVAL;
	}
	if (config->mmio_count > GUEST_DT_MMIO_MAX || (config->mmio_count && !config->mmio)) {
		return -EINVAL;
	}
	for (unsigned int i = 0; i < config->mmio_count; i++) {
		if (config->mmio[i].size == 0 || config->mmio[i].base > EXT_END ||
		    config->mmio[i].size > EXT_END - config->mmio[i].base) {
			return -EINVAL;
		}
	}
	return 0;
}

size_t guest_dt_size_bound(const struct guest_dt_config *config)
{
	/* Bounded by what guest_dt_write() accepts, so a hostile count asks for no huge buffer. */
	uint32_t vcpus =
		config->vcpu_count < GUEST_DT_VCPUS_MAX ? config->vcpu_count : GUEST_DT_VCPUS_MAX;
	size_t bytes = DT_FIXED_BYTES + (size_t)vcpus * DT_VCPU_BYTES;

	if (config->bootargs) {
		bytes += strnlen(config->bootargs, GUEST_DT_BOOTARGS_MAX + 1);
	}
	if (config->extra) {
		bytes = config->extra_bytes > SIZE_MAX - bytes ? SIZE_MAX
							       : bytes + config->extra_bytes;
	}
	return bytes;
}

int guest_dt_write(const struct guest_dt_config *config, void *buf, size_t capacity)
{
	int extra_err = 0;
	int err = config_check(config);

	if (err != 0) {
		return err;
	}
	/* libfdt counts in int; a DTB this code accepts is far smaller anyway. */
	if (fdt_create(buf, capacity > INT_MAX ? INT_MAX : (int)capacity) != 0) {
		return -ENOSPC;
	}
	err = write_tree(buf, config, &extra_err);
	if (extra_err != 0) {
		return -EIO;
	}
	if (err != 0) {
		/* Sequential writes fail only for want of room once the config is checked. */
		return -ENOSPC;
	}
	if (fdt_totalsize(buf) > GUEST_DTB_MAX) {
		return -E2BIG;
	}
	return 0;
}

int guest_dt_set_dma_base(void *blob, uint64_t ram_pa, uint64_t ram_bytes)
{
	fdt32_t cells[6];

	if (ram_pa > UINT64_MAX - ram_bytes) {
		return -EINVAL;
	}
	dma_ranges_cells(ram_pa, ram_bytes, cells);
	return fdt_setprop_inplace(blob, 0, "dma-ranges", cells, sizeof(cells)) == 0 ? 0 : -EINVAL;
}
