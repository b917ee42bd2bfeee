//! Text normalisation shared by intent matching and scoring.
//!
//! Trainees type "im sorry", "I’m SORRY!!" and "i'm sorry" for the same thing, so matching happens
//! on a normalised copy: lowercase, apostrophes dropped, every other non-alphanumeric character a
//! single space. Each normalised byte remembers which original character it came from, so a match
//! can be shown to the trainee highlighted in exactly what they typed.

use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`, the byte range of the original character it came from.
    origin: Vec<(usize, usize)>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

impl Normalized {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut pending_space: Option<(usize, usize)> = None;
        for (start, c) in original.char_indices() {
            let end = start + c.len_utf8();
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if let Some(space) = pending_space.take()
                    && !text.is_empty()
                {
                    text.push(' ');
                    origin.push(space);
                }
                for lower in c.to_lowercase() {
                    let before = text.len();
                    text.push(lower);
                    origin.extend(std::iter::repeat_n((start, end), text.len() - before));
                }
            } else if pending_space.is_none() {
                pending_space = Some((start, end));
            }
        }
        Normalized { text, origin }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte range behind the normalised range `start..end`.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.origin.len() {
            return 0..0;
        }
        self.origin[range.start].0..self.origin[range.end - 1].1
    }

    /// Byte ranges of the words (runs without spaces) of the normalised text.
    pub fn words(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut offset = 0;
        self.text.split(' ').filter_map(move |word| {
            let start = offset;
            offset += word.len() + 1;
            (!word.is_empty()).then(|| start..start + word.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_apostrophes_and_punctuation() {
        let n = Normalized::new("I’m SO sorry!!  We'll   fix it.");
        assert_eq!(n.as_str(), "im so sorry well fix it");
    }

    #[test]
    fn maps_back_to_the_original_text() {
        let original = "Oh no — I'm SORRY, truly";
        let n = Normalized::new(original);
        let at = n.as_str().find("im sorry").unwrap();
        let range = n.original_range(at..at + "im sorry".len());
        assert_eq!(&original[range], "I'm SORRY");
    }

    #[test]
    fn keeps_non_latin_words() {
        let n = Normalized::new("酒店 的 钥匙 🙏 Ünïcode");
        assert_eq!(n.as_str(), "酒店 的 钥匙 ünïcode");
        assert_eq!(n.words().count(), 4);
    }
}
