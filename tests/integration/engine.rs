//! The engine against the `wrong-order` fixture, with a scorer whose scores the test dictates, so
//! each assertion is about the engine's rules and not the scorer's judgement.

use defuse::engine::{EngineError, Reply, Session};
use defuse::scenario::load::{LoadedScenario, load_file};
use defuse::scoring::{Assessment, Harm, HarmKind, ScoreContext, Scorer, Scores};

use crate::fixture;

/// Reads scores from markers in the reply: `L=80 E=50 A=90 O=70 harm=dismissive`.
struct DictatedScorer;

impl Scorer for DictatedScorer {
    fn score(&self, reply: &str, _: &ScoreContext<'_>) -> Assessment {
        let mut assessment = Assessment::default();
        for word in reply.split_whitespace() {
            let Some((key, value)) = word.split_once('=') else {
                continue;
            };
            let number = value.parse().unwrap_or(0);
            match key {
                "L" => assessment.scores.listening = number,
                "E" => assessment.scores.empathy = number,
                "A" => assessment.scores.apology = number,
                "O" => assessment.scores.ownership = number,
                "harm" => assessment.flags.push(Harm {
                    kind: HarmKind::ALL
                        .into_iter()
                        .find(|k| k.name() == value)
                        .unwrap(),
                    start: 0,
                    end: 0,
                    explanation: String::new(),
                }),
                _ => {}
            }
        }
        assessment
    }
}

fn scenario() -> LoadedScenario {
    load_file(&fixture("valid/wrong-order.yaml")).unwrap()
}

fn play<'a>(loaded: &'a LoadedScenario, seed: u64, replies: &[&str]) -> Session<'a> {
    let mut session = Session::new(loaded, seed);
    for reply in replies {
        let reply = match reply.strip_prefix('#') {
            Some(number) => Reply::Choice(number.parse::<usize>().unwrap() - 1),
            None => Reply::Text(reply),
        };
        session.respond(reply, &DictatedScorer).unwrap();
    }
    session
}

const PERFECT: &str = "sorry, I'll redo the name now L=100 E=100 A=100 O=100";

#[test]
fn the_same_seed_and_replies_give_the_same_transcript() {
    let loaded = scenario();
    let replies = ["no idea A=0", "well A=0", "A=0 whatever"];
    for seed in 0..20 {
        let first = play(&loaded, seed, &replies).transcript();
        let second = play(&loaded, seed, &replies).transcript();
        assert_eq!(first, second, "seed {seed}");
    }
    // The reaction line has two variants: some seeds must pick each.
    let lines: std::collections::HashSet<String> = (0..20)
        .map(|seed| {
            play(&loaded, seed, &replies[..1])
                .customer_line()
                .to_string()
        })
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
}

#[test]
fn a_strong_reply_calms_the_customer_by_the_temper_weights() {
    let loaded = scenario();
    let session = play(&loaded, 1, &[PERFECT]);
    let turn = &session.turns()[0];
    // 60 + drift 5 - (8 + 10 + 12 + 12) = 23
    assert_eq!((turn.anger_before, turn.anger_after), (60, 23));
    assert_eq!(turn.next, "fixing");
    assert_eq!(turn.intents, vec!["offers_fix"]);
    // Below calm_below (35) the customer uses her calm line.
    assert!(session.customer_line().starts_with("Thanks. R-O-N-A-N"));
}

#[test]
fn harmful_moves_heat_the_customer_up_until_she_walks_out() {
    let loaded = scenario();
    let session = play(
        &loaded,
        1,
        &["harm=dismissive harm=blame harm=sarcasm harm=curt harm=shouting"],
    );
    let turn = &session.turns()[0];
    assert_eq!(turn.anger_after, 100);
    assert_eq!(session.ending().map(|e| e.id.as_str()), Some("walked_out"));
    assert!(session.is_finished());
    // Her last words react to how she was spoken to, then end the conversation.
    let last = session.customer_line();
    assert!(
        last.ends_with("Forget it. I'll buy one at the supermarket."),
        "{last}"
    );
    assert!(
        last.len() > "Forget it. I'll buy one at the supermarket.".len(),
        "{last}"
    );
}

