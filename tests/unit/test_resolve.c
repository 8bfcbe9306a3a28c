/*
 * The resolve stage: slugs, interpolation and its escaping, the
 * stability of paths and hashes; and whole projects: when, for and
 * variables, includes, patches and sign-off, their errors, translations.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cache/cache.h"
#include "diag.h"
#include "label.h"
#include "mdtext.h"
#include "model.h"
#include "resolve/internal.h"
#include "resolve/resolve.h"
#include "utf8.h"
#include "harness.h"

static void
test_slug(void)
{
	struct arena	*a = arena_new();
	char		 s[4], want[4];
	int		 c;

	CHECK_STR(ids_slug(a, "Code review completed"), "code-review-completed");
	CHECK_STR(ids_slug(a, "  **Backup** size: ____ MB!  "), "backup-size-mb");
	CHECK_STR(ids_slug(a, "Проверка бэкапа"), "проверка-бэкапа");
	CHECK_STR(ids_slug(a, "`systemctl restart {{ svc }}`"),
	    "systemctl-restart-svc");
	CHECK_STR(ids_slug(a, "🚀 ✅"), "");
	CHECK(strlen(ids_slug(a, "a b c d e f g h i j k l m n o p q r s t u v "
	    "w x y z a b c d e f g h i j k l m n o p")) <= 64);
	/* Each ASCII byte (looked up in a table) as <ctype.h> sees it. */
	for (c = 1; c < 128; c++) {
		snprintf(s, sizeof(s), "x%cy", c);
		snprintf(want, sizeof(want), isalnum(c) ? "x%cy" : "x-y",
		    tolower(c));
		CHECK_STR(ids_slug(a, s), want);
	}
	arena_free(a);
}

/* ids_slug() as first written (a pending '-', the length measured
 * first): what the faster one must give for every text. */
static void
slug_reference(const char *s, char *slug)
{
	unsigned long	 cp;
	size_t		 len, n = strlen(s), i = 0, out = 0;
	int		 dash = 0;
	char		 enc[4];

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			len = 1;
		i += len;
		if (cp < 0x80 ? !isalnum((int)cp) : !utf8_isalnum(cp)) {
			dash = out > 0;
			continue;
		}
		len = cp < 0x80 ? (enc[0] = (char)tolower((int)cp), 1) :
		    utf8_encode(utf8_tolower(cp), enc);
		if (out + (size_t)dash + len > 64)
			break;
		if (dash)
			slug[out++] = '-';
		dash = 0;
		memcpy(slug + out, enc, len);
		out += len;
	}
	slug[out] = '\0';
}

/* Does ids_slug() slug text as the reference does?  The first text it
 * does not is reported (CHECK_STR); *bad counts them all. */
static void
slug_as_reference(struct arena *a, const char *text, unsigned *bad)
{
	char	want[128];

	slug_reference(text, want);
	if (strcmp(ids_slug(a, text), want) != 0 && (*bad)++ == 0)
		CHECK_STR(ids_slug(a, text), want);
}

/* Texts of every length around the cut at 64 bytes, of ASCII, 2-, 3-
 * and 4-byte letters, separators and broken UTF-8, against the
 * reference. */
static void
test_slug_cut(void)
{
	static const char *const pieces[] = {
		"a", "Z", "7", " ", "--", "\xc3\x89", "\xd0\x96", "\xe4\xb8\xad",
		"\xf0\x9f\x9a\x80", "\xe2\x80\x94", "\xff", "\xd0", "\xe4\xb8",
	};
	struct arena	*a = arena_new();
	char		 text[512];
	size_t		 np = sizeof(pieces) / sizeof(pieces[0]);
	unsigned	 seed, x, i, bad = 0;

	for (seed = 1; seed <= 3000; seed++) {
		text[0] = '\0';
		x = seed;
		for (i = 0; i < 20 + seed % 60; i++) {
			x = x * 1103515245u + 12345u;
			strcat(text, pieces[(x >> 16) % np]);
		}
		slug_as_reference(a, text, &bad);
	}
	CHECK(bad == 0);
	arena_free(a);
}

