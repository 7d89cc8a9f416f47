/* SPDX-License-Identifier: MIT */
/* tessera-pack: pack a domain's tessera,bundle folder into a file bundle (abi/bundle.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "abi/guest_layout.h"
#include "pack.h"
#include "services/toolstack/bundle.h"

/* Written straight from the abi/bundle.h structs, as the boot description is. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tessera-pack writes bundles in host byte order: build it little-endian"
#endif

/* One file of the folder: its name, its size when listed, where its data goes. */
struct bundle_item {
	char name[BUNDLE_NAME_MAX];
	uint64_t size;
	uint64_t offset;
	const char *data; /* a file tessera-pack made (a device list), or NULL: read from path */
};

/* The folder being packed, for messages and for reading its files. */
struct folder {
	const char *domain;
	char *path; /* image folder joined with the tessera,bundle value; NULL: none, only the
		       files tessera-pack makes */
	struct bundle_item *items;
	unsigned int count;
};

/* Why a name cannot be a bundle's, in the words of abi/bundle.h. */
static const char *name_problem(const char *name)
{
	if (bundle_name_check(name) == -ENAMETOOLONG) {
		return "a bundle name is at most 63 characters";
	}
	return "a bundle name is letters, digits and _.+- starting with a letter or digit";
}

/* Check one folder entry (regular files only, valid names) and note its size. */
static int list_entry(struct folder *folder, const char *name, uint64_t *size)
{
	char *path = join_path(folder->path, name);
	struct stat st;
	int ret = -1;

	if (!path) {
		return -1;
	}
	if (lstat(path, &st) != 0) {
		pack_error("domain %s: bundle file %s: %s", folder->domain, path, strerror(errno));
	} else if (S_ISLNK(st.st_mode)) {
		pack_error("domain %s: bundle file %s is a symbolic link; a bundle holds regular "
			   "files only",
			   folder->domain, path);
	} else if (S_ISDIR(st.st_mode)) {
		pack_error("domain %s: bundle file %s is a folder; a bundle is flat, with no "
			   "folders",
			   folder->domain, path);
	} else if (!S_ISREG(st.st_mode)) {
		pack_error("domain %s: bundle file %s is not a regular file", folder->domain, path);
	} else if (bundle_name_check(name) != 0) {
		pack_error("domain %s: bundle file %s: %s", folder->domain, path,
			   name_problem(name));
	} else {
		*size = (uint64_t)st.st_size;
		ret = 0;
	}
	free(path);
	return ret;
}

/* Add one name to folder->items, growing the array as needed. */
static int add_item(struct folder *folder, const char *name, uint64_t size)
{
	struct bundle_item *items;

	if (folder->count == BUNDLE_FILES_MAX) {
		pack_error("domain %s: bundle folder %s holds more than %u files", folder->domain,
			   folder->path ? folder->path : "(none)", BUNDLE_FILES_MAX);
		return -1;
	}
	items = realloc(folder->items, (folder->count + 1) * sizeof(*items));
	if (!items) {
		pack_error("out of memory");
		return -1;
	}
	folder->items = items;
	memset(&items[folder->count], 0, sizeof(items[0]));
	/* list_entry() checked the length: the NUL fits. */
	memcpy(items[folder->count].name, name, strlen(name));
	items[folder->count].size = size;
	folder->count++;
	return 0;
}

/* Every entry of the folder but "." and "..", checked and listed. */
static int list_folder(struct folder *folder)
{
	DIR *dir = opendir(folder->path);
	struct dirent *entry;
	int ret = 0;

	if (!dir) {
		pack_error("domain %s: bundle folder %s: %s", folder->domain, folder->path,
			   errno == ENOTDIR ? "not a folder" : strerror(errno));
		return -1;
	}
	while (ret == 0 && (entry = readdir(dir)) != NULL) {
		uint64_t size;

		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
			continue;
		}
		ret = list_entry(folder, entry->d_name, &size);
		if (ret == 0) {
			ret = add_item(folder, entry->d_name, size);
		}
	}
	closedir(dir);
	if (ret == 0 && folder->count == 0) {
		pack_error("domain %s: bundle folder %s holds no file", folder->domain,
			   folder->path);
		return -1;
	}
	return ret;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(((const struct bundle_item *)a)->name, ((const struct bundle_item *)b)->name);
}

