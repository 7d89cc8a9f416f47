/* SPDX-License-Identifier: MIT */
/* tessera-pack: machine devices passed through to a domain (tessera,devices). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "pack.h"

/*
 * The core maps each reg range of a named device, rounded out to whole
 * 4 KiB pages, into the domain at IPA == PA, and routes the device's SPIs to
 * it: the boot description lists those ranges and INTIDs. What is checked
 * here it range-checks again; here the mistake gets a message naming the
 * boot config's words.
 */
#define DEVICE_PAGE_SIZE (4 * KIB)

/* The GIC binding's interrupt specifier: <type number flags>, type 0 for an SPI. */
#define GIC_INTERRUPT_CELLS 3
#define DT_SPI 0
#define SPI_FIRST_INTID 32u

/* What the machine keeps for the core, found once. */
struct machine_info {
	const void *fdt;
	int address_cells; /* the root's: every device passed through is one of its children */
	int size_cells;
	int gic;     /* node offset of the interrupt controller at the root, or -1 */
	int console; /* node offset of the UART /chosen/stdout-path names, or -1 */
};

/*
 * Properties that hold host phandles (or only make sense beside ones that
 * do): dropped from the copy in the domain's DTB, where those nodes do not
 * exist. interrupt-parent is written anew, pointing at the domain's GIC.
 */
static const char *const host_reference_properties[] = {
	"phandle",
	"linux,phandle",
	"interrupt-parent",
	"interrupt-map",
	"interrupt-map-mask",
	"clocks",
	"clock-names",
	"assigned-clocks",
	"assigned-clock-parents",
	"assigned-clock-rates",
	"resets",
	"reset-names",
	"power-domains",
	"power-domain-names",
	"dmas",
	"dma-names",
	"iommus",
	"iommu-map",
	"iommu-map-mask",
	"msi-parent",
	"msi-map",
	"msi-map-mask",
	"phys",
	"phy-names",
	"memory-region",
	"memory-region-names",
	"nvmem-cells",
	"nvmem-cell-names",
	"gpios",
	"pinctrl-names",
};

static bool ends_with(const char *name, const char *suffix)
{
	size_t length = strlen(name);
	size_t suffix_length = strlen(suffix);

	return length >= suffix_length && strcmp(name + length - suffix_length, suffix) == 0;
}

static bool is_host_reference(const char *name)
{
	for (size_t i = 0;
	     i < sizeof(host_reference_properties) / sizeof(host_reference_properties[0]); i++) {
		if (strcmp(name, host_reference_properties[i]) == 0) {
			return true;
		}
	}
	return strncmp(name, "pinctrl-", 8) == 0 || ends_with(name, "-gpios") ||
	       ends_with(name, "-gpio") || ends_with(name, "-supply");
}

/* Entry index of node's reg, in the root's cells. Returns false past the last entry. */
static bool reg_entry(const struct machine_info *m, int node, int index, uint64_t *base,
		      uint64_t *size)
{
	int length;
	const uint32_t *reg = fdt_getprop(m->fdt, node, "reg", &length);
	int cells = m->address_cells + m->size_cells;

	if (!reg || (index + 1) * cells * 4 > length) {
		return false;
	}
	*base = get_cells(reg + index * cells, m->address_cells);
	*size = get_cells(reg + index * cells + m->address_cells, m->size_cells);
	return true;
}

/*
 * Whether the whole pages under [a, a + a_size) and [b, b + b_size) share
 * one; if so, *page is the first they share. A range that would wrap ends at
 * the top of the address space.
 */
static bool pages_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size, uint64_t *page)
{
	uint64_t a_start = a & ~(DEVICE_PAGE_SIZE - 1);
	uint64_t b_start = b & ~(DEVICE_PAGE_SIZE - 1);
	uint64_t a_end = a + a_size < a ? UINT64_MAX : a + a_size;
	uint64_t b_end = b + b_size < b ? UINT64_MAX : b + b_size;

	if (a_size == 0 || b_size == 0 || a_start >= b_end || b_start >= a_end) {
		return false;
	}
	*page = a_start > b_start ? a_start : b_start;
	return true;
}

/* Whether some page under node's reg is also under other's; *page is such a page. */
static bool nodes_share_page(const struct machine_info *m, int node, int other, uint64_t *page)
{
	uint64_t base;
	uint64_t size;

	for (int i = 0; reg_entry(m, node, i, &base, &size); i++) {
		uint64_t other_base;
		uint64_t other_size;

		for (int j = 0; reg_entry(m, other, j, &other_base, &other_size); j++) {
			if (pages_overlap(base, size, other_base, other_size, page)) {
				return true;
			}
		}
	}
	return false;
}

