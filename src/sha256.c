/*
 * SHA-256 (sha256.h).
 */
#include <err.h>

/* SHA256_Init() and its kin are deprecated in 3.0, not removed. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "sha256.h"

#ifndef OPENSSL_NO_DEPRECATED_3_0

/* SHA256_Init() and base64 need nothing started. */
void
sha256_init(void)
{
}

void
sha256(const void *data, size_t len, unsigned char md[SHA256_LEN])
{
	SHA256_CTX	c;

	if (SHA256_Init(&c) != 1 || SHA256_Update(&c, data, len) != 1 ||
	    SHA256_Final(md, &c) != 1)
		errx(3, "SHA-256 failed");
}

#else

void
sha256_init(void)
{
	if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1)
		errx(3, "libcrypto did not start");
}

void
sha256(const void *data, size_t len, unsigned char md[SHA256_LEN])
{
	static EVP_MD	*impl;
	unsigned int	 mdlen = 0;

	if (impl == NULL && (impl = EVP_MD_fetch(NULL, "SHA256", NULL)) ==
	    NULL)
		errx(3, "libcrypto has no SHA-256");
	if (EVP_Digest(data, len, md, &mdlen, impl, NULL) != 1 ||
	    mdlen != SHA256_LEN)
		errx(3, "SHA-256 failed");
}

#endif

void
sha256_hex(const void *data, size_t len, char hex[SHA256_HEX])
{
	static const char	digits[] = "0123456789abcdef";
	unsigned char		md[SHA256_LEN];
	size_t			i;

	sha256(data, len, md);
	for (i = 0; i < SHA256_LEN; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}
