/* SPDX-License-Identifier: MIT */
/* tessera-pack: name the boot description in the machine's /chosen; write QEMU's loader arguments.
 */
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

/*
 * /chosen/module@ADDR for the boot description, the one module the core
 * finds through the DTB: the domains' modules are listed in the description.
 */
static int add_boot_desc(void *fdt, int chosen, const struct module *desc)
{
	static const char compatible[] = BOOT_DESC_COMPATIBLE "\0multiboot,module";
	char name[32];
	int node;

	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)desc->host_addr);
	node = fdt_add_subnode(fdt, chosen, name);
	if (node == -FDT_ERR_EXISTS) {
		pack_error("machine DTB: /chosen already has a node named %s", name);
		return -1;
	}
	if (node < 0 || fdt_setprop(fdt, node, "compatible", compatible, sizeof(compatible)) != 0 ||
	    set_reg2(fdt, node, "reg", desc->host_addr, desc->size) != 0) {
		pack_error("machine DTB: cannot add the boot description's node");
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
 * Copy the machine's DTB and name the boot description (set->desc, placed)
 * under its /chosen. On success *out (free() it) holds the packed result of
 * *out_size bytes. Returns 0 or -1 after printing why.
 */
int machine_dt_build(const void *machine, size_t machine_size, const struct boot_set *set,
		     void **out, size_t *out_size)
{
	size_t capacity = machine_size + 8 * KIB;
	void *fdt = malloc(capacity);
	int chosen;
	int err;

	if (!fdt) {
		pack_error("out of memory");
		return -1;
	}
	err = fdt_open_into(machine, fdt, (int)capacity);
	if (err != 0) {
		pack_error("machine DTB: %s", fdt_strerror(err));
		goto fail;
	}
	chosen = find_chosen(fdt);
	if (chosen < 0 || add_boot_desc(fdt, chosen, &set->desc) < 0) {
		goto fail;
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
 * every module, then the boot description, at its host address, one argument
 * per line. out_dir must be
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
	put_loader(f, &set->desc);
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
