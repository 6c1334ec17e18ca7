//! What differs inside a link, with each side's words as evidence. Values are
//! compared normalised (numbers scaled by their magnitude word, ISO
//! intervals, lexicon ids, modality classes), never as strings, so "обмен 300
//! на 300" and "an exchange of 250 prisoners" compare across languages.
//!
//! Substantive kinds (`number`, `time`, `actor`, `modality`, `negation`) make
//! the link `differs`; `scope` (a qualifier, place or figure on one side
//! only) and `evaluation` (praise on one side only) make it `partial`.

use parallax_analyze::lexicon::{ConceptIdx, ConceptKind};
use parallax_analyze::tokens;
use parallax_analyze::{facts, numbers};
use parallax_analyze::{tone, Analyzer, Modality, PointFeatures};
use parallax_model::{source_id, Difference, InitiatorClaim, Point, Quote, Relation, Span};

/// One point of a link, with everything read from it.
pub(crate) struct Member<'a> {
    pub source: usize,
    /// The whole text of the point's source.
    pub text: &'a str,
    pub features: &'a PointFeatures,
    pub point: &'a Point,
}

impl Member<'_> {
    fn quote(&self, span: Span) -> Quote {
        Quote {
            source: source_id(self.source),
            point: Some(self.point.id.clone()),
            text: span.slice(self.text).to_owned(),
            start: span.start,
            end: span.end,
        }
    }

    fn span(&self) -> Span {
        Span::new(self.point.start, self.point.end)
    }
}

/// The relation of a link (`about_the_talks`: every point is about the
/// engagement itself — who spoke with whom, when — where the subjects one
/// side lists are its agenda, not detail it adds): `differs` when the sources disagree in substance; `partial` when one adds
/// a place, subject or praise the other leaves out, or one point of a source
/// covers several of another; otherwise the label alignment gave from the
/// wording (`partial` when worded far apart or one says much more), except
/// that points with nothing found to differ and too short to add detail are
/// `same`.
pub(crate) fn relation(
    aligned: Relation,
    differences: &[Difference],
    one_to_many: bool,
    about_the_talks: bool,
    longest_words: usize,
) -> Relation {
    let adds = |kind: &str| !about_the_talks && differences.iter().any(|d| d.kind == kind);
    if differences.iter().any(Difference::is_substantive) {
        Relation::Differs
    } else if adds("scope") || adds("evaluation") || one_to_many {
        Relation::Partial
    } else if longest_words <= SHORT_POINT_WORDS {
        // a short point has no room for more detail: with nothing found to
        // differ, wording that the model rates far apart is still the same
        Relation::Same
    } else {
        aligned
    }
}

/// Points of at most this many words are too short to carry extra detail.
const SHORT_POINT_WORDS: usize = 12;

/// Every difference between the sources of one link, pair of sources by pair.
pub(crate) fn find(
    analyzer: &Analyzer,
    background: &[ConceptIdx],
    claims: &[InitiatorClaim],
    engagement_date: Option<&str>,
    members: &[Member<'_>],
) -> Vec<Difference> {
    // times ending over a year before the engagement recall history
    let cutoff = engagement_date.and_then(|date| {
        let year: i32 = date.get(..4)?.parse().ok()?;
        Some(format!("{:04}{}", year - 1, date.get(4..)?))
    });
    let mut sources: Vec<usize> = members.iter().map(|m| m.source).collect();
    sources.sort_unstable();
    sources.dedup();
    let sides: Vec<Side> = sources
        .iter()
        .map(|&s| {
            let own = members.iter().filter(|m| m.source == s).collect();
            Side::read(analyzer, own, claims, cutoff.as_deref())
        })
        .collect();
    let mut found = Vec::new();
    for (i, a) in sides.iter().enumerate() {
        for b in &sides[i + 1..] {
            numbers(a, b, &mut found);
            durations(a, b, &mut found);
            times(a, b, &mut found);
            modality(analyzer, a, b, &mut found);
            acceptance(a, b, &mut found);
            venues(analyzer, a, b, &mut found);
            initiator(analyzer, a, b, &mut found);
            negation(a, b, &mut found);
            actors(analyzer, a, b, &mut found);
        }
    }
    for (i, side) in sides.iter().enumerate() {
        let others: Vec<&Side> = sides
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| s)
            .collect();
        scope(analyzer, background, side, &others, &mut found);
        evaluation(side, &others, &mut found);
    }
    found
}

