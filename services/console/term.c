// SPDX-License-Identifier: MIT
/*
 * What the input holder's raw output has done to the terminal, and how to
 * undo it.
 *
 * The holder's bytes reach the terminal as they are, so its prompt, line
 * editing, colours and full-screen programs work. Before anyone else's text
 * follows them (another domain's tagged line, a notice of ours, or the next
 * holder's stream), the terminal must be back to a state no domain chose:
 * not inside a sequence, default attributes and modes, at the start of a
 * line. The parser below only finds where sequences begin and end (the
 * shapes of ECMA-48 and the VT500 family; 8-bit C1 bytes are text, as in
 * UTF-8); term_sequence() then notes the few settings that would outlive a
 * change of writer, and term_restore() undoes exactly those.
 */
#include <stdio.h>
#include <string.h>
#include "term.h"

#define ESC 0x1b
#define CAN 0x18
#define SUB 0x1a
#define BEL 0x07
#define SO 0x0e
#define SI 0x0f

/* Parameters of one CSI sequence that matter here; more are ignored. */
#define CSI_PARAMS_MAX 8u

struct csi {
	bool private; /* '?' first */
	bool intermediate;
	char final;
	uint32_t count;
	uint32_t param[CSI_PARAMS_MAX];
};

static enum term_step ground(struct console_term *t, unsigned char c)
{
	if (c == ESC) {
		t->state = TERM_ESC;
		return TERM_SEQ_BEGIN;
	}
	if (c == SO) {
		t->changed |= TERM_CHARSET;
	} else if (c == SI) {
		t->changed &= ~TERM_CHARSET;
	}
	if (c != BEL) {
		t->mid_line = c != '\n';
	}
	return TERM_TEXT;
}

static enum term_step end(struct console_term *t)
{
	t->state = TERM_GROUND;
	return TERM_SEQ_END;
}

/* The byte after ESC says which kind of sequence this is. */
static enum term_step after_esc(struct console_term *t, unsigned char c)
{
	if (c == '[') {
		t->state = TERM_CSI;
	} else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
		t->state = TERM_STRING;
	} else if (c >= 0x20 && c <= 0x2f) {
		t->state = TERM_ESC_INTER;
	} else if (c >= 0x30) {
		/* A final byte; a byte above 0x7e is not part of any sequence and ends it too. */
		return end(t);
	}
	return TERM_SEQ_MORE; /* C0 controls inside a sequence are executed, not ending it */
}

static enum term_step in_escape(struct console_term *t, unsigned char c)
{
	if (t->state == TERM_ESC) {
		return after_esc(t, c);
	}
	if (c >= 0x30) {
		return end(t);
	}
	return TERM_SEQ_MORE;
}

static enum term_step in_csi(struct console_term *t, unsigned char c)
{
	if (c >= 0x40 && c != 0x7f) { /* DEL is ignored within a sequence */
		return end(t);
	}
	return TERM_SEQ_MORE;
}

static enum term_step in_string(struct console_term *t, unsigned char c)
{
	if (t->state == TERM_STRING_ESC) {
		if (c == '\\') {
			return end(t);
		}
		/* The ESC ended the string and began a new sequence: c is that one's second byte.
		 */
		t->state = TERM_ESC;
		return after_esc(t, c);
	}
	if (c == BEL) {
		return end(t);
	}
	if (c == ESC) {
		t->state = TERM_STRING_ESC;
	}
	return TERM_SEQ_MORE;
}

enum term_step term_feed(struct console_term *t, unsigned char c)
{
	if (t->state == TERM_GROUND) {
		return ground(t, c);
	}
	if (c == CAN || c == SUB) {
		t->state = TERM_GROUND;
		return TERM_SEQ_ABORT;
	}
	if (c == ESC && t->state != TERM_STRING) {
		t->state = TERM_ESC;
		return TERM_SEQ_BEGIN;
	}
	if (t->state == TERM_CSI) {
		return in_csi(t, c);
	}
	if (t->state == TERM_STRING || t->state == TERM_STRING_ESC) {
		return in_string(t, c);
	}
	return in_escape(t, c);
}

/* seq is "ESC [ ... final": read its parameters; values are capped, never overflow. */
static void csi_parse(const char *seq, size_t len, struct csi *csi)
{
	size_t i = 2;

	memset(csi, 0, sizeof(*csi));
	csi->final = seq[len - 1];
	csi->private = len > 3 && seq[2] == '?';
	i += csi->private ? 1u : 0u;
	csi->count = 1;
	for (; i + 1 < len; i++) {
		unsigned char c = (unsigned char)seq[i];
		uint32_t *p = &csi->param[csi->count - 1];

		if (c >= '0' && c <= '9') {
			*p = *p < 100000u ? *p * 10u + (uint32_t)(c - '0') : *p;
		} else if (c == ';' && csi->count < CSI_PARAMS_MAX) {
			csi->count++;
		} else if (c >= 0x20 && c <= 0x2f) {
			csi->intermediate = true;
		}
	}
}

static bool all_zero(const struct csi *csi)
{
	for (uint32_t i = 0; i < csi->count; i++) {
		if (csi->param[i] != 0) {
			return false;
		}
	}
	return true;
}

