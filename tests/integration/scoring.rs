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

/// The lowest ROC AUC any dimension may reach on the labelled replies ("shown at all": label ≥ 1
/// against 0).
const MINIMUM_AUC: f64 = 0.95;

/// The check set is small (162 replies to twelve complaints the dev set does not have), so one
/// reply moves its AUC by up to 0.015; its bar leaves room for that.
const CHECK_SET: &str = "tests/data/check-replies.jsonl";
const MINIMUM_CHECK_AUC: f64 = 0.85;

/// Per dimension, the ROC AUC of label ≥ 1 against 0 over a labelled file, printed with label 2
/// against < 2 alongside.
fn auc_per_dimension(file: &str, minimum_rows: usize) -> Vec<(Dimension, f64)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).expect("the labelled replies are in tests/data");
    let scorer = RuleScorer::new();
    let mut rows = Vec::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let row: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", number + 1));
        let context = ScoreContext {
            customer_line: row["context"].as_str().unwrap_or(""),
            ..ScoreContext::default()
        };
        let assessment = scorer.score(row["reply"].as_str().unwrap_or(""), &context);
        rows.push((row, assessment));
    }
    assert!(
        rows.len() >= minimum_rows,
        "{file} has {} replies",
        rows.len()
    );
    Dimension::ALL
        .into_iter()
        .map(|dimension| {
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
            println!(
                "{file} {dimension:<10} AUC label>=1 vs 0: {shown:.3}   label 2 vs <2: {clear:.3}"
            );
            (dimension, shown)
        })
        .collect()
}

fn assert_auc_at_least(aucs: &[(Dimension, f64)], minimum: f64) {
    let failures: Vec<String> = aucs
        .iter()
        .filter(|(_, shown)| *shown < minimum)
        .map(|(dimension, shown)| format!("{dimension}: {shown:.3} (needs {minimum:.2})"))
        .collect();
    assert!(
        failures.is_empty(),
        "AUC too low (label>=1 vs 0): {}",
        failures.join(", ")
    );
}

/// ROC AUC per dimension on the labelled dev set, against [`MINIMUM_AUC`].
#[test]
fn dev_set_auc_per_dimension() {
    assert_auc_at_least(&auc_per_dimension(DEV_SET, 250), MINIMUM_AUC);
}

