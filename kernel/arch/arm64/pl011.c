// SPDX-License-Identifier: MIT
/* The PL011 UART: the physical console. Polled, no interrupts. */
#include <arch.h>
#include <pl011.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE (1u << 4) /* receive FIFO empty */
#define FR_TXFF (1u << 5) /* transmit FIFO full */

static volatile uint32_t *uart;

void pl011_init(paddr_t base)
{
	uart = arch_pa_to_va(base);
}

void arch_console_putc(char c)
{
	if (!uart) {
		return;
	}
	while (uart[UART_FR / 4] & FR_TXFF) {
	}
	uart[UART_DR / 4] = (uint32_t)(unsigned char)c;
}

int arch_console_getc(void)
{
	if (!uart || (uart[UART_FR / 4] & FR_RXFE)) {
		return -1;
	}
	return (int)(uart[UART_DR / 4] & 0xff);
}
