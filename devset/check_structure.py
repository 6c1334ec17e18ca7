#!/usr/bin/env python3
"""Check the structure labels of the Parallax development set (stdlib only).

Usage: python3 devset/check_structure.py [--resolve] [devset_dir]

structure.tsv is optional; for every case folder holding one it verifies:
  * every line has a known type (entity, time, commitment, tone, engagement)
    and the right number of fields;
  * every anchor `X=text` occurs exactly once in its file, and every
    `X=text@N` has an N-th occurrence (occurrences counted at every start
    position, 1-based) and `text` occurs more than once (else drop the @N);
  * the anchor lies inside one point of the reference segmenter of check.py
    (titles and date lines are metadata and hold no labels);
  * ids, dates (ISO, start <= end, both or neither `-`), kinds, statuses,
    tone categories and engagement fields are valid;
  * no label is given twice.

With --resolve, draft anchors written as `X=left[mention]right` (the whole
`leftmentionright` must occur once in the file) are rewritten in place to
`X=mention` or `X=mention@N`.  Exit status 1 if any error.
"""
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import segment  # noqa: E402

FILES = {"A": "a.txt", "B": "b.txt", "C": "c.txt"}
ORGS = {"UN", "UNSC", "EU", "NATO", "G7", "G20", "BRICS", "SCO", "APEC", "ASEAN",
        "OPEC", "IAEA", "WTO", "CSTO", "CPTPP", "USMCA", "AUKUS", "EAEU"}
COMMITMENT_KINDS = {"visit", "meeting", "talks", "agreement", "invitation"}
STATUSES = {"proposed", "accepted", "agreed"}
TONES = {"warmth", "candour", "constructiveness", "trust", "significance"}
FORMATS = {"phone_call", "video_call", "meeting", "visit"}
ID = re.compile(r"^(?:[A-Z]{2}|Q[1-9][0-9]*|[a-z0-9]+(?:-[a-z0-9]+)*)$")
FIELDS = {"entity": 3, "time": 4, "commitment": 8, "tone": 3}
ANCHOR = re.compile(r"^([ABC])=(.+?)(?:@([1-9][0-9]*))?$", re.S)


def valid_id(x):
    return x in ORGS or bool(ID.match(x))


def occurrences(text, a):
    out, i = [], text.find(a)
    while i >= 0:
        out.append(i)
        i = text.find(a, i + 1)
    return out


def valid_date(d):
    try:
        datetime.date.fromisoformat(d)
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) is not None
    except ValueError:
        return False


def resolve(ref, texts):
    """`X=left[mention]right` -> `X=mention[@N]`, or None if not a draft."""
    m = re.match(r"^([ABC])=(.*)\[(.+?)\](.*)$", ref, re.S)
    if not m:
        return None
    s, left, mention, right = m.groups()
    text = texts.get(s)
    if text is None:
        raise ValueError(f"unknown source in {ref!r}")
    ctx = occurrences(text, left + mention + right)
    if len(ctx) != 1:
        raise ValueError(f"context of {ref!r} occurs {len(ctx)} times")
    at = ctx[0] + len(left)
    occ = occurrences(text, mention)
    if len(occ) == 1:
        return f"{s}={mention}"
    return f"{s}={mention}@{occ.index(at) + 1}"


