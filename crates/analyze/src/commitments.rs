//! Commitments a point announces: a visit (an invitation to visit is a visit
//! by the invitee), a meeting or summit, talks, or an agreement (a ceasefire,
//! a prisoner exchange, a purchase, an extension), each with who commits
//! (actor), towards whom or where (target), when (window) and how firmly
//! (status: proposed, accepted or agreed).
//!
//! The cue words are in `data/lexicon/commitments.tsv`, in all seven
//! languages. The reading is shallow and works sentence by sentence:
//!
//! 1. the cues naming what is committed to are grouped into candidates
//!    ("invited … to visit … invitation" is one visit; "talks on a
//!    ceasefire" is talks, not also a ceasefire);
//! 2. each candidate takes its status from the nearest cue before it
//!    ("agreed", "proposed"; "will", "next" only mark it as planned); a
//!    discussion ("discussed", "обсудили", "探讨") or nothing at all is no
//!    commitment, so "visited China last year" is none; a negation just
//!    before ("did not agree", "не договорились", "未达成") cancels it;
//! 3. the actor is the party named before it (for an invitation, the invitee
//!    after "invited", or whoever "accepted"), the target the other party or,
//!    for a visit, the destination or the inviter's country;
//! 4. the window is the nearest time expression in the same sentence.
//!
//! ```
//! use parallax_analyze::{commitments, Analyzer};
//! use parallax_model::{Span, TimeExpr};
//! let analyzer = Analyzer::bundled();
//! let text = "Putin accepted Xi Jinping's invitation to visit China next spring.";
//! let span = Span::new(0, text.len());
//! let features = analyzer.features(text, span);
//! let times = [TimeExpr {
//!     text: "next spring".into(),
//!     start: Some("2027-03-01".into()),
//!     end: Some("2027-05-31".into()),
//!     span: [54, 65],
//! }];
//! let found = commitments::find(text, span, &features, &times, analyzer.lexicon(), None);
//! assert_eq!(found[0].kind, "visit");
//! assert_eq!(found[0].actor.as_deref(), Some("Q7747"));
//! assert_eq!(found[0].target.as_deref(), Some("CN"));
//! assert_eq!(found[0].status, "accepted");
//! assert_eq!(found[0].window.as_ref().and_then(|w| w.start.as_deref()), Some("2027-03-01"));
//! ```

use crate::lexicon::{ConceptKind, Lexicon};
use crate::{tokens, PointFeatures};
use parallax_model::{Commitment, Span, TimeExpr, Window};
use std::sync::LazyLock;

const CUES_TSV: &str = include_str!("../../../data/lexicon/commitments.tsv");

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::parse(CUES_TSV)
        .unwrap_or_else(|err| panic!("data/lexicon/commitments.tsv is malformed: {err}"))
});

/// What is committed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Visit,
    Meeting,
    Talks,
    Agreement,
}

/// What a cue word says in a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Kind(Kind),
    Invite,
    /// "at the invitation of": the visit is happening, not promised.
    AtInvite,
    /// "at", "应": an invitation right after it is an [`Role::AtInvite`].
    At,
    Accept,
    Agree,
    Propose,
    /// Marks the future ("will", "next", "将"), not how firmly.
    Plan,
    Discuss,
    Negation,
    /// "we", "our side": the speaker.
    Speaker,
    /// "the two sides": both parties, so no single actor.
    Both,
    With,
    /// "on", "о", "就": what follows is the subject of the cue before.
    TopicOf,
}

impl Role {
    fn parse(role: &str) -> Option<Role> {
        Some(match role {
            "visit" => Role::Kind(Kind::Visit),
            "meeting" => Role::Kind(Kind::Meeting),
            "talks" => Role::Kind(Kind::Talks),
            "agreement" => Role::Kind(Kind::Agreement),
            "invite" => Role::Invite,
            "at_invite" => Role::AtInvite,
            "at" => Role::At,
            "accept" => Role::Accept,
            "agree" => Role::Agree,
            "propose" => Role::Propose,
            "plan" => Role::Plan,
            "discuss" => Role::Discuss,
            "negation" => Role::Negation,
            "self" => Role::Speaker,
            "both" => Role::Both,
            "with" => Role::With,
            "topic_of" => Role::TopicOf,
            _ => return None,
        })
    }

