//! Bad input never panics: arbitrary text and damaged scenario files give diagnostics that point
//! inside the file.

use defuse::scenario::load::check_str;
use proptest::prelude::*;

use crate::fixture;

fn valid() -> String {
    std::fs::read_to_string(fixture("valid/wrong-order.yaml")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_the_loader(text in "\\PC{0,400}") {
        let checked = check_str("random.yaml", &text);
        for d in &checked.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
    }

    #[test]
    fn a_damaged_scenario_is_reported_inside_the_file(
        cut in 0usize..130,
        length in 1usize..6,
        garbage in "[ a-z:\\-\\[\\]{}\"'#*&|>]{0,12}",
    ) {
        let text = valid();
        let mut lines: Vec<&str> = text.lines().collect();
        let start = cut.min(lines.len().saturating_sub(1));
        let end = (start + length).min(lines.len());
        lines.splice(start..end, [garbage.as_str()]);
        let damaged = lines.join("\n");
        let line_count = damaged.lines().count().max(1);
        let checked = check_str("damaged.yaml", &damaged);
        for d in &checked.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= line_count + 1, "{d}");
            prop_assert!(!d.message.is_empty() && !d.help.is_empty(), "{d}");
        }
    }
}
