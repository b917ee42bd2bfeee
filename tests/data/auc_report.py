#!/usr/bin/env python3
"""Per-dimension ROC AUC of `defuse score --jsonl` on the dev set, and the worst-ranked replies.

Usage: DEFUSE_BIN=target/release/defuse python3 tests/data/auc_report.py [DIMENSION] [N] [-v]
  N: show the N positives scoring lowest and N negatives scoring highest; -v adds evidence;
  -h: score histogram per label; -s LO:HI: every reply of DIMENSION scoring LO..HI.
"""
import json, subprocess, sys
DIMS = ["listening", "empathy", "apology", "ownership"]
import os
BIN = os.environ.get("DEFUSE_BIN", "target/release/defuse")
rows = [json.loads(l) for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "labelled-replies.jsonl")) if l.strip()]
inp = "".join(json.dumps({"context": r["context"], "reply": r["reply"]}) + "\n" for r in rows)
out = subprocess.run([BIN, "score", "--jsonl"], input=inp, capture_output=True, text=True, check=True).stdout
res = [json.loads(l) for l in out.splitlines()]
def auc(pairs):
    pairs = sorted(pairs, key=lambda p: p[0])
    pos = sum(1 for _, p in pairs if p); neg = len(pairs) - pos
    rs = 0; i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]: j += 1
        mid = (i + j + 1) / 2
        rs += mid * sum(1 for _, p in pairs[i:j] if p); i = j
    return (rs - pos * (pos + 1) / 2) / (pos * neg)
sel = [d for d in DIMS if d in sys.argv[1:]] or DIMS
n = int(next((a for a in sys.argv[1:] if a.isdigit()), "0"))
verbose = "-v" in sys.argv
for d in DIMS:
    pairs = [(x["scores"][d], r[d] >= 1) for r, x in zip(rows, res)]
    clear = [(x["scores"][d], r[d] == 2) for r, x in zip(rows, res)]
    print(f"{d:10} {auc(pairs):.3f}  (2 vs <2: {auc(clear):.3f})")
for d in sel if n else []:
    idx = list(range(len(rows)))
    # positives with low scores, negatives with high scores
    pos = sorted([i for i in idx if rows[i][d] >= 1], key=lambda i: res[i]["scores"][d])
    neg = sorted([i for i in idx if rows[i][d] == 0], key=lambda i: -res[i]["scores"][d])
    negs = [res[i]["scores"][d] for i in neg]
    poss = [res[i]["scores"][d] for i in pos]
    print(f"\n== {d}: positives scoring low (of {len(pos)}); negatives mean {sum(negs)/len(negs):.1f}")
    for i in pos[:n]:
        print(f"  [{res[i]['scores'][d]:3}] L{rows[i][d]} #{i} {rows[i]['complaint']}: {rows[i]['reply']}")
        if verbose:
            for e in res[i]["evidence"]:
                if e["dimension"] == d: print(f"        {e['rule']} {e['points']}: {e['explanation']}")
    print(f"== {d}: negatives scoring high (of {len(neg)}); positives mean {sum(poss)/len(poss):.1f}")
    for i in neg[:n]:
        print(f"  [{res[i]['scores'][d]:3}] L0 #{i} {rows[i]['complaint']} ({rows[i]['note']}): {rows[i]['reply']}")
        if verbose:
            for e in res[i]["evidence"]:
                if e["dimension"] == d: print(f"        {e['rule']} {e['points']}: {e['explanation']}")
if "-h" in sys.argv:
    from collections import Counter
    for d in sel:
        for lab in (0,1,2):
            c = Counter(x["scores"][d] for r,x in zip(rows,res) if r[d]==lab)
            print(d, lab, sorted(c.items()))
if "-s" in sys.argv:
    d = sel[0]; lo, hi = [int(x) for x in sys.argv[sys.argv.index("-s")+1].split(":")]
    for lab in (0,1,2):
        for i,(r,x) in enumerate(zip(rows,res)):
            if r[d]==lab and lo <= x["scores"][d] <= hi:
                ev = "; ".join(f"{e['rule'].split('.')[-1]}{e['points']:+}:{e['explanation'][:40]}" for e in x["evidence"] if e["dimension"]==d)
                print(f"L{lab} [{x['scores'][d]}] #{i} {r['reply'][:150]}  || {ev}")
if "-what" in sys.argv:
    d = sel[0]; t = int(sys.argv[sys.argv.index("-what")+1])
    pairs = [(0 if (r[d]==0 and x["scores"][d]>=t) else x["scores"][d], r[d]>=1) for r,x in zip(rows,res)]
    print("if negatives >=",t,"were 0:", round(auc(pairs),3))
    pairs = [(x["scores"][d] + (5 if r[d]>=1 and x["scores"][d]<=10 else 0), r[d]>=1) for r,x in zip(rows,res)]
