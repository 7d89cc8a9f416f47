// SPDX-License-Identifier: MIT
// xenbench: the cost of a hypervisor's hot paths as Linux user space sees them, through Linux's
// Xen devices; a static Linux program for test/bench (xen.bench runs it on Tessera and on Xen).
//
// usage: xenbench ITERATIONS GRANT_ITERATIONS
// Measures, each over its count of iterations after a tenth as many not timed:
//   hypercall  IOCTL_PRIVCMD_HYPERCALL of xen_version(XENVER_version) on /dev/xen/privcmd
//   evtchn     a loopback interdomain pair on /dev/xen/evtchn: notify one end, read the event
//              at the other, and unmask it again (write its port back)
//   grant      a page granted to this domain by itself through /dev/xen/gntalloc, mapped through
//              /dev/xen/gntdev (register the grant, mmap it, check the page's stamp, munmap,
//              release the grant)
// timed by CLOCK_MONOTONIC round by round, and prints "xenbench: result NAME iters=N ns=T
// median_ns=M max_ns=X" for each (T all the rounds together, M and X of one round), "xenbench:
// done" at the end; "xenbench: FAIL: ..." and exit status 1 on any error. The
// domain's own id, which granting to itself needs and no device tells without xenstore, is
// found with the event channel device (see find_own_domid). The ioctl layouts are those of
// Linux's uapi headers xen/privcmd.h, xen/evtchn.h, xen/gntalloc.h and xen/gntdev.h.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE_BYTES 4096u
// What the granted page holds at its start: a page that is not the granted one never matches.
#define STAMP UINT64_C(0x78656e62656e6368)
// Own domid probe: domain ids from 0 up to this one are tried.
#define DOMID_PROBE_LIMIT 256u
// How long to wait for events that binding may have raised (idle time costs nothing under icount).
#define DRAIN_WAIT_MS 100

// Xen's hypercall and sub-op numbers (public/xen.h, public/version.h).
#define HYPERVISOR_xen_version 17u
#define XENVER_version 0u
#define XENVER_get_features 6u

// privcmd: a hypercall number and five arguments; the ioctl returns the hypercall's result.
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

// evtchn: the bind ioctls return the new local port.
struct evtchn_bind_interdomain {
	uint32_t remote_domain;
	uint32_t remote_port;
};
struct evtchn_bind_unbound_port {
	uint32_t remote_domain;
};
struct evtchn_port {
	uint32_t port;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct evtchn_port))
#define IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_port))

// gntalloc: IN domid, flags, count; OUT the mmap offset (index) and one grant ref a page.
struct gntalloc_alloc_gref {
	uint16_t domid;
	uint16_t flags;
	uint32_t count;
	uint64_t index;
	uint32_t gref_ids[1];
};
#define GNTALLOC_FLAG_WRITABLE 1u
#define IOCTL_GNTALLOC_ALLOC_GREF _IOC(_IOC_NONE, 'G', 5, sizeof(struct gntalloc_alloc_gref))

// gntdev: register grants (OUT the mmap offset), then release them by that offset.
struct gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};
struct gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index;
	struct gntdev_grant_ref refs[1];
};
struct gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};
#define IOCTL_GNTDEV_MAP_GRANT_REF _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF _IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_unmap_grant_ref))

_Static_assert(sizeof(struct privcmd_hypercall) == 48, "privcmd_hypercall layout");
_Static_assert(sizeof(struct gntalloc_alloc_gref) == 24, "ioctl_gntalloc_alloc_gref layout");
_Static_assert(sizeof(struct gntdev_map_grant_ref) == 24, "ioctl_gntdev_map_grant_ref layout");
_Static_assert(sizeof(struct gntdev_unmap_grant_ref) == 16, "ioctl_gntdev_unmap_grant_ref");

static void fail(const char *what)
{
	printf("xenbench: FAIL: %s: %s (errno %d)\n", what, strerror(errno), errno);
	exit(1);
}

static void fail_plain(const char *what)
{
	printf("xenbench: FAIL: %s\n", what);
	exit(1);
}

static int open_device(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fail(path);
	}
	return fd;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		fail("clock_gettime");
	}
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Each timed round's nanoseconds, for the median: a single wait inside the timed rounds (gntdev's
// unmap retries after a delay while the page is still held elsewhere) can outweigh all the other
// rounds together, so the total alone says little of the common case.
#define ROUNDS_MAX 100000ul
static uint64_t round_ns[ROUNDS_MAX];

struct timing {
	uint64_t start, last;
	unsigned long rounds;
};

static void timing_start(struct timing *t)
{
	t->rounds = 0;
	t->start = t->last = now_ns();
}

// One round is over: its time is from the end of the one before.
static void timing_round(struct timing *t)
{
	uint64_t now = now_ns();

	if (t->rounds < ROUNDS_MAX) {
		round_ns[t->rounds++] = now - t->last;
	}
	t->last = now;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, struct timing *t)
{
	qsort(round_ns, t->rounds, sizeof(round_ns[0]), compare_u64);
	printf("xenbench: result %s iters=%lu ns=%" PRIu64 " median_ns=%" PRIu64 " max_ns=%" PRIu64
	       "\n",
	       name, t->rounds, t->last - t->start, round_ns[t->rounds / 2],
	       round_ns[t->rounds - 1]);
	fflush(stdout);
}

