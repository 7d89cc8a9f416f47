/* SPDX-License-Identifier: MIT */
/* tessera-pack: read and check the boot configuration (boot/README.md). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "abi/hypercall.h"
#include "pack.h"

/* Every property a domain node may carry; anything else is a mistake worth reporting. */
static const char *const domain_properties[] = {
	"compatible",
	"tessera,domid",
	"cpus",
	"memory",
	"kernel",
	"ramdisk",
	"tessera,bundle",
	"bootargs",
	"tessera,rights",
	"tessera,weight",
	"tessera,cap",
	"tessera,cpus-allowed",
	"tessera,grant-frames",
	"tessera,devices",
	"tessera,on-poweroff",
	"tessera,on-reboot",
	"tessera,on-crash",
	"tessera,controller",
	"tessera,device-model",
	"disk",
	"vif",
};

static bool is_domain_property(const char *name)
{
	for (size_t i = 0; i < sizeof(domain_properties) / sizeof(domain_properties[0]); i++) {
		if (strcmp(name, domain_properties[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Reject properties and child nodes a domain node must not have. */
static int check_domain_node(const void *fdt, int node, const char *name)
{
	int prop;

	fdt_for_each_property_offset(prop, fdt, node) {
		const char *prop_name;

		fdt_getprop_by_offset(fdt, prop, &prop_name, NULL);
		if (!is_domain_property(prop_name)) {
			pack_error("domain %s: unknown property '%s'", name, prop_name);
			return -1;
		}
	}
	if (fdt_first_subnode(fdt, node) >= 0) {
		pack_error("domain %s: unexpected child node", name);
		return -1;
	}
	return 0;
}

/*
 * A domain's name becomes a file name (<name>.dtb) and the name field of its
 * boot description record: letters, digits, '_', '-', '.' and '+', starting
 * with a letter or digit, short enough to leave room for the NUL.
 */
static int check_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length > BOOT_DESC_NAME_MAX - 1 || !isalnum((unsigned char)name[0])) {
		pack_error(
			"domain name '%s': must be 1 to %u characters, starting with a letter or "
			"digit",
			name, BOOT_DESC_NAME_MAX - 1);
		return -1;
	}
	for (size_t i = 0; i < length; i++) {
		if (!isalnum((unsigned char)name[i]) && !strchr("_-.+", name[i])) {
			pack_error("domain name '%s': character '%c' not allowed", name, name[i]);
			return -1;
		}
	}
	if (strcmp(name, "machine") == 0) {
		pack_error("domain name 'machine' is taken by machine.dtb");
		return -1;
	}
	return 0;
}

/**
 * A property of a domain node holding exactly one non-empty string; *value
 * stays NULL when it is absent and not required. Returns 0 or -1 after
 * printing why.
 */
int config_string(const void *fdt, int node, const char *domain, const char *prop, bool required,
		  const char **value)
{
	int length;
	const char *data = fdt_getprop(fdt, node, prop, &length);

	*value = NULL;
	if (!data) {
		if (required) {
			pack_error("domain %s: missing property '%s'", domain, prop);
			return -1;
		}
		return 0;
	}
	if (length < 2 || data[length - 1] != '\0' || strlen(data) != (size_t)length - 1) {
		pack_error("domain %s: '%s' must be one non-empty string", domain, prop);
		return -1;
	}
	*value = data;
	return 0;
}

/**
 * A number of one cell, or of one or two cells when wide is set, from a
 * property that must be there. Returns 0 or -1 after printing why.
 */
int config_number(const void *fdt, int node, const char *domain, const char *prop, bool wide,
		  uint64_t *value)
{
	int length;
	const fdt32_t *cells = fdt_getprop(fdt, node, prop, &length);

	if (!cells) {
		pack_error("domain %s: missing property '%s'", domain, prop);
		return -1;
	}
	if (length == 4) {
		*value = fdt32_to_cpu(cells[0]);
		return 0;
	}
	if (wide && length == 8) {
		*value = ((uint64_t)fdt32_to_cpu(cells[0]) << 32) | fdt32_to_cpu(cells[1]);
		return 0;
	}
	pack_error("domain %s: '%s' must be %s", domain, prop,
		   wide ? "one or two cells, as in <0 16384>" : "one cell, as in <1>");
	return -1;
}

/**
 * A list of non-empty strings (*list and *length stay NULL and 0 when the
 * property is absent): tessera,rights, which settings.c resolves,
 * tessera,devices, which devices.c checks against the machine, and disk,
 * which boot_devices.c checks. Returns 0 or -1 after printing why.
 */
int config_string_list(const void *fdt, int node, const char *domain, const char *prop,
		       const char **list, int *length)
{
	const char *data = fdt_getprop(fdt, node, prop, length);

	*list = NULL;
	if (!data) {
		*length = 0;
		return 0;
	}
	if (*length < 2 || data[*length - 1] != '\0') {
		pack_error("domain %s: '%s' must be a list of strings", domain, prop);
		return -1;
	}
	for (int i = 0; i < *length; i += (int)strlen(data + i) + 1) {
		if (data[i] == '\0') {
			pack_error("domain %s: '%s' holds an empty string", domain, prop);
			return -1;
		}
	}
	*list = data;
	return 0;
}

static int read_sizes(const void *fdt, int node, struct domain *domain)
{
	uint64_t value;

	if (config_number(fdt, node, domain->name, "cpus", false, &value) < 0) {
		return -1;
	}
	if (value == 0 || value > BOOT_DESC_VCPUS_MAX) {
		pack_error("domain %s: cpus = %llu, must be 1 to %u (a boot description's limit)",
			   domain->name, (unsigned long long)value, BOOT_DESC_VCPUS_MAX);
		return -1;
	}
	domain->vcpu_count = (uint32_t)value;

	if (config_number(fdt, node, domain->name, "memory", true, &value) < 0) {
		return -1;
	}
	if (value == 0 || value % 4 != 0 || value > GUEST_RAM_MAX / KIB) {
		pack_error(
			"domain %s: memory = %llu KiB, must be a multiple of 4 KiB from 4 to %llu",
			domain->name, (unsigned long long)value,
			(unsigned long long)(GUEST_RAM_MAX / KIB));
		return -1;
	}
	domain->memory_kib = value;
	return 0;
}

static int read_domid(const void *fdt, int node, unsigned int index, struct domain *domain)
{
	uint64_t value = index + 1;

	if (fdt_getprop(fdt, node, "tessera,domid", NULL) &&
	    config_number(fdt, node, domain->name, "tessera,domid", false, &value) < 0) {
		return -1;
	}
	if (value == 0 || value >= DOMID_FIRST_RESERVED) {
		pack_error("domain %s: domain id %llu is reserved (must be 1 to %u)", domain->name,
			   (unsigned long long)value, DOMID_FIRST_RESERVED - 1);
		return -1;
	}
	domain->domid = (uint32_t)value;
	return 0;
}

static int read_files(const void *fdt, int node, struct domain *domain)
{
	if (config_string(fdt, node, domain->name, "kernel", true, &domain->kernel_file) < 0 ||
	    config_string(fdt, node, domain->name, "ramdisk", false, &domain->ramdisk_file) < 0 ||
	    config_string(fdt, node, domain->name, "tessera,bundle", false, &domain->bundle_dir) <
		    0) {
		return -1;
	}
	if (domain->kernel_file[0] == '/' ||
	    (domain->ramdisk_file && domain->ramdisk_file[0] == '/') ||
	    (domain->bundle_dir && domain->bundle_dir[0] == '/')) {
		pack_error("domain %s: kernel, ramdisk and bundle are named relative to the image "
			   "folder",
			   domain->name);
		return -1;
	}
	/* The bundle reaches the domain as its ramdisk module: there is room for one. */
	if (domain->ramdisk_file && domain->bundle_dir) {
		pack_error("domain %s: has both a ramdisk and a bundle; the bundle is given as the "
			   "domain's ramdisk, so give one or the other",
			   domain->name);
		return -1;
	}
	return 0;
}

/* Fill in one domain from its node; index is its place among the root's children. */
static int read_domain(const void *fdt, int node, unsigned int index, struct domain *domain)
{
	domain->name = fdt_get_name(fdt, node, NULL);
	if (check_name(domain->name) < 0) {
		return -1;
	}
	if (fdt_node_check_compatible(fdt, node, "tessera,domain") != 0) {
		pack_error("node %s: compatible must be \"tessera,domain\"", domain->name);
		return -1;
	}
	if (check_domain_node(fdt, node, domain->name) < 0 ||
	    read_domid(fdt, node, index, domain) < 0 || read_sizes(fdt, node, domain) < 0 ||
	    read_files(fdt, node, domain) < 0 ||
	    config_string(fdt, node, domain->name, "bootargs", false, &domain->bootargs) < 0 ||
	    config_string_list(fdt, node, domain->name, "tessera,devices", &domain->devices,
			       &domain->devices_len) < 0 ||
	    boot_devices_read(fdt, node, domain) < 0 || settings_read(fdt, node, domain) < 0) {
		return -1;
	}
	domain->kernel.role = "kernel";
	domain->dtb.role = "dtb";
	domain->ramdisk.role = "ramdisk";
	return 0;
}

static int check_domids_unique(const struct boot_set *set)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		for (unsigned int j = 0; j < i; j++) {
			if (set->domains[i].domid == set->domains[j].domid) {
				pack_error("domains %s and %s both have domain id %u",
					   set->domains[j].name, set->domains[i].name,
					   set->domains[i].domid);
				return -1;
			}
		}
	}
	return 0;
}

/**
 * Read every domain of a boot configuration DTB into set->domains (calloc'ed;
 * config_free() releases it). Strings in the domains point into config, which
 * must outlive set. Returns 0, or -1 after printing what is wrong.
 */
int config_read(const void *config, struct boot_set *set)
{
	unsigned int count = 0;
	int node;
	int err = fdt_check_header(config);

	if (err != 0) {
		pack_error("boot config is not a DTB: %s", fdt_strerror(err));
		return -1;
	}
	if (fdt_node_check_compatible(config, 0, "tessera,boot-config") != 0) {
		pack_error("boot config: root compatible must be \"tessera,boot-config\"");
		return -1;
	}
	fdt_for_each_subnode(node, config, 0) {
		count++;
	}
	if (count == 0) {
		pack_error("boot config describes no domain");
		return -1;
	}
	if (count > BOOT_DESC_DOMAINS_MAX) {
		pack_error("boot config describes %u domains; a boot description holds at most %u "
			   "(one a 16-bit VMID)",
			   count, BOOT_DESC_DOMAINS_MAX);
		return -1;
	}
	set->domains = calloc(count, sizeof(*set->domains));
	if (!set->domains) {
		pack_error("out of memory");
		return -1;
	}
	set->domain_count = count;
	count = 0;
	fdt_for_each_subnode(node, config, 0) {
		if (read_domain(config, node, count, &set->domains[count]) < 0) {
			return -1;
		}
		count++;
	}
	return check_domids_unique(set);
}

/** Release what config_read() and the later steps allocated. */
void config_free(struct boot_set *set)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];

		free(domain->kernel.path);
		free(domain->ramdisk.path);
		free(domain->dtb.path);
		free(domain->dtb_blob);
		free(domain->device_nodes);
		free(domain->device_list);
	}
	free(set->desc.path);
	set->desc.path = NULL;
	free(set->domains);
	set->domains = NULL;
	set->domain_count = 0;
}
