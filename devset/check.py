#!/usr/bin/env python3
"""Check the Parallax development set (stdlib only).

Usage: python3 devset/check.py [devset_dir]

For every case folder (a folder holding gold.tsv) it verifies:
  * the `# langs:` comment names one language per source file (a.txt, b.txt, c.txt);
  * every group line has a valid kind and topic and well-formed refs;
  * `only` groups have exactly one ref; linked groups have >= 2 refs from
    >= 2 different sources;
  * every anchor is 5-40 characters, has no tab, and occurs exactly once in its file;
  * no ref (source + anchor) is repeated;
  * coverage: the file is split into points with a reference segmenter
    (one bullet = one point; paragraphs split into sentences; lines without
    final punctuation such as titles, dates and "Key points:" are metadata)
    and every point must contain exactly one anchor, and no anchor may straddle
    two points.

and, in differences.tsv (required in every case):
  * every line has a known kind and a weight `key` or `minor`;
  * every anchor is 5-40 characters, occurs exactly once in its file and lies
    inside one point;
  * point-level kinds (number, time, scope, actor, modality, negation,
    evaluation) have refs from >= 2 sources, all in points of one linked
    gold group; `only` has one ref, in a gold `only` point; engagement-level
    kinds (initiator, format, duration, length, naming, emphasis) may have
    refs anywhere in the points;
  * every gold `differs` group carries a substantive line (number, time,
    actor, modality, negation; or an initiator/duration line on its points),
    every substantive point-level line lies in a `differs` group, and `same`
    groups carry no point-level line other than `evaluation`;
  * no line is given twice and every case has at least 3 `key` lines.

The segmenter here is only a consistency aid for the gold file: the gold
defines the points through its anchors.  Exit status 1 if any error.
"""
import os
import re
import sys

KINDS = {"same", "partial", "differs", "only"}
TOPICS = {"relations", "economy", "security", "global_order", "regional",
          "engagements", "atmosphere", "people", "other"}
SOURCES = ["A", "B", "C"]
# differences.tsv
POINT_DIFFS = {"number", "time", "scope", "actor", "modality", "negation", "evaluation"}
SUBSTANTIVE = {"number", "time", "actor", "modality", "negation"}
ENGAGEMENT_DIFFS = {"initiator", "format", "duration", "length", "naming", "emphasis"}
DIFF_KINDS = POINT_DIFFS | ENGAGEMENT_DIFFS | {"only"}
WEIGHTS = {"key", "minor"}
MIN_KEY = 3
FILES = {"A": "a.txt", "B": "b.txt", "C": "c.txt"}

BULLET = re.compile(r"^\s*(?:[-•–*]\s+|\d{1,2}[.)]\s+|[（(][一二三四五六七八九十\d]+[）)]\s*)")
# Words after which a period does not end a sentence.
ABBREV = {
    # en
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "lt", "col", "sen", "rep",
    "gov", "prof", "jr", "sr", "vs", "u.s", "u.k", "e.g", "i.e", "jan", "feb",
    "mar", "apr", "aug", "sept", "oct", "nov", "dec", "approx",
    # fr
    "m", "mm", "mme", "mmes", "cf", "p", "art", "env",
    # es
    "sra", "srta", "d", "dña", "ee.uu", "uu", "ud", "excmo", "excma",
    # ru
    "г", "гг", "т.е", "т.д", "т.п", "им", "др", "см", "ул", "млрд", "млн", "тыс",
    "руб", "долл", "н.э", "т.к",
}
# A German ordinal day before a month ("am 27. Mai") does not end a sentence.
GERMAN_MONTHS = {"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli",
                 "august", "september", "oktober", "november", "dezember"}
CJK_END = "。！？"
CLOSERS = "»”’\"')）」』"


def is_abbrev(text, i):
    """text[i] == '.'; True if this period belongs to an abbreviation/initial."""
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "«(\"“":
        j -= 1
    word = text[j:i].lower()
    if not word:
        return False
    if word in ("г", "гг"):
        # "в 2025 г. Отмечена ..." ends a sentence; "в г. Москве" does not
        prev = text[:j].rstrip()
        return not re.search(r"\d{4}$", prev)
    if word in ABBREV:
        return True
    if word.isdigit() and len(word) <= 2:
        m = re.match(r"\s+(\w+)", text[i + 1:])
        return bool(m) and m.group(1).lower() in GERMAN_MONTHS
    # single letter (initial): "В.", "J."; dotted initials "В.В", "U.S"
    if re.fullmatch(r"(?:\w\.)*\w", word) and len(word.replace(".", "")) <= 3 \
            and all(len(p) == 1 for p in word.split(".")):
        return True
    return False


