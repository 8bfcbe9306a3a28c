/*
 * What a run's bundle tells the report, and that as text records: the
 * form of the archive's SUMMARY (written by chkc archive, one chunk per
 * LOG line, its hash in that line) and of the report's cache.
 *
 * Records are tab-separated lines (tsv.h):
 *
 *	V <hash> <revision> <n>		a checklist version, then n lines
 *	I <path> <kind> <text>		kind: c check, f field, b bool field
 *	R <seq> <size> <project> <checklist> <version> <date> <outcome>
 *	  <percent> <complete> <unsigned> <signers> <checklist hash>
 *	  <first> <last> <states>
 *
 * where size is the bundle's, first and last the epoch of the run's
 * first and last tick (0: none), and states one character per item of
 * the version, in its order: o open, d done, n N/A, f failed.  A chunk
 * of SUMMARY is the V records of the versions SUMMARY lacks so far,
 * then the run's R record; it is made from the bundle by the same code
 * in chkc archive and in chkc verify, which compares the two byte for
 * byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "tsv.h"
#include "chkc.h"
#include "diag.h"
#include "model.h"
#include "load/load.h"
#include "run/run.h"
#include "archive/internal.h"

#define RFIELDS		16		/* of an R record */

static const char	state_chars[CHK_NSTATES + 1] = "odnf";

const struct report_version *
report_version_find(const struct report_versions *vs, const char *hash)
{
	size_t	i;

	for (i = 0; hash != NULL && i < vs->v.n; i++)
		if (strcmp(((struct report_version *)vs->v.v[i])->hash,
		    hash) == 0)
			return vs->v.v[i];
	return NULL;
}

/* The answerable items of a resolved checklist's JSON items, in order. */
static void
json_items(const struct chk_node *seq, struct ptrvec *v)
{
	const struct chk_node	*n, *f;
	const char		*kind, *type;
	size_t			 i;

	for (i = 0; seq != NULL && seq->kind == CHK_NODE_SEQ && i < seq->n;
	    i++) {
		n = seq->items[i];
		kind = node_str(node_get(n, "kind"));
		f = node_get(n, "field");
		type = node_str(node_get(f, "type"));
		if (kind != NULL && node_str(node_get(n, "path")) != NULL &&
		    (strcmp(kind, "check") == 0 || strcmp(kind, "field") == 0)) {
			ptrvec_push(v, (void *)n);
			ptrvec_push(v, (void *)(kind[0] == 'c' ? "c" :
			    type != NULL && strcmp(type, "bool") == 0 ? "b" : "f"));
		}
		json_items(node_get(n, "items"), v);
	}
}

static void
json_section(const struct chk_node *s, struct ptrvec *v)
{
	const struct chk_node	*secs = node_get(s, "sections");
	size_t			 i;

	json_items(node_get(s, "items"), v);
	for (i = 0; secs != NULL && secs->kind == CHK_NODE_SEQ &&
	    i < secs->n; i++)
		json_section(secs->items[i], v);
}

static struct report_version *
version_new(struct arena *a, const char *hash, int revision, size_t n)
{
	struct report_version	*v = arena_alloc(a, sizeof(*v));

	v->hash = arena_strdup(a, hash);
	v->revision = revision;
	v->n = n;
	v->paths = arena_alloc(a, (n + 1) * sizeof(char *));
	v->texts = arena_alloc(a, (n + 1) * sizeof(char *));
	v->kinds = arena_alloc(a, n + 1);
	return v;
}

/* The version of the bag's data/checklist.json, known or new; NULL
 * when it is missing or not a resolved checklist. */