/* Every 2-byte code point (a table in ids_slug()) alone, between
 * letters, and repeated up to the cut, as the reference slugs it. */
static void
test_slug_2byte(void)
{
	struct arena	*a = arena_new();
	char		 enc[4], text[160];
	unsigned long	 cp;
	size_t		 n, i;
	unsigned	 bad = 0;

	for (cp = 0x80; cp < 0x800; cp++) {
		n = utf8_encode(cp, enc);
		enc[n] = '\0';
		snprintf(text, sizeof(text), "x%sy %s", enc, enc);
		for (i = 0; i < 30; i++)
			strcat(text, enc);
		slug_as_reference(a, text, &bad);
	}
	CHECK(bad == 0);
	arena_free(a);
}

/*
 * ids_claim() keeps a few ids in the set itself and compares them one
 * by one, more in a hash: both must find exactly the duplicates a
 * comparison with every earlier id finds, with the first use's place.
 */
static void
test_id_set(void)
{
	struct arena	*a = arena_new();
	struct loc	 locs[200];
	const char	*ids[200];
	size_t		 n, i, j, want;
	int		 rc, wrc;

	for (n = 1; n <= 200; n += 13) {
		struct id_set	 set = { 0 };
		struct diag	*d = diag_new();

		for (i = 0; i < n; i++) {
			/* Every third id repeats one made before. */
			ids[i] = i % 3 == 2 ? ids[(i * 7) % i] :
			    arena_printf(a, "%c-%zu", (char)('a' + i % 5), i);
			locs[i].file = "t.yaml", locs[i].line = (int)i + 1;
			locs[i].col = 1;
			for (j = 0; j < i && strcmp(ids[j], ids[i]) != 0; j++)
				continue;
			wrc = j < i ? -1 : 0;
			want = diag_count(d) + (j < i ? 2 : 0);
			rc = ids_claim(&set, d, ids[i], &locs[i], "item");
			CHECK(rc == wrc);
			CHECK(diag_count(d) == want);
			if (j < i && diag_count(d) == want)
				CHECK_CONTAINS(diag_text(d, want - 1),
				    arena_printf(a, "t.yaml:%zu:1: note:", j + 1));
		}
		ids_free(&set);
		diag_free(d);
	}
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
	buf_reset(&b);
	/* Breaks and tabs, a backslash, markup at either end. */
	mdtext_escape(&b, "!a\tb\r\nc\\d_", 0);
	CHECK_STR(buf_str(&b), "\\!a b  c\\\\d\\_");
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
	    "title: 'T {{ v }} `{{ v }}` {{ n * \"x\" }}'\n", a, d);

	/* n * "x" is a type error: one error, and no checklist. */
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

/*
 * The default sign-off columns hold a name, a time and a signature in
 * every language: as signoff_holds() reads those same labels written
 * as the columns of the template.
 */
