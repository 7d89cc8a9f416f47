/* SPDX-License-Identifier: MIT */
/* xl.cfg keys: each one's value and range, and the checks and defaults that need several. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xlcfg_internal.h"

/* Numbers are assigned, never appended to (xl refuses += on them too). */
static int no_append(struct xlp *p, const struct xlp_token *key, bool append)
{
	if (append) {
		xlp_error_tok(p, key, "can't use += with numbers for parameter `%.*s'",
			      (int)key->len, key->text);
		return -EINVAL;
	}
	return 0;
}

static int set_u32(struct xlp *p, const struct xlp_token *key, bool append, const char *name,
		   uint32_t min, uint32_t max, uint32_t *value)
{
	struct xlp_token atom;

	if (no_append(p, key, append) < 0 || xlp_value_atom(p, name, &atom) < 0) {
		return -EINVAL;
	}
	return xlp_atom_u32(p, name, &atom, min, max, value);
}

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '+' || c == '-';
}

/* A name the store, the console and a boot description all take as it is. */
static int set_name(struct xlp *p, const struct xlp_token *key, bool append)
{
	struct xlp_token atom;
	size_t i, len;

	(void)key;
	if (xlp_value_atom(p, "name", &atom) < 0 ||
	    xlp_atom_string(p, "name", &atom, p->out->name, XL_NAME_MAX, append) < 0) {
		return -EINVAL;
	}
	len = strlen(p->out->name);
	for (i = 0; i < len && name_char_ok(p->out->name[i]); i++) {
	}
	if (len == 0 || i < len) {
		xlp_error_tok(p, &atom, "name must be 1..%u of A-Z a-z 0-9 _ . + -",
			      XL_NAME_MAX - 1);
		return -EINVAL;
	}
	return 0;
}

static int set_path(struct xlp *p, const char *name, char *dst, bool append)
{
	struct xlp_token atom;

	if (xlp_value_atom(p, name, &atom) < 0) {
		return -EINVAL;
	}
	return xlp_atom_string(p, name, &atom, dst, XL_PATH_MAX, append);
}

static int set_kernel(struct xlp *p, const struct xlp_token *key, bool append)
{
	(void)key;
	return set_path(p, "kernel", p->out->kernel, append);
}

static int set_ramdisk(struct xlp *p, const struct xlp_token *key, bool append)
{
	(void)key;
	return set_path(p, "ramdisk", p->out->ramdisk, append);
}

/* cmdline, root and extra are kept apart until the end, where xl joins them. */
static int set_cmdline_part(struct xlp *p, const struct xlp_token *key, bool append, char *dst,
			    uint32_t bit)
{
	struct xlp_token atom;
	char name[8];

	snprintf(name, sizeof(name), "%.*s", (int)key->len, key->text);
	if (xlp_value_atom(p, name, &atom) < 0 ||
	    xlp_atom_string(p, name, &atom, dst, XL_CMDLINE_MAX, append) < 0) {
		return -EINVAL;
	}
	p->cmdline_keys |= bit;
	if (bit == XL_CMDLINE_FROM_CMDLINE) {
		xlp_mark(p, XLP_POS_CMDLINE, key);
	}
	return 0;
}

static int set_cmdline(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_cmdline_part(p, key, append, p->cmdline, XL_CMDLINE_FROM_CMDLINE);
}

static int set_root(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_cmdline_part(p, key, append, p->root, XL_CMDLINE_FROM_ROOT);
}

static int set_extra(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_cmdline_part(p, key, append, p->extra, XL_CMDLINE_FROM_EXTRA);
}

static int set_memory(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_MEMORY, key);
	return set_u32(p, key, append, "memory", 1, XL_MEMORY_MAX_MIB, &p->out->memory_mib);
}

static int set_maxmem(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_MAXMEM, key);
	return set_u32(p, key, append, "maxmem", 1, XL_MEMORY_MAX_MIB, &p->out->maxmem_mib);
}

static int set_vcpus(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_VCPUS, key);
	return set_u32(p, key, append, "vcpus", 1, XL_VCPUS_MAX, &p->out->vcpus);
}

static int set_maxvcpus(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_MAXVCPUS, key);
	return set_u32(p, key, append, "maxvcpus", 1, XL_VCPUS_MAX, &p->out->maxvcpus);
}

static int set_cpu_weight(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_u32(p, key, append, "cpu_weight", 1, XL_WEIGHT_MAX, &p->out->cpu_weight);
}

static int set_cap(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_CAP, key);
	return set_u32(p, key, append, "cap", 0, 100 * XL_VCPUS_MAX, &p->out->cap);
}

