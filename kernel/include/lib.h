/* SPDX-License-Identifier: MIT */
/* Freestanding helpers of the core: memory, strings, formatted output, panic. */
#ifndef LIB_H
#define LIB_H

#include <stdarg.h>
#include <types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

/** Format into buf (always NUL-terminated when size > 0); returns the length wanted. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Print a line of the core's own to the console, prefixed "tessera: ". */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Report a bug of the core and stop the machine. Never for guest-controlled values. */
__attribute__((noreturn)) void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Called by code built with a stack protector (libfdt) when its canary was overwritten. */
__attribute__((noreturn)) void __stack_chk_fail(void);

#endif
