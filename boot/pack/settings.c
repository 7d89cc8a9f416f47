/* SPDX-License-Identifier: MIT */
/* tessera-pack: a domain's rights, scheduling, shutdown actions and the domains it names. */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "abi/domain_info.h"
#include "abi/grant_table.h"
#include "pack.h"

/*
 * The core range-checks the boot description but resolves no names: every
 * value of a record is decided here, with a message in the boot config's
 * words when it cannot be.
 */
#define WEIGHT_DEFAULT 256u
#define WEIGHT_MAX 65535u

/* tessera,rights names, in DOMAIN_RIGHT_* bit order (abi/domain_info.h). */
static const struct {
	const char *name;
	uint32_t bit;
} right_names[] = {
	{ "console", DOMAIN_RIGHT_CONSOLE },     { "xenstore", DOMAIN_RIGHT_XENSTORE },
	{ "toolstack", DOMAIN_RIGHT_TOOLSTACK }, { "devemu", DOMAIN_RIGHT_DEVEMU },
	{ "driver", DOMAIN_RIGHT_DRIVER },
};

static uint32_t right_bit(const char *name)
{
	for (size_t i = 0; i < sizeof(right_names) / sizeof(right_names[0]); i++) {
		if (strcmp(name, right_names[i].name) == 0) {
			return right_names[i].bit;
		}
	}
	return 0;
}

static int read_rights(const void *fdt, int node, struct domain *domain)
{
	const char *list;
	int length;

	if (config_string_list(fdt, node, domain->name, "tessera,rights", &list, &length) < 0) {
		return -1;
	}
	for (int i = 0; list && i < length; i += (int)strlen(list + i) + 1) {
		uint32_t bit = right_bit(list + i);

		if (bit == 0) {
			pack_error("domain %s: unknown right '%s' (rights are console, xenstore, "
				   "toolstack, devemu and driver)",
				   domain->name, list + i);
			return -1;
		}
		domain->rights |= bit;
	}
	return 0;
}

/*
 * An optional one-cell property in [min, max]; *value keeps its default when
 * the property is absent.
 */
static int read_ranged(const void *fdt, int node, const struct domain *domain, const char *prop,
		       uint32_t min, uint32_t max, uint32_t *value)
{
	uint64_t number;

	if (!fdt_getprop(fdt, node, prop, NULL)) {
		return 0;
	}
	if (config_number(fdt, node, domain->name, prop, false, &number) < 0) {
		return -1;
	}
	if (number < min || number > max) {
		pack_error("domain %s: %s = %llu, must be %u to %u", domain->name, prop,
			   (unsigned long long)number, min, max);
		return -1;
	}
	*value = (uint32_t)number;
	return 0;
}

/* tessera,cpus-allowed: pCPU indexes a boot description can name; the machine is checked later. */
static int read_affinity(const void *fdt, int node, struct domain *domain)
{
	int length;
	const fdt32_t *cells = fdt_getprop(fdt, node, "tessera,cpus-allowed", &length);

	if (!cells) {
		return 0;
	}
	if (length == 0 || length % 4 != 0) {
		pack_error("domain %s: 'tessera,cpus-allowed' must be one or more cells",
			   domain->name);
		return -1;
	}
	for (int i = 0; i < length / 4; i++) {
		uint32_t cpu = fdt32_to_cpu(cells[i]);

		if (cpu >= BOOT_DESC_CPUS_MAX) {
			pack_error("domain %s: tessera,cpus-allowed names pCPU %u; a boot "
				   "description names pCPUs 0 to %u",
				   domain->name, cpu, BOOT_DESC_CPUS_MAX - 1);
			return -1;
		}
		domain->affinity |= 1u << cpu;
	}
	return 0;
}

static int read_scheduling(const void *fdt, int node, struct domain *domain)
{
	domain->weight = WEIGHT_DEFAULT;
	domain->cap = 0;
	domain->grant_frames = GRANT_FRAMES_DEFAULT;
	if (read_ranged(fdt, node, domain, "tessera,weight", 1, WEIGHT_MAX, &domain->weight) < 0 ||
	    read_ranged(fdt, node, domain, "tessera,cap", 0, 100 * domain->vcpu_count,
			&domain->cap) < 0 ||
	    read_ranged(fdt, node, domain, "tessera,grant-frames", 1, GRANT_FRAMES_MAX,
			&domain->grant_frames) < 0) {
		return -1;
	}
	return read_affinity(fdt, node, domain);
}

/* One of tessera,on-poweroff, -reboot, -crash: "destroy" or "restart", else *action as it is. */
static int read_action(const void *fdt, int node, const struct domain *domain, const char *prop,
		       uint8_t *action)
{
	const char *value;

	if (config_string(fdt, node, domain->name, prop, false, &value) < 0) {
		return -1;
	}
	if (!value) {
		return 0;
	}
	if (strcmp(value, "destroy") == 0) {
		*action = BOOT_DESC_ACTION_DESTROY;
	} else if (strcmp(value, "restart") == 0) {
		*action = BOOT_DESC_ACTION_RESTART;
	} else {
		pack_error("domain %s: %s = \"%s\", must be \"destroy\" or \"restart\"",
			   domain->name, prop, value);
		return -1;
	}
	return 0;
}

