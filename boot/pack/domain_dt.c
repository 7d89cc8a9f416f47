/* SPDX-License-Identifier: MIT */
/* tessera-pack: a boot-time domain's device tree, written by the shared code in boot/guest. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "boot/guest/guest_dt.h"
#include "pack.h"

/* What the devices hook needs to copy a domain's devices from the machine DTB. */
struct devices_hook {
	const struct domain *domain;
	const void *machine;
};

static int add_devices(void *fdt, void *arg)
{
	const struct devices_hook *hook = arg;

	return devices_dt_write(fdt, hook->domain, hook->machine, GUEST_DT_GIC_PHANDLE);
}

/*
 * The shared DTB code's description of a domain. A domain with devices gets a
 * dma-ranges; its RAM block follows the modules, whose places depend on the
 * DTB's size, so it is chosen after the DTB is built: the entry starts with
 * host address 0 and domain_dt_set_ram_pa() puts in the real one.
 */
static void dt_config(const struct domain *domain, struct devices_hook *hook,
		      struct guest_dt_config *config)
{
	*config = (struct guest_dt_config){
		.name = domain->name,
		.vcpu_count = domain->vcpu_count,
		.ram_bytes = domain->memory_kib * KIB,
		.bootargs = domain->bootargs,
		.dma_ranges = domain->devices != NULL,
		.ram_pa = domain->ram_pa,
		.mmio = domain->mmio,
		.mmio_count = domain->mmio_count,
		.extra = add_devices,
		.extra_arg = hook,
		.extra_bytes = devices_dt_size(domain, hook->machine),
	};
	if (domain->ramdisk_file) {
		config->initrd_ipa = domain->ramdisk.load_ipa;
		config->initrd_size = domain->ramdisk.size;
	}
}

/* Why the shared code refused to write the DTB, in the boot configuration's words. */
static void dt_error(const struct domain *domain, int err)
{
	if (err == -E2BIG) {
		pack_error("domain %s: its DTB is larger than 2 MiB", domain->name);
	} else if (err == -EINVAL && domain->bootargs &&
		   strlen(domain->bootargs) > GUEST_DT_BOOTARGS_MAX) {
		pack_error("domain %s: bootargs of %zu bytes, more than the %u a kernel takes",
			   domain->name, strlen(domain->bootargs), GUEST_DT_BOOTARGS_MAX);
	} else {
		pack_error("domain %s: cannot build its DTB", domain->name);
	}
}

/* A device passed through keeps its machine name: it must not take one the tree has already. */
static int check_unique_names(const void *fdt, const struct domain *domain)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		int other;

		fdt_for_each_subnode(other, fdt, 0) {
			if (other < node && strcmp(name, fdt_get_name(fdt, other, NULL)) == 0) {
				pack_error("domain %s: its DTB would have two nodes named /%s",
					   domain->name, name);
				return -1;
			}
		}
	}
	return 0;
}

/**
 * Build the domain's DTB (boot/README.md "The domain DTB") into
 * domain->dtb_blob and set domain->dtb.size and .span. Needs the ramdisk's
 * placement and, for the devices passed through, the machine DTB that
 * devices_check() resolved them in. Returns 0 or -1 after printing why.
 */
int domain_dt_build(struct domain *domain, const void *machine)
{
	struct devices_hook hook = { .domain = domain, .machine = machine };
	struct guest_dt_config config;
	size_t capacity;
	void *fdt;
	int err;

	dt_config(domain, &hook, &config);
	capacity = guest_dt_size_bound(&config);
	fdt = malloc(capacity);
	if (!fdt) {
		pack_error("out of memory");
		return -1;
	}
	err = guest_dt_write(&config, fdt, capacity);
	if (err != 0) {
		dt_error(domain, err);
		free(fdt);
		return -1;
	}
	if (check_unique_names(fdt, domain) < 0) {
		free(fdt);
		return -1;
	}
	domain->dtb_blob = fdt;
	domain->dtb.size = fdt_totalsize(fdt);
	domain->dtb.span = domain->dtb.size;
	return 0;
}

/**
 * Put domain->ram_pa, the host address of the RAM block of a domain with
 * devices, into the dma-ranges of its built DTB (the size stays the same).
 * Does nothing for a domain without devices. Returns 0 or -1 after printing why.
 */
int domain_dt_set_ram_pa(struct domain *domain)
{
	if (!domain->devices) {
		return 0;
	}
	if (guest_dt_set_dma_base(domain->dtb_blob, domain->ram_pa, domain->memory_kib * KIB) !=
	    0) {
		pack_error("domain %s: cannot set dma-ranges in its DTB", domain->name);
		return -1;
	}
	return 0;
}
