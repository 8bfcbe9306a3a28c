#!/usr/bin/env python3
"""An independent BagIt 1.0 check (RFC 8493 §3) of zipped bags.

Written apart from chkc's own code, with the standard library only
(Debian ships no BagIt validator).  For each ZIP given: the zip holds one
base directory named after it, which is a valid bag:

  - bagit.txt declares "BagIt-Version: 1.0" and UTF-8 tag files;
  - manifest-sha256.txt lists every payload file (data/...) and every
    file it lists exists with that SHA-256 (the bag is complete);
  - tagmanifest-sha256.txt: every file it lists exists with that SHA-256,
    and it lists every other tag file;
  - bag-info.txt has a Payload-Oxum that matches the payload, and a
    Bagging-Date YYYY-MM-DD;
  - no entry leaves the base directory; the entries are sorted.

Prints "ZIP: ok" or each problem as "ZIP: problem"; exit status 0 when
every bag is valid, 1 otherwise.

usage: python3 tests/bagit_check.py ZIP...
"""
import hashlib
import os
import re
import sys
import zipfile


def decode(path):
    # RFC 8493 §2.1.3: only CR, LF and % are percent-encoded.
    return path.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def read_manifest(files, name, problems):
    entries = {}
    text = files[name].decode("utf-8")
    for line in text.split("\n"):
        if not line:
            continue
        m = re.fullmatch(r"([0-9a-fA-F]{64})[ \t]+(.+)", line)
        if not m:
            problems.append(f"{name}: malformed line {line!r}")
            continue
        path = decode(m.group(2))
        if path in entries:
            problems.append(f"{name}: {path} listed twice")
        entries[path] = m.group(1).lower()
    return entries


def check_manifest(files, name, problems):
    if name not in files:
        problems.append(f"no {name}")
        return {}
    entries = read_manifest(files, name, problems)
    for path, digest in entries.items():
        if path not in files:
            problems.append(f"{name}: {path} is missing")
        elif hashlib.sha256(files[path]).hexdigest() != digest:
            problems.append(f"{name}: {path} has another SHA-256")
    return entries


def bag_info(files, problems):
    info = {}
    last = None
    for line in files.get("bag-info.txt", b"").decode("utf-8").split("\n"):
        if line[:1] in (" ", "\t") and last:
            info[last] += " " + line.strip()
        elif ":" in line:
            last, value = line.split(":", 1)
            info.setdefault(last, value.strip())
        elif line:
            problems.append(f"bag-info.txt: malformed line {line!r}")
    return info


def check_bag(files, problems):
    bagit = files.get("bagit.txt", b"").decode("utf-8").splitlines()
    if "BagIt-Version: 1.0" not in bagit or \
            "Tag-File-Character-Encoding: UTF-8" not in bagit:
        problems.append("bagit.txt does not declare BagIt 1.0 in UTF-8")
    payload = {p: b for p, b in files.items() if p.startswith("data/")}
    listed = check_manifest(files, "manifest-sha256.txt", problems)
    for path in sorted(set(payload) - set(listed)):
        problems.append(f"{path} is not in manifest-sha256.txt")
    tags = check_manifest(files, "tagmanifest-sha256.txt", problems)
    for path in sorted(set(files) - set(payload) - set(tags)):
        if path != "tagmanifest-sha256.txt":
            problems.append(f"tag file {path} is not in tagmanifest-sha256.txt")
    info = bag_info(files, problems)
    oxum = f"{sum(len(b) for b in payload.values())}.{len(payload)}"
    if info.get("Payload-Oxum") != oxum:
        problems.append(f"Payload-Oxum {info.get('Payload-Oxum')}, payload is {oxum}")
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", info.get("Bagging-Date", "")):
        problems.append("no Bagging-Date YYYY-MM-DD")


def check_zip(path):
    problems = []
    base = os.path.splitext(os.path.basename(path))[0]
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if names != sorted(names):
                problems.append("zip entries are not sorted")
            files = {}
            for name in names:
                if not name.startswith(base + "/"):
                    problems.append(f"entry {name} is not under {base}/")
                    continue
                if not name.endswith("/"):
                    files[name[len(base) + 1:]] = z.read(name)
    except (zipfile.BadZipFile, OSError, RuntimeError) as e:
        return [f"not a readable zip ({e})"]
    check_bag(files, problems)
    return problems


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    bad = 0
    for path in argv[1:]:
        problems = check_zip(path)
        for p in problems:
            print(f"{path}: {p}")
        if not problems:
            print(f"{path}: ok")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
