/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: platform operations for dom0 (hypercall platform_op,
 * #7).  The argument is one struct xen_platform_op whose
 * interface_version must equal XENPF_INTERFACE_VERSION.  Covers the
 * sub-ops a stock Linux dom0 issues.
 */
#ifndef XENITH_PUBLIC_PLATFORM_H
#define XENITH_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32            17
#define XENPF_add_memtype          31
#define XENPF_del_memtype          32
#define XENPF_read_memtype         33
#define XENPF_microcode_update     35
#define XENPF_platform_quirk       39
#define XENPF_get_cpu_version      48
#define XENPF_efi_runtime_call     49
#define XENPF_firmware_info        50
#define XENPF_enter_acpi_sleep     51
#define XENPF_change_freq          52
#define XENPF_getidletime          53
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo          55
#define XENPF_cpu_online           56
#define XENPF_cpu_offline          57
#define XENPF_cpu_hotadd           58
#define XENPF_mem_hotadd           59
#define XENPF_core_parking         60
#define XENPF_resource_op          61
#define XENPF_settime64            62
#define XENPF_get_symbol           63
#define XENPF_settime              XENPF_settime64

/* efi_runtime_call functions and flags. */
#define XEN_EFI_get_time                      1
#define XEN_EFI_set_time                      2
#define XEN_EFI_get_wakeup_time               3
#define XEN_EFI_set_wakeup_time               4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable                  6
#define XEN_EFI_set_variable                  7
#define XEN_EFI_get_next_variable_name        8
#define XEN_EFI_query_variable_info           9
#define XEN_EFI_query_capsule_capabilities    10
#define XEN_EFI_update_capsule                11
#define XEN_EFI_GET_TIME_SET_CLEARS_NS        0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_ENABLED       0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING       0x00000002
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE        0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY   0x00000002
#define XEN_EFI_VARIABLE_NON_VOLATILE         0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS   0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS       0x00000004
#define XEN_EFI_VARINFO_BOOT_SNAPSHOT         0x00000001

#define QUIRK_NOIRQBALANCING     1
#define QUIRK_IOAPIC_BAD_REGSEL  2
#define QUIRK_IOAPIC_GOOD_REGSEL 3

/* firmware_info types and EFI indices. */
#define XEN_FW_DISK_INFO            1
#define XEN_FW_DISK_MBR_SIGNATURE   2
#define XEN_FW_VBEDDC_INFO          3
#define XEN_FW_EFI_INFO             4
#define XEN_FW_EFI_VERSION          0
#define XEN_FW_EFI_CONFIG_TABLE     1
#define XEN_FW_EFI_VENDOR           2
#define XEN_FW_EFI_MEM_INFO         3
#define XEN_FW_EFI_RT_VERSION       4
#define XEN_FW_EFI_PCI_ROM          5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS      5

#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001

/* set_processor_pminfo */
#define XEN_PROCESSOR_PM_CX         1
#define XEN_PROCESSOR_PM_PX         2
#define XEN_PROCESSOR_PM_TX         4
#define XEN_PM_CX                   0
#define XEN_PM_PX                   1
#define XEN_PM_TX                   2
#define XEN_PM_PDC                  3
#define XEN_PX_PCT                  1
#define XEN_PX_PSS                  2
#define XEN_PX_PPC                  4
#define XEN_PX_PSD                  8
#define XEN_CPUPERF_SHARED_TYPE_HW  1
#define XEN_CPUPERF_SHARED_TYPE_ALL 2
#define XEN_CPUPERF_SHARED_TYPE_ANY 3

#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2

#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2

#define XEN_RESOURCE_OP_MSR_READ  0
#define XEN_RESOURCE_OP_MSR_WRITE 1

#ifndef __ASSEMBLER__

struct xenpf_settime32 {
    uint32_t secs;        /* IN: wall clock at system_time. */
    uint32_t nsecs;       /* IN */
    uint64_t system_time; /* IN */
};
_Static_assert(sizeof(struct xenpf_settime32) == 16, "settime32");

struct xenpf_settime64 {
    uint64_t secs;        /* IN */
    uint32_t nsecs;       /* IN */
    uint32_t mbz;         /* IN: must be zero. */
    uint64_t system_time; /* IN */
};
_Static_assert(sizeof(struct xenpf_settime64) == 24, "settime64");

struct xenpf_add_memtype {
    xen_pfn_t mfn;    /* IN */
    uint64_t nr_mfns; /* IN */
    uint32_t type;    /* IN: MTRR type. */
    uint32_t handle;  /* OUT */
    uint32_t reg;     /* OUT: MTRR register used. */
    uint32_t _pad;
};
_Static_assert(sizeof(struct xenpf_add_memtype) == 32, "add_memtype");

struct xenpf_del_memtype {
    uint32_t handle; /* IN */
    uint32_t reg;    /* IN */
};
_Static_assert(sizeof(struct xenpf_del_memtype) == 8, "xenpf_del_memtype size");

struct xenpf_read_memtype {
    uint32_t reg; /* IN */
    uint32_t _pad;
    xen_pfn_t mfn;    /* OUT */
    uint64_t nr_mfns; /* OUT */
    uint32_t type;    /* OUT */
    uint32_t _pad2;
};
_Static_assert(sizeof(struct xenpf_read_memtype) == 32, "read_memtype");

struct xenpf_microcode_update {
    XEN_GUEST_HANDLE(const_void) data; /* IN: microcode blob. */
    uint32_t length;                   /* IN */
    uint32_t _pad;
};
_Static_assert(sizeof(struct xenpf_microcode_update) == 16, "microcode");

struct xenpf_platform_quirk {
    uint32_t quirk_id; /* IN: QUIRK_* */
};
_Static_assert(sizeof(struct xenpf_platform_quirk) == 4,
               "xenpf_platform_quirk size");

/* EFI time as the firmware keeps it. */
struct xenpf_efi_time {
    uint16_t year;
    uint8_t month;
    uint8_t day;
    uint8_t hour;
    uint8_t min;
    uint8_t sec;
    uint8_t _pad1;
    uint32_t ns;
    int16_t tz;
    uint8_t daylight;
    uint8_t _pad2;
};
_Static_assert(sizeof(struct xenpf_efi_time) == 16, "efi_time");

struct xenpf_efi_guid {
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
};
_Static_assert(sizeof(struct xenpf_efi_guid) == 16, "efi_guid");

/* Call an EFI runtime service on dom0's behalf (EFI boots only). */
struct xenpf_efi_runtime_call {
    uint32_t function;  /* IN: XEN_EFI_* */
    uint32_t misc;      /* IN/OUT: function-specific flags. */
    xen_ulong_t status; /* OUT: EFI status. */
    union {
        struct {
            struct xenpf_efi_time time;
            uint32_t resolution;
            uint32_t accuracy;
        } get_time;
        struct xenpf_efi_time set_time;
        struct xenpf_efi_time get_wakeup_time;
        struct xenpf_efi_time set_wakeup_time;
        struct {
            XEN_GUEST_HANDLE(void) name; /* UCS-2, nul-terminated */
            xen_ulong_t size;
            XEN_GUEST_HANDLE(void) data;
            struct xenpf_efi_guid vendor_guid;
        } get_variable, set_variable;
        struct {
            xen_ulong_t size;
            XEN_GUEST_HANDLE(void) name;
            struct xenpf_efi_guid vendor_guid;
        } get_next_variable_name;
        struct {
            uint32_t attr;
            uint32_t _pad;
            uint64_t max_store_size;
            uint64_t remain_store_size;
            uint64_t max_size;
        } query_variable_info;
        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t max_capsule_size;
            uint32_t reset_type;
            uint32_t _pad;
        } query_capsule_capabilities;
        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t sg_list;
        } update_capsule;
    } u;
};
_Static_assert(offsetof(struct xenpf_efi_runtime_call, u) == 16, "efi u");
_Static_assert(sizeof(struct xenpf_efi_runtime_call) == 56, "efi call");

