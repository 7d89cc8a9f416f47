// SPDX-License-Identifier: MIT
/*
 * Unit tests of the PV device entries (services/toolstack/devices.c), those of
 * boot domains from their device lists (boot_devices.c), and the xl commands
 * over them, against a fake store that keeps every node's value and
 * permissions and the order of writes: the frontend and backend directories
 * as libxl writes them, the back end chosen, the xenbus order of a detach and
 * its bounded wait for a back end that the fake moves as time passes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>

#include "boot_devices.h"
#include "boot_domains.h"
#include "devices.h"
#include "shell.h"
#include "shell_capture.h"

#define NODES 128
#define SELF 3

struct node {
	char path[160];
	char value[160];
	struct platform_perm perms[2];
	unsigned int perm_count;
};

static struct node nodes[NODES];
static unsigned int node_count;
static char log_[16384]; /* "path=value;" of every write, in order */
static struct domain_info domains[6];
static unsigned int domain_count;

static struct node *node(const char *path, bool make)
{
	for (unsigned int i = 0; i < node_count; i++) {
		if (strcmp(nodes[i].path, path) == 0) {
			return &nodes[i];
		}
	}
	if (!make) {
		return NULL;
	}
	assert_true(node_count < NODES);
	memset(&nodes[node_count], 0, sizeof(nodes[0]));
	strcpy(nodes[node_count].path, path);
	return &nodes[node_count++];
}

static const char *value_of(const char *path)
{
	struct node *n = node(path, false);

	return n ? n->value : NULL;
}

static long fake_xs_write(const char *path, const char *value)
{
	strcpy(node(path, true)->value, value);
	strcat(log_, path);
	strcat(log_, "=");
	strcat(log_, value);
	strcat(log_, ";");
	return 0;
}

static long fake_xs_read(const char *path, char *buf, size_t size)
{
	const char *v = value_of(path);

	if (!v) {
		return -XEN_ENOENT;
	}
	snprintf(buf, size, "%s", v);
	return (long)strlen(v);
}

static long fake_xs_rm(const char *path)
{
	size_t len = strlen(path);

	for (unsigned int i = 0; i < node_count;) {
		if (strncmp(nodes[i].path, path, len) == 0 &&
		    (nodes[i].path[len] == '\0' || nodes[i].path[len] == '/')) {
			nodes[i] = nodes[--node_count];
		} else {
			i++;
		}
	}
	strcat(log_, "rm ");
	strcat(log_, path);
	strcat(log_, ";");
	return 0;
}

static long fake_xs_set_perms(const char *path, const struct platform_perm *perms, unsigned int n)
{
	struct node *x = node(path, false);

	assert_non_null(x);
	assert_true(n <= 2);
	memcpy(x->perms, perms, n * sizeof(*perms));
	x->perm_count = n;
	return 0;
}

/* The bundle's files: the device lists of boot domains, by name. */
static const char *bundle_names[4], *bundle_texts[4];

static const void *fake_file(const char *name, size_t *size)
{
	for (unsigned int i = 0; i < 4 && bundle_names[i]; i++) {
		if (strcmp(bundle_names[i], name) == 0) {
			*size = strlen(bundle_texts[i]);
			return bundle_texts[i];
		}
	}
	*size = 0;
	return NULL;
}

/* The direct children of path, as the store lists them. */
static long fake_xs_directory(const char *path, char *names, size_t size)
{
	size_t len = strlen(path), used = 0;
	long count = 0;

	for (unsigned int i = 0; i < node_count; i++) {
		const char *rest = nodes[i].path + len;

		if (strncmp(nodes[i].path, path, len) == 0 && rest[0] == '/' &&
		    !strchr(rest + 1, '/')) {
			assert_true(used + strlen(rest) < size);
			strcpy(names + used, rest + 1);
			used += strlen(rest + 1) + 1;
			count++;
		}
	}
	return count;
}

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

/* One watch at a time: the store fires it once when it is set, then on each change. */
static void (*watch_fn)(const char *path, const char *token, void *arg);
static void *watch_arg;
static char watch_path[64];
static unsigned int watch_sleeps;

