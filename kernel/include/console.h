/* SPDX-License-Identifier: MIT */
/* The physical console: the core's log lines and the lines domains write. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <types.h>

#define CONSOLE_LINE_MAX 160

/** A domain's partial output line, printed whole so domains never interleave mid-line. */
struct console_line {
	char buf[CONSOLE_LINE_MAX];
	unsigned int len;
};

/** Write n bytes as they are, whole (the console domain's own output). */
void console_write_raw(const char *s, size_t n);

/**
 * Append guest output to a domain's line and print every completed line as
 * "(dN) text". Bytes other than printable ASCII, tab and newline print as '?'.
 */
void console_domain_write(struct console_line *line, uint16_t domid, const char *s, size_t n);

/** Print what is left in a domain's line (when the domain ends). */
void console_domain_flush(struct console_line *line, uint16_t domid);

/** Write a whole string to the physical console under the console lock. */
void console_puts(const char *s);

#endif
