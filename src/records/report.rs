//! A cohort report from many trainees' records: who passed what, and where customers are lost.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::Record;
use super::history::csv_field;
use crate::engine::average_scores;
use crate::scenario::model::Outcome;
use crate::scoring::{Dimension, Scores};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Table,
    Markdown,
    Csv,
    Json,
}

/// One trainee's results on one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraineeResult {
    pub trainee: String,
    pub scenario: String,
    pub attempts: usize,
    /// The highest score reached on each dimension, over all attempts.
    pub best: Scores,
    pub best_overall: u8,
    pub latest: Scores,
    pub latest_overall: u8,
    /// Ending id to how many times it was reached.
    pub endings: BTreeMap<String, usize>,
    /// The best overall reached the pass mark.
    pub passed: bool,
}

/// What happened on one scenario across everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioResult {
    pub scenario: String,
    pub title: String,
    pub attempts: usize,
    pub trainees: usize,
    pub average: Scores,
    /// Runs that ended escalated or walked out.
    pub lost: usize,
    /// Nodes where the last reply of a lost run was given, most frequent first.
    pub lost_at: Vec<(String, usize)>,
    /// Harmful moves, most frequent first.
    pub flags: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub pass: u8,
    pub trainees: Vec<TraineeResult>,
    pub scenarios: Vec<ScenarioResult>,
}

fn max_scores(a: Scores, b: Scores) -> Scores {
    let mut out = a;
    for d in Dimension::ALL {
        out.set(d, a.get(d).max(b.get(d)));
    }
    out
}