struct xenpf_firmware_info {
    uint32_t type;  /* IN: XEN_FW_* */
    uint32_t index; /* IN */
    union {
        struct {
            uint8_t device;
            uint8_t version;
            uint16_t interface_support;
            uint16_t legacy_max_cylinder;
            uint8_t legacy_max_head;
            uint8_t legacy_sectors_per_track;
            XEN_GUEST_HANDLE(void) edd_params;
        } disk_info;
        struct {
            uint8_t device;
            uint8_t _pad[3];
            uint32_t mbr_signature;
        } disk_mbr_signature;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            uint8_t _pad[6];
            XEN_GUEST_HANDLE(uint8_t) edid;
        } vbeddc_info;
        union xenpf_efi_info {
            uint32_t version;
            struct {
                uint64_t addr;
                uint32_t nent;
            } cfg;
            struct {
                uint32_t revision;
                uint32_t bufsz;
                XEN_GUEST_HANDLE(void) name;
            } vendor;
            struct {
                uint64_t addr;
                uint64_t size;
                uint64_t attr;
                uint32_t type;
            } mem;
            struct {
                uint16_t segment;
                uint8_t bus;
                uint8_t devfn;
                uint16_t vendor;
                uint16_t devid;
                uint64_t address;
                xen_ulong_t size;
            } pci_rom;
            struct {
                uint64_t address;
                xen_ulong_t size;
            } apple_properties;
        } efi_info;
        uint8_t kbd_shift_flags;
    } u; /* OUT */
};
_Static_assert(offsetof(struct xenpf_firmware_info, u) == 8, "fw u");
_Static_assert(sizeof(struct xenpf_firmware_info) == 40, "fw size");
_Static_assert(sizeof(union xenpf_efi_info) == 32, "xenpf_efi_info size");

