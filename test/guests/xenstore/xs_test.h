/* SPDX-License-Identifier: MIT */
/* Shared by the xenstore test guests: connecting, who we are, waiting for watch callbacks. */
#ifndef TEST_GUESTS_XS_TEST_H
#define TEST_GUESTS_XS_TEST_H

#include <abi/hypercall.h>
#include <abi/xen.h>
#include <libos/loop.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The store domain may come up after the guest: the first request is given
 * XS_TEST_CONNECT_SECONDS, later ones XS_TEST_TIMEOUT_MS each. Test nodes
 * live in the domain's home, named by relative paths, so most cases work
 * without knowing the domain id; those that need it read "domid=N" from
 * the bootargs (or the home's "domid" node if the store wrote one).
 */
#define XS_TEST_CONNECT_SECONDS 30u
#define XS_TEST_TIMEOUT_MS 10000u

/**
 * Events, GIC and timer (xen_test_events_up), xenbus_init, then one request
 * answered by the store; once (later calls return the first verdict).
 * Reports what failed through CHECK, so call it from a test case.
 */
bool xs_test_up(void);

/** The unsigned decimal after "key=" in the bootargs, or fallback. */
unsigned long xs_test_bootarg(const char *key, unsigned long fallback);

/** This domain's id: bootargs "domid=N", else the home's "domid" node; DOMID_INVALID if neither. */
domid_t xs_test_self(void);

/** "/local/domain/<domid>" into buf. */
void xs_test_home_of(domid_t domid, char *buf, size_t size);

/** Run the loop's callbacks until cond(arg) or ms milliseconds passed; whether cond held. */
bool xs_test_serve(loop_cond_fn cond, void *arg, unsigned int ms);

/** Run the loop's callbacks for ms milliseconds. */
void xs_test_serve_for(unsigned int ms);

#endif