/* Whether node is ancestor or lies below it. */
static bool is_within(const void *fdt, int node, int ancestor)
{
	while (node > 0) {
		if (node == ancestor) {
			return true;
		}
		node = fdt_parent_offset(fdt, node);
	}
	return node == ancestor;
}

/* The phandle of the interrupt controller node's interrupts go to: its own or an ancestor's. */
static uint32_t interrupt_parent(const void *fdt, int node)
{
	while (node >= 0) {
		int length;
		const uint32_t *phandle = fdt_getprop(fdt, node, "interrupt-parent", &length);

		if (phandle && length == 4) {
			return fdt32_to_cpu(*phandle);
		}
		node = node == 0 ? -1 : fdt_parent_offset(fdt, node);
	}
	return 0;
}

/* The GIC: the root's interrupt-parent, else the first arm,gic-v3 node; -1 without one. */
static int find_gic(const void *fdt)
{
	uint32_t phandle = interrupt_parent(fdt, 0);
	int node = phandle != 0 ? fdt_node_offset_by_phandle(fdt, phandle) : -1;

	if (node < 0) {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	}
	return node < 0 ? -1 : node;
}

/* The node /chosen/stdout-path names (a path or an alias, before any ":options"); -1 if none. */
static int find_console(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int length;
	const char *path = chosen < 0 ? NULL : fdt_getprop(fdt, chosen, "stdout-path", &length);
	const char *end;
	int node;

	if (!path || length < 2 || path[length - 1] != '\0') {
		return -1;
	}
	end = strchr(path, ':');
	node = fdt_path_offset_namelen(fdt, path, end ? (int)(end - path) : (int)strlen(path));
	return node < 0 ? -1 : node;
}

static int machine_info_init(struct machine_info *m, const void *machine)
{
	m->fdt = machine;
	m->address_cells = fdt_address_cells(machine, 0);
	m->size_cells = fdt_size_cells(machine, 0);
	if (m->address_cells < 1 || m->address_cells > 2 || m->size_cells < 1 ||
	    m->size_cells > 2) {
		pack_error("machine DTB: unsupported root #address-cells/#size-cells");
		return -1;
	}
	m->gic = find_gic(machine);
	m->console = find_console(machine);
	return 0;
}

/* Every range of reg non-empty, not wrapping and inside the IPA space, where it is mapped 1:1. */
static int check_reg(const struct machine_info *m, const char *domain, const char *path, int node)
{
	int length;
	int entry_bytes = (m->address_cells + m->size_cells) * 4;
	uint64_t base;
	uint64_t size;

	if (!fdt_getprop(m->fdt, node, "reg", &length) || length == 0) {
		pack_error("domain %s: device %s has no reg: nothing to map", domain, path);
		return -1;
	}
	if (length % entry_bytes != 0) {
		pack_error("domain %s: device %s: reg is not a list of (address, size) pairs",
			   domain, path);
		return -1;
	}
	for (int i = 0; reg_entry(m, node, i, &base, &size); i++) {
		if (size == 0 || base + size < base || base + size > (1ull << GUEST_IPA_BITS)) {
			pack_error("domain %s: device %s: reg range 0x%llx+0x%llx is empty or lies "
				   "beyond the %d-bit IPA space",
				   domain, path, (unsigned long long)base, (unsigned long long)size,
				   GUEST_IPA_BITS);
			return -1;
		}
	}
	return 0;
}

/* The device's pages must not take in RAM, the GIC or the console UART. */
static int check_reserved_pages(const struct machine_info *m, const char *domain, const char *path,
				int node)
{
	int other;
	uint64_t page;

	if (m->gic >= 0 && nodes_share_page(m, node, m->gic, &page)) {
		pack_error("domain %s: device %s shares the page at 0x%llx with the GIC", domain,
			   path, (unsigned long long)page);
		return -1;
	}
	if (m->console >= 0 && nodes_share_page(m, node, m->console, &page)) {
		pack_error("domain %s: device %s shares the page at 0x%llx with the console UART",
			   domain, path, (unsigned long long)page);
		return -1;
	}
	fdt_for_each_subnode(other, m->fdt, 0) {
		const char *type = fdt_getprop(m->fdt, other, "device_type", NULL);

		if (type && strcmp(type, "memory") == 0 &&
		    nodes_share_page(m, node, other, &page)) {
			pack_error("domain %s: device %s: its page at 0x%llx is RAM", domain, path,
				   (unsigned long long)page);
			return -1;
		}
	}
	return 0;
}

