/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage setup-header parsing; see xenith/bzimage.h.  The image is
 * untrusted: every field is checked against the image size.
 */
#include <xenith/bzimage.h>

static uint32_t rd_le(const uint8_t *p, unsigned int n)
{
    uint32_t v = 0;

    for (unsigned int i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

bool bzimage_probe(const void *img, size_t size)
{
    const uint8_t *p = img;

    return p && size >= BZ_HEADER_END && p[BZ_HEADER_MAGIC] == 'H' &&
           p[BZ_HEADER_MAGIC + 1] == 'd' && p[BZ_HEADER_MAGIC + 2] == 'r' &&
           p[BZ_HEADER_MAGIC + 3] == 'S';
}

/* Parse the setup header and locate the payload. */
int bzimage_parse(const void *img, size_t size, struct bzimage_info *bi)
{
    const uint8_t *p = img;
    size_t off, len;

    if (!bzimage_probe(img, size))
        return -ENOEXEC;
    if (rd_le(p + BZ_BOOT_FLAG, 2) != 0xaa55)
        return -EINVAL;
    bi->version = (uint16_t)rd_le(p + BZ_VERSION, 2);
    if (bi->version < BZ_MIN_VERSION)
        return -EOPNOTSUPP;
    bi->setup_sects = p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4;
    bi->pm_offset = ((size_t)bi->setup_sects + 1) * 512;
    off = rd_le(p + BZ_PAYLOAD_OFFSET, 4);
    len = rd_le(p + BZ_PAYLOAD_LENGTH, 4);
    if (bi->pm_offset > size || off > size - bi->pm_offset)
        return -EINVAL;
    off += bi->pm_offset;
    if (len == 0 || len > size - off)
        return -EINVAL;
    bi->payload = p + off;
    bi->payload_len = len;
    return 0;
}