/// What one source's points in a link say, gathered.
struct Side<'m, 'a> {
    members: Vec<&'m Member<'a>>,
    /// (value, percent, member, span)
    quantities: Vec<(f64, bool, usize, Span)>,
    /// (first day, last day, member, span) of every normalised time.
    times: Vec<(String, String, usize, Span)>,
    /// Time words too vague to date ("at a convenient time"): (member, span).
    vague_times: Vec<(usize, Span)>,
    /// How long the conversation lasted, as the side says: (minutes, member, span).
    duration: Option<(u32, usize, Span)>,
    /// Who the side says asked for the engagement: (party, member, span).
    initiator: Option<(String, usize, Span)>,
    /// Where the side says a meeting or visit will be: (country, member, span).
    venue: Option<(String, usize, Span)>,
    /// The side leaves the timing open ("at a time convenient to him").
    open_timing: bool,
    /// The side says something is being considered, not accepted.
    considering: bool,
    /// Modality words not under a negation: (class, member, span).
    modalities: Vec<(Modality, usize, Span)>,
    /// Modality words under a negation ("did not agree", "未达成").
    negated: Vec<(Modality, usize, Span)>,
    /// Words casting the other party as a rival, and whether they are
    /// negated ("partners, not rivals", "伙伴而非对手"): (negated, member, span)
    rivalry: Vec<(bool, usize, Span)>,
    tone: Vec<(tone::ToneCategory, usize, Span)>,
}

impl<'m, 'a> Side<'m, 'a> {
    fn read(
        analyzer: &Analyzer,
        members: Vec<&'m Member<'a>>,
        claims: &[InitiatorClaim],
        history_before: Option<&str>,
    ) -> Side<'m, 'a> {
        let mut side = Side {
            members,
            quantities: Vec::new(),
            times: Vec::new(),
            vague_times: Vec::new(),
            duration: None,
            initiator: None,
            venue: None,
            open_timing: false,
            considering: false,
            modalities: Vec::new(),
            negated: Vec::new(),
            rivalry: Vec::new(),
            tone: Vec::new(),
        };
        for (idx, member) in side.members.iter().enumerate() {
            let in_time = |span: Span| {
                member
                    .point
                    .times
                    .iter()
                    .any(|t| t.span[0] <= span.start && span.end <= t.span[1])
            };
            for q in &member.features.quantities {
                if !in_time(q.span) {
                    side.quantities.push((q.value, q.percent, idx, q.span));
                }
            }
            for q in numbers::find_words(member.text, member.span()) {
                if !in_time(q.span) {
                    side.quantities.push((q.value, q.percent, idx, q.span));
                }
            }
            if side.venue.is_none() {
                side.venue = venue(analyzer, member).map(|(c, span)| (c, idx, span));
            }
            let lower = member.point.text.to_lowercase();
            side.open_timing |= OPEN_TIMING.iter().any(|p| lower.contains(p));
            side.considering |= CONSIDERING.iter().any(|p| lower.contains(p));
            for t in &member.point.times {
                // a past event recalled ("the 2001 treaty") dates nothing new
                if let (Some(end), Some(cutoff)) = (&t.end, history_before) {
                    if end.as_str() < cutoff {
                        continue;
                    }
                }
                let span = Span::new(t.span[0], t.span[1]);
                match (&t.start, &t.end) {
                    (Some(start), Some(end)) => {
                        side.times.push((start.clone(), end.clone(), idx, span))
                    }
                    _ => side.vague_times.push((idx, span)),
                }
            }
            // a length needs a figure ("75 minutes", "двух часов")
            if side.duration.is_none() && side.quantities.iter().any(|q| q.2 == idx) {
                side.duration = facts::duration_minutes(member.text, member.span())
                    .map(|(minutes, span)| (minutes, idx, span));
                if let Some((_, _, span)) = side.duration {
                    // the call's length is a time, not a figure
                    side.quantities
                        .retain(|q| q.2 != idx || q.3.end <= span.start || span.end <= q.3.start);
                }
            }
            let source = source_id(member.source);
            if let Some(claim) = claims.iter().find(|c| {
                c.source == source
                    && member.point.start <= c.span[0]
                    && c.span[1] <= member.point.end
            }) {
                side.initiator = Some((
                    claim.party.clone(),
                    idx,
                    Span::new(claim.span[0], claim.span[1]),
                ));
            }
            for &(modality, span) in &member.features.modality_words {
                if let Some(start) = negation_start(member.text, member.span(), span) {
                    // the quote runs from the negation: "did not agree"
                    side.negated
                        .push((modality, idx, Span::new(start, span.end)));
                } else {
                    side.modalities.push((modality, idx, span));
                }
            }
            for span in rivalry_words(member.text, member.span()) {
                match negation_start(member.text, member.span(), span) {
                    Some(start) => side.rivalry.push((true, idx, Span::new(start, span.end))),
                    None => side.rivalry.push((false, idx, span)),
                }
            }
            if !member.point.tone.is_empty() {
                for hit in tone::find(member.text, member.span()) {
                    side.tone.push((hit.category, idx, hit.span));
                }
            }
        }
        side
    }

    fn source(&self) -> usize {
        self.members[0].source
    }

    fn id(&self) -> String {
        source_id(self.source())
    }

    fn quote(&self, member: usize, span: Span) -> Quote {
        self.members[member].quote(span)
    }

