/* SPDX-License-Identifier: MIT */
/* tessera-pack: write the binary boot description the core reads (abi/boot_desc.h). */
#include <stdlib.h>
#include <string.h>

#include "pack.h"

/*
 * The description is little-endian; it is written straight from the
 * abi/boot_desc.h structs, whose layout that header pins, so the host must be
 * little-endian too.
 */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tessera-pack writes the boot description in host byte order: build it little-endian"
#endif

/** Bytes of the description of set: the header and one record a domain. */
size_t boot_desc_size(const struct boot_set *set)
{
	return sizeof(struct boot_desc_header) +
	       (size_t)set->domain_count * sizeof(struct boot_desc_domain);
}

/**
 * CRC-32 as IEEE 802.3 and zlib's crc32() define it: polynomial 0x04C11DB7
 * bit-reversed (0xEDB88320), bytes fed low bit first, initial value and final
 * XOR all ones.
 */
uint32_t boot_desc_crc32(const void *data, size_t size)
{
	const uint8_t *bytes = data;
	uint32_t crc = 0xFFFFFFFFu;

	for (size_t i = 0; i < size; i++) {
		crc ^= bytes[i];
		for (int bit = 0; bit < 8; bit++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
		}
	}
	return ~crc;
}

static void put_module(struct boot_desc_module *out, const struct module *module)
{
	out->host_pa = module->host_addr;
	out->size = module->size;
	out->load_ipa = module->load_ipa;
}

/* One record, from a domain read, resolved and placed; out is zeroed. */
static void put_domain(struct boot_desc_domain *out, const struct domain *domain)
{
	/* check_name() kept the name below BOOT_DESC_NAME_MAX: the NUL stays. */
	memcpy(out->name, domain->name, strlen(domain->name));
	out->domid = (uint16_t)domain->domid;
	out->vcpu_count = (uint16_t)domain->vcpu_count;
	out->rights = domain->rights;
	out->ram_bytes = domain->memory_kib * KIB;
	out->ram_pa = domain->devices ? domain->ram_pa : 0;
	out->weight = domain->weight;
	out->cap = domain->cap;
	out->affinity = domain->affinity;
	out->grant_frames = domain->grant_frames;
	out->on_poweroff = domain->on_poweroff;
	out->on_reboot = domain->on_reboot;
	out->on_crash = domain->on_crash;
	out->controller = domain->controller;
	out->device_model = domain->device_model;
	put_module(&out->kernel, &domain->kernel);
	put_module(&out->dtb, &domain->dtb);
	if (domain->ramdisk_file) {
		put_module(&out->ramdisk, &domain->ramdisk);
	}
	out->mmio_count = domain->mmio_count;
	memcpy(out->mmio, domain->mmio, domain->mmio_count * sizeof(out->mmio[0]));
	out->irq_count = domain->irq_count;
	memcpy(out->irqs, domain->irqs, domain->irq_count * sizeof(out->irqs[0]));
}

/**
 * Build the boot description of a set whose domains are read, resolved
 * (settings_resolve(), devices_check()) and placed (place_in_host()): the
 * header and one record a domain in the boot config's order, checksummed.
 * On success *out (free() it) holds *out_size bytes. Returns 0 or -1 after
 * printing why.
 */
int boot_desc_build(const struct boot_set *set, void **out, size_t *out_size)
{
	size_t size = boot_desc_size(set);
	uint8_t *desc = calloc(1, size);
	struct boot_desc_header header = {
		.magic = BOOT_DESC_MAGIC,
		.version = BOOT_DESC_VERSION,
		.header_size = sizeof(struct boot_desc_header),
		.total_size = (uint32_t)size,
		.domain_count = set->domain_count,
		.record_size = sizeof(struct boot_desc_domain),
	};

	if (!desc) {
		pack_error("out of memory");
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct boot_desc_domain record = { 0 };

		put_domain(&record, &set->domains[i]);
		memcpy(desc + sizeof(header) + i * sizeof(record), &record, sizeof(record));
	}
	/* The checksum covers the header with its checksum field 0, as written here first. */
	memcpy(desc, &header, sizeof(header));
	header.checksum = boot_desc_crc32(desc, size);
	memcpy(desc, &header, sizeof(header));
	*out = desc;
	*out_size = size;
	return 0;
}
