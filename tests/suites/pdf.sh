#!/bin/sh
# PDF checklists and sign-off sheets, checked with real tools on the
# samples $BUILD/tests/test_pdf writes (CHKC_TEST_OUT): qpdf --check,
# every font embedded (pdffonts) as a sound TrueType subset, every
# expected text present
# (pdftotext, the NAME.expect beside each sample, and not a warning from
# poppler), every word inside
# the margins and clear of the others (pdftotext -bbox), a split table's
# header repeated, letter paper, byte-identical output, bad font
# directories giving an error rather than a crash, and the same on
# libharu's public-API path (CHKC_PDF_PUBLIC=1).
# Prints "ok NAME" / "FAIL NAME" lines (details indented).
set -u
: "${BUILD:=build}"
bin=$BUILD/tests/test_pdf
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok pdf/$1"; }
fail() { echo "FAIL pdf/$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /'; }

if [ ! -x "$bin" ]; then
	fail build "no $bin (make BUILD=$BUILD unit)"
	exit 0
fi
for tool in qpdf pdffonts pdftotext pdfinfo pdftoppm python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		fail tools "$tool is missing (make deps)"
		exit 0
	fi
done

mkdir -p "$tmp/a" "$tmp/b"
CHKC_TEST_OUT=$tmp/a SOURCE_DATE_EPOCH=1700000000 "$bin" >"$tmp/unit.log" 2>&1
CHKC_TEST_OUT=$tmp/b SOURCE_DATE_EPOCH=1700000000 "$bin" >/dev/null 2>&1
set -- "$tmp"/a/*.pdf
if [ ! -f "$1" ]; then
	fail samples "$(cat "$tmp/unit.log")"
	exit 0
fi

# Every word inside the margins, no two words on top of each other.
cat >"$tmp/geometry.py" <<'EOF'
import html, re, sys
MM = 72 / 25.4
bad = []
nwords = 0
doc = open(sys.argv[1], encoding='utf-8').read()
for pno, (attrs, body) in enumerate(
        re.findall(r'<page ([^>]*)>(.*?)</page>', doc, re.S), 1):
    W = float(re.search(r'width="([\d.]+)"', attrs).group(1))
    H = float(re.search(r'height="([\d.]+)"', attrs).group(1))
    words = sorted(((float(a), float(b), float(c), float(d), html.unescape(t))
                    for a, b, c, d, t in re.findall(
                        r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                        r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body)),
                   key=lambda w: w[1])
    nwords += len(words)
    for x0, y0, x1, y1, t in words:
        if x0 < 18 * MM - 1 or x1 > W - 18 * MM + 1 or y0 < 8 * MM \
                or y1 > H - 8 * MM:
            bad.append('page %d: %r past the margins' % (pno, t))
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[1] >= a[3]:
                break
            h = min(a[3] - a[1], b[3] - b[1])
            if min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * h and \
                    min(a[2], b[2]) - max(a[0], b[0]) > 1.0:
                bad.append('page %d: %r overlaps %r' % (pno, a[4], b[4]))
if nwords == 0:
    bad.append('no words at all: nothing to check')
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF

# Whitespace-insensitive: wrapped lines and table cells still match.
cat >"$tmp/contains.py" <<'EOF'
import re, sys
text = re.sub(r'\s+', '', open(sys.argv[1], encoding='utf-8').read())
missing = [w for w in open(sys.argv[2], encoding='utf-8').read().splitlines()
           if w and re.sub(r'\s+', '', w) not in text]
for w in missing:
    print('missing: ' + w)
sys.exit(1 if missing else 0)
EOF

# Every embedded font file (FontFile2) is a sound TrueType subset:
# tables sorted, aligned and summed, the file's checksum adjustment
# right, loca and hmtx of maxp's number of glyphs, composite glyphs
# made of glyphs inside it, a format 4 cmap to glyphs inside it; and a
# subset: fewer than 1,000 glyphs (DejaVu Sans has 6,253).
cat >"$tmp/fontfile.py" <<'EOF'
import base64, json, struct, subprocess, sys
out = subprocess.run(['qpdf', '--json=2', '--json-stream-data=inline',
                      '--decode-level=generalized', sys.argv[1], '-'],
                     capture_output=True, check=True).stdout
bad, n = [], 0
def u16(b, o): return struct.unpack_from('>H', b, o)[0]
def u32(b, o): return struct.unpack_from('>I', b, o)[0]
def total(b): return sum(struct.unpack('>%dI' % (len(b) // 4),
                                       b[:len(b) // 4 * 4])) & 0xFFFFFFFF
def check(key, f):
    def no(why): bad.append('%s: %s' % (key, why))
    tabs, tags = {}, []
    for i in range(u16(f, 4)):
        tag, cs, off, ln = struct.unpack_from('>4sIII', f, 12 + 16 * i)
        tags.append(tag)
        body = bytearray(f[off:off + (ln + 3) // 4 * 4])
        if tag == b'head':
            body[8:12] = bytes(4)
        if off % 4 or off + ln > len(f) or total(bytes(body)) != cs:
            no('table %r misplaced or its checksum wrong' % tag)
        tabs[tag] = f[off:off + ln]
    if tags != sorted(tags) or total(f) != 0xB1B0AFBA:
        no('tables unsorted or the checksum adjustment wrong')
    head, maxp, hhea = tabs[b'head'], tabs[b'maxp'], tabs[b'hhea']
    ng, glyf, loca = u16(maxp, 4), tabs[b'glyf'], tabs[b'loca']
    w = 4 if u16(head, 50) else 2
    if len(loca) < w * (ng + 1):
        return no('loca does not hold %d glyphs' % ng)
    offs = [u32(loca, 4 * i) if w == 4 else 2 * u16(loca, 2 * i)
            for i in range(ng + 1)]
    if offs != sorted(offs) or offs[-1] > len(glyf):
        return no('loca does not hold %d glyphs of glyf' % ng)
    nh = u16(hhea, 34)
    if nh > ng or len(tabs[b'hmtx']) < 4 * nh + 2 * (ng - nh):
        no('hmtx does not hold %d glyphs' % ng)
    if ng >= 1000:
        no('%d glyphs: not a subset' % ng)
    for g in range(ng):
        at, more = offs[g] + 10, offs[g + 1] - offs[g] >= 10 and \
            struct.unpack_from('>h', glyf, offs[g])[0] < 0
        while more:
            fl, gi = u16(glyf, at), u16(glyf, at + 2)
            if gi >= ng:
                no('glyph %d made of glyph %d of %d' % (g, gi, ng))
            at += 4 + (4 if fl & 1 else 2)
            at += 2 if fl & 8 else 4 if fl & 0x40 else 8 if fl & 0x80 else 0
            more = fl & 0x20
    cmap = tabs[b'cmap']
    for i in range(u16(cmap, 2)):
        o = u32(cmap, 4 + 8 * i + 4)
        if u16(cmap, o) != 4:
            continue
        seg = u16(cmap, o + 6) // 2
        for s in range(seg):
            end = u16(cmap, o + 14 + 2 * s)
            start = u16(cmap, o + 16 + 2 * seg + 2 * s)
            d = u16(cmap, o + 16 + 4 * seg + 2 * s)
            ro = u16(cmap, o + 16 + 6 * seg + 2 * s)
            if ro == 0 and end != 0xFFFF and any(
                    (c + d) & 0xFFFF >= ng for c in range(start, end + 1)):
                no('cmap maps past the %d glyphs' % ng)
for key, obj in json.loads(out)['qpdf'][1].items():
    st = obj.get('stream') if isinstance(obj, dict) else None
    if st and '/Length1' in st['dict']:
        n += 1
        check(key, base64.b64decode(st['data']))
if n == 0:
    bad.append('no embedded font file')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
EOF

# Every stream with data is deflated once, under one Filter entry
# (pdf_hpdf_private.c deflates them itself and writes that entry).
cat >"$tmp/streams.py" <<'EOF'
import re, sys, zlib
data, bad, n = open(sys.argv[1], 'rb').read(), [], 0
for m in re.finditer(rb'(\d+) 0 obj\n<<(.*?)>>\nstream\r\n', data, re.S):
    d, n, k = m.group(2), n + 1, m.group(1).decode()
    body = data[m.end():data.index(b'\nendstream', m.end())]
    if not body:
        continue
    if d.count(b'/Filter') != 1 or b'/Filter [ /FlateDecode ]' not in d:
        bad.append('object %s: %r' % (k, d))
        continue
    z = zlib.decompressobj()
    try:
        z.decompress(body)
    except zlib.error as e:
        bad.append('object %s: %s' % (k, e))
        continue
    if not z.eof or z.unused_data:
        bad.append('object %s: not one deflate stream' % k)
if n == 0:
    bad.append('no stream')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
EOF

for pdf in "$tmp"/a/*.pdf; do
	name=$(basename "$pdf" .pdf)
	if out=$(python3 "$tmp/fontfile.py" "$pdf" 2>&1); then
		ok "font-files/$name"
	else
		fail "font-files/$name" "$out"
	fi
	if out=$(python3 "$tmp/streams.py" "$pdf" 2>&1); then
		ok "streams/$name"
	else
		fail "streams/$name" "$out"
	fi
	if out=$(qpdf --check "$pdf" 2>&1); then
		ok "qpdf/$name"
	else
		fail "qpdf/$name" "$out"
	fi
	pdffonts "$pdf" 2>/dev/null >"$tmp/fonts"
	# columns from the end: emb sub uni object-number generation
	bad=$(awk 'NR > 2 && $(NF-4) != "yes"' "$tmp/fonts")
	if [ "$(awk 'NR > 2' "$tmp/fonts" | wc -l)" -gt 0 ] && [ -z "$bad" ]; then
		ok "fonts/$name"
	else
		fail "fonts/$name" "$(cat "$tmp/fonts")"
	fi
	pdftotext -enc UTF-8 "$pdf" "$tmp/$name.txt" 2>"$tmp/$name.err"
	if out=$(python3 "$tmp/contains.py" "$tmp/$name.txt" \
	    "$tmp/a/$name.expect"); then
		ok "text/$name"
	else
		fail "text/$name" "$out"
	fi
	# poppler reads the whole file, ToUnicode maps included, silently
	if [ -s "$tmp/$name.err" ]; then
		fail "poppler-quiet/$name" "$(head -3 "$tmp/$name.err")"
	else
		ok "poppler-quiet/$name"
	fi
	# pdftotext ignores clipping: a "-cut" sample has clipped cells
	case $name in
	*-cut)	;;
	*)	pdftotext -bbox "$pdf" "$tmp/$name.html" 2>/dev/null
		if out=$(python3 "$tmp/geometry.py" "$tmp/$name.html"); then
			ok "geometry/$name"
		else
			fail "geometry/$name" "$out"
		fi ;;
	esac
	if cmp -s "$pdf" "$tmp/b/$name.pdf"; then
		ok "reproducible/$name"
	else
		fail "reproducible/$name" "two renderings differ"
	fi
done

# The 40-row table splits: every page with rows of it (T+0 ... T+78)
# draws its header row, and there are at least two such pages.
cat >"$tmp/header.py" <<'EOF'
import re, sys
pages = open(sys.argv[1], encoding='utf-8').read().split('\f')
rows = [i for i, p in enumerate(pages, 1) if re.search(r'^T\+\d+$', p, re.M)]
bare = [i for i in rows if 'Response ms' not in pages[i - 1]]
if len(rows) < 2 or bare:
    print('pages with rows: %s; without the header: %s' % (rows, bare))
    sys.exit(1)
EOF
if out=$(python3 "$tmp/header.py" "$tmp/blank.txt"); then
	ok table-header-repeated
else
	fail table-header-repeated "$out"
fi

if pdfinfo "$tmp/a/letter.pdf" 2>/dev/null | grep -q '612 x 792'; then
	ok letter
else
	fail letter "$(pdfinfo "$tmp/a/letter.pdf" 2>&1 | grep size)"
fi

# Bad fonts: a diagnostic and exit 1, no crash, no file.
badfont() {
	CHKC_FONT_DIR=$1 "$bin" --render "$tmp/bad.pdf" >/dev/null \
	    2>"$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "$2" "$tmp/err" && [ ! -e "$tmp/bad.pdf" ]
	then
		ok "bad-fonts/$3"
	else
		fail "bad-fonts/$3" "exit $rc: $(cat "$tmp/err")"
	fi
}
badfont /nonexistent/fonts "error: cannot open font" missing
mkdir "$tmp/fonts.bad"
echo 'not a font' >"$tmp/fonts.bad/DejaVuSans.ttf"
badfont "$tmp/fonts.bad" "is not a TrueType font" not-truetype

# The public-API path (src/emit/pdf_hpdf_private.h), taken with any
# libharu but the verified one: the unit tests pass on it too, and its
# samples show the same text in the same embedded subset fonts, with
# the same pixels; only the files are bigger.  (Not the samples with an
# emoji beyond the BMP: on this path it is drawn as U+FFFD, said by a
# warning the unit tests check.)
mkdir -p "$tmp/pub"
if out=$(CHKC_PDF_PUBLIC=1 CHKC_TEST_OUT=$tmp/pub \
    SOURCE_DATE_EPOCH=1700000000 "$bin" 2>&1 | grep -v '^ok \|^end$'); then
	fail public/unit "$out"
else
	ok public/unit
fi
for name in ru ru-signoff signoff; do
	pub=$tmp/pub/$name.pdf
	pdftotext -enc UTF-8 "$pub" "$tmp/pub/$name.txt" 2>/dev/null
	if out=$(python3 "$tmp/contains.py" "$tmp/pub/$name.txt" \
	    "$tmp/a/$name.expect"); then
		ok "public/text/$name"
	else
		fail "public/text/$name" "$out"
	fi
	pdffonts "$tmp/a/$name.pdf" 2>/dev/null | awk 'NR > 2 { print $1 }' \
	    | sort >"$tmp/pub/$name.priv-fonts"
	pdffonts "$pub" 2>/dev/null | awk 'NR > 2 && $(NF-4) == "yes" &&
	    $(NF-3) == "yes" { print $1 }' | sort >"$tmp/pub/$name.fonts"
	if [ -s "$tmp/pub/$name.fonts" ] &&
	    cmp -s "$tmp/pub/$name.fonts" "$tmp/pub/$name.priv-fonts"; then
		ok "public/fonts/$name"
	else
		fail "public/fonts/$name" "$(pdffonts "$pub" 2>&1)"
	fi
	pdftoppm -r 40 -png "$tmp/a/$name.pdf" "$tmp/pub/$name-priv" 2>/dev/null
	pdftoppm -r 40 -png "$pub" "$tmp/pub/$name-pub" 2>/dev/null
	diff=
	for png in "$tmp/pub/$name"-priv-*.png; do
		cmp -s "$png" "$(echo "$png" | sed 's/-priv-/-pub-/')" ||
		    diff="$diff $(basename "$png")"
	done
	set -- "$tmp/pub/$name"-priv-*.png
	if [ -f "$1" ] && [ -z "$diff" ]; then
		ok "public/pixels/$name"
	else
		fail "public/pixels/$name" "pages differ:$diff"
	fi
	# the switch took: whole fonts, full CIDToGIDMaps
	priv=$(wc -c <"$tmp/a/$name.pdf")
	if [ "$(wc -c <"$pub")" -gt $((priv + priv / 2)) ]; then
		ok "public/taken/$name"
	else
		fail "public/taken/$name" "$(wc -c <"$pub") bytes, $priv private"
	fi
done
echo end
