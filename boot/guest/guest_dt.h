/* SPDX-License-Identifier: MIT */
/* The device tree a domain starts with, written with libfdt from a plain description. */
#ifndef GUEST_DT_H
#define GUEST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/boot_desc.h"

/* The phandle of the domain's GIC, the root's interrupt-parent: added nodes point at it. */
#define GUEST_DT_GIC_PHANDLE 1u

/* The core gives no domain more vCPUs than a boot description may (kernel DOMAIN_VCPUS_MAX). */
#define GUEST_DT_VCPUS_MAX BOOT_DESC_VCPUS_MAX
/* Bytes of bootargs, the NUL left out: arm64 Linux's COMMAND_LINE_SIZE less its NUL. */
#define GUEST_DT_BOOTARGS_MAX 2047u
/* Bytes of a domain's name (in the root's model string), the NUL left out. */
#define GUEST_DT_NAME_MAX 63u
#define GUEST_DT_MMIO_MAX BOOT_DESC_MMIO_MAX

/**
 * Adds nodes of the caller's own at the end of the root (devices passed
 * through), with libfdt's sequential-write calls on fdt. Returns 0, or
 * non-zero to make guest_dt_write() fail with -EIO.
 */
typedef int guest_dt_extra_fn(void *fdt, void *arg);

/**
 * What a domain's DTB says (boot/README.md "The domain DTB"). Every field is
 * checked by guest_dt_write(); strings must be NUL-terminated.
 */
struct guest_dt_config {
	const char *name;     /* 1..GUEST_DT_NAME_MAX bytes: model = "Tessera domain NAME" */
	uint32_t vcpu_count;  /* 1..GUEST_DT_VCPUS_MAX: cpu nodes and GIC redistributors */
	uint64_t ram_bytes;   /* RAM at GUEST_RAM_BASE: a whole number of 4 KiB pages, at
				 most GUEST_RAM_MAX */
	const char *bootargs; /* /chosen/bootargs, NULL for none; at most GUEST_DT_BOOTARGS_MAX */
	uint64_t initrd_ipa;  /* /chosen/linux,initrd-start; with initrd_size 0, no initrd */
	uint64_t initrd_size; /* linux,initrd-end = initrd_ipa + initrd_size */
	/* Devices that do DMA see the domain's RAM at host address ram_pa: the root gets a
	 * dma-ranges saying so (guest_dt_set_dma_base() may change ram_pa afterwards). */
	bool dma_ranges;
	uint64_t ram_pa;
	/* Ranges passed through at IPA == PA, at most GUEST_DT_MMIO_MAX: the extended regions
	 * of /hypervisor (the unused guest-physical space above RAM) leave them out. */
	const struct boot_desc_range *mmio;
	unsigned int mmio_count;
	/* Optional: adds the caller's nodes; extra_bytes bounds what it adds to the blob. */
	guest_dt_extra_fn *extra;
	void *extra_arg;
	size_t extra_bytes;
};

/**
 * guest_dt_size_bound() - the buffer guest_dt_write() needs for config.
 * Meaningful only for a config that guest_dt_write() accepts: out-of-range
 * vcpu_count and bootargs count as their largest accepted values, and the sum
 * saturates instead of wrapping.
 */
size_t guest_dt_size_bound(const struct guest_dt_config *config);

/**
 * guest_dt_write() - write a domain's DTB into buf.
 * @config:   what it says; nothing in it is trusted
 * @buf:      where the blob goes, 8-byte aligned as libfdt reads blobs; its size is
 *            fdt_totalsize(buf) on success
 * @capacity: bytes at buf, guest_dt_size_bound(config) suffices
 *
 * Return: 0; -EINVAL if a field of config is out of its range (see the
 * struct) or initrd_ipa + initrd_size wraps, or with dma_ranges ram_pa +
 * ram_bytes does; -ENOSPC if capacity is too
 * small; -E2BIG if the DTB came to more than GUEST_DTB_MAX (2 MiB);
 * -EIO if config->extra failed (as it does when it writes more than
 * extra_bytes and runs out of room).
 */
int guest_dt_write(const struct guest_dt_config *config, void *buf, size_t capacity);

/**
 * guest_dt_set_dma_base() - put a new host address in a written DTB's dma-ranges.
 * @blob:      a DTB guest_dt_write() made with dma_ranges set
 * @ram_pa:    the host address of the domain's RAM block
 * @ram_bytes: the domain's RAM, as in its config
 *
 * For a caller that knows the block only once the DTB's size is known: the
 * blob's size does not change. Return: 0, or -EINVAL if the blob has no
 * dma-ranges of that form or ram_pa + ram_bytes wraps.
 */
int guest_dt_set_dma_base(void *blob, uint64_t ram_pa, uint64_t ram_bytes);

#endif