static long fake_xs_watch(const char *path, const char *token,
			  void (*fn)(const char *path, const char *token, void *arg), void *arg)
{
	watch_fn = fn;
	watch_arg = arg;
	watch_sleeps = 0;
	strcpy(watch_path, path);
	fn(path, token, arg);
	return 0;
}

static long fake_xs_unwatch(const char *path, const char *token)
{
	(void)token;
	assert_string_equal(path, watch_path);
	watch_fn = NULL;
	return 0;
}

/*
 * A back end, moved as time passes: once it has seen its state Closing for
 * closes_after waits, it writes Closed (0: it never does). Time slept is added up.
 */
static const char *backend_state_path;
static unsigned int closes_after, closing_seen, slept_ms;
static bool backend_removes; /* it removes its directory instead of writing Closed */

static void fake_backend_step(void)
{
	const char *state = backend_state_path ? value_of(backend_state_path) : NULL;

	if (state && strcmp(state, "5") == 0 && closes_after != 0 &&
	    ++closing_seen == closes_after) {
		if (backend_removes) {
			fake_xs_rm("/local/domain/4/backend/vbd/7/51712");
		} else {
			fake_xs_write(backend_state_path, "6");
		}
		strcat(log_, "(back end);");
	}
}

/* Time passes: every other wait, something below the watched path changes. */
static void fake_sleep_ms(unsigned int ms)
{
	char changed[96];

	slept_ms += ms;
	fake_backend_step();
	if (watch_fn && ++watch_sleeps % 2 == 0) {
		snprintf(changed, sizeof(changed), "%s/child%u", watch_path, watch_sleeps / 2);
		watch_fn(changed, "xenstore-watch", watch_arg);
	}
}

static long fake_hvm_param(uint16_t domid, uint32_t index, uint64_t *value)
{
	(void)index;
	*value = domid; /* any value: the store is the fake's */
	return 0;
}

static long fake_xs_introduce(uint16_t domid, uint64_t gfn, uint32_t port)
{
	char line[48];

	(void)gfn, (void)port;
	snprintf(line, sizeof(line), "introduce %u;", domid);
	strcat(log_, line);
	return 0;
}

static long fake_xs_release(uint16_t domid)
{
	char line[48];

	snprintf(line, sizeof(line), "release %u;", domid);
	strcat(log_, line);
	return 0;
}

static long fake_physinfo(struct domctl_physinfo *out)
{
	*out = (struct domctl_physinfo){ .nr_cpus = 2, .uptime_ns = 1000000000ull };
	return 0;
}

static const struct platform fake = {
	.domain_info = fake_domain_info,
	.physinfo = fake_physinfo,
	.hvm_param = fake_hvm_param,
	.xs_introduce = fake_xs_introduce,
	.xs_release = fake_xs_release,
	.xs_read = fake_xs_read,
	.xs_write = fake_xs_write,
	.xs_rm = fake_xs_rm,
	.xs_directory = fake_xs_directory,
	.xs_set_perms = fake_xs_set_perms,
	.xs_watch = fake_xs_watch,
	.xs_unwatch = fake_xs_unwatch,
	.sleep_ms = fake_sleep_ms,
	.file = fake_file,
	.self = SELF,
};

static void add_domain(uint16_t domid, const char *name, uint32_t rights, uint16_t controller)
{
	struct domain_info *d = &domains[domain_count++];

	memset(d, 0, sizeof(*d));
	d->domid = domid;
	d->rights = rights;
	d->controller = controller;
	strcpy(d->name, name);
}

static int setup(void **state)
{
	(void)state;
	node_count = domain_count = 0;
	log_[0] = '\0';
	backend_state_path = NULL;
	closes_after = closing_seen = slept_ms = 0;
	backend_removes = false;
	memset(bundle_names, 0, sizeof(bundle_names));
	add_domain(SELF, "toolstack", DOMAIN_RIGHT_TOOLSTACK, 0);
	add_domain(4, "blk", DOMAIN_RIGHT_DRIVER, 0);
	add_domain(6, "other", 0, 0); /* a back end only when named (a second driver domain
				       * would leave devices without backend= no default) */
	add_domain(7, "guest", 0, SELF);
	return 0;
}

