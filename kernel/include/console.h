/* SPDX-License-Identifier: MIT */
/* The physical console: the core's log lines and the lines domains write. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <spinlock.h>
#include <types.h>

#define CONSOLE_LINE_MAX 160
#define CONSOLE_LOG_BYTES 16384u /* the core's last log bytes kept for DOMCTL_read_log */

/* What a domain without the console right may put on the serial line: a burst
 * of CONSOLE_BURST bytes, then CONSOLE_RATE bytes every CONSOLE_PERIOD_NS.
 * Generous for a guest's log (every boot test prints a few KiB at most), far
 * short of keeping the line busy. */
#define CONSOLE_BURST 16384u
#define CONSOLE_RATE 256u
#define CONSOLE_PERIOD_NS 10000000ull
/* What a note "(dN) [N bytes dropped]" costs of the budget, so notes are not free output. */
#define CONSOLE_NOTE_BYTES 32u

/**
 * A domain's partial output line, printed whole so domains never interleave
 * mid-line, and its share of the serial line. Zeroed is ready: empty, full budget.
 */
struct console_line {
	struct spinlock lock; /* protects the fields below; taken before the console lock */
	char buf[CONSOLE_LINE_MAX];
	unsigned int len;
	uint64_t owed;    /* bytes printed and not yet paid back by time */
	uint64_t stamp;   /* when owed was last paid down, ns */
	uint64_t dropped; /* bytes dropped since the last line printed */
};

/** Write n bytes as they are, whole (the console domain's own output). */
void console_write_raw(const char *s, size_t n);

/**
 * Append guest output to a domain's line and print every completed line as
 * "(dN) text", one line at a time under the console lock. Bytes other than
 * printable ASCII, tab and newline print as '?'. Lines beyond the domain's
 * budget are dropped; the next line printed is preceded by
 * "(dN) [N bytes dropped]".
 */
void console_domain_write(struct console_line *line, uint16_t domid, const char *s, size_t n);

/** Print what is left in a domain's line (when the domain ends). */
void console_domain_flush(struct console_line *line, uint16_t domid);

/**
 * Write a whole string of the core's own (a log line) to the physical console
 * under the console lock, and keep it in the log ring.
 */
void console_puts(const char *s);

/**
 * Copy up to size bytes of the log ring, from byte *from on (bytes counted
 * since boot), into out. *from moves up to the oldest byte kept if older ones
 * were overwritten, and to the log's end if none is left. Returns the count.
 */
uint32_t console_log_read(uint64_t *from, char *out, uint32_t size);

#endif
