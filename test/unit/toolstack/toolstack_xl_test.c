// SPDX-License-Identifier: MIT
/*
 * Unit tests of the toolstack's shell and xl commands (services/toolstack)
 * against a fake machine: the words of a line, xl's columns and messages,
 * and exactly which domain_control and store calls each command makes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <abi/sched.h>
#include <abi/vcpu.h>

#include "created.h"
#include "shell.h"
#include "shell_capture.h"
#include "xl.h"

#define DOMAINS 4

static struct domain_info domains[DOMAINS];
static unsigned int domain_count;
static struct {
	uint32_t cmd;
	uint16_t domid;
} calls[16];
static unsigned int call_count;
static long domctl_result;
static struct domctl_limits limits;
static uint16_t limits_domid;
static char written_path[128], written_value[64];

static long fake_domain_info(struct domain_info *info)
{
	for (unsigned int i = 0; i < domain_count; i++) {
		if (domains[i].domid >= info->domid) {
			*info = domains[i];
			return 0;
		}
	}
	return -XEN_ESRCH;
}

static long fake_domctl_on(uint32_t cmd, uint16_t domid)
{
	assert_true(call_count < 16);
	calls[call_count].cmd = cmd;
	calls[call_count++].domid = domid;
	return domctl_result;
}

static long fake_set_limits(uint16_t domid, uint64_t max_pages, uint32_t weight, uint32_t cap)
{
	limits_domid = domid;
	limits = (struct domctl_limits){ max_pages, weight, cap };
	return domctl_result;
}

/* Pins recorded in calls[] (cmd DOMCTL_vcpu_affinity) with their vCPU and mask; the first
 * pin_busy of them find the vCPU still held by its pCPU. */
static uint32_t pinned_vcpu[16], pinned_mask[16];
static unsigned int pin_busy;
static long pin_result;

static long fake_vcpu_affinity(uint16_t domid, uint32_t vcpu, uint32_t affinity)
{
	pinned_vcpu[call_count] = vcpu;
	pinned_mask[call_count] = affinity;
	(void)fake_domctl_on(DOMCTL_vcpu_affinity, domid);
	if (pin_busy > 0) {
		pin_busy--;
		return -XEN_EBUSY;
	}
	return pin_result;
}

static long fake_physinfo(struct domctl_physinfo *out)
{
	*out = (struct domctl_physinfo){ .nr_cpus = 2,
					 .total_pages = 524288,
					 .free_pages = 262144,
					 .uptime_ns = 61000000000ull };
	return 0;
}

static long fake_xs_read(const char *path, char *buf, size_t size)
{
	(void)path, (void)buf, (void)size;
	return -XEN_ENOENT;
}

static long fake_xs_write(const char *path, const char *value)
{
	strncpy(written_path, path, sizeof(written_path) - 1);
	strncpy(written_value, value, sizeof(written_value) - 1);
	return 0;
}

static char removed[128];

static long fake_xs_rm(const char *path)
{
	strncpy(removed, path, sizeof(removed) - 1);
	return 0;
}

static long fake_version(char *buf, size_t size)
{
	snprintf(buf, size, "4.17-tessera");
	return 0;
}

/* Time passes: after the third wait, the guest has obeyed: it is shutting down, or (restart)
 * already running again as a new incarnation. */
static unsigned int sleeps;
static bool restarts;

static void fake_sleep_ms(unsigned int ms)
{
	assert_int_equal(ms, XL_WAIT_STEP_MS);
	if (++sleeps == 3 && restarts) {
		domains[2].generation++;
	} else if (sleeps == 3) {
		domains[2].flags |= DOMAIN_INFO_DYING;
	}
}

/* The fake core's log: bytes log_first..log_end of log_text are kept, as the core keeps the
 * last of its (abi/domctl.h, DOMCTL_read_log). */
static char log_text[2048];
static uint64_t log_first, log_end;
static long log_error;
static unsigned int log_reads;

static long fake_read_log(uint64_t *from, char *buf, uint32_t size)
{
	uint32_t n = 0;

	assert_true(size >= 1 && size <= DOMCTL_LOG_READ_MAX);
	log_reads++;
	if (log_error) {
		return log_error;
	}
	*from = *from < log_first ? log_first : *from > log_end ? log_end : *from;
	for (; n < size && *from + n < log_end; n++) {
		buf[n] = log_text[*from + n];
	}
	return n;
}

