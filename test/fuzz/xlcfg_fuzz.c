// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the xl.cfg parser. Each input is read four ways: as a
 * whole file (NUL bytes and all); split at its NUL bytes into a file and
 * `xl create` overrides; and as one disk spec and one vif spec. Whatever the
 * bytes, the parser must return 0 or -EINVAL; a refusal must say why and leave
 * every other field zero; an accepted configuration must hold only what its
 * documentation allows (names, ranges, unique devices, vdev numbers that
 * agree with the vdev); messages must be terminated and printable; and the
 * same input must give the same result twice, so no state leaks from one
 * parse into the next.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "xlcfg.h"

#define SPEC_MAX 4096u /* longest input read as one disk or vif spec */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xl_config first, second;
static char chunks[XL_TEXT_MAX + XL_OVERRIDES_MAX * (XL_OVERRIDE_MAX + 1) + 64];

static void check(bool ok)
{
	if (!ok) {
		abort();
	}
}

/* Terminated within @size, and nothing a terminal would act on. */
static void check_text(const char *s, size_t size)
{
	size_t len = strnlen(s, size), i;

	check(len < size);
	for (i = 0; i < len; i++) {
		check((unsigned char)s[i] >= ' ' && (unsigned char)s[i] < 0x7f);
	}
}

static void check_messages(const struct xl_config *c, int rc)
{
	uint32_t i;

	check(rc == 0 || rc == -EINVAL);
	check_text(c->error, sizeof(c->error));
	check((rc == 0) == (c->error[0] == '\0'));
	check(c->warning_count <= XL_WARNINGS_MAX);
	for (i = 0; i < c->warning_count; i++) {
		check_text(c->warnings[i], sizeof(c->warnings[i]));
	}
}

static void check_disk(const struct xl_disk *d)
{
	uint32_t devid;

	check_text(d->target, sizeof(d->target));
	check_text(d->vdev, sizeof(d->vdev));
	check_text(d->backend, sizeof(d->backend));
	check_text(d->script, sizeof(d->script));
	check(d->vdev[0] != '\0');
	check(d->target[0] != '\0' || d->cdrom);
	check(!d->cdrom || d->readonly);
	check(xl_vdev_devid(d->vdev, strlen(d->vdev), &devid) == 0 && devid == d->devid);
	check(d->devid <= INT32_MAX && d->format <= XL_DISK_EMPTY);
	check(d->backendtype <= XL_BACKENDTYPE_STANDALONE);
	check(d->discard >= -1 && d->discard <= 1 && d->trusted >= -1 && d->trusted <= 1);
}

static void check_vif(const struct xl_vif *v)
{
	check(!v->mac_set || (v->mac[0] & 1u) == 0);
	check_text(v->ip, sizeof(v->ip));
	check_text(v->bridge, sizeof(v->bridge));
	check_text(v->gatewaydev, sizeof(v->gatewaydev));
	check_text(v->vifname, sizeof(v->vifname));
	check_text(v->backend, sizeof(v->backend));
	check_text(v->script, sizeof(v->script));
	check_text(v->model, sizeof(v->model));
	check(!v->rate_set || (v->rate_bytes_per_interval > 0 && v->rate_interval_usecs > 0));
	check(v->type <= XL_VIF_TYPE_IOEMU && v->trusted >= -1 && v->trusted <= 1);
	check(v->mtu == 0 || (v->mtu >= 68 && v->mtu <= 65535));
}

static void check_devices(const struct xl_config *c)
{
	uint32_t i, j;

	check(c->disk_count <= XL_DISKS_MAX && c->vif_count <= XL_VIFS_MAX);
	for (i = 0; i < c->disk_count; i++) {
		check_disk(&c->disks[i]);
		for (j = 0; j < i; j++) {
			check(c->disks[j].devid != c->disks[i].devid);
		}
	}
	for (i = 0; i < c->vif_count; i++) {
		check_vif(&c->vifs[i]);
		for (j = 0; j < i; j++) {
			check(c->vifs[j].devid != c->vifs[i].devid);
		}
	}
}

