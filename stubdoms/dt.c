// SPDX-License-Identifier: MIT
/* Reading the domain's device tree through libfdt. */
#include <libfdt.h>
#include <libos/dt.h>
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