/* What each shutdown reason leads to; the defaults are xl's. */
static int read_actions(const void *fdt, int node, struct domain *domain)
{
	domain->on_poweroff = BOOT_DESC_ACTION_DESTROY;
	domain->on_reboot = BOOT_DESC_ACTION_RESTART;
	domain->on_crash = BOOT_DESC_ACTION_DESTROY;
	if (read_action(fdt, node, domain, "tessera,on-poweroff", &domain->on_poweroff) < 0 ||
	    read_action(fdt, node, domain, "tessera,on-reboot", &domain->on_reboot) < 0 ||
	    read_action(fdt, node, domain, "tessera,on-crash", &domain->on_crash) < 0) {
		return -1;
	}
	return 0;
}

/**
 * Read the rights, scheduling, shutdown actions, controller and device model
 * of one domain node (domain->vcpu_count read already). Names of other
 * domains and the affinity's fit to the machine wait for settings_resolve().
 * Returns 0 or -1 after printing why.
 */
int settings_read(const void *fdt, int node, struct domain *domain)
{
	if (read_rights(fdt, node, domain) < 0 || read_scheduling(fdt, node, domain) < 0 ||
	    read_actions(fdt, node, domain) < 0 ||
	    config_string(fdt, node, domain->name, "tessera,controller", false,
			  &domain->controller_name) < 0 ||
	    config_string(fdt, node, domain->name, "tessera,device-model", false,
			  &domain->device_model_name) < 0) {
		return -1;
	}
	return 0;
}

/* CPUs under the machine's /cpus; the core numbers pCPUs in this order. */
static int machine_cpu_count(const void *machine, unsigned int *count)
{
	int cpus = fdt_path_offset(machine, "/cpus");
	int node;

	*count = 0;
	if (cpus >= 0) {
		fdt_for_each_subnode(node, machine, cpus) {
			const char *type = fdt_getprop(machine, node, "device_type", NULL);

			*count += type && strcmp(type, "cpu") == 0;
		}
	}
	if (*count == 0) {
		pack_error("machine DTB: no CPU under /cpus");
		return -1;
	}
	return 0;
}

/* The affinity given, within the machine's CPUs, or by default all of them a mask can name. */
static int resolve_affinity(struct domain *domain, unsigned int cpu_count)
{
	unsigned int usable = cpu_count < BOOT_DESC_CPUS_MAX ? cpu_count : BOOT_DESC_CPUS_MAX;
	uint32_t all = (uint32_t)((1ull << usable) - 1);

	if (domain->affinity == 0) {
		domain->affinity = all;
		return 0;
	}
	if (domain->affinity & ~all) {
		pack_error("domain %s: tessera,cpus-allowed names pCPU %d; the machine has %u "
			   "CPU%s (0 to %u)",
			   domain->name, __builtin_ctz(domain->affinity & ~all), cpu_count,
			   cpu_count == 1 ? "" : "s", cpu_count - 1);
		return -1;
	}
	return 0;
}

/*
 * The domain prop names, another of the set holding right (right_name in
 * messages): *domid becomes its id. Nothing named leaves *domid 0.
 */
static int resolve_named(const struct boot_set *set, const struct domain *domain, const char *prop,
			 const char *name, uint32_t right, const char *right_name, uint16_t *domid)
{
	if (!name) {
		return 0;
	}
	if (strcmp(name, domain->name) == 0) {
		pack_error("domain %s: %s names the domain itself", domain->name, prop);
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *other = &set->domains[i];

		if (strcmp(other->name, name) != 0) {
			continue;
		}
		if (!(other->rights & right)) {
			pack_error("domain %s: %s names domain %s, which does not hold the '%s' "
				   "right",
				   domain->name, prop, name, right_name);
			return -1;
		}
		*domid = (uint16_t)other->domid;
		return 0;
	}
	pack_error("domain %s: %s names '%s', which is no domain of this boot config", domain->name,
		   prop, name);
	return -1;
}

/**
 * Settle what needs the whole set and the machine: each domain's affinity
 * against the machine DTB's CPUs (every CPU by default), and the domids of
 * its controller (which must hold the toolstack right) and device model
 * (devemu). Returns 0 or -1 after printing why.
 */
int settings_resolve(struct boot_set *set, const void *machine)
{
	unsigned int cpu_count;

	if (machine_cpu_count(machine, &cpu_count) < 0) {
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];

		if (resolve_affinity(domain, cpu_count) < 0 ||
		    resolve_named(set, domain, "tessera,controller", domain->controller_name,
				  DOMAIN_RIGHT_TOOLSTACK, "toolstack", &domain->controller) < 0 ||
		    resolve_named(set, domain, "tessera,device-model", domain->device_model_name,
				  DOMAIN_RIGHT_DEVEMU, "devemu", &domain->device_model) < 0) {
			return -1;
		}
	}
	return 0;
}
