#!/usr/bin/env bash
# Boot a hypervisor under QEMU (TCG) with a dom0 kernel and optional initrd as
# multiboot modules, with the serial console written to DIR/serial.log.
#
# qemu_boot DIR HV_IMAGE DOM0_IMAGE [INITRD]
#   uses the case variables SMP MEM CPU CPU_FEATURES TIMEOUT HV_ARGS DOM0_ARGS,
#   and BOOT_ISO: when set, QEMU boots that CD image instead of -kernel
#   prints how the run ended:
#     poweroff   the machine powered off (guest shutdown)
#     reboot     the machine reset (with -no-reboot QEMU exits instead)
#     panic      a guest-panic event reached QEMU
#     timeout    TIMEOUT seconds passed (QEMU was killed; DIR/hang.txt
#                says where each CPU was, see hang-dump.sh)
#     qemu-error:N  QEMU failed on its own (exit status N; see DIR/qemu.err)

# shellcheck source=hang-dump.sh
. "$(dirname "${BASH_SOURCE[0]}")/hang-dump.sh"

# The base hypervisor command line shared by Xenith and Xen 4.17.
HV_BASE_ARGS="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"

# QEMU separates multiboot modules with commas; a comma inside a module's
# command line is written twice.
qemu_module_arg() {
    local path=$1 args=$2
    printf '%s %s' "$path" "${args//,/,,}"
}

qemu_boot() {
    local dir=$1 hv=$2 dom0=$3 initrd=${4:-}
    local mods cpu pid rc reason
    mods=""
    [ -n "$dom0" ] && mods=$(qemu_module_arg "$dom0" "$DOM0_ARGS")
    [ -n "$initrd" ] && mods="$mods,$initrd"
    cpu=$CPU${CPU_FEATURES:+,$CPU_FEATURES}
    local cmd=("${QEMU:-qemu-system-x86_64}" -machine q35 -cpu "$cpu" -m "$MEM" -smp "$SMP"
        -display none -monitor "unix:$dir/monitor.sock,server=on,wait=off" -no-reboot
        -serial "file:$dir/serial.log"
        -trace qemu_system_shutdown_request)
    # Extra QEMU arguments a case asks for (firmware, devices).
    [ -n "${QEMU_EXTRA:-}" ] && cmd+=($QEMU_EXTRA)
    if [ -n "${BOOT_ISO:-}" ]; then
        # A bootable image (e.g. GRUB with multiboot2) replaces -kernel/-initrd.
        cmd+=(-cdrom "$BOOT_ISO" -boot d)
    else
        cmd+=(-kernel "$hv" -append "$HV_BASE_ARGS $HV_ARGS")
        [ -n "$mods" ] && cmd+=(-initrd "$mods")
    fi
    printf '%q ' "${cmd[@]}" >"$dir/cmdline"
    echo >>"$dir/cmdline"
    # QEMU writes trace lines to stderr; the shutdown reason tells poweroff
    # (6, guest shutdown) from guest panic (8).  A reset under -no-reboot
    # ends QEMU without a shutdown request, so no reason means reset.
    rm -f "$dir/hang.txt" "$dir/hang-cpus.txt" "$dir/.timed-out"
    timeout -k 5 "$((TIMEOUT + 60))" "${cmd[@]}" </dev/null >"$dir/qemu.out" 2>"$dir/qemu.err" &
    pid=$!
    # At TIMEOUT, note where every CPU is (the monitor), then stop QEMU.
    (
        local t=0
        while kill -0 "$pid" 2>/dev/null; do
            if [ "$t" -ge "$TIMEOUT" ]; then
                touch "$dir/.timed-out"
                hang_dump "$dir" "${HANG_HV_SYMS:-}" "${HANG_GUEST_SYMS:-}"
                kill "$pid" 2>/dev/null
                break
            fi
            sleep 1
            t=$((t + 1))
        done
    ) </dev/null >/dev/null 2>&1 &
    # With SHOW=1 the serial console is followed live on the terminal.
    if [ "${SHOW:-}" = 1 ]; then
        tail -n +1 -F --pid="$pid" "$dir/serial.log" 2>/dev/null | tr -d '\r' >&2 &
    fi
    wait "$pid"
    rc=$?
    wait
    rm -f "$dir/monitor.sock"
    if [ -e "$dir/.timed-out" ] || [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        rm -f "$dir/.timed-out"
        echo timeout
        return 0
    fi
    reason=$(sed -n 's/.*qemu_system_shutdown_request reason=\([0-9]*\).*/\1/p' "$dir/qemu.err" | tail -n 1)
    case "$rc:$reason" in
    0:6) echo poweroff ;;
    0:7) echo reboot ;;
    0:8) echo panic ;;
    0:) echo reboot ;;
    0:*) echo "poweroff" ;;
    *) echo "qemu-error:$rc" ;;
    esac
}
