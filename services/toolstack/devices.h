/* SPDX-License-Identifier: MIT */
/* PV device entries: the frontend and backend directories of a domain's disks and vifs. */
#ifndef TOOLSTACK_DEVICES_H
#define TOOLSTACK_DEVICES_H

#include <stdbool.h>
#include <stdio.h>

#include "platform.h"
#include "xl_disk.h"
#include "xl_vif.h"

/*
 * As libxl writes them: for domain D's device DEVID served by back end B,
 *   /local/domain/D/device/KIND/DEVID            the frontend's: D's own, B reads it
 *   /local/domain/B/backend/KIND/D/DEVID         the backend's: B's own, D reads it
 * each naming the other (backend, backend-id; frontend, frontend-id) and
 * starting in state 1 (XenbusStateInitialising); KIND is vbd or vif. The
 * back end is the domain backend= names, or else the lowest domain holding
 * the driver right.
 */

/** Write disk's entries for domid. Returns 0, or -1 after saying on err what is wrong. */
int devices_add_disk(const struct platform *pf, uint16_t domid, const struct xl_disk *disk,
		     FILE *err);

/** Write vif's entries for domid. Returns 0, or -1 after saying on err what is wrong. */
int devices_add_vif(const struct platform *pf, uint16_t domid, const struct xl_vif *vif, FILE *err);

/* How long a detach waits for a back end to close a device (libxl's device removal timeout),
 * and how often it looks. */
#define DEVICES_REMOVE_WAIT_MS 10000u
#define DEVICES_REMOVE_POLL_MS 50u

/**
 * Take one device down in xenbus order: the backend told offline and its
 * state set to Closing; then, if wait is set and a back end has taken the
 * device (its state moved past Initialising), up to DEVICES_REMOVE_WAIT_MS
 * for the back end to reach Closed (the frontend closes, the back end
 * follows), polling the store while the toolstack's loop runs; else, or when
 * the wait runs out (said on err), the state is set to Closed here. Then both
 * directories are removed. kind is "vbd" or "vif"; err may be NULL when wait
 * is not set. Returns 0, or -1 if domid has no such device.
 */
int devices_remove(const struct platform *pf, uint16_t domid, const char *kind, uint32_t devid,
		   bool wait, FILE *err);

/** Take down every device of domid at once, without waiting (it is being destroyed). */
void devices_remove_all(const struct platform *pf, uint16_t domid);

#endif