static struct xl_disk disk(const char *spec)
{
	struct xl_spec_error e = { 0 };
	struct xl_disk d;

	assert_int_equal(xl_disk_parse(spec, strlen(spec), &d, &e), 0);
	return d;
}

static void assert_perms(const char *path, uint16_t owner, uint16_t reader)
{
	struct node *n = node(path, false);

	assert_non_null(n);
	assert_int_equal(n->perm_count, 2);
	assert_int_equal(n->perms[0].domid, owner);
	assert_int_equal(n->perms[0].access, 'n');
	assert_int_equal(n->perms[1].domid, reader);
	assert_int_equal(n->perms[1].access, 'r');
}

static void test_disk_entries_as_libxl_writes_them(void **state)
{
	struct xl_disk d = disk("vdev=xvda,access=rw,backend=blk,target=/dev/vda");

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	/* The frontend: the guest's own, the back end reading it. */
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/backend"),
			    "/local/domain/4/backend/vbd/7/51712");
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/backend-id"), "4");
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/state"), "1");
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/virtual-device"), "51712");
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/device-type"), "disk");
	assert_perms("/local/domain/7/device/vbd/51712", 7, 4);
	assert_perms("/local/domain/7/device/vbd/51712/state", 7, 4);
	/* The backend: the back end's own, the guest reading it. */
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/frontend"),
			    "/local/domain/7/device/vbd/51712");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/frontend-id"), "7");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/params"), "/dev/vda");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/mode"), "w");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/online"), "1");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/state"), "1");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/dev"), "xvda");
	assert_perms("/local/domain/4/backend/vbd/7/51712", 4, 7);
	assert_perms("/local/domain/4/backend/vbd/7/51712/params", 4, 7);
	d = disk("vdev=xvdb,access=r,backend=other,target=/dev/vdb");
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	assert_string_equal(value_of("/local/domain/6/backend/vbd/7/51728/mode"), "r");
}

static void test_no_back_end_writes_nothing(void **state)
{
	struct xl_disk d = disk("vdev=xvda,backend=nobody,target=x");
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, err), -1);
	/* Two driver domains and no backend=: which serves disks is not guessed. */
	domains[2].rights = DOMAIN_RIGHT_DRIVER;
	d = disk("vdev=xvda,target=x");
	assert_int_equal(devices_add_disk(&fake, 7, &d, err), -1);
	domains[1].rights = domains[2].rights = 0; /* no driver domain at all */
	assert_int_equal(devices_add_disk(&fake, 7, &d, err), -1);
	fclose(err);
	assert_string_equal(text,
			    "libxl: error: vbd 51712 of domain 7: no back end domain named nobody\n"
			    "libxl: error: vbd 51712 of domain 7: 2 driver domains (blk, other) "
			    "could serve it: name one with backend=\n"
			    "libxl: error: vbd 51712 of domain 7: no back end domain holding the "
			    "driver right\n");
	assert_int_equal(node_count, 0);
	free(text);
}

/* With one driver domain, a device without backend= is its. */
static void test_the_one_driver_domain_is_the_default(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/backend-id"), "4");
}