    /// The subjects of the side's points ("minerals", "tariffs") with the
    /// modality word that governs each: the nearest before it in the same
    /// clause. (subject, class, member, span of the modality word)
    fn governed(&self, analyzer: &Analyzer) -> Vec<(ConceptIdx, Modality, usize, Span)> {
        let mut found = Vec::new();
        for (idx, member) in self.members.iter().enumerate() {
            for hit in &member.features.concepts {
                if !analyzer.lexicon().concept(hit.concept).is_subject()
                    || found
                        .iter()
                        .any(|g: &(ConceptIdx, _, _, _)| g.0 == hit.concept)
                {
                    continue;
                }
                let governing = self
                    .modalities
                    .iter()
                    .filter(|(_, m, span)| *m == idx && span.end <= hit.span.start)
                    .max_by_key(|(_, _, span)| span.end)
                    .filter(|(_, _, span)| {
                        member
                            .text
                            .get(span.end..hit.span.start)
                            .is_some_and(|between| {
                                between.len() <= 160
                                    && !between.contains(['.', ';', '。', '；', '!', '?'])
                            })
                    });
                if let Some(&(class, _, span)) = governing {
                    found.push((hit.concept, class, idx, span));
                }
            }
        }
        found
    }

    fn strongest(&self) -> Option<(Modality, usize, Span)> {
        self.modalities.iter().copied().min_by_key(|(m, _, _)| *m)
    }
}

/// The evidence of two sides as a difference's `a` and `b`: in source order.
fn in_order(
    x: (&Side, Option<Quote>),
    y: (&Side, Option<Quote>),
) -> (Option<Quote>, Option<Quote>) {
    if x.0.source() < y.0.source() {
        (x.1, y.1)
    } else {
        (y.1, x.1)
    }
}

/// What each side says of one thing, with its words: the detail reads
/// "{prefix}A: {its value} · B: {its value}".
fn each_side(
    kind: &str,
    prefix: &str,
    (a, value_a, quote_a): (&Side, String, Quote),
    (b, value_b, quote_b): (&Side, String, Quote),
) -> Difference {
    difference(
        kind,
        format!("{prefix}{}: {value_a} · {}: {value_b}", a.id(), b.id()),
        Some(quote_a),
        Some(quote_b),
    )
}

fn difference(kind: &str, detail: String, a: Option<Quote>, b: Option<Quote>) -> Difference {
    Difference {
        kind: kind.to_owned(),
        detail,
        a,
        b,
    }
}

/// Both sides give figures that can be compared and share none.
fn numbers(a: &Side, b: &Side, found: &mut Vec<Difference>) {
    let comparable = |x: &(f64, bool, usize, Span), y: &(f64, bool, usize, Span)| x.1 == y.1;
    let equal = |x: &(f64, bool, usize, Span), y: &(f64, bool, usize, Span)| {
        comparable(x, y) && (x.0 - y.0).abs() <= 0.005 * x.0.abs().max(1.0)
    };
    if a.quantities
        .iter()
        .any(|x| b.quantities.iter().any(|y| equal(x, y)))
    {
        return;
    }
    let Some((x, y)) = a.quantities.iter().find_map(|x| {
        b.quantities
            .iter()
            .find(|y| comparable(x, y))
            .map(|y| (x, y))
    }) else {
        return;
    };
    found.push(each_side(
        "number",
        "",
        (a, fmt_quantity(x.0, x.1), a.quote(x.2, x.3)),
        (b, fmt_quantity(y.0, y.1), b.quote(y.2, y.3)),
    ));
}

/// Both sides date it differently: no interval of one overlaps one of the
/// other, or both give days ("14–16 June" against "15–17 June") and no day
/// range is the same; or one side dates it and the other leaves it open.
fn times(a: &Side, b: &Side, found: &mut Vec<Difference>) {
    for (dated, open) in [(a, b), (b, a)] {
        if let (Some(t), true, true) =
            (dated.times.first(), open.open_timing, open.times.is_empty())
        {
            let (first, second) = in_order((dated, Some(dated.quote(t.2, t.3))), (open, None));
            found.push(difference(
                "time",
                format!(
                    "{}: {} · {}: leaves the timing open",
                    dated.id(),
                    fmt_interval(&t.0, &t.1),
                    open.id()
                ),
                first,
                second,
            ));
            return;
        }
    }
    if a.times.is_empty() || b.times.is_empty() {
        return;
    }
    type Time = (String, String, usize, Span);
    let overlaps = |x: &Time, y: &Time| x.0 <= y.1 && y.0 <= x.1;
    let equal = |x: &Time, y: &Time| x.0 == y.0 && x.1 == y.1;
    // explicit days or day ranges ("14–16 June"), not "next week"
    let days = |t: &Time| span_days(&t.0, &t.1).is_some_and(|n| n <= 4);
    let pair = if !a
        .times
        .iter()
        .any(|x| b.times.iter().any(|y| overlaps(x, y)))
    {
        Some((&a.times[0], &b.times[0]))
    } else {
        let (da, db): (Vec<&Time>, Vec<&Time>) = (
            a.times.iter().filter(|t| days(t)).collect(),
            b.times.iter().filter(|t| days(t)).collect(),
        );
        match (da.first(), db.first()) {
            (Some(x), Some(y)) if !da.iter().any(|x| db.iter().any(|y| equal(x, y))) => {
                Some((*x, *y))
            }
            _ => None,
        }
    };
    let Some((x, y)) = pair else {
        return;
    };
    found.push(each_side(
        "time",
        "",
        (a, fmt_interval(&x.0, &x.1), a.quote(x.2, x.3)),
        (b, fmt_interval(&y.0, &y.1), b.quote(y.2, y.3)),
    ));
}

