// SPDX-License-Identifier: MIT
/* shell_capture.h: each stream into memory, then copied out whole. */
#include <stdio.h>
#include <stdlib.h>

#include "shell_capture.h"

const struct shell_result *shell_capture(const struct platform *pf, const char *line)
{
	static struct shell_result r;
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *o = open_memstream(&out, &out_len), *e = open_memstream(&err, &err_len);

	if (!o || !e) {
		abort();
	}
	r.status = shell_run_line(pf, line, o, e);
	fclose(o);
	fclose(e);
	snprintf(r.out, sizeof(r.out), "%s", out);
	snprintf(r.err, sizeof(r.err), "%s", err);
	free(out);
	free(err);
	return &r;
}
