//! The Parallax pipeline, stage by stage: segment each document into points,
//! read each point (concepts, quantities, dates, modality), embed every point
//! with the sentence model, give each its topics, align the points across
//! sources, and assemble the `parallax.comparison/1` record.
//!
//! ```no_run
//! use parallax_compare::{Comparer, Input};
//! use parallax_embed::Usem3;
//! let model = Usem3::load()?;
//! let comparer = Comparer::new(&model);
//! let a = parallax_ingest::read_input("kremlin.txt", &Default::default())?;
//! let b = parallax_ingest::read_input("mfa.txt", &Default::default())?;
//! let comparison = comparer.compare(&[Input::new(a), Input::new(b)])?;
//! println!("{} links", comparison.links.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod differences;
mod engagement;
mod findings;
mod key;
mod structure;
mod topics;

use parallax_align::{AlignPoint, PointRef, Weights};
use parallax_analyze::lexicon::{ConceptIdx, ConceptKind};
use parallax_analyze::tokens::PointWords;
use parallax_analyze::{Analyzer, PointFeatures};
use parallax_embed::Embedder;
use parallax_model::{source_id, Comparison, Document, Lang, Link, Point, Source, Topic, SCHEMA};
use parallax_segment::Segmentation;

/// One document to compare, with what the user said about it.
#[derive(Debug, Clone)]
pub struct Input {
    pub document: Document,
    /// The language, when the user overrides detection.
    pub lang: Option<Lang>,
    /// The date relative expressions ("next month") count from, ISO 8601,
    /// when the user gives it; otherwise the source's date line.
    pub date: Option<String>,
    /// Where the document's text lies in a longer input it was cut from.
    pub excerpt: Option<[usize; 2]>,
}

impl Input {
    pub fn new(document: Document) -> Input {
        Input {
            document,
            lang: None,
            date: None,
            excerpt: None,
        }
    }
}

/// Called as points are embedded: (points done, points in all).
pub type Progress<'p> = &'p dyn Fn(usize, usize);

pub struct Comparer<'e> {
    embedder: &'e dyn Embedder,
    analyzer: Analyzer,
    topic_vectors: Vec<Vec<f32>>,
    /// The lexicon's countries and regions, with the countries each covers.
    places: Vec<(ConceptIdx, Vec<ConceptIdx>)>,
    pub weights: Weights,
    /// Threads for reading sources and scoring long alignments in parallel
    /// (default: every core).
    pub threads: usize,
}

/// Points are embedded in batches of this many, reporting progress after each.
const EMBED_BATCH: usize = 512;

