// SPDX-License-Identifier: MIT
/* xl block-list, network-list and the attach and detach of disks and vifs (xl.h). */
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "domains.h"
#include "xl.h"

#define LIST_MAX 1024

/* "xl CMD DOM ...": the domain, which must be one this toolstack controls. */
static bool controlled(struct shell_call *c, const char *usage, int argc, struct domain_info *info)
{
	if (c->argc != argc) {
		fprintf(c->err, "Usage: xl %s\n", usage);
		return false;
	}
	if (!domain_find(c->pf, c->argv[1], info, c->err)) {
		return false;
	}
	if (info->controller != c->pf->self) {
		fprintf(c->err, "libxl: error: domain %u is not controlled by this toolstack\n",
			info->domid);
		return false;
	}
	return true;
}

/* dir/key as a number, -1 if it is missing or not one. */
static long number_at(const struct platform *pf, const char *dir, const char *key)
{
	char path[192], value[24], *end;
	long v;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	if (pf->xs_read(path, value, sizeof(value)) <= 0) {
		return -1;
	}
	v = strtol(value, &end, 10);
	return *end == '\0' ? v : -1;
}

static void text_at(const struct platform *pf, const char *dir, const char *key, char *out,
		    size_t size)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	if (pf->xs_read(path, out, size) < 0) {
		snprintf(out, size, "-");
	}
}

/* Call row for each device of kind of domid, in the store's order. */
static void each_device(struct shell_call *c, uint16_t domid, const char *kind,
			void (*row)(struct shell_call *, uint16_t, const char *, const char *))
{
	char path[96], names[LIST_MAX];
	long n;

	snprintf(path, sizeof(path), "/local/domain/%u/device/%s", domid, kind);
	n = c->pf->xs_directory(path, names, sizeof(names));
	for (size_t i = 0, at = 0; n > 0 && i < (size_t)n && at < sizeof(names); i++) {
		char dir[160];

		snprintf(dir, sizeof(dir), "%s/%s", path, names + at);
		row(c, domid, names + at, dir);
		at += strnlen(names + at, sizeof(names) - at) + 1;
	}
}

static void block_row(struct shell_call *c, uint16_t domid, const char *devid, const char *dir)
{
	char backend[128];

	text_at(c->pf, dir, "backend", backend, sizeof(backend));
	fprintf(c->out, "%-5s %-3ld %-6u %-5ld %-6ld %-8ld %-30s\n", devid,
		number_at(c->pf, dir, "backend-id"), domid, number_at(c->pf, dir, "state"),
		number_at(c->pf, dir, "event-channel"), number_at(c->pf, dir, "ring-ref"), backend);
}

static void network_row(struct shell_call *c, uint16_t domid, const char *devid, const char *dir)
{
	char backend[128], mac[24];

	(void)domid;
	text_at(c->pf, dir, "backend", backend, sizeof(backend));
	text_at(c->pf, dir, "mac", mac, sizeof(mac));
	fprintf(c->out, "%-3s %-2ld %-17s %6s %5ld %6ld %5ld/%-11ld %-30s\n", devid,
		number_at(c->pf, dir, "backend-id"), mac, devid, number_at(c->pf, dir, "state"),
		number_at(c->pf, dir, "event-channel"), number_at(c->pf, dir, "tx-ring-ref"),
		number_at(c->pf, dir, "rx-ring-ref"), backend);
}

static int list(struct shell_call *c, const char *kind, const char *usage)
{
	struct domain_info info;

	if (c->argc < 2) {
		fprintf(c->err, "Usage: xl %s\n", usage);
		return 1;
	}
	if (strcmp(kind, "vbd") == 0) {
		fprintf(c->out, "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle",
			"state", "evt-ch", "ring-ref", "BE-path");
	} else {
		fprintf(c->out, "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE",
			"Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
	}
	for (int i = 1; i < c->argc; i++) {
		if (!domain_find(c->pf, c->argv[i], &info, c->err)) {
			return 1;
		}
		each_device(c, info.domid, kind,
			    strcmp(kind, "vbd") == 0 ? block_row : network_row);
	}
	return 0;
}

int xl_block_list(struct shell_call *c)
{
	return list(c, "vbd", "block-list <Domain(s)>");
}

int xl_network_list(struct shell_call *c)
{
	return list(c, "vif", "network-list <Domain(s)>");
}

int xl_block_attach(struct shell_call *c)
{
	struct xl_spec_error e = { 0 };
	struct domain_info info;
	struct xl_disk disk;

	if (!controlled(c, "block-attach <Domain> <disk-spec-component(s)>", 3, &info)) {
		return 1;
	}
	if (xl_disk_parse(c->argv[2], strlen(c->argv[2]), &disk, &e) != 0) {
		fprintf(c->err, "%s: %s\n", c->argv[2], e.msg);
		return 1;
	}
	return devices_add_disk(c->pf, info.domid, &disk, c->err) == 0 ? 0 : 1;
}

int xl_network_attach(struct shell_call *c)
{
	struct xl_spec_error e = { 0 };
	struct domain_info info;
	char path[64], names[LIST_MAX];
	struct xl_vif vif;
	unsigned int devid = 0;
	long n;

	if (!controlled(c, "network-attach <Domain> [vif-spec]", 3, &info)) {
		return 1;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/device/vif", info.domid);
	n = c->pf->xs_directory(path, names, sizeof(names));
	for (size_t i = 0, at = 0; n > 0 && i < (size_t)n && at < sizeof(names); i++) {
		unsigned long id = strtoul(names + at, NULL, 10);

		if (id <= UINT16_MAX && id >= devid) { /* the guest's names: bounded */
			devid = (unsigned int)id +
				1; /* past every index in use, as xl numbers vifs */
		}
		at += strnlen(names + at, sizeof(names) - at) + 1;
	}
	if (xl_vif_parse(c->argv[2], strlen(c->argv[2]), devid, &vif, &e) != 0) {
		fprintf(c->err, "%s: %s\n", c->argv[2], e.msg);
		return 1;
	}
	return devices_add_vif(c->pf, info.domid, &vif, c->err) == 0 ? 0 : 1;
}

int xl_block_detach(struct shell_call *c)
{
	struct domain_info info;
	uint32_t devid;

	if (!controlled(c, "block-detach <Domain> <DevId>", 3, &info)) {
		return 1;
	}
	if (xl_vdev_devid(c->argv[2], strlen(c->argv[2]), &devid) != 0 ||
	    devices_remove(c->pf, info.domid, "vbd", devid, true, c->err) != 0) {
		fprintf(c->err, "Error: Device %s not connected.\n", c->argv[2]);
		return 1;
	}
	return 0;
}

int xl_network_detach(struct shell_call *c)
{
	struct domain_info info;
	char *end;
	unsigned long devid;

	if (!controlled(c, "network-detach <Domain> <DevId>", 3, &info)) {
		return 1;
	}
	devid = strtoul(c->argv[2], &end, 10);
	if (*c->argv[2] == '\0' || *end != '\0' ||
	    devices_remove(c->pf, info.domid, "vif", (uint32_t)devid, true, c->err) != 0) {
		fprintf(c->err, "Error: Device %s not connected.\n", c->argv[2]);
		return 1;
	}
	return 0;
}
