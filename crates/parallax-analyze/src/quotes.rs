//! Quotes and who said them.
//!
//! A quote is the text inside a pair of quotation marks (outermost pair);
//! its speaker comes from the reporting patterns around it, tried in this
//! order:
//!
//! 1. after the quote: `"...," X said`, `"...," said X`, `"...," according to X`,
//!    `"...," X shot back`, `"..." ― X`, `"... people…" X said.` (a quote
//!    that trails off does not end the sentence);
//! 2. before it: `X said: "..."`, `X said that "..."`, `quoted X as saying "..."`,
//!    `, X said, "..."` inside the sentence, `as X put it, "..."`,
//!    `X went on to say, "..."`, `... surprise pollster X: "..."`,
//!    `what X called "..."`;
//! 3. a participle's clause: `X reacted to the news, saying: "..."`, the
//!    speaker of a quote before it in the sentence or the sentence's subject;
//! 4. at the end of the sentence the quote opens: `"..." for the victory, X said.`;
//! 5. the quote before: the other half of a split quote, `"...," X said,
//!    "..."`; one joined to it by "and", `"...," and, "..."`; a later one
//!    in the same reported clause, `X said it was "..." because it would
//!    "..."` (no one else and no reporting verb between); a paragraph
//!    all quote after one whose last quote was attributed (unless that one
//!    asked something of someone);
//! 6. a paragraph ending in a colon before the quote's: `X told the crowd:`,
//!    `X issued the following statement:` (as in the quote's own sentence);
//!    a short sentence ending on its verb, or a tail of where, before it:
//!    `X agreed. "..."`, `X said in a statement. "..."`;
//! 7. the subject of the sentence holding a partial quote: `X slammed those "..."`.
//!
//! A speaker may stand after a description ("council member X", "Pentagon
//! spokesman X"), before the body it is of ("X of The Nation wrote"),
//! before an apposition left open ("X, president of Y stated") or a
//! relative clause ("One official who relayed the exchange said"), hold
//! a post a name qualifies ("Clinton campaign manager X released"), or
//! speak to someone ("A source speaking to Fox News said": not Fox News).
//! A title in quotes (`CNN's "State of the Union"`, `NBC's "Meet the
//! Press."`) is no one's words.
//!
//! Pronouns go to the nearest person mentioned before, outside quotes,
//! whom the text does not show to be of the other sex ("she" is no one
//! named "Mr." or "Ted"); descriptions ("the Chinese president", "the
//! statement") to the nearest entity that fits. Indirect speech (`X said
//! that ...`, `..., X said.`, `According to X, ...`) is found in sentences
//! without quotation marks.

use std::ops::Range;

use parallax_model::{EntityKind, QuoteKind};

use crate::doc::Doc;
use crate::entities::{Entities, MentionKind};
use crate::lexicon::{is_speech_verb, is_weekday, INSTITUTION_NOUNS};

/// A quote before its spans are mapped to the original text.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub text: Range<usize>,
    pub kind: QuoteKind,
    pub speaker: Option<String>,
    pub as_written: Option<Range<usize>>,
    pub cue: Option<String>,
}

/// A speaker phrase at the attribution.
#[derive(Debug, Clone)]
struct Np {
    range: Range<usize>,
    /// The mention it is, when it is one.
    mention: Option<usize>,
}

#[derive(Debug, Clone)]
struct Attribution {
    np: Np,
    cue: String,
}

/// Plural or bare nouns that report without a determiner: "sources said".
const BARE_SPEAKERS: &[&str] = &[
    "analysts",
    "critics",
    "experts",
    "investigators",
    "officials",
    "police",
    "prosecutors",
    "researchers",
    "residents",
    "sources",
    "witnesses",
];

fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "to" | "while"
            | "and"
            | "or"
            | "but"
            | "in"
            | "on"
            | "at"
            | "with"
            | "for"
            | "from"
            | "by"
            | "that"
            | "who"
            | "which"
            | "when"
            | "as"
            | "me"
            | "him"
            | "her"
            | "us"
            | "them"
            | "is"
            | "was"
            | "are"
            | "were"
            | "if"
            | "unless"
    )
}

/// A verb that reports a reply with "back" after it: "shot back", "fired
/// back", "hit back", "pushed back".
fn replies(lower: &str) -> bool {
    matches!(lower, "shot" | "fired" | "hit" | "pushed")
}

/// A word saying when, which may stand between a speaker and the verb:
/// "Priebus later Thursday told", "Lee on Monday said" (with "on").
fn is_when_word(lower: &str) -> bool {
    is_weekday(lower)
        || matches!(
            lower,
            "later"
                | "earlier"
                | "today"
                | "tonight"
                | "yesterday"
                | "on"
                | "last"
                | "week"
                | "night"
        )
}

fn is_adverb(lower: &str) -> bool {
    lower.len() > 4 && lower.ends_with("ly") && lower != "only"
        || matches!(
            lower,
            "also"
                | "later"
                | "then"
                | "further"
                | "previously"
                | "once"
                | "recently"
                | "earlier"
                | "has"
                | "had"
                | "have"
                | "reportedly"
                | "again"
                | "separately"
                | "simply"
                | "flatly"
        )
}

/// The speaker phrase starting at token `i`: a mention, a pronoun, or a
/// determiner phrase of up to five words ("a source close to the talks"
/// stops at its noun). Returns the phrase and the token after it.
fn np_at(doc: &Doc<'_>, ents: &Entities, i: usize) -> Option<(Np, usize)> {
    let t = doc.toks.get(i)?;
    if !t.word || t.quote.is_some() {
        return None;
    }
    // "the Chinese Foreign Ministry": a determiner before a name.
    let at_name = |start: usize| {
        // A mention's name starts at or after the mention.
        let near = ents.starting_in(start.saturating_sub(256), start + 1);
        near.clone()
            .find(|&k| ents.mentions[k].range.start == start)
            .or_else(|| {
                near.into_iter()
                    .find(|&k| ents.mentions[k].name.start == start)
            })
    };
    let found = at_name(t.range.start).or_else(|| {
        (t.lower == "the")
            .then(|| doc.toks.get(i + 1))
            .flatten()
            .and_then(|n| at_name(n.range.start))
    });
    if let Some(mi) = found {
        let m = &ents.mentions[mi];
        let end = doc.tok_at(m.range.end);
        // "Iowa State University's Dianne Bystrom", "Pentagon spokesman
        // Jeff Davis", "Virginia delegate Beau Correll", "Ayotte campaign
        // manager Jon Kohan": the person that a body's, a place's or
        // another person's name describes.
        let person = matches!(m.kind, MentionKind::Name(EntityKind::Person));
        let described = doc.toks.get(end).is_some_and(|t| t.word && !t.cap);
        if !person || described {
            if let Some(found) = described_person(doc, ents, i) {
                return Some(found);
            }
        }
        return Some((
            Np {
                range: m.range.clone(),
                mention: Some(mi),
            },
            end,
        ));
    }
    if BARE_SPEAKERS.contains(&t.lower.as_str()) || matches!(t.lower.as_str(), "they" | "we") {
        return Some((
            Np {
                range: t.range.clone(),
                mention: None,
            },
            i + 1,
        ));
    }
    if let Some(found) = described_person(doc, ents, i) {
        return Some(found);
    }
    if matches!(
        t.lower.as_str(),
        "the" | "a" | "an" | "another" | "one" | "two" | "its" | "his" | "her" | "their"
    ) {
        // Up to four more words ending before a verb or a comma, or up to
        // nine when the fourth leaves someone's phrase open ("a longtime
        // adviser to both Clintons", "one well-connected Democrat familiar
        // with the Clinton campaign's organization"), not past a clause's
        // first word.
        let word_of_np =
            |u: &crate::doc::Tok| u.word && !is_speech_verb(&u.lower) && u.quote.is_none();
        let mut j = i + 1;
        while j < doc.toks.len() && j <= i + 4 && word_of_np(&doc.toks[j]) {
            j += 1;
        }
        let open_phrase = |w: &str| {
            matches!(
                w,
                "to" | "with" | "of" | "for" | "from" | "at" | "in" | "on" | "both" | "the" | "a"
            )
        };
        // (Someone's phrase: a doer's noun or a name's word in it, not
        // "the tram was travelling at".)
        let someone = doc.toks[i + 1..j]
            .iter()
            .any(|u| u.cap || is_agent_noun(&u.lower));
        if j == i + 5 && open_phrase(&doc.toks[j - 1].lower) && someone {
            while j < doc.toks.len()
                && j <= i + 9
                && word_of_np(&doc.toks[j])
                && !matches!(
                    doc.toks[j].lower.as_str(),
                    "who" | "which" | "that" | "because" | "when" | "and" | "but"
                )
            {
                j += 1;
            }
        }
        if j > i + 1 {
            return Some((
                Np {
                    range: t.range.start..doc.toks[j - 1].range.end,
                    mention: None,
                },
                j,
            ));
        }
    }
    None
}

/// The most words a description runs to before the person it describes
/// ("Justice Department senior trial counsel" is five).
const DESCRIPTION_WORDS: usize = 6;

