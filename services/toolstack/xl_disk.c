/* SPDX-License-Identifier: MIT */
/* xl disk specs: named, flag and positional parameters, deprecated prefixes, vdev numbers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xl_disk.h"

/* One spec being read; "set" follows xl: a parameter may be given once (an empty one twice). */
struct disk_parse {
	size_t vdev_at; /* where vdev was given */
	const char *spec;
	size_t len;
	struct xl_disk *disk;
	struct xl_spec_error *err;
	bool target_set, format_set, vdev_set, access_set, had_prefix;
};

/* A parameter: bytes [start, start + len) of the spec; value after its '=' (if any). */
struct disk_param {
	size_t start, len;
	const char *text;
};

static int fail(struct disk_parse *d, size_t offset, const char *what,
		const struct disk_param *near)
{
	return xl_spec_fail(d->err, offset, what, near != NULL ? near->text : NULL,
			    near != NULL ? near->len : 0);
}

static bool equals(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* Copy a string value once: respecifying a non-empty one is an error, as in xl. */
static int save(struct disk_parse *d, const struct disk_param *at, const char *value, size_t len,
		char *dst, size_t size, const char *respecified)
{
	if (dst[0] != '\0') {
		return fail(d, at->start, respecified, at);
	}
	if (memchr(value, '\t', len) != NULL || memchr(value, '\n', len) != NULL) {
		return fail(d, at->start, "tab or newline inside a value", at);
	}
	if (len >= size) {
		return fail(d, at->start, "value too long", at);
	}
	memcpy(dst, value, len);
	dst[len] = '\0';
	return 0;
}

static int set_access(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	if (equals(v, len, "r") || equals(v, len, "ro")) {
		d->disk->readonly = true;
	} else if (equals(v, len, "rw") || equals(v, len, "w") || len == 0) {
		d->disk->readonly = false;
	} else {
		return fail(d, at->start, "unknown value for access", at);
	}
	return 0;
}

static int set_format(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	static const char *const names[] = {
		[XL_DISK_RAW] = "raw", [XL_DISK_QCOW] = "qcow", [XL_DISK_QCOW2] = "qcow2",
		[XL_DISK_VHD] = "vhd", [XL_DISK_QED] = "qed",   [XL_DISK_EMPTY] = "empty",
	};
	size_t i = 0;

	if (len != 0) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]) && !equals(v, len, names[i]);
		     i++) {
		}
	}
	if (i == sizeof(names) / sizeof(names[0])) {
		return fail(d, at->start, "unknown value for format", at);
	}
	if (d->format_set && d->disk->format != (enum xl_disk_format)i) {
		return fail(d, at->start, "format respecified", at);
	}
	d->disk->format = (enum xl_disk_format)i;
	d->format_set = true;
	return 0;
}

static int set_backendtype(struct disk_parse *d, const struct disk_param *at, const char *v,
			   size_t len)
{
	static const char *const names[] = {
		[XL_BACKENDTYPE_PHY] = "phy",
		[XL_BACKENDTYPE_TAP] = "tap",
		[XL_BACKENDTYPE_QDISK] = "qdisk",
		[XL_BACKENDTYPE_STANDALONE] = "standalone",
	};
	size_t i;

	for (i = XL_BACKENDTYPE_PHY; i < sizeof(names) / sizeof(names[0]); i++) {
		if (equals(v, len, names[i])) {
			d->disk->backendtype = (enum xl_disk_backendtype)i;
			return 0;
		}
	}
	return fail(d, at->start, "unknown value for backendtype", at);
}

static int set_devtype(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	if (equals(v, len, "cdrom")) {
		d->disk->cdrom = true;
	} else if (equals(v, len, "disk")) {
		d->disk->cdrom = false;
	} else {
		return fail(d, at->start, "unknown value for type", at);
	}
	return 0;
}

static int set_vdev(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	d->vdev_set = true;
	d->vdev_at = (size_t)(v - d->spec);
	return save(d, at, v, len, d->disk->vdev, sizeof(d->disk->vdev), "vdev respecified");
}

static int set_backend(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	return save(d, at, v, len, d->disk->backend, sizeof(d->disk->backend),
		    "backend respecified");
}

static int set_script(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	return save(d, at, v, len, d->disk->script, sizeof(d->disk->script), "script respecified");
}

static int set_target(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len)
{
	d->target_set = true;
	return save(d, at, v, len, d->disk->target, sizeof(d->disk->target), "target respecified");
}

/* KEY=VALUE parameters other than target=. */
static const struct {
	const char *key;
	int (*set)(struct disk_parse *d, const struct disk_param *at, const char *v, size_t len);
} named[] = {
	{ "format", set_format },   { "devtype", set_devtype },         { "access", set_access },
	{ "backend", set_backend }, { "backendtype", set_backendtype }, { "vdev", set_vdev },
	{ "script", set_script },
};

