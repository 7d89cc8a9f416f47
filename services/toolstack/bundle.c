// SPDX-License-Identifier: MIT
/*
 * Reading the file bundle (abi/bundle.h) the toolstack gets as its boot
 * module.
 *
 * The bundle lies in the domain's own RAM, where a stray write could have
 * changed it, and a bad boot set could have put anything there: every field
 * is copied out (memcpy: the blob need not be aligned) and checked before it
 * is used, with offsets and sizes compared in the overflow-safe form
 * (offset <= total && size <= total - offset). The entry table is read twice,
 * for the checksum and then an entry at a time; every decision is made on
 * the copy of an entry, so bytes that change in between can make a bundle
 * refused, never lead a read outside it. Plain C over the C library,
 * built for the host (tests, fuzzing, tessera-pack) and for the target (whose
 * newlib lacks %zu: sizes are printed as unsigned long).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bundle.h"

#define CRC32_POLY 0xEDB88320u /* IEEE 802.3's polynomial, bit-reversed */

/* The CRC of every byte value, so the CRC advances a byte a step. */
static void crc32_table(uint32_t table[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t crc = i;

		for (int bit = 0; bit < 8; bit++) {
			crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1u)));
		}
		table[i] = crc;
	}
}

static uint32_t crc32_update(const uint32_t table[256], uint32_t crc, const void *data, size_t size)
{
	const uint8_t *bytes = data;

	crc = ~crc;
	for (size_t i = 0; i < size; i++) {
		crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
	}
	return ~crc;
}

uint32_t bundle_crc32(uint32_t crc, const void *data, size_t size)
{
	uint32_t table[256];

	crc32_table(table);
	return crc32_update(table, crc, data, size);
}

/* Not isalnum(): names must not depend on the C library's locale. */
static bool is_letter_or_digit(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool name_char_ok(char c)
{
	return is_letter_or_digit(c) || c == '_' || c == '.' || c == '+' || c == '-';
}

int bundle_name_check(const char *name)
{
	size_t length = strnlen(name, BUNDLE_NAME_MAX);

	if (length == BUNDLE_NAME_MAX) {
		return -ENAMETOOLONG;
	}
	/* A first letter or digit keeps out ".", "..", hidden files and option-like names. */
	if (length == 0 || !is_letter_or_digit(name[0])) {
		return -EINVAL;
	}
	for (size_t i = 1; i < length; i++) {
		if (!name_char_ok(name[i])) {
			return -EINVAL;
		}
	}
	return 0;
}

/* Say what is wrong in bundle->why and return err. */
static int refuse(struct bundle *bundle, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct bundle *bundle, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bundle->why, sizeof(bundle->why), fmt, ap);
	va_end(ap);
	return err;
}

/* The header's fixed fields, those that say how to read the rest. */
static int check_header(struct bundle *out, const struct bundle_header *h, size_t size)
{
	if (h->magic != BUNDLE_MAGIC) {
		return refuse(out, -EINVAL, "not a bundle: magic 0x%08x, expected 0x%08x", h->magic,
			      BUNDLE_MAGIC);
	}
	if (h->version != BUNDLE_VERSION) {
		return refuse(out, -EINVAL, "bundle version %u; this reader knows version %u",
			      h->version, BUNDLE_VERSION);
	}
	if (h->header_size != sizeof(*h) || h->entry_size != sizeof(struct bundle_entry)) {
		return refuse(out, -EINVAL,
			      "header_size %u and entry_size %u are not version 1's %lu and %lu",
			      h->header_size, h->entry_size, (unsigned long)sizeof(*h),
			      (unsigned long)sizeof(struct bundle_entry));
	}
	if (h->reserved != 0) {
		return refuse(out, -EINVAL, "header reserved field is 0x%x, not 0", h->reserved);
	}
	if (h->file_count == 0 || h->file_count > BUNDLE_FILES_MAX) {
		return refuse(out, -EINVAL, "file_count %u is not 1 to %u", h->file_count,
			      BUNDLE_FILES_MAX);
	}
	if (h->total_size > size) {
		return refuse(out, -EINVAL,
			      "total_size 0x%llx runs past the end of the module (0x%lx bytes)",
			      (unsigned long long)h->total_size, (unsigned long)size);
	}
	return 0;
}

