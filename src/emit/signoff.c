/*
 * The printable sign-off sheet (doc/format.md §5): one page per sign-off
 * group with the checklist's identity and hash, blanks for the
 * version, date and run id, the outcome choices, a row per role with
 * room to sign by hand, and notes.  With a run, names, times and the
 * outcome are written in.  Layout: pdf_layout.h.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "diag.h"
#include "emit/emit.h"
#include "emit/pdf_layout.h"

#define SIGNOFF_ROWH	(16 * PL_MM)	/* a signature needs >= 12 mm */

struct signoff {
	const struct chk_list	*cl;
	const struct chk_run	*run;
};

static const char *const signoff_default[] = {
	"name", "date-and-time", "signature"
};

static struct pl_text *
signoff_cell(struct pl *pl, const char *s, int style)
{
	struct pl_text	*t;

	if (s == NULL || *s == '\0')
		return NULL;
	t = pl_text_new(pl, PL_BODY);
	pl_text_plain(pl, t, s, style);
	return t;
}

/* What a filled cell says: the name, the time, a key's signature. */
static const char *
signoff_text(struct pl *pl, const char *lang, enum chk_signcol k,
    const struct chk_signature *sig)
{
	struct buf	 b = { 0 };
	const char	*s;

	if (k == CHK_SIGNCOL_NAME)
		return sig->name;
	if (k == CHK_SIGNCOL_AT)
		return pl_datetime(pl, sig->at);
	if (k != CHK_SIGNCOL_SIGNATURE)
		return NULL;
	/* A fingerprint is one long word: the page has no room for it. */
	emit_signature_text(lang, sig, 1, &b);
	s = arena_strdup(pl_arena(pl), buf_str(&b));
	buf_free(&b);
	return s;
}

void
emit_signoff_roles(struct pl *pl, const struct chk_list *cl,
    const struct chk_signoff *so, const struct chk_run *run, float rowh)
{
	static const float		 widths[] = { 42, 36, 50, 25 };
	static const enum chk_signcol	 holds[] = { CHK_SIGNCOL_NAME,
	    CHK_SIGNCOL_AT, CHK_SIGNCOL_SIGNATURE };
	struct arena			*a = pl_arena(pl);
	struct chk_signoff		 def = *so;
	const struct chk_signature	*sig;
	struct pl_table			 tb;
	float				*minw;
	size_t				 r, c;

	if (def.ncolumns == 0) {
		def.columns = arena_alloc(a, 3 * sizeof(*def.columns));
		for (c = 0; c < 3; c++)
			def.columns[c] = label_get(cl->lang, signoff_default[c]);
		def.holds = (enum chk_signcol *)holds;
		def.ncolumns = 3;
	}
	memset(&tb, 0, sizeof(tb));
	tb.ncols = def.ncolumns + 1;
	tb.nrows = def.nroles > 0 ? def.nroles : 3;
	tb.rowh = rowh;
	tb.label_col = 1;
	tb.head = arena_alloc(a, tb.ncols * sizeof(*tb.head));
	tb.cell = arena_alloc(a, tb.ncols * tb.nrows * sizeof(*tb.cell));
	tb.minw = minw = arena_alloc(a, tb.ncols * sizeof(*minw));
	tb.head[0] = signoff_cell(pl, label_get(cl->lang, "role"), PL_BOLD);
	for (c = 1; c < tb.ncols; c++) {
		tb.head[c] = signoff_cell(pl, def.columns[c - 1], PL_BOLD);
		minw[c] = widths[def.holds[c - 1]] * PL_MM;
	}
	for (r = 0; r < def.nroles; r++) {
		tb.cell[r * tb.ncols] = signoff_cell(pl, def.roles[r], PL_BOLD);
		if ((sig = model_signature(run, def.roles[r])) == NULL)
			continue;
		for (c = 1; c < tb.ncols; c++)
			tb.cell[r * tb.ncols + c] = signoff_cell(pl,
			    signoff_text(pl, cl->lang, def.holds[c - 1], sig),
			    PL_PEN);
	}
	pl_table(pl, &tb, pl_left(pl), pl_width(pl));
}