/// A person's name after a description, from token `i` (where no
/// mention starts): "council member John Smith", "super PAC spokeswoman
/// Kellyanne Conway", "Democratic pollster Stan Greenberg", "Iowa State
/// University's Dianne Bystrom". The description is words only (a
/// capitalised word may take a possessive), none of them a function word,
/// pronoun, reporting verb or adverb, so a clause ("supporters of John
/// Smith", "people close to him", "voters told Smith") is no description.
/// Returns the name's mention (its title included, as the entity finder
/// drew it) and the token after it.
fn described_person(doc: &Doc<'_>, ents: &Entities, i: usize) -> Option<(Np, usize)> {
    let toks = &doc.toks;
    for k in i..(i + DESCRIPTION_WORDS).min(toks.len()) {
        let t = &toks[k];
        if t.quote.is_some() {
            return None;
        }
        if !t.word {
            if t.lower == "'s" && k > i && toks[k - 1].cap {
                continue;
            }
            return None;
        }
        let start = t.range.start;
        let person = ents.starting_in(start, start + 1).find(|&m| {
            let m = &ents.mentions[m];
            (m.range.start == start || m.name.start == start)
                && matches!(m.kind, MentionKind::Name(EntityKind::Person))
        });
        // The word before the name says who: a post or a trade
        // ("spokeswoman", "pollster", "member"; the entity finder may have
        // drawn it into the mention), or a possessive; not "numerous
        // photographs show Thurman".
        // A reporting verb right after the name says so too ("..., warm
        // and fuzzy Trump said").
        let names_who = |mi: usize| {
            let m = &ents.mentions[mi];
            let prev = &toks[k - 1];
            let mut after = doc.tok_at(m.range.end);
            while toks
                .get(after)
                .is_some_and(|t| t.word && is_adverb(&t.lower))
            {
                after += 1;
            }
            m.range.start < m.name.start
                || prev.lower == "'s"
                || is_agent_noun(&prev.lower)
                || toks
                    .get(after)
                    .is_some_and(|t| t.word && is_speech_verb(&t.lower))
        };
        if let Some(mi) = person.filter(|&mi| k > i && names_who(mi)) {
            let m = &ents.mentions[mi];
            return Some((
                Np {
                    range: m.range.clone(),
                    mention: Some(mi),
                },
                doc.tok_at(m.range.end),
            ));
        }
        let plain = t.cap
            || !(parallax_text::is_stopword(&t.lower)
                || is_function_word(&t.lower)
                || is_speech_verb(&t.lower)
                || is_adverb(&t.lower));
        if !plain {
            return None;
        }
    }
    None
}

/// Whether a lowercase word names a person by what they do: a title or a
/// person's noun of the lexicon, a word made so ("-er", "-or", "-ist",
/// "-ian", "-ant", "-ent", "-man", "-woman", "-person", "-ee": pollster,
/// counselor, strategist, historian, consultant, resident, anchorman,
/// nominee), or one of a few more ("member", "fan", "host", "aide").
fn is_agent_noun(lower: &str) -> bool {
    // Words made so that name no one: comparatives and adverbs in "-er",
    // ranks in "-or", adjectives in "-ent" and "-ant", numbers in "-ee".
    let made_but_no_one = matches!(
        lower,
        "after"
            | "another"
            | "current"
            | "different"
            | "either"
            | "elder"
            | "ever"
            | "former"
            | "free"
            | "further"
            | "important"
            | "independent"
            | "junior"
            | "later"
            | "latter"
            | "major"
            | "minor"
            | "neither"
            | "never"
            | "older"
            | "other"
            | "over"
            | "present"
            | "prior"
            | "rather"
            | "recent"
            | "senior"
            | "significant"
            | "three"
            | "together"
            | "under"
            | "whether"
            | "younger"
    );
    crate::lexicon::is_title(lower)
        || crate::lexicon::GENERIC_PERSON_NOUNS.contains(&lower)
        || !made_but_no_one
            && [
                "er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee",
            ]
            .iter()
            .any(|s| lower.len() >= s.len() + 2 && lower.ends_with(s))
        || matches!(
            lower,
            "aide"
                | "ally"
                | "boss"
                | "chief"
                | "counsel"
                | "delegate"
                | "fan"
                | "head"
                | "host"
                | "member"
                | "staffer"
                | "surgeon"
                | "neurosurgeon"
        )
}

/// Whether the tokens between the comma at `c` and the one before `end`
/// can be an aside between a speaker and the verb: a relative clause
/// ("who has told aides he sees ...", "a native of Chibok whose cousin
/// was abducted"), or words with no verb, however many
/// ("at a later press gaggle", "chief executive officer of X, an aviation
/// consulting firm and charter broker for ..."); not a clause of what was
/// said ("Souayah, was killed in the attack and her son is missing, said",
/// "a success, he is unlikely to end it, said").
fn an_aside(doc: &Doc<'_>, c: usize, end: usize) -> bool {
    let toks = &doc.toks[c + 1..end - 1];
    let relative =
        |t: &crate::doc::Tok| matches!(t.lower.as_str(), "who" | "whose" | "whom" | "which");
    let finite = |t: &crate::doc::Tok| is_clause_verb(&t.lower) || t.lower == "been";
    // The first verb, if any, inside a relative clause ("a native of
    // Chibok whose cousin was abducted").
    toks.iter()
        .find(|t| relative(t) || finite(t))
        .is_none_or(relative)
}

/// The speaker phrase that ends right before token `end` (exclusive), not
/// reaching before token `from`.
fn np_ending_at(doc: &Doc<'_>, ents: &Entities, from: usize, end: usize) -> Option<Np> {
    if end == 0 || end <= from {
        return None;
    }
    let last = &doc.toks[end - 1];
    // "Hillary Clinton, at a later press gaggle, said": the speaker is
    // before the aside.
    if last.lower == "," {
        let open = (from..end - 1)
            .rev()
            .take(APPOSITION_TOKENS)
            .find(|&k| doc.toks[k].lower == ",")
            .filter(|&c| an_aside(doc, c, end))?;
        let before = np_ending_at(doc, ents, from, open);
        // "A spokesperson for Buhari, Mallam Garba Shehu, said": an aside
        // that is a person's name names the one the words before it
        // describe, unless those name a person themselves ("Senator
        // Lindsey Graham, Republican of South Carolina, said"), not one
        // the speaker works "for" or reports "to" (a role such as
        // "spokesman for Mayor", or "for", "to" or "of" right before).
        let is_person = |np: &Np| {
            np.mention.is_some_and(|mi| {
                let m = &ents.mentions[mi];
                let related = |s: &str| {
                    s.trim_end()
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| matches!(w, "for" | "to" | "of"))
                };
                let line_start = doc.text[..m.range.start].rfind('\n').map_or(0, |i| i + 1);
                // The role before the name: "spokesman for Mayor".
                let role = &doc.text[m.range.start..m.name.start];
                let role_of_another = role.split_whitespace().any(|w| matches!(w, "for" | "to"));
                matches!(m.kind, MentionKind::Name(EntityKind::Person))
                    && !role_of_another
                    && !related(&doc.text[line_start..m.range.start])
            })
        };
        if open + 2 < end && !before.as_ref().is_some_and(is_person) {
            let (start, stop) = (doc.toks[open + 1].range.start, doc.toks[end - 2].range.end);
            // (The mention may take in the post before the comma: "The
            // French interior minister, Bernard Cazeneuve," is one
            // mention whose name starts after it.)
            let aside = ents
                .starting_in(doc.toks[from].range.start, start + 1)
                .find(|&k| {
                    let m = &ents.mentions[k];
                    (m.range.start == start || m.name.start == start)
                        && m.range.end == stop
                        && matches!(m.kind, MentionKind::Name(EntityKind::Person))
                });
            if let Some(mi) = aside {
                return Some(Np {
                    range: ents.mentions[mi].range.clone(),
                    mention: Some(mi),
                });
            }
        }
        // "Greg Raiff, chief executive officer of Private Jet Services, an
        // aviation consulting firm, said": an aside with commas of its own;
        // the speaker is the person before one of them.
        if !before.as_ref().is_some_and(is_person) {
            let earlier = (from..open)
                .rev()
                .take(APPOSITION_TOKENS)
                .filter(|&k| doc.toks[k].lower == "," && an_aside(doc, k, end))
                .find_map(|c| np_ending_at(doc, ents, from, c).filter(is_person));
            if earlier.is_some() {
                return earlier;
            }
        }
        return before;
    }
    if !last.word || is_function_word(&last.lower) {
        return None;
    }
    if let Some(who) = relative_pronoun(doc, from, end) {
        return relative_clause_head(doc, ents, from, who);
    }
    let ending_here = ents
        .starting_in(doc.toks[from].range.start, last.range.end)
        .find(|&k| ents.mentions[k].range.end == last.range.end);
    if let Some(mi) = ending_here {
        let t = doc.tok_at(ents.mentions[mi].range.start);
        // "The senator from Vermont said", "the mayor of Paris said": the
        // one from the place speaks, not the place (when the words before
        // name someone: not "A family in the suburbs of New York City").
        if t >= from + 2
            && matches!(ents.mentions[mi].kind, MentionKind::Name(EntityKind::Place))
            && matches!(doc.toks[t - 1].lower.as_str(), "from" | "of")
        {
            let who = np_ending_at(doc, ents, from, t - 1).filter(|np| np.mention.is_some());
            if who.is_some() {
                return who;
            }
        }
        // "Another source speaking to Fox News said", "One official
        // talking to Reuters said": the one spoken to is no speaker; the
        // phrase before the participle is.
        if t >= from + 2
            && matches!(
                doc.toks[t - 1].lower.as_str(),
                "to" | "with" | "on" | "in" | "at" | "before"
            )
            && matches!(
                doc.toks[t - 2].lower.as_str(),
                "speaking" | "talking" | "writing" | "appearing" | "testifying"
            )
        {
            if let Some(np) = np_ending_at(doc, ents, from, t - 2) {
                return Some(np);
            }
        }
        let mi = person_of(doc, ents, from, mi).unwrap_or(mi);
        if !matches!(
            ents.mentions[mi].kind,
            MentionKind::Name(EntityKind::Person)
        ) {
            if let Some(np) = person_before_open_aside(doc, ents, from, end) {
                return Some(np);
            }
        }
        return Some(Np {
            range: ents.mentions[mi].range.clone(),
            mention: Some(mi),
        });
    }
    if BARE_SPEAKERS.contains(&last.lower.as_str()) || matches!(last.lower.as_str(), "they" | "we")
    {
        return Some(Np {
            range: last.range.clone(),
            mention: None,
        });
    }
    // "a senior official", "the source": a determiner within four words.
    for k in (from..end - 1).rev().take(4) {
        let t = &doc.toks[k];
        if !t.word || is_function_word(&t.lower) {
            return None;
        }
        if matches!(t.lower.as_str(), "the" | "a" | "an" | "another" | "one") {
            return Some(Np {
                range: t.range.start..last.range.end,
                mention: None,
            });
        }
    }
    None
}

