//! Entity mentions and their resolution into entities.
//!
//! Rule-based, and deliberately so: the rules read the signals English news
//! writing gives (capitalisation, titles before names, institution words,
//! nationality adjectives, surname-only second references) and run at
//! thousands of articles a second with nothing to download. A statistical
//! recogniser can replace `find_mentions` behind the same `Mention` shape.

use std::ops::Range;

use parallax_model::EntityKind;

use crate::doc::Doc;
use crate::lexicon::{
    is_headline_verb, is_month, is_not_name, is_org_head, is_place, is_place_head, is_speech_verb,
    is_title, is_title_part, is_weekday, nationality, party_members, person_pronoun,
    GENERIC_PERSON_NOUNS, INSTITUTION_NOUNS, INSTITUTION_OPENERS, INSTITUTION_WORDS,
    NATIONALITY_QUALIFIERS, ONE_WORD_INSTITUTIONS, ORG_THINGS, PARTY_WORDS, POSTS_OF,
};

/// What a mention is before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MentionKind {
    /// A name with a known kind.
    Name(EntityKind),
    /// One capitalised word of unknown kind: a surname, a first name or a
    /// one-word name ("Lee", "Obama").
    Single,
    /// A description standing for an entity: "the Chinese president", "the
    /// statement". `head` is its head noun, lowercase.
    Description { head: String },
    /// "he", "she".
    Pronoun,
}

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// The whole mention in the text, title included ("President Lee").
    pub range: Range<usize>,
    /// The name part ("Lee").
    pub name: Range<usize>,
    pub kind: MentionKind,
    pub role: Option<String>,
    pub country: Option<&'static str>,
    pub in_quote: bool,
    /// For a one-word name: whether it stands as a name on its own (a
    /// title before it, a reporting verb after it). A weak one only joins
    /// a name the article gives elsewhere.
    pub strong: bool,
    /// The entity it resolved to (index into `Entities::list`).
    pub entity: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct EntityBuild {
    pub name: String,
    pub kind: EntityKind,
    pub role: Option<String>,
    pub country: Option<&'static str>,
    pub aliases: Vec<String>,
    pub mentions: Vec<Range<usize>>,
    /// The mentions' (start, end), so that adding one costs O(1), not a
    /// scan of the entity's mentions.
    seen: rustc_hash::FxHashSet<(usize, usize)>,
}

impl EntityBuild {
    fn tokens(&self) -> impl Iterator<Item = &str> {
        self.name.split_whitespace()
    }
    pub fn add_alias(&mut self, alias: &str, range: Range<usize>) {
        let alias = alias.trim();
        if !alias.eq_ignore_ascii_case(&self.name)
            && !self.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
        {
            self.aliases.push(alias.to_string());
        }
        if self.seen.insert((range.start, range.end)) {
            self.mentions.push(range);
        }
    }
}

/// How many mentions back a pronoun or description looks for who it
/// stands for: far more than an article's worth, and a bound on the cost
/// of each look whatever the text.
const MAX_LOOKBACK: usize = 2_000;

#[derive(Debug, Default)]
pub(crate) struct Entities {
    pub mentions: Vec<Mention>,
    pub list: Vec<EntityBuild>,
}

fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "for"
            | "de"
            | "del"
            | "der"
            | "da"
            | "di"
            | "van"
            | "von"
            | "bin"
            | "al"
            | "la"
            | "du"
            | "&"
    )
}

fn is_person_noun(lower: &str) -> bool {
    is_title(lower) || GENERIC_PERSON_NOUNS.contains(&lower)
}

/// Finds the capitalised runs and descriptions of `doc` and classifies them.
pub(crate) fn find_mentions<'d>(doc: &'d Doc<'_>, cases: &mut Casing<'d>) -> Vec<Mention> {
    let toks = &doc.toks;
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.word && person_pronoun(&t.lower) {
            out.push(Mention {
                range: t.range.clone(),
                name: t.range.clone(),
                kind: MentionKind::Pronoun,
                role: None,
                country: None,
                in_quote: t.quote.is_some(),
                strong: true,
                entity: None,
            });
            i += 1;
            continue;
        }
        // Lowercase descriptions: "the statement", "the Chinese president",
        // "the country's vice foreign minister" is handled as a role before a
        // name below.
        if t.word && matches!(t.lower.as_str(), "the" | "a" | "an" | "another") {
            if let Some((m, next)) = description_at(doc, i) {
                out.push(m);
                i = next;
                continue;
            }
        }
        if !(t.word && t.cap) {
            i += 1;
            continue;
        }
        // A capitalised run, with connectors inside ("Ministry of Foreign
        // Affairs").
        let start = i;
        let mut end = i + 1;
        // Words in capitals from the run's start: a headline set in
        // capitals ends where a name in ordinary case follows it ("KILLED
        // IN ISTANBUL EXPLOSION Turkish President Recep Tayyip Erdogan").
        let mut shouted = usize::from(all_caps(&doc.text[t.range.clone()]));
        while end < toks.len() {
            let u = &toks[end];
            // Only while every word so far is in capitals.
            if shouted == end - start && u.cap {
                if all_caps(&doc.text[u.range.clone()]) {
                    shouted += 1;
                } else if shouted >= 2 && u.word {
                    break;
                }
            }
            let gap = &doc.text[toks[end - 1].range.end..u.range.start];
            // A date ends a name ("Bank of Canada Tuesday"); "May" is
            // also a surname, so it does not.
            let calendar = is_weekday(&u.lower) || is_month(&u.lower) && u.lower != "may";
            if gap.contains('\n') || u.word && calendar {
                break;
            }
            // ("Organization for Economic Cooperation and Development".)
            if u.word && u.lower == "and" && and_in_name(doc.text, toks, start, end) {
                end += 1;
                continue;
            }
            // ("Council on Foreign Relations".)
            if u.word && u.lower == "on" && on_in_name(toks, end) {
                end += 1;
                continue;
            }
            // ("People's Republic of China", "Women's March": the
            // possessive of a plural of people inside a name.)
            if !u.word
                && u.lower == "'s"
                && matches!(
                    toks[end - 1].lower.as_str(),
                    "people" | "women" | "children" | "men"
                )
                && toks.get(end + 1).is_some_and(|v| v.word && v.cap)
            {
                end += 2;
                continue;
            }
            // "President Carter I think": the speaker's "I" after a
            // surname; a regnal number follows a given name ("Elizabeth I
            // was").
            if u.word
                && &doc.text[u.range.clone()] == "I"
                && !is_given_name(&toks[end - 1].lower)
                && toks.get(end + 1).is_some_and(|v| v.word && !v.cap)
            {
                break;
            }
            // ("Bashar al-Assad": a particle joined to a surname.)
            let joins = u.word
                && (u.cap || particle_surname(&doc.text[u.range.clone()]))
                && u.quote == t.quote
                || u.word
                    && is_connector(&u.lower)
                    && toks.get(end + 1).is_some_and(|v| {
                        // ("Ursula von der Leyen": two in a row.)
                        v.word && v.cap
                            || v.word
                                && is_connector(&v.lower)
                                && v.lower != u.lower
                                && toks.get(end + 2).is_some_and(|w| w.word && w.cap)
                    });
            if !joins {
                break;
            }
            end += 1;
        }
        i = end;
        classify_run(doc, start, end, cases, &mut out);
    }
    out
}

/// Whether a word names the people of a place ("Texan", "Californian",
/// "Floridian", "New Yorker"): the place, less its ending, with "-n",
/// "-an", "-ian" or "-er".
fn demonym(lower: &str) -> bool {
    let place = crate::lexicon::is_known_place;
    if let Some(stem) = lower.strip_suffix("er") {
        return place(stem);
    }
    let Some(stem) = lower.strip_suffix('n') else {
        return false;
    };
    place(stem)
        || stem
            .strip_suffix('a')
            .is_some_and(|s| place(&format!("{s}as")))
        || stem
            .strip_suffix("ia")
            .is_some_and(|s| place(&format!("{s}a")))
}

/// Where in `words` (a run's words after its leading titles and places)
/// the last title stands that a full name follows: two to four words, the
/// first a given name the lists know or the last one the text names the
/// person by again (`again`), none a title, an institution's word, a place
/// or a connector. ("U.S. District Judge Carlton W. Reeves ... Reeves
/// wrote", "AFL-CIO President Richard Trumka"; not "General Electric".)
fn title_before_full_name(words: &[&str], again: impl Fn() -> bool) -> Option<usize> {
    let t = words
        .iter()
        .rposition(|w| is_title(w) && !is_title_part(w) && !is_org_head(w))?;
    let name = &words[t + 1..];
    let plain = |w: &&str| {
        !is_title(w) && !is_org_head(w) && !is_place(w) && !is_connector(w) && !is_not_name(w)
    };
    // (What stands before the title holds no function word: "Right After
    // This Big-Name Senator Endorsed Trump" is a headline.)
    (t > 0
        && !words[..t].iter().any(|w| is_not_name(w))
        && (2..=4).contains(&name.len())
        && name.iter().all(plain)
        && (is_given_name(name[0]) || again()))
    .then_some(t)
}

/// Whether the run `s..end` opens a quotation whose words are all
/// capitalised, numbers or a title's small words: the title of a work
/// ("Thurman, one of the stars of “Pulp Fiction,”", "David Bowie's
/// 'Space Oddity'", "“Kill Bill: Vol. 1”"), no one's name; unless the
/// run's last word, a surname's place, is written capitalised outside
/// quotation marks too, after another word than in the run ("“Donald Trump
/// Wins” ... Trump said"; "playing Space Oddity" is the title again; the
/// first words are often common ones, "Kennedy Space Center"). Eight
/// words at most; a run of two words or more. (The caller leaves out a
/// run opened by a given name: "the “Mark Zuckerberg of Russia”" is the
/// man.)
fn titles_a_work(doc: &Doc<'_>, s: usize, end: usize) -> bool {
    let toks = &doc.toks;
    // (Not the run again, with or without the marks: the word before
    // its last is not before it there.)
    let (last, before) = (&toks[end - 1].lower, &toks[end - 2].lower);
    let outside = || {
        !(1..toks.len()).any(|k| {
            let t = &toks[k];
            k + 1 != end
                && t.quote.is_none()
                && t.cap
                && t.lower == *last
                && toks[k - 1].lower != *before
        })
    };
    let Some(q) = toks[s].quote else {
        // Single quotation marks make no quote region (the closing one is
        // an apostrophe too): a run set between them exactly.
        let (from, to) = (toks[s].range.start, toks[end - 1].range.end);
        let before = doc.text[..from].strip_suffix(['\u{2018}', '\'']);
        let opens = before.is_some_and(|b| b.is_empty() || b.ends_with(char::is_whitespace));
        let closes = doc.text[to..]
            .trim_start_matches([',', '.'])
            .starts_with(['\u{2019}', '\'']);
        return opens && closes && outside();
    };
    // The run opens the quote: at most a mark or a space before it there.
    let (opening, from) = (doc.quotes[q].inner.start, toks[s].range.start);
    if from < opening
        || from - opening > 4
        || doc.text[opening..from].contains(char::is_alphanumeric)
    {
        return false;
    }
    let mut words = 0;
    for t in toks[s..].iter().take_while(|t| t.quote == Some(q)) {
        if !t.word {
            continue;
        }
        words += 1;
        let titled =
            t.cap || t.lower.starts_with(|c: char| c.is_ascii_digit()) || minor_word(&t.lower);
        if !titled || words > 8 {
            return false;
        }
    }
    outside()
}

/// Whether the word next to the run `s..end`, across quotation marks and a
/// possessive's "'s" only (not a comma, not a line break), is a word in
/// capitals: the run is part of a line set in capitals, broken by the
/// marks into runs of their own.
fn shouted_beside(doc: &Doc<'_>, s: usize, end: usize) -> bool {
    let toks = &doc.toks;
    let passable = |t: &crate::doc::Tok| {
        !t.word
            && matches!(
                t.lower.as_str(),
                "\"" | "'" | "\u{2018}" | "\u{2019}" | "\u{201c}" | "\u{201d}"
            )
            || t.lower == "'s"
    };
    let shouted = |k: usize| {
        let t = &toks[k];
        let w = &doc.text[t.range.clone()];
        t.word && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && all_caps(w)
    };
    let same_line = |a: usize, b: usize| !doc.text[a..b].contains('\n');
    let mut k = end;
    while k < toks.len() && passable(&toks[k]) {
        k += 1;
    }
    let after =
        k < toks.len() && same_line(toks[end - 1].range.end, toks[k].range.start) && shouted(k);
    let mut k = s;
    while k > 0 && passable(&toks[k - 1]) {
        k -= 1;
    }
    let before = k > 0 && same_line(toks[k - 1].range.end, toks[s].range.start) && shouted(k - 1);
    after || before
}

/// A company's name without the corporate words that close it:
/// "Goldman Sachs Group Inc" is "Goldman Sachs", "Tesla Motors Co." is
/// "Tesla Motors"; the name itself when none closes it, or when nothing
/// would be left.
fn without_corporate_words(name: &str) -> &str {
    let mut rest = name.trim_end();
    while let Some((head, last)) = rest.rsplit_once(' ') {
        let last = last.trim_end_matches('.').trim_end_matches(',');
        let corporate = [
            "co",
            "company",
            "corp",
            "corporation",
            "group",
            "holding",
            "holdings",
            "inc",
            "incorporated",
            "llc",
            "lp",
            "ltd",
            "plc",
        ]
        .iter()
        .any(|w| last.eq_ignore_ascii_case(w));
        if !corporate {
            break;
        }
        rest = head.trim_end_matches([',', ' ']);
    }
    rest
}

/// Whether the text writes `written` (a surname) at least twice as a word
/// of its own: "Reeves wrote" after "Judge Carlton W. Reeves".
fn named_again(doc: &Doc<'_>, written: &str) -> bool {
    let text = doc.text;
    let at_word = |i: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + written.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    written.len() >= 2
        && text
            .match_indices(written)
            .filter(|(i, _)| at_word(*i))
            .nth(1)
            .is_some()
}

/// Where the post `head` stands in `role` (in lower case), the word that
/// makes it a deputy's before it ("vice", "deputy", "assistant"): None
/// when the post is not there, Some("") when it is no deputy's.
fn deputy_of<'r>(role: &'r str, head: &str) -> Option<&'r str> {
    let words: Vec<&str> = role.split_whitespace().collect();
    let k = words.iter().position(|x| title_in_full(x) == head)?;
    let before = k.checked_sub(1).map(|p| words[p]).unwrap_or_default();
    let deputy = matches!(
        before,
        "vice" | "deputy" | "assistant" | "associate" | "under"
    );
    Some(if deputy { before } else { "" })
}

