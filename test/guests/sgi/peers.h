/* SPDX-License-Identifier: MIT */
/* The vCPUs of the SGI tests: who sends what to whom, and how many each vCPU received. */
#ifndef TEST_GUESTS_SGI_PEERS_H
#define TEST_GUESTS_SGI_PEERS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * SGI numbers and what a vCPU does when it takes one. vCPU 0 runs the tests;
 * the others only answer. No SGI is sent to a vCPU again before the previous
 * one of the same number was counted there, so counts are exact (two
 * pending SGIs of one number on one vCPU would merge into one).
 */
/* Only ever sent to targets that do not exist. */
#define SGI_NOWHERE 0
/* vCPU 0 -> k by target list; k answers SGI_PONG to vCPU 0. */
#define SGI_PING 1
#define SGI_PONG 2
/* vCPU 0 -> all others (IRM); each answers SGI_ACK(its id). */
#define SGI_BROADCAST 3
/* vCPU 0 -> k; k sends SGI_PEER_BROADCAST to all others (IRM). */
#define SGI_ASK 4
/* k -> all others: vCPU 0 counts it, every other j answers SGI_ACK(j). */
#define SGI_PEER_BROADCAST 5
/* vCPU 0 -> several at once (one target list); each but vCPU 0 answers SGI_ACK. */
#define SGI_MULTICAST 6
/* vCPU 0 -> itself. */
#define SGI_SELF 7
/* vCPU j's answer to vCPU 0, j = 1..7. */
#define SGI_ACK(vcpu) (8u + (vcpu))

/** Rounds of each exchange. */
#define SGI_ROUNDS 1000

/**
 * Install the handlers and start every other vCPU of the domain (once);
 * true when all of them are up with their SGIs enabled.
 */
bool sgi_peers_start(void);

/** The number of vCPUs of the domain (valid after sgi_peers_start). */
unsigned int sgi_peers_count(void);

/** How many SGIs numbered intid vCPU vcpu has taken. */
uint64_t sgi_received(unsigned int vcpu, unsigned int intid);

/** Wait (WFI, at most 5 s) until vCPU 0 has taken `count` SGIs numbered intid. */
bool sgi_wait_own(unsigned int intid, uint64_t count);

#endif
