/* SPDX-License-Identifier: MIT */
/* <limits.h> for libfdt's headers: they include it, and use nothing from it. */
#ifndef LIBC_LIMITS_H
#define LIBC_LIMITS_H

#endif
