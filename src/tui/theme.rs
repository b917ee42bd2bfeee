//! Colours and text styles, in one place.
//!
//! The palette is Okabe–Ito, chosen to stay distinguishable for colour-blind trainees; highlights
//! are drawn as dark text on a coloured background so they read on dark and light terminals alike.
//! With `NO_COLOR` set, every distinction is carried by modifiers (bold, italic, underline,
//! reverse) instead, so nothing depends on colour.

use ratatui::style::{Color, Modifier, Style};

use crate::scoring::Dimension;

const SKY_BLUE: Color = Color::Rgb(86, 180, 233);
const REDDISH_PURPLE: Color = Color::Rgb(204, 121, 167);
const ORANGE: Color = Color::Rgb(230, 159, 0);
const BLUISH_GREEN: Color = Color::Rgb(0, 158, 115);
const VERMILLION: Color = Color::Rgb(213, 94, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub monochrome: bool,
}

impl Theme {
    /// Monochrome when `NO_COLOR` is set to anything non-empty (see no-color.org).
    pub fn from_env() -> Self {
        Theme {
            monochrome: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    pub fn colour() -> Self {
        Theme { monochrome: false }
    }

    pub fn mono() -> Self {
        Theme { monochrome: true }
    }

    fn dimension_colour(dimension: Dimension) -> Color {
        match dimension {
            Dimension::Listening => SKY_BLUE,
            Dimension::Empathy => REDDISH_PURPLE,
            Dimension::Apology => ORANGE,
            Dimension::Ownership => BLUISH_GREEN,
        }
    }

    fn dimension_modifier(dimension: Dimension) -> Modifier {
        match dimension {
            Dimension::Listening => Modifier::UNDERLINED,
            Dimension::Empathy => Modifier::ITALIC,
            Dimension::Apology => Modifier::BOLD,
            Dimension::Ownership => Modifier::REVERSED,
        }
    }

    /// A span of the reply that earned points on `dimension`.
    pub fn highlight(self, dimension: Dimension) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Self::dimension_modifier(dimension))
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(Self::dimension_colour(dimension))
        }
    }

    /// A span of the reply that cost points or made a harmful move.
    pub fn harmful(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::CROSSED_OUT | Modifier::BOLD)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(VERMILLION)
                .add_modifier(Modifier::CROSSED_OUT)
        }
    }

    /// Text naming a dimension (meter labels, legends).
    pub fn dimension_label(self, dimension: Dimension) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Self::dimension_modifier(dimension))
        } else {
            Style::new().fg(Self::dimension_colour(dimension))
        }
    }

    /// The filled part of a meter.
    pub fn meter(self, dimension: Option<Dimension>) -> Style {
        match (self.monochrome, dimension) {
            (true, _) => Style::new().add_modifier(Modifier::BOLD),
            (false, Some(d)) => Style::new().fg(Self::dimension_colour(d)),
            (false, None) => Style::new().fg(VERMILLION),
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.monochrome {
            Style::new()
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn customer_name(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(VERMILLION).add_modifier(Modifier::BOLD)
        }
    }

    pub fn trainee_name(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().fg(SKY_BLUE).add_modifier(Modifier::BOLD)
        }
    }

    pub fn key(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn warning(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(VERMILLION).add_modifier(Modifier::BOLD)
        }
    }

    pub fn good(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(BLUISH_GREEN).add_modifier(Modifier::BOLD)
        }
    }
}
