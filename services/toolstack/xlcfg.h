/* SPDX-License-Identifier: MIT */
/* xl domain configuration files (xl.cfg): the parser's interface and what it produces. */
#ifndef XLCFG_H
#define XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xl_disk.h"
#include "xl_vif.h"
#include "xlcfg_limits.h"

/*
 * The toolstack reads a domain's configuration in xl's syntax (xl.cfg(5)):
 *
 *   # a comment
 *   name = "guest"
 *   memory = 256
 *   disk = [ 'vdev=xvda,access=rw,target=disk.img',
 *            'cd.iso,,xvdb,cdrom', ]
 *
 * Statements are KEY = VALUE or KEY += VALUE, ended by a newline or ';'. A key
 * is a lowercase letter, then lowercase letters, digits, '_' and '.'. A value
 * is a string in single or double quotes, a number (decimal, 0x hexadecimal
 * or 0 octal, as xl reads them), or a list in brackets of values separated by
 * commas, which may span lines and end with a comma. Strings take backslash
 * escapes: \\ \' \" \a \b \f \n \r \t \v as in C, \xHH (two hex digits) and
 * \OOO (one to three octal digits); no newline, no NUL inside. A later
 * assignment of a key replaces an earlier one; += appends to a string or a
 * list. Keys Tessera does not use, whether xl knows them or not, are skipped
 * with a warning (xl itself skips them silently).
 *
 * Every value is checked where it is written, so an error names the file, line
 * and column of what is wrong; a check that needs several keys (maxvcpus and
 * vcpus, say) names the place of the later one. Nothing here allocates: the
 * result is one struct with fixed-size fields, every string copied in, and
 * the parser never keeps a pointer into the text it was given.
 */

/** What a domain's poweroff, reboot or crash leads to. */
enum xl_action {
	XL_ACTION_DESTROY = 0, /* the domain goes away */
	XL_ACTION_RESTART,     /* destroyed, then built again from the same configuration */
	XL_ACTION_PRESERVE,    /* kept as it is, shut down, until xl destroy */
};

/*
 * Where the kernel command line came from. xl takes cmdline= if it is given
 * and then ignores root= and extra= (with a warning); otherwise it joins
 * "root=ROOT EXTRA" from those it has. Bits of the keys whose text is in
 * struct xl_config's cmdline.
 */
#define XL_CMDLINE_FROM_CMDLINE 1u
#define XL_CMDLINE_FROM_ROOT 2u
#define XL_CMDLINE_FROM_EXTRA 4u

/**
 * A parsed configuration. Every field is set: from the file, the overrides,
 * or the default named. When parsing fails, every field but the diagnostics
 * is zero, so nothing partial can be used by mistake.
 */
struct xl_config {
	char name[XL_NAME_MAX];          /* required */
	char kernel[XL_PATH_MAX];        /* required: the kernel image's file name */
	char ramdisk[XL_PATH_MAX];       /* "" when none */
	char cmdline[XL_CMDLINE_MAX];    /* the kernel command line; "" when none */
	uint32_t cmdline_from;           /* XL_CMDLINE_FROM_* bits: which keys made cmdline */
	uint32_t memory_mib;             /* RAM at start, 1..XL_MEMORY_MAX_MIB (default 32) */
	uint32_t maxmem_mib;             /* RAM it may balloon up to: memory_mib..XL_MEMORY_MAX_MIB
					    (default memory_mib) */
	uint32_t vcpus;                  /* vCPUs online at start, 1..maxvcpus (default 1) */
	uint32_t maxvcpus;               /* vCPUs it has, vcpus..XL_VCPUS_MAX (default vcpus) */
	bool cpus_set;                   /* cpus= was given; else no pinning */
	uint32_t affinity[XL_VCPUS_MAX]; /* pCPUs each vCPU may run on (bit i: pCPU i); every
					    vCPU has one at least; all pCPUs when not said */
	uint32_t cpu_weight;             /* 1..65535 (default 256) */
	uint32_t cap;                    /* % of one pCPU, 0 (none, the default)..100 * maxvcpus */
	enum xl_action on_poweroff;      /* default destroy */
	enum xl_action on_reboot;        /* default restart */
	enum xl_action on_crash;         /* default destroy */
	uint32_t disk_count;
	struct xl_disk disks[XL_DISKS_MAX];
	uint32_t vif_count;
	struct xl_vif vifs[XL_VIFS_MAX];