/// A plural for people in general ("critics", "officials", "senators"):
/// a surname is not one.
fn plural_of_people(lower: &str) -> bool {
    crate::lexicon::PEOPLE_PLURALS.contains(&lower)
        || lower
            .strip_suffix('s')
            .is_some_and(|w| GENERIC_PERSON_NOUNS.contains(&w) || is_title(w))
            && !crate::lexicon::is_known_place(lower)
}

/// Whether "and" at `end` goes on an institution's name, the run
/// `start..end` so far: an institution's word, then "of", "for" or "on", and
/// capitalised words after "and" with no title among them ("Department of
/// Health and Human Services", not "Department of Justice and Attorney
/// General Jeff Sessions"; "Trump and Clinton" holds no institution).
fn and_in_name(text: &str, toks: &[crate::doc::Tok], start: usize, end: usize) -> bool {
    let run = &toks[start..end];
    if run.iter().any(|t| t.lower == "and") {
        return false;
    }
    let institution = run
        .iter()
        .position(|t| is_org_head(&t.lower))
        .is_some_and(|h| {
            run[h + 1..]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "of" | "for" | "on"))
        });
    let after = toks[end + 1..]
        .iter()
        .take_while(|t| t.word && t.cap)
        .take(8)
        .collect::<Vec<_>>();
    // (Not "University of Pennsylvania and Carnegie Mellon", "... of Ohio
    // and Demos", "University of Zurich and Gordon Hanson", "National
    // Association of Black Journalists and National Association of ...":
    // after a place only another place, and no name or institution.)
    let place_before = end > start && crate::lexicon::is_known_place(&toks[end - 1].lower);
    let place_after = after.iter().all(|t| is_place(&t.lower))
        || crate::lexicon::place_population(
            &after
                .iter()
                .map(|t| t.lower.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        )
        .is_some();
    let person_or_title = |t: &&crate::doc::Tok| is_title(&t.lower) || is_given_name(&t.lower);
    if after.iter().any(person_or_title) {
        return false;
    }
    if institution {
        return !after.is_empty()
            && !after.iter().any(|t| is_org_head(&t.lower))
            && (!place_before || place_after);
    }
    pair_before_a_body(text, toks, start, end, &after)
}

/// The words after "and" that end a public body's name: a pair of
/// common nouns before them names its field ("Securities and Exchange
/// Commission", "Food and Drug Administration", "Fish and Wildlife
/// Service"). Not a company, bank, fund or foundation, which two people
/// or two firms name as often ("Hillary and Chelsea Clinton Foundation",
/// "Laiki Bank and Hellenic Bank").
const BODY_HEADS: &[&str] = &[
    "administration",
    "agency",
    "authority",
    "board",
    "bureau",
    "commission",
    "committee",
    "council",
    "department",
    "office",
    "service",
    "services",
];

/// Whether a reporting verb stands right before or after token `k`
/// ("said Cuban", "Cuban said").
fn reports_beside(toks: &[crate::doc::Tok], k: usize) -> bool {
    let speech =
        |t: Option<&crate::doc::Tok>| t.is_some_and(|t| t.word && is_speech_verb(&t.lower));
    speech(k.checked_sub(1).and_then(|p| toks.get(p))) || speech(toks.get(k + 1))
}

/// Whether the text gives `word` to a person as a surname somewhere: a
/// capitalised given name or title right before it ("Paul Ryan", "Mark
/// Cuban", "Sen. Ryan"). A scan of the whole text: asked only when all
/// else about a word holds.
fn surname_elsewhere(toks: &[crate::doc::Tok], word: &crate::doc::Tok) -> bool {
    toks.windows(2).any(|w| {
        w[1].lower == word.lower
            && w[1].cap
            && w[0].word
            && w[0].cap
            && (is_given_name(&w[0].lower) || is_title(&w[0].lower))
    })
}

/// Whether the run `start..end` and the capitalised words `after` the
/// "and" that follows it make one body's name ("U.S. Securities and
/// Exchange Commission"): one to three words after "and" and then one of
/// [`BODY_HEADS`], and before "and" one to three capitalised words that
/// are no given name, title, place, acronym, function word or
/// institution's word (but the first of two or three may name a place
/// or a nationality: "U.S.", "Vermont"), a lone one not a sentence's
/// first, and the last no surname the text
/// gives a person elsewhere ("Ryan and Republican National Committee"
/// where it writes "Paul Ryan").
fn pair_before_a_body(
    text: &str,
    toks: &[crate::doc::Tok],
    start: usize,
    end: usize,
    after: &[&crate::doc::Tok],
) -> bool {
    // (A "The" opening the run is not the name's.)
    let run = match &toks[start..end] {
        [the, rest @ ..] if the.lower == "the" => rest,
        run => run,
    };
    let head = after
        .iter()
        .position(|t| BODY_HEADS.contains(&t.lower.as_str()));
    let Some(last) = run.last() else {
        return false;
    };
    let plain = |t: &crate::doc::Tok| {
        field_word(t)
            // (An acronym names a body of its own: "IRS and Drug
            // Enforcement Administration".)
            && !all_caps(&text[t.range.clone()])
            && !is_title(&t.lower)
            && !is_org_head(&t.lower)
    };
    // Read last, and only when all else holds: a scan of the text.
    let surname_elsewhere = || surname_elsewhere(toks, last);
    head.is_some_and(|h| (1..=3).contains(&h) && after[..h].iter().all(|t| plain(t)))
        && (1..=3).contains(&run.len())
        && run.iter().enumerate().all(|(i, t)| {
            // A place before the pair ("U.S. Securities and ...").
            plain(t)
                || i == 0
                    && run.len() >= 2
                    && t.word
                    && t.cap
                    && (is_place(&t.lower) || nationality(&t.lower).is_some())
        })
        && !(run.len() == 1 && last.sent_start)
        && !surname_elsewhere()
}

/// The words of a body that "on" and its field follow ("Council on
/// Foreign Relations", "Committee on Homeland Security", "Institute on
/// Aging").
const ON_HEADS: &[&str] = &[
    "board",
    "center",
    "centre",
    "commission",
    "committee",
    "conference",
    "council",
    "institute",
    "panel",
    "subcommittee",
];

/// Whether "on" at `at` goes on a body's name: after one of [`ON_HEADS`]
/// written with a capital, and before a capitalised word that is no day
/// or month ("the Council on Tuesday"), place ("the Security Council on
/// Syria"), given name or function word. (A title's word may open the
/// field: "Foreign Relations", "Presidential Debates".)
fn on_in_name(toks: &[crate::doc::Tok], at: usize) -> bool {
    let (Some(head), Some(next)) = (at.checked_sub(1).map(|k| &toks[k]), toks.get(at + 1)) else {
        return false;
    };
    head.word
        && head.cap
        && ON_HEADS.contains(&head.lower.as_str())
        && field_word(next)
        && !is_weekday(&next.lower)
        && !is_month(&next.lower)
}

/// A capitalised word that can name a body's field ("Exchange",
/// "Foreign"): no function word, given name or place.
fn field_word(t: &crate::doc::Tok) -> bool {
    t.word
        && t.cap
        && !parallax_text::is_stopword(&t.lower)
        && !is_given_name(&t.lower)
        && !is_place(&t.lower)
}

/// Whether the title's word at `t` of a run's `lowers` opens the field a
/// body is on or of ("Council on Foreign Relations", "Commission on
/// Presidential Debates", "Bureau of Labor Statistics"): a word that
/// makes a title only beside another, after "on" or "of", and followed
/// by no title or given name ("Department of State John Kerry" names a
/// person after the body).
fn opens_a_field(lowers: &[&str], t: usize) -> bool {
    t >= 1
        && matches!(lowers[t - 1], "on" | "of")
        && is_title_part(lowers[t])
        && lowers
            .get(t + 1)
            .is_some_and(|next| !is_title(next) && !is_given_name(next))
}

/// A surname with its particle before a hyphen, the particle in lower
/// case: "al-Assad", "el-Sisi", "bin-Salman".
fn particle_surname(word: &str) -> bool {
    word.split_once('-').is_some_and(|(p, rest)| {
        matches!(
            p,
            "al" | "el" | "ad" | "ash" | "as" | "at" | "az" | "abu" | "bin" | "ibn"
        ) && rest.chars().next().is_some_and(char::is_uppercase)
            && rest.chars().filter(|c| c.is_alphabetic()).count() >= 2
    })
}

/// A word of two or more letters, all of them capitals ("FBI", "U.S.",
/// "WHAT'S").
fn all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// How a document writes its words, made the first time a run asks: the
/// words it writes in lower case, those it capitalises inside a sentence,
/// and those it capitalises without writing them all in capitals.
/// "Volunteers" opening a sentence of a text that speaks of "volunteers"
/// elsewhere, and never capitalises the word mid-sentence, is the common
/// noun; "Young", written so after "Tom Young", is a name.
#[derive(Default)]
pub(crate) struct Casing<'d> {
    made: bool,
    lower: rustc_hash::FxHashSet<&'d str>,
    capital_inside: rustc_hash::FxHashSet<&'d str>,
    capital_quiet: rustc_hash::FxHashSet<&'d str>,
    /// Made the first time a run in a headline asks ([`Casing::headline_parts`]).
    headlines: Option<Headlines<'d>>,
}

/// The lines a text sets in title case ("Woman Reveals Stunning Thing
/// Trump Did To Her"), as token ranges, and how the rest of the text
/// capitalises: each word it capitalises and each pair of words it writes
/// in a row in a capitalised run.
#[derive(Default)]
struct Headlines<'d> {
    lines: Vec<Range<usize>>,
    words: rustc_hash::FxHashSet<&'d str>,
    pairs: rustc_hash::FxHashSet<(&'d str, &'d str)>,
}

/// Words a headline in title case may leave in lower case.
fn minor_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "and"
            | "as"
            | "at"
            | "but"
            | "by"
            | "for"
            | "from"
            | "in"
            | "into"
            | "nor"
            | "of"
            | "on"
            | "or"
            | "the"
            | "to"
            | "via"
            | "with"
    )
}

impl<'d> Headlines<'d> {
    fn make(doc: &'d Doc<'_>) -> Self {
        let toks = &doc.toks;
        let mut out = Headlines::default();
        // Lines: runs of tokens with no line break between them.
        let mut from = 0;
        for i in 1..=toks.len() {
            let broken = i == toks.len()
                || doc.text[toks[i - 1].range.end..toks[i].range.start].contains('\n');
            if !broken {
                continue;
            }
            // Four content words or more, each capitalised, not all in
            // capitals.
            let (mut content, mut capped, mut shouted) = (0, true, true);
            for t in toks[from..i].iter().filter(|t| {
                t.word && t.lower.starts_with(char::is_alphabetic) && !minor_word(&t.lower)
            }) {
                content += 1;
                capped &= t.cap;
                shouted &= all_caps(&doc.text[t.range.clone()]);
            }
            if content >= 4 && capped && !shouted {
                out.lines.push(from..i);
            }
            from = i;
        }
        if out.lines.is_empty() {
            return out;
        }
        let outside = |i: usize| !out.lines.iter().any(|l| l.contains(&i));
        let mut prev: Option<&'d str> = None;
        for (i, t) in toks.iter().enumerate() {
            let joins = t.word && (t.cap || is_connector(&t.lower)) && outside(i);
            if !joins {
                prev = None;
                continue;
            }
            let w = t.lower.as_str();
            if t.cap {
                out.words.insert(w);
            }
            if let Some(p) = prev {
                out.pairs.insert((p, w));
            }
            prev = Some(w);
        }
        out
    }
}

impl<'d> Casing<'d> {
    fn make(&mut self, doc: &'d Doc<'_>) {
        if self.made {
            return;
        }
        self.made = true;
        // Sized once for the text (a set grown by doubling rehashes what
        // it holds at each step).
        let words = doc.toks.iter().filter(|t| t.word).count();
        self.lower.reserve(words / 2);
        self.capital_inside.reserve(words / 8);
        self.capital_quiet.reserve(words / 8);
        for t in doc.toks.iter().filter(|t| t.word) {
            if !t.cap {
                self.lower.insert(t.lower.as_str());
                continue;
            }
            if !t.sent_start {
                self.capital_inside.insert(t.lower.as_str());
            }
            if !all_caps(&doc.text[t.range.clone()]) {
                self.capital_quiet.insert(t.lower.as_str());
            }
        }
    }

    fn common_noun(&mut self, doc: &'d Doc<'_>, lower: &str) -> bool {
        self.make(doc);
        self.lower.contains(lower) && !self.capital_inside.contains(lower)
    }

