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
//!    ("agreed", "proposed"; "will", "next" mark it as planned, which an
//!    official readout means as settled: `agreed`); a
//!    discussion ("discussed", "обсудили", "探讨") or nothing at all is no
//!    commitment, so "visited China last year" is none; a negation just
//!    before ("did not agree", "не договорились", "未达成") cancels it;
//! 3. the actor is the party named before it (for an invitation, the invitee
//!    after "invited", or whoever "accepted"), the target the other party or,
//!    for a visit, the destination or the inviter's country;
//! 4. the window is the nearest time expression in the same sentence.
//!
//! ```
//! use parallax_analyze::{commitments, tokens::PointWords, Analyzer};
//! use parallax_model::{Span, TimeExpr};
//! let analyzer = Analyzer::bundled();
//! let text = "Putin accepted Xi Jinping's invitation to visit China next spring.";
//! let span = Span::new(0, text.len());
//! let words = PointWords::new(text, span);
//! let features = analyzer.features_of(&words);
//! let times = [TimeExpr {
//!     text: "next spring".into(),
//!     start: Some("2027-03-01".into()),
//!     end: Some("2027-05-31".into()),
//!     span: [54, 65],
//! }];
//! let found = commitments::find(&words, &features, &times, analyzer.lexicon(), None);
//! assert_eq!(found[0].kind, "visit");
//! assert_eq!(found[0].actor.as_deref(), Some("Q7747"));
//! assert_eq!(found[0].target.as_deref(), Some("CN"));
//! assert_eq!(found[0].status, "accepted");
//! assert_eq!(found[0].window.as_ref().and_then(|w| w.start.as_deref()), Some("2027-03-01"));
//! ```

