/* SPDX-License-Identifier: MIT */
/* What the input holder's raw output has done to the terminal, and how to undo it. */
#ifndef CONSOLE_TERM_H
#define CONSOLE_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where term_feed() stands within an escape sequence (ECMA-48 / VT500 shapes). */
enum term_state {
	TERM_GROUND,     /* text */
	TERM_ESC,        /* after ESC */
	TERM_ESC_INTER,  /* ESC and intermediates: "ESC ( 0" */
	TERM_CSI,        /* ESC [ parameters and intermediates, until a final byte */
	TERM_STRING,     /* OSC, DCS, APC, PM or SOS: until BEL or ST */
	TERM_STRING_ESC, /* ESC inside a string: ST if '\' follows */
};

/** What one byte is, for the caller deciding what to hold back. */
enum term_step {
	TERM_TEXT,      /* a byte of text or a C0 control outside any sequence */
	TERM_SEQ_BEGIN, /* an ESC: a sequence starts here (ending any unfinished one) */
	TERM_SEQ_MORE,  /* inside a sequence */
	TERM_SEQ_END,   /* the last byte of a sequence */
	TERM_SEQ_ABORT, /* CAN or SUB: the sequence is abandoned */
};

/* Terminal state the holder may leave changed from its default (bits of console_term.changed). */
#define TERM_SGR (1u << 0)         /* colours and attributes */
#define TERM_CHARSET (1u << 1)     /* G0 not ASCII, or SO shifted to G1 */
#define TERM_KEYPAD (1u << 2)      /* application keypad */
#define TERM_CURSOR_KEYS (1u << 3) /* application cursor keys */
#define TERM_CURSOR_HIDDEN (1u << 4)
#define TERM_ALT_SCREEN (1u << 5) /* alternate screen (console_term.alt_mode says which) */
#define TERM_MARGINS (1u << 6)    /* a scrolling region */
#define TERM_MOUSE (1u << 7)      /* mouse reports */
#define TERM_PASTE (1u << 8)      /* bracketed paste */
#define TERM_INSERT (1u << 9)     /* insert mode */
#define TERM_ALL 0x3ffu

/* The longest term_restore() output. */
#define TERM_RESTORE_MAX 128u

/** The terminal as the holder's raw stream leaves it. Zeroed: ground state, nothing changed. */
struct console_term {
	enum term_state state;
	bool open;     /* an unfinished sequence is on the terminal (it outgrew the hold buffer) */
	bool skip;     /* that sequence was cancelled on the terminal: drop the rest of it */
	bool mid_line; /* the cursor may not be at the start of an empty line */
	uint32_t changed; /* TERM_* */
	uint16_t
		alt_mode; /* 47, 1047 or 1049: the private mode that entered the alternate screen */
};

/** Classify byte c of the raw stream and advance t's parser. */
enum term_step term_feed(struct console_term *t, unsigned char c);

/**
 * Note what the complete sequence seq[0..len) (from its ESC to its final
 * byte) changes: attributes, modes, charsets, margins.
 */
void term_sequence(struct console_term *t, const char *seq, size_t len);

/** Whether anything must be written before another writer's text may follow. */
bool term_dirty(const struct console_term *t);

/**
 * Write into out (at least TERM_RESTORE_MAX bytes) what returns the
 * terminal to its defaults at the start of an empty line: CAN for an
 * unfinished sequence on the terminal (the rest of it is then to be
 * dropped: t->skip), a reset for each change, a newline if mid-line.
 * Afterwards t records nothing changed; the parser keeps its place, so a
 * sequence held back from the terminal still completes. Returns the length.
 */
size_t term_restore(struct console_term *t, char *out);

#endif