/// Days from `start` to `end` (ISO), roughly: enough to tell days from months.
fn span_days(start: &str, end: &str) -> Option<u32> {
    let ordinal = |iso: &str| -> Option<i64> {
        let mut parts = iso.split('-').map(|p| p.parse::<i64>().ok());
        Some(parts.next()?? * 372 + parts.next()?? * 31 + parts.next()??)
    };
    u32::try_from(ordinal(end)? - ordinal(start)?).ok()
}

/// One side accepts what the other says is still being considered.
fn acceptance(a: &Side, b: &Side, found: &mut Vec<Difference>) {
    for (accepting, considering) in [(a, b), (b, a)] {
        if !considering.considering {
            continue;
        }
        let accepted = accepting.members.iter().enumerate().find_map(|(idx, m)| {
            m.point
                .commitments
                .iter()
                .find(|c| c.status == "accepted")
                .map(|c| (idx, Span::new(c.span[0], c.span[1])))
        });
        let Some((member, span)) = accepted else {
            continue;
        };
        let quote = accepting.quote(member, span);
        let (first, second) = in_order((accepting, Some(quote)), (considering, None));
        found.push(difference(
            "modality",
            format!(
                "{}: accepted · {}: under consideration",
                accepting.id(),
                considering.id()
            ),
            first,
            second,
        ));
        return;
    }
}

/// Where a point says a meeting or visit it announces will take place: a
/// country or capital right after "in", "à", "en", "в", "在"….
fn venue(analyzer: &Analyzer, member: &Member<'_>) -> Option<(String, Span)> {
    let announces = member
        .point
        .commitments
        .iter()
        .any(|c| matches!(c.kind.as_str(), "meeting" | "visit" | "talks"));
    if !announces {
        return None;
    }
    const LOCATIVE: &[&str] = &["in", "à", "au", "en", "в", "во", "nach"];
    member.features.concepts.iter().find_map(|hit| {
        let concept = analyzer.lexicon().concept(hit.concept);
        if concept.kind != ConceptKind::Country {
            return None;
        }
        let before = member.text.get(member.point.start..hit.span.start)?;
        let located = before.ends_with('在')
            || tokens::words(before).last().is_some_and(|w| {
                LOCATIVE.contains(&w.lower.as_ref()) && w.span.end + 2 >= before.len()
            });
        located.then(|| (concept.id.clone(), hit.span))
    })
}

/// The sides place the meeting in different countries.
fn venues(analyzer: &Analyzer, a: &Side, b: &Side, found: &mut Vec<Difference>) {
    if let (Some(x), Some(y)) = (&a.venue, &b.venue) {
        different_parties(analyzer, ("place", "where"), (a, x), (b, y), found);
    }
}

/// Words casting the other party as a rival or threat, lower-case; Chinese
/// forms match anywhere.
const RIVALRY: &[&str] = &[
    "rival",
    "rivals",
    "rivalry",
    "competitor",
    "competitors",
    "adversary",
    "adversaries",
    "enemy",
    "enemies",
    "rivale",
    "rivaux",
    "adversaire",
    "adversaires",
    "ennemi",
    "ennemis",
    "rivales",
    "competidor",
    "competidores",
    "adversario",
    "adversarios",
    "enemigo",
    "rivalen",
    "konkurrent",
    "konkurrenten",
    "gegner",
    "feind",
    "feinde",
    "соперник",
    "соперники",
    "соперниками",
    "противник",
    "противники",
    "противниками",
    "враг",
    "враги",
    "对手",
    "敌人",
    "敌手",
];

/// Where rivalry words stand in the point at `span`.
fn rivalry_words(text: &str, span: Span) -> Vec<Span> {
    let Some(point) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut found: Vec<Span> = tokens::words(point)
        .into_iter()
        .filter(|w| RIVALRY.contains(&w.lower.as_ref()))
        .map(|w| w.span.offset(span.start))
        .collect();
    for form in RIVALRY
        .iter()
        .filter(|f| f.chars().next().is_some_and(parallax_model::is_cjk))
    {
        for (at, _) in point.match_indices(form) {
            found.push(Span::new(span.start + at, span.start + at + form.len()));
        }
    }
    found
}