/// The relative pronoun whose clause ends right before the verb at token
/// `end`: "One Democratic official who relayed the exchange said", where
/// the speaker is the one the clause describes, not its object ("Voters
/// who met Ruth Ayala said"). None past a comma, over a clause of its own
/// ("... over who supported which bill that Gov. Chris Christie said"), or
/// when a subject follows the pronoun ("a soldier, who the army said was
/// bruised": the army speaks).
fn relative_pronoun(doc: &Doc<'_>, from: usize, end: usize) -> Option<usize> {
    let toks = &doc.toks;
    let who = (from..end - 1)
        .rev()
        .take(APPOSITION_TOKENS)
        .take_while(|&k| toks[k].word)
        .find(|&k| matches!(toks[k].lower.as_str(), "who" | "whom"))?;
    let clause_in_it = toks[who + 1..end]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "that" | "which"));
    let next = &toks[who + 1];
    let subject_after = next.cap || matches!(next.lower.as_str(), "the" | "a" | "an");
    (!clause_in_it && !subject_after).then_some(who)
}

/// The phrase a relative clause opened at token `who` describes: the
/// speaker phrase ending before it; the whole phrase an "of" hangs it on
/// ("the family of a lawmaker who ... said", someone the text does not
/// name); else a plain phrase opening the clause, for people named nowhere
/// ("Several voters who met X said").
fn relative_clause_head(doc: &Doc<'_>, ents: &Entities, from: usize, who: usize) -> Option<Np> {
    let toks = &doc.toks;
    let Some(np) = np_ending_at(doc, ents, from, who) else {
        let first = (from..who).find(|&k| toks[k].word)?;
        return toks[first..who].iter().all(|t| t.word).then(|| Np {
            range: toks[first].range.start..toks[who - 1].range.end,
            mention: None,
        });
    };
    let k = doc.tok_at(np.range.start);
    let of = (k >= from + 2 && toks[k - 1].lower == "of")
        .then(|| {
            (from..k - 1)
                .rev()
                .take(3)
                .take_while(|&j| toks[j].word)
                .find(|&j| matches!(toks[j].lower.as_str(), "the" | "a" | "an"))
        })
        .flatten();
    Some(match of {
        Some(start) => Np {
            range: toks[start].range.start..np.range.end,
            mention: None,
        },
        None => np,
    })
}

/// "Sam Lau, the communications director for the Iowa Democratic Party
/// said": an apposition whose closing comma is missing, before the verb at
/// token `end`. The speaker is the person the clause opens with, before
/// the comma, when what follows the comma describes (it starts with no
/// person's name and holds no verb of its own).
fn person_before_open_aside(doc: &Doc<'_>, ents: &Entities, from: usize, end: usize) -> Option<Np> {
    let toks = &doc.toks;
    let c = (from..end)
        .rev()
        .take(APPOSITION_TOKENS)
        .find(|&k| toks[k].lower == ",")?;
    let after = toks.get(c + 1)?;
    let names_a_person = ents
        .starting_in(after.range.start, after.range.end)
        .any(|k| matches!(ents.mentions[k].kind, MentionKind::Name(EntityKind::Person)));
    // (The word at `end`, an auxiliary before the verb or the verb,
    // counts: "X, the party has said," is the party's clause.)
    if names_a_person || !an_aside(doc, c, (end + 2).min(toks.len())) {
        return None;
    }
    let first = (from..c).find(|&k| toks[k].word)?;
    let np = np_ending_at(doc, ents, from, c)?;
    let mi = np.mention?;
    (matches!(
        ents.mentions[mi].kind,
        MentionKind::Name(EntityKind::Person)
    ) && np.range.start == toks[first].range.start)
        .then_some(np)
}

/// The person a body's or a place's mention `mi` is "of": "George
/// Zornick of The Nation wrote", "Archbishop Aris Shirvanian of the
/// Armenian Patriarchate told" (the person's name ends right before "of"
/// or "of the").
fn person_of(doc: &Doc<'_>, ents: &Entities, from: usize, mi: usize) -> Option<usize> {
    let m = &ents.mentions[mi];
    if !matches!(
        m.kind,
        MentionKind::Name(EntityKind::Organization | EntityKind::Place)
    ) {
        return None;
    }
    let mut k = doc.tok_at(m.range.start);
    if k > from && doc.toks[k - 1].lower == "the" {
        k -= 1;
    }
    if k <= from + 1 || doc.toks[k - 1].lower != "of" {
        return None;
    }
    let end = doc.toks[k - 2].range.end;
    ents.starting_in(doc.toks[from].range.start, end)
        .find(|&j| {
            let p = &ents.mentions[j];
            p.range.end == end && matches!(p.kind, MentionKind::Name(EntityKind::Person))
        })
}

/// `NP [adverb] VERB` or `VERB NP` starting at token `i`; also
/// `according to NP`.
/// The most tokens a speaker's apposition runs to after the name, its
/// commas included, before the verb ("Ri Chun Hee, North Korea's most
/// famous newsreader, who was brought out of retirement to announce last
/// month's nuclear test, declared" is 24).
const APPOSITION_TOKENS: usize = 40;

fn attribution_after(
    doc: &Doc<'_>,
    ents: &Entities,
    mut i: usize,
    end: usize,
) -> Option<Attribution> {
    let toks = &doc.toks;
    while i < end && !toks[i].word {
        if !matches!(toks[i].lower.as_str(), "," | "—" | "–" | "-" | "(") {
            return None;
        }
        i += 1;
    }
    if i >= end {
        return None;
    }
    if toks[i].lower == "according" && toks.get(i + 1).is_some_and(|t| t.lower == "to") {
        let (np, _) = np_at(doc, ents, i + 2)?;
        return Some(Attribution {
            np,
            cue: "according to".into(),
        });
    }
    // (Not a participle's clause: `"...," saying the city embodied ...`;
    // nor a name that is also a verb: `"...," Read said`.)
    if is_speech_verb(&toks[i].lower) && !toks[i].lower.ends_with("ing") && !toks[i].cap {
        let (np, _) = np_at(doc, ents, i + 1)?;
        return Some(Attribution {
            np,
            cue: toks[i].lower.to_string(),
        });
    }
    let (np, mut j) = match np_at(doc, ents, i) {
        Some(found) => (Some(found.0), found.1),
        // Only a capitalised word can open an unrecognised name ("Tulsa
        // police Chief Chuck Jordan said"); "when Clinton blasted him" is
        // another clause.
        None if toks[i].cap => (None, i),
        None => return None,
    };
    // "the statement read", "he added", "Lee also said".
    while j < end && toks[j].word && is_adverb(&toks[j].lower) {
        j += 1;
    }
    // "the ministry quoted Lee as saying".
    if np.is_some() && j < end && toks[j].lower == "quoted" {
        if let Some((quoted, k)) = np_at(doc, ents, j + 1) {
            if toks.get(k).is_some_and(|t| t.lower == "as") {
                return Some(Attribution {
                    np: quoted,
                    cue: "quoted as saying".into(),
                });
            }
        }
    }
    if let (Some(np), true) = (&np, j < end && is_speech_verb(&toks[j].lower)) {
        return Some(Attribution {
            np: np.clone(),
            cue: toks[j].lower.to_string(),
        });
    }
    // "Bennett shot back", "the mayor fired back": a reply.
    let back = toks.get(j + 1).is_some_and(|t| t.lower == "back");
    let reply = toks.get(j).is_some_and(|t| replies(&t.lower));
    if let (Some(np), true) = (&np, j + 1 < end && reply && back) {
        return Some(Attribution {
            np: np.clone(),
            cue: format!("{} back", toks[j].lower),
        });
    }
    let sentence_ends = |k: usize| {
        matches!(toks[k].lower.as_str(), "!" | "?" | ";")
            || toks[k].lower == "." && toks.get(k + 1).is_some_and(|n| n.word && n.cap)
    };
    // "Ri Chun Hee, North Korea's most famous newsreader, who was brought
    // out of retirement to announce last month's nuclear test, declared":
    // a person's name, then words between commas however many, and the
    // verb right after a comma. The speaker is the name the apposition
    // describes, not the last person it names ("Lee, an aide to Kim,
    // said").
    let person_np = np.as_ref().filter(|np| {
        np.mention.is_some_and(|mi| {
            matches!(
                ents.mentions[mi].kind,
                MentionKind::Name(EntityKind::Person)
            )
        })
    });
    if let (Some(np), true) = (person_np, toks.get(j).is_some_and(|t| t.lower == ",")) {
        let stop = end.min(j + APPOSITION_TOKENS);
        for k in j + 1..stop {
            if toks[k].quote.is_some() || sentence_ends(k) {
                break;
            }
            if toks[k].lower != "," {
                continue;
            }
            let mut v = k + 1;
            while v < end && toks[v].word && is_adverb(&toks[v].lower) {
                v += 1;
            }
            if v < end && toks[v].word && is_speech_verb(&toks[v].lower) {
                return Some(Attribution {
                    np: np.clone(),
                    cue: toks[v].lower.to_string(),
                });
            }
        }
    }
    // "Mr. Morgan of the Sierra Club said", "Mitch McConnell, R-Ky., said",
    // "Clinton campaign spokesman Brian Fallon said": the verb a few words
    // on, the speaker the last person named before it.
    let limit = end.min(j + 10);
    let v = (j..limit).find(|&k| toks[k].word && is_speech_verb(&toks[k].lower))?;
    if (j..v).any(sentence_ends) {
        return None;
    }
    let from = toks[i].range.start;
    let to = toks[v].range.start;
    let person = ents.starting_in(from, to).rev().find(|&k| {
        let m = &ents.mentions[k];
        m.range.end <= to
            && matches!(
                m.kind,
                MentionKind::Name(EntityKind::Person) | MentionKind::Single
            )
    });
    let np = match person {
        Some(mi) => Np {
            range: ents.mentions[mi].range.clone(),
            mention: Some(mi),
        },
        None => np?,
    };
    Some(Attribution {
        np,
        cue: toks[v].lower.to_string(),
    })
}

