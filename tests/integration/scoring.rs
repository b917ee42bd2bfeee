//! The rule scorer against the labelled development set, the JSON-lines stream, the extra
//! lexicon file, and any input at all.

use std::io::Cursor;

use defuse::scenario::model::LexiconExtension;
use defuse::scoring::{
    Dimension, HarmKind, LexiconError, RuleScorer, ScoreContext, Scorer, StatedFact, render,
    score_jsonl,
};
use proptest::prelude::*;

const DEV_SET: &str = "tests/data/labelled-replies.jsonl";

/// Area under the ROC curve: the chance a positive outscores a negative (ties count half).
fn auc(scored: &[(u8, bool)]) -> f64 {
    // Rank-sum form: linear after sorting, exact with ties.
    let mut sorted: Vec<(u8, bool)> = scored.to_vec();
    sorted.sort_by_key(|(score, _)| *score);
    let positives = sorted.iter().filter(|(_, p)| *p).count() as f64;
    let negatives = sorted.len() as f64 - positives;
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let mid_rank = (i + j + 1) as f64 / 2.0;
        rank_sum += mid_rank * sorted[i..j].iter().filter(|(_, p)| *p).count() as f64;
        i = j;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

#[test]
fn auc_counts_ties_as_half() {
    assert_eq!(auc(&[(1, false), (2, true)]), 1.0);
    assert_eq!(auc(&[(2, false), (1, true)]), 0.0);
    assert_eq!(auc(&[(1, false), (1, true)]), 0.5);
}

/// ROC AUC per dimension on the labelled replies; the bar is 0.95 for "shown at all"
/// (label ≥ 1 against 0). "Clear and specific" (label 2 against < 2) is reported alongside.
#[test]
fn dev_set_auc_per_dimension() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DEV_SET);
    let text = std::fs::read_to_string(&path).expect("the labelled dev set is in tests/data");
    let scorer = RuleScorer::new();
    let mut rows = Vec::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let row: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", number + 1));
        let context = ScoreContext {
            customer_line: row["context"].as_str().unwrap_or(""),
            ..ScoreContext::default()
        };
        let assessment = scorer.score(row["reply"].as_str().unwrap_or(""), &context);
        rows.push((row, assessment));
    }
    assert!(rows.len() >= 250, "the dev set has {} replies", rows.len());
    let mut failures = Vec::new();
    for dimension in Dimension::ALL {
        let label = |row: &serde_json::Value| row[dimension.name()].as_u64().unwrap_or(0);
        let shown: Vec<(u8, bool)> = rows
            .iter()
            .map(|(row, a)| (a.scores.get(dimension), label(row) >= 1))
            .collect();
        let clear: Vec<(u8, bool)> = rows
            .iter()
            .map(|(row, a)| (a.scores.get(dimension), label(row) == 2))
            .collect();
        let (shown, clear) = (auc(&shown), auc(&clear));
        println!("{dimension:<10} AUC label>=1 vs 0: {shown:.3}   label 2 vs <2: {clear:.3}");
        if shown < 0.95 {
            failures.push(format!("{dimension}: {shown:.3}"));
        }
    }
    assert!(
        failures.is_empty(),
        "AUC below 0.95 (label>=1 vs 0): {}",
        failures.join(", ")
    );
}

fn score(reply: &str, customer: &str) -> defuse::scoring::Assessment {
    let context = ScoreContext {
        customer_line: customer,
        ..ScoreContext::default()
    };
    RuleScorer::new().score(reply, &context)
}

#[test]
fn a_strong_reply_scores_well_on_every_dimension() {
    let a = score(
        "So your bag didn't arrive in Lisbon and nobody has called in three days. That sounds \
         exhausting, and I'm sorry, that's on us. I'll call the Lisbon desk now and email you \
         the tracking number by 5pm today.",
        "My bag didn't come off the carousel in Lisbon. Nobody has called me in three days.",
    );
    for d in Dimension::ALL {
        assert!(a.scores.get(d) >= 60, "{d}: {:?}", a.scores);
    }
    assert!(a.flags.is_empty(), "{:?}", a.flags);
}

#[test]
fn scenario_facts_and_phrases_count() {
    let synonyms = vec!["three-hour delay".to_string()];
    let facts = [StatedFact {
        text: "held for 3 hours",
        synonyms: &synonyms,
    }];
    let lexicon = LexiconExtension {
        ownership: vec!["meal voucher".to_string()],
        ..LexiconExtension::default()
    };
    let context = ScoreContext {
        customer_line: "",
        facts: &facts,
        lexicon: Some(&lexicon),
    };
    let a = RuleScorer::new().score(
        "After a three-hour delay, here is a meal voucher.",
        &context,
    );
    assert!(a.scores.listening > 0, "{a:?}");
    assert!(a.scores.ownership > 0, "{a:?}");
    assert!(
        a.evidence
            .iter()
            .any(|e| e.rule == "listening.reflects_fact")
    );
}

