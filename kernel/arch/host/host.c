// SPDX-License-Identifier: MIT
/*
 * arch.h on the host, for unit tests that link the real core files: physical
 * memory is a host buffer, TLB maintenance and data cache cleans are
 * recorded, the console is a buffer the tests read, and powering off is a cmocka assertion, so a
 * test can expect a panic.
 */
#include <host_arch.h>
#include <pcpu.h>
#include <vcpu.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static uint8_t *ram;
static uint64_t ram_size;
static bool *page_cleaned; /* per page of ram: a clean covered all of it since the last reset */
struct host_tlb_log host_tlb;
char host_console[65536];
static size_t console_len;

void host_ram_init(uint64_t size)
{
	ram = aligned_alloc(PAGE_SIZE, size);
	assert_non_null(ram);
	memset(ram, 0, size);
	ram_size = size;
	page_cleaned = calloc(size >> PAGE_SHIFT, sizeof(bool));
	assert_non_null(page_cleaned);
}

void host_ram_free(void)
{
	free(ram);
	free(page_cleaned);
	ram = NULL;
	page_cleaned = NULL;
	ram_size = 0;
}

void *arch_pa_to_va(paddr_t pa)
{
	assert_true(pa.pa >= HOST_RAM_BASE && pa.pa - HOST_RAM_BASE < ram_size);
	return ram + (pa.pa - HOST_RAM_BASE);
}

paddr_t arch_va_to_pa(const void *va)
{
	const uint8_t *p = va;

	assert_true(p >= ram && p < ram + ram_size);
	return pa_make(HOST_RAM_BASE + (uint64_t)(p - ram));
}

/* Only whole pages count: a guest-visible frame is cleaned whole or not at all. */
void arch_dcache_clean(const void *va, size_t len)
{
	const uint8_t *p = va;
	uint64_t start, end;

	if (!ram || p < ram || p >= ram + ram_size || len > ram_size - (uint64_t)(p - ram)) {
		return; /* not fake physical memory: nothing a guest could see */
	}
	start = ALIGN_UP((uint64_t)(p - ram), PAGE_SIZE);
	end = ((uint64_t)(p - ram) + len) & PAGE_MASK;
	for (uint64_t off = start; off < end; off += PAGE_SIZE) {
		page_cleaned[off >> PAGE_SHIFT] = true;
	}
}

bool host_page_cleaned(paddr_t pa)
{
	assert_true(pa.pa >= HOST_RAM_BASE && pa.pa - HOST_RAM_BASE < ram_size);
	return page_cleaned[(pa.pa - HOST_RAM_BASE) >> PAGE_SHIFT];
}

void arch_icache_invalidate(void)
{
}

unsigned int host_vmid_bits = 8;

uint32_t arch_vmid_count(void)
{
	return 1u << host_vmid_bits;
}

void arch_tlb_flush_vmid(uint16_t vmid)
{
	host_tlb.vmid_flushes++;
	host_tlb.last_vmid = vmid;
}

void arch_tlb_flush_ipa(uint16_t vmid, ipa_t ipa)
{
	host_tlb.ipa_flushes++;
	host_tlb.last_vmid = vmid;
	host_tlb.last_ipa = ipa.ipa;
}

void arch_console_putc(char c)
{
	if (console_len + 1 < sizeof(host_console)) {
		host_console[console_len++] = c;
		host_console[console_len] = '\0';
	}
}

int arch_console_getc(void)
{
	return -1;
}

void host_reset_logs(void)
{
	host_now = 0;
	host_cpu = 0;
	host_irq_pending = false;
	memset(host_timer, 0, sizeof(host_timer));
	memset(host_kicks, 0, sizeof(host_kicks));
	memset(&host_tlb, 0, sizeof(host_tlb));
	console_len = 0;
	host_console[0] = '\0';
	if (page_cleaned) {
		memset(page_cleaned, 0, (ram_size >> PAGE_SHIFT) * sizeof(bool));
	}
}

uint64_t host_now;
uint64_t host_timer[8];
unsigned int host_kicks[8];
unsigned int host_cpu;
bool host_irq_pending;

unsigned int arch_cpu_index(void)
{
	return host_cpu;
}

void arch_wait_until_zero(const uint32_t *word)
{
	while (__atomic_load_n(word, __ATOMIC_RELAXED)) {
	}
}

struct pcpu *this_pcpu(void)
{
	return &pcpus[host_cpu];
}

uint64_t arch_now_ns(void)
{
	return host_now;
}

void arch_timer_set(uint64_t deadline_ns)
{
	host_timer[host_cpu] = deadline_ns;
}

void arch_pcpu_kick(unsigned int index)
{
	host_kicks[index]++;
}

void arch_vcpu_reset(struct vcpu *v, ipa_t pc, uint64_t x0)
{
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.pc = pc.ipa;
	v->regs.x[0] = x0;
}

void arch_vcpu_save(struct vcpu *v)
{
	(void)v;
}

void arch_vcpu_load(struct vcpu *v)
{
	(void)v;
}

bool arch_vcpu_irq_pending(struct vcpu *v)
{
	(void)v;
	return host_irq_pending;
}

void arch_system_off(void)
{
	mock_assert(0, "arch_system_off", __FILE__, __LINE__);
	abort();
}
