// SPDX-License-Identifier: MIT
/*
 * console_io: a domain writes lines to the serial console, tagged with its
 * id; the domain with the console right owns the line: it writes untagged
 * (it tags the lines of every domain it serves) and alone reads input.
 */
#include <abi/console_io.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <arch.h>
#include <pcpu.h>
#include <rights.h>

/* One staging buffer per pCPU: the whole write is copied in before any of it is printed. */
static char staging[BOOT_CPUS_MAX][CONSOLEIO_MAX_WRITE];

static long console_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
	char *s = staging[this_pcpu()->index];

	if (count > CONSOLEIO_MAX_WRITE) {
		return -EINVAL;
	}
	if (copy_from_guest(v, s, gva_make(buf), count) < 0) {
		return -EFAULT;
	}
	if (may(v->domain, RIGHT_CONSOLE, NULL)) {
		console_write_raw(s, count); /* the console domain tags its lines itself */
	} else {
		console_domain_write(&v->domain->con, v->domain->domid, s, count);
	}
	return 0;
}

static long console_read(struct vcpu *v, uint64_t count, uint64_t buf)
{
	char *s = staging[this_pcpu()->index];
	uint64_t n = 0;
	int c;

	if (!may(v->domain, RIGHT_CONSOLE, NULL)) {
		return -EPERM;
	}
	count = MIN(count, CONSOLEIO_MAX_WRITE);
	while (n < count && (c = arch_console_getc()) >= 0) {
		s[n++] = (char)c;
	}
	if (copy_to_guest(v, gva_make(buf), s, n) < 0) {
		return -EFAULT;
	}
	return (long)n;
}

long do_console_io(struct vcpu *v, const struct hypercall_args *args)
{
	switch (args->a[0]) {
	case CONSOLEIO_write:
		return console_write(v, args->a[1], args->a[2]);
	case CONSOLEIO_read:
		return console_read(v, args->a[1], args->a[2]);
	default:
		return -ENOSYS;
	}
}
