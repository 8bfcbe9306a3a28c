/*
 * Tests of SHA-256 (src/sha256.c): the digests of FIPS 180-4's
 * examples, and of every length from 0 to 300 bytes and of a million
 * against libcrypto's EVP interface.  Both of sha256.c's
 * paths are tested: the one this libcrypto builds (SHA256_Init() and
 * its kin), and the EVP path of a libcrypto without its deprecated
 * API, compiled here as evp_sha256().
 */
#include "sha256.h"

#define OPENSSL_NO_DEPRECATED	/* as a libcrypto built "no-deprecated" */
#define sha256		evp_sha256
#define sha256_hex	evp_sha256_hex
#define sha256_init	evp_sha256_init
#include "../../src/sha256.c"
#undef sha256
#undef sha256_hex
#undef sha256_init

#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The digest of data as EVP_Digest() with EVP_sha256() gives it. */
static void
oracle(const void *data, size_t len, unsigned char md[SHA256_LEN])
{
	unsigned int	n = 0;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n != SHA256_LEN)
		memset(md, 0, SHA256_LEN);
}

/* Both paths agree with the oracle on data. */
static int
agrees(const void *data, size_t len)
{
	unsigned char	want[SHA256_LEN], got[SHA256_LEN], evp[SHA256_LEN];

	oracle(data, len, want);
	sha256(data, len, got);
	evp_sha256(data, len, evp);
	if (memcmp(got, want, SHA256_LEN) == 0 &&
	    memcmp(evp, want, SHA256_LEN) == 0)
		return 1;
	printf("  %zu bytes: the digests differ\n", len);
	return 0;
}

static void
test_fips_examples(void)
{
	static const struct {
		const char	*in, *hex;
	} ex[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039"
		    "a33ce45964ff2167f6ecedd419db06c1" },
	};
	char	hex[SHA256_HEX], evp[SHA256_HEX];
	size_t	i;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		sha256_hex(ex[i].in, strlen(ex[i].in), hex);
		evp_sha256_hex(ex[i].in, strlen(ex[i].in), evp);
		CHECK_STR(hex, ex[i].hex);
		CHECK_STR(evp, ex[i].hex);
	}
}

/* A million 'a's: the long example, many blocks in one call. */
static void
test_million(void)
{
	char	*a = malloc(1000000), hex[SHA256_HEX];

	CHECK(a != NULL);
	if (a == NULL)
		return;
	memset(a, 'a', 1000000);
	sha256_hex(a, 1000000, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	CHECK(agrees(a, 1000000));
	free(a);
}

/* Every length around the 64-byte blocks and their 55/56-byte edge. */
static void
test_lengths(void)
{
	unsigned char	data[300];
	size_t		i;

	srand(20261207);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)rand();
	for (i = 0; i <= sizeof(data); i++)
		CHECK(agrees(data, i));
	CHECK(agrees(data + 1, 64));	/* not aligned */
}

int
main(void)
{
	sha256_init();
	RUN(test_fips_examples);
	RUN(test_million);
	RUN(test_lengths);
	return HARNESS_EXIT();
}
