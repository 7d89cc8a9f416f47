// SPDX-License-Identifier: MIT
/*
 * The toolstack domain: the shell (shell.h) on the library OS. Its input is
 * the serial line whenever the console domain gives it the input (Ctrl-a
 * three times), through its PV console; it echoes what is typed, edits the
 * line (backspace), and runs each line. The platform (platform.h) is the
 * core's domain_info and domain_control and the store, through the libOS.
 */
#include <abi/domain_info.h>
#include <abi/sched.h>
#include <abi/version.h>
#include <libos/domctl.h>
#include <libos/evtchn.h>
#include <libos/gic.h>
#include <libos/hypercall.h>
#include <libos/intr.h>
#include <libos/libos.h>
#include <libos/loop.h>
#include <libos/peers.h>
#include <libos/pvconsole.h>
#include <libos/timer.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "shell.h"

#define PROMPT "xl> "

static long xs_read(const char *path, char *buf, size_t size)
{
	return xenbus_read(XENBUS_TX_NONE, path, buf, size);
}

static long xs_write(const char *path, const char *value)
{
	return xenbus_write(XENBUS_TX_NONE, path, value);
}

static long version(char *buf, size_t size)
{
	char extra[16] = "";
	long v = hypercall_xen_version(XENVER_version, NULL);

	if (v < 0) {
		return v;
	}
	(void)hypercall_xen_version(XENVER_extraversion, extra);
	extra[sizeof(extra) - 1] = '\0';
	snprintf(buf, size, "%ld.%ld%s", v >> 16, v & 0xffff, extra);
	return 0;
}

static void poweroff(void)
{
	fflush(stdout);
	(void)pvconsole_flush(loop_deadline_ns(1000000000ull));
	libos_shutdown(SHUTDOWN_poweroff);
}

static struct platform platform = {
	.domain_info = domain_info_next,
	.domctl_on = domctl_on,
	.set_limits = domctl_set_limits,
	.physinfo = domctl_physinfo,
	.xs_read = xs_read,
	.xs_write = xs_write,
	.version = version,
	.poweroff = poweroff,
};

static int events_start(void)
{
	if (gic_init() != 0 || timer_init() != 0) {
		return -1;
	}
	intr_enable();
	return evtchn_init() == 0 ? 0 : -1;
}

static bool input_waiting(void *arg)
{
	(void)arg;
	return pvconsole_input_pending();
}

/* One typed byte: echo it and edit the line; true when a line is complete. */
static bool take_byte(char ch, char *line, size_t *len)
{
	if (ch == '\r' || ch == '\n') {
		printf("\n");
		line[*len] = '\0';
		return true;
	}
	if ((ch == 0x7f || ch == 0x08) && *len > 0) {
		(*len)--;
		printf("\b \b");
	} else if (ch >= 0x20 && ch < 0x7f && *len + 1 < SHELL_LINE_MAX) {
		line[(*len)++] = ch;
		printf("%c", ch);
	}
	return false;
}

int main(void)
{
	char line[SHELL_LINE_MAX];
	size_t len = 0;

	if (events_start() != 0 || pvconsole_init() != 0) {
		printf("toolstack: no events or no PV console: nothing to serve\n");
		return 1;
	}
	if (xenbus_init() != 0) {
		printf("toolstack: no xenstore: xl commands that use it will fail\n");
	}
	printf("toolstack: ready; type 'help' at the " PROMPT "prompt\n" PROMPT);
	fflush(stdout);
	for (;;) {
		char buf[64];
		long n;

		(void)loop_serve_until(input_waiting, NULL, LOOP_FOREVER);
		n = pvconsole_read(buf, sizeof(buf));
		for (long i = 0; i < n; i++) {
			if (take_byte(buf[i], line, &len)) {
				(void)shell_run_line(&platform, line, stdout, stdout);
				len = 0;
				printf(PROMPT);
			}
		}
		fflush(stdout);
	}
}
