/* SPDX-License-Identifier: MIT */
/* Numbers as xl reads them: decimal, 0x hexadecimal, 0 octal, the whole text and nothing else. */
#include <errno.h>
#include "xlcfg.h"

/** xl_digit_value() - @c as a digit of base up to 16, or 99 if it is none. */
int xl_digit_value(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return 99;
}

/** xl_number() - see xlcfg.h. */
int xl_number(const char *text, size_t len, uint64_t *value)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;

	if (len >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (len >= 2 && text[0] == '0') {
		base = 8;
		i = 1;
	}
	if (i >= len) {
		return -EINVAL;
	}
	for (; i < len; i++) {
		unsigned d = (unsigned)xl_digit_value((unsigned char)text[i]);

		if (d >= base) {
			return -EINVAL;
		}
		if (v > (UINT64_MAX - d) / base) {
			return -ERANGE;
		}
		v = v * base + d;
	}
	*value = v;
	return 0;
}
