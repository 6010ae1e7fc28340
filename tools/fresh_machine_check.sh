#!/usr/bin/env bash
# Proves that the README's commands work on a machine with nothing but a
# minimal Debian bookworm: it debootstraps one into ROOT, clones this
# repository's HEAD (committed files only) into ROOT/work/netcap with the
# shared folder mounted read-only beside it as ../shared, and runs as root in
# a chroot, timing each step:
#   ./bazelw --version     (installs the Debian packages; no build)
#   ./bazelw run //tools:netcap -- -r tests/data/sample.pcap -out out
#   ./bazelw test //...
# Usage: sudo tools/fresh_machine_check.sh [ROOT]   (default /tmp/netcap-fresh-root)
# Needs root, the Debian mirror and about 15 minutes on 2 cores; ROOT grows to
# about 1.5 GB. ROOT is left in place: a second run skips debootstrap (and so
# the package install) but still starts from a new clone and an empty Bazel
# cache; `rm -rf ROOT` first for the whole proof. Everything it mounts is
# unmounted, and the chroot's Bazel server shut down, when it exits.
# Environment: MIRROR, SECURITY_MIRROR (Debian archives), SHARED (default
# /work/shared), PCAP (the capture for the run step, relative to the clone;
# falls back to a small capture in ../shared/pcaps while the sample is absent).
set -euo pipefail

root=$(realpath -m "${1:-/tmp/netcap-fresh-root}")
mirror=${MIRROR:-http://deb.debian.org/debian}
security_mirror=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
shared=${SHARED:-/work/shared}
pcap=${PCAP:-tests/data/sample.pcap}
repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
checkout=/work/netcap  # inside the chroot; ../shared is /work/shared
times=()

((EUID == 0)) || { echo "fresh_machine_check: run as root (debootstrap, mount, chroot)" >&2; exit 1; }

# Runs "$@" and records its wall time under the label $1.
timed() {
  local label=$1 start=$SECONDS
  shift
  echo "=== $label" >&2
  "$@"
  times+=("$(printf '%-40s %4d s' "$label" $((SECONDS - start)))")
}

# Runs a bash command as root inside the chroot, in the clone, with a clean
# environment like a login on the fresh machine.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd $checkout && $1"
}

cleanup() {
  # A Bazel server left running in the chroot would keep the mounts busy.
  if [[ -x $root/usr/bin/bazel && -d $root$checkout ]]; then
    in_root 'bazel shutdown' || true
  fi
  for m in work/shared dev/pts dev sys proc; do
    if mountpoint -q "$root/$m"; then umount "$root/$m"; fi
  done
}
trap cleanup EXIT

if [[ ! -x $root/usr/bin/apt-get ]]; then
  timed "debootstrap (minbase)" debootstrap --variant=minbase bookworm "$root" "$mirror"
else
  echo "=== reusing $root (rm -rf it to also prove the package install)" >&2
fi
# The suites a standard Debian install has; debootstrap writes only the first.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mkdir -p "$root/work/shared"
mount --bind "$shared" "$root/work/shared"
mount -o remount,bind,ro "$root/work/shared"

# A new clone and an empty Bazel cache every time, as on CI.
if [[ -x $root/usr/bin/bazel && -d $root$checkout ]]; then in_root 'bazel shutdown' || true; fi
rm -rf "$root$checkout" "$root/root/.cache/bazel"
git clone --quiet --no-checkout "$repo" "$root$checkout"
git -C "$root$checkout" checkout --quiet "$commit"
echo "=== cloned $commit into $root$checkout" >&2
if [[ ! -f $root$checkout/$pcap ]]; then
  echo "=== $pcap is not in this commit; using a capture from ../shared" >&2
  pcap=../shared/pcaps/chrissanders-packets_dns.pcap
fi

timed "package install (./bazelw --version)" in_root './bazelw --version'
timed "first build + run of //tools:netcap" in_root "./bazelw run //tools:netcap -- -r $pcap -out out && ls -l out"
timed "first ./bazelw test //..." in_root './bazelw test //...'

echo "=== fresh_machine_check passed on $commit" >&2
printf '%s\n' "${times[@]}" >&2