/* interrupts, if any: GIC specifiers of SPIs, as the core routes only those. */
static int check_interrupts(const struct machine_info *m, const char *domain, const char *path,
			    int node)
{
	int length;
	const uint32_t *cells = fdt_getprop(m->fdt, node, "interrupts", &length);

	if (fdt_getprop(m->fdt, node, "interrupts-extended", NULL)) {
		pack_error("domain %s: device %s: interrupts-extended is not supported, only "
			   "interrupts",
			   domain, path);
		return -1;
	}
	if (!cells) {
		return 0;
	}
	if (m->gic < 0 ||
	    fdt_node_offset_by_phandle(m->fdt, interrupt_parent(m->fdt, node)) != m->gic) {
		pack_error("domain %s: device %s: its interrupts do not go to the GIC", domain,
			   path);
		return -1;
	}
	if (length == 0 || length % (GIC_INTERRUPT_CELLS * 4) != 0) {
		pack_error("domain %s: device %s: interrupts is not a list of 3-cell GIC "
			   "specifiers",
			   domain, path);
		return -1;
	}
	for (int i = 0; i < length / 4; i += GIC_INTERRUPT_CELLS) {
		uint32_t type = fdt32_to_cpu(cells[i]);
		uint32_t number = fdt32_to_cpu(cells[i + 1]);

		if (type != DT_SPI) {
			pack_error("domain %s: device %s: interrupt <%u %u 0x%x> is not an SPI",
				   domain, path, type, number, fdt32_to_cpu(cells[i + 2]));
			return -1;
		}
		/* The INTID stays the same in the domain, whose GIC ends at GUEST_SPI_LAST. */
		if (number > GUEST_SPI_LAST - SPI_FIRST_INTID) {
			pack_error("domain %s: device %s: SPI %u is INTID %u; a domain's GIC has "
				   "INTIDs up to %u",
				   domain, path, number, number + SPI_FIRST_INTID, GUEST_SPI_LAST);
			return -1;
		}
	}
	return 0;
}

/* Resolve one entry of tessera,devices and check it can be given away. Returns its node or -1. */
static int check_device(const struct machine_info *m, const char *domain, const char *path)
{
	char full[256] = "";
	int node;

	if (path[0] != '/') {
		pack_error("domain %s: device '%s': name it by its full path, from /", domain,
			   path);
		return -1;
	}
	node = fdt_path_offset(m->fdt, path);
	if (node < 0) {
		pack_error("domain %s: device %s: no such node in the machine DTB", domain, path);
		return -1;
	}
	/* libfdt lets "/uart" find "/uart@9000000": the core must see the one true name. */
	if (fdt_get_path(m->fdt, node, full, sizeof(full)) != 0 || strcmp(full, path) != 0) {
		pack_error("domain %s: device %s: name the node by its full path (%s?)", domain,
			   path, full);
		return -1;
	}
	if (m->gic >= 0 && is_within(m->fdt, node, m->gic)) {
		pack_error("domain %s: device %s is the GIC, which only the core drives", domain,
			   path);
		return -1;
	}
	if (node == m->console) {
		pack_error("domain %s: device %s is the console UART (/chosen/stdout-path), which "
			   "only the core drives",
			   domain, path);
		return -1;
	}
	if (fdt_parent_offset(m->fdt, node) != 0) {
		pack_error("domain %s: device %s: only children of the root node can be passed "
			   "through",
			   domain, path);
		return -1;
	}
	if (check_reg(m, domain, path, node) < 0 ||
	    check_reserved_pages(m, domain, path, node) < 0 ||
	    check_interrupts(m, domain, path, node) < 0) {
		return -1;
	}
	return node;
}

/* The device's reg entries, each rounded out to whole pages, as the domain's MMIO ranges. */
static int collect_mmio(const struct machine_info *m, struct domain *domain, const char *path,
			int node)
{
	uint64_t base;
	uint64_t size;

	for (int i = 0; reg_entry(m, node, i, &base, &size); i++) {
		uint64_t start = base & ~(DEVICE_PAGE_SIZE - 1);

		if (domain->mmio_count == BOOT_DESC_MMIO_MAX) {
			pack_error("domain %s: device %s: more than %u MMIO ranges in all; a boot "
				   "description gives a domain at most %u",
				   domain->name, path, BOOT_DESC_MMIO_MAX, BOOT_DESC_MMIO_MAX);
			return -1;
		}
		domain->mmio[domain->mmio_count].base = start;
		domain->mmio[domain->mmio_count].size =
			align_up(base + size, DEVICE_PAGE_SIZE) - start;
		domain->mmio_count++;
	}
	return 0;
}

