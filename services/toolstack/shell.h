/* SPDX-License-Identifier: MIT */
/* The toolstack's shell: a line of input becomes words, and the words a command. */
#ifndef TOOLSTACK_SHELL_H
#define TOOLSTACK_SHELL_H

#include <stdio.h>

#include "platform.h"

#define SHELL_LINE_MAX 512 /* bytes of one command line, its NUL included */
#define SHELL_WORDS_MAX 32 /* words of one command line */

/** One command: its words (argv[0] its name) and where it writes. */
struct shell_call {
	const struct platform *pf;
	int argc;
	char **argv;
	FILE *out; /* what the command shows */
	FILE *err; /* what went wrong */
};

/** A command the shell knows: name, one line of usage, what it does. */
struct shell_command {
	const char *name;
	const char *usage;
	const char *summary;
	int (*run)(struct shell_call *c);
};

/**
 * Split line (modified in place) into at most max words at blanks; single
 * or double quotes keep blanks inside a word and are removed. Returns the
 * count, or -1 for an unclosed quote or too many words.
 */
int shell_split(char *line, char **words, int max);

/**
 * Run one line: "xl CMD ...", or one of the shell's own (help, ls, xenstore-*).
 * An empty line does nothing. Returns the command's status: 0 for success,
 * non-zero after it wrote what went wrong to err.
 */
int shell_run_line(const struct platform *pf, const char *line, FILE *out, FILE *err);

/** The xl subcommands (xl.c). */
extern const struct shell_command xl_commands[];
extern const unsigned int xl_command_count;

/** The xenstore-* commands (xenstore_cmds.c). */
extern const struct shell_command xenstore_commands[];
extern const unsigned int xenstore_command_count;

#endif
