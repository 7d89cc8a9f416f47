/* SPDX-License-Identifier: MIT */
/* Xenstore permission lists: wire form, copies, and the access they grant. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

static int letter_access(char c)
{
	switch (c) {
	case XS_PERM_NONE:
		return 0;
	case XS_PERM_READ:
		return (int)XS_ACCESS_READ;
	case XS_PERM_WRITE:
		return (int)XS_ACCESS_WRITE;
	case XS_PERM_BOTH:
		return (int)(XS_ACCESS_READ | XS_ACCESS_WRITE);
	default:
		return -EINVAL;
	}
}

static char access_letter(uint8_t access)
{
	static const char letters[4] = { XS_PERM_NONE, XS_PERM_READ, XS_PERM_WRITE, XS_PERM_BOTH };

	return letters[access & 3u];
}

/* One "<letter><domid>" entry, NUL-terminated within the payload. */
static int parse_entry(const char *s, struct xs_perm *out)
{
	int access = letter_access(s[0]);
	uint16_t domid;

	if (access < 0 || xs_msg_parse_domid(s + 1, &domid) < 0) {
		return -EINVAL;
	}
	out->domid = domid;
	out->access = (uint8_t)access;
	return 0;
}

/**
 * Parses the wire list in @buf (@len bytes, each entry "<c><domid>\0") into
 * @out, which the caller frees. -EINVAL if malformed or empty, -ENOSPC if more
 * than @max entries (Xen's answer), -ENOMEM.
 */
int xs_perms_parse(const char *buf, size_t len, uint32_t max, struct xs_perms *out)
{
	int count = xs_msg_count_strings(buf, len);
	const char *s = buf;
	uint32_t i;

	if (count <= 0) {
		return -EINVAL;
	}
	if ((uint32_t)count > max) {
		return -ENOSPC;
	}
	out->entries = calloc((size_t)count, sizeof(*out->entries));
	if (!out->entries) {
		return -ENOMEM;
	}
	out->count = (uint32_t)count;
	for (i = 0; i < out->count; i++) {
		if (parse_entry(s, &out->entries[i]) < 0) {
			xs_perms_free(out);
			return -EINVAL;
		}
		s += strlen(s) + 1;
	}
	return 0;
}

/** Writes the wire list into @out. Returns its length, or 0 if @cap is short. */
uint32_t xs_perms_format(const struct xs_perms *perms, char *out, uint32_t cap)
{
	uint32_t used = 0, i;
	int n;

	for (i = 0; i < perms->count; i++) {
		n = snprintf(out + used, cap - used, "%c%u",
			     access_letter(perms->entries[i].access), perms->entries[i].domid);
		/* snprintf's NUL is the entry's terminator, so it must fit too. */
		if (n < 0 || (uint32_t)n >= cap - used) {
			return 0;
		}
		used += (uint32_t)n + 1;
	}
	return used;
}

/** Makes @dst an independent copy of @src. -ENOMEM leaves @dst empty. */
int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
	dst->count = 0;
	dst->entries = NULL;
	if (src->count == 0) {
		return 0;
	}
	dst->entries = malloc(src->count * sizeof(*dst->entries));
	if (!dst->entries) {
		return -ENOMEM;
	}
	memcpy(dst->entries, src->entries, src->count * sizeof(*dst->entries));
	dst->count = src->count;
	return 0;
}

/** A one-entry list: @owner, and @others for everyone else. */
int xs_perms_init(struct xs_perms *perms, uint16_t owner, uint8_t others)
{
	perms->entries = malloc(sizeof(*perms->entries));
	if (!perms->entries) {
		perms->count = 0;
		return -ENOMEM;
	}
	perms->entries[0].domid = owner;
	perms->entries[0].access = others;
	perms->count = 1;
	return 0;
}

void xs_perms_free(struct xs_perms *perms)
{
	free(perms->entries);
	perms->entries = NULL;
	perms->count = 0;
}

uint16_t xs_perms_owner(const struct xs_perms *perms)
{
	return perms->count ? perms->entries[0].domid : 0;
}

/**
 * Takes @domid out of @perms: as owner it gives way to @heir, and the later
 * entries naming it go. Needs no memory. Returns whether @perms changed.
 */
bool xs_perms_forget(struct xs_perms *perms, uint16_t domid, uint16_t heir)
{
	uint32_t kept = 1;
	bool changed = false;

	if (perms->count == 0) {
		return false;
	}
	if (perms->entries[0].domid == domid) {
		perms->entries[0].domid = heir;
		changed = true;
	}
	for (uint32_t i = 1; i < perms->count; i++) {
		if (perms->entries[i].domid == domid) {
			changed = true;
		} else {
			perms->entries[kept++] = perms->entries[i];
		}
	}
	perms->count = kept;
	return changed;
}

static bool caller_is(const struct xs_caller *caller, uint16_t domid)
{
	return caller->domid == domid || (caller->has_target && caller->target == domid);
}

/**
 * What @caller may do to a node with @perms: everything when privileged or
 * the owner (a caller with a target counts as its target), else the union of
 * the entries after the first that name it (or its target), else the first
 * entry's access. A list with no entries grants nothing.
 */
unsigned int xs_perms_access(const struct xs_perms *perms, const struct xs_caller *caller)
{
	const unsigned int all = XS_ACCESS_READ | XS_ACCESS_WRITE | XS_ACCESS_OWNER;
	unsigned int access = 0;
	bool listed = false;
	uint32_t i;

	if (caller->privileged) {
		return all;
	}
	if (perms->count == 0) {
		return 0;
	}
	if (caller_is(caller, perms->entries[0].domid)) {
		return all;
	}
	for (i = 1; i < perms->count; i++) {
		if (caller_is(caller, perms->entries[i].domid)) {
			access |= perms->entries[i].access;
			listed = true;
		}
	}
	return listed ? access : perms->entries[0].access;
}
