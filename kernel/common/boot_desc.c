// SPDX-License-Identifier: MIT
/*
 * The boot description's checks. tessera-pack has checked the configuration
 * on the host, but the core trusts nothing it did not check itself: the
 * description is copied once and every field range-checked against the
 * machine and against the other domains before any domain is made. A single
 * failure refuses the whole description (boot_builder.c then starts nothing).
 */
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <boot_desc.h>
#include <errno.h>
#include <lib.h>

#define FAIL(...)                                           \
	({                                                  \
		log_info("boot description: " __VA_ARGS__); \
		false;                                      \
	})

/* CRC-32 of IEEE 802.3, bit by bit: run once at boot over a few KiB. */
static uint32_t crc32(const uint8_t *p, size_t len, size_t skip_at)
{
	uint32_t crc = 0xFFFFFFFFu;

	for (size_t i = 0; i < len; i++) {
		uint8_t byte = i - skip_at < 4 ? 0 : p[i]; /* the checksum field counts as 0 */

		crc ^= byte;
		for (int b = 0; b < 8; b++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
		}
	}
	return ~crc;
}

static bool header_valid(const struct boot_desc_header *h, uint64_t size)
{
	uint64_t want = sizeof(*h) + (uint64_t)h->domain_count * sizeof(struct boot_desc_domain);

	if (h->magic != BOOT_DESC_MAGIC) {
		return FAIL("magic %#x: not a boot description", h->magic);
	}
	if (h->version != BOOT_DESC_VERSION) {
		return FAIL("version %u: this core reads version %u", h->version,
			    BOOT_DESC_VERSION);
	}
	if (h->header_size != sizeof(*h) || h->record_size != sizeof(struct boot_desc_domain)) {
		return FAIL("header_size %u or record_size %u: expected %u and %u", h->header_size,
			    h->record_size, (unsigned int)sizeof(*h),
			    (unsigned int)sizeof(struct boot_desc_domain));
	}
	if (h->domain_count == 0 || h->domain_count > BOOT_DESC_DOMAINS_MAX) {
		return FAIL("domain_count %u: must be 1..%u", h->domain_count,
			    BOOT_DESC_DOMAINS_MAX);
	}
	if (h->total_size != want || h->total_size > size) {
		return FAIL("total_size %u: %u domains take %lu bytes, the module holds %lu",
			    h->total_size, h->domain_count, (unsigned long)want,
			    (unsigned long)size);
	}
	if (h->reserved) {
		return FAIL("reserved header field is not 0");
	}
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

static bool overlaps_reserved(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		if (range_overlaps(base, size, bi->reserved[i].base.pa, bi->reserved[i].size)) {
			return true;
		}
	}
	return false;
}

static bool name_valid(const char *name)
{
	size_t len = strnlen(name, BOOT_DESC_NAME_MAX);

	if (len == 0 || len == BOOT_DESC_NAME_MAX) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '+' || c == '-')) {
			return false;
		}
	}
	return true;
}

/* Fields of one record that need no other record and no machine. */
static bool basics_valid(const struct boot_desc_domain *r, unsigned int i)
{
	if (!name_valid(r->name)) {
		return FAIL("domain %u: name is not 1..%u of [A-Za-z0-9_.+-]", i,
			    BOOT_DESC_NAME_MAX - 1);
	}
	if (r->domid == 0 || r->domid >= DOMID_FIRST_RESERVED) {
		return FAIL("%s: domid %u is not 1..%#x", r->name, r->domid,
			    DOMID_FIRST_RESERVED - 1);
	}
	if (r->vcpu_count == 0 || r->vcpu_count > BOOT_DESC_VCPUS_MAX) {
		return FAIL("%s: vcpu_count %u is not 1..%u", r->name, r->vcpu_count,
			    BOOT_DESC_VCPUS_MAX);
	}
	if (r->rights & ~RIGHTS_ALL) {
		return FAIL("%s: rights %#x has unknown bits", r->name, r->rights);
	}
	if (r->ram_bytes == 0 || (r->ram_bytes & ~PAGE_MASK) || r->ram_bytes > GUEST_RAM_MAX) {
		return FAIL("%s: ram_bytes %#lx is not a page multiple up to %#llx", r->name,
			    (unsigned long)r->ram_bytes, GUEST_RAM_MAX);
	}
	if (r->weight == 0 || r->weight > 65535 || r->cap > 100u * r->vcpu_count) {
		return FAIL("%s: weight %u or cap %u out of range", r->name, r->weight, r->cap);
	}
	if (r->grant_frames == 0 || r->grant_frames > GRANT_FRAMES_MAX) {
		return FAIL("%s: grant_frames %u is not 1..%u", r->name, r->grant_frames,
			    GRANT_FRAMES_MAX);
	}
	if (r->on_poweroff > BOOT_DESC_ACTION_RESTART || r->on_reboot > BOOT_DESC_ACTION_RESTART ||
	    r->on_crash > BOOT_DESC_ACTION_RESTART || r->reserved0 || r->reserved1) {
		return FAIL("%s: an on_* action is unknown or a reserved field is not 0", r->name);
	}
	if (r->mmio_count > BOOT_DESC_MMIO_MAX || r->irq_count > BOOT_DESC_IRQS_MAX) {
		return FAIL("%s: mmio_count %u or irq_count %u over %u", r->name, r->mmio_count,
			    r->irq_count, BOOT_DESC_MMIO_MAX);
	}
	return true;
}