/*
 * Sort the files by name and give each its data offset: the entry table
 * first, then each file's data at the next BUNDLE_ALIGN boundary, in name
 * order. Returns the bundle's total size, or 0 when it exceeds a domain's RAM.
 */
static uint64_t lay_out(struct folder *folder)
{
	uint64_t cursor = sizeof(struct bundle_header) +
			  (uint64_t)folder->count * sizeof(struct bundle_entry);

	qsort(folder->items, folder->count, sizeof(folder->items[0]), compare_items);
	for (unsigned int i = 0; i < folder->count; i++) {
		struct bundle_item *item = &folder->items[i];

		item->offset = align_up(cursor, BUNDLE_ALIGN);
		if (item->size > GUEST_RAM_MAX || item->offset > GUEST_RAM_MAX - item->size) {
			pack_error("domain %s: bundle folder %s comes to more than a domain's RAM "
				   "(%llu MiB) by file %s",
				   folder->domain, folder->path ? folder->path : "(none)",
				   (unsigned long long)(GUEST_RAM_MAX / MIB), item->name);
			return 0;
		}
		cursor = item->offset + item->size;
	}
	return cursor;
}

/* Read one file's data into the bundle; it must still have the size it was listed with. */
static int read_item(const struct folder *folder, const struct bundle_item *item, uint8_t *to)
{
	char *path;
	FILE *f;
	int ret = -1;

	if (item->data) {
		memcpy(to, item->data, item->size);
		return 0;
	}
	path = join_path(folder->path, item->name);
	if (!path) {
		return -1;
	}
	f = fopen(path, "rb");
	if (!f) {
		pack_error("domain %s: bundle file %s: %s", folder->domain, path, strerror(errno));
		goto out;
	}
	if (fread(to, 1, item->size, f) != item->size || fgetc(f) != EOF) {
		pack_error("domain %s: bundle file %s changed size while it was packed",
			   folder->domain, path);
	} else {
		ret = 0;
	}
	fclose(f);
out:
	free(path);
	return ret;
}

/* The bundle's bytes: header, sorted entries, each file's data; checksummed. */
static int build(const struct folder *folder, uint64_t total, uint8_t **out)
{
	uint8_t *blob = calloc(1, total);
	struct bundle_header header = {
		.magic = BUNDLE_MAGIC,
		.version = BUNDLE_VERSION,
		.header_size = sizeof(struct bundle_header),
		.entry_size = sizeof(struct bundle_entry),
		.file_count = folder->count,
		.total_size = total,
	};
	size_t table_end = sizeof(header) + folder->count * sizeof(struct bundle_entry);

	if (!blob) {
		pack_error("out of memory for the %llu-byte bundle of domain %s",
			   (unsigned long long)total, folder->domain);
		return -1;
	}
	for (unsigned int i = 0; i < folder->count; i++) {
		const struct bundle_item *item = &folder->items[i];
		struct bundle_entry entry = { .offset = item->offset, .size = item->size };

		if (read_item(folder, item, blob + item->offset) < 0) {
			free(blob);
			return -1;
		}
		memcpy(entry.name, item->name, sizeof(entry.name));
		entry.crc32 = bundle_crc32(0, blob + item->offset, item->size);
		memcpy(blob + sizeof(header) + i * sizeof(entry), &entry, sizeof(entry));
	}
	/* The checksum covers the header with its checksum field 0, as written here first. */
	memcpy(blob, &header, sizeof(header));
	header.checksum = bundle_crc32(0, blob, table_end);
	memcpy(blob, &header, sizeof(header));
	*out = blob;
	return 0;
}

/*
 * The device list of each boot domain controller controls (boot_devices.c), as
 * one more file of its bundle; a file of the folder may not take its name.
 */