static void test_vif_entries(void **state)
{
	struct xl_spec_error e = { 0 };
	const char *spec = "mac=00:16:3e:01:02:03,ip=10.0.0.2,rate=10Mb/s,"
			   "rules=drop proto=tcp dst-port=22; accept";
	struct xl_vif v;

	(void)state;
	assert_int_equal(xl_vif_parse(spec, strlen(spec), 0, &v, &e), 0);
	assert_int_equal(devices_add_vif(&fake, 7, &v, stderr), 0);
	assert_string_equal(value_of("/local/domain/7/device/vif/0/mac"), "00:16:3e:01:02:03");
	assert_string_equal(value_of("/local/domain/7/device/vif/0/handle"), "0");
	assert_string_equal(value_of("/local/domain/4/backend/vif/7/0/ip"), "10.0.0.2");
	assert_string_equal(value_of("/local/domain/4/backend/vif/7/0/bridge"), "xenbr0");
	assert_non_null(value_of("/local/domain/4/backend/vif/7/0/rate"));
	assert_string_equal(value_of("/local/domain/4/backend/vif/7/0/rules"),
			    "drop proto=tcp dst-port=22; accept");
	assert_perms("/local/domain/7/device/vif/0", 7, 4);
	assert_int_equal(xl_vif_parse("", 0, 1, &v, &e), 0);
	assert_int_equal(devices_add_vif(&fake, 7, &v, stderr), 0);
	assert_null(value_of("/local/domain/4/backend/vif/7/1/rules")); /* none: no key */
	/* No mac=: Xen's OUI, and a unicast address. */
	assert_memory_equal(value_of("/local/domain/7/device/vif/1/mac"), "00:16:3e:", 9);
}

static void test_remove_in_xenbus_order(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");
	const char *closing, *closed, *gone;

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	log_[0] = '\0';
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, false, NULL), 0);
	closing = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=5;");
	closed = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=6;");
	gone = strstr(log_, "rm /local/domain/4/backend/vbd/7/51712;");
	assert_non_null(strstr(log_, "/local/domain/4/backend/vbd/7/51712/online=0;"));
	assert_true(closing && closed && gone && closing < closed && closed < gone);
	assert_non_null(strstr(log_, "rm /local/domain/7/device/vbd/51712;"));
	assert_int_equal(node_count, 0);
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, false, NULL), -1);
}

/* The frontend is the guest's: a backend path it wrote there leads nowhere but its own devices. */
static void test_remove_ignores_what_the_guest_wrote(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	fake_xs_write("/local/domain/6/precious", "keep");
	fake_xs_write("/local/domain/7/device/vbd/51712/backend", "/local/domain/6");
	fake_xs_write("/local/domain/7/device/vbd/51712/backend-id", "6");
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, false, NULL), 0);
	assert_string_equal(value_of("/local/domain/6/precious"), "keep");
	assert_null(value_of("/local/domain/7/device/vbd/51712"));
	fake_xs_write("/local/domain/7/device/vbd/1/backend-id", "6/../../6");
	assert_int_equal(devices_remove(&fake, 7, "vbd", 1, false, NULL), -1);
	assert_string_equal(value_of("/local/domain/6/precious"), "keep");
}

static void test_remove_all(void **state)
{
	struct xl_disk a = disk("vdev=xvda,target=x"), b = disk("vdev=xvdb,target=y");
	struct xl_spec_error e = { 0 };
	struct xl_vif v;

	(void)state;
	assert_int_equal(xl_vif_parse("", 0, 0, &v, &e), 0);
	assert_int_equal(devices_add_disk(&fake, 7, &a, stderr), 0);
	assert_int_equal(devices_add_disk(&fake, 7, &b, stderr), 0);
	assert_int_equal(devices_add_vif(&fake, 7, &v, stderr), 0);
	devices_remove_all(&fake, 7);
	assert_int_equal(node_count, 0);
}

/* Run line; what it printed (out, then err) into out, and its status. */
static int run(const char *line, char *out, size_t out_size)
{
	const struct shell_result *r = shell_capture(&fake, line);

	snprintf(out, out_size, "%s%s", r->out, r->err);
	return r->status;
}

