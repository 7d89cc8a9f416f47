/* SPDX-License-Identifier: MIT */
/* The fuzz witness's checks of its store and console (witness_services.c). */
#ifndef TEST_GUESTS_FUZZ_WITNESS_H
#define TEST_GUESTS_FUZZ_WITNESS_H

#include <stdbool.h>
#include <stdint.h>

/** Connect to the store (one request answered) and find the console ring; false if either fails. */
bool witness_services_up(void);

/** Write round into data/witness and read it back: whether the store did both. */
bool witness_store_round_trip(uint64_t round);

/** Write text through the console ring: whether the console domain took it within 5 s. */
bool witness_console_line(const char *text);

#endif
