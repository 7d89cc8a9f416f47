/* SPDX-License-Identifier: MIT */
/* The boot description: the boot-time domains, as tessera-pack hands them to the core. */
#ifndef ABI_BOOT_DESC_H
#define ABI_BOOT_DESC_H

#include <stdint.h>

/*
 * tessera-pack reads a boot configuration on the host (boot/README.md),
 * resolves it against the machine's DTB, places every module and writes the
 * result in this binary form. It reaches the core as one module of the DTB
 * the core boots with:
 *
 *   /chosen/module@ADDR {
 *           compatible = "tessera,boot-description", "multiboot,module";
 *           reg = <ADDR SIZE>;
 *   };
 *
 * The core parses no configuration text and no domain device tree: it reads
 * the machine (RAM, CPUs, GIC, UART, PSCI) from its DTB and the domains from
 * this description. It trusts the description no further than any input from
 * a boot loader: every field is range-checked against the machine and against
 * the other domains, and if any check fails the whole description is refused
 * with a message naming the domain and the field, and no domain starts.
 *
 * Layout: struct boot_desc_header, then header.domain_count records of
 * header.record_size bytes, each a struct boot_desc_domain. The module starts
 * at an 8-byte boundary. Integers are little-endian; addresses and sizes are
 * in bytes; fields marked "reserved" are written 0 and refused otherwise.
 *
 * How many domains a description may hold is set by the machine: each needs
 * RAM and the core's tables for it, a vCPU at least (512 in all), and its own
 * VMID (255 of them on a CPU with 8-bit VMIDs, such as cortex-a57; 65535 with
 * 16-bit ones). tessera-pack refuses what it can tell from the machine's DTB
 * (RAM, vCPUs in all); the core refuses the rest, naming the domain.
 */
#define BOOT_DESC_COMPATIBLE "tessera,boot-description"
#define BOOT_DESC_MAGIC 0x43534454u /* "TDSC" in memory order */
#define BOOT_DESC_VERSION 1u

/* Limits of version 1, the same on both sides. */
#define BOOT_DESC_NAME_MAX 32u /* bytes of a name, its NUL included */
#define BOOT_DESC_VCPUS_MAX 8u /* vCPUs of one domain */
#define BOOT_DESC_MMIO_MAX 8u  /* passed-through MMIO ranges of one domain */
#define BOOT_DESC_IRQS_MAX 8u  /* passed-through SPIs of one domain */
#define BOOT_DESC_CPUS_MAX 8u  /* pCPUs an affinity mask can name */
/* Records in one description: at most one a 16-bit VMID (VMID 0 is no domain's); the core
 * refuses those over the VMIDs of the CPU it runs on. */
#define BOOT_DESC_DOMAINS_MAX 65535u

/** The description's first bytes. */
struct boot_desc_header {
	uint32_t magic;        /* BOOT_DESC_MAGIC */
	uint16_t version;      /* BOOT_DESC_VERSION; any other is refused */
	uint16_t header_size;  /* sizeof(struct boot_desc_header) */
	uint32_t total_size;   /* header and records, no more than the module's size */
	uint32_t checksum;     /* CRC-32 (IEEE 802.3, zlib's crc32()) of total_size bytes,
				  computed with this field 0 */
	uint32_t domain_count; /* records that follow: 1..BOOT_DESC_DOMAINS_MAX */
	uint32_t record_size;  /* sizeof(struct boot_desc_domain) */
	uint64_t reserved;     /* 0 */
};
_Static_assert(sizeof(struct boot_desc_header) == 32, "boot_desc_header size");
_Static_assert(__builtin_offsetof(struct boot_desc_header, total_size) == 8, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_header, domain_count) == 16, "offset");

/** A file in host RAM that the core copies into the domain. */
struct boot_desc_module {
	uint64_t host_pa;  /* where it lies in host RAM; all three 0: absent */
	uint64_t size;     /* bytes to copy; the host range lies in RAM */
	uint64_t load_ipa; /* where it goes: [load_ipa, load_ipa + size) lies in the domain's
			      RAM, and overlaps no other module of the domain */
};
_Static_assert(sizeof(struct boot_desc_module) == 24, "boot_desc_module size");

