use defuse::scoring::{Dimension, RuleScorer, ScoreContext, Scorer};
use std::io::Write;

fn auc(pairs: &[(f64, bool)]) -> f64 {
    let pos: Vec<f64> = pairs.iter().filter(|p| p.1).map(|p| p.0).collect();
    let neg: Vec<f64> = pairs.iter().filter(|p| !p.1).map(|p| p.0).collect();
    let mut s = 0.0;
    for p in &pos {
        for n in &neg {
            if p > n {
                s += 1.0
            } else if p == n {
                s += 0.5
            }
        }
    }
    s / (pos.len() * neg.len()) as f64
}

#[test]
fn dev() {
    let text = std::fs::read_to_string("tests/data/labelled-replies.jsonl").unwrap();
    let scorer = RuleScorer::new();
    let mut out = std::fs::File::create("/tmp/scr/dev.txt").unwrap();
    let mut rows = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let ctx = ScoreContext {
            customer_line: v["context"].as_str().unwrap(),
            ..Default::default()
        };
        let reply = v["reply"].as_str().unwrap();
        let a = scorer.score(reply, &ctx);
        rows.push((v.clone(), a));
    }
    for d in Dimension::ALL {
        let p1: Vec<(f64, bool)> = rows
            .iter()
            .map(|(v, a)| (a.scores.get(d) as f64, v[d.name()].as_u64().unwrap() >= 1))
            .collect();
        let p2: Vec<(f64, bool)> = rows
            .iter()
            .map(|(v, a)| (a.scores.get(d) as f64, v[d.name()].as_u64().unwrap() == 2))
            .collect();
        println!("{d}: auc>=1 {:.3}  auc==2 {:.3}", auc(&p1), auc(&p2));
        writeln!(out, "===== {d}").unwrap();
        // worst offenders: label 0 with high score, label>=1 with zero
        let mut bad: Vec<_> = rows
            .iter()
            .filter(|(v, a)| {
                let l = v[d.name()].as_u64().unwrap();
                let s = a.scores.get(d);
                (l == 0 && s > 0) || (l >= 1 && s == 0) || (l == 2 && s < 40) || (l == 1 && s >= 70)
            })
            .collect();
        bad.sort_by_key(|(v, _)| v[d.name()].as_u64().unwrap());
        for (v, a) in bad {
            writeln!(
                out,
                "L{} S{} | {} | {}",
                v[d.name()],
                a.scores.get(d),
                v["reply"].as_str().unwrap(),
                v["note"].as_str().unwrap()
            )
            .unwrap();
            for e in a.evidence.iter().filter(|e| e.dimension == d) {
                writeln!(out, "     {:+} {} {}", e.points, e.rule, e.explanation).unwrap();
            }
        }
    }
}
