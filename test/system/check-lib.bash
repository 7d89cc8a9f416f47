# SPDX-License-Identifier: MIT
# Functions shared by the <name>.check scripts, which judge what a system test's log says beyond
# fixed lines. Source it; the caller sets `name` (for messages) and `log` (the serial log).
#
# The spin and idle guests print (test/guests/sched/report.h), all in decimal nanoseconds:
#   (dN) runstate running_ns=<n> runnable_ns=<n> blocked_ns=<n> offline_ns=<n> elapsed_ns=<n>
# the vCPU's runstate totals at the end and the counter time the guest measured; spin also
#   (dN) runstate_window running_ns=<n> runnable_ns=<n> blocked_ns=<n> offline_ns=<n> elapsed_ns=<n>
# how much each total grew over the middle half of its spin, and how long that half was.

# check_fail MESSAGE...: report why the check failed and exit 1.
check_fail() {
	echo "$name.check: FAIL: $*"
	exit 1
}

# log_field VAR DOMID TAG FIELD: set VAR to FIELD's value on domain DOMID's last line tagged TAG
# (runstate or runstate_window); fails the check if there is none.
log_field() {
	local found
	found=$(tr -d '\r' <"$log" | grep -a "(d$2) $3 " | tail -n 1 | tr ' ' '\n' |
		sed -n "s/^$4=\([0-9][0-9]*\)\$/\1/p" || true)
	[ -n "$found" ] || check_fail "no '$4' on a '$3' line of domain $2 in $log"
	printf -v "$1" '%s' "$found"
}

# permille PART WHOLE: PART / WHOLE in thousandths (WHOLE > 0).
permille() {
	echo $(($1 * 1000 / $2))
}

# decimal PERMILLE: "0.123".
decimal() {
	printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}
