// SPDX-License-Identifier: MIT
/*
 * Writes the seed corpus and dictionary of xenstore_fuzz: scripts in its
 * format (see xenstore_fuzz.c) that walk each request type through its
 * common paths, so the fuzzer starts from deep inside the protocol.
 * Usage: xenstore_seeds <corpus-dir> <dictionary-file>
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <abi/xs_wire.h>

#define TOOL 0
#define A 1
#define B 2
#define C 3

struct seed {
	uint8_t buf[65536];
	size_t len;
};

static void put(struct seed *s, const void *bytes, size_t len)
{
	if (s->len + len <= sizeof(s->buf)) {
		memcpy(s->buf + s->len, bytes, len);
		s->len += len;
	}
}

static void put_byte(struct seed *s, uint8_t b)
{
	put(s, &b, 1);
}

/* As the fuzz target reads numbers: most significant byte first. */
static void put_u32(struct seed *s, uint32_t v)
{
	for (int shift = 24; shift >= 0; shift -= 8) {
		put_byte(s, (uint8_t)(v >> shift));
	}
}

/* Transaction selectors of a framed request (the target takes them modulo 4). */
#define TX_NONE 0
#define TX_LAST 1  /* the client's last transaction */
#define TX_GIVEN 2 /* the id that follows */

/*
 * A framed request, in the order op_message reads it: selector, type (0xff
 * and four bytes for one past 31), req_id, the id for TX_GIVEN, then the
 * length in twelve bits (at most 4095) and the payload.
 */
static void framed(struct seed *s, int client, uint32_t type, int tx_sel, uint32_t tx_id,
		   const char *payload, size_t len)
{
	put_byte(s, (uint8_t)client);
	put_byte(s, (uint8_t)tx_sel);
	if (type < 32) {
		put_byte(s, (uint8_t)type);
	} else {
		put_byte(s, 0xff);
		put_u32(s, type);
	}
	put_byte(s, 7);
	if (tx_sel == TX_GIVEN) {
		put_u32(s, tx_id);
	}
	put_byte(s, (uint8_t)(len >> 4));
	put_byte(s, (uint8_t)((len & 15u) << 4));
	put(s, payload, len);
}

/* A framed request outside transactions (TX_NONE) or in the client's last (TX_LAST). */
static void msg(struct seed *s, int client, uint32_t type, int tx_sel, const char *payload,
		size_t len)
{
	framed(s, client, type, tx_sel, 0, payload, len);
}

/* Strings joined by NULs, each terminated: "a|b" -> "a\0b\0". */
static void req(struct seed *s, int client, uint32_t type, int tx_sel, const char *args)
{
	char payload[512];
	size_t len = strlen(args) + 1;

	memcpy(payload, args, len);
	for (size_t i = 0; i < len; i++) {
		payload[i] = payload[i] == '|' ? '\0' : payload[i];
	}
	msg(s, client, type, tx_sel, payload, len);
}

/* WRITE: path, then the value without NUL. */
static void wr(struct seed *s, int client, int tx_sel, const char *path, const char *value)
{
	char payload[512];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	memcpy(payload, path, pl);
	memcpy(payload + pl, value, vl);
	msg(s, client, XS_WRITE, tx_sel, payload, pl + vl);
}

static void drain_all(struct seed *s)
{
	put_byte(s, 7 * 4);
}

static void seed_nodes(struct seed *s)
{
	wr(s, A, TX_NONE, "device/vbd/51712/state", "1");
	wr(s, A, TX_NONE, "/local/domain/5/name", "guest");
	req(s, A, XS_READ, TX_NONE, "device/vbd/51712/state");
	req(s, A, XS_DIRECTORY, TX_NONE, "device/vbd");
	req(s, A, XS_DIRECTORY_PART, TX_NONE, "device|0");
	req(s, A, XS_MKDIR, TX_NONE, "control");
	req(s, A, XS_GET_PERMS, TX_NONE, "control");
	req(s, A, XS_SET_PERMS, TX_NONE, "control|n5|r6|b7");
	req(s, B, XS_READ, TX_NONE, "/local/domain/5/control");
	req(s, A, XS_RM, TX_NONE, "device");
	req(s, A, XS_GET_DOMAIN_PATH, TX_NONE, "5");
	req(s, TOOL, XS_DIRECTORY, TX_NONE, "/local/domain");
	drain_all(s);
}

static void seed_watches(struct seed *s)
{
	req(s, A, XS_WATCH, TX_NONE, "control/shutdown|tok1");
	req(s, A, XS_WATCH, TX_NONE, "/local/domain/5|home");
	req(s, TOOL, XS_WATCH, TX_NONE, "@releaseDomain|rel");
	req(s, TOOL, XS_WATCH, TX_NONE, "@introduceDomain|intro");
	wr(s, TOOL, TX_NONE, "/local/domain/5/control/shutdown", "poweroff");
	for (int i = 0; i < 24; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/local/domain/5/n%d", i);
		wr(s, TOOL, TX_NONE, path, "v");
	}
	drain_all(s);
	req(s, A, XS_UNWATCH, TX_NONE, "control/shutdown|tok1");
	req(s, A, XS_RESET_WATCHES, TX_NONE, "");
	drain_all(s);
}

