/* SPDX-License-Identifier: MIT */
/* xl.cfg files: statements of the file and its overrides, then the checks that span keys. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xlcfg_internal.h"

/* The offset of the first byte of @tok that cannot be in a key, or tok->len if none. */
static size_t key_bad_byte(const struct xlp_token *tok)
{
	size_t i;

	if (tok->kind != XLP_IDENT) {
		return 0;
	}
	for (i = 0; i < tok->len; i++) {
		char c = tok->text[i];
		bool ok = (c >= 'a' && c <= 'z') ||
			  (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '.'));

		if (!ok) {
			return i;
		}
	}
	return tok->len;
}

/* KEY = VALUE or KEY += VALUE, and what ends it; @key is its first token. */
static int parse_statement(struct xlp *p, const struct xlp_token *key)
{
	struct xlp_token op, end;
	size_t bad = key_bad_byte(key);

	if (bad < key->len || key->kind != XLP_IDENT) {
		xlp_error_at(p, key, bad,
			     "expected a key: a lowercase letter, then a-z, 0-9, '_' or '.'");
		return -EINVAL;
	}
	xlp_next(p, &op);
	if (op.kind != XLP_ASSIGN && op.kind != XLP_APPEND) {
		if (op.kind != XLP_ERROR) {
			xlp_error_tok(p, &op, "expected '=' after key");
		}
		return -EINVAL;
	}
	if (xlp_key_set(p, key, op.kind == XLP_APPEND) < 0) {
		return -EINVAL;
	}
	xlp_next(p, &end);
	if (end.kind == XLP_NEWLINE || end.kind == XLP_SEMI || end.kind == XLP_END) {
		return 0;
	}
	if (end.kind != XLP_ERROR) {
		xlp_error_tok(p, &end, "expected a newline or ';' after the value of %.*s",
			      (int)key->len, key->text);
	}
	return -EINVAL;
}

/* Every statement of one source: the file (@source 0) or override @source - 1. */
static void parse_source(struct xlp *p, uint32_t source, const char *text, size_t len, size_t max)
{
	struct xlp_token tok;

	xlp_set_label(p, source);
	if (len > max) {
		xlp_error(p, 0, 0, "larger than %u bytes", (unsigned)max);
		return;
	}
	xlp_lex_start(p, text, len);
	for (;;) {
		xlp_next(p, &tok);
		if (tok.kind == XLP_END || tok.kind == XLP_ERROR) {
			return;
		}
		if (tok.kind == XLP_NEWLINE || tok.kind == XLP_SEMI) {
			continue;
		}
		if (parse_statement(p, &tok) < 0) {
			return;
		}
	}
}

/* What holds before the first statement: xl's defaults that do not depend on other keys. */
static void set_defaults(struct xl_config *out)
{
	out->cpu_weight = XL_WEIGHT_DEFAULT;
	out->on_poweroff = XL_ACTION_DESTROY;
	out->on_reboot = XL_ACTION_RESTART;
	out->on_crash = XL_ACTION_DESTROY;
}

/* xl's join: cmdline= wins (root= and extra= are then ignored); else "root=R E". */
static void finish_cmdline(struct xlp *p)
{
	struct xl_config *out = p->out;
	int n = 0;

	if (p->cmdline_keys & XL_CMDLINE_FROM_CMDLINE) {
		memcpy(out->cmdline, p->cmdline, sizeof(out->cmdline));
		out->cmdline_from = XL_CMDLINE_FROM_CMDLINE;
		if (p->cmdline_keys != XL_CMDLINE_FROM_CMDLINE) {
			xlp_warn_pos(p, &p->pos_of[XLP_POS_CMDLINE],
				     "ignoring root= and extra= in favour of cmdline=");
		}
		return;
	}
	out->cmdline_from = p->cmdline_keys;
	if (p->cmdline_keys == (XL_CMDLINE_FROM_ROOT | XL_CMDLINE_FROM_EXTRA)) {
		n = snprintf(out->cmdline, sizeof(out->cmdline), "root=%s %s", p->root, p->extra);
	} else if (p->cmdline_keys == XL_CMDLINE_FROM_ROOT) {
		n = snprintf(out->cmdline, sizeof(out->cmdline), "root=%s", p->root);
	} else if (p->cmdline_keys == XL_CMDLINE_FROM_EXTRA) {
		n = snprintf(out->cmdline, sizeof(out->cmdline), "%s", p->extra);
	}
	if (n < 0 || (size_t)n >= sizeof(out->cmdline)) {
		xlp_error_file(p, "root= and extra= make a command line longer than %u bytes",
			       XL_CMDLINE_MAX - 1);
	}
}

/* memory and maxmem: maxmem defaults to memory and is never below it. */
static void finish_memory(struct xlp *p)
{
	struct xl_config *out = p->out;

	if (!p->pos_of[XLP_POS_MEMORY].set) {
		out->memory_mib = XL_MEMORY_DEFAULT_MIB;
	}
	if (!p->pos_of[XLP_POS_MAXMEM].set) {
		out->maxmem_mib = out->memory_mib;
	}
	if (out->maxmem_mib < out->memory_mib) {
		const struct xlp_pos *at =
			xlp_later(&p->pos_of[XLP_POS_MEMORY], &p->pos_of[XLP_POS_MAXMEM]);
		xlp_error_pos(p, at, "maxmem (%u MiB) is less than memory (%u MiB)",
			      (unsigned)out->maxmem_mib, (unsigned)out->memory_mib);
	}
}

