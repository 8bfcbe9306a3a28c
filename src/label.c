/*
 * The labels chkc prints itself (doc/format.md §4), by language: en, ru,
 * es, de, fr, pt, zh, ja.  Each is the term a native reader expects on
 * such a form ("Entfällt", "該当なし"), not a word-for-word rendering.
 * A language is matched by its primary subtag (pt-BR is pt, zh-Hans
 * zh); an unknown language is English.
 */
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "utf8.h"

/* The catalogs, in the order of the texts of a label. */
static const char *const langs[] = {
	"en", "ru", "es", "de", "fr", "pt", "zh", "ja"
};

#define NLANGS	(sizeof(langs) / sizeof(langs[0]))

struct label {
	const char	*key;
	const char	*text[NLANGS];
};

/* Sorted by key. */
static const struct label labels[] = {
	{ "add-row", {
	    "Add row",
	    "Добавить строку",
	    "Añadir fila",
	    "Zeile hinzufügen",
	    "Ajouter une ligne",
	    "Adicionar linha",
	    "添加行",
	    "行を追加",
	} },
	{ "checked-by", {
	    "Checked by",
	    "Проверяет",
	    "Verificado por",
	    "Geprüft von",
	    "Vérifié par",
	    "Verificado por",
	    "检查人",
	    "確認者",
	} },
	{ "checklist", {
	    "Checklist",
	    "Чек-лист",
	    "Lista de verificación",
	    "Checkliste",
	    "Liste de contrôle",
	    "Lista de verificação",
	    "检查清单",
	    "チェックリスト",
	} },
	{ "checklists", {
	    "Checklists",
	    "Чек-листы",
	    "Listas de verificación",
	    "Checklisten",
	    "Listes de contrôle",
	    "Listas de verificação",
	    "检查清单",
	    "チェックリスト",
	} },
	{ "clear", {
	    "Clear",
	    "Очистить",
	    "Borrar",
	    "Leeren",
	    "Effacer",
	    "Limpar",
	    "清除",
	    "クリア",
	} },
	{ "confirm-clear", {
	    "Clear every answer on this page? This cannot be undone.",
	    "Очистить все ответы на этой странице? Это нельзя отменить.",
	    "¿Borrar todas las respuestas de esta página? No se puede deshacer.",
	    "Alle Antworten auf dieser Seite löschen? Das lässt sich nicht rückgängig machen.",
	    "Effacer toutes les réponses de cette page ? Cette action est irréversible.",
	    "Limpar todas as respostas desta página? Não é possível desfazer.",
	    "清除此页面上的所有回答？此操作无法撤销。",
	    "このページの回答をすべて消去しますか？元に戻せません。",
	} },
	{ "confirm-discard", {
	    "Delete the saved progress of the other revisions?",
	    "Удалить сохранённый прогресс других ревизий?",
	    "¿Eliminar el progreso guardado de las otras revisiones?",
	    "Den gespeicherten Fortschritt der anderen Revisionen löschen?",
	    "Supprimer la progression enregistrée des autres révisions ?",
	    "Excluir o progresso salvo das outras revisões?",
	    "删除其他修订版本已保存的进度？",
	    "他の版で保存された進捗を削除しますか？",
	} },
	{ "confirm-import", {
	    "This run was made from another revision of the checklist. Load the answers whose items still exist?",
	    "Этот прогон сделан по другой ревизии чек-листа. Загрузить ответы для пунктов, которые ещё есть?",
	    "Esta ejecución se hizo con otra revisión de la lista. ¿Cargar las respuestas de los puntos que aún existen?",
	    "Dieser Durchlauf stammt aus einer anderen Revision der Checkliste. Die Antworten der noch vorhandenen Punkte laden?",
	    "Cette exécution a été faite avec une autre révision de la liste. Charger les réponses des points qui existent encore ?",
	    "Esta execução foi feita com outra revisão da lista. Carregar as respostas dos itens que ainda existem?",
	    "此执行记录基于检查清单的另一个修订版本。是否载入仍然存在的条目的回答？",
	    "この実施記録はチェックリストの別の版から作成されました。現在もある項目の回答を読み込みますか？",
	} },
	{ "continued", {
	    "continued",
	    "продолжение",
	    "continuación",
	    "Fortsetzung",
	    "suite",
	    "continuação",
	    "续",
	    "続き",
	} },
	{ "critical", {
	    "critical",
	    "критично",
	    "crítico",
	    "kritisch",
	    "critique",
	    "crítico",
	    "关键",
	    "重要",
	} },
	{ "date", {
	    "Date",
	    "Дата",
	    "Fecha",
	    "Datum",
	    "Date",
	    "Data",
	    "日期",
	    "日付",
	} },
	{ "date-and-time", {
	    "Date and time",
	    "Дата и время",
	    "Fecha y hora",
	    "Datum und Uhrzeit",
	    "Date et heure",
	    "Data e hora",
	    "日期和时间",
	    "日時",
	} },
	{ "discard", {
	    "Discard",
	    "Удалить",
	    "Descartar",
	    "Verwerfen",
	    "Supprimer",
	    "Descartar",
	    "丢弃",
	    "破棄",
	} },
	{ "done", {
	    "Done",
	    "Выполнено",
	    "Hecho",
	    "Erledigt",
	    "Fait",
	    "Concluído",
	    "已完成",
	    "完了",
	} },
	{ "download-old", {
	    "Download old data",
	    "Скачать старые данные",
	    "Descargar los datos anteriores",
	    "Alte Daten herunterladen",
	    "Télécharger les anciennes données",
	    "Baixar os dados antigos",
	    "下载旧数据",
	    "古いデータをダウンロード",
	} },
	{ "export-run", {
	    "Export run",
	    "Экспорт прогона",
	    "Exportar ejecución",
	    "Durchlauf exportieren",
	    "Exporter l'exécution",
	    "Exportar execução",
	    "导出执行记录",
	    "実施記録をエクスポート",
	} },
	{ "exported", {
	    "Run exported.",
	    "Прогон экспортирован.",
	    "Ejecución exportada.",
	    "Durchlauf exportiert.",
	    "Exécution exportée.",
	    "Execução exportada.",
	    "执行记录已导出。",
	    "実施記録をエクスポートしました。",
	} },
	{ "failed", {
	    "Failed",
	    "Не пройдено",
	    "Fallido",
	    "Fehlgeschlagen",
	    "Échec",
	    "Falhou",
	    "未通过",
	    "不合格",
	} },
	{ "format-html", {
	    "HTML",
	    "HTML",
	    "HTML",
	    "HTML",
	    "HTML",
	    "HTML",
	    "HTML",
	    "HTML",
	} },
	{ "format-md", {
	    "Markdown",
	    "Markdown",
	    "Markdown",
	    "Markdown",
	    "Markdown",
	    "Markdown",
	    "Markdown",
	    "Markdown",
	} },
	{ "format-pdf", {
	    "PDF",
	    "PDF",
	    "PDF",
	    "PDF",
	    "PDF",
	    "PDF",
	    "PDF",
	    "PDF",
	} },
	{ "format-signoff", {
	    "Sign-off sheet",
	    "Лист подписей",
	    "Hoja de firmas",
	    "Freigabeblatt",
	    "Feuille de validation",
	    "Folha de aprovação",
	    "签字确认单",
	    "承認署名シート",
	} },
	{ "format-zip", {
	    "Bundle (zip)",
	    "Архив (zip)",
	    "Paquete (zip)",
	    "Paket (zip)",
	    "Archive (zip)",
	    "Pacote (zip)",
	    "归档包 (zip)",
	    "アーカイブ (zip)",
	} },
	{ "formats", {
	    "Formats",
	    "Форматы",
	    "Formatos",
	    "Formate",
	    "Formats",
	    "Formatos",
	    "格式",
	    "形式",
	} },
	{ "hash", {
	    "Hash",
	    "Хеш",
	    "Hash",
	    "Hash",
	    "Empreinte",
	    "Hash",
	    "哈希",
	    "ハッシュ",
	} },
	{ "import-error", {
	    "That file is not a run file (JSON) of chkc.",
	    "Этот файл не является файлом прогона chkc (JSON).",
	    "Ese archivo no es un archivo de ejecución (JSON) de chkc.",
	    "Diese Datei ist keine Durchlaufdatei (JSON) von chkc.",
	    "Ce fichier n'est pas un fichier d'exécution (JSON) de chkc.",
	    "Esse arquivo não é um arquivo de execução (JSON) do chkc.",
	    "该文件不是 chkc 的执行记录文件（JSON）。",
	    "このファイルは chkc の実施記録ファイル（JSON）ではありません。",
	} },
	{ "import-run", {
	    "Import run",
	    "Импорт прогона",
	    "Importar ejecución",
	    "Durchlauf importieren",
	    "Importer une exécution",
	    "Importar execução",
	    "导入执行记录",
	    "実施記録をインポート",
	} },
	{ "imported", {
	    "Run imported.",
	    "Прогон импортирован.",
	    "Ejecución importada.",
	    "Durchlauf importiert.",
	    "Exécution importée.",
	    "Execução importada.",
	    "执行记录已导入。",
	    "実施記録をインポートしました。",
	} },
	{ "items", {
	    "items",
	    "пунктов",
	    "puntos",
	    "Punkte",
	    "points",
	    "itens",
	    "项",
	    "項目",
	} },
	{ "na", {
	    "N/A",
	    "Н/П",
	    "No aplica",
	    "Entfällt",
	    "Sans objet",
	    "Não se aplica",
	    "不适用",
	    "該当なし",
	} },
	{ "name", {
	    "Name",
	    "Имя",
	    "Nombre",
	    "Name",
	    "Nom",
	    "Nome",
	    "姓名",
	    "氏名",
	} },
	{ "no", {
	    "No",
	    "Нет",
	    "No",
	    "Nein",
	    "Non",
	    "Não",
	    "否",
	    "いいえ",
	} },
	{ "note", {
	    "Note",
	    "Примечание",
	    "Nota",
	    "Anmerkung",
	    "Remarque",
	    "Observação",
	    "说明",
	    "備考",
	} },
	{ "notes", {
	    "Notes",
	    "Заметки",
	    "Notas",
	    "Notizen",
	    "Notes",
	    "Notas",
	    "备注",
	    "メモ",
	} },
	{ "open", {
	    "Open",
	    "Открыто",
	    "Pendiente",
	    "Offen",
	    "À faire",
	    "Pendente",
	    "未完成",
	    "未完了",
	} },
	{ "outcome", {
	    "Outcome",
	    "Итог",
	    "Resultado",
	    "Ergebnis",
	    "Résultat",
	    "Resultado",
	    "结果",
	    "結果",
	} },
	{ "outcome-failed", {
	    "Failed",
	    "Провал",
	    "Fallido",
	    "Fehlgeschlagen",
	    "Échec",
	    "Falha",
	    "失败",
	    "失敗",
	} },
	{ "outcome-partial", {
	    "Partial",
	    "Частично",
	    "Parcial",
	    "Teilweise",
	    "Partiel",
	    "Parcial",
	    "部分完成",
	    "一部完了",
	} },
	{ "outcome-rolled-back", {
	    "Rolled back",
	    "Откат",
	    "Revertido",
	    "Zurückgesetzt",
	    "Retour arrière",
	    "Revertido",
	    "已回滚",
	    "ロールバック済み",
	} },
	{ "outcome-success", {
	    "Success",
	    "Успех",
	    "Éxito",
	    "Erfolgreich",
	    "Réussi",
	    "Sucesso",
	    "成功",
	    "成功",
	} },
	{ "page-of", {
	    "Page %d of %d",
	    "Стр. %d из %d",
	    "Página %d de %d",
	    "Seite %d von %d",
	    "Page %d sur %d",
	    "Página %d de %d",
	    "第 %d 页，共 %d 页",
	    "%d / %d ページ",
	} },
	{ "progress", {
	    "Progress",
	    "Прогресс",
	    "Progreso",
	    "Fortschritt",
	    "Progression",
	    "Progresso",
	    "进度",
	    "進捗",
	} },
	{ "project", {
	    "Project",
	    "Проект",
	    "Proyecto",
	    "Projekt",
	    "Projet",
	    "Projeto",
	    "项目",
	    "プロジェクト",
	} },
	{ "projects", {
	    "Projects",
	    "Проекты",
	    "Proyectos",
	    "Projekte",
	    "Projets",
	    "Projetos",
	    "项目",
	    "プロジェクト",
	} },
	{ "reason", {
	    "Reason",
	    "Причина",
	    "Motivo",
	    "Grund",
	    "Motif",
	    "Motivo",
	    "原因",
	    "理由",
	} },
	{ "required", {
	    "required",
	    "обязательно",
	    "obligatorio",
	    "Pflichtfeld",
	    "obligatoire",
	    "obrigatório",
	    "必填",
	    "必須",
	} },
	{ "revision", {
	    "Revision",
	    "Ревизия",
	    "Revisión",
	    "Revision",
	    "Révision",
	    "Revisão",
	    "修订版",
	    "改訂",
	} },
	{ "role", {
	    "Role",
	    "Роль",
	    "Rol",
	    "Rolle",
	    "Rôle",
	    "Função",
	    "角色",
	    "役割",
	} },
	{ "run", {
	    "Run",
	    "Прогон",
	    "Ejecución",
	    "Durchlauf",
	    "Exécution",
	    "Execução",
	    "执行记录",
	    "実施記録",
	} },
	{ "run-fields", {
	    "Run details",
	    "Данные прогона",
	    "Datos de la ejecución",
	    "Angaben zum Durchlauf",
	    "Informations sur l'exécution",
	    "Dados da execução",
	    "执行信息",
	    "実施情報",
	} },
	{ "run-id", {
	    "Run id",
	    "ID прогона",
	    "ID de ejecución",
	    "Durchlauf-ID",
	    "ID d'exécution",
	    "ID da execução",
	    "执行编号",
	    "実施ID",
	} },
	{ "signature", {
	    "Signature",
	    "Подпись",
	    "Firma",
	    "Unterschrift",
	    "Signature",
	    "Assinatura",
	    "签名",
	    "署名",
	} },
	{ "signature-invalid", {
	    "signature not valid",
	    "подпись недействительна",
	    "firma no válida",
	    "Signatur ungültig",
	    "signature non valide",
	    "assinatura inválida",
	    "签名无效",
	    "署名が無効",
	} },
	{ "signature-unchecked", {
	    "not verified",
	    "не проверена",
	    "no verificada",
	    "nicht geprüft",
	    "non vérifiée",
	    "não verificada",
	    "未验证",
	    "未検証",
	} },
	{ "signed-by", {
	    "signed by",
	    "подписано",
	    "firmado por",
	    "signiert von",
	    "signé par",
	    "assinado por",
	    "签名人",
	    "署名者",
	} },
	{ "signoff", {
	    "Sign-off",
	    "Подписи",
	    "Aprobación",
	    "Freigabe",
	    "Validation",
	    "Aprovação",
	    "签字确认",
	    "承認",
	} },
	{ "stale", {
	    "Progress saved for another revision of this checklist was not applied. You can download it as a run file.",
	    "Прогресс, сохранённый для другой ревизии этого чек-листа, не применён. Его можно скачать как файл прогона.",
	    "El progreso guardado para otra revisión de esta lista no se aplicó. Puede descargarlo como archivo de ejecución.",
	    "Der für eine andere Revision dieser Checkliste gespeicherte Fortschritt wurde nicht übernommen. Sie können ihn als Durchlaufdatei herunterladen.",
	    "La progression enregistrée pour une autre révision de cette liste n'a pas été appliquée. Vous pouvez la télécharger comme fichier d'exécution.",
	    "O progresso salvo para outra revisão desta lista não foi aplicado. Você pode baixá-lo como arquivo de execução.",
	    "为此检查清单的另一个修订版本保存的进度未被应用。可以将其下载为执行记录文件。",
	    "このチェックリストの別の版で保存された進捗は適用されていません。実施記録ファイルとしてダウンロードできます。",
	} },
	{ "storage-off", {
	    "This browser does not keep progress: export the run before you close the page.",
	    "Браузер не сохраняет прогресс: экспортируйте прогон перед закрытием страницы.",
	    "Este navegador no guarda el progreso: exporte la ejecución antes de cerrar la página.",
	    "Dieser Browser speichert den Fortschritt nicht: Exportieren Sie den Durchlauf, bevor Sie die Seite schließen.",
	    "Ce navigateur ne conserve pas la progression : exportez l'exécution avant de fermer la page.",
	    "Este navegador não guarda o progresso: exporte a execução antes de fechar a página.",
	    "此浏览器不保存进度：请在关闭页面前导出执行记录。",
	    "このブラウザーは進捗を保存しません。ページを閉じる前に実施記録をエクスポートしてください。",
	} },
	{ "value", {
	    "Value",
	    "Значение",
	    "Valor",
	    "Wert",
	    "Valeur",
	    "Valor",
	    "值",
	    "値",
	} },
	{ "version", {
	    "Version",
	    "Версия",
	    "Versión",
	    "Version",
	    "Version",
	    "Versão",
	    "版本",
	    "バージョン",
	} },
	{ "yes", {
	    "Yes",
	    "Да",
	    "Sí",
	    "Ja",
	    "Oui",
	    "Sim",
	    "是",
	    "はい",
	} },

};