static void test_xl_block_and_network_commands(void **state)
{
	char out[2048];

	(void)state;
	assert_int_equal(run("xl block-attach guest vdev=xvda,target=/dev/vda", out, sizeof(out)),
			 0);
	assert_int_equal(run("xl network-attach guest mac=00:16:3e:00:00:01", out, sizeof(out)), 0);
	assert_int_equal(run("xl network-attach guest bridge=br1", out, sizeof(out)), 0);
	assert_string_equal(value_of("/local/domain/4/backend/vif/7/1/bridge"), "br1");
	assert_int_equal(run("xl block-list guest", out, sizeof(out)), 0);
	assert_string_equal(
		out, "Vdev  BE  handle state evt-ch ring-ref BE-path                       \n"
		     "51712 4   7      1     -1     -1       "
		     "/local/domain/4/backend/vbd/7/51712\n");
	assert_int_equal(run("xl network-list guest", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "0   4  00:16:3e:00:00:01      0     1     -1    -1/-1"));
	assert_int_equal(run("xl block-detach guest xvda", out, sizeof(out)), 0);
	assert_int_equal(run("xl block-detach guest xvda", out, sizeof(out)), 1);
	assert_string_equal(out, "Error: Device xvda not connected.\n");
	assert_int_equal(run("xl network-detach guest 1", out, sizeof(out)), 0);
	assert_int_equal(run("xl network-detach guest 0", out, sizeof(out)), 0);
	assert_int_equal(node_count, 0);
	/* Only the domains this toolstack controls. */
	assert_int_equal(run("xl block-attach blk vdev=xvda,target=x", out, sizeof(out)), 1);
	assert_string_equal(out, "libxl: error: domain 4 is not controlled by this toolstack\n");
	assert_int_equal(run("xl block-attach guest vdev=,target=x", out, sizeof(out)), 1);
	assert_int_equal(node_count, 0);
}

static void test_xenstore_commands(void **state)
{
	char out[2048];

	(void)state;
	assert_int_equal(run("xenstore-write /a/b one /a/c two", out, sizeof(out)), 0);
	assert_int_equal(run("xenstore-write /a/b/d 'with space'", out, sizeof(out)), 0);
	assert_int_equal(run("xenstore-read /a/b /a/c", out, sizeof(out)), 0);
	assert_string_equal(out, "one\ntwo\n");
	assert_int_equal(run("xenstore-list /a", out, sizeof(out)), 0);
	assert_string_equal(out, "b\nc\n");
	assert_int_equal(run("xenstore-ls /a", out, sizeof(out)), 0);
	assert_string_equal(out, "b = \"one\"\n d = \"with space\"\nc = \"two\"\n");
	assert_int_equal(run("xenstore-chmod /a/b n7 r4", out, sizeof(out)), 0);
	assert_perms("/a/b", 7, 4);
	assert_int_equal(run("xenstore-chmod /a/b x7", out, sizeof(out)), 1);
	assert_int_equal(run("xenstore-rm /a/b", out, sizeof(out)), 0);
	assert_int_equal(run("xenstore-read /a/b/d", out, sizeof(out)), 1);
	assert_string_equal(out, "xenstore-read: could not read /a/b/d (-2)\n");
	assert_int_equal(run("xenstore-write /a/b", out, sizeof(out)), 1);
	assert_string_equal(out, "Usage: xenstore-write key value [...]\n");
	assert_int_equal(run("xenstore-watch -n 3 /a", out, sizeof(out)), 0);
	assert_string_equal(out, "/a\n/a/child1\n/a/child2\n");
	assert_null(watch_fn); /* taken away at the end */
	assert_int_equal(run("xenstore-watch /a", out, sizeof(out)), 1);
	/* An event every other wait: 5000 do not come within the bound. */
	assert_int_equal(shell_capture(&fake, "xenstore-watch -n 5000 /a")->status, 1);
	assert_string_equal(shell_capture(&fake, "xenstore-watch -n 5000 /a")->err,
			    "xenstore-watch: 1501 of 5000 events in 300 s; gave up\n");
	assert_null(watch_fn);
	assert_int_equal(run("xenstore-watch -n 0 /a", out, sizeof(out)), 1);
}

