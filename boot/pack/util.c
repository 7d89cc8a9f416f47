/* SPDX-License-Identifier: MIT */
/* tessera-pack: error messages, whole-file I/O and address arithmetic. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "pack.h"

/** Print one error line on stderr, prefixed with the tool's name. */
void pack_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tessera-pack: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * Read a whole file into a new buffer. Returns 0 and sets *data (free() it)
 * and *size, or -1 after printing why.
 */
int read_file(const char *path, void **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long length;
	void *buf;

	if (!f) {
		pack_error("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (length = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		pack_error("cannot size %s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	buf = malloc(length ? (size_t)length : 1);
	if (!buf || fread(buf, 1, (size_t)length, f) != (size_t)length) {
		pack_error("cannot read %s", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*data = buf;
	*size = (size_t)length;
	return 0;
}

/** Write size bytes to dir/name, replacing the file. Returns 0 or -1 after printing why. */
int write_file(const char *dir, const char *name, const void *data, size_t size)
{
	char *path = join_path(dir, name);
	FILE *f;
	int ret = -1;

	if (!path) {
		return -1;
	}
	f = fopen(path, "wb");
	if (!f) {
		pack_error("cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	if (fwrite(data, 1, size, f) != size) {
		pack_error("cannot write %s", path);
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		pack_error("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(path);
	return ret;
}

/** Return a new string "dir/name" (free() it), or NULL after printing why. */
char *join_path(const char *dir, const char *name)
{
	size_t length = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(length);

	if (!path) {
		pack_error("out of memory");
		return NULL;
	}
	snprintf(path, length, "%s/%s", dir, name);
	return path;
}

/** Round value up to a multiple of align, a power of two. */
uint64_t align_up(uint64_t value, uint64_t align)
{
	return (value + align - 1) & ~(align - 1);
}

/** Whether [a, a + a_size) and [b, b + b_size) share a byte. Sizes are non-zero. */
bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/** The number that count (1 or 2) big-endian DT cells make up. */
uint64_t get_cells(const uint32_t *cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++) {
		value = (value << 32) | fdt32_to_cpu(cells[i]);
	}
	return value;
}
