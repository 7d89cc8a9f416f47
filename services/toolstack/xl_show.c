// SPDX-License-Identifier: MIT
/* The xl commands that only look: list, vcpu-list, info, domid, domname (xl.h). */
#include <abi/vcpu.h>
#include <stdlib.h>
#include <string.h>

#include "created.h"
#include "domains.h"
#include "xl.h"

/*
 * row for every domain when the command names none, else for each it names,
 * in its order; 1 if one of them is not there (after saying so), else 0.
 */
static int each_named(struct shell_call *c, bool (*row)(const struct domain_info *, void *),
		      void *arg)
{
	struct domain_info info;
	int status = 0;

	if (c->argc == 1) {
		domain_each(c->pf, row, arg);
		return 0;
	}
	for (int i = 1; i < c->argc; i++) {
		if (domain_find(c->pf, c->argv[i], &info, c->err)) {
			(void)row(&info, arg);
		} else {
			status = 1;
		}
	}
	return status;
}

static void list_header(FILE *out)
{
	fprintf(out,
		"Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
}

static bool list_row(const struct domain_info *info, void *arg)
{
	char state[7];

	domain_state_letters(info, state);
	fprintf(arg, "%-40s %5u %5lu %5u     %s %9.1f\n", info->name, info->domid,
		domain_mem_mib(info), info->vcpus_online, state, (double)info->cpu_time_ns / 1e9);
	return true;
}

int xl_list(struct shell_call *c)
{
	if (c->argc > 1 && strcmp(c->argv[1], "-l") == 0) {
		return xl_list_long(c, 2);
	}
	list_header(c->out);
	return each_named(c, list_row, c->out);
}

/* xl's vCPU state: r(unning), b(locked), p(aused: offline); a waiting vCPU is "---". */
static const char *const runstate_names[] = {
	[RUNSTATE_running] = "r--",
	[RUNSTATE_runnable] = "---",
	[RUNSTATE_blocked] = "-b-",
	[RUNSTATE_offline] = "--p",
};

/* "0-1" style list of the pCPUs in mask, or "all" when it holds every one of nr_cpus. */
static void cpu_list(uint32_t mask, unsigned int nr_cpus, char *buf, size_t size)
{
	size_t used = 0;

	if (nr_cpus > 0 && nr_cpus <= 32 &&
	    (mask & ((nr_cpus == 32 ? 0 : 1u << nr_cpus) - 1)) ==
		    ((nr_cpus == 32 ? 0 : 1u << nr_cpus) - 1)) {
		snprintf(buf, size, "all");
		return;
	}
	buf[0] = '\0';
	for (unsigned int i = 0; i < 32 && used < size; i++) {
		unsigned int j = i;

		if (!(mask & (1u << i))) {
			continue;
		}
		while (j + 1 < 32 && (mask & (1u << (j + 1)))) {
			j++;
		}
		used += (size_t)snprintf(buf + used, size - used, j > i ? "%s%u-%u" : "%s%u",
					 used ? "," : "", i, j);
		i = j;
	}
}

struct vcpu_list {
	FILE *out;
	unsigned int nr_cpus;
};

static bool vcpu_rows(const struct domain_info *info, void *arg)
{
	struct vcpu_list *l = arg;
	char cpus[64], cpu[8];

	for (unsigned int v = 0; v < info->vcpu_count && v < DOMAIN_INFO_VCPUS; v++) {
		int32_t s = info->vcpu_state[v];

		cpu_list(info->vcpu_affinity[v], l->nr_cpus, cpus, sizeof(cpus));
		if (s == RUNSTATE_offline) {
			strcpy(cpu, "-");
		} else {
			snprintf(cpu, sizeof(cpu), "%u", info->vcpu_pcpu[v]);
		}
		fprintf(l->out, "%-32s %5u %5u %5s   %-3s %9.1f  %s / all\n", info->name,
			info->domid, v, cpu,
			s >= 0 && s <= RUNSTATE_offline ? runstate_names[s] : "---",
			(double)info->vcpu_time_ns[v] / 1e9, cpus);
	}
	return true;
}

int xl_vcpu_list(struct shell_call *c)
{
	struct domctl_physinfo phys = { .nr_cpus = 0 };
	struct vcpu_list l = { c->out, 0 };

	(void)c->pf->physinfo(&phys);
	l.nr_cpus = phys.nr_cpus;
	fprintf(c->out, "Name                                ID  VCPU   CPU State   Time(s) "
			"Affinity (Hard / Soft)\n");
	return each_named(c, vcpu_rows, &l);
}

int xl_info(struct shell_call *c)
{
	struct domctl_physinfo phys;
	char version[32] = "";
	long rc = c->pf->physinfo(&phys);

	if (rc != 0) {
		fprintf(c->err, "libxl: error: getting physinfo failed (%ld)\n", rc);
		return 1;
	}
	(void)c->pf->version(version, sizeof(version));
	fprintf(c->out, "host                   : tessera\n");
	fprintf(c->out, "release                : %s\n", version);
	fprintf(c->out, "machine                : aarch64\n");
	fprintf(c->out, "nr_cpus                : %u\n", phys.nr_cpus);
	fprintf(c->out, "max_cpu_id             : %u\n", phys.nr_cpus ? phys.nr_cpus - 1 : 0);
	fprintf(c->out, "nr_nodes               : 1\n");
	fprintf(c->out, "total_memory           : %lu\n",
		(unsigned long)(phys.total_pages * 4096 / (1024 * 1024)));
	fprintf(c->out, "free_memory            : %lu\n",
		(unsigned long)(phys.free_pages * 4096 / (1024 * 1024)));
	fprintf(c->out, "xen_version            : %s\n", version);
	fprintf(c->out, "xen_caps               : xen-3.0-aarch64\n");
	fprintf(c->out, "xen_scheduler          : credit\n");
	fprintf(c->out, "xen_pagesize           : 4096\n");
	fprintf(c->out, "uptime                 : %lu\n",
		(unsigned long)(phys.uptime_ns / 1000000000ull));
	fprintf(c->out, "free_pages             : %lu\n", (unsigned long)phys.free_pages);
	return 0;
}

int xl_domid(struct shell_call *c)
{
	struct domain_info info;

	if (c->argc != 2) {
		fprintf(c->err, "Usage: xl domid <DomainName>\n");
		return 1;
	}
	if (!domain_by_name(c->pf, c->argv[1], &info)) {
		fprintf(c->err,
			"Can't get domid of domain name '%s', maybe this domain does not exist.\n",
			c->argv[1]);
		return 1;
	}
	fprintf(c->out, "%u\n", info.domid);
	return 0;
}

int xl_domname(struct shell_call *c)
{
	struct domain_info info = { .domid = 0 };
	char *end;
	unsigned long id = c->argc == 2 ? strtoul(c->argv[1], &end, 10) : 0;

	if (c->argc != 2 || *c->argv[1] == '\0' || *end != '\0' || id > 0xffff) {
		fprintf(c->err, "Usage: xl domname <DomainId>\n");
		return 1;
	}
	info.domid = (uint16_t)id;
	if (c->pf->domain_info(&info) != 0 || info.domid != id) {
		fprintf(c->err,
			"Can't get domain name of domain id '%lu', maybe this domain does not exist.\n",
			id);
		return 1;
	}
	fprintf(c->out, "%s\n", info.name);
	return 0;
}

/* xl's uptime: "H:MM:SS", or "D days, H:MM:SS" past a day. */
static void uptime_text(uint64_t seconds, char *out, size_t size)
{
	unsigned long days = (unsigned long)(seconds / 86400),
		      rest = (unsigned long)(seconds % 86400);

	if (days) {
		snprintf(out, size, "%lu day%s, %2lu:%02lu:%02lu", days, days == 1 ? "" : "s",
			 rest / 3600, rest / 60 % 60, rest % 60);
	} else {
		snprintf(out, size, "%2lu:%02lu:%02lu", rest / 3600, rest / 60 % 60, rest % 60);
	}
}

struct uptime_list {
	FILE *out;
	uint64_t now_ns;
};

/* Boot domains have run since the machine started; made ones since this toolstack made them. */
static bool uptime_row(const struct domain_info *info, void *arg)
{
	struct uptime_list *u = arg;
	uint64_t since = created_at(info->domid);
	char text[40];

	uptime_text((u->now_ns - (since < u->now_ns ? since : u->now_ns)) / 1000000000ull, text,
		    sizeof(text));
	fprintf(u->out, "%-33s %4u %s\n", info->name, info->domid, text);
	return true;
}

int xl_uptime(struct shell_call *c)
{
	struct domctl_physinfo phys = { .uptime_ns = 0 };
	struct uptime_list u = { c->out, 0 };

	(void)c->pf->physinfo(&phys);
	u.now_ns = phys.uptime_ns;
	fprintf(c->out, "%-33s %4s %s\n", "Name", "ID", "Uptime");
	return each_named(c, uptime_row, &u);
}
