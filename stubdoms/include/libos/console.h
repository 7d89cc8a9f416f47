/* SPDX-License-Identifier: MIT */
/* Output to the hypervisor console through console_io; usable from any vCPU and any context. */
#ifndef LIBOS_CONSOLE_H
#define LIBOS_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/**
 * Write len bytes, split into CONSOLEIO_write calls of at most
 * CONSOLEIO_MAX_WRITE bytes. Returns 0, or the first negative -XEN_E* error.
 */
long console_write(const char *buf, size_t len);

/** Write a NUL-terminated string; errors are ignored. */
void console_puts(const char *s);

/** Write value as 0x followed by 16 hexadecimal digits; errors are ignored. */
void console_put_hex(uint64_t value);

#endif
