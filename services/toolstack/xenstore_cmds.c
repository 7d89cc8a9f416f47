// SPDX-License-Identifier: MIT
/*
 * The xenstore-* commands of Debian's xenstore-utils, with their output:
 * read, write, rm, list, ls, chmod and watch, over the toolstack's own connection
 * (privileged, as dom0's is under Xen).
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"

#define LS_DEPTH_MAX 16
#define NAMES_MAX 4096
#define VALUE_MAX 1024

static int usage(struct shell_call *c, const char *text)
{
	fprintf(c->err, "Usage: %s %s\n", c->argv[0], text);
	return 1;
}

static int failed(struct shell_call *c, const char *what, const char *path, long rc)
{
	fprintf(c->err, "%s: could not %s %s (%ld)\n", c->argv[0], what, path, rc);
	return 1;
}

static int xs_read_cmd(struct shell_call *c)
{
	char value[VALUE_MAX];

	if (c->argc < 2) {
		return usage(c, "key [...]");
	}
	for (int i = 1; i < c->argc; i++) {
		long rc = c->pf->xs_read(c->argv[i], value, sizeof(value));

		if (rc < 0) {
			return failed(c, "read", c->argv[i], rc);
		}
		fprintf(c->out, "%s\n", value);
	}
	return 0;
}

static int xs_write_cmd(struct shell_call *c)
{
	if (c->argc < 3 || c->argc % 2 == 0) {
		return usage(c, "key value [...]");
	}
	for (int i = 1; i + 1 < c->argc; i += 2) {
		long rc = c->pf->xs_write(c->argv[i], c->argv[i + 1]);

		if (rc < 0) {
			return failed(c, "write", c->argv[i], rc);
		}
	}
	return 0;
}

static int xs_rm_cmd(struct shell_call *c)
{
	if (c->argc < 2) {
		return usage(c, "key [...]");
	}
	for (int i = 1; i < c->argc; i++) {
		long rc = c->pf->xs_rm(c->argv[i]);

		if (rc < 0) {
			return failed(c, "remove", c->argv[i], rc);
		}
	}
	return 0;
}

static int xs_list_cmd(struct shell_call *c)
{
	char *names;
	long n;

	if (c->argc != 2) {
		return usage(c, "key");
	}
	names = malloc(NAMES_MAX);
	n = names ? c->pf->xs_directory(c->argv[1], names, NAMES_MAX) : -12;
	for (size_t i = 0, at = 0; n > 0 && i < (size_t)n && at < NAMES_MAX; i++) {
		fprintf(c->out, "%s\n", names + at);
		at += strnlen(names + at, NAMES_MAX - at) + 1;
	}
	free(names);
	return n < 0 ? failed(c, "list", c->argv[1], n) : 0;
}

/* value as xenstore-ls quotes it: printable bytes as they are, the rest as \xHH. */
static void quoted(FILE *out, const char *value)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\') {
			fprintf(out, "\\x%02x", *p);
		} else {
			fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Every node below path, one a line, "name = \"value\"", indented one space a level. */
static void ls_below(struct shell_call *c, const char *path, int depth)
{
	char *names = malloc(NAMES_MAX), *value = malloc(VALUE_MAX), *child = malloc(VALUE_MAX);
	long n = names && value && child ? c->pf->xs_directory(path, names, NAMES_MAX) : -1;

	for (size_t i = 0, at = 0; n > 0 && i < (size_t)n && at < NAMES_MAX; i++) {
		const char *name = names + at;

		snprintf(child, VALUE_MAX, "%s/%s", strcmp(path, "/") == 0 ? "" : path, name);
		if (c->pf->xs_read(child, value, VALUE_MAX) < 0) {
			value[0] = '\0';
		}
		fprintf(c->out, "%*s%s = ", depth, "", name);
		quoted(c->out, value);
		fputc('\n', c->out);
		if (depth + 1 < LS_DEPTH_MAX) {
			ls_below(c, child, depth + 1);
		}
		at += strnlen(name, NAMES_MAX - at) + 1;
	}
	free(names);
	free(value);
	free(child);
}

static int xs_ls_cmd(struct shell_call *c)
{
	if (c->argc > 2) {
		return usage(c, "[path]");
	}
	ls_below(c, c->argc == 2 ? c->argv[1] : "/", 0);
	return 0;
}

/* "n0", "r3", "w4", "b5": the access letter, then the domain. */
static bool parse_perm(const char *text, struct platform_perm *out)
{
	char *end;
	unsigned long id = strtoul(text + 1, &end, 10);

	if (!strchr("nrwb", text[0]) || text[0] == '\0' || text[1] == '\0' || *end != '\0' ||
	    id > 0xffff) {
		return false;
	}
	*out = (struct platform_perm){ (uint16_t)id, text[0] };
	return true;
}

static int xs_chmod_cmd(struct shell_call *c)
{
	struct platform_perm perms[8];
	int n = c->argc - 2;
	long rc;

	if (n < 1 || n > 8) {
		return usage(c, "key <mode [modes...]>");
	}
	for (int i = 0; i < n; i++) {
		if (!parse_perm(c->argv[i + 2], &perms[i])) {
			fprintf(c->err, "%s: bad permission '%s' (n, r, w or b, then a domid)\n",
				c->argv[0], c->argv[i + 2]);
			return 1;
		}
	}
	rc = c->pf->xs_set_perms(c->argv[1], perms, (unsigned int)n);
	return rc < 0 ? failed(c, "change the permissions of", c->argv[1], rc) : 0;
}

struct watching {
	FILE *out;
	unsigned long seen;
};

static void watch_event(const char *path, const char *token, void *arg)
{
	struct watching *w = arg;

	(void)token;
	fprintf(w->out, "%s\n", path);
	fflush(w->out);
	w->seen++;
}

/*
 * "xenstore-watch -n NR path": each change's path, a line each, the first
 * the store's own at once, until NR have come. -n is required here, and it
 * gives up after XL_WAIT_MAX_MS: the shell cannot interrupt a command.
 */
static int xs_watch_cmd(struct shell_call *c)
{
	static const char token[] = "xenstore-watch";
	struct watching w = { c->out, 0 };
	unsigned long nr;
	char *end;
	long rc;

	if (c->argc != 4 || strcmp(c->argv[1], "-n") != 0) {
		return usage(c, "-n NR path (NR events, then it ends)");
	}
	nr = strtoul(c->argv[2], &end, 10);
	if (*c->argv[2] == '\0' || *end != '\0' || nr == 0 || !c->pf->sleep_ms) {
		return usage(c, "-n NR path (NR events, then it ends)");
	}
	rc = c->pf->xs_watch(c->argv[3], token, watch_event, &w);
	if (rc < 0) {
		return failed(c, "watch", c->argv[3], rc);
	}
	for (unsigned int ms = 0; w.seen < nr && ms < XL_WAIT_MAX_MS; ms += XL_WAIT_STEP_MS) {
		c->pf->sleep_ms(XL_WAIT_STEP_MS);
	}
	(void)c->pf->xs_unwatch(c->argv[3], token);
	if (w.seen < nr) {
		fprintf(c->err, "%s: %lu of %lu events in %u s; gave up\n", c->argv[0], w.seen, nr,
			XL_WAIT_MAX_MS / 1000);
		return 1;
	}
	return 0;
}

const struct shell_command xenstore_commands[] = {
	{ "xenstore-read", "key [...]", "Print the values of keys", xs_read_cmd },
	{ "xenstore-write", "key value [...]", "Write values to keys", xs_write_cmd },
	{ "xenstore-rm", "key [...]", "Remove keys and all below them", xs_rm_cmd },
	{ "xenstore-list", "key", "List a key's children", xs_list_cmd },
	{ "xenstore-ls", "[path]", "Show the tree below a path", xs_ls_cmd },
	{ "xenstore-chmod", "key mode [modes...]", "Set a key's permissions", xs_chmod_cmd },
	{ "xenstore-watch", "-n NR path", "Print the paths of NR changes at or below path",
	  xs_watch_cmd },
};

const unsigned int xenstore_command_count =
	sizeof(xenstore_commands) / sizeof(xenstore_commands[0]);
