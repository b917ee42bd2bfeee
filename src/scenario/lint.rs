//! Every check a scenario goes through after parsing: references, ranges, and the shape of the
//! conversation graph (reachability, dead ends, loops with no way out).

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::diagnostic::{Diagnostic, Severity};
use super::model::{Condition, Scenario};
use super::source::SourceIndex;
use crate::intents::IntentMatcher;

struct Checker<'a> {
    file: &'a str,
    index: &'a SourceIndex,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(
        &mut self,
        severity: Severity,
        rule: &'static str,
        field: String,
        message: String,
        help: String,
    ) {
        let position = self.index.locate(&field);
        self.diagnostics.push(Diagnostic {
            severity,
            rule,
            file: self.file.to_string(),
            line: position.line,
            column: position.column,
            field,
            message,
            help,
        });
    }

    fn error(&mut self, rule: &'static str, field: String, message: String, help: String) {
        self.report(Severity::Error, rule, field, message, help);
    }

    fn warn(&mut self, rule: &'static str, field: String, message: String, help: String) {
        self.report(Severity::Warning, rule, field, message, help);
    }
}

/// Runs every check. Returns the diagnostics, sorted by position, and the compiled intents when
/// every pattern compiled.
pub fn check(
    file: &str,
    scenario: &Scenario,
    index: &SourceIndex,
) -> (Vec<Diagnostic>, Option<IntentMatcher>) {
    let mut checker = Checker {
        file,
        index,
        diagnostics: Vec::new(),
    };
    check_metadata(&mut checker, scenario);
    let targets = check_ids(&mut checker, scenario);
    check_references(&mut checker, scenario, &targets);
    check_lines(&mut checker, scenario);
    check_tests(&mut checker, scenario);
    check_usage(&mut checker, scenario);
    check_graph(&mut checker, scenario, &targets);
    let intents = match IntentMatcher::new(&scenario.intents) {
        Ok(matcher) => Some(matcher),
        Err(bad) => {
            for pattern in bad {
                checker.error(
                    "bad-pattern",
                    format!("intents[{}].patterns[{}]", pattern.intent, pattern.pattern),
                    format!(
                        "intent \"{}\" has a pattern that is not a valid regular expression: {}",
                        scenario
                            .intents
                            .get(pattern.intent)
                            .map_or("", |i| i.id.as_str()),
                        first_line(&pattern.message)
                    ),
                    "fix the pattern, or use `phrases:` for plain words".into(),
                );
            }
            None
        }
    };
    let mut diagnostics = checker.diagnostics;
    diagnostics.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    (diagnostics, intents)
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or(text)
        .to_string()
}

fn check_metadata(checker: &mut Checker, scenario: &Scenario) {
    for (field, value) in [
        ("id", &scenario.id),
        ("title", &scenario.title),
        ("summary", &scenario.summary),
        ("author", &scenario.author),
        ("customer.name", &scenario.customer.name),
        ("customer.situation", &scenario.customer.situation),
    ] {
        if value.trim().is_empty() {
            checker.error(
                "empty-field",
                field.into(),
                format!("`{field}` is empty"),
                "write a value; trainees see it in the scenario picker".into(),
            );
        }
    }
    if !scenario
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        checker.error(
            "bad-id",
            "id".into(),
            format!(
                "scenario id \"{}\" may only use lowercase letters, digits and '-'",
                scenario.id
            ),
            "trainees type the id on the command line, e.g. `defuse play flight-delay`".into(),
        );
    }
    let temper = &scenario.customer.temper;
    for (field, value) in [
        ("customer.anger", scenario.customer.anger),
        ("customer.temper.angry_at", temper.angry_at),
        ("customer.temper.calm_below", temper.calm_below),
    ] {
        if value > 100 {
            checker.error(
                "out-of-range",
                field.into(),
                format!("`{field}` is {value}, but anger runs from 0 (calm) to 100 (boiling)"),
                "use a number from 0 to 100".into(),
            );
        }
    }
    if temper.calm_below > temper.angry_at {
        checker.error(
            "out-of-range",
            "customer.temper.calm_below".into(),
            format!(
                "calm_below ({}) is above angry_at ({}), so the customer would be calm and angry at once",
                temper.calm_below, temper.angry_at
            ),
            "make calm_below at most angry_at".into(),
        );
    }
}

