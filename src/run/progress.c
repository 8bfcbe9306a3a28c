/*
 * Where a run stands: the states of its items as the HTML page counts
 * them (failed before N/A before done), required fields, signatures.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "run/internal.h"

static void
count_items(const struct chk_run *r, const struct run_index *ix,
    struct arena *a, struct run_progress *p)
{
	struct ptrvec	open = { 0 }, failed = { 0 };
	size_t		i;

	for (i = ix->nfields; i < ix->n; i++) {
		if (!run_countable(ix->items[i]))
			continue;
		p->total++;
		switch (model_item_state(r, ix->items[i])) {
		case CHK_OPEN:
			p->open++;
			ptrvec_push(&open, (void *)ix->items[i]);
			break;
		case CHK_DONE:
			p->done++;
			break;
		case CHK_NA:
			p->na++;
			break;
		case CHK_FAILED:
			p->failed++;
			p->nfailed_critical += ix->items[i]->critical != 0;
			ptrvec_push(&failed, (void *)ix->items[i]);
			break;
		case CHK_NSTATES:	/* a count, not a state */
			break;
		}
	}
	p->open_items = ptrvec_finish(&open, a, &i);
	p->failed_items = ptrvec_finish(&failed, a, &i);
	p->percent = p->total == 0 ? 100 :
	    (int)((p->done + p->na) * 100 / p->total);
}

/* Required header fields without a value. */
static void
count_fields(const struct chk_run *r, const struct chk_list *cl,
    struct arena *a, struct run_progress *p)
{
	const struct chk_answer	*f;
	struct ptrvec		 v = { 0 };
	size_t			 i;

	for (i = 0; i < cl->nfields; i++) {
		f = model_answer(r, cl->fields[i]->path);
		if (strcmp(cl->fields[i]->path, "fields.version") == 0 &&
		    f != NULL && *f->value != '\0')
			p->version = f->value;
		if (cl->fields[i]->field == NULL ||
		    !cl->fields[i]->field->required ||
		    (f != NULL && f->value != NULL && *f->value != '\0'))
			continue;
		ptrvec_push(&v, (void *)cl->fields[i]);
	}
	p->missing = ptrvec_finish(&v, a, &p->nmissing);
}

static const struct chk_signature *
signature(const struct chk_run *r, const char *role)
{
	size_t	i;

	for (i = 0; i < r->nsignoff; i++)
		if (strcmp(r->signoff[i].role, role) == 0 &&
		    r->signoff[i].name != NULL && *r->signoff[i].name != '\0')
			return &r->signoff[i];
	return NULL;
}

/* Every role once, in order; who signed, who did not. */
static void
count_roles(const struct chk_run *r, const struct chk_list *cl,
    struct arena *a, struct run_progress *p)
{
	struct ptrvec			 roles = { 0 }, uns = { 0 }, sig = { 0 };
	const struct chk_signature	*s;
	const char			*role;
	size_t				 i, j, k;

	for (i = 0; i < cl->nsignoffs; i++)
		for (j = 0; j < cl->signoffs[i]->nroles; j++) {
			role = cl->signoffs[i]->roles[j];
			for (k = 0; k < roles.n && strcmp(roles.v[k], role); k++)
				continue;
			if (k < roles.n)
				continue;
			ptrvec_push(&roles, (void *)role);
			if ((s = signature(r, role)) == NULL)
				ptrvec_push(&uns, (void *)role);
			else
				ptrvec_push(&sig, arena_printf(a, "%s (%s)",
				    s->name, role));
		}
	p->roles = ptrvec_finish(&roles, a, &p->nroles);
	p->unsigned_roles = ptrvec_finish(&uns, a, &p->nunsigned);
	p->signers = ptrvec_finish(&sig, a, &p->nsigners);
}

void
run_progress(const struct chk_run *r, const struct chk_list *cl,
    struct arena *a, struct run_progress *p)
{
	struct run_index	ix;

	memset(p, 0, sizeof(*p));
	run_index(cl, a, &ix);
	count_items(r, &ix, a, p);
	count_fields(r, cl, a, p);
	count_roles(r, cl, a, p);
	p->complete = p->open == 0 && p->nmissing == 0 && p->nunsigned == 0 &&
	    r->outcome != NULL;
}
