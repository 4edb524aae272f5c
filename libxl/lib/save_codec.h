/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Page codecs in the save stream (lib/save_codec.c, docs/save-format.md:
 * the CODEC and CODEC_PAGES records): the writer encodes each page batch
 * with a page codec plugin (libxl_plugin.h), the reader finds the plugin
 * the stream names and decodes the batches into PAGE_DATA's form.
 */
#ifndef LIBXL_SAVE_CODEC_H
#define LIBXL_SAVE_CODEC_H

#include "internal.h"
#include "stream.h"

struct libxl__save_codec;

/*
 * The codec a save writes with: name, or for a live migration without one
 * the codec= of remus.conf in the plugins directory; "none" or nothing:
 * *c NULL (PAGE_DATA records).  0, or ERROR_INVAL when no loaded plugin
 * provides it, or another error (logged).
 */
int libxl__save_codec_open_write(libxl__gc *gc, uint32_t domid,
                                 const char *name, bool live,
                                 struct libxl__save_codec **c);
/* The CODEC record: after P2M_FRAMES, before any page.  0 or -1 (s->err). */
int libxl__save_codec_write_head(struct libxl__save_codec *c,
                                 struct libxl__stream *s);
/* A batch as PAGE_DATA would carry it (n entries, the data of nd pages)
 * as CODEC_PAGES records.  0, or an error (logged). */
int libxl__save_codec_write_pages(libxl__gc *gc, struct libxl__save_codec *c,
                                  struct libxl__stream *s, const uint64_t *ent,
                                  unsigned n, const uint8_t *data, unsigned nd);

/* What the reader hands decoded batches to (pvrestore_pages). */
typedef int libxl__save_codec_pages_fn(void *arg, unsigned n,
                                       const uint64_t *ent, const uint8_t *data,
                                       size_t data_len);

/*
 * A CODEC or CODEC_PAGES record of the stream what: the codec opened
 * (*c, NULL before), or a batch decoded and given to pages(arg, ...).
 * 0, or ERROR_INVAL (the stream names a codec no plugin provides, or is
 * corrupted; one line says which), or what pages returned.
 */
int libxl__save_codec_read(libxl__gc *gc, struct libxl__save_codec **c,
                           const char *what, uint32_t type, const uint8_t *body,
                           uint32_t len, libxl__save_codec_pages_fn *pages,
                           void *arg);

/* Releases c (NULL: nothing); an encoder logs what it saved. */
void libxl__save_codec_close(struct libxl__save_codec *c);

#endif