/// The attribution of a paragraph that a quote opens, made by the
/// paragraph before it ending in a colon: `Trump told the crowd:` and then
/// the quote's paragraph. Read as `X said: "..."` is within a sentence.
fn introduced_by_the_paragraph_before(
    doc: &Doc<'_>,
    ents: &Entities,
    open: usize,
) -> Option<Attribution> {
    let line_start = doc.text[..open].rfind('\n')? + 1;
    if !doc.text[line_start..open].trim().is_empty() {
        return None;
    }
    let before = doc.text[..line_start].trim_end();
    if !before.ends_with(':') {
        return None;
    }
    let colon = before.len() - 1;
    let sent = doc.sentence_of(colon);
    let from = doc.tok_at(
        sent.start
            .max(doc.text[..colon].rfind('\n').map_or(0, |i| i + 1)),
    );
    let to = doc.tok_at(colon) + 1;
    if from >= to || to - from > MAX_REACH {
        return None;
    }
    attribution_before(doc, ents, from, to)
}

/// The attribution of a quote that opens a sentence, made by the short
/// sentence before it in the same paragraph, which ends on its reporting
/// verb: `X agreed. "..."`, `The mayor disagreed. "..."`.
fn attributed_by_the_sentence_before(
    doc: &Doc<'_>,
    ents: &Entities,
    open: usize,
) -> Option<Attribution> {
    let before = doc.text[..open].trim_end();
    if !before.ends_with('.') || doc.text[before.len()..open].contains('\n') {
        return None;
    }
    let dot = before.len() - 1;
    let sent = doc.sentence_of(dot);
    let from = doc.tok_at(sent.start);
    let to = doc.tok_at(dot);
    // A short sentence, no quote of its own. (The end of a sentence a
    // quote opens, `"...," X said. "..."`, is a split quote's.) Its
    // subject may hold an apposition: "Sam Lau, the party's spokesman,
    // said in a statement."
    if to <= from || to - from > 24 || (from..to).any(|k| doc.toks[k].quote.is_some()) {
        return None;
    }
    let last = &doc.toks[to - 1];
    let v = if last.word && is_speech_verb(&last.lower) || last.lower == "back" {
        to - 1
    } else {
        verb_before_tail(&doc.toks, from, to)?
    };
    attribution_before(doc, ents, from, v + 1)
}

/// Whether a quote is the title of a work or a show, not words someone
/// said: in title case (small words such as "of" and "the" aside), six
/// words at most, no question or exclamation, and named as one by what
/// comes right before it: a possessive ("CNN's “State of the Union”") or a
/// word such as "show", "book", "titled".
fn is_a_title(before: &str, inner: &str, words: usize) -> bool {
    let small = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "and"
                | "at"
                | "by"
                | "for"
                | "from"
                | "in"
                | "of"
                | "on"
                | "or"
                | "the"
                | "to"
                | "with"
        )
    };
    let title_case = inner.split_whitespace().enumerate().all(|(i, w)| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .is_none_or(|c| !c.is_alphabetic() || c.is_uppercase() || i > 0 && small(w))
    });
    let before = before.trim_end();
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let named = last.ends_with("'s")
        || last.ends_with("’s")
        || matches!(
            last.as_str(),
            "album"
                | "book"
                | "called"
                | "column"
                | "film"
                | "magazine"
                | "movie"
                | "named"
                | "newspaper"
                | "podcast"
                | "program"
                | "programme"
                | "series"
                | "show"
                | "song"
                | "titled"
        );
    // A period may close it where American style sets the sentence's
    // period inside the marks: `on NBC's "Meet the Press."`.
    title_case && words <= 6 && named && !inner.trim_end().ends_with(['!', '?', '…'])
}

/// Whether quote `qi` is a paragraph of quoted words that goes on from
/// quote `pq`, the last of the paragraph before, whose speaker it then
/// shares (a run of quotes, each paragraph opening a new quotation mark):
/// `"...," Trump said.` then a paragraph that is all `"..."`. The previous
/// paragraph ends with its quote and a short attribution at most; this one
/// holds its quote alone, and the quote before asked nothing (a question
/// is answered by someone else) unless its speaker, named after it, merely
/// said it (`"..., right?" said Murphy, who ...`: a question put to no one).
fn continues_the_speaker(doc: &Doc<'_>, pq: usize, qi: usize, pa: &Attribution) -> bool {
    let (before, q) = (&doc.quotes[pq], &doc.quotes[qi]);
    let gap = &doc.text[before.outer.end..q.outer.start];
    let Some(nl) = gap.find('\n') else {
        return false;
    };
    let (rest, next) = gap.split_at(nl);
    let rhetorical = pa.np.range.start >= before.outer.end
        && matches!(pa.cue.as_str(), "said" | "says" | "added" | "adds");
    let asked = doc.text[before.inner.clone()].trim_end().ends_with('?') && !rhetorical;
    // Its paragraph holds nothing but the quote (and what follows a quote
    // that the next paragraph takes up, unclosed).
    let para_end = doc.text[q.outer.end..]
        .find('\n')
        .map_or(doc.text.len(), |i| q.outer.end + i);
    let alone = doc.text[q.outer.end..para_end]
        .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .is_empty();
    rest.len() <= 120 && next.trim().is_empty() && !asked && alone
}

/// The attribution that ends the sentence a quote opens or sits in, its
/// words after the quote being tokens `[from, to)`: `"..." for the victory,
/// Sanders said.`, `"..." if she lost, said David Wasserman, an analyst.`
/// A comma parts it from the sentence's own words, and a short tail of
/// where and when may follow the verb ("..., Zuckoff said in an
/// interview.").
fn attribution_at_end(
    doc: &Doc<'_>,
    ents: &Entities,
    from: usize,
    to: usize,
) -> Option<Attribution> {
    let toks = &doc.toks;
    let mut e = to;
    while e > from && !toks[e - 1].word {
        e -= 1;
    }
    if e < from + 3 {
        return None;
    }
    // ", X said [tail]."
    let v = if is_speech_verb(&toks[e - 1].lower) {
        Some(e - 1)
    } else {
        verb_before_tail(toks, from, e).filter(|&v| is_speech_verb(&toks[v].lower))
    };
    if let Some(v) = v {
        let mut k = v;
        while k > from && is_adverb(&toks[k - 1].lower) {
            k -= 1;
        }
        if let Some(np) = np_ending_at(doc, ents, from, k) {
            let np_tok = doc.tok_at(np.range.start);
            // Set off by a comma, a post or two between it and the name
            // ("..., Justice Department senior trial counsel X wrote").
            let set_off = (from + 1..np_tok)
                .rev()
                .take_while(|&j| {
                    toks[j].lower == "," || toks[j].word && !is_function_word(&toks[j].lower)
                })
                .any(|j| toks[j].lower == ",");
            if set_off {
                return Some(Attribution {
                    np,
                    cue: toks[v].lower.to_string(),
                });
            }
        }
    }
    // ", said X." or ", said X, an analyst."
    let comma = (from + 1..e).rev().find(|&k| {
        toks[k].lower == "," && toks.get(k + 1).is_some_and(|t| is_speech_verb(&t.lower))
    })?;
    let (np, after) = np_at(doc, ents, comma + 2)?;
    np.mention?;
    (after >= e || toks[after].lower == ",").then(|| Attribution {
        np,
        cue: toks[comma + 1].lower.to_string(),
    })
}

/// "“...” ― Esther Tapia": a dash and a name after the quote.
fn dash_attribution(doc: &Doc<'_>, ents: &Entities, i: usize) -> Option<Attribution> {
    let t = doc.toks.get(i)?;
    if !matches!(t.lower.as_str(), "―" | "—" | "–" | "-") {
        return None;
    }
    let (np, _) = np_at(doc, ents, i + 1)?;
    let mi = np.mention?;
    // A paragraph of a dash and a body's name is a credit line ("-
    // Reuters."), not the quote's source as "— Sanders, in the debate" is.
    let quote_end = doc.toks.get(i.checked_sub(1)?)?.range.end;
    if doc.text[quote_end..t.range.start].contains('\n')
        && matches!(
            ents.mentions[mi].kind,
            MentionKind::Name(EntityKind::Organization)
        )
    {
        return None;
    }
    Some(Attribution {
        np,
        cue: "—".into(),
    })
}

