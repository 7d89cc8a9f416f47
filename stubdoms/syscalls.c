// SPDX-License-Identifier: MIT
/* newlib's system calls: console output, a fixed heap, the counter as clock, shutdown as exit. */
#include <abi/sched.h>
#include <errno.h>
#include <libos/config.h>
#include <libos/console.h>
#include <libfdt.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/libos.h>
#include <libos/pvconsole.h>
#include <libos/shared_info.h>
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

/* The heap: [heap_base, heap_end), of which [heap_base, heap_brk) is handed out. */
static uintptr_t heap_base, heap_end, heap_brk;

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

/*
 * The rest of the domain's RAM past its DTB (which the boot tooling places
 * after the image), and past its initrd if it has one, is the heap, so a
 * service domain's memory is what its boot configuration gives it. Balloon
 * tests give back the top of RAM: they must not malloc that far.
 */
static void heap_init(void)
{
	const void *fdt = dt_blob();
	uint64_t base, size, initrd_start, initrd_end;
	uintptr_t start;

	heap_base = heap_end = 1; /* tried: without a DT, there is no heap */
	if (fdt == NULL || dt_memory(&base, &size) != 0) {
		return;
	}
	start = ((uintptr_t)fdt + fdt_totalsize(fdt) + 4095u) & ~(uintptr_t)4095u;
	/* The initrd (a service domain's file bundle) goes after the DTB: keep it out of the heap.
	 */
	if (dt_initrd(&initrd_start, &initrd_end) == 0 && initrd_end > start) {
		start = ((uintptr_t)initrd_end + 4095u) & ~(uintptr_t)4095u;
	}
	if (start > base && start < base + size) {
		heap_base = heap_brk = start;
		heap_end = (uintptr_t)(base + size);
	}
}

size_t libos_heap_room(void)
{
	if (heap_base == 0) {
		heap_init();
	}
	return heap_brk == 0 ? 0 : heap_end - heap_brk; /* 0: no heap */
}

void *_sbrk(ptrdiff_t increment)
{
	uintptr_t old;

	if (heap_base == 0) {
		heap_init();
	}
	old = heap_brk;
	if (heap_brk == 0 || (increment < 0 ? (uintptr_t)-increment > heap_brk - heap_base
					    : (uintptr_t)increment > heap_end - heap_brk)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk += (uintptr_t)increment;
	return (void *)old;
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

/* The wall clock at counter 0, from shared_info (0 before it is mapped), in ns. */
static uint64_t wallclock_base_ns(void)
{
	const volatile struct shared_info *si = shared_info_get();
	uint32_t version, sec, sec_hi, nsec;

	if (si == NULL) {
		return 0;
	}
	do { /* odd while the core updates it: read again until it stood still */
		version = __atomic_load_n(&si->wc_version, __ATOMIC_ACQUIRE);
		sec = si->wc_sec;
		sec_hi = si->wc_sec_hi;
		nsec = si->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1u) || version != si->wc_version);
	return ((uint64_t)sec_hi << 32 | sec) * 1000000000u + nsec;
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = wallclock_base_ns() + counter_ns();

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
