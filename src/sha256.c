/*
 * SHA-256 with one fetched EVP_MD (sha256.h).
 */
#include <err.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sha256.h"

void
sha256_init(void)
{
	if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1)
		errx(3, "libcrypto did not start");
}

static const EVP_MD *
sha256_md(void)
{
	static EVP_MD	*md;

	if (md == NULL && (md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		errx(3, "libcrypto has no SHA-256");
	return md;
}

static void
sha256_to_hex(const unsigned char *md, char hex[SHA256_HEX])
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void
sha256_hex(const void *data, size_t len, char hex[SHA256_HEX])
{
	unsigned char	md[EVP_MAX_MD_SIZE] = { 0 };
	unsigned int	mdlen = 0;

	if (EVP_Digest(data, len, md, &mdlen, sha256_md(), NULL) != 1)
		errx(3, "SHA-256 failed");
	sha256_to_hex(md, hex);
}
