/*
 * The validate stage: JSON Schema (draft 2020-12) on the node tree, so
 * that every error carries the file:line:col of the instance it is
 * about, with its path in the document and a sentence a person reads:
 *
 *	content/thebot.yaml:8:14: error: vars.services[2]: expected a
 *	string, got a mapping
 *
 * Schemas are compiled once into a registry (struct schema_reg): every
 * subschema indexed by its node, every $id and $anchor by URI, every
 * $ref resolved to a pointer and every pattern compiled, so validation
 * does no lookups and no regex compilation.  chkc's own schemas
 * (the files in schemas/ and the 2020-12 meta-schema) are embedded in the
 * binary and compiled on first use into a process-wide registry.
 *
 * Typical uses:
 *
 *	schema_check(SCHEMA_TEMPLATE, doc, d);		chkc's formats
 *
 *	reg = schema_reg_new();				any schema
 *	if ((s = schema_reg_load(reg, "x.schema.json", d)) != NULL)
 *		schema_validate(s, instance, d);
 *	schema_reg_free(reg);
 */
#ifndef CHKC_SCHEMA_H
#define CHKC_SCHEMA_H

#include "chkc.h"

struct arena;
struct diag;

/* A compiled schema; belongs to its registry. */
struct schema;
/* A set of compiled schema documents, indexed by URI. */
struct schema_reg;

/* chkc's own input formats (doc/format.md), with embedded schemas. */
enum schema_doc {
	SCHEMA_TEMPLATE,	/* schemas/template.schema.json */
	SCHEMA_PROJECT,		/* schemas/project.schema.json */
	SCHEMA_RUN,		/* schemas/run.schema.json */
	SCHEMA_TRANSLATION,	/* schemas/translation.schema.json */
	SCHEMA_PART,		/* template.schema.json#/$defs/part */
	SCHEMA__MAX
};

/*
 * A new, empty registry; free it with schema_reg_free(), which frees
 * every schema compiled into it.  The embedded schemas (chkc's and the
 * 2020-12 meta-schema) can always be referred to by their $id.
 */
struct schema_reg	*schema_reg_new(void);
void			 schema_reg_free(struct schema_reg *);

/* Make "format" an assertion for date, time, date-time, email, uri
 * (off by default: format is an annotation, as 2020-12 says). */
void		 schema_reg_format_assert(struct schema_reg *, int on);

/*
 * Serve URIs that start with prefix from the files in dir (the test
 * suite maps http://localhost:1234/ to its remotes/).  No network is
 * ever used: an unmapped http(s) URI that no document declares is an
 * error.
 */
void		 schema_reg_map(struct schema_reg *, const char *prefix,
		    const char *dir);

/*
 * Compile the schema document doc, retrieved from uri (a file path or
 * an absolute URI: the base of its relative references, and where
 * sibling files are looked for).  doc must live as long as the
 * registry.  References to other files are loaded into the registry.
 * Returns the document's root schema, or NULL when the schema is
 * invalid (diagnostics at the schema's nodes were added).
 */
const struct schema *schema_reg_add(struct schema_reg *,
		    const struct chk_node *doc, const char *uri, struct diag *);
/* Load the file at path (YAML or JSON) and add it as above. */
const struct schema *schema_reg_load(struct schema_reg *, const char *path,
		    struct diag *);

/*
 * The schema at uri, a path name or an absolute URI with or without a
 * fragment ("templates/deploy.yaml#/params"), loading the document
 * into the registry if needed.  NULL (diagnostics added) if none.
 */
const struct schema *schema_reg_get(struct schema_reg *, const char *uri,
		    struct diag *);

/* The node s was compiled from (it lives as long as the registry). */
const struct chk_node *schema_node(const struct schema *);

/*
 * Validate instance against s.  Every error is added to d at the
 * instance node it is about, prefixed with its path in the instance
 * ("vars.services[2]: ...").  Returns the number of errors (0: valid).
 */
int		 schema_validate(const struct schema *,
		    const struct chk_node *instance, struct diag *);
/* The same, with the instance's path starting at prefix (e.g. "vars");
 * prefix may be NULL. */
int		 schema_validate_path(const struct schema *,
		    const struct chk_node *instance, const char *prefix,
		    struct diag *);

/*
 * Validate one of chkc's documents against its embedded schema.  For a
 * template, its params are checked as a schema (against the 2020-12
 * meta-schema).  Returns the number of errors.
 */
int		 schema_check(enum schema_doc, const struct chk_node *doc,
		    struct diag *);

/* Is doc (a node tree) a valid 2020-12 schema?  Errors are reported at
 * its nodes; returns their number. */
int		 schema_check_schema(const struct chk_node *doc, struct diag *);

/*
 * A mapping with the members of vars (a mapping or NULL) and, for each
 * top-level property of params_schema that vars lacks, its "default".
 * The new mapping and its pairs come from the arena; the values are
 * shared with vars and params_schema (defaults keep their place in the
 * template, so errors in them point there).
 */
struct chk_node	*schema_apply_defaults(const struct chk_node *params_schema,
		    const struct chk_node *vars, struct arena *);

/*
 * What the resolver wants for a checklist: compile params (a template's
 * params; NULL: anything goes), fill in its defaults, validate the
 * result with paths starting at prefix ("vars").  Returns the merged
 * variables (arena), or NULL when params or the variables are invalid
 * (diagnostics added).
 */
struct chk_node	*schema_vars(const struct chk_node *params,
		    const struct chk_node *vars, const char *prefix,
		    struct arena *, struct diag *);

/*
 * The same in two steps, for many checklists of one template: params
 * compiled once (NULL when invalid, diagnostics added; free it with
 * schema_params_free()), then each checklist's variables against it.
 */
struct schema_params;
struct schema_params *schema_params_new(const struct chk_node *params,
		    struct diag *);
struct chk_node	*schema_params_vars(const struct schema_params *,
		    const struct chk_node *vars, const char *prefix,
		    struct arena *, struct diag *);
void		 schema_params_free(struct schema_params *);

/* The bytes of an embedded file by its path in the source tree
 * ("schemas/template.schema.json"), NUL-terminated, or NULL; chkc init
 * writes them into a new project for editors. */
const char	*schema_embedded_file(const char *name, size_t *len);

/* Free the process-wide registry of embedded schemas (optional: only to
 * keep leak checkers quiet about memory that is still reachable). */
void		 schema_shutdown(void);

#endif /* CHKC_SCHEMA_H */
