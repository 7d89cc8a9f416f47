/* SPDX-License-Identifier: MIT */
/* xl.cfg values: one atom, a list of atoms, or anything (skipped), and atoms as numbers or text. */
#include <errno.h>
#include <string.h>
#include "xlcfg_internal.h"

static bool is_atom(const struct xlp_token *tok)
{
	return tok->kind == XLP_STRING || tok->kind == XLP_NUMBER;
}

/** xlp_not_a_value() - the error for @tok where @what, a value of @key, should be. */
int xlp_not_a_value(struct xlp *p, const struct xlp_token *tok, const char *key, const char *what)
{
	if (tok->kind == XLP_ERROR) {
		return -EINVAL;
	}
	if (tok->kind == XLP_NEWLINE || tok->kind == XLP_SEMI || tok->kind == XLP_END) {
		xlp_error_tok(p, tok, "expected %s for %s after '='", what, key);
	} else if (tok->kind == XLP_IDENT) {
		xlp_error_tok(p, tok, "expected %s for %s (strings are quoted)", what, key);
	} else {
		xlp_error_tok(p, tok, "expected %s for %s", what, key);
	}
	return -EINVAL;
}

/** xlp_value_atom() - read @key's value, which must be a string or a number, into @atom. */
int xlp_value_atom(struct xlp *p, const char *key, struct xlp_token *atom)
{
	xlp_next(p, atom);
	if (is_atom(atom)) {
		return 0;
	}
	if (atom->kind == XLP_LBRACKET) {
		xlp_error_tok(p, atom, "expected a single value for %s, not a list", key);
		return -EINVAL;
	}
	return xlp_not_a_value(p, atom, key, "a quoted string or a number");
}

/* After an element (or '['): the ']' that ends the list (1), a ',' (0), or an error. */
static int list_separator(struct xlp *p, const char *key)
{
	struct xlp_token tok;

	xlp_next_skip_newlines(p, &tok);
	if (tok.kind == XLP_RBRACKET) {
		return 1;
	}
	if (tok.kind == XLP_COMMA) {
		return 0;
	}
	if (tok.kind != XLP_ERROR) {
		xlp_error_tok(p, &tok, "expected ',' or ']' in the list of %s", key);
	}
	return -EINVAL;
}

/**
 * xlp_list_after_open() - the rest of a list of strings or numbers for @key,
 * its '[' read, handing each element to @fn with its index. Newlines may come
 * anywhere between the brackets, and a comma may follow the last element.
 * Return: 0, or -EINVAL (error set) from the syntax or from @fn.
 */
int xlp_list_after_open(struct xlp *p, const char *key, xlp_element_fn fn, void *arg)
{
	struct xlp_token tok;
	uint32_t index = 0;
	int rc;

	for (;;) {
		xlp_next_skip_newlines(p, &tok);
		if (tok.kind == XLP_RBRACKET) {
			return 0; /* empty, or after a trailing comma */
		}
		if (!is_atom(&tok)) {
			return xlp_not_a_value(p, &tok, key, "a quoted string in the list");
		}
		rc = fn(p, &tok, index++, arg);
		if (rc < 0) {
			return rc;
		}
		rc = list_separator(p, key);
		if (rc != 0) {
			return rc < 0 ? rc : 0;
		}
	}
}

/** xlp_value_list() - read @key's value, which must be a list: xlp_list_after_open(). */
int xlp_value_list(struct xlp *p, const char *key, xlp_element_fn fn, void *arg)
{
	struct xlp_token tok;

	xlp_next(p, &tok);
	if (tok.kind != XLP_LBRACKET) {
		return xlp_not_a_value(p, &tok, key, "a list in [ ]");
	}
	return xlp_list_after_open(p, key, fn, arg);
}

/*
 * Skipping: after a value inside a list, the next token must be ',' or ']';
 * after '[' or ',', a value or ']' (but not ',' straight after '[').
 */
