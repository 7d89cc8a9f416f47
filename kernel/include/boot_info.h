/* SPDX-License-Identifier: MIT */
/* What the core learns from the boot DTB: the machine and the boot-time domains. */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <abi/domain_info.h>
#include <frame.h>
#include <types.h>

#define BOOT_CPUS_MAX 8
#define BOOT_DOMAINS_MAX 16
#define BOOT_RESERVED_MAX 48
#define DOMAIN_NAME_MAX 32
#define DOMAIN_VCPUS_MAX 8
#define DOMAIN_MMIO_MAX 8 /* passed-through MMIO ranges a domain may have */
#define DOMAIN_IRQS_MAX 8 /* passed-through SPIs a domain may have */

/* Rights a domain holds, named in the boot config's "tessera,rights". */
#define RIGHT_CONSOLE DOMAIN_RIGHT_CONSOLE
#define RIGHT_XENSTORE DOMAIN_RIGHT_XENSTORE
#define RIGHT_TOOLSTACK DOMAIN_RIGHT_TOOLSTACK
#define RIGHT_DEVEMU DOMAIN_RIGHT_DEVEMU
#define RIGHT_DRIVER DOMAIN_RIGHT_DRIVER

/** A boot module: where it lies in host RAM and where it goes in its domain. */
struct boot_module {
	struct mem_range host; /* size 0: absent */
	ipa_t load;
};

/** A boot-time domain, from one "xen,domain" node under /chosen. */
struct boot_domain {
	char name[DOMAIN_NAME_MAX];
	uint16_t domid;            /* 0: assign the next free one */
	unsigned int vcpu_count;   /* 1..DOMAIN_VCPUS_MAX */
	uint64_t ram_bytes;        /* multiple of the page size */
	uint32_t rights;           /* RIGHT_* */
	unsigned int weight;       /* scheduling weight, 1..65535 */
	unsigned int cap;          /* % of one pCPU per period, 0: none */
	uint32_t affinity;         /* pCPUs its vCPUs may use, bit i: pCPU i */
	unsigned int grant_frames; /* most frames its grant table may grow to, 1..64 */
	struct boot_module kernel;
	struct boot_module dtb;
	struct boot_module ramdisk;
	struct mem_range mmio[DOMAIN_MMIO_MAX]; /* page-aligned, mapped at IPA == PA */
	unsigned int mmio_count;
	uint32_t irqs[DOMAIN_IRQS_MAX]; /* SPI INTIDs, delivered as the same INTID */
	unsigned int irq_count;
	paddr_t ram_pa; /* 0, or the host block its RAM must be (DMA without an SMMU) */
};

enum psci_conduit { PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

struct boot_info {
	struct mem_range ram[FRAME_BANKS_MAX];
	unsigned int ram_count;
	struct mem_range reserved[BOOT_RESERVED_MAX]; /* RAM the allocator must not hand out */
	unsigned int reserved_count;
	paddr_t uart;          /* PL011 registers */
	paddr_t rtc;           /* PL031 registers; 0: none */
	struct mem_range gicd; /* GICv3 distributor */
	struct mem_range gicr; /* GICv3 redistributor region */
	uint64_t cpu_mpidr[BOOT_CPUS_MAX];
	unsigned int cpu_count;
	enum psci_conduit psci;
	struct boot_domain domains[BOOT_DOMAINS_MAX];
	unsigned int domain_count;
};

/**
 * Read the boot DTB. Returns 0 or -EINVAL, after printing what is wrong with
 * it. Domains with a broken description are refused as a whole; the rest of
 * the machine still boots.
 */
int dt_parse(const void *fdt, struct boot_info *bi);

#endif