static bool module_valid(const struct boot_desc_domain *r, const struct boot_desc_module *m,
			 const char *what, const struct boot_info *bi)
{
	if (!m->host_pa && !m->size && !m->load_ipa) {
		return true; /* absent */
	}
	if (!m->size || !in_ram(bi, m->host_pa, m->size)) {
		return FAIL("%s: %s module at %#lx (%#lx bytes) is not in RAM", r->name, what,
			    (unsigned long)m->host_pa, (unsigned long)m->size);
	}
	if (overlaps_reserved(bi, m->host_pa, m->size)) {
		return FAIL("%s: %s module overlaps the core, its DTB or reserved memory", r->name,
			    what);
	}
	if (!range_inside(m->load_ipa, m->size, GUEST_RAM_BASE, r->ram_bytes)) {
		return FAIL("%s: %s module load_ipa %#lx does not fit the domain's RAM", r->name,
			    what, (unsigned long)m->load_ipa);
	}
	return true;
}

static bool modules_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	const struct boot_desc_module *m[] = { &r->kernel, &r->dtb, &r->ramdisk };
	static const char *const names[] = { "kernel", "dtb", "ramdisk" };

	if (!r->kernel.size) {
		return FAIL("%s: no kernel module", r->name);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(m); i++) {
		if (!module_valid(r, m[i], names[i], bi)) {
			return false;
		}
		for (unsigned int j = 0; j < i; j++) {
			if (range_overlaps(m[i]->load_ipa, m[i]->size, m[j]->load_ipa,
					   m[j]->size)) {
				return FAIL("%s: modules %s and %s overlap in the domain", r->name,
					    names[j], names[i]);
			}
		}
	}
	return true;
}

static bool ram_block_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	if (!r->ram_pa) {
		return true;
	}
	if ((r->ram_pa & ~PAGE_MASK) || !in_ram(bi, r->ram_pa, r->ram_bytes) ||
	    overlaps_reserved(bi, r->ram_pa, r->ram_bytes)) {
		return FAIL("%s: ram_pa %#lx is not a free page-aligned block of RAM", r->name,
			    (unsigned long)r->ram_pa);
	}
	return true;
}

static bool mmio_allowed(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->ram_count; i++) {
		if (range_overlaps(base, size, bi->ram[i].base.pa, bi->ram[i].size)) {
			return false;
		}
	}
	return !range_overlaps(base, size, bi->uart.pa & PAGE_MASK, PAGE_SIZE) &&
	       !range_overlaps(base, size, bi->gicd.base.pa, bi->gicd.size) &&
	       !range_overlaps(base, size, bi->gicr.base.pa, bi->gicr.size);
}

static bool devices_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < r->mmio_count; i++) {
		const struct boot_desc_range *m = &r->mmio[i];

		if (!m->size || ((m->base | m->size) & ~PAGE_MASK) ||
		    !range_inside(m->base, m->size, 0, 1ull << GUEST_IPA_BITS) ||
		    !mmio_allowed(bi, m->base, m->size)) {
			return FAIL(
				"%s: mmio %u (%#lx, %#lx bytes) is not a device range it may have",
				r->name, i, (unsigned long)m->base, (unsigned long)m->size);
		}
	}
	for (unsigned int i = 0; i < r->irq_count; i++) {
		if (r->irqs[i] < 32 || r->irqs[i] > GUEST_SPI_LAST) {
			return FAIL("%s: irq %u is not an SPI 32..%u", r->name, r->irqs[i],
				    GUEST_SPI_LAST);
		}
	}
	return true;
}

static bool holds(const struct boot_desc *d, uint16_t domid, uint32_t right, unsigned int self)
{
	for (unsigned int i = 0; i < d->count; i++) {
		if (i != self && d->domains[i].domid == domid && (d->domains[i].rights & right)) {
			return true;
		}
	}
	return false;
}

static bool shares_device(const struct boot_desc_domain *a, const struct boot_desc_domain *b)
{
	for (unsigned int i = 0; i < a->mmio_count; i++) {
		for (unsigned int j = 0; j < b->mmio_count; j++) {
			if (range_overlaps(a->mmio[i].base, a->mmio[i].size, b->mmio[j].base,
					   b->mmio[j].size)) {
				return true;
			}
		}
	}
	for (unsigned int i = 0; i < a->irq_count; i++) {
		for (unsigned int j = 0; j < b->irq_count; j++) {
			if (a->irqs[i] == b->irqs[j]) {
				return true;
			}
		}
	}
	return false;
}

