//! `parallax`: the command line. Parses flags, reads the inputs, runs the
//! pipeline, writes the report. Everything else lives in the library crates.

mod batch;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use parallax_compare::{Comparer, Input};
use parallax_embed::{Cached, Precision, Usem3};
use parallax_ingest::ReadOptions;
use parallax_model::{Comparison, Lang, Relation};
use parallax_report::Format;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  Compare the Kremlin's Russian readout with the White House's English one,
  and open the page in a browser:
    parallax compare kremlin.txt whitehouse.html --label Kremlin --label \"White House\" -o call.html

  Markdown for a blog post, printed to the terminal:
    parallax compare kremlin.txt mfa.txt --format md

  JSON (the parallax.comparison/1 contract) for your own scripts:
    parallax compare a.txt b.txt c.txt --format json > call.json

  An article that quotes both readouts under headings, commentary left out:
    parallax compare --split-sources article.txt --format md

  A year of readouts in one run (one comparison a line, inputs separated by
  tabs), a JSON report each in out/:
    parallax batch pairs.tsv -o out/

  Try it on the bundled example:
    parallax demo";

/// Compare the official readouts two or more governments publish of the
/// same call, video conference or summit: what both say, what only one says,
/// and where they differ — across languages.
#[derive(Parser)]
#[command(name = "parallax", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compare two or more readouts of one engagement
    #[command(after_help = AFTER_HELP)]
    Compare(CompareArgs),
    /// Compare many pairs (or groups) of readouts in one run: the model loads
    /// once and repeated sentences are embedded once
    #[command(after_help = AFTER_HELP)]
    Batch(BatchArgs),
    /// Compare the bundled example readouts and write parallax-demo.html
    Demo {
        /// Where to write the page
        #[arg(short, long, default_value = "parallax-demo.html")]
        output: PathBuf,
    },
}

/// How a run uses the machine, for `compare` and `batch`.
#[derive(Args)]
struct RunOptions {
    /// Threads to use (default: every core)
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// How many distinct sentences to remember the vectors of, so a sentence
    /// repeated anywhere in the run is embedded once (0: remember none)
    #[arg(long, value_name = "N", default_value_t = parallax_embed::cache::DEFAULT_CAPACITY)]
    cache_size: usize,

    /// Refuse inputs larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = ReadOptions::DEFAULT_MAX_BYTES)]
    max_bytes: u64,

    /// The sentence model's arithmetic: auto (int8, about 3× faster, on
    /// CPUs with AVX-512 VNNI or AVX-VNNI, as Intel laptops since 2021; f32
    /// elsewhere), int8 (the same results on every CPU, slow without VNNI)
    /// or f32 (the original model's vectors to 1e-5; similarity scores move
    /// by about 0.002 against int8)
    #[arg(long, value_enum, default_value_t = ModelPrecision::Auto)]
    precision: ModelPrecision,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModelPrecision {
    Auto,
    Int8,
    F32,
}

#[derive(Args)]
struct BatchArgs {
    /// A text file with one comparison a line: its inputs separated by tabs,
    /// paths relative to the file's folder; `#` starts a comment line
    #[arg(value_name = "LIST")]
    list: PathBuf,

    /// The folder to write one report per comparison into (created if need
    /// be), named by line number and first input: 00003-kremlin.json
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Report format: json (default), md, html or csv
    #[arg(short, long, value_name = "FORMAT", default_value = "json")]
    format: Format,

    #[command(flatten)]
    run: RunOptions,
}

#[derive(Args)]
struct CompareArgs {
    /// Readouts to compare: .txt, .md or .html files, or - for standard input.
    /// Any encoding (UTF-8, UTF-16, Windows-1251, GB18030, …) and language.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,

    /// Report format: html (a self-contained page), md (tables for a blog),
    /// json (the parallax.comparison/1 contract) or csv (one row per link)
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<Format>,

    /// Write the report to FILE instead of standard output. Without it, an
    /// HTML report on a terminal goes to parallax-comparison.html
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Name of each source as shown in reports, in the order of the inputs
    /// (repeat it: --label Kremlin --label "White House")
    #[arg(long, value_name = "NAME")]
    label: Vec<String>,

