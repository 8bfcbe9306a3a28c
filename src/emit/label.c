/*
 * The labels chkc prints itself (doc/format.md §4), by language.  A key
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
	{ "add-row",		"Add row",		"Добавить строку" },
	{ "checked-by",		"Checked by",		"Проверяет" },
	{ "checklist",		"Checklist",		"Чек-лист" },
	{ "checklists",		"Checklists",		"Чек-листы" },
	{ "clear",		"Clear",		"Очистить" },
	{ "confirm-clear",
	    "Clear every answer on this page? This cannot be undone.",
	    "Очистить все ответы на этой странице? Это нельзя отменить." },
	{ "confirm-discard",
	    "Delete the saved progress of the other revisions?",
	    "Удалить сохранённый прогресс других ревизий?" },
	{ "confirm-import",
	    "This run was made from another revision of the checklist. "
	    "Load the answers whose items still exist?",
	    "Этот прогон сделан по другой ревизии чек-листа. Загрузить "
	    "ответы для пунктов, которые ещё есть?" },
	{ "continued",		"continued",		"продолжение" },
	{ "critical",		"critical",		"критично" },
	{ "date",		"Date",			"Дата" },
	{ "date-and-time",	"Date and time",	"Дата и время" },
	{ "discard",		"Discard",		"Удалить" },
	{ "done",		"Done",			"Выполнено" },
	{ "download-old",
	    "Download old data",
	    "Скачать старые данные" },
	{ "export-run",		"Export run",		"Экспорт прогона" },
	{ "exported",
	    "Run exported.",
	    "Прогон экспортирован." },
	{ "failed",		"Failed",		"Не пройдено" },
	{ "format-html",	"HTML",			"HTML" },
	{ "format-md",		"Markdown",		"Markdown" },
	{ "format-pdf",		"PDF",			"PDF" },
	{ "format-signoff",	"Sign-off sheet",	"Лист подписей" },
	{ "format-zip",		"Bundle (zip)",		"Архив (zip)" },
	{ "formats",		"Formats",		"Форматы" },
	{ "hash",		"Hash",			"Хеш" },
	{ "import-error",
	    "That file is not a run file (JSON) of chkc.",
	    "Этот файл не является файлом прогона chkc (JSON)." },
	{ "import-run",		"Import run",		"Импорт прогона" },
	{ "imported",
	    "Run imported.",
	    "Прогон импортирован." },
	{ "items",		"items",		"пунктов" },
	{ "na",			"N/A",			"Н/П" },
	{ "name",		"Name",			"Имя" },
	{ "no",			"No",			"Нет" },
	{ "note",		"Note",			"Примечание" },
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
	{ "required",		"required",		"обязательно" },
	{ "revision",		"Revision",		"Ревизия" },
	{ "role",		"Role",			"Роль" },
	{ "run",		"Run",			"Прогон" },
	{ "run-fields",		"Run details",		"Данные прогона" },
	{ "run-id",		"Run id",		"ID прогона" },
	{ "signature",		"Signature",		"Подпись" },
	{ "signoff",		"Sign-off",		"Подписи" },
	{ "stale",
	    "Progress saved for another revision of this checklist was not "
	    "applied. You can download it as a run file.",
	    "Прогресс, сохранённый для другой ревизии этого чек-листа, не "
	    "применён. Его можно скачать как файл прогона." },
	{ "storage-off",
	    "This browser does not keep progress: export the run before "
	    "you close the page.",
	    "Браузер не сохраняет прогресс: экспортируйте прогон перед "
	    "закрытием страницы." },
	{ "value",		"Value",		"Значение" },
	{ "version",		"Version",		"Версия" },
	{ "yes",		"Yes",			"Да" },
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
