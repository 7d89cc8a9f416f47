// SPDX-License-Identifier: MIT
/*
 * Unit tests of domain_control (kernel/common/domctl.c) over the real control
 * verbs, registry and scheduler: who may call it (only a toolstack, only over
 * the domains it controls), what each op checks, and that a domain made and
 * destroyed through it leaves no frame behind. The toolstack's arguments
 * live in its own RAM, copied in and out as from a guest (stage 1 off).
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/domain_info.h>
#include <abi/domctl.h>
#include <abi/guest_layout.h>
#include <abi/hvm.h>
#include <abi/sched.h>
#include <abi/vcpu.h>
#include <abi/hypercall.h>
#include <console.h>
#include <domain.h>
#include <errno.h>
#include <frame.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <lib.h>
#include <pcpu.h>
#include <sched.h>

#include "domain_fixture.h"

#define MIB (1ull << 20)
#define RAM_SIZE (16 * MIB)
#define KEEPER_ID 0x7fe0 /* kept alive so that no test's last destroy powers off */
#define TOOL_ID 5
#define STORE_ID 6
#define ARG_GVA GUEST_RAM_BASE                    /* the toolstack's struct domctl */
#define DATA_GVA (GUEST_RAM_BASE + 2 * PAGE_SIZE) /* bytes it copies into a domain */
#define TOOL_PAGES 32

static struct domain *keeper, *tool, *store;

/* Stand-ins for the arch's interrupt controller and clock. */
void arch_domain_init(struct domain *d)
{
	(void)d;
}

void arch_domain_assign_irq(struct domain *d, uint32_t intid)
{
	(void)d, (void)intid;
}

void arch_domain_release_irq(struct domain *d, uint32_t intid)
{
	(void)d, (void)intid;
}

void arch_wallclock(uint32_t *sec, uint32_t *nsec, uint32_t *sec_hi)
{
	*sec = *nsec = *sec_hi = 0;
}

void arch_vcpu_raise_upcall(struct vcpu *v)
{
	(void)v;
}

/* A continued call: the vCPU would enter the same call again (hypercall.c). */
static unsigned int continued;

long hypercall_continue(struct vcpu *v, const struct hypercall_args *next)
{
	(void)v, (void)next;
	continued++;
	return HYPERCALL_CONTINUED;
}

/* Guest virtual addresses are IPAs: stage 1 is off. */
int arch_gva_to_ipa(gva_t gva, bool write, ipa_t *ipa)
{
	(void)write;
	*ipa = ipa_make(gva.gva);
	return 0;
}

static struct domain *make(const char *name, uint16_t domid, uint32_t rights, uint64_t pages)
{
	struct domain_config cfg = {
		.domid = domid,
		.vcpu_count = 1,
		.max_pages = pages + 8,
		.rights = rights,
		.weight = 256,
		.affinity = 1,
		.grant_frames = 1,
	};
	struct domain *d = NULL;

	strlcpy(cfg.name, name, sizeof(cfg.name));
	assert_int_equal(domain_create(&cfg, &d), 0);
	if (pages) {
		assert_int_equal(domain_populate(d, ipa_make(GUEST_RAM_BASE), pages), 0);
	}
	return d;
}

static int setup(void **state)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), RAM_SIZE };

	(void)state;
	host_ram_init(RAM_SIZE);
	host_reset_logs();
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	memset(pcpus, 0, sizeof(pcpus));
	pcpu_count = 1;
	pcpus[0].online = true;
	keeper = make("keeper", KEEPER_ID, 0, 4);
	tool = make("tool", TOOL_ID, RIGHT_TOOLSTACK, TOOL_PAGES);
	store = make("store", STORE_ID, RIGHT_XENSTORE, 0);
	this_pcpu()->current = tool->vcpus[0];
	return 0;
}

/* Destroy whatever is left; the last destroy powers the machine off. */
static int teardown(void **state)
{
	(void)state;
	domain_fixture_destroy_all();
	return 0;
}

/* The bytes at gva in domain d (its RAM is mapped page for page). */
static void *guest_bytes(struct domain *d, uint64_t gpa)
{
	paddr_t pa;

	assert_true(stage2_lookup(&d->s2, ipa_make(gpa & PAGE_MASK), &pa, NULL));
	return (uint8_t *)arch_pa_to_va(pa) + (gpa & ~PAGE_MASK);
}

/* Issue op as caller's vCPU 0, with op in the caller's RAM, entering it again while it is
 * continued as the vCPU would; op is updated from there. */
