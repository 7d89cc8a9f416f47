// SPDX-License-Identifier: MIT
/*
 * Writes the seed corpus of boot_desc_fuzz: descriptions the checks accept on
 * the target's machines (see boot_desc_fuzz.c), each behind the byte that asks
 * the target to seal it after mutation: one domain; a service domain and a
 * guest with a RAM block, devices and three modules; three domains on the
 * machine with two banks; sixteen domains, which do not fit the reserved list.
 * Usage: boot_desc_seeds <corpus-dir>
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <abi/boot_desc.h>
#include <abi/domain_info.h>
#include <abi/grant_table.h>
#include <abi/guest_layout.h>

#define MIB (1ull << 20)
#define SEAL 1u      /* the target recomputes the checksum */
#define TWO_BANKS 2u /* the machine with RAM at 1 GiB and at 4 GiB, eight pCPUs */
#define MANY 512u    /* domains of the largest seed */

struct blob {
	struct boot_desc_header h;
	struct boot_desc_domain d[MANY];
};

static struct boot_desc_module module(uint64_t host_pa, uint64_t size, uint64_t load_ipa)
{
	return (struct boot_desc_module){ host_pa, size, load_ipa };
}

/* A plain guest: one vCPU, 16 MiB, a kernel at the start of its RAM. */
static void plain(struct boot_desc_domain *r, const char *name, uint16_t domid, uint64_t kernel_pa)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->domid = domid;
	r->vcpu_count = 1;
	r->ram_bytes = 16 * MIB;
	r->weight = 256;
	r->affinity = 1;
	r->grant_frames = GRANT_FRAMES_DEFAULT;
	r->kernel = module(kernel_pa, 0x10000, GUEST_RAM_BASE);
}

/* A guest served by domain 1, with a RAM block, a device and its SPI, and every module. */
static void rich(struct boot_desc_domain *r, uint16_t domid, uint64_t pa, unsigned int n)
{
	plain(r, "guest", domid, pa);
	r->name[5] = (char)('a' + n);
	r->vcpu_count = 2;
	r->cap = 150;
	r->affinity = 3;
	r->ram_bytes = 8 * MIB;
	r->ram_pa = pa + 4 * MIB;
	r->controller = 1;
	r->device_model = 1;
	r->on_reboot = BOOT_DESC_ACTION_RESTART;
	r->dtb = module(pa + 0x20000, 0x2000, GUEST_RAM_BASE + 0x200000);
	r->ramdisk = module(pa + 0x40000, 0x3000, GUEST_RAM_BASE + 0x400000);
	r->mmio_count = 2;
	r->mmio[0] = (struct boot_desc_range){ 0x0a000000 + n * 0x2000ull, 0x1000 };
	r->mmio[1] = r->mmio[0]; /* a page may repeat within one domain */
	r->irq_count = 1;
	r->irqs[0] = 48 + n;
}

/* The store and toolstack, with a device of its own a byte away from the guests'. */
static void store(struct boot_desc_domain *r)
{
	plain(r, "xenstore", 1, 0x50000000);
	r->rights = DOMAIN_RIGHT_XENSTORE | DOMAIN_RIGHT_TOOLSTACK | DOMAIN_RIGHT_DEVEMU;
	r->mmio_count = 1;
	r->mmio[0] = (struct boot_desc_range){ 0x0a100000, 0x1000 };
	r->irq_count = 1;
	r->irqs[0] = 40;
}

/* CRC-32 (IEEE 802.3, reflected): what the header's checksum is. */
static uint32_t crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
		}
	}
	return ~crc;
}

static int write_seed(const char *dir, const char *name, uint8_t control, struct blob *b,
		      uint32_t count)
{
	size_t len = sizeof(b->h) + count * sizeof(b->d[0]);
	char path[4096];
	FILE *f;

	b->h = (struct boot_desc_header){ .magic = BOOT_DESC_MAGIC,
					  .version = BOOT_DESC_VERSION,
					  .header_size = sizeof(b->h),
					  .total_size = (uint32_t)len,
					  .domain_count = count,
					  .record_size = sizeof(b->d[0]) };
	b->h.checksum = crc32((const uint8_t *)b, len);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(&control, 1, 1, f) != 1 || fwrite(b, len, 1, f) != 1) {
		perror(path);
		return 1;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static struct blob b;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
		return 2;
	}
	plain(&b.d[0], "solo", 7, 0x50000000);
	err |= write_seed(argv[1], "one", SEAL, &b, 1);

	store(&b.d[0]);
	rich(&b.d[1], 5, 0x58000000, 0);
	err |= write_seed(argv[1], "store-and-guest", SEAL, &b, 2);

	rich(&b.d[2], 6, 0x100000000, 1); /* in the second bank */
	b.d[0].affinity = 0x80;           /* the eighth pCPU */
	err |= write_seed(argv[1], "two-banks", SEAL | TWO_BANKS, &b, 3);

	store(&b.d[0]);
	for (unsigned int i = 1; i < MANY; i++) {
		rich(&b.d[i], (uint16_t)(10 + i), 0x50000000 + i * 0x1000000ull, i);
	}
	err |= write_seed(argv[1], "many", SEAL, &b, MANY);
	return err;
}