def split_sentences(line, base):
    """Yield (start, end) character spans of sentences in a paragraph line."""
    spans = []
    start = 0
    n = len(line)
    i = 0
    while i < n:
        ch = line[i]
        end = None
        if ch in CJK_END:
            end = i + 1
            while end < n and line[end] in CLOSERS:
                end += 1
        elif ch in ".!?":
            k = i + 1
            while k < n and line[k] in ".!?":
                k += 1
            while k < n and line[k] in CLOSERS:
                k += 1
            if k >= n:
                end = k
            elif line[k].isspace():
                m = k
                while m < n and line[m].isspace():
                    m += 1
                nxt = line[m] if m < n else ""
                if ch == "." and is_abbrev(line, i):
                    end = None
                elif nxt and (nxt.isupper() or nxt.isdigit() or nxt in "«\"“(—–-¿¡"
                              or "\u4e00" <= nxt <= "\u9fff"):
                    end = k
        if end is not None:
            seg = line[start:end]
            if seg.strip():
                s = start + (len(seg) - len(seg.lstrip()))
                spans.append((base + s, base + end))
            start = end
            i = end
            continue
        i += 1
    seg = line[start:]
    if seg.strip():
        s = start + (len(seg) - len(seg.lstrip()))
        e = start + len(seg.rstrip())
        spans.append((base + s, base + e))
    return spans


def segment(text):
    """Return list of (start, end) character spans of content points."""
    points = []
    pos = 0
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        base = pos
        pos += len(raw) + 1
        stripped = line.strip()
        if not stripped:
            continue
        m = BULLET.match(line)
        if m and re.match(r"\s*\d", line):
            # "27. Mai 2026" is a German date line, not a numbered item
            w = re.match(r"\w+", line[m.end():])
            if w and w.group(0).lower() in GERMAN_MONTHS:
                m = None
        if m:
            s = base + m.end()
            points.append((s, base + len(line.rstrip())))
            continue
        # A paragraph line: split into sentences.  A segment without final
        # punctuation (a title, a date, a "Key points:" label, possibly after
        # a sentence on the same line) is metadata.
        for (s, e) in split_sentences(line, base):
            seg = text[s:e].rstrip().rstrip(CLOSERS)
            if seg and seg[-1] in ".!?" + CJK_END:
                points.append((s, e))
    return points