static long call_as(struct domain *caller, struct domctl *op)
{
	struct hypercall_args args = { .a = { ARG_GVA } };
	long rc;

	memcpy(guest_bytes(caller, ARG_GVA), op, sizeof(*op));
	this_pcpu()->current = caller->vcpus[0];
	do {
		rc = do_domain_control(caller->vcpus[0], &args);
	} while (rc == HYPERCALL_CONTINUED);
	memcpy(op, guest_bytes(caller, ARG_GVA), sizeof(*op));
	this_pcpu()->current = tool->vcpus[0];
	return rc;
}

static long call(struct domctl *op)
{
	return call_as(tool, op);
}

static struct domctl create_op(const char *name, uint32_t rights)
{
	struct domctl op = { .cmd = DOMCTL_create };

	strlcpy(op.u.create.name, name, sizeof(op.u.create.name));
	op.u.create.vcpus = 2;
	op.u.create.rights = rights;
	op.u.create.max_pages = 64;
	op.u.create.weight = 256;
	op.u.create.grant_frames = 4;
	return op;
}

/* A domain the toolstack created: its id. */
static uint16_t create_child(const char *name)
{
	struct domctl op = create_op(name, 0);

	assert_int_equal(call(&op), 0);
	assert_int_not_equal(op.domid, 0);
	return op.domid;
}

static long on(uint16_t domid, uint32_t cmd)
{
	struct domctl op = { .cmd = cmd, .domid = domid };

	return call(&op);
}

static bool exists(uint16_t domid)
{
	struct domain *d = domain_get_next(domid);
	bool found = d && d->domid == domid;

	if (d) {
		domain_put(d);
	}
	return found;
}

static struct domain *find(uint16_t domid)
{
	struct domain *d = domain_get_next(domid);

	assert_non_null(d);
	assert_int_equal(d->domid, domid);
	domain_put(d); /* the registry's reference keeps it while the test looks */
	return d;
}

static void test_only_a_toolstack_may_call(void **state)
{
	uint64_t before;

	(void)state;
	assert_int_equal(domain_populate(store, ipa_make(GUEST_RAM_BASE), 1), 0);
	before = frame_free_count();
	for (uint32_t cmd = 0; cmd < 32; cmd++) {
		struct domctl op = create_op("x", 0);

		op.cmd = cmd;
		op.domid = cmd == DOMCTL_create ? 0 : TOOL_ID;
		assert_int_equal(call_as(keeper, &op), -EPERM);
		assert_int_equal(call_as(store, &op), -EPERM); /* another right is not this one */
	}
	assert_int_equal(frame_free_count(), before); /* nothing made */
	assert_int_equal(domain_holding(RIGHT_TOOLSTACK), TOOL_ID);
}

static void test_create_makes_a_paused_controlled_domain(void **state)
{
	struct domctl op = create_op("guest-1", 0);
	struct domain *d;

	(void)state;
	assert_int_equal(call(&op), 0);
	d = find(op.domid);
	assert_string_equal(d->name, "guest-1");
	assert_int_equal(d->controller, TOOL_ID);
	assert_int_equal(d->rights, 0);
	assert_int_equal(d->vcpu_count, 2);
	assert_int_equal(d->max_pages, 64);
	assert_true(sched_domain_paused(d));
	assert_int_equal(d->ram_pages, 0);
}

static void test_create_refuses_bad_configurations(void **state)
{
	struct domctl op;

	(void)state;
	op = create_op("rights", RIGHT_CONSOLE); /* not the toolstack's to give */
	assert_int_equal(call(&op), -EPERM);
	op = create_op("bad name", 0);
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("", 0);
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	memset(op.u.create.name, 'a', sizeof(op.u.create.name)); /* no NUL */
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.u.create.vcpus = 0;
	assert_int_equal(call(&op), -EINVAL);
	op.u.create.vcpus = DOMCTL_VCPUS_MAX + 1;
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.u.create.weight = 0;
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.u.create.cap = 201; /* two vCPUs: 200 at most */
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.u.create.grant_frames = 65;
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.u.create.max_pages = ~0ull;
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.domid = 77; /* the core chooses */
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.pad = 1;
	assert_int_equal(call(&op), -EINVAL);
	op = create_op("x", 0);
	op.cmd = 99;
	assert_int_equal(call(&op), -EINVAL);
	/* A toolstack may pass on the right it holds. */
	op = create_op("nested", RIGHT_TOOLSTACK);
	assert_int_equal(call(&op), 0);
}

