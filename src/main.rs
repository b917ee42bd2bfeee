//! The `defuse` command: argument parsing and dispatch only; the work lives in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use std::sync::Arc;

use defuse::catalog::{self, Catalog};
use defuse::drill::client::join;
use defuse::drill::host::{Host, HostConfig, new_join_code};
use defuse::drill::roundtable::RoundTable;
use defuse::records::report::{self, ReportFormat};
use defuse::records::{self, Record, history};
use defuse::scenario::diagnostic::{Diagnostic, render};
use defuse::scenario::graph::{self, GraphFormat};
use defuse::scenario::load::{LoadError, check_str, read_file};
use defuse::scenario::load::{Origin, load_str};
use defuse::scoring::{
    LexiconFile, RuleScorer, ScoreContext, Scorer, render as render_assessment, score_jsonl,
};
use defuse::script;
use defuse::tui::host::HostApp;

#[derive(Parser)]
#[command(
    name = "defuse",
    version,
    about = "Practise calming down angry customers",
    long_about = "Practise calming down angry customers: play a scenario, get scored on listening, \
                  empathy, apology and ownership, and see exactly which words earned or cost points.\n\n\
                  Run without a command to open the trainer."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    trainer: GlobalArgs,
}

/// How the interactive trainer starts (with no subcommand, or `play` without `--replies`).
#[derive(clap::Args, Clone)]
struct GlobalArgs {
    /// Exam mode: no feedback until the debrief (default: practice mode).
    #[arg(long, global = true)]
    exam: bool,
    /// The customer gets angrier while you take too long to reply.
    #[arg(long, global = true)]
    timed: bool,
    /// Another folder to search for scenarios, besides the built-ins and ./scenarios.
    #[arg(long, value_name = "DIR", global = true)]
    dir: Vec<PathBuf>,
    /// Your name on saved records (default: $DEFUSE_NAME, then your login name).
    #[arg(long, global = true)]
    name: Option<String>,
    /// Where records are kept (default: $DEFUSE_HOME, then the platform's data folder).
    #[arg(long, value_name = "DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Extra scorer phrases for every scenario (see docs/scoring.md).
    #[arg(long, value_name = "FILE", global = true)]
    lexicon: Option<PathBuf>,
}

impl GlobalArgs {
    fn scorer(&self) -> Result<RuleScorer> {
        match &self.lexicon {
            Some(path) => Ok(RuleScorer::with_extra_lexicon(path)?),
            None => Ok(RuleScorer::new()),
        }
    }
}

