/* SPDX-License-Identifier: MIT */
/* Running a shell line in a test and keeping what it printed. */
#ifndef SHELL_CAPTURE_H
#define SHELL_CAPTURE_H

#include "shell.h"

/** What one line did: its status, and what it wrote on out and on err. */
struct shell_result {
	int status;
	char out[4096], err[1024];
};

/** Run line against pf; the result stays valid until the next call. */
const struct shell_result *shell_capture(const struct platform *pf, const char *line);

#endif
