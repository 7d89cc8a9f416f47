// SPDX-License-Identifier: MIT
/*
 * The toolstack domain: the shell (shell.h) on the library OS. Its input is
 * the serial line whenever the console domain gives it the input (Ctrl-a
 * three times), through its PV console; it echoes what is typed, edits the
 * line (backspace), and runs each line. The platform (platform.h) is the
 * core's domain_info and domain_control, the store, and the file bundle
 * (its ramdisk module), through the libOS. On every change of domains it
 * carries out the shutdown policy of the domains it made (created.h).
 */
#include <abi/console_focus.h>
#include <abi/domain_info.h>
#include <abi/sched.h>
#include <abi/version.h>
#include <abi/xs_wire.h>
#include <libos/domctl.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/loop.h>
#include <libos/peers.h>
#include <libos/pvconsole.h>
#include <libos/service.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_domains.h"
#include "build.h"
#include "bundle.h"
#include "created.h"
#include "domains.h"
#include "shell.h"

#define PROMPT "xl> "

static struct bundle bundle;
static bool have_bundle;

static long xs_read(const char *path, char *buf, size_t size)
{
	return xenbus_read(XENBUS_TX_NONE, path, buf, size);
}

static long xs_write(const char *path, const char *value)
{
	return xenbus_write(XENBUS_TX_NONE, path, value);
}

static long xs_rm(const char *path)
{
	return xenbus_rm(XENBUS_TX_NONE, path);
}

static long xs_watch(const char *path, const char *token,
		     void (*fn)(const char *path, const char *token, void *arg), void *arg)
{
	return xenbus_watch(path, token, fn, arg);
}

static long xs_unwatch(const char *path, const char *token)
{
	return xenbus_unwatch(path, token);
}

static long xs_directory(const char *path, char *names, size_t size)
{
	return xenbus_directory(XENBUS_TX_NONE, path, names, size);
}

static long xs_set_perms(const char *path, const struct platform_perm *perms, unsigned int n)
{
	struct xenbus_perm p[4];

	for (unsigned int i = 0; i < n && i < 4; i++) {
		p[i] = (struct xenbus_perm){ perms[i].domid, perms[i].access };
	}
	return xenbus_set_perms(XENBUS_TX_NONE, path, p, n < 4 ? n : 4);
}

/* "domid\0gfn\0port\0", as Xen's toolstack sends them. */
static long xs_introduce(uint16_t domid, uint64_t gfn, uint32_t port)
{
	char payload[64], reply[16];
	int n = snprintf(payload, sizeof(payload), "%u%c%llu%c%u", domid, 0,
			 (unsigned long long)gfn, 0, port);

	return xenbus_request(XS_INTRODUCE, XENBUS_TX_NONE, payload, (size_t)n + 1, reply,
			      sizeof(reply)) < 0
		       ? -XEN_EIO
		       : 0;
}

static long xs_release(uint16_t domid)
{
	char payload[8], reply[16];
	int n = snprintf(payload, sizeof(payload), "%u", domid);

	return xenbus_request(XS_RELEASE, XENBUS_TX_NONE, payload, (size_t)n + 1, reply,
			      sizeof(reply)) < 0
		       ? -XEN_EIO
		       : 0;
}

static long version(char *buf, size_t size)
{
	char extra[16] = "";
	long v = hypercall_xen_version(XENVER_version, NULL);

	if (v < 0) {
		return v;
	}
	(void)hypercall_xen_version(XENVER_extraversion, extra);
	extra[sizeof(extra) - 1] = '\0';
	snprintf(buf, size, "%ld.%ld%s", v >> 16, v & 0xffff, extra);
	return 0;
}

/* The request goes out in order after what was printed before it. */
static long console_focus(uint16_t domid)
{
	fflush(stdout);
	printf(CONSOLE_FOCUS_PREFIX "%u" CONSOLE_FOCUS_END, domid);
	fflush(stdout);
	return 0;
}

static const void *file(const char *name, size_t *size)
{
	struct bundle_file f;

	*size = 0;
	if (!have_bundle || bundle_find(&bundle, name, &f) != 0) {
		return NULL;
	}
	*size = (size_t)f.size;
	return f.data;
}