static const struct report_version *
version_of(struct report_versions *vs, const struct bundle_bag *bag)
{
	const struct bundle_file	*f = bundle_find(bag, "data/checklist.json");
	const char			*hash = bundle_info(bag, "Chkc-Checklist-Hash");
	const char			*rev = bundle_info(bag, "Chkc-Revision");
	const struct report_version	*known = report_version_find(vs, hash);
	struct report_version		*v;
	struct chk_node			*root;
	struct ptrvec			 items = { 0 };
	struct diag			*d;
	size_t				 i;
	char				 hex[65];

	if (f == NULL || hash == NULL || strncmp(hash, "sha256:", 7) != 0)
		return NULL;
	/* The resolved checklist is what its hash says (a bundle's
	 * manifests cannot tell: they would be rewritten with it). */
	bundle_sha256(f->data, f->len, hex);
	if (strcmp(hex, hash + 7) != 0 || known != NULL)
		return strcmp(hex, hash + 7) == 0 ? known : NULL;
	d = diag_new();
	root = load_buffer(vs->a, "checklist.json", f->data, f->len, d);
	diag_free(d);
	if (root == NULL || node_get(root, "chkc") == NULL)
		return NULL;
	json_section(root, &items);
	v = version_new(vs->a, hash, atoi(rev != NULL ? rev : "0"),
	    items.n / 2);
	for (i = 0; i < v->n; i++) {
		v->paths[i] = node_str(node_get(items.v[2 * i], "path"));
		v->texts[i] = node_str(node_get(items.v[2 * i], "text"));
		if (v->texts[i] == NULL)
			v->texts[i] = "";
		v->kinds[i] = *(const char *)items.v[2 * i + 1];
	}
	ptrvec_free(&items);
	ptrvec_push(&vs->v, v);
	return v;
}

/* The states of the version's items in the run, and its first and
 * last tick. */
static void
states_of(struct arena *a, struct report_run *r, const struct chk_run *run)
{
	const struct report_version	*v = r->version;
	struct chk_field		 f = { 0 };
	struct chk_item			 it = { 0 };
	char				*s = arena_alloc(a, v->n + 1);
	long long			 t;
	size_t				 i;

	it.field = &f;
	for (i = 0; i < v->n; i++) {
		it.kind = v->kinds[i] == 'c' ? CHK_ITEM_CHECK : CHK_ITEM_FIELD;
		f.type = v->kinds[i] == 'b' ? CHK_FIELD_BOOL : CHK_FIELD_TEXT;
		it.path = v->paths[i];
		s[i] = state_chars[model_item_state(run, &it)];
	}
	r->states = s;
	for (i = 0; i < run->nitems; i++) {
		if (run->items[i].at == NULL ||
		    (t = run_datetime_epoch(run->items[i].at)) == 0)
			continue;
		if (r->first == 0 || t < r->first)
			r->first = t;
		if (t > r->last)
			r->last = t;
	}
}

/* The run file of the bag, read as chkc status would. */
static const struct chk_run *
run_of(struct arena *a, const struct bundle_bag *bag)
{
	const struct bundle_file	*f;
	struct run_doc			*doc = NULL;
	struct diag			*d = diag_new();

	if ((f = bundle_find(bag, "data/run.yaml")) == NULL)
		f = bundle_find(bag, "data/run.json");
	if (f != NULL)
		doc = run_parse(a, f->path, f->data, f->len, d);
	diag_free(d);
	return doc != NULL ? doc->run : NULL;
}

static void
set_status(struct report_run *r, enum report_status s, const char *why)
{
	r->status = s;
	r->problem = why;
	r->version = NULL;
}

/* What a bag whose bundle was checked says of its run. */
static void
read_bag(struct report_versions *vs, struct report_run *r,
    const struct bundle_bag *bag)
{
	const struct chk_run	*run;

	archive_entry_bag(&r->e, bag);
	if (r->e.project == NULL || r->e.checklist == NULL)
		set_status(r, REPORT_UNREADABLE, "its bag-info.txt does not "
		    "name its project and checklist");
	else if ((r->version = version_of(vs, bag)) == NULL)
		set_status(r, REPORT_UNREADABLE, "its resolved checklist "
		    "(data/checklist.json) is missing, does not read or is not "
		    "the one its bag-info names");
	else if ((run = run_of(vs->a, bag)) == NULL)
		set_status(r, REPORT_UNREADABLE, "its run file does not read");
	else
		states_of(vs->a, r, run);
	if (r->status != REPORT_OK)
		r->version = NULL;
}

