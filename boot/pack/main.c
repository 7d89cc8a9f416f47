/* SPDX-License-Identifier: MIT */
/* tessera-pack: turn a boot configuration into a boot set for one machine (boot/README.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "pack.h"

struct args {
	const char *machine; /* the machine's DTB, from QEMU's -machine dumpdtb */
	const char *config;  /* the boot configuration, compiled by dtc */
	const char *images;  /* folder the config's kernel and ramdisk names are relative to */
	const char *out;     /* folder for machine.dtb, boot-desc.bin, <domain>.dtb and qemu-args */
	const char *dump;    /* --dump-desc: the boot description to print instead */
	const char *dump_bundle; /* --dump-bundle: the file bundle to print and check instead */
	bool verbose;
};

static void usage(FILE *f)
{
	fputs("usage: tessera-pack --machine QEMU.dtb --config BOOT-CONFIG.dtb --images DIR "
	      "--out DIR [--verbose]\n"
	      "       tessera-pack --dump-desc BOOT-DESC.bin\n"
	      "       tessera-pack --dump-bundle DOMAIN.bundle\n"
	      "Writes DIR/machine.dtb, DIR/" BOOT_DESC_FILE ", DIR/<domain>.dtb for every domain,\n"
	      "DIR/<domain>.bundle for every domain with a bundle and DIR/qemu-args (QEMU\n"
	      "arguments, one a line); --dump-desc and --dump-bundle print a boot description's\n"
	      "or a bundle's fields, one a line. See boot/README.md.\n",
	      f);
}

static int parse_args(int argc, char **argv, struct args *args)
{
	static const struct option options[] = {
		{ "machine", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "images", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "dump-desc", required_argument, NULL, 'd' },
		{ "dump-bundle", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:c:i:o:vh", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			args->machine = optarg;
			break;
		case 'c':
			args->config = optarg;
			break;
		case 'i':
			args->images = optarg;
			break;
		case 'o':
			args->out = optarg;
			break;
		case 'v':
			args->verbose = true;
			break;
		case 'd':
			args->dump = optarg;
			break;
		case 'b':
			args->dump_bundle = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	/* A dump is all a run does: one of the two, and nothing else. */
	if ((args->dump != NULL) != (args->dump_bundle != NULL) && optind == argc &&
	    !args->machine && !args->config && !args->images && !args->out && !args->verbose) {
		return 0;
	}
	if (args->dump || args->dump_bundle || optind != argc || !args->machine || !args->config ||
	    !args->images || !args->out) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Read a DTB file and check its header. */
static int read_dtb(const char *what, const char *path, void **data, size_t *size)
{
	int err;

	if (read_file(path, data, size) < 0) {
		return -1;
	}
	err = *size >= sizeof(struct fdt_header) ? fdt_check_header(*data) : -FDT_ERR_TRUNCATED;
	if (err == 0 && fdt_totalsize(*data) > *size) {
		err = -FDT_ERR_TRUNCATED;
	}
	if (err != 0) {
		pack_error("%s %s is not a valid DTB: %s", what, path, fdt_strerror(err));
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

/* Check the image folder and make the output folder; *out_abs is its absolute path. */
static int prepare_dirs(const struct args *args, char **out_abs)
{
	struct stat st;

	if (stat(args->images, &st) != 0) {
		pack_error("image folder %s: %s", args->images, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		pack_error("image folder %s: not a folder", args->images);
		return -1;
	}
	if (mkdir(args->out, 0777) != 0 && errno != EEXIST) {
		pack_error("cannot create %s: %s", args->out, strerror(errno));
		return -1;
	}
	*out_abs = realpath(args->out, NULL);
	if (!*out_abs) {
		pack_error("output folder %s: %s", args->out, strerror(errno));
		return -1;
	}
	return 0;
}

/* The name of a domain's DTB file in the output folder. */
static void domain_dtb_file(const struct domain *domain, char *file, size_t size)
{
	snprintf(file, size, "%s.dtb", domain->name);
}

/* Build every domain's DTB and give it its path in out_dir, where write_domain_dtbs() puts it. */
static int build_domain_dtbs(struct boot_set *set, const void *machine, const char *out_dir)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];
		char file[80];

		domain_dtb_file(domain, file, sizeof(file));
		if (domain_dt_build(domain, machine) < 0) {
			return -1;
		}
		domain->dtb.path = join_path(out_dir, file);
		if (!domain->dtb.path) {
			return -1;
		}
	}
	return 0;
}

/* With the domains placed in host RAM, complete every domain's DTB and write it out. */
static int write_domain_dtbs(struct boot_set *set, const char *out_dir)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];
		char file[80];

		domain_dtb_file(domain, file, sizeof(file));
		if (domain_dt_set_ram_pa(domain) < 0 ||
		    write_file(out_dir, file, domain->dtb_blob, domain->dtb.size) < 0) {
			return -1;
		}
	}
	return 0;
}