/// Checks ids are present and unique; returns the ids a `goto` may name (nodes and endings).
fn check_ids(checker: &mut Checker, scenario: &Scenario) -> HashSet<String> {
    let mut targets: HashMap<&str, String> = HashMap::new();
    let groups = [
        (
            "nodes",
            scenario
                .nodes
                .iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "endings",
            scenario.endings.iter().map(|e| e.id.as_str()).collect(),
        ),
    ];
    for (group, ids) in &groups {
        for (i, id) in ids.iter().enumerate() {
            let field = format!("{group}[{i}].id");
            if id.trim().is_empty() {
                checker.error(
                    "empty-id",
                    field,
                    format!("{group}[{i}] has an empty id"),
                    "give it a short unique id such as `rebook_offer`".into(),
                );
            } else if let Some(first) = targets.get(id) {
                let first_line = checker.index.locate(first).line;
                checker.error(
                    "duplicate-id",
                    field,
                    format!("id \"{id}\" is used twice (first at line {first_line}, {first})"),
                    "nodes and endings share one set of ids; rename one of them".into(),
                );
            } else {
                targets.insert(id, field);
            }
        }
    }
    for (group, ids) in [
        (
            "facts",
            scenario
                .facts
                .iter()
                .map(|f| f.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "intents",
            scenario.intents.iter().map(|i| i.id.as_str()).collect(),
        ),
    ] {
        let mut seen = HashSet::new();
        for (i, id) in ids.iter().enumerate() {
            if !seen.insert(*id) {
                checker.error(
                    "duplicate-id",
                    format!("{group}[{i}].id"),
                    format!("{group} id \"{id}\" is used twice"),
                    "rename one of them".into(),
                );
            }
        }
    }
    for (i, intent) in scenario.intents.iter().enumerate() {
        if intent.phrases.iter().all(|p| p.trim().is_empty()) && intent.patterns.is_empty() {
            checker.error(
                "empty-intent",
                format!("intents[{i}]"),
                format!(
                    "intent \"{}\" has no phrases and no patterns, so it can never be detected",
                    intent.id
                ),
                "add `phrases:` the trainee might type, e.g. [\"rebook\", \"next flight\"]".into(),
            );
        }
    }
    targets.into_keys().map(str::to_string).collect()
}

fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = candidates.collect();
    all.sort_unstable();
    let closest = all
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(distance, c)| *distance <= (c.len().max(name.len()) / 3).max(2))
        .min();
    match closest {
        Some((_, c)) => format!("did you mean \"{c}\"?"),
        None if all.is_empty() => "none are defined yet".into(),
        None => format!("known: {}", all.join(", ")),
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

fn check_condition(checker: &mut Checker, scenario: &Scenario, condition: &Condition, field: &str) {
    let intent_ids: HashSet<&str> = scenario.intents.iter().map(|i| i.id.as_str()).collect();
    for (list, names) in [
        ("intents", &condition.intents),
        ("any_intent", &condition.any_intent),
        ("no_intent", &condition.no_intent),
    ] {
        for (i, name) in names.iter().enumerate() {
            if !intent_ids.contains(name.as_str()) {
                checker.error(
                    "unknown-intent",
                    format!("{field}.{list}[{i}]"),
                    format!("condition names intent \"{name}\", but no intent has that id"),
                    suggestion(name, intent_ids.iter().copied()),
                );
            }
        }
    }
    for (list, bounds) in [("min", &condition.min), ("below", &condition.below)] {
        for (dimension, value) in bounds {
            if *value > 100 {
                checker.error(
                    "out-of-range",
                    format!("{field}.{list}.{dimension}"),
                    format!("{dimension} threshold is {value}, but scores run from 0 to 100"),
                    "use a number from 0 to 100".into(),
                );
            }
        }
    }
    for (name, value) in [
        ("anger_at_least", condition.anger_at_least),
        ("anger_below", condition.anger_below),
    ] {
        if let Some(value) = value.filter(|v| *v > 100) {
            checker.error(
                "out-of-range",
                format!("{field}.{name}"),
                format!("`{name}` is {value}, but anger runs from 0 to 100"),
                "use a number from 0 to 100".into(),
            );
        }
    }
}

fn check_references(checker: &mut Checker, scenario: &Scenario, targets: &HashSet<String>) {
    let node_ids: HashSet<&str> = scenario.nodes.iter().map(|n| n.id.as_str()).collect();
    if !node_ids.contains(scenario.start.as_str()) {
        let help = if targets.contains(&scenario.start) {
            "`start` names an ending; it must name the node where the customer speaks first".into()
        } else {
            suggestion(&scenario.start, node_ids.iter().copied())
        };
        checker.error(
            "missing-start",
            "start".into(),
            format!(
                "start node \"{}\" does not exist, so the scenario cannot begin",
                scenario.start
            ),
            help,
        );
    }
    let fact_ids: HashSet<&str> = scenario.facts.iter().map(|f| f.id.as_str()).collect();
    for (i, reaction) in scenario.reactions.iter().enumerate() {
        check_condition(
            checker,
            scenario,
            &reaction.when,
            &format!("reactions[{i}].when"),
        );
    }
    for (n, node) in scenario.nodes.iter().enumerate() {
        for (i, fact) in node.states.iter().enumerate() {
            if !fact_ids.contains(fact.as_str()) {
                checker.error(
                    "unknown-fact",
                    format!("nodes[{n}].states[{i}]"),
                    format!(
                        "node \"{}\" states fact \"{fact}\", but no fact has that id",
                        node.id
                    ),
                    suggestion(fact, fact_ids.iter().copied()),
                );
            }
        }
        for (i, reaction) in node.reactions.iter().enumerate() {
            check_condition(
                checker,
                scenario,
                &reaction.when,
                &format!("nodes[{n}].reactions[{i}].when"),
            );
        }
        for (t, transition) in node.transitions.iter().enumerate() {
            let field = format!("nodes[{n}].transitions[{t}]");
            check_condition(
                checker,
                scenario,
                &transition.when,
                &format!("{field}.when"),
            );
            check_target(checker, targets, &node.id, &transition.goto, &field);
        }
        for (o, option) in node.options.iter().enumerate() {
            let field = format!("nodes[{n}].options[{o}]");
            if let Some(goto) = &option.goto {
                check_target(checker, targets, &node.id, goto, &field);
            }
            if let Some(scores) = &option.scores {
                for (name, value) in [
                    ("listening", scores.listening),
                    ("empathy", scores.empathy),
                    ("apology", scores.apology),
                    ("ownership", scores.ownership),
                ] {
                    if value > 100 {
                        checker.error(
                            "out-of-range",
                            format!("{field}.scores.{name}"),
                            format!("option score {name} is {value}, but scores run from 0 to 100"),
                            "use a number from 0 to 100".into(),
                        );
                    }
                }
            }
        }
    }
}

fn check_target(
    checker: &mut Checker,
    targets: &HashSet<String>,
    node: &str,
    goto: &str,
    field: &str,
) {
    if !targets.contains(goto) {
        checker.error(
            "unknown-target",
            format!("{field}.goto"),
            format!("node \"{node}\" goes to \"{goto}\", but no node or ending has that id"),
            suggestion(goto, targets.iter().map(String::as_str)),
        );
    }
}

fn check_tests(checker: &mut Checker, scenario: &Scenario) {
    let ending_ids: HashSet<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();
    for (t, test) in scenario.tests.iter().enumerate() {
        if !ending_ids.contains(test.ending.as_str()) {
            checker.error(
                "unknown-target",
                format!("tests[{t}].ending"),
                format!(
                    "test \"{}\" expects ending \"{}\", but no ending has that id",
                    test.name, test.ending
                ),
                suggestion(&test.ending, ending_ids.iter().copied()),
            );
        }
        if test.replies.is_empty() {
            checker.error(
                "empty-field",
                format!("tests[{t}].replies"),
                format!("test \"{}\" has no replies", test.name),
                "list the replies, one per turn (an option's number for a choice turn)".into(),
            );
        }
    }
}

fn check_lines(checker: &mut Checker, scenario: &Scenario) {
    for (n, node) in scenario.nodes.iter().enumerate() {
        if node.say.is_empty() {
            checker.error(
                "empty-line",
                format!("nodes[{n}].say"),
                format!("node \"{}\" has no customer line", node.id),
                "add at least one line under `say:`".into(),
            );
        }
        for (list, lines) in [
            ("say", &node.say),
            ("say_angry", &node.say_angry),
            ("say_calm", &node.say_calm),
        ] {
            for (i, line) in lines.iter().enumerate() {
                if line.trim().is_empty() {
                    checker.error(
                        "empty-line",
                        format!("nodes[{n}].{list}[{i}]"),
                        format!("node \"{}\" has an empty customer line", node.id),
                        "write what the customer says, or remove the empty entry".into(),
                    );
                }
            }
        }
        if node.options.len() == 1 {
            checker.warn(
                "single-option",
                format!("nodes[{n}].options"),
                format!(
                    "choice turn \"{}\" has only one option, so there is no choice",
                    node.id
                ),
                "add a tempting wrong option, or make it a free-text turn".into(),
            );
        }
        for (o, option) in node.options.iter().enumerate() {
            if !option.harm.is_empty() && option.scores.is_none() {
                checker.warn(
                    "harm-without-scores",
                    format!("nodes[{n}].options[{o}].harm"),
                    format!(
                        "an option of \"{}\" lists harmful moves but no fixed scores, so the scorer decides and `harm:` is ignored",
                        node.id
                    ),
                    "add fixed `scores:` to the option, or remove `harm:`".into(),
                );
            }
            if option.text.trim().is_empty() {
                checker.error(
                    "empty-line",
                    format!("nodes[{n}].options[{o}].text"),
                    format!("choice turn \"{}\" has an option with no text", node.id),
                    "write the reply this option stands for".into(),
                );
            }
        }
        if node.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
            checker.warn(
                "no-hint",
                format!("nodes[{n}]"),
                format!("node \"{}\" has no coaching hint", node.id),
                "add `hint:` so practice mode can help a stuck trainee".into(),
            );
        }
        if node
            .model_reply
            .as_deref()
            .is_none_or(|h| h.trim().is_empty())
        {
            checker.warn(
                "no-model-reply",
                format!("nodes[{n}]"),
                format!("node \"{}\" has no model reply", node.id),
                "add `model_reply:` so the debrief can show a strong answer beside the trainee's"
                    .into(),
            );
        }
        let mut unconditional_seen = false;
        for (t, transition) in node.transitions.iter().enumerate() {
            if unconditional_seen {
                checker.warn(
                    "shadowed-transition",
                    format!("nodes[{n}].transitions[{t}]"),
                    format!(
                        "this transition of node \"{}\" comes after one with no condition, so it is never taken",
                        node.id
                    ),
                    "move the transition without `when:` to the end".into(),
                );
                break;
            }
            unconditional_seen = transition.when.is_unconditional();
        }
    }
    for (i, reaction) in scenario.reactions.iter().enumerate() {
        if reaction.say.iter().all(|s| s.trim().is_empty()) {
            checker.error(
                "empty-line",
                format!("reactions[{i}].say"),
                "a reaction has no line to say".into(),
                "write the line the customer adds".into(),
            );
        }
    }
    for (e, ending) in scenario.endings.iter().enumerate() {
        if ending.debrief.trim().is_empty() {
            checker.error(
                "empty-field",
                format!("endings[{e}].debrief"),
                format!("ending \"{}\" has an empty debrief", ending.id),
                "explain what happened and why; trainees read it after the run".into(),
            );
        }
    }
}

