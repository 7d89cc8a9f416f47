// SPDX-License-Identifier: MIT
/* The stand-in core and loop of fake.h, in place of the libOS calls peers.c and service.c make. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/evtchn.h>
#include <libos/gic.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/intr.h>
#include <libos/libos.h>
#include <libos/loop.h>
#include <libos/timer.h>

#include "fake.h"

#define FAKE_LOCAL_PORTS 512u
#define FAKE_OUTPUT_MAX 4096u

struct fake_loop_port {
	evtchn_port_t port;
	loop_port_fn fn;
	void *arg;
	bool pending;
};

struct fake_domain fake_domains[FAKE_DOMAINS];
jmp_buf fake_jump;
enum fake_end fake_ended;
int fake_exit_status;
bool fake_gic_fails;
bool fake_loop_full;
size_t fake_heap_room;
unsigned int fake_intr_enabled;

static struct fake_loop_port loop_ports[FAKE_LOOP_PORTS];
static int port_owner[FAKE_LOCAL_PORTS]; /* domid + 1 of a bound port; 0: free */
static char pages[FAKE_DOMAINS][4096] __attribute__((aligned(4096)));
static evtchn_port_t dom_exc;
static FILE *output;
static int saved_stdout = -1;
static char output_text[FAKE_OUTPUT_MAX];

void __wrap_exit(int status) __attribute__((noreturn));

void fake_reset(void)
{
	fake_heap_room = FAKE_HEAP_ROOM;
	memset(fake_domains, 0, sizeof(fake_domains));
	memset(pages, 0, sizeof(pages));
	memset(loop_ports, 0, sizeof(loop_ports));
	memset(port_owner, 0, sizeof(port_owner));
	fake_ended = FAKE_RUNNING;
	fake_exit_status = -1;
	fake_gic_fails = false;
	fake_loop_full = false;
	fake_intr_enabled = 0;
	dom_exc = 0;
}

struct domain_info *fake_domain_add(uint16_t domid, const char *name, uint32_t rights)
{
	struct fake_domain *d = &fake_domains[domid];

	assert_true(domid < FAKE_DOMAINS);
	d->exists = true;
	d->info = (struct domain_info){ .domid = domid,
					.vcpu_count = 1,
					.generation = 1,
					.rights = rights,
					.store_port = FAKE_STORE_PORT(domid),
					.console_port = FAKE_CONSOLE_PORT(domid) };
	strncpy(d->info.name, name, sizeof(d->info.name) - 1);
	return &d->info;
}

void fake_domain_remove(uint16_t domid)
{
	fake_domains[domid].exists = false;
}

unsigned int fake_maps_held(void)
{
	unsigned int held = 0;

	for (unsigned int i = 0; i < FAKE_DOMAINS; i++) {
		held += fake_domains[i].maps;
	}
	return held;
}

unsigned int fake_ports_held(void)
{
	unsigned int held = 0;

	for (unsigned int i = 0; i < FAKE_DOMAINS; i++) {
		held += fake_domains[i].bound;
	}
	return held;
}

/* domain_info, the only hypercall peers.c makes directly. */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4)
{
	struct domain_info *info = (struct domain_info *)a0;

	assert_int_equal(nr, __HYPERVISOR_domain_info);
	assert_int_equal(a1 | a2 | a3 | a4, 0);
	for (unsigned int id = info->domid; id < FAKE_DOMAINS; id++) {
		if (fake_domains[id].exists) {
			*info = fake_domains[id].info;
			return 0;
		}
	}
	return -XEN_ESRCH;
}

int16_t gnttab_map_page(domid_t dom, grant_ref_t ref, bool readonly, void **va,
			grant_handle_t *handle)
{
	struct fake_domain *d = &fake_domains[dom];

	assert_true(dom < FAKE_DOMAINS && d->exists);
	assert_false(readonly);
	if (d->refuse_map) {
		return GNTST_general_error;
	}
	d->maps++;
	d->mapped_ref = ref;
	*va = pages[dom];
	*handle = dom;
	return GNTST_okay;
}

int16_t gnttab_unmap_page(void *va, grant_handle_t handle)
{
	assert_true(handle < FAKE_DOMAINS);
	assert_ptr_equal(va, pages[handle]);
	assert_true(fake_domains[handle].maps > 0);
	fake_domains[handle].maps--;
	return GNTST_okay;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_handler_fn fn,
			     void *arg, evtchn_port_t *port)
{
	struct fake_domain *d = &fake_domains[remote];

	assert_true(remote < FAKE_DOMAINS && d->exists);
	assert_null(fn); /* the loop installs the handler */
	(void)arg;
	if (d->refuse_bind) {
		return -XEN_EINVAL;
	}
	assert_true(remote_port == d->info.store_port || remote_port == d->info.console_port);
	for (evtchn_port_t p = 10; p < FAKE_LOCAL_PORTS; p++) {
		if (port_owner[p] == 0) {
			port_owner[p] = remote + 1;
			d->bound++;
			*port = p;
			return 0;
		}
	}
	return -XEN_ENOSPC;
}