static long xen_version(int privcmd, unsigned int cmd, void *arg)
{
	struct privcmd_hypercall call = {
		.op = HYPERVISOR_xen_version,
		.arg = { cmd, (uint64_t)(uintptr_t)arg },
	};

	return ioctl(privcmd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

// What the hypervisor answers where Tessera and Xen may differ: printed, never judged here.
static void print_answers(int privcmd)
{
	struct {
		uint32_t submap_idx;
		uint32_t submap;
	} features = { 0, 0 };
	long version = xen_version(privcmd, XENVER_version, NULL);

	if (version < 0) {
		fail("xen_version(XENVER_version)");
	}
	printf("xenbench: answer XENVER_version %ld.%ld\n", version >> 16, version & 0xffff);
	if (xen_version(privcmd, XENVER_get_features, &features) < 0) {
		printf("xenbench: answer XENVER_get_features(0) errno %d\n", errno);
	} else {
		printf("xenbench: answer XENVER_get_features(0) 0x%" PRIx32 "\n", features.submap);
	}
}

static void bench_hypercall(int privcmd, unsigned long iters)
{
	struct timing t;
	unsigned long i;

	for (i = 0; i < iters / 10; i++) {
		xen_version(privcmd, XENVER_version, NULL);
	}
	timing_start(&t);
	for (i = 0; i < iters; i++) {
		if (xen_version(privcmd, XENVER_version, NULL) < 0) {
			fail("xen_version(XENVER_version)");
		}
		timing_round(&t);
	}
	report("hypercall", &t);
}

static void evtchn_unbind(int evtchn, uint32_t port)
{
	struct evtchn_port unbind = { .port = port };

	if (ioctl(evtchn, IOCTL_EVTCHN_UNBIND, &unbind) < 0) {
		fail("IOCTL_EVTCHN_UNBIND");
	}
}

// A loopback pair: a port left unbound for REMOTE, which only REMOTE itself can then bind to.
// Returns the bound end's port and sets *unbound to the other; -1 if binding was refused.
static int evtchn_pair(int evtchn, uint32_t remote, uint32_t *unbound)
{
	struct evtchn_bind_unbound_port alloc = { .remote_domain = remote };
	struct evtchn_bind_interdomain bind = { .remote_domain = remote };
	int port = ioctl(evtchn, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &alloc);
	int bound;

	if (port < 0) {
		return -1;
	}
	bind.remote_port = (uint32_t)port;
	bound = ioctl(evtchn, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (bound < 0) {
		evtchn_unbind(evtchn, (uint32_t)port);
		return -1;
	}
	*unbound = (uint32_t)port;
	return bound;
}

// Reads and unmasks the events already raised on the device's ports; returns how many. Xen marks
// a port pending when it binds it to an interdomain peer (the peer may have signalled before), so
// a fresh pair may start with an event that no notify made.
static unsigned int evtchn_drain(int evtchn)
{
	struct pollfd ready = { .fd = evtchn, .events = POLLIN };
	unsigned int count = 0;
	uint32_t port;

	while (poll(&ready, 1, DRAIN_WAIT_MS) > 0) {
		if (read(evtchn, &port, sizeof(port)) != (ssize_t)sizeof(port) ||
		    write(evtchn, &port, sizeof(port)) != (ssize_t)sizeof(port)) {
			fail("draining /dev/xen/evtchn");
		}
		count++;
	}
	return count;
}

// The domain's own id without xenstore: binding to a port left unbound for domain D succeeds
// only when D is this domain (it is the port's owner, and the only domain it was left for).
static uint16_t find_own_domid(int evtchn)
{
	uint32_t domid, unbound;
	int bound;

	for (domid = 0; domid < DOMID_PROBE_LIMIT; domid++) {
		bound = evtchn_pair(evtchn, domid, &unbound);
		if (bound >= 0) {
			evtchn_drain(evtchn);
			evtchn_unbind(evtchn, (uint32_t)bound);
			evtchn_unbind(evtchn, unbound);
			return (uint16_t)domid;
		}
	}
	fail_plain("no domain id below 256 let this domain bind to its own port");
	return 0;
}

// Notify one end, read the event at the other and unmask it (the device masks a port when it
// delivers it, until its port number is written back).
static void evtchn_round(int evtchn, uint32_t from, uint32_t to)
{
	struct evtchn_port notify = { .port = from };
	uint32_t got;

	if (ioctl(evtchn, IOCTL_EVTCHN_NOTIFY, &notify) < 0) {
		fail("IOCTL_EVTCHN_NOTIFY");
	}
	if (read(evtchn, &got, sizeof(got)) != (ssize_t)sizeof(got)) {
		fail("reading /dev/xen/evtchn");
	}
	if (got != to) {
		printf("xenbench: FAIL: event on port %" PRIu32 ", not %" PRIu32 "\n", got, to);
		exit(1);
	}
	if (write(evtchn, &got, sizeof(got)) != (ssize_t)sizeof(got)) {
		fail("unmasking a port on /dev/xen/evtchn");
	}
}

static void bench_evtchn(int evtchn, uint16_t domid, unsigned long iters)
{
	uint32_t unbound;
	int bound = evtchn_pair(evtchn, domid, &unbound);
	unsigned long i;
	struct timing t;

	if (bound < 0) {
		fail("binding a loopback event channel pair");
	}
	printf("xenbench: answer events raised by binding a loopback pair %u\n",
	       evtchn_drain(evtchn));
	for (i = 0; i < iters / 10; i++) {
		evtchn_round(evtchn, (uint32_t)bound, unbound);
	}
	timing_start(&t);
	for (i = 0; i < iters; i++) {
		evtchn_round(evtchn, (uint32_t)bound, unbound);
		timing_round(&t);
	}
	report("evtchn", &t);
	evtchn_unbind(evtchn, (uint32_t)bound);
	evtchn_unbind(evtchn, unbound);
}

// A page this domain grants to itself, stamped; returns its grant reference.
static uint32_t grant_own_page(int gntalloc, uint16_t domid)
{
	struct gntalloc_alloc_gref alloc = { .domid = domid,
					     .flags = GNTALLOC_FLAG_WRITABLE,
					     .count = 1 };
	uint64_t stamp = STAMP;
	void *page;

	if (ioctl(gntalloc, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0) {
		fail("IOCTL_GNTALLOC_ALLOC_GREF");
	}
	page = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, gntalloc,
		    (off_t)alloc.index);
	if (page == MAP_FAILED) {
		fail("mapping the granted page on /dev/xen/gntalloc");
	}
	memcpy(page, &stamp, sizeof(stamp));
	return alloc.gref_ids[0];
}

// gntdev maps the grant at mmap and unmaps it at munmap; the ioctls only register and release.
static void grant_round(int gntdev, uint16_t domid, uint32_t ref)
{
	struct gntdev_map_grant_ref map = { .count = 1,
					    .refs = { { .domid = domid, .ref = ref } } };
	struct gntdev_unmap_grant_ref unmap = { .count = 1 };
	uint64_t stamp;
	void *page;

	if (ioctl(gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0) {
		fail("IOCTL_GNTDEV_MAP_GRANT_REF");
	}
	page = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev, (off_t)map.index);
	if (page == MAP_FAILED) {
		fail("mapping the own grant on /dev/xen/gntdev");
	}
	memcpy(&stamp, page, sizeof(stamp));
	if (stamp != STAMP) {
		fail_plain("the mapped grant does not hold the granted page's stamp");
	}
	if (munmap(page, PAGE_BYTES) != 0) {
		fail("munmap of the mapped grant");
	}
	unmap.index = map.index;
	if (ioctl(gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0) {
		fail("IOCTL_GNTDEV_UNMAP_GRANT_REF");
	}
}

static void bench_grant(int gntalloc, int gntdev, uint16_t domid, unsigned long iters)
{
	uint32_t ref = grant_own_page(gntalloc, domid);
	unsigned long i;
	struct timing t;

	for (i = 0; i < iters / 10; i++) {
		grant_round(gntdev, domid, ref);
	}
	timing_start(&t);
	for (i = 0; i < iters; i++) {
		grant_round(gntdev, domid, ref);
		timing_round(&t);
	}
	report("grant", &t);
}

static unsigned long count_arg(const char *arg)
{
	char *end;
	unsigned long value = strtoul(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || value == 0 || value > 100000000ul) {
		fail_plain("counts are whole numbers from 1 to 10^8");
	}
	return value;
}

int main(int argc, char **argv)
{
	unsigned long iters, grant_iters;
	int privcmd, evtchn, gntalloc, gntdev;
	cpu_set_t cpu0;
	uint16_t domid;

	if (argc != 3) {
		fail_plain("usage: xenbench ITERATIONS GRANT_ITERATIONS");
	}
	// Each line as it is made: a boot that stops part way still shows how far it came.
	setvbuf(stdout, NULL, _IOLBF, 0);
	iters = count_arg(argv[1]);
	grant_iters = count_arg(argv[2]);
	if (iters > ROUNDS_MAX || grant_iters > ROUNDS_MAX) {
		fail_plain("at most 100000 timed rounds: each one's time is kept for the median");
	}
	// One vCPU for the caller, so the figures do not depend on where the scheduler puts it.
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) != 0) {
		fail("sched_setaffinity");
	}
	privcmd = open_device("/dev/xen/privcmd");
	evtchn = open_device("/dev/xen/evtchn");
	gntalloc = open_device("/dev/xen/gntalloc");
	gntdev = open_device("/dev/xen/gntdev");
	print_answers(privcmd);
	domid = find_own_domid(evtchn);
	printf("xenbench: domid %u\n", domid);
	bench_hypercall(privcmd, iters);
	bench_evtchn(evtchn, domid, iters);
	bench_grant(gntalloc, gntdev, domid, grant_iters);
	printf("xenbench: done\n");
	return 0;
}