/* The device's SPIs (checked by check_interrupts()) as INTIDs; none may repeat. */
static int collect_irqs(const struct machine_info *m, struct domain *domain, const char *path,
			int node)
{
	int length;
	const uint32_t *cells = fdt_getprop(m->fdt, node, "interrupts", &length);

	for (int i = 0; cells && i < length / 4; i += GIC_INTERRUPT_CELLS) {
		uint32_t intid = SPI_FIRST_INTID + fdt32_to_cpu(cells[i + 1]);

		for (unsigned int j = 0; j < domain->irq_count; j++) {
			if (domain->irqs[j] == intid) {
				pack_error("domain %s: device %s: SPI %u (INTID %u) is named twice "
					   "among its devices",
					   domain->name, path, intid - SPI_FIRST_INTID, intid);
				return -1;
			}
		}
		if (domain->irq_count == BOOT_DESC_IRQS_MAX) {
			pack_error("domain %s: device %s: more than %u SPIs in all; a boot "
				   "description gives a domain at most %u",
				   domain->name, path, BOOT_DESC_IRQS_MAX, BOOT_DESC_IRQS_MAX);
			return -1;
		}
		domain->irqs[domain->irq_count++] = intid;
	}
	return 0;
}

/* Resolve and check every device of one domain into domain->device_nodes, mmio and irqs. */
static int check_domain_devices(const struct machine_info *m, struct domain *domain)
{
	unsigned int count = 0;
	const char *path;

	for (int i = 0; i < domain->devices_len; i += (int)strlen(domain->devices + i) + 1) {
		count++;
	}
	domain->device_nodes = calloc(count, sizeof(*domain->device_nodes));
	if (!domain->device_nodes) {
		pack_error("out of memory");
		return -1;
	}
	path = domain->devices;
	for (unsigned int i = 0; i < count; i++, path += strlen(path) + 1) {
		int node = check_device(m, domain->name, path);

		if (node < 0) {
			return -1;
		}
		for (unsigned int j = 0; j < i; j++) {
			if (domain->device_nodes[j] == node) {
				pack_error("domain %s names device %s twice", domain->name, path);
				return -1;
			}
		}
		domain->device_nodes[i] = node;
		domain->device_count++;
		if (collect_mmio(m, domain, path, node) < 0 ||
		    collect_irqs(m, domain, path, node) < 0) {
			return -1;
		}
	}
	return 0;
}

/* An SPI goes to one domain only. */
static int check_irqs_between(const struct domain *a, const struct domain *b)
{
	for (unsigned int i = 0; i < a->irq_count; i++) {
		for (unsigned int j = 0; j < b->irq_count; j++) {
			if (a->irqs[i] == b->irqs[j]) {
				pack_error(
					"SPI %u (INTID %u) is named by devices of domains %s and "
					"%s",
					a->irqs[i] - SPI_FIRST_INTID, a->irqs[i], a->name, b->name);
				return -1;
			}
		}
	}
	return 0;
}

/* The full path of a machine node, for messages. */
static const char *node_path(const void *fdt, int node, char *buf, int size)
{
	return fdt_get_path(fdt, node, buf, size) == 0 ? buf : "?";
}

/* No device, and no page of one, may be given to two domains. */
static int check_between_domains(const struct machine_info *m, const struct domain *a,
				 const struct domain *b)
{
	for (unsigned int i = 0; i < a->device_count; i++) {
		for (unsigned int j = 0; j < b->device_count; j++) {
			char path_a[256];
			char path_b[256];
			uint64_t page;
			int node_a = a->device_nodes[i];
			int node_b = b->device_nodes[j];
			bool same = node_a == node_b;

			if (!same && !nodes_share_page(m, node_a, node_b, &page)) {
				continue;
			}
			node_path(m->fdt, node_a, path_a, sizeof(path_a));
			node_path(m->fdt, node_b, path_b, sizeof(path_b));
			if (same) {
				pack_error("device %s is named by domains %s and %s", path_a,
					   a->name, b->name);
			} else {
				pack_error("devices %s (domain %s) and %s (domain %s) share the "
					   "page at 0x%llx",
					   path_a, a->name, path_b, b->name,
					   (unsigned long long)page);
			}
			return -1;
		}
	}
	return 0;
}