static int set_cpus(struct xlp *p, const struct xlp_token *key, bool append)
{
	xlp_mark(p, XLP_POS_CPUS, key);
	return xlp_cpus(p, append);
}

static int set_disk(struct xlp *p, const struct xlp_token *key, bool append)
{
	(void)key;
	return xlp_disks(p, append);
}

static int set_vif(struct xlp *p, const struct xlp_token *key, bool append)
{
	(void)key;
	return xlp_vifs(p, append);
}

/* xl's actions, in the order of its list; those past PRESERVE Tessera does not carry out. */
static const char *const action_names[] = {
	[XL_ACTION_DESTROY] = "destroy",
	[XL_ACTION_RESTART] = "restart",
	[XL_ACTION_PRESERVE] = "preserve",
	"rename-restart",
	"coredump-destroy",
	"coredump-restart",
	"soft-reset",
};

static int set_action(struct xlp *p, const struct xlp_token *key, bool append,
		      enum xl_action *action)
{
	char name[16], echo[XL_ECHO_MAX + 1];
	struct xlp_token atom;
	size_t i;

	snprintf(name, sizeof(name), "%.*s", (int)key->len, key->text);
	if (no_append(p, key, append) < 0 || xlp_value_atom(p, name, &atom) < 0) {
		return -EINVAL;
	}
	for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
		if (strlen(action_names[i]) == atom.len &&
		    memcmp(action_names[i], atom.text, atom.len) == 0) {
			break;
		}
	}
	if (i <= XL_ACTION_PRESERVE) {
		*action = (enum xl_action)i;
		return 0;
	}
	xl_echo(echo, sizeof(echo), atom.text, atom.len);
	if (i < sizeof(action_names) / sizeof(action_names[0])) {
		xlp_error_tok(p, &atom,
			      "%s action \"%s\" is not supported by Tessera (destroy, restart or "
			      "preserve)",
			      name, echo);
	} else {
		xlp_error_tok(p, &atom, "Unknown %s action \"%s\" specified", name, echo);
	}
	return -EINVAL;
}

static int set_on_poweroff(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_action(p, key, append, &p->out->on_poweroff);
}

static int set_on_reboot(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_action(p, key, append, &p->out->on_reboot);
}

static int set_on_crash(struct xlp *p, const struct xlp_token *key, bool append)
{
	return set_action(p, key, append, &p->out->on_crash);
}

/** xl_action_name() - xl's word for @action. */
const char *xl_action_name(enum xl_action action)
{
	if ((unsigned)action > XL_ACTION_PRESERVE) {
		return "?";
	}
	return action_names[action];
}

struct xlp_key {
	const char *name;
	int (*set)(struct xlp *p, const struct xlp_token *key, bool append);
};

static const struct xlp_key keys[] = {
	{ "name", set_name },
	{ "kernel", set_kernel },
	{ "ramdisk", set_ramdisk },
	{ "cmdline", set_cmdline },
	{ "root", set_root },
	{ "extra", set_extra },
	{ "memory", set_memory },
	{ "maxmem", set_maxmem },
	{ "vcpus", set_vcpus },
	{ "maxvcpus", set_maxvcpus },
	{ "cpus", set_cpus },
	{ "cpu_weight", set_cpu_weight },
	{ "cap", set_cap },
	{ "on_poweroff", set_on_poweroff },
	{ "on_reboot", set_on_reboot },
	{ "on_crash", set_on_crash },
	{ "disk", set_disk },
	{ "vif", set_vif },
};

/* The keys of a boot domain's device list (xl_device_list_parse()). */
static bool device_list_key(const struct xlp_token *key)
{
	static const char *const names[] = { "name", "disk", "vif" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == key->len && memcmp(names[i], key->text, key->len) == 0) {
			return true;
		}
	}
	return false;
}

/**
 * xlp_key_set() - read the value of @key (after its '=' or '+=') into the
 * configuration; a key Tessera does not use is skipped with a warning.
 */
int xlp_key_set(struct xlp *p, const struct xlp_token *key, bool append)
{
	size_t i;

	if (p->device_list && !device_list_key(key)) {
		xlp_error_tok(p, key,
			      "a boot domain's device list holds name, disk and vif only, not "
			      "`%.*s'",
			      (int)key->len, key->text);
		return -EINVAL;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].name) == key->len &&
		    memcmp(keys[i].name, key->text, key->len) == 0) {
			return keys[i].set(p, key, append);
		}
	}
	xlp_warn(p, key, "unknown parameter `%.*s' ignored", (int)key->len, key->text);
	return xlp_value_skip(p);
}
