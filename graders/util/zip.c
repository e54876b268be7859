/*
 * zip.c - a stored-only zip writer (PKWARE APPNOTE 4.3: local file header
 * and data per entry, then the central directory and its end record).
 */
#include "graders/util/zip.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

struct zip_entry {
	char *name;
	uint32_t crc, size, offset, mode;
	uint16_t time, date;
};

static uint32_t zip_crc32(const unsigned char *p, size_t len)
{
	static uint32_t table[256];
	uint32_t c = 0xffffffffu;
	size_t i;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			uint32_t v = (uint32_t)i;
			int k;

			for (k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[i] = v;
		}
	}
	for (i = 0; i < len; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void zip_u16(struct zip *z, unsigned v)
{
	unsigned char b[2] = { v & 0xff, (v >> 8) & 0xff };

	if (fwrite(b, 1, 2, z->out) != 2 && !z->err)
		z->err = errno ? errno : EIO;
	z->offset += 2;
}

static void zip_u32(struct zip *z, uint32_t v)
{
	zip_u16(z, v & 0xffff);
	zip_u16(z, v >> 16);
}

static void zip_bytes(struct zip *z, const void *p, size_t len)
{
	if (len && fwrite(p, 1, len, z->out) != len && !z->err)
		z->err = errno ? errno : EIO;
	z->offset += (uint32_t)len;
}

int zip_open(struct zip *z, const char *path)
{
	memset(z, 0, sizeof(*z));
	z->out = fopen(path, "wbe");
	if (!z->out)
		return -1;
	z->path = xstrdup(path);
	return 0;
}

/* The fields local and central headers share, from "version needed" to
 * the name's length. */
static void zip_common(struct zip *z, const struct zip_entry *e)
{
	zip_u16(z, 10);	    /* version needed: 1.0, stored */
	zip_u16(z, 0x0800); /* the name is UTF-8 */
	zip_u16(z, 0);	    /* stored */
	zip_u16(z, e->time);
	zip_u16(z, e->date);
	zip_u32(z, e->crc);
	zip_u32(z, e->size);
	zip_u32(z, e->size);
	zip_u16(z, (unsigned)strlen(e->name));
}

int zip_add(struct zip *z, const char *name, const void *data, size_t len, unsigned mode)
{
	time_t now = time(NULL);
	struct tm tm;
	struct zip_entry *e;

	if (z->err)
		return -1;
	if (len > 0xffffffffu || z->n >= 0xffff || strlen(name) > 0xffff) {
		z->err = EFBIG;
		return -1;
	}
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 32;
		z->entries = xrealloc(z->entries, z->cap, sizeof(*z->entries));
	}
	localtime_r(&now, &tm);
	e = &z->entries[z->n++];
	e->name = xstrdup(name);
	e->crc = zip_crc32(data, len);
	e->size = (uint32_t)len;
	e->offset = z->offset;
	e->mode = S_IFREG | (mode & 07777);
	e->time = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	e->date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
	zip_u32(z, 0x04034b50);
	zip_common(z, e);
	zip_u16(z, 0); /* extra field */
	zip_bytes(z, e->name, strlen(e->name));
	zip_bytes(z, data, len);
	return z->err ? -1 : 0;
}

int zip_add_file(struct zip *z, const char *name, const char *path)
{
	struct stat st;
	char *buf;
	FILE *f;
	size_t got;
	int ret;

	if (z->err)
		return -1;
	f = fopen(path, "rbe");
	if (!f || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > 0xffffffffu) {
		z->err = !f ? errno : S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		if (f)
			fclose(f);
		return -1;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	got = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (got != (size_t)st.st_size) {
		free(buf);
		z->err = EIO;
		return -1;
	}
	ret = zip_add(z, name, buf, got, st.st_mode & 0777);
	free(buf);
	return ret;
}

int zip_close(struct zip *z)
{
	uint32_t start = z->offset, size;
	size_t i;
	int err;

	for (i = 0; i < z->n; i++) {
		const struct zip_entry *e = &z->entries[i];

		zip_u32(z, 0x02014b50);
		zip_u16(z, 3 << 8 | 20); /* made by: Unix, 2.0 */
		zip_common(z, e);
		zip_u16(z, 0); /* extra field */
		zip_u16(z, 0); /* comment */
		zip_u16(z, 0); /* disk */
		zip_u16(z, 0); /* internal attributes */
		zip_u32(z, e->mode << 16);
		zip_u32(z, e->offset);
		zip_bytes(z, e->name, strlen(e->name));
	}
	size = z->offset - start;
	zip_u32(z, 0x06054b50);
	zip_u16(z, 0); /* this disk */
	zip_u16(z, 0); /* the directory's disk */
	zip_u16(z, (unsigned)z->n);
	zip_u16(z, (unsigned)z->n);
	zip_u32(z, size);
	zip_u32(z, start);
	zip_u16(z, 0); /* comment */
	if (fclose(z->out) != 0 && !z->err)
		z->err = errno;
	err = z->err;
	if (err)
		unlink(z->path);
	for (i = 0; i < z->n; i++)
		free(z->entries[i].name);
	free(z->entries);
	free(z->path);
	memset(z, 0, sizeof(*z));
	errno = err;
	return err ? -1 : 0;
}