/**
 * Check every domain's tessera,devices against the machine DTB (boot/README.md
 * "Devices"), filling in domain->device_nodes and device_count, and the MMIO
 * ranges and SPIs they give the domain (mmio, irqs), within the boot
 * description's limits. The machine
 * blob must stay unchanged while the offsets are used. Returns 0 or -1 after
 * printing why.
 */
int devices_check(struct boot_set *set, const void *machine)
{
	struct machine_info m;
	bool any = false;

	for (unsigned int i = 0; i < set->domain_count; i++) {
		any = any || set->domains[i].devices;
	}
	if (!any) {
		return 0;
	}
	if (machine_info_init(&m, machine) < 0) {
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		if (set->domains[i].devices && check_domain_devices(&m, &set->domains[i]) < 0) {
			return -1;
		}
		for (unsigned int j = 0; j < i; j++) {
			if (check_between_domains(&m, &set->domains[j], &set->domains[i]) < 0 ||
			    check_irqs_between(&set->domains[j], &set->domains[i]) < 0) {
				return -1;
			}
		}
	}
	return 0;
}

/** An upper bound on the bytes devices_dt_write() adds to the domain's DTB. */
size_t devices_dt_size(const struct domain *domain, const void *machine)
{
	size_t bytes = 0;

	for (unsigned int i = 0; i < domain->device_count; i++) {
		int node = domain->device_nodes[i];
		int prop;

		bytes += 64 + strlen(fdt_get_name(machine, node, NULL));
		fdt_for_each_property_offset(prop, machine, node) {
			const char *name;
			int length;

			fdt_getprop_by_offset(machine, prop, &name, &length);
			/* reg may grow from 1-cell to 2-cell numbers: twice its length at most. */
			bytes += 16 + 2 * (size_t)length + strlen(name) + 1;
		}
	}
	return bytes;
}

/* reg again, in the domain DT's two address and two size cells. */
static int write_reg(void *fdt, const struct machine_info *m, int node)
{
	uint64_t base;
	uint64_t size;
	int count = 0;
	fdt32_t *cells;
	int err;

	while (reg_entry(m, node, count, &base, &size)) {
		count++;
	}
	cells = malloc((size_t)count * 4 * sizeof(*cells));
	if (!cells) {
		return -FDT_ERR_NOSPACE;
	}
	for (int i = 0; reg_entry(m, node, i, &base, &size); i++) {
		cells[4 * i] = cpu_to_fdt32((uint32_t)(base >> 32));
		cells[4 * i + 1] = cpu_to_fdt32((uint32_t)base);
		cells[4 * i + 2] = cpu_to_fdt32((uint32_t)(size >> 32));
		cells[4 * i + 3] = cpu_to_fdt32((uint32_t)size);
	}
	err = fdt_property(fdt, "reg", cells, count * 4 * (int)sizeof(*cells));
	free(cells);
	return err;
}

/*
 * One machine device as a child of the domain DT's root, under its own name:
 * its properties as they are, but reg in the domain's cells, no references to
 * host nodes, and interrupt-parent the domain's GIC.
 */
static int write_device(void *fdt, const struct machine_info *m, int node, uint32_t gic_phandle)
{
	int err = fdt_begin_node(fdt, fdt_get_name(m->fdt, node, NULL));
	int prop;

	fdt_for_each_property_offset(prop, m->fdt, node) {
		const char *name;
		int length;
		const void *value = fdt_getprop_by_offset(m->fdt, prop, &name, &length);

		if (strcmp(name, "reg") == 0) {
			err |= write_reg(fdt, m, node);
		} else if (!is_host_reference(name)) {
			err |= fdt_property(fdt, name, value, length);
		}
	}
	if (fdt_getprop(m->fdt, node, "interrupts", NULL)) {
		err |= fdt_property_u32(fdt, "interrupt-parent", gic_phandle);
	}
	return err | fdt_end_node(fdt);
}

/**
 * Write a node for each of the domain's devices (checked by devices_check())
 * at the current place of fdt, which is being built with libfdt's sequential
 * write calls. Returns 0 or a libfdt error.
 */
int devices_dt_write(void *fdt, const struct domain *domain, const void *machine,
		     uint32_t gic_phandle)
{
	struct machine_info m = {
		.fdt = machine,
		.address_cells = fdt_address_cells(machine, 0),
		.size_cells = fdt_size_cells(machine, 0),
	};
	int err = 0;

	for (unsigned int i = 0; i < domain->device_count; i++) {
		err |= write_device(fdt, &m, domain->device_nodes[i], gic_phandle);
	}
	return err;
}
