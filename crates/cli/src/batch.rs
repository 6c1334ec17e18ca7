//! `parallax batch`: many comparisons in one process — a year of a foreign
//! ministry's calls. The model loads once, identical sentences are embedded
//! once for the whole batch, a bad comparison is reported and skipped, and a
//! progress line shows how far it got.

use anyhow::{bail, Context, Result};
use parallax_compare::{Comparer, Input};
use parallax_embed::Embedder;
use parallax_ingest::ReadOptions;
use parallax_report::Format;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One line of the list: the inputs of one comparison.
struct Job {
    line: usize,
    inputs: Vec<PathBuf>,
}

/// Reads the list: one comparison per line, its inputs separated by tabs;
/// blank lines and lines starting with `#` are skipped; relative paths are
/// relative to the list's folder.
fn read_list(list: &Path) -> Result<Vec<Job>> {
    let text = std::fs::read_to_string(list).with_context(|| {
        format!(
            "reading the list {} — it should be a text file with one comparison a line, inputs separated by tabs",
            list.display()
        )
    })?;
    let base = list.parent().unwrap_or(Path::new("."));
    let mut jobs = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let inputs: Vec<PathBuf> = line
            .split('\t')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| base.join(p))
            .collect();
        if inputs.len() < 2 {
            bail!(
                "{}:{line_no}: a comparison needs at least two inputs, separated by tabs",
                list.display()
            );
        }
        jobs.push(Job {
            line: line_no,
            inputs,
        });
    }
    if jobs.is_empty() {
        bail!(
            "{} lists no comparison — write one per line, inputs separated by tabs",
            list.display()
        );
    }
    Ok(jobs)
}

/// The report's file name: the line number and the first input's stem.
fn report_name(job: &Job, format: Format) -> String {
    let stem = job.inputs[0]
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{:05}-{safe}.{}", job.line, format.extension())
}

/// Compares every line of `list` on `threads` worker threads, writing one
/// report per comparison into `out_dir`. Returns how many failed; each
/// failure is one line on stderr.
pub fn run(
    list: &Path,
    out_dir: &Path,
    format: Format,
    options: &ReadOptions,
    embedder: &dyn Embedder,
    threads: usize,
) -> Result<usize> {
    let jobs = read_list(list)?;
    std::fs::create_dir_all(out_dir).with_context(|| {
        format!(
            "creating the output folder {} — check the path is writable",
            out_dir.display()
        )
    })?;
    // small comparisons gain nothing from threads inside one comparison:
    // the workers take comparisons in turn, one thread each
    let mut comparer = Comparer::new(embedder);
    comparer.threads = 1;
    let show_progress = std::io::stderr().is_terminal();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let work = || loop {
        let idx = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(idx) else {
            return;
        };
        let result = compare_one(&comparer, job, options).and_then(|comparison| {
            let path = out_dir.join(report_name(job, format));
            crate::write_atomically(
                &path,
                parallax_report::render(&comparison, format).as_bytes(),
            )
        });
        if let Err(err) = result {
            failed.fetch_add(1, Ordering::Relaxed);
            if show_progress {
                eprintln!();
            }
            eprintln!("parallax: {}:{}: {err:#}", list.display(), job.line);
        }
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if show_progress {
            eprint!("\rcompared {n}/{}", jobs.len());
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.clamp(1, jobs.len()) {
            scope.spawn(work);
        }
        work();
    });
    if show_progress {
        eprintln!();
    }
    let failed = failed.into_inner();
    eprintln!(
        "compared {} of {} — reports in {}",
        jobs.len() - failed,
        jobs.len(),
        out_dir.display()
    );
    Ok(failed)
}

fn compare_one(
    comparer: &Comparer<'_>,
    job: &Job,
    options: &ReadOptions,
) -> Result<parallax_model::Comparison> {
    let mut inputs = Vec::with_capacity(job.inputs.len());
    for path in &job.inputs {
        let document = parallax_ingest::read_input(&path.to_string_lossy(), options)?;
        inputs.push(Input::new(document));
    }
    Ok(comparer.compare(&inputs)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_read_relative_to_its_folder() {
        let dir = std::env::temp_dir().join(format!("parallax-list-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let list = dir.join("pairs.tsv");
        std::fs::write(
            &list,
            "# a comment\n\na.txt\tb.txt\n c.txt\t/abs/d.txt\te.txt \n",
        )
        .unwrap();
        let jobs = read_list(&list).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].line, 3);
        assert_eq!(jobs[0].inputs, [dir.join("a.txt"), dir.join("b.txt")]);
        assert_eq!(
            jobs[1].inputs,
            [
                dir.join("c.txt"),
                PathBuf::from("/abs/d.txt"),
                dir.join("e.txt")
            ]
        );
        assert_eq!(report_name(&jobs[0], Format::Json), "00003-a.json");
        std::fs::write(&list, "a.txt\n").unwrap();
        let err = read_list(&list).err().unwrap().to_string();
        assert!(
            err.contains(":1: a comparison needs at least two inputs"),
            "{err}"
        );
        std::fs::write(&list, "# nothing\n").unwrap();
        assert!(read_list(&list).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
