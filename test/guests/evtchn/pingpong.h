/* SPDX-License-Identifier: MIT */
/* What the ping and pong domains agree on without xenstore. */
#ifndef TEST_GUESTS_EVTCHN_PINGPONG_H
#define TEST_GUESTS_EVTCHN_PINGPONG_H

/*
 * The protocol: ping offers PINGPONG_PORT (the first port of a fresh
 * domain) to pong; pong binds it (retrying until offered), takes whatever
 * the binding itself left pending, then sends one "ready" event. From then
 * on every event ping sends is answered by exactly one from pong, and ping
 * sends the next only after the answer came, so no two events can merge in
 * one pending bit and both sides count exactly. Ping closes its end last;
 * pong sees its port offered back to ping.
 */
#define PINGPONG_PING_DOMID 1
#define PINGPONG_PONG_DOMID 2
#define PINGPONG_PORT 1u
#define PINGPONG_ROUNDS 10000u
/* How long either side waits for the other to appear, and for one answer. */
#define PINGPONG_CONNECT_SECONDS 60u
#define PINGPONG_ROUND_SECONDS 5u
/* How long to watch for events that should not come. */
#define PINGPONG_QUIET_MS 200u

#endif
