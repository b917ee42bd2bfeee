//! Drawing the conversation screen with a long transcript: the trainer redraws on every key
//! press, so a frame must stay well under a millisecond however long the conversation gets.

use criterion::{Criterion, criterion_group, criterion_main};
use defuse::engine::Reply;
use defuse::scenario::load::{Origin, load_str};
use defuse::scoring::RuleScorer;
use defuse::tui::app::App;
use defuse::tui::theme::Theme;
use defuse::tui::view::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A customer who keeps talking until the trainee says goodbye, so a transcript can grow long.
const ENDLESS: &str = r#"
id: endless
title: "A long call"
summary: "A customer who keeps talking."
difficulty: easy
minutes: 60
author: bench
version: 1
customer: { name: Morgan, situation: "On hold for an hour about a late refund.", anger: 50 }
intents:
  - { id: goodbye, phrases: ["goodbye"] }
start: talk
nodes:
  - id: talk
    say:
      - "And another thing: the refund of 84 pounds was promised on Monday and it still hasn't arrived."
      - "I have called four times. Four! Nobody ever calls back when they say they will."
    hint: "Reflect, apologise, commit."
    model_reply: "I'm sorry, I'll chase the refund now and call you back by five."
    transitions:
      - { when: { intents: [goodbye] }, goto: done }
      - goto: talk
endings:
  - { id: done, outcome: resolved, title: "Done", debrief: "It ended." }
"#;

fn bench_conversation(c: &mut Criterion) {
    let loaded = match load_str("endless.yaml", ENDLESS, Origin::Builtin) {
        Ok(loaded) => loaded,
        Err(error) => panic!("bench scenario does not load: {error}"),
    };
    let scenarios = [loaded];
    let scorer = RuleScorer::new();
    let mut app = App::new(&scenarios, &scorer, 1);
    app.start(0);
    if let Some(play) = app.play.as_mut() {
        for turn in 0..400 {
            let reply = format!(
                "im so sorry about the 84 pounds, that's on us. ill chase it now and call u back by {} 🙏",
                turn % 12 + 1
            );
            let _ = play.session.respond(Reply::Text(&reply), &scorer);
        }
    }
    let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(terminal) => terminal,
        Err(error) => panic!("test backend: {error}"),
    };
    c.bench_function("draw conversation, 400 turns, 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| draw(frame, &app, Theme::colour()))
                .map(|_| ())
        })
    });
}

criterion_group!(benches, bench_conversation);
criterion_main!(benches);
