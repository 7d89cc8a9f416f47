// SPDX-License-Identifier: MIT
/* The PV console front end: the output and input rings of the console page, and stdout. */
#include <abi/console_ring.h>
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <libos/byte_ring.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/intr.h>
#include <libos/loop.h>
#include <libos/memmap.h>
#include <libos/pvconsole.h>
#include <libos/smp.h>
#include <stddef.h>

/*
 * Locking: none. Used from thread context on the boot vCPU only; the port's
 * interrupt handler is the loop's, which only records.
 *
 * The page is Normal memory under the libOS's stage-1 map (libos/memmap.h),
 * and both rings go through the byte-ring helper: the console domain's
 * indexes are read once and checked, ours (out_prod, in_cons) are kept
 * there and only written to the page, never read back.
 */

/** The front end's state. */
struct pvconsole {
	evtchn_port_t port;
	bool up;
	bool stdout_ok;       /* stdout may use the ring; cleared for good when it stalls */
	struct byte_ring out; /* we produce */
	struct byte_ring in;  /* we consume */
};

static struct pvconsole pvc;

/* Tell the console domain the indexes moved; our index stores are seen before the event. */
static void pvconsole_notify(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	(void)evtchn_send(pvc.port);
}

/* Copy up to len bytes into the output ring and publish them. Returns how many, or -XEN_EIO. */
static long pvconsole_put(const uint8_t *bytes, size_t len)
{
	uint32_t n = len < CONSOLE_RING_OUT_SIZE ? (uint32_t)len : CONSOLE_RING_OUT_SIZE;
	long put = byte_ring_write(&pvc.out, bytes, n);

	if (put > 0) {
		pvconsole_notify();
	}
	return put;
}

/* Wait conditions; a broken ring ends the wait too, and the caller finds out. */
static bool pvconsole_has_room(void *unused)
{
	(void)unused;
	return byte_ring_refresh(&pvc.out) != 0;
}

static bool pvconsole_drained(void *unused)
{
	(void)unused;
	return byte_ring_refresh(&pvc.out) < 0 || byte_ring_drained(&pvc.out);
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

long pvconsole_read(void *buf, size_t max)
{
	uint32_t n = max < CONSOLE_RING_IN_SIZE ? (uint32_t)max : CONSOLE_RING_IN_SIZE;
	long got;

	if (!pvc.up) {
		return -XEN_ENODEV;
	}
	got = byte_ring_read(&pvc.in, buf, n);
	if (got > 0) {
		pvconsole_notify();
	}
	return got;
}

bool pvconsole_input_pending(void)
{
	return pvc.up && byte_ring_refresh(&pvc.in) > 0;
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
	return byte_ring_drained(&pvc.out) ? 0 : -XEN_EIO;
}

static void pvconsole_port_event(evtchn_port_t port, void *unused)
{
	/* Nothing to do here: a notification only ends the waits of loop_run_until. */
	(void)port;
	(void)unused;
}

long pvconsole_init(void)
{
	volatile struct console_ring *ring;
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
	if (!memmap_normal(pfn << 12, sizeof(struct console_ring))) {
		return -XEN_EINVAL; /* plain copies need Normal memory */
	}
	ring = (volatile struct console_ring *)(uintptr_t)(pfn << 12);
	pvc.port = (evtchn_port_t)port;
	/* The core hands over a fresh page; take our indexes as they are. */
	byte_ring_producer(&pvc.out, ring->out, CONSOLE_RING_OUT_SIZE, &ring->out_prod,
			   &ring->out_cons, ring->out_prod);
	byte_ring_consumer(&pvc.in, ring->in, CONSOLE_RING_IN_SIZE, &ring->in_prod, &ring->in_cons,
			   ring->in_cons);
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
