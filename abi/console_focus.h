/* SPDX-License-Identifier: MIT */
/* The request a toolstack writes on its PV console to give the serial input to another domain. */
#ifndef ABI_CONSOLE_FOCUS_H
#define ABI_CONSOLE_FOCUS_H

/*
 * The console domain passes the output of the domain holding the serial
 * input to the terminal as it is, escape sequences included, and filters
 * everyone else's. `xl console DOM` needs the input moved to DOM, so the
 * toolstack asks in its own console output (abi/console_ring.h), in order
 * with what it printed before, with an APC string (ECMA-48 "application
 * program command", which terminals do not act on):
 *
 *     ESC _ t e s s e r a : f o c u s : <domid> ESC \
 *
 * <domid> is 1 to 5 decimal digits, no sign, no leading zero (except "0"
 * itself), below DOMID_FIRST_RESERVED (abi/hypercall.h); nothing else may
 * stand between the prefix and the terminator, which is ST (ESC \) only.
 *
 * The console domain honours it only from a domain that holds
 * DOMAIN_RIGHT_TOOLSTACK (abi/domain_info.h) and holds the input at that
 * moment, so a user typing `xl console DOM` at the toolstack's prompt is
 * the only way it takes effect. It never reaches the terminal. The answer
 * is a line of the console domain's own on the serial line:
 *
 *     [console: input to d<domid> (<name>)]       the input moved
 *     [console: no console d<domid>; input stays with d<N> (<name>)]
 *                                                 no such domain, or its
 *                                                 console broke its ring
 *     [console: d<N> (<name>) may not move the input; ignored]
 *                                                 the writer lacks the right
 *     [console: d<N> (<name>) sent a bad focus request; ignored]
 *                                                 the digits are not a domid
 *
 * From a domain that does not hold the input the string is filtered like
 * any other control byte (ESC shows as '?').
 */
#define CONSOLE_FOCUS_PREFIX "\033_tessera:focus:"
#define CONSOLE_FOCUS_END "\033\\"
#define CONSOLE_FOCUS_DIGITS_MAX 5u

/* The longest request: prefix, digits, terminator (no NUL is written). */
#define CONSOLE_FOCUS_MAX (sizeof(CONSOLE_FOCUS_PREFIX) - 1u + CONSOLE_FOCUS_DIGITS_MAX + 2u)
_Static_assert(CONSOLE_FOCUS_MAX == 23u, "console focus request length");

#endif
