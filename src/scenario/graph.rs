//! The branching structure of a scenario as Graphviz DOT or Mermaid, so trainers can see the
//! conversation they wrote (and paste it into a wiki).

use std::fmt::Write;

use super::model::{Condition, Outcome, Scenario};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GraphFormat {
    #[default]
    Dot,
    Mermaid,
}

/// One arrow of the graph with a short description of when it is taken.
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    label: String,
}

fn edges(scenario: &Scenario) -> Vec<Edge<'_>> {
    let mut edges = Vec::new();
    for node in &scenario.nodes {
        for (i, option) in node.options.iter().enumerate() {
            if let Some(goto) = &option.goto {
                edges.push(Edge {
                    from: &node.id,
                    to: goto,
                    label: format!("option {}", i + 1),
                });
            }
        }
        for transition in &node.transitions {
            edges.push(Edge {
                from: &node.id,
                to: &transition.goto,
                label: describe(&transition.when),
            });
        }
    }
    edges
}

/// A compact, human description of a condition, e.g. `apology ≥ 50, intent offers_refund`.
pub fn describe(condition: &Condition) -> String {
    let mut parts = Vec::new();
    for (dimension, value) in &condition.min {
        parts.push(format!("{dimension} ≥ {value}"));
    }
    for (dimension, value) in &condition.below {
        parts.push(format!("{dimension} < {value}"));
    }
    for intent in &condition.intents {
        parts.push(format!("intent {intent}"));
    }
    if !condition.any_intent.is_empty() {
        parts.push(format!("any of {}", condition.any_intent.join("/")));
    }
    for intent in &condition.no_intent {
        parts.push(format!("no {intent}"));
    }
    if !condition.harm.is_empty() {
        let harms: Vec<&str> = condition.harm.iter().map(|h| h.name()).collect();
        parts.push(format!("harm {}", harms.join("/")));
    }
    if let Some(v) = condition.anger_at_least {
        parts.push(format!("anger ≥ {v}"));
    }
    if let Some(v) = condition.anger_below {
        parts.push(format!("anger < {v}"));
    }
    for flag in &condition.flags {
        parts.push(format!("flag {flag}"));
    }
    for flag in &condition.not_flags {
        parts.push(format!("not {flag}"));
    }
    if let Some(v) = condition.visits_at_least {
        parts.push(format!("visit ≥ {v}"));
    }
    if parts.is_empty() {
        "otherwise".into()
    } else {
        parts.join(", ")
    }
}

fn outcome_marker(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "✔",
        Outcome::Escalated => "⇧",
        Outcome::WalkedOut => "✖",
        Outcome::Other => "■",
    }
}

pub fn render(scenario: &Scenario, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(scenario),
        GraphFormat::Mermaid => mermaid(scenario),
    }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot(scenario: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&scenario.id));
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(out, "  label=\"{}\";", dot_escape(&scenario.title));
    let _ = writeln!(out, "  node [shape=box, style=rounded];");
    for node in &scenario.nodes {
        let kind = if node.is_choice() {
            "choice"
        } else {
            "free text"
        };
        let start = if node.id == scenario.start {
            ", penwidth=2, xlabel=\"start\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{id}\" [label=\"{id}\\n({kind})\"{start}];",
            id = dot_escape(&node.id)
        );
    }
    for ending in &scenario.endings {
        let _ = writeln!(
            out,
            "  \"{id}\" [shape=doubleoctagon, label=\"{marker} {id}\\n{outcome}: {title}\"];",
            id = dot_escape(&ending.id),
            marker = outcome_marker(ending.outcome),
            outcome = ending.outcome.label(),
            title = dot_escape(&ending.title)
        );
    }
    for edge in edges(scenario) {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"];",
            dot_escape(edge.from),
            dot_escape(edge.to),
            dot_escape(&edge.label)
        );
    }
    out.push_str("}\n");
    out
}

fn mermaid_escape(text: &str) -> String {
    text.replace('"', "#quot;")
}

fn mermaid(scenario: &Scenario) -> String {
    // Mermaid ids cannot hold every character a scenario id may; use positional ids with labels.
    let id_of = |name: &str| -> String {
        if let Some(i) = scenario.nodes.iter().position(|n| n.id == name) {
            format!("n{i}")
        } else if let Some(i) = scenario.endings.iter().position(|e| e.id == name) {
            format!("e{i}")
        } else {
            "missing".into()
        }
    };
    let mut out = String::from("flowchart LR\n");
    for (i, node) in scenario.nodes.iter().enumerate() {
        let start = if node.id == scenario.start {
            "▶ "
        } else {
            ""
        };
        let _ = writeln!(out, "  n{i}[\"{start}{}\"]", mermaid_escape(&node.id));
    }
    for (i, ending) in scenario.endings.iter().enumerate() {
        let _ = writeln!(
            out,
            "  e{i}([\"{} {}: {}\"])",
            outcome_marker(ending.outcome),
            mermaid_escape(&ending.id),
            mermaid_escape(&ending.title)
        );
    }
    for edge in edges(scenario) {
        let _ = writeln!(
            out,
            "  {} -->|\"{}\"| {}",
            id_of(edge.from),
            mermaid_escape(&edge.label),
            id_of(edge.to)
        );
    }
    out
}
