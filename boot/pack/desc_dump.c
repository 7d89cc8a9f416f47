/* SPDX-License-Identifier: MIT */
/* tessera-pack --dump-desc: print a boot description's fields as text, one a line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/domain_info.h"
#include "pack.h"

/*
 * Output, for people and for the tests: "FIELD VALUE" lines for the header,
 * then "dN.FIELD VALUE" lines for record N, named as in abi/boot_desc.h.
 * Numbers that are addresses, sizes or masks are in hex, counts and ids in
 * decimal; a module is "host_pa size load_ipa", an MMIO range "base size".
 * Whatever breaks the layout or the checksum is also said on stderr, and the
 * exit status is then 1: the checks of the layout, not of the values, which
 * are the core's to range-check.
 */

static const char *const right_names[] = { "console", "xenstore", "toolstack", "devemu", "driver" };

static int problem(const char *path, const char *what)
{
	pack_error("%s: %s", path, what);
	return -1;
}

static const char *action_name(uint8_t action)
{
	switch (action) {
	case BOOT_DESC_ACTION_DESTROY:
		return "destroy";
	case BOOT_DESC_ACTION_RESTART:
		return "restart";
	default:
		return "unknown";
	}
}

/* The name up to its NUL, other bytes than printable ASCII as \xNN. False without a NUL. */
static bool print_name(unsigned int index, const char name[BOOT_DESC_NAME_MAX])
{
	size_t length = strnlen(name, BOOT_DESC_NAME_MAX);

	printf("d%u.name ", index);
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)name[i];

		if (isprint(c) && c != '\\') {
			putchar(c);
		} else {
			printf("\\x%02x", c);
		}
	}
	putchar('\n');
	return length < BOOT_DESC_NAME_MAX;
}

static void print_rights(unsigned int index, uint32_t rights)
{
	printf("d%u.rights 0x%x", index, rights);
	for (unsigned int bit = 0; bit < sizeof(right_names) / sizeof(right_names[0]); bit++) {
		if (rights & (1u << bit)) {
			printf(" %s", right_names[bit]);
		}
	}
	putchar('\n');
}

static void print_module(unsigned int index, const char *role, const struct boot_desc_module *m)
{
	printf("d%u.%s 0x%llx 0x%llx 0x%llx\n", index, role, (unsigned long long)m->host_pa,
	       (unsigned long long)m->size, (unsigned long long)m->load_ipa);
}

/* The devices' MMIO ranges and SPIs, as far as the counts go and the arrays hold. */
static void print_devices(unsigned int index, const struct boot_desc_domain *d)
{
	for (uint32_t i = 0; i < d->mmio_count && i < BOOT_DESC_MMIO_MAX; i++) {
		printf("d%u.mmio[%u] 0x%llx 0x%llx\n", index, i,
		       (unsigned long long)d->mmio[i].base, (unsigned long long)d->mmio[i].size);
	}
	for (uint32_t i = 0; i < d->irq_count && i < BOOT_DESC_IRQS_MAX; i++) {
		printf("d%u.irqs[%u] %u\n", index, i, d->irqs[i]);
	}
}

static bool print_domain(unsigned int index, const struct boot_desc_domain *d)
{
	bool named = print_name(index, d->name);

	printf("d%u.domid %u\nd%u.vcpu_count %u\n", index, d->domid, index, d->vcpu_count);
	print_rights(index, d->rights);
	printf("d%u.ram_bytes 0x%llx\nd%u.ram_pa 0x%llx\n", index, (unsigned long long)d->ram_bytes,
	       index, (unsigned long long)d->ram_pa);
	printf("d%u.weight %u\nd%u.cap %u\nd%u.affinity 0x%x\nd%u.grant_frames %u\n", index,
	       d->weight, index, d->cap, index, d->affinity, index, d->grant_frames);
	printf("d%u.on_poweroff %s\nd%u.on_reboot %s\nd%u.on_crash %s\nd%u.reserved0 %u\n", index,
	       action_name(d->on_poweroff), index, action_name(d->on_reboot), index,
	       action_name(d->on_crash), index, d->reserved0);
	printf("d%u.controller %u\nd%u.device_model %u\n", index, d->controller, index,
	       d->device_model);
	printf("d%u.mmio_count %u\nd%u.irq_count %u\n", index, d->mmio_count, index, d->irq_count);
	print_module(index, "kernel", &d->kernel);
	print_module(index, "dtb", &d->dtb);
	print_module(index, "ramdisk", &d->ramdisk);
	print_devices(index, d);
	printf("d%u.reserved1 0x%llx\n", index, (unsigned long long)d->reserved1);
	return named;
}