fn sorted_counts(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

pub fn build(records: &[Record], pass: u8) -> Report {
    let mut chronological: Vec<&Record> = records.iter().collect();
    chronological.sort_by(|a, b| a.finished_at.cmp(&b.finished_at));

    let mut trainees: BTreeMap<(String, String), TraineeResult> = BTreeMap::new();
    for record in &chronological {
        let key = (record.trainee.clone(), record.scenario.id.clone());
        let entry = trainees.entry(key).or_insert_with(|| TraineeResult {
            trainee: record.trainee.clone(),
            scenario: record.scenario.id.clone(),
            attempts: 0,
            best: Scores::default(),
            best_overall: 0,
            latest: record.totals,
            latest_overall: record.overall,
            endings: BTreeMap::new(),
            passed: false,
        });
        entry.attempts += 1;
        entry.best = max_scores(entry.best, record.totals);
        entry.best_overall = entry.best_overall.max(record.overall);
        entry.latest = record.totals;
        entry.latest_overall = record.overall;
        *entry.endings.entry(record.ending.id.clone()).or_default() += 1;
        entry.passed = entry.best_overall >= pass;
    }

    let mut by_scenario: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for record in &chronological {
        by_scenario
            .entry(record.scenario.id.clone())
            .or_default()
            .push(record);
    }
    let scenarios = by_scenario
        .into_iter()
        .map(|(id, runs)| {
            let mut lost_at = BTreeMap::new();
            let mut flags = BTreeMap::new();
            let mut lost = 0;
            for run in &runs {
                if matches!(run.ending.outcome, Outcome::Escalated | Outcome::WalkedOut) {
                    lost += 1;
                    if let Some(last) = run.turns.last() {
                        *lost_at.entry(last.node.clone()).or_default() += 1;
                    }
                }
                for turn in &run.turns {
                    for flag in &turn.assessment.flags {
                        *flags.entry(flag.kind.name().to_string()).or_default() += 1;
                    }
                }
            }
            let mut people: Vec<&str> = runs.iter().map(|r| r.trainee.as_str()).collect();
            people.sort_unstable();
            people.dedup();
            ScenarioResult {
                title: runs
                    .last()
                    .map(|r| r.scenario.title.clone())
                    .unwrap_or_default(),
                scenario: id,
                attempts: runs.len(),
                trainees: people.len(),
                average: average_scores(runs.iter().map(|r| r.totals)),
                lost,
                lost_at: sorted_counts(lost_at),
                flags: sorted_counts(flags),
            }
        })
        .collect();
    Report {
        pass,
        trainees: trainees.into_values().collect(),
        scenarios,
    }
}

fn scores_text(scores: &Scores) -> String {
    Dimension::ALL
        .iter()
        .map(|d| scores.get(*d).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn endings_text(endings: &BTreeMap<String, usize>) -> String {
    endings
        .iter()
        .map(|(id, n)| format!("{id}×{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn lost_text(result: &ScenarioResult) -> String {
    match result.lost_at.first() {
        Some((node, count)) => format!("{node} ({count} of {} lost runs)", result.lost),
        None => "no customer lost".into(),
    }
}

fn flags_text(result: &ScenarioResult) -> String {
    let top: Vec<String> = result
        .flags
        .iter()
        .take(3)
        .map(|(flag, count)| format!("{flag} ×{count}"))
        .collect();
    if top.is_empty() {
        "none".into()
    } else {
        top.join(", ")
    }
}

pub fn render(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Table => render_table(report),
        ReportFormat::Markdown => render_markdown(report),
        ReportFormat::Csv => render_csv(report),
        ReportFormat::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
    }
}

fn render_table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Trainees (scores listening/empathy/apology/ownership; pass: best overall ≥ {})",
        report.pass
    );
    let _ = writeln!(
        out,
        "{:<16} {:<24} {:>4}  {:<15} {:>4}  {:<15} {:>6}  {:<6} endings",
        "trainee", "scenario", "runs", "best", "all", "latest", "latest", "result"
    );
    for r in &report.trainees {
        let _ = writeln!(
            out,
            "{:<16} {:<24} {:>4}  {:<15} {:>4}  {:<15} {:>6}  {:<6} {}",
            r.trainee,
            r.scenario,
            r.attempts,
            scores_text(&r.best),
            r.best_overall,
            scores_text(&r.latest),
            r.latest_overall,
            if r.passed { "pass" } else { "FAIL" },
            endings_text(&r.endings)
        );
    }
    let _ = writeln!(out, "\nScenarios");
    for s in &report.scenarios {
        let _ = writeln!(
            out,
            "{} ({}): {} runs by {} trainee{}, average {}\n  customers most often lost at: {}\n  most frequent harmful moves: {}",
            s.title,
            s.scenario,
            s.attempts,
            s.trainees,
            if s.trainees == 1 { "" } else { "s" },
            scores_text(&s.average),
            lost_text(s),
            flags_text(s)
        );
    }
    out
}

fn render_markdown(report: &Report) -> String {
    let mut out = String::from("## Trainees\n\n");
    let _ = writeln!(
        out,
        "Scores are listening / empathy / apology / ownership, 0-100. A trainee passes a scenario when their best overall score is at least **{}**.\n",
        report.pass
    );
    out.push_str("| Trainee | Scenario | Runs | Best | Best overall | Latest | Latest overall | Result | Endings |\n");
    out.push_str("| --- | --- | ---: | --- | ---: | --- | ---: | --- | --- |\n");
    for r in &report.trainees {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.trainee.replace('|', "\\|"),
            r.scenario,
            r.attempts,
            scores_text(&r.best),
            r.best_overall,
            scores_text(&r.latest),
            r.latest_overall,
            if r.passed { "✅ pass" } else { "❌ fail" },
            endings_text(&r.endings)
        );
    }
    out.push_str("\n## Scenarios\n\n");
    out.push_str("| Scenario | Runs | Trainees | Average | Customers most often lost at | Most frequent harmful moves |\n");
    out.push_str("| --- | ---: | ---: | --- | --- | --- |\n");
    for s in &report.scenarios {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.title.replace('|', "\\|"),
            s.attempts,
            s.trainees,
            scores_text(&s.average),
            lost_text(s),
            flags_text(s)
        );
    }
    out
}

fn render_csv(report: &Report) -> String {
    let mut out = String::from(
        "trainee,scenario,attempts,best_listening,best_empathy,best_apology,best_ownership,best_overall,latest_listening,latest_empathy,latest_apology,latest_ownership,latest_overall,passed,endings\n",
    );
    for r in &report.trainees {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&r.trainee),
            csv_field(&r.scenario),
            r.attempts,
            r.best.listening,
            r.best.empathy,
            r.best.apology,
            r.best.ownership,
            r.best_overall,
            r.latest.listening,
            r.latest.empathy,
            r.latest.apology,
            r.latest.ownership,
            r.latest_overall,
            r.passed,
            csv_field(&endings_text(&r.endings))
        );
    }
    out
}
