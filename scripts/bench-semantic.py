#!/usr/bin/env python3
"""Semantic search latency: what a sentence query costs when its meaning is looked up.

Starts `wlb-search serve --cache-mb 0` (no answers kept) on an index built with the model, then
sends the 36 sentence and paraphrase queries of tests/relevance/judgments.json over loopback,
one client, one request at a time, three times: the first time each (the query is embedded:
the cost a user's new sentence pays), again (the query's vector remembered), and with
`semantic=off` (words only). Prints p50, p90 and max per pass and the server's resident memory
at the end. `--bin` takes several binaries, run one after the other, twice over in alternation,
so that a change can be compared side by side on a noisy machine.

Usage: scripts/bench-semantic.py [--bin PATH ...] [--index DIR]
(default: target/release/wlb-search and the bundled report built into a temporary index; the
model must be set up, see scripts/setup.sh).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def queries():
    with open(os.path.join(ROOT, "tests/relevance/judgments.json"), encoding="utf-8") as f:
        judged = json.load(f)["queries"]
    return [q["query"] for q in judged if q["kind"] in ("sentence", "paraphrase")]


def summary(times):
    times = sorted(times)
    p90 = times[max(0, round(0.9 * len(times)) - 1)]
    return f"p50 {statistics.median(times):5.1f}  p90 {p90:5.1f}  max {times[-1]:5.1f} ms"


def run(binary, index, qs):
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--cache-mb", "0", "--index", index],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        while url is None:
            line = server.stdout.readline()
            if not line:
                sys.exit(f"{binary} serve stopped before it listened")
            found = re.search(r"http://[0-9.:]+", line)
            url = found.group(0) if found else None

        def get(q, semantic):
            params = urllib.parse.urlencode({"q": q, "semantic": semantic})
            start = time.perf_counter()
            with urllib.request.urlopen(f"{url}/api/search?{params}") as answer:
                answer.read()
            return (time.perf_counter() - start) * 1000

        get("テレワーク", "on")  # the index opened; a one-word query does not load the model
        first = [get(q, "on") for q in qs]
        again = [get(q, "on") for q in qs]
        off = [get(q, "off") for q in qs]
        with open(f"/proc/{server.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) // 1024
    finally:
        server.terminate()
        server.wait()
    print(f"{binary}")
    print(f"  first time (query embedded)  {summary(first)}")
    print(f"  again (vector remembered)    {summary(again)}")
    print(f"  semantic=off                 {summary(off)}")
    print(f"  serve RSS {rss} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", nargs="+", default=[os.path.join(ROOT, "target/release/wlb-search")])
    ap.add_argument("--index")
    args = ap.parse_args()
    qs = queries()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            index = os.path.join(tmp, "index")
            subprocess.run([args.bin[0], "build", "--index", index], check=True,
                           stdout=subprocess.DEVNULL)
        print(f"{len(qs)} sentence and paraphrase queries, one client, answers not kept")
        rounds = 2 if len(args.bin) > 1 else 1
        for _ in range(rounds):
            for binary in args.bin:
                run(binary, index, qs)


if __name__ == "__main__":
    main()