/// The attribution in the text before a quote, tokens `[from, to)`.
fn attribution_before(
    doc: &Doc<'_>,
    ents: &Entities,
    from: usize,
    to: usize,
) -> Option<Attribution> {
    let toks = &doc.toks;
    let mut e = to;
    while e > from
        && !toks[e - 1].word
        && matches!(toks[e - 1].lower.as_str(), ":" | "," | "—" | "–" | "-")
    {
        e -= 1;
    }
    if e > from && toks[e - 1].lower == "that" {
        e -= 1;
    }
    if e <= from {
        return None;
    }
    // "quoted Lee as saying".
    if e >= from + 3 && toks[e - 1].lower == "saying" && toks[e - 2].lower == "as" {
        let quoted = (from..e - 2).rev().find(|&k| toks[k].lower == "quoted")?;
        let np = np_at(doc, ents, quoted + 1).map(|(np, _)| np)?;
        return Some(Attribution {
            np,
            cue: "quoted as saying".into(),
        });
    }
    // The last reporting verb in the segment with a speaker before it:
    // "Lee said that", "X told reporters:", "Further talks ..., Lee said, will".
    for v in (from..e).rev() {
        // "Rubio fired back forcefully:": a reply, its verb before "back".
        let reply = v > from && toks[v].lower == "back" && replies(&toks[v - 1].lower);
        // "As The Hill pointed out,", "as X put it,": a phrase that reports.
        let phrase = v > from
            && matches!(
                (toks[v - 1].lower.as_str(), toks[v].lower.as_str()),
                ("pointed", "out") | ("put" | "puts", "it")
            );
        // A capitalised verb inside the sentence is a name's word ("the
        // United States", "Read").
        let named = toks[v].cap && v > from;
        if !reply
            && !phrase
            && (!is_speech_verb(&toks[v].lower) || is_participle(&toks[v].lower) || named)
        {
            continue;
        }
        let (verb, cue) = if reply {
            (v - 1, format!("{} back", toks[v - 1].lower))
        } else if phrase {
            (v - 1, format!("{} {}", toks[v - 1].lower, toks[v].lower))
        } else {
            (v, toks[v].lower.to_string())
        };
        // Adverbs and when it was said between the speaker and the verb:
        // "Priebus later Thursday told Fox News:"; and "went on to" ("X
        // went on to say,").
        let mut k = verb;
        loop {
            if k > from && (is_adverb(&toks[k - 1].lower) || is_when_word(&toks[k - 1].lower)) {
                k -= 1;
            } else if k >= from + 3
                && toks[k - 1].lower == "to"
                && toks[k - 2].lower == "on"
                && matches!(toks[k - 3].lower.as_str(), "went" | "goes" | "go" | "going")
            {
                k -= 3;
            } else {
                break;
            }
        }
        if let Some(np) = np_ending_at(doc, ents, from, k) {
            return Some(Attribution { np, cue });
        }
        // "said X" inside the segment: ", said Mr. Lee, ". Not who was
        // told: "... later told Fox News:" names the listener; nor what
        // follows a reply's "back"; nor a name that is the subject of the
        // clause said ("63 percent said Clinton was "justified"": a verb
        // follows; but "and said she has" speaks of herself).
        let told = crate::lexicon::is_tell(&toks[v].lower);
        let clause_subject = |np: &Np, end: usize| {
            np.mention
                .is_some_and(|mi| !matches!(ents.mentions[mi].kind, MentionKind::Pronoun))
                && toks.get(end).is_some_and(|t| is_clause_verb(&t.lower))
        };
        if let Some((np, _)) =
            np_at(doc, ents, v + 1).filter(|(np, end)| !told && !reply && !clause_subject(np, *end))
        {
            if v + 1 < e {
                return Some(Attribution {
                    np,
                    cue: toks[v].lower.to_string(),
                });
            }
        }
    }
    // "According to X, "...".
    for k in from..e.saturating_sub(1) {
        if toks[k].lower == "according" && toks[k + 1].lower == "to" {
            if let Some((np, _)) = np_at(doc, ents, k + 2) {
                return Some(Attribution {
                    np,
                    cue: "according to".into(),
                });
            }
        }
    }
    if let Some(a) = statement_issued(doc, ents, from, e) {
        return Some(a);
    }
    // "... doesn't surprise Republican pollster Daron Shaw: "...", "what
    // X called "...": a person's name right before the colon, or after
    // "what" before "called".
    let colon = toks.get(e).is_some_and(|t| t.lower == ":");
    if colon || e >= from + 3 && toks[e - 1].lower == "called" {
        let end = if colon { e } else { e - 1 };
        let np = np_ending_at(doc, ents, from, end)?;
        let mi = np.mention?;
        let person = matches!(
            ents.mentions[mi].kind,
            MentionKind::Name(EntityKind::Person)
        );
        let k = doc.tok_at(ents.mentions[mi].range.start);
        let what = k > from && toks[k - 1].lower == "what";
        // Not one spoken to or of ("a blunt message to Trump:", "paid
        // tribute on Twitter:", "to the Dutch newspaper NRC:"): no
        // preposition in the few words before the name.
        let object = (from.max(k.saturating_sub(4))..k)
            .rev()
            .take_while(|&j| toks[j].word)
            .any(|j| is_preposition(&toks[j].lower));
        if person && (colon && !object || what) {
            return Some(Attribution {
                np,
                cue: if colon { ":".into() } else { "called".into() },
            });
        }
    }
    None
}

/// "X issued the following statement:", "Y released a statement on
/// Monday:": the one who issued a statement whose words follow. The
/// statement is named among the last few words before the quote (or the
/// colon that ends the paragraph before it), right after a verb that puts
/// one out and at most a few of its determiners and adjectives; the
/// speaker is the phrase before that verb, as for a reporting verb ("When
/// X died, Y released ...": Y).
fn statement_issued(doc: &Doc<'_>, ents: &Entities, from: usize, e: usize) -> Option<Attribution> {
    let toks = &doc.toks;
    let noun = (from.max(e.saturating_sub(6))..e)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "statement" | "statements"))?;
    let mut v = noun;
    while v > from
        && v + 4 > noun
        && matches!(
            toks[v - 1].lower.as_str(),
            "a" | "an" | "the" | "this" | "following" | "short" | "brief" | "written" | "joint"
        )
    {
        v -= 1;
    }
    let verb = v.checked_sub(1).filter(|&v| v >= from)?;
    let issued = match toks[verb].lower.as_str() {
        "issued" | "issues" | "released" | "releases" | "sent" | "sends" | "posted" | "posts" => {
            verb
        }
        // "put out a statement".
        "out" if verb > from && matches!(toks[verb - 1].lower.as_str(), "put" | "puts") => verb - 1,
        _ => return None,
    };
    let np = speaker_before_verb(doc, ents, from, issued)?;
    Some(Attribution {
        np,
        cue: "statement".into(),
    })
}

/// Present participles of reporting verbs that open a clause after a
/// comma and before a quote: `X reacted to the news, saying: "..."`.
/// Sorted.
const PARTICIPLES: &[&str] = &[
    "adding",
    "arguing",
    "asking",
    "claiming",
    "concluding",
    "declaring",
    "explaining",
    "insisting",
    "joking",
    "noting",
    "posting",
    "quipping",
    "recalling",
    "replying",
    "responding",
    "saying",
    "stating",
    "stressing",
    "telling",
    "tweeting",
    "urging",
    "vowing",
    "warning",
    "writing",
];

fn is_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "about" | "at" | "by" | "for" | "from" | "in" | "into" | "of" | "on" | "to" | "with"
    )
}

fn is_participle(lower: &str) -> bool {
    PARTICIPLES.binary_search(&lower).is_ok()
}

/// Words that open a phrase or a clause set before a sentence's subject
/// ("In a statement released Thursday, X ...", "After the vote, X ...").
fn opens_fronted_phrase(lower: &str) -> bool {
    matches!(
        lower,
        "after"
            | "as"
            | "at"
            | "before"
            | "during"
            | "earlier"
            | "following"
            | "for"
            | "from"
            | "in"
            | "last"
            | "later"
            | "on"
            | "speaking"
            | "when"
            | "while"
            | "with"
    )
}

/// A quote in a clause that a reporting verb's participle opens after a
/// comma (`X needled the "reporter," saying, "..."`, `X shared the news,
/// writing "..."`, `X reacted to the news, saying: "..."`): the
/// participle's token. Its object, if any, is a few words ("telling the
/// crowd,"), with no other reporting verb or quote.
fn participle_before(doc: &Doc<'_>, sent_from: usize, from: usize, open: usize) -> Option<usize> {
    let toks = &doc.toks;
    let p = (from..open)
        .rev()
        .take(8)
        .find(|&k| toks[k].word && !toks[k].cap && is_participle(&toks[k].lower))?;
    // After a comma, or after a quote closed with one (`"reporter," saying`:
    // the token before lies in the quote).
    // Or after "while" or "and" (`X insisted it was "premature" while
    // adding, "..."`, `X promoted ..., and telling the class, "..."`).
    let after_comma = p > sent_from
        && (toks[p - 1].lower == ","
            || matches!(toks[p - 1].lower.as_str(), "while" | "and")
            || toks[p - 1].quote.is_some()
                && doc.text[..toks[p - 1].range.start]
                    .trim_end()
                    .ends_with(','));
    let clear = (p + 1..open).all(|k| toks[k].quote.is_none() && !is_speech_verb(&toks[k].lower));
    (after_comma && clear).then_some(p)
}

