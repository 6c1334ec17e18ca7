//! Renders a `parallax.comparison/1` JSON file in another format, to look at
//! a report without the whole pipeline:
//!
//! ```text
//! cargo run -p parallax-report --example render -- crates/report/tests/fixtures/fr_en_call.json html > call.html
//! ```

use parallax_model::Comparison;
use parallax_report::{render, Format};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, format] = args.as_slice() else {
        eprintln!("usage: render COMPARISON.json json|md|html|csv");
        return ExitCode::from(2);
    };
    let format: Format = match format.parse() {
        Ok(format) => format,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let comparison: Comparison = match std::fs::read_to_string(path)
        .map_err(|err| err.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|err| err.to_string()))
    {
        Ok(comparison) => comparison,
        Err(err) => {
            eprintln!("reading {path}: {err}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", render(&comparison, format));
    ExitCode::SUCCESS
}