    /// A run set in a headline in title case, `start..end`, as the parts
    /// the rest of the text names ("Stunning Thing Trump" in a text that
    /// writes "Donald Trump" is "Trump"; "Jeb Bush Super PAC Chief" is
    /// "Jeb Bush" and "Super PAC" when the text writes both): its longest
    /// stretches of words the text capitalises elsewhere, each pair of
    /// neighbours written so in a row there (a connector inside only).
    /// None when the run stands in no such headline, or the text names
    /// none of its words elsewhere (a name only the headline gives stays
    /// whole, unless it is a phrase; an institution's name is kept whole).
    /// A given name joins the surname after it.
    fn headline_parts(
        &mut self,
        doc: &'d Doc<'_>,
        start: usize,
        end: usize,
    ) -> Option<Vec<Range<usize>>> {
        self.make(doc);
        let lower = &self.lower;
        let h = self.headlines.get_or_insert_with(|| Headlines::make(doc));
        if end - start < 2 || !h.lines.iter().any(|l| l.contains(&start)) {
            return None;
        }
        let toks = &doc.toks;
        // (A run in capitals is a shouted headline's, read as such.)
        if toks[start..end]
            .iter()
            .all(|t| all_caps(&doc.text[t.range.clone()]) || is_connector(&t.lower))
        {
            return None;
        }
        let known = |k: usize| h.words.contains(toks[k].lower.as_str());
        let words: Vec<&str> = toks[start..end]
            .iter()
            .map(|t| t.lower.as_str())
            .filter(|w| !is_connector(w))
            .collect();
        // An institution's name is kept whole ("Medill News Service" in a
        // line of credits, which is set in capitals as headlines are): an
        // institution's word last, and no other the text writes in lower
        // case ("Got Some Devastating News" is a headline's).
        let org_word = |w: &&str| {
            is_org_head(w)
                || crate::lexicon::NAME_END_ORG_HEADS.contains(w)
                || INSTITUTION_WORDS.contains(w)
        };
        let institution = words.last().is_some_and(org_word)
            && words
                .iter()
                .all(|w| org_word(w) || !lower.contains(w) || is_given_name(w));
        if institution {
            return None;
        }
        if !(start..end).any(known) {
            // Three words or more, none of them named elsewhere, one a
            // word the text writes in lower case: the headline's phrase
            // ("Sexist Wife Joke To Bash"), no name.
            let phrase =
                words.len() >= 3 && words.iter().any(|w| lower.contains(w) && !is_given_name(w));
            return phrase.then(Vec::new);
        }
        // Words the text names nowhere else, between the parts: a name
        // of their own when they open with a given name and none is one
        // the text writes in lower case ("David Davis and Anna Berg
        // REUTERS" in a caption), else the headline's words.
        let loose_part = |mut r: Range<usize>, parts: &mut Vec<Range<usize>>| {
            while r.start < r.end && is_connector(&toks[r.start].lower) {
                r.start += 1;
            }
            while r.end > r.start && is_connector(&toks[r.end - 1].lower) {
                r.end -= 1;
            }
            let plain = toks[r.clone()].iter().all(|t| {
                is_connector(&t.lower)
                    || !lower.contains(t.lower.as_str()) && !is_not_name(&t.lower)
            });
            if r.len() >= 2 && is_given_name(&toks[r.start].lower) && plain {
                parts.push(r);
            }
        };
        let mut parts = Vec::new();
        let mut k = start;
        let mut loose = start;
        while k < end {
            if !known(k) {
                k += 1;
                continue;
            }
            let mut e = k + 1;
            while e < end {
                let pair = |a: usize, b: usize| {
                    h.pairs
                        .contains(&(toks[a].lower.as_str(), toks[b].lower.as_str()))
                };
                // (A given name joins the word after it, known or not
                // written in lower case: "David Davis" in a caption of a
                // text that names another David.)
                let given = is_given_name(&toks[e - 1].lower)
                    && !lower.contains(toks[e].lower.as_str())
                    && !is_not_name(&toks[e].lower)
                    && !is_connector(&toks[e].lower);
                if known(e) && pair(e - 1, e) || given {
                    e += 1;
                } else if is_connector(&toks[e].lower)
                    && e + 1 < end
                    && known(e + 1)
                    && pair(e - 1, e)
                    && pair(e, e + 1)
                {
                    e += 2;
                } else {
                    break;
                }
            }
            // A given name before a surname the text names is the
            // person's, written in full only in the headline ("Cecile
            // Richards: ..." before "Richards said").
            let mut b = k;
            while b > loose && is_given_name(&toks[b - 1].lower) {
                b -= 1;
            }
            loose_part(loose..b, &mut parts);
            parts.push(b..e);
            k = e;
            loose = e;
        }
        loose_part(loose..end, &mut parts);
        Some(parts)
    }

    /// Whether the text writes the word in lower case somewhere.
    fn written_lower(&mut self, doc: &'d Doc<'_>, lower: &str) -> bool {
        self.make(doc);
        self.lower.contains(lower)
    }

    /// Whether a run in capitals is written in ordinary case elsewhere
    /// (its words in a row, each capitalised, not all in capitals):
    /// "HILLARY CLINTON" in a headline of a text about "Hillary Clinton".
    /// Scans the text only when each word is so written somewhere, so a
    /// text set all in capitals costs no scan per run.
    fn written_quietly(&mut self, doc: &'d Doc<'_>, lowers: &[&str]) -> bool {
        self.make(doc);
        lowers.iter().all(|w| self.capital_quiet.contains(w))
            && doc.toks.windows(lowers.len()).any(|win| {
                win.iter()
                    .zip(lowers)
                    .all(|(t, w)| t.cap && t.lower == *w && !all_caps(&doc.text[t.range.clone()]))
            })
    }
}

/// "the statement", "the Chinese president", "a source": a determiner, up
/// to three modifiers and a head noun that stands for a speaker.
fn description_at(doc: &Doc<'_>, i: usize) -> Option<(Mention, usize)> {
    let toks = &doc.toks;
    let mut country = None;
    // A nationality, qualified or not, was read ("the Chinese", "the
    // North Korean"); `country` only when it names one country.
    let mut national = false;
    let mut j = i + 1;
    let limit = (i + 5).min(toks.len());
    while j < limit {
        let t = &toks[j];
        if !t.word {
            // "the country's": a possessive inside the description.
            if t.lower == "'s" {
                j += 1;
                continue;
            }
            return None;
        }
        // "the direct orders of leader Kim": a phrase that runs through
        // a preposition or a conjunction has its head before it.
        if matches!(
            t.lower.as_str(),
            "of" | "in" | "on" | "at" | "for" | "to" | "from" | "with" | "by" | "and" | "or"
        ) {
            return None;
        }
        let next_is_noun = toks
            .get(j + 1)
            .is_some_and(|n| n.word && (is_person_noun(&n.lower) || is_institution(&n.lower)));
        let head = is_person_noun(&t.lower) && !is_title_part(&t.lower);
        if !next_is_noun && (head || is_institution(&t.lower)) {
            // A capitalised title followed by a name is a role, and a
            // capitalised institution is a name: leave both to the run rules.
            if t.cap && (toks.get(j + 1).is_some_and(|n| n.word && n.cap) || is_org_head(&t.lower))
            {
                return None;
            }
            // "the Chinese foreign ministry": a nationality and an
            // institution make a name.
            if national && is_org_head(&t.lower) {
                let first = (i + 1..j)
                    .find(|&k| {
                        nationality(&toks[k].lower).is_some()
                            || NATIONALITY_QUALIFIERS.contains(&toks[k].lower.as_str())
                    })
                    .unwrap_or(i + 1);
                return Some((
                    Mention {
                        range: toks[first].range.start..t.range.end,
                        name: toks[first].range.start..t.range.end,
                        kind: MentionKind::Name(EntityKind::Organization),
                        role: None,
                        country,
                        in_quote: t.quote.is_some(),
                        strong: true,
                        entity: None,
                    },
                    j + 1,
                ));
            }
            let head = t.lower.clone();
            let role = role_words(doc, i + 1, j + 1);
            return Some((
                Mention {
                    range: toks[i].range.start..t.range.end,
                    name: toks[i].range.start..t.range.end,
                    kind: MentionKind::Description {
                        head: head.to_string(),
                    },
                    role,
                    country,
                    in_quote: t.quote.is_some(),
                    strong: true,
                    entity: None,
                },
                j + 1,
            ));
        }
        // "the South Korean government": a qualified nationality.
        let qualifier = NATIONALITY_QUALIFIERS.contains(&t.lower.as_str())
            && toks
                .get(j + 1)
                .is_some_and(|n| nationality(&n.lower).is_some());
        if qualifier {
            national = true;
            j += 2;
            continue;
        }
        if let Some(c) = nationality(&t.lower) {
            national = true;
            country = Some(c);
        } else if t.cap && !is_title(&t.lower) {
            return None;
        }
        j += 1;
    }
    None
}

/// What a minister, a secretary or a chief is "of": "State", "Foreign
/// Affairs", "Staff".
fn is_department(lower: &str) -> bool {
    matches!(
        lower,
        "affairs"
            | "agriculture"
            | "commerce"
            | "culture"
            | "defence"
            | "defense"
            | "economy"
            | "education"
            | "energy"
            | "environment"
            | "finance"
            | "foreign"
            | "health"
            | "homeland"
            | "housing"
            | "industry"
            | "interior"
            | "justice"
            | "labor"
            | "labour"
            | "police"
            | "security"
            | "staff"
            | "state"
            | "tourism"
            | "trade"
            | "transportation"
            | "treasury"
            | "veterans"
            | "war"
    )
}

fn is_institution(lower: &str) -> bool {
    INSTITUTION_NOUNS.contains(&lower)
}

/// The title words of `toks[from..to]` as printed, nationality and
/// determiners left out: "Vice Foreign Minister", "Ambassador to Japan".
fn role_words(doc: &Doc<'_>, from: usize, to: usize) -> Option<String> {
    let toks = &doc.toks;
    let mut words: Vec<&str> = Vec::new();
    let mut started = false;
    for t in &toks[from..to] {
        if !t.word {
            continue;
        }
        if !started {
            if is_title(&t.lower) {
                started = true;
            } else {
                continue;
            }
        }
        words.push(&doc.text[t.range.clone()]);
    }
    while words
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "to" | "of" | "the" | "for"))
    {
        words.pop();
    }
    // "Mrs.", "Mr.": a courtesy, no post.
    (!words.iter().all(|w| courtesy(&w.to_lowercase()))).then(|| words.join(" "))
}

/// Whether tokens `n` and `n + 1` name a place and a title follows them
/// inside the run ("South Carolina Sen. Lindsey Graham").
fn place_before_title(toks: &[crate::doc::Tok], n: usize, end: usize) -> bool {
    if n + 2 >= end || !is_title(&toks[n + 2].lower) {
        return false;
    }
    let pair = format!("{} {}", toks[n].lower, toks[n + 1].lower);
    crate::lexicon::is_known_place(&pair)
}

/// Whether a comma and a place follow token `end`, with up to two
/// capitalised runs between them, each after a comma of its own ("...,
/// Guanacaste, Costa Rica", "..., Ohio", "..., N.Y."): the address of a
/// place.
fn located_by_places_after(doc: &Doc<'_>, end: usize) -> bool {
    let toks = &doc.toks;
    let mut k = end;
    for _ in 0..3 {
        if toks.get(k).is_none_or(|t| t.lower != ",") {
            return false;
        }
        let from = k + 1;
        let mut to = from;
        while toks.get(to).is_some_and(|t| t.word && t.cap) && to - from < 3 {
            to += 1;
        }
        if to == from {
            return false;
        }
        let words: Vec<&str> = toks[from..to].iter().map(|t| t.lower.as_str()).collect();
        let joined = words.join(" ");
        if crate::lexicon::is_known_place(&joined)
            || words.len() == 1 && crate::lexicon::state_abbreviation(&joined).is_some()
        {
            return true;
        }
        k = to;
    }
    false
}

/// A place named by the whole run.
fn place_mention(range: Range<usize>, in_quote: bool) -> Mention {
    named(range, EntityKind::Place, in_quote)
}

/// A name of a known kind, `range` whole, with no role or country.
fn named(range: Range<usize>, kind: EntityKind, in_quote: bool) -> Mention {
    Mention {
        range: range.clone(),
        name: range,
        kind: MentionKind::Name(kind),
        role: None,
        country: None,
        in_quote,
        strong: true,
        entity: None,
    }
}