void *fake_page(uint16_t domid)
{
	return pages[domid];
}

long evtchn_send(evtchn_port_t port)
{
	assert_true(port < FAKE_LOCAL_PORTS && port_owner[port] != 0);
	fake_domains[port_owner[port] - 1].notified++;
	return 0;
}

long evtchn_close(evtchn_port_t port)
{
	assert_true(port < FAKE_LOCAL_PORTS && port_owner[port] != 0);
	fake_domains[port_owner[port] - 1].bound--;
	port_owner[port] = 0;
	return 0;
}

long evtchn_init(void)
{
	return 0;
}

long evtchn_bind_virq(uint32_t virq, unsigned int vcpu, evtchn_handler_fn fn, void *arg,
		      evtchn_port_t *port)
{
	assert_int_equal(virq, VIRQ_DOM_EXC);
	assert_int_equal(vcpu, 0);
	assert_null(fn);
	(void)arg;
	dom_exc = 3;
	*port = dom_exc;
	return 0;
}

evtchn_port_t fake_dom_exc_port(void)
{
	return dom_exc;
}

size_t libos_heap_room(void)
{
	return fake_heap_room;
}

int gic_init(void)
{
	return fake_gic_fails ? -1 : 0;
}

int timer_init(void)
{
	return 0;
}

static struct fake_loop_port *loop_find(evtchn_port_t port)
{
	for (unsigned int i = 0; i < FAKE_LOOP_PORTS; i++) {
		if (loop_ports[i].fn && loop_ports[i].port == port) {
			return &loop_ports[i];
		}
	}
	return NULL;
}

long loop_port_add(evtchn_port_t port, loop_port_fn fn, void *arg)
{
	if (fn == NULL) {
		return -XEN_EINVAL;
	}
	if (loop_find(port)) {
		return -XEN_EEXIST;
	}
	for (unsigned int i = 0; i < FAKE_LOOP_PORTS && !fake_loop_full; i++) {
		if (!loop_ports[i].fn) {
			loop_ports[i] =
				(struct fake_loop_port){ .port = port, .fn = fn, .arg = arg };
			return 0;
		}
	}
	return -XEN_ENOSPC;
}

long loop_port_remove(evtchn_port_t port)
{
	struct fake_loop_port *p = loop_find(port);

	if (!p) {
		return -XEN_ENOENT;
	}
	*p = (struct fake_loop_port){ 0 };
	return 0;
}

void loop_port_raise(evtchn_port_t port)
{
	fake_loop_fire(port);
}

void fake_loop_fire(evtchn_port_t port)
{
	struct fake_loop_port *p = loop_find(port);

	if (p) {
		p->pending = true;
	}
}

bool fake_loop_has(evtchn_port_t port)
{
	return loop_find(port) != NULL;
}

bool fake_loop_pending(evtchn_port_t port)
{
	struct fake_loop_port *p = loop_find(port);

	return p && p->pending;
}

unsigned int fake_loop_count(void)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < FAKE_LOOP_PORTS; i++) {
		count += loop_ports[i].fn != NULL;
	}
	return count;
}

unsigned int fake_dispatch(void)
{
	unsigned int ran = 0;

	for (unsigned int i = 0; i < FAKE_LOOP_PORTS; i++) {
		if (loop_ports[i].fn && loop_ports[i].pending) {
			loop_ports[i].pending = false;
			loop_ports[i].fn(loop_ports[i].port, loop_ports[i].arg);
			ran++;
		}
	}
	return ran;
}

void loop_run(void)
{
	fake_ended = FAKE_LOOP_RUN;
	longjmp(fake_jump, 1);
}

/* The linker sends the code under test's exit here (-Wl,--wrap=exit). */
void __wrap_exit(int status)
{
	fake_ended = FAKE_EXIT;
	fake_exit_status = status;
	longjmp(fake_jump, 1);
}

void fake_output_start(void)
{
	fflush(stdout);
	output = tmpfile();
	assert_non_null(output);
	saved_stdout = dup(STDOUT_FILENO);
	assert_true(saved_stdout >= 0);
	assert_true(dup2(fileno(output), STDOUT_FILENO) >= 0);
}

const char *fake_output_end(void)
{
	size_t n;

	fflush(stdout);
	assert_true(dup2(saved_stdout, STDOUT_FILENO) >= 0);
	close(saved_stdout);
	rewind(output);
	n = fread(output_text, 1, sizeof(output_text) - 1, output);
	output_text[n] = '\0';
	fclose(output);
	return output_text;
}
