"""Check a built out/ tree with real tools: every PDF passes qpdf --check,
embeds every font, and its text (pdftotext) holds every task item, field
label and sign-off role of its Markdown sibling.  Prints ok/FAIL lines."""
import glob, os, re, subprocess, sys

out = sys.argv[1]


def norm(s):
    s = re.sub(r'\\(.)', r'\1', s)              # Markdown escapes
    s = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', s)  # links: their text
    s = re.sub(r'[*_`~]', '', s)
    # Without spaces: the PDF wraps lines after '/' and '-' too.
    return re.sub(r'\s+', '', s).lower()


def md_texts(md):
    """Item texts, field labels and roles, as a reader would see them."""
    texts = []
    for line in open(md, encoding='utf-8'):
        m = re.match(r'\s*- \[[ x]\] (.*)', line)
        if m:
            t = re.split(r' \*\*\(|: ______| — _|: \*\*|: \[', m.group(1))[0]
            texts.append(t)
            continue
        m = re.match(r'- ([^[].*?): (______|\[ \])', line)
        if m:
            texts.append(m.group(1))
        m = re.match(r'\| ([^|]+?) \|  \|', line)
        if m and not line.startswith('| ---'):
            texts.append(m.group(1))
    return [t for t in (norm(t) for t in texts) if t]


def pdf_text(pdf):
    txt = subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'],
                         capture_output=True, text=True).stdout
    return norm(txt.replace('\u00ad', ''))


failed = 0
pdfs = sorted(glob.glob(os.path.join(out, '*', '*.pdf')))
for pdf in pdfs:
    name = os.path.relpath(pdf, out)
    problems = []
    q = subprocess.run(['qpdf', '--check', pdf], capture_output=True, text=True)
    if q.returncode != 0:
        problems.append('qpdf --check: ' + q.stdout[-300:])
    fonts = subprocess.run(['pdffonts', pdf], capture_output=True,
                           text=True).stdout.splitlines()[2:]
    for f in fonts:
        # name type encoding emb sub uni object ID: emb is 5th from last
        if f.split()[-5] != 'yes':
            problems.append('font not embedded: ' + f)
    if not fonts:
        problems.append('no fonts')
    if not pdf.endswith('.signoff.pdf'):
        md = pdf[:-4] + '.md'
        text = pdf_text(pdf)
        missing = [t for t in md_texts(md) if t not in text]
        if missing:
            problems.append('%d texts of %s missing, e.g. %r' % (
                len(missing), os.path.basename(md), missing[:3]))
    if problems:
        failed += 1
        print('FAIL outputs/pdf/' + name)
        for p in problems:
            print('    ' + p)
    else:
        print('ok outputs/pdf/' + name)
if not pdfs:
    print('FAIL outputs/pdf (no PDF in %s)' % out)
