/* SPDX-License-Identifier: MIT */
/* Xenstore paths: syntax, resolution of relative paths, ancestry. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xs_internal.h"

/*
 * Xen's store accepts letters, digits and "-/_@" in paths; so do we. Anything
 * else (dots, spaces, control bytes) is refused rather than escaped, so a
 * path names one node in one way only.
 */
static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '/' || c == '_' || c == '@';
}

/* Charset, no empty component, no trailing slash (except "/" itself). */
static int path_syntax(const char *s, size_t len)
{
	size_t i;

	if (len == 0) {
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (!path_char_ok(s[i])) {
			return -EINVAL;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
			return -EINVAL;
		}
	}
	if (len > 1 && s[len - 1] == '/') {
		return -EINVAL;
	}
	return 0;
}

/* Whether @path names one of the store's special watch points. */
static bool path_is_special(const char *path)
{
	return strcmp(path, "@introduceDomain") == 0 || strcmp(path, "@releaseDomain") == 0;
}

/* Length of @path's "/local/domain/<id>/" prefix (an id of 1 to 5 digits), else 0. */
static size_t home_prefix_len(const char *path)
{
	static const char top[] = "/local/domain/";
	size_t i = sizeof(top) - 1, digits = 0;

	if (strncmp(path, top, i) != 0) {
		return 0;
	}
	while (digits < 5 && path[i] >= '0' && path[i] <= '9') {
		i++;
		digits++;
	}
	return digits && path[i] == '/' ? i + 1 : 0;
}

/**
 * Writes into @out (XS_PATH_MAX + 1 bytes) the absolute form of @in:
 * unchanged when absolute, under /local/domain/<caller>/ when relative.
 * Special "@" names pass only when @allow_special. Returns the length, or
 * -EINVAL for bad syntax, a result longer than @max, or one longer than
 * XS_REL_PATH_MAX below a domain's home (or anywhere else), as Xen 4.17's
 * store counts it for every caller.
 */
int xs_path_resolve(const char *in, const struct xs_caller *caller, uint32_t max,
		    bool allow_special, char *out)
{
	size_t len = strlen(in);
	int prefix = 0;

	if (len > XS_PATH_MAX || len > max) {
		return -EINVAL;
	}
	if (in[0] == '@') {
		if (!allow_special || !path_is_special(in)) {
			return -EINVAL;
		}
		memcpy(out, in, len + 1);
		return (int)len;
	}
	if (path_syntax(in, len) < 0) {
		return -EINVAL;
	}
	if (in[0] != '/') {
		prefix = snprintf(out, XS_PATH_MAX + 1, "/local/domain/%u/", caller->domid);
		if (prefix < 0 || (size_t)prefix + len > max) {
			return -EINVAL;
		}
	}
	memcpy(out + prefix, in, len + 1);
	if ((size_t)prefix + len > home_prefix_len(out) + XS_REL_PATH_MAX) {
		return -EINVAL;
	}
	return (int)((size_t)prefix + len);
}

/**
 * Whether @path (@len bytes) is @top or lies below it, at a component
 * boundary: "/a/b" is under "/a" but "/ab" is not.
 */
bool xs_path_is_under(const char *path, size_t len, const char *top, size_t top_len)
{
	if (len < top_len || memcmp(path, top, top_len) != 0) {
		return false;
	}
	if (len == top_len) {
		return true;
	}
	if (top_len == 1 && top[0] == '/') {
		return path[0] == '/';
	}
	return path[top_len] == '/';
}

/** Length of the parent of absolute @path ("/a/b" -> 2, "/a" -> 1). */
size_t xs_path_parent_len(const char *path, size_t len)
{
	size_t i = len;

	while (i > 1 && path[i - 1] != '/') {
		i--;
	}
	/* i now sits just past the last slash; drop it unless it is the root. */
	return i > 1 ? i - 1 : 1;
}

/** Components in absolute @path: "/" 0, "/a" 1, "/a/b" 2. */
uint32_t xs_path_depth(const char *path, size_t len)
{
	uint32_t depth = 0;
	size_t i;

	if (len <= 1) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (path[i] == '/') {
			depth++;
		}
	}
	return depth;
}

/** Writes "/local/domain/<domid>" into @out. Returns its length or -EINVAL. */
int xs_path_of_domain(uint16_t domid, char *out, size_t cap)
{
	int n = snprintf(out, cap, "/local/domain/%u", domid);

	if (n < 0 || (size_t)n >= cap) {
		return -EINVAL;
	}
	return n;
}
