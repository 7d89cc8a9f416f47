// SPDX-License-Identifier: MIT
/* The PV console front end: the output and input rings of the console page, and stdout. */
#include <abi/console_ring.h>
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/intr.h>
#include <libos/loop.h>
#include <libos/mmio.h>
#include <libos/pvconsole.h>
#include <libos/smp.h>
#include <stddef.h>

/*
 * Locking: none. Used from thread context on the boot vCPU only; the port's
 * interrupt handler is the loop's, which only records.
 *
 * The page lies below 1 GiB, Device memory under the libOS's stage-1 map:
 * single aligned loads and stores only (mmio.h). Our indexes (out_prod,
 * in_cons) are kept here and only written to the page, never read back.
 */

/* The libOS maps guest physical memory up to 4 GiB; a ring beyond could not be reached. */

#define PVCONSOLE_OFF_IN offsetof(struct console_ring, in)
#define PVCONSOLE_OFF_OUT offsetof(struct console_ring, out)
#define PVCONSOLE_OFF_IN_CONS offsetof(struct console_ring, in_cons)
#define PVCONSOLE_OFF_IN_PROD offsetof(struct console_ring, in_prod)
#define PVCONSOLE_OFF_OUT_CONS offsetof(struct console_ring, out_cons)
#define PVCONSOLE_OFF_OUT_PROD offsetof(struct console_ring, out_prod)

/** The front end's state. */
struct pvconsole {
	uintptr_t ring;
	evtchn_port_t port;
	bool up;
	bool stdout_ok; /* stdout may use the ring; cleared for good when it stalls */
	uint32_t out_prod;
	uint32_t in_cons;
};

static struct pvconsole pvc;