static void test_reaches_only_controlled_domains(void **state)
{
	uint32_t cmds[] = { DOMCTL_destroy,     DOMCTL_pause,      DOMCTL_unpause,
			    DOMCTL_populate,    DOMCTL_copy_in,    DOMCTL_vcpu_context,
			    DOMCTL_offer_rings, DOMCTL_set_limits, DOMCTL_vcpu_affinity };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		assert_int_equal(on(KEEPER_ID, cmds[i]), -EPERM); /* exists, not controlled */
		assert_int_equal(on(TOOL_ID, cmds[i]), -EPERM);   /* never itself */
		assert_int_equal(on(DOMID_SELF, cmds[i]), -ESRCH);
		assert_int_equal(on(0x7000, cmds[i]), -ESRCH);
	}
	assert_int_equal(keeper->state, DOMAIN_ACTIVE);
	assert_int_equal(tool->state, DOMAIN_ACTIVE);
}

static void test_populate_and_copy_in_while_paused(void **state)
{
	uint16_t id = create_child("child");
	struct domain *d = find(id);
	struct domctl op = { .cmd = DOMCTL_populate, .domid = id };
	static const char kernel[] = "an image, 1 KiB and more, crossing the buffer";
	uint8_t *data = guest_bytes(tool, DATA_GVA);

	(void)state;
	op.u.populate.gfn = GUEST_RAM_BASE >> PAGE_SHIFT;
	op.u.populate.count = 0;
	assert_int_equal(call(&op), -EINVAL);
	op.u.populate.count = DOMCTL_POPULATE_MAX + 1;
	assert_int_equal(call(&op), -EINVAL);
	op.u.populate.count = 65; /* max_pages is 64 */
	assert_int_equal(call(&op), -ENOMEM);
	assert_int_equal(d->ram_pages, 0);
	op.u.populate.count = 4;
	assert_int_equal(call(&op), 0);
	assert_int_equal(d->ram_pages, 4);

	for (unsigned int i = 0; i < 1500; i++) {
		data[i] = (uint8_t)i;
	}
	memcpy(data + 1500, kernel, sizeof(kernel));
	op = (struct domctl){ .cmd = DOMCTL_copy_in, .domid = id };
	op.u.copy_in =
		(struct domctl_copy_in){ GUEST_RAM_BASE + 100, DATA_GVA, 1500 + sizeof(kernel) };
	assert_int_equal(call(&op), 0);
	assert_memory_equal(guest_bytes(d, GUEST_RAM_BASE + 100), data, 1500 + sizeof(kernel));

	op.u.copy_in.len = 0;
	assert_int_equal(call(&op), -EINVAL);
	op.u.copy_in.len = DOMCTL_COPY_MAX + 1;
	assert_int_equal(call(&op), -EINVAL);
	op.u.copy_in.len = 2 * PAGE_SIZE; /* runs past its 4 pages of RAM */
	op.u.copy_in.gpa = GUEST_RAM_BASE + 3 * PAGE_SIZE;
	assert_int_equal(call(&op), -EFAULT);
	op.u.copy_in.gpa = GUEST_RAM_BASE;
	op.u.copy_in.va = GUEST_RAM_BASE + (TOOL_PAGES - 1) * PAGE_SIZE; /* past the tool's */
	assert_int_equal(call(&op), -EFAULT);

	/* Running, it is no longer the toolstack's to write. */
	assert_int_equal(on(id, DOMCTL_unpause), 0);
	op.u.copy_in = (struct domctl_copy_in){ GUEST_RAM_BASE, DATA_GVA, 16 };
	assert_int_equal(call(&op), -EBUSY);
	assert_int_equal(on(id, DOMCTL_pause), 0);
	assert_int_equal(call(&op), 0);
}

