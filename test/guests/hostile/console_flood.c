// SPDX-License-Identifier: MIT
/* A MiB of console_io lines at once: the core prints a burst, drops the rest and says so. */
#include <abi/console_io.h>
#include <libos/counter.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#include "hostile.h"

#define FLOOD_BYTES (1024 * 1024)
#define LINE_BYTES 64

TEST(hostile, console_flood)
{
	static char text[CONSOLEIO_MAX_WRITE];
	uint64_t until;

	for (unsigned int i = 0; i < sizeof(text); i++) {
		text[i] = (i + 1) % LINE_BYTES == 0 ? '\n' : "hostile: console flood "[i % 23];
	}
	/* Dropping is the core's business: every write is accepted whole. */
	for (unsigned int done = 0; done < FLOOD_BYTES; done += sizeof(text)) {
		CHECK_EQ(hypercall_console_io(CONSOLEIO_write, sizeof(text), text), 0);
	}
	/* Give the budget time to come back (a burst in well under a second), so that the
	 * result line is printed, after the note of what was dropped. */
	REQUIRE(counter_frequency() != 0);
	until = counter_read() + counter_frequency();
	while (counter_read() < until) {
	}
}
