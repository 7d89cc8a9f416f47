// SPDX-License-Identifier: MIT
/*
 * Writes the seed corpora of grant_fuzz and evtchn_fuzz: scripts in their
 * format (a step byte: step, caller, vCPU; then its arguments, as the targets
 * read them) that reach each operation's success path, so the fuzzer starts
 * with grants mapped and copied and ports connected, and with domains
 * destroyed while others still use them.
 * Usage: core_seeds <grant-corpus-dir> <evtchn-corpus-dir>
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct seed {
	uint8_t buf[1024];
	size_t len;
};

/* A step of domain i (0-based: domid i + 1) on vCPU 0, and its argument bytes. */
static void add(struct seed *s, unsigned int i, unsigned int step, const char *args, size_t n)
{
	if (s->len + 1 + n <= sizeof(s->buf)) {
		s->buf[s->len++] = (uint8_t)(step | i << 4);
		memcpy(s->buf + s->len, args, n);
		s->len += n;
	}
}

#define STEP(s, i, step, args) add(s, i, step, args, sizeof(args) - 1)

static int save(const char *dir, const char *name, const struct seed *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->buf, 1, s->len, f) != s->len) {
		perror(path);
		return 1;
	}
	return fclose(f) != 0;
}

/* grant_fuzz's steps (see its step()). */
enum {
	G_MAP = 0,
	G_UNMAP = 2,
	G_COPY = 3,
	G_SETUP = 5,
	G_QUERY = 6,
	G_WRITE = 7,
	G_TOGGLE = 9,
	G_BATCH = 10,
	G_PLACE = 11
};

/* Domain 2 grants domain 1 its RAM page 2 at ref 3; domain 1 maps it read/write at the first
 * slot. Write: ref (byte, byte % 16), flags (permit), grantee (domid 1), frame (RAM page 2). */
static void grant_and_map(struct seed *s)
{
	STEP(s, 1, G_WRITE, "\x00\x03\x00\x00\x00\x08");
	STEP(s, 0, G_MAP, "\x00\x01\x03\x00"); /* flags, granter 2, ref 3, slot 0 */
}

static int grant_seeds(const char *dir)
{
	struct seed s = { { 0 }, 0 };
	int err = 0;

	grant_and_map(&s);
	/* Copies: between own pages 3 and 4 (256 bytes); from the grant to page 3 (16). */
	STEP(&s, 0, G_COPY, "\x00\x00\x00\x0c\x00\x00\x00\x10\x00\x00\x00\x01");
	STEP(&s, 0, G_COPY, "\x00\x01\x01\x03\x00\x00\x00\x0c\x00\x00\x10\x00");
	STEP(&s, 2, G_QUERY, "\x00");
	STEP(&s, 1, G_SETUP, "\x02\x00"); /* two frames, the list in the argument pages */
	STEP(&s, 1, G_TOGGLE, "");        /* the granter goes while its page is mapped */
	STEP(&s, 0, G_UNMAP, "\x00");     /* the mapping still comes down */
	STEP(&s, 1, G_TOGGLE, "");        /* made again */
	STEP(&s, 2, G_BATCH, "\x06\x00\x64\x00\x00\x00"); /* 100 query_size: a continuation */
	STEP(&s, 1, G_PLACE, "\x01\x06"); /* frame 1 at the grant area's second page */
	err |= save(dir, "map-copy-destroy", &s);

	s.len = 0;
	grant_and_map(&s);
	STEP(&s, 0, G_TOGGLE, ""); /* the mapper goes: its mapping is undone with it */
	STEP(&s, 1, G_WRITE, "\x00\x03\x00\x00\x00\x08");
	err |= save(dir, "mapper-destroyed", &s);

	s.len = 0;
	grant_and_map(&s);
	STEP(&s, 1, G_WRITE, "\x00\x03\x00\x00\x00\x0c"); /* rewritten while in use */
	STEP(&s, 0, G_MAP, "\x04\x01\x03\x01");           /* read-only, second slot */
	STEP(&s, 0, G_UNMAP, "\x00");
	STEP(&s, 0, G_UNMAP, "\x00");
	err |= save(dir, "map-twice", &s);

	/* The granter is destroyed while mapped and made again; its new incarnation grants the
	 * same ref, mapped too; then the old mapping goes, which must not touch the new grant. */
	s.len = 0;
	grant_and_map(&s);
	STEP(&s, 1, G_TOGGLE, "");
	STEP(&s, 1, G_TOGGLE, "");
	STEP(&s, 1, G_WRITE, "\x00\x03\x00\x00\x00\x08");
	STEP(&s, 0, G_MAP, "\x00\x01\x03\x01");
	STEP(&s, 0, G_UNMAP, "\x00");
	STEP(&s, 0, G_QUERY, "\x00");
	err |= save(dir, "granter-reborn", &s);
	return err;
}

