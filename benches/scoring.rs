//! Throughput of the rule scorer on typical replies, and how its time grows with reply length.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use defuse::scoring::{RuleScorer, ScoreContext, Scorer};

const CUSTOMER: &str = "My suitcase didn't come off the carousel in Lisbon. I filed a report three \
    days ago, reference LIS-48213, and nobody has called me.";

/// Replies of the kinds trainees type: strong, generic, informal, harmful, short.
const REPLIES: &[&str] = &[
    "I'm so sorry, three days with no call is not okay. I'll chase LIS-48213 with Lisbon now and call you by 5pm.",
    "We apologise for any inconvenience caused.",
    "im really sorry ur bag is lost, ill look into it today",
    "Calm down, it's not a big deal, bags go missing all the time.",
    "Sorry, what was your reference number again?",
    "I understand, but you'll have to call the airline.",
    "That sounds exhausting. Let me check the tracing system.",
    "ok",
];

fn typical(c: &mut Criterion) {
    let scorer = RuleScorer::new();
    let context = ScoreContext {
        customer_line: CUSTOMER,
        ..ScoreContext::default()
    };
    let mut group = c.benchmark_group("typical");
    group.throughput(Throughput::Elements(REPLIES.len() as u64));
    group.bench_function("replies", |b| {
        b.iter(|| {
            for reply in REPLIES {
                black_box(scorer.score(black_box(reply), &context));
            }
        })
    });
    group.finish();
}

fn growing(c: &mut Criterion) {
    let scorer = RuleScorer::new();
    let context = ScoreContext {
        customer_line: CUSTOMER,
        ..ScoreContext::default()
    };
    let unit = REPLIES.join(" ");
    let mut group = c.benchmark_group("length");
    for copies in [1, 10, 100, 1000] {
        let reply = vec![unit.as_str(); copies].join(" ");
        group.throughput(Throughput::Bytes(reply.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(reply.len()), &reply, |b, r| {
            b.iter(|| black_box(scorer.score(black_box(r), &context)))
        });
    }
    group.finish();
}

criterion_group!(benches, typical, growing);
criterion_main!(benches);
