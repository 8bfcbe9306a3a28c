/*
 * The floor of chkc's PDF cost: a bare libharu program that draws the
 * same lines of text, on the same number of pages, with the same fonts
 * and settings (DejaVu Sans, Sans Bold and Sans Mono as UTF-8 Type0
 * fonts, embedded; every stream deflated), and saves to memory.  No
 * layout, no Markdown, no checkboxes: what is left is libharu's own
 * cost of fonts, text and saving, which chkc cannot go below.
 *
 *   hpdf_floor FONTDIR OUTDIR TEXT...
 *
 * Each TEXT is a `pdftotext -layout` dump of a chkc PDF (pages split by
 * form feeds); OUTDIR/<n>.pdf is its floor document.  The first and last
 * line of a page (chkc's header and footer) are drawn in bold, lines
 * indented 8 columns or more (code) in mono, the rest in regular.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

static const char *const files[3] = {
	"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"
};

static void
on_error(HPDF_STATUS e, HPDF_STATUS detail, void *arg)
{
	fprintf(stderr, "hpdf_floor: %s: libharu error 0x%04lX (%lu)\n",
	    (const char *)arg, (unsigned long)e, (unsigned long)detail);
	exit(1);
}

/* Draw one page's lines: 9 pt, 11 pt apart, from the top. */
static void
page(HPDF_Doc pdf, HPDF_Font *font, char *text)
{
	HPDF_Page	 pg = HPDF_AddPage(pdf);
	char		*line, *next;
	float		 y = 800;
	int		 f;

	HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	HPDF_Page_BeginText(pg);
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		f = line == text || next == NULL || *next == '\0' ? 1 :
		    strspn(line, " ") >= 8 ? 2 : 0;
		line += strspn(line, " ");
		if (*line == '\0')
			continue;
		HPDF_Page_SetFontAndSize(pg, font[f], 9);
		HPDF_Page_TextOut(pg, 50, y, line);
		y -= 11;
	}
	HPDF_Page_EndText(pg);
}

/* One document from one text dump, saved to memory, then to path. */
static void
document(const char *fontdir, char *text, const char *path)
{
	HPDF_Doc	 pdf = HPDF_New(on_error, (void *)path);
	HPDF_Font	 font[3];
	HPDF_UINT32	 size;
	HPDF_BYTE	*data;
	char		 ttf[4096], *p, *ff;
	FILE		*fp;
	int		 i;

	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	for (i = 0; i < 3; i++) {
		snprintf(ttf, sizeof(ttf), "%s/%s", fontdir, files[i]);
		font[i] = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, ttf,
		    HPDF_TRUE), "UTF-8");
	}
	for (p = text; p != NULL; p = ff) {
		if ((ff = strchr(p, '\f')) != NULL)
			*ff++ = '\0';
		if (*p != '\0' || ff != NULL)
			page(pdf, font, p);
	}
	HPDF_SaveToStream(pdf);
	size = HPDF_GetStreamSize(pdf);
	data = malloc(size);
	HPDF_ResetStream(pdf);
	HPDF_ReadFromStream(pdf, data, &size);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	free(data);
	HPDF_Free(pdf);
}

static char *
slurp(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	*s = NULL;
	long	 n = -1;

	if (fp != NULL && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0)
		s = malloc((size_t)n + 1);
	if (s == NULL || fread(s, 1, (size_t)n, fp) != (size_t)n) {
		perror(path);
		exit(1);
	}
	s[n] = '\0';
	fclose(fp);
	return s;
}

int
main(int argc, char *argv[])
{
	char	 out[4096], *text;
	int	 i;

	if (argc < 4) {
		fprintf(stderr, "usage: hpdf_floor FONTDIR OUTDIR TEXT...\n");
		return 2;
	}
	for (i = 3; i < argc; i++) {
		text = slurp(argv[i]);
		snprintf(out, sizeof(out), "%s/%d.pdf", argv[2], i - 2);
		document(argv[1], text, out);
		free(text);
	}
	return 0;
}
