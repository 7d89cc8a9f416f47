// SPDX-License-Identifier: MIT
/* Stack protector support for libfdt, which Debian builds with -fstack-protector-strong. */
#include <lib.h>

uintptr_t __stack_chk_guard = 0x2f8a5c3e91d4b607ull;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