#[test]
fn every_harm_kind_can_be_flagged() {
    let customer = "My flight BA117 was held for three hours and I missed my connection.";
    let cases = [
        ("I'm sorry if you feel upset.", HarmKind::NonApology),
        (
            "I understand, but that is just how it works here.",
            HarmKind::ButTakeback,
        ),
        ("You should have booked an earlier flight.", HarmKind::Blame),
        (
            "That's another department's problem.",
            HarmKind::PassingBuck,
        ),
        ("Calm down, it's not a big deal.", HarmKind::Dismissive),
        ("Oh poor you, what a tragedy.", HarmKind::Sarcasm),
        (
            "Someone will call you at some point.",
            HarmKind::VaguePromise,
        ),
        ("What is your flight number?", HarmKind::AsksAgain),
        ("I AM DOING MY BEST HERE", HarmKind::Shouting),
        ("ok", HarmKind::Curt),
    ];
    for (reply, kind) in cases {
        let a = score(reply, customer);
        let flag = a.flags.iter().find(|h| h.kind == kind);
        let flag = flag.unwrap_or_else(|| panic!("{reply:?} should flag {kind}: {:?}", a.flags));
        assert!(flag.start <= flag.end && flag.end <= reply.len());
    }
}

#[test]
fn breakdown_marks_evidence_and_lists_every_dimension() {
    let reply = "I'm so sorry we lost your bag. I'll find it today.";
    let a = score(reply, "You lost my bag!");
    let text = render(reply, &a);
    assert!(text.contains('['), "{text}");
    for d in Dimension::ALL {
        assert!(text.contains(d.name()), "{text}");
    }
    assert!(text.contains("Tip: "), "{text}");
}

#[test]
fn jsonl_keeps_going_after_a_bad_line() {
    let input = concat!(
        "{\"context\": \"You lost my bag\", \"reply\": \"I'm sorry we lost your bag.\"}\n",
        "{\"context\": \"oops\"\n",
        "\n",
        "{\"reply\": \"I'll call you back by 5pm today.\"}\n",
    );
    let mut out = Vec::new();
    score_jsonl(Cursor::new(input), &mut out, &RuleScorer::new()).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["scores"]["apology"].as_u64().unwrap() > 0);
    for key in ["scores", "evidence", "flags", "tip"] {
        assert!(lines[0].get(key).is_some(), "{key} missing: {}", lines[0]);
    }
    assert!(lines[1]["error"].as_str().unwrap().starts_with("line 2: "));
    assert!(lines[2]["error"].as_str().unwrap().starts_with("line 3: "));
    assert!(lines[3]["scores"]["ownership"].as_u64().unwrap() > 0);
}

#[test]
fn jsonl_reports_invalid_utf8_and_goes_on() {
    let mut input = b"\xff\xfe\n".to_vec();
    input.extend_from_slice(b"{\"reply\": \"sorry\"}\n");
    let mut out = Vec::new();
    score_jsonl(Cursor::new(input), &mut out, &RuleScorer::new()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("line 1: not valid UTF-8"));
    assert!(lines[1].contains("\"scores\""));
}

#[test]
fn extra_lexicon_file_adds_phrases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extra.yaml");
    std::fs::write(&path, "empathy:\n  - what a palaver\n").unwrap();
    let scorer = RuleScorer::with_extra_lexicon(&path).unwrap();
    let a = scorer.score("What a palaver.", &ScoreContext::default());
    assert!(a.scores.empathy > 0, "{a:?}");
    assert_eq!(
        RuleScorer::new()
            .score("What a palaver.", &ScoreContext::default())
            .scores
            .empathy,
        30,
        "built-in: only the generic \"what a\""
    );
}

#[test]
fn bad_extra_lexicon_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "phrases:\n  apology_word: [x]\n  empathy_wrong: [y]\n",
    )
    .unwrap();
    let error = RuleScorer::with_extra_lexicon(&path).unwrap_err();
    assert!(
        matches!(error, LexiconError::Syntax { line: 3, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("bad.yaml:3:"), "{error}");
    let missing = RuleScorer::with_extra_lexicon(dir.path().join("missing.yaml")).unwrap_err();
    assert!(matches!(missing, LexiconError::Io { .. }));
}

#[test]
fn huge_input_scores_quickly() {
    let reply = "I'm sorry, I will fix it today. ".repeat(32_000);
    let started = std::time::Instant::now();
    let a = score(&reply, &reply);
    assert!(a.scores.apology > 0);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

proptest! {
    #[test]
    fn any_text_scores_without_panic_and_with_valid_spans(
        reply in any::<String>(),
        customer in any::<String>(),
    ) {
        let a = score(&reply, &customer);
        for d in Dimension::ALL {
            prop_assert!(a.scores.get(d) <= 100);
        }
        let spans = a
            .evidence
            .iter()
            .map(|e| (e.start, e.end))
            .chain(a.flags.iter().map(|h| (h.start, h.end)));
        for (start, end) in spans {
            prop_assert!(start <= end && end <= reply.len());
            prop_assert!(reply.is_char_boundary(start) && reply.is_char_boundary(end));
        }
        prop_assert!(!a.tip.is_empty());
    }

    #[test]
    fn wordy_text_scores_without_panic(
        words in proptest::collection::vec(
            prop_oneof![
                Just("sorry"), Just("I"), Just("will"), Just("not"), Just("but"), Just("you"),
                Just("ŞORRY"), Just("?"), Just("!!!"), Just("3"), Just("814"), Just("🙄"),
                Just("ill"), Just("well"), Just("so"), Just(","), Just("whole"), Just("İ"),
            ],
            0..40,
        )
    ) {
        let reply = words.join(" ");
        let a = score(&reply, "room 814 for three hours, Denver");
        for e in &a.evidence {
            prop_assert!(reply.is_char_boundary(e.start) && reply.is_char_boundary(e.end));
            prop_assert!(e.start <= e.end && e.end <= reply.len());
        }
    }
}