static void test_vcpu_context(void **state)
{
	uint16_t id = create_child("ctx");
	struct domctl op = { .cmd = DOMCTL_vcpu_context, .domid = id };

	(void)state;
	op.u.vcpu_context = (struct domctl_vcpu_context){ 2, 0, GUEST_RAM_BASE, 0 };
	assert_int_equal(call(&op), -EINVAL); /* it has vCPUs 0 and 1 */
	op.u.vcpu_context = (struct domctl_vcpu_context){ 0, 1, GUEST_RAM_BASE, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.vcpu_context = (struct domctl_vcpu_context){ 0, 0, 1ull << 48, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.vcpu_context = (struct domctl_vcpu_context){ 1, 0, GUEST_RAM_BASE, 0x1234 };
	assert_int_equal(call(&op), 0);
	assert_int_equal(call(&op), -EBUSY); /* no longer offline */
}

/* A vCPU's pCPUs: any of its vCPUs, only while it is paused, never none of the online ones. */
static void test_vcpu_affinity(void **state)
{
	uint16_t id = create_child("pinned");
	struct domain *d = find(id);
	struct domctl op = { .cmd = DOMCTL_vcpu_affinity, .domid = id };

	(void)state;
	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ 2, 1 };
	assert_int_equal(call(&op), -EINVAL); /* it has vCPUs 0 and 1 */
	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ 0x80000000u, 1 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ 1, 1u << 4 }; /* one pCPU: 0 */
	assert_int_equal(call(&op), -EINVAL);
	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ 1, 0 };
	assert_int_equal(call(&op), -EINVAL);
	assert_int_equal(d->vcpus[1]->affinity, ~0u);
	op.u.vcpu_affinity = (struct domctl_vcpu_affinity){ 1, 1 };
	assert_int_equal(call(&op), 0);
	assert_int_equal(d->vcpus[1]->affinity, 1);
	assert_int_equal(d->vcpus[0]->affinity, ~0u);
	assert_int_equal(on(id, DOMCTL_unpause), 0);
	assert_int_equal(call(&op), -EBUSY); /* running: pause it first */
}

static void test_offer_rings_once(void **state)
{
	uint16_t id = create_child("rings");
	struct domain *d = find(id);

	(void)state;
	assert_int_equal(on(id, DOMCTL_offer_rings), 0);
	assert_int_equal(d->store_service, STORE_ID);
	assert_int_equal(d->hvm_params[HVM_PARAM_STORE_PFN], GUEST_XENSTORE_PFN);
	assert_int_not_equal(d->hvm_params[HVM_PARAM_STORE_EVTCHN], 0);
	assert_int_equal(on(id, DOMCTL_offer_rings), -EEXIST);
	assert_int_equal(on(id, DOMCTL_unpause), 0);
	assert_int_equal(on(id, DOMCTL_offer_rings), -EBUSY);
}

static void test_pause_count_is_bounded(void **state)
{
	uint16_t id = create_child("pauses"); /* created with one pause */
	struct domain *d = find(id);

	(void)state;
	for (unsigned int i = 1; i < DOMCTL_PAUSE_MAX; i++) {
		assert_int_equal(on(id, DOMCTL_pause), 0);
	}
	assert_int_equal(on(id, DOMCTL_pause), -EBUSY);
	for (unsigned int i = 0; i < DOMCTL_PAUSE_MAX; i++) {
		assert_int_equal(on(id, DOMCTL_unpause), 0);
	}
	assert_false(sched_domain_paused(d));
	assert_int_equal(on(id, DOMCTL_unpause), -EINVAL);
}