/* The checksum over the header (its checksum field 0) and the entry table. */
static int check_checksum(struct bundle *out, const uint32_t table[256],
			  const struct bundle_header *h, const uint8_t *blob, size_t table_end)
{
	struct bundle_header zeroed = *h;
	uint32_t crc;

	zeroed.checksum = 0;
	crc = crc32_update(table, 0, &zeroed, sizeof(zeroed));
	crc = crc32_update(table, crc, blob + sizeof(zeroed), table_end - sizeof(zeroed));
	if (crc != h->checksum) {
		return refuse(out, -EBADMSG,
			      "checksum 0x%08x does not match the header and entries (0x%08x)",
			      h->checksum, crc);
	}
	return 0;
}

/* The name field: a valid name, then nothing but NULs. */
static int check_entry_name(struct bundle *out, uint32_t index, const struct bundle_entry *e)
{
	size_t length = strnlen(e->name, sizeof(e->name));

	if (length == sizeof(e->name)) {
		return refuse(out, -EINVAL, "file %u: name has no NUL within %u bytes", index,
			      BUNDLE_NAME_MAX);
	}
	if (bundle_name_check(e->name) != 0) {
		return refuse(out, -EINVAL,
			      "file %u: name is not 1 to %u of [A-Za-z0-9_.+-] starting with a "
			      "letter or digit",
			      index, BUNDLE_NAME_MAX - 1);
	}
	for (size_t i = length; i < sizeof(e->name); i++) {
		if (e->name[i] != '\0') {
			return refuse(out, -EINVAL, "file %u '%s': bytes after the name's NUL",
				      index, e->name);
		}
	}
	return 0;
}

/*
 * One entry, given where the previous file's data ended (*data_end, the
 * table's end for the first) and its name (NULL for the first); *data_end
 * moves to where this one's ends.
 */
static int check_entry(struct bundle *out, const uint32_t table[256], uint32_t index,
		       const struct bundle_entry *e, const char *previous, uint64_t *data_end)
{
	uint64_t total = out->size;
	int err = check_entry_name(out, index, e);

	if (err != 0) {
		return err;
	}
	if (previous && strcmp(previous, e->name) >= 0) {
		return refuse(out, -EINVAL, "file %u '%s': not after '%s' (names sorted, unique)",
			      index, e->name, previous);
	}
	if (e->reserved != 0) {
		return refuse(out, -EINVAL, "file %u '%s': reserved field is 0x%x, not 0", index,
			      e->name, e->reserved);
	}
	if (e->offset % BUNDLE_ALIGN != 0 || e->offset < *data_end) {
		return refuse(out, -EINVAL,
			      "file %u '%s': data offset 0x%llx is not a multiple of 0x%x at or "
			      "after 0x%llx, where the entries or the file before end",
			      index, e->name, (unsigned long long)e->offset, BUNDLE_ALIGN,
			      (unsigned long long)*data_end);
	}
	if (e->offset > total || e->size > total - e->offset) {
		return refuse(out, -EINVAL,
			      "file %u '%s': data 0x%llx+0x%llx runs past total_size 0x%llx", index,
			      e->name, (unsigned long long)e->offset, (unsigned long long)e->size,
			      (unsigned long long)total);
	}
	if (crc32_update(table, 0, out->blob + e->offset, (size_t)e->size) != e->crc32) {
		return refuse(out, -EBADMSG, "file %u '%s': data does not match its CRC-32 0x%08x",
			      index, e->name, e->crc32);
	}
	*data_end = e->offset + e->size;
	return 0;
}