void
report_read_bundle(struct report_versions *vs, struct report_run *r,
    const char *data, size_t len)
{
	struct bundle_bag	 bag;
	struct diag		*d = diag_new();
	char			 hex[65];

	r->size = (long long)len;
	bundle_sha256(data, len, hex);
	if (r->e.sha256 == NULL || strcmp(hex, r->e.sha256) != 0)
		set_status(r, REPORT_TAMPERED, "its SHA-256 differs from its "
		    "LOG line (changed since it was archived)");
	else if (bundle_read(vs->a, r->e.path, data, len, &bag, d) == -1)
		set_status(r, REPORT_UNREADABLE, "not a readable bundle");
	else if (bundle_check(&bag, r->e.path, d) > 0)
		set_status(r, REPORT_TAMPERED, "its bag does not match its "
		    "own manifests (edited)");
	else
		read_bag(vs, r, &bag);
	diag_free(d);
}

/* ------------------------------------------------------------ records */

void
report_put_version(struct buf *b, const struct report_version *v)
{
	size_t	i;
	char	k[2] = { 0, 0 };

	buf_puts(b, "V");
	tsv_put(b, v->hash);
	buf_printf(b, "\t%d\t%zu\n", v->revision, v->n);
	for (i = 0; i < v->n; i++) {
		k[0] = v->kinds[i];
		buf_puts(b, "I");
		tsv_put(b, v->paths[i]);
		tsv_put(b, k);
		tsv_put(b, v->texts[i]);
		buf_putc(b, '\n');
	}
}

void
report_put_run(struct buf *b, const struct report_run *r)
{
	const struct archive_entry	*e = &r->e;

	buf_printf(b, "R\t%zu\t%lld", e->seq, r->size);
	tsv_put(b, e->project);
	tsv_put(b, e->checklist);
	tsv_put(b, e->version);
	tsv_put(b, e->date);
	tsv_put(b, e->outcome);
	tsv_put(b, e->percent);
	tsv_put(b, e->complete);
	tsv_put(b, e->unsigned_roles);
	tsv_put(b, e->signers);
	tsv_put(b, r->version != NULL ? r->version->hash : NULL);
	buf_printf(b, "\t%lld\t%lld", r->first, r->last);
	tsv_put(b, r->states);
	buf_putc(b, '\n');
}

size_t
report_get_version(struct report_versions *vs, char **lines, size_t avail)
{
	struct report_version	*v;
	char			*f[5];
	size_t			 i, n;

	if (tsv_split(lines[0], f, 5) != 4 || f[1] == NULL || f[3] == NULL ||
	    (n = strtoul(f[3], NULL, 10)) >= avail)
		return 0;
	v = version_new(vs->a, f[1], atoi(f[2] != NULL ? f[2] : "0"), n);
	for (i = 0; i < n; i++) {
		if (tsv_split(lines[i + 1], f, 5) != 4 ||
		    strcmp(f[0], "I") != 0 || f[1] == NULL || f[2] == NULL ||
		    f[3] == NULL || strchr("cfb", f[2][0]) == NULL)
			return 0;
		v->paths[i] = arena_strdup(vs->a, f[1]);
		v->kinds[i] = f[2][0];
		v->texts[i] = arena_strdup(vs->a, f[3]);
	}
	if (report_version_find(vs, v->hash) == NULL)
		ptrvec_push(&vs->v, v);
	return n + 1;
}

static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