/// The subject of a sentence before the participle `p`: the phrase its
/// first word opens, past a phrase set before it ("In a statement
/// released Thursday, X").
fn subject_before_participle(
    doc: &Doc<'_>,
    ents: &Entities,
    sent_from: usize,
    p: usize,
) -> Option<Attribution> {
    let toks = &doc.toks;
    // Past each phrase set before it: "In June 2009, after Y suffered a
    // concussion, X emailed ...".
    let mut start = sent_from;
    while let Some(k) = (start..p).find(|&k| toks[k].word) {
        if !opens_fronted_phrase(&toks[k].lower) {
            break;
        }
        start = (k..p).find(|&j| toks[j].lower == ",")? + 1;
    }
    let first = (start..p).find(|&k| toks[k].word)?;
    // A clause inside may hold the participle's own subject: "stopped when
    // some drivers, including X, claiming ...".
    let inner_clause = (first..p).any(|k| {
        matches!(
            toks[k].lower.as_str(),
            "although"
                | "because"
                | "if"
                | "including"
                | "though"
                | "unless"
                | "until"
                | "when"
                | "whereas"
                | "where"
                | "which"
                | "while"
                | "who"
                | "whom"
                | "whose"
        )
    });
    if inner_clause {
        return None;
    }
    // A name the sentence opens with, its title before it or not ("Mr.
    // Netanyahu": the mention may start at the name), else the phrase
    // the first word opens ("the ministry", "Band member Flea").
    let (a, b) = (
        toks[first].range.start,
        toks[(first + 2).min(p)].range.start,
    );
    let named = ents
        .starting_in(a, b)
        .find(|&k| !ents.mentions[k].in_quote)
        .map(|k| post_holder(doc, ents, k).unwrap_or(k));
    let np = match named {
        Some(mi) => Np {
            range: ents.mentions[mi].range.clone(),
            mention: Some(mi),
        },
        None => np_at(doc, ents, first)?.0,
    };
    let mi = np.mention?;
    if matches!(ents.mentions[mi].kind, MentionKind::Name(EntityKind::Place)) {
        return None;
    }
    Some(Attribution {
        np,
        cue: toks[p].lower.to_string(),
    })
}

/// A verb that, right after a name, makes the name a clause's subject:
/// the forms of "be" and "have" and the modals.
fn is_clause_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
    )
}

/// The subject of the sentence: its first mention, pronoun or description,
/// within the first dozen words before the quote.
fn subject(doc: &Doc<'_>, ents: &Entities, from: usize, to: usize) -> Option<Np> {
    // Past a phrase set before the subject ("Speaking to MSNBC's Morning
    // Joe Monday, Bush referred to Rubio as "...""), when the subject
    // opens what follows it (not "..., Lorde stitched a poem by the
    // artist": the artist is no subject).
    if doc
        .toks
        .get(from)
        .is_some_and(|t| opens_fronted_phrase(&t.lower))
    {
        let comma = (from..to.min(from + 16)).find(|&k| doc.toks[k].lower == ",");
        let np = comma.and_then(|c| {
            let np = subject_from(doc, ents, c + 1, to)?;
            (doc.tok_at(np.range.start) <= c + 2).then_some(np)
        });
        if np.is_some() {
            return np;
        }
    }
    subject_from(doc, ents, from, to)
}

/// [`subject`] reading from token `from` on.
fn subject_from(doc: &Doc<'_>, ents: &Entities, from: usize, to: usize) -> Option<Np> {
    let start = doc.toks.get(from)?.range.start;
    let end = doc.toks.get(to.saturating_sub(1))?.range.end;
    let limit = doc
        .toks
        .get((from + 12).min(to.saturating_sub(1)))?
        .range
        .end;
    let mi = ents.starting_in(start, limit + 1).find(|&k| {
        let m = &ents.mentions[k];
        m.range.end <= end && !m.in_quote && !matches!(m.kind, MentionKind::Name(EntityKind::Place))
    })?;
    // Not a name that opens a clause the sentence reports ("63 percent
    // said Clinton was "justified"", "voters agreed that Clinton is in
    // "good health""): a reporting verb or "that" before it, a verb after.
    let m = &ents.mentions[mi];
    let (at, after) = (doc.tok_at(m.range.start), doc.tok_at(m.range.end));
    let reported = at > from
        && (doc.toks[at - 1].lower == "that" || is_speech_verb(&doc.toks[at - 1].lower))
        && doc
            .toks
            .get(after)
            .is_some_and(|t| is_clause_verb(&t.lower));
    if reported {
        return None;
    }
    let mi = post_holder(doc, ents, mi).unwrap_or(mi);
    Some(Np {
        range: ents.mentions[mi].range.clone(),
        mention: Some(mi),
    })
}

/// The person whose post the name of mention `mi` qualifies: "Clinton
/// campaign manager Robby Mook", "Former Obama speechwriter Jon Favreau".
/// At most three lower-case words lie between the name and the person's,
/// none a function word, the last a post (a title word, or a noun of one
/// who does something: "speechwriter", "strategist", "spokeswoman"). A
/// verb there ("Obama praised Jon Favreau") or a preposition ("Trump went
/// after Bush") leaves the name the subject.
fn post_holder(doc: &Doc<'_>, ents: &Entities, mi: usize) -> Option<usize> {
    let m = &ents.mentions[mi];
    let toks = &doc.toks;
    let first = doc.tok_at(m.range.end);
    let first = (first..toks.len()).find(|&k| toks[k].range.start >= m.range.end)?;
    let mut k = first;
    while k < toks.len()
        && k < first + 3
        && toks[k].word
        && !toks[k].cap
        && !crate::lexicon::is_not_name(&toks[k].lower)
    {
        k += 1;
    }
    let last = &toks.get(k.checked_sub(1)?)?.lower;
    let post = crate::lexicon::is_title(last)
        || ["er", "or", "ist", "man", "woman"]
            .iter()
            .any(|s| last.ends_with(s));
    if !post {
        return None;
    }
    // (The person's mention may take in the post: "manager Robby Mook".)
    let at = toks.get(k)?.range.start;
    ents.starting_in(m.range.end, at + 1)
        .find(|&j| matches!(ents.mentions[j].kind, MentionKind::Name(EntityKind::Person)))
}

