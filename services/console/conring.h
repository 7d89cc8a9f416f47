/* SPDX-License-Identifier: MIT */
/* Moving bytes through a console ring page whose other side is hostile. */
#ifndef CONSOLE_CONRING_H
#define CONSOLE_CONRING_H

#include <stdint.h>
#include "console.h"

/** Take up the service's ends of ring's two byte rings where the page says they are. */
void conring_attach(volatile struct console_ring *ring, struct console_indexes *idx);

/**
 * Copy up to max bytes of guest output (of the ring conring_attach took up) into dst and free their
 * space in the ring. *left is set to what remains after them. Returns the bytes copied, or -EIO if
 * the guest broke the index contract (nothing is taken then).
 */
int conring_out_take(struct console_indexes *idx, char *dst, uint32_t max, uint32_t *left);

/**
 * Put as much of src[0..len) as fits into the guest's input ring. Returns the
 * bytes put, or -EIO if the guest broke the index contract (nothing is put).
 */
int conring_in_put(struct console_indexes *idx, const char *src, uint32_t len);

#endif
