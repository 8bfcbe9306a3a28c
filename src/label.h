/*
 * The labels chkc prints itself, by language (label.c): below every
 * stage, since the resolver names sign-off columns with them and every
 * emitter prints them.
 */
#ifndef CHKC_LABEL_H
#define CHKC_LABEL_H

/* The label for key in lang (by its primary subtag; an unknown language
 * is English); the key itself if chkc has no such label, so a typo
 * shows in the output rather than crashing. */
const char	*label_get(const char *lang, const char *key);
/* Is text the label of key in any language chkc has, case aside? */
int		 label_is(const char *text, const char *key);

#endif /* CHKC_LABEL_H */