static void set_flag(struct console_term *t, uint32_t flag, bool on)
{
	t->changed = on ? t->changed | flag : t->changed & ~flag;
}

/* A DEC private mode set (h) or reset (l). */
static void private_mode(struct console_term *t, uint32_t mode, bool set)
{
	if (mode == 1) {
		set_flag(t, TERM_CURSOR_KEYS, set);
	} else if (mode == 25) {
		set_flag(t, TERM_CURSOR_HIDDEN, !set);
	} else if (mode == 47 || mode == 1047 || mode == 1049) {
		set_flag(t, TERM_ALT_SCREEN, set);
		t->alt_mode = (uint16_t)mode;
	} else if ((mode >= 1000 && mode <= 1006) || mode == 1015) {
		set_flag(t, TERM_MOUSE, set || (t->changed & TERM_MOUSE) != 0);
	} else if (mode == 2004) {
		set_flag(t, TERM_PASTE, set);
	}
}

static void csi_sequence(struct console_term *t, const char *seq, size_t len)
{
	struct csi csi;

	csi_parse(seq, len, &csi);
	if (csi.intermediate) {
		t->mid_line = true;
		return;
	}
	if (csi.final == 'm' && !csi.private) {
		set_flag(t, TERM_SGR, !all_zero(&csi));
		return; /* attributes do not move the cursor */
	}
	t->mid_line = true;
	if (csi.final == 'r' && !csi.private) {
		set_flag(t, TERM_MARGINS, !all_zero(&csi));
	} else if ((csi.final == 'h' || csi.final == 'l') && csi.private) {
		for (uint32_t i = 0; i < csi.count; i++) {
			private_mode(t, csi.param[i], csi.final == 'h');
		}
	} else if ((csi.final == 'h' || csi.final == 'l') && !all_zero(&csi)) {
		for (uint32_t i = 0; i < csi.count; i++) {
			if (csi.param[i] == 4) {
				set_flag(t, TERM_INSERT, csi.final == 'h');
			}
		}
	}
}

/* Sequences of ESC and one or two more bytes: charsets, keypad, full reset. */
static void esc_sequence(struct console_term *t, const char *seq, size_t len)
{
	char second = seq[1];

	if (second == '(' && len == 3) {
		set_flag(t, TERM_CHARSET, seq[2] != 'B');
	} else if (second == '=') {
		t->changed |= TERM_KEYPAD;
	} else if (second == '>') {
		t->changed &= ~TERM_KEYPAD;
	} else if (second == 'c') {
		t->changed = 0; /* RIS: the terminal reset itself */
		t->mid_line = false;
	} else {
		t->mid_line = true; /* index, save/restore cursor and the like */
	}
}

void term_sequence(struct console_term *t, const char *seq, size_t len)
{
	if (len < 2 || seq[0] != ESC) {
		return;
	}
	if (seq[1] == '[' && len >= 3) {
		csi_sequence(t, seq, len);
	} else if (seq[1] == ']' || seq[1] == 'P' || seq[1] == '_' || seq[1] == '^' ||
		   seq[1] == 'X') {
		return; /* strings: titles, colours of the palette, and the like stay */
	} else {
		esc_sequence(t, seq, len);
	}
}

bool term_dirty(const struct console_term *t)
{
	return t->open || t->mid_line || t->changed != 0;
}

/* Append s to out at *n when flag is among the changes. */
static void undo(const struct console_term *t, uint32_t flag, const char *s, char *out, size_t *n)
{
	size_t len = strlen(s);

	if ((t->changed & flag) != 0 && *n + len <= TERM_RESTORE_MAX) {
		memcpy(out + *n, s, len);
		*n += len;
	}
}

size_t term_restore(struct console_term *t, char *out)
{
	char alt[16];
	size_t n = 0;

	if (t->open) {
		out[n++] = CAN;
		t->open = false;
		t->skip = true;
	}
	snprintf(alt, sizeof(alt), "\033[?%ul", t->alt_mode ? (unsigned int)t->alt_mode : 1049u);
	undo(t, TERM_SGR, "\033[0m", out, &n);
	undo(t, TERM_CHARSET, "\017\033(B", out, &n);
	undo(t, TERM_KEYPAD, "\033>", out, &n);
	undo(t, TERM_CURSOR_KEYS, "\033[?1l", out, &n);
	undo(t, TERM_MOUSE, "\033[?1000;1002;1003;1005;1006;1015l", out, &n);
	undo(t, TERM_PASTE, "\033[?2004l", out, &n);
	undo(t, TERM_INSERT, "\033[4l", out, &n);
	undo(t, TERM_ALT_SCREEN, alt, out, &n);
	/* Resetting the margins homes the cursor: keep it where the text ends. */
	undo(t, TERM_MARGINS, "\0337\033[r\0338", out, &n);
	undo(t, TERM_CURSOR_HIDDEN, "\033[?25h", out, &n);
	if (t->mid_line) {
		out[n++] = '\n';
	}
	t->changed = 0;
	t->alt_mode = 0;
	t->mid_line = false;
	return n;
}