def check_case(case_dir, fix):
    name = os.path.basename(case_dir.rstrip("/"))
    errors = []
    texts = {}
    for s, f in FILES.items():
        p = os.path.join(case_dir, f)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as fh:
                texts[s] = fh.read()
    points = {s: segment(t) for s, t in texts.items()}
    path = os.path.join(case_dir, "structure.tsv")
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if fix:
        changed = False
        for i, line in enumerate(lines):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) > 1 and parts[0] != "engagement":
                try:
                    r = resolve(parts[1], texts)
                except ValueError as e:
                    errors.append(f"{name}:{i + 1}: {e}")
                    continue
                if r:
                    parts[1] = r
                    lines[i] = "\t".join(parts)
                    changed = True
        if changed:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines))
    counts = {k: 0 for k in ("entity", "time", "commitment", "tone", "engagement")}
    seen = set()
    engagement = {}
    for ln, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        kind = parts[0]
        at = f"{name}:{ln}"
        if line in seen:
            errors.append(f"{at}: repeated line")
        seen.add(line)
        if kind == "engagement":
            counts[kind] += 1
            field = parts[1] if len(parts) > 1 else ""
            vals = parts[2:]
            if field == "date":
                if len(vals) != 1 or not valid_date(vals[0]):
                    errors.append(f"{at}: bad date {vals}")
            elif field == "format":
                if len(vals) != 1 or vals[0] not in FORMATS:
                    errors.append(f"{at}: bad format {vals}")
            elif field == "duration":
                if len(vals) != 1 or not vals[0].isdigit():
                    errors.append(f"{at}: bad duration {vals}")
            elif field == "initiator":
                if len(vals) != 2 or vals[0] not in texts or not valid_id(vals[1]):
                    errors.append(f"{at}: bad initiator {vals}")
                field = f"initiator {vals[0] if vals else ''}"
            elif field == "participants":
                if len(vals) != 1 or not vals[0].split() \
                        or not all(valid_id(x) for x in vals[0].split()):
                    errors.append(f"{at}: bad participants {vals}")
            else:
                errors.append(f"{at}: unknown engagement field {field!r}")
            if field == "duration":
                field = f"duration {vals}"  # sources may disagree: one line each
            if field in engagement:
                errors.append(f"{at}: engagement {field} given twice")
            engagement[field] = vals
            continue
        if kind not in FIELDS:
            errors.append(f"{at}: unknown type {kind!r}")
            continue
        if len(parts) != FIELDS[kind]:
            errors.append(f"{at}: {kind} needs {FIELDS[kind]} fields, has {len(parts)}")
            continue
        counts[kind] += 1
        m = ANCHOR.match(parts[1])
        if not m or "[" in parts[1]:
            errors.append(f"{at}: bad anchor {parts[1]!r}")
            continue
        s, a, n = m.group(1), m.group(2), m.group(3)
        if s not in texts:
            errors.append(f"{at}: no file for source {s}")
            continue
        occ = occurrences(texts[s], a)
        if n is None:
            if len(occ) != 1:
                errors.append(f"{at}: anchor {s}={a!r} occurs {len(occ)} times (use @N)")
                continue
            start = occ[0]
        else:
            n = int(n)
            if len(occ) < 2 or n > len(occ):
                errors.append(f"{at}: anchor {s}={a!r}@{n}: {len(occ)} occurrence(s)")
                continue
            start = occ[n - 1]
        end = start + len(a)
        if not any(ps <= start and end <= pe for ps, pe in points[s]):
            errors.append(f"{at}: anchor {s}={a!r} not inside one point")
        if kind == "entity":
            if not valid_id(parts[2]):
                errors.append(f"{at}: bad id {parts[2]!r}")
        elif kind == "time":
            st, en = parts[2], parts[3]
            if (st == "-") != (en == "-"):
                errors.append(f"{at}: start and end must both be dates or both '-'")
            elif st != "-":
                if not valid_date(st) or not valid_date(en):
                    errors.append(f"{at}: bad dates {st} {en}")
                elif st > en:
                    errors.append(f"{at}: start after end")
        elif kind == "commitment":
            ck, actor, target, status, st, en = parts[2:]
            if ck not in COMMITMENT_KINDS:
                errors.append(f"{at}: bad commitment kind {ck!r}")
            if status not in STATUSES:
                errors.append(f"{at}: bad status {status!r}")
            for x in (actor, target):
                if x != "-" and not valid_id(x):
                    errors.append(f"{at}: bad actor/target {x!r}")
            for d in (st, en):
                if d != "-" and not valid_date(d):
                    errors.append(f"{at}: bad window date {d!r}")
            if st != "-" and en != "-" and st > en:
                errors.append(f"{at}: window start after end")
        elif kind == "tone":
            if parts[2] not in TONES:
                errors.append(f"{at}: bad tone category {parts[2]!r}")
    for field in ("date", "participants"):
        if field not in engagement:
            errors.append(f"{name}: engagement {field} missing")
    return errors, (name, counts)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    fix = "--resolve" in sys.argv
    root = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "gold.tsv")))
    all_errors = []
    total = {}
    print(f"{'case':<22} entity time commitment tone engagement")
    for c in cases:
        if not os.path.isfile(os.path.join(root, c, "structure.tsv")):
            print(f"{c:<22} (no structure.tsv)")  # optional
            continue
        errs, (name, counts) = check_case(os.path.join(root, c), fix)
        all_errors.extend(errs)
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
        print(f"{name:<22} {counts['entity']:>6} {counts['time']:>4} "
              f"{counts['commitment']:>10} {counts['tone']:>4} {counts['engagement']:>10}")
    print("total: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    for e in all_errors:
        print("ERROR", e)
    if all_errors:
        print(f"{len(all_errors)} error(s)")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