/// The entity a speaker phrase stands for; descriptions and pronouns are
/// resolved against what came before `at`. A resolved description becomes
/// one of the entity's aliases.
fn resolve(doc: &Doc<'_>, ents: &mut Entities, np: &Np, at: usize) -> Option<String> {
    let mi = np.mention?;
    let m = ents.mentions[mi].clone();
    let at = at.min(m.range.start);
    // "an official", "a government source": an indefinite description
    // brings in someone not named before, so it stands for no one named.
    if matches!(m.kind, MentionKind::Description { .. }) {
        let written = doc.text[m.range.clone()].trim_start();
        let indefinite = ["a ", "an ", "A ", "An "]
            .iter()
            .any(|a| written.starts_with(a));
        if indefinite {
            return None;
        }
    }
    let e = match &m.kind {
        MentionKind::Name(_) | MentionKind::Single => m.entity,
        MentionKind::Pronoun => {
            let pronoun = doc.text[m.range.clone()].to_lowercase();
            ents.person_for_pronoun(doc, at, &pronoun)
        }
        MentionKind::Description { head } => {
            if INSTITUTION_NOUNS.contains(&head.as_str()) {
                ents.org_before(at, head)
            } else {
                ents.person_before(doc, at, Some(&m))
                    .filter(|&e| !ents.unnamed_since(doc.text, e, at, head))
            }
        }
    }?;
    if let MentionKind::Description { head } = &m.kind {
        // What an institution issues ("the statement", "the letter") speaks
        // for it but is no name of it: linked, not an alias.
        if crate::lexicon::INSTITUTION_NAMES.contains(&head.as_str())
            || !INSTITUTION_NOUNS.contains(&head.as_str())
        {
            let written = doc.text[m.range.clone()].to_string();
            let written = written
                .strip_prefix("the ")
                .or_else(|| written.strip_prefix("The "))
                .unwrap_or(&written)
                .to_string();
            ents.list[e].add_alias(&format!("the {written}"), m.range.clone());
        }
        ents.mentions[mi].entity = Some(e);
    }
    Some(ents.list[e].name.clone())
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Direct and partial quotes (in quotation marks) with their speakers.
/// How many tokens around a quote its attribution is looked for in, at
/// most: far more than a real sentence has.
const MAX_REACH: usize = 256;

pub(crate) fn find_quotes(doc: &Doc<'_>, ents: &mut Entities) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let toks = &doc.toks;
    // The attribution of the previous quote, when no sentence boundary
    // separates it from this one (split quotes).
    let mut prev: Option<(usize, Option<Attribution>)> = None;
    for (qi, q) in doc.quotes.iter().enumerate() {
        let inner = &doc.text[q.inner.clone()];
        let words = word_count(inner);
        if words == 0 {
            continue;
        }
        let sent = doc.sentence_of(q.outer.start);
        let open = doc.tok_at(q.outer.start);
        // A "sentence" longer than any real one (a text of quotes and no
        // periods) is read only near the quote, so that each quote costs
        // a bounded number of tokens, not the whole text.
        let sent_from = doc.tok_at(sent.start).max(open.saturating_sub(MAX_REACH));
        // The reporter's words before the quote, back to the sentence start
        // or the previous quote.
        let mut from = sent_from;
        for k in (sent_from..open).rev() {
            if toks[k].quote.is_some() {
                from = k + 1;
                break;
            }
        }
        let after_from = doc.tok_at(q.outer.end);
        let mut after_to = after_from;
        // (A quote that trails off, "…" or "...", may still be followed
        // by its attribution: `"I'm going to look at a lot of people…"
        // Clinton said.`)
        let trimmed = inner.trim_end();
        let trails = trimmed.ends_with("..") || trimmed.ends_with('…');
        let ends_sentence = trimmed.ends_with('.') && !trails;
        // (The sentence splitter ends a sentence on the ellipsis; the
        // attribution is in the one after.)
        let bound = match toks.get(after_from) {
            Some(t) if trails => sent.end.max(doc.sentence_of(t.range.start).end),
            _ => sent.end,
        };
        let ask = trimmed.ends_with(['?', '!']);
        while after_to < toks.len()
            && after_to < after_from + MAX_REACH
            && toks[after_to].quote.is_none()
            && toks[after_to].range.start < bound.max(q.outer.end)
        {
            after_to += 1;
        }
        if ends_sentence && !ask {
            after_to = after_from;
        }
        let mut attribution = attribution_after(doc, ents, after_from, after_to)
            .or_else(|| dash_attribution(doc, ents, after_from));
        if attribution.is_none() {
            attribution = attribution_before(doc, ents, from, open);
        }
        // `X said on CNN, adding, "..."`, `X reacted, saying: "..."`: a
        // participle's clause goes on with the speaker of the quote before
        // it in the sentence, or else the sentence's subject.
        if attribution.is_none() {
            if let Some(p) = participle_before(doc, sent_from, from, open) {
                attribution = match &prev {
                    Some((pq, Some(pa))) if doc.quotes[*pq].outer.start >= sent.start => {
                        Some(Attribution {
                            np: pa.np.clone(),
                            cue: toks[p].lower.to_string(),
                        })
                    }
                    _ => subject_before_participle(doc, ents, sent_from, p),
                };
            }
        }
        let runs_to_end = toks.get(after_to).is_none_or(|t| t.range.start >= sent.end);
        // (Not for a few words inside the sentence: a scare quote or a
        // name, `the "Nigerian prince" scheme ..., police said`.)
        let opens_sentence = toks[from..open].iter().all(|t| !t.word);
        if attribution.is_none() && runs_to_end && (opens_sentence || words >= 4) {
            attribution = attribution_at_end(doc, ents, after_from, after_to);
        }
        // A quote joined to the one before by "and" or "or" alone, in its
        // sentence, goes on with its speaker: `telling the crowd, "...,"
        // and, "..."`.
        let joined = |pq: usize| {
            let mut words = toks[doc.tok_at(doc.quotes[pq].outer.end)..open]
                .iter()
                .filter(|t| t.word);
            words
                .next()
                .is_some_and(|t| !t.sent_start && matches!(t.lower.as_str(), "and" | "or"))
                && words.next().is_none()
        };
        if attribution.is_none() {
            if let Some((pq, Some(pa))) = &prev {
                if joined(*pq) {
                    attribution = Some(pa.clone());
                }
            }
        }
        // A quote later in the reported clause of the quote before it, in
        // one sentence: `X said it would be "remarkable" because it would
        // "mark the first time ..."`. Not when a reporting verb or
        // someone else comes between them.
        if attribution.is_none() {
            if let Some((pq, Some(pa))) = &prev {
                let before = &doc.quotes[*pq];
                let gap = doc.tok_at(before.outer.end)..open;
                let someone = ents
                    .starting_in(before.outer.end, q.outer.start)
                    .any(|k| !ents.mentions[k].in_quote);
                if before.outer.start >= sent.start
                    && !someone
                    && !toks[gap].iter().any(|t| is_speech_verb(&t.lower))
                {
                    attribution = Some(pa.clone());
                }
            }
        }
        // The second half of a split quote takes the first half's speaker,
        // and so does a quote that goes on after its attribution:
        // `"...," he said. "..."`. The gap between them is that attribution
        // and nothing more; or the quote is a paragraph of its own that
        // goes on from the paragraph before ([`continues_the_speaker`]).
        if attribution.is_none()
            && (from == open
                || toks[from..open]
                    .iter()
                    .all(|t| !t.word || t.quote.is_some()))
        {
            if let Some((pq, Some(pa))) = &prev {
                let gap = &doc.text[doc.quotes[*pq].outer.end..q.outer.start];
                let np_in_gap = pa.np.range.start >= doc.quotes[*pq].outer.end
                    && pa.np.range.end <= q.outer.start;
                let split = !gap.contains('\n') && gap.len() <= 200 && np_in_gap;
                if split || continues_the_speaker(doc, *pq, qi, pa) {
                    attribution = Some(pa.clone());
                }
            }
        }
        if attribution.is_none() {
            attribution = introduced_by_the_paragraph_before(doc, ents, q.outer.start);
        }
        // (Not where words after the quote may attribute it: `"Grizzly
        // Adams?" Maddow repeated.`)
        let alone = toks[after_from..after_to].iter().all(|t| !t.word);
        if attribution.is_none() && opens_sentence && alone {
            attribution = attributed_by_the_sentence_before(doc, ents, q.outer.start);
        }
        let sentence_has_verb = (sent_from..after_to.max(open))
            .any(|k| toks[k].quote.is_none() && is_speech_verb(&toks[k].lower));
        let mut partial_subject = None;
        if attribution.is_none() && (words >= 3 || sentence_has_verb) && from < open {
            partial_subject = subject(doc, ents, from, open);
        }
        // Scare quotes and titles: a word or two, or a capitalised name,
        // with nobody saying them.
        let capitalised = inner.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| !c.is_alphabetic() || c.is_uppercase())
        });
        let title = is_a_title(&doc.text[..q.outer.start], inner, words);
        if title
            || attribution.is_none()
                && (words <= 2 && !sentence_has_verb
                    || capitalised && words <= 4
                    || words < 4 && partial_subject.is_none())
        {
            // A title inside an attributed sentence leaves the quote
            // before it the one a split quote goes on from: `"...," Sanders
            // said on CNN's "State of the Union" Sunday. "..."`.
            let within = title
                && prev.as_ref().is_some_and(|(pq, a)| {
                    a.is_some()
                        && !doc.text[doc.quotes[*pq].outer.end..q.outer.start].contains('\n')
                });
            if !within {
                prev = Some((qi, None));
            }
            continue;
        }
        let starts_upper = inner
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        let before_text = doc.text
            [toks.get(from).map_or(q.outer.start, |t| t.range.start)..q.outer.start]
            .trim_matches(|c: char| c.is_whitespace() || crate::doc::is_format_char(c));
        let opens_clause = before_text.is_empty()
            || before_text.ends_with([':', ','])
            || before_text.to_lowercase().ends_with("that")
            || before_text.split_whitespace().last().is_some_and(|w| {
                let w = w.to_lowercase();
                is_speech_verb(&w) || is_participle(&w)
            });
        // A quote that opens a clause and runs to its sentence's end holds
        // all that was said, whatever its first letter: `she said "we
        // worked hard."` is as direct as `she said: "We worked hard."`.
        let whole_rest = inner.trim_end().ends_with(['.', '!', '?', '…'])
            && doc.text[q.outer.end..sent.end.max(q.outer.end)]
                .trim()
                .trim_start_matches(['.', '!', '?', '…'])
                .is_empty();
        let kind = if (starts_upper || whole_rest && words >= 4) && opens_clause
            || prev.as_ref().is_some_and(|(_, a)| a.is_some())
                && attribution.is_some()
                && !starts_upper
                && before_text.ends_with(',')
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        let (np, cue) = match (&attribution, partial_subject) {
            (Some(a), _) => (Some(a.np.clone()), Some(a.cue.clone())),
            (None, Some(np)) => (Some(np), None),
            (None, None) => (None, None),
        };
        let speaker = match np.as_ref() {
            Some(np) => previous_speaker(doc, ents, np, prev.as_ref(), q.outer.start)
                .or_else(|| resolve(doc, ents, np, q.outer.start)),
            None => None,
        };
        let mut text = q.inner.clone();
        let printed = &doc.text[text.clone()];
        let trimmed = printed.trim_end_matches([',', ' ']);
        text.end = text.start + trimmed.len();
        out.push(Found {
            text,
            kind,
            speaker,
            as_written: np.map(|n| n.range),
            cue,
        });
        prev = Some((qi, attribution));
    }
    out
}

/// The speaker a pronoun after a quote stands for when nobody new was
/// named since that quote: the previous quote's speaker, a person.
/// "Susan Rice, President Obama's national security adviser, said that
/// ... “represents ...” / “North Korea's missile ...,” she said": the
/// nearest person named before "she" is Obama, in Rice's own apposition;
/// the pronoun goes on with the speaker. None when the rule does not
/// apply (the pronoun is then resolved to the nearest person as before).
fn previous_speaker(
    doc: &Doc<'_>,
    ents: &Entities,
    np: &Np,
    prev: Option<&(usize, Option<Attribution>)>,
    at: usize,
) -> Option<String> {
    let mi = np.mention?;
    if !matches!(ents.mentions[mi].kind, MentionKind::Pronoun) {
        return None;
    }
    let (pq, Some(pa)) = prev? else {
        return None;
    };
    let pm = pa.np.mention?;
    let entity = match ents.mentions[pm].kind {
        MentionKind::Name(EntityKind::Person) | MentionKind::Single => ents.mentions[pm].entity?,
        _ => return None,
    };
    if ents.list[entity].kind != EntityKind::Person {
        return None;
    }
    // ("she said" after a man's quote is not his.)
    let pronoun = doc.text[ents.mentions[mi].range.clone()].to_lowercase();
    if ents.disagrees(doc, entity, &pronoun) {
        return None;
    }
    // Someone named since the previous quote is the likelier referent.
    let since = doc.quotes[*pq].outer.end;
    let until = at.min(ents.mentions[mi].range.start);
    let named_since = ents.starting_in(since, until).any(|k| {
        let m = &ents.mentions[k];
        !m.in_quote
            && m.entity
                .is_some_and(|e| ents.list[e].kind == EntityKind::Person && e != entity)
    });
    if named_since {
        return None;
    }
    Some(ents.list[entity].name.clone())
}

/// Verbs that introduce reported speech without quotation marks (fewer
/// than [`is_speech_verb`]: "continued", "read" and "vowed to" do not).
/// Whether `lower` is one of [`INDIRECT_VERBS`]: asked of most tokens
/// of every sentence, so a set, not a scan of the list.
fn is_indirect_verb(lower: &str) -> bool {
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| crate::lexicon::set(INDIRECT_VERBS));
    SET.contains(lower)
}