#[derive(Subcommand)]
enum DrillCommand {
    /// Host a networked drill: participants join with the address and join code shown.
    Host {
        scenario: String,
        /// Where to listen. Another address than 127.0.0.1 lets other machines join.
        #[arg(long, default_value = "127.0.0.1:4747", value_name = "ADDR:PORT")]
        bind: String,
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Join a drill hosted at ADDR (host:port) with the host's join code; your name is --name.
    Join {
        address: String,
        #[arg(long)]
        code: String,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Play a scenario without a screen, from replies given one per line.
    Play {
        /// A built-in scenario id (see `defuse list`) or a path to a scenario file.
        scenario: String,
        /// File with one reply per line ("-" for stdin); for a choice turn, the option's number.
        #[arg(long, value_name = "FILE")]
        replies: Option<String>,
        /// Seed for the customer's line variants; the same seed and replies replay identically
        /// (default: the replies file's `# seed: N` line, else 1; the trainer picks a new one).
        #[arg(long)]
        seed: Option<u64>,
        /// Print the whole transcript as JSON.
        #[arg(long)]
        json: bool,
        /// Do not save a record of the run (e.g. when testing a scenario).
        #[arg(long)]
        no_save: bool,
    },
    /// Your finished runs, newest first, with bests and trends.
    History {
        /// Only runs of this scenario id.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// A cohort report from records of many trainees (files or folders).
    Report {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Overall score (0-100) a trainee's best run needs to pass a scenario.
        #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(0..=100))]
        pass: u8,
    },
    /// Check scenario files (or folders of them) for errors and warnings.
    Lint {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print diagnostics as JSON.
        #[arg(long)]
        json: bool,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the tests written in scenario files (`tests:`): each must reach its ending.
    Test {
        /// Scenario files or folders (default: ./scenarios).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print a scenario's branching structure.
    Graph {
        scenario: String,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// List the scenarios found: built-in, ./scenarios and --dir.
    List,
    /// Group drills: a round table on this terminal, or a host and participants on a network.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Drill {
        #[command(subcommand)]
        network: Option<DrillCommand>,
        /// The scenario everyone faces (round-table drill).
        #[arg(required = true)]
        scenario: Option<String>,
        /// The players, comma-separated, e.g. "Ana,Ben,Chen".
        #[arg(long, required = true)]
        players: Option<String>,
        /// Seed for the customer's lines (default: a new one each drill).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Score one reply (or a stream of them) for listening, empathy, apology and ownership.
    Score {
        /// The reply to score.
        #[arg(required_unless_present = "jsonl")]
        reply: Option<String>,
        /// What the customer said, so listening can be judged.
        #[arg(long, value_name = "TEXT")]
        context: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Read JSON lines {"context": ..., "reply": ...} from stdin; write one result per line.
        #[arg(long, conflicts_with_all = ["reply", "json", "context"])]
        jsonl: bool,
    },
}

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(Cli::parse(), &mut out) {
        Ok(code) => code,
        // A reader that stops early (`defuse lint ... | head`) is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("defuse: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, out: &mut impl Write) -> Result<ExitCode> {
    let trainer = cli.trainer;
    let Some(command) = cli.command else {
        return interactive(None, None, &trainer);
    };
    match command {
        Command::Play {
            scenario,
            replies,
            seed,
            json,
            no_save,
        } => match replies {
            Some(replies) => play(out, &scenario, &replies, seed, json, !no_save, &trainer),
            None => interactive(Some(&scenario), seed, &trainer),
        },
        Command::Lint {
            paths,
            json,
            deny_warnings,
        } => lint(out, &paths, json, deny_warnings),
        Command::Graph { scenario, format } => {
            let loaded = catalog::resolve(&scenario, &catalog::search_dirs(&trainer.dir))?;
            write!(out, "{}", graph::render(&loaded.scenario, format))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::List => list(out, &trainer.dir),
        Command::Test { paths } => test_scenarios(out, &paths, &trainer),
        Command::Drill {
            network,
            scenario,
            players,
            seed,
        } => match network {
            Some(DrillCommand::Host {
                scenario,
                bind,
                seed,
            }) => drill_host(out, &scenario, &bind, seed, &trainer),
            Some(DrillCommand::Join { address, code }) => drill_join(&address, &code, &trainer),
            None => round_table(
                scenario.as_deref().unwrap_or_default(),
                players.as_deref().unwrap_or_default(),
                seed,
                &trainer,
            ),
        },
        Command::Score {
            reply,
            context,
            json,
            jsonl,
        } => {
            let scorer = trainer.scorer()?;
            if jsonl {
                score_jsonl(std::io::stdin().lock(), &mut *out, &scorer)?;
                return Ok(ExitCode::SUCCESS);
            }
            let reply = reply.unwrap_or_default();
            let context = ScoreContext {
                customer_line: context.as_deref().unwrap_or(""),
                ..ScoreContext::default()
            };
            let assessment = scorer.score(&reply, &context);
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&assessment)?)?;
            } else {
                write!(out, "{}", render_assessment(&reply, &assessment))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::History {
            scenario,
            json,
            csv,
        } => history(out, scenario.as_deref(), json, csv, &trainer),
        Command::Report {
            paths,
            format,
            pass,
        } => {
            let (records, skipped) = records::load(&paths);
            for problem in &skipped {
                eprintln!("defuse: {problem}");
            }
            write!(
                out,
                "{}",
                report::render(&report::build(&records, pass), format)
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn play(
    out: &mut impl Write,
    reference: &str,
    source: &str,
    seed: Option<u64>,
    json: bool,
    save: bool,
    global: &GlobalArgs,
) -> Result<ExitCode> {
    let loaded = catalog::resolve(reference, &catalog::search_dirs(&global.dir))?;
    let started_at = records::time::now_rfc3339();
    let text = if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .context("cannot read the replies from stdin")?;
        text
    } else {
        std::fs::read_to_string(source)
            .with_context(|| format!("cannot read the replies file {source}"))?
    };
    let file = script::parse_replies(&text);
    let seed = seed.or(file.seed).unwrap_or(1);
    let replies = file.replies;
    let scorer = global.scorer()?;
    let run = script::play(&loaded, seed, &replies, &scorer);
    if save {
        let trainee = records::trainee_name(global.name.as_deref());
        if let Some(record) = Record::from_transcript(
            &run.transcript,
            &trainee,
            "scripted",
            started_at,
            records::time::now_rfc3339(),
        ) {
            let dir = records_dir(global)?;
            records::save(&dir, &record)
                .with_context(|| format!("cannot save the record in {}", dir.display()))?;
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &run.transcript)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", script::render_text(&loaded, &run.transcript))?;
    }
    if run.unused > 0 {
        eprintln!(
            "defuse: note: the conversation ended with {} replies unused",
            run.unused
        );
    }
    match run.stopped {
        Some(problem) => {
            eprintln!("defuse: {problem}");
            Ok(ExitCode::FAILURE)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

fn lint(
    out: &mut impl Write,
    paths: &[PathBuf],
    json: bool,
    deny_warnings: bool,
) -> Result<ExitCode> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut files = 0;
    for path in paths {
        let found = catalog::scenario_files(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if found.is_empty() {
            bail!("no .yaml or .yml files found in {}", path.display());
        }
        for file in found {
            files += 1;
            match read_file(&file) {
                Ok(text) => {
                    diagnostics.extend(check_str(&file.display().to_string(), &text).diagnostics)
                }
                Err(LoadError::Invalid(found)) => diagnostics.extend(found),
                Err(error) => return Err(error.into()),
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&diagnostics)?)?;
    } else {
        if !diagnostics.is_empty() {
            writeln!(out, "{}\n", render(&diagnostics))?;
        }
        writeln!(
            out,
            "{files} file{} checked: {errors} error{}, {warnings} warning{}",
            plural(files),
            plural(errors),
            plural(warnings)
        )?;
    }
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn records_dir(global: &GlobalArgs) -> Result<PathBuf> {
    let data = records::data_dir(global.data_dir.as_deref())
        .context("cannot find a data folder for records; set DEFUSE_HOME or pass --data-dir DIR")?;
    Ok(records::records_dir(&data))
}

fn history(
    out: &mut impl Write,
    scenario: Option<&str>,
    json: bool,
    csv: bool,
    global: &GlobalArgs,
) -> Result<ExitCode> {
    let dir = records_dir(global)?;
    let (records, skipped) = records::load(&[dir]);
    for problem in skipped
        .iter()
        .filter(|s| !s.reason.starts_with("no such file"))
    {
        eprintln!("defuse: {problem}");
    }
    let trainee = records::trainee_name(global.name.as_deref());
    let history = history::history(&records, &trainee, scenario);
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&history)?)?;
    } else if csv {
        write!(out, "{}", history::render_csv(&history))?;
    } else {
        write!(out, "{}", history::render_table(&history))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn list(out: &mut impl Write, dirs: &[PathBuf]) -> Result<ExitCode> {
    let catalog = Catalog::discover(&catalog::search_dirs(dirs));
    for loaded in &catalog.scenarios {
        let s = &loaded.scenario;
        let origin = match &loaded.origin {
            defuse::scenario::Origin::Builtin => "built-in".to_string(),
            defuse::scenario::Origin::File(path) => path.display().to_string(),
            defuse::scenario::Origin::Drill(address) => format!("drill host {address}"),
        };
        writeln!(
            out,
            "{:<24} {:<6} {:>3} min  {}  [{}]  ({origin})",
            s.id,
            s.difficulty.label(),
            s.minutes,
            s.title,
            s.tags.join(", ")
        )?;
    }
    for problem in &catalog.problems {
        eprintln!("defuse: skipped a scenario that does not load:\n{problem}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the terminal trainer: at the picker, or straight into `reference`.
fn interactive(
    reference: Option<&str>,
    seed: Option<u64>,
    trainer: &GlobalArgs,
) -> Result<ExitCode> {
    let dirs = &trainer.dir;
    require_terminal()?;
    let mut catalog = Catalog::discover(&catalog::search_dirs(dirs));
    for problem in &catalog.problems {
        eprintln!("defuse: skipped a scenario that does not load:\n{problem}");
    }
    let start = match reference {
        Some(reference) => {
            let loaded = catalog::resolve(reference, &catalog::search_dirs(dirs))?;
            let id = loaded.scenario.id.clone();
            match catalog.scenarios.iter().position(|s| s.scenario.id == id) {
                Some(index) => catalog.scenarios[index] = loaded,
                None => catalog.scenarios.push(loaded),
            }
            catalog.scenarios.iter().position(|s| s.scenario.id == id)
        }
        None => None,
    };
    let seed = seed.unwrap_or_else(new_seed);
    let scorer = trainer.scorer()?;
    let records = records_dir(trainer);
    let options = defuse::tui::Options {
        start,
        seed,
        mode: if trainer.exam {
            defuse::tui::app::Mode::Exam
        } else {
            defuse::tui::app::Mode::Practice
        },
        timed: trainer.timed,
        trainee: records::trainee_name(trainer.name.as_deref()),
        records_dir: records.as_ref().ok().cloned(),
        notice: records
            .as_ref()
            .err()
            .map(|e| format!("Runs will not be saved: {e}")),
    };
    defuse::tui::run(&catalog.scenarios, &scorer, options)?;
    Ok(ExitCode::SUCCESS)
}

fn new_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
}

fn require_terminal() -> Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(defuse::tui::strings::STDIN_NOT_TERMINAL);
    }
    Ok(())
}

fn round_table(
    reference: &str,
    players: &str,
    seed: Option<u64>,
    global: &GlobalArgs,
) -> Result<ExitCode> {
    let loaded = catalog::resolve(reference, &catalog::search_dirs(&global.dir))?;
    let names: Vec<String> = players
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let table = RoundTable::new(&loaded, seed.unwrap_or_else(new_seed), &names)?;
    require_terminal()?;
    let scorer = global.scorer()?;
    let records = records_dir(global);
    let notice = records
        .as_ref()
        .err()
        .map(|e| format!("Runs will not be saved: {e}"));
    defuse::tui::run_round_table(table, &scorer, records.as_ref().ok(), notice)?;
    Ok(ExitCode::SUCCESS)
}

fn drill_host(
    out: &mut impl Write,
    reference: &str,
    bind: &str,
    seed: Option<u64>,
    global: &GlobalArgs,
) -> Result<ExitCode> {
    let loaded = catalog::resolve(reference, &catalog::search_dirs(&global.dir))?;
    let address: std::net::SocketAddr = bind
        .parse()
        .with_context(|| format!("--bind {bind} is not an address like 127.0.0.1:4747"))?;
    require_terminal()?;
    let seed = seed.unwrap_or_else(new_seed);
    let text = loaded.source.clone();
    let mut config = HostConfig::new(new_join_code(), seed);
    if let Some(path) = &global.lexicon {
        config.lexicon = Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the lexicon {}", path.display()))?,
        );
    }
    let records = records_dir(global);
    if let Ok(dir) = &records {
        config.progress_dir = dir.parent().map(|data| data.join("drills"));
        config.records_dir = Some(dir.clone());
    }
    let host = Host::start(address, loaded, text, Arc::new(global.scorer()?), config)
        .with_context(|| format!("cannot listen on {bind}"))?;
    if let Err(error) = &records {
        host.note(format!("Participants' runs will not be saved: {error}"));
    }
    let bound = host.address();
    let (join_address, exposure) = if bound.ip().is_loopback() {
        (bound.to_string(), None)
    } else if bound.ip().is_unspecified() {
        (
            format!("<this computer's address>:{}", bound.port()),
            Some(format!(
                "Listening on every network interface (port {}): anyone who can reach this computer and knows the code can join.",
                bound.port()
            )),
        )
    } else {
        (
            bound.to_string(),
            Some(format!(
                "Listening on {bound}: anyone who can reach this address and knows the code can join."
            )),
        )
    };
    if let Some(note) = &exposure {
        writeln!(out, "{note}")?;
    }
    defuse::tui::run_host(HostApp::new(host, seed, join_address, exposure))?;
    Ok(ExitCode::SUCCESS)
}

fn drill_join(address: &str, code: &str, global: &GlobalArgs) -> Result<ExitCode> {
    require_terminal()?;
    let name = records::trainee_name(global.name.as_deref());
    let (connection, welcome) = join(
        address,
        &name,
        code,
        None,
        std::time::Duration::from_secs(10),
    )?;
    let loaded = load_str(
        &format!("(scenario from the drill host {address})"),
        &welcome.scenario,
        Origin::Drill(address.to_string()),
    )?;
    // Score exactly as the host does: the host's extra phrases, not this machine's.
    let scorer = match &welcome.lexicon {
        Some(text) => {
            let path = std::path::Path::new("(the drill host's lexicon)");
            RuleScorer::with_extra_lexicon_file(&LexiconFile::parse(text, path)?, path)?
        }
        None => RuleScorer::new(),
    };
    let options = defuse::tui::Options {
        start: Some(0),
        seed: welcome.seed,
        mode: if global.exam {
            defuse::tui::app::Mode::Exam
        } else {
            defuse::tui::app::Mode::Practice
        },
        // The patience clock would change anger on this side only; the host decides.
        timed: false,
        trainee: name.clone(),
        // The host keeps the drill's records.
        records_dir: None,
        notice: None,
    };
    let join_info = defuse::tui::JoinInfo {
        address: address.to_string(),
        name,
        code: code.to_string(),
    };
    defuse::tui::run_participant(&loaded, &scorer, options, join_info, connection, &welcome)?;
    Ok(ExitCode::SUCCESS)
}

fn test_scenarios(
    out: &mut impl Write,
    paths: &[PathBuf],
    global: &GlobalArgs,
) -> Result<ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        paths.to_vec()
    };
    let scorer = global.scorer()?;
    let (mut passed, mut failed, mut broken, mut untested) = (0, 0, 0, 0);
    for path in &paths {
        let files = catalog::scenario_files(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if files.is_empty() {
            bail!("no .yaml or .yml files found in {}", path.display());
        }
        for file in files {
            let loaded = match defuse::scenario::load_file(&file) {
                Ok(loaded) => loaded,
                Err(error) => {
                    broken += 1;
                    writeln!(out, "{}: does not load:\n{error}", file.display())?;
                    continue;
                }
            };
            if loaded.scenario.tests.is_empty() {
                untested += 1;
                writeln!(
                    out,
                    "{} · no tests (add `tests:` to check that its endings are reached)",
                    loaded.scenario.id
                )?;
            }
            for outcome in script::run_tests(&loaded, &scorer) {
                let verdict = if outcome.passed() {
                    passed += 1;
                    format!("ok ({} turn{})", outcome.turns, plural(outcome.turns))
                } else {
                    failed += 1;
                    let reached = outcome.reached.as_deref().unwrap_or("no ending");
                    let why = outcome
                        .problem
                        .as_deref()
                        .map(|p| format!(": {p}"))
                        .unwrap_or_default();
                    format!(
                        "FAILED: expected ending \"{}\", reached {reached} after {} turn{}{why}",
                        outcome.expected,
                        outcome.turns,
                        plural(outcome.turns)
                    )
                };
                writeln!(
                    out,
                    "{} · {} ... {verdict}",
                    loaded.scenario.id, outcome.name
                )?;
            }
        }
    }
    let mut summary = format!("\n{passed} passed, {failed} failed");
    if untested > 0 {
        summary.push_str(&format!(", {untested} scenario(s) without tests"));
    }
    if broken > 0 {
        summary.push_str(&format!(", {broken} scenario file(s) did not load"));
    }
    writeln!(out, "{summary}")?;
    Ok(if failed + broken > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
