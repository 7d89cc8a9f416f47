// SPDX-License-Identifier: MIT
/* The domain builder (build.h): placement and DTB by boot/guest, the rest by domain_control. */
#include <abi/guest_layout.h>
#include <abi/hvm.h>
#include <abi/xs_home.h>
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "boot/guest/guest_dt.h"
#include "boot/guest/guest_image.h"
#include "boot/guest/guest_place.h"
#include "build.h"
#include "devices.h"

#define PAGE 4096u
#define MIB (1024u * 1024u)

/* What one build holds while it runs. */
struct build {
	const struct platform *pf;
	const struct xl_config *cfg;
	FILE *err;
	const uint8_t *kernel, *ramdisk;
	size_t kernel_size, ramdisk_size;
	struct guest_layout layout;
	uint8_t *dtb;
	size_t dtb_size;
	uint16_t domid;
};

static int fail(struct build *b, const char *fmt, const char *what, long rc)
{
	fprintf(b->err, "libxl: error: domain %s: ", b->cfg->name);
	fprintf(b->err, fmt, what, rc);
	fprintf(b->err, "\n");
	return -1;
}

/* The kernel and ramdisk the configuration names, from the bundle. */
static int find_files(struct build *b)
{
	b->kernel = b->pf->file(b->cfg->kernel, &b->kernel_size);
	if (!b->kernel) {
		return fail(b, "kernel %s: not in the bundle (%ld)", b->cfg->kernel, -ENOENT);
	}
	if (b->cfg->ramdisk[0]) {
		b->ramdisk = b->pf->file(b->cfg->ramdisk, &b->ramdisk_size);
		if (!b->ramdisk || b->ramdisk_size == 0) {
			return fail(b, "ramdisk %s: not in the bundle, or empty (%ld)",
				    b->cfg->ramdisk, -ENOENT);
		}
	}
	return 0;
}

/* Where each module goes, and the DTB that says so, by the rules tessera-pack follows. */
static int place(struct build *b)
{
	uint64_t ram = (uint64_t)b->cfg->memory_mib * MIB, needed = 0;
	struct guest_dt_config dt = {
		.name = b->cfg->name,
		.vcpu_count = b->cfg->maxvcpus,
		.ram_bytes = ram,
		.bootargs = b->cfg->cmdline[0] ? b->cfg->cmdline : NULL,
	};
	enum guest_module which = GUEST_MODULE_KERNEL;
	struct guest_image image;
	size_t capacity;
	int rc;

	rc = guest_image_read(b->kernel, b->kernel_size, b->kernel_size, &image);
	if (rc != 0) {
		return fail(b, "kernel %s: not an arm64 Image it can boot (%ld)", b->cfg->kernel,
			    rc);
	}
	rc = guest_place(&image, b->ramdisk_size, &b->layout);
	if (rc != 0) {
		return fail(b, "%s: too large for any domain (%ld)", "ramdisk", rc);
	}
	dt.initrd_ipa = b->ramdisk_size ? b->layout.module[GUEST_MODULE_RAMDISK].load_ipa : 0;
	dt.initrd_size = b->ramdisk_size;
	capacity = guest_dt_size_bound(&dt);
	b->dtb = malloc(capacity);
	rc = b->dtb ? guest_dt_write(&dt, b->dtb, capacity) : -ENOMEM;
	if (rc != 0) {
		return fail(b, "%s: its device tree could not be written (%ld)", "DTB", rc);
	}
	b->dtb_size = fdt_totalsize(b->dtb);
	rc = guest_place_set_dtb(&b->layout, b->dtb_size);
	rc = rc ? rc : guest_place_check(&b->layout, ram, &which, &needed);
	if (rc != 0) {
		fprintf(b->err,
			"libxl: error: domain %s: memory = %u is too small: it needs %lu MiB\n",
			b->cfg->name, b->cfg->memory_mib,
			(unsigned long)((needed + MIB - 1) / MIB));
		return -1;
	}
	return 0;
}

/* Why the hypervisor refused: its errno alone does not tell a user which limit it met. */
static const char *refusal(long rc)
{
	switch (rc) {
	case -ENOSPC:
		return ": every VMID of this CPU is held by a domain";
	case -ENOMEM:
		return ": the machine's free memory is too small for it";
	case -EINVAL:
		return ": the hypervisor does not take its vcpus, cpu_weight, cap or cpus";
	case -EPERM:
		return ": this toolstack may not do that";
	default:
		return "";
	}
}

