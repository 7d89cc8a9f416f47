/* SPDX-License-Identifier: MIT */
/* console_io hypercall: the hypervisor's own serial console. */
#ifndef ABI_CONSOLE_IO_H
#define ABI_CONSOLE_IO_H

/*
 * console_io(cmd, count, buffer VA).
 *
 * CONSOLEIO_write: write count bytes from the buffer to the hypervisor
 * console, in lines tagged with the caller's domain id; the holder of the
 * console right writes untagged bytes (it tags the lines of the domains it
 * serves). Returns 0, -XEN_EFAULT if the buffer cannot be read, -XEN_EINVAL
 * if count exceeds CONSOLEIO_MAX_WRITE.
 *
 * CONSOLEIO_read: copy at most count bytes of pending serial input into the
 * buffer; returns the number of bytes copied. Only a domain holding the
 * console right may read; others get -XEN_EPERM.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* Largest count one CONSOLEIO_write accepts. */
#define CONSOLEIO_MAX_WRITE 4096u

#endif