static int skip_step(struct xlp *p, const struct xlp_token *tok, uint32_t *depth, bool *want_value)
{
	if (tok->kind == XLP_RBRACKET) { /* ends a list: empty, after a value or a trailing comma */
		(*depth)--;
		*want_value = false;
		return 0;
	}
	if (*want_value && tok->kind == XLP_LBRACKET) {
		if (*depth >= XL_LIST_DEPTH_MAX) {
			xlp_error_tok(p, tok, "lists nested deeper than %u", XL_LIST_DEPTH_MAX);
			return -EINVAL;
		}
		(*depth)++;
		return 0;
	}
	if (*want_value && is_atom(tok)) {
		*want_value = false;
		return 0;
	}
	if (!*want_value && tok->kind == XLP_COMMA) {
		*want_value = true;
		return 0;
	}
	if (tok->kind != XLP_ERROR) {
		xlp_error_tok(p, tok,
			      *want_value ? "expected a value or ']' in the list"
					  : "expected ',' or ']' in the list");
	}
	return -EINVAL;
}

/**
 * xlp_value_skip() - read and drop a value of any shape (a key Tessera does
 * not use), lists nested up to XL_LIST_DEPTH_MAX deep, without recursion.
 */
int xlp_value_skip(struct xlp *p)
{
	struct xlp_token tok;
	uint32_t depth = 1;
	bool want_value = true, first = true;

	xlp_next(p, &tok);
	if (is_atom(&tok)) {
		return 0;
	}
	if (tok.kind != XLP_LBRACKET) {
		return xlp_not_a_value(p, &tok, "it", "a value");
	}
	while (depth > 0) {
		xlp_next_skip_newlines(p, &tok);
		if (first && tok.kind == XLP_COMMA) {
			xlp_error_tok(p, &tok, "expected a value or ']' in the list");
			return -EINVAL;
		}
		first = tok.kind == XLP_LBRACKET;
		if (skip_step(p, &tok, &depth, &want_value) < 0) {
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * xlp_atom_u32() - @atom as a number for @key, min..max. xl takes a quoted
 * number as well as a bare one, and so do we.
 */
int xlp_atom_u32(struct xlp *p, const char *key, const struct xlp_token *atom, uint32_t min,
		 uint32_t max, uint32_t *value)
{
	char echo[XL_ECHO_MAX + 1];
	uint64_t v;
	int rc = xl_number(atom->text, atom->len, &v);

	xl_echo(echo, sizeof(echo), atom->text, atom->len);
	if (rc == -EINVAL) {
		xlp_error_tok(p, atom, "expected a number for %s, not '%s'", key, echo);
		return -EINVAL;
	}
	if (rc < 0 || v < min || v > max) {
		xlp_error_tok(p, atom, "%s must be %u..%u, not %s", key, (unsigned)min,
			      (unsigned)max, echo);
		return -EINVAL;
	}
	*value = (uint32_t)v;
	return 0;
}

/**
 * xlp_atom_string() - @atom's text as @key's value in @dst (@size bytes with
 * the NUL), or after what @dst holds when @append (+=). Only printable ASCII is
 * taken: what is stored ends up in the store and on the console.
 */
int xlp_atom_string(struct xlp *p, const char *key, const struct xlp_token *atom, char *dst,
		    size_t size, bool append)
{
	size_t have = append ? strnlen(dst, size) : 0, i;

	for (i = 0; i < atom->len; i++) {
		unsigned char c = (unsigned char)atom->text[i];

		if (c < ' ' || c >= 0x7f) {
			xlp_error_at(p, atom, i,
				     "%s holds a byte that is not printable ASCII (0x%02x)", key,
				     (unsigned)c);
			return -EINVAL;
		}
	}
	if (have + atom->len >= size) {
		xlp_error_tok(p, atom, "%s is longer than %u bytes", key, (unsigned)(size - 1));
		return -EINVAL;
	}
	memcpy(dst + have, atom->text, atom->len);
	dst[have + atom->len] = '\0';
	return 0;
}