/* Flags: a bare word. */
static bool flag(struct disk_parse *d, const struct disk_param *at)
{
	struct xl_disk *disk = d->disk;

	if (equals(at->text, at->len, "cdrom")) {
		disk->cdrom = true;
	} else if (equals(at->text, at->len, "direct-io-safe")) {
		disk->direct_io_safe = true;
	} else if (equals(at->text, at->len, "discard") ||
		   equals(at->text, at->len, "no-discard")) {
		disk->discard = at->text[0] == 'd' ? 1 : 0;
	} else if (equals(at->text, at->len, "trusted") || equals(at->text, at->len, "untrusted")) {
		disk->trusted = at->text[0] == 't' ? 1 : 0;
	} else {
		return false;
	}
	return true;
}

/* The length of a key xl's syntax allows before '=': [a-z][-a-z0-9]*, or 0. */
static size_t key_length(const struct disk_param *at)
{
	size_t i;

	if (at->len == 0 || at->text[0] < 'a' || at->text[0] > 'z') {
		return 0;
	}
	for (i = 1; i < at->len; i++) {
		char c = at->text[i];

		if (c == '=') {
			return i;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
			return 0;
		}
	}
	return 0;
}

/* KEY=VALUE: 1 if @at is one (handled, or an error), 0 if not. */
static int keyword(struct disk_parse *d, const struct disk_param *at, int *rc)
{
	size_t klen = key_length(at), i;

	if (klen == 0) {
		return 0;
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (equals(at->text, klen, named[i].key)) {
			*rc = named[i].set(d, at, at->text + klen + 1, at->len - klen - 1);
			return 1;
		}
	}
	*rc = fail(d, at->start, "unknown parameter", at);
	return 1;
}

/* xl's deprecated prefixes: formats, block scripts, and words it ignores. */
static int prefix(struct disk_parse *d, struct disk_param *at)
{
	static const char *const formats[] = { "raw:", "qcow:", "qcow2:", "vhd:" };
	static const char *const scripts[] = { "iscsi:", "nbd:", "enbd:", "drbd:" };
	static const char *const ignored[] = { "tapdisk:", "tap:",  "tap2:", "aio:",
					       "ioemu:",   "file:", "phy:" };
	char script[sizeof("block-iscsi")];
	size_t i, n;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		n = strlen(formats[i]);
		if (at->len >= n && memcmp(at->text, formats[i], n) == 0) {
			struct disk_param f = { at->start, n - 1, at->text };

			return set_format(d, &f, at->text, n - 1) < 0 ? -EINVAL : (int)n;
		}
	}
	for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		n = strlen(scripts[i]);
		if (at->len >= n && memcmp(at->text, scripts[i], n) == 0) {
			snprintf(script, sizeof(script), "block-%.*s", (int)(n - 1), at->text);
			if (save(d, at, script, strlen(script), d->disk->script,
				 sizeof(d->disk->script), "script respecified") < 0) {
				return -EINVAL;
			}
			return (int)n;
		}
	}
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		n = strlen(ignored[i]);
		if (at->len >= n && memcmp(at->text, ignored[i], n) == 0) {
			return (int)n;
		}
	}
	return 0;
}

/* Prefixes, as many as are given (tap:aio:/path); then an unknown one is an error, as in xl. */
static int strip_prefixes(struct disk_parse *d, struct disk_param *at)
{
	size_t i;
	int n;

	while ((n = prefix(d, at)) > 0) {
		at->start += (size_t)n;
		at->text += n;
		at->len -= (size_t)n;
		d->had_prefix = true;
	}
	if (n < 0) {
		return -EINVAL;
	}
	for (i = 0; i < at->len && ((at->text[i] >= 'a' && at->text[i] <= 'z') ||
				    (i > 0 && at->text[i] >= '0' && at->text[i] <= '9'));
	     i++) {
	}
	if (i > 0 && i < at->len && at->text[i] == ':' &&
	    (i + 1 == at->len || !((at->text[i + 1] >= 'a' && at->text[i + 1] <= 'z') ||
				   (at->text[i + 1] >= '0' && at->text[i + 1] <= '9')))) {
		return fail(d, at->start, "unknown deprecated disk prefix", at);
	}
	return 0;
}

/* VDEV:DEVTYPE, xl's old way to say cdrom: 1 if @at is one (handled), 0 if not. */
static int vdev_devtype(struct disk_parse *d, const struct disk_param *at, int *rc)
{
	const char *colon = NULL;
	size_t i;

	for (i = 0; i < at->len; i++) {
		if (at->text[i] == ':') {
			colon = at->text + i;
		}
	}
	if (colon == NULL) {
		return 0;
	}
	*rc = set_vdev(d, at, at->text, (size_t)(colon - at->text));
	if (*rc == 0) {
		*rc = set_devtype(d, at, colon + 1, at->len - (size_t)(colon + 1 - at->text));
	}
	return 1;
}

