// SPDX-License-Identifier: MIT
/* console_io with oversized counts, bad or half-mapped buffers, bad commands, no read right. */
#include <abi/console_io.h>
#include <abi/errno.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, console_io)
{
	static char text[] = "hostile: this line must never be printed\n";
	char input[16];
	uint64_t ram_end = hostile_ram_end();

	CHECK_EQ(hypercall_console_io(CONSOLEIO_write, 0x7FFFFFFF, text), -XEN_EINVAL);
	CHECK_EQ(hypercall_console_io(CONSOLEIO_write, CONSOLEIO_MAX_WRITE + 1, text), -XEN_EINVAL);
	CHECK_EQ(hypercall_console_io(CONSOLEIO_write, 16, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_console_io(CONSOLEIO_write, 16, (void *)HOSTILE_HOLE_IPA), -XEN_EFAULT);
	/* Starts in the last 16 bytes of RAM, ends in the page after it. */
	REQUIRE(ram_end > GUEST_RAM_BASE);
	CHECK_EQ(hypercall_console_io(CONSOLEIO_write, 32, (void *)(ram_end - 16)), -XEN_EFAULT);
	CHECK_EQ(hypercall_console_io(7, sizeof(text) - 1, text), -XEN_ENOSYS);
	/* This domain holds no console right. */
	CHECK_EQ(hypercall_console_io(CONSOLEIO_read, sizeof(input), input), -XEN_EPERM);
}
