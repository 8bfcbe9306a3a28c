/*
 * The resolve stage: slugs, interpolation and its escaping, patches,
 * and the stability of paths and hashes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mdtext.h"
#include "model.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"
#include "harness.h"

static void
test_slug(void)
{
	struct arena *a = arena_new();

	CHECK_STR(ids_slug(a, "Code review completed"), "code-review-completed");
	CHECK_STR(ids_slug(a, "  **Backup** size: ____ MB!  "), "backup-size-mb");
	CHECK_STR(ids_slug(a, "Проверка бэкапа"), "проверка-бэкапа");
	CHECK_STR(ids_slug(a, "`systemctl restart {{ svc }}`"),
	    "systemctl-restart-svc");
	CHECK_STR(ids_slug(a, "🚀 ✅"), "");
	CHECK(strlen(ids_slug(a, "a b c d e f g h i j k l m n o p q r s t u v "
	    "w x y z a b c d e f g h i j k l m n o p")) <= 64);
	arena_free(a);
}

static void
test_md_escape(void)
{
	struct buf b = { 0 };

	mdtext_escape(&b, "<b>*x*</b> | [a](b) `c` & ~d~", 0);
	CHECK_STR(buf_str(&b),
	    "\\<b\\>\\*x\\*\\</b\\> \\| \\[a\\](b) \\`c\\` \\& \\~d\\~");
	buf_reset(&b);
	mdtext_escape(&b, "# title\n- item", 1);
	CHECK_STR(buf_str(&b), "\\# title - item");
	buf_reset(&b);
	mdtext_escape(&b, "1. first", 1);
	CHECK_STR(buf_str(&b), "1\\. first");
	buf_reset(&b);
	mdtext_escape(&b, "1. first", 0);
	CHECK_STR(buf_str(&b), "1. first");
	buf_free(&b);
}

/* Resolve the template text alone (as project "example"). */
static struct chk_list *
resolve_text(const char *yaml, struct arena *out, struct diag *d)
{
	char		 path[] = "/tmp/chkc-test-XXXXXX";
	struct resolver	*res;
	struct chk_list	*cl;
	FILE		*fp;
	int		 fd;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		return NULL;
	fputs(yaml, fp);
	fclose(fp);
	res = resolver_new("/nonexistent", d);
	cl = resolve_checklist(res, NULL, 0, path, out);
	resolver_free(res);
	unlink(path);
	return cl;
}

static void
test_interpolation(void)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_list	*cl = resolve_text(
	    "id: t\n"
	    "params: {properties: {v: {default: '<i>*x*</i>'}, n: {default: 3}}}\n"
	    "title: 'T {{ v }} `{{ v }}` {{ n * 1 }}'\n", a, d);

	/* n * 1 is not an expression: one error, and no checklist. */
	CHECK(cl == NULL && diag_errors(d) == 1);
	diag_free(d);
	d = diag_new();
	cl = resolve_text(
	    "id: t\n"
	    "params: {properties: {v: {default: '<i>*x*</i>'}, n: {default: 3}}}\n"
	    "title: 'T {{ v }} `{{ v }}` {{ n }}'\n"
	    "sections: [{title: S, items: [{check: C, code: 'echo {{ v }}'}]}]\n",
	    a, d);
	CHECK(cl != NULL);
	if (cl != NULL) {
		CHECK_STR(cl->title, "T \\<i\\>\\*x\\*\\</i\\> `<i>*x*</i>` 3");
		CHECK_STR(cl->sections[0]->items[0]->code, "echo <i>*x*</i>");
		CHECK_STR(cl->sections[0]->items[0]->path, "s.c");
		CHECK_STR(cl->project, "example");
	}
	arena_free(a);
	diag_free(d);
}

/* Paths and the hash depend on the template, not on the variables'
 * effect on texts... but the hash does change with the texts. */
static void
test_paths_stable(void)
{
	const char *t1 =
	    "id: t\ntitle: T\n"
	    "params: {properties: {host: {default: a.example}}}\n"
	    "sections: [{title: 'Deploy to {{ host }}', items: ['Ping {{ host }}']}]\n";
	const char *t2 =
	    "id: t\ntitle: T\n"
	    "params: {properties: {host: {default: b.example}}}\n"
	    "sections: [{title: 'Deploy to {{ host }}', items: ['Ping {{ host }}']}]\n";
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_list	*c1 = resolve_text(t1, a, d), *c2 = resolve_text(t2, a, d);
	struct chk_list	*c3 = resolve_text(t1, a, d);

	CHECK(c1 != NULL && c2 != NULL && c3 != NULL);
	if (c1 && c2 && c3) {
		CHECK_STR(c1->sections[0]->items[0]->path,
		    c2->sections[0]->items[0]->path);
		CHECK_STR(c1->sections[0]->items[0]->path,
		    "deploy-to-host.ping-host");
		CHECK(strcmp(c1->hash, c2->hash) != 0);
		CHECK_STR(c1->hash, c3->hash);
		CHECK(strncmp(c1->hash, "sha256:", 7) == 0 &&
		    strlen(c1->hash) == 71);
	}
	arena_free(a);
	diag_free(d);
}

static void
test_all_errors_reported(void)
{
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();

	/* Every unknown name of a valid template. */
	CHECK(resolve_text("id: t\ntitle: '{{ x }}'\n"
	    "sections: [{title: '{{ y }}', items: ['{{ z }}']}]\n",
	    a, d) == NULL);
	CHECK(diag_errors(d) == 3);
	diag_free(d);
	/* Every schema error of an invalid one, before anything resolves. */
	d = diag_new();
	CHECK(resolve_text("id: t\ntitle: '{{ x }}'\nrevison: 2\n"
	    "sections: [{title: '{{ y }}', items: ['{{ z }}', {chek: 1}]}]\n",
	    a, d) == NULL);
	CHECK(diag_errors(d) == 2);
	arena_free(a);
	diag_free(d);
}

int
main(void)
{
	RUN(test_slug);
	RUN(test_md_escape);
	RUN(test_interpolation);
	RUN(test_paths_stable);
	RUN(test_all_errors_reported);
	return HARNESS_EXIT();
}
