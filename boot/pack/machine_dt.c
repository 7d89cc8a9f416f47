/* SPDX-License-Identifier: MIT */
/* tessera-pack: add the domains to the machine's /chosen and write QEMU's loader arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "pack.h"

static int set_reg2(void *fdt, int node, const char *name, uint64_t address, uint64_t size)
{
	fdt32_t cells[4] = {
		cpu_to_fdt32((uint32_t)(address >> 32)),
		cpu_to_fdt32((uint32_t)address),
		cpu_to_fdt32((uint32_t)(size >> 32)),
		cpu_to_fdt32((uint32_t)size),
	};

	return fdt_setprop(fdt, node, name, cells, sizeof(cells));
}

/* A module@ADDR child of a domain node: where it lies in host RAM, where it goes in the domain. */
static int add_module(void *fdt, int parent, const struct module *module, const char *compatible,
		      int compatible_len)
{
	char name[32];
	int node;

	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)module->host_addr);
	node = fdt_add_subnode(fdt, parent, name);
	if (node < 0) {
		return node;
	}
	return fdt_setprop(fdt, node, "compatible", compatible, compatible_len) |
	       set_reg2(fdt, node, "reg", module->host_addr, module->size) |
	       fdt_setprop_u64(fdt, node, "tessera,load-ipa", module->load_ipa);
}

static int add_modules(void *fdt, int node, const struct domain *domain)
{
	static const char kernel[] = "multiboot,kernel\0multiboot,module";
	static const char dtb[] = "tessera,domain-dtb\0multiboot,module";
	static const char ramdisk[] = "multiboot,ramdisk\0multiboot,module";
	int err = 0;

	/* libfdt puts a new node before its older siblings: add them last to first. */
	if (domain->ramdisk_file) {
		err |= add_module(fdt, node, &domain->ramdisk, ramdisk, sizeof(ramdisk));
	}
	err |= add_module(fdt, node, &domain->dtb, dtb, sizeof(dtb));
	return err | add_module(fdt, node, &domain->kernel, kernel, sizeof(kernel));
}

/* One xen,domain node under /chosen, in the form boot/README.md gives. */
static int add_domain(void *fdt, int chosen, const struct domain *domain)
{
	int node = fdt_add_subnode(fdt, chosen, domain->name);
	int err;

	if (node == -FDT_ERR_EXISTS) {
		pack_error("machine DTB: /chosen already has a node named %s", domain->name);
		return -1;
	}
	if (node < 0) {
		pack_error("machine DTB: cannot add domain %s: %s", domain->name,
			   fdt_strerror(node));
		return -1;
	}
	err = fdt_setprop_string(fdt, node, "compatible", "xen,domain");
	err |= fdt_setprop_u32(fdt, node, "#address-cells", 2);
	err |= fdt_setprop_u32(fdt, node, "#size-cells", 2);
	err |= fdt_setprop_u32(fdt, node, "tessera,domid", domain->domid);
	err |= fdt_setprop_u32(fdt, node, "cpus", domain->vcpu_count);
	err |= fdt_setprop_u64(fdt, node, "memory", domain->memory_kib);
	if (domain->rights) {
		err |= fdt_setprop(fdt, node, "tessera,rights", domain->rights, domain->rights_len);
	}
	if (domain->devices) {
		/* Its RAM comes page for page from one host block, for the devices' DMA. */
		err |= fdt_setprop(fdt, node, "tessera,devices", domain->devices,
				   domain->devices_len);
		err |= fdt_setprop_u64(fdt, node, "tessera,ram-pa", domain->ram_pa);
	}
	for (unsigned int i = 0; i < PASSED_PROPERTIES; i++) {
		if (domain->sched_value[i]) {
			err |= fdt_setprop(fdt, node, sched_properties[i], domain->sched_value[i],
					   domain->sched_len[i]);
		}
	}
	err |= add_modules(fdt, node, domain);
	if (err != 0) {
		pack_error("machine DTB: cannot describe domain %s", domain->name);
		return -1;
	}
	return 0;
}

static int find_chosen(void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	if (chosen == -FDT_ERR_NOTFOUND) {
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	}
	if (chosen < 0 || fdt_setprop_u32(fdt, chosen, "#address-cells", 2) != 0 ||
	    fdt_setprop_u32(fdt, chosen, "#size-cells", 2) != 0) {
		pack_error("machine DTB: cannot prepare /chosen");
		return -1;
	}
	return chosen;
}

/**
 * Copy the machine's DTB and describe every domain under its /chosen. On
 * success *out (free() it) holds the packed result of *out_size bytes.
 * Returns 0 or -1 after printing why.
 */
int machine_dt_build(const void *machine, size_t machine_size, const struct boot_set *set,
		     void **out, size_t *out_size)
{
	size_t capacity = machine_size + 8 * KIB;
	void *fdt;
	int err;

	for (unsigned int i = 0; i < set->domain_count; i++) {
		capacity += (size_t)(1 * KIB) + (size_t)set->domains[i].rights_len +
			    (size_t)set->domains[i].devices_len +
			    (size_t)(set->domains[i].sched_len[0] + set->domains[i].sched_len[1] +
				     set->domains[i].sched_len[2] + set->domains[i].sched_len[3]);
	}
	fdt = malloc(capacity);
	if (!fdt) {
		pack_error("out of memory");
		return -1;
	}
	err = fdt_open_into(machine, fdt, (int)capacity);
	if (err != 0) {
		pack_error("machine DTB: %s", fdt_strerror(err));
		goto fail;
	}
	/* Last to first, so /chosen lists the domains in the boot config's order. */
	for (unsigned int i = set->domain_count; i > 0; i--) {
		int chosen = find_chosen(fdt);

		if (chosen < 0 || add_domain(fdt, chosen, &set->domains[i - 1]) < 0) {
			goto fail;
		}
	}
	fdt_pack(fdt);
	*out = fdt;
	*out_size = fdt_totalsize(fdt);
	return 0;
fail:
	free(fdt);
	return -1;
}

/* QEMU's option syntax escapes a comma inside a value by doubling it. */
static void put_escaped(FILE *f, const char *value)
{
	for (; *value; value++) {
		if (*value == ',') {
			fputc(',', f);
		}
		fputc(*value, f);
	}
}

static void put_loader(FILE *f, const struct module *module)
{
	fputs("-device\nloader,file=", f);
	put_escaped(f, module->path);
	fprintf(f, ",addr=0x%llx,force-raw=on\n", (unsigned long long)module->host_addr);
}

/**
 * Write out_dir/qemu-args: the QEMU arguments that pass machine.dtb and load
 * every module at its host address, one argument per line. out_dir must be
 * absolute. Returns 0 or -1 after printing why.
 */
int qemu_args_write(const struct boot_set *set, const char *out_dir)
{
	char *text = NULL;
	size_t length = 0;
	FILE *f = open_memstream(&text, &length);
	char *dtb = join_path(out_dir, "machine.dtb");
	int ret = -1;

	if (!f || !dtb) {
		pack_error("out of memory");
		goto out;
	}
	/* -dtb takes a plain file name, without option syntax. */
	fprintf(f, "-dtb\n%s\n", dtb);
	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *domain = &set->domains[i];

		put_loader(f, &domain->kernel);
		put_loader(f, &domain->dtb);
		if (domain->ramdisk_file) {
			put_loader(f, &domain->ramdisk);
		}
	}
	fclose(f);
	f = NULL;
	ret = write_file(out_dir, "qemu-args", text, length);
out:
	if (f) {
		fclose(f);
	}
	free(dtb);
	free(text);
	return ret;
}
