/*
 * The report for other tools (JSON: every figure of the page) and for a
 * terminal (the short version: per checklist, its outcomes, completion
 * and time, and the candidates to review; then what could not be read).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "archive/internal.h"

static const char *const state_names[CHK_NSTATES] = {
	"open", "done", "na", "failed"
};

static void
jstr(struct buf *b, const char *key, const char *s)
{
	buf_printf(b, "\"%s\":", key);
	if (s == NULL)
		buf_puts(b, "null");
	else
		model_json_string(b, s);
}

static const char *
status_name(enum report_status s)
{
	return s == REPORT_OK ? "ok" : s == REPORT_TAMPERED ? "tampered" :
	    "unreadable";
}

/* A run as the JSON lists it. */
static void
json_run(struct buf *b, const struct report_run *r)
{
	buf_printf(b, "{\"seq\":%zu,", r->e.seq);
	jstr(b, "path", r->e.path);
	buf_putc(b, ',');
	jstr(b, "status", status_name(r->status));
	buf_putc(b, ',');
	jstr(b, "problem", r->problem);
	buf_putc(b, ',');
	jstr(b, "date", r->e.date);
	buf_putc(b, ',');
	jstr(b, "version", r->e.version);
	buf_putc(b, ',');
	jstr(b, "outcome", r->e.outcome);
	if (r->e.percent != NULL && r->status == REPORT_OK)
		buf_printf(b, ",\"completion\":%d", atoi(r->e.percent));
	else
		buf_puts(b, ",\"completion\":null");
	buf_puts(b, ",\"seconds\":");
	if (report_seconds(r) >= 0)
		buf_printf(b, "%lld}", report_seconds(r));
	else
		buf_puts(b, "null}");
}

static void
json_item(struct buf *b, const struct report_item *it)
{
	int	s;

	buf_putc(b, '{');
	jstr(b, "path", it->path);
	buf_putc(b, ',');
	jstr(b, "text", it->text);
	buf_printf(b, ",\"removed\":%s,", it->removed ? "true" : "false");
	jstr(b, "renamed_from", it->renamed_from);
	if (it->removed)
		buf_printf(b, ",\"last_revision\":%d", it->last_rev);
	else
		buf_printf(b, ",\"changed_in\":%d", it->changed_in);
	buf_printf(b, ",\"runs\":%zu", it->runs);
	for (s = 0; s < CHK_NSTATES; s++)
		buf_printf(b, ",\"%s\":%zu", state_names[s], it->n[s]);
	buf_printf(b, ",\"last\":{\"runs\":%zu,\"na\":%zu,\"failed\":%zu},"
	    "\"since_changed\":{\"runs\":%zu,\"done\":%zu},\"candidate\":[",
	    it->last_runs, it->last_na, it->last_failed, it->since_runs,
	    it->since_done);
	buf_printf(b, "%s%s%s%s%s]}", it->cand & CAND_NA ? "\"na\"" : "",
	    it->cand & CAND_NA && it->cand & ~CAND_NA ? "," : "",
	    it->cand & CAND_FAILED ? "\"failed\"" : "",
	    it->cand & CAND_FAILED && it->cand & CAND_UNTICKED ? "," : "",
	    it->cand & CAND_UNTICKED ? "\"unticked\"" : "");
}

static void
json_list(struct buf *b, struct arena *a, const struct report_list *l)
{
	size_t	i;
	int	s;

	buf_putc(b, '{');
	jstr(b, "project", l->project);
	buf_putc(b, ',');
	jstr(b, "checklist", l->checklist);
	buf_printf(b, ",\"revision\":%d,", l->current->revision);
	jstr(b, "hash", l->current->hash);
	buf_printf(b, ",\"runs\":%zu,\"candidates\":%zu,\"outcomes\":{",
	    l->nruns, l->ncand);
	for (s = 0; s < OUT__MAX; s++)
		buf_printf(b, "%s\"%s\":%zu", s > 0 ? "," : "",
		    report_outcomes[s], l->outcomes[s]);
	buf_puts(b, "},\"weeks\":[");
	for (i = 0; i < l->nweeks; i++) {
		buf_printf(b, "%s{\"week\":\"%s\"", i > 0 ? "," : "",
		    report_date(a, l->weeks[i].day));
		for (s = 0; s < OUT__MAX; s++)
			buf_printf(b, ",\"%s\":%zu", report_outcomes[s],
			    l->weeks[i].n[s]);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"releases\":[");
	for (i = 0; i < l->nreleases; i++) {
		buf_puts(b, i > 0 ? "," : "");
		buf_putc(b, '{');
		jstr(b, "release", l->releases[i].version);
		buf_putc(b, ',');
		jstr(b, "date", l->releases[i].date);
		for (s = 0; s < OUT__MAX; s++)
			buf_printf(b, ",\"%s\":%zu", report_outcomes[s],
			    l->releases[i].n[s]);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"recent\":[");
	for (i = 0; i < l->nrecent; i++) {
		buf_puts(b, i > 0 ? "," : "");
		json_run(b, l->recent[i]);
	}
	buf_puts(b, "],\"items\":[");
	for (i = 0; i < l->nitems; i++) {
		buf_puts(b, i > 0 ? ",\n" : "\n");
		json_item(b, &l->items[i]);
	}
	buf_puts(b, "]}");
}

