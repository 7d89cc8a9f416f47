// SPDX-License-Identifier: MIT
/*
 * The PV console: lines out through the console domain (between other
 * domains' lines), one with terminal control in it, then every input line
 * echoed back as "echo: <line>" until a line "bye". A line "focus N" also
 * asks the console domain to give the input to dN (abi/console_focus.h),
 * which it does only for a domain holding the toolstack right. The console
 * domain must be running; the input wait is bounded by ECHO_WAIT_SECONDS.
 */
#include <abi/console_focus.h>
#include <libos/loop.h>
#include <libos/pvconsole.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"

#define ECHO_LINES 5
#define ECHO_GAP_MS 20u
#define ECHO_WAIT_SECONDS 120u
#define ECHO_LINE_MAX 200

static bool echo_never(void *unused)
{
	(void)unused;
	return false;
}

TEST(console, connects)
{
	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(pvconsole_init(), 0);
	CHECK(pvconsole_ready());
	printf("console_echo: writing through the PV console\n");
}

TEST(console, prints_lines)
{
	REQUIRE(pvconsole_ready());
	for (int i = 1; i <= ECHO_LINES; i++) {
		printf("console_echo: line %d of %d\n", i, ECHO_LINES);
		/* Gaps, so that other domains' lines fall in between. */
		(void)loop_run_until(echo_never, NULL, loop_deadline_ns(ECHO_GAP_MS * 1000000ull));
	}
	/* Shown as it is while this domain holds the input, filtered ('?' for ESC and BEL) if not.
	 */
	printf("console_echo: \033[32mcolour\033[0m and \033]0;title\007 end\n");
	CHECK_EQ(pvconsole_flush(loop_deadline_ns(2000000000ull)), 0);
}

/** Input collected into lines. */
struct echo_state {
	char line[ECHO_LINE_MAX + 1];
	size_t len;
	unsigned int lines;
	bool bye;
};

/* The request goes out after the echo, as a toolstack's answer to `xl console N` would. */
static void echo_focus(const char *domid)
{
	char request[CONSOLE_FOCUS_MAX + 1];
	int n = snprintf(request, sizeof(request), "%s%.5s%s", CONSOLE_FOCUS_PREFIX, domid,
			 CONSOLE_FOCUS_END);

	fflush(stdout);
	if (n > 0) {
		(void)pvconsole_write(request, (size_t)n);
	}
}

/* A whole line came (without its end): echo it, and see whether it ends the session. */
static void echo_line(struct echo_state *s)
{
	s->line[s->len] = '\0';
	s->len = 0;
	if (s->line[0] == '\0') {
		return; /* the second half of "\r\n", or an empty line */
	}
	printf("echo: %s\n", s->line);
	s->lines++;
	if (strncmp(s->line, "focus ", 6) == 0) {
		echo_focus(s->line + 6);
	}
	if (strcmp(s->line, "bye") == 0) {
		s->bye = true;
	}
}

static void echo_take(struct echo_state *s, const char *bytes, long count)
{
	for (long i = 0; i < count && !s->bye; i++) {
		if (bytes[i] == '\r' || bytes[i] == '\n') {
			echo_line(s);
		} else if (s->len == ECHO_LINE_MAX) {
			echo_line(s); /* too long: echoed in pieces */
			s->line[s->len++] = bytes[i];
		} else {
			s->line[s->len++] = bytes[i];
		}
	}
}

TEST(console, echoes_until_bye)
{
	static struct echo_state state;
	uint64_t deadline;
	char chunk[64];

	REQUIRE(pvconsole_ready());
	deadline = loop_deadline_ns(ECHO_WAIT_SECONDS * 1000000000ull);
	printf("console_echo: ready for input; a line \"bye\" ends\n");
	while (!state.bye && pvconsole_wait_input(deadline)) {
		long n = pvconsole_read(chunk, sizeof(chunk));

		REQUIRE(n >= 0);
		echo_take(&state, chunk, n);
	}
	CHECK(state.bye);
	CHECK(state.lines >= 1);
	printf("console_echo: %u lines echoed\n", state.lines);
}