/* A back end that took the device (Connected) and closes it: the detach waits for its Closed. */
static void test_detach_waits_for_the_back_end(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");
	const char *closing, *closed, *gone;
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	backend_state_path = "/local/domain/4/backend/vbd/7/51712/state";
	fake_xs_write(backend_state_path, "4");
	closes_after = 3;
	log_[0] = '\0';
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, true, err), 0);
	fclose(err);
	closing = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=5;");
	closed = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=6;(back end);");
	gone = strstr(log_, "rm /local/domain/4/backend/vbd/7/51712;");
	assert_true(closing && closed && gone && closing < closed && closed < gone);
	/* Closed came from the back end only, and nothing was removed before it. */
	assert_ptr_equal(strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=6;"), closed);
	assert_int_equal(slept_ms, 3 * DEVICES_REMOVE_POLL_MS);
	assert_string_equal(text, "");
	assert_int_equal(node_count, 0);
	free(text);
}

/* A back end that never closes: the wait ends at the bound, says so, and takes it down. */
static void test_detach_gives_up_after_the_bound(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);
	const char *closing, *closed;

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	backend_state_path = "/local/domain/4/backend/vbd/7/51712/state";
	fake_xs_write(backend_state_path, "4");
	log_[0] = '\0';
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, true, err), 0);
	fclose(err);
	assert_int_equal(slept_ms, DEVICES_REMOVE_WAIT_MS);
	assert_string_equal(text, "libxl: error: vbd 51712 of domain 7: the back end did not "
				  "close it within 10 s; removing it anyway\n");
	closing = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=5;");
	closed = strstr(log_, "/local/domain/4/backend/vbd/7/51712/state=6;");
	assert_true(closing && closed && closing < closed);
	assert_int_equal(node_count, 0);
	free(text);
}

/* No back end took it (still Initialising), or the domain is being destroyed: no wait. */
static void test_no_wait_without_a_back_end(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, true, stderr), 0);
	assert_int_equal(slept_ms, 0);
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	fake_xs_write("/local/domain/4/backend/vbd/7/51712/state", "4");
	devices_remove_all(&fake, 7);
	assert_int_equal(slept_ms, 0);
	assert_int_equal(node_count, 0);
}

/* The back end takes its directory away itself as it closes: that ends the wait too. */
static void test_detach_ends_when_the_back_end_removes_it(void **state)
{
	struct xl_disk d = disk("vdev=xvda,target=x");

	(void)state;
	assert_int_equal(devices_add_disk(&fake, 7, &d, stderr), 0);
	backend_state_path = "/local/domain/4/backend/vbd/7/51712/state";
	fake_xs_write(backend_state_path, "4");
	closes_after = 2;
	backend_removes = true;
	assert_int_equal(devices_remove(&fake, 7, "vbd", 51712, true, stderr), 0);
	assert_int_equal(slept_ms, 2 * DEVICES_REMOVE_POLL_MS);
	assert_non_null(strstr(log_, "rm /local/domain/4/backend/vbd/7/51712;(back end);"));
	assert_int_equal(node_count, 0);
}