/* Log count more lines "tessera: line N" (19 bytes each). */
static void log_lines(unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		log_end += (uint64_t)snprintf(log_text + log_end, sizeof(log_text) - log_end,
					      "tessera: line %04u\n", (unsigned int)(log_end / 19));
	}
}

static const struct platform fake = {
	.domain_info = fake_domain_info,
	.domctl_on = fake_domctl_on,
	.set_limits = fake_set_limits,
	.vcpu_affinity = fake_vcpu_affinity,
	.physinfo = fake_physinfo,
	.read_log = fake_read_log,
	.xs_read = fake_xs_read,
	.xs_write = fake_xs_write,
	.xs_rm = fake_xs_rm,
	.version = fake_version,
	.sleep_ms = fake_sleep_ms,
	.self = 3,
};

static void add_domain(uint16_t domid, const char *name, uint32_t flags, uint64_t pages)
{
	struct domain_info *d = &domains[domain_count++];

	memset(d, 0, sizeof(*d));
	d->domid = domid;
	d->flags = flags;
	d->ram_pages = pages;
	d->max_pages = pages;
	d->vcpu_count = 2;
	d->vcpus_online = 1;
	d->vcpu_state[0] = RUNSTATE_running;
	d->vcpu_state[1] = RUNSTATE_offline;
	d->vcpu_time_ns[0] = 1500000000ull;
	d->cpu_time_ns = 1500000000ull;
	d->weight = 256;
	d->vcpu_affinity[0] = d->vcpu_affinity[1] = 3;
	strcpy(d->name, name);
}

static int setup(void **state)
{
	(void)state;
	domain_count = call_count = sleeps = 0;
	restarts = false;
	domctl_result = 0;
	pin_busy = 0;
	pin_result = 0;
	memset(written_path, 0, sizeof(written_path));
	memset(written_value, 0, sizeof(written_value));
	add_domain(1, "console", DOMAIN_INFO_BLOCKED, 4096);
	add_domain(3, "toolstack", DOMAIN_INFO_RUNNING, 8192);
	add_domain(7, "guest", DOMAIN_INFO_PAUSED, 32768);
	add_domain(9, "gone", DOMAIN_INFO_DYING | DOMAIN_INFO_STOPPED, 256);
	domains[3].shutdown_reason = SHUTDOWN_crash;
	return 0;
}

/* Run line; what it printed on out and err, and its status. */
static struct shell_result run(const char *line)
{
	return *shell_capture(&fake, line);
}

static void test_split_words_and_quotes(void **state)
{
	char line[] = "  xl  create 'my file.cfg'  name=\"a b\" x'y'z ";
	char *words[8];

	(void)state;
	assert_int_equal(shell_split(line, words, 8), 5);
	assert_string_equal(words[0], "xl");
	assert_string_equal(words[1], "create");
	assert_string_equal(words[2], "my file.cfg");
	assert_string_equal(words[3], "name=a b");
	assert_string_equal(words[4], "xyz");
	strcpy(line, "xl 'open");
	assert_int_equal(shell_split(line, words, 8), -1);
	strcpy(line, "a b c");
	assert_int_equal(shell_split(line, words, 2), -1);
	strcpy(line, "   ");
	assert_int_equal(shell_split(line, words, 8), 0);
}

static void test_unknown_and_empty_lines(void **state)
{
	struct shell_result r;

	(void)state;
	assert_int_equal(run("").status, 0);
	r = run("frobnicate now");
	assert_int_equal(r.status, 127);
	assert_string_equal(r.err, "frobnicate: command not found (try help)\n");
	r = run("xl frobnicate");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "command not implemented\n"));
	r = run("xl 'unclosed");
	assert_int_equal(r.status, 1);
	r = run("help");
	assert_non_null(
		strstr(r.out, " list                List information about all/some domains"));
}

static void test_list_columns_and_states(void **state)
{
	struct shell_result r = run("xl list");

	(void)state;
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out,
		"Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
		"console                                      1    16     1     -b----       1.5\n"
		"toolstack                                    3    32     1     r-----       1.5\n"
		"guest                                        7   128     1     --p---       1.5\n"
		"gone                                         9     1     1     ----c-       1.5\n");
	r = run("xl list guest 3 nosuch");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "guest                                        7"));
	assert_non_null(strstr(r.out, "toolstack                                    3"));
	assert_string_equal(r.err, "nosuch is an invalid domain identifier (rc=-6)\n");
	domains[3].flags = DOMAIN_INFO_DYING; /* still stopping */
	assert_non_null(strstr(run("xl list gone").out, "-----d"));
	domains[3].flags = DOMAIN_INFO_DYING | DOMAIN_INFO_STOPPED;
	domains[3].shutdown_reason = SHUTDOWN_poweroff;
	assert_non_null(strstr(run("xl list gone").out, "---s--"));
}