/* fail() with what went wrong and why. */
static int refused(struct build *b, const char *doing, long rc)
{
	char what[128];

	snprintf(what, sizeof(what), "%s failed%s", doing, refusal(rc));
	return fail(b, "%s (%ld)", what, rc);
}

/* Its RAM must fit in what the machine has free now, as libxl checks before it builds. */
static int memory_available(struct build *b)
{
	struct domctl_physinfo info;
	uint64_t want = (uint64_t)b->cfg->memory_mib * (MIB / PAGE);

	if (b->pf->physinfo(&info) != 0 || want <= info.free_pages) {
		return 0; /* without the figure the hypervisor's own refusal says it */
	}
	fprintf(b->err,
		"libxl: error: domain %s: memory = %u MiB, but the machine has %lu MiB free\n",
		b->cfg->name, b->cfg->memory_mib, (unsigned long)(info.free_pages / (MIB / PAGE)));
	return -1;
}

static long copy_module(struct build *b, enum guest_module m, const void *data, size_t size)
{
	return size ? b->pf->copy_in(b->domid, b->layout.module[m].load_ipa, data, size) : 0;
}

/* The domain itself: made, RAM, modules, vCPU 0's entry, rings. */
static int make(struct build *b)
{
	struct domctl_create c = {
		.vcpus = b->cfg->maxvcpus,
		.max_pages = (uint64_t)b->cfg->maxmem_mib * (MIB / PAGE),
		.weight = b->cfg->cpu_weight,
		.cap = b->cfg->cap,
		.affinity = b->cfg->cpus_set ? b->cfg->affinity[0] : 0,
		.grant_frames = BUILD_GRANT_FRAMES,
	};
	long rc;

	snprintf(c.name, sizeof(c.name), "%s", b->cfg->name);
	rc = b->pf->create(&c, &b->domid);
	if (rc != 0) {
		return refused(b, "creating it", rc);
	}
	/* cpus = [ ... ] pins each vCPU on its own; creation pinned them all as vCPU 0. */
	for (uint32_t v = 1; b->cfg->cpus_set && v < b->cfg->maxvcpus && rc == 0; v++) {
		rc = b->pf->vcpu_affinity(b->domid, v, b->cfg->affinity[v]);
	}
	rc = rc ? rc
		: b->pf->populate(b->domid, GUEST_RAM_BASE / PAGE,
				  (uint64_t)b->cfg->memory_mib * (MIB / PAGE));
	rc = rc ? rc : copy_module(b, GUEST_MODULE_KERNEL, b->kernel, b->kernel_size);
	rc = rc ? rc : copy_module(b, GUEST_MODULE_DTB, b->dtb, b->dtb_size);
	rc = rc ? rc : copy_module(b, GUEST_MODULE_RAMDISK, b->ramdisk, b->ramdisk_size);
	rc = rc ? rc
		: b->pf->vcpu_context(b->domid, 0, b->layout.module[GUEST_MODULE_KERNEL].load_ipa,
				      b->layout.module[GUEST_MODULE_DTB].load_ipa);
	rc = rc ? rc : b->pf->domctl_on(DOMCTL_offer_rings, b->domid);
	if (rc != 0) {
		return refused(b, "filling it", rc);
	}
	return 0;
}

int build_domain(const struct platform *pf, const struct xl_config *cfg, uint16_t *domid, FILE *err)
{
	struct build b = { .pf = pf, .cfg = cfg, .err = err };
	int rc = find_files(&b);

	rc = rc ? rc : place(&b);
	rc = rc ? rc : memory_available(&b);
	rc = rc ? rc : make(&b);
	if (rc == 0 && build_store_home(pf, b.domid, cfg->name, cfg->maxvcpus, cfg->vcpus,
					(uint64_t)cfg->memory_mib * 1024) != 0) {
		rc = fail(&b, "%s failed (%ld)", "introducing it to xenstore", -EIO);
	}
	for (uint32_t i = 0; rc == 0 && i < cfg->disk_count && i < XL_DISKS_MAX; i++) {
		rc = devices_add_disk(pf, b.domid, &cfg->disks[i], err);
	}
	for (uint32_t i = 0; rc == 0 && i < cfg->vif_count && i < XL_VIFS_MAX; i++) {
		rc = devices_add_vif(pf, b.domid, &cfg->vifs[i], err);
	}
	free(b.dtb);
	if (rc != 0 && b.domid != 0) {
		(void)build_destroy(pf, b.domid);
	}
	if (rc == 0) {
		*domid = b.domid;
	}
	return rc;
}
