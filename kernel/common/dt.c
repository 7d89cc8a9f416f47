// SPDX-License-Identifier: MIT
/*
 * Reading the boot DTB through libfdt: memory, the PL011, the GICv3, the
 * CPUs, the PSCI conduit, and the boot-time domains in Xen's dom0less form
 * (boot/README.md). The DTB comes from the boot loader, not from a guest,
 * but a mistake in it must still be reported, never followed blindly.
 */
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
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

static bool u64_prop(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8)) {
		return false;
	}
	*out = read_cells(p, len / 4);
	return true;
}

static bool u32_prop(const void *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4) {
		return false;
	}
	*out = fdt32_to_cpu(*p);
	return true;
}

static bool add_reserved(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (size == 0) {
		return true;
	}
	if (bi->reserved_count == BOOT_RESERVED_MAX) {
		log_info("DTB: more than %u reserved ranges", BOOT_RESERVED_MAX);
		return false;
	}
	bi->reserved[bi->reserved_count++] = (struct mem_range){ pa_make(base), size };
	return true;
}

static bool in_ram(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->ram_count; i++) {
		if (range_inside(base, size, bi->ram[i].base.pa, bi->ram[i].size)) {
			return true;
		}
	}
	return false;
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
			add_reserved(bi, base, size);
		}
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, fdt, node) {
			if (reg_entry(fdt, child, 0, &base, &size)) {
				add_reserved(bi, base, size);
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
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;
	const char *method;

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
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	method = node >= 0 ? fdt_getprop(fdt, node, "method", &len) : NULL;
	bi->psci = method && strcmp(method, "hvc") == 0 ? PSCI_CONDUIT_HVC : PSCI_CONDUIT_SMC;
	return 0;
}

static uint32_t right_bit(const char *name)
{
	static const char *const names[] = { "console", "xenstore", "toolstack", "devemu",
					     "driver" };

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(name, names[i]) == 0) {
			return 1u << i;
		}
	}
	return 0;
}

static int parse_rights(const void *fdt, int node, struct boot_domain *bd)
{
	int len, pos = 0;
	const char *list = fdt_getprop(fdt, node, "tessera,rights", &len);

	while (list && pos < len) {
		const char *name = list + pos;
		size_t n = strnlen(name, (size_t)(len - pos));
		uint32_t bit;

		if (n == (size_t)(len - pos)) {
			log_info("domain %s: tessera,rights is not a string list", bd->name);
			return -EINVAL;
		}
		bit = right_bit(name);
		if (!bit) {
			log_info("domain %s: unknown right \"%s\"", bd->name, name);
			return -EINVAL;
		}
		bd->rights |= bit;
		pos += (int)n + 1;
	}
	return 0;
}

/* tessera,weight, tessera,cap, tessera,cpus-allowed: how the domain is scheduled. */
static int parse_sched(const void *fdt, int node, struct boot_domain *bd)
{
	uint32_t weight = 256, cap = 0;
	int len;
	const fdt32_t *cpus = fdt_getprop(fdt, node, "tessera,cpus-allowed", &len);

	if (fdt_getprop(fdt, node, "tessera,weight", NULL) &&
	    (!u32_prop(fdt, node, "tessera,weight", &weight) || weight == 0 || weight > 65535)) {
		log_info("domain %s: tessera,weight must be 1..65535", bd->name);
		return -EINVAL;
	}
	if (fdt_getprop(fdt, node, "tessera,cap", NULL) &&
	    (!u32_prop(fdt, node, "tessera,cap", &cap) || cap > 100 * bd->vcpu_count)) {
		log_info("domain %s: tessera,cap must be 0..%u (%% of one CPU)", bd->name,
			 100 * bd->vcpu_count);
		return -EINVAL;
	}
	bd->weight = weight;
	bd->cap = cap;
	bd->grant_frames = GRANT_FRAMES_DEFAULT;
	if (fdt_getprop(fdt, node, "tessera,grant-frames", NULL) &&
	    (!u32_prop(fdt, node, "tessera,grant-frames", &bd->grant_frames) ||
	     bd->grant_frames == 0 || bd->grant_frames > GRANT_FRAMES_MAX)) {
		log_info("domain %s: tessera,grant-frames must be 1..%u", bd->name,
			 GRANT_FRAMES_MAX);
		return -EINVAL;
	}
	bd->affinity = cpus ? 0 : ~0u;
	for (int i = 0; cpus && i < len / 4; i++) {
		uint32_t cpu = fdt32_to_cpu(cpus[i]);

		if (cpu >= BOOT_CPUS_MAX) {
			log_info("domain %s: tessera,cpus-allowed names CPU %u, beyond %u",
				 bd->name, cpu, BOOT_CPUS_MAX - 1);
			return -EINVAL;
		}
		bd->affinity |= 1u << cpu;
	}
	if (!bd->affinity) {
		log_info("domain %s: tessera,cpus-allowed is empty", bd->name);
		return -EINVAL;
	}
	return 0;
}