    fn is_status(self) -> bool {
        matches!(
            self,
            Role::Accept | Role::Agree | Role::Propose | Role::Plan | Role::Discuss
        )
    }
}

/// The cue list: a term matcher whose concept ids name roles.
struct Cues {
    lexicon: Lexicon,
    /// Per concept of `lexicon`: its roles and, for a visit word, its destination.
    roles: Vec<(Vec<Role>, Option<String>)>,
}

impl Cues {
    fn parse(tsv: &str) -> Result<Cues, String> {
        let lexicon = Lexicon::parse(tsv)?;
        let mut roles = Vec::with_capacity(lexicon.concepts.len());
        for concept in &lexicon.concepts {
            let base = concept.id.split(':').next().unwrap_or_default();
            let parsed: Option<Vec<Role>> = base.split('+').map(Role::parse).collect();
            let parsed = parsed.ok_or_else(|| format!("unknown role in id {:?}", concept.id))?;
            roles.push((parsed, concept.country.clone()));
        }
        Ok(Cues { lexicon, roles })
    }

    /// Every cue in `text[span]`, one entry per role, with absolute spans.
    fn find(&self, text: &str, span: Span) -> Vec<Cue<'_>> {
        let Some(point) = text.get(span.start..span.end) else {
            return Vec::new();
        };
        let words = tokens::words(point);
        let mut cues = Vec::new();
        for hit in self.lexicon.find(point, &words) {
            let Some((roles, destination)) = self.roles.get(hit.concept as usize) else {
                continue;
            };
            for &role in roles {
                cues.push(Cue {
                    role,
                    span: hit.span.offset(span.start),
                    destination: destination.as_deref(),
                });
            }
        }
        cues
    }
}

#[derive(Debug, Clone, Copy)]
struct Cue<'c> {
    role: Role,
    span: Span,
    destination: Option<&'c str>,
}

/// Someone a commitment can be by or towards.
#[derive(Debug, Clone)]
struct Party {
    span: Span,
    /// The concept id (QID, ISO code, normalised name); None for "the two
    /// sides" or an unresolved "we".
    id: Option<String>,
    /// The country the party is or speaks for.
    country: Option<String>,
}

/// Commitments in the point at `span` of `text`. `features` is what the
/// Analyzer read from the point (concept hits with absolute spans); `times`
/// are its time expressions (absolute spans; start/end ISO or None).
/// `speaker` is the country the readout speaks for, when known (the Kremlin's
/// readout → "RU"), to resolve "we" and "our side".
pub fn find(
    text: &str,
    span: Span,
    features: &PointFeatures,
    times: &[TimeExpr],
    lexicon: &Lexicon,
    speaker: Option<&str>,
) -> Vec<Commitment> {
    let Some(point) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let cues = CUES.find(text, span);
    if !cues.iter().any(|cue| matches!(cue.role, Role::Kind(_) | Role::Invite)) {
        return Vec::new();
    }
    let mut parties: Vec<Party> = features
        .concepts
        .iter()
        .filter_map(|hit| {
            let concept = lexicon.concepts.get(hit.concept as usize)?;
            let country = match concept.kind {
                ConceptKind::Country => Some(concept.id.clone()),
                ConceptKind::Person => concept.country.clone(),
                ConceptKind::Organization => None,
                _ => return None,
            };
            Some(Party {
                span: hit.span,
                id: Some(concept.id.clone()),
                country,
            })
        })
        .collect();
    for cue in &cues {
        match cue.role {
            Role::Speaker => parties.push(Party {
                span: cue.span,
                id: speaker.map(str::to_owned),
                country: speaker.map(str::to_owned),
            }),
            Role::Both => parties.push(Party {
                span: cue.span,
                id: None,
                country: None,
            }),
            _ => {}
        }
    }
    parties.sort_by_key(|party| party.span.start);

    let mut found = Vec::new();
    for sentence in sentences(point) {
        let sentence = sentence.offset(span.start);
        let inside = |s: Span| sentence.start <= s.start && s.end <= sentence.end;
        let sentence_cues: Vec<Cue> = cues.iter().copied().filter(|c| inside(c.span)).collect();
        let sentence_parties: Vec<&Party> = parties.iter().filter(|p| inside(p.span)).collect();
        let sentence_times: Vec<&TimeExpr> = times
            .iter()
            .filter(|t| {
                t.span[0] <= t.span[1]
                    && inside(Span::new(t.span[0], t.span[1]))
                    && (t.start.is_some() || t.end.is_some())
            })
            .collect();
        let reading = Sentence {
            text,
            span: sentence,
            cues: &sentence_cues,
            parties: &sentence_parties,
            times: &sentence_times,
        };
        for candidate in reading.candidates() {
            if let Some(commitment) = reading.commitment(&candidate) {
                found.push(commitment);
            }
        }
    }
    found
}