struct xenpf_enter_acpi_sleep {
    uint16_t val_a;       /* IN: PM1a control / sleep type a. */
    uint16_t val_b;       /* IN */
    uint32_t sleep_state; /* IN: S-state. */
    uint32_t flags;       /* IN: XENPF_ACPI_SLEEP_EXTENDED */
};
_Static_assert(sizeof(struct xenpf_enter_acpi_sleep) == 12, "acpi sleep");

struct xenpf_change_freq {
    uint32_t flags; /* IN: must be zero. */
    uint32_t cpu;   /* IN */
    uint64_t freq;  /* IN: Hz. */
};
_Static_assert(sizeof(struct xenpf_change_freq) == 16,
               "xenpf_change_freq size");

struct xenpf_getidletime {
    XEN_GUEST_HANDLE(uint8_t) cpumap_bitmap; /* IN/OUT */
    uint32_t cpumap_nr_cpus;                 /* IN */
    uint32_t _pad;
    XEN_GUEST_HANDLE(uint64_t) idletime; /* OUT: ns per CPU. */
    uint64_t now;                        /* OUT */
};
_Static_assert(sizeof(struct xenpf_getidletime) == 32, "getidletime");

struct xen_power_register {
    uint32_t space_id;
    uint32_t bit_width;
    uint32_t bit_offset;
    uint32_t access_size;
    uint64_t address;
};
_Static_assert(sizeof(struct xen_power_register) == 24,
               "xen_power_register size");

struct xen_processor_csd {
    uint32_t domain;
    uint32_t coord_type;
    uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);
_Static_assert(sizeof(struct xen_processor_csd) == 12,
               "xen_processor_csd size");

struct xen_processor_cx {
    struct xen_power_register reg;
    uint8_t type; /* C-state number. */
    uint8_t _pad[3];
    uint32_t latency; /* us */
    uint32_t power;   /* mW */
    uint32_t dpcnt;
    XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);
_Static_assert(sizeof(xen_processor_cx_t) == 48, "processor_cx");

/* ACPI processor power-management flags, as bits 0-4 of one word. */
struct xen_processor_flags {
    uint32_t bm_control : 1;       /* Bus-master arbitration control. */
    uint32_t bm_check : 1;         /* Bus-master activity must be checked. */
    uint32_t has_cst : 1;          /* _CST describes the C-states. */
    uint32_t power_setup_done : 1; /* dom0 finished C-state setup. */
    uint32_t bm_rld_set : 1;       /* BM_RLD is set. */
};
_Static_assert(sizeof(struct xen_processor_flags) == 4,
               "xen_processor_flags size");

struct xen_processor_power {
    uint32_t count; /* Number of C-states. */
    struct xen_processor_flags flags;
    XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};
_Static_assert(sizeof(struct xen_processor_power) == 16, "processor_power");

struct xen_pct_register {
    uint8_t descriptor;
    uint8_t _pad;
    uint16_t length;
    uint8_t space_id;
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t reserved;
    uint64_t address;
};
_Static_assert(sizeof(struct xen_pct_register) == 16, "pct register");

struct xen_processor_px {
    uint64_t core_frequency; /* MHz */
    uint64_t power;          /* mW */
    uint64_t transition_latency;
    uint64_t bus_master_latency;
    uint64_t control;
    uint64_t status;
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);
_Static_assert(sizeof(struct xen_processor_px) == 48, "xen_processor_px size");

struct xen_psd_package {
    uint64_t num_entries;
    uint64_t revision;
    uint64_t domain;
    uint64_t coord_type;
    uint64_t num_processors;
};
_Static_assert(sizeof(struct xen_psd_package) == 40, "xen_psd_package size");

struct xen_processor_performance {
    uint32_t flags; /* XEN_PX_* */
    uint32_t platform_limit;
    struct xen_pct_register control_register;
    struct xen_pct_register status_register;
    uint32_t state_count;
    uint32_t _pad;
    XEN_GUEST_HANDLE(xen_processor_px_t) states;
    struct xen_psd_package domain_info;
    uint32_t shared_type; /* XEN_CPUPERF_SHARED_TYPE_* */
    uint32_t _pad2;
};
_Static_assert(sizeof(struct xen_processor_performance) == 104, "perf");