fn classify_run<'d>(
    doc: &'d Doc<'_>,
    start: usize,
    end: usize,
    cases: &mut Casing<'d>,
    out: &mut Vec<Mention>,
) {
    let toks = &doc.toks;
    let text = doc.text;
    let mut s = start;
    // A capitalised common word opening a sentence is not a name.
    let acronym = |k: usize| {
        let w = &text[toks[k].range.clone()];
        w.len() >= 2 && w.chars().all(|c| c.is_uppercase())
    };
    // (Word after word: "Do I", "Would You"; a headline's verb: "Praises
    // Marco Rubio".)
    while s < end
        && (is_not_name(&toks[s].lower) || is_headline_verb(&toks[s].lower))
        && !acronym(s)
    {
        s += 1;
    }
    // A headline in title case: its verb parts subject and object, each a
    // run of its own ("Francois Hollande Says Donald Trump ...").
    if let Some(k) = (s + 1..end).find(|&k| is_headline_verb(&toks[k].lower) && !acronym(k)) {
        classify_run(doc, s, k, cases, out);
        classify_run(doc, k + 1, end, cases, out);
        return;
    }
    // What a headline in title case capitalises that the text does not
    // is no part of a name: its parts the text names are classified.
    if let Some(parts) = cases.headline_parts(doc, s, end) {
        if parts.len() != 1 || parts[0] != (s..end) {
            for p in parts {
                classify_run(doc, p.start, p.end, cases, out);
            }
            return;
        }
    }
    // "All of France": what the peeled word governed is no part of a name.
    while s < end && s > start && (is_connector(&toks[s].lower) || toks[s].lower == "the") {
        s += 1;
    }
    // An adjective made of a name opens no name: "Twitter-happy Musk",
    // "Kremlin-backed Russia Today" (the word after its hyphen in lower
    // case; "al-Assad" writes the particle so, not the name).
    while s + 1 < end
        && text[toks[s].range.clone()]
            .split_once('-')
            .is_some_and(|(a, b)| {
                a.starts_with(char::is_uppercase) && b.starts_with(char::is_lowercase)
            })
    {
        s += 1;
    }
    // A courtesy title opens the name it is given: "Support for Mr. Trump",
    // "Manhattan-made Mr. Trump" (what stands before it is no part of it).
    // ("Miss" is also a verb of headlines: "... Miss the Mark".)
    if let Some(k) = (s + 1..end).find(|&k| courtesy(&toks[k].lower) && toks[k].lower != "miss") {
        s = k;
    }
    if s >= end {
        return;
    }
    // "Shares of Netflix", "Supporters of Sanders" opening a sentence: a
    // plural of a common noun, what it is of the name. The plural stays
    // the sentence's subject, a description of no one named: "Supporters
    // of Sanders would argue" is not Sanders speaking.
    if s == start
        && toks[s].sent_start
        && end - s >= 3
        && toks[s + 1].lower == "of"
        && toks[s].lower.ends_with('s')
        && !all_caps(&text[toks[s].range.clone()])
        && !is_given_name(&toks[s].lower)
        && !is_place(&toks[s].lower)
    {
        out.push(Mention {
            range: toks[s].range.clone(),
            name: toks[s].range.clone(),
            kind: MentionKind::Description {
                head: toks[s].lower.to_string(),
            },
            role: None,
            country: None,
            in_quote: toks[s].quote.is_some(),
            strong: true,
            entity: None,
        });
        classify_run(doc, s + 2, end, cases, out);
        return;
    }
    let lowers: Vec<&str> = toks[s..end].iter().map(|t| t.lower.as_str()).collect();
    if names_no_one(&lowers) || describes_by_name(&lowers) {
        return;
    }
    let region = |w: &str| crate::lexicon::REGION_ADJECTIVES.contains(&w);
    if lowers.iter().any(|w| region(w))
        && lowers.iter().all(|w| region(w) || nationality(w).is_some())
    {
        return;
    }
    let whole = lowers.join(" ");
    // The people of a place named in two words: "Costa Rican crew
    // members", "a Sri Lankan court", "North African migrants" (as
    // "Chinese" is no entity).
    if lowers.len() == 2
        && (demonym(&whole) || NATIONALITY_QUALIFIERS.contains(&lowers[0]) && region(lowers[1]))
    {
        return;
    }
    let in_quote = toks[s].quote.is_some();
    let range = toks[s].range.start..toks[end - 1].range.end;
    // Only an institution's name holds "and" in lower case
    // ([`and_in_name`]; a headline in title case writes "And").
    if toks[s..end].iter().any(|t| t.lower == "and" && !t.cap) {
        out.push(named(range, EntityKind::Organization, in_quote));
        return;
    }
    // Hyphenated pairs of places ("India-Pakistan") describe relations, not
    // entities.
    if end - s == 1
        && whole.contains('-')
        && whole
            .split('-')
            .all(|p| is_place(p) || nationality(p).is_some())
    {
        return;
    }
    // "Jeju Island", "the Korean Peninsula": a feature of the land; and
    // one named by the word before it, a short name ("Cape Canaveral",
    // "Mount Everest", "Gulf of Mexico", "Republic of Korea"; not "Mount
    // Agamenticus Conservation Program"), unless an institution's word
    // ends it ("Mount Sinai Hospital").
    let place_opener = !lowers.last().is_some_and(|w| is_org_head(w))
        && ((2..=3).contains(&lowers.len())
            && matches!(lowers[0], "cape" | "mount" | "mt" | "mt." | "lake")
            || lowers.len() >= 3
                && lowers[1] == "of"
                && matches!(
                    lowers[0],
                    "bay" | "gulf" | "isle" | "sea" | "strait" | "straits"
                )
            // A state's formal name: "People's Republic of China",
            // "Islamic Republic of Iran".
            || lowers.windows(2).any(|p| p == ["republic", "of"]));
    let place_head =
        lowers.len() >= 2 && lowers.last().is_some_and(|w| is_place_head(w)) || place_opener;
    // "the Florida senator", "the Ohio governor": someone described by
    // the place they serve, as "the Chinese president" is by country
    // (resolved to the nearest person that fits, as descriptions are).
    let the_place_post = s > 0
        && toks[s - 1].lower == "the"
        && is_place(&whole)
        && toks
            .get(end)
            .is_some_and(|h| h.word && !h.cap && is_title(&h.lower) && !is_title_part(&h.lower));
    if the_place_post {
        let range_of_run = range.clone();
        let range = toks[s].range.start..toks[end].range.end;
        out.push(Mention {
            range: range.clone(),
            name: range,
            kind: MentionKind::Description {
                head: toks[end].lower.to_string(),
            },
            role: Some(text[toks[end].range.clone()].to_string()),
            country: None,
            in_quote,
            strong: true,
            entity: None,
        });
        // (The place is named all the same, after the description, so a
        // speaker found at the run is the description.)
        out.push(place_mention(range_of_run, in_quote));
        return;
    }
    if is_place(&whole) || place_head {
        out.push(place_mention(range, in_quote));
        return;
    }
    // Two or more words in capitals are a headline or a section's name
    // ("BEFORE YOU GO", "WHAT'S BREWING"), not a name, unless a place of
    // the gazetteer ("LOS ANGELES"), a name an organisation's word ends
    // ("USA TODAY", "FOX NEWS") or written in ordinary case elsewhere.
    // (A word peeled off in capitals counts: "I'M MADDIE!".)
    let shout_from = if toks[start..s]
        .iter()
        .all(|t| all_caps(&text[t.range.clone()]))
    {
        start
    } else {
        s
    };
    if end - shout_from >= 2
        && toks[shout_from..end]
            .iter()
            .all(|t| all_caps(&text[t.range.clone()]) || is_connector(&t.lower))
        && !lowers
            .last()
            .is_some_and(|w| is_org_head(w) || crate::lexicon::NAME_END_ORG_HEADS.contains(w))
        && crate::lexicon::place_population(&whole).is_none()
        && !cases.written_quietly(doc, &lowers)
    {
        // Its opening words may be a name the text writes so ("HILLARY
        // CLINTON IS FEELING THE BERN"): the longest such is classified.
        if let Some(k) = (2..lowers.len())
            .rev()
            .find(|&k| cases.written_quietly(doc, &lowers[..k]))
        {
            classify_run(doc, s, s + k, cases, out);
        }
        return;
    }
    // The plural of a word for a person opening a sentence: "Experts
    // say", "Analysts said" (a surname is not a plural of one); or any
    // plural the verb after it shows ("Producers say": a surname takes
    // "says"; a party's members are read below).
    let plural_verb = || {
        toks.get(end).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "say" | "are" | "were" | "have" | "believe" | "think" | "argue" | "insist" | "fear"
            )
        })
    };
    if end - s == 1
        && toks[s].sent_start
        && !all_caps(&text[toks[s].range.clone()])
        && (plural_of_people(lowers[0])
            || lowers[0].ends_with('s')
                && plural_verb()
                && !party_members(lowers[0])
                && nationality(lowers[0]).is_none()
                && !is_place(lowers[0]))
    {
        return;
    }
    // One word opening a sentence that the text writes in lower case
    // elsewhere and never capitalises inside one: "Volunteers said".
    if end - s == 1
        && toks[s].sent_start
        && !all_caps(&text[toks[s].range.clone()])
        && !is_title(lowers[0])
        && cases.common_noun(doc, lowers[0])
    {
        return;
    }
    // "Senate Majority Leader Mitch McConnell": an institution's title
    // before a person's name. The person starts after the last title word.
    let last_title = lowers
        .iter()
        .rposition(|w| is_title(w) && !is_org_head(w))
        .map(|mut t| {
            // "Chief of Staff": what the post is of is part of it.
            while lowers.get(t + 1) == Some(&"of")
                && lowers.get(t + 2).is_some_and(|w| is_department(w))
            {
                t += 2;
            }
            t
        });
    // An acronym right before a title is an institution: "FBI Director
    // James Comey", "RNC Chairman Reince Priebus" (not a state's or a
    // country's: "N.J. Gov.", "U.S. Rep." stay places).
    let acronym_at = |k: usize| {
        let w = &text[toks[s + k].range.clone()];
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
            && crate::lexicon::state_abbreviation(lowers[k]).is_none()
            && nationality(lowers[k]).is_none()
            && !is_place(lowers[k])
            && lowers
                .get(k + 1)
                .is_some_and(|t| is_title(t) && !is_title_part(t))
    };
    // "House Speaker Paul Ryan": the House is an institution before a
    // title, and "White House" one at a name's end; elsewhere the word is
    // too often part of something else to make an organisation.
    let org_at = lowers.iter().enumerate().position(|(k, w)| {
        is_org_head(w)
            || *w == "house" && lowers.get(k + 1).is_some_and(|t| is_title(t))
            || acronym_at(k)
    });
    let person_after_title = match (org_at, last_title) {
        (Some(o), Some(t)) => {
            o < t
                && t + 1 < lowers.len()
                && !lowers[t + 1..]
                    .iter()
                    .any(|w| is_org_head(w) || is_title(w))
                && !opens_a_field(&lowers, t)
        }
        _ => false,
    };
    // An organisation keeps its whole name, nationality included. Words
    // such as "Today" or "House" make one only after another word, at the
    // run's end or before its "of" ("USA Today", "United Mine Workers of
    // America"); a party's members are the party ("Democrats", "Senate
    // Republicans").
    let name_end_org = lowers.iter().enumerate().any(|(k, w)| {
        k > 0
            && crate::lexicon::NAME_END_ORG_HEADS.contains(w)
            && (k + 1 == lowers.len() || lowers[k + 1] == "of")
    });
    let members = lowers.last().is_some_and(|w| party_members(w));
    // An institution's word alone, opening a sentence or written in lower
    // case elsewhere in the text, is the common noun ("Police said", "Media
    // reports", "News of the attack"); "the Senate" mid-sentence in a text
    // that never writes "senate" stays the body it names, and so do a
    // newspaper's short names ("the Times reported", in a text that says
    // "three times").
    if lowers.len() == 1
        && is_org_head(lowers[0])
        && !matches!(lowers[0], "times" | "post")
        && !all_caps(&text[range.clone()])
        && (toks[s].sent_start || cases.written_lower(doc, lowers[0]))
    {
        return;
    }
    if !person_after_title && (name_end_org || members || lowers.iter().any(|w| is_org_head(w))) {
        out.push(Mention {
            range: range.clone(),
            name: range,
            kind: MentionKind::Name(EntityKind::Organization),
            role: None,
            country: lowers.iter().find_map(|w| nationality(w)),
            in_quote,
            strong: true,
            entity: None,
        });
        return;
    }
    // "Las Vegas", "DES MOINES", "Colorado Springs": a run of two or more
    // words that a place of the gazetteer is named, whole (before a place
    // is peeled off its front), with no title before it ("Mr. Van Buren"
    // stays a person).
    if lowers.len() >= 2
        && crate::lexicon::place_population(&whole).is_some()
        && left_context(doc, s, end).2 == s
    {
        out.push(place_mention(range, in_quote));
        return;
    }
    // Peel titles, nationalities and places off the front: "Chinese Vice
    // Foreign Minister Ana Ruiz", "US Zhou Ming" (after "Ambassador to the").
    let mut n = s;
    let mut country = None;
    while n < end {
        let l = toks[n].lower.as_str();
        // "Mr. King", "Ms. Judge": after a courtesy title, a post that is
        // also a surname is the surname ("Mr. President" stays a post).
        if n > s && courtesy(&toks[n - 1].lower) && surname_post(l) {
            break;
        }
        let complement = n > 0 && matches!(toks[n - 1].lower.as_str(), "to" | "of" | "the" | "for");
        // Only alone or before a title: "North American Free Trade
        // Agreement" keeps its name.
        let qualified = NATIONALITY_QUALIFIERS.contains(&l)
            && toks
                .get(n + 1)
                .is_some_and(|t| n + 1 < end && nationality(&t.lower).is_some())
            && (n + 2 == end || toks.get(n + 2).is_some_and(|t| is_title(&t.lower)));
        // "Secretary of State Rex W. Tillerson", "Minister of Foreign
        // Affairs Ana Ruiz": a title's department is part of the role.
        let department = l == "of"
            && n > s
            && is_title(&toks[n - 1].lower)
            && toks
                .get(n + 1)
                .is_some_and(|t| n + 1 < end && is_department(&t.lower));
        if is_place(l) && complement && n + 1 < end {
        } else if matches!(l, "of" | "for")
            && n > s
            && is_title(&toks[n - 1].lower)
            && n + 1 < end
            && toks[n + 1].lower != "the"
            && !is_department(&toks[n + 1].lower)
            && !toks[n + 1..end].iter().any(|t| is_title(&t.lower))
        {
            // "CEO of Tesla", "Transport for London": what the post is
            // of or for is a name of its own.
            classify_run(doc, n + 1, end, cases, out);
            return;
        } else if department {
            n += 1;
            while n + 1 < end && is_department(&toks[n + 1].lower) {
                n += 1;
            }
        } else if qualified {
            // "North Korean": the pair is a nationality, not the one
            // its second word names.
            country = None;
            n += 1;
        } else if place_before_title(toks, n, end) {
            // "New Jersey Gov. Chris Christie": a place of two words.
            n += 1;
        } else if let Some(c) = nationality(l) {
            country = Some(c);
        } else if is_title(l)
            || is_place(l) && n + 1 < end
            || party_before_name(&lowers[n - s..])
            || n + 2 < end
                && is_title(&toks[n + 1].lower)
                && !is_title_part(&toks[n + 1].lower)
                && crate::lexicon::place_population(l).is_some()
        {
            // (A town of the gazetteer before a post: "Flint Mayor Karen
            // Weaver".)
        } else {
            break;
        }
        n += 1;
    }
    let mut institution_role = None;
    if let (true, Some(t)) = (person_after_title, last_title) {
        n = s + t + 1;
        institution_role = Some(text[toks[s].range.start..toks[n - 1].range.end].to_string());
    } else if let Some(t) = title_before_full_name(&lowers[n - s..], || {
        named_again(doc, &text[toks[end - 1].range.clone()])
    }) {
        // "Judicial Watch President Tom Fitton", "Maricopa County Recorder
        // Helen Purcell": what stands before a title and a full name after
        // it is the post's, not the name's.
        let t = n + t;
        institution_role = Some(text[toks[s].range.start..toks[t].range.end].to_string());
        n = t + 1;
    }
    // Role and country from the words before the run: "the country's vice
    // foreign minister Ana Ruiz", "German Ambassador to Japan, Paul
    // Weber".
    let (left_role, left_country, left_start) = left_context(doc, s, end);
    let role = institution_role
        .or_else(|| role_words(doc, s, n))
        .or(left_role);
    let country = country.or(left_country);
    let mention_start = if left_start < s {
        toks[left_start].range.start
    } else {
        toks[s].range.start
    };
    if n >= end {
        // Only a title: "President", "the Ambassador" (a description).
        let last = &toks[end - 1];
        if is_title_part(&last.lower) {
            // "State", "Vice": part of a title, no one alone.
            return;
        }
        if is_title(&last.lower) || nationality(&last.lower).is_some() {
            // "Chinese" followed by a lowercase title: "Chinese president".
            let mut head_end = end;
            let mut head = last.lower.clone();
            if nationality(&last.lower).is_some() {
                match toks.get(end) {
                    Some(h) if h.word && is_person_noun(&h.lower) && !h.cap => {
                        head = h.lower.clone();
                        head_end = end + 1;
                    }
                    _ if end == s + 1
                        && reports_beside(toks, s)
                        && surname_elsewhere(toks, last) =>
                    {
                        // "Cuban said" where the text names "Mark Cuban":
                        // the surname, not the nationality. (Asked only
                        // beside a reporting verb: the scan reads the
                        // whole text.)
                        let range = last.range.clone();
                        out.push(Mention {
                            range: range.clone(),
                            name: range,
                            kind: MentionKind::Single,
                            role: None,
                            country: None,
                            in_quote,
                            strong: true,
                            entity: None,
                        });
                        return;
                    }
                    _ => return,
                }
            }
            out.push(Mention {
                range: toks[s].range.start..toks[head_end - 1].range.end,
                name: toks[s].range.start..toks[head_end - 1].range.end,
                kind: MentionKind::Description {
                    head: head.to_string(),
                },
                role: role_words(doc, s, head_end),
                country,
                in_quote,
                strong: true,
                entity: None,
            });
        }
        return;
    }
    let name = toks[n].range.start..toks[end - 1].range.end;
    let name_lowers = &lowers[n - s..];
    // What is left after a party word ("Democrat of Vermont") is no name.
    if n > s && PARTY_WORDS.contains(&lowers[n - s - 1]) && name_lowers.first() == Some(&"of") {
        return;
    }
    // "the Kentucky Republican", "a Michigan Democrat": a party's member
    // by where they are from, no one's name. With "the", someone named
    // before.
    if n > s && name_lowers.len() == 1 && PARTY_WORDS.contains(&name_lowers[0]) {
        if let Some(the) = s
            .checked_sub(1)
            .map(|k| &toks[k])
            .filter(|t| t.lower == "the")
        {
            let range = the.range.start..range.end;
            out.push(Mention {
                range: range.clone(),
                name: range,
                kind: MentionKind::Description {
                    head: name_lowers[0].to_string(),
                },
                role: None,
                country,
                in_quote,
                strong: true,
                entity: None,
            });
        }
        return;
    }
    // "Presidential Candidates", "Senate Aides": people in general.
    if name_lowers.len() == 1 && plural_of_people(name_lowers[0]) {
        return;
    }
    // "the Chicago Cubs", "the Los Angeles Lakers": a place's team (a
    // person is not written after "the": "porn star Sydney Leathers").
    if n > s
        && s > 0
        && toks[s - 1].lower == "the"
        && name_lowers.len() == 1
        && name_lowers[0].ends_with('s')
        && toks[s..n].iter().all(|t| is_place(&t.lower))
    {
        out.push(named(range, EntityKind::Organization, in_quote));
        return;
    }
    // A place or a nationality alone before one word makes no title: it
    // names a thing ("Washington Examiner", "American Idol", "Wyoming
    // GOP"), or a person only when the text names them so elsewhere.
    // ("Georgia Toffolo": a place that is also a given name, a place only
    // after an article: "a Georgia Tech student".)
    let article = s > 0 && matches!(toks[s - 1].lower.as_str(), "a" | "an" | "the");
    let only_where = end - n == 1
        && toks[s..n].iter().all(|t| {
            is_place(&t.lower) && (article || !is_given_name(&t.lower))
                || nationality(&t.lower).is_some()
                || NATIONALITY_QUALIFIERS.contains(&t.lower.as_str())
        });
    let titled = n > s && !only_where || left_start < s;
    // What is left after them may be no name at all ("the U.S. He says").
    // (An acronym is a name: "the WHO".)
    if name_lowers.len() == 1 && is_not_name(name_lowers[0]) && !all_caps(&text[name.clone()]) {
        return;
    }
    // "the general manager of Metro-Goldwyn-Mayer", "a Reuters
    // photographer", "a series of Twitter messages": what holds the post
    // or makes the thing is an organisation.
    let gazetteer_place = crate::lexicon::place_population(&whole).is_some();
    if n == s
        && !gazetteer_place
        && (post_of_before(doc, s) || (end - s == 1 && org_thing_after(doc, end)))
    {
        out.push(named(range, EntityKind::Organization, in_quote));
        return;
    }
    // "BEIJING. March 22 (Interfax) -": the agency a dateline credits is
    // who wrote the article, not one it names.
    if name_lowers.len() == 1
        && crate::lexicon::NEWS_AGENCIES.contains(&name_lowers[0])
        && in_dateline(text, &name)
    {
        return;
    }
    let kind = if name_lowers.len() == 1 {
        let w = name_lowers[0];
        let raw = &text[name.clone()];
        if crate::lexicon::is_place_alone(w) {
            MentionKind::Name(EntityKind::Place)
        } else if ONE_WORD_INSTITUTIONS.contains(&w) || crate::lexicon::NEWS_AGENCIES.contains(&w) {
            MentionKind::Name(EntityKind::Organization)
        } else if titled && !(n == s && all_caps(raw)) {
            // (A title in the words before an acronym is someone else's:
            // "the youngest leader of the NAACP".)
            MentionKind::Single
        } else if raw.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && raw
                .chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '&')
        {
            // Acronyms name organisations, except clock and currency codes.
            if matches!(
                w,
                "am" | "pm"
                    | "a.m."
                    | "p.m."
                    | "gmt"
                    | "utc"
                    | "est"
                    | "usd"
                    | "eur"
                    | "gbp"
                    | "cny"
                    | "rmb"
                    | "jpy"
                    | "inr"
                    | "rub"
            ) {
                return;
            }
            if caps_place(doc, w, n, end) || crate::lexicon::state_abbreviation(w).is_some() {
                MentionKind::Name(EntityKind::Place)
            } else if shouted_beside(doc, s, end) {
                // A word of a line set in capitals ("HOW ‘MAKING THEM
                // SMALLER’ YIELDS ...", "WHAT’S WORKING."), not an acronym.
                return;
            } else {
                MentionKind::Name(EntityKind::Organization)
            }
        } else {
            MentionKind::Single
        }
    } else if name_lowers
        .iter()
        .all(|w| is_place(w) || nationality(w).is_some())
    {
        MentionKind::Name(EntityKind::Place)
    } else if !titled
        && n > 0
        && toks[n - 1].lower == "the"
        && !toks
            .get(end)
            .is_some_and(|t| !t.cap && crate::lexicon::PERSON_MODIFIED.contains(&t.lower.as_str()))
    {
        // "the Daily Ledger": a named thing, not a person; but "the
        // Hillary Clinton campaign" is a person's.
        MentionKind::Name(EntityKind::Organization)
    } else {
        MentionKind::Name(EntityKind::Person)
    };
    // "Bernie Sanders of Vermont": the state is where the person is from,
    // not part of the name; "Ari Emanuel of William Morris Endeavor": the
    // organisation the person is of is one of its own. A person's name
    // of two words or more comes first ("Catherine of Aragon" is one
    // name).
    let mut name = name;
    if kind == MentionKind::Name(EntityKind::Person) {
        if let Some(k) = name_lowers.iter().position(|w| *w == "of") {
            if k >= 2 && n + k + 1 < end {
                let rest = toks[n + k + 1].range.start..name.end;
                let lower = text[rest.clone()].to_lowercase();
                let place = crate::lexicon::is_place_alone(&lower)
                    || crate::lexicon::place_population(&lower).is_some();
                let before = toks[n].range.start..toks[n + k - 1].range.end;
                let person = !place
                    && person_before_of(
                        doc,
                        cases,
                        &name_lowers[..k],
                        &text[before],
                        titled || followed_by_speech(doc, end),
                    );
                if person {
                    out.push(named(rest, EntityKind::Organization, in_quote));
                }
                // Otherwise the run is one name ("Joint Chiefs of Staff").
                if place || person {
                    name = name.start..toks[n + k - 1].range.end;
                }
            }
        }
    }
    let strong = titled || followed_by_speech(doc, end) || attributes_a_quote(doc, s, end);
    // "The Hill reported", "the Globe said": no one's name is written
    // after "the"; what speaks so is an organisation (not a family, "the
    // Khans say", nor a name before a noun that is also a verb, "the
    // Sanders claim").
    let reports = toks.get(end).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "said" | "says" | "reported" | "reports" | "wrote" | "writes"
        )
    });
    let kind = if kind == MentionKind::Single
        && n == s
        && !titled
        && reports
        && s > 0
        && toks[s - 1].lower == "the"
        && !name_lowers[0].ends_with('s')
        && !demonym(name_lowers[0])
        && !all_caps(&text[name.clone()])
    {
        MentionKind::Name(EntityKind::Organization)
    } else {
        kind
    };
    // Hyphenated names of places ("Paris-Berlin Axis") are not people.
    if kind == MentionKind::Name(EntityKind::Person)
        && name_lowers
            .iter()
            .any(|w| w.contains('-') && w.split('-').any(is_place))
    {
        return;
    }
    // What no one's name looks like, when nothing else (a title, a
    // place peeled off) stands before it: a number word last ("Formula
    // One", "Air Force One"); a compass word before a place ("Northeast
    // Asia", "Southern California"); "New" first, in a name of two or
    // three words ("New England", "New South Wales": places far more often
    // than not; not "a New Democrat", nor "New York Yankees", whose place
    // names the team's town); a site's word last, where places stand
    // ("fans at Wrigley Field"; not "Sally Field said", nor "at Bruce
    // Arena's side": a given name opens it).
    if kind == MentionKind::Name(EntityKind::Person) && !titled && n == s {
        let (first, last) = (name_lowers[0], name_lowers[name_lowers.len() - 1]);
        if crate::claims::word_value(last).is_some() {
            return;
        }
        let compass_place = crate::lexicon::COMPASS_WORDS.contains(&first)
            && crate::lexicon::is_known_place(&name_lowers[1..].join(" "));
        let new_place = first == "new"
            && name_lowers.len() <= 3
            && !is_org_head(last)
            && !PARTY_WORDS.contains(&last)
            && !crate::lexicon::is_known_place(&name_lowers[..2].join(" "));
        let site = crate::lexicon::SITE_HEADS.contains(&last)
            && !is_given_name(first)
            && s > 0
            && matches!(
                toks[s - 1].lower.as_str(),
                "at" | "in" | "inside" | "into" | "near" | "outside" | "to"
            );
        if compass_place || new_place || site {
            out.push(place_mention(range, in_quote));
            return;
        }
    }
    // A possessive of people inside (joined in `find_mentions`): an
    // institution's name, no one's ("People's Daily").
    if kind == MentionKind::Name(EntityKind::Person) && name_lowers.contains(&"'s") {
        out.push(named(range, EntityKind::Organization, in_quote));
        return;
    }
    // A film's, a song's or a book's title in quotation marks.
    if kind == MentionKind::Name(EntityKind::Person)
        && !titled
        && titles_a_work(doc, s, end)
        && !is_given_name(&toks[n].lower)
    {
        return;
    }
    // "in Punta Islita, Guanacaste, Costa Rica": a place the places after
    // it locate.
    if kind == MentionKind::Name(EntityKind::Person)
        && !titled
        && n == s
        && s > 0
        && matches!(toks[s - 1].lower.as_str(), "in" | "near" | "outside")
        && !is_given_name(&toks[s].lower)
        && located_by_places_after(doc, end)
    {
        out.push(place_mention(range, in_quote));
        return;
    }
    // Common words capitalised ("Minimum Wage", "Air Force", "Great
    // Wall"): every word of it the text also writes in lower case, none a
    // given name, and no title before it, is no one's name.
    if kind == MentionKind::Name(EntityKind::Person)
        && !titled
        && name_lowers
            .iter()
            .all(|w| cases.written_lower(doc, w) && !is_given_name(w))
    {
        return;
    }
    // Titles before a place or an organisation are someone else's ("a
    // veteran GOP strategist"): no part of the mention.
    let person = matches!(
        kind,
        MentionKind::Name(EntityKind::Person) | MentionKind::Single
    );
    out.push(Mention {
        range: if person { mention_start } else { name.start }..name.end,
        name,
        kind,
        role: role.filter(|_| person),
        country,
        in_quote,
        strong,
        entity: None,
    });
}