static int parse_module(const void *fdt, int node, struct boot_domain *bd, struct boot_info *bi)
{
	uint64_t base, size, load;
	struct boot_module *m;

	if (fdt_node_check_compatible(fdt, node, "multiboot,kernel") == 0) {
		m = &bd->kernel;
	} else if (fdt_node_check_compatible(fdt, node, "multiboot,ramdisk") == 0) {
		m = &bd->ramdisk;
	} else if (fdt_node_check_compatible(fdt, node, "tessera,domain-dtb") == 0) {
		m = &bd->dtb;
	} else {
		return 0; /* not ours: a module another consumer may want */
	}
	if (!reg_entry(fdt, node, 0, &base, &size) || size == 0 ||
	    !u64_prop(fdt, node, "tessera,load-ipa", &load)) {
		log_info("domain %s: module %s needs reg and tessera,load-ipa", bd->name,
			 fdt_get_name(fdt, node, NULL));
		return -EINVAL;
	}
	if (m->host.size) {
		log_info("domain %s: two modules of one kind", bd->name);
		return -EINVAL;
	}
	if (!in_ram(bi, base, size)) {
		log_info("domain %s: module %s lies outside RAM", bd->name,
			 fdt_get_name(fdt, node, NULL));
		return -EINVAL;
	}
	if (!range_inside(load, size, GUEST_RAM_BASE, bd->ram_bytes)) {
		log_info("domain %s: module %s does not fit in the domain's RAM", bd->name,
			 fdt_get_name(fdt, node, NULL));
		return -EINVAL;
	}
	*m = (struct boot_module){ { pa_make(base), size }, ipa_make(load) };
	return add_reserved(bi, base, size) ? 0 : -EINVAL;
}

static bool modules_overlap(const struct boot_domain *bd)
{
	const struct boot_module *m[] = { &bd->kernel, &bd->dtb, &bd->ramdisk };

	for (unsigned int i = 0; i < 3; i++) {
		for (unsigned int j = i + 1; j < 3; j++) {
			if (range_overlaps(m[i]->load.ipa, m[i]->host.size, m[j]->load.ipa,
					   m[j]->host.size)) {
				return true;
			}
		}
	}
	return false;
}

/* The interrupt controller a node's interrupts go to: its own or an ancestor's
 * interrupt-parent. */
static int interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (ph && len == 4) {
			return fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*ph));
		}
	}
	return -1;
}

static bool page_range_free(const struct boot_info *bi, const struct boot_domain *bd, uint64_t base,
			    uint64_t size)
{
	for (unsigned int i = 0; i < bi->ram_count; i++) {
		if (range_overlaps(base, size, bi->ram[i].base.pa, bi->ram[i].size)) {
			return false;
		}
	}
	if (range_overlaps(base, size, bi->uart.pa & PAGE_MASK, PAGE_SIZE) ||
	    range_overlaps(base, size, bi->gicd.base.pa, bi->gicd.size) ||
	    range_overlaps(base, size, bi->gicr.base.pa, bi->gicr.size)) {
		return false;
	}
	for (unsigned int d = 0; d < bi->domain_count; d++) { /* its own may share a page */
		const struct boot_domain *other = &bi->domains[d];

		for (unsigned int i = 0; i < other->mmio_count; i++) {
			if (range_overlaps(base, size, other->mmio[i].base.pa,
					   other->mmio[i].size)) {
				return false;
			}
		}
	}
	(void)bd;
	return true;
}

