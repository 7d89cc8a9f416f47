// SPDX-License-Identifier: MIT
/* The disks and vifs of the boot domains this toolstack controls (boot_devices.h). */
#include <stdlib.h>
#include <string.h>

#include "boot_devices.h"
#include "devices.h"
#include "xlcfg.h"

void boot_devices_file(const char *name, char out[BOOT_DEVICES_FILE_MAX])
{
	/* A domain name is at most 31 bytes (abi/domain_info.h): the file name fits. */
	snprintf(out, BOOT_DEVICES_FILE_MAX, "boot.%.31s.cfg", name);
}

/* The list of info, parsed into cfg; false (after saying why) if it is there and refused. */
static bool read_list(const struct platform *pf, const struct domain_info *info,
		      struct xl_config *cfg, FILE *out)
{
	char file[BOOT_DEVICES_FILE_MAX];
	const char *text;
	size_t size = 0;

	boot_devices_file(info->name, file);
	text = pf->file ? pf->file(file, &size) : NULL;
	if (!text) {
		return true; /* no disks or vifs: nothing to do */
	}
	if (xl_device_list_parse(file, text, size, cfg) != 0) {
		fprintf(out, "toolstack: d%u (%.31s): device list refused: %s\n", info->domid,
			info->name, cfg->error);
		return false;
	}
	if (strncmp(cfg->name, info->name, sizeof(info->name)) != 0) {
		fprintf(out, "toolstack: d%u (%.31s): device list %s is domain %s's\n", info->domid,
			info->name, file, cfg->name);
		return false;
	}
	return true;
}

/*
 * Whether the device's frontend directory is there already: a toolstack that
 * restarted finds the entries it wrote before, maybe taken up by a back end
 * since, and leaves them as they are.
 */
static bool written_before(const struct platform *pf, uint16_t domid, const char *kind,
			   uint32_t devid)
{
	char path[96], id[8];

	snprintf(path, sizeof(path), "/local/domain/%u/device/%s/%u/backend-id", domid, kind,
		 devid);
	return pf->xs_read(path, id, sizeof(id)) >= 0;
}

static unsigned int add_disks(const struct platform *pf, const struct domain_info *info,
			      const struct xl_config *cfg, FILE *out)
{
	unsigned int failed = 0;

	for (uint32_t i = 0; i < cfg->disk_count && i < XL_DISKS_MAX; i++) {
		const struct xl_disk *d = &cfg->disks[i];

		if (written_before(pf, info->domid, "vbd", d->devid)) {
			fprintf(out, "toolstack: d%u (%.31s): disk %s (vbd %u) already there\n",
				info->domid, info->name, d->vdev, d->devid);
		} else if (devices_add_disk(pf, info->domid, d, out) == 0) {
			fprintf(out, "toolstack: d%u (%.31s): disk %s (vbd %u) written\n",
				info->domid, info->name, d->vdev, d->devid);
		} else {
			fprintf(out, "toolstack: d%u (%.31s): disk %s (vbd %u) not written\n",
				info->domid, info->name, d->vdev, d->devid);
			failed++;
		}
	}
	return failed;
}

static unsigned int add_vifs(const struct platform *pf, const struct domain_info *info,
			     const struct xl_config *cfg, FILE *out)
{
	unsigned int failed = 0;

	for (uint32_t i = 0; i < cfg->vif_count && i < XL_VIFS_MAX; i++) {
		const struct xl_vif *v = &cfg->vifs[i];
		bool before = written_before(pf, info->domid, "vif", v->devid);
		bool ok = before || devices_add_vif(pf, info->domid, v, out) == 0;

		fprintf(out, "toolstack: d%u (%.31s): vif %u %s\n", info->domid, info->name,
			v->devid,
			before ? "already there"
			: ok   ? "written"
			       : "not written");
		failed += ok ? 0 : 1;
	}
	return failed;
}

unsigned int boot_devices_add(const struct platform *pf, const struct domain_info *info, FILE *out)
{
	struct xl_config *cfg = calloc(1, sizeof(*cfg)); /* about 24 KiB: not on the stack */
	unsigned int failed;

	if (!cfg) {
		fprintf(out, "toolstack: d%u (%.31s): out of memory for its device list\n",
			info->domid, info->name);
		return 1;
	}
	if (!read_list(pf, info, cfg, out)) {
		free(cfg);
		return 1;
	}
	failed = add_disks(pf, info, cfg, out) + add_vifs(pf, info, cfg, out);
	free(cfg);
	return failed;
}
