/* SPDX-License-Identifier: MIT */
/* PV device entries: the frontend and backend directories of a domain's disks and vifs. */
#ifndef TOOLSTACK_DEVICES_H
#define TOOLSTACK_DEVICES_H

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

/**
 * Take one device down in xenbus order: the backend told offline, its state
 * Closing then Closed, then both directories removed. kind is "vbd" or "vif".
 * Returns 0, or -1 if domid has no such device.
 */
int devices_remove(const struct platform *pf, uint16_t domid, const char *kind, uint32_t devid);

/** Take down every device of domid (before it is destroyed). */
void devices_remove_all(const struct platform *pf, uint16_t domid);

#endif