/* xl block-detach, with a back end that closes after a while. */
static void test_xl_block_detach_waits(void **state)
{
	char out[512];

	(void)state;
	assert_int_equal(run("xl block-attach guest vdev=xvdb,target=/dev/vdb", out, sizeof(out)),
			 0);
	backend_state_path = "/local/domain/4/backend/vbd/7/51728/state";
	fake_xs_write(backend_state_path, "4");
	closes_after = 20;
	assert_int_equal(run("xl block-detach guest xvdb", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(slept_ms, 20 * DEVICES_REMOVE_POLL_MS);
	assert_int_equal(node_count, 0);
}

/* boot.<name>.cfg, as tessera-pack writes it. */
static const char guest_list[] = "# made by tessera-pack\n"
				 "name = \"guest\"\n"
				 "disk = [\n"
				 "\t'vdev=xvda,access=ro,target=vda:0+2048',\n"
				 "\t'vdev=xvdb,backend=nobody,target=vdb',\n"
				 "\t'vdev=xvdc,backend=other,target=it\\'s',\n"
				 "]\n"
				 "vif = [\n"
				 "\t'',\n"
				 "]\n";

static char *boot_devices_output(const struct domain_info *info, unsigned int *failed)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	*failed = boot_devices_add(&fake, info, out);
	fclose(out);
	return text;
}

static void test_boot_domain_entries(void **state)
{
	unsigned int failed;
	char *text;

	(void)state;
	bundle_names[0] = "boot.guest.cfg";
	bundle_texts[0] = guest_list;
	text = boot_devices_output(&domains[3], &failed);
	/* The disk whose back end does not exist is not written, and says so; the others are. */
	assert_int_equal(failed, 1);
	assert_string_equal(text,
			    "toolstack: d7 (guest): disk xvda (vbd 51712) written\n"
			    "libxl: error: vbd 51728 of domain 7: no back end domain named nobody\n"
			    "toolstack: d7 (guest): disk xvdb (vbd 51728) not written\n"
			    "toolstack: d7 (guest): disk xvdc (vbd 51744) written\n"
			    "toolstack: d7 (guest): vif 0 written\n");
	free(text);
	assert_string_equal(value_of("/local/domain/7/device/vbd/51712/backend"),
			    "/local/domain/4/backend/vbd/7/51712");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/params"), "vda:0+2048");
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/mode"), "r");
	assert_perms("/local/domain/4/backend/vbd/7/51712/params", 4, 7);
	assert_null(value_of("/local/domain/7/device/vbd/51728"));
	assert_string_equal(value_of("/local/domain/6/backend/vbd/7/51744/params"), "it's");
	assert_string_equal(value_of("/local/domain/7/device/vif/0/backend-id"), "4");
	/* Started again, the toolstack leaves what is there as it is (a back end took xvda). */
	fake_xs_write("/local/domain/4/backend/vbd/7/51712/state", "4");
	text = boot_devices_output(&domains[3], &failed);
	assert_int_equal(failed, 1);
	assert_string_equal(text,
			    "toolstack: d7 (guest): disk xvda (vbd 51712) already there\n"
			    "libxl: error: vbd 51728 of domain 7: no back end domain named nobody\n"
			    "toolstack: d7 (guest): disk xvdb (vbd 51728) not written\n"
			    "toolstack: d7 (guest): disk xvdc (vbd 51744) already there\n"
			    "toolstack: d7 (guest): vif 0 already there\n");
	free(text);
	assert_string_equal(value_of("/local/domain/4/backend/vbd/7/51712/state"), "4");
	/* A domain without a list has nothing to write, and nothing fails. */
	text = boot_devices_output(&domains[1], &failed);
	assert_int_equal(failed, 0);
	assert_string_equal(text, "");
	free(text);
}

static char *follow_output(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	boot_domains_follow(&fake, out);
	fclose(out);
	return text;
}

/* Where what in the log: the order of the store's calls. */
static const char *at(const char *what)
{
	const char *where = strstr(log_, what);

	assert_non_null(where);
	return where;
}

/*
 * A controlled boot domain through its incarnations: the first gets its home, INTRODUCE and
 * devices; seen again, nothing; started again by the core (a new generation), the last one's
 * devices and back end directories go and it is released before the new home is written; gone,
 * the same taking down, once.
 */
static void test_boot_domain_incarnations(void **state)
{
	char *text;

	(void)state;
	bundle_names[0] = "boot.guest.cfg";
	bundle_texts[0] = "name = \"guest\"\nvif = [ '' ]\n";
	domains[3].generation = 1;
	domains[3].vcpu_count = 2;
	text = follow_output();
	assert_string_equal(text, "toolstack: d7 (guest): vif 0 written\n");
	free(text);
	assert_true(at("/local/domain/7/name=guest;") < at("introduce 7;"));
	assert_true(at("introduce 7;") < at("/local/domain/7/device/vif/0/backend-id=4;"));
	assert_string_equal(value_of("/local/domain/7/cpu/1/availability"), "online");
	assert_null(strstr(log_, "release"));

	log_[0] = '\0';
	text = follow_output();
	assert_string_equal(text, "");
	free(text);
	assert_string_equal(log_, "");

	/* The back end took the vif; the core rebuilt the domain. */
	fake_xs_write("/local/domain/4/backend/vif/7/0/state", "4");
	log_[0] = '\0';
	domains[3].generation = 2;
	text = follow_output();
	assert_string_equal(text,
			    "toolstack: d7 (guest) started again: its home and devices follow\n"
			    "toolstack: d7 (guest): vif 0 written\n");
	free(text);
	assert_true(at("/local/domain/4/backend/vif/7/0/state=5;") < at("release 7;"));
	assert_true(at("rm /local/domain/4/backend/vif/7;") < at("release 7;"));
	assert_true(at("release 7;") < at("/local/domain/7/name=guest;"));
	assert_true(at("introduce 7;") < at("/local/domain/7/device/vif/0/backend-id=4;"));
	assert_string_equal(value_of("/local/domain/4/backend/vif/7/0/state"), "1");

	/* Dying, then gone: taken down once, and forgotten. */
	log_[0] = '\0';
	domains[3].flags = DOMAIN_INFO_DYING;
	text = follow_output();
	free(text);
	assert_non_null(strstr(log_, "release 7;"));
	assert_null(value_of("/local/domain/4/backend/vif/7/0/state"));
	log_[0] = '\0';
	domain_count--;
	text = follow_output();
	assert_string_equal(text, "");
	free(text);
	assert_string_equal(log_, "");
}

/* A list the toolstack cannot take: refused whole, with one line, and nothing written. */
static void test_boot_domain_bad_lists(void **state)
{
	unsigned int failed;
	char *text;

	(void)state;
	bundle_names[0] = "boot.guest.cfg";
	bundle_texts[0] = "name = \"guest\"\nkernel = \"k\"\ndisk = ['vdev=xvda,target=x']\n";
	text = boot_devices_output(&domains[3], &failed);
	assert_int_equal(failed, 1);
	assert_string_equal(text, "toolstack: d7 (guest): device list refused: boot.guest.cfg:2:1: "
				  "a boot domain's device list holds name, disk and vif only, not "
				  "`kernel'\n");
	free(text);
	bundle_texts[0] = "name = \"blk\"\ndisk = ['vdev=xvda,target=x']\n";
	text = boot_devices_output(&domains[3], &failed);
	assert_int_equal(failed, 1);
	assert_string_equal(text,
			    "toolstack: d7 (guest): device list boot.guest.cfg is domain blk's\n");
	free(text);
	bundle_texts[0] = "disk = ['vdev=xvda,access=rx,target=x']\nname = \"guest\"\n";
	text = boot_devices_output(&domains[3], &failed);
	assert_int_equal(failed, 1);
	assert_non_null(strstr(text, "device list refused: boot.guest.cfg:1:"));
	free(text);
	assert_int_equal(node_count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_disk_entries_as_libxl_writes_them, setup),
		cmocka_unit_test_setup(test_no_back_end_writes_nothing, setup),
		cmocka_unit_test_setup(test_the_one_driver_domain_is_the_default, setup),
		cmocka_unit_test_setup(test_vif_entries, setup),
		cmocka_unit_test_setup(test_remove_in_xenbus_order, setup),
		cmocka_unit_test_setup(test_remove_ignores_what_the_guest_wrote, setup),
		cmocka_unit_test_setup(test_remove_all, setup),
		cmocka_unit_test_setup(test_xl_block_and_network_commands, setup),
		cmocka_unit_test_setup(test_xenstore_commands, setup),
		cmocka_unit_test_setup(test_detach_waits_for_the_back_end, setup),
		cmocka_unit_test_setup(test_detach_gives_up_after_the_bound, setup),
		cmocka_unit_test_setup(test_no_wait_without_a_back_end, setup),
		cmocka_unit_test_setup(test_detach_ends_when_the_back_end_removes_it, setup),
		cmocka_unit_test_setup(test_xl_block_detach_waits, setup),
		cmocka_unit_test_setup(test_boot_domain_entries, setup),
		cmocka_unit_test_setup(test_boot_domain_bad_lists, setup),
		cmocka_unit_test_setup(test_boot_domain_incarnations, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
