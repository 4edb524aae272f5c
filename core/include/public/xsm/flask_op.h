/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: the FLASK security module's control interface
 * (hypercall xsm_op, #27, with a struct xen_flask_op).
 *
 * Used by the policy tools (load a policy, switch enforcing, map labels
 * to security ids, query access decisions and booleans) and by the
 * toolstack to label domains.
 */
#ifndef XENITH_PUBLIC_XSM_FLASK_OP_H
#define XENITH_PUBLIC_XSM_FLASK_OP_H

#include "../event_channel.h"

#define XEN_FLASK_INTERFACE_VERSION 1

#define FLASK_LOAD             1
#define FLASK_GETENFORCE       2
#define FLASK_SETENFORCE       3
#define FLASK_CONTEXT_TO_SID   4
#define FLASK_SID_TO_CONTEXT   5
#define FLASK_ACCESS           6
#define FLASK_CREATE           7
#define FLASK_RELABEL          8
#define FLASK_USER             9 /* Retired. */
#define FLASK_POLICYVERS       10
#define FLASK_GETBOOL          11
#define FLASK_SETBOOL          12
#define FLASK_COMMITBOOLS      13
#define FLASK_MLS              14
#define FLASK_DISABLE          15 /* Retired. */
#define FLASK_GETAVC_THRESHOLD 16
#define FLASK_SETAVC_THRESHOLD 17
#define FLASK_AVC_HASHSTATS    18
#define FLASK_AVC_CACHESTATS   19
#define FLASK_MEMBER           20
#define FLASK_ADD_OCONTEXT     21
#define FLASK_DEL_OCONTEXT     22
#define FLASK_GET_PEER_SID     23
#define FLASK_RELABEL_DOMAIN   24
#define FLASK_DEVICETREE_LABEL 25

#ifndef __ASSEMBLER__

struct xen_flask_load {
    XEN_GUEST_HANDLE(char) buffer; /* IN: binary policy. */
    uint32_t size;                 /* IN */
    uint32_t _pad;
};
typedef struct xen_flask_load xen_flask_load_t;
_Static_assert(sizeof(struct xen_flask_load) == 16, "xen_flask_load size");

struct xen_flask_setenforce {
    uint32_t enforcing; /* IN: 0 permissive, 1 enforcing. */
};
typedef struct xen_flask_setenforce xen_flask_setenforce_t;
_Static_assert(sizeof(struct xen_flask_setenforce) == 4,
               "xen_flask_setenforce size");

/* context_to_sid (IN context, OUT sid) and sid_to_context (reverse). */
struct xen_flask_sid_context {
    uint32_t sid;
    uint32_t size; /* IN: buffer size; OUT: context length. */
    XEN_GUEST_HANDLE(char) context;
};
typedef struct xen_flask_sid_context xen_flask_sid_context_t;
_Static_assert(sizeof(struct xen_flask_sid_context) == 16,
               "xen_flask_sid_context size");

struct xen_flask_access {
    uint32_t ssid;        /* IN */
    uint32_t tsid;        /* IN */
    uint32_t tclass;      /* IN */
    uint32_t req;         /* IN: requested permissions. */
    uint32_t allowed;     /* OUT */
    uint32_t audit_allow; /* OUT */
    uint32_t audit_deny;  /* OUT */
    uint32_t seqno;       /* OUT */
};
typedef struct xen_flask_access xen_flask_access_t;
_Static_assert(sizeof(struct xen_flask_access) == 32, "xen_flask_access size");

/* create, relabel, member: the sid a transition yields. */
struct xen_flask_transition {
    uint32_t ssid;   /* IN */
    uint32_t tsid;   /* IN */
    uint32_t tclass; /* IN */
    uint32_t newsid; /* OUT */
};
typedef struct xen_flask_transition xen_flask_transition_t;
_Static_assert(sizeof(struct xen_flask_transition) == 16,
               "xen_flask_transition size");

struct xen_flask_boolean {
    uint32_t bool_id;  /* IN/OUT: -1 to look up by name. */
    uint8_t enforcing; /* OUT: current value. */
    uint8_t pending;   /* OUT: value after commit. */
    uint8_t new_value; /* IN (setbool) */
    uint8_t commit;    /* IN: commit at once. */
    uint32_t size;     /* IN/OUT: name length. */
    uint32_t _pad;
    XEN_GUEST_HANDLE(char) name; /* IN/OUT */
};
typedef struct xen_flask_boolean xen_flask_boolean_t;
_Static_assert(sizeof(xen_flask_boolean_t) == 24, "flask boolean");

struct xen_flask_setavc_threshold {
    uint32_t threshold;
};
typedef struct xen_flask_setavc_threshold xen_flask_setavc_threshold_t;
_Static_assert(sizeof(struct xen_flask_setavc_threshold) == 4,
               "xen_flask_setavc_threshold size");

struct xen_flask_hash_stats {
    uint32_t entries;
    uint32_t buckets_used;
    uint32_t buckets_total;
    uint32_t max_chain_len;
};
typedef struct xen_flask_hash_stats xen_flask_hash_stats_t;
_Static_assert(sizeof(struct xen_flask_hash_stats) == 16,
               "xen_flask_hash_stats size");

struct xen_flask_cache_stats {
    uint32_t cpu; /* IN */
    uint32_t lookups;
    uint32_t hits;
    uint32_t misses;
    uint32_t allocations;
    uint32_t reclaims;
    uint32_t frees;
};
typedef struct xen_flask_cache_stats xen_flask_cache_stats_t;
_Static_assert(sizeof(struct xen_flask_cache_stats) == 28,
               "xen_flask_cache_stats size");

/* Label a resource range (pirq, ioport, iomem, PCI device). */
struct xen_flask_ocontext {
    uint32_t ocon; /* IN: resource kind. */
    uint32_t sid;  /* IN */
    uint64_t low, high;
};
typedef struct xen_flask_ocontext xen_flask_ocontext_t;
_Static_assert(sizeof(xen_flask_ocontext_t) == 24, "flask ocontext");

struct xen_flask_peersid {
    evtchn_port_t evtchn; /* IN */
    uint32_t sid;         /* OUT: label of the peer domain. */
};
typedef struct xen_flask_peersid xen_flask_peersid_t;
_Static_assert(sizeof(struct xen_flask_peersid) == 8, "xen_flask_peersid size");

struct xen_flask_relabel {
    uint32_t domid; /* IN */
    uint32_t sid;   /* IN */
};
typedef struct xen_flask_relabel xen_flask_relabel_t;
_Static_assert(sizeof(struct xen_flask_relabel) == 8, "xen_flask_relabel size");

struct xen_flask_devicetree_label {
    uint32_t sid;    /* IN */
    uint32_t length; /* IN */
    XEN_GUEST_HANDLE(char) path;
};
typedef struct xen_flask_devicetree_label xen_flask_devicetree_label_t;
_Static_assert(sizeof(struct xen_flask_devicetree_label) == 16,
               "xen_flask_devicetree_label size");

struct xen_flask_op {
    uint32_t cmd;               /* FLASK_* */
    uint32_t interface_version; /* XEN_FLASK_INTERFACE_VERSION */
    union {
        xen_flask_load_t load;
        xen_flask_setenforce_t enforce;
        xen_flask_sid_context_t sid_context;
        xen_flask_access_t access;
        xen_flask_transition_t transition;
        xen_flask_boolean_t boolean;
        xen_flask_setavc_threshold_t setavc_threshold;
        xen_flask_hash_stats_t hash_stats;
        xen_flask_cache_stats_t cache_stats;
        xen_flask_ocontext_t ocontext;
        xen_flask_peersid_t peersid;
        xen_flask_relabel_t relabel;
        xen_flask_devicetree_label_t devicetree_label;
    } u;
};
typedef struct xen_flask_op xen_flask_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_flask_op_t);
_Static_assert(sizeof(xen_flask_op_t) == 40, "flask op");
_Static_assert(offsetof(xen_flask_op_t, u) == 8, "flask op u");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_XSM_FLASK_OP_H */
