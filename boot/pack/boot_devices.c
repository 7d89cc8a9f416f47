/* SPDX-License-Identifier: MIT */
/* tessera-pack: boot domains' disk and vif properties, checked and written as device lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/domain_info.h"
#include "pack.h"
#include "services/toolstack/xlcfg.h"

/*
 * A boot domain's disk and vif properties are specs in xl's syntax. The core
 * never sees them: the toolstack that controls the domain writes their store
 * entries when it starts. So they are checked here with the toolstack's own
 * parsers (services/toolstack/xl_disk.c, xl_vif.c), then written, one file a
 * domain, as an xl.cfg-syntax device list that the controller's bundle
 * carries (bundle_pack.c) and the toolstack reads with xl_device_list_parse().
 * What is written is read back with that same reader before it is packed.
 */

/* What a spec list is called in messages and how each of its specs is checked. */
struct spec_kind {
	const char *prop; /* "disk" or "vif" */
	unsigned int max;
};

static const struct spec_kind disk_kind = { "disk", XL_DISKS_MAX };
static const struct spec_kind vif_kind = { "vif", XL_VIFS_MAX };

/**
 * Read a domain node's disk and vif properties: lists of strings, each a spec
 * (a vif's may be empty: xl's vif with every default). Absent, they stay NULL.
 * Returns 0 or -1 after printing why.
 */
int boot_devices_read(const void *fdt, int node, struct domain *domain)
{
	if (config_string_list(fdt, node, domain->name, "disk", &domain->disks,
			       &domain->disks_len) < 0) {
		return -1;
	}
	domain->vifs = fdt_getprop(fdt, node, "vif", &domain->vifs_len);
	if (!domain->vifs) {
		domain->vifs_len = 0;
		return 0;
	}
	if (domain->vifs_len < 1 || domain->vifs[domain->vifs_len - 1] != '\0') {
		pack_error("domain %s: 'vif' must be a list of strings", domain->name);
		return -1;
	}
	return 0;
}

/** The name of domain's device list in its controller's bundle: boot.<name>.cfg. */
int boot_devices_file_name(const struct domain *domain, char *out, size_t size)
{
	int n = snprintf(out, size, "boot.%s.cfg", domain->name);

	return n > 0 && (size_t)n < size ? 0 : -1;
}

static const struct domain *domain_named(const struct boot_set *set, const char *name)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		if (strcmp(set->domains[i].name, name) == 0) {
			return &set->domains[i];
		}
	}
	return NULL;
}

/*
 * The back end a spec names (backend=) must be another domain of this boot
 * configuration, and without one exactly one domain must hold the driver
 * right: the toolstack writes the entries when it starts, when only boot
 * domains exist, and does not guess which of several serves a device.
 */
static int check_backend(const struct boot_set *set, const struct domain *domain, const char *prop,
			 const char *spec, const char *backend)
{
	const struct domain *named = backend[0] ? domain_named(set, backend) : NULL;

	if (backend[0] && (!named || named == domain)) {
		pack_error("domain %s: %s \"%s\": backend=%s names %s", domain->name, prop, spec,
			   backend, named ? "the domain itself" : "no domain of the boot config");
		return -1;
	}
	if (backend[0]) {
		return 0;
	}
	unsigned int drivers = 0;

	for (unsigned int i = 0; i < set->domain_count; i++) {
		drivers += (set->domains[i].rights & DOMAIN_RIGHT_DRIVER) != 0;
	}
	if (drivers == 1) {
		return 0;
	}
	if (drivers == 0) {
		pack_error("domain %s: %s \"%s\": no domain holds the driver right to serve it "
			   "(give one the right, or name one with backend=)",
			   domain->name, prop, spec);
	} else {
		pack_error("domain %s: %s \"%s\": %u domains hold the driver right: name the one "
			   "that serves it with backend=",
			   domain->name, prop, spec, drivers);
	}
	return -1;
}

/* One spec of kind: parsed into *cfg's next disk or vif, and unique there. */
static int check_spec(const struct boot_set *set, const struct domain *domain,
		      const struct spec_kind *kind, const char *spec, struct xl_config *cfg)
{
	struct xl_spec_error err = { 0 };
	const char *backend;
	size_t len = strlen(spec);
	uint32_t devid, i;
	int rc;

	if (len >= XL_STRING_MAX) {
		pack_error("domain %s: a %s spec is %zu bytes; at most %u are read", domain->name,
			   kind->prop, len, XL_STRING_MAX - 1);
		return -1;
	}
	if (kind == &disk_kind) {
		rc = xl_disk_parse(spec, len, &cfg->disks[cfg->disk_count], &err);
		devid = cfg->disks[cfg->disk_count].devid;
		backend = cfg->disks[cfg->disk_count].backend;
	} else {
		rc = xl_vif_parse(spec, len, cfg->vif_count, &cfg->vifs[cfg->vif_count], &err);
		devid = cfg->vifs[cfg->vif_count].devid;
		backend = cfg->vifs[cfg->vif_count].backend;
	}
	if (rc != 0) {
		pack_error("domain %s: %s \"%s\": %s (at byte %u)", domain->name, kind->prop, spec,
			   err.msg, err.offset);
		return -1;
	}
	for (i = 0; i < (kind == &disk_kind ? cfg->disk_count : cfg->vif_count); i++) {
		if ((kind == &disk_kind ? cfg->disks[i].devid : cfg->vifs[i].devid) == devid) {
			pack_error("domain %s: %s \"%s\": device %u is %s %u's too", domain->name,
				   kind->prop, spec, devid, kind->prop, i);
			return -1;
		}
	}
	return check_backend(set, domain, kind->prop, spec, backend);
}