/// Words that leave a date open.
const OPEN_TIMING: &[&str] = &[
    "at a time convenient",
    "at a mutually convenient time",
    "to be agreed",
    "to be determined",
    "through diplomatic channels",
    "in due course",
    "date qui sera",
    "à une date à",
    "en temps voulu",
    "par la voie diplomatique",
    "par les canaux diplomatiques",
    "por definir",
    "por la vía diplomática",
    "por canales diplomáticos",
    "zu einem geeigneten zeitpunkt",
    "zu gegebener zeit",
    "auf diplomatischem wege",
    "в удобное время",
    "будут согласованы",
    "будут дополнительно согласованы",
    "по дипломатическим каналам",
    "适时",
    "择时",
    "择机",
    "另行商定",
    "通过外交渠道",
];

/// Words that say something is being considered, not yet accepted.
const CONSIDERING: &[&str] = &[
    "under consideration",
    "will consider",
    "would consider",
    "en análisis",
    "en estudio",
    "analizará",
    "considerará",
    "à l'étude",
    "à l’étude",
    "examinera",
    "étudiera",
    "wird prüfen",
    "prüfen werde",
    "рассмотрит",
    "изучит",
    "будет рассмотрен",
    "研究考虑",
    "将研究",
];

/// The sides give the conversation different lengths ("about two hours"
/// against "75 minutes"); within a tenth counts as the same.
fn durations(a: &Side, b: &Side, found: &mut Vec<Difference>) {
    let (Some(x), Some(y)) = (a.duration, b.duration) else {
        return;
    };
    if x.0.abs_diff(y.0) * 10 <= x.0.max(y.0) {
        return;
    }
    found.push(each_side(
        "time",
        "",
        (a, fmt_minutes(x.0), a.quote(x.1, x.2)),
        (b, fmt_minutes(y.0), b.quote(y.1, y.2)),
    ));
}

/// Each side says the other asked for the call.
fn initiator(analyzer: &Analyzer, a: &Side, b: &Side, found: &mut Vec<Difference>) {
    if let (Some(x), Some(y)) = (&a.initiator, &b.initiator) {
        different_parties(
            analyzer,
            ("actor", "who asked for it"),
            (a, x),
            (b, y),
            found,
        );
    }
}

/// Each side names a party for one role (who asked, who hosts): a
/// difference of `kind` when they are not the same country.
fn different_parties(
    analyzer: &Analyzer,
    (kind, role): (&str, &str),
    (a, x): (&Side, &(String, usize, Span)),
    (b, y): (&Side, &(String, usize, Span)),
    found: &mut Vec<Difference>,
) {
    if party(analyzer, &x.0) == party(analyzer, &y.0) {
        return;
    }
    found.push(each_side(
        kind,
        &format!("{role} — "),
        (a, display(analyzer, &x.0), a.quote(x.1, x.2)),
        (b, display(analyzer, &y.0), b.quote(y.1, y.2)),
    ));
}

/// One side reports a decision ("agreed", "договорились", "同意"), the other
/// only a discussion, proposal, call or welcome.
fn modality(analyzer: &Analyzer, a: &Side, b: &Side, found: &mut Vec<Difference>) {
    // first subject by subject: "agreed on minerals, discussed flights"
    // against "discussed minerals, agreed on flights"
    let (ga, gb) = (a.governed(analyzer), b.governed(analyzer));
    for &(concept, ma, member_a, span_a) in &ga {
        let Some(&(_, mb, member_b, span_b)) = gb.iter().find(|g| g.0 == concept) else {
            continue;
        };
        if matches!(
            (ma, mb),
            (Modality::Agreed, Modality::Discussed) | (Modality::Discussed, Modality::Agreed)
        ) {
            let subject = &analyzer.lexicon().concept(concept).name;
            found.push(each_side(
                "modality",
                "",
                (a, modality_words(ma).to_owned(), a.quote(member_a, span_a)),
                (
                    b,
                    format!("{} ({subject})", modality_words(mb)),
                    b.quote(member_b, span_b),
                ),
            ));
            return;
        }
    }
    let (Some(x), Some(y)) = (a.strongest(), b.strongest()) else {
        return;
    };
    // a decision against a discussion; "agreed" against "welcomed",
    // "proposed" or "called for" is too often the same thing told twice
    let decided_vs_discussed = matches!(
        (x.0, y.0),
        (Modality::Agreed, Modality::Discussed) | (Modality::Discussed, Modality::Agreed)
    );
    if !decided_vs_discussed {
        return;
    }
    found.push(each_side(
        "modality",
        "",
        (a, modality_words(x.0).to_owned(), a.quote(x.1, x.2)),
        (b, modality_words(y.0).to_owned(), b.quote(y.1, y.2)),
    ));
}

