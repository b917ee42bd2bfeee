//! Where each field of a scenario file stands, so errors found after parsing (a `goto` to an
//! unknown node, an unreachable ending) can still name a line and column.
//!
//! The YAML parser only reports positions for its own errors, so this reads the block-style
//! structure trainers write (`key: value`, `- item`) by indentation and records the position of
//! every key under a field path such as `nodes[3].transitions[1].goto`. Flow style (`{a: b}`)
//! falls back to the nearest enclosing block field.

use std::collections::HashMap;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct SourceIndex {
    positions: HashMap<String, Position>,
}

struct Frame {
    indent: usize,
    path: String,
    is_item: bool,
    next_item: usize,
}

impl SourceIndex {
    pub fn new(source: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = vec![Frame {
            indent: 0,
            path: String::new(),
            is_item: false,
            next_item: 0,
        }];
        // Lines more indented than this belong to a block scalar (`|` or `>`) and hold no keys.
        let mut block_scalar_indent: Option<usize> = None;

        for (line_index, raw) in source.lines().enumerate() {
            let line_number = line_index + 1;
            let trimmed = raw.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut indent = raw.len() - trimmed.len();
            if let Some(limit) = block_scalar_indent {
                if indent > limit {
                    continue;
                }
                block_scalar_indent = None;
            }
            if trimmed == "---" || trimmed == "..." {
                continue;
            }

            let mut rest = trimmed;
            let mut column_offset = indent;
            // Sequence items: `- ` possibly followed by a key on the same line.
            while rest == "-" || rest.starts_with("- ") {
                while stack.len() > 1 {
                    let top = &stack[stack.len() - 1];
                    if top.indent > indent || (top.indent == indent && top.is_item) {
                        stack.pop();
                    } else {
                        break;
                    }
                }
                let parent = stack.len() - 1;
                let index = stack[parent].next_item;
                stack[parent].next_item += 1;
                let path = format!("{}[{}]", stack[parent].path, index);
                positions.entry(path.clone()).or_insert(Position {
                    line: line_number,
                    column: column_offset + 1,
                });
                stack.push(Frame {
                    indent,
                    path,
                    is_item: true,
                    next_item: 0,
                });
                let after_dash = rest[1..].trim_start_matches(' ');
                let skipped = rest.len() - after_dash.len();
                column_offset += skipped;
                indent += skipped;
                rest = after_dash;
            }

            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.len() > 1 && stack[stack.len() - 1].indent >= indent {
                let top = &stack[stack.len() - 1];
                // The key on a `- key:` line sits inside the item frame opened at a smaller indent.
                if top.is_item && top.indent < indent {
                    break;
                }
                stack.pop();
            }
            let parent_path = &stack[stack.len() - 1].path;
            let path = if parent_path.is_empty() {
                key.to_string()
            } else {
                format!("{parent_path}.{key}")
            };
            positions.entry(path.clone()).or_insert(Position {
                line: line_number,
                column: column_offset + 1,
            });
            let value = value.trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar_indent = Some(indent);
            }
            if value.is_empty() || value.starts_with('#') {
                stack.push(Frame {
                    indent,
                    path,
                    is_item: false,
                    next_item: 0,
                });
            }
        }
        SourceIndex { positions }
    }

    /// The position of `path`, or of its nearest enclosing field that has one.
    pub fn locate(&self, path: &str) -> Position {
        let mut current = path;
        loop {
            if let Some(position) = self.positions.get(current) {
                return *position;
            }
            match current.rfind(['.', '[']) {
                Some(cut) => current = &current[..cut],
                None => return Position { line: 1, column: 1 },
            }
        }
    }
}

/// Splits `key: value` where key is a plain identifier-like word.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    let after = &text[colon + 1..];
    let valid_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (valid_key && (after.is_empty() || after.starts_with(' '))).then_some((key, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
id: demo
customer:
  name: Dana
nodes:
  - id: start
    say:
      - |
        id: not a key
    transitions:
      - when:
          min: {apology: 50}
        goto: calm
      - goto: angry
  - id: calm
endings:
- id: done
  outcome: resolved
";

    #[test]
    fn locates_nested_fields() {
        let index = SourceIndex::new(SAMPLE);
        assert_eq!(
            index.locate("customer.name"),
            Position { line: 3, column: 3 }
        );
        assert_eq!(index.locate("nodes[0].id"), Position { line: 5, column: 5 });
        assert_eq!(
            index.locate("nodes[0].transitions[0].goto"),
            Position {
                line: 12,
                column: 9
            }
        );
        assert_eq!(
            index.locate("nodes[0].transitions[1].goto"),
            Position {
                line: 13,
                column: 9
            }
        );
        assert_eq!(
            index.locate("nodes[1].id"),
            Position {
                line: 14,
                column: 5
            }
        );
        assert_eq!(
            index.locate("endings[0].outcome"),
            Position {
                line: 17,
                column: 3
            }
        );
    }

    #[test]
    fn falls_back_to_the_enclosing_field() {
        let index = SourceIndex::new(SAMPLE);
        assert_eq!(
            index.locate("nodes[0].transitions[0].when.min.apology"),
            Position {
                line: 11,
                column: 11
            }
        );
        assert_eq!(index.locate("nowhere"), Position { line: 1, column: 1 });
    }
}