use crate::lexicon::{ConceptKind, Lexicon};
use crate::tokens::{self, PointWords};
use crate::PointFeatures;
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

    /// Every cue in the point, one entry per role, with absolute spans.
    fn find(&self, words: &PointWords) -> Vec<Cue<'_>> {
        let span = words.span;
        let mut cues = Vec::new();
        for hit in self.lexicon.find(words.point, &words.tokens) {
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
    words: &PointWords,
    features: &PointFeatures,
    times: &[TimeExpr],
    lexicon: &Lexicon,
    speaker: Option<&str>,
) -> Vec<Commitment> {
    let (text, span, point) = (words.text, words.span, words.point);
    if point.is_empty() {
        return Vec::new();
    }
    let cues = CUES.find(words);
    if !cues
        .iter()
        .any(|cue| matches!(cue.role, Role::Kind(_) | Role::Invite))
    {
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
        // "就停火举行磋商": a subject named before the talks it is the subject of
        let mut pending_topic: Option<Span> = None;
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
                Role::Kind(Kind::Agreement) if after_topic_of && current.is_none() => {
                    pending_topic.get_or_insert(cue.span);
                }
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
                    if let Some(topic) = pending_topic.take() {
                        candidate.extend(topic);
                    }
                    if kind == Kind::Visit {
                        candidate.kind = Some(Kind::Visit);
                        candidate.visit.get_or_insert(cue.span);
                        if let Some(destination) = cue.destination {
                            candidate
                                .destination
                                .get_or_insert_with(|| destination.to_owned());
                        }
                    } else if candidate.kind.is_none()
                        && (candidate.invite.is_none() || kind == Kind::Meeting)
                    {
                        // an invitation to a summit is a meeting the invitee attends
                        candidate.kind = Some(kind);
                    }
                }
                _ => {}
            }
        }
        if let Some(topic) = pending_topic {
            // "agreed on a ceasefire": the subject is the commitment itself
            let mut candidate = Candidate {
                kind: Some(Kind::Agreement),
                ..Candidate::default()
            };
            candidate.extend(topic);
            candidates.push(candidate);
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
            .is_some_and(|s| s.chars().any(parallax_model::is_cjk))
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
                .filter(|&c| parallax_model::is_cjk(c))
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
        let (actor, target, inviter) = match candidate.invite {
            Some(invite) => self.invitation_parties(candidate, invite),
            None if candidate.kind == Some(Kind::Visit) => {
                let actor = self.party_before(cues_span.start);
                (actor, self.destination(candidate), None)
            }
            None => {
                let anchor = status_cue.map_or(cues_span.start, |s| s.start.min(cues_span.start));
                let (actor, target) = self.other_parties(anchor, cues_span);
                (actor, target, None)
            }
        };
        let time = self.nearest_time(cues_span);
        let mut covered = cues_span;
        let mut cover = |s: Span| {
            covered = Span::new(covered.start.min(s.start), covered.end.max(s.end));
        };
        let parties = [actor, target, inviter].map(|p| p.map(|p| p.span));
        for span in [status_cue].into_iter().chain(parties).flatten() {
            cover(span);
        }
        if let Some(time) = time {
            cover(Span::new(time.span[0], time.span[1]));
        }
        let actor_id = actor.and_then(|p| p.id.clone());
        let target_id = match kind {
            _ if candidate.invite.is_some() => target
                .and_then(|p| p.country.clone())
                .or_else(|| candidate.destination.clone()),
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
                // "discussed the upcoming summit": the summit is settled
                Role::Discuss => return planned.map(|s| ("agreed", Some(s))),
                _ => return firm(cue).map(|status| (status, Some(cue.span))),
            }
        }
        // what an official readout says will happen has been settled
        if let Some(plan) = planned {
            return Some(("agreed", Some(plan)));
        }
        let after = self
            .cues
            .iter()
            .find(|c| c.role.is_status() && c.span.start > cues_span.start)?;
        match after.role {
            Role::Plan => Some(("agreed", Some(after.span))),
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
    ) -> (Option<&Party>, Option<&Party>, Option<&Party>) {
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
                    .or_else(|| {
                        self.party_before(invite.start)
                            .filter(|p| invitee.is_none_or(|i| i.span != p.span))
                    });
                (invitee, inviter)
            }
            None => {
                let visit_start = candidate.visit.map_or(usize::MAX, |v| v.start);
                let after: Vec<&Party> = self
                    .parties
                    .iter()
                    .copied()
                    .filter(|p| p.span.start >= invite.end && p.span.end <= visit_start)
                    .collect();
                match (self.party_before(invite.start), after.as_slice()) {
                    (Some(inviter), [invitee, ..]) => (Some(*invitee), Some(inviter)),
                    // "Putin thanked Xi for the invitation": the one before the inviter
                    (Some(inviter), []) => (self.party_before(inviter.span.start), Some(inviter)),
                    // verb first ("دعا بوتين ترامب"): the inviter, then the invitee
                    (None, [inviter, invitee, ..]) => (Some(*invitee), Some(*inviter)),
                    (None, after) => (after.first().copied(), None),
                }
            }
        };
        let destination = candidate.visit.and_then(|visit| {
            self.parties
                .iter()
                .copied()
                .find(|p| p.span.start >= visit.end && p.id.is_some() && is_country(p))
        });
        let invitee = invitee.filter(|p| destination.is_none_or(|d| d.span != p.span));
        let target = destination.or(inviter);
        (invitee.filter(|p| p.id.is_some()), target, inviter)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    /// The commitments of `text` as one point, with `times` given as
    /// (phrase, start, end) and found by their phrase.
    fn read(text: &str, times: &[(&str, &str, &str)], speaker: Option<&str>) -> Vec<Commitment> {
        let analyzer = Analyzer::bundled();
        let span = Span::new(0, text.len());
        let features = analyzer.features(text, span);
        let times: Vec<TimeExpr> = times
            .iter()
            .map(|(phrase, start, end)| {
                let at = text.find(phrase).expect("time phrase in text");
                TimeExpr {
                    text: (*phrase).to_owned(),
                    start: Some((*start).to_owned()),
                    end: Some((*end).to_owned()),
                    span: [at, at + phrase.len()],
                }
            })
            .collect();
        find(
            &PointWords::new(text, span),
            &features,
            &times,
            analyzer.lexicon(),
            speaker,
        )
    }

    /// "kind actor→target status [window]", short enough to compare at a glance.
    fn summary(commitment: &Commitment) -> String {
        let window = commitment.window.as_ref().map_or(String::new(), |w| {
            format!(
                " {}..{}",
                w.start.as_deref().unwrap_or("?"),
                w.end.as_deref().unwrap_or("?")
            )
        });
        format!(
            "{} {}→{} {}{}",
            commitment.kind,
            commitment.actor.as_deref().unwrap_or("-"),
            commitment.target.as_deref().unwrap_or("-"),
            commitment.status,
            window
        )
    }

    fn summaries(text: &str, times: &[(&str, &str, &str)], speaker: Option<&str>) -> Vec<String> {
        read(text, times, speaker).iter().map(summary).collect()
    }

    #[test]
    fn bundled_cues_parse() {
        assert!(Cues::parse(CUES_TSV).is_ok());
        assert!(Cues::parse("nonsense\tterm\t-\tword").is_err());
    }

    #[test]
    fn accepted_invitation_in_french_with_its_window() {
        let text = "Xi Jinping a renouvelé son invitation à Vladimir Poutine de se rendre en Chine au premier semestre 2026, invitation que ce dernier a acceptée avec plaisir.";
        let found = read(
            text,
            &[("au premier semestre 2026", "2026-01-01", "2026-06-30")],
            None,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            summary(&found[0]),
            "visit Q7747→CN accepted 2026-01-01..2026-06-30"
        );
        let [start, end] = found[0].span;
        assert!(text[start..end].starts_with("Xi Jinping"));
        assert!(text[start..end].ends_with("acceptée"));
    }

    #[test]
    fn invitations_to_visit_in_every_language() {
        for (text, times, want) in [
            (
                "President Xi invited President Trump to visit China in April, and Trump accepted the invitation.",
                &[("in April", "2026-04-01", "2026-04-30")][..],
                "visit Q22686→CN accepted 2026-04-01..2026-04-30",
            ),
            (
                "Владимир Путин принял приглашение Си Цзиньпина посетить Китай в первой половине 2026 года.",
                &[("в первой половине 2026 года", "2026-01-01", "2026-06-30")][..],
                "visit Q7747→CN accepted 2026-01-01..2026-06-30",
            ),
            (
                "习近平邀请特朗普明年四月访华，特朗普愉快接受邀请。",
                &[("明年四月", "2027-04-01", "2027-04-30")][..],
                "visit Q22686→CN accepted 2027-04-01..2027-04-30",
            ),
            (
                "Sánchez invitó a Xi Jinping a visitar España el próximo otoño.",
                &[("el próximo otoño", "2026-09-01", "2026-11-30")][..],
                "visit Q15031→ES proposed 2026-09-01..2026-11-30",
            ),
            (
                "Trump aceptó la invitación de Putin para viajar a Rusia.",
                &[][..],
                "visit Q22686→RU accepted",
            ),
            (
                "Merz lud Lula zu einem Besuch in Deutschland im Herbst ein, den dieser annahm.",
                &[("im Herbst", "2026-09-01", "2026-11-30")][..],
                "visit Q37181→DE accepted 2026-09-01..2026-11-30",
            ),
            (
                "Путин поблагодарил Си Цзиньпина за приглашение.",
                &[][..],
                "invitation Q7747→CN proposed",
            ),
            (
                "دعا بوتين ترامب إلى زيارة روسيا.",
                &[][..],
                "visit Q22686→RU proposed",
            ),
        ] {
            assert_eq!(summaries(text, times, None), [want], "{text}");
        }
    }

    #[test]
    fn meetings_talks_and_agreements_in_every_language() {
        for (text, want) in [
            (
                "Trump and Putin agreed to hold a summit in Budapest.",
                "meeting Q22686→Q7747 agreed",
            ),
            (
                "The two sides agreed to a 30-day ceasefire.",
                "agreement -→- agreed",
            ),
            (
                "Russia proposed a new round of negotiations in Istanbul.",
                "talks RU→- proposed",
            ),
            (
                "Стороны договорились об обмене пленными 175 на 175.",
                "agreement -→- agreed",
            ),
            (
                "Путин предложил провести консультации на уровне экспертов.",
                "talks Q7747→- proposed",
            ),
            ("中方同意购买美国大豆。", "agreement CN→- agreed"),
            ("两国元首同意将举行会晤。", "meeting -→- agreed"),
            ("中方提议就停火举行磋商。", "talks CN→- proposed"),
            (
                "Las partes acordaron prorrogar el programa un año más.",
                "agreement -→- agreed",
            ),
            (
                "Die beiden Seiten vereinbarten Verhandlungen über einen Waffenstillstand.",
                "talks -→- agreed",
            ),
            (
                "Scholz schlug ein Treffen mit Erdoğan vor.",
                "meeting Q61053→Q39259 proposed",
            ),
            (
                "اتفق الجانبان على وقف إطلاق النار لمدة ثلاثين يوما.",
                "agreement -→- agreed",
            ),
            (
                "Les deux présidents se rencontreront prochainement.",
                "meeting -→- agreed",
            ),
        ] {
            assert_eq!(summaries(text, &[], None), [want], "{text}");
        }
    }

    #[test]
    fn we_and_our_side_are_the_speaker() {
        assert_eq!(
            summaries("Мы пригласили Трампа посетить Москву.", &[], Some("RU")),
            ["visit Q22686→RU proposed"]
        );
        assert_eq!(
            summaries("Our side proposed holding consultations.", &[], Some("CN")),
            ["talks CN→- proposed"]
        );
    }

    #[test]
    fn a_visit_at_an_invitation_is_not_the_invitation() {
        assert!(summaries(
            "Putin arrived in Beijing at the invitation of Xi Jinping.",
            &[],
            None
        )
        .is_empty());
        assert_eq!(
            summaries(
                "普京应习近平邀请将于九月访华。",
                &[("九月", "2026-09-01", "2026-09-30")],
                None
            ),
            ["visit Q7747→CN agreed 2026-09-01..2026-09-30"]
        );
    }

    #[test]
    fn discussion_past_events_and_negations_are_no_commitments() {
        for text in [
            "Putin visited China last year.",
            "The leaders discussed the invitation.",
            "They exchanged views on a possible visit.",
            "The sides did not agree on a ceasefire.",
            "Стороны не договорились о перемирии.",
            "В прошлом году Путин посетил Китай.",
            "双方未达成停火协议。",
            "去年普京访华。",
            "Les deux dirigeants ont évoqué une éventuelle visite.",
            "Die Gespräche fanden in Moskau statt.",
            "ناقش الجانبان زيارة محتملة.",
            "La conversación fue franca.",
        ] {
            assert!(
                summaries(text, &[], None).is_empty(),
                "{text}: {:?}",
                summaries(text, &[], None)
            );
        }
    }

    #[test]
    fn each_sentence_and_clause_gives_its_own_commitment() {
        let text = "The sides agreed on a ceasefire. Russia proposed talks next week.";
        let found = read(text, &[("next week", "2026-03-09", "2026-03-15")], None);
        let got: Vec<String> = found.iter().map(summary).collect();
        assert_eq!(
            got,
            [
                "agreement -→- agreed",
                "talks RU→- proposed 2026-03-09..2026-03-15"
            ]
        );
        assert!(found[0].span[1] <= text.find("Russia").unwrap_or(0));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let analyzer = Analyzer::bundled();
        let text = "Путин пригласил 习近平 访华。 invited … à; \u{0}";
        let features = analyzer.features(text, Span::new(0, text.len()));
        let bad_time = TimeExpr {
            text: String::new(),
            start: None,
            end: Some("2026".into()),
            span: [3, 1000],
        };
        for span in [
            Span::new(0, text.len()),
            Span::new(1, 2),
            Span::new(0, 999),
            Span::new(5, 5),
        ] {
            let _ = find(
                &PointWords::new(text, span),
                &features,
                std::slice::from_ref(&bad_time),
                analyzer.lexicon(),
                Some("RU"),
            );
        }
        let _ = find(
            &PointWords::new("", Span::new(0, 0)),
            &PointFeatures::default(),
            &[],
            analyzer.lexicon(),
            None,
        );
    }
}