#[test]
fn only_the_intent_opens_the_fix_branch() {
    let loaded = scenario();
    let with_fix = play(&loaded, 1, &["i'll redo it A=10"]);
    assert_eq!(with_fix.turns()[0].next, "skeptical");
    let with_refund = play(&loaded, 1, &["full refund for you A=10"]);
    assert_eq!(with_refund.turns()[0].next, "skeptical");
    let refusing = play(&loaded, 1, &["we can't redo it A=10"]);
    assert_eq!(refusing.turns()[0].next, "counter_again");
}

#[test]
fn the_customer_reacts_to_a_missing_apology() {
    let loaded = scenario();
    let session = play(&loaded, 3, &["it was the decorator A=0"]);
    let line = session.customer_line();
    assert!(
        line.starts_with("And nobody has even said sorry.")
            || line.starts_with("Is anyone going to apologise?"),
        "{line}"
    );
    assert!(line.ends_with("I need a cake that says Ronan."), "{line}");
    let apologised = play(&loaded, 3, &["so sorry A=90"]);
    assert_eq!(
        apologised.customer_line(),
        "I don't need an explanation, I need a cake that says Ronan."
    );
}

#[test]
fn a_second_visit_without_a_fix_brings_the_manager() {
    let loaded = scenario();
    let session = play(&loaded, 1, &["hmm A=50", "let me see A=50", "well A=50"]);
    let path: Vec<&str> = session.turns().iter().map(|t| t.next.as_str()).collect();
    assert_eq!(path, ["counter_again", "counter_again", "manager"]);
    assert_eq!(session.ending().map(|e| e.id.as_str()), Some("manager"));
}

#[test]
fn choice_turns_take_options_and_fixed_scores() {
    let loaded = scenario();
    let mut session = play(&loaded, 1, &["refund A=10"]);
    assert_eq!(
        session.respond(Reply::Text("typed"), &DictatedScorer),
        Err(EngineError::NeedsChoice {
            node: "skeptical".into(),
            options: 2
        })
    );
    assert_eq!(
        session.respond(Reply::Choice(4), &DictatedScorer),
        Err(EngineError::NoSuchOption {
            node: "skeptical".into(),
            choice: 5,
            options: 2
        })
    );
    let turn = session
        .respond(Reply::Choice(1), &DictatedScorer)
        .unwrap()
        .clone();
    assert_eq!(turn.option, Some(2));
    assert_eq!(
        turn.assessment.scores,
        Scores {
            listening: 10,
            empathy: 0,
            apology: 0,
            ownership: 0
        }
    );
    assert_eq!(turn.next, "manager");
    // The option is marked as passing the buck: it angers her like a typed one would.
    assert_eq!(turn.assessment.flags[0].kind, HarmKind::PassingBuck);
    // drift 5 + one harmful move 8, minus listening 10 x 8 / 100 (0 when rounded down)
    assert_eq!(turn.anger_after, turn.anger_before + 13);
    assert_eq!(
        session.respond(Reply::Text("hello?"), &DictatedScorer),
        Err(EngineError::Finished)
    );
}

#[test]
fn free_text_turns_refuse_option_numbers() {
    let loaded = scenario();
    let mut session = Session::new(&loaded, 1);
    assert_eq!(
        session.respond(Reply::Choice(0), &DictatedScorer),
        Err(EngineError::NotAChoice {
            node: "counter".into()
        })
    );
    assert!(session.turns().is_empty());
}

#[test]
fn the_transcript_totals_average_every_turn() {
    let loaded = scenario();
    let session = play(&loaded, 1, &["refund L=40 A=10", "#1", "L=80 O=60"]);
    let transcript = session.transcript();
    assert_eq!(transcript.turns.len(), 3);
    assert_eq!(
        transcript.ending.as_ref().map(|e| e.id.as_str()),
        Some("resolved")
    );
    // The middle turn was scored by the scorer (no fixed scores): all zero here.
    assert_eq!(transcript.totals.listening, 40);
    assert_eq!(transcript.totals.ownership, 20);
    assert_eq!(transcript.totals.apology, 3);
    assert_eq!(transcript.scenario.id, "wrong-order");
    assert!(transcript.scenario.content_hash.starts_with("fnv1a64:"));
    assert_eq!(
        transcript.turns[0]
            .model_reply
            .as_deref()
            .map(|m| m.starts_with("I'm so sorry")),
        Some(true)
    );
}
