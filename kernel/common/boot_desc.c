// SPDX-License-Identifier: MIT
/*
 * The boot description's checks. tessera-pack has checked the configuration
 * on the host, but the core trusts nothing it did not check itself: every
 * field is range-checked against the machine and against the other domains
 * before any domain is made, in the module itself, which stays reserved and
 * out of every domain's reach (boot_desc.h). A single failure refuses the
 * whole description: no domain starts.
 */
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <arch.h>
#include <boot_desc.h>
#include <errno.h>
#include <lib.h>

/* Report one problem and yield false, for `return FAIL(...)`. */
#define FAIL(...)                                           \
	({                                                  \
		log_info("boot description: " __VA_ARGS__); \
		false;                                      \
	})

/* CRC-32 of IEEE 802.3 (start with ~0, end with ~), bit by bit: run once at boot over a few KiB. */
static uint32_t crc32_add(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
		}
	}
	return crc;
}

/* Over our copies, with the checksum field as 0: the blob is read once. */
static bool checksum_valid(struct boot_desc_header h, const struct boot_desc *copy)
{
	uint32_t want = h.checksum, crc;

	h.checksum = 0;
	crc = crc32_add(0xFFFFFFFFu, &h, sizeof(h));
	crc = crc32_add(crc, copy->domains, copy->count * sizeof(copy->domains[0]));
	return ~crc == want;
}

static bool header_valid(const struct boot_desc_header *h, uint64_t size)
{
	uint64_t want = sizeof(*h) + (uint64_t)h->domain_count * sizeof(struct boot_desc_domain);

	if (h->magic != BOOT_DESC_MAGIC || h->version != BOOT_DESC_VERSION) {
		return FAIL("magic %#x version %u: not a boot description of version %u", h->magic,
			    h->version, BOOT_DESC_VERSION);
	}
	if (h->header_size != sizeof(*h) || h->record_size != sizeof(struct boot_desc_domain) ||
	    h->reserved) {
		return FAIL("header_size %u, record_size %u or reserved field unknown",
			    h->header_size, h->record_size);
	}
	if (h->domain_count == 0 || h->domain_count > BOOT_DESC_DOMAINS_MAX) {
		return FAIL("domain_count %u is not 1..%u", h->domain_count, BOOT_DESC_DOMAINS_MAX);
	}
	if (h->total_size != want || h->total_size > size) {
		return FAIL("total_size %u: %u domains take %lu bytes, the module holds %lu",
			    h->total_size, h->domain_count, (unsigned long)want,
			    (unsigned long)size);
	}
	return true;
}

/* Numeric fields of a record with fixed bounds, checked alike. */
struct field_rule {
	const char *name;
	size_t offset, width;
	uint64_t lo, hi;
};

#define RULE(field, lo, hi)                                                   \
	{                                                                     \
#field, offsetof(struct boot_desc_domain, field),             \
			sizeof(((struct boot_desc_domain *)0)->field), lo, hi \
	}

static const struct field_rule rules[] = {
	RULE(domid, 1, DOMID_FIRST_RESERVED - 1),
	RULE(vcpu_count, 1, BOOT_DESC_VCPUS_MAX),
	RULE(ram_bytes, PAGE_SIZE, GUEST_RAM_MAX),
	RULE(weight, 1, 65535),
	RULE(grant_frames, 1, GRANT_FRAMES_MAX),
	RULE(on_poweroff, 0, BOOT_DESC_ACTION_RESTART),
	RULE(on_reboot, 0, BOOT_DESC_ACTION_RESTART),
	RULE(on_crash, 0, BOOT_DESC_ACTION_RESTART),
	RULE(reserved0, 0, 0),
	RULE(mmio_count, 0, BOOT_DESC_MMIO_MAX),
	RULE(irq_count, 0, BOOT_DESC_IRQS_MAX),
	RULE(reserved1, 0, 0),
};

/* The fields that need no other record and no machine. */
static bool fields_valid(const struct boot_desc_domain *r)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct field_rule *f = &rules[i];
		uint64_t v = 0;

		memcpy(&v, (const uint8_t *)r + f->offset,
		       f->width); /* little-endian, as is the ABI */
		if (v < f->lo || v > f->hi) {
			return FAIL("%s: %s %lu is not %lu..%lu", r->name, f->name,
				    (unsigned long)v, (unsigned long)f->lo, (unsigned long)f->hi);
		}
	}
	if ((r->rights & ~RIGHTS_ALL) || (r->ram_bytes & ~PAGE_MASK) ||
	    r->cap > 100u * r->vcpu_count) {
		return FAIL("%s: rights %#x, ram_bytes %#lx or cap %u out of range", r->name,
			    r->rights, (unsigned long)r->ram_bytes, r->cap);
	}
	return true;
}