static bool host_ranges_overlap(const struct boot_desc_domain *a, const struct boot_desc_domain *b)
{
	const struct boot_desc_module *ma[] = { &a->kernel, &a->dtb, &a->ramdisk };
	const struct boot_desc_module *mb[] = { &b->kernel, &b->dtb, &b->ramdisk };

	if (a != b && a->ram_pa && b->ram_pa &&
	    range_overlaps(a->ram_pa, a->ram_bytes, b->ram_pa, b->ram_bytes)) {
		return true;
	}
	for (unsigned int i = 0; i < 3; i++) {
		if (a->ram_pa &&
		    range_overlaps(a->ram_pa, a->ram_bytes, mb[i]->host_pa, mb[i]->size)) {
			return true;
		}
		if (b->ram_pa &&
		    range_overlaps(b->ram_pa, b->ram_bytes, ma[i]->host_pa, ma[i]->size)) {
			return true;
		}
	}
	return false;
}

/* What one record must agree on with the others (and its own block with its modules). */
static bool relations_valid(const struct boot_desc *d, unsigned int i)
{
	const struct boot_desc_domain *r = &d->domains[i];

	for (unsigned int j = 0; j < d->count; j++) {
		const struct boot_desc_domain *o = &d->domains[j];

		if (j != i && o->domid == r->domid) {
			return FAIL("%s: domid %u is also %s's", r->name, r->domid, o->name);
		}
		if (j != i && strncmp(o->name, r->name, BOOT_DESC_NAME_MAX) == 0) {
			return FAIL("%s: name is used twice", r->name);
		}
		if (j < i && shares_device(r, o)) {
			return FAIL("%s: a device page or irq is also %s's", r->name, o->name);
		}
		if (host_ranges_overlap(r, o)) {
			return FAIL("%s: ram_pa overlaps a module or block of %s", r->name,
				    o->name);
		}
	}
	if (r->controller && !holds(d, r->controller, RIGHT_TOOLSTACK, i)) {
		return FAIL("%s: controller %u is no other domain with the toolstack right",
			    r->name, r->controller);
	}
	if (r->device_model && !holds(d, r->device_model, RIGHT_DEVEMU, i)) {
		return FAIL("%s: device_model %u is no other domain with the devemu right", r->name,
			    r->device_model);
	}
	return true;
}

static bool affinity_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	uint32_t machine = bi->cpu_count >= 32 ? ~0u : (1u << bi->cpu_count) - 1;

	if (!(r->affinity & machine)) {
		return FAIL("%s: affinity %#x names no pCPU of the machine's %u", r->name,
			    r->affinity, bi->cpu_count);
	}
	return true;
}

static bool record_valid(const struct boot_desc *d, unsigned int i, const struct boot_info *bi)
{
	const struct boot_desc_domain *r = &d->domains[i];

	return basics_valid(r, i) && affinity_valid(r, bi) && modules_valid(r, bi) &&
	       ram_block_valid(r, bi) && devices_valid(r, bi) && relations_valid(d, i);
}

int boot_desc_check(const void *blob, uint64_t size, const struct boot_info *bi,
		    struct boot_desc *out)
{
	struct boot_desc_header h;
	bool valid = true;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(h)) {
		log_info(
			"boot description: total_size: the module holds %lu bytes, less than a header",
			(unsigned long)size);
		return -EINVAL;
	}
	memcpy(&h, blob, sizeof(h));
	if (!header_valid(&h, size)) {
		return -EINVAL;
	}
	/* One copy: what is checked below is what is used, whatever the module holds later. */
	memcpy(out->domains, (const uint8_t *)blob + sizeof(h),
	       h.domain_count * sizeof(out->domains[0]));
	out->count = h.domain_count;
	if (crc32(blob, h.total_size, offsetof(struct boot_desc_header, checksum)) != h.checksum) {
		log_info("boot description: checksum does not match its contents");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < out->count; i++) {
		valid &= record_valid(out, i, bi); /* report every broken record */
	}
	return valid ? 0 : -EINVAL;
}

static bool reserve(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (!size) {
		return true;
	}
	if (bi->reserved_count == BOOT_RESERVED_MAX) {
		log_info("boot description: more than %u reserved ranges", BOOT_RESERVED_MAX);
		return false;
	}
	bi->reserved[bi->reserved_count++] = (struct mem_range){ pa_make(base), size };
	return true;
}

int boot_desc_reserve(const struct boot_desc *desc, struct boot_info *bi)
{
	for (unsigned int i = 0; i < desc->count; i++) {
		const struct boot_desc_domain *r = &desc->domains[i];

		if (!reserve(bi, r->kernel.host_pa, r->kernel.size) ||
		    !reserve(bi, r->dtb.host_pa, r->dtb.size) ||
		    !reserve(bi, r->ramdisk.host_pa, r->ramdisk.size) ||
		    !reserve(bi, r->ram_pa, r->ram_pa ? r->ram_bytes : 0)) {
			return -ENOSPC;
		}
	}
	return 0;
}
