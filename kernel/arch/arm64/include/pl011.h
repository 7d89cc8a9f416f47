/* SPDX-License-Identifier: MIT */
/* The PL011 UART driver. */
#ifndef PL011_H
#define PL011_H

#include <types.h>

/** Start using the UART at base for the console. */
void pl011_init(paddr_t base);

#endif
