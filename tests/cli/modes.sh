#!/bin/bash
# modes.sh - every deployment grades the same and leaves the host as it
# found it (issue 8): `shmgrade validate` gives every expected verdict (or
# says why a run cannot be graded there: N/A, never a silent wrong verdict),
# and the IPC tables and the entries of /dev/shm, /tmp and /var/tmp are the
# same afterwards, in each of four modes:
#   ns-root      namespace mode as root
#   ns-user      namespace mode as an ordinary user (uid 65534)
#   docker       fallback as root in a Docker-like container: Docker's
#                default seccomp refusals (tests/sim/sim_deny docker) and its
#                14 default capabilities (setpriv --bounding-set)
#   nomount      fallback as an ordinary user where mounts are refused
#                (Ubuntu 24.04's AppArmor rule), and nouserns, where user
#                namespaces are (GitHub runners, userns_clone=0)
#
#   tests/cli/modes.sh          a representative subset of the catalogue
#   tests/cli/modes.sh --full   the whole catalogue (make check-long)
#
# As root each mode runs in its own IPC and mount namespaces with fresh
# /dev/shm, /tmp and /var/tmp, which stand for "the host": the comparison is
# exact and other processes of the machine cannot disturb it. As an ordinary
# user the same is tried in a user namespace; where that is refused the
# modes run on the real host and only what belongs to our uid is compared.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ "${1:-}" = --full ] && export MODES_FULL=1
if [ "${MODES_FULL:-0}" = 1 ]; then
	targets="exercises/"
else
	# shmid 0 (needs:), IPC_STAT buffers, /proc/PID/maps, a precondition's
	# id, semaphore sets and segments left behind.
	targets="exercises/shm-01-private.yaml exercises/shm-03-ipc-stat.yaml
		exercises/shm-05-parent-child.yaml exercises/shm-08-existing-key.yaml
		exercises/sem-10-producer-consumer.yaml"
fi
docker_caps=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap
docker_caps=$docker_caps,+net_bind_service,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap
as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --reset-env
	env PATH=/usr/local/bin:/usr/bin:/bin HOME=/ LC_ALL=C"
sim=${MODES_SIM:-$repo/build/tests/sim/sim_deny}

# The host as far as a run could change it: IPC objects (kind, key, id,
# creator uid) and the entries of /dev/shm, /tmp, /var/tmp (name, owner).
# With an argument: only what that uid owns.
snapshot() {
	local k
	for k in shm sem msg; do
		awk -v k="$k" -v u="${1:-}" 'NR > 1 {
			cuid = (k == "sem") ? $7 : $10
			if (u == "" || cuid == u) print k, $1, $2, cuid }' "/proc/sysvipc/$k"
	done
	if [ -n "${1:-}" ]; then
		find /dev/shm /tmp /var/tmp -mindepth 1 -maxdepth 1 -uid "$1" -printf '%p %u\n' 2>/dev/null
	else
		find /dev/shm /tmp /var/tmp -mindepth 1 -maxdepth 1 -printf '%p %u\n' 2>/dev/null
	fi | sort
}

# run_mode NAME FALLBACK(0|1) CMD...: validate the targets with CMD in front
# of shmgrade, from the current directory; compare; print ok or FAIL lines.
run_mode() {
	local name=$1 fb=$2 before after out rc uid=
	shift 2
	[ "${isolated:-0}" = 1 ] || uid=$(id -u)
	before=$(snapshot $uid)
	# shellcheck disable=SC2086
	out=$(timeout 500 "$@" ./shmgrade validate $targets 2>&1)
	rc=$?
	after=$(snapshot $uid)
	local bad=0
	if [ "$rc" -ne 0 ] || ! grep -q ' 0 differ$' <<<"$out"; then
		echo "FAIL ($name): validate exited $rc:"; grep -E '^(DIFF|validate)|^ ' <<<"$out" | head -n 20
		bad=1
	fi
	if [ "$fb" = 0 ] && grep -q '^N/A' <<<"$out"; then
		echo "FAIL ($name): N/A rows in namespace mode:"; grep '^N/A' <<<"$out" | head -n 3; bad=1
	fi
	if [ "$fb" = 1 ] && grep -q '^N/A' <<<"$out" &&
		grep '^N/A' <<<"$out" | grep -vq 'needs a fresh IPC namespace'; then
		echo "FAIL ($name): an N/A row does not say why"; bad=1
	fi
	if [ "$before" != "$after" ]; then
		echo "FAIL ($name): the host changed:"; diff <(echo "$before") <(echo "$after") | head -n 20
		bad=1
	fi
	[ "$bad" -eq 0 ] && echo "ok ($name): $(grep -c '^OK' <<<"$out") as expected, $(grep -c '^N/A' <<<"$out") N/A, host unchanged"
	return $bad
}

# The modes, from inside whatever isolation the caller set up. $1: root
# (all four, the user ones through setpriv) or user (the three a user has).
all_modes() {
	local fail=0
	if [ "$1" = root ]; then
		run_mode ns-root 0 env || fail=1
		run_mode ns-user 0 $as_user || fail=1
		run_mode docker 1 "$sim" docker -- setpriv --bounding-set="$docker_caps" --inh-caps=-all -- || fail=1
		run_mode nomount 1 $as_user "$sim" nomount -- || fail=1
		run_mode nouserns 1 $as_user "$sim" nouserns -- || fail=1
	else
		run_mode ns-user 0 env || fail=1
		run_mode nomount 1 "$sim" nomount -- || fail=1
		run_mode nouserns 1 "$sim" nouserns -- || fail=1
	fi
	return $fail
}

# Inside fresh IPC and mount namespaces: fresh tmpfs on /dev/shm, /tmp and
# /var/tmp, and a copy of what validate needs there, readable by 65534
# (the checkout may sit in a folder only root can enter).
isolated_body() {
	local d
	# The checkout may be under /tmp: copy from the working directory,
	# which stays reachable under the new mounts.
	cd "$repo" || return 1
	for d in /dev/shm /tmp /var/tmp; do
		mount -t tmpfs -o mode=1777 modes "$d" || return 1
	done
	mkdir /tmp/tree && cp -r shmgrade exercises reference build/tests/sim/sim_deny \
		tests/cli/modes.sh /tmp/tree/ && chmod -R a+rX /tmp/tree || return 1
	cd /tmp/tree || return 1
	sim=/tmp/tree/sim_deny
	export MODES_SIM=$sim
	if [ "$1" = root ]; then
		isolated=1 all_modes root
		return
	fi
	# Root of a user namespace made the mounts; the modes run as the
	# ordinary user again, in a user namespace of its own below.
	MODES_INNER=as-user unshare --user --map-user="$MODES_UID" --map-group="$MODES_GID" -- \
		bash /tmp/tree/modes.sh
}

case "${MODES_INNER:-}" in
root | user) isolated_body "$MODES_INNER"; exit $? ;;
as-user) isolated=1 all_modes user; exit $? ;;
esac
cd "$repo" || exit 1
if ! [ -x "$sim" ]; then
	echo "modes: $sim is missing (make progs)"; exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	MODES_INNER=root unshare --ipc --mount --propagation private -- bash "$0" "$@"
	exit $?
fi
export MODES_UID MODES_GID
MODES_UID=$(id -u) MODES_GID=$(id -g)
if unshare --map-root-user --ipc --mount true 2>/dev/null; then
	MODES_INNER=user unshare --map-root-user --ipc --mount --propagation private -- \
		bash "$0" "$@"
	exit $?
fi
echo "modes: no user namespace here; comparing only what uid $(id -u) owns on the real host"
all_modes user