static void
test_signoff_default_holds(void)
{
	static const char *const langs[] = {
		"en", "ru", "es", "de", "fr", "pt", "zh", "ja"
	};
	struct arena	*a = arena_new();
	struct diag	*d = diag_new();
	struct chk_list	*dflt, *cols;
	const char	*y;
	size_t		 i, c;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		y = arena_printf(a, "id: t\ntitle: T\nlang: %s\n"
		    "signoff: [{roles: [R]}]\n", langs[i]);
		dflt = resolve_text(y, a, d);
		y = arena_printf(a, "id: t\ntitle: T\nlang: %s\n"
		    "signoff: [{roles: [R], columns: ['%s', '%s', '%s']}]\n",
		    langs[i], label_get(langs[i], "name"),
		    label_get(langs[i], "date-and-time"),
		    label_get(langs[i], "signature"));
		cols = resolve_text(y, a, d);
		CHECK(dflt != NULL && cols != NULL && diag_count(d) == 0);
		if (dflt == NULL || cols == NULL)
			continue;
		CHECK(dflt->signoffs[0]->ncolumns == 3);
		CHECK(cols->signoffs[0]->ncolumns == 3);
		for (c = 0; c < 3 && cols->signoffs[0]->ncolumns == 3; c++) {
			CHECK_STR(dflt->signoffs[0]->columns[c],
			    cols->signoffs[0]->columns[c]);
			CHECK(dflt->signoffs[0]->holds[c] ==
			    cols->signoffs[0]->holds[c]);
		}
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

/* ------------------------------------------------------------------ */
/* A project root written to a temporary directory: templates/ and
 * content/ from (path, text) pairs, then resolved as chkc build would. */

struct root {
	char		 dir[32];
	struct arena	*a;
	struct diag	*d;
	struct resolver	*res;
};

/* 0, or -1 after failing the test: the files could not be written. */
static int
root_new(struct root *r, const char *const *files)
{
	char	 path[512];
	FILE	*fp;
	size_t	 i;

	strcpy(r->dir, "/tmp/chkc-resolve-XXXXXX");
	if (mkdtemp(r->dir) == NULL) {
		CHECK(!"a temporary directory for the project root");
		return -1;
	}
	for (i = 0; files[i] != NULL; i += 2) {
		snprintf(path, sizeof(path), "%s/templates", r->dir);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/templates/parts", r->dir);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/content", r->dir);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/%s", r->dir, files[i]);
		if ((fp = fopen(path, "w")) == NULL) {
			CHECK(!"the project root's files written");
			return -1;
		}
		fputs(files[i + 1], fp);
		fclose(fp);
	}
	r->a = arena_new();
	r->d = diag_new();
	r->res = resolver_new(r->dir, r->d);
	return 0;
}

/* Checklist `entry` of content/p.yaml; NULL after diagnostics. */
static struct chk_list *
root_list(struct root *r, size_t entry)
{
	char			 path[512];
	const struct project	*p;

	snprintf(path, sizeof(path), "%s/content/p.yaml", r->dir);
	if ((p = resolver_project(r->res, path)) == NULL)
		return NULL;
	return resolve_checklist(r->res, p, entry, NULL, r->a);
}

