/* SPDX-License-Identifier: MIT */
/* What the core learns from the boot DTB: the machine, and where the boot description lies. */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <abi/boot_desc.h>
#include <abi/domain_info.h>
#include <frame.h>
#include <types.h>

#define BOOT_CPUS_MAX 8
#define BOOT_RESERVED_MAX 48
#define DOMAIN_NAME_MAX BOOT_DESC_NAME_MAX
#define DOMAIN_VCPUS_MAX BOOT_DESC_VCPUS_MAX

/* Rights a domain holds (abi/domain_info.h). */
#define RIGHT_CONSOLE DOMAIN_RIGHT_CONSOLE
#define RIGHT_XENSTORE DOMAIN_RIGHT_XENSTORE
#define RIGHT_TOOLSTACK DOMAIN_RIGHT_TOOLSTACK
#define RIGHT_DEVEMU DOMAIN_RIGHT_DEVEMU
#define RIGHT_DRIVER DOMAIN_RIGHT_DRIVER
#define RIGHTS_ALL (RIGHT_CONSOLE | RIGHT_XENSTORE | RIGHT_TOOLSTACK | RIGHT_DEVEMU | RIGHT_DRIVER)

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
	struct mem_range desc; /* the boot description module; size 0: none */
};

/** true if [base, base + size) lies inside one RAM bank. */
bool boot_ram_holds(const struct boot_info *bi, uint64_t base, uint64_t size);

/** true if [base, base + size) overlaps a reserved range. */
bool boot_reserved_overlaps(const struct boot_info *bi, uint64_t base, uint64_t size);

/** Keep [base, base + size) from the allocator, joined to a kept range it starts in or within
 * 64 KiB of; false (after a message) when the list is full. */
bool boot_reserve(struct boot_info *bi, uint64_t base, uint64_t size);

/** Whether name is 1..DOMAIN_NAME_MAX-1 of [A-Za-z0-9_.+-], NUL-terminated: safe in logs. */
bool domain_name_valid(const char *name);

/**
 * Read the machine from the boot DTB: RAM, reserved ranges, UART, GIC, RTC,
 * CPUs, and where the boot description module lies. Returns 0
 * or -EINVAL, after printing what is wrong with it.
 */
int dt_parse(const void *fdt, struct boot_info *bi);

#endif