static void seed_transactions(struct seed *s)
{
	wr(s, A, TX_NONE, "counter", "0");
	req(s, A, XS_SET_PERMS, TX_NONE, "counter|n5|b6");
	req(s, A, XS_TRANSACTION_START, TX_NONE, "");
	drain_all(s);
	req(s, A, XS_READ, TX_LAST, "counter");
	wr(s, A, TX_LAST, "counter", "1");
	wr(s, B, TX_NONE, "/local/domain/5/counter", "9");
	req(s, A, XS_TRANSACTION_END, TX_LAST, "T");
	req(s, A, XS_TRANSACTION_START, TX_NONE, "");
	drain_all(s);
	wr(s, A, TX_LAST, "t/x", "1");
	req(s, A, XS_RM, TX_LAST, "t");
	req(s, A, XS_DIRECTORY, TX_LAST, "/local/domain/5");
	req(s, A, XS_TRANSACTION_END, TX_LAST, "T");
	drain_all(s);
	/* Resetting the session ends the open transaction. */
	req(s, A, XS_TRANSACTION_START, TX_NONE, "");
	drain_all(s);
	wr(s, A, TX_LAST, "lost", "1");
	req(s, A, XS_RESET_WATCHES, TX_NONE, "");
	req(s, A, XS_TRANSACTION_END, TX_LAST, "T");
	drain_all(s);
}

/* Messages longer than the ring, which reach the store in pieces. */
static void seed_large(struct seed *s)
{
	static char payload[4000];
	static const char path[] = "big";

	memcpy(payload, path, sizeof(path));
	memset(payload + sizeof(path), 'v', sizeof(payload) - sizeof(path));
	req(s, TOOL, XS_SET_QUOTA, TX_NONE, "node-size|4000");
	msg(s, A, XS_WRITE, TX_NONE, payload, sizeof(payload));
	req(s, A, XS_TRANSACTION_START, TX_NONE, "");
	drain_all(s);
	msg(s, A, XS_WRITE, TX_LAST, payload, sizeof(payload));
	req(s, A, XS_READ, TX_LAST, "big");
	req(s, A, XS_TRANSACTION_END, TX_LAST, "T");
	drain_all(s);
}

static void seed_domains(struct seed *s)
{
	req(s, TOOL, XS_INTRODUCE, TX_NONE, "9|233472|5");
	req(s, TOOL, XS_IS_DOMAIN_INTRODUCED, TX_NONE, "9");
	req(s, TOOL, XS_RELEASE, TX_NONE, "9");
	req(s, TOOL, XS_RELEASE, TX_NONE, "6");
	req(s, TOOL, XS_INTRODUCE, TX_NONE, "6|100|3");
	req(s, TOOL, XS_SET_TARGET, TX_NONE, "7|5");
	req(s, C, XS_READ, TX_NONE, "/local/domain/5");
	req(s, TOOL, XS_RESUME, TX_NONE, "5");
	req(s, TOOL, XS_GET_QUOTA, TX_NONE, "5|nodes");
	req(s, TOOL, XS_SET_QUOTA, TX_NONE, "5|nodes|3");
	req(s, TOOL, XS_SET_QUOTA, TX_NONE, "watches|2");
	req(s, TOOL, XS_GET_FEATURE, TX_NONE, "5");
	req(s, TOOL, XS_SET_FEATURE, TX_NONE, "5|0");
	req(s, TOOL, XS_CONTROL, TX_NONE, "check");
	drain_all(s);
}

static void seed_hostile(struct seed *s)
{
	static const uint8_t bad_len[] = { 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 };

	msg(s, A, XS_READ, TX_NONE, "abc", 3);
	msg(s, A, 20, TX_NONE, "x", 2);
	msg(s, A, 0x80000000u, TX_NONE, "x", 2);
	/* A transaction id nobody handed out, and one past any the store uses. */
	framed(s, A, XS_WRITE, TX_GIVEN, 12345, "x\0y", 3);
	framed(s, A, XS_READ, TX_GIVEN, 0xffffffffu, "x", 2);
	req(s, A, XS_WATCH, TX_NONE, "a//b|t");
	/* Raw bytes: a header announcing too much breaks B only. */
	put_byte(s, 3 * 4 + B);
	put_byte(s, sizeof(bad_len));
	put(s, bad_len, sizeof(bad_len));
	req(s, C, XS_WRITE, TX_NONE, "still|ok");
	drain_all(s);
}

static int write_file(const char *path, const void *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(bytes, 1, len, f) != len) {
		perror(path);
		return 1;
	}
	return fclose(f) != 0;
}

static const char *const words[] = { "/local/domain/",
				     "/local/domain/5/",
				     "@introduceDomain",
				     "@releaseDomain",
				     "device",
				     "backend",
				     "state",
				     "n5",
				     "r6",
				     "b7",
				     "w0",
				     "T",
				     "F",
				     "check",
				     "nodes",
				     "watches" };

static int write_dict(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return 1;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		fprintf(f, "\"%s\\x00\"\n", words[i]);
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static void (*const makers[])(struct seed *) = { seed_nodes,        seed_watches,
							 seed_transactions, seed_domains,
							 seed_hostile,      seed_large };
	static struct seed s, all;
	char path[4096];
	int err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <corpus-dir> <dictionary-file>\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++) {
		s.len = 0;
		makers[i](&s);
		put(&all, s.buf, s.len);
		snprintf(path, sizeof(path), "%s/seed-%zu", argv[1], i);
		err |= write_file(path, s.buf, s.len);
	}
	snprintf(path, sizeof(path), "%s/seed-all", argv[1]);
	err |= write_file(path, all.buf, all.len);
	return err | write_dict(argv[2]);
}