/// Whether `words` (lower case), written `written`, before "of" in a run
/// name a person, so that what follows "of" is the organisation they are
/// of ("Ari Emanuel of William Morris Endeavor"): at most three words
/// (more is a headline in title case: "Uma Thurman Accuses Harvey
/// Weinstein of ..."), no institution's word, place, title or word the
/// text writes in lower case among them ("Extraordinary Cluster of
/// Galaxies"), and the person spoken of as one (a title before, a speech
/// verb after: `strong`) or named by the last word again elsewhere in the
/// text ("... Emanuel said").
fn person_before_of<'d>(
    doc: &'d Doc<'_>,
    cases: &mut Casing<'d>,
    words: &[&str],
    written: &str,
    strong: bool,
) -> bool {
    let institution = words
        .first()
        .is_some_and(|w| INSTITUTION_OPENERS.contains(w))
        || words
            .iter()
            .any(|w| is_org_head(w) || INSTITUTION_WORDS.contains(w) || is_place(w) || is_title(w));
    if institution || words.len() > 3 || words.iter().any(|w| cases.written_lower(doc, w)) {
        return false;
    }
    if strong {
        return true;
    }
    written
        .rsplit(' ')
        .next()
        .is_some_and(|surname| named_again(doc, surname))
}

/// Whether a run is an adjective made of a name ("New York-based",
/// "London-born", "Saudi-led") or a stance towards one ("Pro-Islamic
/// State", "anti-Trump"): it describes something else and names no one.
fn describes_by_name(lowers: &[&str]) -> bool {
    #[rustfmt::skip]
    const SUFFIXES: &[&str] = &[
        "-backed", "-based", "-born", "-bred", "-controlled", "-era", "-led", "-linked", "-made",
        "-owned", "-run", "-style",
    ];
    let ends = lowers
        .last()
        .is_some_and(|w| SUFFIXES.iter().any(|x| w.len() > x.len() && w.ends_with(x)));
    let starts = lowers
        .first()
        .is_some_and(|w| w.starts_with("pro-") || w.starts_with("anti-"));
    ends || starts
}

/// Whether the run at `s` follows "of" after a post in an organisation,
/// both in lower case: "the general manager of Metro-Goldwyn-Mayer", "the
/// founder of Facebook". (Capitalised, the post is part of a title before
/// a person's name: "President of the Senate Jane Doe" is one run.) A
/// possessive after the run makes it whose the organisation is ("the
/// head of Clinton's campaign"); places are read before this.
fn post_of_before(doc: &Doc<'_>, s: usize) -> bool {
    let toks = &doc.toks;
    if s < 2 {
        return false;
    }
    let (of, post) = (&toks[s - 1], &toks[s - 2]);
    of.lower == "of"
        && !of.cap
        && !post.cap
        && POSTS_OF.contains(&post.lower.as_str())
        && !toks
            .get(s + 1)
            .is_some_and(|t| t.lower == "'s" || t.lower == "\u{2019}s")
        && toks.get(s).is_some_and(|t| !is_place(&t.lower))
}

/// Whether the word after a one-word name, tokens up to `end`, is one of
/// [`ORG_THINGS`] in lower case.
fn org_thing_after(doc: &Doc<'_>, end: usize) -> bool {
    doc.toks
        .get(end)
        .is_some_and(|t| t.word && !t.cap && ORG_THINGS.contains(&t.lower.as_str()))
}

/// Whether a run starts with a party word before a person's name
/// ("Democrat Hillary Clinton", "Republican Indiana Gov. Mike Pence"): two
/// words or a title after it, and no "Republic" or "People's" ("Democratic
/// Republic of Congo", "Communist Party-controlled").
fn party_before_name(lowers: &[&str]) -> bool {
    let Some((first, rest)) = lowers.split_first() else {
        return false;
    };
    PARTY_WORDS.contains(first)
        && (rest.len() >= 2 || rest.first().is_some_and(|w| is_title(w)))
        && !rest
            .iter()
            .any(|w| w.starts_with("republic") || w.starts_with("people") || w.contains('-'))
}

