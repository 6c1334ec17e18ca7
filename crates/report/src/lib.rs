//! Turns a [`Comparison`] into something a person or a program reads: the
//! `parallax.comparison/1` JSON contract, Markdown for a blog post, one
//! self-contained HTML page for a newsroom, or CSV for a spreadsheet.
//!
//! Every renderer is a pure function of the comparison: no IO, no clock, no
//! network. The Markdown, HTML and CSV views share one row model — one row per
//! link or unmatched point, grouped by the row's primary topic — so the three
//! always agree on what is shown and in what order.
//!
//! ```
//! use parallax_model::{Comparison, Engagement, SCHEMA};
//! use parallax_report::{render, Format};
//!
//! let comparison = Comparison {
//!     schema: SCHEMA.to_string(),
//!     engagement: Engagement::default(),
//!     sources: vec![],
//!     links: vec![],
//!     unmatched: vec![],
//!     warnings: vec![],
//!     findings: Default::default(),
//!     key_differences: vec![],
//! };
//! let format: Format = "md".parse().unwrap();
//! assert_eq!(format.extension(), "md");
//! assert!(render(&comparison, format).starts_with("# "));
//! assert!(render(&comparison, Format::Json).contains("\"schema\": \"parallax.comparison/1\""));
//! ```

mod csv;
mod html;
mod key;
mod labels;
mod markdown;
mod rows;

use parallax_model::Comparison;
use std::fmt;
use std::str::FromStr;

pub use csv::to_csv;
pub use html::to_html;
pub use markdown::to_markdown;

/// The comparison as the `parallax.comparison/1` contract: pretty-printed
/// JSON of the model types, with a trailing newline.
pub fn to_json(c: &Comparison) -> String {
    let mut json = serde_json::to_string_pretty(c)
        .expect("the comparison types have string keys only, so serialising cannot fail");
    json.push('\n');
    json
}

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Markdown,
    Html,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Json, Format::Markdown, Format::Html, Format::Csv];

    /// The file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
        })
    }
}

/// A format name [`Format::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown report format {:?}: use json, md (or markdown), html or csv",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts `json`, `md`/`markdown`, `html`/`htm` and `csv`, in any case.
    fn from_str(name: &str) -> Result<Format, UnknownFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            _ => Err(UnknownFormat(name.to_string())),
        }
    }
}

/// The comparison in `format`.
pub fn render(c: &Comparison, format: Format) -> String {
    match format {
        Format::Json => to_json(c),
        Format::Markdown => to_markdown(c),
        Format::Html => to_html(c),
        Format::Csv => to_csv(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_through_from_str() {
        for format in Format::ALL {
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
            assert_eq!(format.extension().parse::<Format>(), Ok(format));
        }
        assert_eq!(" Markdown ".parse::<Format>(), Ok(Format::Markdown));
    }

    #[test]
    fn unknown_format_says_which_names_work() {
        let err = "pdf".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown report format \"pdf\": use json, md (or markdown), html or csv"
        );
    }
}