    /// Language of the inputs (en, fr, ru, zh, es, de, ar, …) when detection
    /// gets it wrong: once for all inputs, or once per input in order
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    lang: Vec<Lang>,

    /// The date the readouts were published (YYYY-MM-DD), for relative
    /// expressions like "next month" when a readout has no date line
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<String>,

    /// Each INPUT is an article that quotes several readouts under headings
    /// ("Kremlin readout:", "Compte rendu de la Chine"): compare the quoted
    /// readouts and leave the author's commentary out
    #[arg(long)]
    split_sources: bool,

    #[command(flatten)]
    run: RunOptions,
}

/// Threads to use: what the user asked (at least 1), else every core.
fn threads(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// The sentence model, loaded once, on `threads` threads, remembering the
/// vectors of the sentences it has seen.
fn load_model(run: &RunOptions, threads: usize) -> Result<Cached<Usem3>> {
    let precision = match run.precision {
        ModelPrecision::Auto => Precision::fastest(),
        ModelPrecision::Int8 => Precision::Int8,
        ModelPrecision::F32 => Precision::F32,
    };
    let model = Usem3::load_with(precision).context("loading the bundled sentence model")?;
    Ok(Cached::with_capacity(
        model.with_threads(threads),
        run.cache_size,
    ))
}

fn parse_date(date: &str) -> Result<String, String> {
    let parts: Vec<&str> = date.split('-').collect();
    let valid = matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
        && y.parse::<u32>().is_ok()
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)));
    if valid {
        Ok(date.to_owned())
    } else {
        Err(format!(
            "{date:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-02-04"
        ))
    }
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code)
        .filter(|lang| *lang != Lang::Und)
        .ok_or_else(|| {
            let known: Vec<&str> = Lang::ALL
                .iter()
                .filter(|l| **l != Lang::Und)
                .map(|l| l.code())
                .collect();
            format!("unknown language {code:?}; use one of {}", known.join(", "))
        })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compare(args) => compare(args),
        Command::Batch(args) => batch_command(args),
        Command::Demo { output } => demo(&output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("parallax: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn compare(args: CompareArgs) -> Result<()> {
    if args.inputs.len() < 2 && !args.split_sources {
        bail!(
            "compare needs at least two readouts of the same engagement, but got only {} — add the other side's readout",
            args.inputs[0]
        );
    }
    if args.lang.len() > 1 && args.lang.len() != args.inputs.len() {
        bail!(
            "{} --lang values for {} inputs — give one for all inputs, or one per input",
            args.lang.len(),
            args.inputs.len()
        );
    }
    check_distinct(&args.inputs)?;
    let options = ReadOptions {
        max_bytes: args.run.max_bytes,
        ..ReadOptions::default()
    };
    let mut inputs = Vec::with_capacity(args.inputs.len());
    for (idx, path) in args.inputs.iter().enumerate() {
        let document = parallax_ingest::read_input(path, &options)?;
        let lang = match args.lang.len() {
            0 => None,
            1 => Some(args.lang[0]),
            _ => Some(args.lang[idx]),
        };
        let parts = if args.split_sources {
            parallax_ingest::split::split_document(&document)?
                .into_iter()
                .map(|(part, span)| (part, Some([span.start, span.end])))
                .collect()
        } else {
            vec![(document, None)]
        };
        for (document, excerpt) in parts {
            inputs.push(Input {
                document,
                lang,
                date: args.date.clone(),
                excerpt,
            });
        }
    }
    if args.label.len() > inputs.len() {
        bail!(
            "{} labels for {} readouts — give at most one --label per readout",
            args.label.len(),
            inputs.len()
        );
    }
    for (input, label) in inputs.iter_mut().zip(&args.label) {
        input.document.label = Some(label.clone());
    }
    let threads = threads(args.run.jobs);
    let model = load_model(&args.run, threads)?;
    let mut comparer = Comparer::new(&model);
    comparer.threads = threads;
    let show_progress = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show_progress && total > 2_000 {
            eprint!("\rembedding points: {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let comparison = comparer.compare_with_progress(&inputs, &progress)?;
    for warning in &comparison.warnings {
        eprintln!("parallax: warning: {warning}");
    }
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(Format::Html);
    let output = match args.output {
        Some(path) => Some(path),
        None if stdout_is_terminal && format == Format::Html => {
            Some(PathBuf::from("parallax-comparison.html"))
        }
        None => None,
    };
    let report = parallax_report::render(&comparison, format);
    match output {
        Some(path) => {
            write_atomically(&path, report.as_bytes())?;
            eprintln!("{}", summary(&comparison));
            eprintln!("wrote {} ({format}) — use -o FILE to choose another name, --format md to print Markdown here", path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(report.as_bytes())
                .context("writing the report to standard output")?;
            stdout
                .flush()
                .context("writing the report to standard output")?;
        }
    }
    Ok(())
}

fn batch_command(args: BatchArgs) -> Result<()> {
    let threads = threads(args.run.jobs);
    // the batch runs comparisons side by side: one model thread each
    let model = load_model(&args.run, 1)?;
    let options = ReadOptions {
        max_bytes: args.run.max_bytes,
        ..ReadOptions::default()
    };
    let failed = batch::run(
        &args.list,
        &args.output,
        args.format,
        &options,
        &model,
        threads,
    )?;
    if failed > 0 {
        bail!("{failed} comparison(s) failed — see the lines above");
    }
    Ok(())
}

/// The same file twice would compare a readout with itself.
fn check_distinct(inputs: &[String]) -> Result<()> {
    if inputs.iter().filter(|i| *i == "-").count() > 1 {
        bail!("standard input (-) can be read only once — save the other readouts to files");
    }
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for input in inputs.iter().filter(|i| *i != "-") {
        let Ok(canonical) = std::fs::canonicalize(input) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(path, _)| *path == canonical) {
            bail!("{input}: this is the same file as {first} — give each side's readout once");
        }
        seen.push((canonical, input));
    }
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames it into place, so
/// an interrupted run never leaves half a report.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_owned());
    let tmp = path.with_file_name(format!(".{file_name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| {
        format!(
            "writing {} — check the folder exists and is writable",
            tmp.display()
        )
    })?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("moving the report into place at {}", path.display()))?;
    Ok(())
}

/// One line a journalist can read at a glance: what is shared, what differs.
fn summary(comparison: &Comparison) -> String {
    let count = |relation: Relation| {
        comparison
            .links
            .iter()
            .filter(|l| l.relation == relation)
            .count()
    };
    let only: Vec<String> = comparison
        .sources
        .iter()
        .map(|source| {
            let n = source
                .points
                .iter()
                .filter(|p| comparison.unmatched.contains(&p.id))
                .count();
            format!(
                "{n} only in {}",
                source.issuer.as_deref().unwrap_or(&source.id)
            )
        })
        .collect();
    format!(
        "{} sources, {} points: {} same, {} partial, {} differs, {}",
        comparison.sources.len(),
        comparison
            .sources
            .iter()
            .map(|s| s.points.len())
            .sum::<usize>(),
        count(Relation::Same),
        count(Relation::Partial),
        count(Relation::Differs),
        only.join(", ")
    )
}

/// The bundled example: a Kremlin readout (Russian) and a White House readout
/// (English) of one phone call, from the development set.
const DEMO: [(&str, &str, &str); 2] = [
    (
        "devset/ru-en-1/a.txt",
        "Kremlin",
        include_str!("../../../devset/ru-en-1/a.txt"),
    ),
    (
        "devset/ru-en-1/b.txt",
        "White House",
        include_str!("../../../devset/ru-en-1/b.txt"),
    ),
];

fn demo(output: &std::path::Path) -> Result<()> {
    let mut inputs = Vec::new();
    for (name, label, text) in DEMO {
        let mut document =
            parallax_ingest::read_bytes(text.as_bytes(), name, &ReadOptions::default())?;
        document.label = Some(label.to_owned());
        inputs.push(Input::new(document));
    }
    let model = Usem3::load().context("loading the bundled sentence model")?;
    let comparison = Comparer::new(&model).compare(&inputs)?;
    write_atomically(output, parallax_report::to_html(&comparison).as_bytes())?;
    println!("{}", summary(&comparison));
    println!("wrote {} — open it in a browser", output.display());
    Ok(())
}