void
report_json(const struct report *r, struct buf *b)
{
	struct arena	*a = arena_new();
	size_t		 i;

	buf_printf(b, "{\"chkc_report\":1,\"last\":%zu,\"runs\":%zu,"
	    "\"unreadable\":[", r->last, r->nruns);
	for (i = 0; i < r->nbad; i++) {
		buf_puts(b, i > 0 ? "," : "");
		json_run(b, r->bad[i]);
	}
	buf_puts(b, "],\n\"checklists\":[");
	for (i = 0; i < r->nlists; i++) {
		buf_puts(b, i > 0 ? ",\n" : "\n");
		json_list(b, a, &r->lists[i]);
	}
	buf_puts(b, "]}\n");
	arena_free(a);
}

/* ----------------------------------------------------------- terminal */

static void
text_candidates(struct buf *b, const struct report_list *l, size_t last)
{
	const struct report_item	*it;
	size_t				 i;
	const char			*lead = "  review      ";

	for (i = 0; i < l->nitems; i++) {
		if ((it = &l->items[i])->cand == 0)
			continue;
		buf_printf(b, "%s%s:", lead, it->path);
		if (it->cand & CAND_NA)
			buf_printf(b, " N/A in %zu of the last %zu;", it->last_na,
			    it->last_runs);
		if (it->cand & CAND_FAILED)
			buf_printf(b, " failed in %zu of the last %zu;",
			    it->last_failed, it->last_runs);
		if (it->cand & CAND_UNTICKED)
			buf_printf(b, " never ticked since revision %d (%zu "
			    "runs);", it->changed_in, it->since_runs);
		b->data[b->len - 1] = '\n';
		lead = "              ";
	}
	if (l->ncand == 0)
		buf_printf(b, "  review      nothing (judged on the last %zu "
		    "runs)\n", last);
}

static void
text_list(struct buf *b, const struct report_list *l, size_t last)
{
	size_t		i, nt = 0;
	double		pc = 0;
	long long	s, ts = 0;
	int		k;

	buf_printf(b, "%s/%s  revision %d, %zu run%s\n  outcomes   ",
	    l->project, l->checklist, l->current->revision, l->nruns,
	    l->nruns == 1 ? "" : "s");
	for (k = 0; k < OUT__MAX; k++)
		buf_printf(b, " %zu %s%s", l->outcomes[k], report_outcomes[k],
		    k + 1 < OUT__MAX ? "," : "\n");
	for (i = 0; i < l->nrecent; i++) {
		pc += l->recent[i]->e.percent != NULL ?
		    (double)atoi(l->recent[i]->e.percent) : 0;
		if ((s = report_seconds(l->recent[i])) >= 0) {
			ts += s;
			nt++;
		}
	}
	buf_printf(b, "  last %-7zucompletion %.0f%% on average", l->nrecent,
	    l->nrecent > 0 ? pc / (double)l->nrecent : 0);
	if (nt > 0)
		buf_printf(b, ", %lld min from first to last tick",
		    (ts / (long long)nt + 30) / 60);
	buf_putc(b, '\n');
	text_candidates(b, l, last);
}

void
report_text(const struct report *r, struct buf *b)
{
	size_t	i;

	buf_printf(b, "%zu archived run%s", r->nruns, r->nruns == 1 ? "" : "s");
	if (r->nbad > 0)
		buf_printf(b, ", %zu could not be read", r->nbad);
	buf_puts(b, "\n");
	for (i = 0; i < r->nlists; i++) {
		buf_putc(b, '\n');
		text_list(b, &r->lists[i], r->last);
	}
	if (r->nbad > 0)
		buf_puts(b, "\ncould not read\n");
	for (i = 0; i < r->nbad; i++)
		buf_printf(b, "  %s  %s: %s\n", r->bad[i]->e.path,
		    status_name(r->bad[i]->status), r->bad[i]->problem);
}
