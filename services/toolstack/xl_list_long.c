// SPDX-License-Identifier: MIT
/*
 * `xl list -l`: each domain's configuration as xl prints it, a JSON array of
 * {"domid", "config"} objects whose "config" follows libxl's domain
 * configuration (c_info, b_info, disks, nics, on_*), with yajl's layout of
 * four spaces a level. A domain this toolstack made shows what its xl config
 * said; any other (a boot domain) shows what the domain list tells: its name,
 * vCPUs, memory and scheduling.
 */
#include <abi/vcpu.h>
#include <stdio.h>
#include <string.h>

#include "created.h"
#include "domains.h"
#include "xl.h"

#define JSON_DEPTH_MAX 8

/* Where the writer is: the nesting, and whether each level has had a member yet. */
struct json {
	FILE *out;
	unsigned int depth;
	bool has_member[JSON_DEPTH_MAX];
};

static void json_indent(struct json *j)
{
	for (unsigned int i = 0; i < j->depth; i++) {
		fputs("    ", j->out);
	}
}

static void json_string_value(struct json *j, const char *s)
{
	fputc('"', j->out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fprintf(j->out, "\\%c", c);
		} else if (c < 0x20 || c > 0x7e) {
			fprintf(j->out, "\\u%04x", c);
		} else {
			fputc(c, j->out);
		}
	}
	fputc('"', j->out);
}

/* Start a member of the current object (key) or array (key NULL). */
static void json_member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		fputs(j->has_member[j->depth] ? ",\n" : "\n", j->out);
		j->has_member[j->depth] = true;
	}
	json_indent(j);
	if (key) {
		json_string_value(j, key);
		fputs(": ", j->out);
	}
}

static void json_open(struct json *j, const char *key, char bracket)
{
	json_member(j, key);
	fputc(bracket, j->out);
	j->depth++; /* at most 6 deep: the nesting is this file's, never the input's */
	j->has_member[j->depth] = false;
}

static void json_close(struct json *j, char bracket)
{
	bool empty = !j->has_member[j->depth];

	j->depth--;
	if (!empty) {
		fputc('\n', j->out);
		json_indent(j);
	}
	fputc(bracket, j->out);
}

static void json_string(struct json *j, const char *key, const char *value)
{
	json_member(j, key);
	json_string_value(j, value);
}

static void json_number(struct json *j, const char *key, unsigned long long value)
{
	json_member(j, key);
	fprintf(j->out, "%llu", value);
}

/* A vCPU set as libxl's bitmaps print: the list of the pCPUs in it. */
static void json_cpus(struct json *j, const char *key, uint32_t mask)
{
	json_open(j, key, '[');
	for (unsigned int cpu = 0; cpu < 32; cpu++) {
		if (mask & (1u << cpu)) {
			json_number(j, NULL, cpu);
		}
	}
	json_close(j, ']');
}

static void sched_params(struct json *j, unsigned long weight, unsigned long cap)
{
	json_open(j, "sched_params", '{');
	json_string(j, "sched", "credit");
	json_number(j, "weight", weight);
	json_number(j, "cap", cap);
	json_close(j, '}');
}

static void b_info_made(struct json *j, const struct xl_config *cfg)
{
	json_number(j, "max_vcpus", cfg->maxvcpus);
	json_open(j, "avail_vcpus", '[');
	for (uint32_t v = 0; v < cfg->vcpus; v++) {
		json_number(j, NULL, v);
	}
	json_close(j, ']');
	if (cfg->cpus_set) {
		json_open(j, "vcpu_hard_affinity", '[');
		for (uint32_t v = 0; v < cfg->maxvcpus && v < XL_VCPUS_MAX; v++) {
			json_cpus(j, NULL, cfg->affinity[v]);
		}
		json_close(j, ']');
	}
	json_number(j, "max_memkb", (unsigned long long)cfg->maxmem_mib * 1024u);
	json_number(j, "target_memkb", (unsigned long long)cfg->memory_mib * 1024u);
	sched_params(j, cfg->cpu_weight, cfg->cap);
	json_string(j, "kernel", cfg->kernel);
	if (cfg->cmdline[0]) {
		json_string(j, "cmdline", cfg->cmdline);
	}
	if (cfg->ramdisk[0]) {
		json_string(j, "ramdisk", cfg->ramdisk);
	}
}

