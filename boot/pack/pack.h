/* SPDX-License-Identifier: MIT */
/* tessera-pack: the boot set's data model and the steps that build it. */
#ifndef PACK_H
#define PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/boot_desc.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)

/*
 * Modules go from here upward: QEMU puts the hypervisor at 0x40200000 and the
 * machine DTB at 0x48000000, so 0x40000000-0x4fffffff stays clear of them.
 */
#define HOST_MODULE_BASE 0x50000000ull
#define HOST_MODULE_ALIGN (64 * KIB)
/* QEMU's part of host RAM: no module and no domain's RAM block may touch it. */
#define HOST_QEMU_BASE 0x40000000ull
#define HOST_QEMU_END HOST_MODULE_BASE

/*
 * A domain with devices gets its RAM as one host block (boot/README.md
 * "Devices"), 2 MiB aligned and a whole number of 2 MiB long, after the modules.
 */
#define HOST_RAM_BLOCK_ALIGN (2 * MIB)

/* The name of the boot description in the boot set. */
#define BOOT_DESC_FILE "boot-desc.bin"

/** One file placed in host RAM: copied into a domain by the core, or the boot description. */
struct module {
	const char *role;   /* "kernel", "dtb", "ramdisk" or "boot description": for messages */
	char *path;         /* absolute host path of the file QEMU loads */
	uint64_t size;      /* bytes in the file (the module's reg size) */
	uint64_t span;      /* bytes the domain must leave free at load_ipa */
	uint64_t load_ipa;  /* where the core copies it inside the domain */
	uint64_t host_addr; /* where QEMU's loader puts it */
};

/** A boot-time domain, as read from the boot config and then placed. */
struct domain {
	const char *name; /* node name in the boot config; points into its blob */
	uint32_t domid;
	uint32_t vcpu_count;
	uint64_t memory_kib;
	const char *bootargs; /* NULL when absent; points into the config blob */
	/* What settings.c reads and resolves: the values of the boot description's record. */
	uint32_t rights;       /* DOMAIN_RIGHT_* */
	uint32_t weight;       /* 1..65535 */
	uint32_t cap;          /* 0..100 * vcpu_count */
	uint32_t affinity;     /* pCPU mask; 0 until settings_resolve() when not given */
	uint32_t grant_frames; /* 1..GRANT_FRAMES_MAX */
	uint8_t on_poweroff;   /* BOOT_DESC_ACTION_* */
	uint8_t on_reboot;
	uint8_t on_crash;
	const char *controller_name;   /* tessera,controller or NULL; into the config blob */
	const char *device_model_name; /* tessera,device-model or NULL; into the config blob */
	uint16_t controller;           /* their domids, 0 for none, set by settings_resolve() */
	uint16_t device_model;
	/* tessera,devices as written: NUL-separated machine DTB paths, or NULL; into the config
	 * blob. devices_check() resolves them to device_count node offsets in the machine DTB. */
	const char *devices;
	int devices_len;
	int *device_nodes;
	unsigned int device_count;
	/* What the devices come to, collected by devices_check(): their reg entries rounded out
	 * to whole pages, and their SPIs' INTIDs. */
	struct boot_desc_range mmio[BOOT_DESC_MMIO_MAX];
	unsigned int mmio_count;
	uint32_t irqs[BOOT_DESC_IRQS_MAX];
	unsigned int irq_count;
	/* disk and vif as written: NUL-separated specs in xl's syntax, or NULL; into the config
	 * blob. boot_devices_check() checks them and writes device_list. */
	const char *disks;
	int disks_len;
	const char *vifs;
	int vifs_len;
	/* The file that carries them to the controller: boot.<name>.cfg in its bundle, in xl.cfg
	 * syntax (boot/README.md "Disks and vifs of boot domains"); NULL when it has none. */
	char *device_list;
	size_t device_list_size;
	const char *kernel_file; /* relative to the image folder; into the config blob */
	const char
		*ramdisk_file;  /* NULL when the domain has no ramdisk; for a bundle, its folder */
	const char *bundle_dir; /* tessera,bundle, relative to the image folder, or NULL; into the
				   config blob. bundle_pack_all() makes it the ramdisk module. */
	struct module kernel;
	struct module dtb;
	struct module ramdisk; /* unused when ramdisk_file is NULL */
	void *dtb_blob;        /* the generated domain DTB, dtb.size bytes */
	/* Domains with devices: the host block their RAM is made of, chosen by
	 * place_in_host(). ram_block_size is 0 for the other domains. */
	uint64_t ram_pa;
	uint64_t ram_block_size;
};

struct boot_set {
	struct domain *domains;
	unsigned int domain_count;
	uint64_t ram_base; /* the host RAM bank the modules go into */
	uint64_t ram_end;
	struct module desc; /* the boot description: path and size before place_in_host() */
};

/* util.c */
void pack_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int read_file(const char *path, void **data, size_t *size);
int write_file(const char *dir, const char *name, const void *data, size_t size);
char *join_path(const char *dir, const char *name);
uint64_t align_up(uint64_t value, uint64_t align);
bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size);
uint64_t get_cells(const uint32_t *cells, int count);

/* config.c */
int config_read(const void *config, struct boot_set *set);
void config_free(struct boot_set *set);
int config_string(const void *fdt, int node, const char *domain, const char *prop, bool required,
		  const char **value);
int config_number(const void *fdt, int node, const char *domain, const char *prop, bool wide,
		  uint64_t *value);
int config_string_list(const void *fdt, int node, const char *domain, const char *prop,
		       const char **list, int *length);

/* settings.c */
int settings_read(const void *fdt, int node, struct domain *domain);
int settings_resolve(struct boot_set *set, const void *machine);

/* place.c */
int place_in_domains(struct boot_set *set, const char *image_dir);
int place_in_host(struct boot_set *set, const void *machine);

/* devices.c */
int devices_check(struct boot_set *set, const void *machine);
size_t devices_dt_size(const struct domain *domain, const void *machine);
int devices_dt_write(void *fdt, const struct domain *domain, const void *machine,
		     uint32_t gic_phandle);

/* domain_dt.c */
int domain_dt_build(struct domain *domain, const void *machine);
int domain_dt_set_ram_pa(struct domain *domain);

/* boot_desc.c */
size_t boot_desc_size(const struct boot_set *set);
uint32_t boot_desc_crc32(const void *data, size_t size);
int boot_desc_build(const struct boot_set *set, void **out, size_t *out_size);

/* boot_devices.c */
int boot_devices_read(const void *fdt, int node, struct domain *domain);
int boot_devices_check(struct boot_set *set);
int boot_devices_file_name(const struct domain *domain, char *out, size_t size);

/* bundle_pack.c */
int bundle_pack_all(struct boot_set *set, const char *image_dir, const char *out_dir);

/* bundle_dump.c */
int bundle_dump(const char *path);

/* desc_dump.c */
int desc_dump(const char *path);

/* machine_dt.c */
int machine_dt_build(const void *machine, size_t machine_size, const struct boot_set *set,
		     void **out, size_t *out_size);
int qemu_args_write(const struct boot_set *set, const char *out_dir);

#endif