/** A page-aligned range of the machine's MMIO, mapped into a domain at IPA == PA. */
struct boot_desc_range {
	uint64_t base; /* page-aligned, below 1 << GUEST_IPA_BITS */
	uint64_t size; /* page multiple, not 0 */
};
_Static_assert(sizeof(struct boot_desc_range) == 16, "boot_desc_range size");

/*
 * What a boot domain's shutdown leads to, for each reason (xl's on_poweroff,
 * on_reboot, on_crash). The core only reports a shutdown; the boot builder
 * carries out the action named here.
 */
#define BOOT_DESC_ACTION_DESTROY 0u /* the domain goes away */
#define BOOT_DESC_ACTION_RESTART 1u /* built again from its modules and started */

/** One boot-time domain. */
struct boot_desc_domain {
	char name[BOOT_DESC_NAME_MAX];   /* 1..31 of [A-Za-z0-9_.+-], then NUL; unique */
	uint16_t domid;                  /* 1..0x7fef; unique */
	uint16_t vcpu_count;             /* 1..BOOT_DESC_VCPUS_MAX */
	uint32_t rights;                 /* DOMAIN_RIGHT_* (abi/domain_info.h), no other bits */
	uint64_t ram_bytes;              /* page multiple, 1 page..GUEST_RAM_MAX */
	uint64_t ram_pa;                 /* 0, or the page-aligned block of host RAM, ram_bytes
					    long, that the domain's RAM must be (DMA without an
					    SMMU); overlaps no module, no other block, nothing
					    reserved */
	uint32_t weight;                 /* scheduling weight 1..65535 */
	uint32_t cap;                    /* 0 (none) .. 100 * vcpu_count, % of one pCPU */
	uint32_t affinity;               /* pCPUs its vCPUs may use (bit i: pCPU i); at least one
					    pCPU the machine has */
	uint32_t grant_frames;           /* its grant table's largest size: 1..GRANT_FRAMES_MAX */
	uint8_t on_poweroff;             /* BOOT_DESC_ACTION_* */
	uint8_t on_reboot;               /* BOOT_DESC_ACTION_* */
	uint8_t on_crash;                /* BOOT_DESC_ACTION_*; also for the watchdog */
	uint8_t reserved0;               /* 0 */
	uint16_t controller;             /* domid of the domain that controls it (it holds
					    DOMAIN_RIGHT_TOOLSTACK), or 0: none */
	uint16_t device_model;           /* domid of its device model (it holds
					    DOMAIN_RIGHT_DEVEMU), or 0: none */
	uint32_t mmio_count;             /* entries of mmio used: 0..BOOT_DESC_MMIO_MAX */
	uint32_t irq_count;              /* entries of irqs used: 0..BOOT_DESC_IRQS_MAX */
	struct boot_desc_module kernel;  /* present; vCPU 0 starts at its load_ipa */
	struct boot_desc_module dtb;     /* optional; x0 = its load_ipa at entry */
	struct boot_desc_module ramdisk; /* optional */
	struct boot_desc_range mmio[BOOT_DESC_MMIO_MAX]; /* its devices' pages; a page may
							    repeat within a domain, never
							    across two; never RAM, the GIC
							    or the UART */
	uint32_t irqs[BOOT_DESC_IRQS_MAX]; /* its devices' SPIs (INTID 32..GUEST_SPI_LAST),
					      delivered as the same INTID; each in one domain
					      only */
	uint64_t reserved1;                /* 0 */
};
_Static_assert(sizeof(struct boot_desc_domain) == 328, "boot_desc_domain size");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, domid) == 32, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, ram_bytes) == 40, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, weight) == 56, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, on_poweroff) == 72, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, controller) == 76, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, mmio_count) == 80, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, kernel) == 88, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, mmio) == 160, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, irqs) == 288, "offset");
_Static_assert(__builtin_offsetof(struct boot_desc_domain, reserved1) == 320, "offset");

#endif
