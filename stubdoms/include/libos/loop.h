/* SPDX-License-Identifier: MIT */
/* An event loop for service domains: port callbacks and timers, run in thread context. */
#ifndef LIBOS_LOOP_H
#define LIBOS_LOOP_H

#include <abi/event_channel.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The loop lives on the boot vCPU. Interrupt handlers only record: a port's
 * event channel handler marks the port pending, a device driver's handler
 * marks its loop source pending (loop_source_raise), the timer interrupt
 * notes that time has passed. Callbacks run later, in thread context, from
 * loop_run, loop_run_once or loop_serve_until, so they may use newlib and
 * make synchronous requests (xenbus.h). Callbacks never nest: while one
 * runs, the loop only records.
 *
 * The loop owns the calling vCPU's one-shot virtual timer (timer.h): it
 * programs it before every sleep. Do not use timer_* or wait.h's
 * wait_event_until / wait_sleep_until for other work while loop timers are
 * armed (they reprogram or stop it); use loop timers and loop_run_until.
 *
 * Library code that must wait for a peer (a xenstore reply, room in the
 * console ring) calls loop_run_until: it sleeps until its condition holds,
 * and everything that happens meanwhile is recorded, not lost, and
 * dispatched when the loop next runs.
 *
 * Preconditions: gic_init, timer_init and evtchn_init done and IRQs
 * unmasked on the boot vCPU. Elsewhere (another vCPU, IRQs masked) the
 * waits poll with SCHEDOP_yield instead of sleeping, and nothing is
 * dispatched.
 *
 * Locking: none; the loop's state is the boot vCPU's, shared with its own
 * interrupt handlers through atomics only.
 */

/** Deadline of a wait without one. */
#define LOOP_FOREVER UINT64_MAX

/** Called in thread context after port fired (once for any number of events meanwhile). */
typedef void (*loop_port_fn)(evtchn_port_t port, void *arg);

struct loop_timer;

/** Called in thread context when timer's deadline has passed. */
typedef void (*loop_timer_fn)(struct loop_timer *timer, void *arg);

/** A wake-up condition for the waits below; called in thread context, IRQs unmasked. */
typedef bool (*loop_cond_fn)(void *arg);

/**
 * A timer, owned and placed by the caller (static or in a long-lived
 * struct); the fields are the loop's. It must stay in place while armed.
 */
struct loop_timer {
	loop_timer_fn fn;
	void *arg;
	uint64_t deadline; /* counter ticks */
	uint64_t period;   /* ticks; 0: one-shot */
	uint64_t round;    /* the dispatch round it last ran in */
	bool armed;
	struct loop_timer *next; /* armed timers, unordered */
};

/**
 * Have fn called (in thread context) whenever port fires. The port must be
 * this domain's and open (bound, or unbound awaiting a peer); its
 * notifications are moved to vCPU 0 and it is unmasked. The loop's table
 * of ports grows from the heap as needed (32 ports at a time; the first 32
 * cost no heap). Returns 0, -XEN_EEXIST if the port is already the loop's,
 * -XEN_ENOMEM when the heap has no room for more ports, -XEN_EINVAL for a
 * NULL fn, or the error of evtchn_bind_vcpu.
 */
long loop_port_add(evtchn_port_t port, loop_port_fn fn, void *arg);

/** Stop watching port (its event channel handler removed; the port stays open). */
long loop_port_remove(evtchn_port_t port);

/** Mark port pending from thread context, so its callback runs at the next dispatch. */
void loop_port_raise(evtchn_port_t port);

struct loop_source;

/** Called in thread context after source was raised (once for any number of raises meanwhile). */
typedef void (*loop_source_fn)(struct loop_source *source, void *arg);

/**
 * Work an interrupt handler hands to thread context, dispatched like a
 * port: a device driver's IRQ handler calls loop_source_raise, and the loop
 * runs fn at its next dispatch. Owned and placed by the caller (static or
 * in a long-lived struct); the fields are the loop's. It must stay in place
 * while added.
 */
struct loop_source {
	loop_source_fn fn;
	void *arg;
	uint32_t pending; /* set by loop_source_raise (IRQ context too), taken by the dispatcher */
	bool added;
	uint64_t round;           /* the dispatch round it last ran in */
	struct loop_source *next; /* added sources */
};

/** Prepare source (not added, not pending) to call fn(source, arg). */
void loop_source_init(struct loop_source *source, loop_source_fn fn, void *arg);

/** Have the loop dispatch source (thread context). A raise before this runs it then. */
void loop_source_add(struct loop_source *source);

/** Stop dispatching source (thread context); it may then be reused or freed. */
void loop_source_remove(struct loop_source *source);

/**
 * Mark source pending, so its callback runs at the next dispatch. Safe in
 * IRQ context: it only sets a flag and counts a wake-up with atomics. A
 * sleeping loop wakes at the interrupt that ran the raise, so raise from an
 * interrupt the boot vCPU takes (route a device's SPI to vCPU 0) or from
 * thread context on the boot vCPU.
 */
void loop_source_raise(struct loop_source *source);

/** Prepare timer (unarmed) to call fn(timer, arg). */
void loop_timer_init(struct loop_timer *timer, loop_timer_fn fn, void *arg);

/**
 * Arm timer for the counter value deadline; period 0 makes it one-shot,
 * otherwise it then fires every period ticks (a late loop skips the
 * periods it missed rather than running the callback several times).
 * Re-arming an armed timer moves it.
 */
void loop_timer_at(struct loop_timer *timer, uint64_t deadline, uint64_t period);

/** loop_timer_at, in nanoseconds from now (period_ns 0: one-shot). */
void loop_timer_after_ns(struct loop_timer *timer, uint64_t delay_ns, uint64_t period_ns);

/** Disarm timer; it may then be reused or freed. */
void loop_timer_stop(struct loop_timer *timer);

/** Whether timer is armed. */
bool loop_timer_armed(const struct loop_timer *timer);

/**
 * One round: run the callbacks of what is pending; if nothing was, sleep
 * until something is or the counter reaches deadline, and run that.
 * Returns how many callbacks ran, -XEN_EBUSY from inside a callback, or
 * -XEN_EPERM on a vCPU other than the boot vCPU.
 */
long loop_run_once(uint64_t deadline);

/** Run callbacks forever (loop_run_once with no deadline, over and over). */
void loop_run(void) __attribute__((noreturn));

/**
 * Run callbacks until cond(arg) holds (checked between callbacks and at
 * least every 10 ms) or the counter reaches deadline. Returns 1 if cond
 * held, 0 at the deadline, -XEN_EBUSY from inside a callback, -XEN_EPERM
 * on another vCPU.
 */
long loop_serve_until(loop_cond_fn cond, void *arg, uint64_t deadline);

/**
 * Sleep until cond(arg) holds or the counter reaches deadline, running no
 * callback: events and timers meanwhile are recorded for the next
 * dispatch. cond is checked after every interrupt and at least every
 * 10 ms. Usable anywhere in thread context, in callbacks too. Returns
 * whether cond held.
 */
bool loop_run_until(loop_cond_fn cond, void *arg, uint64_t deadline);

/** A deadline ns nanoseconds from now (saturating at LOOP_FOREVER). */
uint64_t loop_deadline_ns(uint64_t ns);

#endif
