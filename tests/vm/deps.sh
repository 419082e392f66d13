#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages that building lvs and running its VM tests need. Idempotent; prints
# nothing and touches no network when everything is present.
set -u

pkgs=(qemu-system-x86 busybox-static linux-image-amd64 libnl-3-dev libnl-genl-3-dev ipvsadm iproute2
	iputils-ping socat sparse python3-scapy kmod cpio xz-utils build-essential pkg-config ethtool
	linux-source-6.1 bc flex bison libelf-dev libssl-dev nftables keepalived netcat-openbsd
	python3-yaml python3-jsonschema)

missing() {
	local p
	for p; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
	done
}

install() {
	[ "$(id -u)" = 0 ] || { echo "deps: need root to install: $*" >&2; exit 1; }
	echo "deps: installing $*" >&2
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "${_updated:-}" ]; then
		apt-get update -qq || exit 1
		_updated=1
	fi
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null || exit 1
}

todo=$(missing "${pkgs[@]}")
[ -z "$todo" ] || install $todo

# The headers must be those of the kernel the guest boots: linux-image-amd64's dependency, e.g.
# "linux-image-6.1.0-56-amd64 (= 6.1.192-2)".
release=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | grep -oE 'linux-image-[^ ,]+' | head -n1)
release=${release#linux-image-}
[ -n "$release" ] || { echo "deps: cannot tell linux-image-amd64's release" >&2; exit 1; }
todo=$(missing "linux-headers-$release")
[ -z "$todo" ] || install $todo
exit 0