static void
root_free(struct root *r)
{
	char	cmd[64];

	resolver_free(r->res);
	diag_free(r->d);
	arena_free(r->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", r->dir);
}

/* The paths of a section's items, joined by spaces. */
static const char *
paths(struct arena *a, const struct chk_section *s)
{
	struct buf	 b = { 0 };
	const char	*out;
	size_t		 i;

	for (i = 0; i < s->nitems; i++)
		buf_printf(&b, "%s%s", i ? " " : "", s->items[i]->path);
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

/* The first diagnostic whose text holds want; NULL if none does. */
static const char *
diag_with(struct diag *d, const char *want)
{
	size_t	i;

	for (i = 0; i < diag_count(d); i++)
		if (strstr(diag_text(d, i), want) != NULL)
			return diag_text(d, i);
	return NULL;
}

static const char *const deploy_template =
    "id: deploy\ntitle: Deploy {{ project.name }}\nrevision: 2\n"
    "params:\n"
    "  properties:\n"
    "    migrations: {type: boolean, default: false}\n"
    "    services: {type: array, default: [web]}\n"
    "    region: {type: string, default: eu}\n"
    "sections:\n"
    "  - title: Pre\n"
    "    items:\n"
    "      - Code review\n"
    "      - check: Backup made\n"
    "        when: migrations\n"
    "      - check: 'Restart {{ s }}'\n"
    "        for: s in services\n"
    "      - 'Region {{ region }}'\n"
    "  - include: parts/after.yaml\n"
    "signoff:\n"
    "  - roles: [Tech Lead]\n";
static const char *const after_part =
    "title: After\nitems: [Smoke tests, Notify team]\n";

/*
 * Every declared param is a variable: the entry's value, else the
 * project's, else its default, else null; in any order of the project's
 * vars, with params lacking a value before, between and after those
 * that have one.
 */
static void
test_params_defined(void)
{
	static const char *const files[] = {
	    "templates/t.yaml", "id: t\ntitle: T\nparams:\n  properties:\n"
	    "    n1: {}\n    a: {default: x}\n    n2: {}\n    c: {}\n"
	    "    d: {default: y}\n    n3: {}\n    e: {default: z}\n"
	    "sections:\n  - title: S\n    items:\n"
	    "      - 'Values {{ a }} {{ c }} {{ d }} {{ e }}'\n"
	    "      - check: N1\n        when: n1 != null\n"
	    "      - check: Nulls\n"
	    "        when: n1 == null and n2 == null and n3 == null\n",
	    "content/p.yaml", "project: p\nname: P\n"
	    "vars: {e: pe, c: pc}\n"
	    "checklists:\n  - use: t\n    vars: {d: ed}\n",
	    NULL };
	struct root		 r;
	struct chk_list		*cl;

	if (root_new(&r, files) == -1)
		return;
	cl = root_list(&r, 0);
	CHECK(cl != NULL && diag_errors(r.d) == 0);
	if (cl != NULL && cl->nsections == 1 &&
	    cl->sections[0]->nitems == 2) {
		CHECK_STR(cl->sections[0]->items[0]->text,
		    "Values x pc ed pe");
		CHECK_STR(cl->sections[0]->items[1]->text, "Nulls");
	} else
		CHECK(0);
	root_free(&r);
}

/* when, for, vars: the entry's over the project's over the defaults. */
static void
test_project_vars(void)
{
	static const char *const files[] = {
	    "templates/deploy.yaml", deploy_template,
	    "templates/parts/after.yaml", after_part,
	    "content/p.yaml", "project: p\nname: Shop\n"
	    "vars: {services: [api, worker], region: us}\n"
	    "checklists:\n  - use: deploy\n    vars: {migrations: true}\n"
	    "  - use: deploy\n    id: quick\n    vars: {region: ap}\n",
	    NULL };
	struct root		 r;
	struct chk_list		*cl;

	if (root_new(&r, files) == -1)
		return;
	cl = root_list(&r, 0);
	CHECK(cl != NULL && diag_errors(r.d) == 0);
	if (cl != NULL) {
		CHECK_STR(cl->title, "Deploy Shop");
		CHECK_STR(cl->id, "deploy");
		CHECK(cl->revision == 2 && cl->nsections == 2);
		CHECK_STR(paths(r.a, cl->sections[0]), "pre.code-review "
		    "pre.backup-made pre.restart-s-api pre.restart-s-worker "
		    "pre.region-region");
		CHECK_STR(cl->sections[0]->items[4]->text, "Region us");
		CHECK_STR(paths(r.a, cl->sections[1]),
		    "after.smoke-tests after.notify-team");
		CHECK(cl->nsignoffs == 1 && cl->signoffs[0]->nroles == 1);
	}
	cl = root_list(&r, 1);
	CHECK(cl != NULL);
	if (cl != NULL) {
		CHECK_STR(cl->id, "quick");
		/* No migrations: the backup is not there. */
		CHECK_STR(paths(r.a, cl->sections[0]), "pre.code-review "
		    "pre.restart-s-api pre.restart-s-worker pre.region-region");
		CHECK_STR(cl->sections[0]->items[3]->text, "Region ap");
	}
	root_free(&r);
}

/* drop, set and add, in that order, and ids that patches never move. */
static void
test_project_patches(void)
{
	static const char *const files[] = {
	    "templates/deploy.yaml", deploy_template,
	    "templates/parts/after.yaml", after_part,
	    "content/p.yaml", "project: p\nname: Shop\n"
	    "checklists:\n  - use: deploy\n"
	    "    drop: [after.notify-team]\n"
	    "    set:\n      pre.code-review: {check: Code review by two people}\n"
	    "    add:\n"
	    "      - before: pre.code-review\n        items: [Branch frozen]\n"
	    "      - after: pre.restart-s-web\n        items: [Caches warm]\n"
	    "      - into: after\n        items: [Status page]\n"
	    "      - after: pre\n        sections: [{title: Payments, items: [Pay]}]\n"
	    "    signoff:\n      - roles: [DevOps, Product Owner]\n",
	    NULL };
	struct root		 r;
	struct chk_list		*cl;

	if (root_new(&r, files) == -1)
		return;
	cl = root_list(&r, 0);
	CHECK(cl != NULL && diag_errors(r.d) == 0);
	if (cl != NULL && cl->nsections == 3) {
		CHECK_STR(paths(r.a, cl->sections[0]), "pre.branch-frozen "
		    "pre.code-review pre.restart-s-web pre.caches-warm "
		    "pre.region-region");
		/* set re-words; the id stays the template's. */
		CHECK_STR(cl->sections[0]->items[1]->text,
		    "Code review by two people");
		CHECK_STR(cl->sections[1]->path, "payments");
		CHECK_STR(paths(r.a, cl->sections[2]),
		    "after.smoke-tests after.status-page");
		CHECK(cl->nsignoffs == 1 && cl->signoffs[0]->nroles == 2);
		CHECK_STR(cl->signoffs[0]->roles[1], "Product Owner");
	} else
		CHECK(0);
	root_free(&r);
}

/* A patch path no block has, a variable the template has not: errors
 * at their place, with a did-you-mean, and no checklist. */
static void
test_project_errors(void)
{
	const char	*files[] = {
	    "templates/deploy.yaml", deploy_template,
	    "templates/parts/after.yaml", after_part,
	    "content/p.yaml", "project: p\nname: Shop\n"
	    "checklists:\n  - use: deploy\n"
	    "    vars: {migration: true}\n"
	    "    drop: [pre.code-reviw]\n",
	    NULL };
	struct root	 r;

	if (root_new(&r, files) == -1)
		return;
	/* Variables are checked before the template is resolved: the
	 * patch is not looked at while they are wrong. */
	CHECK(root_list(&r, 0) == NULL);
	CHECK(diag_errors(r.d) == 1);
	CHECK_CONTAINS(diag_with(r.d, "migration"), "p.yaml:5:");
	CHECK_CONTAINS(diag_with(r.d, "migration"), "'migrations'");
	root_free(&r);
	files[5] = "project: p\nname: Shop\n"
	    "checklists:\n  - use: deploy\n"
	    "    drop: [pre.code-reviw]\n"
	    "    set: {after.smoke-test: {check: Smoke}}\n";
	if (root_new(&r, files) == -1)
		return;
	CHECK(root_list(&r, 0) == NULL);
	CHECK(diag_errors(r.d) == 2);
	CHECK_CONTAINS(diag_with(r.d, "code-reviw"), "p.yaml:5:");
	CHECK_CONTAINS(diag_with(r.d, "code-reviw"), "'pre.code-review'");
	CHECK_CONTAINS(diag_with(r.d, "smoke-test'"), "p.yaml:6:");
	CHECK_CONTAINS(diag_with(r.d, "smoke-test'"), "'after.smoke-tests'");
	root_free(&r);
}

/* A translation gives texts by path; a missing one falls back with a
 * warning, a path the template lacks is an error. */
static void
test_translation(void)
{
	static const char *const files[] = {
	    "templates/deploy.yaml", deploy_template,
	    "templates/parts/after.yaml", after_part,
	    "templates/deploy.ru.yaml", "translates: deploy\nlang: ru\ntexts:\n"
	    "  title: Деплой {{ project.name }}\n  pre: До\n"
	    "  pre.code-review: Код ревью\n  pre.restart-s: 'Перезапуск {{ s }}'\n",
	    "content/p.yaml", "project: p\nname: Shop\nlang: ru\n"
	    "checklists:\n  - use: deploy\n",
	    NULL };
	struct root		 r;
	struct chk_list		*cl;

	if (root_new(&r, files) == -1)
		return;
	cl = root_list(&r, 0);
	CHECK(cl != NULL && diag_errors(r.d) == 0);
	CHECK(diag_warnings(r.d) > 0);
	CHECK_CONTAINS(diag_with(r.d, "region"), "warning:");
	if (cl != NULL) {
		CHECK_STR(cl->lang, "ru");
		CHECK_STR(cl->title, "Деплой Shop");
		CHECK_STR(cl->sections[0]->title, "До");
		CHECK_STR(cl->sections[0]->items[0]->text, "Код ревью");
		CHECK_STR(cl->sections[0]->items[1]->text, "Перезапуск web");
		/* Untranslated: the template's text. */
		CHECK_STR(cl->sections[0]->items[2]->text, "Region eu");
		/* Paths do not depend on the language. */
		CHECK_STR(cl->sections[0]->items[0]->path, "pre.code-review");
	}
	root_free(&r);
}

static const char *const tr_template =
    "id: deploy\ntitle: Deploy\nrevision: 1\nsections:\n"
    "  - title: Pre\n    id: pre\n    items:\n"
    "      - {check: Disk space, id: disk, field: {type: number, unit: MB, "
    "label: Free}}\n"
    "      - {check: Choose, id: choose, field: {type: choice, "
    "options: [Yes, No]}}\n"
    "      - {check: Code review, id: review}\n";

/* The model of checklist entry as JSON, from r's resolver. */
static char *
list_json(struct root *r, size_t entry)
{
	struct chk_list	*cl = root_list(r, entry);
	struct buf	 b = { 0 };

	if (cl == NULL)
		return NULL;
	model_json(cl, &b);
	return b.data;
}

/*
 * A part with no translation of its own, included at two places, is
 * translated by its template's file at two paths: the entry found for
 * its block last time (tr_find_memo()) is not the one for the other.
 */
static void
translation_twice(void)
{
	static const char *const files[] = {
	    "templates/deploy.yaml", "id: deploy\ntitle: Deploy\nrevision: 1\n"
	    "sections:\n"
	    "  - {title: A, id: a, items: [{include: parts/ping.yaml}]}\n"
	    "  - {title: B, id: b, items: [{include: parts/ping.yaml}]}\n",
	    "templates/parts/ping.yaml", "- {check: Ping, id: ping}\n",
	    "templates/deploy.ru.yaml", "translates: deploy\nlang: ru\n"
	    "texts:\n  title: Деплой\n  a: А\n  b: Б\n  a.ping: Пинг А\n  b.ping: Пинг Б\n",
	    "content/p.yaml", "project: p\nlang: ru\n"
	    "checklists:\n  - use: deploy\n",
	    NULL };
	struct root	 r;
	struct chk_list	*cl;
	int		 round;

	if (root_new(&r, files) == -1)
		return;
	for (round = 0; round < 2; round++) {
		cl = root_list(&r, 0);
		CHECK(cl != NULL && cl->nsections == 2);
		if (cl == NULL || cl->nsections != 2)
			break;
		CHECK_STR(cl->sections[0]->items[0]->text, "Пинг А");
		CHECK_STR(cl->sections[1]->items[0]->text, "Пинг Б");
	}
	CHECK(diag_count(r.d) == 0);
	root_free(&r);
}

/*
 * A translated block is merged once per process and kept (tr_apply()):
 * the checklist made again from the kept merges is the one made first,
 * and a merge's errors are given for every checklist that uses it.
 */
static void
test_translation_kept(void)
{
	const char	*files[] = {
	    "templates/deploy.yaml", tr_template,
	    "templates/deploy.ru.yaml", "translates: deploy\nlang: ru\n"
	    "texts:\n  title: Деплой\n  pre: До\n"
	    "  pre.disk: {check: Диск, field: {unit: МБ}}\n"
	    "  pre.choose: {check: Выбор, field: {options: [Да, Нет]}}\n"
	    "  pre.review: Ревью\n",
	    "content/p.yaml", "project: p\nlang: ru\n"
	    "checklists:\n  - use: deploy\n",
	    NULL };
	struct root	 r;
	char		*first, *again;
	int		 errors;

	if (root_new(&r, files) == -1)
		return;
	first = list_json(&r, 0);
	again = list_json(&r, 0);
	CHECK(first != NULL && again != NULL && strcmp(first, again) == 0);
	CHECK_CONTAINS(first, "\"Диск\"");
	CHECK_CONTAINS(first, "\"МБ\"");
	CHECK_CONTAINS(first, "\"Free\"");
	CHECK_CONTAINS(first, "\"Нет\"");
	CHECK_CONTAINS(first, "\"Ревью\"");
	free(first);
	free(again);
	root_free(&r);

	/* One option where the template has two: an error each time. */
	files[3] = "translates: deploy\nlang: ru\ntexts:\n"
	    "  pre.choose: {check: Выбор, field: {options: [Да]}}\n";
	if (root_new(&r, files) == -1)
		return;
	CHECK(root_list(&r, 0) == NULL);
	errors = diag_errors(r.d);
	CHECK(errors > 0);
	CHECK(root_list(&r, 0) == NULL);
	CHECK(diag_errors(r.d) == 2 * errors);
	CHECK_CONTAINS(diag_with(r.d, "1 options"), "the template 2");
	root_free(&r);
	translation_twice();
}

/*
 * A plain string is a check whose one key the walk knows without
 * reading it (scan_keys(), first_key()): it makes the item the same
 * check written as a mapping makes.  A loop of 300 values makes 300
 * items in order, in lists grown in the scratch arena.  Made again,
 * from what the memos keep (base ids and their lengths), the paths
 * are the same.
 */
static void
test_plain_checks(void)
{
	const char	*files[] = {
	    "templates/deploy.yaml", "id: deploy\ntitle: T\nrevision: 1\n"
	    "params:\n  properties:\n"
	    "    region: {type: string, default: eu}\n"
	    "    n: {type: array, default: []}\n"
	    "sections:\n"
	    "  - title: Plain\n    items:\n"
	    "      - Code review\n      - 'Backup {{ region }}'\n"
	    "      - {check: Sub, critical: true, items: [One, Two]}\n"
	    "  - title: Mapped\n    items:\n"
	    "      - check: Code review\n      - {check: 'Backup {{ region }}'}\n"
	    "      - {check: Sub, critical: true, items: [{check: One}, "
	    "{check: Two}]}\n"
	    "  - title: Many\n    items:\n"
	    "      - {check: 'Item {{ i }}', for: i in n}\n",
	    "content/p.yaml", NULL, NULL };
	struct buf		 b = { 0 };
	struct root		 r;
	struct chk_list		*cl, *again;
	const struct chk_section *p, *m;
	char			 want[32];
	size_t			 i, j;

	buf_puts(&b, "project: p\nvars:\n  n: [");
	for (i = 1; i <= 300; i++)
		buf_printf(&b, "%s%zu", i > 1 ? ", " : "", i);
	buf_puts(&b, "]\nchecklists:\n  - use: deploy\n");
	files[3] = buf_str(&b);
	if (root_new(&r, files) == -1) {
		buf_free(&b);
		return;
	}
	cl = root_list(&r, 0);
	CHECK(cl != NULL && cl->nsections == 3);
	if (cl != NULL && cl->nsections == 3) {
		p = cl->sections[0], m = cl->sections[1];
		CHECK(p->nitems == 3 && m->nitems == 3);
		for (i = 0; i < p->nitems && i < m->nitems; i++) {
			CHECK_STR(p->items[i]->text, m->items[i]->text);
			CHECK_STR(p->items[i]->id, m->items[i]->id);
			CHECK(p->items[i]->critical == m->items[i]->critical);
			CHECK(p->items[i]->nitems == m->items[i]->nitems);
			for (j = 0; j < p->items[i]->nitems &&
			    j < m->items[i]->nitems; j++)
				CHECK_STR(p->items[i]->items[j]->id,
				    m->items[i]->items[j]->id);
		}
		CHECK_STR(p->items[1]->text, "Backup eu");
		CHECK_STR(p->items[2]->items[1]->path, "plain.sub.two");
		/* Made again, ids and their lengths from the memos. */
		again = root_list(&r, 0);
		CHECK(again != NULL && again->nsections == 3);
		for (i = 0; again != NULL && i < 3 && i < again->nsections; i++)
			CHECK_STR(paths(r.a, again->sections[i]),
			    paths(r.a, cl->sections[i]));
		CHECK(cl->sections[2]->nitems == 300);
		for (i = 0; i < cl->sections[2]->nitems; i++) {
			snprintf(want, sizeof(want), "Item %zu", i + 1);
			if (strcmp(cl->sections[2]->items[i]->text, want) != 0) {
				CHECK_STR(cl->sections[2]->items[i]->text, want);
				break;
			}
		}
	}
	root_free(&r);
	buf_free(&b);
}

static void
hash_read(void *cache, const char *path, const char *text, size_t len)
{
	cache_file_data(cache, path, text, len);
}

/*
 * Each file the resolver reads is shown to the read hook once, as read;
 * the build cache hashes it there and does not read it again (the file
 * changed on disk afterwards keeps the hash of what was compiled).
 */
static void
test_read_hook(void)
{
	static const char *const files[] = {
	    "templates/deploy.yaml", deploy_template,
	    "templates/parts/after.yaml", after_part,
	    "content/p.yaml", "project: p\nchecklists:\n  - use: deploy\n",
	    NULL
	};
	struct root	 r;
	struct cache	*c = cache_new();
	char		 path[512], got[CACHE_HEX], want[CACHE_HEX];
	FILE		*fp;

	if (root_new(&r, files) == -1) {
		cache_free(c);
		return;
	}
	resolver_on_read(r.res, hash_read, c);
	CHECK(root_list(&r, 0) != NULL);
	snprintf(path, sizeof(path), "%s/content/p.yaml", r.dir);
	cache_hash(files[5], strlen(files[5]), want);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("project: q\n", fp);
		fclose(fp);
	}
	CHECK(cache_file_hash(c, path, got) == 0);
	CHECK_STR(got, want);
	snprintf(path, sizeof(path), "%s/templates/parts/after.yaml", r.dir);
	cache_hash(after_part, strlen(after_part), want);
	CHECK(cache_file_hash(c, path, got) == 0);
	CHECK_STR(got, want);
	/* A file never read is read and hashed on demand. */
	snprintf(path, sizeof(path), "%s/content/none.yaml", r.dir);
	CHECK(cache_file_hash(c, path, got) == -1);
	cache_free(c);
	root_free(&r);
}

int
main(void)
{
	RUN(test_slug);
	RUN(test_slug_cut);
	RUN(test_slug_2byte);
	RUN(test_id_set);
	RUN(test_md_escape);
	RUN(test_interpolation);
	RUN(test_signoff_default_holds);
	RUN(test_paths_stable);
	RUN(test_all_errors_reported);
	RUN(test_project_vars);
	RUN(test_params_defined);
	RUN(test_project_patches);
	RUN(test_project_errors);
	RUN(test_translation);
	RUN(test_translation_kept);
	RUN(test_plain_checks);
	RUN(test_read_hook);
	return HARNESS_EXIT();
}