/* A domain the toolstack did not make: what the domain list says, as xl's JSON. */
static void test_list_long_listed(void **state)
{
	struct shell_result r = run("xl list -l guest");

	(void)state;
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "[\n"
				   "    {\n"
				   "        \"domid\": 7,\n"
				   "        \"config\": {\n"
				   "            \"c_info\": {\n"
				   "                \"type\": \"pvh\",\n"
				   "                \"name\": \"guest\"\n"
				   "            },\n"
				   "            \"b_info\": {\n"
				   "                \"max_vcpus\": 2,\n"
				   "                \"avail_vcpus\": [\n"
				   "                    0\n"
				   "                ],\n"
				   "                \"max_memkb\": 131072,\n"
				   "                \"target_memkb\": 131072,\n"
				   "                \"sched_params\": {\n"
				   "                    \"sched\": \"credit\",\n"
				   "                    \"weight\": 256,\n"
				   "                    \"cap\": 0\n"
				   "                }\n"
				   "            }\n"
				   "        }\n"
				   "    }\n"
				   "]\n");
	r = run("xl list -l nosuch");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "[]\n");
	r = run("xl list -l");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"domid\": 1,"));
	assert_non_null(strstr(r.out, "\"domid\": 9,"));
}

/* A domain it made: its xl config, strings escaped as JSON wants. */
static void test_list_long_made(void **state)
{
	static const char cfg_text[] = "name = \"guest\"\nkernel = \"Image\"\nmemory = 64\n"
				       "maxmem = 128\nvcpus = 2\ncpus = \"1\"\n"
				       "extra = 'console=hvc0 x=\"a\\\\b\"'\n"
				       "disk = [ 'vdev=xvda,access=ro,target=vda' ]\n"
				       "vif = [ 'mac=00:16:3e:00:00:07,ip=10.0.0.7,rate=1MB/s' ]\n"
				       "on_reboot = \"destroy\"\n";
	struct xl_config *cfg = calloc(1, sizeof(*cfg));
	struct shell_result r;

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(xl_config_parse("guest.cfg", cfg_text, sizeof(cfg_text) - 1, NULL, 0, cfg),
			 0);
	assert_int_equal(created_add(&fake, 7, cfg), 0);
	r = run("xl list -l 7");
	created_forget(7);
	free(cfg);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "                \"max_vcpus\": 2,\n"
				      "                \"avail_vcpus\": [\n"
				      "                    0,\n"
				      "                    1\n"
				      "                ],\n"
				      "                \"vcpu_hard_affinity\": [\n"
				      "                    [\n"
				      "                        1\n"
				      "                    ],\n"));
	assert_non_null(strstr(r.out, "\"max_memkb\": 131072,\n"));
	assert_non_null(strstr(r.out, "\"target_memkb\": 65536,\n"));
	assert_non_null(strstr(r.out, "\"cmdline\": \"console=hvc0 x=\\\"a\\\\b\\\"\""));
	assert_non_null(strstr(r.out, "\"pdev_path\": \"vda\",\n"));
	assert_non_null(strstr(r.out, "\"readwrite\": 0,\n"));
	assert_non_null(strstr(r.out, "\"mac\": \"00:16:3e:00:00:07\",\n"));
	assert_non_null(strstr(r.out, "\"ip\": \"10.0.0.7\",\n"));
	assert_non_null(strstr(r.out, "\"bridge\": \"xenbr0\",\n"));
	assert_non_null(strstr(r.out, "\"on_reboot\": \"destroy\",\n"));
	assert_non_null(strstr(r.out, "\"on_crash\": \"destroy\"\n"));
}

static void test_domid_and_domname(void **state)
{
	struct shell_result r;

	(void)state;
	assert_string_equal(run("xl domid guest").out, "7\n");
	r = run("xl domid nobody");
	assert_int_equal(r.status, 1);
	assert_string_equal(
		r.err,
		"Can't get domid of domain name 'nobody', maybe this domain does not exist.\n");
	assert_string_equal(run("xl domname 3").out, "toolstack\n");
	r = run("xl domname 4");
	assert_int_equal(r.status, 1);
	assert_string_equal(
		r.err,
		"Can't get domain name of domain id '4', maybe this domain does not exist.\n");
	assert_int_equal(run("xl domname 3x").status, 1);
	assert_int_equal(run("xl domid").status, 1);
}

