#!/usr/bin/env bash
# Install Xenith's build and test dependencies from Debian's packages.
# Idempotent: installs only what is missing, and runs `apt-get update` only
# when something must be installed.
set -eu
PKGS=(
    make gcc libc6-dev binutils clang lld llvm clang-format libclang-rt-14-dev
    libcmocka-dev pkg-config
    qemu-system-x86 qemu-utils cpio xz-utils gzip zstd socat
    mmdebstrap fdisk dosfstools apt-utils
    grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools ovmf
    dpkg-dev debhelper fakeroot rpm lintian rpmlint systemd
    python3 iproute2 bridge-utils kmod shellcheck
    zlib1g-dev liblzma-dev libzstd-dev libnl-3-dev libnl-route-3-dev libxml2-dev
)
missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "deps: all ${#PKGS[@]} packages present"
    exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO=sudo
    else
        echo "deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO timeout 600 apt-get update -q >/dev/null; then
    echo "deps: apt-get update failed; check the machine's package sources" >&2
    exit 1
fi
if ! $SUDO timeout 1200 apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    echo "deps: apt-get install failed for: ${missing[*]}" >&2
    exit 1
fi