static void b_info_listed(struct json *j, const struct domain_info *info)
{
	json_number(j, "max_vcpus", info->vcpu_count);
	json_open(j, "avail_vcpus", '[');
	for (unsigned int v = 0; v < info->vcpu_count && v < DOMAIN_INFO_VCPUS; v++) {
		if (info->vcpu_state[v] != RUNSTATE_offline) {
			json_number(j, NULL, v);
		}
	}
	json_close(j, ']');
	json_number(j, "max_memkb", (unsigned long long)info->max_pages * 4u);
	json_number(j, "target_memkb", (unsigned long long)info->ram_pages * 4u);
	sched_params(j, info->weight, info->cap);
}

static const char *const disk_formats[] = {
	[XL_DISK_RAW] = "raw", [XL_DISK_QCOW] = "qcow", [XL_DISK_QCOW2] = "qcow2",
	[XL_DISK_VHD] = "vhd", [XL_DISK_QED] = "qed",   [XL_DISK_EMPTY] = "empty",
};

static void disks(struct json *j, const struct xl_config *cfg)
{
	json_open(j, "disks", '[');
	for (uint32_t i = 0; i < cfg->disk_count && i < XL_DISKS_MAX; i++) {
		const struct xl_disk *d = &cfg->disks[i];

		json_open(j, NULL, '{');
		if (d->backend[0]) {
			json_string(j, "backend_domname", d->backend);
		}
		json_string(j, "pdev_path", d->target);
		json_string(j, "vdev", d->vdev);
		json_string(j, "format",
			    (unsigned)d->format <= XL_DISK_EMPTY ? disk_formats[d->format] : "?");
		json_number(j, "readwrite", !d->readonly);
		json_number(j, "is_cdrom", d->cdrom);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void nics(struct json *j, const struct xl_config *cfg)
{
	char mac[18];

	json_open(j, "nics", '[');
	for (uint32_t i = 0; i < cfg->vif_count && i < XL_VIFS_MAX; i++) {
		const struct xl_vif *v = &cfg->vifs[i];

		json_open(j, NULL, '{');
		if (v->backend[0]) {
			json_string(j, "backend_domname", v->backend);
		}
		json_number(j, "devid", v->devid);
		if (v->mac_set) {
			snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0],
				 v->mac[1], v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
			json_string(j, "mac", mac);
		}
		if (v->ip[0]) {
			json_string(j, "ip", v->ip);
		}
		json_string(j, "bridge", v->bridge[0] ? v->bridge : "xenbr0");
		if (v->rate_set) {
			json_number(j, "rate_bytes_per_interval", v->rate_bytes_per_interval);
			json_number(j, "rate_interval_usecs", v->rate_interval_usecs);
		}
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void on_actions(struct json *j, const struct xl_config *cfg)
{
	json_string(j, "on_poweroff", xl_action_name(cfg->on_poweroff));
	json_string(j, "on_reboot", xl_action_name(cfg->on_reboot));
	json_string(j, "on_crash", xl_action_name(cfg->on_crash));
}

static bool long_row(const struct domain_info *info, void *arg)
{
	struct json *j = arg;
	const struct xl_config *cfg = created_config(info->domid);

	json_open(j, NULL, '{');
	json_number(j, "domid", info->domid);
	json_open(j, "config", '{');
	json_open(j, "c_info", '{');
	json_string(j, "type", "pvh");
	json_string(j, "name", info->name);
	json_close(j, '}');
	json_open(j, "b_info", '{');
	if (cfg) {
		b_info_made(j, cfg);
	} else {
		b_info_listed(j, info);
	}
	json_close(j, '}');
	if (cfg) {
		disks(j, cfg);
		nics(j, cfg);
		on_actions(j, cfg);
	}
	json_close(j, '}');
	json_close(j, '}');
	return true;
}

int xl_list_long(struct shell_call *c, int first)
{
	struct json j = { .out = c->out };
	struct domain_info info;
	int status = 0;

	json_open(&j, NULL, '[');
	if (first >= c->argc) {
		domain_each(c->pf, long_row, &j);
	}
	for (int i = first; i < c->argc; i++) {
		if (domain_find(c->pf, c->argv[i], &info, c->err)) {
			(void)long_row(&info, &j);
		} else {
			status = 1;
		}
	}
	json_close(&j, ']');
	fputc('\n', c->out);
	return status;
}
