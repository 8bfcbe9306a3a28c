/*
 * The sign stage without ssh-keygen: allowed_signers files (fields,
 * options, fingerprints as ssh-keygen -l prints them, diagnostics at
 * file:line:col), principal patterns, and the signed digest (what
 * changes it and what does not).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "run/run.h"
#include "sign/sign.h"
#include "harness.h"

/* A public key and its fingerprint by ssh-keygen -lf (no private key). */
#define KEY	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFrK1bXwAUFNyBnQQ7baCkXGucjSQcsRRpQaQXvIYgom"
#define FP	"SHA256:0U9bGrHhd1iuaaSzqvxqNciz3OQszlD1r/BzCPzES64"

static int
parse(struct arena *a, const char *text, struct sign_allowed *al,
    struct buf *msgs)
{
	struct diag	*d = diag_new();
	FILE		*fp = tmpfile();
	char		 line[512];
	int		 rc;

	rc = sign_allowed_parse(a, "as", text, strlen(text), al, d);
	diag_print(d, fp);
	rewind(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		buf_puts(msgs, line);
	fclose(fp);
	diag_free(d);
	return rc;
}

static void
test_allowed_lines(void)
{
	struct arena		*a = arena_new();
	struct sign_allowed	 al;
	struct buf		 m = { 0 };
	size_t			 at;

	CHECK(parse(a, "# comment\n\n"
	    "alice@example.com " KEY " alice\r\n"
	    "\"b@x,*@ops.example.com\" valid-after=\"20260101\","
	    "valid-before=\"20270101Z\",namespaces=\"chkc-signoff\" " KEY "\n"
	    "ca@x cert-authority " KEY, &al, &m) == 0);
	CHECK_STR(buf_str(&m), "");
	CHECK(al.nkeys == 3);
	CHECK_STR(al.keys[0].fingerprint, FP);
	CHECK_STR(al.keys[0].type, "ssh-ed25519");
	CHECK(al.keys[0].loc.line == 3);
	CHECK(al.keys[1].nprincipals == 2);
	CHECK(sign_key_names(&al.keys[1], "carol@ops.example.com"));
	CHECK(!sign_key_names(&al.keys[1], "carol@example.com"));
	CHECK(al.keys[1].before == 1798761600);	/* 2027-01-01 UTC */
	CHECK_STR(al.keys[1].after_text, "20260101");
	CHECK(al.keys[2].ca);
	CHECK(sign_allowed_find(&al, FP, 1, &at) == &al.keys[1] && at == 1);
	CHECK(sign_allowed_find(&al, "SHA256:none", 0, &at) == NULL);
	buf_free(&m);
	arena_free(a);
}

static void
test_allowed_errors(void)
{
	struct arena		*a = arena_new();
	struct sign_allowed	 al;
	struct buf		 m = { 0 };

	CHECK(parse(a, "a@x " KEY "\n"
	    "b@x ssh-ed25519 AAAAnotakey\n"
	    "c@x ssh-foo AAAA\n"
	    "d@x trust=yes " KEY "\n"
	    "  e@x valid-before=\"2026\" " KEY "\n"
	    "f@x\n"
	    "g@x valid-after=\"20270101\",valid-before=\"20260101\" " KEY "\n",
	    &al, &m) == -1);
	CHECK(strstr(buf_str(&m), "as:2:17: error: not a base64 ssh-ed25519 "
	    "public key") != NULL);
	CHECK(strstr(buf_str(&m), "as:3:5: error: unknown key type 'ssh-foo'")
	    != NULL);
	CHECK(strstr(buf_str(&m), "as:4:5: error: unknown option 'trust=yes'")
	    != NULL);
	CHECK(strstr(buf_str(&m), "as:5:7: error: 'valid-before=\"2026\"'")
	    != NULL);
	CHECK(strstr(buf_str(&m), "as:6:1: error: expected 'principals "
	    "[options] keytype base64-key [comment]'") != NULL);
	CHECK(strstr(buf_str(&m), "as:7:1: error: valid-after is not before "
	    "valid-before") != NULL);
	CHECK(al.nkeys == 1);
	buf_free(&m);
	arena_free(a);
}

/* The digest of role in the run text. */
static void
digest(struct arena *a, const char *text, const char *role, struct buf *b)
{
	struct diag	*d = diag_new();
	struct run_doc	*doc;

	buf_reset(b);
	if ((doc = run_parse(a, "run", text, strlen(text), d)) != NULL)
		sign_message(doc, role, "2026-11-24T10:00:00Z", b);
	diag_free(d);
}

#define RUNHEAD "run: shop/rel\nchecklist: \"sha256:" \
    "0000000000000000000000000000000000000000000000000000000000000000\"\n"

static void
test_message(void)
{
	struct arena	*a = arena_new();
	struct buf	 x = { 0 }, y = { 0 };

	digest(a, RUNHEAD "items: {a: {done: true}, b: {done: false}}\n"
	    "fields: {version: \"1.0\", other: null}\n", "QA", &x);
	CHECK(strncmp(buf_str(&x), "chkc-signoff-v1 sha256:", 23) == 0);
	CHECK(x.len == 23 + 64 + 1);
	/* JSON, other order, without what says nothing, other sign-offs:
	 * the same. */
	digest(a, "{\"fields\": {\"version\": \"1.0\"}, \"run\": \"shop/rel\", "
	    "\"checklist\": \"sha256:0000000000000000000000000000000000000000"
	    "000000000000000000000000\", \"items\": {\"a\": {\"done\": true}}, "
	    "\"signoff\": {\"Tech Lead\": {\"name\": \"A\"}}}", "QA", &y);
	CHECK_STR(buf_str(&y), buf_str(&x));
	digest(a, RUNHEAD "items: {a: {done: true}}\n"
	    "fields: {version: \"1.0\"}\n", "Tech Lead", &y);
	CHECK(strcmp(buf_str(&y), buf_str(&x)) != 0);
	digest(a, RUNHEAD "items: {a: {done: true, note: x}}\n"
	    "fields: {version: \"1.0\"}\n", "QA", &y);
	CHECK(strcmp(buf_str(&y), buf_str(&x)) != 0);
	digest(a, RUNHEAD "items: {a: {done: true}}\n"
	    "fields: {version: \"1.1\"}\n", "QA", &y);
	CHECK(strcmp(buf_str(&y), buf_str(&x)) != 0);
	buf_free(&x);
	buf_free(&y);
	arena_free(a);
}

int
main(void)
{
	RUN(test_allowed_lines);
	RUN(test_allowed_errors);
	RUN(test_message);
	return HARNESS_EXIT();
}
