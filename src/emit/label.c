/*
 * The labels chkc prints itself (DESIGN.md §4.4), by language.  A key
 * missing from a catalog falls back to English; an unknown language is
 * English.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"

struct label {
	const char	*key;
	const char	*en;
	const char	*ru;
};

/* Sorted by key. */
static const struct label labels[] = {
	{ "checklist",		"Checklist",		"Чек-лист" },
	{ "clear",		"Clear",		"Очистить" },
	{ "critical",		"critical",		"критично" },
	{ "date",		"Date",			"Дата" },
	{ "date-and-time",	"Date and time",	"Дата и время" },
	{ "done",		"Done",			"Выполнено" },
	{ "export-run",		"Export run",		"Экспорт прогона" },
	{ "failed",		"Failed",		"Не пройдено" },
	{ "formats",		"Formats",		"Форматы" },
	{ "import-run",		"Import run",		"Импорт прогона" },
	{ "na",			"N/A",			"Н/П" },
	{ "name",		"Name",			"Имя" },
	{ "notes",		"Notes",		"Заметки" },
	{ "open",		"Open",			"Открыто" },
	{ "outcome",		"Outcome",		"Итог" },
	{ "outcome-failed",	"Failed",		"Провал" },
	{ "outcome-partial",	"Partial",		"Частично" },
	{ "outcome-rolled-back", "Rolled back",		"Откат" },
	{ "outcome-success",	"Success",		"Успех" },
	{ "page-of",		"Page %d of %d",	"Стр. %d из %d" },
	{ "progress",		"Progress",		"Прогресс" },
	{ "project",		"Project",		"Проект" },
	{ "projects",		"Projects",		"Проекты" },
	{ "reason",		"Reason",		"Причина" },
	{ "revision",		"Revision",		"Ревизия" },
	{ "role",		"Role",			"Роль" },
	{ "run-id",		"Run id",		"ID прогона" },
	{ "signature",		"Signature",		"Подпись" },
	{ "signoff",		"Sign-off",		"Подписи" },
	{ "version",		"Version",		"Версия" },
};

static int
label_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct label *)elem)->key);
}


/* The label for key in lang; the key itself if chkc has no such label,
 * so a typo shows in the output rather than crashing. */
const char *
emit_label(const char *lang, const char *key)
{
	const struct label *l;

	l = bsearch(key, labels, sizeof(labels) / sizeof(labels[0]),
	    sizeof(labels[0]), label_cmp);
	if (l == NULL)
		return key;
	if (lang != NULL && strcmp(lang, "ru") == 0 && l->ru != NULL)
		return l->ru;
	return l->en;
}
