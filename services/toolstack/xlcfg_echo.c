/* SPDX-License-Identifier: MIT */
/* Repeating what a user wrote in a message, safely: echoes, and the errors of one spec. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xlcfg_limits.h"

/** xl_echo() - see xlcfg_limits.h. */
void xl_echo(char *dst, size_t size, const char *src, size_t len)
{
	size_t keep = len, i;

	if (size < XL_ECHO_MAX + 1) {
		dst[0] = '\0';
		return;
	}
	if (keep > XL_ECHO_MAX) {
		keep = XL_ECHO_MAX - 3;
	}
	for (i = 0; i < keep; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c >= ' ' && c < 0x7f) ? (char)c : '?';
	}
	if (keep < len) {
		memcpy(dst + keep, "...", 3);
		keep += 3;
	}
	dst[keep] = '\0';
}

/** xl_spec_fail() - see xlcfg_limits.h. */
int xl_spec_fail(struct xl_spec_error *err, size_t offset, const char *what, const char *near,
		 size_t near_len)
{
	char echo[XL_ECHO_MAX + 1];

	err->offset = (uint32_t)offset;
	if (near == NULL) {
		snprintf(err->msg, sizeof(err->msg), "%s", what);
		return -EINVAL;
	}
	xl_echo(echo, sizeof(echo), near, near_len);
	snprintf(err->msg, sizeof(err->msg), "%s: near `%s'", what, echo);
	return -EINVAL;
}