/* ------------------------------------------------------------------ */

static void
signoff_heading(struct pl *pl, const char *label, float size)
{
	struct pl_text	*t = pl_text_new(pl, size);

	pl_text_plain(pl, t, label, PL_BOLD);
	pl_space(pl, 12);
	pl_need(pl, 3 * size * 1.3f + 30);
	pl_text_draw(pl, t, pl_left(pl), pl_width(pl), NULL, NULL);
	pl_space(pl, 3);
}

/* Project, checklist, revision and the full hash, as a table. */
static void
signoff_identity(struct pl *pl, const struct chk_list *cl)
{
	static const char *const keys[] = {
		"project", "checklist", "revision", "hash"
	};
	struct pl_text	*cell[8];
	struct pl_table	 tb;
	char		 rev[16];
	size_t		 r;

	snprintf(rev, sizeof(rev), "%d", cl->revision);
	for (r = 0; r < 4; r++) {
		cell[2 * r] = pl_text_new(pl, PL_DETAIL);
		pl_text_plain(pl, cell[2 * r], label_get(cl->lang, keys[r]),
		    PL_BOLD);
		cell[2 * r + 1] = pl_text_new(pl, r == 3 ? 8.5f : PL_BODY);
	}
	pl_text_plain(pl, cell[1], cl->project_name, 0);
	if (cl->project != NULL) {
		pl_text_plain(pl, cell[1], "  ", 0);
		pl_text_plain(pl, cell[1], cl->project, PL_MUTED);
	}
	pl_md_text(pl, cell[3], cl->title, 0);
	if (cl->id != NULL) {
		pl_text_plain(pl, cell[3], "  ", 0);
		pl_text_plain(pl, cell[3], cl->id, PL_MUTED);
	}
	pl_text_plain(pl, cell[5], rev, 0);
	pl_text_plain(pl, cell[7], cl->hash, 0);
	memset(&tb, 0, sizeof(tb));
	tb.ncols = 2, tb.nrows = 4;
	tb.cell = cell;
	tb.label_col = 1;
	pl_table(pl, &tb, pl_left(pl), pl_width(pl));
}

/* The version the run recorded, if it has a "version" field. */
static const char *
signoff_version(const struct chk_run *run)
{
	const struct chk_answer *a = model_answer(run, "fields.version");

	return a != NULL ? a->value : NULL;
}

/* The run's date: the day of its latest signature. */
static const char *
signoff_date(struct pl *pl, const struct chk_run *run)
{
	const char	*at = NULL;
	size_t		 i;

	for (i = 0; run != NULL && i < run->nsignoff; i++)
		if (run->signoff[i].at != NULL && (at == NULL ||
		    strcmp(run->signoff[i].at, at) > 0))
			at = run->signoff[i].at;
	return at != NULL ? arena_strndup(pl_arena(pl), at, 10) : NULL;
}

/* Blanks for the version, date and run id: a one-row table. */
static void
signoff_blanks(struct pl *pl, const struct chk_list *cl,
    const struct chk_run *run)
{
	static const char *const keys[] = { "version", "date", "run-id" };
	struct pl_text	*head[3], *cell[3];
	struct pl_table	 tb;
	float		 minw[3];
	size_t		 c;

	for (c = 0; c < 3; c++) {
		head[c] = signoff_cell(pl, label_get(cl->lang, keys[c]),
		    PL_BOLD);
		minw[c] = pl_width(pl) / 3;
	}
	cell[0] = signoff_cell(pl, signoff_version(run), PL_PEN);
	cell[1] = signoff_cell(pl, signoff_date(pl, run), PL_PEN);
	cell[2] = NULL;
	memset(&tb, 0, sizeof(tb));
	tb.ncols = 3, tb.nrows = 1;
	tb.head = head;
	tb.cell = cell;
	tb.minw = minw;
	tb.rowh = 10 * PL_MM;
	pl_table(pl, &tb, pl_left(pl), pl_width(pl));
}