/// Runs that name no person, organisation or place: a law, a war, a day
/// or a treaty ("Affordable Care Act", "World War II"), a group of people
/// ("Americans", "Rohingya Muslims", "New Yorkers"), a party word alone
/// ("Republican", "Democratic").
fn names_no_one(lowers: &[&str]) -> bool {
    use crate::lexicon::{GROUP_WORDS, NOT_ENTITY_HEADS};
    // The run's words, punctuation left out, and "World War II": the head
    // before a numeral. Iterators, not lists: this runs on every
    // capitalised run of every article.
    let alpha = |w: &&str| w.chars().any(char::is_alphabetic);
    let roman = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let words = || lowers.iter().copied().filter(alpha);
    let n = words().count();
    let Some(last_word) = words().next_back() else {
        return false;
    };
    let numbered = n >= 2 && roman(last_word);
    let len = if numbered { n - 1 } else { n };
    let core = || words().take(len);
    let Some(last) = core().last() else {
        return false;
    };
    if (len >= 2 || numbered) && NOT_ENTITY_HEADS.contains(&last) {
        return true;
    }
    if last == "day" && len >= 2 {
        let before = core().nth(len - 2).unwrap_or_default();
        if crate::lexicon::DAY_NAMES.contains(&before)
            || before.ends_with("'s")
            || before.ends_with("\u{2019}s")
            || core()
                .next()
                .is_some_and(|w| matches!(w, "world" | "international" | "national"))
        {
            return true;
        }
    }
    // A plural of a nationality or a community is a group of people; a
    // party's members ("Democrats", "House Republicans") speak as the
    // party does and are kept, as an organisation (`classify_run`); a
    // place before the plural makes a team ("Cleveland Indians").
    let singular = last
        .strip_suffix('s')
        .filter(|w| !w.ends_with('s') && !is_place(last));
    if singular.is_some_and(|w| nationality(w).is_some() || GROUP_WORDS.contains(&w))
        && !core().take(len - 1).any(crate::lexicon::is_known_place)
    {
        return true;
    }
    core().all(|w| PARTY_WORDS.contains(&w) || nationality(w).is_some())
        && core().any(|w| PARTY_WORDS.contains(&w))
}

/// The population from which one word in capitals that a place is named
/// is that place wherever it stands ("CLEVELAND", "TALLAHASSEE"); below it
/// ("TIME", "NELSON", "ERIE") only a dateline makes it one.
const CAPS_PLACE_POPULATION: u32 = 100_000;

/// Whether one word in capitals, tokens `n..end`, is a place rather than
/// an acronym: a gazetteer place of four letters or more, large or
/// standing as a dateline does (first in its paragraph, then a comma, a
/// bracket or a dash: "ERIE, Pa. --", "KUNDUZ (Reuters) -").
fn caps_place(doc: &Doc<'_>, lower: &str, n: usize, end: usize) -> bool {
    if lower.chars().filter(|c| c.is_alphabetic()).count() < 4 {
        return false;
    }
    let toks = &doc.toks;
    // "National Aerospace Development Administration (NADA)": in brackets
    // it is the name before it, shortened.
    if doc.text[..toks[n].range.start].trim_end().ends_with('(') {
        return false;
    }
    let Some(pop) = crate::lexicon::place_population(lower) else {
        return false;
    };
    if pop >= CAPS_PLACE_POPULATION {
        return true;
    }
    let first = doc.text[..toks[n].range.start]
        .trim_end_matches([' ', '\t'])
        .ends_with('\n')
        || doc.text[..toks[n].range.start].trim().is_empty();
    first
        && toks.get(end).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "," | "(" | "-" | "--" | "\u{2014}" | "\u{2013}"
            )
        })
}

/// Whether a name stands in brackets in a dateline: after at most eight
/// words opening its paragraph, and before a dash ("KUNDUZ (Reuters) -",
/// "BEIJING. March 22 (Interfax) -").
fn in_dateline(text: &str, name: &Range<usize>) -> bool {
    let line = text[..name.start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line..name.start].trim_end();
    let after = text[name.end..].trim_start();
    before.ends_with('(')
        && before.split_whitespace().count() <= 8
        && after
            .strip_prefix(')')
            .is_some_and(|a| a.trim_start().starts_with(['-', '\u{2014}', '\u{2013}']))
}

/// The population from which a one-word name after "in" or "from" that
/// no person of the article has is a place: smaller towns share their
/// names with people and things ("Obama", "Clinton", "in Time magazine").
const CONTEXT_PLACE_POPULATION: u32 = 50_000;

/// Whether a one-word name stands where places do: after "in", "from",
/// "near", "outside", "across" or "throughout", and not a possessive
/// ("in Clinton's campaign" names the person).
fn place_context(text: &str, name: &Range<usize>) -> bool {
    let before = text[..name.start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let after = &text[name.end..];
    // `prev` is the last run of letters before the name, a word whatever
    // precedes it.
    matches!(
        prev.to_ascii_lowercase().as_str(),
        "in" | "from" | "near" | "outside" | "across" | "throughout"
    ) && !after.starts_with("'s")
        && !after.starts_with("\u{2019}s")
}

/// Whether the run `s..end` is the speaker of a quote (or a clause) just
/// closed, by the inverted form: `"...," said Hollande`, `..., says
/// Smith.`. The reporting verb right before, and before it the quote's
/// closing mark or a comma: what is said so is someone's, where "said
/// Monday" is not this form. Not the one told (`..., told France Info`),
/// nor a name that describes who spoke (`said Niger's defence minister`).
fn attributes_a_quote(doc: &Doc<'_>, s: usize, end: usize) -> bool {
    let toks = &doc.toks;
    // After a comma only where the name ends the clause (`..., said
    // Smith.`), not an apposition's comma before the subject's verb
    // ("Smith, 47, announced Monday that ...").
    let ends_clause = toks
        .get(end)
        .is_none_or(|t| matches!(t.lower.as_str(), "," | "." | ";" | "!" | "?"));
    let possessive = toks
        .get(end)
        .is_some_and(|t| matches!(t.lower.as_str(), "'s" | "’s" | "'" | "’"));
    // (A token's `quote` is the quote it lies in: the verb stands
    // outside, the token before it inside one just closed.)
    s >= 2
        && toks[s - 1].word
        && toks[s - 1].quote.is_none()
        && crate::lexicon::is_speech_verb(&toks[s - 1].lower)
        && !crate::lexicon::is_tell(&toks[s - 1].lower)
        && (toks[s - 2].quote.is_some() || toks[s - 2].lower == "," && ends_clause)
        && !possessive
}

fn followed_by_speech(doc: &Doc<'_>, i: usize) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| crate::lexicon::is_speech_verb(&t.lower))
}

/// Title words to the left of a name (the run `s..end`), with "to the",
/// places, nationality and one apposition comma: returns the role, the
/// country, and the index of the first token that belongs to the mention.
fn left_context(
    doc: &Doc<'_>,
    s: usize,
    end: usize,
) -> (Option<String>, Option<&'static str>, usize) {
    let toks = &doc.toks;
    let mut j = s;
    let mut first = s;
    let mut country = None;
    // A role needs a word that names a post alone ("minister", "secretary"):
    // "on education, Clinton" and "her home state, Clinton" give none.
    let mut saw_title = false;
    let mut comma_used = false;
    while j > 0 {
        let t = &toks[j - 1];
        let l = t.lower.as_str();
        if t.lower == "," && !comma_used && j == s {
            comma_used = true;
            j -= 1;
            continue;
        }
        let complement =
            j >= 2 && matches!(toks[j - 2].lower.as_str(), "to" | "of" | "the" | "for");
        if is_title(l) && (t.cap || !matches!(l, "major" | "general")) {
            // ("a major donor", "the general election": no rank.)
            saw_title |= !is_title_part(l);
            first = j - 1;
        } else if is_place(l) && complement {
            // "Ambassador to the US": part of the role.
        } else if let Some(c) = nationality(l) {
            country = Some(c);
            first = j - 1;
        } else if matches!(l, "to" | "the" | "of" | "for") {
            // Only part of the role when a title is further left, and only
            // before the post's complement ("Ambassador to the US",
            // "secretary of state"): before the name, or a title of its
            // own, the post is someone else's ("a spokesman for Mrs.
            // Clinton", "lawyer for Clinton", "director for the Clinton").
            // (The run itself may open with it: "Ambassador to the US Qin
            // Gang".)
            let next = &toks[j].lower;
            let place = is_place(next) || nationality(next).is_some();
            let complement = place
                || j < s
                    && (is_title_part(next) || is_department(next) || next == "the" && l != "the");
            if !complement {
                break;
            }
        } else if is_place(l) || l == "country" {
            // Only part of the role when a title is further left.
        } else if l == "'s" {
            // "Japan's foreign minister".
            if let Some(p) = j.checked_sub(2).map(|k| &toks[k]) {
                if is_place(&p.lower) {
                    country = country.or_else(|| nationality_of_place(&p.lower));
                }
            }
        } else {
            break;
        }
        j -= 1;
    }
    if !saw_title || comma_used && !apposition(toks, first, end) {
        return (None, None, s);
    }
    let role = role_words(doc, first, s);
    (role, country, first)
}

/// Whether a post written before a comma and the name after it (tokens
/// `first..end`) are in apposition: the post opens its sentence ("A former
/// secretary of state, Clinton has ...") or a comma or the sentence's end
/// closes the name ("the Republican nominee, Mr. Trump, said"). Otherwise
/// the comma ends a clause and the post is someone else's or no one's
/// ("qualifications to be president, Mrs. Clinton added", "shortly
/// before she became secretary of state, Mr. Clinton released").
fn apposition(toks: &[crate::doc::Tok], first: usize, end: usize) -> bool {
    let closed = toks
        .get(end)
        .is_none_or(|t| t.sent_start || matches!(t.lower.as_str(), "," | "." | ";" | ")"));
    let mut k = first;
    while k > 0
        && !toks[k].sent_start
        && matches!(
            toks[k - 1].lower.as_str(),
            "the" | "a" | "an" | "former" | "then"
        )
    {
        k -= 1;
    }
    closed || toks[k].sent_start
}

fn nationality_of_place(lower: &str) -> Option<&'static str> {
    crate::lexicon::NATIONALITIES
        .iter()
        .find(|(_, c)| c.eq_ignore_ascii_case(lower))
        .map(|(_, c)| *c)
}

