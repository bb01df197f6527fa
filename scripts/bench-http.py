#!/usr/bin/env python3
"""Warm HTTP search latency: wlb-search's API side by side with Groonga's HTTP server.

Starts `wlb-search serve` on an index and `groonga -s --protocol http` on a database loaded
with the same passages (TokenMecab on IPADIC, NormalizerNFKC150, item weighted 2), then sends
the same query mix to both with one client over keep-alive connections, alternating between
the engines request by request so that both see the same load. Groonga answers `select` with
`snippet_html(text)` and a drilldown on the ministry column (what the search page shows: hits,
snippets, counts per ministry); wlb-search answers `/api/search` (hits with snippets and
highlights, counts per ministry and per section, related passages).

Both keep answers by default: Groonga's query cache (`cache_limit`, 100 answers) and
wlb-search's (`serve --cache-mb`, 32 MB), so from the second round on each answers the mix
from memory. `--no-cache` turns both off (`cache_limit --max 0`, `--cache-mb 0`): every
request is searched again, which is what a user's new query costs.

Prints p50 and p99 per engine and per query kind, and the ratio of the p50s; `--json FILE`
writes them with each server's peak resident memory. Absolute times are noisy on a shared machine: compare the ratio.

Usage: scripts/bench-http.py [--bin PATH] [--index DIR] [--rounds N] [--no-groonga] [--no-cache]
                             [--json FILE]
(default: target/release/wlb-search, the bundled report in a temporary index, 300 rounds).
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

# (kind, wlb-search query string, Groonga select parameters)
MIX = [
    ("word", {"q": "テレワーク"}, {"query": "テレワーク"}),
    ("word", {"q": "ハラスメント"}, {"query": "ハラスメント"}),
    ("compound", {"q": "マネジメント研修"}, {"query": "マネジメント研修"}),
    ("compound", {"q": "男性 育児"}, {"query": "男性 育児"}),
    ("sentence", {"q": "テレワーク中の通話料の負担"}, {"query": "テレワーク中の通話料の負担"}),
    ("filtered", {"q": "1on1", "ministry": "デジタル庁"},
     {"query": "1on1", "filter": 'ministry == "デジタル庁"'}),
    ("filtered", {"q": "研修", "ministry": "警察庁"},
     {"query": "研修", "filter": 'ministry == "警察庁"'}),
    ("browse", {"ministry": "財務省"}, {"filter": 'ministry == "財務省"', "sort_keys": "_id"}),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, proc, what):
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"{what} exited early ({proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"{what} did not start listening on {port}")


def passages(binary, index):
    out = subprocess.run(
        [binary, "search", "--all", "--collapse", "none", "--format", "json", "--index", index],
        check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    return [r for r in rows if r.get("type") == "hit"]


def load_groonga(db, rows):
    with open(os.path.join(os.path.dirname(db), "load.grn"), "w") as f:
        f.write("table_create Passages TABLE_HASH_KEY ShortText\n")
        for col in ("item", "text"):
            f.write(f"column_create Passages {col} COLUMN_SCALAR Text\n")
        f.write("column_create Passages ministry COLUMN_SCALAR ShortText\n")
        f.write("table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenMecab "
                "--normalizer NormalizerNFKC150\n")
        f.write("column_create Terms index COLUMN_INDEX|WITH_POSITION|WITH_SECTION "
                "Passages item,text\n")
        f.write("load --table Passages\n[\n")
        for i, r in enumerate(rows):
            rec = {"_key": r["id"], "item": r["item"], "text": r["text"], "ministry": r["ministry"]}
            f.write(("," if i else "") + json.dumps(rec, ensure_ascii=False) + "\n")
        f.write("]\n")
        path = f.name
    with open(path) as f:
        subprocess.run(["groonga", "-n", db], stdin=f, check=True, stdout=subprocess.DEVNULL)


def groonga_path(params):
    p = {
        "table": "Passages",
        "output_columns": "_key,_score,item,snippet_html(text)",
        "limit": "10",
        "drilldown": "ministry",
        "drilldown_sort_keys": "-_nsubrecs",
    }
    if "query" in params:
        p.update({"match_columns": "item*2||text", "sort_keys": "-_score"})
    p.update(params)
    return "/d/select?" + urllib.parse.urlencode(p)


def get(conn, path):
    t = time.perf_counter()
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    resp = conn.getresponse()
    body = resp.read()
    elapsed = time.perf_counter() - t
    if resp.status != 200:
        sys.exit(f"GET {path}: {resp.status} {body[:200]!r}")
    return elapsed, body


def peak_rss_kb(proc):
    """The largest resident set the process has had (VmHWM), in KB."""
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def pct(times, q):
    s = sorted(times)
    return s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))] * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/wlb-search")
    ap.add_argument("--index")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--no-groonga", action="store_true")
    ap.add_argument("--no-cache", action="store_true",
                    help="both engines search every request (no answers kept)")
    ap.add_argument("--json")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-http-")
    procs = []
    try:
        index = args.index
        if not index:
            index = os.path.join(tmp, "index")
            subprocess.run([args.bin, "build", "--index", index], check=True,
                           stderr=subprocess.DEVNULL)
        engines = {}
        port = free_port()
        cache_mb = "0" if args.no_cache else "32"
        wlb = subprocess.Popen([args.bin, "serve", "--port", str(port), "--index", index,
                                "--cache-mb", cache_mb],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(wlb)
        wait_for(port, wlb, "wlb-search serve")
        engines["wlb-search"] = (port, lambda q: "/api/search?" + urllib.parse.urlencode(q[1]))
        if not args.no_groonga:
            db = os.path.join(tmp, "groonga", "db")
            os.makedirs(os.path.dirname(db))
            load_groonga(db, passages(args.bin, index))
            gport = free_port()
            env = dict(os.environ)
            mecabrc = os.path.join(tmp, "mecabrc")
            with open(mecabrc, "w") as f:
                f.write("dicdir = /var/lib/mecab/dic/ipadic-utf8\n")
            env["MECABRC"] = mecabrc
            g = subprocess.Popen(["groonga", "-s", "--protocol", "http", "--port", str(gport),
                                  db], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            procs.append(g)
            wait_for(gport, g, "groonga")
            engines["groonga"] = (gport, lambda q: groonga_path(q[2]))
        conns = {name: http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                 for name, (port, _) in engines.items()}
        if "groonga" in conns:
            _, body = get(conns["groonga"], "/d/cache_limit?max=" + ("0" if args.no_cache
                                                                      else "100"))
            if json.loads(body)[0][0] != 0:
                sys.exit(f"groonga cache_limit: {body[:200]!r}")
        times = {name: {} for name in engines}
        for round_ in range(args.rounds + 20):  # the first 20 rounds warm up
            for q in MIX:
                for name, (_, path) in engines.items():
                    elapsed, body = get(conns[name], path(q))
                    if round_ == 0:  # a real answer, not an error
                        answer = json.loads(body)
                        if name == "groonga" and answer[0][0] != 0:
                            sys.exit(f"groonga: {answer[0]}")
                    if round_ >= 20:
                        times[name].setdefault(q[0], []).append(elapsed)
        result = {"rss_kb": {name: peak_rss_kb(p) for name, p in zip(engines, procs)}}
        for name, kinds in times.items():
            every = [t for ts in kinds.values() for t in ts]
            result[name] = {"all": {"p50": pct(every, .5), "p99": pct(every, .99), "n": len(every)}}
            for kind, ts in kinds.items():
                result[name][kind] = {"p50": pct(ts, .5), "p99": pct(ts, .99), "n": len(ts)}
        for name in engines:
            kinds = result[name]
            print(f"{name:11s} " + "  ".join(
                f"{k} {v['p50']:.2f}/{v['p99']:.2f}" for k, v in kinds.items()) + "  (p50/p99 ms)")
        if "groonga" in result:
            ratio = result["wlb-search"]["all"]["p50"] / result["groonga"]["all"]["p50"]
            result["ratio_p50"] = ratio
            kept = "no answers kept" if args.no_cache else "answers kept by both"
            print(f"warm p50, wlb-search / groonga: {ratio:.2f}x the time "
                  f"({len(MIX)} queries x {args.rounds} rounds, one client, {kept})")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(result, f, indent=1)
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