/// The same on replies to complaints the dev set does not have, so a rule fitted to the dev
/// set's wording shows up here.
#[test]
fn check_set_auc_per_dimension() {
    assert_auc_at_least(&auc_per_dimension(CHECK_SET, 160), MINIMUM_CHECK_AUC);
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

const BAG: &str = "My suitcase didn't come off the carousel in Lisbon. I filed a report three days     ago, reference LIS-48213, and nobody has called me.";
const SHUTTLE: &str = "Your airport shuttle was supposed to pick us up at 5:30 for our 8am flight. \
    It's 6:10 and it still isn't here. I've called dispatch twice and it just rings out.";
const HOTEL: &str = "There's been no hot water in room 312 since I checked in yesterday. I've called \
    the front desk twice and was promised a plumber by 9 this morning.";
const OUTAGE: &str = "My internet has been down since 8 this morning. I work from home and I've \
    already missed two client calls.";
const TABLE: &str = "I booked a table for two at 8 for our 25th anniversary, under Okafor, three \
    weeks ago. We've been standing at your door for twenty minutes.";
const CHARGE: &str = "You charged my Visa $184.50 twice for the same order on March 3rd. I've been \
    on hold for 45 minutes just to reach someone.";
const ORDER: &str = "I ordered the vegetarian pad thai, order #5521, and got two beef dishes \
    instead. I waited an hour and ten minutes for this.";

fn flagged(a: &defuse::scoring::Assessment, kind: HarmKind) -> bool {
    a.flags.iter().any(|h| h.kind == kind)
}

#[test]
fn asking_again_for_a_kind_of_detail_they_gave() {
    for (reply, customer) in [
        ("Sorry, what room was that?", HOTEL),
        ("What room number are you in?", HOTEL),
        ("What time was your pickup booked for?", SHUTTLE),
        ("How long has the connection been down?", OUTAGE),
        ("And what name was the booking under?", TABLE),
        ("Can you tell me the amount of the charge?", CHARGE),
        ("Do you have your order number?", ORDER),
        ("Have you tried calling dispatch?", SHUTTLE),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
        assert!(flagged(&a, HarmKind::AsksAgain), "{reply}: {:?}", a.flags);
    }
    // Not yet told: clarifying, not asking again.
    for (reply, customer) in [
        ("Which terminal are you flying from?", SHUTTLE),
        (
            "What time do you need to leave for the airport by?",
            SHUTTLE,
        ),
        ("Is the light on the router red or green?", OUTAGE),
    ] {
        let a = score(reply, customer);
        assert!(a.scores.listening > 0, "{reply}: {:?}", a.evidence);
        assert!(!flagged(&a, HarmKind::AsksAgain), "{reply}: {:?}", a.flags);
    }
}

#[test]
fn restating_their_facts_wrongly_scores_zero() {
    for (reply, customer) in [
        (
            "I'm so sorry we missed your 6:30 pickup, that's our failure.",
            SHUTTLE,
        ),
        ("So your internet's been slow since last night?", OUTAGE),
        (
            "I'm sorry we charged your Mastercard twice, that's our mistake.",
            CHARGE,
        ),
        ("Sorry we charged you twice on the 13th.", CHARGE),
        // They were promised a plumber by 9 and he never came.
        ("So the plumber came at 9 but couldn't fix it?", HOTEL),
        // Their pickup was at 5:30, not 6.
        ("I see a pickup booked for 6am under your name.", SHUTTLE),
        // Their report was filed in Lisbon.
        (
            "I've pulled up your report from Porto. It's still in progress.",
            BAG,
        ),
        (
            "So you received the chicken pad thai instead of the prawn?",
            ORDER,
        ),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
        assert!(
            a.evidence.iter().any(|e| e.rule == "listening.wrong_fact"),
            "{reply}: {:?}",
            a.evidence
        );
    }
    // The same details said right, and new times offered, are fine.
    for (reply, customer) in [
        (
            "So your 5:30 pickup still isn't here at 6:10, with an 8am flight.",
            SHUTTLE,
        ),
        (
            "I'm sorry it's been down since 8am and you've missed two client calls.",
            OUTAGE,
        ),
        ("Sorry we charged your Visa twice on the 3rd.", CHARGE),
        ("I can get a taxi to you for 6:20, on us.", SHUTTLE),
        ("So the plumber never came, and it's 2pm now?", HOTEL),
        ("The plumber will come at 3, I've just confirmed it.", HOTEL),
    ] {
        let a = score(reply, customer);
        assert!(a.scores.listening > 0, "{reply}: {:?}", a.evidence);
    }
}

#[test]
fn a_clock_time_is_one_value() {
    let customer = "I've been waiting forty minutes for the shuttle.";
    let a = score("The next one leaves at 6:40.", customer);
    assert!(
        !a.evidence
            .iter()
            .any(|e| e.rule == "listening.reflects_detail"
                && e.explanation.contains("\u{201c}40\u{201d}")),
        "{:?}",
        a.evidence
    );
    assert!(
        score("Forty minutes is far too long.", customer)
            .scores
            .listening
            >= 20
    );
}

#[test]
fn their_facts_in_other_words_count() {
    // The time between the two times they gave.
    let elapsed = score(
        "Forty whole minutes past your pickup, that's not on.",
        SHUTTLE,
    );
    assert!(
        elapsed
            .evidence
            .iter()
            .any(|e| e.rule == "listening.reflects_detail" && e.points >= 20),
        "{:?}",
        elapsed.evidence
    );
    // "3rd" for "THIRD", and a refund for a double charge.
    let third = score(
        "3rd time is not ok.",
        "It's midnight and my key card has failed for the THIRD time.",
    );
    assert!(third.scores.listening >= 10, "{:?}", third.evidence);
    assert!(score("refunds go out on friday", CHARGE).scores.listening > 0);
    // Advice about what they could have done is not a wrong fact.
    let advice = score(
        "u couldve asked for a room change yesterday instead of waiting",
        HOTEL,
    );
    assert!(advice.scores.listening > 0, "{:?}", advice.evidence);
}

#[test]
fn topic_words_and_boilerplate_show_little_listening() {
    let boiler = score("Is there anything else I can help you with?", SHUTTLE);
    assert_eq!(boiler.scores.listening, 0, "{:?}", boiler.evidence);
    assert_eq!(boiler.scores.ownership, 0, "{:?}", boiler.evidence);
    assert_eq!(
        score("Thank you for your patience.", SHUTTLE)
            .scores
            .listening,
        0
    );
    let topic = score("calling the driver now", SHUTTLE).scores.listening;
    let specific = score(
        "So the shuttle was due at 5:30, it's 6:10 and dispatch isn't answering?",
        SHUTTLE,
    )
    .scores
    .listening;
    assert!(topic <= 10 && specific >= 50, "{topic} vs {specific}");
    let check = score(
        "Let me make sure I've got this right: room 312, since yesterday?",
        HOTEL,
    );
    assert!(check.scores.listening >= 50, "{:?}", check.evidence);
}

#[test]
fn empathy_for_their_situation_and_plain_validation() {
    for (reply, customer) in [
        (
            "With a 7am meeting you need sleep, not another trip to this desk.",
            TABLE,
        ),
        ("so sorry for the stress!! let me check", SHUTTLE),
        ("Im realy sorry, 3rd time is not ok.", HOTEL),
        ("No wonder you're fed up.", HOTEL),
        (
            "Twenty minutes standing at the door on your 25th anniversary.",
            TABLE,
        ),
        (
            "omg thats awful, 45 mins on hold AND double charged??",
            CHARGE,
        ),
        ("You poor thing, you must be so tired.", SHUTTLE),
    ] {
        let a = score(reply, customer);
        assert!(a.scores.empathy > 0, "{reply}: {:?}", a.evidence);
    }
    assert_eq!(
        score("we r sorry, order #5521 was wrong", ORDER)
            .scores
            .empathy,
        0
    );
}

#[test]
fn a_but_in_a_later_sentence_leaves_some_empathy() {
    let refused = score(
        "I can see you're exhausted, and I'm sorry. But I will not make a key without ID.",
        HOTEL,
    );
    assert!(
        refused.scores.empathy > 0 && refused.scores.empathy <= 30,
        "{:?}",
        refused.evidence
    );
    assert_eq!(refused.scores.apology, 0);
    let same_sentence = score(
        "I get it, but refunds only go out on the weekly cycle.",
        CHARGE,
    );
    assert_eq!(same_sentence.scores.empathy, 0);
    let local = score(
        "I'm so sorry, that's awful timing. We can do a minivan, but it'll be $40 more a day.",
        TABLE,
    );
    assert!(
        local.scores.empathy > 0 && local.scores.apology > 0,
        "{:?}",
        local.evidence
    );
}

#[test]
fn ownership_without_i_and_promises_that_are_not() {
    for reply in [
        "Refund processed, ref RF-20931.",
        "new card done, i tested it twice",
        "calling the driver now",
        "Reversing the duplicate now.",
        "k will check",
        "A new key has been issued.",
    ] {
        let a = score(reply, SHUTTLE);
        assert!(a.scores.ownership > 0, "{reply}: {:?}", a.evidence);
    }
    let concrete = score("I'll call dispatch now and ring you back at 6:20.", SHUTTLE);
    let vague = score("I'll see what can be done.", SHUTTLE);
    assert!(concrete.scores.ownership > vague.scores.ownership + 30);
    for reply in [
        "Is there anything else I can help you with?",
        "Unfortunately, there is nothing we can do tonight.",
        "I get it, but we need the device back before we can do anything.",
        "someone will look into it",
        "The table will be ready soon.",
    ] {
        let a = score(reply, TABLE);
        assert_eq!(a.scores.ownership, 0, "{reply}: {:?}", a.evidence);
    }
}

#[test]
fn telling_them_not_to_apologise_is_not_a_non_apology() {
    let a = score(
        "Please don't apologise, this is on us. I'll get the driver now.",
        "I'm so sorry to bother you again, but the shuttle still isn't here.",
    );
    assert!(!flagged(&a, HarmKind::NonApology), "{:?}", a.flags);
    assert!(a.scores.apology > 0, "{:?}", a.evidence);
    assert!(
        a.evidence
            .iter()
            .all(|e| e.dimension != Dimension::Apology || e.points >= 0),
        "{:?}",
        a.evidence
    );
}

const PARCEL: &str = "Your tracking says my parcel, order 88231, was delivered at 2:14 yesterday \
    and left with a neighbour at number 14. Number 14 is empty.";
const TRAIN: &str = "Your app crashed when I tried to buy my ticket for the 07:42 to Leeds, and the \
    inspector fined me £80.";

#[test]
fn apologising_for_their_feelings_acknowledges_nothing() {
    let a = score("I'm sorry you feel the fine was unfair.", TRAIN);
    assert_eq!(a.scores.empathy, 0, "{:?}", a.evidence);
    assert_eq!(a.scores.apology, 0, "{:?}", a.evidence);
    // Saying it is unfair themselves does acknowledge them.
    let fair = score(
        "an £80 fine because our app crashed is not fair, I'm sorry",
        TRAIN,
    );
    assert!(fair.scores.empathy > 0, "{:?}", fair.evidence);
}

#[test]
fn not_acceptable_agrees_but_only_apologises_next_to_an_apology() {
    let agrees = score("Left at an empty house? That's not acceptable.", PARCEL);
    assert_eq!(agrees.scores.apology, 0, "{:?}", agrees.evidence);
    assert!(agrees.scores.empathy > 0, "{:?}", agrees.evidence);
    let owns = score("I'm sorry, that's not acceptable.", PARCEL);
    assert!(owns.scores.apology > agrees.scores.apology);
}

#[test]
fn checking_back_and_vague_or_passed_on_fixes_are_not_ownership() {
    for reply in [
        "So just to check I've got this right: the driver left it at number 14?",
        "calm down, it's only a parcel, it'll get sorted",
        "Fines are issued by the train operator, not by us.",
    ] {
        let a = score(
            reply,
            if reply.contains("Fines") {
                TRAIN
            } else {
                PARCEL
            },
        );
        assert_eq!(a.scores.ownership, 0, "{reply}: {:?}", a.evidence);
    }
}

#[test]
fn asking_for_their_journey_or_handing_back_is_not_clarifying() {
    for (reply, customer) in [
        ("Which train were you on?", TRAIN),
        ("Have you checked with your neighbours?", PARCEL),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
    }
    let wrong = score("The driver left it at number 41 as instructed.", PARCEL);
    assert!(
        wrong
            .evidence
            .iter()
            .any(|e| e.rule == "listening.wrong_fact"),
        "{:?}",
        wrong.evidence
    );
}

#[test]
fn tips_quote_the_customer_as_the_agent_would_say_it() {
    let a = score("ok", PARCEL);
    assert!(a.tip.contains("Our tracking says your parcel"), "{}", a.tip);
}

const GARAGE: &str = "I dropped my car off on Monday for a brake job you quoted at £240. Now you've \
    charged me £610 without calling me first. I need it to get to work tomorrow.";
const CLAIM: &str = "I submitted my claim for the water damage six weeks ago, claim CL-5530. My \
    kitchen ceiling is still open and I have a newborn at home.";

#[test]
fn another_day_or_asking_what_kind_is_not_listening() {
    for (reply, customer) in [
        ("Did you drop it off on Tuesday?", GARAGE),
        ("What kind of damage was it?", CLAIM),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
    }
    // A rule of thumb is not their number said back wrong.
    let rule = score(
        "Refunds take up to 30 days.",
        "You promised refunds within 14 days.",
    );
    assert!(
        !rule
            .evidence
            .iter()
            .any(|e| e.rule == "listening.wrong_fact"),
        "{:?}",
        rule.evidence
    );
    // "the price" is the money they were charged.
    assert!(score("sorry about the price", GARAGE).scores.listening > 0);
}

#[test]
fn things_described_are_not_feelings_acknowledged() {
    let a = score(
        "The extra work was necessary, your brakes were unsafe.",
        GARAGE,
    );
    assert_eq!(a.scores.empathy, 0, "{:?}", a.evidence);
    let baby = score(
        "An open ceiling with a newborn at home, I'm so sorry.",
        CLAIM,
    );
    assert!(baby.scores.empathy > 0, "{:?}", baby.evidence);
}

#[test]
fn noted_processed_and_our_terms_are_not_ownership() {
    for reply in [
        "ok noted",
        "Your claim is being processed.",
        "Our terms say we can carry out essential repairs up to £500 without approval.",
    ] {
        let a = score(reply, GARAGE);
        assert_eq!(a.scores.ownership, 0, "{reply}: {:?}", a.evidence);
    }
}

/// Reflections as counsellors write them, not only as service agents do.
#[test]
fn reflections_of_feelings_outside_service() {
    let client = "I know I should cut down on drinking, but it's the only way I can relax after \
        work. My wife keeps nagging me about it.";
    let reflection = score(
        "It sounds like drinking helps you relax, and at the same time you're feeling pressure from your wife.",
        client,
    );
    assert!(reflection.scores.empathy >= 45, "{:?}", reflection.evidence);
    assert!(
        reflection.scores.listening >= 20,
        "{:?}",
        reflection.evidence
    );
    assert!(
        !reflection
            .flags
            .iter()
            .any(|h| h.kind == HarmKind::Dismissive),
        "{:?}",
        reflection.flags
    );
    assert!(
        score("Part of you worries about what you'd lose.", client)
            .scores
            .empathy
            > 0
    );
    // Told to them, it still brushes them off.
    assert!(flagged(
        &score("Relax, it's only a drink.", client),
        HarmKind::Dismissive
    ));
}

#[test]
fn a_conditional_apology_acknowledges_nothing() {
    let a = score("I'm sorry if the process has been confusing.", CLAIM);
    assert_eq!(a.scores.empathy, 0, "{:?}", a.evidence);
}

#[test]
fn asking_how_they_feel_and_offering_support_are_empathy() {
    let post = "I feel so alone. Nobody has called me since I lost my job last month.";
    for reply in [
        "How are you feeling now?",
        "Do you want to talk about it?",
        "Sending hugs, I'm here for you.",
    ] {
        assert!(score(reply, post).scores.empathy > 0, "{reply}");
    }
    let brushed = score("you'll be fine, everyone loses jobs", post);
    assert_eq!(brushed.scores.empathy, 0);
    assert!(flagged(&brushed, HarmKind::Dismissive));
}

const ROAMING: &str = "I was promised no roaming charges in Spain and you've billed me £86.40. The \
    shop assistant, Dan, told me it was all included in my plan.";
const SOFA: &str = "My sofa was meant to arrive between 8 and 12. I've waited in all day, it's now \
    5pm, and your driver just texted that he's running late.";

#[test]
fn a_promise_that_something_would_not_happen_is_not_a_missed_promise() {
    let a = score(
        "So you were told in store it was all included, and then £86.40 of roaming turned up on your bill?",
        ROAMING,
    );
    assert!(a.scores.listening >= 50, "{:?}", a.evidence);
    // Nor is what they were told blame, when it is why they are upset.
    let b = score(
        "That's really annoying, especially when you were told it was included.",
        ROAMING,
    );
    assert!(b.scores.empathy > 0, "{:?}", b.evidence);
    assert!(!flagged(&b, HarmKind::Blame), "{:?}", b.flags);
}

#[test]
fn asking_for_their_country_or_slot_again() {
    for (reply, customer) in [
        ("What country were you in?", ROAMING),
        ("Did you book a morning slot?", SOFA),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
    }
    let late = score("Drivers are running late due to traffic.", SOFA);
    assert_eq!(late.scores.ownership, 0, "{:?}", late.evidence);
}

#[test]
fn pain_is_a_feeling_to_acknowledge_and_ask_about() {
    let dentist = "The dentist went home sick and nobody called me. I'm in pain with this tooth.";
    for reply in [
        "You drove all this way, in pain, and nobody called you.",
        "Is the pain bad right now?",
    ] {
        assert!(score(reply, dentist).scores.empathy > 0, "{reply}");
    }
}

#[test]
fn asking_for_the_value_or_time_they_gave() {
    let seat = "I paid £45 to choose seat 12A for the extra legroom because of my bad knee.";
    let dinner = "My daughter has a school concert at 8 and we need to leave by 7:30.";
    for (reply, customer) in [
        ("What seat did you originally book?", seat),
        ("What time do you need to leave?", dinner),
    ] {
        let a = score(reply, customer);
        assert_eq!(a.scores.listening, 0, "{reply}: {:?}", a.evidence);
    }
    // Asked after a pickup time, the time they need to leave is new.
    assert!(
        score("What time do you need to leave?", SHUTTLE)
            .scores
            .listening
            > 0
    );
    assert!(
        score("Which table would you prefer, window or booth?", TABLE)
            .scores
            .listening
            > 0
    );
    // A bad knee is what is at stake for them.
    assert!(
        score("A middle seat with your bad knee, I'm so sorry.", seat)
            .scores
            .empathy
            > 0
    );
}

#[test]
fn checking_up_on_what_they_did_is_not_clarifying() {
    let gym = "I cancelled my gym membership in person on the 2nd of June and you've still \
        taken £39.99 every month since.";
    for reply in [
        "Did you request the refund through the website?",
        "Did you tell us you were travelling?",
    ] {
        let a = score(reply, gym);
        assert!(
            !a.evidence.iter().any(|e| e.rule == "listening.clarifies"),
            "{reply}: {:?}",
            a.evidence
        );
    }
    // A question about what comes next still clarifies.
    let next = score("Which branch will you be visiting next?", gym);
    assert!(
        next.evidence
            .iter()
            .any(|e| e.rule == "listening.clarifies"),
        "{:?}",
        next.evidence
    );
}