static int add_device_lists(struct folder *folder, const struct boot_set *set,
			    const struct domain *controller)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *d = &set->domains[i];
		char name[BUNDLE_NAME_MAX];

		if (!d->device_list || d->controller != controller->domid) {
			continue;
		}
		if (boot_devices_file_name(d, name, sizeof(name)) < 0) {
			pack_error("domain %s: its device list's name is too long", d->name);
			return -1;
		}
		for (unsigned int j = 0; j < folder->count; j++) {
			if (strcmp(folder->items[j].name, name) == 0) {
				pack_error("domain %s: bundle folder %s holds %s, the name of "
					   "domain %s's device list; rename that file",
					   folder->domain, folder->path, name, d->name);
				return -1;
			}
		}
		if (add_item(folder, name, d->device_list_size) < 0) {
			return -1;
		}
		folder->items[folder->count - 1].data = d->device_list;
	}
	return 0;
}

/* Whether some boot domain controlled by domain has a device list to give it. */
static bool has_device_lists(const struct boot_set *set, const struct domain *domain)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		if (set->domains[i].device_list && set->domains[i].controller == domain->domid) {
			return true;
		}
	}
	return false;
}

/*
 * Pack one domain's folder, and the device lists of the boot domains it
 * controls, into out_dir/<domain>.bundle, which becomes its ramdisk module.
 */
static int pack_domain(const struct boot_set *set, struct domain *domain, const char *image_dir,
		       const char *out_dir)
{
	struct folder folder = { .domain = domain->name };
	struct bundle check;
	char file[BOOT_DESC_NAME_MAX + sizeof(".bundle")];
	uint8_t *blob = NULL;
	uint64_t total;
	int ret = -1;

	if (domain->bundle_dir) {
		folder.path = join_path(image_dir, domain->bundle_dir);
		if (!folder.path || list_folder(&folder) < 0) {
			goto out;
		}
	}
	if (add_device_lists(&folder, set, domain) < 0) {
		goto out;
	}
	total = lay_out(&folder);
	if (total == 0 || build(&folder, total, &blob) < 0) {
		goto out;
	}
	/* The target's own checker must accept what was written: a failure is our bug. */
	if (bundle_open(blob, total, &check) != 0) {
		pack_error("domain %s: the bundle packed is refused by its reader: %s",
			   domain->name, check.why);
		goto out;
	}
	snprintf(file, sizeof(file), "%s.bundle", domain->name);
	if (write_file(out_dir, file, blob, total) < 0) {
		goto out;
	}
	domain->ramdisk.path = join_path(out_dir, file);
	domain->ramdisk.size = total;
	domain->ramdisk.role = "bundle";
	/* The domain's ramdisk is now the bundle: every later step places it as one. */
	domain->ramdisk_file = !domain->ramdisk.path ? NULL
			       : domain->bundle_dir  ? domain->bundle_dir
						     : "(device lists)";
	ret = domain->ramdisk.path ? 0 : -1;
out:
	free(blob);
	free(folder.items);
	free(folder.path);
	return ret;
}

/**
 * Pack the tessera,bundle folder of every domain that has one (relative to
 * image_dir) into out_dir/<domain>.bundle, with the device lists
 * (boot.<name>.cfg, boot_devices.c) of the boot domains it controls, and make
 * that file the domain's ramdisk module (path, size and role "bundle";
 * place_in_domains() then places it as a ramdisk). A controller without a
 * folder but with device lists to carry gets a bundle of those alone. The
 * folder must hold 1 to BUNDLE_FILES_MAX regular files, no symbolic links or
 * folders, each named as abi/bundle.h allows, none named as a device list.
 * Returns 0 or -1 after printing why, naming the domain and the file.
 */
int bundle_pack_all(struct boot_set *set, const char *image_dir, const char *out_dir)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];

		if ((domain->bundle_dir || has_device_lists(set, domain)) &&
		    pack_domain(set, domain, image_dir, out_dir) < 0) {
			return -1;
		}
	}
	return 0;
}
