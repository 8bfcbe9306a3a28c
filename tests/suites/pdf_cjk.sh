#!/bin/sh
# Chinese, Japanese and emoji in PDFs (tests/pdf-cjk/): every character
# drawn from a font that has it, with no U+FFFD warning; pdftotext finds
# the text (the ToUnicode maps give the real code points, emoji beyond
# the BMP included) and poppler reads it without a warning; pdffonts
# shows the fallback fonts embedded as subsets, and none in a PDF of
# Latin text; CJK lines wrap inside the margins and none starts with a
# closing mark.  Then what happens without the fallback fonts, with a
# bad one, and on libharu's public-API path.
# Prints "ok NAME" / "FAIL NAME" lines (details indented).
set -u
cd "$(dirname "$0")/../.." || exit 3
: "${CHKC:=./chkc}"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
proj=tests/pdf-cjk
export SOURCE_DATE_EPOCH=1700000000

ok() { echo "ok pdf-cjk/$1"; }
fail() { echo "FAIL pdf-cjk/$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /'; }

for tool in pdffonts pdftotext python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		fail tools "$tool is missing (make deps)"
		echo end
		exit 0
	fi
done
for font in /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc \
    /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf \
    /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf; do
	if [ ! -f "$font" ]; then
		echo "SKIP pdf-cjk (no $font: make deps installs fonts-wqy-zenhei, fonts-ipafont-gothic and fonts-symbola)"
		echo end
		exit 0
	fi
done

# Whitespace-insensitive: wrapped lines still match.
contains() {
	python3 - "$1" "$2" <<'EOF'
import re, sys
text = re.sub(r'\s+', '', open(sys.argv[1], encoding='utf-8').read())
missing = [w for w in sys.argv[2].split('|') if re.sub(r'\s+', '', w) not in text]
for w in missing:
    print('missing: ' + w)
sys.exit(1 if missing else 0)
EOF
}

# font NAME embedded as a subset with a ToUnicode map, in pdffonts $1
has_font() {
	awk -v f="$2" 'NR > 2 && $1 ~ "^[A-Z]+\\+" f "(,|$)" && $(NF-4) == "yes" &&
	    $(NF-3) == "yes" && $(NF-2) == "yes" { n++ } END { exit n != 1 }' "$1"
}

if "$CHKC" build -C "$proj" -q -o "$tmp/out" --only pdf,signoff \
    2>"$tmp/err" && ! grep -q 'not in the fonts' "$tmp/err"; then
	ok build
else
	fail build "$(cat "$tmp/err")"
fi

check_pdf() {	# name pdf texts fonts...
	name=$1 pdf=$2 texts=$3
	shift 3
	pdftotext -enc UTF-8 "$pdf" "$tmp/$name.txt" 2>"$tmp/$name.perr"
	if out=$(contains "$tmp/$name.txt" "$texts") && [ ! -s "$tmp/$name.perr" ]
	then
		ok "text/$name"
	else
		fail "text/$name" "$out$(head -3 "$tmp/$name.perr")"
	fi
	pdffonts "$pdf" >"$tmp/$name.fonts" 2>&1
	bad=
	for f in "$@"; do
		has_font "$tmp/$name.fonts" "$f" || bad="$bad $f"
	done
	if [ -z "$bad" ]; then
		ok "fonts/$name"
	else
		fail "fonts/$name" "not embedded as a subset:$bad
$(cat "$tmp/$name.fonts")"
	fi
}

zh='生产环境发布检查清单 🚀|🔐 发布前准备|代码审查已经完成，所有单元测试和集成测试均已通过|（包括支付、登录和通知）|备份文件保存在安全的位置|/backups/发布前.dump|回滚方案已准备 ✅|分钟|📦 发布与验证|运维工程师|商城平台'
check_pdf zh "$tmp/out/cjk/release.pdf" "$zh" WenQuanYiZenHei Symbola \
    DejaVuSans DejaVuSansMono
check_pdf zh-signoff "$tmp/out/cjk/release.signoff.pdf" '运维工程师|技术负责人' \
    WenQuanYiZenHei
ja='本番デプロイ手順書 ✨|🛠|デプロイ前の確認|ロールバック手順も必ず準備しておくこと。|「メンテナンス開始」のお知らせ|影響範囲（ログイン、決済、通知）|📋 デプロイ後の確認|リリース担当|承認者'
check_pdf ja "$tmp/out/nihon/deploy-ja.pdf" "$ja" IPAGothic Symbola
check_pdf latin "$tmp/out/plain/latin.pdf" 'Übergabe, café' DejaVuSans

# Latin text only: the DejaVu faces and nothing else.
if [ "$(awk 'NR > 2' "$tmp/latin.fonts" | grep -cv '+DejaVu')" -eq 0 ]; then
	ok latin-no-fallback
else
	fail latin-no-fallback "$(cat "$tmp/latin.fonts")"
fi

# CJK lines break between characters, inside the margins, and no line
# starts with a closing mark (、。，）」) or a small kana.
cat >"$tmp/wrap.py" <<'EOF'
import re, sys
bad = []
for f in sys.argv[1:]:
    doc = open(f, encoding='utf-8').read()
    for attrs, body in re.findall(r'<page ([^>]*)>(.*?)</page>', doc, re.S):
        W = float(re.search(r'width="([\d.]+)"', attrs).group(1))
        for x1, t in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" '
                                r'xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body):
            if float(x1) > W - 18 * 72 / 25.4 + 1:
                bad.append('%s: %r past the right margin' % (f, t))
    for line in open(f[:-5] + '.txt', encoding='utf-8'):
        if line[:1] and line[0] in '、。，）」』ーっゃゅょッャュョ':
            bad.append('%s: a line starts with %r' % (f, line.strip()))
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
for name in zh ja; do
	pdf=$tmp/out/cjk/release.pdf
	[ $name = ja ] && pdf=$tmp/out/nihon/deploy-ja.pdf
	pdftotext -bbox "$pdf" "$tmp/$name.html" 2>/dev/null
	nl=$(grep -c . "$tmp/$name.txt")
	if out=$(python3 "$tmp/wrap.py" "$tmp/$name.html") && [ "$nl" -gt 10 ]; then
		ok "wrap/$name"
	else
		fail "wrap/$name" "$out"
	fi
done

# Without fallback fonts: U+FFFD and the warning, as before.
if CHKC_FALLBACK_FONTS= "$CHKC" build -C "$proj" -q -o "$tmp/none" \
    --only pdf cjk 2>"$tmp/err" &&
    grep -q '^chkc: warning: pdf: checklist cjk/release: [0-9]* characters not in the fonts, drawn as U+FFFD (the first: U+' "$tmp/err" &&
    ! pdffonts "$tmp/none/cjk/release.pdf" 2>/dev/null | grep -q WenQuanYi
then
	ok no-fallback
else
	fail no-fallback "$(cat "$tmp/err")"
fi

# A fallback font that is not one: a warning, the next one is used.
echo 'not a font' >"$tmp/bad.ttf"
if CHKC_FALLBACK_FONTS=$tmp/bad.ttf:/nonexistent.ttf:/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc \
    "$CHKC" build -C "$proj" -q -o "$tmp/bad" --only pdf cjk 2>"$tmp/err" &&
    grep -q "warning: font '$tmp/bad.ttf' is not a TrueType font" "$tmp/err" &&
    ! grep -q nonexistent "$tmp/err" &&
    pdffonts "$tmp/bad/cjk/release.pdf" 2>/dev/null | grep -q WenQuanYi; then
	ok bad-fallback
else
	fail bad-fallback "$(cat "$tmp/err")"
fi

# The public-API path: CJK text the same, emoji beyond the BMP become
# U+FFFD with the warning (libharu reads BMP character maps only).
if CHKC_PDF_PUBLIC=1 "$CHKC" build -C "$proj" -q -o "$tmp/pub" --only pdf \
    cjk 2>"$tmp/err" && grep -q 'not in the fonts.*U+1F' "$tmp/err" &&
    pdftotext -enc UTF-8 "$tmp/pub/cjk/release.pdf" "$tmp/pub.txt" \
    2>/dev/null && out=$(contains "$tmp/pub.txt" \
    '生产环境发布检查清单|代码审查已经完成|回滚方案已准备 ✅|运维工程师'); then
	ok public
else
	fail public "$(cat "$tmp/err") ${out:-}"
fi
echo end