static void test_control_calls(void **state)
{
	struct shell_result r;

	(void)state;
	assert_int_equal(run("xl pause guest").status, 0);
	assert_int_equal(run("xl unpause 7").status, 0);
	assert_int_equal(run("xl destroy guest").status, 0);
	assert_int_equal(call_count, 3);
	assert_int_equal(calls[0].cmd, DOMCTL_pause);
	assert_int_equal(calls[1].cmd, DOMCTL_unpause);
	assert_int_equal(calls[2].cmd, DOMCTL_destroy);
	assert_int_equal(calls[2].domid, 7);
	assert_string_equal(removed, "/local/domain/7"); /* in case the store never served it */
	r = run("xl pause 12345");
	assert_string_equal(r.err, "12345 is an invalid domain identifier (rc=-6)\n");
	assert_int_equal(call_count, 3); /* no call for a domain that is not there */
	domctl_result = -XEN_EPERM;
	r = run("xl destroy console");
	assert_int_equal(r.status, 1);
	assert_string_equal(
		r.err,
		"libxl: error: destroying domain 1: not controlled by this toolstack (-1)\n");
	r = run("xl pause");
	assert_string_equal(r.err, "Usage: xl pause <Domain>\n");
}

static void test_shutdown_and_reboot_ask_the_guest(void **state)
{
	struct shell_result r;

	(void)state;
	r = run("xl shutdown guest");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Shutting down domain 7\n");
	assert_string_equal(written_path, "/local/domain/7/control/shutdown");
	assert_string_equal(written_value, "poweroff");
	r = run("xl reboot -F toolstack");
	assert_string_equal(r.out, "Rebooting domain 3\n");
	assert_string_equal(written_value, "reboot");
	assert_int_equal(call_count, 0);
}

static void test_shutdown_wait(void **state)
{
	struct shell_result r;

	(void)state;
	r = run("xl shutdown -w guest");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Shutting down domain 7\nWaiting for 1 domains\n"
				   "Domain 7 has been shut down\n");
	assert_int_equal(sleeps, 3);
	/* A restart is a new incarnation: the old one has ended. */
	domains[2].flags = 0;
	sleeps = 0;
	restarts = true;
	r = run("xl reboot -w guest");
	assert_int_equal(r.status, 0);
	assert_int_equal(sleeps, 3);
	assert_int_equal(run("xl reboot -F guest").status, 0); /* -F: no wait */
	assert_int_equal(sleeps, 3);
}

/* -a: every live guest this toolstack controls is asked, and -w waits for them all. */
static void test_shutdown_all(void **state)
{
	struct shell_result r;

	(void)state;
	domains[0].controller = 5; /* the console: another toolstack's */
	domains[2].controller = 3; /* guest */
	domains[3].controller = 3; /* gone: dying already */
	r = run("xl shutdown -a -w");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Shutting down domain 7\nWaiting for 1 domains\n"
				   "Domain 7 has been shut down\n");
	assert_string_equal(written_path, "/local/domain/7/control/shutdown");
	assert_int_equal(sleeps, 3);
	domains[0].controller = 3; /* now two of them; guest back from its shutdown */
	domains[2].flags = 0;
	r = run("xl reboot -a");
	assert_string_equal(r.out, "Rebooting domain 1\nRebooting domain 7\n");
	assert_string_equal(written_value, "reboot");
	r = run("xl shutdown -a guest");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "Usage: xl shutdown [-a] [-w] <Domain>\n");
	domains[0].controller = domains[2].controller = 0;
	r = run("xl shutdown -a");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, ""); /* none to ask */
}

static void test_memory_sizes(void **state)
{
	uint64_t kib;

	(void)state;
	assert_true(xl_parse_memory("128", &kib));
	assert_int_equal(kib, 128 * 1024);
	assert_true(xl_parse_memory("1g", &kib));
	assert_int_equal(kib, 1024 * 1024);
	assert_true(xl_parse_memory("65536K", &kib));
	assert_int_equal(kib, 65536);
	assert_true(xl_parse_memory("4096b", &kib));
	assert_int_equal(kib, 4);
	assert_false(xl_parse_memory("", &kib));
	assert_false(xl_parse_memory("m", &kib));
	assert_false(xl_parse_memory("12mb", &kib));
	assert_false(xl_parse_memory("-1", &kib));
	assert_false(xl_parse_memory("99999999999999999999", &kib));
	assert_false(xl_parse_memory("18446744073709551615t", &kib));
}

