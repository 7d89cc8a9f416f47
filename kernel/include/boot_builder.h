/* SPDX-License-Identifier: MIT */
/* The boot builder: the boot-time domains, made through the control verbs. */
#ifndef BOOT_BUILDER_H
#define BOOT_BUILDER_H

#include <boot_desc.h>

/**
 * Make every domain of a checked description, offer each its console and
 * store rings, then unpause them all; afterwards, carry out each one's
 * on_poweroff / on_reboot / on_crash action when it shuts down. If any
 * domain cannot be made, none runs: those made are destroyed and -ENOMEM
 * (or the verb's error) returned after a message.
 */
int boot_builder_start(const struct boot_desc *desc);

#endif