static void
signoff_outcome(struct pl *pl, const struct chk_list *cl,
    const struct chk_run *run)
{
	static const char *const outcomes[] = {
		"success", "partial", "rolled-back", "failed"
	};
	struct pl_text	*t = pl_text_new(pl, PL_BODY);
	struct pl_mark	 m;
	const char	*label;
	char		 key[32];
	float		 x, w;
	size_t		 i;

	pl_text_plain(pl, t, label_get(cl->lang, "outcome"), PL_BOLD);
	pl_text_plain(pl, t, ":", PL_BOLD);
	pl_space(pl, 10);
	pl_need(pl, 20);
	pl_text_draw(pl, t, pl_left(pl), pl_width(pl), NULL, &m);
	x = m.end + 12;
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "outcome-%s", outcomes[i]);
		label = label_get(cl->lang, key);
		w = pl_option_width(pl, label, PL_BODY);
		if (x + w > pl_left(pl) + pl_width(pl)) {
			pl_reserve(pl, PL_BODY, pl_left(pl), &m);
			x = m.end + 12;
		}
		pl_option(pl, m.page, x, m.base, PL_BODY, label, 0,
		    run != NULL && run->outcome != NULL &&
		    strcmp(run->outcome, outcomes[i]) == 0);
		x += w + 6;
	}
}

static void
signoff_group(struct pl *pl, const struct chk_list *cl,
    const struct chk_signoff *so, const struct chk_run *run)
{
	const char	*label = label_get(cl->lang, "signoff");
	struct pl_text	*t = pl_text_new(pl, 9);

	/* "Sign-off" above the group's title, unless it is the title */
	if (so->title == NULL || strcmp(so->title, label) != 0) {
		pl_text_plain(pl, t, label, PL_BOLD | PL_MUTED);
		pl_text_draw(pl, t, pl_left(pl), pl_width(pl), NULL, NULL);
	}
	t = pl_text_new(pl, 18);
	pl_md_text(pl, t, so->title != NULL ? so->title : label, PL_BOLD);
	pl_text_draw(pl, t, pl_left(pl), pl_width(pl), NULL, NULL);
	pl_space(pl, 8);
	signoff_identity(pl, cl);
	pl_space(pl, 10);
	signoff_blanks(pl, cl, run);
	signoff_outcome(pl, cl, run);
	signoff_heading(pl, label_get(cl->lang, "signoff"), 12);
	emit_signoff_roles(pl, cl, so, run, SIGNOFF_ROWH);
	signoff_heading(pl, label_get(cl->lang, "notes"), 12);
	pl_ruled(pl, run != NULL ? run->notes : NULL, pl_left(pl),
	    pl_width(pl), 3);
}

static int
signoff_build(struct pl *pl, const void *arg)
{
	const struct signoff	*s = arg;
	struct chk_signoff	 none;
	size_t			 i;

	if (s->cl->nsignoffs == 0) {
		memset(&none, 0, sizeof(none));
		signoff_group(pl, s->cl, &none, s->run);
		return 0;
	}
	for (i = 0; i < s->cl->nsignoffs; i++) {
		if (i > 0)
			pl_newpage(pl);
		signoff_group(pl, s->cl, s->cl->signoffs[i], s->run);
	}
	return 0;
}

int
emit_signoff(const struct chk_list *cl, const struct chk_run *run,
    const struct pdf_opts *o, struct buf *out, struct diag *d)
{
	struct signoff	 s = { cl, run };
	struct pl_doc	 doc;
	char		 subject[256];

	pl_doc_of(&doc, cl, "sign-off", subject, sizeof(subject));
	return pl_document(&doc, o, signoff_build, &s, out, d);
}
