// SPDX-License-Identifier: MIT
/*
 * Reading the machine from the boot DTB through libfdt, as any arm64 kernel
 * does: memory, the PL011, the GICv3, the CPUs, and where the boot
 * description module lies (boot_desc.c checks what it says). The
 * DTB comes from the boot loader, not from a guest, but a mistake in it must
 * still be reported, never followed blindly.
 */
#include <boot_info.h>
#include <errno.h>
#include <lib.h>
#include <libfdt.h>

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++) {
		v = (v << 32) | fdt32_to_cpu(p[i]);
	}
	return v;
}

/* Entry idx of a node's reg, using its parent's cell counts. */
static bool reg_entry(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent), len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || idx < 0 ||
	    (idx + 1) * (ac + sc) * 4 > len) {
		return false;
	}
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return true;
}

static int parse_memory(const void *fdt, struct boot_info *bi)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;

		if (!type || strcmp(type, "memory") != 0) {
			continue;
		}
		for (int i = 0; reg_entry(fdt, node, i, &base, &size); i++) {
			if (size && bi->ram_count < FRAME_BANKS_MAX) {
				bi->ram[bi->ram_count++] =
					(struct mem_range){ pa_make(base), size };
			}
		}
	}
	if (bi->ram_count == 0) {
		log_info("DTB: no memory node");
		return -EINVAL;
	}
	return 0;
}

static void parse_reserved(const void *fdt, struct boot_info *bi)
{
	int n = fdt_num_mem_rsv(fdt), node;
	uint64_t base, size;

	for (int i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0) {
			boot_reserve(bi, base, size);
		}
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, fdt, node) {
			if (reg_entry(fdt, child, 0, &base, &size)) {
				boot_reserve(bi, base, size);
			}
		}
	}
}

static int parse_devices(const void *fdt, struct boot_info *bi)
{
	uint64_t base, size;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");

	if (node < 0 || !reg_entry(fdt, node, 0, &base, &size)) {
		log_info("DTB: no PL011");
		return -EINVAL;
	}
	bi->uart = pa_make(base);
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node < 0 || !reg_entry(fdt, node, 0, &base, &size)) {
		log_info("DTB: no GICv3");
		return -EINVAL;
	}
	bi->gicd = (struct mem_range){ pa_make(base), size };
	if (!reg_entry(fdt, node, 1, &base, &size)) {
		log_info("DTB: GICv3 without redistributors");
		return -EINVAL;
	}
	bi->gicr = (struct mem_range){ pa_make(base), size };
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031");
	if (node >= 0 && reg_entry(fdt, node, 0, &base, &size)) {
		bi->rtc = pa_make(base);
	}
	return 0;
}

static int parse_cpus(const void *fdt, struct boot_info *bi)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t mpidr, unused;

		if (!type || strcmp(type, "cpu") != 0 ||
		    !reg_entry(fdt, node, 0, &mpidr, &unused)) {
			continue;
		}
		if (bi->cpu_count == BOOT_CPUS_MAX) {
			log_info("DTB: more than %u CPUs, using the first %u", BOOT_CPUS_MAX,
				 BOOT_CPUS_MAX);
			break;
		}
		bi->cpu_mpidr[bi->cpu_count++] = mpidr;
	}
	if (bi->cpu_count == 0) {
		log_info("DTB: no CPUs");
		return -EINVAL;
	}
	return 0;
}

/* The boot description's module: /chosen/module@ADDR with its compatible. */
static int find_description(const void *fdt, struct boot_info *bi)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	uint64_t base, size;

	fdt_for_each_subnode(node, fdt, chosen) {
		if (fdt_node_check_compatible(fdt, node, BOOT_DESC_COMPATIBLE) != 0) {
			continue;
		}
		if (bi->desc.size) {
			log_info("DTB: more than one boot description");
			return -EINVAL;
		}
		if (!reg_entry(fdt, node, 0, &base, &size) || size == 0 ||
		    !boot_ram_holds(bi, base, size)) {
			log_info("DTB: the boot description module lies outside RAM");
			return -EINVAL;
		}
		bi->desc = (struct mem_range){ pa_make(base), size };
	}
	return bi->desc.size && !boot_reserve(bi, bi->desc.base.pa, bi->desc.size) ? -EINVAL : 0;
}

int dt_parse(const void *fdt, struct boot_info *bi)
{
	int err;

	memset(bi, 0, sizeof(*bi));
	if (fdt_check_header(fdt) != 0) {
		log_info("DTB: bad header");
		return -EINVAL;
	}
	err = parse_memory(fdt, bi);
	if (!err) {
		err = parse_devices(fdt, bi);
	}
	if (!err) {
		err = parse_cpus(fdt, bi);
	}
	if (err) {
		return err;
	}
	parse_reserved(fdt, bi);
	return find_description(fdt, bi);
}