static void test_mem_max_and_mem_set(void **state)
{
	struct shell_result r;

	(void)state;
	assert_int_equal(run("xl mem-max guest 256m").status, 0);
	assert_int_equal(limits_domid, 7);
	assert_int_equal(limits.max_pages, 65536);
	assert_int_equal(limits.weight, 256);
	r = run("xl mem-set guest 64");
	assert_int_equal(r.status, 0);
	assert_string_equal(written_path, "/local/domain/7/memory/target");
	assert_string_equal(written_value, "65536");
	assert_int_equal(limits.max_pages, 65536); /* below the limit: the limit stays */
	assert_int_equal(run("xl mem-set guest 512").status, 0);
	assert_int_equal(limits.max_pages, 131072); /* above: it grows to fit */
	r = run("xl mem-max guest lots");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "Usage: xl mem-max <Domain> <MemKB>\n");
}

static void test_sched_credit(void **state)
{
	struct shell_result r;

	(void)state;
	r = run("xl sched-credit");
	assert_non_null(strstr(r.out, "Name                                ID Weight  Cap\n"
				      "console                              1    256    0\n"));
	assert_int_equal(run("xl sched-credit -d guest -w 512").status, 0);
	assert_int_equal(limits_domid, 7);
	assert_int_equal(limits.weight, 512);
	assert_int_equal(limits.cap, 0);
	assert_int_equal(limits.max_pages, 32768);
	assert_int_equal(run("xl sched-credit -d guest -c 50").status, 0);
	assert_int_equal(limits.weight, 256);
	assert_int_equal(limits.cap, 50);
	assert_int_equal(run("xl sched-credit -w 5").status, 1);
	assert_int_equal(run("xl sched-credit -d guest -w 0").status, 1);
	assert_int_equal(run("xl sched-credit -d guest -w 70000").status, 1);
	assert_int_equal(run("xl sched-credit -d").status, 1);
}

/* xl dmesg prints the whole log kept, in reads of the ABI's size; -c makes later ones start
 * where it ended; bytes the core overwrote are skipped; errors and bad arguments say so. */
static void test_dmesg(void **state)
{
	struct shell_result r;

	(void)state;
	log_lines(70); /* 1,330 bytes: three reads and one that finds the end */
	r = run("xl dmesg");
	assert_int_equal(r.status, 0);
	assert_int_equal(strlen(r.out), 1330);
	assert_memory_equal(r.out, log_text, 1330);
	assert_int_equal(log_reads, 4);
	assert_int_equal(run("xl dmesg -c").status, 0);
	log_lines(2);
	r = run("xl dmesg");
	assert_string_equal(r.out, "tessera: line 0070\ntessera: line 0071\n");
	/* The core kept only the last line: the one before it is lost, not printed twice. */
	log_first = log_end - 19;
	log_lines(1);
	r = run("xl dmesg");
	assert_string_equal(r.out, "tessera: line 0071\ntessera: line 0072\n");
	r = run("xl dmesg -x");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "Usage: xl dmesg [-c]\n");
	assert_int_equal(run("xl dmesg -c more").status, 1);
	log_error = -XEN_EPERM;
	r = run("xl dmesg");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "libxl: error: reading the hypervisor's log failed (-1)\n");
}

static void test_info_and_vcpu_list(void **state)
{
	struct shell_result r;

	(void)state;
	r = run("xl info");
	assert_non_null(strstr(r.out, "nr_cpus                : 2\n"));
	assert_non_null(strstr(r.out, "total_memory           : 2048\n"));
	assert_non_null(strstr(r.out, "free_memory            : 1024\n"));
	assert_non_null(strstr(r.out, "xen_version            : 4.17-tessera\n"));
	assert_non_null(strstr(r.out, "xen_caps               : xen-3.0-aarch64\n"));
	r = run("xl vcpu-list toolstack");
	assert_string_equal(r.out,
			    "Name                                ID  VCPU   CPU State   Time(s) "
			    "Affinity (Hard / Soft)\n"
			    "toolstack                            3     0     0   r--       1.5  "
			    "all / all\n"
			    "toolstack                            3     1     -   --p       0.0  "
			    "all / all\n");
	r = run("xl uptime toolstack");
	assert_string_equal(r.out, "Name                                ID Uptime\n"
				   "toolstack                            3  0:01:01\n");
	domains[1].vcpu_affinity[1] = 2;
	r = run("xl vcpu-list 3");
	assert_non_null(strstr(r.out, "  0     0   r--       1.5  all / all\n"));
	assert_non_null(strstr(r.out, "  1     -   --p       0.0  1 / all\n"));
}