static int add_device_mmio(const void *fdt, int dev, const struct boot_info *bi,
			   struct boot_domain *bd)
{
	uint64_t base, size;

	for (int i = 0; reg_entry(fdt, dev, i, &base, &size); i++) {
		uint64_t lo = ALIGN_DOWN(base, PAGE_SIZE), hi = ALIGN_UP(base + size, PAGE_SIZE);

		if (size == 0 || base + size < base || hi < lo || hi > (1ull << 40)) {
			return -EINVAL;
		}
		if (!page_range_free(bi, bd, lo, hi - lo) || bd->mmio_count == DOMAIN_MMIO_MAX) {
			return -EBUSY;
		}
		bd->mmio[bd->mmio_count++] = (struct mem_range){ pa_make(lo), hi - lo };
	}
	return 0;
}

static bool irq_taken(const struct boot_info *bi, const struct boot_domain *bd, uint32_t intid)
{
	for (unsigned int d = 0; d <= bi->domain_count; d++) {
		const struct boot_domain *other = d < bi->domain_count ? &bi->domains[d] : bd;

		for (unsigned int i = 0; i < other->irq_count; i++) {
			if (other->irqs[i] == intid) {
				return true;
			}
		}
	}
	return false;
}

/* interrupts = <0 N flags>...: GIC SPIs, INTID 32 + N. */
static int add_device_irqs(const void *fdt, int dev, const struct boot_info *bi,
			   struct boot_domain *bd)
{
	int len, gic = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	const fdt32_t *cells = fdt_getprop(fdt, dev, "interrupts", &len);

	if (!cells) {
		return 0;
	}
	if (interrupt_parent(fdt, dev) != gic || len % 12) {
		return -EINVAL;
	}
	for (int i = 0; i < len / 12; i++) {
		uint32_t type = fdt32_to_cpu(cells[3 * i]), n = fdt32_to_cpu(cells[3 * i + 1]);

		if (type != 0 || n > GUEST_SPI_LAST - 32) {
			return -EINVAL;
		}
		if (irq_taken(bi, bd, n + 32) || bd->irq_count == DOMAIN_IRQS_MAX) {
			return -EBUSY;
		}
		bd->irqs[bd->irq_count++] = n + 32;
	}
	return 0;
}

/* tessera,devices: machine DT paths of devices the domain drives itself. */
static int parse_devices_passed(const void *fdt, int node, const struct boot_info *bi,
				struct boot_domain *bd)
{
	int len, pos = 0;
	const char *list = fdt_getprop(fdt, node, "tessera,devices", &len);

	while (list && pos < len) {
		const char *path = list + pos;
		size_t n = strnlen(path, (size_t)(len - pos));
		int dev, err;

		if (n == (size_t)(len - pos)) {
			log_info("domain %s: tessera,devices is not a string list", bd->name);
			return -EINVAL;
		}
		dev = fdt_path_offset(fdt, path);
		err = dev < 0 ? -ENOENT : add_device_mmio(fdt, dev, bi, bd);
		if (!err) {
			err = add_device_irqs(fdt, dev, bi, bd);
		}
		if (err) {
			log_info("domain %s: device %s %s", bd->name, path,
				 err == -ENOENT  ? "does not exist"
				 : err == -EBUSY ? "is taken, or too many devices"
						 : "cannot be passed through (reg or interrupts)");
			return -EINVAL;
		}
		pos += (int)n + 1;
	}
	return 0;
}

