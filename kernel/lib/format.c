// SPDX-License-Identifier: MIT
/*
 * vsnprintf for the core: %s %d %u %x %% with the flags '#', '0', '-', a
 * width and the length modifiers l, ll, z: what the core's messages use.
 */
#include <lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left) {
		while (fill-- > 0) {
			put(o, pad);
		}
	}
	for (size_t i = 0; i < n; i++) {
		put(o, s[i]);
	}
	while (left && fill-- > 0) {
		put(o, ' ');
	}
}

static size_t to_digits(char *tmp, uint64_t v, unsigned int base)
{
	size_t n = 0;

	do {
		unsigned int d = (unsigned int)(v % base);

		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	return n;
}

static void put_number(struct out *o, uint64_t v, bool negative, unsigned int base,
		       const char *prefix, int width, bool left, char pad)
{
	char tmp[24], s[32];
	size_t n = to_digits(tmp, v, base), k = 0;

	if (negative) {
		s[k++] = '-';
	}
	while (prefix && *prefix) {
		s[k++] = *prefix++;
	}
	while (n) {
		s[k++] = tmp[--n];
	}
	put_padded(o, s, k, width, left, pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool alt = false, left = false;
		char pad = ' ';
		int width = 0, lng = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '#' || *fmt == '0' || *fmt == '-'; fmt++) {
			alt |= *fmt == '#';
			left |= *fmt == '-';
			pad = *fmt == '0' ? '0' : pad;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
			width = width * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++) {
			lng++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			s = s ? s : "(null)";
			put_padded(&o, s, strlen(s), width, left, ' ');
			break;
		}
		case 'd': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);

			put_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, NULL, width,
				   left, pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);

			put_number(&o, v, false, *fmt == 'u' ? 10 : 16, alt ? "0x" : NULL, width,
				   left, pad);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (!*fmt) {
				fmt--;
				break;
			}
			put(&o, *fmt);
			break;
		}
	}
	if (size) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