/* The domain is paused around the pins, each vCPU asked for, a busy one asked again. */
static void test_vcpu_pin(void **state)
{
	struct shell_result r;

	(void)state;
	r = run("xl vcpu-pin toolstack 1 1");
	assert_int_equal(r.status, 0);
	assert_int_equal(call_count, 3);
	assert_int_equal(calls[0].cmd, DOMCTL_pause);
	assert_int_equal(calls[1].cmd, DOMCTL_vcpu_affinity);
	assert_int_equal(calls[1].domid, 3);
	assert_int_equal(pinned_vcpu[1], 1);
	assert_int_equal(pinned_mask[1], 2);
	assert_int_equal(calls[2].cmd, DOMCTL_unpause);
	call_count = 0;
	pin_busy = 1;
	r = run("xl vcpu-pin 3 all 0-1,^1 -");
	assert_int_equal(r.status, 0);
	assert_int_equal(sleeps, 1);
	assert_int_equal(call_count, 5); /* pause, vCPU 0 busy, vCPU 0, vCPU 1, unpause */
	assert_int_equal(pinned_vcpu[2], 0);
	assert_int_equal(pinned_vcpu[3], 1);
	assert_int_equal(pinned_mask[3], 1);
	assert_int_equal(calls[4].cmd, DOMCTL_unpause);
}

/* Bad arguments are refused before any call; the core's refusal is named, and the domain is
 * unpaused all the same. */
static void test_vcpu_pin_refusals(void **state)
{
	struct shell_result r;

	(void)state;
	assert_int_equal(run("xl vcpu-pin toolstack 0 -").status, 0);
	r = run("xl vcpu-pin toolstack 2 1");
	assert_string_equal(r.err, "xl: vcpu '2': domain 3 has vCPUs 0 to 1\n");
	r = run("xl vcpu-pin toolstack 0 x");
	assert_string_equal(r.err, "xl: hard affinity: Invalid pcpu range: x.\n");
	r = run("xl vcpu-pin toolstack 0 ^0");
	assert_string_equal(r.err, "xl: hard affinity: cpus leaves a vCPU no pCPU to run on\n");
	r = run("xl vcpu-pin toolstack 0 1 0");
	assert_string_equal(r.err,
			    "xl: soft affinity '0': Tessera's scheduler has none, only hard\n");
	r = run("xl vcpu-pin toolstack 0");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "Usage: xl vcpu-pin"));
	assert_int_equal(call_count, 0);
	pin_result = -XEN_EINVAL;
	r = run("xl vcpu-pin toolstack 0 7");
	assert_string_equal(r.err, "libxl: error: setting vCPU affinity of domain 3: no online "
				   "pCPU in it (-22)\n");
	assert_int_equal(call_count, 3);
	assert_int_equal(calls[2].cmd, DOMCTL_unpause);
	domctl_result = -XEN_EPERM;
	r = run("xl vcpu-pin console 0 1");
	assert_string_equal(r.err, "libxl: error: setting vCPU affinity of domain 1: not "
				   "controlled by this toolstack (-1)\n");
	assert_int_equal(call_count, 4); /* the pause alone, refused */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_split_words_and_quotes, setup),
		cmocka_unit_test_setup(test_unknown_and_empty_lines, setup),
		cmocka_unit_test_setup(test_list_columns_and_states, setup),
		cmocka_unit_test_setup(test_list_long_listed, setup),
		cmocka_unit_test_setup(test_list_long_made, setup),
		cmocka_unit_test_setup(test_domid_and_domname, setup),
		cmocka_unit_test_setup(test_control_calls, setup),
		cmocka_unit_test_setup(test_shutdown_and_reboot_ask_the_guest, setup),
		cmocka_unit_test_setup(test_shutdown_wait, setup),
		cmocka_unit_test_setup(test_shutdown_all, setup),
		cmocka_unit_test_setup(test_memory_sizes, setup),
		cmocka_unit_test_setup(test_mem_max_and_mem_set, setup),
		cmocka_unit_test_setup(test_sched_credit, setup),
		cmocka_unit_test_setup(test_info_and_vcpu_list, setup),
		cmocka_unit_test_setup(test_dmesg, setup),
		cmocka_unit_test_setup(test_vcpu_pin, setup),
		cmocka_unit_test_setup(test_vcpu_pin_refusals, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
