//! The built-in seed scenarios: lint-clean, rich enough to train with, and every ending reached
//! by one of the scenario's own tests (`tests:`).

use std::collections::BTreeSet;

use defuse::catalog::{BUILTIN, Catalog};
use defuse::scenario::load::check_str;
use defuse::scoring::RuleScorer;
use defuse::script;

const SEED_IDS: [&str; 3] = ["flight-delay", "hotel-key", "reimbursement-dispute"];

#[test]
fn the_seed_scenarios_are_built_in_and_lint_clean() {
    let catalog = Catalog::discover(&[]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    for id in SEED_IDS {
        assert!(catalog.find(id).is_some(), "{id} is not built in");
    }
    for (name, text) in BUILTIN {
        let diagnostics = check_str(name, text).diagnostics;
        assert!(
            diagnostics.is_empty(),
            "{name}:\n{}",
            defuse::scenario::diagnostic::render(&diagnostics)
        );
        let on_disk = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios")
                .join(name),
        )
        .unwrap();
        assert_eq!(&on_disk, text, "the built-in copy of {name} is the file");
    }
}

#[test]
fn the_seed_scenarios_have_what_training_needs() {
    let catalog = Catalog::discover(&[]);
    for id in SEED_IDS {
        let scenario = &catalog.find(id).unwrap().scenario;
        assert!(
            scenario.nodes.len() >= 12,
            "{id}: {} nodes",
            scenario.nodes.len()
        );
        let outcomes: BTreeSet<_> = scenario.endings.iter().map(|e| e.outcome.label()).collect();
        assert!(outcomes.len() >= 3, "{id}: endings {outcomes:?}");
        assert!(
            scenario.nodes.iter().any(|n| n.is_choice()),
            "{id}: no choice turn"
        );
        assert!(
            scenario.nodes.iter().any(|n| !n.is_choice()),
            "{id}: no free-text turn"
        );
        assert!(
            scenario
                .nodes
                .iter()
                .flat_map(|n| &n.transitions)
                .any(|t| !t.when.intents.is_empty() || !t.when.any_intent.is_empty()),
            "{id}: no branch opened by an intent"
        );
        assert!(
            scenario
                .nodes
                .iter()
                .any(|n| !n.say_angry.is_empty() || !n.say_calm.is_empty()),
            "{id}: no lines that change with anger"
        );
    }
}

#[test]
fn every_ending_of_every_seed_scenario_is_reached_by_its_own_test() {
    let catalog = Catalog::discover(&[]);
    let scorer = RuleScorer::new();
    for id in SEED_IDS {
        let loaded = catalog.find(id).unwrap();
        for ending in &loaded.scenario.endings {
            assert!(
                loaded.scenario.tests.iter().any(|t| t.ending == ending.id),
                "{id}: no test reaches ending {}",
                ending.id
            );
        }
        for outcome in script::run_tests(loaded, &scorer) {
            assert!(outcome.passed(), "{id}: {outcome:?}");
        }
    }
}
