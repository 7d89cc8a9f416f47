/* SPDX-License-Identifier: MIT */
/* Rights per target: the one check every call that reaches past its caller goes through. */
#ifndef RIGHTS_H
#define RIGHTS_H

#include <domain.h>

/**
 * May caller use right (one RIGHT_* bit) over target? Default deny: the
 * caller must hold the right, and stand in the right's relation to target:
 *
 *   RIGHT_CONSOLE    service of:      target's console ring was offered to it
 *   RIGHT_XENSTORE   service of:      target's store ring was offered to it
 *   RIGHT_TOOLSTACK  controller of:   it created target, or was given it at boot
 *   RIGHT_DEVEMU     device model of: named target's device model
 *   RIGHT_DRIVER     backend for:     serves one of target's devices
 *
 * target NULL asks about the machine itself (the serial line, the domain
 * list): holding the right is enough. No right reaches a domain through
 * itself: a domain acting on itself needs none, and its caller says so.
 */
bool may(const struct domain *caller, uint32_t right, const struct domain *target);

#endif
