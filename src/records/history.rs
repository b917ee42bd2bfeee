//! One trainee's history: their runs newest first, best and latest per scenario, and the trend
//! of each dimension over their recent runs, so improvement is seen at a glance.

use std::fmt::Write;

use serde::Serialize;

use super::Record;
use crate::scoring::{Dimension, Scores};

/// How many recent runs a trend looks at.
pub const TREND_WINDOW: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioSummary {
    pub id: String,
    pub title: String,
    pub attempts: usize,
    pub best_overall: u8,
    pub best_finished_at: String,
    pub latest_overall: u8,
    pub latest_ending: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trend {
    pub dimension: Dimension,
    /// Scores of the recent runs, oldest first.
    pub recent: Vec<u8>,
    /// Mean of the newer half of the window minus the mean of the older half.
    pub change: i16,
}

impl Trend {
    pub fn word(&self) -> &'static str {
        match self.change {
            change if change >= 5 => "improving",
            change if change <= -5 => "slipping",
            _ => "steady",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct History<'r> {
    pub trainee: String,
    /// Newest first.
    pub runs: Vec<&'r Record>,
    pub scenarios: Vec<ScenarioSummary>,
    pub trends: Vec<Trend>,
}

/// The history of `trainee`, optionally for one scenario. `records` may be in any order.
pub fn history<'r>(records: &'r [Record], trainee: &str, scenario: Option<&str>) -> History<'r> {
    let mut runs: Vec<&Record> = records
        .iter()
        .filter(|r| r.trainee == trainee && scenario.is_none_or(|id| r.scenario.id == id))
        .collect();
    runs.sort_by(|a, b| b.finished_at.cmp(&a.finished_at));

    let mut scenarios: Vec<ScenarioSummary> = Vec::new();
    for run in &runs {
        match scenarios.iter_mut().find(|s| s.id == run.scenario.id) {
            Some(summary) => {
                summary.attempts += 1;
                if run.overall > summary.best_overall {
                    summary.best_overall = run.overall;
                    summary.best_finished_at = run.finished_at.clone();
                }
            }
            None => scenarios.push(ScenarioSummary {
                id: run.scenario.id.clone(),
                title: run.scenario.title.clone(),
                attempts: 1,
                best_overall: run.overall,
                best_finished_at: run.finished_at.clone(),
                latest_overall: run.overall,
                latest_ending: run.ending.title.clone(),
            }),
        }
    }
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));

    let window: Vec<&Record> = runs.iter().take(TREND_WINDOW).rev().copied().collect();
    let trends = Dimension::ALL
        .iter()
        .map(|d| {
            let recent: Vec<u8> = window.iter().map(|r| r.totals.get(*d)).collect();
            Trend {
                dimension: *d,
                change: half_change(&recent),
                recent,
            }
        })
        .collect();
    History {
        trainee: trainee.to_string(),
        runs,
        scenarios,
        trends,
    }
}

fn half_change(values: &[u8]) -> i16 {
    if values.len() < 2 {
        return 0;
    }
    let half = values.len() / 2;
    let mean =
        |part: &[u8]| part.iter().map(|v| i32::from(*v)).sum::<i32>() / part.len().max(1) as i32;
    (mean(&values[values.len() - half..]) - mean(&values[..half])) as i16
}

/// `▁▂▃▄▅▆▇█` for values 0 to 100.
pub fn sparkline(values: &[u8]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| BARS[(usize::from((*v).min(100)) * 7 + 50) / 100])
        .collect()
}

fn date(timestamp: &str) -> &str {
    timestamp.get(..16).unwrap_or(timestamp)
}

fn scores_cells(scores: &Scores) -> String {
    Dimension::ALL
        .iter()
        .map(|d| format!("{:>4}", scores.get(*d)))
        .collect()
}

pub fn render_table(history: &History) -> String {
    let mut out = String::new();
    if history.runs.is_empty() {
        let _ = writeln!(
            out,
            "No finished runs for {} yet. Play a scenario with `defuse` to start a history.",
            history.trainee
        );
        return out;
    }
    let _ = writeln!(out, "Runs of {} (newest first)", history.trainee);
    let _ = writeln!(
        out,
        "{:<16}  {:<24} {:<28} {:>4}{:>4}{:>4}{:>4} {:>8}",
        "date", "scenario", "ending", "lis", "emp", "apo", "own", "overall"
    );
    for run in &history.runs {
        let _ = writeln!(
            out,
            "{:<16}  {:<24} {:<28} {} {:>7}",
            date(&run.finished_at),
            truncate(&run.scenario.id, 24),
            truncate(
                &format!("{} ({})", run.ending.title, run.ending.outcome.label()),
                28
            ),
            scores_cells(&run.totals),
            run.overall
        );
    }
    let _ = writeln!(out, "\nPer scenario");
    for s in &history.scenarios {
        let _ = writeln!(
            out,
            "  {:<24} {} run{}  best {:>3} ({})  latest {:>3} ({})",
            s.id,
            s.attempts,
            if s.attempts == 1 { "" } else { "s" },
            s.best_overall,
            date(&s.best_finished_at),
            s.latest_overall,
            s.latest_ending
        );
    }
    let _ = writeln!(
        out,
        "\nTrend over the last {} run{} (oldest → newest)",
        history.trends.first().map_or(0, |t| t.recent.len()),
        if history.runs.len() == 1 { "" } else { "s" }
    );
    for trend in &history.trends {
        let _ = writeln!(
            out,
            "  {:<10} {:<10} {:+4}  {}",
            trend.dimension.name(),
            sparkline(&trend.recent),
            trend.change,
            trend.word()
        );
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// One CSV row per run, with a header.
pub fn render_csv(history: &History) -> String {
    let mut out = String::from(
        "finished_at,trainee,scenario,ending,outcome,listening,empathy,apology,ownership,overall,seed,mode\n",
    );
    for run in &history.runs {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            run.finished_at,
            csv_field(&run.trainee),
            csv_field(&run.scenario.id),
            csv_field(&run.ending.id),
            run.ending.outcome.label(),
            run.totals.listening,
            run.totals.empathy,
            run.totals.apology,
            run.totals.ownership,
            run.overall,
            run.seed,
            run.mode
        );
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
