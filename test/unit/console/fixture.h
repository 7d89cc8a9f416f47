/* SPDX-License-Identifier: MIT */
/* What every console service test shares: a captured serial line, guest ring pages, notifications.
 */
#ifndef CONSOLE_TEST_FIXTURE_H
#define CONSOLE_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "console.h"

#define FIXTURE_RINGS 8u
#define FIXTURE_DOMAINS 64u /* the service's limit in these tests */
#define FIXTURE_SERIAL_MAX 65536u
#define FIXTURE_MS 1000000ull

extern struct console_service svc;
extern struct console_ring rings[FIXTURE_RINGS];

/** cmocka setup: a fresh service, clean rings, empty capture. */
int fixture_setup(void **state);

/* The quiet domain fixture_setup_held() gives the input, so the others' output is tagged lines. */
#define FIXTURE_HOLDER 1000u

/** cmocka setup: fixture_setup(), then FIXTURE_HOLDER (on a ring of its own) holds the input. */
int fixture_setup_held(void **state);

/** Attach rings[ring] as domid's console and forget the notice that may print. */
void fixture_add(uint16_t domid, const char *name, unsigned int ring);

/** Like fixture_add, for a domain holding rights (DOMAIN_RIGHT_*). */
void fixture_add_rights(uint16_t domid, const char *name, uint32_t rights, unsigned int ring);

/** The serial line so far, NUL-terminated. */
const char *serial_text(void);

/** Forget the serial line so far. */
void serial_clear(void);

/** Times ops->notify was called for domid since the last fixture_notified(domid). */
unsigned int fixture_notified(uint16_t domid);

/** Write s into the out ring as a guest would: bytes, then out_prod. Fails the test if it does not
 * fit. */
void guest_write(unsigned int ring, const char *s, size_t len);

/** Like guest_write, for a NUL-terminated string. */
void guest_puts(unsigned int ring, const char *s);

/** Read what the service put in the in ring, as a guest would. Returns the byte count. */
size_t guest_read(unsigned int ring, char *buf, size_t size);

/** Occurrences of needle in the serial line so far. */
unsigned int serial_count(const char *needle);

#endif