/* evtchn_fuzz's steps (see its step()). */
enum {
	E_ALLOC = 0,
	E_BIND = 1,
	E_VIRQ = 2,
	E_IPI = 3,
	E_CLOSE = 4,
	E_SEND = 5,
	E_UNMASK = 6,
	E_BIND_VCPU = 7,
	E_STATUS = 8,
	E_TOGGLE = 9,
	E_RESET = 10,
	E_RAISE = 12,
	E_BITS = 13
};

/* Domain 2 offers port 1 to domain 1 (its own table, remote domid 1); domain 1 binds it. */
static void connect(struct seed *s)
{
	STEP(s, 1, E_ALLOC, "\x00\x00");
	STEP(s, 0, E_BIND, "\x01\x00");
}

static int evtchn_seeds(const char *dir)
{
	struct seed s = { { 0 }, 0 };
	int err = 0;

	connect(&s);
	STEP(&s, 0, E_SEND, "\x00");
	STEP(&s, 1, E_SEND, "\x00");
	STEP(&s, 2, E_VIRQ, "\x00\x01"); /* the timer on vCPU 1 */
	STEP(&s, 2, E_VIRQ, "\x02\x00"); /* the console, global */
	STEP(&s, 2, E_IPI, "\x01");
	STEP(&s, 2, E_BIND_VCPU, "\x01\x01"); /* the console's port to vCPU 1 */
	STEP(&s, 2, E_RAISE, "\x02");
	STEP(&s, 2, E_SEND, "\x02");       /* the IPI */
	STEP(&s, 2, E_STATUS, "\x00\x00"); /* port 1 */
	STEP(&s, 0, E_BITS, "\x03\x00");   /* domain 1 masks its port 1 */
	STEP(&s, 0, E_UNMASK, "\x00");
	STEP(&s, 0, E_ALLOC, "\xc0\x02\x00"); /* a port in domain 3, which domain 1 controls */
	STEP(&s, 1, E_TOGGLE, "");            /* a peer goes: its end closes */
	STEP(&s, 0, E_CLOSE, "\x00");
	STEP(&s, 2, E_RESET, "\x00");
	STEP(&s, 1, E_TOGGLE, "");
	err |= save(dir, "connect-send-destroy", &s);

	s.len = 0;
	connect(&s);
	STEP(&s, 1, E_CLOSE, "\x00"); /* the offering end closes first */
	STEP(&s, 0, E_STATUS, "\x00\x00");
	STEP(&s, 0, E_ALLOC, "\x00\x03"); /* to itself, and bound by itself */
	STEP(&s, 0, E_BIND, "\x03\x01");
	STEP(&s, 0, E_SEND, "\x01");
	err |= save(dir, "close-and-loop", &s);
	return err;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s <grant-corpus-dir> <evtchn-corpus-dir>\n", argv[0]);
		return 2;
	}
	return grant_seeds(argv[1]) | evtchn_seeds(argv[2]);
}
