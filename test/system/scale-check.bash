# SPDX-License-Identifier: MIT
# Shared by the scaleN.check scripts: source it with name, log and count set. The count guests
# (d3 onwards, test/guests/scale) each passed, each had its console line tagged "(dN) " by the
# console domain (all but the one holding the serial input, whose output goes out as written),
# and over the window from half to fifteen sixteenths of the spin each ran the same share of it as
# the others, within 5% of their mean: the hypervisor's runstate accounting, not wall-clock speed,
# decides.
. "$(dirname "${BASH_SOURCE[0]}")/check-lib.bash"

first=3
last=$((first + count - 1))
text=$(tr -d '\r' <"$log")

passed=$(grep -ac 'RESULT PASS$' <<<"$text" || true)
[ "$passed" -eq "$count" ] || check_fail "$passed of $count guests said RESULT PASS"

untagged=0
for id in $(seq "$first" "$last"); do
	grep -aqF "(d$id) scale: d$id on the console" <<<"$text" || untagged=$((untagged + 1))
done
[ "$untagged" -le 1 ] || check_fail "$untagged guests' console lines were not tagged (1 may be)"

# share ID: parts per million of its window that guest ID ran.
share() {
	local line running window
	line=$(grep -a -m 1 "scale: d$1 window " <<<"$text" || true)
	running=$(sed -n 's/.* running_ns=\([0-9][0-9]*\) .*/\1/p' <<<"$line")
	window=$(sed -n 's/.* elapsed_ns=\([0-9][0-9]*\) .*/\1/p' <<<"$line")
	[ -n "$running" ] && [ -n "$window" ] || check_fail "no window line of d$1"
	[ "$window" -gt 0 ] || check_fail "d$1: an empty window"
	echo $((running * 1000000 / window))
}

shares=()
sum=0
for id in $(seq "$first" "$last"); do
	value=$(share "$id") || { echo "$value"; exit 1; }
	shares+=("$value")
	sum=$((sum + value))
done
mean=$((sum / count))
[ "$mean" -gt 0 ] || check_fail "no guest ran in its window"
low=${shares[0]}
high=${shares[0]}
for value in "${shares[@]}"; do
	low=$((value < low ? value : low))
	high=$((value > high ? value : high))
done
echo "$name.check: $count guests passed, $((count - untagged)) console lines tagged; shares of" \
	"their windows: mean $(decimal $((mean / 1000))), lowest $(decimal "$(permille "$low" "$mean")")" \
	"and highest $(decimal "$(permille "$high" "$mean")") of the mean (want 1.000 +/- 5%)"
# Two pCPUs for the guests and two mostly idle services: together the guests cannot have run more
# (5% slack: the windows of the guests need not line up exactly).
if [ "$sum" -gt 2100000 ]; then
	check_fail "the guests together ran $(decimal $((sum / 1000))) pCPUs' worth: more than 2"
fi
if [ "$(permille "$low" "$mean")" -lt 950 ] || [ "$(permille "$high" "$mean")" -gt 1050 ]; then
	check_fail "CPU shares differ by more than 5% from their mean"
fi
echo "$name.check: PASS"
