// SPDX-License-Identifier: MIT
/* Console output through the console_io hypercall. */
#include <abi/console_io.h>
#include <libos/console.h>
#include <libos/hypercall.h>
#include <string.h>

long console_write(const char *buf, size_t len)
{
	while (len > 0) {
		size_t chunk = len < CONSOLEIO_MAX_WRITE ? len : CONSOLEIO_MAX_WRITE;
		long rc = hypercall_console_io(CONSOLEIO_write, chunk, (void *)buf);

		if (rc < 0) {
			return rc;
		}
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

void console_puts(const char *s)
{
	(void)console_write(s, strlen(s));
}

void console_put_hex(uint64_t value)
{
	static const char digits[] = "0123456789abcdef";
	char text[18];

	text[0] = '0';
	text[1] = 'x';
	for (int i = 0; i < 16; i++) {
		text[17 - i] = digits[value & 0xf];
		value >>= 4;
	}
	(void)console_write(text, sizeof(text));
}
