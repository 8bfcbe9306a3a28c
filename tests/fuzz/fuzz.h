/*
 * What the fuzz harnesses share (fuzz_common.c): splitting one input
 * into several files, a scratch project directory for the stages that
 * read files (the resolver), and the checks every harness makes on
 * what a stage returns.
 *
 * Each harness defines LLVMFuzzerTestOneInput(); libFuzzer drives it
 * under `make fuzz`, replay.c under `make check` (gcc, no libFuzzer).
 * A harness aborts (a finding) when a stage breaks its contract: a
 * crash or a sanitizer report, of course, but also a failure without
 * an error diagnostic, or an output that is not what it claims to be.
 */
#ifndef CHKC_FUZZ_H
#define CHKC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct chk_list;
struct diag;

/* Files in one input are separated by this line. */
#define FUZZ_SEP	"\n=====\n"
#define FUZZ_MAXPART	24

struct fuzz_part {
	const char	*data;		/* not NUL-terminated */
	size_t		 len;
};

/* Split data at each FUZZ_SEP, at most max parts (the last one keeps
 * any further separators); returns the number of parts (>= 1). */
size_t	 fuzz_split(const uint8_t *data, size_t size,
	    struct fuzz_part *parts, size_t max);

/* A malloc'd NUL-terminated copy of a part. */
char	*fuzz_strdup(const struct fuzz_part *);

/*
 * The scratch project: a directory with content/ and templates/parts/,
 * made once per process and removed at exit.  fuzz_project_write()
 * first removes what the previous input wrote, then writes parts[0] to
 * content/p.yaml and each further part to templates/<name>, where
 * name comes from a first line "# NAME" (only [a-z0-9._-], an optional
 * "parts/" prefix and ".yaml" or ".json": never outside the directory)
 * or is t<N>.yaml.  Returns the directory.
 */
const char *fuzz_project_write(const struct fuzz_part *, size_t n);
/* content/p.yaml in the scratch project. */
const char *fuzz_project_main(void);

/*
 * Resolve what fuzz_project_write() wrote: every checklist of the
 * project in content/p.yaml, or that file alone as a template.  Calls
 * fn on each resolved checklist (NULL fn: just resolve).  Aborts when
 * a checklist fails without an error diagnostic.
 */
typedef void (*fuzz_list_fn)(const struct chk_list *, struct diag *);
void	 fuzz_resolve_all(fuzz_list_fn fn);

/* Abort unless the diagnostics are well formed, and unless there is
 * an error when failed is set. */
void	 fuzz_check_diag(struct diag *, int failed);

/*
 * Abort unless the HTML has no tag with an event handler, no
 * javascript:, vbscript: or data: link (the icon's "data:," aside), no
 * stray '<' (unescaped text) and at most max_scripts <script>s.
 */
void	 fuzz_check_html(const char *html, size_t max_scripts);

/* Small limits so the fuzzer reaches every limit quickly and no single
 * input can take long; called once by each harness. */
void	 fuzz_limits(void);

#define FUZZ_ASSERT(c) do {						\
	if (!(c))							\
		fuzz_fail(__FILE__, __LINE__, #c);			\
} while (0)
void	 fuzz_fail(const char *, int, const char *)
	    __attribute__((noreturn));

#endif /* CHKC_FUZZ_H */
