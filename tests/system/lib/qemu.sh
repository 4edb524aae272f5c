#!/usr/bin/env bash
# Boot a hypervisor under QEMU (TCG) with a dom0 kernel and optional initrd as
# multiboot modules, with the serial console written to DIR/serial.log.
#
# qemu_boot DIR HV_IMAGE DOM0_IMAGE [INITRD]
#   uses the case variables SMP MEM CPU CPU_FEATURES TIMEOUT HV_ARGS DOM0_ARGS
#   prints how the run ended:
#     poweroff   the machine powered off (guest shutdown)
#     reboot     the machine reset (with -no-reboot QEMU exits instead)
#     panic      a guest-panic event reached QEMU
#     timeout    TIMEOUT seconds passed (QEMU was killed)
#     qemu-error:N  QEMU failed on its own (exit status N; see DIR/qemu.err)

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
    mods=$(qemu_module_arg "$dom0" "$DOM0_ARGS")
    [ -n "$initrd" ] && mods="$mods,$initrd"
    cpu=$CPU${CPU_FEATURES:+,$CPU_FEATURES}
    local cmd=("${QEMU:-qemu-system-x86_64}" -machine q35 -cpu "$cpu" -m "$MEM" -smp "$SMP"
        -display none -monitor none -no-reboot
        -serial "file:$dir/serial.log"
        -kernel "$hv" -append "$HV_BASE_ARGS $HV_ARGS" -initrd "$mods"
        -trace qemu_system_shutdown_request)
    printf '%q ' "${cmd[@]}" >"$dir/cmdline"
    echo >>"$dir/cmdline"
    # QEMU writes trace lines to stderr; the shutdown reason tells poweroff
    # (6, guest shutdown) from reset (7) and guest panic (8).
    timeout -k 5 "$TIMEOUT" "${cmd[@]}" </dev/null >"$dir/qemu.out" 2>"$dir/qemu.err" &
    pid=$!
    wait "$pid"
    rc=$?
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo timeout
        return 0
    fi
    reason=$(sed -n 's/.*qemu_system_shutdown_request reason=\([0-9]*\).*/\1/p' "$dir/qemu.err" | tail -n 1)
    case "$rc:$reason" in
    0:6) echo poweroff ;;
    0:7) echo reboot ;;
    0:8) echo panic ;;
    0:*) echo "poweroff" ;;
    *) echo "qemu-error:$rc" ;;
    esac
}
