/* SPDX-License-Identifier: MIT */
/* xl.cfg parser internals: the parse state, tokens, diagnostics, shared by xlcfg*.c. */
#ifndef XLCFG_INTERNAL_H
#define XLCFG_INTERNAL_H

#include <stdarg.h>
#include "xlcfg.h"

#define XLP_LABEL_MAX 96u /* how a message names its source, its NUL included */

enum xlp_tok {
	XLP_END = 0, /* the end of the text */
	XLP_NEWLINE, /* a newline, or a comment and its newline */
	XLP_SEMI,
	XLP_IDENT,  /* text/len in the source */
	XLP_NUMBER, /* text/len in the source, not yet checked */
	XLP_STRING, /* text/len in struct xlp's str, decoded, NUL-terminated */
	XLP_LBRACKET,
	XLP_RBRACKET,
	XLP_COMMA,
	XLP_ASSIGN, /* = */
	XLP_APPEND, /* += */
	XLP_ERROR,  /* the lexer refused the text; the error is set */
};

/** A token and where it starts. */
struct xlp_token {
	enum xlp_tok kind;
	uint32_t line, col; /* 1-based; columns count bytes */
	const char *text;
	size_t len;
	bool exact; /* byte k of a string or number is at column col + k (+1 for the quote):
		       it holds no escape, so positions inside it can be given */
};

/** A place in one of the parse's sources, for checks made after the fact. */
struct xlp_pos {
	bool set;
	uint32_t source; /* 0: the file, i + 1: override i */
	uint32_t line, col;
};

/* Keys whose place later checks need. */
enum xlp_key_pos {
	XLP_POS_CMDLINE = 0,
	XLP_POS_MEMORY,
	XLP_POS_MAXMEM,
	XLP_POS_VCPUS,
	XLP_POS_MAXVCPUS,
	XLP_POS_CPUS,
	XLP_POS_CAP,
	XLP_POS_COUNT,
};

/** The parse of one file and its overrides. */
struct xlp {
	struct xl_config *out;
	const char *file_name;
	const char *const *overrides;
	char label[XLP_LABEL_MAX]; /* the current source's name in messages */
	uint32_t source;           /* 0: the file, i + 1: override i */
	const char *text;
	size_t len, pos;
	uint32_t line, col;
	bool failed;      /* an error is in out->error; stop */
	bool device_list; /* xl_device_list_parse(): only name, disk and vif are keys */
	char str[XL_STRING_MAX];
	struct xlp_pos pos_of[XLP_POS_COUNT];
	bool cpus_list;               /* cpus= was a list: entry i is vCPU i's */
	uint32_t cpus_count;          /* entries of that list */
	char root[XL_CMDLINE_MAX];    /* root= as given */
	char extra[XL_CMDLINE_MAX];   /* extra= as given */
	char cmdline[XL_CMDLINE_MAX]; /* cmdline= as given */
	uint32_t cmdline_keys;        /* XL_CMDLINE_FROM_* of the keys given */
};

/* xlcfg_lex.c: tokens from the current source. */
void xlp_lex_start(struct xlp *p, const char *text, size_t len);
void xlp_next(struct xlp *p, struct xlp_token *tok);
void xlp_next_skip_newlines(struct xlp *p, struct xlp_token *tok);

/* xlcfg_diag.c: errors and warnings into struct xl_config. */
void xlp_error(struct xlp *p, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void xlp_error_at(struct xlp *p, const struct xlp_token *tok, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void xlp_error_tok(struct xlp *p, const struct xlp_token *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xlp_error_pos(struct xlp *p, const struct xlp_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xlp_error_file(struct xlp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xlp_warn(struct xlp *p, const struct xlp_token *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xlp_warn_pos(struct xlp *p, const struct xlp_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xlp_set_label(struct xlp *p, uint32_t source);
void xlp_mark(struct xlp *p, enum xlp_key_pos key, const struct xlp_token *tok);
const struct xlp_pos *xlp_later(const struct xlp_pos *a, const struct xlp_pos *b);

/* xlcfg_value.c: reading values of the shapes keys take. */
typedef int (*xlp_element_fn)(struct xlp *p, const struct xlp_token *atom, uint32_t index,
			      void *arg);
int xlp_value_atom(struct xlp *p, const char *key, struct xlp_token *atom);
int xlp_value_list(struct xlp *p, const char *key, xlp_element_fn fn, void *arg);
int xlp_list_after_open(struct xlp *p, const char *key, xlp_element_fn fn, void *arg);
int xlp_not_a_value(struct xlp *p, const struct xlp_token *tok, const char *key, const char *what);
int xlp_value_skip(struct xlp *p);
int xlp_atom_u32(struct xlp *p, const char *key, const struct xlp_token *atom, uint32_t min,
		 uint32_t max, uint32_t *value);
int xlp_atom_string(struct xlp *p, const char *key, const struct xlp_token *atom, char *dst,
		    size_t size, bool append);

/* xlcfg_keys.c: the keys and the range of each. */
int xlp_key_set(struct xlp *p, const struct xlp_token *key, bool append);

/* xlcfg_cpus.c: cpus= in xl's CPU list syntax. */
int xlp_cpus(struct xlp *p, bool append);

/* xlcfg_devices.c: disk = [...] and vif = [...]. */
int xlp_disks(struct xlp *p, bool append);
int xlp_vifs(struct xlp *p, bool append);

#endif
