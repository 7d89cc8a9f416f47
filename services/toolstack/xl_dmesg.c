// SPDX-License-Identifier: MIT
/* xl dmesg [-c]: the hypervisor's log, as the core keeps it (xl.h). */
#include <string.h>

#include "xl.h"

/* Most bytes one dmesg prints: the core keeps 16 KiB, and lines logged while it reads could
 * otherwise keep it going. */
#define DMESG_MAX_BYTES (64u << 10)

/* Where -c left the log: later reads start there, as if the bytes before were cleared. */
static uint64_t cleared_up_to;

int xl_dmesg(struct shell_call *c)
{
	bool clear = c->argc == 2 && strcmp(c->argv[1], "-c") == 0;
	uint64_t from = cleared_up_to;
	char buf[DOMCTL_LOG_READ_MAX];
	size_t printed = 0;
	long n = 0;

	if (c->argc > 2 || (c->argc == 2 && !clear)) {
		fprintf(c->err, "Usage: xl dmesg [-c]\n");
		return 1;
	}
	while (printed < DMESG_MAX_BYTES && (n = c->pf->read_log(&from, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, c->out);
		from += (uint64_t)n;
		printed += (size_t)n;
	}
	if (n < 0) {
		fprintf(c->err, "libxl: error: reading the hypervisor's log failed (%ld)\n", n);
		return 1;
	}
	if (clear) {
		cleared_up_to = from;
	}
	return 0;
}