/* Every entry in turn, then total_size against where the last file's data ends. */
static int check_entries(struct bundle *out, const uint32_t table[256], uint64_t table_end)
{
	char previous[BUNDLE_NAME_MAX] = "";
	uint64_t data_end = table_end;

	for (uint32_t i = 0; i < out->file_count; i++) {
		struct bundle_entry e;
		int err;

		memcpy(&e, out->blob + sizeof(struct bundle_header) + (size_t)i * sizeof(e),
		       sizeof(e));
		err = check_entry(out, table, i, &e, i > 0 ? previous : NULL, &data_end);
		if (err != 0) {
			return err;
		}
		memcpy(previous, e.name, sizeof(previous));
	}
	if (data_end != out->size) {
		return refuse(out, -EINVAL,
			      "total_size 0x%llx is not where the last file's data ends (0x%llx)",
			      (unsigned long long)out->size, (unsigned long long)data_end);
	}
	return 0;
}

int bundle_open(const void *blob, size_t size, struct bundle *out)
{
	struct bundle_header h;
	uint32_t table[256];
	uint64_t table_end;
	int err;

	memset(out, 0, sizeof(*out));
	if (!blob || size < sizeof(h)) {
		return refuse(out, -EINVAL, "0x%lx bytes: shorter than a bundle header (%lu)",
			      (unsigned long)size, (unsigned long)sizeof(h));
	}
	memcpy(&h, blob, sizeof(h));
	err = check_header(out, &h, size);
	if (err != 0) {
		return err;
	}
	/* file_count is at most BUNDLE_FILES_MAX: this cannot overflow. */
	table_end = sizeof(h) + (uint64_t)h.file_count * sizeof(struct bundle_entry);
	if (h.total_size < table_end) {
		return refuse(out, -EINVAL,
			      "total_size 0x%llx ends inside the %u entries (0x%llx bytes)",
			      (unsigned long long)h.total_size, h.file_count,
			      (unsigned long long)table_end);
	}
	crc32_table(table);
	err = check_checksum(out, table, &h, blob, (size_t)table_end);
	if (err != 0) {
		return err;
	}
	out->blob = blob;
	out->size = h.total_size;
	out->file_count = h.file_count;
	err = check_entries(out, table, table_end);
	if (err != 0) {
		out->blob = NULL;
		out->size = 0;
		out->file_count = 0;
	}
	return err;
}

int bundle_file_at(const struct bundle *bundle, uint32_t index, struct bundle_file *out)
{
	struct bundle_entry e;

	if (index >= bundle->file_count) {
		return -ENOENT;
	}
	memcpy(&e, bundle->blob + sizeof(struct bundle_header) + (size_t)index * sizeof(e),
	       sizeof(e));
	if (strnlen(e.name, sizeof(e.name)) == sizeof(e.name) || e.offset > bundle->size ||
	    e.size > bundle->size - e.offset) {
		return -EIO;
	}
	memcpy(out->name, e.name, sizeof(out->name));
	out->data = bundle->blob + e.offset;
	out->size = e.size;
	return 0;
}

int bundle_find(const struct bundle *bundle, const char *name, struct bundle_file *out)
{
	uint32_t low = 0;
	uint32_t high = bundle->file_count;
	int err = bundle_name_check(name);

	if (err != 0) {
		return -EINVAL;
	}
	/* The entries were sorted when opened; were they changed, this may miss, never stray. */
	while (low < high) {
		uint32_t middle = low + (high - low) / 2;
		int order;

		err = bundle_file_at(bundle, middle, out);
		if (err != 0) {
			return err;
		}
		order = strcmp(name, out->name);
		if (order == 0) {
			return 0;
		}
		if (order < 0) {
			high = middle;
		} else {
			low = middle + 1;
		}
	}
	return -ENOENT;
}