/* vcpus and maxvcpus as xl has them; a cap counts per vCPU; unpinned vCPUs take any pCPU. */
static void finish_vcpus(struct xlp *p)
{
	struct xl_config *out = p->out;
	const struct xlp_pos *at;
	uint32_t i;

	if (!p->pos_of[XLP_POS_VCPUS].set) {
		out->vcpus = 1;
	}
	if (!p->pos_of[XLP_POS_MAXVCPUS].set) {
		out->maxvcpus = out->vcpus;
	}
	if (out->maxvcpus < out->vcpus) {
		at = xlp_later(&p->pos_of[XLP_POS_VCPUS], &p->pos_of[XLP_POS_MAXVCPUS]);
		xlp_error_pos(p, at, "maxvcpus < vcpus (%u < %u)", (unsigned)out->maxvcpus,
			      (unsigned)out->vcpus);
		return;
	}
	if (out->cap > 100 * out->maxvcpus) {
		at = xlp_later(&p->pos_of[XLP_POS_CAP], &p->pos_of[XLP_POS_MAXVCPUS]);
		xlp_error_pos(p, at, "cap %u is more than 100 per vCPU (%u vCPUs)",
			      (unsigned)out->cap, (unsigned)out->maxvcpus);
		return;
	}
	out->cpus_set = p->pos_of[XLP_POS_CPUS].set;
	for (i = 0; i < XL_VCPUS_MAX; i++) {
		if (!out->cpus_set || (p->cpus_list && i >= p->cpus_count)) {
			out->affinity[i] = (1u << XL_CPUS_MAX) - 1;
		}
	}
}

/* The checks and defaults that need the whole configuration. */
static void finish(struct xlp *p)
{
	if (p->out->name[0] == '\0') {
		xlp_error_file(p, "Domain name must be specified.");
		return;
	}
	if (p->device_list) {
		return; /* a boot domain's devices: nothing else of the domain is said here */
	}
	if (p->out->kernel[0] == '\0') {
		xlp_error_file(p, "kernel must be specified (Tessera boots the guest's kernel "
				  "directly)");
		return;
	}
	finish_memory(p);
	finish_vcpus(p);
	finish_cmdline(p);
}

/* A refused parse leaves only its diagnostics: nothing partial can be mistaken for a result. */
static void scrub(struct xl_config *out)
{
	static struct {
		char error[XL_MSG_MAX];
		uint32_t count, dropped;
		char warnings[XL_WARNINGS_MAX][XL_MSG_MAX];
	} keep; /* static: 1.7 KiB is much for a service's stack */

	memcpy(keep.error, out->error, sizeof(keep.error));
	keep.count = out->warning_count;
	keep.dropped = out->warnings_dropped;
	memcpy(keep.warnings, out->warnings, sizeof(keep.warnings));
	memset(out, 0, sizeof(*out));
	memcpy(out->error, keep.error, sizeof(out->error));
	out->warning_count = keep.count;
	out->warnings_dropped = keep.dropped;
	memcpy(out->warnings, keep.warnings, sizeof(out->warnings));
}

static void parse_all(struct xlp *p, const char *text, size_t text_len,
		      const char *const *overrides, size_t override_count)
{
	size_t i;

	if (text == NULL && text_len != 0) {
		xlp_error_file(p, "no text to read");
		return;
	}
	if (override_count > XL_OVERRIDES_MAX || (overrides == NULL && override_count != 0)) {
		xlp_error_file(p, "more than %u KEY=VALUE overrides", XL_OVERRIDES_MAX);
		return;
	}
	parse_source(p, 0, text != NULL ? text : "", text_len, XL_TEXT_MAX);
	for (i = 0; i < override_count && !p->failed; i++) {
		const char *o = overrides[i] != NULL ? overrides[i] : "";

		parse_source(p, (uint32_t)i + 1, o, strnlen(o, XL_OVERRIDE_MAX + 1),
			     XL_OVERRIDE_MAX);
	}
	if (!p->failed) {
		finish(p);
	}
}

/* One parse, of a whole configuration or (device_list) of a boot domain's devices. */
static int parse(const char *file_name, const char *text, size_t text_len,
		 const char *const *overrides, size_t override_count, bool device_list,
		 struct xl_config *out)
{
	static struct xlp p; /* about 4.5 KiB; one parse at a time (the toolstack has one thread) */

	if (out == NULL) {
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.file_name = file_name;
	p.overrides = overrides;
	p.device_list = device_list;
	set_defaults(out);
	parse_all(&p, text, text_len, overrides, override_count);
	if (p.failed) {
		scrub(out);
		return -EINVAL;
	}
	return 0;
}

/** xl_config_parse() - see xlcfg.h. */
int xl_config_parse(const char *file_name, const char *text, size_t text_len,
		    const char *const *overrides, size_t override_count, struct xl_config *out)
{
	return parse(file_name, text, text_len, overrides, override_count, false, out);
}

/** xl_device_list_parse() - see xlcfg.h. */
int xl_device_list_parse(const char *file_name, const char *text, size_t text_len,
			 struct xl_config *out)
{
	return parse(file_name, text, text_len, NULL, 0, true, out);
}
