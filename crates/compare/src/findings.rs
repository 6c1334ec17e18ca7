//! How the sources differ as wholes: how long each is, what each leads with
//! and how much room it gives each topic, the format and duration each
//! reports, who each says asked for the engagement, praise only one side
//! gives, and things the sides call by different names.

use parallax_analyze::{tokens, tone};
use parallax_model::{
    Engagement, Findings, Naming, Quote, Source, SourceProfile, Span, Topic, TopicShare,
};
use std::sync::LazyLock;

/// `durations`: the call's length as each source states it.
/// `durations` and `formats`: the call's length and format as each source
/// states them; `names`: the contested names of each point ([`names_of`]).
pub(crate) fn compute(
    sources: &[Source],
    engagement: &Engagement,
    durations: &[Option<u32>],
    formats: &[Option<&'static str>],
    names: &[Vec<Vec<Name>>],
) -> Findings {
    let profiles: Vec<SourceProfile> = sources
        .iter()
        .zip(durations.iter().zip(formats))
        .map(|(source, (duration, format))| profile(source, engagement, *duration, *format))
        .collect();
    let words: Vec<usize> = profiles
        .iter()
        .map(|p| p.words)
        .filter(|&w| w > 0)
        .collect();
    let length_ratio = match (words.iter().max(), words.iter().min()) {
        (Some(&most), Some(&least)) if words.len() > 1 => {
            Some(((most as f32 / least as f32) * 100.0).round() / 100.0)
        }
        _ => None,
    };
    let mut dated: Vec<(&str, &str)> = sources
        .iter()
        .filter_map(|s| Some((s.published.as_deref()?, s.id.as_str())))
        .collect();
    dated.sort();
    let published_first = match dated.as_slice() {
        [(first, id), (second, _), ..] if first < second => Some((*id).to_owned()),
        _ => None,
    };
    let mut parties: Vec<&str> = engagement
        .initiator
        .iter()
        .map(|c| c.party.as_str())
        .collect();
    parties.sort_unstable();
    parties.dedup();
    Findings {
        sources: profiles,
        length_ratio,
        published_first,
        initiator_disputed: parties.len() > 1,
        unreciprocated: unreciprocated(sources),
        naming: naming(sources, names),
    }
}

/// Words of a text: a Chinese or Japanese character counts as half a word.
pub(crate) fn words(text: &str) -> usize {
    let cjk = text.chars().filter(|&c| parallax_model::is_cjk(c)).count();
    let spaced = text
        .split(|c: char| !parallax_model::is_letter_or_digit(c) || parallax_model::is_cjk(c))
        .filter(|w| !w.is_empty())
        .count();
    spaced + cjk.div_ceil(2)
}

fn profile(
    source: &Source,
    engagement: &Engagement,
    duration_minutes: Option<u32>,
    format: Option<&'static str>,
) -> SourceProfile {
    let point_words: Vec<usize> = source.points.iter().map(|p| words(&p.text)).collect();
    let total: usize = point_words.iter().sum();
    // topics in the order the source first raises them, with their words
    let mut topics: Vec<TopicShare> = Vec::new();
    for (point, n_words) in source.points.iter().zip(&point_words) {
        let Some(&topic) = point.topics.first() else {
            continue;
        };
        match topics.iter_mut().find(|t| t.topic == topic) {
            Some(share) => {
                share.points += 1;
                share.share += *n_words as f32;
            }
            None => topics.push(TopicShare {
                topic,
                points: 1,
                share: *n_words as f32,
                rank: topics.len() + 1,
            }),
        }
    }
    for share in &mut topics {
        share.share = ((share.share / total.max(1) as f32) * 1000.0).round() / 1000.0;
    }
    topics.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.rank.cmp(&b.rank)));
    SourceProfile {
        source: source.id.clone(),
        words: total,
        points: source.points.len(),
        format: format.map(str::to_owned),
        duration_minutes,
        initiator: engagement
            .initiator
            .iter()
            .find(|c| c.source == source.id)
            .map(|c| c.party.clone()),
        topics,
    }
}

