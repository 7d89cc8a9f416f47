// SPDX-License-Identifier: MIT
/* The table of xl subcommands the shell offers (shell.h). */
#include "xl.h"

const struct shell_command xl_commands[] = {
	{ "list", "list [-l] [Domain...]", "List information about all/some domains", xl_list },
	{ "create", "create <ConfigFile> [-c] [-p] [KEY=VALUE...]",
	  "Create a domain from config file <filename>", xl_create },
	{ "console", "console <Domain>", "Attach to domain's console", xl_console },
	{ "info", "info", "Get information about Xen host", xl_info },
	{ "dmesg", "dmesg [-c]", "Read and/or clear dmesg buffer", xl_dmesg },
	{ "uptime", "uptime [Domain...]", "Print uptime for all/some domains", xl_uptime },
	{ "domid", "domid <DomainName>", "Convert a domain name to domain id", xl_domid },
	{ "domname", "domname <DomainId>", "Convert a domain id to domain name", xl_domname },
	{ "vcpu-list", "vcpu-list [Domain...]", "List the VCPUs for all/some domains",
	  xl_vcpu_list },
	{ "pause", "pause <Domain>", "Pause execution of a domain", xl_pause },
	{ "unpause", "unpause <Domain>", "Unpause a paused domain", xl_unpause },
	{ "destroy", "destroy <Domain>", "Terminate a domain immediately", xl_destroy },
	{ "shutdown", "shutdown [-w] <Domain>", "Issue a shutdown signal to a domain",
	  xl_shutdown },
	{ "reboot", "reboot [-w] <Domain>", "Issue a reboot signal to a domain", xl_reboot },
	{ "mem-max", "mem-max <Domain> <MemKB>", "Set the maximum amount reservation for a domain",
	  xl_mem_max },
	{ "mem-set", "mem-set <Domain> <MemMB>", "Set the current memory usage for a domain",
	  xl_mem_set },
	{ "block-list", "block-list <Domain(s)>", "List virtual block devices for a domain",
	  xl_block_list },
	{ "block-attach", "block-attach <Domain> <disk-spec>", "Create a new virtual block device",
	  xl_block_attach },
	{ "block-detach", "block-detach <Domain> <DevId>",
	  "Destroy a domain's virtual block device", xl_block_detach },
	{ "network-list", "network-list <Domain(s)>",
	  "List virtual network interfaces for a domain", xl_network_list },
	{ "network-attach", "network-attach <Domain> <vif-spec>",
	  "Create a new virtual network device", xl_network_attach },
	{ "network-detach", "network-detach <Domain> <DevId>",
	  "Destroy a domain's virtual network device", xl_network_detach },
	{ "sched-credit", "sched-credit [-d <Domain> [-w W] [-c C]]",
	  "Get/set credit scheduler parameters", xl_sched_credit },
};

const unsigned int xl_command_count = sizeof(xl_commands) / sizeof(xl_commands[0]);