fn check_usage(checker: &mut Checker, scenario: &Scenario) {
    let mut stated = HashSet::new();
    let mut used_intents = HashSet::new();
    let mut flags_set: BTreeSet<&str> = BTreeSet::new();
    let mut flags_checked: Vec<(&str, String)> = Vec::new();
    let mut conditions: Vec<(&Condition, String)> = scenario
        .reactions
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.when, format!("reactions[{i}].when")))
        .collect();
    for (n, node) in scenario.nodes.iter().enumerate() {
        stated.extend(node.states.iter().map(String::as_str));
        for (i, reaction) in node.reactions.iter().enumerate() {
            conditions.push((&reaction.when, format!("nodes[{n}].reactions[{i}].when")));
        }
        for (t, transition) in node.transitions.iter().enumerate() {
            conditions.push((
                &transition.when,
                format!("nodes[{n}].transitions[{t}].when"),
            ));
            flags_set.extend(transition.set.iter().map(String::as_str));
        }
        for option in &node.options {
            flags_set.extend(option.set.iter().map(String::as_str));
        }
    }
    for (condition, field) in &conditions {
        used_intents.extend(condition.intent_refs().map(String::as_str));
        for flag in condition.flag_refs() {
            flags_checked.push((flag.as_str(), field.clone()));
        }
    }
    for (i, fact) in scenario.facts.iter().enumerate() {
        if !stated.contains(fact.id.as_str()) {
            checker.warn(
                "unused-fact",
                format!("facts[{i}]"),
                format!("fact \"{}\" is never stated by any node", fact.id),
                "list it under `states:` of the node whose line says it, or remove it".into(),
            );
        }
    }
    for (i, intent) in scenario.intents.iter().enumerate() {
        if !used_intents.contains(intent.id.as_str()) {
            checker.warn(
                "unused-intent",
                format!("intents[{i}]"),
                format!("intent \"{}\" is never used in a condition", intent.id),
                "use it in a transition's `when:`, or remove it".into(),
            );
        }
    }
    let checked_names: HashSet<&str> = flags_checked.iter().map(|(f, _)| *f).collect();
    for (name, field) in &flags_checked {
        if !flags_set.contains(name) {
            checker.warn(
                "unused-flag",
                field.clone(),
                format!("flag \"{name}\" is checked but never set, so this condition is fixed"),
                suggestion(name, flags_set.iter().copied()),
            );
        }
    }
    for (n, node) in scenario.nodes.iter().enumerate() {
        let sets = node
            .transitions
            .iter()
            .enumerate()
            .flat_map(|(t, tr)| {
                tr.set
                    .iter()
                    .map(move |f| (f, format!("nodes[{n}].transitions[{t}].set")))
            })
            .chain(node.options.iter().enumerate().flat_map(|(o, op)| {
                op.set
                    .iter()
                    .map(move |f| (f, format!("nodes[{n}].options[{o}].set")))
            }));
        for (flag, field) in sets {
            if !checked_names.contains(flag.as_str()) {
                checker.warn(
                    "unused-flag",
                    field,
                    format!("flag \"{flag}\" is set but no condition checks it"),
                    "check it in a `when:` (flags / not_flags), or stop setting it".into(),
                );
            }
        }
    }
}

