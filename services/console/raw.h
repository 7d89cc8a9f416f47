/* SPDX-License-Identifier: MIT */
/* The input holder's output: to the terminal as written, escape sequences whole. */
#ifndef CONSOLE_RAW_H
#define CONSOLE_RAW_H

#include <stdint.h>
#include "console.h"

/**
 * Add n bytes of the input holder d's output (already copied out of its
 * ring): written as they are, except that an escape sequence waits in d's
 * line buffer until it is complete, and a focus request (abi/console_focus.h)
 * is acted on instead of written. If a request moves the input away from d,
 * the rest of the bytes become d's tagged lines.
 */
void raw_put(struct console_service *svc, struct console_domain *d, const char *bytes, uint32_t n,
	     uint64_t now_ns);

/**
 * Someone else is about to write: bring the terminal back from what the
 * holder's output did to it (term_restore). The holder keeps an unfinished
 * sequence for later. Call only while svc->owner is the holder.
 */
void raw_park(struct console_service *svc);

/**
 * The input leaves d, the holder: an escape sequence it has not finished is
 * dropped (it is terminal control, never text), the terminal restored, and
 * the parser starts afresh for the next holder.
 */
void raw_leave(struct console_service *svc, struct console_domain *d);

#endif