/// The canonical form of a place name: "U.S." -> "United States".
fn place_name(raw: &str) -> String {
    let l = raw.to_lowercase();
    // "U.S" (its final full stop taken as the sentence's) is "U.S.".
    let country = nationality(&l)
        .or_else(|| nationality(&format!("{l}.")))
        .or_else(|| crate::lexicon::state_abbreviation(&l));
    match country {
        Some(c) if l.len() <= 4 => c.to_string(),
        // A dateline's capitals: "DES MOINES" -> "Des Moines".
        _ if l.len() >= 4 && !raw.chars().any(char::is_lowercase) => title_case(&l),
        _ => raw.to_string(),
    }
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !matches!(w, "of" | "for" | "on" | "and" | "the") => {
                    f.to_uppercase().chain(c).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name's words in lower case, a particle apart from its surname
/// ("Bashar al-Assad": bashar, al, assad), so that the surname alone finds
/// the name.
fn name_tokens(s: &str) -> Vec<String> {
    s.split_whitespace()
        .flat_map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            match w.split_once('-').filter(|_| particle_surname(w)) {
                Some((p, rest)) => [Some(p), Some(rest)],
                None => [Some(w), None],
            }
        })
        .flatten()
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of each entity's name ([`name_tokens`]), by entity index,
/// made again only when the name changed (a longer form turned up):
/// resolving looks every mention up against every entity, and splitting
/// and lowercasing each name at each look-up was most of its time.
#[derive(Default)]
struct NameTokens(Vec<(String, Vec<String>)>);

impl NameTokens {
    fn of(&mut self, k: usize, name: &str) -> &[String] {
        if self.0.len() <= k {
            self.0.resize_with(k + 1, Default::default);
        }
        let slot = &mut self.0[k];
        if slot.0 != name {
            *slot = (name.to_string(), name_tokens(name));
        }
        &slot.1
    }
}

/// Resolves mentions into entities: full names first, then one-word names
/// to the full name that contains them (surname or given name: "Ruiz" is
/// Ana Ruiz, "Ming" is Zhou Ming), organisations by name and acronym.
pub(crate) fn resolve<'d>(
    doc: &'d Doc<'_>,
    mentions: Vec<Mention>,
    cases: &mut Casing<'d>,
) -> Entities {
    let text = doc.text;
    // In text order, which the lookups below rely on (binary searches).
    let mut mentions = mentions;
    mentions.sort_by_key(|m| m.range.start);
    let mut ents = Entities {
        mentions,
        list: Vec::new(),
    };
    let mut names = NameTokens::default();
    // Pass 1: full names.
    for mi in 0..ents.mentions.len() {
        let m = ents.mentions[mi].clone();
        let MentionKind::Name(kind) = m.kind else {
            continue;
        };
        let raw = text[m.name.clone()].trim_end_matches('.').to_string();
        let raw = match kind {
            EntityKind::Place => place_name(&raw),
            // "the Chinese foreign ministry" -> "Chinese Foreign Ministry".
            EntityKind::Organization
                if raw
                    .split_whitespace()
                    .any(|w| w.starts_with(char::is_lowercase)) =>
            {
                title_case(&raw)
            }
            _ => raw,
        };
        let toks = name_tokens(&raw);
        let found = (0..ents.list.len()).find(|&k| {
            let e = &ents.list[k];
            e.kind == kind
                && (e.name.eq_ignore_ascii_case(&raw)
                    || kind == EntityKind::Person && same_person(names.of(k, &e.name), &toks))
        });
        let idx = match found {
            Some(k) => {
                // A longer form names it, and so does one in ordinary case
                // after a headline's capitals.
                let quieter = all_caps(&ents.list[k].name) && !all_caps(&raw);
                let e = &mut ents.list[k];
                if toks.len() > names.of(k, &e.name).len() || quieter {
                    let old = std::mem::replace(&mut e.name, raw.clone());
                    e.add_alias(&old, m.range.clone());
                } else {
                    e.add_alias(&raw, m.range.clone());
                }
                k
            }
            None => ents.new_entity(&raw, kind, m.range.clone()),
        };
        ents.attach(mi, idx);
    }
    // An organisation named with its country once and without it after
    // ("the U.S. Food and Drug Administration ... the Food and Drug
    // Administration") is one, when one country's is named so: with a
    // Chinese and a Russian "Foreign Ministry", the bare one is neither.
    // A country's, not a state's or a city's: the "Vermont Democratic
    // Party" is not the Democratic Party.
    // (The organisations named with a country first are listed once, so
    // that a text without any costs one pass over its entities.)
    let with_country: Vec<(usize, usize)> = ents
        .list
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == EntityKind::Organization && !c.mentions.is_empty())
        .filter_map(|(o, c)| {
            let (first, _) = c.name.split_once(' ')?;
            nationality(&first.to_lowercase()).map(|_| (o, first.len() + 1))
        })
        .collect();
    for k in 0..ents.list.len() {
        if with_country.is_empty() {
            break;
        }
        let e = &ents.list[k];
        if e.kind != EntityKind::Organization || e.mentions.is_empty() || !e.name.contains(' ') {
            continue;
        }
        let bare = e.name.as_str();
        let mut named = with_country.iter().filter(|&&(o, cut)| {
            let c = &ents.list[o];
            o != k && !c.mentions.is_empty() && c.name[cut..].eq_ignore_ascii_case(bare)
        });
        if let (Some(&(o, _)), None) = (named.next(), named.next()) {
            ents.fold(k, o);
        }
    }
    // A name found as an organisation ("the Islamic State") and as a
    // person ("Islamic State said") is the organisation: a person's full
    // name is not written after "the". So is a company's name without its
    // corporate words ("Goldman Sachs Group Inc." ... "analysts at Goldman
    // Sachs"), unless a title or a reporting verb made a mention of the
    // person ("Ralph Lauren said" of the designer, beside "Ralph Lauren
    // Corp.").
    // (Each organisation's short name is found once, as the length of the
    // prefix of its name it is.)
    let orgs: Vec<(usize, usize)> = ents
        .list
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind == EntityKind::Organization && !o.mentions.is_empty())
        .map(|(o, e)| (o, without_corporate_words(&e.name).len()))
        .collect();
    for k in 0..ents.list.len() {
        let e = &ents.list[k];
        if orgs.is_empty() {
            break;
        }
        if e.kind != EntityKind::Person || e.mentions.is_empty() || !e.name.contains(' ') {
            continue;
        }
        let person = e.name.as_str();
        // (The same name first, wherever it stands in the list.)
        let list = &ents.list;
        let found = orgs
            .iter()
            .find(|&&(o, _)| list[o].name.eq_ignore_ascii_case(person))
            .map(|&(o, _)| (o, true))
            .or_else(|| {
                orgs.iter()
                    .find(|&&(o, short)| list[o].name[..short].eq_ignore_ascii_case(person))
                    .map(|&(o, _)| (o, false))
            });
        let Some((o, same)) = found else {
            continue;
        };
        let strong = || {
            ents.mentions
                .iter()
                .any(|m| m.entity == Some(k) && m.strong)
        };
        if same || !strong() {
            ents.fold(k, o);
        }
    }
    // Acronyms: "United Nations Security Council (UNSC)" in brackets
    // after it, or anywhere after an organisation whose initials they are
    // ("the Associated Press ... AP").
    for mi in 0..ents.mentions.len() {
        let m = &ents.mentions[mi];
        if m.kind != MentionKind::Name(EntityKind::Organization) {
            continue;
        }
        let raw = &text[m.name.clone()];
        if !(raw.len() >= 2 && raw.chars().all(|c| c.is_uppercase() || c == '.')) {
            continue;
        }
        let bracketed = text[..m.range.start].trim_end().ends_with('(');
        let letters: String = raw.chars().filter(|c| c.is_alphabetic()).collect();
        let initials = |e: &EntityBuild| -> String {
            e.tokens()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect()
        };
        // Its initials, with or without a country's before them ("SEC"
        // for the "U.S. Securities and Exchange Commission").
        let initials_are = |e: &EntityBuild| -> bool {
            let all = initials(e);
            all.eq_ignore_ascii_case(&letters)
                || e.tokens().next().is_some_and(|w| {
                    nationality(&w.to_lowercase()).is_some()
                        && all
                            .get(1..)
                            .is_some_and(|rest| rest.eq_ignore_ascii_case(&letters))
                })
        };
        let prev = if bracketed {
            ents.mentions[..mi].iter().rev().take(2).find_map(|p| {
                p.entity
                    .filter(|&e| ents.list[e].kind == EntityKind::Organization)
            })
        } else {
            // The first organisation named before it with those initials.
            ents.mentions[..mi].iter().find_map(|p| {
                p.entity.filter(|&e| {
                    let o = &ents.list[e];
                    o.kind == EntityKind::Organization && o.name.contains(' ') && initials_are(o)
                })
            })
        };
        if let Some(p) = prev {
            if initials_are(&ents.list[p]) {
                // The acronym's own entity from pass 1, every mention of
                // it, joins the organisation; left empty, it is not
                // reported.
                match ents.mentions[mi].entity.filter(|&o| o != p) {
                    Some(own) => ents.fold(own, p),
                    None => {
                        let range = ents.mentions[mi].range.clone();
                        ents.list[p].add_alias(raw, range);
                        ents.mentions[mi].entity = Some(p);
                    }
                }
            }
        }
    }
    // Pass 2: one-word names and titled surnames; strong ones first, so a
    // weak "Obama" at a sentence start can join an "Obama said" after it.
    let mut unresolved = Vec::new();
    let mut order: Vec<usize> = (0..ents.mentions.len()).collect();
    order.sort_by_key(|&k| !ents.mentions[k].strong);
    // One-word names the article puts where places stand ("in Nice", "from
    // Kunduz") that name a large place: every mention of the word is that
    // place unless a person's full name holds it, even one a title or a
    // nationality before it made strong ("the French Riviera city of
    // Nice").
    let place_words: rustc_hash::FxHashSet<String> = ents
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Single && place_context(text, &m.name))
        .map(|m| text[m.name.clone()].to_lowercase())
        .filter(|w| {
            crate::lexicon::place_population(w).is_some_and(|p| p >= CONTEXT_PLACE_POPULATION)
        })
        .collect();
    // The post each full name was given with ("former President Bill
    // Clinton"), before any one-word mention below lends its own.
    let posts: Vec<Option<String>> = ents
        .list
        .iter()
        .map(|e| e.role.as_deref().map(str::to_lowercase))
        .collect();
    for mi in order {
        if ents.mentions[mi].kind != MentionKind::Single {
            continue;
        }
        let m = ents.mentions[mi].clone();
        let raw = text[m.name.clone()].to_string();
        let word = raw.to_lowercase();
        // The full name containing the word: never one the text shows to
        // be of the other sex than a title before the word says ("Mr.
        // Clinton" is not the "Mrs. Clinton" of the text); of the rest, one
        // that is a name, not a headline's or a sentence's
        // opening words glued to it ("See Sexton", "Trump And Marco Rubio
        // Miss The Mark": a word before its last the text writes in lower
        // case, not a given name or a particle such as "de"); then the
        // first named before it (the one an article is about is named
        // first, a relative after), else the first named after it. A post
        // before the word ("President Clinton") is the one's the text gave
        // that post with its full name ("former President Bill Clinton"),
        // before one named first with none ("Hillary Clinton").
        let sex = title_sex(&text[m.range.start..m.name.start]);
        let role = m.role.as_deref().map(str::to_lowercase);
        let post = role.as_deref().and_then(|r| {
            r.split_whitespace()
                .rev()
                .find(|w| is_title(w) && !is_title_part(w) && !courtesy(w))
                .map(title_in_full)
        });
        let mut best: Option<(usize, (bool, bool, bool))> = None;
        for k in 0..ents.list.len() {
            let e = &ents.list[k];
            if e.kind != EntityKind::Person || e.mentions.is_empty() {
                continue;
            }
            let toks = names.of(k, &e.name);
            if toks.len() < 2 || !toks.contains(&word) {
                continue;
            }
            let known = sex.and_then(|_| sex_of(doc, &ents.mentions, e));
            if known.is_some() && known != sex {
                continue;
            }
            let named = !toks[..toks.len() - 1].iter().any(|w| {
                cases.written_lower(doc, w)
                    && !is_given_name(w)
                    && !crate::lexicon::NAME_PARTICLES.contains(&w.as_str())
            });
            let before = e.mentions.iter().any(|r| r.start < m.range.start);
            let same_post = post.is_some_and(|p| {
                posts
                    .get(k)
                    .and_then(Option::as_deref)
                    .and_then(|r| deputy_of(r, p))
                    == role.as_deref().and_then(|r| deputy_of(r, p))
            });
            let rank = (named, same_post, before);
            if best.is_none_or(|(_, b)| rank > b) {
                best = Some((k, rank));
            }
        }
        // "Politico reported", "Netflix said": a word the article names an
        // organisation elsewhere ("a Politico reporter", "Netflix Inc."),
        // and no person, is that organisation wherever it stands untitled.
        if best.is_none() && m.role.is_none() {
            let org = ents.list.iter().position(|e| {
                e.kind == EntityKind::Organization
                    && !e.mentions.is_empty()
                    && e.name.eq_ignore_ascii_case(&raw)
            });
            let person = ents
                .list
                .iter()
                .any(|e| e.kind == EntityKind::Person && e.name.eq_ignore_ascii_case(&raw));
            if let (Some(k), false) = (org, person) {
                ents.list[k].add_alias(&raw, m.range.clone());
                ents.attach(mi, k);
                ents.mentions[mi].kind = MentionKind::Name(EntityKind::Organization);
                continue;
            }
        }
        let idx = match best {
            Some((k, _)) => {
                // As written, title and all ("Secretary Clinton"); a post
                // in apposition ("the nominee, Mr. Trump") is a role, and
                // words before the name that make no title alone ("State
                // Clinton", "Filipino Clinton" supporters) are not a way
                // the name is written.
                let titled = &text[m.range.start..m.name.start];
                let title = titled.split_whitespace().any(|w| {
                    let w = w.to_lowercase();
                    courtesy(&w) || is_title(&w) && !is_title_part(&w)
                });
                let alias = if titled.contains(',') || !title {
                    text[m.name.clone()].to_string()
                } else {
                    text[m.range.clone()].to_string()
                };
                ents.list[k].add_alias(&alias, m.range.clone());
                k
            }
            // A one-word name of its own ("Obama"), merged with earlier
            // mentions of the same word.
            None => match ents
                .list
                .iter()
                .position(|e| e.kind == EntityKind::Person && e.name.eq_ignore_ascii_case(&raw))
            {
                Some(k) => {
                    ents.list[k].add_alias(&raw, m.range.clone());
                    k
                }
                // "in Cleveland", "from Kunduz": a place the gazetteer
                // knows, where no person of the article has the name.
                None if place_words.contains(&word) => {
                    let name = place_name(&raw);
                    let k = match ents.list.iter().position(|e| {
                        e.kind == EntityKind::Place && e.name.eq_ignore_ascii_case(&name)
                    }) {
                        Some(k) => {
                            ents.list[k].add_alias(&name, m.range.clone());
                            k
                        }
                        None => ents.new_entity(&name, EntityKind::Place, m.range.clone()),
                    };
                    ents.attach(mi, k);
                    ents.mentions[mi].kind = MentionKind::Name(EntityKind::Place);
                    continue;
                }
                None if m.strong => ents.new_entity(&raw, EntityKind::Person, m.range.clone()),
                // A capitalised word that names nobody the article names.
                None => {
                    unresolved.push(mi);
                    continue;
                }
            },
        };
        ents.attach(mi, idx);
        ents.mentions[mi].kind = MentionKind::Name(EntityKind::Person);
    }
    // "Bernie Sanders, the senator from Vermont,": a post set in
    // apposition to a person's name is that person's, where none came with
    // the name, so that "the Vermont senator" later is he, not whoever was
    // named since.
    for k in 1..ents.mentions.len() {
        let (prev, m) = (&ents.mentions[k - 1], &ents.mentions[k]);
        let (Some(e), MentionKind::Description { .. }, Some(role)) =
            (prev.entity, &m.kind, m.role.as_ref())
        else {
            continue;
        };
        if !apposed(text, prev, m) || prev.in_quote != m.in_quote || ents.list[e].role.is_some() {
            continue;
        }
        // Closed as an apposition is, by a comma or the sentence's end,
        // maybe after what the post is of ("from Vermont"): "Speaking to
        // Deadline Hollywood, the director said" puts no post on the
        // magazine.
        let rest = &text[m.range.end..];
        let tail = rest[..rest
            .find([',', '.', ';', ':', ')', '\n'])
            .unwrap_or(rest.len())]
            .trim();
        let closed = tail.is_empty()
            || tail
                .split_whitespace()
                .next()
                .is_some_and(|w| matches!(w, "of" | "from" | "for" | "at" | "in" | "with" | "to"));
        if closed {
            ents.list[e].role = Some(role.clone());
        }
    }
    // Weak words that named nobody are not mentions at all. Dropped in
    // one pass: removing them one by one moved every mention after each.
    if !unresolved.is_empty() {
        let mut gone = vec![false; ents.mentions.len()];
        for mi in unresolved {
            gone[mi] = true;
        }
        let mut k = 0;
        ents.mentions.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
    }
    ents
}

/// Whether `desc` stands in apposition to the person's name `name` right
/// before it, a comma between them ("Jane Doe, a spokeswoman").
fn apposed(text: &str, name: &Mention, desc: &Mention) -> bool {
    name.kind == MentionKind::Name(EntityKind::Person)
        && text[name.range.end..desc.range.start].trim() == ","
}

/// A post's word that is also a common surname ("King", "Judge",
/// "Bishop"), lower case.
fn surname_post(lower: &str) -> bool {
    matches!(
        lower,
        "king"
            | "judge"
            | "bishop"
            | "major"
            | "marshal"
            | "dean"
            | "prince"
            | "pope"
            | "duke"
            | "baron"
            | "earl"
            | "knight"
            | "sheriff"
            | "cardinal"
            | "chamberlain"
    )
}

/// A courtesy title ("Mr.", "Mrs.", "Ms.", "Miss", "Mx."), lower case.
fn courtesy(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "mx"
    )
}