/// What one sentence says, for reading its commitments.
struct Sentence<'a> {
    text: &'a str,
    span: Span,
    cues: &'a [Cue<'a>],
    parties: &'a [&'a Party],
    times: &'a [&'a TimeExpr],
}

/// Cues that name one thing committed to.
#[derive(Debug, Clone, Default)]
struct Candidate {
    kind: Option<Kind>,
    /// The first invitation cue, for an invitation.
    invite: Option<Span>,
    /// The first visit cue.
    visit: Option<Span>,
    destination: Option<String>,
    /// From the first cue to the last.
    span: Option<Span>,
}

impl Candidate {
    fn extend(&mut self, span: Span) {
        self.span = Some(match self.span {
            Some(s) => Span::new(s.start.min(span.start), s.end.max(span.end)),
            None => span,
        });
    }
}

impl Sentence<'_> {
    /// Groups the sentence's kind and invitation cues into candidates.
    fn candidates(&self) -> Vec<Candidate> {
        let mut candidates: Vec<Candidate> = Vec::new();
        let at_invite = self.at_invite_regions();
        for (cue_idx, cue) in self.cues.iter().enumerate() {
            let in_at_invite = at_invite.iter().any(|r| r.contains(cue.span));
            let previous = &self.cues[..cue_idx];
            let after_topic_of = previous
                .iter()
                .rev()
                .find(|c| c.role == Role::TopicOf)
                .is_some_and(|c| self.gap(c.span.end, cue.span.start) <= 2);
            let current = candidates.last_mut();
            match cue.role {
                Role::Invite if in_at_invite => {}
                Role::Invite => match current {
                    Some(c) if c.invite.is_some() => c.extend(cue.span),
                    _ => {
                        let mut c = Candidate {
                            invite: Some(cue.span),
                            ..Candidate::default()
                        };
                        c.extend(cue.span);
                        candidates.push(c);
                    }
                },
                Role::Kind(kind) => {
                    let joins = match current {
                        Some(c) if after_topic_of => Some(c),
                        Some(c) if c.invite.is_some() && matches!(kind, Kind::Visit) => Some(c),
                        Some(c) if c.invite.is_some() && c.kind.is_none() => Some(c),
                        Some(c)
                            if c.kind == Some(kind)
                                && c.span.is_some_and(|s| {
                                    self.gap(s.end, cue.span.start)
                                        <= if kind == Kind::Agreement { 0 } else { 3 }
                                }) =>
                        {
                            Some(c)
                        }
                        _ => None,
                    };
                    let candidate = match joins {
                        Some(c) => c,
                        None => {
                            candidates.push(Candidate::default());
                            let Some(c) = candidates.last_mut() else {
                                continue;
                            };
                            c
                        }
                    };
                    candidate.extend(cue.span);
                    if kind == Kind::Visit {
                        candidate.kind = Some(Kind::Visit);
                        candidate.visit.get_or_insert(cue.span);
                        if let Some(destination) = cue.destination {
                            candidate
                                .destination
                                .get_or_insert_with(|| destination.to_owned());
                        }
                    } else if candidate.kind.is_none() && candidate.invite.is_none() {
                        candidate.kind = Some(kind);
                    }
                }
                _ => {}
            }
        }
        candidates
    }

    /// "at the invitation of X", "应X邀请": the cues and the inviter named in them.
    fn at_invite_regions(&self) -> Vec<Span> {
        let mut regions = Vec::new();
        for (cue_idx, cue) in self.cues.iter().enumerate() {
            let region = match cue.role {
                Role::AtInvite => cue.span,
                Role::At => {
                    let Some(invite) = self.cues[cue_idx + 1..]
                        .iter()
                        .find(|c| c.role == Role::Invite)
                    else {
                        continue;
                    };
                    let limit = if self.is_unspaced(cue.span) { 12 } else { 2 };
                    if self.gap(cue.span.end, invite.span.start) > limit {
                        continue;
                    }
                    Span::new(cue.span.start, invite.span.end)
                }
                _ => continue,
            };
            // "at the invitation of Xi": Xi is the inviter, not the visitor
            let end = self
                .parties
                .iter()
                .find(|p| p.span.start >= region.end && self.gap(region.end, p.span.start) <= 1)
                .map_or(region.end, |p| p.span.end);
            regions.push(Span::new(region.start, end));
        }
        regions
    }

    fn is_unspaced(&self, span: Span) -> bool {
        self.text
            .get(span.start..span.end)
            .is_some_and(|s| s.chars().any(crate::lexicon::is_cjk_char))
    }

    /// How many words (or CJK characters) lie between two offsets; many when unreadable.
    fn gap(&self, from: usize, to: usize) -> usize {
        if from >= to {
            return 0;
        }
        let Some(between) = self.text.get(from..to) else {
            return usize::MAX;
        };
        tokens::words(between).len()
            + between
                .chars()
                .filter(|&c| crate::lexicon::is_cjk_char(c))
                .count()
    }

    /// Whether a negation stands right before `span`.
    fn negated(&self, span: Span) -> bool {
        self.cues.iter().any(|c| {
            c.role == Role::Negation
                && c.span.end <= span.start
                && self.gap(c.span.end, span.start) <= 2
        })
    }

    fn commitment(&self, candidate: &Candidate) -> Option<Commitment> {
        let cues_span = candidate.span?;
        if self.negated(cues_span) {
            return None;
        }
        let (status, status_cue) = match candidate.invite {
            Some(invite) => self.invitation_status(invite)?,
            None => self.status(cues_span)?,
        };
        if status_cue.is_some_and(|s| self.negated(s)) {
            return None;
        }
        let kind = match (candidate.kind, candidate.invite) {
            (Some(kind), _) => kind_id(kind),
            (None, Some(_)) if candidate.destination.is_some() => "visit",
            (None, _) => "invitation",
        };
        let (actor, target) = match candidate.invite {
            Some(invite) => self.invitation_parties(candidate, invite),
            None if candidate.kind == Some(Kind::Visit) => {
                let actor = self.party_before(cues_span.start);
                let target = self.destination(candidate);
                (actor, target)
            }
            None => self.other_parties(status_cue.map_or(cues_span.start, |s| {
                s.start.min(cues_span.start)
            }), cues_span),
        };
        let time = self.nearest_time(cues_span);
        let mut covered = cues_span;
        let mut cover = |s: Span| {
            covered = Span::new(covered.start.min(s.start), covered.end.max(s.end));
        };
        for span in [status_cue, actor.map(|p| p.span), target.map(|p| p.span)]
            .into_iter()
            .flatten()
        {
            cover(span);
        }
        if let Some(time) = time {
            cover(Span::new(time.span[0], time.span[1]));
        }
        let actor_id = actor.and_then(|p| p.id.clone());
        let target_id = match kind {
            "visit" | "invitation" => target
                .and_then(|p| p.country.clone())
                .or_else(|| candidate.destination.clone()),
            _ => target.and_then(|p| p.id.clone()),
        };
        Some(Commitment {
            kind: kind.to_owned(),
            actor: actor_id,
            // a visit to oneself is a misreading of who is who
            target: target_id.filter(|t| {
                actor
                    .and_then(|p| p.country.as_deref())
                    .is_none_or(|c| c != t)
            }),
            window: time.map(|t| Window {
                start: t.start.clone(),
                end: t.end.clone(),
            }),
            status: status.to_owned(),
            span: [
                covered.start.max(self.span.start),
                covered.end.min(self.span.end),
            ],
        })
    }

    /// An invitation is proposed, or accepted when the sentence says so; one
    /// that was only discussed is none.
    fn invitation_status(&self, invite: Span) -> Option<(&'static str, Option<Span>)> {
        if let Some(accept) = self.cues.iter().find(|c| c.role == Role::Accept) {
            if !self.negated(accept.span) {
                return Some(("accepted", Some(accept.span)));
            }
        }
        let before = self
            .cues
            .iter()
            .rev()
            .find(|c| c.role.is_status() && c.span.end <= invite.start);
        match before {
            Some(c) if c.role == Role::Discuss => None,
            Some(c) if c.role == Role::Agree => Some(("agreed", Some(c.span))),
            _ => Some(("proposed", None)),
        }
    }

    /// The status of a commitment that is not an invitation: from the
    /// nearest cue before it that says how firm it is ("will" only marks the
    /// future; an earlier "agreed" still decides), else the first after it.
    fn status(&self, cues_span: Span) -> Option<(&'static str, Option<Span>)> {
        let firm = |c: &Cue| match c.role {
            Role::Agree | Role::Accept => Some("agreed"),
            Role::Propose => Some("proposed"),
            _ => None,
        };
        let mut planned: Option<Span> = None;
        for cue in self
            .cues
            .iter()
            .rev()
            .filter(|c| c.role.is_status() && c.span.start <= cues_span.start)
        {
            match cue.role {
                Role::Plan => {
                    planned.get_or_insert(cue.span);
                }
                Role::Discuss => return planned.map(|s| ("proposed", Some(s))),
                _ => return firm(cue).map(|status| (status, Some(cue.span))),
            }
        }
        if let Some(plan) = planned {
            return Some(("proposed", Some(plan)));
        }
        let after = self
            .cues
            .iter()
            .find(|c| c.role.is_status() && c.span.start > cues_span.start)?;
        match after.role {
            Role::Plan => Some(("proposed", Some(after.span))),
            Role::Discuss => None,
            _ => firm(after).map(|status| (status, Some(after.span))),
        }
    }

    /// Invitee (actor) and host (target) of an invitation: "X invited Y",
    /// or "Y accepted X's invitation".
    fn invitation_parties(
        &self,
        candidate: &Candidate,
        invite: Span,
    ) -> (Option<&Party>, Option<&Party>) {
        let accept_before = self
            .cues
            .iter()
            .find(|c| c.role == Role::Accept && c.span.end <= invite.start);
        let (invitee, inviter) = match accept_before {
            Some(accept) => {
                let invitee = self.party_before(accept.span.start);
                let inviter = self
                    .parties
                    .iter()
                    .copied()
                    .find(|p| p.span.start >= accept.span.end && p.span.start < invite.end + 64)
                    .filter(|p| p.span.end <= candidate.visit.map_or(usize::MAX, |v| v.start))
                    .or_else(|| self.party_before(invite.start).filter(|p| {
                        invitee.is_none_or(|i| i.span != p.span)
                    }));
                (invitee, inviter)
            }
            None => {
                let inviter = self.party_before(invite.start);
                let invitee = self
                    .parties
                    .iter()
                    .copied()
                    .find(|p| p.span.start >= invite.end);
                (invitee, inviter)
            }
        };
        let destination = candidate.visit.and_then(|visit| {
            self.parties
                .iter()
                .copied()
                .find(|p| p.span.start >= visit.end && p.id.is_some() && is_country(p))
        });
        let invitee = invitee.filter(|p| destination.is_none_or(|d| d.span != p.span));
        // "we invited" with no speaker known: the host is unknown, not some other party
        let target = destination.or(inviter);
        (invitee.filter(|p| p.id.is_some()), target)
    }

    /// Where a visit goes: the first country named after the visit word.
    fn destination(&self, candidate: &Candidate) -> Option<&Party> {
        let visit = candidate.visit?;
        self.parties
            .iter()
            .copied()
            .find(|p| p.span.start >= visit.end && is_country(p))
    }

    /// The party named last before `offset`, outside "at the invitation of X".
    fn party_before(&self, offset: usize) -> Option<&Party> {
        let regions = self.at_invite_regions();
        self.parties
            .iter()
            .copied()
            .rev()
            .find(|p| p.span.end <= offset && !regions.iter().any(|r| r.contains(p.span)))
    }

    /// Actor and target of a meeting, talks or an agreement: "X and Y agreed"
    /// (X, Y), "X will meet with Y" (X, Y), "the two sides agreed" (none).
    fn other_parties(&self, anchor: usize, cues_span: Span) -> (Option<&Party>, Option<&Party>) {
        let before: Vec<&Party> = self
            .parties
            .iter()
            .copied()
            .filter(|p| p.span.end <= anchor)
            .collect();
        let Some(last) = before.len().checked_sub(1) else {
            return (None, self.party_with(cues_span));
        };
        let mut first = last;
        while first > 0 && self.gap(before[first - 1].span.end, before[first].span.start) <= 3 {
            first -= 1;
        }
        let actor = before[first];
        if actor.id.is_none() {
            return (None, None);
        }
        let partner = before[first + 1..=last]
            .iter()
            .copied()
            .find(|p| p.id.is_some() && p.country != actor.country);
        (Some(actor), partner.or_else(|| self.party_with(cues_span)))
    }

    /// The party after "with", "avec", "с".
    fn party_with(&self, cues_span: Span) -> Option<&Party> {
        let with = self
            .cues
            .iter()
            .find(|c| c.role == Role::With && c.span.start >= cues_span.start)?;
        self.parties
            .iter()
            .copied()
            .find(|p| p.span.start >= with.span.end && self.gap(with.span.end, p.span.start) <= 2)
            .filter(|p| p.id.is_some())
    }

    /// The time expression closest to the cues.
    fn nearest_time(&self, cues_span: Span) -> Option<&TimeExpr> {
        self.times.iter().copied().min_by_key(|t| {
            if t.span[1] <= cues_span.start {
                cues_span.start - t.span[1]
            } else {
                t.span[0].saturating_sub(cues_span.end)
            }
        })
    }
}

fn is_country(party: &Party) -> bool {
    party.id.is_some() && party.id == party.country
}

fn kind_id(kind: Kind) -> &'static str {
    match kind {
        Kind::Visit => "visit",
        Kind::Meeting => "meeting",
        Kind::Talks => "talks",
        Kind::Agreement => "agreement",
    }
}

/// Sentences of a point (relative spans): a point may hold several.
fn sentences(point: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = point.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        let end = idx + ch.len_utf8();
        let boundary = match ch {
            ';' | '!' | '?' | '\n' | '。' | '；' | '！' | '？' | '؛' | '؟' => true,
            '.' => {
                let next_is_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
                // "U.S. President", "Mr. Putin" do not end a sentence
                let word_before = point[start..idx]
                    .rsplit(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or_default();
                next_is_space && word_before.chars().count() > 2 && !word_before.contains('.')
            }
            _ => false,
        };
        if boundary {
            spans.push(Span::new(start, end));
            start = end;
        }
    }
    if start < point.len() {
        spans.push(Span::new(start, point.len()));
    }
    spans
}