impl<'e> Comparer<'e> {
    pub fn new(embedder: &'e dyn Embedder) -> Comparer<'e> {
        let topic_vectors = topics::prototype_vectors(embedder);
        let analyzer = Analyzer::bundled();
        let places = places_of(&analyzer);
        Comparer {
            embedder,
            analyzer,
            topic_vectors,
            places,
            weights: Weights::default(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    pub fn compare(&self, inputs: &[Input]) -> Result<Comparison> {
        self.compare_with_progress(inputs, &|_, _| {})
    }

    pub fn compare_with_progress(
        &self,
        inputs: &[Input],
        progress: Progress<'_>,
    ) -> Result<Comparison> {
        let prepared = self.prepare(inputs, progress)?;
        let align_sources = prepared.align_points(inputs);
        let config = prepared.align_config(&self.weights, self.threads);
        let groups = parallax_align::align(&align_sources, &config);
        Ok(self.assemble(inputs, prepared, &groups))
    }

    /// The parts of the alignment score of every pair of points of sources
    /// `a` and `b`: what the dev-set tuning and `--explain` look at.
    pub fn pair_scores(
        &self,
        inputs: &[Input],
        a: usize,
        b: usize,
    ) -> Result<Vec<Vec<parallax_align::PairScore>>> {
        let prepared = self.prepare(inputs, &|_, _| {})?;
        let align_sources = prepared.align_points(inputs);
        Ok(parallax_align::pair_scores(
            &align_sources,
            &prepared.align_config(&self.weights, self.threads),
            a,
            b,
        ))
    }

    /// Everything before alignment: segment, read, embed, topics.
    fn prepare(&self, inputs: &[Input], progress: Progress<'_>) -> Result<Prepared> {
        let mut warnings = Vec::new();
        // each source is read on its own, the sources in parallel
        let read: Vec<ReadSource> = in_parallel(self.threads, inputs.len(), |source_idx| {
            let input = &inputs[source_idx];
            let text = input.document.text.as_str();
            let lang = input
                .lang
                .unwrap_or_else(|| parallax_ingest::lang::detect(text));
            let segmentation = parallax_segment::segment(text, lang);
            // each point split into words once for both readers, then
            // dropped: kept until the points' structure is read, the words
            // of a long document would raise the peak memory by a tenth
            let (features, initiator_mentions) = segmentation
                .points
                .iter()
                .map(|p| {
                    let words = PointWords::new(text, p.span);
                    let initiator =
                        parallax_analyze::facts::initiator(&words, self.analyzer.lexicon());
                    (self.analyzer.features_of(&words), initiator)
                })
                .unzip();
            ReadSource {
                lang,
                segmentation,
                features,
                initiator_mentions,
            }
        });
        for (source_idx, (source, input)) in read.iter().zip(inputs).enumerate() {
            let document = &input.document;
            for warning in document
                .warnings
                .iter()
                .chain(&source.segmentation.warnings)
            {
                warnings.push(format!(
                    "{} ({}): {warning}",
                    source_id(source_idx),
                    document.input
                ));
            }
        }
        check_size(inputs, &read)?;
        // embed all points of all sources in one pass
        let texts: Vec<&str> = read
            .iter()
            .zip(inputs)
            .flat_map(|(source, input)| {
                source
                    .segmentation
                    .points
                    .iter()
                    .map(|p| p.span.slice(&input.document.text))
            })
            .collect();
        let mut flat_vectors: Vec<Vec<f32>> = Vec::with_capacity(texts.len());
        for batch in texts.chunks(EMBED_BATCH) {
            flat_vectors.extend(self.embedder.embed(batch));
            progress(flat_vectors.len(), texts.len());
        }
        let feature_slices: Vec<&[PointFeatures]> =
            read.iter().map(|s| s.features.as_slice()).collect();
        let home = self.analyzer.home_countries_of(&feature_slices);
        let mut flat_iter = flat_vectors.into_iter();
        let mut vectors: Vec<Vec<Vec<f32>>> = Vec::with_capacity(read.len());
        let mut topics: Vec<Vec<Vec<Topic>>> = Vec::with_capacity(read.len());
        for source in &read {
            let vectors_here: Vec<Vec<f32>> =
                flat_iter.by_ref().take(source.features.len()).collect();
            let topics_here = source
                .features
                .iter()
                .zip(&vectors_here)
                .map(|(features, vector)| {
                    let similarity = topics::similarity(vector, &self.topic_vectors);
                    self.analyzer.topics(features, &home, Some(&similarity))
                })
                .collect();
            vectors.push(vectors_here);
            topics.push(topics_here);
        }
        let background = engagement::background_concepts(&self.analyzer, &feature_slices, &home);
        Ok(Prepared {
            read,
            vectors,
            topics,
            background,
            home,
            places: self.places.clone(),
            warnings,
        })
    }

    /// By source and point: the subjects each point raises — key terms with
    /// a topic of their own ("energy", "ceasefire"), not words about the
    /// talks.
    fn subjects(&self, inputs: &[Input], read: &[ReadSource]) -> Vec<Vec<Vec<key::Subject>>> {
        let lexicon = self.analyzer.lexicon();
        read.iter()
            .zip(inputs)
            .map(|(source, input)| {
                source
                    .features
                    .iter()
                    .map(|features| {
                        features
                            .concepts
                            .iter()
                            .filter_map(|hit| {
                                let concept = lexicon.concept(hit.concept);
                                concept.is_subject().then(|| key::Subject {
                                    id: concept.id.clone(),
                                    english: concept.name.clone(),
                                    words: hit.span.slice(&input.document.text).to_owned(),
                                    span: hit.span,
                                })
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// The points of source `s` with everything read from them, and how
    /// often each tone category occurs in them.
    fn read_points(
        &self,
        s: usize,
        source: &ReadSource,
        input: &Input,
        reference: Option<parallax_analyze::times::Day>,
        speaker: Option<&str>,
        topics: &[Vec<Topic>],
    ) -> (Vec<Point>, std::collections::BTreeMap<String, u32>) {
        let text = input.document.text.as_str();
        let mut tone_counts: std::collections::BTreeMap<String, u32> = Default::default();
        let mut points = Vec::with_capacity(source.features.len());
        for (p, (seg_point, features)) in source
            .segmentation
            .points
            .iter()
            .zip(&source.features)
            .enumerate()
        {
            let point_text = seg_point.span.slice(text);
            let words = PointWords::new(text, seg_point.span);
            let structure =
                structure::read_point(&self.analyzer, &words, features, reference, speaker);
            for category in &structure.tone {
                *tone_counts.entry(category.clone()).or_default() += 1;
            }
            points.push(Point {
                id: format!("{}{}", source_id(s), p + 1),
                text: point_text.to_owned(),
                start: seg_point.span.start,
                end: seg_point.span.end,
                language: point_language(point_text, source.lang),
                topics: topics[p].clone(),
                entities: self.analyzer.entities(text, features),
                times: structure.times,
                commitments: structure.commitments,
                tone: structure.tone,
            });
        }
        (points, tone_counts)
    }

    fn assemble(
        &self,
        inputs: &[Input],
        prepared: Prepared,
        groups: &[parallax_align::Group],
    ) -> Comparison {
        let Prepared {
            read,
            vectors,
            topics: point_topics,
            background,
            home,
            mut warnings,
            ..
        } = prepared;
        let home_ids: Vec<String> = home
            .iter()
            .map(|c| self.analyzer.concept_id(*c).to_owned())
            .collect();
        // a readout without a date line counts relative times from the engagement's date
        let engagement_date = engagement::date(&read);
        // assemble the record
        let point_id = |r: PointRef| format!("{}{}", source_id(r.source), r.point + 1);
        let mut linked = vec![Vec::new(); read.len()];
        for group in groups {
            for member in &group.members {
                linked[member.source].push(member.point);
            }
        }
        // each source's points are read on their own: in parallel
        let speakers: Vec<Option<String>> = read
            .iter()
            .zip(inputs)
            .map(|(source, input)| {
                structure::speaker(
                    &self.analyzer,
                    input.document.label.as_deref(),
                    source.lang,
                    &home_ids,
                )
            })
            .collect();
        let read_source = |s: usize| {
            let (source, input) = (&read[s], &inputs[s]);
            let reference = structure::reference_day(
                input.date.as_deref(),
                source
                    .segmentation
                    .published
                    .as_deref()
                    .or(engagement_date.as_deref()),
            );
            self.read_points(
                s,
                source,
                input,
                reference,
                speakers[s].as_deref(),
                &point_topics[s],
            )
        };
        let read_points: Vec<(Vec<Point>, std::collections::BTreeMap<String, u32>)> =
            in_parallel(self.threads, read.len(), read_source);
        let mut unmatched = Vec::new();
        let mut sources = Vec::with_capacity(read.len());
        for (s, ((source, input), (points, tone_counts))) in
            read.iter().zip(inputs).zip(read_points).enumerate()
        {
            let document = &input.document;
            let text = document.text.as_str();
            for (p, point) in points.iter().enumerate() {
                if !linked[s].contains(&p) {
                    unmatched.push(point.id.clone());
                }
            }
            if points.is_empty() {
                warnings.push(format!(
                    "{} ({}): no points found, so nothing from this source can be compared",
                    source_id(s),
                    document.input
                ));
            }
            sources.push(Source {
                tone: tone_counts,
                id: source_id(s).to_string(),
                input: document.input.clone(),
                issuer: document.label.clone(),
                language: source.lang,
                title: source
                    .segmentation
                    .title
                    .map(|span| span.slice(text).to_owned())
                    .or_else(|| document.html_title.clone()),
                published: source.segmentation.published.clone(),
                format: document.format,
                encoding: document.encoding.clone(),
                offsets: "utf8_bytes_of_text".to_owned(),
                text: document.text.clone(),
                excerpt: input.excerpt,
                points,
            });
        }
        let durations = engagement::durations(inputs, &read);
        let formats: Vec<Option<&'static str>> = inputs
            .iter()
            .map(|input| engagement::format_of(&input.document.text))
            .collect();
        let engagement = engagement::describe(
            &self.analyzer,
            engagement_date,
            inputs,
            &read,
            &home_ids,
            &speakers,
            &durations,
            &formats,
        );
        let links: Vec<Link> = groups
            .iter()
            .map(|group| {
                let members: Vec<differences::Member> = group
                    .members
                    .iter()
                    .map(|m| differences::Member {
                        source: m.source,
                        text: &inputs[m.source].document.text,
                        features: &read[m.source].features[m.point],
                        point: &sources[m.source].points[m.point],
                    })
                    .collect();
                let differences = differences::find(
                    &self.analyzer,
                    &background,
                    &engagement.initiator,
                    engagement.date.as_deref(),
                    &members,
                );
                Link {
                    points: group.members.iter().map(|m| point_id(*m)).collect(),
                    relation: differences::relation(
                        group.relation,
                        &differences,
                        group.members.windows(2).any(|w| w[0].source == w[1].source),
                        group.members.iter().all(|m| {
                            sources[m.source].points[m.point].topics.first()
                                == Some(&Topic::Engagements)
                        }),
                        group
                            .members
                            .iter()
                            .map(|m| findings::words(&sources[m.source].points[m.point].text))
                            .max()
                            .unwrap_or(0),
                    ),
                    score: (link_confidence(group.score, self.weights.link_threshold) * 1000.0)
                        .round()
                        / 1000.0,
                    differences,
                }
            })
            .collect();
        let names = findings::names_of(&sources);
        let findings = findings::compute(&sources, &engagement, &durations, &formats, &names);
        let mut comparison = Comparison {
            schema: SCHEMA.to_owned(),
            engagement,
            sources,
            links,
            unmatched,
            warnings,
            findings,
            key_differences: Vec::new(),
        };
        let background_ids: Vec<String> = background
            .iter()
            .map(|c| self.analyzer.concept_id(*c).to_owned())
            .collect();
        let unmatched_ids: std::collections::HashSet<&str> =
            comparison.unmatched.iter().map(String::as_str).collect();
        let unmatched: Vec<Vec<bool>> = comparison
            .sources
            .iter()
            .map(|source| {
                source
                    .points
                    .iter()
                    .map(|p| unmatched_ids.contains(p.id.as_str()))
                    .collect()
            })
            .collect();
        let nearest = nearest_other(&vectors, &unmatched);
        let subjects = self.subjects(inputs, &read);
        let referents: Vec<Vec<Vec<&'static str>>> = names
            .iter()
            .map(|points| {
                points
                    .iter()
                    .map(|found| found.iter().map(|(referent, _, _)| *referent).collect())
                    .collect()
            })
            .collect();
        comparison.key_differences = key::key_differences(
            &comparison,
            &key::Context {
                analyzer: &self.analyzer,
                background: &background_ids,
                speakers: &speakers,
                nearest: &nearest,
                subjects: &subjects,
                referents: &referents,
                unmatched: &unmatched,
            },
        );
        comparison
    }
}

/// `f(0)`, `f(1)`, … `f(n - 1)` in order, spread over up to `threads` threads.
fn in_parallel<T: Send>(threads: usize, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if threads < 2 || n < 2 {
        return (0..n).map(f).collect();
    }
    let indices: Vec<usize> = (0..n).collect();
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = indices
            .chunks(n.div_ceil(threads))
            .map(|chunk| scope.spawn(move || chunk.iter().map(|&i| f(i)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// What can stop a comparison.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Two sources have so many points that comparing every pair would not
    /// fit in memory or time: these are not single readouts.
    #[error(
        "{a} has {n_a} points and {b} has {n_b}: comparing them means {n_pairs} pairs of points, over the {limit} Parallax compares at once — these look like more than one readout each; split them into single readouts"
    )]
    TooManyPoints {
        a: String,
        b: String,
        n_a: usize,
        n_b: usize,
        n_pairs: u64,
        limit: u64,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Pairs of points one comparison of two sources may score (a 4,000-point
/// source against another): the score matrix stays under 64 MB.
const MAX_PAIRS: u64 = 16_000_000;

/// Refuses, before the costly embedding, inputs whose pairs would not fit.
fn check_size(inputs: &[Input], read: &[ReadSource]) -> Result<()> {
    for a in 0..read.len() {
        for b in a + 1..read.len() {
            let (n_a, n_b) = (read[a].features.len(), read[b].features.len());
            let n_pairs = n_a as u64 * n_b as u64;
            if n_pairs > MAX_PAIRS {
                return Err(Error::TooManyPoints {
                    a: inputs[a].document.input.clone(),
                    b: inputs[b].document.input.clone(),
                    n_a,
                    n_b,
                    n_pairs,
                    limit: MAX_PAIRS,
                });
            }
        }
    }
    Ok(())
}

/// What the pipeline knows before alignment.
struct Prepared {
    read: Vec<ReadSource>,
    /// Sentence vectors by source, then point.
    vectors: Vec<Vec<Vec<f32>>>,
    /// Topics by source, then point, primary first.
    topics: Vec<Vec<Vec<Topic>>>,
    background: Vec<parallax_analyze::lexicon::ConceptIdx>,
    /// The engagement's own countries.
    home: Vec<ConceptIdx>,
    /// Countries and regions, with the countries each covers.
    places: Vec<(ConceptIdx, Vec<ConceptIdx>)>,
    warnings: Vec<String>,
}

impl Prepared {
    fn align_points<'p>(&'p self, inputs: &'p [Input]) -> Vec<Vec<AlignPoint<'p>>> {
        self.read
            .iter()
            .enumerate()
            .map(|(s, source)| {
                source
                    .features
                    .iter()
                    .enumerate()
                    .map(|(p, features)| {
                        let text = source.segmentation.points[p]
                            .span
                            .slice(&inputs[s].document.text);
                        AlignPoint {
                            vector: &self.vectors[s][p],
                            features,
                            primary_topic: self.topics[s][p][0],
                            n_chars: weighted_length(text),
                            label: opening_label(text),
                            tells_initiator: source.initiator_mentions[p].is_some(),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn align_config(&self, weights: &Weights, threads: usize) -> parallax_align::Config {
        parallax_align::Config {
            weights: weights.clone(),
            background: self.background.clone(),
            places: self.places.clone(),
            threads,
        }
    }
}

/// What the pipeline read from one source before alignment.
pub(crate) struct ReadSource {
    pub lang: Lang,
    pub segmentation: Segmentation,
    pub features: Vec<PointFeatures>,
    /// By point: who it says asked for the engagement, if it says so.
    pub initiator_mentions: Vec<Option<parallax_analyze::facts::InitiatorMention>>,
}

/// Every country and region with the countries it covers: a country covers
/// itself, a region its listed members, a broad region without members
/// ("Indo-Pacific") only itself.
fn places_of(analyzer: &Analyzer) -> Vec<(ConceptIdx, Vec<ConceptIdx>)> {
    let lexicon = analyzer.lexicon();
    (0..lexicon.concepts.len())
        .filter_map(|idx| ConceptIdx::try_from(idx).ok())
        .filter_map(|idx| {
            let concept = lexicon.concept(idx);
            match concept.kind {
                ConceptKind::Country => Some((idx, vec![idx])),
                ConceptKind::Place if concept.members.is_empty() => Some((idx, vec![idx])),
                ConceptKind::Place => {
                    let covered = concept
                        .members
                        .iter()
                        .filter_map(|code| lexicon.find_id(code, ConceptKind::Country))
                        .collect();
                    Some((idx, covered))
                }
                _ => None,
            }
        })
        .collect()
}

/// For each unmatched point, its best cosine with any point of another
/// source (0 for linked points): how close it came to being linked.
fn nearest_other(vectors: &[Vec<Vec<f32>>], unmatched: &[Vec<bool>]) -> Vec<Vec<f32>> {
    let mut nearest: Vec<Vec<f32>> = vectors.iter().map(|v| vec![0.0; v.len()]).collect();
    for (s, points) in vectors.iter().enumerate() {
        let mine: Vec<(usize, &[f32])> = points
            .iter()
            .enumerate()
            .filter(|(p, _)| unmatched[s][*p])
            .map(|(p, v)| (p, v.as_slice()))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let rows: Vec<&[f32]> = mine.iter().map(|(_, v)| *v).collect();
        for (_, other) in vectors.iter().enumerate().filter(|(o, _)| *o != s) {
            let cols: Vec<&[f32]> = other.iter().map(Vec::as_slice).collect();
            if cols.is_empty() {
                continue;
            }
            let dots = parallax_align::dot_matrix(&rows, &cols);
            for (r, (p, _)) in mine.iter().enumerate() {
                let best = dots[r * cols.len()..(r + 1) * cols.len()]
                    .iter()
                    .copied()
                    .fold(0.0, f32::max);
                nearest[s][*p] = nearest[s][*p].max(best);
            }
        }
    }
    nearest
}

/// The alignment score as a 0..1 confidence: 0.5 at the link threshold,
/// rising towards 1 as a link clears it (the raw, contrasted score is
/// unbounded and means little to a reader).
fn link_confidence(score: f32, threshold: f32) -> f32 {
    1.0 / (1.0 + (-3.0 * (score - threshold)).exp())
}

/// The label a point opens with: up to five words before a colon, as in
/// "Situation mondiale : …" or "Energy: …".
fn opening_label(text: &str) -> Option<&str> {
    let colon = text.find([':', '：'])?;
    let label = text[..colon].trim();
    let words = label.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| parallax_model::is_letter_or_digit(c) || c.is_whitespace() || "-'’,&".contains(c));
    (colon <= 80
        && (1..=5).contains(&words)
        && plain
        && label.chars().any(parallax_model::is_letter))
    .then_some(label)
}

/// Length in characters with a Chinese or Japanese character counting as
/// three, so lengths compare across scripts.
fn weighted_length(text: &str) -> usize {
    text.chars()
        .map(|c| if parallax_model::is_cjk(c) { 3 } else { 1 })
        .sum()
}

/// A point's own language, when it is clearly not its source's.
fn point_language(text: &str, source_lang: Lang) -> Option<Lang> {
    if text.chars().count() < 24 {
        return None;
    }
    // most points are plainly in their source's language: no detector then
    if parallax_ingest::lang::plainly_in(text, source_lang) {
        return None;
    }
    parallax_ingest::lang::detect_confident_other(text, 0.9, source_lang)
}
