// SPDX-License-Identifier: MIT
/*
 * may(): rights over targets (DESIGN "Privilege: no dom0"). A right is held
 * at all (struct domain.rights, from the boot description or a controller)
 * and reaches a target only through a relation the target records: who
 * serves its console and store, who controls it, who is its device model,
 * which driver domains serve it. The relations are set when the target is
 * made or offered to a service and never name a domain that lacked the right.
 */
#include <rights.h>

static bool is_backend(const struct domain *caller, const struct domain *target)
{
	for (unsigned int i = 0; i < DOMAIN_BACKENDS_MAX; i++) {
		if (target->backends[i] == caller->domid) {
			return true;
		}
	}
	return false;
}

/* Does target name caller in the relation this right works through? */
static bool related(const struct domain *caller, uint32_t right, const struct domain *target)
{
	switch (right) {
	case RIGHT_CONSOLE:
		return target->console_service == caller->domid;
	case RIGHT_XENSTORE:
		return target->store_service == caller->domid;
	case RIGHT_TOOLSTACK:
		return target->controller == caller->domid;
	case RIGHT_DEVEMU:
		return target->device_model == caller->domid;
	case RIGHT_DRIVER:
		return is_backend(caller, target);
	default:
		return false;
	}
}

bool may(const struct domain *caller, uint32_t right, const struct domain *target)
{
	if (!caller || !right || (right & (right - 1)) || !(right & RIGHTS_ALL) ||
	    !(caller->rights & right)) {
		return false;
	}
	if (!target) {
		return true;
	}
	if (target == caller || target->domid == caller->domid) {
		return false;
	}
	return related(caller, right, target);
}