static bool affinity_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	uint32_t machine = bi->cpu_count >= 32 ? ~0u : (1u << bi->cpu_count) - 1;

	if (!(r->affinity & machine)) {
		return FAIL("%s: affinity %#x names none of the machine's %u pCPUs", r->name,
			    r->affinity, bi->cpu_count);
	}
	return true;
}

/* Each module in RAM nobody else keeps, loaded inside the domain's RAM, apart from the others. */
static bool modules_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	const struct boot_desc_module *m[] = { &r->kernel, &r->dtb, &r->ramdisk };
	static const char *const names[] = { "kernel", "dtb", "ramdisk" };

	if (!r->kernel.size) {
		return FAIL("%s: no kernel module", r->name);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(m); i++) {
		if (!m[i]->host_pa && !m[i]->size && !m[i]->load_ipa) {
			continue; /* absent */
		}
		if (!m[i]->size || !boot_ram_holds(bi, m[i]->host_pa, m[i]->size) ||
		    boot_reserved_overlaps(bi, m[i]->host_pa, m[i]->size)) {
			return FAIL(
				"%s: %s module at %#lx is not in RAM, or overlaps reserved memory",
				r->name, names[i], (unsigned long)m[i]->host_pa);
		}
		if (!range_inside(m[i]->load_ipa, m[i]->size, GUEST_RAM_BASE, r->ram_bytes)) {
			return FAIL("%s: %s module load_ipa %#lx does not fit the domain's RAM",
				    r->name, names[i], (unsigned long)m[i]->load_ipa);
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
	if (r->ram_pa &&
	    ((r->ram_pa & ~PAGE_MASK) || !boot_ram_holds(bi, r->ram_pa, r->ram_bytes) ||
	     boot_reserved_overlaps(bi, r->ram_pa, r->ram_bytes))) {
		return FAIL("%s: ram_pa %#lx is not a free page-aligned block of RAM", r->name,
			    (unsigned long)r->ram_pa);
	}
	return true;
}

/* What every domain has at fixed guest addresses: a device at IPA == PA must miss it all. */
static const struct boot_desc_range guest_fixed[] = {
	{ GUEST_GICD_BASE, GUEST_GICD_SIZE },
	{ GUEST_GICR_BASE, GUEST_GICR_STRIDE *BOOT_DESC_VCPUS_MAX },
	{ GUEST_GRANT_BASE, GUEST_GRANT_SIZE },
	{ GUEST_MAGIC_BASE, 2 * PAGE_SIZE },
	{ GUEST_RAM_BASE, GUEST_RAM_MAX },
};

/* Device pages are never RAM, the UART, the GIC or a guest's fixed ranges; SPIs are ones a
 * domain's GIC has. */
static bool devices_valid(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < r->mmio_count; i++) {
		uint64_t base = r->mmio[i].base, size = r->mmio[i].size;
		bool ram = false;

		for (unsigned int b = 0; b < bi->ram_count; b++) {
			ram |= range_overlaps(base, size, bi->ram[b].base.pa, bi->ram[b].size);
		}
		for (unsigned int g = 0; g < ARRAY_SIZE(guest_fixed); g++) {
			ram |= range_overlaps(base, size, guest_fixed[g].base, guest_fixed[g].size);
		}
		if (ram || !size || ((base | size) & ~PAGE_MASK) ||
		    !range_inside(base, size, 0, 1ull << GUEST_IPA_BITS) ||
		    range_overlaps(base, size, bi->uart.pa & PAGE_MASK, PAGE_SIZE) ||
		    range_overlaps(base, size, bi->gicd.base.pa, bi->gicd.size) ||
		    range_overlaps(base, size, bi->gicr.base.pa, bi->gicr.size)) {
			return FAIL(
				"%s: mmio %u (%#lx, %#lx bytes) is not a device range it may have",
				r->name, i, (unsigned long)base, (unsigned long)size);
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

/* Counts bounded: the other record may be one that failed its own checks. */
static bool shares_device(const struct boot_desc_domain *a, const struct boot_desc_domain *b)
{
	unsigned int am = MIN(a->mmio_count, BOOT_DESC_MMIO_MAX),
		     ai = MIN(a->irq_count, BOOT_DESC_IRQS_MAX);
	unsigned int bm = MIN(b->mmio_count, BOOT_DESC_MMIO_MAX),
		     bi = MIN(b->irq_count, BOOT_DESC_IRQS_MAX);
	bool shared = false;

	for (unsigned int i = 0; i < am; i++) {
		for (unsigned int j = 0; j < bm; j++) {
			shared |= range_overlaps(a->mmio[i].base, a->mmio[i].size, b->mmio[j].base,
						 b->mmio[j].size);
		}
	}
	for (unsigned int i = 0; i < ai; i++) {
		for (unsigned int j = 0; j < bi; j++) {
			shared |= a->irqs[i] == b->irqs[j];
		}
	}
	return shared;
}

/* Does a's RAM block overlap b's block (a != b) or one of b's modules (a == b too)? */
static bool block_overlaps(const struct boot_desc_domain *a, const struct boot_desc_domain *b)
{
	const struct boot_desc_module *m[] = { &b->kernel, &b->dtb, &b->ramdisk };
	bool overlap = a != b && range_overlaps(a->ram_pa, a->ram_pa ? a->ram_bytes : 0, b->ram_pa,
						b->ram_pa ? b->ram_bytes : 0);

	for (unsigned int i = 0; i < ARRAY_SIZE(m); i++) {
		overlap |= range_overlaps(a->ram_pa, a->ram_pa ? a->ram_bytes : 0, m[i]->host_pa,
					  m[i]->size);
	}
	return overlap;
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

/* What one record must agree on with the others. */
static bool relations_valid(const struct boot_desc *d, unsigned int i)
{
	const struct boot_desc_domain *r = &d->domains[i];

	for (unsigned int j = 0; j < d->count; j++) {
		const struct boot_desc_domain *o = &d->domains[j];

		if (j != i && o->domid == r->domid) {
			return FAIL("%s: domid %u is also domain %u's", r->name, r->domid, j);
		}
		if (j != i && !strncmp(o->name, r->name, BOOT_DESC_NAME_MAX)) {
			return FAIL("%s: name is used by two domains", r->name);
		}
		if ((j < i && shares_device(r, o)) || block_overlaps(r, o)) {
			return FAIL("%s: a device page, irq or ram_pa block is also domain %u's",
				    r->name, j);
		}
	}
	if ((r->controller && !holds(d, r->controller, RIGHT_TOOLSTACK, i)) ||
	    (r->device_model && !holds(d, r->device_model, RIGHT_DEVEMU, i))) {
		return FAIL(
			"%s: controller %u or device_model %u is no other domain with its right",
			r->name, r->controller, r->device_model);
	}
	return true;
}

static bool record_valid(const struct boot_desc *d, unsigned int i, const struct boot_info *bi)
{
	const struct boot_desc_domain *r = &d->domains[i];

	if (!domain_name_valid(r->name)) {
		return FAIL("domain %u: name is not 1..%u of [A-Za-z0-9_.+-]", i,
			    BOOT_DESC_NAME_MAX - 1);
	}
	return fields_valid(r) && affinity_valid(r, bi) && modules_valid(r, bi) &&
	       ram_block_valid(r, bi) && devices_valid(r, bi) && relations_valid(d, i);
}

/* What all domains share: the CPU's VMIDs, one a domain (0 is none's). */
static bool vmid_available(const struct boot_desc_domain *r, unsigned int i)
{
	if (i + 1 >= arch_vmid_count()) {
		return FAIL("%s: domain %u is over the %u domains this CPU's VMIDs allow", r->name,
			    i, arch_vmid_count() - 1);
	}
	return true;
}

int boot_desc_check(const void *blob, uint64_t size, const struct boot_info *bi,
		    struct boot_desc *out)
{
	struct boot_desc_header h;
	bool valid = true;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(h)) {
		FAIL("total_size: the module holds %lu bytes, less than a header",
		     (unsigned long)size);
		return -EINVAL;
	}
	if ((uintptr_t)blob & 7) { /* the records are used where they lie */
		FAIL("the module at %#lx is not 8-byte aligned", (unsigned long)(uintptr_t)blob);
		return -EINVAL;
	}
	memcpy(&h, blob, sizeof(h));
	if (!header_valid(&h, size)) {
		return -EINVAL;
	}
	out->domains = (const struct boot_desc_domain *)((const uint8_t *)blob + sizeof(h));
	out->count = h.domain_count;
	if (!checksum_valid(h, out)) {
		FAIL("checksum does not match its contents");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < out->count; i++) {
		valid &= record_valid(out, i, bi); /* report every broken record */
		valid &= vmid_available(&out->domains[i], i);
	}
	return valid ? 0 : -EINVAL;
}

int boot_desc_reserve(const struct boot_desc *desc, struct boot_info *bi)
{
	for (unsigned int i = 0; i < desc->count; i++) {
		const struct boot_desc_domain *r = &desc->domains[i];

		if (!boot_reserve(bi, r->kernel.host_pa, r->kernel.size) ||
		    !boot_reserve(bi, r->dtb.host_pa, r->dtb.size) ||
		    !boot_reserve(bi, r->ramdisk.host_pa, r->ramdisk.size) ||
		    !boot_reserve(bi, r->ram_pa, r->ram_pa ? r->ram_bytes : 0)) {
			FAIL("%s: its modules or RAM block lie apart from the others'", r->name);
			return -ENOSPC;
		}
	}
	return 0;
}
