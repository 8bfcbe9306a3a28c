/*
 * The emit stage: a resolved checklist (chkc.h) to the bytes of one
 * output file.  Emitters see only the model, never YAML or variables;
 * they append to a buf and the CLI writes it out atomically.  A run
 * (chkc.h) may be given to draw the filled checklist; NULL draws the
 * blank one.  Each returns 0, or -1 after adding a diagnostic; the PDF
 * emitters return EMIT_TOO_LARGE when the document would pass a limit
 * (CHKC_MAX_PAGES), which is the input's fault, not the machine's.
 */
#ifndef CHKC_EMIT_H
#define CHKC_EMIT_H

#include <stddef.h>

#include "chkc.h"
#include "label.h"

struct buf;
struct diag;

/* What a sign-off's signature column shows of sig (may be NULL):
 * "signed by PRINCIPAL, SHA256:<fingerprint>", with "(not verified)"
 * unless it was, or that it is not valid; nothing without an SSH
 * signature.  brief (a PDF's narrow cell): the fingerprint on a line
 * of its own, its first 12 characters. */
struct chk_signature;
void		 emit_signature_text(const char *lang,
		    const struct chk_signature *, int brief, struct buf *);

/* label_get(), remembered by language and key (labels.c): for the
 * labels a page asks for again and again. */
const char	*emit_label(const char *lang, const char *key);

/* GitHub-flavoured Markdown: task lists, fields, tables, sign-off. */
int	 emit_md(const struct chk_list *, const struct chk_run *,
	    struct buf *, struct diag *);

/* Escape plain text so Markdown shows it literally (inline context). */
void	 emit_md_escape(struct buf *, const char *);

/*
 * HTML (html.c, html_site.c, markdown.c, html_escape.c).
 *
 * emit_html: one self-contained fillable page per checklist (inline
 * CSS and script, a CSP that allows only that script, no request).
 * Every control's name is its item path: a check's box "<path>", its
 * parts "<path>:value", "<path>:na", "<path>:na-reason", "<path>:failed",
 * "<path>:failed-note"; a field item "<path>"; a run field
 * "fields.<id>"; a table cell "<path>[row][col]" (0-based, label
 * column not counted); a sign-off row "<signoff path>.<role>:name" and
 * ":at"; the run's "outcome" and "notes".  With a run, the page is
 * drawn filled in with its answers.
 */
int	 emit_html(const struct chk_list *, const struct chk_run *,
	    struct buf *, struct diag *);

/* Output formats of one checklist, for the site index. */
#define EMIT_FMT_MD		0x01	/* <checklist>.md */
#define EMIT_FMT_HTML		0x02	/* <checklist>.html */
#define EMIT_FMT_PDF		0x04	/* <checklist>.pdf */
#define EMIT_FMT_SIGNOFF	0x08	/* <checklist>.signoff.pdf */
#define EMIT_FMT_ZIP		0x10	/* <checklist>.zip */

/*
 * One checklist of the site: what its entry shows, not the checklist
 * itself, so that a build need not keep every checklist in memory until
 * the index is written.  The caller owns everything it points to.
 */
struct emit_site_entry {
	const char	*project;	/* project id: out/<project>/ */
	const char	*project_name;
	const char	*id;		/* checklist id; NULL: skipped */
	const char	*title;		/* Markdown inline; NULL: the id */
	const char	*hash;
	const char	*lang;
	int		 revision;
	size_t		 nitems;	/* emit_count_items() */
	unsigned	 formats;	/* EMIT_FMT_* that exist */
};

/* The entry of cl (pointing into cl) with those formats. */
void	 emit_site_entry_of(struct emit_site_entry *,
	    const struct chk_list *, unsigned formats);

/*
 * out/index.html: every project and its checklists (sorted by project
 * and checklist id) with revision, item count and a link to each
 * format present.  emit_project_index: out/<project>/index.html, the
 * entries of that project only (others in the array are skipped).
 */
int	 emit_site_index(const struct emit_site_entry *, size_t,
	    struct buf *, struct diag *);
int	 emit_project_index(const char *project,
	    const struct emit_site_entry *, size_t, struct buf *,
	    struct diag *);

/* Checks (sub-items included) and field items in sections: what the
 * page's progress counts and the site index shows. */
