/* SPDX-License-Identifier: MIT */
/* xl.cfg tokens: words, numbers, quoted strings and their escapes, punctuation, comments. */
#include <errno.h>
#include <string.h>
#include "xlcfg_internal.h"

/** xlp_lex_start() - read tokens from @text, @len bytes, from its line 1, column 1. */
void xlp_lex_start(struct xlp *p, const char *text, size_t len)
{
	p->text = text;
	p->len = len;
	p->pos = 0;
	p->line = 1;
	p->col = 1;
}

/* The byte @ahead bytes on, or -1 past the end. */
static int peek(const struct xlp *p, size_t ahead)
{
	if (p->pos + ahead >= p->len) {
		return -1;
	}
	return (unsigned char)p->text[p->pos + ahead];
}

static void advance(struct xlp *p)
{
	if (p->text[p->pos] == '\n') {
		p->line++;
		p->col = 1;
	} else {
		p->col++;
	}
	p->pos++;
}

static bool is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_letter(int c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* What xl's lexer takes into a number: digits, hex letters and the x of 0x. */
static bool is_number_char(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'x' ||
	       c == 'X';
}

/* Words: what may be a key (the parser says whether it is one). */
static void lex_word(struct xlp *p, struct xlp_token *tok)
{
	tok->kind = XLP_IDENT;
	tok->text = p->text + p->pos;
	while (peek(p, 0) >= 0 && (is_letter(peek(p, 0)) || is_digit(peek(p, 0)) ||
				   peek(p, 0) == '_' || peek(p, 0) == '.')) {
		advance(p);
	}
	tok->len = (size_t)(p->text + p->pos - tok->text);
	tok->exact = true;
}

static void lex_number(struct xlp *p, struct xlp_token *tok)
{
	tok->kind = XLP_NUMBER;
	tok->text = p->text + p->pos;
	while (peek(p, 0) >= 0 && is_number_char(peek(p, 0))) {
		advance(p);
	}
	tok->len = (size_t)(p->text + p->pos - tok->text);
	tok->exact = true;
}

/* Up to @max digits of @base after the escape letter; the value, or -1 if none. */
static int escape_digits(struct xlp *p, unsigned base, unsigned max)
{
	unsigned value = 0, n = 0;

	while (n < max && peek(p, 0) >= 0 && (unsigned)xl_digit_value(peek(p, 0)) < base) {
		value = value * base + (unsigned)xl_digit_value(peek(p, 0));
		advance(p);
		n++;
	}
	return n == 0 ? -1 : (int)value;
}

/* The escape after a backslash (p->pos is at it): its byte, or -1 with the error set. */
static int lex_escape(struct xlp *p)
{
	static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
	uint32_t line = p->line, col = p->col;
	int c, v;
	size_t i;

	advance(p);
	c = peek(p, 0);
	for (i = 0; c >= 0 && i + 1 < sizeof(simple); i += 2) {
		if (simple[i] == c) {
			advance(p);
			return (unsigned char)simple[i + 1];
		}
	}
	if (c == 'x') {
		advance(p);
		v = peek(p, 0) >= 0 && peek(p, 1) >= 0 && xl_digit_value(peek(p, 0)) < 16 &&
				    xl_digit_value(peek(p, 1)) < 16
			    ? escape_digits(p, 16, 2)
			    : -1;
		if (v < 0) {
			xlp_error(p, line, col, "expected two hex digits after \\x");
		}
		return v;
	}
	if (c >= '0' && c <= '7') {
		v = escape_digits(p, 8, 3);
		if (v > 255) {
			xlp_error(p, line, col, "octal escape above \\377");
			return -1;
		}
		return v;
	}
	if (c > ' ' && c < 0x7f) {
		xlp_error(p, line, col, "unknown escape '\\%c' in a string", c);
	} else {
		xlp_error(p, line, col, "expected an escape after '\\'");
	}
	return -1;
}

/* The next byte of a string, or -1 with the error set; p->pos is inside it. */
static int lex_string_byte(struct xlp *p, struct xlp_token *tok)
{
	int c = peek(p, 0);

	if (c == '\\') {
		tok->exact = false;
		c = lex_escape(p);
		if (c == 0) {
			xlp_error(p, tok->line, tok->col, "a string cannot hold a NUL byte");
			return -1;
		}
		return c;
	}
	if (c == 0) {
		xlp_error(p, p->line, p->col, "a string cannot hold a NUL byte");
		return -1;
	}
	advance(p);
	return c;
}

/* A quoted string, decoded into p->str. */
static void lex_string(struct xlp *p, struct xlp_token *tok)
{
	int quote = peek(p, 0), c;
	size_t n = 0;

	tok->kind = XLP_ERROR;
	tok->exact = true;
	advance(p);
	for (;;) {
		c = peek(p, 0);
		if (c < 0 || c == '\n' || (c == '\\' && (peek(p, 1) < 0 || peek(p, 1) == '\n'))) {
			xlp_error(p, tok->line, tok->col,
				  "expected the closing %c before the end of the line", quote);
			return;
		}
		if (c == quote) {
			advance(p);
			break;
		}
		c = lex_string_byte(p, tok);
		if (c < 0) {
			return;
		}
		if (n + 1 >= sizeof(p->str)) {
			xlp_error(p, tok->line, tok->col, "string longer than %u bytes",
				  XL_STRING_MAX - 1);
			return;
		}
		p->str[n++] = (char)c;
	}
	p->str[n] = '\0';
	tok->kind = XLP_STRING;
	tok->text = p->str;
	tok->len = n;
}

static void lex_bad_char(struct xlp *p, struct xlp_token *tok, int c)
{
	tok->kind = XLP_ERROR;
	if (c > ' ' && c < 0x7f) {
		xlp_error(p, tok->line, tok->col, "unexpected '%c'", c);
	} else {
		xlp_error(p, tok->line, tok->col, "unexpected byte 0x%02x", (unsigned)c);
	}
}

/* One-byte tokens, or XLP_ERROR for none. */
static enum xlp_tok punctuation(int c)
{
	switch (c) {
	case '\n':
		return XLP_NEWLINE;
	case ';':
		return XLP_SEMI;
	case ',':
		return XLP_COMMA;
	case '[':
		return XLP_LBRACKET;
	case ']':
		return XLP_RBRACKET;
	case '=':
		return XLP_ASSIGN;
	default:
		return XLP_ERROR;
	}
}

/* Spaces, tabs, carriage returns and comments (up to, not past, their newline). */
static void skip_blank(struct xlp *p)
{
	int c;

	while ((c = peek(p, 0)) >= 0) {
		if (c == '#') {
			/* a NUL ends it too, to be refused as a token: no NUL anywhere */
			while (peek(p, 0) > 0 && peek(p, 0) != '\n') {
				advance(p);
			}
		} else if (c == ' ' || c == '\t' || c == '\r') {
			advance(p);
		} else {
			return;
		}
	}
}

/**
 * xlp_next() - the next token. An XLP_ERROR token means the error is set
 * (p->failed); the caller stops.
 */
void xlp_next(struct xlp *p, struct xlp_token *tok)
{
	int c;

	skip_blank(p);
	memset(tok, 0, sizeof(*tok));
	tok->line = p->line;
	tok->col = p->col;
	c = peek(p, 0);
	if (c < 0) {
		tok->kind = XLP_END;
	} else if (punctuation(c) != XLP_ERROR) {
		tok->kind = punctuation(c);
		advance(p);
	} else if (c == '+' && peek(p, 1) == '=') {
		tok->kind = XLP_APPEND;
		advance(p);
		advance(p);
	} else if (is_letter(c) || c == '_') {
		lex_word(p, tok);
	} else if (is_digit(c)) {
		lex_number(p, tok);
	} else if (c == '"' || c == '\'') {
		lex_string(p, tok);
	} else {
		lex_bad_char(p, tok, c);
	}
}

/** xlp_next_skip_newlines() - the next token that is not a newline (inside lists). */
void xlp_next_skip_newlines(struct xlp *p, struct xlp_token *tok)
{
	do {
		xlp_next(p, tok);
	} while (tok->kind == XLP_NEWLINE);
}