static void check_accepted(const struct xl_config *c)
{
	uint32_t i;

	check_text(c->name, sizeof(c->name));
	check(c->name[0] != '\0' &&
	      strspn(c->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
			      "OPQRSTUVWXYZ0123456789_.+-") == strlen(c->name));
	check_text(c->kernel, sizeof(c->kernel));
	check(c->kernel[0] != '\0');
	check_text(c->ramdisk, sizeof(c->ramdisk));
	check_text(c->cmdline, sizeof(c->cmdline));
	check(c->memory_mib >= 1 && c->memory_mib <= c->maxmem_mib &&
	      c->maxmem_mib <= XL_MEMORY_MAX_MIB);
	check(c->vcpus >= 1 && c->vcpus <= c->maxvcpus && c->maxvcpus <= XL_VCPUS_MAX);
	check(c->cpu_weight >= 1 && c->cpu_weight <= XL_WEIGHT_MAX);
	check(c->cap <= 100 * c->maxvcpus);
	for (i = 0; i < XL_VCPUS_MAX; i++) {
		check(c->affinity[i] != 0 && (c->affinity[i] >> XL_CPUS_MAX) == 0);
	}
	check(c->on_poweroff <= XL_ACTION_PRESERVE && c->on_reboot <= XL_ACTION_PRESERVE &&
	      c->on_crash <= XL_ACTION_PRESERVE);
	check(c->cmdline_from <= 7u);
	check_devices(c);
}

static void check_refused(const struct xl_config *c)
{
	static const struct xl_config zero;

	check(memcmp(c, &zero, offsetof(struct xl_config, error)) == 0);
}

/* One parse, checked, then the same again: both results must be the same bytes. */
static void parse_twice(const char *text, size_t len, const char *const *overrides, size_t count)
{
	int rc = xl_config_parse("fuzz.cfg", text, len, overrides, count, &first);

	check_messages(&first, rc);
	if (rc == 0) {
		check_accepted(&first);
	} else {
		check_refused(&first);
	}
	check(xl_config_parse("fuzz.cfg", text, len, overrides, count, &second) == rc);
	check(memcmp(&first, &second, sizeof(first)) == 0);
}

/* The input split at NUL bytes: a file, then overrides (one past the limit at most). */
static void parse_with_overrides(const uint8_t *data, size_t size)
{
	const char *overrides[XL_OVERRIDES_MAX + 1];
	size_t count = 0, file_len, i;

	if (size >= sizeof(chunks) || memchr(data, '\0', size) == NULL) {
		return;
	}
	memcpy(chunks, data, size);
	chunks[size] = '\0';
	file_len = strlen(chunks);
	for (i = file_len + 1; i <= size && count < XL_OVERRIDES_MAX + 1;
	     i += strlen(chunks + i) + 1) {
		overrides[count++] = chunks + i;
	}
	parse_twice(chunks, file_len, overrides, count);
}

static void parse_specs(const uint8_t *data, size_t size)
{
	struct xl_spec_error err;
	struct xl_disk disk;
	struct xl_vif vif;

	if (size > SPEC_MAX) {
		return;
	}
	if (xl_disk_parse((const char *)data, size, &disk, &err) == 0) {
		check_disk(&disk);
	} else {
		check(err.offset <= size && err.msg[0] != '\0');
		check_text(err.msg, sizeof(err.msg));
	}
	if (xl_vif_parse((const char *)data, size, 0, &vif, &err) == 0) {
		check_vif(&vif);
	} else {
		check(err.offset <= size && err.msg[0] != '\0');
		check_text(err.msg, sizeof(err.msg));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_twice((const char *)data, size, NULL, 0);
	parse_with_overrides(data, size);
	parse_specs(data, size);
	return 0;
}
