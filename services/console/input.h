/* SPDX-License-Identifier: MIT */
/* The service's side of serial input: focus changes the table and the toolstack make. */
#ifndef CONSOLE_INPUT_H
#define CONSOLE_INPUT_H

#include <stdint.h>
#include "console.h"

/** A console was attached in slot: it gets the focus if nobody has it. */
void console_input_attached(struct console_service *svc, int slot);

/** The console of domid, in slot, was detached: the focus moves on if it had it. */
void console_input_detached(struct console_service *svc, uint16_t domid, int slot);

/**
 * Move the input to domid, as its holder asked (abi/console_focus.h; the
 * caller checked the right). Returns 0, or -ENOENT, said on the serial line,
 * if domid has no console or a broken one: the input then stays.
 */
int console_input_request(struct console_service *svc, uint16_t domid);

/** Deliver held Ctrl-a's that have waited CONSOLE_ESCAPE_NS. */
void console_input_release_due(struct console_service *svc, uint64_t now_ns);

/** When held Ctrl-a's come due, or UINT64_MAX if none are held. */
uint64_t console_input_due(const struct console_service *svc);

#endif
