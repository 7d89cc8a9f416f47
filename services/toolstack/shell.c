// SPDX-License-Identifier: MIT
/* The shell's words and dispatch: "xl CMD ..." and help (shell.h). */
#include <stdbool.h>
#include <string.h>

#include "shell.h"
#include "xl.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int shell_split(char *line, char **words, int max)
{
	char *in = line, *out = line;
	int count = 0;

	for (;;) {
		char quote = 0;

		while (blank(*in)) {
			in++;
		}
		if (*in == '\0') {
			return count;
		}
		if (count == max) {
			return -1;
		}
		words[count++] = out;
		while (*in != '\0' && (quote || !blank(*in))) {
			if (!quote && (*in == '\'' || *in == '"')) {
				quote = *in++;
			} else if (quote && *in == quote) {
				quote = 0;
				in++;
			} else {
				*out++ = *in++;
			}
		}
		if (quote) {
			return -1;
		}
		if (*in != '\0') {
			in++;
		}
		*out++ = '\0';
	}
}

static const struct shell_command *find(const struct shell_command *table, unsigned int n,
					const char *name)
{
	for (unsigned int i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			return &table[i];
		}
	}
	return NULL;
}

static void help(FILE *out)
{
	fprintf(out, "Usage: xl <subcommand> [args]\n\nxl full list of subcommands:\n\n");
	for (unsigned int i = 0; i < xl_command_count; i++) {
		fprintf(out, " %-20s%s\n", xl_commands[i].name, xl_commands[i].summary);
	}
	fprintf(out,
		"\nThe shell also knows: help, ls (the bundle's files), poweroff (this toolstack "
		"domain), and\n");
	for (unsigned int i = 0; i < xenstore_command_count; i++) {
		fprintf(out, " %-20s%s\n", xenstore_commands[i].name, xenstore_commands[i].summary);
	}
}

/* "xl", "xl help", "xl CMD ..." */
static int run_xl(struct shell_call *c)
{
	const struct shell_command *cmd;

	if (c->argc < 2 || strcmp(c->argv[1], "help") == 0) {
		help(c->out);
		return c->argc < 2;
	}
	cmd = find(xl_commands, xl_command_count, c->argv[1]);
	if (cmd == NULL) {
		fprintf(c->err, "command not implemented\n");
		help(c->err);
		return 1;
	}
	c->argc--;
	c->argv++;
	return cmd->run(c);
}

int shell_run_line(const struct platform *pf, const char *line, FILE *out, FILE *err)
{
	char copy[SHELL_LINE_MAX];
	char *words[SHELL_WORDS_MAX];
	struct shell_call call = { .pf = pf, .argv = words, .out = out, .err = err };
	const struct shell_command *own;

	if (strlen(line) >= sizeof(copy)) {
		fprintf(err, "line too long: at most %u characters\n", SHELL_LINE_MAX - 1);
		return 1;
	}
	strcpy(copy, line);
	call.argc = shell_split(copy, words, SHELL_WORDS_MAX);
	if (call.argc < 0) {
		fprintf(err, "unclosed quote, or more than %u words\n", SHELL_WORDS_MAX);
		return 1;
	}
	if (call.argc == 0) {
		return 0;
	}
	if (strcmp(words[0], "xl") == 0) {
		return run_xl(&call);
	}
	if (strcmp(words[0], "help") == 0) {
		help(out);
		return 0;
	}
	if (strcmp(words[0], "ls") == 0) {
		return shell_ls(&call);
	}
	own = find(xenstore_commands, xenstore_command_count, words[0]);
	if (own) {
		return own->run(&call);
	}
	if (strcmp(words[0], "poweroff") == 0 && pf->poweroff) {
		fprintf(out,
			"toolstack: powering off; the machine follows once no domain is left\n");
		pf->poweroff();
		return 0;
	}
	fprintf(err, "%s: command not found (try help)\n", words[0]);
	return 127;
}
