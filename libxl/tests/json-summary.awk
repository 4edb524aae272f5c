# Flattens the one-member-a-line JSON xl prints (xl create -n, xl list -l)
# into PATH=VALUE lines ("disks.0.vdev=\"xvda\"", the "config." of
# {"domid": ..., "config": ...} dropped) and prints those of the fields
# xl-cfg-diff compares: type, name, memory, vCPUs, kernel and command
# line, every scalar of each disk, nic, pci, vfb and vkb, the type's own
# scalars and the shutdown actions.
BEGIN {
    SELECT = "^(c_info\\.(type|name)|b_info\\.(max_memkb|target_memkb|" \
        "max_vcpus|kernel|cmdline|ramdisk|avail_vcpus\\.[0-9]+|" \
        "type\\.[a-z]+\\.[a-z_]+)|(disks|nics|pcidevs|vfbs|vkbs)\\.[0-9]+\\." \
        "[a-z_]+|on_[a-z_]+)$"
}
{
    line = $0
    sub(/^[ \t]+/, "", line)
    sub(/,$/, "", line)
    if (line == "")
        next
    key = ""
    if (match(line, /^"[^"]*": /)) {
        key = substr(line, 2, RLENGTH - 4)
        line = substr(line, RLENGTH + 1)
    } else if (line != "}" && line != "]" && isarr[depth]) {
        key = idx[depth]++
    }
    if (line == "{" || line == "[") {
        depth++
        name[depth] = key
        isarr[depth] = (line == "[")
        idx[depth] = 0
        next
    }
    if (line == "}" || line == "]") {
        depth--
        next
    }
    path = ""
    for (i = 1; i <= depth; i++)
        if (name[i] != "")
            path = path name[i] "."
    path = path key
    sub(/^config\./, "", path)
    if (path ~ SELECT)
        print path "=" line
}