/// The first word of each tone category that no other source uses at all.
fn unreciprocated(sources: &[Source]) -> Vec<Quote> {
    if sources.len() < 2 {
        return Vec::new();
    }
    let mut found = Vec::new();
    for source in sources {
        let others_use = |category: &str| {
            sources
                .iter()
                .any(|o| o.id != source.id && o.tone.contains_key(category))
        };
        let mut seen: Vec<tone::ToneCategory> = Vec::new();
        for point in &source.points {
            if !point.tone.iter().any(|c| !others_use(c)) {
                continue;
            }
            for hit in tone::find(&source.text, Span::new(point.start, point.end)) {
                if seen.contains(&hit.category) || others_use(hit.category.id()) {
                    continue;
                }
                seen.push(hit.category);
                found.push(Quote {
                    source: source.id.clone(),
                    point: Some(point.id.clone()),
                    text: hit.span.slice(&source.text).to_owned(),
                    start: hit.span.start,
                    end: hit.span.end,
                });
            }
        }
    }
    found
}

const NAMING_TSV: &str = include_str!("../../../data/lexicon/naming.tsv");

/// One way of naming a contested thing. A spaced form is a run of words, a
/// word ending in `*` matching any word it starts; a Chinese or Japanese form
/// matches anywhere.
struct NameForm {
    referent: String,
    variant: String,
    words: Vec<(String, bool)>,
    cjk: Option<String>,
}

/// The contested names, spaced forms indexed by the first three characters
/// of their first word, so a point is read in one pass over its words.
struct Names {
    spaced: parallax_model::FastMap<String, Vec<NameForm>>,
    unspaced: Vec<NameForm>,
}

/// Spaced name forms are indexed by the first this many characters.
const NAME_KEY_CHARS: usize = 3;

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut names = Names {
        spaced: Default::default(),
        unspaced: Vec::new(),
    };
    for form in name_forms() {
        if form.cjk.is_some() {
            names.unspaced.push(form);
        } else {
            let key = parallax_model::first_chars(&form.words[0].0, NAME_KEY_CHARS).to_owned();
            names.spaced.entry(key).or_default().push(form);
        }
    }
    names
});

fn name_forms() -> Vec<NameForm> {
    let mut forms = Vec::new();
    for line in NAMING_TSV.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [referent, variant, _lang, list] = fields[..] else {
            continue;
        };
        for form in list.split_whitespace() {
            let is_cjk = form.chars().next().is_some_and(parallax_model::is_cjk);
            forms.push(NameForm {
                referent: referent.to_owned(),
                variant: variant.to_owned(),
                words: form
                    .split('_')
                    .map(|w| (w.trim_end_matches('*').to_lowercase(), w.ends_with('*')))
                    .collect(),
                cjk: is_cjk.then(|| form.to_owned()),
            });
        }
    }
    forms
}

/// The first name each source uses for each contested thing, when sources
/// use different names for the same thing ("special military operation"
/// against "war in Ukraine").
fn naming(sources: &[Source], names: &[Vec<Vec<Name>>]) -> Vec<Naming> {
    let mut used: Vec<(&str, &str, Quote)> = Vec::new();
    for (source, source_names) in sources.iter().zip(names) {
        for (point, point_names) in source.points.iter().zip(source_names) {
            for &(referent, variant, found) in point_names {
                if used
                    .iter()
                    .any(|(r, _, q)| *r == referent && q.source == source.id)
                {
                    continue;
                }
                let quote = Quote {
                    source: source.id.clone(),
                    point: Some(point.id.clone()),
                    text: found.slice(&source.text).to_owned(),
                    start: found.start,
                    end: found.end,
                };
                used.push((referent, variant, quote));
            }
        }
    }
    let mut referents: Vec<&str> = used.iter().map(|(r, _, _)| *r).collect();
    referents.sort_unstable();
    referents.dedup();
    referents
        .into_iter()
        .filter_map(|referent| {
            let names: Vec<(String, Quote)> = used
                .iter()
                .filter(|(r, _, _)| *r == referent)
                .map(|(_, v, q)| ((*v).to_owned(), q.clone()))
                .collect();
            let differ = names.iter().any(|(v, _)| *v != names[0].0);
            differ.then(|| Naming {
                referent: referent.to_owned(),
                names,
            })
        })
        .collect()
}