size_t
report_get_run(struct report_versions *vs, struct report_run *r, char *line)
{
	struct archive_entry	*e = &r->e;
	struct arena		*a = vs->a;
	char			*f[RFIELDS + 1];
	const char		*s;

	if (tsv_split(line, f, RFIELDS + 1) != RFIELDS ||
	    strcmp(f[0], "R") != 0 || f[1] == NULL || f[2] == NULL)
		return 0;
	e->seq = strtoul(f[1], NULL, 10);
	r->size = atoll(f[2]);
	e->project = dup_or_null(a, f[3]);
	e->checklist = dup_or_null(a, f[4]);
	e->version = dup_or_null(a, f[5]);
	e->date = dup_or_null(a, f[6]);
	e->outcome = dup_or_null(a, f[7]);
	e->percent = dup_or_null(a, f[8]);
	e->complete = dup_or_null(a, f[9]);
	e->unsigned_roles = dup_or_null(a, f[10]);
	e->signers = dup_or_null(a, f[11]);
	r->version = report_version_find(vs, f[12]);
	r->first = f[13] != NULL ? atoll(f[13]) : 0;
	r->last = f[14] != NULL ? atoll(f[14]) : 0;
	r->states = dup_or_null(a, f[15]);
	/* A run is only as good as its states of a known version. */
	if (r->version == NULL || (s = r->states) == NULL ||
	    strlen(s) != r->version->n || strspn(s, state_chars) != strlen(s))
		return 0;
	return 1;
}

/* ------------------------------------------------------------ SUMMARY */

static int
known_has(const struct ptrvec *known, const char *hash)
{
	size_t	i;

	for (i = 0; i < known->n; i++)
		if (strcmp(known->v[i], hash) == 0)
			return 1;
	return 0;
}

int
report_summary(struct report_versions *vs, struct ptrvec *known, size_t seq,
    const struct bundle_bag *bag, size_t size, struct buf *out)
{
	struct report_run	 r;

	memset(&r, 0, sizeof(r));
	r.e.seq = seq;
	r.size = (long long)size;
	read_bag(vs, &r, bag);
	if (r.status != REPORT_OK || r.version == NULL)
		return -1;
	if (!known_has(known, r.version->hash)) {
		report_put_version(out, r.version);
		ptrvec_push(known, (void *)r.version->hash);
	}
	report_put_run(out, &r);
	return 0;
}

void
report_summary_split(struct arena *a, const char *data, size_t len,
    struct summary_chunk **chunks, size_t *n)
{
	struct ptrvec		 v = { 0 };
	struct summary_chunk	*c = NULL;
	const char		*p, *end = data + len, *nl;
	size_t			 i;

	for (p = data; p < end; p = nl + 1) {
		if (c == NULL) {
			c = arena_alloc(a, sizeof(*c));
			c->text = p;
			ptrvec_push(&v, c);
		}
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end - 1;
		c->len = (size_t)(nl + 1 - c->text);
		/* A run's chunk ends with its R record, whole. */
		if (p[0] == 'R' && p + 1 < end && p[1] == '\t' &&
		    *nl == '\n') {
			c->seq = strtoul(p + 2, NULL, 10);
			c = NULL;
		}
	}
	*n = v.n;
	*chunks = arena_alloc(a, (v.n + 1) * sizeof(**chunks));
	for (i = 0; i < v.n; i++) {
		c = v.v[i];
		bundle_sha256(c->text, c->len, c->hash);
		(*chunks)[i] = *c;
	}
	ptrvec_free(&v);
}

void
report_summary_versions(struct arena *a, const struct summary_chunk *c,
    struct ptrvec *known)
{
	const char	*p, *end = c->text + c->len, *tab;

	for (p = c->text; p < end; p = memchr(p, '\n', (size_t)(end - p)) + 1) {
		if (p[0] == 'V' && p + 1 < end && p[1] == '\t' &&
		    (tab = memchr(p + 2, '\t', (size_t)(end - p - 2))) != NULL)
			ptrvec_push(known, arena_strndup(a, p + 2,
			    (size_t)(tab - p - 2)));
		if (memchr(p, '\n', (size_t)(end - p)) == NULL)
			break;
	}
}
