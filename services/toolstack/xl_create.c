// SPDX-License-Identifier: MIT
/* xl create, xl console and the bundle's listing (xl.h). */
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "created.h"
#include "domains.h"
#include "xl.h"

#define OVERRIDES_MAX 16

/* The bundle is flat: "/etc/xen/guest.cfg" names its "guest.cfg". */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Parse FILE and the overrides into cfg (allocated: it is large); NULL after saying why. */
static struct xl_config *read_config(struct shell_call *c, const char *file,
				     const char *const *overrides, size_t count)
{
	struct xl_config *cfg = malloc(sizeof(*cfg));
	size_t size = 0;
	const char *text = c->pf->file(base_name(file), &size);

	if (!cfg) {
		fprintf(c->err, "xl: out of memory\n");
		return NULL;
	}
	if (!text) {
		fprintf(c->err, "Failed to read config file: %s: No such file or directory\n",
			file);
		free(cfg);
		return NULL;
	}
	fprintf(c->out, "Parsing config from %s\n", file);
	if (xl_config_parse(file, text, size, overrides, count, cfg) != 0) {
		fprintf(c->err, "%s\n", cfg->error);
		fprintf(c->err, "Failed to parse config: Invalid argument\n");
		free(cfg);
		return NULL;
	}
	for (uint32_t i = 0; i < cfg->warning_count && i < XL_WARNINGS_MAX; i++) {
		fprintf(c->err, "%s\n", cfg->warnings[i]);
	}
	return cfg;
}

static void usage_create(FILE *err)
{
	fprintf(err, "Usage: xl create <ConfigFile> [options] [vars]\n"
		     "  -p  leave the domain paused after it is created\n"
		     "  -c  connect to the console after the domain is created\n");
}

/* "xl create FILE [-c] [-p] [KEY=VALUE...]" */
int xl_create(struct shell_call *c)
{
	const char *overrides[OVERRIDES_MAX], *file = NULL;
	bool paused = false, console = false;
	struct xl_config *cfg;
	struct domain_info clash;
	size_t count = 0;
	uint16_t domid;

	for (int i = 1; i < c->argc; i++) {
		if (strcmp(c->argv[i], "-p") == 0) {
			paused = true;
		} else if (strcmp(c->argv[i], "-c") == 0) {
			console = true;
		} else if (strchr(c->argv[i], '=') && count < OVERRIDES_MAX) {
			overrides[count++] = c->argv[i];
		} else if (!file && c->argv[i][0] != '-' && !strchr(c->argv[i], '=')) {
			file = c->argv[i];
		} else {
			usage_create(c->err);
			return 1;
		}
	}
	if (!file) {
		usage_create(c->err);
		return 1;
	}
	cfg = read_config(c, file, overrides, count);
	if (!cfg) {
		return 1;
	}
	if (domain_by_name(c->pf, cfg->name, &clash)) {
		fprintf(c->err, "libxl: error: domain with name \"%s\" already exists.\n",
			cfg->name);
		free(cfg);
		return 1;
	}
	if (build_domain(c->pf, cfg, &domid, c->err) != 0 ||
	    created_start(c->pf, domid, cfg, !paused, c->err) != 0) {
		fprintf(c->err, "libxl: error: cannot (re-)build domain: -3\n");
		free(cfg);
		return 1;
	}
	free(cfg);
	if (console) {
		(void)c->pf->console_focus(domid);
	}
	return 0;
}

/* "xl console DOM": the serial input and the raw terminal go to it. */
int xl_console(struct shell_call *c)
{
	struct domain_info info;

	if (c->argc != 2) {
		fprintf(c->err, "Usage: xl console [options] <Domain>\n");
		return 1;
	}
	if (!domain_find(c->pf, c->argv[1], &info, c->err)) {
		return 1;
	}
	return c->pf->console_focus(info.domid) == 0 ? 0 : 1;
}

/* "ls": the bundle's files, name and size. */
int shell_ls(struct shell_call *c)
{
	char name[64];
	size_t size;
	unsigned int i;

	for (i = 0; c->pf->file_at && c->pf->file_at(i, name, sizeof(name), &size); i++) {
		fprintf(c->out, "%10lu  %s\n", (unsigned long)size, name);
	}
	if (i == 0) {
		fprintf(c->out, "(no files: the toolstack has no bundle)\n");
	}
	return 0;
}
