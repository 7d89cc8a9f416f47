/* SPDX-License-Identifier: MIT */
/* xl.cfg diagnostics: the first error and the warnings, each naming its source, line, column. */
#include <stdio.h>
#include <string.h>
#include "xlcfg_internal.h"

/* How messages name @source: the file's name, or override N 'TEXT'. */
static void format_label(const struct xlp *p, uint32_t source, char *label)
{
	char echo[XL_ECHO_MAX + 1];
	const char *text;

	if (source == 0) {
		text = p->file_name != NULL ? p->file_name : "(config)";
		xl_echo(echo, sizeof(echo), text, strnlen(text, XL_ECHO_MAX + 1));
		snprintf(label, XLP_LABEL_MAX, "%s", echo);
		return;
	}
	text = p->overrides[source - 1];
	xl_echo(echo, sizeof(echo), text, strnlen(text, XL_ECHO_MAX + 1));
	snprintf(label, XLP_LABEL_MAX, "override %u '%s'", (unsigned)source, echo);
}

/** xlp_set_label() - messages from now on are about @source (0: the file, i + 1: override i). */
void xlp_set_label(struct xlp *p, uint32_t source)
{
	p->source = source;
	format_label(p, source, p->label);
}

/* "LABEL:LINE:COL: " or "LABEL: " (@line 0) and the message, cut to fit @dst. */
static void compose(char *dst, const char *label, uint32_t line, uint32_t col, const char *kind,
		    const char *fmt, va_list ap)
{
	char msg[XL_MSG_MAX];
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line != 0) {
		n = snprintf(dst, XL_MSG_MAX, "%s:%u:%u: %s%s", label, (unsigned)line,
			     (unsigned)col, kind, msg);
	} else {
		n = snprintf(dst, XL_MSG_MAX, "%s: %s%s", label, kind, msg);
	}
	if (n < 0) {
		dst[0] = '\0';
	}
}

static void verror(struct xlp *p, const char *label, uint32_t line, uint32_t col, const char *fmt,
		   va_list ap)
{
	if (p->failed) {
		return; /* the first error is the one that counts */
	}
	p->failed = true;
	compose(p->out->error, label, line, col, "", fmt, ap);
}

/** xlp_error() - refuse the parse: @fmt at @line, @col of the current source. */
void xlp_error(struct xlp *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(p, p->label, line, col, fmt, ap);
	va_end(ap);
}

/*
 * The column of byte @offset of @tok's text: exact when the token holds no
 * escape (a string's text starts after its quote), else the token's own.
 */
static uint32_t column_in(const struct xlp_token *tok, size_t offset)
{
	if (!tok->exact || offset > tok->len) {
		return tok->col;
	}
	return tok->col + (tok->kind == XLP_STRING ? 1u : 0u) + (uint32_t)offset;
}

/** xlp_error_at() - refuse the parse at byte @offset of @tok's (decoded) text. */
void xlp_error_at(struct xlp *p, const struct xlp_token *tok, size_t offset, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(p, p->label, tok->line, column_in(tok, offset), fmt, ap);
	va_end(ap);
}

/** xlp_error_tok() - refuse the parse at @tok as a whole (a string's opening quote). */
void xlp_error_tok(struct xlp *p, const struct xlp_token *tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(p, p->label, tok->line, tok->col, fmt, ap);
	va_end(ap);
}

/** xlp_error_pos() - refuse the parse at a place marked earlier, maybe in another source. */
void xlp_error_pos(struct xlp *p, const struct xlp_pos *pos, const char *fmt, ...)
{
	static const struct xlp_pos nowhere = { .set = true }; /* line 0: the file's name alone */
	char label[XLP_LABEL_MAX];
	va_list ap;

	if (pos == NULL || !pos->set) {
		pos = &nowhere;
	}
	format_label(p, pos->source, label);
	va_start(ap, fmt);
	verror(p, label, pos->line, pos->col, fmt, ap);
	va_end(ap);
}

/** xlp_error_file() - refuse the parse for what no one place says ("FILE: what"). */
void xlp_error_file(struct xlp *p, const char *fmt, ...)
{
	char label[XLP_LABEL_MAX];
	va_list ap;

	format_label(p, 0, label);
	va_start(ap, fmt);
	verror(p, label, 0, 0, fmt, ap);
	va_end(ap);
}

static void vwarn(struct xlp *p, const char *label, uint32_t line, uint32_t col, const char *fmt,
		  va_list ap)
{
	struct xl_config *out = p->out;

	if (out->warning_count >= XL_WARNINGS_MAX) {
		out->warnings_dropped++;
		return;
	}
	compose(out->warnings[out->warning_count], label, line, col, "warning: ", fmt, ap);
	out->warning_count++;
}

/** xlp_warn() - note a warning at @tok; past XL_WARNINGS_MAX, only count it. */
void xlp_warn(struct xlp *p, const struct xlp_token *tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(p, p->label, tok->line, tok->col, fmt, ap);
	va_end(ap);
}

/** xlp_warn_pos() - note a warning at a place marked earlier. */
void xlp_warn_pos(struct xlp *p, const struct xlp_pos *pos, const char *fmt, ...)
{
	char label[XLP_LABEL_MAX];
	va_list ap;

	format_label(p, pos->source, label);
	va_start(ap, fmt);
	vwarn(p, label, pos->line, pos->col, fmt, ap);
	va_end(ap);
}

/** xlp_mark() - remember where @key was set, for checks made once everything is read. */
void xlp_mark(struct xlp *p, enum xlp_key_pos key, const struct xlp_token *tok)
{
	p->pos_of[key].set = true;
	p->pos_of[key].source = p->source;
	p->pos_of[key].line = tok->line;
	p->pos_of[key].col = tok->col;
}

/** xlp_later() - of two marks, the one set later (NULL if neither is). */
const struct xlp_pos *xlp_later(const struct xlp_pos *a, const struct xlp_pos *b)
{
	if (!a->set || !b->set) {
		return a->set ? a : (b->set ? b : NULL);
	}
	if (a->source != b->source) {
		return a->source > b->source ? a : b;
	}
	if (a->line != b->line) {
		return a->line > b->line ? a : b;
	}
	return a->col > b->col ? a : b;
}
