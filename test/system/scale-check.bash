# SPDX-License-Identifier: MIT
# Shared by the scaleN.check scripts: source it with name, log and count set. The count guests
# (d3 onwards, test/guests/scale) each passed, each had its console line tagged "(dN) " by the
# console domain (all but the one holding the serial input, whose output goes out as written),
# and over the window from half to fifteen sixteenths of the spin each ran the same share of it as
# the others, within 5% of their mean and the longest time the host stalled a guest (the guests
# measure it): the hypervisor's runstate accounting, not wall-clock speed, decides.
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

# field ID NAME: the decimal NAME=value of guest ID's window line.
field() {
	local line value
	line=$(grep -a -m 1 "scale: d$1 window " <<<"$text" || true)
	value=$(sed -n "s/.* $2=\([0-9][0-9]*\) .*/\1/p" <<<"$line")
	[ -n "$value" ] || check_fail "no $2 in a window line of d$1"
	echo "$value"
}

# Each guest's share: parts per million of the common window (the same stretch of machine time for
# all) that it ran; and, in the same unit, the time it was charged as running but did not run (the
# host stalled the machine's CPU under it), which the hypervisor takes back later as debt, not
# always inside the window.
shares=()
unseens=()
sum=0
most=0
for id in $(seq "$first" "$last"); do
	running=$(field "$id" running_ns) || { echo "$running"; exit 1; }
	window=$(field "$id" window_ns) || { echo "$window"; exit 1; }
	unseen=$(field "$id" unseen_ns) || { echo "$unseen"; exit 1; }
	[ "$window" -gt 0 ] || check_fail "d$id: an empty window"
	shares+=($((running * 1000000 / window)))
	unseens+=($((unseen * 1000000 / window)))
	sum=$((sum + running * 1000000 / window))
	most=$((unseen * 1000000 / window > most ? unseen * 1000000 / window : most))
done
mean=$((sum / count))
[ "$mean" -gt 0 ] || check_fail "no guest ran in its window"
# Each guest's share is within 5% of the mean, widened by what the host did: the guest's own
# unseen time (its charge for it may be unpaid when the window closes, or paid inside it for a
# stall before it opened), and the most any guest had spread over the others (who waited for it).
worst=0
worst_id=none
worst_slack=$((mean / 20))
for i in "${!shares[@]}"; do
	off=$((shares[i] > mean ? shares[i] - mean : mean - shares[i]))
	slack=$((mean / 20 + unseens[i] + most / (count - 1)))
	if [ $((off * 1000 / slack)) -gt $((worst * 1000 / worst_slack)) ]; then
		worst=$off worst_slack=$slack worst_id=d$((first + i))
	fi
done
echo "$name.check: $count guests passed, $((count - untagged)) console lines tagged; shares of" \
	"their windows: mean $(decimal $((mean / 1000))); worst against its limit $worst_id," \
	"$(decimal "$(permille "$worst" "$mean")") of the mean off (allowed" \
	"$(decimal "$(permille "$worst_slack" "$mean")"): 5% and the host's stalls, the longest" \
	"$(decimal "$(permille "$most" "$mean")") of the mean)"
# Two pCPUs for the guests and two mostly idle services: together the guests cannot have run more
# (5% slack: a turn running at an edge of the window is counted whole by a guest that reads late).
if [ "$sum" -gt 2100000 ]; then
	check_fail "the guests together ran $(decimal $((sum / 1000))) pCPUs' worth: more than 2"
fi
if [ "$worst" -gt "$worst_slack" ]; then
	check_fail "$worst_id's CPU share is off the mean by more than 5% and the host's stalls"
fi
echo "$name.check: PASS"