/// The edges of the conversation graph: node id to the ids it may go to.
pub fn edges(scenario: &Scenario) -> HashMap<&str, Vec<&str>> {
    scenario
        .nodes
        .iter()
        .map(|node| {
            let mut next: Vec<&str> = node.transitions.iter().map(|t| t.goto.as_str()).collect();
            next.extend(node.options.iter().filter_map(|o| o.goto.as_deref()));
            (node.id.as_str(), next)
        })
        .collect()
}

fn check_graph(checker: &mut Checker, scenario: &Scenario, targets: &HashSet<String>) {
    let edges = edges(scenario);
    let ending_ids: HashSet<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();

    for (n, node) in scenario.nodes.iter().enumerate() {
        let has_default = node.transitions.iter().any(|t| t.when.is_unconditional());
        let options_all_lead = node.is_choice() && node.options.iter().all(|o| o.goto.is_some());
        if node.transitions.is_empty() && !options_all_lead {
            checker.error(
                "dead-end",
                format!("nodes[{n}]"),
                format!(
                    "node \"{}\" has no way onward and is not an ending: the conversation would stop here",
                    node.id
                ),
                "add `transitions:` (ending with one without `when:`), or `goto:` on every option"
                    .into(),
            );
        } else if !has_default && !options_all_lead {
            checker.error(
                "no-default",
                format!("nodes[{n}].transitions"),
                format!(
                    "node \"{}\" has no transition without a condition, so a reply that matches none has nowhere to go",
                    node.id
                ),
                "add a last transition with only `goto:` as the default".into(),
            );
        }
    }

    // Forward reachability from the start.
    let mut reached: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    if targets.contains(&scenario.start) {
        reached.insert(scenario.start.as_str());
        queue.push_back(scenario.start.as_str());
    }
    while let Some(id) = queue.pop_front() {
        for next in edges.get(id).into_iter().flatten() {
            if reached.insert(next) {
                queue.push_back(next);
            }
        }
    }
    // Backward: which nodes can still reach some ending.
    let mut reverse: HashMap<&str, Vec<&str>> = HashMap::new();
    for (from, tos) in &edges {
        for to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut can_finish: HashSet<&str> = ending_ids.clone();
    let mut queue: VecDeque<&str> = ending_ids.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        for previous in reverse.get(id).into_iter().flatten() {
            if can_finish.insert(previous) {
                queue.push_back(previous);
            }
        }
    }

    if reached.is_empty() {
        return;
    }
    for (n, node) in scenario.nodes.iter().enumerate() {
        let id = node.id.as_str();
        if !reached.contains(id) {
            checker.warn(
                "unreachable-node",
                format!("nodes[{n}].id"),
                format!(
                    "node \"{id}\" cannot be reached from the start node \"{}\"",
                    scenario.start
                ),
                "add a transition or option that goes to it, or remove it".into(),
            );
        } else if !can_finish.contains(id) && !edges.get(id).is_none_or(Vec::is_empty) {
            checker.error(
                "no-way-out",
                format!("nodes[{n}].id"),
                format!(
                    "node \"{id}\" is caught in a loop with no way out: no ending can be reached from it (it leads only to {})",
                    quoted_list(edges.get(id).map(Vec::as_slice).unwrap_or_default())
                ),
                "add a transition from the loop to an ending or to a node that leads to one".into(),
            );
        }
    }
    for (e, ending) in scenario.endings.iter().enumerate() {
        if !reached.contains(ending.id.as_str()) {
            checker.warn(
                "unreachable-ending",
                format!("endings[{e}].id"),
                format!("no path from the start reaches ending \"{}\"", ending.id),
                "add a transition that goes to it, or remove it".into(),
            );
        }
    }
}

fn quoted_list(ids: &[&str]) -> String {
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    unique
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
