/*
 * SHA-256 through libcrypto, its implementation fetched once per
 * process: EVP_sha256() makes every EVP_Digest() fetch it again, which
 * cost as much as hashing a few kilobytes, and a build hashes a few
 * small texts per checklist.
 */
#ifndef CHKC_SHA256_H
#define CHKC_SHA256_H

#include <stddef.h>

#define SHA256_HEX	65		/* 64 hex digits and a NUL */

/*
 * Start libcrypto without reading openssl.cnf, before any other call
 * into it: chkc uses it for SHA-256 and base64 only, whose results no
 * configuration changes, and reading the file and the modules it names
 * cost about 2 M instructions, a tenth of a small build's start.
 */
void	sha256_init(void);

/* The digest of data as 64 lower-case hex digits. */
void	sha256_hex(const void *data, size_t len, char hex[SHA256_HEX]);

#endif /* CHKC_SHA256_H */
