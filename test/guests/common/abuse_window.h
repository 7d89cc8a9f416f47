/* SPDX-License-Identifier: MIT */
/*
 * The window in which a hostile test guest abuses a back end while a Linux
 * guest beside it does honest work on the same back end. With bootarg
 * "witness=D" (the Linux guest's domain id) the window is agreed through the
 * store, so that the abuses surround Linux's work however fast or slow the
 * host runs: the node data/abuse in the hostile guest's home reads "on" while
 * the abuses go on (Linux waits for it before its work: test/linux/init,
 * tessera.abuser=), and D, which may read and write that node, writes "done"
 * there once its work is over. Without a witness the window is just the
 * bootarg's number of rounds.
 */
#ifndef TEST_GUESTS_ABUSE_WINDOW_H
#define TEST_GUESTS_ABUSE_WINDOW_H

#include <stdbool.h>

/** Rounds past which a witness that never says "done" fails the test. */
#define ABUSE_ROUNDS_MAX 1000ul

/**
 * Read bootargs rounds=N (at least N rounds; default 1) and witness=D, and
 * with a witness, open the window: data/abuse = "on", readable and writable
 * by D. Reports what failed through CHECK; call it from a test case.
 */
bool abuse_window_open(void);

/**
 * Whether round (counted from 1) is to run: every round up to rounds=, then
 * as long as the witness has not written "done", with a pause before each
 * of those. Past ABUSE_ROUNDS_MAX
 * rounds it fails the test (a CHECK) and answers false.
 */
bool abuse_window_goes_on(unsigned long round);

/** The rounds= bootarg, for the round lines the tests print. */
unsigned long abuse_window_rounds(void);

#endif
