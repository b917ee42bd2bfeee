//! Word wrapping by display width, so wide characters (CJK, emoji) take the two columns they
//! occupy on screen. The chat needs its own wrapping to know how many rows a message takes and
//! keep the newest message at the bottom.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Splits `text` into lines of at most `width` columns, breaking at spaces where possible and
/// inside a word only when the word alone is wider than a line. Explicit newlines are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = word.width();
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for grapheme in word.graphemes(true) {
                let grapheme_width = grapheme.width();
                if line_width + grapheme_width > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push_str(grapheme);
                line_width += grapheme_width;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_at_spaces() {
        assert_eq!(
            wrap("I am so sorry about that", 10),
            ["I am so", "sorry", "about that"]
        );
    }

    #[test]
    fn counts_wide_characters_as_two_columns() {
        let lines = wrap("房间钥匙又坏了", 6);
        assert_eq!(lines, ["房间钥", "匙又坏", "了"]);
        assert!(lines.iter().all(|l| l.width() <= 6));
    }

    #[test]
    fn keeps_newlines_and_splits_long_words() {
        assert_eq!(
            wrap("ok\nsuperlongword", 5),
            ["ok", "super", "longw", "ord"]
        );
        assert_eq!(wrap("", 5), [""]);
    }
}
