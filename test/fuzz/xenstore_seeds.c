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

/* A framed request; @tx_sel 1 uses the client's last transaction. */
static void msg(struct seed *s, int client, uint32_t type, int tx_sel, const char *payload,
		size_t len)
{
	put_byte(s, (uint8_t)client);
	put_byte(s, (uint8_t)tx_sel);
	put_byte(s, (uint8_t)type);
	put_byte(s, 7);
	put_byte(s, (uint8_t)(len >> 4));
	put_byte(s, (uint8_t)((len & 15u) << 4));
	put(s, payload, len);
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
	wr(s, A, 0, "device/vbd/51712/state", "1");
	wr(s, A, 0, "/local/domain/5/name", "guest");
	req(s, A, XS_READ, 0, "device/vbd/51712/state");
	req(s, A, XS_DIRECTORY, 0, "device/vbd");
	req(s, A, XS_DIRECTORY_PART, 0, "device|0");
	req(s, A, XS_MKDIR, 0, "control");
	req(s, A, XS_GET_PERMS, 0, "control");
	req(s, A, XS_SET_PERMS, 0, "control|n5|r6|b7");
	req(s, B, XS_READ, 0, "/local/domain/5/control");
	req(s, A, XS_RM, 0, "device");
	req(s, A, XS_GET_DOMAIN_PATH, 0, "5");
	req(s, TOOL, XS_DIRECTORY, 0, "/local/domain");
	drain_all(s);
}

static void seed_watches(struct seed *s)
{
	req(s, A, XS_WATCH, 0, "control/shutdown|tok1");
	req(s, A, XS_WATCH, 0, "/local/domain/5|home");
	req(s, TOOL, XS_WATCH, 0, "@releaseDomain|rel");
	req(s, TOOL, XS_WATCH, 0, "@introduceDomain|intro");
	wr(s, TOOL, 0, "/local/domain/5/control/shutdown", "poweroff");
	for (int i = 0; i < 24; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/local/domain/5/n%d", i);
		wr(s, TOOL, 0, path, "v");
	}
	drain_all(s);
	req(s, A, XS_UNWATCH, 0, "control/shutdown|tok1");
	req(s, A, XS_RESET_WATCHES, 0, "");
	drain_all(s);
}

static void seed_transactions(struct seed *s)
{
	wr(s, A, 0, "counter", "0");
	req(s, A, XS_SET_PERMS, 0, "counter|n5|b6");
	req(s, A, XS_TRANSACTION_START, 0, "");
	drain_all(s);
	req(s, A, XS_READ, 1, "counter");
	wr(s, A, 1, "counter", "1");
	wr(s, B, 0, "/local/domain/5/counter", "9");
	req(s, A, XS_TRANSACTION_END, 1, "T");
	req(s, A, XS_TRANSACTION_START, 0, "");
	drain_all(s);
	wr(s, A, 1, "t/x", "1");
	req(s, A, XS_RM, 1, "t");
	req(s, A, XS_DIRECTORY, 1, "/local/domain/5");
	req(s, A, XS_TRANSACTION_END, 1, "T");
	drain_all(s);
}

static void seed_domains(struct seed *s)
{
	req(s, TOOL, XS_INTRODUCE, 0, "9|233472|5");
	req(s, TOOL, XS_IS_DOMAIN_INTRODUCED, 0, "9");
	req(s, TOOL, XS_RELEASE, 0, "9");
	req(s, TOOL, XS_RELEASE, 0, "6");
	req(s, TOOL, XS_INTRODUCE, 0, "6|100|3");
	req(s, TOOL, XS_SET_TARGET, 0, "7|5");
	req(s, C, XS_READ, 0, "/local/domain/5");
	req(s, TOOL, XS_RESUME, 0, "5");
	req(s, TOOL, XS_GET_QUOTA, 0, "5|nodes");
	req(s, TOOL, XS_SET_QUOTA, 0, "5|nodes|3");
	req(s, TOOL, XS_SET_QUOTA, 0, "watches|2");
	req(s, TOOL, XS_GET_FEATURE, 0, "5");
	req(s, TOOL, XS_SET_FEATURE, 0, "5|0");
	req(s, TOOL, XS_CONTROL, 0, "check");
	drain_all(s);
}

static void seed_hostile(struct seed *s)
{
	static const uint8_t bad_len[] = { 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 };

	msg(s, A, XS_READ, 0, "abc", 3);
	msg(s, A, 20, 0, "x", 2);
	msg(s, A, XS_WRITE, 2, "x\0y", 3);
	req(s, A, XS_WATCH, 0, "a//b|t");
	/* Raw bytes: a header announcing too much breaks B only. */
	put_byte(s, 3 * 4 + B);
	put_byte(s, sizeof(bad_len));
	put(s, bad_len, sizeof(bad_len));
	req(s, C, XS_WRITE, 0, "still|ok");
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
	static void (*const makers[])(struct seed *) = { seed_nodes, seed_watches,
							 seed_transactions, seed_domains,
							 seed_hostile };
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