/// One side negates what the other affirms: "did not agree" against
/// "agreed", "partners, not rivals" against "a systemic rival".
fn negation(a: &Side, b: &Side, found: &mut Vec<Difference>) {
    for (denying, affirming) in [(a, b), (b, a)] {
        let denied = denying.rivalry.iter().find(|r| r.0);
        let affirmed = affirming.rivalry.iter().find(|r| !r.0);
        if let (Some(&(_, dm, ds)), Some(&(_, am, asp)), false) =
            (denied, affirmed, denying.rivalry.iter().any(|r| !r.0))
        {
            let (first, second) = in_order(
                (denying, Some(denying.quote(dm, ds))),
                (affirming, Some(affirming.quote(am, asp))),
            );
            found.push(difference(
                "negation",
                format!(
                    "{} casts the other side as a rival; {} says they are not rivals",
                    affirming.id(),
                    denying.id()
                ),
                first,
                second,
            ));
            return;
        }
    }
    for (negating, affirming) in [(a, b), (b, a)] {
        let Some((m, n_quote, a_quote)) = negating.negated.iter().find_map(|&(m, member, span)| {
            if negating.modalities.iter().any(|(x, _, _)| *x == m) {
                return None;
            }
            let &(_, a_member, a_span) = affirming.modalities.iter().find(|(x, _, _)| *x == m)?;
            Some((
                m,
                negating.quote(member, span),
                affirming.quote(a_member, a_span),
            ))
        }) else {
            continue;
        };
        let (first, second) = in_order((negating, Some(n_quote)), (affirming, Some(a_quote)));
        found.push(difference(
            "negation",
            format!(
                "{} says they {}; {} says they did not",
                affirming.id(),
                modality_words(m),
                negating.id()
            ),
            first,
            second,
        ));
        return;
    }
}

/// Both sides say who proposes it and name different parties. (The actors
/// of commitments are read less surely, and are not compared.)
fn actors(analyzer: &Analyzer, a: &Side, b: &Side, found: &mut Vec<Difference>) {
    // a proposal made by different parties
    let proposer = |side: &Side| {
        side.modalities
            .iter()
            .filter(|(m, _, _)| *m == Modality::Proposed)
            .find_map(|&(_, member, span)| {
                let features = side.members[member].features;
                features
                    .concepts
                    .iter()
                    .rev()
                    .filter(|hit| hit.span.end <= span.start)
                    .find_map(|hit| party_of_concept(analyzer, hit.concept))
                    .map(|party| (party, member, span))
            })
    };
    if let (Some(x), Some(y)) = (proposer(a), proposer(b)) {
        if x.0 != y.0 {
            found.push(each_side(
                "actor",
                "",
                (
                    a,
                    format!("proposed by {}", display(analyzer, &x.0)),
                    a.quote(x.1, x.2),
                ),
                (
                    b,
                    format!("proposed by {}", display(analyzer, &y.0)),
                    b.quote(y.1, y.2),
                ),
            ));
        }
    }
}

/// Places, organisations, events and key terms one side names and no other
/// does, and figures or dates only it gives: detail it adds.
fn scope(
    analyzer: &Analyzer,
    background: &[ConceptIdx],
    side: &Side,
    others: &[&Side],
    found: &mut Vec<Difference>,
) {
    let named_by = |s: &Side, concept: ConceptIdx| {
        s.members
            .iter()
            .any(|m| m.features.concepts.iter().any(|h| h.concept == concept))
    };
    let mut extra: Vec<(ConceptIdx, usize, Span)> = Vec::new();
    for (idx, member) in side.members.iter().enumerate() {
        for hit in &member.features.concepts {
            let concept = analyzer.lexicon().concept(hit.concept);
            let counts = match concept.kind {
                ConceptKind::Country
                | ConceptKind::Place
                | ConceptKind::Organization
                | ConceptKind::Event => true,
                ConceptKind::Term => concept.is_subject(),
                _ => false,
            };
            if counts
                && !background.contains(&hit.concept)
                && !extra.iter().any(|(c, _, _)| *c == hit.concept)
                && !others.iter().any(|o| named_by(o, hit.concept))
            {
                extra.push((hit.concept, idx, hit.span));
            }
        }
    }
    // named things first ("Iran", "IAEA"), then subjects ("ceasefire"): the
    // lexicon knows names in every language better than common nouns
    for (entities, verb) in [(true, "names"), (false, "mentions")] {
        let here: Vec<&(ConceptIdx, usize, Span)> = extra
            .iter()
            .filter(|(c, _, _)| (analyzer.concept_kind(*c) != ConceptKind::Term) == entities)
            .collect();
        let Some(&&(_, member, span)) = here.first() else {
            continue;
        };
        let names: Vec<String> = here
            .iter()
            .map(|(concept, m, s)| {
                let words = s.slice(side.members[*m].text);
                let name = &analyzer.lexicon().concept(*concept).name;
                if entities && !name.eq_ignore_ascii_case(words) {
                    format!("{name} (“{words}”)")
                } else {
                    words.to_owned()
                }
            })
            .collect();
        found.push(difference(
            "scope",
            format!("only {} {verb} {}", side.id(), names.join(", ")),
            Some(side.quote(member, span)),
            None,
        ));
    }
    let others_give = |f: &dyn Fn(&Side) -> bool| others.iter().any(|o| f(o));
    if let Some(q) = side.quantities.first() {
        if !others_give(&|o| !o.quantities.is_empty()) {
            found.push(difference(
                "detail",
                format!(
                    "only {} gives a figure: {}",
                    side.id(),
                    fmt_quantity(q.0, q.1)
                ),
                Some(side.quote(q.2, q.3)),
                None,
            ));
        }
    }
    if let Some(t) = side.times.first() {
        if !others_give(&|o| !o.times.is_empty()) {
            found.push(difference(
                "detail",
                format!(
                    "only {} gives a time: {}",
                    side.id(),
                    fmt_interval(&t.0, &t.1)
                ),
                Some(side.quote(t.2, t.3)),
                None,
            ));
        }
    }
}

