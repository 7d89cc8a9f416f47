// SPDX-License-Identifier: MIT
/* newlib's system calls: console output, a fixed heap, the counter as clock, shutdown as exit. */
#include <abi/sched.h>
#include <errno.h>
#include <libos/config.h>
#include <libos/console.h>
#include <libos/counter.h>
#include <libos/libos.h>
#include <libos/pvconsole.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

/*
 * Only file descriptors 0, 1 and 2 exist, all the console. They report as
 * character devices that are terminals, so newlib line-buffers stdout and
 * leaves stderr unbuffered. Output goes to the PV console once
 * pvconsole_init succeeded (pvconsole.h says from where), to the hypervisor
 * console otherwise.
 *
 * Locking: none. newlib is used by one vCPU at a time (the boot vCPU); other
 * vCPUs use console_write directly.
 */

/* Our own prototypes: newlib declares these only while building itself. */
int _close(int fd);
int _fstat(int fd, struct stat *st);
pid_t _getpid(void);
int _gettimeofday(struct timeval *tv, void *tz);
int _isatty(int fd);
int _kill(int pid, int sig);
_off_t _lseek(int fd, _off_t offset, int whence);
int _open(const char *path, int flags, int mode);
_ssize_t _read(int fd, void *buf, size_t len);
void *_sbrk(ptrdiff_t increment);
clock_t _times(struct tms *buf);
_ssize_t _write(int fd, const void *buf, size_t len);

/*
 * Weak: an image that never calls pvconsole_init does not link pvconsole.c
 * (nor the loop and event channel code it needs) just for _write.
 */
#pragma weak pvconsole_stdout_write

#define SYSCALLS_PID 1

static _Alignas(16) char syscalls_heap[LIBOS_HEAP_SIZE];
static size_t syscalls_heap_used;

static int syscalls_is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

_ssize_t _write(int fd, const void *buf, size_t len)
{
	size_t taken = 0;

	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	if (pvconsole_stdout_write != NULL) {
		taken = pvconsole_stdout_write(buf, len);
	}
	if (taken < len && console_write((const char *)buf + taken, len - taken) < 0) {
		errno = EIO;
		return -1;
	}
	return (_ssize_t)len;
}

_ssize_t _read(int fd, void *buf, size_t len)
{
	(void)buf;
	(void)len;
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0; /* no console input for now: end of file */
}

void *_sbrk(ptrdiff_t increment)
{
	size_t used = syscalls_heap_used;

	if (increment < 0 ? (size_t)-increment > used
			  : (size_t)increment > LIBOS_HEAP_SIZE - used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	syscalls_heap_used = used + (size_t)increment;
	return syscalls_heap + used;
}

void _exit(int status)
{
	libos_shutdown(status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

int _kill(int pid, int sig)
{
	if (pid != SYSCALLS_PID) {
		errno = ESRCH;
		return -1;
	}
	/* abort() and raise() end up here: a signal to ourselves is a crash. */
	(void)sig;
	console_puts("libos: killed by a signal\n");
	libos_shutdown(SHUTDOWN_crash);
}

pid_t _getpid(void)
{
	return SYSCALLS_PID;
}

int _close(int fd)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

int _fstat(int fd, struct stat *st)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = S_IFCHR };
	return 0;
}

int _isatty(int fd)
{
	if (!syscalls_is_console(fd)) {
		errno = EBADF;
		return 0;
	}
	return 1;
}

_off_t _lseek(int fd, _off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	errno = syscalls_is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

int _open(const char *path, int flags, int mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	errno = ENOENT;
	return -1;
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = counter_ns();

	(void)tz;
	if (tv != NULL) {
		tv->tv_sec = (time_t)(ns / 1000000000u);
		tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000u);
	}
	return 0;
}

clock_t _times(struct tms *buf)
{
	(void)buf;
	errno = ENOSYS;
	return (clock_t)-1;
}
