/* SPDX-License-Identifier: MIT */
/* Sizes that bound every xl.cfg value the parser reads or stores; safe echoes of values. */
#ifndef XLCFG_LIMITS_H
#define XLCFG_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include <abi/boot_desc.h>
#include <abi/guest_layout.h>

/* Everything the parser stores or reads is bounded by one of these. */
#define XL_TEXT_MAX 65536u               /* bytes of one file */
#define XL_OVERRIDES_MAX 32u             /* KEY=VALUE strings after the file */
#define XL_OVERRIDE_MAX 4096u            /* bytes of one of them */
#define XL_STRING_MAX 1024u              /* bytes of one decoded string value, its NUL included */
#define XL_LIST_DEPTH_MAX 8u             /* lists within lists (only skipped keys may nest) */
#define XL_NAME_MAX BOOT_DESC_NAME_MAX   /* a domain name and its NUL: 1..31 of [A-Za-z0-9_.+-] */
#define XL_PATH_MAX 256u                 /* a file name in the bundle, a script, a disk target */
#define XL_CMDLINE_MAX 1024u             /* the kernel command line and its NUL */
#define XL_VCPUS_MAX BOOT_DESC_VCPUS_MAX /* vCPUs of one domain */
#define XL_CPUS_MAX BOOT_DESC_CPUS_MAX   /* pCPUs a cpus= list can name: 0..XL_CPUS_MAX-1 */
#define XL_MEMORY_MAX_MIB ((uint32_t)(GUEST_RAM_MAX >> 20)) /* a domain's RAM, MiB */
#define XL_MEMORY_DEFAULT_MIB 32u /* libxl's default when memory= is absent */
#define XL_WEIGHT_DEFAULT 256u    /* cpu_weight: 1..65535 */
#define XL_WEIGHT_MAX 65535u
#define XL_DISKS_MAX 16u   /* entries of disk = [...] */
#define XL_VIFS_MAX 8u     /* entries of vif = [...] */
#define XL_VDEV_MAX 16u    /* a vdev as written, its NUL included */
#define XL_IFNAME_MAX 16u  /* a host interface name (bridge, vifname) and its NUL */
#define XL_VIF_IP_MAX 64u  /* ip=: dotted quads separated by spaces, and the NUL */
#define XL_MODEL_MAX 32u   /* vif model= and its NUL */
#define XL_MSG_MAX 192u    /* one error or warning, its NUL included */
#define XL_WARNINGS_MAX 8u /* warnings kept; more are counted in warnings_dropped */
#define XL_ECHO_MAX 40u    /* bytes of a value a message repeats */

/** An error in one disk or vif spec: the byte of the spec it is at, and what it is. */
struct xl_spec_error {
	uint32_t offset;
	char msg[XL_MSG_MAX];
};

/**
 * xl_echo() - @len bytes of a value the user (or an attacker) wrote, made safe
 * to print in @dst: bytes outside printable ASCII become '?', and past
 * XL_ECHO_MAX bytes it is cut with "...". @size is at least XL_ECHO_MAX + 1.
 */
void xl_echo(char *dst, size_t size, const char *src, size_t len);

/**
 * xl_spec_fail() - set @err: @what, at byte @offset of the spec, and "near `TEXT'"
 * with @near_len bytes of @near echoed safely when @near is not NULL.
 * Return: -EINVAL, for the caller to return.
 */
int xl_spec_fail(struct xl_spec_error *err, size_t offset, const char *what, const char *near,
		 size_t near_len);

#endif