/// Praise or characterisation on one side that no other side's points echo.
fn evaluation(side: &Side, others: &[&Side], found: &mut Vec<Difference>) {
    let mut seen = Vec::new();
    for &(category, member, span) in &side.tone {
        if seen.contains(&category)
            || others
                .iter()
                .any(|o| o.tone.iter().any(|(c, _, _)| *c == category))
        {
            continue;
        }
        seen.push(category);
        found.push(difference(
            "evaluation",
            format!(
                "only {} characterises it ({}: “{}”)",
                side.id(),
                category.id(),
                span.slice(side.members[member].text)
            ),
            Some(side.quote(member, span)),
            None,
        ));
    }
}

fn fmt_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Negation words, lower-case, for spaced scripts.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "cannot", "ne", "n", "pas", "jamais", "aucun",
    "aucune", "nunca", "ningún", "ninguna", "nicht", "kein", "keine", "keinen", "nie", "не", "ни",
    "нет", "لا", "لم", "لن", "ليس",
];

/// Where the negation of the word at `word` starts, when one negates it: one
/// of the three words before it in the point ("did not agree", "n'ont pas
/// convenu", "не договорились"), or, in Chinese and Japanese, 不, 没, 未 or 无
/// right before it ("未达成", "没有讨论").
fn negation_start(text: &str, point: Span, word: Span) -> Option<usize> {
    let before = text.get(point.start..word.start)?;
    let mut back = 0;
    for c in before.chars().rev().take(2) {
        back += c.len_utf8();
        if matches!(c, '不' | '没' | '未' | '無' | '无' | '非') {
            return Some(word.start - back);
        }
    }
    let words = tokens::words(before);
    words[words.len().saturating_sub(3)..]
        .iter()
        .find(|w| {
            NEGATIONS.contains(&w.lower.as_ref())
                || w.lower.ends_with("n't")
                || w.lower.ends_with("n’t")
        })
        .map(|w| point.start + w.span.start)
}

/// A party's country: a country id stays, a person speaks for their country.
fn party(analyzer: &Analyzer, id: &str) -> String {
    let lexicon = analyzer.lexicon();
    lexicon
        .find_id(id, ConceptKind::Person)
        .and_then(|idx| lexicon.concept(idx).country.clone())
        .unwrap_or_else(|| id.to_owned())
}

fn party_of_concept(analyzer: &Analyzer, concept: ConceptIdx) -> Option<String> {
    let c = analyzer.lexicon().concept(concept);
    match c.kind {
        ConceptKind::Country => Some(c.id.clone()),
        ConceptKind::Person => c.country.clone(),
        _ => None,
    }
}

/// A party's display name ("Q7747" → "Putin", "CN" → "China").
pub(crate) fn display(analyzer: &Analyzer, id: &str) -> String {
    english_name(analyzer, id).unwrap_or_else(|| id.to_owned())
}

/// The lexicon's English name of an entity or party id ("Q7747" → "Putin",
/// "UA" → "Ukraine", "SCO" → "SCO").
pub(crate) fn english_name(analyzer: &Analyzer, id: &str) -> Option<String> {
    let lexicon = analyzer.lexicon();
    [
        ConceptKind::Person,
        ConceptKind::Country,
        ConceptKind::Organization,
        ConceptKind::Place,
        ConceptKind::Event,
    ]
    .into_iter()
    .find_map(|kind| lexicon.find_id(id, kind))
    .map(|idx| lexicon.concept(idx).name.clone())
}

fn modality_words(modality: Modality) -> &'static str {
    match modality {
        Modality::Agreed => "agreed",
        Modality::Proposed => "proposed",
        Modality::CalledFor => "called for",
        Modality::Welcomed => "welcomed",
        Modality::Discussed => "discussed",
    }
}