const INDIRECT_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "admitted",
    "announced",
    "argued",
    "argues",
    "asserted",
    "believes",
    "claimed",
    "claims",
    "concluded",
    "confirmed",
    "denied",
    "emphasised",
    "emphasized",
    "estimated",
    "explained",
    "insisted",
    "insists",
    "maintained",
    "noted",
    "notes",
    "predicted",
    "reported",
    "reports",
    "said",
    "say",
    "says",
    "stated",
    "stressed",
    "suggested",
    "told",
    "warned",
    "warns",
    "wrote",
    "writes",
];

/// The speaker phrase before a reporting verb at token `k`; a phrase
/// after a preposition ("in a statement on Tuesday said") is not the
/// subject, so the clause's first mention is taken instead.
fn speaker_before_verb(doc: &Doc<'_>, ents: &Entities, from: usize, k: usize) -> Option<Np> {
    let np = np_ending_at(doc, ents, from, k)?;
    if let Some(mi) = np.mention {
        // "Supporters of Sanders said": the group before "of" speaks.
        let t = doc.tok_at(ents.mentions[mi].range.start);
        if t >= from + 2 && doc.toks[t - 1].lower == "of" {
            let head = doc.toks[t - 2].range.clone();
            let group = ents.starting_in(head.start, head.end).find(|&g| {
                matches!(ents.mentions[g].kind, MentionKind::Description { .. })
                    && ents.mentions[g].range == head
            });
            if let Some(g) = group {
                return Some(Np {
                    range: head,
                    mention: Some(g),
                });
            }
        }
        return Some(np);
    }
    let t = doc.tok_at(np.range.start);
    let after_prep = t > from
        && matches!(
            doc.toks[t - 1].lower.as_str(),
            "in" | "on" | "at" | "during" | "after" | "with" | "of" | "by"
        );
    if after_prep {
        return subject(doc, ents, from, k);
    }
    // "the year 2014 declared": a phrase ending in a number is no speaker.
    if doc.text[np.range.clone()].ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(np)
}

/// The bytes of a dateline that opens a sentence of the body ("March 22
/// (Interfax) - China stands ready ..."): up to a dash within the first
/// 80 bytes, when what comes before it (at most eight words) ends with an
/// agency in brackets or has no word in lower case ("WASHINGTON, March 3
/// —"). 0 when none.
fn dateline_len(text: &str) -> usize {
    let mut end = text.len().min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let Some((at, dash)) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()
    else {
        return 0;
    };
    let before = head[..at].trim();
    let words = before.split_whitespace().count();
    let dateline = (1..=8).contains(&words)
        && (before.ends_with(')')
            || before
                .split_whitespace()
                .all(|w| !w.starts_with(|c: char| c.is_lowercase())));
    if dateline {
        at + dash
    } else {
        0
    }
}

/// Words that open what may follow a reporting verb at a sentence's end
/// without being what was said: where, when, how or to whom ("said in a
/// statement", "told reporters", "wrote late Monday"); a weekday opens one
/// too ("said Tuesday").
#[rustfmt::skip]
const TAIL_WORDS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "from", "via", "through", "to", "late",
    "early", "earlier", "later", "last", "this", "yesterday", "today", "tonight", "reporters",
    "journalists",
];

/// The reporting verb of "CLAUSE, X said in a statement on Tuesday.": a
/// verb of [`INDIRECT_VERBS`] whose sentence runs on (to token `e`) only
/// with a short tail of where and when, opened by one of [`TAIL_WORDS`],
/// with no comma, clause or quote in it.
fn verb_before_tail(toks: &[crate::doc::Tok], from: usize, e: usize) -> Option<usize> {
    let first = e.saturating_sub(TAIL_MAX + 1).max(from + 2);
    let v = (first..e.saturating_sub(1))
        .rev()
        .find(|&v| is_indirect_verb(toks[v].lower.as_str()))?;
    is_tail(&toks[v + 1..e]).then_some(v)
}

/// Whether tokens are only where and when something was said: opened by
/// one of [`TAIL_WORDS`] (not "at least"), at most [`TAIL_MAX`] words, no
/// punctuation, quote, "that", or pronoun or auxiliary that would open a
/// clause ("earlier this year he was targeting November" is said).
fn is_tail(tail: &[crate::doc::Tok]) -> bool {
    tail.first()
        .is_some_and(|t| TAIL_WORDS.contains(&t.lower.as_str()) || is_weekday(&t.lower))
        && tail.len() <= TAIL_MAX
        && !(tail.len() > 1 && tail[0].lower == "at" && tail[1].lower == "least")
        && tail.iter().all(|t| {
            t.word
                && t.quote.is_none()
                && !matches!(
                    t.lower.as_str(),
                    "that"
                        | "he"
                        | "she"
                        | "they"
                        | "it"
                        | "we"
                        | "i"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "had"
                        | "has"
                        | "have"
                        | "will"
                        | "would"
                )
        })
}

/// The most words of such a tail.
const TAIL_MAX: usize = 8;

/// Indirect speech in sentences without quotation marks.
pub(crate) fn find_indirect(doc: &Doc<'_>, ents: &mut Entities) -> Vec<Found> {
    let mut out = Vec::new();
    let toks = &doc.toks;
    for sent in doc.sentences.clone() {
        // Quotes are outermost regions in text order, so their ends are in
        // order too: the first quote ending after the sentence starts is
        // the only one that can overlap it.
        let q = doc.quotes.partition_point(|q| q.outer.end <= sent.start);
        if doc.quotes.get(q).is_some_and(|q| q.outer.start < sent.end) {
            continue;
        }
        let from = doc.tok_at(sent.start);
        let to = doc.tok_at(sent.end);
        if to <= from + 3 {
            continue;
        }
        let mut found: Option<(Range<usize>, Np, String)> = None;
        // "According to X, CLAUSE."
        if toks[from].lower == "according" && toks.get(from + 1).is_some_and(|t| t.lower == "to") {
            if let Some((np, j)) = np_at(doc, ents, from + 2) {
                if toks.get(j).is_some_and(|t| t.lower == ",") && j + 1 < to {
                    found = Some((toks[j + 1].range.start..sent.end, np, "according to".into()));
                }
            }
        }
        // "CLAUSE, X said." at the end, or with a tail saying where or
        // when: "CLAUSE, X said in a statement on Tuesday." Not a sentence
        // that ends on a colon: what was said follows it ("In a
        // statement, Cruz wrote:").
        let mut e = to;
        while e > from && !toks[e - 1].word {
            e -= 1;
        }
        if found.is_none() && toks[e..to].iter().all(|t| t.lower != ":") {
            // Not when the clause reports speech itself ("Kenney said her
            // daughters wrote ..., she said via Facebook"): the verb
            // inside it is the one found below.
            if let Some(v) = verb_before_tail(toks, from, e).filter(|&v| {
                !toks[from..v]
                    .iter()
                    .any(|t| is_indirect_verb(t.lower.as_str()))
            }) {
                e = v + 1;
            }
            if e > from + 2 && is_indirect_verb(toks[e - 1].lower.as_str()) {
                let mut k = e - 1;
                while k > from && is_adverb(&toks[k - 1].lower) {
                    k -= 1;
                }
                if let Some(np) = np_ending_at(doc, ents, from, k) {
                    let np_tok = doc.tok_at(np.range.start);
                    if np_tok > from + 3 && toks[np_tok - 1].lower == "," {
                        let clause = toks[from].range.start..toks[np_tok - 2].range.end;
                        found = Some((clause, np, toks[e - 1].lower.to_string()));
                    }
                }
            }
        }
        // "X said (that) CLAUSE", "X told reporters that CLAUSE".
        if found.is_none() {
            for v in from..to.min(from + 25) {
                if !is_indirect_verb(toks[v].lower.as_str()) {
                    continue;
                }
                let mut k = v;
                while k > from && is_adverb(&toks[k - 1].lower) {
                    k -= 1;
                }
                let Some(np) = speaker_before_verb(doc, ents, from, k) else {
                    continue;
                };
                let mut c = v + 1;
                // Where or when it was said may come before "that": "said
                // in a statement on Tuesday that".
                let place = toks.get(c).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "in" | "on" | "at" | "during" | "via" | "through"
                    )
                });
                let reach = if place { 10 } else { 5 };
                let mut e = to;
                while e > c && !toks[e - 1].word {
                    e -= 1;
                }
                // An object and "that": "told reporters that".
                if let Some(that) = (c..to.min(c + reach)).find(|&x| toks[x].lower == "that") {
                    c = that + 1;
                } else if toks.get(c).is_some_and(|t| !t.word) || is_tail(&toks[c..e]) {
                    // "she said in the broadcast on Sunday.": nothing said
                    // follows (it came before, if anywhere).
                    continue;
                }
                if c + 3 < to
                    && !matches!(
                        toks[c].lower.as_str(),
                        "to" | "themselves" | "himself" | "herself" | "itself"
                    )
                {
                    let clause = toks[c].range.start..sent.end;
                    found = Some((clause, np, toks[v].lower.to_string()));
                }
                break;
            }
        }
        let Some((mut clause, np, cue)) = found else {
            continue;
        };
        clause.start += dateline_len(&doc.text[clause.clone()]);
        let printed = &doc.text[clause.clone()];
        clause.end = clause.start + printed.trim_end_matches(['.', ' ', '\n']).len();
        let speaker = resolve(doc, ents, &np, np.range.start);
        out.push(Found {
            text: clause,
            kind: QuoteKind::Indirect,
            speaker,
            as_written: Some(np.range),
            cue: Some(cue),
        });
    }
    out
}