static int
label_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct label *)elem)->key);
}

/* The catalog of lang (by its primary subtag), 0 (English) if none. */
static size_t
label_lang(const char *lang)
{
	size_t	i, n;

	if (lang == NULL)
		return 0;
	n = strcspn(lang, "-_");
	for (i = 0; i < NLANGS; i++)
		if (strlen(langs[i]) == n && strncmp(lang, langs[i], n) == 0)
			return i;
	return 0;
}

const char *
label_get(const char *lang, const char *key)
{
	const struct label *l;

	l = bsearch(key, labels, sizeof(labels) / sizeof(labels[0]),
	    sizeof(labels[0]), label_cmp);
	if (l == NULL)
		return key;
	return l->text[label_lang(lang)];
}

/* Do a and b read the same, case aside (UTF-8, letter by letter)? */
static int
label_caseeq(const char *a, const char *b)
{
	unsigned long	ca, cb;
	size_t		na, nb, la = strlen(a), lb = strlen(b);

	while (la > 0 && lb > 0) {
		na = utf8_decode(a, la, &ca);
		nb = utf8_decode(b, lb, &cb);
		if (na == 0 || nb == 0 || utf8_tolower(ca) != utf8_tolower(cb))
			return 0;
		a += na, la -= na;
		b += nb, lb -= nb;
	}
	return la == 0 && lb == 0;
}

int
label_is(const char *text, const char *key)
{
	const struct label	*l;
	size_t			 i;

	l = bsearch(key, labels, sizeof(labels) / sizeof(labels[0]),
	    sizeof(labels[0]), label_cmp);
	for (i = 0; l != NULL && text != NULL && i < NLANGS; i++)
		if (label_caseeq(text, l->text[i]))
			return 1;
	return 0;
}
