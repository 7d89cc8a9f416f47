/* SPDX-License-Identifier: MIT */
/* <string.h> for code the core links but did not write (libfdt): the core's own functions. */
#ifndef LIBC_STRING_H
#define LIBC_STRING_H

#include <lib.h>

#endif