def check_case(case_dir):
    errors = []
    gold = os.path.join(case_dir, "gold.tsv")
    name = os.path.basename(case_dir.rstrip("/"))
    with open(gold, encoding="utf-8") as f:
        lines = f.read().split("\n")
    langs = None
    groups = []
    for ln, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*langs:\s*(.+)$", line)
            if m and langs is None:
                langs = m.group(1).split()
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            errors.append(f"{name}:{ln}: fewer than 3 fields")
            continue
        groups.append((ln, parts[0], parts[1], parts[2:]))
    if langs is None:
        errors.append(f"{name}: missing '# langs:' comment")
        return errors, None
    srcs = SOURCES[:len(langs)]
    texts = {}
    for s in srcs:
        p = os.path.join(case_dir, FILES[s])
        if not os.path.exists(p):
            errors.append(f"{name}: missing {FILES[s]}")
            continue
        with open(p, encoding="utf-8") as f:
            texts[s] = f.read()
    for s in SOURCES[len(langs):]:
        if os.path.exists(os.path.join(case_dir, FILES[s])):
            errors.append(f"{name}: {FILES[s]} present but not in langs")
    seen = set()
    anchors = {s: [] for s in srcs}  # (start, end, line)
    counts = {"same": 0, "partial": 0, "differs": 0, "only": 0}
    for ln, kind, topic, refs in groups:
        if kind not in KINDS:
            errors.append(f"{name}:{ln}: bad kind {kind!r}")
        else:
            counts[kind] += 1
        if topic not in TOPICS:
            errors.append(f"{name}:{ln}: bad topic {topic!r}")
        used = set()
        for ref in refs:
            m = re.match(r"^([ABC])=(.*)$", ref, re.S)
            if not m:
                errors.append(f"{name}:{ln}: bad ref {ref!r}")
                continue
            s, a = m.group(1), m.group(2)
            if s not in texts:
                errors.append(f"{name}:{ln}: ref to unknown source {s}")
                continue
            used.add(s)
            if not (5 <= len(a) <= 40):
                errors.append(f"{name}:{ln}: anchor length {len(a)} not in 5..40: {a!r}")
            if (s, a) in seen:
                errors.append(f"{name}:{ln}: repeated ref {s}={a!r}")
            seen.add((s, a))
            c = texts[s].count(a)
            if c != 1:
                errors.append(f"{name}:{ln}: anchor {s}={a!r} occurs {c} times")
                continue
            i = texts[s].index(a)
            anchors[s].append((i, i + len(a), ln, a))
        if kind == "only" and len(refs) != 1:
            errors.append(f"{name}:{ln}: 'only' must have exactly one ref")
        if kind != "only" and (len(refs) < 2 or len(used) < 2):
            errors.append(f"{name}:{ln}: linked group needs >=2 refs from >=2 sources")
    npoints = {}
    for s in srcs:
        if s not in texts:
            continue
        pts = segment(texts[s])
        npoints[s] = len(pts)
        for (ps, pe) in pts:
            inside = [a for a in anchors[s] if ps <= a[0] and a[1] <= pe]
            if len(inside) != 1:
                snippet = texts[s][ps:pe][:70].replace("\n", " ")
                errors.append(f"{name}: {s} point has {len(inside)} anchors: {snippet!r}"
                              + (f" {[x[3] for x in inside]}" if inside else ""))
        for (as_, ae, ln, a) in anchors[s]:
            if not any(ps <= as_ and ae <= pe for ps, pe in pts):
                errors.append(f"{name}:{ln}: anchor {s}={a!r} not inside one point")
    # (source, point index) -> (gold line, kind) of the group holding it
    point_of = {}
    pts_of = {}
    for s in srcs:
        if s not in texts:
            continue
        pts_of[s] = segment(texts[s])
        for (as_, ae, ln, a) in anchors[s]:
            for k, (ps, pe) in enumerate(pts_of[s]):
                if ps <= as_ and ae <= pe:
                    point_of[(s, k)] = ln
    group_kind = {ln: kind for ln, kind, _, _ in groups}
    derr, dstats = check_differences(case_dir, name, texts, pts_of, point_of, group_kind)
    errors.extend(derr)
    linked = counts["same"] + counts["partial"] + counts["differs"]
    stats = (name, " ".join(langs), npoints, linked, counts, dstats)
    return errors, stats