/* The next of target, format, vdev, access not yet given. */
static int positional(struct disk_parse *d, const struct disk_param *at)
{
	int rc = 0;

	if (memchr(at->text, '=', at->len) != NULL) {
		return fail(d, at->start, "bad disk syntax", at);
	}
	if (!d->target_set) {
		return set_target(d, at, at->text, at->len);
	}
	if (!d->had_prefix && !d->format_set) {
		if (d->disk->target[0] == '\0' && vdev_devtype(d, at, &rc)) {
			d->disk->format = XL_DISK_EMPTY;
			d->format_set = true;
			return rc;
		}
		return set_format(d, at, at->text, at->len);
	}
	if (!d->vdev_set) {
		return vdev_devtype(d, at, &rc) ? rc : set_vdev(d, at, at->text, at->len);
	}
	if (!d->access_set) {
		d->access_set = true;
		return set_access(d, at, at->text, at->len);
	}
	return fail(d, at->start, "too many positional parameters", at);
}

static int one_param(struct disk_parse *d, struct disk_param *at)
{
	int rc = 0;

	if (keyword(d, at, &rc)) {
		return rc;
	}
	if (flag(d, at)) {
		return 0;
	}
	if (strip_prefixes(d, at) < 0) {
		return -EINVAL;
	}
	return positional(d, at);
}

/* target= takes the rest of the spec, commas and all, but one trailing comma. */
static int target_rest(struct disk_parse *d, size_t pos)
{
	size_t end = d->len;
	struct disk_param at;

	if (end > pos + 7 && d->spec[end - 1] == ',') {
		end--;
	}
	at.start = pos;
	at.len = end - pos;
	at.text = d->spec + pos;
	return set_target(d, &at, at.text + 7, at.len - 7);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int read_params(struct disk_parse *d)
{
	struct disk_param at;
	size_t pos = 0, end;

	while (pos < d->len) {
		while (pos < d->len && blank(d->spec[pos])) {
			pos++;
		}
		if (pos >= d->len) {
			break;
		}
		if (d->len - pos >= 7 && memcmp(d->spec + pos, "target=", 7) == 0) {
			return target_rest(d, pos);
		}
		for (end = pos; end < d->len && d->spec[end] != ','; end++) {
		}
		at.start = pos;
		at.len = end - pos;
		at.text = d->spec + pos;
		if (one_param(d, &at) < 0) {
			return -EINVAL;
		}
		pos = end + 1;
	}
	return 0;
}

/* What xl checks once a spec is read; and the vdev's number. */
static int finish(struct disk_parse *d)
{
	struct xl_disk *disk = d->disk;
	struct disk_param vdev;

	if (disk->cdrom) {
		disk->readonly = true;
		if (disk->target[0] == '\0') {
			disk->format = XL_DISK_EMPTY;
		}
	}
	if (disk->vdev[0] == '\0') {
		return fail(d, 0, "no vdev specified", NULL);
	}
	if (disk->target[0] == '\0' && !disk->cdrom) {
		return fail(d, 0, "no target specified (and device not removable)", NULL);
	}
	if (xl_vdev_devid(disk->vdev, strlen(disk->vdev), &disk->devid) < 0) {
		vdev.start = d->vdev_at;
		vdev.len = strlen(disk->vdev);
		vdev.text = disk->vdev;
		return fail(d, d->vdev_at, "invalid vdev (xvdX, sdX, hdX, dNpN or a number)",
			    &vdev);
	}
	return 0;
}

/* Bytes that are not printable ASCII, but for the blanks between parameters, are refused. */
static int check_bytes(struct disk_parse *d)
{
	size_t i;

	for (i = 0; i < d->len; i++) {
		unsigned char c = (unsigned char)d->spec[i];

		if ((c < ' ' && !blank((char)c)) || c >= 0x7f) {
			return fail(d, i, "byte that is not printable ASCII in the spec", NULL);
		}
	}
	return 0;
}

/** xl_disk_parse() - see xl_disk.h. */
int xl_disk_parse(const char *spec, size_t len, struct xl_disk *disk, struct xl_spec_error *err)
{
	struct disk_parse d;
	int rc;

	memset(&d, 0, sizeof(d));
	memset(disk, 0, sizeof(*disk));
	memset(err, 0, sizeof(*err));
	d.spec = spec;
	d.len = len;
	d.disk = disk;
	d.err = err;
	disk->discard = -1;
	disk->trusted = -1;
	rc = check_bytes(&d);
	if (rc == 0) {
		rc = read_params(&d);
	}
	if (rc == 0) {
		rc = finish(&d);
	}
	if (rc < 0) {
		memset(disk, 0, sizeof(*disk));
	}
	return rc;
}
