# SPDX-License-Identifier: MIT
# Shared by the benchmarks that measure against Debian's Xen 4.17 (xen.bench, hot_paths.bench):
# boot one guest as a dom0less domU, no dom0 and no xenstore, on the QEMU machine they give.
# Source it; the caller sets qemu (the QEMU binary), xen (Xen's Image), xen_machine (QEMU's
# machine arguments, an array) and xen_extra (more QEMU arguments, an array, -icount's say), and
# defines say and die. With xen_peer_bootargs set, a second domU (d2) runs the same kernel with
# those bootargs, one vCPU, as much memory as the first.

# Where the guest's kernel goes: above QEMU's DTB, which it puts 128 MiB into RAM; the peer's
# copy of it 64 MiB above.
xen_kernel_addr=0x50000000
xen_peer_kernel_addr=0x54000000
xen_peer_bootargs=${xen_peer_bootargs:-}

# xen_module NAME ADDR FILE [BOOTARGS]: one multiboot module node of the domain.
xen_module() {
	printf '\t\t\tmodule@%s {\n' "${2#0x}"
	printf '\t\t\t\tcompatible = "multiboot,%s", "multiboot,module";\n' "$1"
	printf '\t\t\t\treg = <0 %s 0 %s>;\n' "$2" "$(stat -L -c %s "$3")"
	[ $# -lt 4 ] || printf '\t\t\t\tbootargs = "%s";\n' "$4"
	printf '\t\t\t};\n'
}

# xen_dts KERNEL RAMDISK BOOTARGS CPUS MEMORY_KIB: the boot DTB's source: QEMU's own DTB
# (machine.dts beside it) with the domain in /chosen, as Xen's
# docs/misc/arm/device-tree/booting.txt describes it: its console Xen's emulated PL011 (vpl011),
# Xen's PV interfaces without xenstore, its kernel and, unless RAMDISK is "", its initramfs at
# the next 2 MiB after the kernel (xen_ramdisk_addr).
xen_dts() {
	local size
	size=$(stat -L -c %s "$1")
	xen_ramdisk_addr=$(printf '0x%x' $(((xen_kernel_addr + size + 0x1fffff) & ~0x1fffff)))
	printf '/include/ "machine.dts"\n\n/ {\n\tchosen {\n'
	printf '\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n'
	# XSM's SILO mode, Xen's default on Arm, keeps domUs from reaching each other: with a peer,
	# Xen's plain XSM policy instead (xsm=dummy), as a host running such domUs sets.
	printf '\t\txen,xen-bootargs = "console=dtuart guest_loglvl=all%s";\n\n' \
		"${xen_peer_bootargs:+ xsm=dummy}"
	printf '\t\tguest {\n\t\t\tcompatible = "xen,domain";\n'
	printf '\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n'
	printf '\t\t\tcpus = <%s>;\n\t\t\tmemory = <0 %s>;\n' "$4" "$5"
	printf '\t\t\tvpl011;\n\t\t\txen,enhanced = "no-xenstore";\n'
	xen_module kernel "$xen_kernel_addr" "$1" "$3"
	[ -z "$2" ] || xen_module ramdisk "$xen_ramdisk_addr" "$2"
	printf '\t\t};\n'
	if [ -n "$xen_peer_bootargs" ]; then
		printf '\n\t\tpeer {\n\t\t\tcompatible = "xen,domain";\n'
		printf '\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n'
		printf '\t\t\tcpus = <1>;\n\t\t\tmemory = <0 %s>;\n' "$5"
		printf '\t\t\tvpl011;\n\t\t\txen,enhanced = "no-xenstore";\n'
		xen_module kernel "$xen_peer_kernel_addr" "$1" "$xen_peer_bootargs"
		printf '\t\t};\n'
	fi
	printf '\t};\n};\n'
}

# xen_boot DIR DONE KERNEL RAMDISK BOOTARGS CPUS MEMORY_KIB: boot Xen with the domain (xen_dts)
# into DIR/serial.log until a line matches the grep pattern DONE (or Xen panics), then stop QEMU:
# Xen leaves the machine on when its last domain ends. The caller judges the log.
xen_boot() {
	local dir=$1 done=$2 qemu_pid waited=0
	local loaders=(-device "loader,file=$3,addr=$xen_kernel_addr,force-raw=on")

	mkdir -p "$dir"
	"$qemu" "${xen_machine[@]}" -machine dumpdtb="$dir/qemu.dtb" -nographic "${xen_extra[@]}" \
		>"$dir/dumpdtb.log" 2>&1 || die "QEMU could not dump its DTB: $(cat "$dir/dumpdtb.log")"
	dtc -q -I dtb -O dts -o "$dir/machine.dts" "$dir/qemu.dtb" || die "dtc could not read QEMU's DTB"
	xen_dts "$3" "$4" "$5" "$6" "$7" >"$dir/boot.dts"
	dtc -q -I dts -O dtb -o "$dir/boot.dtb" "$dir/boot.dts" || die "dtc could not compile boot.dts"
	[ -z "$4" ] || loaders+=(-device "loader,file=$4,addr=$xen_ramdisk_addr,force-raw=on")
	[ -z "$xen_peer_bootargs" ] ||
		loaders+=(-device "loader,file=$3,addr=$xen_peer_kernel_addr,force-raw=on")
	: >"$dir/serial.log"
	"$qemu" "${xen_machine[@]}" -nographic -no-reboot -kernel "$xen" -dtb "$dir/boot.dtb" \
		"${loaders[@]}" "${xen_extra[@]}" </dev/null >>"$dir/serial.log" 2>&1 &
	qemu_pid=$!
	until grep -aq -e "$done" -e 'Panic on CPU' "$dir/serial.log"; do
		kill -0 "$qemu_pid" 2>/dev/null ||
			die "QEMU ended before the guest finished: $(tail -n 5 "$dir/serial.log")"
		if [ $waited -ge 9000 ]; then
			kill "$qemu_pid"
			die "the Xen boot did not finish in 900 s"
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	sleep 1 # the guest's last lines
	kill "$qemu_pid"
	wait "$qemu_pid" 2>/dev/null || true
	! grep -aq 'Panic on CPU' "$dir/serial.log" ||
		die "Xen panicked: $(grep -a -m 3 -A 2 'Panic on CPU' "$dir/serial.log")"
}