/* Print the header; return how many bytes the checks let the records be read from. */
static int print_header(const char *path, const uint8_t *data, size_t size, size_t *valid)
{
	struct boot_desc_header h;
	uint8_t *copy;
	int ret = 0;

	memcpy(&h, data, sizeof(h));
	printf("magic 0x%08x\nversion %u\nheader_size %u\ntotal_size %u\n", h.magic, h.version,
	       h.header_size, h.total_size);
	*valid = h.total_size < size ? h.total_size : size;
	copy = malloc(*valid);
	if (!copy) {
		return problem(path, "out of memory");
	}
	memcpy(copy, data, *valid);
	memset(copy + __builtin_offsetof(struct boot_desc_header, checksum), 0, 4);
	if (h.total_size > size) {
		printf("checksum 0x%08x unchecked\n", h.checksum);
	} else if (boot_desc_crc32(copy, *valid) == h.checksum) {
		printf("checksum 0x%08x ok\n", h.checksum);
	} else {
		printf("checksum 0x%08x bad (computed 0x%08x)\n", h.checksum,
		       boot_desc_crc32(copy, *valid));
		ret = problem(path, "checksum does not match the bytes");
	}
	free(copy);
	printf("domain_count %u\nrecord_size %u\nreserved 0x%llx\n", h.domain_count, h.record_size,
	       (unsigned long long)h.reserved);
	return ret;
}

/* The header's fields that fix the layout: each must hold for the records to be read. */
static int check_layout(const char *path, const struct boot_desc_header *h, size_t size)
{
	int ret = 0;

	if (h->magic != BOOT_DESC_MAGIC || h->version != BOOT_DESC_VERSION ||
	    h->header_size != sizeof(*h) || h->record_size != sizeof(struct boot_desc_domain)) {
		ret = problem(path,
			      "magic, version, header_size or record_size is not version 1's");
	}
	_Static_assert(BOOT_DESC_DOMAINS_MAX == 65535u, "the message below names it");
	if (h->domain_count == 0 || h->domain_count > BOOT_DESC_DOMAINS_MAX) {
		ret = problem(path, "domain_count is not 1 to 65535 (BOOT_DESC_DOMAINS_MAX)");
	}
	if (h->total_size != sizeof(*h) + (uint64_t)h->domain_count * h->record_size) {
		ret = problem(path, "total_size is not the header and domain_count records");
	}
	if (h->total_size > size) {
		ret = problem(path, "total_size is beyond the end of the file");
	}
	return ret;
}

static int dump(const char *path, const uint8_t *data, size_t size)
{
	struct boot_desc_header h;
	size_t valid;
	int ret = 0;

	if (size < sizeof(h)) {
		return problem(path, "shorter than a boot description's header");
	}
	memcpy(&h, data, sizeof(h));
	ret |= print_header(path, data, size, &valid);
	ret |= check_layout(path, &h, size);
	if (h.record_size != sizeof(struct boot_desc_domain)) {
		return -1;
	}
	for (uint32_t i = 0; i < h.domain_count && i < BOOT_DESC_DOMAINS_MAX; i++) {
		struct boot_desc_domain d;
		size_t at = sizeof(h) + (size_t)i * sizeof(d);

		if (at + sizeof(d) > valid) {
			break;
		}
		memcpy(&d, data + at, sizeof(d));
		if (!print_domain(i, &d)) {
			ret = problem(path, "a name without its NUL");
		}
	}
	return ret;
}

/**
 * Print the boot description in file path as text (see above). Returns 0, or
 * -1 when it cannot be read or its layout or checksum is wrong (said on
 * stderr).
 */
int desc_dump(const char *path)
{
	void *data;
	size_t size;
	int ret;

	if (read_file(path, &data, &size) < 0) {
		return -1;
	}
	ret = dump(path, data, size);
	free(data);
	return ret;
}
