/* SPDX-License-Identifier: MIT */
/* A domain's xenstore home: which nodes are its own and which its controller's (libxl's layout). */
#ifndef ABI_XS_HOME_H
#define ABI_XS_HOME_H

/*
 * /local/domain/<domid> as libxl lays it out (libxl__domain_make,
 * libxl__build_post), and as the xenstore domain (for the domains it
 * introduces itself) and the toolstack (for the domains it makes) both
 * write it. The home and what the controller decides (name, domid, vm,
 * memory/target, memory/static-max, cpu/<i>/availability) are owned by the
 * controller, or by the xenstore domain when there is none, and only
 * readable by the domain, so a guest can neither rename itself nor set its
 * own balloon target. The subtrees where a guest reports to others are its
 * own, with no access for anyone else. Paths are relative to the home.
 */

/* Owned by the domain, no access for others. */
#define XS_HOME_GUEST_NODES                                                                      \
	"data", "drivers", "feature", "attr", "error", "control/shutdown",                       \
		"control/feature-poweroff", "control/feature-reboot", "control/feature-suspend", \
		"control/sysrq", "device/suspend/event-channel"

/* Directories of the controller's that the domain reads. */
#define XS_HOME_CONTROLLER_DIRS "cpu", "memory", "device", "control"

#endif
