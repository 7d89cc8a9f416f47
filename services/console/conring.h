/* SPDX-License-Identifier: MIT */
/* Moving bytes through a console ring page whose other side is hostile. */
#ifndef CONSOLE_CONRING_H
#define CONSOLE_CONRING_H

#include <stdint.h>
#include "console.h"

/** Take up the service's side of ring where the page says it is. */
void conring_attach(const volatile struct console_ring *ring, struct console_indexes *idx);

/**
 * Copy up to max bytes of guest output into dst and free their space in the
 * ring. *left is set to what remains after them. Returns the bytes copied,
 * or -EIO if the guest broke the index contract (nothing is taken then).
 */
int conring_out_take(volatile struct console_ring *ring, struct console_indexes *idx, char *dst,
		     uint32_t max, uint32_t *left);

/**
 * Put as much of src[0..len) as fits into the guest's input ring. Returns the
 * bytes put, or -EIO if the guest broke the index contract (nothing is put).
 */
int conring_in_put(volatile struct console_ring *ring, struct console_indexes *idx, const char *src,
		   uint32_t len);

#endif