static void test_set_limits(void **state)
{
	uint16_t id = create_child("limits");
	struct domain *d = find(id);
	struct domctl op = { .cmd = DOMCTL_set_limits, .domid = id };

	(void)state;
	op.u.limits = (struct domctl_limits){ 0, 256, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.limits = (struct domctl_limits){ frame_total_count() + 1, 256, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.limits = (struct domctl_limits){ 32, 0, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.limits = (struct domctl_limits){ 32, 65536, 0 };
	assert_int_equal(call(&op), -EINVAL);
	op.u.limits = (struct domctl_limits){ 32, 512, 201 };
	assert_int_equal(call(&op), -EINVAL);
	assert_int_equal(d->max_pages, 64);
	op.u.limits = (struct domctl_limits){ 32, 512, 150 };
	assert_int_equal(call(&op), 0);
	assert_int_equal(d->max_pages, 32);
	assert_int_equal(d->weight, 512);
	assert_int_equal(d->cap, 150);
}

static void test_destroy_gives_every_frame_back(void **state)
{
	uint64_t before = frame_free_count();
	struct domctl op = { .cmd = DOMCTL_populate };
	uint16_t id;

	(void)state;
	id = create_child("gone");
	op.domid = id;
	op.u.populate = (struct domctl_populate){ GUEST_RAM_BASE >> PAGE_SHIFT, 16 };
	assert_int_equal(call(&op), 0);
	assert_int_equal(on(id, DOMCTL_offer_rings), 0);
	assert_true(frame_free_count() < before - 16);
	assert_int_equal(on(id, DOMCTL_destroy), 0);
	assert_false(exists(id));
	domain_fixture_reap();
	assert_int_equal(frame_free_count(), before);
	assert_int_equal(on(id, DOMCTL_destroy), -ESRCH);
}

/* A destroyed domain's id is free at once and its memory comes back in bounded steps: a
 * controller asking for memory (physinfo here, as create and populate) first pays for them,
 * its call continued a step at a time, each giving back at most one level-3 table's pages. */
static void test_memory_of_destroyed_domains_comes_back_in_steps(void **state)
{
	struct hypercall_args args = { .a = { ARG_GVA } };
	struct domctl op = create_op("big", 0);
	uint64_t before = frame_free_count(), free_at;
	unsigned int entries = 0;
	long rc;

	(void)state;
	op.u.create.max_pages = 4 * 512;
	assert_int_equal(call(&op), 0);
	op = (struct domctl){ .cmd = DOMCTL_populate, .domid = op.domid };
	for (uint64_t gfn = GUEST_RAM_BASE >> PAGE_SHIFT; entries < 4; entries++, gfn += 512) {
		op.u.populate = (struct domctl_populate){ gfn, 512 };
		assert_int_equal(call(&op), 0);
	}
	free_at = frame_free_count();
	assert_int_equal(on(op.domid, DOMCTL_destroy), 0);
	assert_false(exists(op.domid));
	assert_in_range(frame_free_count() - free_at, 0, 64); /* its small parts, not its RAM */
	op = (struct domctl){ .cmd = DOMCTL_physinfo };
	memcpy(guest_bytes(tool, ARG_GVA), &op, sizeof(op));
	continued = entries = 0;
	do {
		free_at = frame_free_count();
		rc = do_domain_control(tool->vcpus[0], &args);
		assert_in_range(frame_free_count() - free_at, 0, 512 + 2);
		entries++;
	} while (rc == HYPERCALL_CONTINUED);
	assert_int_equal(rc, 0);
	assert_in_range(continued, 4, 10);
	assert_int_equal(frame_free_count(), before);
	memcpy(&op, guest_bytes(tool, ARG_GVA), sizeof(op));
	assert_int_equal(op.u.physinfo.free_pages, before);
}

/* A crashed domain stays, dying, for its controller to look at, and only destroy reaches it. */
static void test_dying_domain_is_only_destroyed(void **state)
{
	uint16_t id = create_child("crashed");
	struct domain *d = find(id);

	(void)state;
	domain_shutdown(d, SHUTDOWN_crash);
	assert_int_equal(on(id, DOMCTL_unpause), -ESRCH);
	assert_int_equal(on(id, DOMCTL_offer_rings), -ESRCH);
	assert_int_equal(on(id, DOMCTL_destroy), 0);
	assert_null(domain_get(tool, id));
}

static void test_physinfo(void **state)
{
	struct domctl op = { .cmd = DOMCTL_physinfo, .domid = 0x1234 };

	(void)state;
	assert_int_equal(call(&op), 0);
	assert_int_equal(op.u.physinfo.nr_cpus, 1);
	assert_int_equal(op.u.physinfo.total_pages, frame_total_count());
	assert_int_equal(op.u.physinfo.free_pages, frame_free_count());
	assert_true(op.u.physinfo.total_pages > op.u.physinfo.free_pages);
}

/* DOMCTL_read_log at from, len bytes to DATA_GVA: the call's result; op as it came back. */
static long read_log(uint64_t from, uint32_t len, struct domctl *op)
{
	*op = (struct domctl){ .cmd = DOMCTL_read_log };
	op->u.read_log = (struct domctl_read_log){ .va = DATA_GVA, .from = from, .len = len };
	return call(op);
}

/* Where the log ends now: read to the end from its start. */
static uint64_t log_end_now(void)
{
	struct domctl op;
	uint64_t at = 0;

	do {
		assert_int_equal(read_log(at, DOMCTL_LOG_READ_MAX, &op), 0);
		at = op.u.read_log.from + op.u.read_log.len;
	} while (op.u.read_log.len);
	return at;
}

/* The core's lines come back byte for byte from where a reader left off; a reader that fell
 * behind the ring's 16 KiB is moved up to what is kept; bad sizes and addresses are refused. */
static void test_read_log(void **state)
{
	uint64_t end = log_end_now();
	struct domctl op;

	(void)state;
	log_info("marker %d", 42);
	assert_int_equal(read_log(end, DOMCTL_LOG_READ_MAX, &op), 0);
	assert_int_equal(op.u.read_log.from, end);
	assert_int_equal(op.u.read_log.len, strlen("tessera: marker 42\n"));
	assert_memory_equal(guest_bytes(tool, DATA_GVA), "tessera: marker 42\n", op.u.read_log.len);
	/* Past the end: nothing, and from says where the end is. */
	assert_int_equal(read_log(end + 1000, 16, &op), 0);
	assert_int_equal(op.u.read_log.len, 0);
	assert_int_equal(op.u.read_log.from, end + 19);
	/* 21 KiB more: the first byte still kept is 16 KiB before the end. */
	for (unsigned int i = 0; i < 1024; i++) {
		log_info("filler %04u", i); /* 21 bytes */
	}
	assert_int_equal(read_log(end, 20, &op), 0);
	assert_int_equal(op.u.read_log.from, end + 19 + 1024 * 21 - CONSOLE_LOG_BYTES);
	assert_int_equal(op.u.read_log.len, 20);
	assert_int_equal(log_end_now(), end + 19 + 1024 * 21);
	assert_int_equal(read_log(end, 0, &op), -EINVAL);
	assert_int_equal(read_log(end, DOMCTL_LOG_READ_MAX + 1, &op), -EINVAL);
	op.u.read_log.len = 8;
	op.u.read_log.pad = 1;
	assert_int_equal(call(&op), -EINVAL);
	op = (struct domctl){ .cmd = DOMCTL_read_log };
	op.u.read_log = (struct domctl_read_log){ .va = GUEST_RAM_BASE + 64 * MIB, .len = 8 };
	assert_int_equal(call(&op), -EFAULT); /* outside the toolstack's RAM */
}

/* The toolstack lists every domain through domain_info, with its controller and state. */
static void test_domain_info_lists_for_a_toolstack(void **state)
{
	struct hypercall_args args = { .a = { ARG_GVA } };
	uint16_t id = create_child("listed");
	struct domain_info *info = guest_bytes(tool, ARG_GVA);

	(void)state;
	memset(info, 0, sizeof(*info));
	info->domid = id;
	assert_int_equal(do_domain_info(tool->vcpus[0], &args), 0);
	assert_int_equal(info->domid, id);
	assert_int_equal(info->controller, TOOL_ID);
	assert_true(info->flags & DOMAIN_INFO_PAUSED);
	assert_int_equal(info->vcpu_count, 2);
	assert_int_equal(info->vcpus_online, 0);
	assert_int_equal(info->vcpu_state[0], RUNSTATE_offline);
	assert_int_equal(info->max_pages, 64);
	assert_int_equal(info->weight, 256);
	assert_int_equal(info->store_port, 0); /* not the toolstack's to learn */
	assert_string_equal(info->name, "listed");
	this_pcpu()->current = keeper->vcpus[0];
	assert_int_equal(do_domain_info(keeper->vcpus[0], &args), -EPERM);
	this_pcpu()->current = tool->vcpus[0];
}

/* An id a relation still names is never handed out: the new domain would control the old's. */
static void test_named_ids_are_not_handed_out(void **state)
{
	struct domain_config cfg = {
		.name = "orphan",
		.vcpu_count = 1,
		.weight = 1,
		.affinity = 1,
		.grant_frames = 1,
	};
	struct domain *orphan, *d;
	uint16_t named, last = 0;

	(void)state;
	assert_int_equal(domain_create(&cfg, &d), 0);
	named = (uint16_t)(d->domid + 3); /* the rover's third pick from here, but named */
	domain_fixture_destroy(d);
	cfg.controller = named;
	assert_int_equal(domain_create(&cfg, &orphan), 0);
	cfg.controller = 0;
	for (unsigned int i = 0; i < 6; i++) {
		assert_int_equal(domain_create(&cfg, &d), 0);
		assert_int_not_equal(d->domid, named);
		last = d->domid; /* d is gone once destroyed */
		domain_fixture_destroy(d);
	}
	assert_true(last > named); /* the rover went past it */
	domain_fixture_destroy(orphan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_only_a_toolstack_may_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_makes_a_paused_controlled_domain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_bad_configurations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reaches_only_controlled_domains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_populate_and_copy_in_while_paused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_context, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_affinity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_rings_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_count_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_gives_every_frame_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_memory_of_destroyed_domains_comes_back_in_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dying_domain_is_only_destroyed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_physinfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_info_lists_for_a_toolstack, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_named_ids_are_not_handed_out, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