pub(crate) fn fmt_quantity(value: f64, percent: bool) -> String {
    let trim = |v: f64| {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let scaled = if value.abs() >= 1e9 {
        format!("{} billion", trim(value / 1e9))
    } else if value.abs() >= 1e6 {
        format!("{} million", trim(value / 1e6))
    } else {
        trim(value)
    };
    if percent {
        format!("{scaled}%")
    } else {
        scaled
    }
}

/// An ISO interval in words: "4 February 2026", "March 2026", "2026",
/// "1 January – 30 June 2026".
pub(crate) fn fmt_interval(start: &str, end: &str) -> String {
    let parse = |iso: &str| -> Option<(i32, u32, u32)> {
        let mut parts = iso.split('-');
        Some((
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
        ))
    };
    let (Some((y1, m1, d1)), Some((y2, m2, d2))) = (parse(start), parse(end)) else {
        return format!("{start} – {end}");
    };
    let month = parallax_model::month_name;
    let last_day = |y: i32, m: u32| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if (y1, m1, d1) == (y2, m2, d2) {
        format!("{d1} {} {y1}", month(m1))
    } else if y1 == y2 && (m1, d1, m2, d2) == (1, 1, 12, 31) {
        format!("{y1}")
    } else if y1 == y2 && (m1, d1, m2, d2) == (1, 1, 6, 30) {
        format!("first half of {y1}")
    } else if y1 == y2 && (m1, d1, m2, d2) == (7, 1, 12, 31) {
        format!("second half of {y1}")
    } else if y1 == y2 && m1 == m2 && d1 == 1 && d2 == last_day(y2, m2) {
        format!("{} {y1}", month(m1))
    } else if y1 == y2 && d1 == 1 && d2 == last_day(y2, m2) {
        format!("{}–{} {y1}", month(m1), month(m2))
    } else if y1 == y2 {
        format!("{d1} {} – {d2} {} {y1}", month(m1), month(m2))
    } else {
        format!("{d1} {} {y1} – {d2} {} {y2}", month(m1), month(m2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_a_reader_writes_them() {
        assert_eq!(fmt_interval("2026-02-04", "2026-02-04"), "4 February 2026");
        assert_eq!(fmt_interval("2026-03-01", "2026-03-31"), "March 2026");
        assert_eq!(
            fmt_interval("2026-01-01", "2026-06-30"),
            "first half of 2026"
        );
        assert_eq!(
            fmt_interval("2026-07-01", "2026-12-31"),
            "second half of 2026"
        );
        assert_eq!(fmt_interval("2026-01-01", "2026-12-31"), "2026");
        assert_eq!(
            fmt_interval("2026-09-01", "2026-11-30"),
            "September–November 2026"
        );
        assert_eq!(
            fmt_interval("2026-06-14", "2026-06-16"),
            "14 June – 16 June 2026"
        );
        assert_eq!(
            fmt_interval("garbage", "2026-01-01"),
            "garbage – 2026-01-01"
        );
    }

    #[test]
    fn negations_are_found_before_the_word_they_negate() {
        fn at<'t>(text: &'t str, word: &str) -> Option<&'t str> {
            let start = text.find(word).unwrap();
            negation_start(
                text,
                Span::new(0, text.len()),
                Span::new(start, start + word.len()),
            )
            .map(|n| &text[n..start + word.len()])
        }
        assert_eq!(
            at("The sides did not agree on a date.", "agree"),
            Some("not agree")
        );
        assert_eq!(
            at("Les ministres n'ont pas convenu d'une date.", "convenu"),
            Some("pas convenu")
        );
        assert_eq!(
            at("Стороны не договорились о дате.", "договорились"),
            Some("не договорились")
        );
        assert_eq!(at("双方未达成一致。", "达成"), Some("未达成"));
        assert_eq!(at("The sides agreed on a date.", "agreed"), None);
        // a negation four words back negates something else
        assert_eq!(
            at("Not only trade: the sides then agreed on energy.", "agreed"),
            None
        );
    }

    #[test]
    fn rivalry_is_found_and_its_denial_too() {
        let text = "中欧关系的本质是伙伴而非对手。";
        let found = rivalry_words(text, Span::new(0, text.len()));
        assert_eq!(found.len(), 1);
        let start = negation_start(text, Span::new(0, text.len()), found[0]).unwrap();
        assert_eq!(&text[start..found[0].end], "非对手");
        let text = "The EU sees China as a partner, a competitor and a systemic rival.";
        let found = rivalry_words(text, Span::new(0, text.len()));
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .all(|w| negation_start(text, Span::new(0, text.len()), *w).is_none()));
    }

    #[test]
    fn day_counts_tell_days_from_months() {
        assert_eq!(span_days("2026-06-14", "2026-06-16"), Some(2));
        assert!(span_days("2026-03-01", "2026-03-31").is_some_and(|d| d > 4));
        assert_eq!(span_days("2026-06-16", "2026-06-14"), None);
    }
}
