/*
 * chkc run merge RUN1 RUN2 -o FILE: several roles sign the same run,
 * each on their own machine; merging their files gives one run with
 * every signature.  The answers must be the same (as signatures see
 * them: sign_same()); what differs is an error at both places.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load/load.h"
#include "run/run.h"
#include "sign/sign.h"
#include "cli/cli.h"

/* The place of key in a mapping of a run, else of the mapping, else of
 * the run. */
static const struct loc *
place(const struct run_doc *doc, const char *map, const char *key)
{
	const struct chk_node	*m = map ? node_get(doc->root, map) : doc->root;
	const struct chk_pair	*p = node_pair(m, key);

	if (p != NULL)
		return &p->key->loc;
	return m != NULL ? &m->loc : &doc->root->loc;
}

/* An error at a's place and a note at b's. */
static void
conflict(const struct run_doc *a, const struct run_doc *b, const char *map,
    const char *key, const char *what, struct diag *d)
{
	const struct loc	*lb = place(b, map, key);

	diag_add(d, place(a, map, key), DIAG_ERROR, "%s '%s' differs from "
	    "%s:%d:%d", what, key, lb->file, lb->line, lb->col);
	diag_add(d, lb, DIAG_NOTE, "the other '%s' is here", key);
}

/* Every key of map in a or b whose values differ. */
static void
compare_map(const struct run_doc *a, const struct run_doc *b,
    const char *map, const char *what, struct diag *d)
{
	const struct chk_node	*ma = map ? node_get(a->root, map) : a->root;
	const struct chk_node	*mb = map ? node_get(b->root, map) : b->root;
	const struct chk_node	*m;
	const char		*key;
	size_t			 i, k;

	for (k = 0; k < 2; k++) {
		m = k == 0 ? ma : mb;
		for (i = 0; m != NULL && m->kind == CHK_NODE_MAP && i < m->n;
		    i++) {
			key = m->pairs[i].key->str;
			if (map == NULL && (strcmp(key, "signoff") == 0 ||
			    strcmp(key, "snapshot") == 0 ||
			    strcmp(key, "fields") == 0 ||
			    strcmp(key, "items") == 0 ||
			    strcmp(key, "tables") == 0 ||
			    strcmp(key, "$schema") == 0))
				continue;
			/* Seen from a already. */
			if (k == 1 && node_get(ma, key) != NULL)
				continue;
			if (!sign_same(node_get(ma, key), node_get(mb, key)))
				conflict(a, b, map, key, what, d);
		}
	}
}

/* The sign-off of a and b: every role, once; a role both give
 * differently is an error, unless one only typed a name where the
 * other signed with a key. */
static struct chk_node *
merge_signoff(struct arena *ar, const struct run_doc *a,
    const struct run_doc *b, struct diag *d)
{
	const struct chk_node	*sa = node_get(a->root, "signoff");
	const struct chk_node	*sb = node_get(b->root, "signoff");
	struct chk_node		*m = (struct chk_node *)sa, *ea, *eb;
	const char		*role;
	size_t			 i;

	for (i = 0; sb != NULL && sb->kind == CHK_NODE_MAP && i < sb->n; i++) {
		role = sb->pairs[i].key->str;
		eb = sb->pairs[i].value;
		ea = node_get(sa, role);
		if (ea == NULL || sign_same(ea, eb) ||
		    (node_get(ea, "signature") == NULL &&
		    node_get(eb, "signature") != NULL))
			m = node_set(ar, m, role, eb);
		else if (node_get(eb, "signature") == NULL &&
		    node_get(ea, "signature") != NULL)
			continue;
		else
			conflict(a, b, "signoff", role, "sign-off role", d);
	}
	return m;
}

static int
merge_write(struct cli_run *ra, struct cli_run *rb, const char *out,
    struct diag *d)
{
	struct run_doc	 doc = *ra->doc;
	struct ptrvec	 dropped = { 0 };
	struct buf	 b = { 0 };
	int		 status = EXIT_INVALID;

	compare_map(ra->doc, rb->doc, NULL, "run key", d);
	compare_map(ra->doc, rb->doc, "fields", "field", d);
	compare_map(ra->doc, rb->doc, "items", "answer to", d);
	compare_map(ra->doc, rb->doc, "tables", "table", d);
	doc.root = node_set(ra->a, ra->doc->root, "signoff",
	    merge_signoff(ra->a, ra->doc, rb->doc, d));
	if (diag_errors(d) == 0) {
		run_migrate(&doc, ra->cl, ra->a, &b, &dropped);
		status = cli_write_file(out, b.data, b.len, d) == 0 ? 0 :
		    EXIT_IO;
	}
	ptrvec_free(&dropped);
	buf_free(&b);
	return status;
}

int
cli_run_merge(const char *root, const char *logs, const char *a,
    const char *b, const char *out, int quiet)
{
	struct diag	*d = diag_new();
	struct cli_run	 ra, rb;
	int		 status;

	memset(&rb, 0, sizeof(rb));
	status = cli_run_open(&ra, root, logs, a, d) == -1 || ra.drift ||
	    cli_run_open(&rb, root, logs, b, d) == -1 || rb.drift ||
	    diag_errors(d) > 0 ? EXIT_INVALID : 0;
	if (status == 0 && strcmp(ra.cl->hash, rb.cl->hash) != 0) {
		diag_add(d, place(rb.doc, NULL, "run"), DIAG_ERROR, "a run of "
		    "%s, not of %s as %s", rb.doc->run->run, ra.doc->run->run, a);
		status = EXIT_INVALID;
	}
	if (status == 0)
		status = merge_write(&ra, &rb, out, d);
	cli_report(d);
	if (status == 0 && !quiet)
		fprintf(stderr, "chkc: wrote %s: %s and %s merged\n", out, a, b);
	cli_run_close(&ra);
	cli_run_close(&rb);
	diag_free(d);
	return status;
}
