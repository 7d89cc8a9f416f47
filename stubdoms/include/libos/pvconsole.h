/* SPDX-License-Identifier: MIT */
/* The PV console front end: output and input through the console ring (abi/console_ring.h). */
#ifndef LIBOS_PVCONSOLE_H
#define LIBOS_PVCONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Set-up: the loop's preconditions (loop.h), then pvconsole_init. From then
 * on newlib's stdout and stderr go through the PV console when written in
 * thread context on the boot vCPU with IRQs unmasked; anything else (IRQ
 * handlers, exception reports, other vCPUs, IRQs masked) keeps using
 * console_write (console.h), which works everywhere. Each stdout write
 * waits until the console domain has taken it, so nothing is left in the
 * ring when the domain powers off. A console domain that stops taking
 * output for PVCONSOLE_STALL_MS makes stdout fall back to console_write
 * for good.
 *
 * The console domain is not trusted: its indexes are checked against the
 * ring sizes (-XEN_EIO when out of range) and input is copied out of the
 * ring before the caller sees it.
 *
 * Functions are for thread context on the boot vCPU (they may sleep in
 * loop_run_until), one caller at a time. Errors are -XEN_E*: -XEN_ENODEV
 * before pvconsole_init succeeded.
 */

/** How long output may wait for room in the ring before giving up. */
#define PVCONSOLE_STALL_MS 2000u

/**
 * Connect to the ring the HVM params name (HVM_PARAM_CONSOLE_PFN,
 * HVM_PARAM_CONSOLE_EVTCHN) and register its port with the loop. Returns 0;
 * -XEN_ENODEV when the domain has no PV console (either param 0);
 * -XEN_EINVAL for a ring page outside the Normal memory of the stage-1 map
 * (libos/memmap.h); the error of hvm_param_get or loop_port_add. A second
 * call after success returns 0.
 */
long pvconsole_init(void);

/** Whether pvconsole_init succeeded. */
bool pvconsole_ready(void);

/**
 * Write len bytes, waiting for room as needed, notifying the console
 * domain after each piece. Returns len; the bytes written before the ring
 * stayed full for PVCONSOLE_STALL_MS if some were; otherwise -XEN_EAGAIN,
 * or -XEN_EIO for a broken ring.
 */
long pvconsole_write(const void *buf, size_t len);

/**
 * Take up to max bytes of input without waiting; notifies the console
 * domain when it took some. Returns how many (0: none), or -XEN_EIO.
 */
long pvconsole_read(void *buf, size_t max);

/** Whether input is waiting (false also for a broken ring). */
bool pvconsole_input_pending(void);

/**
 * Sleep (loop_run_until) until input is waiting or the counter reaches
 * deadline (loop.h's LOOP_FOREVER: no deadline). Returns whether input is
 * waiting.
 */
bool pvconsole_wait_input(uint64_t deadline);

/** Wait until the console domain has taken all output, or deadline. 0, -XEN_EAGAIN, -XEN_EIO. */
long pvconsole_flush(uint64_t deadline);

/**
 * newlib's _write: pass len bytes to the PV console when it may be used
 * from here (see above) and wait until they are taken. Returns how many
 * bytes it took care of; the caller writes the rest with console_write.
 */
size_t pvconsole_stdout_write(const char *buf, size_t len);

#endif
