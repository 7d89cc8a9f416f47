/* SPDX-License-Identifier: MIT */
/* Taking guest output from the rings, fairly. */
#ifndef CONSOLE_OUTPUT_H
#define CONSOLE_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include "console.h"

/**
 * One round over the live consoles: up to CONSOLE_POLL_BUDGET bytes from
 * each, then the partial lines that came due. Returns true if some ring
 * still holds output.
 */
bool output_round(struct console_service *svc, uint64_t now_ns);

#endif