/* tessera,ram-pa: the host block the domain's RAM must be, so its devices' DMA
 * reaches it. Reserved here: the allocator never hands it to anyone else. */
static int parse_ram_pa(const void *fdt, int node, struct boot_info *bi, struct boot_domain *bd)
{
	uint64_t pa;

	if (!fdt_getprop(fdt, node, "tessera,ram-pa", NULL)) {
		return 0;
	}
	if (!u64_prop(fdt, node, "tessera,ram-pa", &pa) || (pa & (PAGE_SIZE - 1)) ||
	    !in_ram(bi, pa, bd->ram_bytes)) {
		log_info("domain %s: tessera,ram-pa must be a page-aligned block of RAM", bd->name);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		if (range_overlaps(pa, bd->ram_bytes, bi->reserved[i].base.pa,
				   bi->reserved[i].size)) {
			log_info("domain %s: tessera,ram-pa overlaps reserved memory", bd->name);
			return -EINVAL;
		}
	}
	bd->ram_pa = pa_make(pa);
	return add_reserved(bi, pa, bd->ram_bytes) ? 0 : -EINVAL;
}

static int parse_domain(const void *fdt, int node, struct boot_info *bi, struct boot_domain *bd)
{
	uint32_t vcpus, domid = 0;
	uint64_t kib;
	int child;

	memset(bd, 0, sizeof(*bd));
	strlcpy(bd->name, fdt_get_name(fdt, node, NULL), sizeof(bd->name));
	if (!u32_prop(fdt, node, "cpus", &vcpus) || vcpus == 0 || vcpus > DOMAIN_VCPUS_MAX) {
		log_info("domain %s: cpus must be 1..%u", bd->name, DOMAIN_VCPUS_MAX);
		return -EINVAL;
	}
	if (!u64_prop(fdt, node, "memory", &kib) || kib == 0 || kib % 4 ||
	    kib > (GUEST_RAM_MAX >> 10)) {
		log_info("domain %s: memory must be a multiple of 4 KiB, at most 3 GiB", bd->name);
		return -EINVAL;
	}
	if (u32_prop(fdt, node, "tessera,domid", &domid) && (domid == 0 || domid >= 0x7FF0)) {
		log_info("domain %s: tessera,domid must be 1..0x7fef", bd->name);
		return -EINVAL;
	}
	bd->vcpu_count = vcpus;
	bd->ram_bytes = kib << 10;
	bd->domid = (uint16_t)domid;
	if (parse_rights(fdt, node, bd) < 0 || parse_sched(fdt, node, bd) < 0 ||
	    parse_devices_passed(fdt, node, bi, bd) < 0 || parse_ram_pa(fdt, node, bi, bd) < 0) {
		return -EINVAL;
	}
	fdt_for_each_subnode(child, fdt, node) {
		if (parse_module(fdt, child, bd, bi) < 0) {
			return -EINVAL;
		}
	}
	if (!bd->kernel.host.size) {
		log_info("domain %s: no kernel module", bd->name);
		return -EINVAL;
	}
	if (modules_overlap(bd)) {
		log_info("domain %s: modules overlap in the domain's RAM", bd->name);
		return -EINVAL;
	}
	return 0;
}

static void parse_domains(const void *fdt, struct boot_info *bi)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;

	if (chosen < 0) {
		return;
	}
	fdt_for_each_subnode(node, fdt, chosen) {
		struct boot_domain *bd = &bi->domains[bi->domain_count];

		if (fdt_node_check_compatible(fdt, node, "xen,domain") != 0) {
			continue;
		}
		if (bi->domain_count == BOOT_DOMAINS_MAX) {
			log_info("more than %u boot domains: the rest are ignored",
				 BOOT_DOMAINS_MAX);
			return;
		}
		if (parse_domain(fdt, node, bi, bd) < 0) {
			log_info("domain %s: not started", bd->name);
			continue;
		}
		bi->domain_count++;
	}
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
	parse_domains(fdt, bi);
	return 0;
}
