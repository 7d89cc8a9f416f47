/* SPDX-License-Identifier: MIT */
/* xl.cfg disk = [...] and vif = [...]: each entry's spec, and devices that must differ. */
#include <errno.h>
#include <string.h>
#include "xlcfg_internal.h"

static int disk_element(struct xlp *p, const struct xlp_token *atom, uint32_t index, void *arg)
{
	struct xl_config *out = p->out;
	struct xl_spec_error err;
	struct xl_disk *disk;
	uint32_t i;

	(void)index;
	(void)arg;
	if (out->disk_count >= XL_DISKS_MAX) {
		xlp_error_tok(p, atom, "more than %u disks", XL_DISKS_MAX);
		return -EINVAL;
	}
	disk = &out->disks[out->disk_count];
	if (xl_disk_parse(atom->text, atom->len, disk, &err) < 0) {
		xlp_error_at(p, atom, err.offset, "disk spec: %s", err.msg);
		return -EINVAL;
	}
	for (i = 0; i < out->disk_count; i++) {
		if (out->disks[i].devid == disk->devid) {
			xlp_error_tok(p, atom, "disk spec: vdev %s is the device of disk %u (%s)",
				      disk->vdev, (unsigned)i, out->disks[i].vdev);
			return -EINVAL;
		}
	}
	out->disk_count++;
	return 0;
}

static int vif_element(struct xlp *p, const struct xlp_token *atom, uint32_t index, void *arg)
{
	struct xl_config *out = p->out;
	struct xl_spec_error err;
	struct xl_vif *vif;
	uint32_t i;

	(void)index;
	(void)arg;
	if (out->vif_count >= XL_VIFS_MAX) {
		xlp_error_tok(p, atom, "more than %u vifs", XL_VIFS_MAX);
		return -EINVAL;
	}
	vif = &out->vifs[out->vif_count];
	/* a vif's devid is its index in the list, += continuing it */
	if (xl_vif_parse(atom->text, atom->len, out->vif_count, vif, &err) < 0) {
		xlp_error_at(p, atom, err.offset, "vif spec: %s", err.msg);
		return -EINVAL;
	}
	for (i = 0; i < out->vif_count; i++) {
		if (out->vifs[i].devid == vif->devid) {
			xlp_error_tok(p, atom, "vif spec: devid %u is vif %u's too",
				      (unsigned)vif->devid, (unsigned)i);
			return -EINVAL;
		}
	}
	out->vif_count++;
	return 0;
}

/** xlp_disks() - disk = [ 'DISKSPEC', ... ] replaces the disks; += adds to them. */
int xlp_disks(struct xlp *p, bool append)
{
	if (!append) {
		p->out->disk_count = 0;
		memset(p->out->disks, 0, sizeof(p->out->disks));
	}
	return xlp_value_list(p, "disk", disk_element, NULL);
}

/** xlp_vifs() - vif = [ 'vifspec', ... ] replaces the vifs; += adds to them. */
int xlp_vifs(struct xlp *p, bool append)
{
	if (!append) {
		p->out->vif_count = 0;
		memset(p->out->vifs, 0, sizeof(p->out->vifs));
	}
	return xlp_value_list(p, "vif", vif_element, NULL);
}