static bool file_at(unsigned int index, char *name, size_t name_size, size_t *size)
{
	struct bundle_file f;

	if (!have_bundle || bundle_file_at(&bundle, index, &f) != 0) {
		return false;
	}
	snprintf(name, name_size, "%s", f.name);
	*size = (size_t)f.size;
	return true;
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

/* The loop runs meanwhile: a domain that stops is settled (created_reap) while we wait. */
static void sleep_ms(unsigned int ms)
{
	(void)loop_serve_until(never, NULL, loop_deadline_ns((uint64_t)ms * 1000000ull));
}

static struct platform platform;

/* A guest that stopped just before the command is settled first, as its config says, even
 * when the event telling of it has not been handled yet: else it would stay, stopped but
 * never destroyed, and the machine would not follow. */
static void poweroff(void)
{
	created_reap(&platform, stdout);
	fflush(stdout);
	(void)pvconsole_flush(loop_deadline_ns(1000000000ull));
	libos_shutdown(SHUTDOWN_poweroff);
}

static struct platform platform = {
	.domain_info = domain_info_next,
	.domctl_on = domctl_on,
	.create = domctl_create,
	.populate = domctl_populate,
	.copy_in = domctl_copy_in,
	.vcpu_context = domctl_vcpu_context,
	.hvm_param = hvm_param_get_of,
	.set_limits = domctl_set_limits,
	.vcpu_affinity = domctl_vcpu_affinity,
	.physinfo = domctl_physinfo,
	.read_log = domctl_read_log,
	.xs_read = xs_read,
	.xs_write = xs_write,
	.xs_rm = xs_rm,
	.xs_directory = xs_directory,
	.xs_watch = xs_watch,
	.xs_unwatch = xs_unwatch,
	.xs_set_perms = xs_set_perms,
	.xs_introduce = xs_introduce,
	.xs_release = xs_release,
	.console_focus = console_focus,
	.file = file,
	.file_at = file_at,
	.version = version,
	.sleep_ms = sleep_ms,
	.poweroff = poweroff,
};

static void domains_changed(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	created_reap(&platform, stdout);
	boot_domains_follow(&platform, stdout);
	fflush(stdout);
}

/* The bundle, from the ramdisk module: checked whole before any of it is used. */
static void open_bundle(void)
{
	uint64_t start, end;

	if (dt_initrd(&start, &end) != 0) {
		printf("toolstack: no file bundle: xl create has nothing to read\n");
		return;
	}
	if (bundle_open((const void *)(uintptr_t)start, (size_t)(end - start), &bundle) != 0) {
		printf("toolstack: file bundle refused: %s\n", bundle.why);
		return;
	}
	have_bundle = true;
	printf("toolstack: file bundle of %u file(s)\n", bundle.file_count);
}

static bool input_waiting(void *arg)
{
	(void)arg;
	return pvconsole_input_pending();
}

/* One typed byte: echo it and edit the line; true when a line is complete. */
static bool take_byte(char ch, char *line, size_t *len)
{
	if (ch == '\r' || ch == '\n') {
		printf("\n");
		line[*len] = '\0';
		return true;
	}
	if ((ch == 0x7f || ch == 0x08) && *len > 0) {
		(*len)--;
		printf("\b \b");
	} else if (ch >= 0x20 && ch < 0x7f && *len + 1 < SHELL_LINE_MAX) {
		line[(*len)++] = ch;
		printf("%c", ch);
	}
	return false;
}

int main(void)
{
	char line[SHELL_LINE_MAX], id[8];
	evtchn_port_t dom_exc;
	size_t len = 0;

	if (service_events_start(domains_changed, &dom_exc) != 0 || pvconsole_init() != 0) {
		printf("toolstack: no events or no PV console: nothing to serve\n");
		return 1;
	}
	if (xenbus_init() != 0 || xenbus_read(XENBUS_TX_NONE, "domid", id, sizeof(id)) < 0) {
		printf("toolstack: no xenstore: nothing can be made\n");
		return 1;
	}
	platform.self = (uint16_t)strtoul(id, NULL, 10);
	open_bundle();
	boot_domains_follow(&platform, stdout);
	printf("toolstack: ready; type 'help' at the " PROMPT "prompt\n" PROMPT);
	fflush(stdout);
	for (;;) {
		char buf[64];
		long n;

		(void)loop_serve_until(input_waiting, NULL, LOOP_FOREVER);
		n = pvconsole_read(buf, sizeof(buf));
		for (long i = 0; i < n; i++) {
			if (take_byte(buf[i], line, &len)) {
				(void)shell_run_line(&platform, line, stdout, stdout);
				len = 0;
				printf(PROMPT);
			}
		}
		fflush(stdout);
	}
}
