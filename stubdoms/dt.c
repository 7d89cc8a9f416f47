// SPDX-License-Identifier: MIT
/* Reading the domain's device tree through libfdt. */
#include <libfdt.h>
#include <libos/dt.h>
#include <stdbool.h>
#include <string.h>

static const void *dt_fdt;

int dt_init(const void *fdt)
{
	int rc;

	if (fdt == NULL) {
		return -FDT_ERR_BADMAGIC;
	}
	rc = fdt_check_header(fdt);
	if (rc == 0) {
		dt_fdt = fdt;
	}
	return rc;
}

const void *dt_blob(void)
{
	return dt_fdt;
}

const char *dt_bootargs(void)
{
	const char *args;
	int node;
	int len;

	if (dt_fdt == NULL) {
		return NULL;
	}
	node = fdt_path_offset(dt_fdt, "/chosen");
	if (node < 0) {
		return NULL;
	}
	args = fdt_getprop(dt_fdt, node, "bootargs", &len);
	if (args == NULL || len <= 0 || memchr(args, '\0', (size_t)len) == NULL) {
		return NULL;
	}
	return args;
}

int dt_cpu_count(void)
{
	int count = 0;
	int cpus;
	int node;

	if (dt_fdt == NULL) {
		return -FDT_ERR_BADMAGIC;
	}
	cpus = fdt_path_offset(dt_fdt, "/cpus");
	if (cpus < 0) {
		return cpus;
	}
	fdt_for_each_subnode(node, dt_fdt, cpus) {
		const char *name = fdt_get_name(dt_fdt, node, NULL);

		if (name != NULL && strncmp(name, "cpu@", 4) == 0) {
			count++;
		}
	}
	return count;
}

/* Read a cells-long big-endian number at *cell and advance past it; cells is 1 or 2. */
static uint64_t dt_read_cells(const fdt32_t **cell, int cells)
{
	uint64_t value = 0;

	for (int i = 0; i < cells; i++) {
		value = value << 32 | fdt32_to_cpu(**cell);
		(*cell)++;
	}
	return value;
}

int dt_memory(uint64_t *base, uint64_t *size)
{
	const fdt32_t *reg;
	int address_cells;
	int size_cells;
	int node;
	int len;

	if (dt_fdt == NULL) {
		return -FDT_ERR_BADMAGIC;
	}
	address_cells = fdt_address_cells(dt_fdt, 0);
	size_cells = fdt_size_cells(dt_fdt, 0);
	if (address_cells < 1 || address_cells > 2 || size_cells < 1 || size_cells > 2) {
		return -FDT_ERR_BADNCELLS;
	}
	/* "/memory" finds memory@<address> too: libfdt ignores a unit address the path lacks. */
	node = fdt_path_offset(dt_fdt, "/memory");
	if (node < 0) {
		return node;
	}
	reg = fdt_getprop(dt_fdt, node, "reg", &len);
	if (reg == NULL) {
		return len;
	}
	if (len < (address_cells + size_cells) * (int)sizeof(fdt32_t)) {
		return -FDT_ERR_BADVALUE;
	}
	*base = dt_read_cells(&reg, address_cells);
	*size = dt_read_cells(&reg, size_cells);
	return 0;
}

/* A /chosen property of one or two cells, as Linux accepts linux,initrd-start and -end. */
static int dt_chosen_number(int chosen, const char *name, uint64_t *value)
{
	const fdt32_t *cells;
	int len;

	cells = fdt_getprop(dt_fdt, chosen, name, &len);
	if (cells == NULL) {
		return len;
	}
	if (len != (int)sizeof(fdt32_t) && len != 2 * (int)sizeof(fdt32_t)) {
		return -FDT_ERR_BADVALUE;
	}
	*value = dt_read_cells(&cells, len / (int)sizeof(fdt32_t));
	return 0;
}

/* Whether [start, end) and the device tree blob share a byte. */
static bool dt_overlaps_blob(uint64_t start, uint64_t end)
{
	uint64_t blob = (uintptr_t)dt_fdt;

	return start < blob + fdt_totalsize(dt_fdt) && blob < end;
}

int dt_initrd(uint64_t *start, uint64_t *end)
{
	uint64_t ram_base, ram_size, first, last;
	int chosen;
	int rc;

	if (dt_fdt == NULL) {
		return -FDT_ERR_BADMAGIC;
	}
	chosen = fdt_path_offset(dt_fdt, "/chosen");
	if (chosen < 0) {
		return chosen;
	}
	rc = dt_chosen_number(chosen, "linux,initrd-start", &first);
	if (rc != 0) {
		return rc;
	}
	/* A start without an end is a broken tree, not an absent initrd. */
	rc = dt_chosen_number(chosen, "linux,initrd-end", &last);
	if (rc != 0) {
		return rc == -FDT_ERR_NOTFOUND ? -FDT_ERR_BADVALUE : rc;
	}
	rc = dt_memory(&ram_base, &ram_size);
	if (rc != 0) {
		return rc;
	}
	/* In this order, nothing wraps: last > first >= ram_base. */
	if (last <= first || first < ram_base || last - ram_base > ram_size ||
	    dt_overlaps_blob(first, last)) {
		return -FDT_ERR_BADVALUE;
	}
	*start = first;
	*end = last;
	return 0;
}