def check_differences(case_dir, name, texts, pts_of, point_of, group_kind):
    """Validate <case>/differences.tsv; return (errors, (n lines, n key))."""
    errors = []
    path = os.path.join(case_dir, "differences.tsv")
    if not os.path.exists(path):
        return [f"{name}: missing differences.tsv"], None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    where = f"{name}/differences.tsv"
    n = nkey = 0
    seen = set()
    per_kind = {}
    substantive_groups = set()
    for ln, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            errors.append(f"{where}:{ln}: fewer than 2 fields")
            continue
        kind, weight, refs = parts[0], parts[1], parts[2:]
        if kind not in DIFF_KINDS:
            errors.append(f"{where}:{ln}: bad kind {kind!r}")
            continue
        if weight not in WEIGHTS:
            errors.append(f"{where}:{ln}: bad weight {weight!r}")
        n += 1
        nkey += weight == "key"
        per_kind[kind] = per_kind.get(kind, 0) + 1
        points = []  # (source, point index)
        bad = False
        for ref in refs:
            m = re.match(r"^([ABC])=(.*)$", ref, re.S)
            if not m:
                errors.append(f"{where}:{ln}: bad ref {ref!r}")
                bad = True
                continue
            s, a = m.group(1), m.group(2)
            if s not in texts:
                errors.append(f"{where}:{ln}: ref to unknown source {s}")
                bad = True
                continue
            if not (5 <= len(a) <= 40):
                errors.append(f"{where}:{ln}: anchor length {len(a)} not in 5..40: {a!r}")
            c = texts[s].count(a)
            if c != 1:
                errors.append(f"{where}:{ln}: anchor {s}={a!r} occurs {c} times")
                bad = True
                continue
            i = texts[s].index(a)
            hit = [k for k, (ps, pe) in enumerate(pts_of[s]) if ps <= i and i + len(a) <= pe]
            if not hit:
                errors.append(f"{where}:{ln}: anchor {s}={a!r} not inside one point")
                bad = True
                continue
            points.append((s, hit[0]))
        key = (kind, tuple(sorted(refs)))
        if key in seen:
            errors.append(f"{where}:{ln}: line given twice")
        seen.add(key)
        if bad:
            continue
        if len(set(points)) != len(points):
            errors.append(f"{where}:{ln}: two refs in one point")
        grps = {point_of.get(p) for p in points}
        if kind == "only":
            if len(points) != 1:
                errors.append(f"{where}:{ln}: 'only' must have exactly one ref")
            elif group_kind.get(point_of.get(points[0])) != "only":
                errors.append(f"{where}:{ln}: 'only' ref is not a gold 'only' point")
        elif kind in POINT_DIFFS:
            if len({p[0] for p in points}) < 2:
                errors.append(f"{where}:{ln}: {kind} needs refs from >= 2 sources")
            elif len(grps) != 1 or group_kind.get(next(iter(grps))) not in (
                    "same", "partial", "differs"):
                errors.append(f"{where}:{ln}: {kind} refs are not points of one linked gold group")
            else:
                g = next(iter(grps))
                gk = group_kind[g]
                if kind in SUBSTANTIVE:
                    substantive_groups.add(g)
                    if gk != "differs":
                        errors.append(f"{where}:{ln}: {kind} line in a gold '{gk}' group "
                                      f"(gold.tsv:{g}); substantive differences are 'differs'")
                elif gk == "same" and kind != "evaluation":
                    errors.append(f"{where}:{ln}: {kind} line in a gold 'same' group (gold.tsv:{g})")
        else:  # engagement-level
            if kind in ("initiator", "duration") and len(grps) == 1 and points:
                g = next(iter(grps))
                if group_kind.get(g) == "differs" and len({p[0] for p in points}) >= 2:
                    substantive_groups.add(g)
    for g, gk in group_kind.items():
        if gk == "differs" and g not in substantive_groups:
            errors.append(f"{where}: gold 'differs' group gold.tsv:{g} has no substantive "
                          f"difference line")
    if nkey < MIN_KEY:
        errors.append(f"{where}: {nkey} key line(s), at least {MIN_KEY} needed")
    return errors, (n, nkey, per_kind)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "gold.tsv")))
    all_errors = []
    tot = {"same": 0, "partial": 0, "differs": 0, "only": 0}
    tot_points = 0
    tot_diffs = tot_key = 0
    tot_kinds = {}
    print(f"{'case':<22} {'langs':<9} {'points':<16} links  same partial differs only"
          f"  diffs key")
    for c in cases:
        errs, st = check_case(os.path.join(root, c))
        all_errors.extend(errs)
        if st:
            name, langs, npts, linked, counts, dst = st
            pts = "/".join(str(npts.get(s, "?")) for s in SOURCES[:len(langs.split())])
            tot_points += sum(npts.values())
            for k in tot:
                tot[k] += counts[k]
            nd, nk = (dst[0], dst[1]) if dst else ("-", "-")
            if dst:
                tot_diffs += dst[0]
                tot_key += dst[1]
                for k, v in dst[2].items():
                    tot_kinds[k] = tot_kinds.get(k, 0) + v
            print(f"{name:<22} {langs:<9} {pts:<16} {linked:>5} {counts['same']:>5} "
                  f"{counts['partial']:>7} {counts['differs']:>7} {counts['only']:>4}"
                  f"  {nd:>5} {nk:>3}")
    print(f"{len(cases)} cases, {tot_points} points; groups: same {tot['same']}, "
          f"partial {tot['partial']}, differs {tot['differs']}, only {tot['only']}")
    order = ["number", "time", "scope", "actor", "modality", "negation", "evaluation",
             "initiator", "format", "duration", "length", "naming", "emphasis", "only"]
    print(f"differences: {tot_diffs} lines, {tot_key} key; "
          + ", ".join(f"{k} {tot_kinds[k]}" for k in order if k in tot_kinds))
    for e in all_errors:
        print("ERROR", e)
    if all_errors:
        print(f"{len(all_errors)} error(s)")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