/* Every spec of one property, into cfg. */
static int check_list(const struct boot_set *set, const struct domain *domain,
		      const struct spec_kind *kind, const char *list, int list_len,
		      struct xl_config *cfg)
{
	unsigned int count = 0;

	for (int at = 0; list && at < list_len; at += (int)strlen(list + at) + 1) {
		if (count == kind->max) {
			pack_error("domain %s: more than %u %s specs", domain->name, kind->max,
				   kind->prop);
			return -1;
		}
		if (check_spec(set, domain, kind, list + at, cfg) < 0) {
			return -1;
		}
		count++;
		if (kind == &disk_kind) {
			cfg->disk_count = count;
		} else {
			cfg->vif_count = count;
		}
	}
	return 0;
}

/* A spec as an xl.cfg string in single quotes: quote and backslash escaped, bytes as \xHH. */
static void put_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c < 0x20 || c >= 0x7f) {
			fprintf(f, "\\x%02x", c);
		} else {
			fputc(c, f);
		}
	}
	fputc('\'', f);
}

static void put_list(FILE *f, const char *key, const char *list, int list_len)
{
	if (!list) {
		return;
	}
	fprintf(f, "%s = [\n", key);
	for (int at = 0; at < list_len; at += (int)strlen(list + at) + 1) {
		fputc('\t', f);
		put_string(f, list + at);
		fputs(",\n", f);
	}
	fputs("]\n", f);
}

/* The device list's text, into domain->device_list. */
static int write_list(struct domain *domain)
{
	FILE *f = open_memstream(&domain->device_list, &domain->device_list_size);

	if (!f) {
		pack_error("out of memory");
		return -1;
	}
	fprintf(f,
		"# The disks and vifs of boot domain %s, from its boot configuration: its "
		"controller\n# writes their store entries when it starts. Made by tessera-pack.\n",
		domain->name);
	fprintf(f, "name = \"%s\"\n", domain->name);
	put_list(f, "disk", domain->disks, domain->disks_len);
	put_list(f, "vif", domain->vifs, domain->vifs_len);
	if (fclose(f) != 0 || !domain->device_list) {
		pack_error("out of memory");
		return -1;
	}
	return 0;
}

/* The toolstack's reader must take what was written, with every spec: a failure is our bug. */
static int read_back(const struct domain *domain, const struct xl_config *want,
		     struct xl_config *got)
{
	char file[BOOT_DESC_NAME_MAX + 16];

	(void)boot_devices_file_name(domain, file, sizeof(file));
	if (xl_device_list_parse(file, domain->device_list, domain->device_list_size, got) != 0) {
		pack_error("domain %s: its device list is refused by the toolstack's reader: %s",
			   domain->name, got->error);
		return -1;
	}
	if (strcmp(got->name, domain->name) != 0 || got->disk_count != want->disk_count ||
	    got->vif_count != want->vif_count ||
	    memcmp(got->disks, want->disks, sizeof(got->disks)) != 0 ||
	    memcmp(got->vifs, want->vifs, sizeof(got->vifs)) != 0) {
		pack_error("domain %s: its device list reads back other than its properties",
			   domain->name);
		return -1;
	}
	return 0;
}

/* The entries are written by the controller, from its bundle. */
static int check_controller(const struct boot_set *set, const struct domain *domain)
{
	if (!domain->controller_name) {
		pack_error("domain %s: disk and vif need a tessera,controller: the toolstack that "
			   "writes their entries",
			   domain->name);
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *c = &set->domains[i];

		if (c->domid == domain->controller && c->ramdisk_file && !c->bundle_dir) {
			pack_error("domain %s: its disks and vifs reach its controller %s in its "
				   "bundle, and %s has a ramdisk instead",
				   domain->name, c->name, c->name);
			return -1;
		}
	}
	return 0;
}

static int check_domain(const struct boot_set *set, struct domain *domain)
{
	struct xl_config *want = calloc(2, sizeof(*want));
	int ret = -1;

	if (!want) {
		pack_error("out of memory");
		return -1;
	}
	if (check_controller(set, domain) == 0 &&
	    check_list(set, domain, &disk_kind, domain->disks, domain->disks_len, want) == 0 &&
	    check_list(set, domain, &vif_kind, domain->vifs, domain->vifs_len, want) == 0 &&
	    write_list(domain) == 0) {
		ret = read_back(domain, want, want + 1);
	}
	free(want);
	return ret;
}

/**
 * Check every domain's disk and vif specs with the toolstack's parsers (each
 * valid, no device number twice, at most XL_DISKS_MAX and XL_VIFS_MAX, a
 * back end that can exist, a controller with a bundle to carry them) and
 * write each such domain's device list (domain->device_list). Needs
 * settings_resolve() done. Returns 0, or -1 after printing what is wrong,
 * naming the domain and the spec.
 */
int boot_devices_check(struct boot_set *set)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];

		if ((domain->disks || domain->vifs) && check_domain(set, domain) < 0) {
			return -1;
		}
	}
	return 0;
}
