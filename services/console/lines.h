/* SPDX-License-Identifier: MIT */
/* Turning each domain's output into tagged lines on the one serial line. */
#ifndef CONSOLE_LINES_H
#define CONSOLE_LINES_H

#include <stdint.h>
#include "console.h"

/** Add n bytes of d's output (already copied out of its ring); whole lines go out now. */
void lines_put(struct console_service *svc, struct console_domain *d, const char *bytes, uint32_t n,
	       uint64_t now_ns);

/** Write d's partial line if it has waited CONSOLE_PARTIAL_NS. */
void lines_flush_due(struct console_service *svc, struct console_domain *d, uint64_t now_ns);

/** When d's partial line comes due, or UINT64_MAX if it has none. */
uint64_t lines_due(const struct console_domain *d);

/**
 * End d's line on the serial line, writing what it has buffered; for the
 * input holder, raw_leave() instead.
 */
void lines_end(struct console_service *svc, struct console_domain *d);

/** End what the last writer left open on the serial line (a partial line, the holder's state). */
void lines_break(struct console_service *svc);

/** Write a line of the service's own, text (NUL-terminated) on a serial line of its own. */
void lines_notice(struct console_service *svc, const char *text);

#endif
