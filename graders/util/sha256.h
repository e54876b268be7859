/*
 * sha256.h - SHA-256 (FIPS 180-4), for the content keys of stored results
 * (class_scan.h). Small and dependency-free: no crypto library is needed
 * for a cache key.
 */
#ifndef GRADERS_SHA256_H
#define GRADERS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Finish and write the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

#endif /* GRADERS_SHA256_H */
