/* SPDX-License-Identifier: MIT */
/* <stdlib.h> for libfdt's headers: the core has no C library, and they use nothing from it. */
#ifndef LIBC_STDLIB_H
#define LIBC_STDLIB_H

#include <stddef.h>

#endif