static void print_module(const char *domain, const struct module *module)
{
	printf("%-12s %-8s host 0x%08llx-0x%08llx  IPA 0x%08llx  %s\n", domain, module->role,
	       (unsigned long long)module->host_addr,
	       (unsigned long long)(module->host_addr + module->size),
	       (unsigned long long)module->load_ipa, module->path);
}

static void print_layout(const struct boot_set *set)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *domain = &set->domains[i];

		print_module(domain->name, &domain->kernel);
		print_module(domain->name, &domain->dtb);
		if (domain->ramdisk_file) {
			print_module(domain->name, &domain->ramdisk);
		}
		if (domain->ram_block_size) {
			printf("%-12s %-8s host 0x%08llx-0x%08llx  IPA 0x%08llx  %llu KiB of RAM\n",
			       domain->name, "ram", (unsigned long long)domain->ram_pa,
			       (unsigned long long)(domain->ram_pa + domain->ram_block_size),
			       (unsigned long long)GUEST_RAM_BASE,
			       (unsigned long long)domain->memory_kib);
		}
	}
	printf("%-12s %-8s host 0x%08llx-0x%08llx  %s\n", "(core)", "desc",
	       (unsigned long long)set->desc.host_addr,
	       (unsigned long long)(set->desc.host_addr + set->desc.size), set->desc.path);
}

/* The boot description's path and size, which place_in_host() needs. */
static int prepare_desc(struct boot_set *set, const char *out_dir)
{
	set->desc.role = "boot description";
	set->desc.size = boot_desc_size(set);
	set->desc.path = join_path(out_dir, BOOT_DESC_FILE);
	return set->desc.path ? 0 : -1;
}

/* With everything placed, write the boot description. */
static int write_desc(const struct boot_set *set, const char *out_dir)
{
	void *desc = NULL;
	size_t size = 0;
	int ret = -1;

	if (boot_desc_build(set, &desc, &size) == 0) {
		ret = write_file(out_dir, BOOT_DESC_FILE, desc, size);
	}
	free(desc);
	return ret;
}

static int pack(const struct args *args, const void *machine, size_t machine_size,
		const void *config, const char *out_dir)
{
	struct boot_set set = { 0 };
	void *machine_out = NULL;
	size_t machine_out_size = 0;
	int ret = -1;

	if (config_read(config, &set) < 0 || settings_resolve(&set, machine) < 0 ||
	    devices_check(&set, machine) < 0 || boot_devices_check(&set) < 0 ||
	    bundle_pack_all(&set, args->images, out_dir) < 0 ||
	    place_in_domains(&set, args->images) < 0 ||
	    build_domain_dtbs(&set, machine, out_dir) < 0 || prepare_desc(&set, out_dir) < 0 ||
	    place_in_host(&set, machine) < 0 || write_domain_dtbs(&set, out_dir) < 0 ||
	    write_desc(&set, out_dir) < 0 ||
	    machine_dt_build(machine, machine_size, &set, &machine_out, &machine_out_size) < 0 ||
	    write_file(out_dir, "machine.dtb", machine_out, machine_out_size) < 0 ||
	    qemu_args_write(&set, out_dir) < 0) {
		goto out;
	}
	if (args->verbose) {
		print_layout(&set);
	}
	ret = 0;
out:
	free(machine_out);
	config_free(&set);
	return ret;
}

int main(int argc, char **argv)
{
	struct args args = { 0 };
	void *machine = NULL;
	void *config = NULL;
	size_t machine_size;
	size_t config_size;
	char *out_dir = NULL;
	int ret = 1;

	if (parse_args(argc, argv, &args) < 0) {
		return 1;
	}
	if (args.dump) {
		return desc_dump(args.dump) == 0 ? 0 : 1;
	}
	if (args.dump_bundle) {
		return bundle_dump(args.dump_bundle) == 0 ? 0 : 1;
	}
	if (read_dtb("machine DTB", args.machine, &machine, &machine_size) < 0 ||
	    read_dtb("boot config", args.config, &config, &config_size) < 0 ||
	    prepare_dirs(&args, &out_dir) < 0) {
		goto out;
	}
	if (pack(&args, machine, machine_size, config, out_dir) == 0) {
		ret = 0;
	}
out:
	free(out_dir);
	free(config);
	free(machine);
	return ret;
}