/* Orders ring accesses against the console domain, which maps the page as Normal memory. */
static void pvconsole_barrier(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

static uint32_t pvconsole_read32(size_t offset)
{
	return mmio_read32(pvc.ring + offset);
}

static void pvconsole_write32(size_t offset, uint32_t value)
{
	mmio_write32(pvc.ring + offset, value);
}

/* Output bytes the console domain has not taken yet, or more than the ring holds if broken. */
static uint32_t pvconsole_out_used(void)
{
	return pvc.out_prod - pvconsole_read32(PVCONSOLE_OFF_OUT_CONS);
}

/* Copy up to len bytes into the output ring and publish them. Returns how many, or -XEN_EIO. */
static long pvconsole_put(const uint8_t *bytes, size_t len)
{
	uint32_t used = pvconsole_out_used();
	uint32_t n;

	pvconsole_barrier(); /* the console domain read those bytes before it moved out_cons */
	if (used > CONSOLE_RING_OUT_SIZE) {
		return -XEN_EIO;
	}
	n = CONSOLE_RING_OUT_SIZE - used;
	if (len < n) {
		n = (uint32_t)len;
	}
	if (n == 0) {
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		mmio_write8(pvc.ring + PVCONSOLE_OFF_OUT +
				    ((pvc.out_prod + i) & (CONSOLE_RING_OUT_SIZE - 1u)),
			    bytes[i]);
	}
	pvconsole_barrier(); /* the bytes before the index that publishes them */
	pvc.out_prod += n;
	pvconsole_write32(PVCONSOLE_OFF_OUT_PROD, pvc.out_prod);
	pvconsole_barrier();
	(void)evtchn_send(pvc.port);
	return (long)n;
}

/* Wait conditions; a broken ring ends the wait too, and the caller finds out. */
static bool pvconsole_has_room(void *unused)
{
	(void)unused;
	return pvconsole_out_used() != CONSOLE_RING_OUT_SIZE;
}

static bool pvconsole_drained(void *unused)
{
	uint32_t used = pvconsole_out_used();

	(void)unused;
	return used == 0 || used > CONSOLE_RING_OUT_SIZE;
}

long pvconsole_write(const void *buf, size_t len)
{
	const uint8_t *bytes = buf;
	size_t done = 0;

	if (!pvc.up) {
		return -XEN_ENODEV;
	}
	while (done < len) {
		long n = pvconsole_put(bytes + done, len - done);

		if (n < 0) {
			return done != 0 ? (long)done : n;
		}
		done += (size_t)n;
		if (done < len &&
		    !loop_run_until(pvconsole_has_room, NULL,
				    loop_deadline_ns(PVCONSOLE_STALL_MS * 1000000ull))) {
			return done != 0 ? (long)done : -XEN_EAGAIN;
		}
	}
	return (long)len;
}

/* Input bytes waiting; more than the ring holds means the ring is broken. */
static uint32_t pvconsole_in_avail(void)
{
	uint32_t avail = pvconsole_read32(PVCONSOLE_OFF_IN_PROD) - pvc.in_cons;

	pvconsole_barrier(); /* the bytes are read after the index that published them */
	return avail;
}

long pvconsole_read(void *buf, size_t max)
{
	uint8_t *bytes = buf;
	uint32_t n;

	if (!pvc.up) {
		return -XEN_ENODEV;
	}
	n = pvconsole_in_avail();
	if (n > CONSOLE_RING_IN_SIZE) {
		return -XEN_EIO;
	}
	if (max < n) {
		n = (uint32_t)max;
	}
	for (uint32_t i = 0; i < n; i++) {
		bytes[i] = mmio_read8(pvc.ring + PVCONSOLE_OFF_IN +
				      ((pvc.in_cons + i) & (CONSOLE_RING_IN_SIZE - 1u)));
	}
	if (n != 0) {
		pvconsole_barrier(); /* done reading before the console domain may reuse the space
				      */
		pvc.in_cons += n;
		pvconsole_write32(PVCONSOLE_OFF_IN_CONS, pvc.in_cons);
		pvconsole_barrier();
		(void)evtchn_send(pvc.port);
	}
	return (long)n;
}

bool pvconsole_input_pending(void)
{
	uint32_t avail;

	if (!pvc.up) {
		return false;
	}
	avail = pvconsole_in_avail();
	return avail != 0 && avail <= CONSOLE_RING_IN_SIZE;
}

static bool pvconsole_input_cond(void *unused)
{
	(void)unused;
	return pvconsole_input_pending();
}

bool pvconsole_wait_input(uint64_t deadline)
{
	if (!pvc.up) {
		return false;
	}
	return loop_run_until(pvconsole_input_cond, NULL, deadline);
}

long pvconsole_flush(uint64_t deadline)
{
	if (!pvc.up) {
		return -XEN_ENODEV;
	}
	if (!loop_run_until(pvconsole_drained, NULL, deadline)) {
		return -XEN_EAGAIN;
	}
	return pvconsole_out_used() == 0 ? 0 : -XEN_EIO;
}

static void pvconsole_port_event(evtchn_port_t port, void *unused)
{
	/* Nothing to do here: a notification only ends the waits of loop_run_until. */
	(void)port;
	(void)unused;
}

long pvconsole_init(void)
{
	uint64_t pfn;
	uint64_t port;
	long rc;

	if (pvc.up) {
		return 0;
	}
	rc = hvm_param_ring(HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN, &pfn, &port);
	if (rc != 0) {
		return rc;
	}
	pvc.ring = (uintptr_t)(pfn << 12);
	pvc.port = (evtchn_port_t)port;
	/* The core hands over a fresh page; take its indexes as they are. */
	pvc.out_prod = pvconsole_read32(PVCONSOLE_OFF_OUT_PROD);
	pvc.in_cons = pvconsole_read32(PVCONSOLE_OFF_IN_CONS);
	rc = loop_port_add(pvc.port, pvconsole_port_event, NULL);
	if (rc != 0) {
		return rc;
	}
	pvc.stdout_ok = true;
	pvc.up = true;
	return 0;
}

bool pvconsole_ready(void)
{
	return pvc.up;
}

/* Where stdout may use the ring: thread context on the boot vCPU, which may sleep. */
static bool pvconsole_stdout_usable(void)
{
	return pvc.up && pvc.stdout_ok && intr_enabled() && smp_cpu_id() == 0;
}

size_t pvconsole_stdout_write(const char *buf, size_t len)
{
	long n;

	if (!pvconsole_stdout_usable()) {
		return 0;
	}
	n = pvconsole_write(buf, len);
	if (n < 0) {
		pvc.stdout_ok = false;
		return 0;
	}
	/* Taken before returning, so that a shutdown right after loses nothing. */
	if ((size_t)n < len ||
	    pvconsole_flush(loop_deadline_ns(PVCONSOLE_STALL_MS * 1000000ull)) != 0) {
		pvc.stdout_ok = false;
	}
	return (size_t)n;
}