/// A title word as a description writes it: "Gov." -> "governor".
fn title_in_full(lower: &str) -> &str {
    match lower.trim_end_matches('.') {
        "adm" => "admiral",
        "capt" => "captain",
        "col" => "colonel",
        "det" => "detective",
        "dr" => "doctor",
        "gen" => "general",
        "gov" => "governor",
        "lt" => "lieutenant",
        "maj" => "major",
        "prof" => "professor",
        "rep" => "representative",
        "rev" => "reverend",
        "sen" => "senator",
        "sgt" => "sergeant",
        other => other,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sex {
    Female,
    Male,
}

/// The sex the title words of `words` (what stands before a name) say,
/// the nearest to the name deciding: "Mrs.", "Congresswoman", "Sir".
/// Titles most often used for both ("chairman", "spokesman") say none.
fn title_sex(words: &str) -> Option<Sex> {
    words.split_whitespace().rev().find_map(|w| {
        let w = w.trim_end_matches('.').to_lowercase();
        match w.as_str() {
            "mrs" | "ms" | "miss" | "madam" | "dame" | "lady" | "queen" | "princess"
            | "congresswoman" | "assemblywoman" | "councilwoman" | "chairwoman" | "spokeswoman"
            | "businesswoman" | "actress" => Some(Sex::Female),
            "mr" | "sir" | "lord" | "king" | "prince" | "duke" | "congressman" | "assemblyman"
            | "councilman" | "businessman" | "actor" => Some(Sex::Male),
            _ => None,
        }
    })
}

fn given_name_sex(lower: &str) -> Option<Sex> {
    if crate::lexicon::FEMALE_GIVEN_NAMES
        .binary_search(&lower)
        .is_ok()
    {
        Some(Sex::Female)
    } else if crate::lexicon::MALE_GIVEN_NAMES
        .binary_search(&lower)
        .is_ok()
    {
        Some(Sex::Male)
    } else {
        None
    }
}

/// A common given name, which may be a common word too ("Bill", "Mark").
fn is_given_name(lower: &str) -> bool {
    given_name_sex(lower).is_some()
}

/// The sex a subject pronoun says ("he", "she"; lower case).
/// The sex a person's noun says: "woman", "spokeswoman" female; "man",
/// "businessman" male. (A description's head is a noun for a person or a
/// post, never "German" or "human".)
fn noun_sex(head: &str) -> Option<Sex> {
    if head.ends_with("woman") {
        Some(Sex::Female)
    } else if head.ends_with("man") {
        Some(Sex::Male)
    } else {
        None
    }
}

fn pronoun_sex(lower: &str) -> Option<Sex> {
    match lower {
        "he" => Some(Sex::Male),
        "she" => Some(Sex::Female),
        _ => None,
    }
}

/// The sex an entity's titles say in the text, where they agree: each
/// mention's words before its last one ("Mrs. Hillary Clinton", "Mrs.
/// Clinton"; never a name's own word, "Martin Luther King"). Without a
/// title, its given name where a common one says it; else the first
/// subject pronoun after its first mention, in that sentence or the next,
/// when no other person is mentioned between ("Ana Ruiz opened the
/// clinic. Her husband, ..."); quoted words are someone else's.
fn sex_of(doc: &Doc<'_>, mentions: &[Mention], e: &EntityBuild) -> Option<Sex> {
    let text = doc.text;
    let mut said = None;
    for r in &e.mentions {
        let words = text[r.clone()].trim_end();
        let Some((before, _)) = words.rsplit_once(char::is_whitespace) else {
            continue;
        };
        match (said, title_sex(before)) {
            (_, None) => {}
            (None, s) => said = s,
            (Some(a), Some(b)) if a != b => return None,
            _ => {}
        }
    }
    if said.is_some() {
        return said;
    }
    // A given name that says it.
    let given = e
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if e.name.contains(' ') {
        if let Some(sex) = given_name_sex(&given) {
            return Some(sex);
        }
    }
    let first = e.mentions.iter().min_by_key(|r| r.start)?;
    // Mentions are in text order: the next person-like one after it.
    let next_person = mentions[mentions.partition_point(|m| m.range.start < first.end)..]
        .iter()
        .find(|m| {
            matches!(
                m.kind,
                MentionKind::Name(EntityKind::Person)
                    | MentionKind::Single
                    | MentionKind::Description { .. }
            )
        })
        .map_or(text.len(), |m| m.range.start);
    let from = doc.toks.partition_point(|t| t.range.start < first.end);
    let mut sentences = 0;
    for t in &doc.toks[from..] {
        if t.range.start >= next_person {
            break;
        }
        if t.sent_start {
            sentences += 1;
            if sentences > 1 {
                break;
            }
        }
        if t.quote.is_some() {
            continue;
        }
        // A subject or a reflexive is most often the one just named; an
        // object seldom ("Sanders assailed her"), a possessive only when it
        // opens a sentence ("Her husband, ...").
        match (t.lower.as_str(), t.sent_start) {
            ("he" | "himself", _) | ("his", true) => return Some(Sex::Male),
            ("she" | "herself", _) | ("her", true) => return Some(Sex::Female),
            _ => {}
        }
    }
    None
}

/// "John Smith" and "John R. Smith", "J. Smith" and "John Smith":
/// the same surname and no conflicting given name.
/// Two given names written in full differ unless one shortens the other
/// ("Chris", "Christopher"): "Jeb Bush" is not "Jenna Bush"; and two middle
/// initials that differ are two people ("George H.W. Bush", "George W.
/// Bush").
fn same_person(a: &[String], b: &[String]) -> bool {
    if a.len() < 2 || b.len() < 2 {
        return false;
    }
    let (fa, fb) = (&a[0], &b[0]);
    let full = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let given_differ =
        full(fa) && full(fb) && !fa.starts_with(fb.as_str()) && !fb.starts_with(fa.as_str());
    let initials = |n: &[String]| -> String { n[1..n.len() - 1].concat() };
    let middles_differ = a.len() >= 3 && b.len() >= 3 && initials(a) != initials(b);
    a.last() == b.last()
        && fa.chars().next() == fb.chars().next()
        && !given_differ
        && !middles_differ
}

impl Entities {
    fn new_entity(&mut self, name: &str, kind: EntityKind, range: Range<usize>) -> usize {
        self.list.push(EntityBuild {
            name: name.to_string(),
            kind,
            role: None,
            country: None,
            aliases: Vec::new(),
            seen: std::iter::once((range.start, range.end)).collect(),
            mentions: vec![range],
        });
        self.list.len() - 1
    }

    /// Moves every mention of entity `from` to `to`, its name an alias.
    fn fold(&mut self, from: usize, to: usize) {
        let ranges = std::mem::take(&mut self.list[from].mentions);
        self.list[from].seen.clear();
        let name = self.list[from].name.clone();
        for r in ranges {
            self.list[to].add_alias(&name, r);
        }
        let kind = self.list[to].kind;
        for m in &mut self.mentions {
            if m.entity == Some(from) {
                m.entity = Some(to);
                m.kind = MentionKind::Name(kind);
            }
        }
    }

    /// Ties mention `mi` to entity `idx`; the entity takes the mention's
    /// role and country where it has none yet.
    fn attach(&mut self, mi: usize, idx: usize) {
        let m = &self.mentions[mi];
        let e = &mut self.list[idx];
        if e.role.is_none() {
            e.role.clone_from(&m.role);
        }
        if e.country.is_none() {
            e.country = m.country;
        }
        self.mentions[mi].entity = Some(idx);
    }

    /// The indices of the mentions starting in `start..end` (mentions are
    /// in text order): a binary search, not a scan of the text's mentions.
    pub fn starting_in(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let from = self.mentions.partition_point(|m| m.range.start < start);
        let to = self.mentions.partition_point(|m| m.range.start < end);
        from..to.max(from)
    }

    /// The mentions starting before byte `at`, nearest first, at most
    /// [`MAX_LOOKBACK`] of them: a pronoun's antecedent is never further.
    fn before(&self, at: usize) -> impl Iterator<Item = &Mention> {
        let to = self.mentions.partition_point(|m| m.range.start < at);
        self.mentions[to.saturating_sub(MAX_LOOKBACK)..to]
            .iter()
            .rev()
    }

    /// The nearest person named before byte `at` (outside quotes) that
    /// `pronoun` can stand for: "she" is no one the text shows to be a
    /// man ("Carly Ames threw her support behind Sen. Ted Hale ... she
    /// said" is Ames), "he" no woman; the sex as [`sex_of`] reads it.
    /// None when no one named agrees: the pronoun's referent was never
    /// named, and no speaker is better than the wrong one.
    pub fn person_for_pronoun(&self, doc: &Doc<'_>, at: usize, pronoun: &str) -> Option<usize> {
        let Some(want) = pronoun_sex(pronoun) else {
            return self.person_before(doc, at, None);
        };
        let mut seen = rustc_hash::FxHashSet::default();
        for m in self.before(at) {
            let Some(e) = m.entity.filter(|_| !m.in_quote) else {
                continue;
            };
            if self.list[e].kind != EntityKind::Person || !seen.insert(e) {
                continue;
            }
            if sex_of(doc, &self.mentions, &self.list[e]).is_none_or(|s| s == want) {
                return Some(e);
            }
        }
        None
    }

    /// Whether the text shows entity `e` to be of the other sex than
    /// `pronoun` ("he", "she") says.
    pub fn disagrees(&self, doc: &Doc<'_>, e: usize, pronoun: &str) -> bool {
        pronoun_sex(pronoun).is_some_and(|want| {
            sex_of(doc, &self.mentions, &self.list[e]).is_some_and(|s| s != want)
        })
    }

    /// Whether someone left unnamed was brought in with `head` after the
    /// last mention of entity `e` before byte `at`: "a fashion designer
    /// for the company watched ... said the designer" speaks of the
    /// designer, not of whoever was named before. A description in
    /// apposition to a name ("Jane Doe, a spokeswoman") is that name's.
    pub fn unnamed_since(&self, text: &str, e: usize, at: usize, head: &str) -> bool {
        // Within the look-back `person_before` found `e` in, so a bound
        // on the cost whatever the text.
        let to = self.mentions.partition_point(|m| m.range.start < at);
        let lo = to.saturating_sub(MAX_LOOKBACK);
        let from = self.mentions[lo..to]
            .iter()
            .rposition(|m| m.entity == Some(e))
            .map_or(lo, |k| lo + k + 1);
        // "the prime minister's spokesman said": someone's spokesman is
        // someone else, brought in unnamed as "a spokesman" is.
        // (From the start of the last mention of `e`: "Cameron's
        // spokesman" is someone else's too.)
        let since = from
            .checked_sub(1)
            .map_or(0, |k| self.mentions[k].range.start)
            .min(at);
        let possessed = text[since..at].match_indices(head).any(|(i, _)| {
            let before = text[since..since + i].trim_end_matches(' ');
            let after = text[since + i + head.len()..].chars().next();
            (before.ends_with("'s") || before.ends_with("’s") || before.ends_with("s'"))
                && before.len() < text[since..since + i].len()
                && !after.is_some_and(char::is_alphanumeric)
        });
        possessed
            || (from..to).any(|k| {
                let m = &self.mentions[k];
                let MentionKind::Description { head: h } = &m.kind else {
                    return false;
                };
                let written = text[m.range.clone()].to_ascii_lowercase();
                let indefinite = written.starts_with("a ") || written.starts_with("an ");
                let apposition = k > 0 && apposed(text, &self.mentions[k - 1], m);
                h == head && indefinite && !apposition
            })
    }

    /// The nearest person mentioned before byte `at` outside quotes that
    /// fits `want` (country, role, and the sex its noun says: "the woman",
    /// "the congresswoman" is no one the text shows to be a man, "the
    /// businessman" no woman); used for pronouns and descriptions.
    pub fn person_before(&self, doc: &Doc<'_>, at: usize, want: Option<&Mention>) -> Option<usize> {
        // "The Wisconsin Republican says": one of the party, but which of
        // those named before the text does not say (the nearest is as often
        // a rival: "Speaker Paul Ryan says ... President Barack Obama ...").
        // Nor does a plural ("Supporters of Sanders"): a group, no one. Nor
        // "the source": news names its sources by that word because it
        // does not name them ("the first security source told Reuters").
        if let Some(MentionKind::Description { head }) = want.map(|w| &w.kind) {
            let plural = head.ends_with('s') && !head.ends_with("ss");
            if PARTY_WORDS.contains(&head.as_str()) || plural || head == "source" {
                return None;
            }
        }
        let mut fallback = None;
        for m in self.before(at) {
            if m.in_quote {
                continue;
            }
            let Some(e) = m.entity else { continue };
            let ent = &self.list[e];
            if ent.kind != EntityKind::Person {
                continue;
            }
            let Some(w) = want else { return Some(e) };
            if let (Some(wc), Some(ec)) = (w.country, ent.country) {
                if wc != ec {
                    continue;
                }
            }
            let head = match &w.kind {
                MentionKind::Description { head } => head.as_str(),
                _ => "",
            };
            if noun_sex(head)
                .is_some_and(|want| sex_of(doc, &self.mentions, ent).is_some_and(|s| s != want))
            {
                continue;
            }
            // ("Gov. Chris Christie" is "the governor"; "Vice President Joe
            // Biden" is not "the president", nor the president "the vice
            // president": the deputy's word before the post agrees.)
            let wanted = w.role.as_deref().unwrap_or_default().to_lowercase();
            let want = deputy_of(&wanted, head).unwrap_or_default();
            let role_fits = ent
                .role
                .as_deref()
                .is_some_and(|r| deputy_of(&r.to_lowercase(), head) == Some(want));
            if role_fits {
                return Some(e);
            }
            if fallback.is_none() && (GENERIC_PERSON_NOUNS.contains(&head) || ent.role.is_none()) {
                fallback = Some(e);
            }
        }
        fallback
    }

    /// The nearest organisation mentioned before byte `at` outside quotes
    /// that a description with `head` can stand for: one its name calls
    /// so if there is one ("the ministry" is the Foreign Ministry even
    /// when the embassy was named after it); "the company" is none of
    /// the state's institutions nor a party ("the company said" after
    /// "the White House" or "Democrats" is the firm named before them).
    pub fn org_before(&self, at: usize, head: &str) -> Option<usize> {
        let orgs = || {
            self.before(at)
                .filter(|m| !m.in_quote)
                .filter_map(|m| m.entity)
                .filter(|&e| self.list[e].kind == EntityKind::Organization)
        };
        let last_word = |e: usize| {
            let name = self.list[e].name.to_lowercase();
            name.rsplit(' ').next().unwrap_or_default().to_string()
        };
        if let Some(e) = orgs().find(|&e| last_word(e) == head) {
            return Some(e);
        }
        if head == "company" {
            return orgs().find(|&e| {
                let last = last_word(e);
                !party_members(&last) && !crate::lexicon::PUBLIC_HEADS.contains(&last.as_str())
            });
        }
        orgs().next()
    }
}