size_t	 emit_count_items(const struct chk_list *);

/* Escape & < > " ' : for HTML text and quoted attribute values. */
void	 emit_html_escape(struct buf *, const char *);
/* Percent-encode a relative URL segment (ids in links). */
void	 emit_url_escape(struct buf *, const char *);
/* A JSON string literal safe inside <script> (< > & as \u escapes);
 * NULL is null. */
void	 emit_json_string(struct buf *, const char *);
/* "'sha256-<base64>'" of an inline script or style text, for a CSP. */
void	 emit_csp_hash(struct buf *, const char *);
/*
 * Markdown (cmark-gfm: table, strikethrough, autolink, tasklist; raw
 * HTML dropped, unsafe URLs emptied, images made links) to HTML:
 * blocks, or with inline_only a paragraph's content without <p>.
 * emit_md_text: the text alone, unescaped, on one line.
 */
void	 emit_md_html(struct buf *, const char *md, int inline_only);
/* The same with refs (may be NULL), link reference definitions from
 * elsewhere in the checklist, so that "[the docs][docs]" links. */
void	 emit_md_html_refs(struct buf *, const char *md, int inline_only,
	    const char *refs);
void	 emit_md_text(struct buf *, const char *md);
/* Does the page write inline Markdown md without cmark-gfm: 1 as it
 * is, 2 escaped, 0 not (it goes through cmark-gfm)?  *len is then its
 * length.  fast 0 takes the byte-by-byte path alone: the unit tests
 * compare the two. */
int	 emit_md_plain(const char *md, size_t *len, int fast);
/* Append the link reference definitions of cl's description and md
 * blocks, one a line: the refs every other text is read with. */
void	 emit_md_link_defs(const struct chk_list *, struct buf *refs);
/* Does the Markdown label end in ':' (or '：'), emphasis aside? */
int	 emit_md_colon(const char *md);

/*
 * PDF (pdf.c, signoff.c, the layout engine of pdf_layout.h) with
 * libharu and embedded DejaVu fonts, and fallback fonts for what they
 * lack (CJK, emoji).
 * emit_pdf: the printable checklist; emit_signoff: one sign-off page
 * per group.  With a run, boxes are ticked and values, reasons and
 * names written in.  A character no font has is drawn as U+FFFD and
 * reported once as a warning.  The output is the same
 * bytes for the same inputs and options.
 */
#define PDF_A4		0
#define PDF_LETTER	1

struct pdf_opts {
	int		 paper;		/* PDF_A4 or PDF_LETTER */
	const char	*font_dir;	/* the DejaVu fonts; NULL:
					 * /usr/share/fonts/truetype/dejavu */
	const char	*fallback_fonts; /* font files for what DejaVu lacks,
					 * separated by ':', "" for none;
					 * NULL: the Debian ones (pdf_font.c) */
	long long	 source_date_epoch; /* creation date; < 0: none */
	int		 pdf_public;	/* libharu's public interface only
					 * (pdf_hpdf_private.h) */
};

/* Limits of the emitters; defaults in emit_limits. */
#define EMIT_TOO_LARGE	(-2)

struct emit_limits {
	int		 max_pages;	/* pages of one PDF (2000) */
};

extern struct emit_limits emit_limits;

/* A4, the default fonts, no date, libharu's fast path when it can. */
void	 emit_pdf_opts_init(struct pdf_opts *);
/* The path of the i-th font file the PDFs of opts (may be NULL) are
 * drawn with, into path, the fallback fonts after the faces; NULL past
 * the last.  For a build's cache. */
const char *emit_pdf_font(const struct pdf_opts *, int i, char *path,
	    size_t size);
/* What draws the PDFs of opts (may be NULL): libharu's version and which
 * of its paths (pdf_hpdf_private.h).  For a build's cache; a static
 * string. */
const char *emit_pdf_engine(const struct pdf_opts *);
/* opts may be NULL: emit_pdf_opts_init() defaults. */
int	 emit_pdf(const struct chk_list *, const struct chk_run *,
	    const struct pdf_opts *, struct buf *, struct diag *);
int	 emit_signoff(const struct chk_list *, const struct chk_run *,
	    const struct pdf_opts *, struct buf *, struct diag *);

#endif /* CHKC_EMIT_H */