/// A contested name in a point: (referent, variant, span).
pub(crate) type Name = (&'static str, &'static str, Span);

/// By source and point: the contested names each point uses.
pub(crate) fn names_of(sources: &[Source]) -> Vec<Vec<Vec<Name>>> {
    sources
        .iter()
        .map(|source| {
            source
                .points
                .iter()
                .map(|point| names_in(&source.text, Span::new(point.start, point.end)))
                .collect()
        })
        .collect()
}

/// Contested names in the point at `span`, left to right: (referent,
/// variant, absolute span).
fn names_in(text: &str, span: Span) -> Vec<(&'static str, &'static str, Span)> {
    let Some(point) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let tokens = tokens::words(point);
    let mut found = Vec::new();
    // the unspaced forms are Chinese: only a point with such characters
    // can hold one
    let unspaced = if point.chars().any(parallax_model::is_cjk) {
        NAMES.unspaced.as_slice()
    } else {
        &[]
    };
    for name in unspaced {
        if let Some(at) = name.cjk.as_deref().and_then(|form| point.find(form)) {
            let len = name.cjk.as_deref().map_or(0, str::len);
            found.push((
                name.referent.as_str(),
                name.variant.as_str(),
                Span::new(span.start + at, span.start + at + len),
            ));
        }
    }
    for (first, token) in tokens.iter().enumerate() {
        let Some(candidates) = NAMES
            .spaced
            .get(parallax_model::first_chars(&token.lower, NAME_KEY_CHARS))
        else {
            continue;
        };
        for name in candidates {
            let Some(run) = tokens.get(first..first + name.words.len()) else {
                continue;
            };
            let all = run.iter().zip(&name.words).all(|(token, (word, prefix))| {
                if *prefix {
                    token.lower.starts_with(word.as_str())
                } else {
                    token.lower == *word
                }
            });
            if all {
                found.push((
                    name.referent.as_str(),
                    name.variant.as_str(),
                    Span::new(
                        span.start + run[0].span.start,
                        span.start + run[run.len() - 1].span.end,
                    ),
                ));
            }
        }
    }
    // overlapping forms ("Russia's war", "war against Ukraine") are one name
    found.sort_by_key(|(_, _, s)| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<(&'static str, &'static str, Span)> = Vec::new();
    for hit in found {
        if kept.last().is_none_or(|last| last.2.end <= hit.2.start) {
            kept.push(hit);
        }
    }
    kept
}

/// The first subject a source raises, past the opening formula (who spoke
/// with whom) and greetings.
pub(crate) fn lead_topic(profile: &SourceProfile) -> Option<Topic> {
    profile
        .topics
        .iter()
        .filter(|t| !matches!(t.topic, Topic::Engagements | Topic::Atmosphere))
        .min_by_key(|t| t.rank)
        .map(|t| t.topic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contested_names_are_found_in_each_language() {
        let found = |text: &str| -> Vec<(&str, &str, String)> {
            names_in(text, Span::new(0, text.len()))
                .into_iter()
                .map(|(r, v, s)| (r, v, s.slice(text).to_owned()))
                .collect()
        };
        assert_eq!(
            found("Обсуждён ход специальной военной операции."),
            [(
                "ukraine-conflict",
                "special-military-operation",
                "специальной военной операции".to_owned()
            )]
        );
        assert_eq!(
            found("They discussed Russia's war against Ukraine."),
            [("ukraine-conflict", "war", "Russia's war".to_owned())]
        );
        assert_eq!(
            found("中方在乌克兰危机问题上"),
            [("ukraine-conflict", "crisis", "乌克兰危机".to_owned())]
        );
        assert!(found("They discussed the war on drugs.").is_empty());
    }

    #[test]
    fn words_count_chinese_characters_as_half_a_word() {
        assert_eq!(words("The two leaders spoke today."), 5);
        assert_eq!(words("两国元首通电话"), 4);
    }
}