struct xenpf_set_processor_pminfo {
    uint32_t id;   /* IN: ACPI processor id. */
    uint32_t type; /* IN: XEN_PM_* */
    union {
        struct xen_processor_power power;
        struct xen_processor_performance perf;
        XEN_GUEST_HANDLE(uint32_t) pdc;
    } u; /* IN */
};
_Static_assert(sizeof(struct xenpf_set_processor_pminfo) == 112, "pminfo");

struct xenpf_pcpuinfo {
    uint32_t xen_cpuid;   /* IN */
    uint32_t max_present; /* OUT */
    uint32_t flags;       /* OUT: XEN_PCPU_FLAGS_* */
    uint32_t apic_id;     /* OUT */
    uint32_t acpi_id;     /* OUT */
};
_Static_assert(sizeof(struct xenpf_pcpuinfo) == 20, "pcpuinfo");

struct xenpf_pcpu_version {
    uint32_t xen_cpuid;   /* IN */
    uint32_t max_present; /* OUT */
    char vendor_id[12];   /* OUT */
    uint32_t family;      /* OUT */
    uint32_t model;       /* OUT */
    uint32_t stepping;    /* OUT */
};
_Static_assert(sizeof(struct xenpf_pcpu_version) == 32, "pcpu_version");

struct xenpf_cpu_ol {
    uint32_t cpuid; /* IN */
};
_Static_assert(sizeof(struct xenpf_cpu_ol) == 4, "xenpf_cpu_ol size");

struct xenpf_cpu_hotadd {
    uint32_t apic_id;
    uint32_t acpi_id;
    uint32_t pxm;
};
_Static_assert(sizeof(struct xenpf_cpu_hotadd) == 12, "xenpf_cpu_hotadd size");

struct xenpf_mem_hotadd {
    uint64_t spfn;
    uint64_t epfn;
    uint32_t pxm;
    uint32_t flags;
};
_Static_assert(sizeof(struct xenpf_mem_hotadd) == 24, "mem_hotadd");

struct xenpf_core_parking {
    uint32_t type;      /* IN: XEN_CORE_PARKING_* */
    uint32_t idle_nums; /* IN/OUT */
};
_Static_assert(sizeof(struct xenpf_core_parking) == 8,
               "xenpf_core_parking size");

struct xenpf_resource_entry {
    union {
        uint32_t cmd; /* IN: XEN_RESOURCE_OP_* */
        int32_t ret;  /* OUT */
    } u;
    uint32_t rsvd;
    uint64_t idx; /* IN: MSR index. */
    uint64_t val; /* IN/OUT */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_entry_t);
_Static_assert(sizeof(xenpf_resource_entry_t) == 24, "resource entry");

struct xenpf_resource_op {
    uint32_t nr_entries; /* IN/OUT */
    uint32_t cpu;        /* IN */
    XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries;
};
_Static_assert(sizeof(struct xenpf_resource_op) == 16,
               "xenpf_resource_op size");

struct xenpf_symdata {
    uint32_t namelen;            /* IN/OUT */
    uint32_t symnum;             /* IN/OUT */
    XEN_GUEST_HANDLE(char) name; /* OUT */
    uint64_t address;            /* OUT */
    char type;                   /* OUT */
    uint8_t _pad[7];
};
_Static_assert(sizeof(struct xenpf_symdata) == 32, "symdata");

struct xen_platform_op {
    uint32_t cmd;               /* IN: XENPF_* */
    uint32_t interface_version; /* IN: XENPF_INTERFACE_VERSION */
    union {
        struct xenpf_settime32 settime32;
        struct xenpf_settime64 settime64;
        struct xenpf_add_memtype add_memtype;
        struct xenpf_del_memtype del_memtype;
        struct xenpf_read_memtype read_memtype;
        struct xenpf_microcode_update microcode;
        struct xenpf_platform_quirk platform_quirk;
        struct xenpf_efi_runtime_call efi_runtime_call;
        struct xenpf_firmware_info firmware_info;
        struct xenpf_enter_acpi_sleep enter_acpi_sleep;
        struct xenpf_change_freq change_freq;
        struct xenpf_getidletime getidletime;
        struct xenpf_set_processor_pminfo set_pminfo;
        struct xenpf_pcpuinfo pcpu_info;
        struct xenpf_pcpu_version pcpu_version;
        struct xenpf_cpu_ol cpu_ol;
        struct xenpf_cpu_hotadd cpu_add;
        struct xenpf_mem_hotadd mem_add;
        struct xenpf_core_parking core_parking;
        struct xenpf_resource_op resource_op;
        struct xenpf_symdata symdata;
        uint8_t pad[128];
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;
_Static_assert(sizeof(xen_platform_op_t) == 136, "platform_op size");
_Static_assert(offsetof(xen_platform_op_t, u) == 8, "platform_op u");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_PLATFORM_H */
