/*
 * SHA-256 through libcrypto's SHA-256 functions themselves.  Its EVP
 * interface fetches an implementation from a provider first: 3.5 M
 * instructions the first time in a process (a third of a one-checklist
 * PDF's hashing and start-up together), and again on every digest
 * given EVP_sha256().  The digests are the same: the provider computes
 * them with the same code.  Against a libcrypto without its deprecated
 * API (configured no-deprecated, or OPENSSL_NO_DEPRECATED defined),
 * sha256.c takes the EVP path, the implementation fetched once.
 */
#ifndef CHKC_SHA256_H
#define CHKC_SHA256_H

#include <stddef.h>

#define SHA256_LEN	32		/* bytes of a digest */
#define SHA256_HEX	65		/* 64 hex digits and a NUL */

/*
 * Start what the digests need, before any other call into libcrypto:
 * nothing for SHA256_Init() and base64; on the EVP path, libcrypto
 * without reading openssl.cnf (chkc uses it for SHA-256 and base64
 * only, whose results no configuration changes, and reading the file
 * and the modules it names cost about 2 M instructions, a tenth of a
 * small build's start).
 */
void	sha256_init(void);

/* The digest of data. */
void	sha256(const void *data, size_t len, unsigned char md[SHA256_LEN]);

/* The digest of data as 64 lower-case hex digits. */
void	sha256_hex(const void *data, size_t len, char hex[SHA256_HEX]);

#endif /* CHKC_SHA256_H */