	/* Diagnostics, kept whether parsing succeeds or not. */
	char error[XL_MSG_MAX];    /* "" on success; else "SOURCE:LINE:COLUMN: what" (or
				      "SOURCE: what" for what no one place says) */
	uint32_t warning_count;    /* entries of warnings used */
	uint32_t warnings_dropped; /* warnings beyond XL_WARNINGS_MAX, not kept */
	char warnings[XL_WARNINGS_MAX][XL_MSG_MAX]; /* "SOURCE:LINE:COLUMN: warning: what" */
};

/**
 * xl_config_parse() - read a configuration file and then `xl create`'s
 * KEY=VALUE arguments, as xl does: each override is one more statement after
 * the file's, so it replaces (or with +=, extends) what the file said.
 * @file_name:      how errors name the file (it is not opened; up to 40 bytes are shown)
 * @text:           the file's bytes, @text_len of them (no NUL needed; a NUL byte is an error)
 * @overrides:      @override_count strings, each "KEY=VALUE" in the file's syntax; errors
 *                  in one are named `override N 'TEXT'` with the line and column within it
 * @out:            filled in whole, whatever happens
 *
 * Return: 0, and @out holds the configuration; or -EINVAL: the file or an
 * override is refused, @out->error says where and why, and every other field
 * but the warnings is zero. Nothing is allocated either way. Not reentrant:
 * the parse's own state (about 4.5 KiB) is static, to spare a service's stack.
 */
int xl_config_parse(const char *file_name, const char *text, size_t text_len,
		    const char *const *overrides, size_t override_count, struct xl_config *out);

/**
 * xl_device_list_parse() - read a boot domain's device list: a file in the
 * same syntax whose only keys are name (required: the boot domain's), disk
 * and vif, which tessera-pack writes for each boot domain with disk or vif
 * properties (boot/README.md, "Disks and vifs of boot domains"). Any other
 * key is refused. Every field of @out but name, the disks and the vifs keeps
 * its zero or default.
 * Return: 0, or -EINVAL with @out->error set, as xl_config_parse().
 */
int xl_device_list_parse(const char *file_name, const char *text, size_t text_len,
			 struct xl_config *out);

/**
 * xl_number() - @len bytes as a number the way xl reads one (C's strtoul with
 * base 0, and nothing after it): 0x and hex digits, 0 and octal digits, or
 * decimal. Used for every numeric value and by the disk and vif specs.
 * Return: 0 with @value set; -EINVAL for nothing or a digit out of its base;
 * -ERANGE past 2^64 - 1.
 */
int xl_number(const char *text, size_t len, uint64_t *value);

/**
 * xl_cpu_list() - @text as xl's CPU list ("0-3,^1", "all", "node:0"), as cpus= and
 * `xl vcpu-pin` take one. Not reentrant.
 * Return: 0 with @mask set (bit i: pCPU i, never 0); -EINVAL with @error (XL_MSG_MAX
 * bytes) saying "WHAT: what is wrong", @what naming the argument.
 */
int xl_cpu_list(const char *what, const char *text, uint32_t *mask, char *error);

/** xl_digit_value() - the value of @c as a hex, decimal or octal digit, or 99 if it is none. */
int xl_digit_value(int c);

/** xl_action_name() - xl's word for @action ("destroy", "restart", "preserve"). */
const char *xl_action_name(enum xl_action action);

#endif
