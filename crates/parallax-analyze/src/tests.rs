//! Tests of the analyze stage, on inline text that is not from the seeds.

use parallax_model::{ClaimKind, Entity, EntityKind, Facts, QuoteKind};

use crate::{analyze_text, cluster_quotes, lexicon, QuoteClusterConfig};

fn facts(text: &str) -> Facts {
    analyze_text(text, Some(2024))
}

/// The speaker of the quote beginning `begins`, and its kind.
/// The kind of the entity named `name` in `f`, if one is.
fn kind_of(f: &Facts, name: &str) -> Option<EntityKind> {
    f.entities.iter().find(|e| e.name == name).map(|e| e.kind)
}

/// Asserts the kind of the entity named `name` (`None`: no such entity),
/// printing every entity when it is not.
fn assert_kind(f: &Facts, name: &str, kind: Option<EntityKind>) {
    assert_eq!(kind_of(f, name), kind, "{name}: {:#?}", f.entities);
}

/// Asserts the entity named `name` is not of `kind` (or is absent),
/// printing every entity when it is.
fn assert_not_kind(f: &Facts, name: &str, kind: EntityKind) {
    assert_ne!(kind_of(f, name), Some(kind), "{name}: {:#?}", f.entities);
}

/// The entity named `name`, printing every entity when there is none.
fn entity<'f>(f: &'f Facts, name: &str) -> &'f Entity {
    f.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no {name}: {:#?}", f.entities))
}

/// Asserts that the entity named `name` has `alias` among its aliases.
fn assert_alias(f: &Facts, name: &str, alias: &str) {
    let e = entity(f, name);
    assert!(e.aliases.iter().any(|a| a == alias), "{e:?}");
}

/// The names of the entities of `kind` in `f`, in its order.
fn names_of(f: &Facts, kind: EntityKind) -> Vec<&str> {
    f.entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.as_str())
        .collect()
}

/// The quote of `text` beginning `begins`.
fn quote_beginning(text: &str, begins: &str) -> parallax_model::Quote {
    let f = facts(text);
    f.quotes
        .iter()
        .find(|q| q.text.starts_with(begins))
        .cloned()
        .unwrap_or_else(|| panic!("no quote beginning {begins:?} in {:#?}", f.quotes))
}

fn check_quote(text: &str, begins: &str, speaker: Option<&str>, kind: QuoteKind) {
    let q = quote_beginning(text, begins);
    assert_eq!(q.speaker.as_deref(), speaker, "{text}");
    assert_eq!(q.kind, kind, "{text}");
    // Spans point at the quoted words.
    assert_eq!(&text[q.span.range()], q.text);
}

/// The quote of `text` beginning `begins` is not said by `name`.
fn check_not_said_by(text: &str, begins: &str, name: &str) {
    let q = quote_beginning(text, begins);
    assert_ne!(q.speaker.as_deref(), Some(name), "{text}: {q:?}");
}

/// The first direct quote of `text`.
fn direct_quote(text: &str) -> parallax_model::Quote {
    let f = facts(text);
    f.quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Direct)
        .cloned()
        .unwrap_or_else(|| panic!("no direct quote in {text}: {:#?}", f.quotes))
}

/// No quote of `text` has its speaker written as `written`.
fn no_quote_written_as(text: &str, written: &str) {
    let f = facts(text);
    assert!(
        f.quotes
            .iter()
            .all(|q| q.speaker_as_written.as_deref() != Some(written)),
        "{text}: {:#?}",
        f.quotes
    );
}

/// No quote of `text` is said by `name`; with `None`, none is said by
/// anyone.
fn no_quote_said_by(text: &str, name: Option<&str>) {
    let f = facts(text);
    let wrong = |q: &&parallax_model::Quote| match name {
        Some(n) => q.speaker.as_deref() == Some(n),
        None => q.speaker.is_some(),
    };
    assert!(
        !f.quotes.iter().any(|q| wrong(&q)),
        "{text}: {:#?}",
        f.quotes
    );
}

#[test]
fn word_lists_are_sorted_without_repeats() {
    assert!(lexicon::SPEECH_VERBS.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::TITLES.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::PLACE_HEADS.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::SITE_HEADS.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::COMPASS_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::NOT_ENTITY_HEADS.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::FEMALE_GIVEN_NAMES.windows(2).all(|w| w[0] < w[1]));
    assert!(lexicon::MALE_GIVEN_NAMES.windows(2).all(|w| w[0] < w[1]));
    // No name on both lists.
    assert!(lexicon::FEMALE_GIVEN_NAMES
        .iter()
        .all(|f| lexicon::MALE_GIVEN_NAMES.binary_search(f).is_err()));
}

#[test]
fn quote_then_speaker_said() {
    check_quote(
        "Mayor Ada Brennan visited the site. \"We will rebuild the bridge by spring,\" Brennan said.",
        "We will rebuild",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
}

#[test]
fn quote_then_speaker_a_long_apposition_and_the_verb() {
    check_quote(
        "“Today's launch is a proud success,” Ri Chun Hee, the country's most famous newsreader, who was brought out of retirement to announce last month's test, declared in a broadcast.",
        "Today's launch",
        Some("Ri Chun Hee"),
        QuoteKind::Direct,
    );
    // The apposition names another person: the speaker is the one it
    // describes.
    check_quote(
        "Mayor Ada Brennan toured the docks. “The harbour reopens Monday,” Jon Lee, an aide to Brennan, said.",
        "The harbour reopens",
        Some("Jon Lee"),
        QuoteKind::Direct,
    );
}

#[test]
fn quote_then_said_speaker() {
    check_quote(
        "“The vote was never close,” said Tomas Quiroga, a city council member.",
        "The vote was never close",
        Some("Tomas Quiroga"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_description_in_small_letters_before_the_name_leaves_the_speaker_named() {
    // After the quote, and after "said".
    for (text, speaker) in [
        (
            "“We need the money for the schools,” council member Dana Whitlow said.",
            "Dana Whitlow",
        ),
        (
            "“We need the money for the schools,” super PAC spokeswoman Ines Carvalho said.",
            "Ines Carvalho",
        ),
        (
            "“We need the money for the schools,” said Democratic pollster Orin Talbot.",
            "Orin Talbot",
        ),
        (
            "“We need the money for the schools,” said Halden State University's Mira Osei.",
            "Mira Osei",
        ),
        (
            "Senator Ruth Ayala spoke first. “We need the money for the schools,” said Ayala campaign manager Pieter Voss.",
            "Pieter Voss",
        ),
        (
            "“We need the money for the schools,” Lakeland delegate Corin Abbot said.",
            "Corin Abbot",
        ),
        // "former" is no trade, though it ends as "adviser" does.
        (
            "Barack Okafor spoke first. “We need the money for the schools,” said former Okafor adviser Pieter Voss.",
            "Pieter Voss",
        ),
        (
            "Senator Ruth Ayala spoke first. “We need the money for the schools,” said Ayala ally Pieter Voss.",
            "Pieter Voss",
        ),
    ] {
        check_quote(text, "We need the money", Some(speaker), QuoteKind::Direct);
    }
    // A clause is no description: who supports, who was told, and words
    // that do not end in a person's noun.
    for text in [
        "“We need the money for the schools,” supporters of Dana Whitlow said.",
        "“We need the money for the schools,” voters told Dana Whitlow.",
    ] {
        check_quote(text, "We need the money", None, QuoteKind::Direct);
    }
    check_not_said_by("The statement asked why Dana Whitlow waited and said numerous photographs show Whitlow and Ivo Pell had a “strong working relationship” for many years.", "strong", "Dana Whitlow");
}

#[test]
fn the_attribution_may_end_the_sentence_a_quote_opens() {
    check_quote(
        "Senator Ruth Ayala won the primary. “I thank the volunteers who worked so hard” for the victory, Ayala said.",
        "I thank the volunteers",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    check_quote(
        "“Many would call that an embarrassment for the party” if it lost by less, said Tomas Quiroga, an analyst at the institute.",
        "Many would call",
        Some("Tomas Quiroga"),
        QuoteKind::Direct,
    );
    // Not a name in quotes in the middle of a sentence: the police do
    // not say "Nigerian prince".
    no_quote_written_as("A man was arrested over the “Nigerian prince” scheme that cost people thousands, police announced Thursday.", "police");
}

#[test]
fn a_nationality_the_text_gives_as_a_surname_is_the_person() {
    check_quote(
        "Investor Mark Cuban spoke on Sunday. “It's too early to tell,” said Cuban, who is also a television host.",
        "It's too early",
        Some("Mark Cuban"),
        QuoteKind::Direct,
    );
    // Without the full name it stays a nationality.
    let f = facts("“It's too early to tell,” a Cuban said on Sunday.");
    assert_kind(&f, "Cuban", None);
}

#[test]
fn the_place_someone_serves_describes_them() {
    check_quote(
        "Senator Marcus Rubio spoke in Iowa. “The threat is growing,” the Florida senator said in a statement.",
        "The threat is growing",
        Some("Marcus Rubio"),
        QuoteKind::Direct,
    );
    // The place is named all the same.
    let f = facts(
        "Senator Marcus Rubio spoke in Iowa. “The threat is growing,” the Florida senator said in a statement.",
    );
    assert_kind(&f, "Florida", Some(EntityKind::Place));
}

#[test]
fn when_words_between_speaker_and_verb_and_who_was_told() {
    let text = "Party chairman Reed Pallister spoke. Pallister later Thursday told Fox News: “Both men are meeting next week.”";
    check_quote(
        text,
        "Both men are meeting",
        Some("Reed Pallister"),
        QuoteKind::Direct,
    );
    // Found as the one who told, not as the sentence's subject.
    let f = facts(text);
    assert_eq!(f.quotes[0].cue.as_deref(), Some("told"), "{:?}", f.quotes);
}

#[test]
fn a_run_of_quoted_paragraphs_keeps_its_speaker() {
    // A paragraph all quote after one whose quote was attributed.
    let text = "Mayor Ada Brennan spoke at the docks.\n\n“The harbour reopens Monday,” Brennan said.\n\n“We have waited long enough for the cranes to come back.”";
    check_quote(
        text,
        "We have waited",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    // Not after a question: the answer is someone else's.
    let text = "Mayor Ada Brennan spoke at the docks.\n\n“When does the harbour reopen?” reporter Ivo Pell asked Brennan.\n\n“We have waited long enough for the cranes to come back.”";
    check_quote(text, "We have waited", None, QuoteKind::Direct);
    // A paragraph ending in a colon introduces the quote that opens the
    // next.
    let text = "Mayor Ada Brennan spoke at the docks. Brennan told the crowd:\n\n“We have waited long enough for the cranes to come back.”";
    check_quote(
        text,
        "We have waited",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
}

#[test]
fn whoever_issued_a_statement_says_its_words() {
    // The paragraph before ends on the statement, after a clause of when
    // that names someone else first.
    let text = "Mayor Ada Brennan led the city for a decade. When Ivo Pell died in 1998, Mayor Brennan released the following statement:\n\n“We offer our condolences to his family and friends.”";
    check_quote(text, "We offer", Some("Ada Brennan"), QuoteKind::Direct);
    // In the quote's own sentence, past when it was issued; "put out" too.
    let text = "Mayor Ada Brennan spoke. Brennan later issued a short statement: “We will rebuild the harbour.”";
    check_quote(
        text,
        "We will rebuild",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    let text = "Mayor Ada Brennan spoke. Brennan put out a statement on Monday:\n\n“We will rebuild the harbour.”";
    check_quote(
        text,
        "We will rebuild",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    // A statement only spoken of is no one's issuing: its cue is not one.
    let text =
        "Mayor Ada Brennan spoke. Ivo Pell mocked a statement:\n\n“We will rebuild the harbour.”";
    let q = quote_beginning(text, "We will rebuild");
    assert_ne!(q.cue.as_deref(), Some("statement"), "{q:?}");
}

#[test]
fn a_paragraph_that_echoes_introduces_the_quote() {
    let text = "Mayor Ada Brennan spoke at the docks. Dock worker Ivo Pell echoed:\n\n“We have waited long enough for the cranes to come back.”";
    check_quote(text, "We have waited", Some("Ivo Pell"), QuoteKind::Direct);
}

#[test]
fn a_sentence_ending_on_a_colon_reports_nothing_before_it() {
    // "In a statement" is where the words that follow were said.
    let text =
        "Mayor Ada Brennan spoke. In a statement, Brennan wrote:\n\n“We will rebuild the harbour.”";
    let f = facts(text);
    assert!(
        f.quotes.iter().all(|q| q.kind != QuoteKind::Indirect),
        "{:#?}",
        f.quotes
    );
    check_quote(
        text,
        "We will rebuild",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_quote_that_trails_off_keeps_the_attribution_after_it() {
    let text = "Mayor Ada Brennan met the press.\n\n“Well, we will look at a lot of different sites…” Brennan said. “The harbour?” reporter Ivo Pell repeated.";
    check_quote(
        text,
        "Well, we will",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    check_quote(text, "The harbour?", Some("Ivo Pell"), QuoteKind::Direct);
    let text = "Mayor Ada Brennan met the press.\n\n“We will look at every site...” Brennan said.";
    check_quote(text, "We will look", Some("Ada Brennan"), QuoteKind::Direct);
}

#[test]
fn a_participle_after_while_or_and_goes_on_with_the_subject() {
    let text = "Mayor Ada Brennan spoke. In an interview, Brennan insisted it was “premature” to reopen the harbour while adding, “I have no doubt the cranes will come back.”";
    check_quote(
        text,
        "I have no doubt",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    let text = "Mayor Ada Brennan spoke. At Harbour College, Brennan praised the dock workers and telling the crowd, “If you are too big for a small job, you are too small for a big one.”";
    check_quote(
        text,
        "If you are too big",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
}

#[test]
fn the_one_spoken_to_is_no_speaker() {
    let text = "The harbour reopened on Monday. Another city official speaking to Harbour Radio said, “The cranes will come back within a year.”";
    let q = quote_beginning(text, "The cranes");
    assert_eq!(q.speaker, None, "{q:?}");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("Another city official"),
        "{q:?}"
    );
    // A named speaker before the participle.
    let text = "Mayor Ada Brennan spoke. Brennan talking to Harbour Radio on Monday said, “The cranes will come back.”";
    check_quote(text, "The cranes", Some("Ada Brennan"), QuoteKind::Direct);
}

#[test]
fn a_participles_clause_after_a_phrase_of_when() {
    // "Later on Sunday," is set before the subject; the quote after
    // "writing" is all that was written.
    let text = "The harbour reopened. Later on Sunday, Ada Brennan shared a plan called “Cranes” on her page, writing “Allow me to do the research for the reporter. Here is the plan.”";
    check_quote(text, "Allow me", Some("Ada Brennan"), QuoteKind::Direct);
    let text = "The harbour reopened. Earlier this week, Ada Brennan shared a plan called “Cranes” with the council, writing “Here is the plan for the harbour.”";
    check_quote(
        text,
        "Here is the plan",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
    // "Last week," too.
    let text = "The harbour reopened. Last week, Ada Brennan shared a plan called “Cranes” with the council, writing “Here is the plan for the harbour.”";
    check_quote(
        text,
        "Here is the plan",
        Some("Ada Brennan"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_partial_quotes_subject_after_a_phrase_set_before_it() {
    let text = "Mayor Ada Brennan spoke. Speaking to Harbour Radio on Monday in Portsmouth, Brennan called the plan “a bright idea for the whole city” and left.";
    let q = quote_beginning(text, "a bright idea");
    assert_eq!(q.speaker.as_deref(), Some("Ada Brennan"), "{q:?}");
    // Not a phrase deep in what follows: the artist is no subject.
    let text = "Ivo Pell opened the gala. In a gesture of protest, Lorde stitched a long and provocative poem by the artist into the back of her dress: “Rejoice! Our times are intolerable,” the poem began.";
    check_not_said_by(text, "Rejoice!", "Ivo Pell");
}

#[test]
fn quotes_later_in_a_reported_clause_keep_its_speaker() {
    let text = "The plan was debated. Mayor Ada Brennan said it would be “remarkable” because it would “mark the first time the harbour opens at night.”";
    check_quote(
        text,
        "mark the first",
        Some("Ada Brennan"),
        QuoteKind::Partial,
    );
    // Not past someone else, nor past another reporting verb.
    let text = "The plan was debated. Mayor Ada Brennan said the plan was “weak” while Ivo Pell thought it was “a disaster for the harbour.”";
    check_not_said_by(text, "a disaster", "Ada Brennan");
    let text = "The plan was debated. Mayor Ada Brennan said the plan was “weak” while it was reported elsewhere as “a disaster for the harbour.”";
    check_not_said_by(text, "a disaster", "Ada Brennan");
    // Nor into the next sentence.
    let text = "The plan was debated. Mayor Ada Brennan said the plan was “weak.” The vote was “a disaster for the harbour.”";
    check_not_said_by(text, "a disaster", "Ada Brennan");
}

#[test]
fn the_one_from_a_place_speaks_not_the_place() {
    let text = "Senator Ruth Ayala spoke in Des Moines on Monday about banks. The senator from Vermont said the financial system was “corrupt and rigged against working people.”";
    let q = quote_beginning(text, "corrupt and rigged");
    assert_eq!(q.speaker.as_deref(), Some("Ruth Ayala"), "{q:?}");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("The senator"),
        "{q:?}"
    );
    // Not when the words before name no one: the indirect quote stays.
    let text = "A family in the suburbs of New York City said five of the dead were relatives on vacation. They identified them as Bruce and Irene Steinberg.";
    let f = facts(text);
    assert!(
        f.quotes.iter().any(|q| q.kind == QuoteKind::Indirect),
        "{:#?}",
        f.quotes
    );
}

#[test]
fn a_speaker_phrase_left_open_runs_to_its_end() {
    let text = "The harbour reopened. “We have a ton of work to do,” said a longtime adviser to both Brennans, who asked not to be named.";
    let q = quote_beginning(text, "We have a ton");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("a longtime adviser to both Brennans"),
        "{q:?}"
    );
    // Not past a clause's first word; a closed phrase stays at five.
    let text = "The harbour reopened. “We have a ton of work to do,” said a longtime adviser to the mayor who asked not to be named.";
    let q = quote_beginning(text, "We have a ton");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("a longtime adviser to the mayor"),
        "{q:?}"
    );
    // Only someone's phrase: not words that merely follow "said" (a
    // clause read as a speaker stays as short as before).
    let text = "The harbour reopened. “It was fast,” said the tram was travelling at a speed of forty miles an hour.";
    let q = quote_beginning(text, "It was fast");
    let written = q.speaker_as_written.unwrap_or_default();
    assert!(written.split_whitespace().count() <= 5, "{written}");
    // Bounded: at most ten words.
    let text = "The harbour reopened. “We have a ton of work to do,” said a longtime adviser to the mayor of the city of Portsmouth in the south of the island.";
    let q = quote_beginning(text, "We have a ton");
    let written = q.speaker_as_written.unwrap_or_default();
    assert!(written.split_whitespace().count() <= 10, "{written}");
    let text = "The harbour reopened. “We have a ton of work to do,” said a longtime city hall adviser Monday morning in the port.";
    let q = quote_beginning(text, "We have a ton");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("a longtime city hall adviser"),
        "{q:?}"
    );
}

#[test]
fn a_title_in_quotes_is_no_ones_words_and_the_speaker_goes_on_past_it() {
    let text = "Senator Ruth Ayala spoke. “We will release the records,” Ayala said during an interview on the network’s “Voice of the Valley” on Sunday. “I am very healthy.”";
    let f = facts(text);
    assert!(
        f.quotes.iter().all(|q| q.text != "Voice of the Valley"),
        "{:?}",
        f.quotes
    );
    check_quote(
        text,
        "I am very healthy",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    // Words said in title case are still said: no possessive or "show"
    // before them.
    check_quote(
        "Senator Ruth Ayala spoke. She said “Hope Comes Home” to the crowd.",
        "Hope Comes Home",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
}

#[test]
fn replies_and_less_common_reporting_verbs() {
    for text in [
        "Senator Ruth Ayala spoke. “They are here for the free stuff,” Ayala shot back.",
        "Senator Ruth Ayala spoke. “They are here for the free stuff,” Ayala retorted.",
        "Senator Ruth Ayala spoke. “They are here for the free stuff,” opined Ayala.",
        "Senator Ruth Ayala spoke. When Pell answered, Ayala fired back forcefully: “They are here for the free stuff.”",
    ] {
        check_quote(text, "They are here", Some("Ruth Ayala"), QuoteKind::Direct);
    }
}

#[test]
fn speaker_said_colon_quote() {
    check_quote(
        "Union leader Marta Keel told reporters: “Nobody here wants a strike.”",
        "Nobody here wants",
        Some("Marta Keel"),
        QuoteKind::Direct,
    );
}

#[test]
fn pronoun_goes_to_the_last_person_outside_quotes() {
    // "Coach Lind" inside the quote is not the antecedent of "he".
    check_quote(
        "Striker Jonas Berg scored twice. “Coach Lind trusted me all season,” he said.",
        "Coach Lind trusted",
        Some("Jonas Berg"),
        QuoteKind::Direct,
    );
}

#[test]
fn an_institution_speaks_through_its_statement() {
    check_quote(
        "The Health Ministry issued a statement on Friday. “All clinics will reopen next week,” the statement read.",
        "All clinics",
        Some("Health Ministry"),
        QuoteKind::Direct,
    );
    // The statement speaks for the ministry but is no name of it; "the
    // ministry" is one.
    let f = facts(
        "The Health Ministry issued a statement on Friday. “All clinics will reopen next week,” \
         the statement read. “We are ready,” the ministry said.",
    );
    let ministry = f
        .entities
        .iter()
        .find(|e| e.name == "Health Ministry")
        .unwrap();
    assert!(
        !ministry.aliases.iter().any(|a| a == "the statement"),
        "{ministry:?}"
    );
    assert!(
        ministry.aliases.iter().any(|a| a == "the ministry"),
        "{ministry:?}"
    );
}

#[test]
fn split_quote_halves_share_the_speaker() {
    let text = "“The plan,” Senator Rhea Dunmore said, “is to finish before the recess.”";
    check_quote(text, "The plan", Some("Rhea Dunmore"), QuoteKind::Direct);
    check_quote(
        text,
        "is to finish",
        Some("Rhea Dunmore"),
        QuoteKind::Direct,
    );
}

#[test]
fn partial_quote_takes_the_sentence_subject() {
    check_quote(
        "Economist Lena Farrow dismissed the forecast as “a wishful reading of weak data” on Monday.",
        "a wishful reading",
        Some("Lena Farrow"),
        QuoteKind::Partial,
    );
}

#[test]
fn quoted_as_saying_and_according_to() {
    check_quote(
        "“Talks will continue,” the agency quoted Foreign Minister Ivo Sarr as saying.",
        "Talks will continue",
        Some("Ivo Sarr"),
        QuoteKind::Direct,
    );
    let f = facts("According to police chief Omar Vance, the suspect fled on foot.");
    let q = &f.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("Omar Vance"));
    assert!(q.text.starts_with("the suspect fled"));
}

#[test]
fn description_resolves_by_role_and_country() {
    let text = "French President Elise Marchand met German Chancellor Paul Weber. \
                “Europe must act together,” the French president said.";
    check_quote(
        text,
        "Europe must",
        Some("Elise Marchand"),
        QuoteKind::Direct,
    );
}

#[test]
fn indirect_speech_is_marked_as_such() {
    let f =
        facts("Finance Minister Kofi Mensah said that inflation would fall below five percent.");
    let q = &f.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("Kofi Mensah"));
    assert!(q.text.starts_with("inflation would fall"));
}

#[test]
fn indirect_speech_before_a_verb_with_where_and_when_after_it() {
    let f = facts(
        "Finance Minister Kofi Mensah spoke on Monday. The budget gap will close next year, Mensah said in a statement on state television.",
    );
    assert_eq!(f.quotes.len(), 1, "{:#?}", f.quotes);
    let q = &f.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("Kofi Mensah"));
    assert_eq!(q.text, "The budget gap will close next year");
    // Where it was said is not what was said.
    let f =
        facts("Finance Minister Kofi Mensah said in a statement on state television on Monday.");
    assert!(f.quotes.is_empty(), "{:#?}", f.quotes);
    // A dateline opening the sentence is not what was said.
    let f = facts(
        "BEIJING. March 22 (Interfax) - China stands ready to deepen ties with Russia, Chinese President Xi Jinping said during talks with his host.",
    );
    let q = f
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Indirect)
        .unwrap();
    assert_eq!(q.text, "China stands ready to deepen ties with Russia");
    assert_eq!(q.speaker.as_deref(), Some("Xi Jinping"));
    let f = facts(
        "Finance Minister Kofi Mensah said in a statement on Monday that the gap will close next year.",
    );
    assert!(
        f.quotes[0].text.starts_with("the gap will close"),
        "{:#?}",
        f.quotes
    );
}

#[test]
fn scare_quotes_are_not_quotes() {
    let f = facts(
        "The so-called “experts” gathered in the hall. The “Golden Gate Project” began in May.",
    );
    assert!(f.quotes.is_empty(), "{:#?}", f.quotes);
}

#[test]
fn nested_quotes_stay_inside_the_outer_quote() {
    let f = facts(
        "Envoy Sun Wei criticised those “talking of a “new cold war,” who mislead the public”.",
    );
    assert_eq!(f.quotes.len(), 1, "{:#?}", f.quotes);
    assert!(f.quotes[0].text.contains("new cold war"));
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("Sun Wei"));
}

#[test]
fn aliases_merge_surnames_titles_and_acronyms() {
    let f = facts(
        "Prime Minister Hana Oduya arrived in Nairobi. Oduya met the World Health Organization (WHO) team. \
         Minister Oduya said the WHO would help.",
    );
    let person = f.entities.iter().find(|e| e.name == "Hana Oduya").unwrap();
    assert_eq!(person.kind, EntityKind::Person);
    assert_eq!(person.role.as_deref(), Some("Prime Minister"));
    assert!(person.aliases.iter().any(|a| a == "Oduya"));
    assert!(person.aliases.iter().any(|a| a == "Minister Oduya"));
    let org = f
        .entities
        .iter()
        .find(|e| e.name == "World Health Organization")
        .unwrap();
    assert!(org.aliases.iter().any(|a| a == "WHO"), "{org:?}");
    assert!(f
        .entities
        .iter()
        .any(|e| e.name == "Nairobi" && e.kind == EntityKind::Place));
}

#[test]
fn the_gazetteer_holds_each_lower_case_name_once_and_finds_every_one() {
    let tsv = include_str!("../data/places.tsv");
    let names: Vec<&str> = tsv.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert!(names.len() > 30_000, "{} names", names.len());
    assert!(
        names.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()),
        "not strictly increasing: a name twice, or the file not sorted"
    );
    assert!(names.iter().all(|n| *n == n.to_lowercase().as_str()));
    assert!(lexicon::place_population("salt lake city").is_some());
    assert!(lexicon::place_population("são paulo").is_some());
    assert!(lexicon::place_population("sao paulo").is_some());
    assert_eq!(lexicon::place_population("no such place anywhere"), None);
    // Every name is found (through the Bloom filter and the hash table
    // `build.rs` wrote), the first and the last included, and no name
    // with a character added is.
    for (i, l) in tsv.lines().enumerate() {
        let (name, pop) = l.split_once('\t').unwrap();
        assert_eq!(lexicon::place_population(name), pop.parse().ok(), "{name}");
        assert_eq!(lexicon::place_population(&format!("{name}!")), None, "{i}");
    }
    assert_eq!(lexicon::place_population(""), None);
}

#[test]
fn places_the_gazetteer_names_are_places_not_people() {
    let f = facts(
        "DES MOINES, Iowa -- Mr. Van Buren said the rally in Las Vegas was larger than the one \
         in Colorado Springs. He flew on to New York City and spoke in Cleveland on Monday, \
         then gave an interview in Time magazine. Ms. Warren said she would go. \
         Aides to Warren disagreed, and an aide from Warren's office said TALLAHASSEE was next.",
    );
    // Runs of two or more words, whole, as written or in capitals.
    for place in [
        "Des Moines",
        "Las Vegas",
        "Colorado Springs",
        "New York City",
    ] {
        assert_kind(&f, place, Some(EntityKind::Place));
    }
    // A title before the run keeps the person.
    assert_kind(&f, "Van Buren", Some(EntityKind::Person));
    // One word: after "in", a large place no person of the text is named.
    assert_kind(&f, "Cleveland", Some(EntityKind::Place));
    // A town of 17,000 named as a magazine is: nothing typed as a place.
    assert_ne!(kind_of(&f, "Time"), Some(EntityKind::Place));
    // A person the text names keeps the word, as does a possessive.
    assert_kind(&f, "Warren", Some(EntityKind::Person));
    // A large city in capitals is no acronym.
    assert_kind(&f, "Tallahassee", Some(EntityKind::Place));
    // A small place in capitals is one only where a dateline stands.
    let f = facts("ERIE, Pa. (AP) -- Crews worked through the night.\n\nThe ERIE office closed.");
    let erie: Vec<_> = f.entities.iter().filter(|e| e.name == "Erie").collect();
    assert_eq!(erie.len(), 1, "{:#?}", f.entities);
    assert_eq!(erie[0].kind, EntityKind::Place);
    assert_eq!(erie[0].mentions.len(), 1, "{:#?}", erie[0]);
    // A word a title or nationality made strong is still the place the
    // article puts it in elsewhere; "U.S" ending a sentence is the country.
    let f = facts(
        "Crowds gathered in the French resort city of Nice on Thursday. Officials \
         in Nice said the roads were closed. Aid came from the U.S.\n\nThe Middle \
         East and America watched.",
    );
    assert_kind(&f, "Nice", Some(EntityKind::Place));
    assert_kind(&f, "United States", Some(EntityKind::Place));
    assert_kind(&f, "U.S", None);
    assert_kind(&f, "America", Some(EntityKind::Place));
    assert_kind(&f, "Middle East", Some(EntityKind::Place));
    // An acronym in brackets is the name before it, whatever town it spells.
    let f = facts("The National Aerospace Development Administration (NADA) said so.");
    assert!(
        f.entities.iter().all(|e| e.kind != EntityKind::Place),
        "{:#?}",
        f.entities
    );
}

#[test]
fn laws_days_groups_and_parties_are_no_one_and_names_lose_party_and_state() {
    let f = facts(
        "Democrat Hillary Clinton met Sen. Bernie Sanders of Vermont before Election Day. \
         The Affordable Care Act and World War II came up. Americans and New Yorkers \
         watched, Democrats said, and the Cleveland Indians won. USA Today and the White \
         House reported it from Concord, N.H., on Monday. Officials of the Democratic Republic of Congo \
         attended with United Mine Workers of America members. Kristen Day said so on \
         Christmas Day. Ask Mayor John Smith Of",
    );
    assert_kind(&f, "Hillary Clinton", Some(EntityKind::Person));
    assert_kind(&f, "Bernie Sanders", Some(EntityKind::Person));
    assert_kind(&f, "Kristen Day", Some(EntityKind::Person));
    for gone in [
        "Democrat Hillary Clinton",
        "Bernie Sanders of Vermont",
        "Election Day",
        "Christmas Day",
        "Affordable Care Act",
        "World War II",
        "Americans",
        "New Yorkers",
        "Republic of Congo",
        "United Mine Workers",
    ] {
        assert_kind(&f, gone, None);
    }
    // A party's members speak as the party; a place before a plural makes
    // a team; a paper's and a house's names end in their kind.
    assert_kind(&f, "Democrats", Some(EntityKind::Organization));
    assert!(
        kind_of(&f, "Cleveland Indians").is_some(),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "USA Today", Some(EntityKind::Organization));
    assert_kind(&f, "White House", Some(EntityKind::Organization));
    assert_kind(
        &f,
        "United Mine Workers of America",
        Some(EntityKind::Organization),
    );
    // "N.H." in capitals with full stops is the state, not an acronym.
    assert_kind(&f, "New Hampshire", Some(EntityKind::Place));
    assert!(
        f.entities.iter().all(|e| e.name.len() > 1),
        "{:#?}",
        f.entities
    );
}

#[test]
fn nationalities_features_of_the_land_and_departments_are_read_as_such() {
    let f = facts(
        "North Korean troops moved south. Secretary of State Rex W. Tillerson flew to Jeju Island \
         near the Korean Peninsula, and the Pentagon said talks would go on.",
    );
    // A nationality is no one, qualified or not.
    assert!(kind_of(&f, "North Korean").is_none(), "{:#?}", f.entities);
    let rex = f
        .entities
        .iter()
        .find(|e| e.name == "Rex W. Tillerson")
        .unwrap();
    assert_eq!(rex.role.as_deref(), Some("Secretary of State"));
    assert_kind(&f, "Jeju Island", Some(EntityKind::Place));
    assert_kind(&f, "Korean Peninsula", Some(EntityKind::Place));
    assert_kind(&f, "Pentagon", Some(EntityKind::Organization));
    // "the South Korean government" is an organisation that speaks.
    check_quote(
        "Seoul was quiet. “The tanker was seized,” the South Korean government said.",
        "The tanker",
        Some("South Korean Government"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_named_aside_is_the_speaker_and_a_pronoun_goes_on_with_the_speaker() {
    // The description before the name is "for" someone else.
    let f = facts(
        "Talks went on. A spokesman for Mayor Ada Brennan, Jon Lee, said the harbour would reopen on Monday.",
    );
    let q = f
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Indirect)
        .unwrap();
    assert_eq!(q.speaker.as_deref(), Some("Jon Lee"), "{:#?}", f.quotes);
    // Rice's apposition names Obama; "she" after her quote is Rice.
    check_quote(
        "Susan Rice, President Obama's national security adviser, said the launch “is a flagrant violation.” \
         “It undermines peace in the region,” she said in a statement.",
        "It undermines peace",
        Some("Susan Rice"),
        QuoteKind::Direct,
    );
    // Someone named since the last quote is who the pronoun stands for.
    check_quote(
        "Susan Rice said the launch “is a flagrant violation.” Later, Jon Lee spoke to reporters. \
         “We will respond,” he said.",
        "We will respond",
        Some("Jon Lee"),
        QuoteKind::Direct,
    );
}

#[test]
fn an_unnamed_source_is_no_one_named_before() {
    // "an official" brings someone in: not the last person named.
    check_quote(
        "Mayor Ada Brennan toured the docks. “The harbour reopens Monday,” an official said.",
        "The harbour reopens",
        None,
        QuoteKind::Direct,
    );
}

#[test]
fn a_given_name_used_as_a_surname_still_resolves() {
    // A surname-first name written "Ambassador <given name>".
    let f = facts("Ambassador Zhou Ming wrote an essay. Ambassador Ming said ties were strong.");
    let e = f.entities.iter().find(|e| e.name == "Zhou Ming").unwrap();
    assert!(e.aliases.iter().any(|a| a == "Ambassador Ming"), "{e:?}");
}

fn claim(text: &str) -> parallax_model::Claim {
    let f = facts(text);
    assert_eq!(f.claims.len(), 1, "{text}: {:#?}", f.claims);
    f.claims[0].clone()
}

#[test]
fn money_with_currency_and_scale() {
    for text in [
        "Exports reached USD 12.5 billion last year.",
        "Exports reached 12.5 billion US dollars last year.",
        "Exports reached $12.5bn last year.",
    ] {
        let c = claim(text);
        assert_eq!(c.kind, ClaimKind::Money, "{text}");
        assert_eq!(c.value, 12.5e9, "{text}");
        assert_eq!(c.unit.as_deref(), Some("USD"), "{text}");
        assert_eq!(c.measures.as_deref(), Some("Exports"), "{text}");
        assert_eq!(c.period.as_deref(), Some("2023"), "{text}");
    }
    let c = claim("The museum cost €40 million.");
    assert_eq!((c.value, c.unit.as_deref()), (40e6, Some("EUR")));
}

#[test]
fn currencies_written_after_the_amount() {
    let money = |text: &str| -> Vec<(f64, String, String)> {
        claims_of(text)
            .into_iter()
            .filter(|c| c.0 == ClaimKind::Money)
            .map(|c| (c.1, c.2.unwrap_or_default(), c.4))
            .collect()
    };
    let one = |v: f64, code: &str, written: &str| (v, code.to_string(), written.to_string());
    // A country's currency named with its adjective, not the bare name.
    assert_eq!(
        money("Clients with more than 7.5 million Danish crowns in deposits pay a fee."),
        [one(7.5e6, "DKK", "more than 7.5 million Danish crowns")]
    );
    assert_eq!(
        money("The plan costs 8.99 Australian dollars a month."),
        [one(
            8.99,
            "AUD per month",
            "8.99 Australian dollars a month"
        )]
    );
    // Codes and signs after the number, and a code naming a bare sign.
    assert_eq!(
        money("The rate is 110 JPY to 1 USD."),
        [one(110.0, "JPY", "110 JPY"), one(1.0, "USD", "1 USD")]
    );
    assert_eq!(
        money("She bought a notebook for 1,200€ last week."),
        [one(1200.0, "EUR", "1,200€")]
    );
    assert_eq!(
        money("The ticket costs $55 CAD at the door."),
        [one(55.0, "CAD", "$55 CAD")]
    );
    // Wire copy's yen.
    assert_eq!(
        money("Nintendo plunged to Y=28,030 in Tokyo."),
        [one(28030.0, "JPY", "Y=28,030")]
    );
    // Lower case is a word, not a code: "won" after a count is no currency
    // here, and nothing is read as one.
    assert!(money("The team has 3 try scorers.").is_empty());
}

#[test]
fn a_figure_set_against_another_takes_its_unit() {
    let u = |v: f64, unit: &str| (v, Some(unit.to_string()));
    assert_eq!(
        values_units("Sales rose to 3.9 million headsets, up from 2.4 million in 2017."),
        [u(3.9e6, "headset"), u(2.4e6, "headset")]
    );
    assert_eq!(
        values_units("The outage hit 6 million homes, including 1.5 million in the region."),
        [u(6e6, "home"), u(1.5e6, "home")]
    );
    assert_eq!(
        values_units("Unemployment was 5.1 percent, down from 5.3."),
        [u(5.1, "%"), u(5.3, "%")]
    );
    // What follows is what it counts, not the unit before.
    assert_eq!(
        values_units("The crash killed 12 people, including 10 US citizens."),
        [u(12.0, "people"), (10.0, None)]
    );
    // No word that compares: no unit carried.
    assert_eq!(
        values_units("They sold 300 cars in May and 45 in June."),
        [u(300.0, "car"), (45.0, None)]
    );
}

#[test]
fn ages_in_months_weeks_and_days_are_ages() {
    for (text, v, unit) in [
        ("She has an 18-month-old daughter.", 18.0, "month of age"),
        ("The 34-year-old winger scored.", 34.0, "year of age"),
        ("A 3 week-old puppy was found.", 3.0, "week of age"),
        ("He is 70 years old today.", 70.0, "year of age"),
        ("A crowd of 17-year-olds watched.", 17.0, "year of age"),
        // A difference of ages is a span of time.
        ("She met an actor nearly 20 years older.", 20.0, "year"),
    ] {
        let c = claim(text);
        assert_eq!((c.value, c.unit.as_deref()), (v, Some(unit)), "{text}");
    }
}

#[test]
fn years_of_an_era_are_no_figures() {
    for text in [
        "The temple was built in A.D. 1000 by the Popolocas.",
        "Vesuvius buried Pompeii in AD 79.",
        "The wall dates from 500 BC.",
        "It was sacked in 410 A.D. by the Goths.",
    ] {
        let got = crate::claims::find_claims(text, None);
        assert!(got.is_empty(), "{text}: {got:#?}");
    }
    // An amount beside an era word is still one.
    assert_eq!(
        crate::claims::find_claims("The AD campaign cost $500 in 79 towns.", None).len(),
        2
    );
}

#[test]
fn a_sign_before_a_figure_makes_it_negative() {
    let got = |text: &str| -> Vec<(f64, Option<String>, String)> {
        claims_of(text)
            .into_iter()
            .map(|c| (c.1, c.2, c.4))
            .collect()
    };
    let one = |v: f64, unit: &str, written: &str| (v, Some(unit.to_string()), written.to_string());
    assert_eq!(
        got("Growth was -0.3% in the quarter, after \u{2212}1.2% before."),
        [one(-0.3, "%", "-0.3%"), one(-1.2, "%", "\u{2212}1.2%")]
    );
    assert_eq!(
        got("The trade balance fell to $-50.8bn in April."),
        [one(-50.8e9, "USD", "$-50.8bn")]
    );
    assert_eq!(
        got("The gap widened to -$4 billion in May."),
        [one(-4e9, "USD", "-$4 billion")]
    );
    // Codes, ranges, scores and dashes between words keep their numbers,
    // and a margin either way is no negative.
    assert_eq!(got("The F-16 landed."), []);
    assert_eq!(
        got("The poll has a margin of error of +/-3 percentage points."),
        [one(3.0, "percentage point", "3 percentage points")]
    );
    assert_eq!(
        got("Shares traded between 7-9 dollars -- 12 people watched."),
        [
            (7.0, Some("USD".to_string()), "7-9 dollars".to_string()),
            one(12.0, "people", "12 people")
        ]
    );
}

#[test]
fn pence_and_millions_of_people_are_read_as_written() {
    // "1,234p" had been read as a figure of 1, "3m people" as 3 metres.
    assert_eq!(
        values_units("The stock fell to 1,234p on Monday."),
        [(1234.0, Some("pence".to_string()))]
    );
    assert_eq!(
        values_units("About 3m people were affected."),
        [(3e6, Some("people".to_string()))]
    );
    // A screen's lines are no figure; a wall and a race stay lengths.
    assert_eq!(values_units("It streams in 1080p on every set."), []);
    assert_eq!(
        values_units("They built a 5m wall for the 100m final."),
        [
            (5.0, Some("metre".to_string())),
            (100.0, Some("metre".to_string()))
        ]
    );
}

#[test]
fn one_letter_temperatures_are_read_where_the_sentence_speaks_of_heat() {
    assert_eq!(
        values_units("Temperatures fell to minus 40C overnight."),
        [(-40.0, Some("celsius".to_string()))]
    );
    assert_eq!(
        values_units("The heatwave pushed it past 104F in Phoenix."),
        [(104.0, Some("fahrenheit".to_string()))]
    );
    // Elsewhere one letter says too little.
    assert_eq!(values_units("Her office is on 5F of the tower."), []);
}

#[test]
fn a_figure_after_sub_is_under_it() {
    let got = crate::claims::find_claims("Chipmakers will produce sub-7 nanometer parts.", None);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].value, 7.0);
    assert_eq!(got[0].hedge, Some("less than"));
    assert_eq!(got[0].unit.as_deref(), Some("nanometre"));
    // A code stays a code.
    assert!(crate::claims::find_claims("The F-16 and the Su-27 flew.", None).is_empty());
}

#[test]
fn pressures_and_prime_marks_are_units() {
    assert_eq!(
        values_units("Panel strength fell to 61.4 MPa in the test."),
        [(61.4, Some("megapascal".to_string()))]
    );
    assert_eq!(
        values_units("The neck is 25.5″ from nut to saddle."),
        [(25.5, Some("inch".to_string()))]
    );
    // A student's GPA is no pressure; "2022′s" is a year with an
    // apostrophe typed as a prime; the inches of "6'7″" are part of a
    // length in feet, not one of their own.
    assert!(
        values_units("She graduated with a 3.8 GPA from the college.")
            .iter()
            .all(|(_, u)| u.as_deref() != Some("gigapascal"))
    );
    assert!(values_units("The 2022′s best sellers are back.").is_empty());
    assert!(values_units("The bed fits anyone up to 6'7″ tall.")
        .iter()
        .all(|(_, u)| u.as_deref() != Some("inch")));
}

#[test]
fn percentages_with_hedges() {
    for (text, hedge) in [
        ("Turnout rose by nearly 12 per cent.", "approximately"),
        ("Turnout rose by almost 12%.", "approximately"),
        ("Turnout rose by more than 12 percent.", "more than"),
    ] {
        let c = claim(text);
        assert_eq!(c.kind, ClaimKind::Percent, "{text}");
        assert_eq!(c.value, 12.0);
        assert_eq!(c.hedge.as_deref(), Some(hedge), "{text}");
    }
    let c = claim("Sales showed a 7% rise in online orders in the second quarter of 2023.");
    assert_eq!(c.measures.as_deref(), Some("rise in online orders"));
    assert_eq!(c.period.as_deref(), Some("second quarter of 2023"));
}

#[test]
fn counts_durations_and_anniversaries() {
    let c = claim("Rescuers freed 340 miners overnight.");
    assert_eq!(
        (c.kind, c.value, c.unit.as_deref()),
        (ClaimKind::Count, 340.0, Some("miner"))
    );
    let c = claim("The strike lasted nearly three weeks.");
    assert_eq!(
        (c.kind, c.value, c.unit.as_deref()),
        (ClaimKind::Duration, 3.0, Some("week"))
    );
    assert_eq!(c.hedge.as_deref(), Some("approximately"));
    let c = claim("The city marked the 50th anniversary of the flood.");
    assert_eq!((c.kind, c.value), (ClaimKind::Ordinal, 50.0));
    let c = claim("The car reaches 120 mph.");
    assert_eq!(
        (c.kind, c.unit.as_deref()),
        (ClaimKind::Measure, Some("mile per hour"))
    );
}

#[test]
fn years_dates_times_and_codes_are_not_amounts() {
    let f = facts(
        "In 2019 the G20 met on March 3, 2019 at 10:30 to discuss COVID-19. The two sides agreed.",
    );
    assert!(f.claims.is_empty(), "{:#?}", f.claims);
}

#[test]
fn units_written_onto_their_numbers() {
    for (text, value, unit) in [
        ("The phone ships with 512GB of storage.", 512.0, "gigabyte"),
        ("Each home gets a 7kW rooftop array.", 7.0, "kilowatt"),
        ("The pack holds 75.2kWh when new.", 75.2, "kilowatt hour"),
        ("Gusts reached 90mph on the coast.", 90.0, "mile per hour"),
        ("The chip runs at 3.2GHz under load.", 3.2, "gigahertz"),
    ] {
        let c = claim(text);
        assert_eq!(
            (c.kind, c.value, c.unit.as_deref()),
            (ClaimKind::Measure, value, Some(unit)),
            "{text}"
        );
    }
    // Letters that are no unit make a code or a time, not a figure.
    for text in [
        "Trains leave at 6.15am daily.",
        "The 5G rollout starts today.",
    ] {
        assert!(
            facts(text).claims.is_empty(),
            "{text}: {:#?}",
            facts(text).claims
        );
    }
}

#[test]
fn numbers_written_out_with_percent_or_an_adjective() {
    for (text, kind, value, unit) in [
        ("Turnout grew five percent.", ClaimKind::Percent, 5.0, "%"),
        ("Turnout grew five per cent.", ClaimKind::Percent, 5.0, "%"),
        (
            "Police arrested eight other suspects.",
            ClaimKind::Count,
            8.0,
            "suspect",
        ),
        (
            "They have won four straight titles.",
            ClaimKind::Count,
            4.0,
            "title",
        ),
        (
            "The label sold 4.3M copies.",
            ClaimKind::Count,
            4.3e6,
            "copy",
        ),
        // A hundred of a larger scale.
        (
            "There were 4 hundred million people.",
            ClaimKind::Count,
            4e8,
            "people",
        ),
        (
            "About two hundred thousand people fled.",
            ClaimKind::Count,
            2e5,
            "people",
        ),
    ] {
        let c = claim(text);
        assert_eq!(
            (c.kind, c.value, c.unit.as_deref()),
            (kind, value, Some(unit)),
            "{text}"
        );
    }
}

#[test]
fn minus_makes_a_figure_negative() {
    let c = claim("Temperatures fell to minus 12 degrees overnight.");
    assert_eq!((c.value, c.unit.as_deref()), (-12.0, Some("degree")));
    assert_eq!(c.text, "minus 12 degrees");
    let c = claim("The offense finished at minus-5 yards.");
    assert_eq!((c.value, c.unit.as_deref()), (-5.0, Some("yard")));
}

#[test]
fn two_figures_joined_as_a_range() {
    for (text, from, to, unit) in [
        (
            "Tickets cost between $40 and $55 each.",
            40.0,
            55.0,
            Some("USD"),
        ),
        (
            "Cars passed at 20 to 35 miles per hour.",
            20.0,
            35.0,
            Some("mile per hour"),
        ),
        (
            "The fund needs between 3 and 4 million dollars.",
            3e6,
            4e6,
            Some("USD"),
        ),
        (
            "Fines run from $5,000 to $20,000 a day.",
            5e3,
            2e4,
            Some("USD per day"),
        ),
    ] {
        let c = claim(text);
        assert_eq!(
            (c.value, c.value_to, c.unit.as_deref()),
            (from, Some(to), unit),
            "{text}"
        );
    }
    assert_eq!(
        claim("Tickets cost between $40 and $55 each.").text,
        "between $40 and $55"
    );
    // A change or a score stays two figures.
    let f = facts("Inflation eased from 6.1 to 5.8 percent.");
    let got: Vec<(f64, Option<f64>, Option<&str>)> = f
        .claims
        .iter()
        .map(|c| (c.value, c.value_to, c.unit.as_deref()))
        .collect();
    assert_eq!(got, [(6.1, None, Some("%")), (5.8, None, Some("%"))]);
    for text in [
        "Debt grew by $2 billion to $9 billion.",
        "The fund's value dropped $2 billion to $9 billion.",
        "Its price climbed from $2 to $9 in a week.",
        "The home side won 3 to 1 on Sunday.",
    ] {
        let f = facts(text);
        assert!(
            f.claims.iter().all(|c| c.value_to.is_none()),
            "{text}: {:#?}",
            f.claims
        );
    }
}

#[test]
fn numbers_that_name_things_and_clock_times_are_not_figures() {
    for text in [
        "Shares in the S&P 500 fell on Monday.",
        "She upgraded to the iPhone 15 last week.",
        "He scored again in Game 3 on Friday.",
        "The lander Chang’e 4 reached the far side.",
        "Polls open at 8 a.m. across the state.",
        "The count began at about 10 pm on Sunday.",
        "The deal was signed on Sept. 12 in Lisbon.",
        "The rocket blasted off at 9:00 am local time (0030 GMT) on Sunday.",
        "Trading halted at 1400 UTC on Friday.",
    ] {
        let f = facts(text);
        assert!(f.claims.is_empty(), "{text}: {:#?}", f.claims);
    }
    // A sentence's first word is capitalised anyway.
    let c = claim("In 40 towns the vote went ahead.");
    assert_eq!((c.kind, c.value), (ClaimKind::Count, 40.0));
    // A zone is written in capitals: a lower-case word after a number is
    // not one.
    let c = claim("They counted 1400 est visitors, the rest unknown.");
    assert_eq!(c.value, 1400.0);
    let c = claim("Officials counted US $12 million in damage.");
    assert_eq!((c.value, c.unit.as_deref()), (12e6, Some("USD")));
}

#[test]
fn quote_clusters_keep_variants_and_link_talking_points() {
    let texts = [
        "We will never give up on peace, and we will keep talking to every side of this conflict",
        "We will never give up on peace and will keep talking to every side in this conflict",
        "We will never give up on our farmers, who feed this nation every day",
        "A different statement altogether about the harbour budget",
    ];
    let c = cluster_quotes(&texts, &QuoteClusterConfig::default());
    assert_eq!(c.cluster[0], c.cluster[1]);
    assert_ne!(c.cluster[0], c.cluster[2]);
    assert!(c.related[c.cluster[0] as usize].contains(&c.cluster[2]));
    assert!(c.related[c.cluster[3] as usize].is_empty());
}

#[test]
fn a_range_with_an_en_dash_is_read_whole() {
    // Found by ingesting real pages: the en dash is three bytes, and the
    // range's end was once measured as if it were one.
    for dash in ["-", "\u{2013}"] {
        let c = claim(&format!("Prices rose 7{dash}9 percent in the spring."));
        assert_eq!((c.value, c.value_to), (7.0, Some(9.0)), "{dash}");
        assert_eq!(c.unit.as_deref(), Some("%"));
    }
}

#[test]
fn a_text_denser_than_prose_is_read_up_to_the_token_cap() {
    // Regression: 20 MB of "!" cost 3.4 GB in the analyzer, a token (and
    // an allocation) per byte.
    let prose = "The minister said on Monday that 4,500 people had left. ".repeat(20_000);
    assert_eq!(crate::analyzed_len(&prose), prose.len());
    let dense = "a!".repeat(crate::MAX_TOKENS);
    let n = crate::analyzed_len(&dense);
    assert!(n < dense.len() && n >= crate::MAX_TOKENS, "{n}");
    // A run of one mark is one token: "!!!!" never reaches the cap.
    let bangs = "!".repeat(3 * crate::MAX_TOKENS);
    assert_eq!(crate::doc::tokenize(&bangs).len(), 1);
    let facts = crate::analyze_text(
        &format!("{bangs} Mr. Smith said \"we will go\" on Monday."),
        None,
    );
    assert_eq!(facts.quotes.len(), 1);
}

#[test]
fn a_lowercase_quote_after_its_verb_that_ends_the_sentence_is_direct() {
    check_quote(
        "The harbour master spoke at noon. Ines Varga said “the pier will stay closed until the divers are done.”",
        "the pier will stay",
        Some("Ines Varga"),
        QuoteKind::Direct,
    );
    // Words of the reporter after it: only part of what was said.
    check_quote(
        "Ines Varga said “the pier will stay closed” for a week at least.",
        "the pier will stay",
        Some("Ines Varga"),
        QuoteKind::Partial,
    );
}

#[test]
fn a_closing_mark_set_as_the_opening_one_still_opens_a_quote() {
    // At a paragraph's start, behind an invisible direction mark.
    check_quote(
        "Readers answered the post.\n\n\u{202a}”The town deserves a real clinic, not a promise,” wrote Pavel Orlik.",
        "The town deserves",
        Some("Pavel Orlik"),
        QuoteKind::Direct,
    );
    check_quote(
        "Orlik said he was tired.\n\nHe says,” nobody here has heard from the ministry in months.”",
        "nobody here has heard",
        Some("Orlik"),
        QuoteKind::Direct,
    );
    // A stray closing mark with no other after it opens nothing.
    let f = facts("The vote was close.” The count ended at nine.");
    assert!(f.quotes.is_empty(), "{:?}", f.quotes);
}

#[test]
fn orders_of_size_are_ranges_of_what_they_count() {
    let got = |text: &str| {
        crate::claims::find_claims(text, None)
            .into_iter()
            .map(|c| {
                (
                    c.kind,
                    c.value,
                    c.value_to,
                    c.unit,
                    text[c.range].to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got("Dozens of small shops closed and thousands of workers marched."),
        [
            (
                ClaimKind::Count,
                12.0,
                Some(120.0),
                Some("shop".into()),
                "Dozens of small shops".into()
            ),
            (
                ClaimKind::Count,
                1e3,
                Some(1e4),
                Some("worker".into()),
                "thousands of workers".into()
            ),
        ]
    );
    assert_eq!(
        got("The repairs cost tens of millions of dollars."),
        [(
            ClaimKind::Money,
            1e7,
            Some(1e8),
            Some("USD".into()),
            "tens of millions of dollars".into()
        )]
    );
    // Nothing counted after "of": no claim.
    assert!(got("Hundreds of them stayed at home.").is_empty());
}

/// A claim as the tests below read it: (kind, value, unit, measures, as
/// written).
type Read = (ClaimKind, f64, Option<String>, Option<String>, String);

/// Each claim of `text`, as [`Read`].
/// Each claim's value and unit, in text order.
fn values_units(text: &str) -> Vec<(f64, Option<String>)> {
    claims_of(text).into_iter().map(|c| (c.1, c.2)).collect()
}

fn claims_of(text: &str) -> Vec<Read> {
    crate::claims::find_claims(text, None)
        .into_iter()
        .map(|c| {
            (
                c.kind,
                c.value,
                c.unit,
                c.measures,
                text[c.range].to_string(),
            )
        })
        .collect()
}

#[test]
fn shares_of_a_whole_are_percentages_of_it() {
    let pct = |v: f64, what: &str, written: &str| {
        (
            ClaimKind::Percent,
            v,
            Some("%".to_string()),
            Some(what.to_string()),
            written.to_string(),
        )
    };
    assert_eq!(
        claims_of("Floods left two-thirds of the villages under water."),
        [pct(66.67, "villages", "two-thirds of the villages")]
    );
    assert_eq!(
        claims_of("Half the condos have sold, and one in five households lost power."),
        [
            pct(50.0, "condos", "Half the condos"),
            pct(20.0, "households", "one in five households")
        ]
    );
    assert_eq!(
        claims_of("One out of three Germans have housing problems; 3/4 of the members agreed."),
        [
            pct(33.33, "germans", "One out of three Germans"),
            pct(75.0, "members", "3/4 of the members")
        ]
    );
    // A half of a time, a part of one thing, a rate over occasions and
    // a score's number are no shares.
    for text in [
        "In the first half of 2023 sales rose.",
        "He waited half an hour.",
        "The farm lies a quarter of a mile away.",
        "The other half of the team left.",
        "He struck out 7 in 10 innings.",
        "The Cubs won 8-7 in ten innings.",
    ] {
        assert!(
            claims_of(text).iter().all(|c| c.0 != ClaimKind::Percent),
            "{text}: {:?}",
            claims_of(text)
        );
    }
}

#[test]
fn slashed_numbers_are_no_figures_unless_a_share_of_something() {
    // Dates, names, gallery counters, round-the-clock hours.
    for text in [
        "Open 24/7 since 9/11.",
        "The vote is on 3/4 this year.",
        "Photo 12/34 shows the crowd.",
    ] {
        assert!(claims_of(text).is_empty(), "{text}: {:?}", claims_of(text));
    }
}

#[test]
fn scientific_notation_and_millions_written_m() {
    let got = claims_of("Scientists estimated 1.5e6 cubic metres of water.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0, got[0].1, got[0].2.as_deref()),
        (ClaimKind::Measure, 1.5e6, Some("cubic metre"))
    );
    let got = claims_of("Light travels at 3 x 10^8 metres per second.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, 3e8);
    let got = claims_of("The mass is 2.998×10−8 kilograms.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].1 - 2.998e-8).abs() < 1e-15, "{got:?}");
    // "35m" before a currency or "of" is 35 million; a race's "100m" is
    // still a distance.
    let got =
        claims_of("It will spend 35m pesos and has 35m of its devices in homes. He ran the 100m.");
    let values: Vec<(ClaimKind, f64)> = got.iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(
        values,
        [
            (ClaimKind::Money, 35e6),
            (ClaimKind::Number, 35e6),
            (ClaimKind::Measure, 100.0)
        ]
    );
}

#[test]
fn a_figure_takes_the_period_of_its_own_paragraph() {
    // The decimal before the full stop ended no sentence, so the first
    // paragraph's figures took the second's month.
    let text = "The bank cut its key rate from 4.5% to 4.25%.\n\nUnemployment rose to 6.3 percent in February.";
    let periods: Vec<Option<String>> = crate::claims::find_claims(text, None)
        .into_iter()
        .map(|c| c.period)
        .collect();
    assert_eq!(periods, [None, None, Some("February".to_string())]);
}

#[test]
fn a_figure_moved_by_a_verb_measures_what_the_verb_moved() {
    let measures = |text: &str| -> Vec<Option<String>> {
        crate::claims::find_claims(text, None)
            .into_iter()
            .map(|c| c.measures)
            .collect()
    };
    let some = |m: &str| Some(m.to_string());
    assert_eq!(
        measures("The central bank cut its key rate from 4.5% to 4.25%."),
        [some("key rate"), some("key rate")]
    );
    assert_eq!(
        measures("Unemployment rose from 5.1 percent to 6.3 percent."),
        [some("Unemployment"), some("Unemployment")]
    );
    assert_eq!(
        measures("The company raised its growth forecast to 3% on Monday."),
        [some("growth forecast")]
    );
}

/// 20,000 texts, each 1 to `most` of `pieces` in a row, drawn by a fixed
/// generator from `seed` (the same texts every run).
pub(crate) fn pieced_texts<'p>(
    pieces: &'p [&'p str],
    most: u64,
    seed: u64,
) -> impl Iterator<Item = String> + 'p {
    let mut seed = seed;
    (0..20_000).map(move |_| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut text = String::new();
        let mut s = seed;
        for _ in 0..1 + (seed % most) as usize {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(s >> 33) as usize % pieces.len()]);
        }
        text
    })
}

#[test]
fn figures_and_quotes_next_to_any_characters_never_panic() {
    // Pieces the claim rules slice around: signs, powers, slashes,
    // shares, multi-byte marks right after a figure or a preposition.
    let pieces = [
        "3",
        "4.25",
        "1.5e6",
        "e-3",
        "×10",
        "^8",
        "⁻⁸",
        "−8",
        " x ",
        "/",
        "3/4",
        " to ",
        "to—",
        " from ",
        "%",
        " per cent",
        " of ",
        "the ",
        "half",
        "two-thirds",
        " one in five ",
        " out of ",
        "35m",
        " pesos",
        "—",
        "’",
        "é",
        "“",
        "”",
        ".",
        "\n",
        " ",
        "Lap ",
        "cut its rate",
        " rose",
        ", ",
        "minus",
        "-",
        "–",
        "$",
        "€",
        "bn",
        "innings",
        "villages",
        // Quotes and speakers: marks, cue verbs, names, titles, pronouns.
        "\"",
        "'",
        "«",
        "»",
        " said ",
        " says",
        "according to ",
        "Mr. ",
        "Xi Jinping",
        "President ",
        " he ",
        "She ",
        "(",
        ")",
        "Ministry",
        "U.S.",
        "…",
        "?",
        "!",
        ":",
        ";",
    ];
    for text in pieced_texts(&pieces, 12, 0x9e37_79b9_7f4a_7c15) {
        let facts = analyze_text(&text, Some(2024));
        for c in &facts.claims {
            assert!(c.value.is_finite(), "{text:?}: {c:?}");
        }
    }
}

#[test]
fn a_rate_is_part_of_the_unit() {
    let units = |text: &str| -> Vec<(f64, Option<f64>, Option<String>)> {
        crate::claims::find_claims(text, None)
            .into_iter()
            .map(|c| (c.value, c.value_to, c.unit))
            .collect()
    };
    let u = |s: &str| Some(s.to_string());
    assert_eq!(
        units("Crude was up at $58.24 per barrel and gold at $1,271.2 an ounce."),
        [
            (58.24, None, u("USD per barrel")),
            (1271.2, None, u("USD per ounce"))
        ]
    );
    assert_eq!(
        units("They pay $3,500 a month; the market grew 5% a year."),
        [
            (3500.0, None, u("USD per month")),
            (5.0, None, u("% per year"))
        ]
    );
    // The rate written once after a range is the whole range's.
    assert_eq!(
        units("The shares were priced between $62 and $68 per share."),
        [(62.0, Some(68.0), u("USD per share"))]
    );
    // "a" before something else is no rate.
    assert_eq!(units("It cost $10 a ticket."), [(10.0, None, u("USD"))]);
}

/// The value and unit of each claim found in a text.
fn counts(text: &str) -> Vec<(f64, Option<String>)> {
    crate::claims::find_claims(text, None)
        .into_iter()
        .map(|c| (c.value, c.unit))
        .collect()
}

#[test]
fn a_number_in_words_counts_past_the_words_naming_its_kind() {
    let u = |s: &str| Some(s.to_string());
    assert_eq!(
        counts("With five profile slots you can store settings."),
        [(5.0, u("profile slot"))]
    );
    assert_eq!(
        counts("He won four FA Cup finals with the club."),
        [(4.0, u("FA Cup final"))]
    );
    assert_eq!(
        counts("Police arrested two Costa Rican pilots on Monday."),
        [(2.0, u("Costa Rican pilot"))]
    );
    // Not past a word that is no kind, a plural, or more than one word.
    assert!(counts("They met two of the candidates.").is_empty());
    assert!(counts("It took two days trips.")
        .iter()
        .all(|c| c.1 == u("day")));
    assert!(counts("She saw two very old houses.").is_empty());
    // "one" counts no plural: the word after it is a verb or no noun.
    assert!(counts("Using the same one across accounts is unwise.").is_empty());
    assert!(counts("As one says, the end is near.").is_empty());
}

#[test]
fn a_figure_counts_the_whole_noun_phrase_before_its_plural() {
    let u = |s: &str| Some(s.to_string());
    assert_eq!(
        counts("OHSU has performed more than 700 heart transplants since 1985."),
        [(700.0, u("heart transplant"))]
    );
    assert_eq!(
        counts("The trial begins with 1,100 public housing properties."),
        [(1100.0, u("public housing property"))]
    );
    assert_eq!(
        counts("The ship carried 105 metric tons of fuel."),
        [(105.0, u("metric ton of fuel"))]
    );
    // A plural right after the figure is the noun; no plural within two
    // more words, or punctuation between, leaves the first word.
    assert_eq!(
        counts("Police found 20 people inside."),
        [(20.0, u("people"))]
    );
    assert_eq!(
        counts("They found 12 boxes, crates and bags."),
        [(12.0, u("box"))]
    );
    assert_eq!(counts("It sold 40 new, cheap cars."), [(40.0, u("new"))]);
    // An adverb is no thing counted.
    let adverb = counts("The team scored 17 just before the break.");
    assert!(adverb.iter().all(|c| c.1 != u("just")), "{adverb:?}");
}

#[test]
fn digit_fractions_with_either_slash_measure_pounds_and_cups() {
    let found = |text: &str| -> Vec<(f64, Option<String>, String)> {
        crate::claims::find_claims(text, None)
            .into_iter()
            .map(|c| (c.value, c.unit, text[c.range].to_string()))
            .collect()
    };
    let u = |s: &str| Some(s.to_string());
    assert_eq!(
        found("Add 1/2 pound of butter."),
        [(0.5, u("pound-mass"), "1/2 pound".into())]
    );
    // The fraction slash (U+2044) reads as a solidus: no "4 cups" counted.
    assert_eq!(
        found("Stir in 3\u{2044}4 cup of sugar."),
        [(0.75, u("cup"), "3\u{2044}4 cup".into())]
    );
    assert!(found("It is open 24\u{2044}7 now.").is_empty());
    // A cup elsewhere is a thing counted, not a measure.
    let cups = crate::claims::find_claims("They won 2 cups.", None);
    assert_eq!(cups.len(), 1);
    assert_eq!(cups[0].kind, parallax_model::ClaimKind::Count);
}

#[test]
fn a_place_of_two_words_before_a_title_is_peeled_as_one_of_one_word_is() {
    let f =
        facts("New Jersey Gov. Chris Christie said so in Trenton. Ohio Gov. John Kasich agreed.");
    let people = names_of(&f, EntityKind::Person);
    assert_eq!(
        people,
        ["Chris Christie", "John Kasich"],
        "{:#?}",
        f.entities
    );
}

#[test]
fn a_headline_in_capitals_names_no_one_but_the_name_after_it_is_found() {
    let f = facts(
        "WHAT'S BREWING.\n\nBEFORE YOU GO.\n\nKILLED IN ISTANBUL EXPLOSION Turkish President \
         Recep Tayyip Erdogan blamed a militant. HILLARY CLINTON IS FEELING THE BERN As rivals \
         gain. LOS ANGELES is sunny. Hillary Clinton spoke later.",
    );
    let names: Vec<&str> = f.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(
        names.iter().all(|n| !n.contains("BREWING")
            && !n.contains("YOU GO")
            && !n.contains("EXPLOSION")
            && !n.contains("BERN")),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "Recep Tayyip Erdogan", Some(EntityKind::Person));
    // Capitals the text also writes in ordinary case, and a place of the
    // gazetteer, stay.
    assert_kind(&f, "Hillary Clinton", Some(EntityKind::Person));
    let clinton = f.entities.iter().find(|e| e.name == "Hillary Clinton");
    assert!(
        clinton.is_some_and(|e| e.mentions.len() == 2),
        "{clinton:#?}"
    );
    assert_kind(&f, "Los Angeles", Some(EntityKind::Place));
}

#[test]
fn what_holds_a_post_or_makes_a_thing_is_an_organisation() {
    let f = facts(
        "His father was the general manager of Metro-Goldwyn-Mayer. A Reuters photographer \
         saw the truck. Trump wrote in a series of Twitter messages that he was sad. The \
         governor of Vermont and the head of Clinton's campaign met. Jim Steyer, founder of \
         Common Sense, agreed.",
    );
    assert_kind(&f, "Metro-Goldwyn-Mayer", Some(EntityKind::Organization));
    assert_kind(&f, "Reuters", Some(EntityKind::Organization));
    assert_kind(&f, "Twitter", Some(EntityKind::Organization));
    assert_kind(&f, "Common Sense", Some(EntityKind::Organization));
    // A place's office is not an organisation's post, and whose campaign
    // it is names the person.
    assert_kind(&f, "Vermont", Some(EntityKind::Place));
    assert_kind(&f, "Jim Steyer", Some(EntityKind::Person));
    assert!(f
        .entities
        .iter()
        .all(|e| !(e.name == "Clinton" && e.kind == EntityKind::Organization)));
}

#[test]
fn a_person_of_an_organisation_is_two_entities() {
    let f = facts(
        "Travis Kalanick of Uber said the rules were unfair. Kalanick spoke for an hour. \
         The Joint Chiefs of Staff met. Bernie Sanders of Vermont won.",
    );
    assert_kind(&f, "Travis Kalanick", Some(EntityKind::Person));
    assert_kind(&f, "Uber", Some(EntityKind::Organization));
    // An institution's name keeps its "of"; a state is where one is from.
    assert_kind(&f, "Joint Chiefs", None);
    assert_kind(&f, "Staff", None);
    assert_kind(&f, "Bernie Sanders", Some(EntityKind::Person));
    assert_kind(&f, "Vermont", None);
}

#[test]
fn adjectives_made_of_names_and_plural_people_name_no_one() {
    let f = facts(
        "The New York-based firm grew. Pro-Islamic State accounts cheered. Experts say it \
         is rare. Analysts said so too. Mine is red, she said.",
    );
    for name in [
        "New York-based",
        "Pro-Islamic State",
        "Experts",
        "Analysts",
        "Mine",
    ] {
        assert_kind(&f, name, None);
    }
}

#[test]
fn a_name_before_campaign_after_the_is_a_person_and_so_is_a_reverend() {
    let f = facts(
        "\"I am calling from the Hillary Clinton campaign,\" Miller said. She met the Rev. \
         Al Sharpton and the Daily Ledger reported it.",
    );
    assert_kind(&f, "Hillary Clinton", Some(EntityKind::Person));
    assert_kind(&f, "Al Sharpton", Some(EntityKind::Person));
    assert_kind(&f, "Daily Ledger", Some(EntityKind::Organization));
}

#[test]
fn a_common_noun_opening_a_sentence_is_no_name_unless_capitalised_inside_one() {
    let f = facts(
        "Volunteers made calls all day. The volunteers were tired. Young spoke first. \
         Army veteran Tom Young said the young need help.",
    );
    assert_kind(&f, "Volunteers", None);
    assert_kind(&f, "Tom Young", Some(EntityKind::Person));
    let young = f.entities.iter().find(|e| e.name == "Tom Young");
    assert!(young.is_some_and(|e| e.mentions.len() == 2), "{young:#?}");
}

#[test]
fn an_acronym_joins_the_organisation_whose_initials_it_is_and_a_name_found_as_both_is_the_organisation(
) {
    let f = facts(
        "The Associated Press reported the fire. The Islamic State claimed it. Later AP said \
         Islamic State fighters fled, citing Benjamin Jealous, the former leader of the NAACP.",
    );
    let ap = f.entities.iter().find(|e| e.name == "Associated Press");
    assert!(
        ap.is_some_and(|e| e.aliases.iter().any(|a| a == "AP")),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "AP", None);
    assert_kind(&f, "Islamic State", Some(EntityKind::Organization));
    assert_eq!(
        f.entities
            .iter()
            .filter(|e| e.name == "Islamic State")
            .count(),
        1,
        "{:#?}",
        f.entities
    );
    // A title before an acronym is another's: the NAACP is no person.
    assert_kind(&f, "NAACP", Some(EntityKind::Organization));
}

#[test]
fn adjectives_of_regions_and_a_governed_word_name_no_one() {
    let f = facts(
        "Western European officials met Middle Eastern envoys. Asian markets fell. All of \
         France mourned.",
    );
    for name in ["Western European", "Middle Eastern", "Asian", "of France"] {
        assert_kind(&f, name, None);
    }
    assert_kind(&f, "France", Some(EntityKind::Place));
}

#[test]
fn a_text_set_all_in_capitals_makes_no_people_of_its_sentences() {
    let sentence =
        "OFFICIALS IN THE CAPITAL SAID THE BRIDGE WOULD REOPEN NEXT WEEK AFTER REPAIRS. ";
    let text = format!("LOS ANGELES (AP) -- {}", sentence.repeat(300));
    let f = facts(&text);
    assert!(
        f.entities.iter().all(|e| e.kind != EntityKind::Person),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "Los Angeles", Some(EntityKind::Place));
}

#[test]
fn a_word_that_is_only_part_of_a_title_is_no_description_or_role() {
    let f = facts(
        "Senator Maria Alvarez spoke in Denver. She was the first to vote. \
         The economy grew, and the state lagged. On education, Alvarez said little. \
         The vice presidential nominee, Tom Reyes, and the state senator answered.",
    );
    let alvarez = f
        .entities
        .iter()
        .find(|e| e.name == "Maria Alvarez")
        .unwrap();
    for a in &alvarez.aliases {
        assert!(
            !matches!(a.as_str(), "the first" | "the economy" | "the state")
                && !a.starts_with("education"),
            "{a:?} in {alvarez:?}"
        );
    }
    assert_eq!(alvarez.role.as_deref(), Some("Senator"), "{alvarez:?}");
    // Beside a word for the post they still make one.
    let reyes = f.entities.iter().find(|e| e.name == "Tom Reyes").unwrap();
    assert_eq!(
        reyes.role.as_deref(),
        Some("vice presidential nominee"),
        "{reyes:?}"
    );
}

#[test]
fn a_surname_two_people_share_goes_to_the_one_its_title_or_given_name_fits() {
    let f = facts(
        "Ana Ruiz opened the clinic on Monday. Her husband, Carlos Ruiz, was away. \
         Mrs. Ruiz thanked the nurses. Carlos Ruiz came back on Tuesday. \
         Mr. Ruiz said he was proud. Later Mrs. Ruiz spoke again.",
    );
    let alias_of = |name: &str| {
        f.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}: {:#?}", f.entities))
            .aliases
            .clone()
    };
    let (ana, carlos) = (alias_of("Ana Ruiz"), alias_of("Carlos Ruiz"));
    assert!(ana.iter().any(|a| a == "Mrs. Ruiz"), "{ana:?}");
    assert!(!ana.iter().any(|a| a == "Mr. Ruiz"), "{ana:?}");
    assert!(carlos.iter().any(|a| a == "Mr. Ruiz"), "{carlos:?}");
    assert!(!carlos.iter().any(|a| a == "Mrs. Ruiz"), "{carlos:?}");
    // No title or pronoun tells them apart: their given names do.
    let f = facts(
        "Mary Okafor and Peter Okafor led the march. Mrs. Okafor spoke first;          Mr. Okafor spoke last.",
    );
    let aliases = |name: &str| &f.entities.iter().find(|e| e.name == name).unwrap().aliases;
    assert!(
        aliases("Mary Okafor").iter().any(|a| a == "Mrs. Okafor"),
        "{f:#?}"
    );
    assert!(
        aliases("Peter Okafor").iter().any(|a| a == "Mr. Okafor"),
        "{f:#?}"
    );
}

#[test]
fn an_acronym_or_a_town_before_a_post_is_no_part_of_the_name() {
    let f = facts(
        "The hearing opened on Monday. FBI Director Dana Kessler said the review was over. \
         Later, Flint Mayor Karen Obi spoke, and RNC Chief of Staff Lena Park answered. \
         Kessler said little more.",
    );
    for (name, role) in [
        ("Dana Kessler", "FBI Director"),
        ("Karen Obi", "Mayor"),
        ("Lena Park", "RNC Chief of Staff"),
    ] {
        let e = f
            .entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}: {:#?}", f.entities));
        assert_eq!(e.kind, EntityKind::Person);
        assert_eq!(e.role.as_deref(), Some(role), "{e:?}");
    }
}

#[test]
fn a_surname_joins_the_name_not_a_headline_glued_to_it() {
    // A live blog's entry title in title case runs into the person's name.
    let f = facts(
        "Posted 9:12PMDonald Okoro And Ben Hale Miss The Mark On Taxes\n\
         Donald Okoro was asked about taxes on Saturday. Okoro said the plan was fair. \
         Support for Mr. Okoro grew in the hall.",
    );
    let okoro = f
        .entities
        .iter()
        .find(|e| e.name == "Donald Okoro")
        .unwrap();
    assert!(
        okoro.aliases.iter().any(|a| a == "Okoro"),
        "{:#?}",
        f.entities
    );
    assert!(
        okoro.aliases.iter().any(|a| a == "Mr. Okoro"),
        "{:#?}",
        f.entities
    );
    assert!(
        !f.entities.iter().any(|e| e.name.starts_with("Support")),
        "{:#?}",
        f.entities
    );
}

#[test]
fn a_description_finds_the_person_whose_abbreviated_title_it_spells_out() {
    check_quote(
        "Gov. Ana Ruiz toured the plant on Monday with the mayor, Mark Lee. \
         Lee spoke first. “We will reopen in June,” the governor said.",
        "We will reopen",
        Some("Ana Ruiz"),
        QuoteKind::Direct,
    );
}

#[test]
fn common_words_capitalised_name_no_one() {
    let f = facts(
        "The vote on the minimum wage came on Monday. Backers of a higher wage \
         cheered, and a Minimum Wage march crossed the bridge. Senator Carla Diaz \
         said the minimum was too low, and Diaz said more later.",
    );
    assert_kind(&f, "Minimum Wage", None);
    assert_kind(&f, "Carla Diaz", Some(EntityKind::Person));
}

#[test]
fn full_names_that_differ_in_a_given_name_or_a_middle_initial_are_two_people() {
    let f = facts(
        "George H.W. Bush and George W. Bush met Jenna Bush and Jeb Bush on Monday. \
         Christopher Hale, known as Chris Hale, arrived later.",
    );
    for name in [
        "George H.W. Bush",
        "George W. Bush",
        "Jenna Bush",
        "Jeb Bush",
    ] {
        assert_kind(&f, name, Some(EntityKind::Person));
    }
    // A shortened given name is the same person.
    assert_kind(&f, "Chris Hale", None);
    assert_kind(&f, "Christopher Hale", Some(EntityKind::Person));
}

#[test]
fn a_pronoun_with_its_verb_clipped_on_is_no_one() {
    let f = facts(
        "Rep. Dana Voss spoke on Monday. “I’ve seen this before,” Voss said, and \
         the Republican congressman I've never met agreed. \"I'll be back,\" she added.",
    );
    for word in ["I’ve", "I've", "I'll"] {
        assert_kind(&f, word, None);
    }
    assert_kind(&f, "Dana Voss", Some(EntityKind::Person));
}

#[test]
fn a_party_member_by_state_is_a_description_that_names_no_one() {
    let f = facts(
        "Sen. Tom Harlan met President Ada Brennan on Monday. \
         In a statement, the Wyoming Republican dismissed the plan. \
         “This plan is dead,” the Wyoming Republican said.",
    );
    assert_kind(&f, "Republican", None);
    // The nearest person named is as often a rival: no speaker is better
    // than the wrong one.
    let q = f
        .quotes
        .iter()
        .find(|q| q.text.starts_with("This plan"))
        .unwrap();
    assert_eq!(q.speaker, None, "{:#?}", f.quotes);
}

#[test]
fn an_apposition_comma_joins_a_post_to_a_name_only_in_apposition() {
    let f = facts(
        "The vote came on Monday. Asked about her fitness to be president, Mrs. Ada Brennan \
         said she was ready. The bank's chief executive, Tom Harlan, agreed.",
    );
    let brennan = entity(&f, "Ada Brennan");
    assert_eq!(brennan.role, None, "{brennan:?}");
    assert!(
        !brennan.aliases.iter().any(|a| a.contains(',')),
        "{brennan:?}"
    );
    let harlan = entity(&f, "Tom Harlan");
    assert_eq!(
        harlan.role.as_deref(),
        Some("chief executive"),
        "{harlan:?}"
    );
}

#[test]
fn a_word_the_article_names_an_organisation_is_one_wherever_it_stands() {
    let f = facts(
        "Voters lined up on Monday. A Gazettely reporter asked the mayor, Tom Harlan, \
         about the plan. Gazettely reported that he refused.",
    );
    assert_kind(&f, "Gazettely", Some(EntityKind::Organization));
    assert_eq!(
        f.entities.iter().filter(|e| e.name == "Gazettely").count(),
        1,
        "{:#?}",
        f.entities
    );
}

#[test]
fn particles_of_surnames_join_them() {
    let f = facts(
        "President Bashar al-Nadiri spoke on Monday, and Ursula van der Maas listened. \
         Nadiri said the war was over.",
    );
    assert_alias(&f, "Bashar al-Nadiri", "Nadiri");
    assert_kind(&f, "Bashar", None);
    assert_kind(&f, "Ursula van der Maas", Some(EntityKind::Person));
}

#[test]
fn plurals_of_people_opening_a_sentence_name_no_one() {
    let f = facts(
        "The plan passed on Monday. Critics said it was weak. Aides say Ada Brennan \
         will run. Everybody agreed.",
    );
    for word in ["Critics", "Aides", "Everybody"] {
        assert_kind(&f, word, None);
    }
}

#[test]
fn a_definite_description_after_an_unnamed_one_is_that_one() {
    check_quote(
        "Ada Brennan opened the school on Monday. A spokesman for the city council \
         confirmed the date. “We open in June,” the spokesman said.",
        "We open in June",
        None,
        QuoteKind::Direct,
    );
    // In apposition to a name, the description is that name's.
    check_quote(
        "Tom Harlan, a spokesman for the city council, confirmed the date. \
         “We open in June,” the spokesman said.",
        "We open in June",
        Some("Tom Harlan"),
        QuoteKind::Direct,
    );
}

#[test]
fn an_institution_s_name_holds_and_where_a_person_s_does_not() {
    let f = facts(
        "The Department of Housing and Urban Development met the Institute for Peace \
         and Conflict Studies on Monday. The Department of Justice and Attorney General \
         Ada Brennan disagreed, and Tom Harlan and Dana Voss left.",
    );
    for name in [
        "Department of Housing and Urban Development",
        "Institute for Peace and Conflict Studies",
        "Department of Justice",
    ] {
        assert_kind(&f, name, Some(EntityKind::Organization));
    }
    for name in ["Ada Brennan", "Tom Harlan", "Dana Voss"] {
        assert_kind(&f, name, Some(EntityKind::Person));
    }
    assert_kind(&f, "Urban Development", None);
}

#[test]
fn what_reports_after_the_is_an_organisation_and_a_place_s_team_one_too() {
    let f = facts(
        "Senator Ada Brennan spoke on Monday, The Ledger reported. The Harlans said \
         they were pleased, and the Texan said nothing. The Chicago Otters won.",
    );
    assert_kind(&f, "Ledger", Some(EntityKind::Organization));
    // A family and the people of a place are no organisation.
    for word in ["Harlans", "Texan"] {
        assert_ne!(kind_of(&f, word), Some(EntityKind::Organization), "{word}");
    }
    assert_kind(&f, "Chicago Otters", Some(EntityKind::Organization));
    assert_kind(&f, "Otters", None);
}

#[test]
fn an_institution_s_description_finds_the_one_it_names() {
    // "the company" is no party nor an office of the state.
    check_quote(
        "Harlan Foods Inc. cut 600 jobs. Democrats in the Senate and the White House \
         objected. “We had no choice,” the company said.",
        "We had no choice",
        Some("Harlan Foods Inc"),
        QuoteKind::Direct,
    );
    // "the ministry" is the one named a ministry, even with another
    // institution named after it.
    check_quote(
        "The Foreign Ministry summoned the ambassador, and the Wakandan Embassy \
         protested. “The talks are over,” the ministry said.",
        "The talks are over",
        Some("Foreign Ministry"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_place_or_a_nationality_alone_before_one_word_makes_no_title() {
    let f = facts(
        "The plan was first reported by the Washington Ledger. The American Idol \
         winner sang, and Wyoming GOP chairman Tom Harlan spoke. Attacks in the \
         U.S. He says worry him.",
    );
    for word in ["Ledger", "Idol", "He"] {
        assert_not_kind(&f, word, EntityKind::Person);
    }
    assert_kind(&f, "GOP", Some(EntityKind::Organization));
    assert_kind(&f, "Tom Harlan", Some(EntityKind::Person));
}

#[test]
fn words_before_a_name_that_make_no_title_are_no_alias() {
    let f = facts(
        "Ada Brennan spoke in Manila on Monday. Filipino Brennan supporters cheered, \
         and the former secretary of State Brennan thanked them. Senator Brennan left.",
    );
    let e = entity(&f, "Ada Brennan");
    for alias in ["Filipino Brennan", "State Brennan"] {
        assert!(!e.aliases.iter().any(|a| a == alias), "{alias}: {e:?}");
    }
    assert!(e.aliases.iter().any(|a| a == "Senator Brennan"), "{e:?}");
}

#[test]
fn a_plural_of_a_common_noun_before_of_is_the_subject_and_names_no_one() {
    let f = facts(
        "Senator Ada Brennan spoke on Monday. Supporters of Brennan said the plan would \
         pass. Shares of Harlan Foods rose.",
    );
    assert_kind(&f, "Supporters of Brennan", None);
    assert_kind(&f, "Shares of Harlan Foods", None);
    let q = f
        .quotes
        .iter()
        .find(|q| q.text.starts_with("the plan would"))
        .unwrap_or_else(|| panic!("{:#?}", f.quotes));
    assert_eq!(q.speaker, None, "{:#?}", f.quotes);
}

#[test]
fn what_stands_before_a_title_and_a_full_name_is_the_post_s() {
    let f = facts(
        "Harlan Watch President Tom Fitton filed suit on Monday. U.S. District Judge \
         Carlton W. Reeves heard it, and Reeves wrote that it failed. Right After This \
         Senator Endorsed Voss, Voss spoke.",
    );
    let e = entity(&f, "Tom Fitton");
    assert_eq!(e.role.as_deref(), Some("Harlan Watch President"), "{e:?}");
    assert_kind(&f, "Carlton W. Reeves", Some(EntityKind::Person));
    assert_kind(&f, "Endorsed Voss", None);
}

#[test]
fn an_adjective_made_of_a_name_opens_no_name() {
    let f = facts(
        "Harlan Foods CEO Tom Voss spoke on Monday. Twitter-happy Voss said he would sell, \
         and the Republican-led Senate agreed.",
    );
    assert_kind(&f, "Twitter-happy Voss", None);
    assert_kind(&f, "Republican-led Senate", None);
    assert_kind(&f, "Senate", Some(EntityKind::Organization));
    assert_alias(&f, "Tom Voss", "Voss");
}

#[test]
fn a_deputy_s_post_is_not_the_post_it_deputises() {
    // "the president" is the president, not the vice president named
    // after him; "the vice president" is the vice president.
    let text = "President Ada Brennan met Vice President Tom Harlan on Monday. \
                “We are ready,” the president said. “So am I,” the vice president said.";
    check_quote(text, "We are ready", Some("Ada Brennan"), QuoteKind::Direct);
    check_quote(text, "So am I", Some("Tom Harlan"), QuoteKind::Direct);
}

#[test]
fn a_headline_s_verb_parts_its_subject_and_object() {
    // Title case capitalises the verb: the run it stands in is two names,
    // and the text's "Hollis said" is not a name glued to the headline.
    let text = "Marta Hollis Says Tom Voss ‘Must Go’\n\n\
                Senator Marta Hollis spoke in Denver on Monday about her rival Tom Voss. \
                “He is unfit,” Hollis said. “I am ready,” Voss said.";
    let f = facts(text);
    assert_kind(&f, "Marta Hollis Says Tom Voss", None);
    assert_kind(&f, "Marta Hollis", Some(EntityKind::Person));
    check_quote(text, "He is unfit", Some("Marta Hollis"), QuoteKind::Direct);
    check_quote(text, "I am ready", Some("Tom Voss"), QuoteKind::Direct);
}

#[test]
fn what_a_title_case_headline_alone_capitalises_is_no_part_of_a_name() {
    // "Stage Star" and "Stunning Thing" are capitalised by the headline's
    // style only; the text names "Nora Ellen Vance" and "Tom Voss". A
    // name only the headline gives in full keeps its given name, and one
    // only a caption gives stays whole.
    let text = "Stage Star Nora Ellen Vance: ‘My Debt To Stunning Thing Tom Voss’\n\n\
                Nora Ellen Vance returns to the theater in June. “It is a gift,” Vance said. \
                Her producer, Tom Voss, agreed. “We are ready,” Voss said.\n\n\
                Mary Quill: We Deserve A Better Deal For All Our Workers\n\n\
                “The deal is bad,” Quill said on Monday, David Okoro told Reuters.\n\n\
                4/34 10 November 2017 David Hale and Anna Berg REUTERS";
    let f = facts(text);
    for junk in ["Stage Star Nora Ellen Vance", "Stunning Thing Tom Voss"] {
        assert_kind(&f, junk, None);
    }
    assert_kind(&f, "Nora Ellen Vance", Some(EntityKind::Person));
    check_quote(
        text,
        "It is a gift",
        Some("Nora Ellen Vance"),
        QuoteKind::Direct,
    );
    check_quote(text, "We are ready", Some("Tom Voss"), QuoteKind::Direct);
    check_quote(
        text,
        "The deal is bad",
        Some("Mary Quill"),
        QuoteKind::Direct,
    );
    // A caption's names, set in capitals as a headline is, stay whole.
    assert_kind(&f, "David Hale", Some(EntityKind::Person));
    assert_kind(&f, "Anna Berg", Some(EntityKind::Person));
}

#[test]
fn a_pronoun_stands_for_someone_of_its_sex() {
    // The nearest person named before "she" is a man the text names with
    // a man's given name: "she" is the woman before him.
    let text = "Carly Ames threw her support behind Sen. Ted Hale on Wednesday. Ames, a \
                former chief executive, made a surprise appearance at Hale’s rally in Miami. \
                She applauded him for defying the establishment.\n\n\
                “Ted Hale has stood up for us,” she said to cheers.\n\n\
                Hale thanked Mrs. Ames on Thursday. “I am grateful,” he said.\n\n\
                “We won,” Ames said. “It was close,” he said.";
    check_quote(text, "Ted Hale has", Some("Carly Ames"), QuoteKind::Direct);
    check_quote(text, "I am grateful", Some("Ted Hale"), QuoteKind::Direct);
    // "he" after her quote does not go on with her.
    check_quote(text, "It was close", Some("Ted Hale"), QuoteKind::Direct);
}

#[test]
fn a_plural_the_verb_shows_names_no_one_and_places_end_in_their_heads() {
    // "Producers say": a surname would take "says". "Greenwich Village",
    // "the Upper East Side", "Times Square" end in a word for a place.
    let f = facts(
        "Ada Brennan drove the car. Producers say they do not recall her objecting. \
         She lived in a Greenwich Village walk-up on the Upper East Side near \
         Times Square, and Brennan says she never complained.",
    );
    assert_kind(&f, "Producers", None);
    for place in ["Greenwich Village", "Upper East Side", "Times Square"] {
        assert_kind(&f, place, Some(EntityKind::Place));
    }
    assert_kind(&f, "Ada Brennan", Some(EntityKind::Person));
}

#[test]
fn a_pair_of_fields_before_a_public_body_s_word_is_one_name() {
    let f = facts(
        "The U.S. Securities and Exchange Commission fined Acme Bank on Tuesday, and the \
         Food and Drug Administration warned it. Officials of the Fish and Wildlife Service \
         came too. Paul Ryan spoke. Later Ryan and Republican National Committee staff met \
         Laiki Bank and Hellenic Bank officials. He and House Judiciary Committee members \
         left, as did Tom Harlan and Dana Voss. Bob Goodlatte led the hearing, where \
         Goodlatte and Oversight Committee members spoke. The SEC said the fine stood.",
    );
    // Its initials after the country's are its acronym.
    let sec = entity(&f, "U.S. Securities and Exchange Commission");
    assert!(sec.aliases.iter().any(|a| a == "SEC"), "{:#?}", f.entities);
    assert_kind(&f, "SEC", None);
    for name in [
        "U.S. Securities and Exchange Commission",
        "Food and Drug Administration",
        "Fish and Wildlife Service",
        "Republican National Committee",
        "Laiki Bank",
        "Hellenic Bank",
        "House Judiciary Committee",
        "Oversight Committee",
    ] {
        assert_kind(&f, name, Some(EntityKind::Organization));
    }
    assert_kind(&f, "Paul Ryan", Some(EntityKind::Person));
    for name in ["Tom Harlan", "Dana Voss"] {
        assert_kind(&f, name, Some(EntityKind::Person));
    }
    for name in [
        "Exchange Commission",
        "U.S. Securities",
        "Ryan and Republican National Committee",
        "Laiki Bank and Hellenic Bank",
        "Goodlatte and Oversight Committee",
    ] {
        assert_kind(&f, name, None);
    }
}

#[test]
fn on_and_a_field_after_a_body_s_word_are_its_name() {
    let f = facts(
        "The Council on Foreign Relations and the Commission on Presidential Debates met \
         the Center on Budget and Policy Priorities. The Security Council on Syria was split, \
         the Committee on Tuesday voted, and the National Institute on Aging said so. She \
         spoke at the Council of Foreign Relations, where Department of State John Kerry \
         and the IRS and Drug Enforcement Administration were named.",
    );
    for name in [
        "Council on Foreign Relations",
        "Commission on Presidential Debates",
        "Center on Budget and Policy Priorities",
        "National Institute on Aging",
        "Security Council",
        "Committee",
        "Council of Foreign Relations",
        "IRS",
        "Drug Enforcement Administration",
    ] {
        assert_kind(&f, name, Some(EntityKind::Organization));
    }
    for name in [
        "Security Council on Syria",
        "Committee on Tuesday",
        "Presidential Debates",
        "Relations",
        "IRS and Drug Enforcement Administration",
    ] {
        assert_kind(&f, name, None);
    }
    assert_kind(&f, "John Kerry", Some(EntityKind::Person));
}

#[test]
fn a_body_named_with_its_country_and_without_is_one_unless_two_countries_have_it() {
    let f = facts(
        "The U.S. Food and Drug Administration approved the drug on Monday. The Food and \
         Drug Administration said more tests follow. The Chinese Foreign Ministry and the \
         Russian Foreign Ministry both spoke, and the Foreign Ministry in Paris was silent. \
         The Vermont Democratic Party backs the Democratic Party.",
    );
    let fda = entity(&f, "U.S. Food and Drug Administration");
    assert!(
        fda.aliases
            .iter()
            .any(|a| a == "Food and Drug Administration"),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "Food and Drug Administration", None);
    for name in [
        "Chinese Foreign Ministry",
        "Russian Foreign Ministry",
        "Foreign Ministry",
        "Vermont Democratic Party",
        "Democratic Party",
    ] {
        assert_kind(&f, name, Some(EntityKind::Organization));
    }
}

#[test]
fn a_lone_surname_after_the_reporting_verb_is_the_speaker() {
    // The inverted form names its speaker as the plain one does, even by a
    // surname the text gives nowhere else.
    for text in [
        "The council met. “Every district is under strain,” said Varga.",
        "The council met. “Every district is under strain,” said Varga, who returned from the coast.",
        "The council met. “Every district is under strain,” Varga said.",
    ] {
        check_quote(text, "Every district", Some("Varga"), QuoteKind::Direct);
    }
    // A day after the verb is no one.
    no_quote_said_by(
        "The council met. “Every district is under strain tonight,” said Monday.",
        None,
    );
    // Not the one told, nor a word the quote itself says after its own
    // verb, nor a name that describes the speaker.
    let f = facts(
        "He flew to Dallow, Varnia. “They did not say Brenmoor. They said Dallow,” Jacques Orel, a clerk, told Kaldor.",
    );
    let people = names_of(&f, EntityKind::Person);
    assert_eq!(people, ["Jacques Orel"]);
    // An apposition's comma before the subject's own verb: the word after
    // the verb is no one.
    let f = facts("Split: Actress Mara Voss, 47, announced Tarrow that her marriage had ended.");
    assert!(
        f.entities.iter().all(|e| e.name != "Tarrow"),
        "{:?}",
        f.entities
    );
    check_quote(
        "The council met. “Every district is under strain,” said Varnia's defence minister Odo Brask.",
        "Every district",
        Some("Odo Brask"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_quote_in_a_participle_s_clause_is_the_subject_s() {
    for (text, speaker) in [
        (
            "Senator Ruth Ayala mocked the “reporter,” saying, “A reporter who posts on request!”",
            "Ruth Ayala",
        ),
        (
            "In a statement released Thursday, Senator Ruth Ayala reacted to the news, saying: “The mill must reopen now.”",
            "Ruth Ayala",
        ),
        (
            "Senator Ruth Ayala took a risk by joking, telling the crowd, “I am a negotiator like you, folks.”",
            "Ruth Ayala",
        ),
    ] {
        let said = direct_quote(text).speaker;
        assert_eq!(said.as_deref(), Some(speaker), "{text}");
    }
    // After a quote attributed in the same sentence, the clause goes on
    // with that quote's speaker, past a show's title.
    check_quote(
        "Mayor Ivo Lund spoke. “The bridge will be built,” Lund said on KRT's “Morning Hour,” adding, “Nobody will stop it now.”",
        "Nobody will stop",
        Some("Ivo Lund"),
        QuoteKind::Direct,
    );
    // Past a phrase set before the subject, not a name inside it.
    check_quote(
        "In an interview with the Valley Ledger on Thursday, Senator Ruth Ayala took a stand, telling the crowd: “The mill must reopen now.”",
        "The mill must",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    // A sentence a quote opens has no subject before the participle: the
    // name inside the quote said nothing.
    check_not_said_by("Mayor Ivo Lund spoke. “Mayor Lund must go” was the banner of the march, and the crowd cheered it, saying, “We will not wait any longer.”", "We will not", "Ivo Lund");
    // The name that opens the sentence, after its title, not one further on.
    check_quote(
        "Mr. Ivo Lund rejected Mr. Odo Brask's criticism as political, saying in a statement, “You cannot have it both ways.”",
        "You cannot have",
        Some("Ivo Lund"),
        QuoteKind::Direct,
    );
    // A clause inside the sentence may hold the participle's own subject.
    no_quote_said_by("Senator Ivo Lund's race descended into farce when it was stopped, with some drivers, including Odo Brask, claiming conditions were “fine”.", None);
    // A participle after a quote opens no "said X" form: what follows it
    // is what was said, not who said it.
    check_quote(
        "Senator Ruth Ayala defended “valley values,” saying the valley embodied the “courage and the soul of the state.”",
        "courage and the soul",
        Some("Ruth Ayala"),
        QuoteKind::Partial,
    );
    // A participle with no comma before it opens no such clause, and the
    // subject must open the sentence.
    no_quote_said_by(
        "Critics of Senator Ruth Ayala keep saying “the mill is finished for good.”",
        Some("Ruth Ayala"),
    );
}

#[test]
fn a_capitalised_reporting_verb_inside_a_sentence_is_a_name_s_word() {
    // "States" of "the United States" and a surname "Read" are no verbs.
    check_quote(
        "Last year, banker Olga Mirren said she welcomed a move to the United States and added, “I will plead guilty, no problem.”",
        "I will plead",
        Some("Olga Mirren"),
        QuoteKind::Direct,
    );
    check_quote(
        "The merger was signed. “We believe this deal is a great deal for shareholders,” Read said.",
        "We believe this deal",
        Some("Read"),
        QuoteKind::Direct,
    );
}

#[test]
fn phrases_that_report_and_a_short_sentence_before_a_quote() {
    // The speaker, and the words that report (which the subject of the
    // sentence alone would not give).
    for (text, cue) in [
        (
            "Senator Ruth Ayala went on to say, “From the bottom of my soul, I know this to be true.”",
            "say",
        ),
        (
            "But as Senator Ruth Ayala pointed out, “Still, the mill has declined to release any figures.”",
            "pointed out",
        ),
        (
            "As Senator Ruth Ayala put it, “Hello, it is the return of the mill.”",
            "put it",
        ),
        (
            "As Senator Ruth Ayala puts it, “Hello, it is the return of the mill.”",
            "puts it",
        ),
        (
            "Senator Ruth Ayala agreed. “The mill is running out of time to find a buyer.”",
            "agreed",
        ),
    ] {
        let q = direct_quote(text);
        assert_eq!(q.speaker.as_deref(), Some("Ruth Ayala"), "{text}");
        assert_eq!(q.cue.as_deref(), Some(cue), "{text}");
    }
    // A quote with words of its own after it is not the sentence
    // before's.
    no_quote_said_by(
        "Senator Ruth Ayala agreed. “Is the plan off?” Odo Brask repeated.",
        Some("Ruth Ayala"),
    );
}

#[test]
fn a_person_of_a_body_a_name_before_a_colon_and_what_one_called() {
    for (text, speaker) in [
        // The person a body is "of" speaks, not the body.
        (
            "The vote was close. Ivo Lund of the Valley Ledger wrote, “If you want people to know you care, show it.”",
            "Ivo Lund",
        ),
        // A name right before the colon, object of the verb or not.
        (
            "The timing of the surge does not surprise Republican pollster Odo Brask: “Lesser-known candidates have always seen a boost.”",
            "Odo Brask",
        ),
        // What one called.
        (
            "The Valley Mill Union hoped to shed what Mayor Ivo Lund called “a perception problem.”",
            "Ivo Lund",
        ),
        // Past each phrase set before the subject.
        (
            "In June, after Odo Brask suffered a concussion, Senator Ruth Ayala sent her condolences, telling her, “You are an all-star player.”",
            "Ruth Ayala",
        ),
    ] {
        let said = facts(text).quotes.into_iter().next().and_then(|q| q.speaker);
        assert_eq!(said.as_deref(), Some(speaker), "{text}");
    }
    // One spoken to before the colon is no speaker: the sentence's
    // subject is.
    check_quote(
        "The vote was close. Senator Ruth Ayala delivered a blunt message to Odo Brask: “It is time to quit attacking people.”",
        "It is time",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_long_aside_between_the_speaker_and_the_verb() {
    for (text, speaker) in [
        // A relative clause of more than ten words.
        (
            "Senator Ruth Ayala, who has told aides she sees the two issues as closely interconnected, said in a statement: “We cannot wait.”",
            "Ruth Ayala",
        ),
        // An apposition with commas of its own names a body on the way.
        (
            "The jet was an unusual choice. Ivo Lund, chief executive officer of Valley Jet Services, an aviation consulting firm and charter broker for companies, said: “It is a big plane.”",
            "Ivo Lund",
        ),
    ] {
        let q = facts(text).quotes.into_iter().last().unwrap();
        // Found as the verb's subject, not only as the sentence's.
        assert_eq!(
            (q.speaker.as_deref(), q.cue.as_deref()),
            (Some(speaker), Some("said")),
            "{text}"
        );
    }
    // A verb inside a relative clause of the aside is the aside's.
    let f = facts(
        "The girls were freed. Ivo Lund, a native of Dallow whose cousin was abducted, said in an interview that he hoped more girls could be rescued.",
    );
    let hoped = f
        .quotes
        .iter()
        .find(|q| q.text.contains("more girls"))
        .unwrap();
    assert_eq!(hoped.speaker.as_deref(), Some("Ivo Lund"), "{hoped:?}");
    // A clause of what was said, with its own verb, is no aside: the
    // words before it name no speaker.
    no_quote_written_as("While the mayor is keen to declare his plan a success, he is unlikely to end the contentious testing regime, said Ivo Lund, an analyst at the Valley Ledger.", "a success");
}

#[test]
fn a_quote_goes_on_after_a_shows_title_a_rhetorical_question_or_an_and() {
    // A show's title with American style's period inside its marks is no
    // quote, and the quote after it goes on from the one before.
    let text = "The mill closed on Monday. \"The mill is a fraud,\" Ruth Ayala said Sunday on \
                NBC's \"Meet the Press.\" \"Listening to them is painful.\"";
    check_quote(
        text,
        "Listening to them",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    assert!(
        !facts(text)
            .quotes
            .iter()
            .any(|q| q.text.contains("Meet the Press")),
        "{text}"
    );
    // A question its speaker merely said, then a paragraph of quote: the
    // same speaker goes on.
    check_quote(
        "Mayor Ruth Ayala spoke on Monday.\n\n\
         “There is something about all those stories, right?” said Ayala, who thinks often \
         about the mill.\n\n\
         “I mean, I do not think those things are coincidences.”",
        "I mean",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    // A question asked is answered by someone else.
    check_not_said_by(
        "Mayor Ruth Ayala spoke on Monday.\n\n\
         “Is there something about all those stories?” asked Ayala, who chaired the \
         hearing.\n\n\
         “I do not think those things are coincidences.”",
        "I do not think",
        "Ruth Ayala",
    );
    // Nor a question put to someone before it.
    check_not_said_by(
        "Mayor Ruth Ayala spoke on Monday.\n\n\
         At the hearing, Ayala said to the clerk: “Is there something about all those \
         stories?”\n\n\
         “I do not think those things are coincidences.”",
        "I do not think",
        "Ruth Ayala",
    );
    // Two quotes joined by "and" alone share their speaker; a sentence
    // that opens with "Or" is a new one.
    check_quote(
        "Senator Ruth Ayala took a risk, telling the crowd, “I am a negotiator like you,” \
         and, “Is there anyone in this room who does not make deals?”",
        "Is there anyone",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    check_not_said_by(
        "Senator Ruth Ayala read the ads aloud, saying, “Open late near the mill tonight.” \
         Or, “Massage near the mill at any time of the day or night.”",
        "Massage near",
        "Ruth Ayala",
    );
}

#[test]
fn an_opening_mark_where_the_closing_one_belongs_ends_the_quote() {
    let q = direct_quote(
        "The mill closed. “It is unusual,“ said Odo Brask, a lawyer with the mill workers' \
         union. “It is a hard thing to do.”",
    );
    assert_eq!(q.text, "It is unusual");
    assert_eq!(q.speaker.as_deref(), Some("Odo Brask"));
}

#[test]
fn an_apposition_left_open_before_the_verb() {
    // The person the clause opens with speaks, not the body the
    // description names.
    for text in [
        "Anton Vale, president and CEO of the Valley Restaurant Association stated, \
         “It is not a political problem; it is a math problem.”",
        "Anton Vale, the communications director for the Valley Party said, \
         “There are no paper ballots to recount.”",
        "Anton Vale, the longtime director said, “There are no paper ballots to recount.”",
        // In the sentence before the quote, a tail of where after its verb.
        "Anton Vale, the communications director for the Valley Party said in a statement. \
         “There are no paper ballots to recount.”",
    ] {
        assert_eq!(
            direct_quote(text).speaker.as_deref(),
            Some("Anton Vale"),
            "{text}"
        );
    }
    // Not a person set before the clause, nor one named after the comma.
    for (text, not) in [
        (
            "Unlike Anton Vale, the Valley Party said, “There are no ballots to recount.”",
            "Anton Vale",
        ),
        (
            "Anton Vale, Ruth Ayala and the Valley Party said, “There are no ballots to recount.”",
            "Anton Vale",
        ),
        // What follows the comma is a clause with a verb of its own.
        (
            "Anton Vale, the Valley Party has said, “There are no ballots to recount.”",
            "Anton Vale",
        ),
    ] {
        check_not_said_by(text, "There are no ballots", not);
    }
    // A verb after "if" or "unless" reports nothing: no speaker "the
    // Valley Party if".
    for word in ["if", "unless"] {
        let text = format!(
            "Anton Vale met the board. He would bring his skill to the Valley Party \
             {word} asked. “I am going to support them.”"
        );
        assert_eq!(direct_quote(&text).speaker_as_written, None, "{text}");
    }
}

#[test]
fn a_preposition_opening_a_sentence_is_no_part_of_a_name() {
    let f = facts(
        "Unlike Ruth Ayala, the council voted on Monday. Like Odo Brask, it wants the mill open.",
    );
    assert_eq!(
        names_of(&f, EntityKind::Person),
        ["Ruth Ayala", "Odo Brask"]
    );
}

#[test]
fn a_name_that_qualifies_a_post_leaves_the_subject_to_its_holder() {
    for text in [
        // The subject of a sentence holding a title.
        "Mayor Ruth Ayala spoke. Ayala campaign manager Odo Brask released a memo titled \
         “The Facts on Where the Race Stands and Why.”",
        // The subject of a participle's clause.
        "Mayor Ruth Ayala spoke. Former Ayala speechwriter Odo Brask published a column, \
         writing, “Electing her in 2016 is more important than anything in 2008.”",
    ] {
        let said = facts(text)
            .quotes
            .into_iter()
            .next()
            .and_then(|q| q.speaker);
        assert_eq!(said.as_deref(), Some("Odo Brask"), "{text}");
    }
    // A verb or a preposition between the names: the first is the subject.
    for text in [
        "Mayor Ruth Ayala spoke. Ayala praised Odo Brask for a column, writing, \
         “Electing her in 2016 is more important than anything in 2008.”",
        "Mayor Ruth Ayala spoke. Speaking at a town hall, Ayala went after Odo Brask, \
         calling him “a total stiff who will not last.”",
        // (A post is at most three words.)
        "Mayor Ruth Ayala spoke. Ayala hailed longtime loyal campaign manager Odo Brask \
         in a memo titled “The Facts on Where the Race Stands and Why.”",
        "Mayor Ruth Ayala spoke. Ayala and campaign manager Odo Brask released a memo \
         titled “The Facts on Where the Race Stands and Why.”",
    ] {
        check_not_said_by(text, "", "Odo Brask");
    }
}

#[test]
fn the_one_a_relative_clause_describes_speaks_not_its_object() {
    for (text, written) in [
        (
            "The vote was close. One city official who relayed the exchange said, \
             “We have to treat him fairly.”",
            "One city official",
        ),
        // People the text does not name, whoever the clause names.
        (
            "The mill closed. Several voters who met Mayor Ruth Ayala said, \
             “She listens to us, and we like that.”",
            "Several voters",
        ),
        (
            "The mill closed. Several hundred angry local voters who met Mayor Ruth Ayala said, \
             “She listens to us, and we like that.”",
            "Several hundred angry local voters",
        ),
        // The phrase the "of" hangs on.
        (
            "The mill closed. The family of a city lawmaker who has been jailed since July \
             said her detention had been extended for six months.",
            "The family of a city lawmaker",
        ),
        // The pronoun as the object of "said": the subject after it speaks.
        (
            "The charge sheet against Ruth Ayala included assault against a soldier, \
             who the army said was bruised on his brow.",
            "the army",
        ),
        (
            "The charge sheet against Ruth Ayala included assault against a soldier, \
             who Mayor Odo Brask said was bruised on his brow.",
            "Mayor Odo Brask",
        ),
        (
            "The charge sheet against Ruth Ayala included assault against a soldier, \
             who an army spokesman said was bruised on his brow.",
            "an army spokesman",
        ),
        // ("of" only: not the words before the phrase.)
        (
            "The mill closed. After the vote, a city official who relayed the exchange \
             said, “We have to treat him fairly.”",
            "a city official",
        ),
        // "One" is a determiner as "a" is.
        (
            "The mill closed. One man wrote, “She waddles up there and could barely bend over.”",
            "One man",
        ),
        // The clause runs to the verb: not past a comma.
        (
            "The mill closed. Asked about the man who shot Odo Brask, the council said, \
             “We will reopen the mill in spring.”",
            "the council",
        ),
    ] {
        let f = facts(text);
        assert!(
            f.quotes
                .iter()
                .any(|q| q.speaker_as_written.as_deref() == Some(written)),
            "{text}: {:#?}",
            f.quotes
        );
        assert!(
            f.quotes
                .iter()
                .all(|q| q.speaker.as_deref() != Some("Ruth Ayala")),
            "{text}: {:#?}",
            f.quotes
        );
    }
    // A clause of its own inside: the person named before the verb speaks.
    let q = direct_quote(
        "Odo Brask and Anton Vale met. The debate between Brask and Vale grew so heated over \
         who backed which bill that Mayor Ruth Ayala said, “I need a translator for all of \
         this.”",
    );
    assert_eq!(q.speaker.as_deref(), Some("Ruth Ayala"), "{q:?}");
    assert_eq!(
        q.speaker_as_written.as_deref(),
        Some("Mayor Ruth Ayala"),
        "{q:?}"
    );
}

#[test]
fn news_agencies_are_organisations_and_a_datelines_agency_is_no_mention() {
    let f = facts(
        "SEOUL (Yonhap) - North Korea fired a missile on Monday, Xinhua reported. \
         Reuters could not verify the launch.",
    );
    assert_kind(&f, "Xinhua", Some(EntityKind::Organization));
    assert_kind(&f, "Reuters", Some(EntityKind::Organization));
    // The agency a dateline credits wrote the article; it is not named in it.
    assert_kind(&f, "Yonhap", None);
    // In brackets elsewhere it is named: far into its paragraph, or with no
    // dash after it.
    for text in [
        "The launch on Monday was first reported by the country's largest news agency \
         (Yonhap) - and then by others.",
        "The country's news agency (Yonhap) said the missile flew far.",
    ] {
        assert_kind(&facts(text), "Yonhap", Some(EntityKind::Organization));
    }
}

#[test]
fn a_source_stands_for_no_one_named_and_a_credit_line_for_no_speaker() {
    // "The source" is how news names those it does not name.
    no_quote_said_by(
        "Mayor Ruth Ayala spoke on Monday. “The vessels are smuggling fuel,” the first \
         security source told the Valley Ledger.",
        Some("Ruth Ayala"),
    );
    // A paragraph of a dash and an agency's name credits the article.
    no_quote_said_by(
        "Mayor Ruth Ayala spoke on Monday. She called him “my best friend.”\n\n- Reuters.",
        Some("Reuters"),
    );
    // In the quote's paragraph a dash and a body give the source.
    check_quote(
        "Mayor Ruth Ayala spoke on Monday. “The mill must stay open.” — Valley Workers Union",
        "The mill must",
        Some("Valley Workers Union"),
        QuoteKind::Direct,
    );
    // A dash paragraph with a person still gives the source.
    check_quote(
        "Mayor Ruth Ayala spoke on Monday.\n\n\
         “The idea that I would close the mill is absurd.”\n\n\
         — Odo Brask, in the debate",
        "The idea",
        Some("Odo Brask"),
        QuoteKind::Direct,
    );
}

#[test]
fn an_attribution_ending_the_sentence_may_have_a_post_after_its_comma() {
    check_quote(
        "The mill closed. \"If the board finds more records, it intends to search them\" that \
         would respond to the requests, senior trial counsel Ruth Ayala wrote in a court filing.",
        "If the board",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
    // Not a name the clause reaches through a function word: the comma
    // sets off no attribution there.
    check_not_said_by(
        "The mill closed. \"If the board finds more records, it intends to search them\" that \
         would respond, to the union and counsel Ruth Ayala said.",
        "If the board",
        "Ruth Ayala",
    );
}

#[test]
fn a_place_named_by_the_word_before_it_is_a_place() {
    let f = facts(
        "The rocket rose from Cape Verra on Monday. Climbers reached Mount Odo. Talks with \
         the Republic of Valdora went on. The Gulf of Arven warmed. Doctors at Mount Odo \
         Hospital agreed, and the Mount Odo Conservation Program grew. Sea Shepherd Global sailed.",
    );
    for name in [
        "Cape Verra",
        "Mount Odo",
        "Republic of Valdora",
        "Gulf of Arven",
    ] {
        assert_kind(&f, name, Some(EntityKind::Place));
    }
    // An institution's word ends a name, and a long name is no feature's.
    assert_kind(&f, "Mount Odo Hospital", Some(EntityKind::Organization));
    // ("of" makes "Gulf", "Sea" a feature's word; alone they may open
    // anything.)
    for name in ["Mount Odo Conservation Program", "Sea Shepherd Global"] {
        assert_not_kind(&f, name, EntityKind::Place);
    }
}

#[test]
fn contests_holidays_and_titles_of_works_are_no_one() {
    let f = facts(
        "Fans flew in for the Valdora Bowl and the Arven Grand Prix, then stayed for the \
         World Series and for New Year. On Christmas Eve, during Verra Fashion Week, the \
         Ness Marathon and the Quill Masters Tournament the crowds were smaller. Kell Morrow, one of the stars of “Pulp Tarn,” said the radio \
         played ‘Space Odo’ all night. Critics called Zarek Duun the “Mark Vell of Lusk.” “Dane Orrin is back,” \
         one fan wrote.",
    );
    for name in [
        "Valdora Bowl",
        "Arven Grand Prix",
        "World Series",
        "New Year",
        "Christmas Eve",
        "Verra Fashion Week",
        "Ness Marathon",
        "Quill Masters Tournament",
        "Pulp Tarn",
        "Space Odo",
    ] {
        assert_kind(&f, name, None);
    }
    assert_kind(&f, "Kell Morrow", Some(EntityKind::Person));
    // A given name opens a person's name, whatever the marks around it.
    assert_kind(&f, "Mark Vell of Lusk", Some(EntityKind::Person));
    // A name opening a quote of the words said.
    assert_kind(&f, "Dane Orrin", Some(EntityKind::Person));
    // A name in quotation marks is the person's when the text names them
    // by it outside them; not the title named again.
    let f = facts("The crowd chanted “Zarek Duun” for an hour. Duun said little.");
    assert_kind(&f, "Zarek Duun", Some(EntityKind::Person));
    let f = facts("The radio played “Space Odo” twice, then ‘Space Odo’ again.");
    assert_kind(&f, "Space Odo", None);
}

#[test]
fn the_people_of_a_place_and_the_sites_of_a_place_are_no_person() {
    let f = facts(
        "Costa Rican crew members and North African migrants boarded at Verra International \
         Airport. Jets left Odo Air Base \
         on Monday and landed at Kell Air Force Station. The plane crashed in Punta \
         Arven, Guanacaste, Ohio. A call came from Dara Voss, Ohio, on Monday.",
    );
    for name in ["Costa Rican", "North African"] {
        assert_kind(&f, name, None);
    }
    for name in [
        "Verra International Airport",
        "Odo Air Base",
        "Kell Air Force Station",
        "Punta Arven",
    ] {
        assert_kind(&f, name, Some(EntityKind::Place));
    }
    // Only where places stand: after "in", not after "from".
    assert_kind(&f, "Dara Voss", Some(EntityKind::Person));
}

#[test]
fn a_company_named_without_its_corporate_words_is_the_company() {
    let f = facts(
        "Analysts at Varden Kross have estimated that the law will lift earnings. Shares of \
         Varden Kross Group Inc. rose 2 percent.",
    );
    assert_kind(&f, "Varden Kross", None);
    assert_alias(&f, "Varden Kross Group Inc", "Varden Kross");
    // Named as a person by a reporting verb: the founder, beside the firm.
    let f = facts("Zell Ambry said the shares of Zell Ambry Corp. would rise.");
    assert_kind(&f, "Zell Ambry", Some(EntityKind::Person));
    assert_kind(&f, "Zell Ambry Corp", Some(EntityKind::Organization));
}

#[test]
fn regions_new_places_sites_and_numbered_names_are_no_person() {
    let f = facts(
        "Buyers from Northeast Asia and Southern California flew to New Tarnby to see Vella \
         One lift off. New Yorkers cheered at Quorn Field, where New York Vellers play. \
         Sally Field said she was a New Democrat and a New Yorker. Fans sat near Bruce Arena.",
    );
    for name in [
        "Northeast Asia",
        "Southern California",
        "New Tarnby",
        "Quorn Field",
    ] {
        assert_kind(&f, name, Some(EntityKind::Place));
    }
    for name in ["Vella One", "New Yorkers", "New Yorker"] {
        assert_kind(&f, name, None);
    }
    // A person whom no place word stands before; a party's member; a
    // place's team.
    for name in ["Sally Field", "Bruce Arena"] {
        assert_kind(&f, name, Some(EntityKind::Person));
    }
    for name in ["New Democrat", "New York Vellers"] {
        assert_not_kind(&f, name, EntityKind::Place);
    }
}

#[test]
fn an_institutions_word_alone_and_a_shouted_line_are_no_organisation() {
    let f = facts(
        "Police said the Senate would meet. Media reports differed, and the police were \
         quiet. She was taken to Hospital, where the hospital staff waited. The Times \
         reported it three times.\n\nHOW ‘MAKING THEM SMALLER’ YIELDS WEAPONS\n\nWHAT’S \
         WORKING.\n\nTHE END OF ‘TARIFFS’\n\nNASA and the FBI said the EU and NATO, EU \
         leaders, agreed.",
    );
    for name in ["Police", "Media", "Hospital", "HOW", "WORKING", "TARIFFS"] {
        assert_kind(&f, name, None);
    }
    for name in ["Senate", "Times", "NASA", "FBI", "EU", "NATO"] {
        assert_kind(&f, name, Some(EntityKind::Organization));
    }
}

#[test]
fn a_possessive_of_people_inside_a_name_keeps_it_whole() {
    let f = facts(
        "The Democratic People's Republic of Valdora fired a missile, and the People's \
         Liberation Front of Arven answered. The Women's March of Tarnby went on. The people's \
         Vote Leave campaign and Kell's Hospital were named. Men's rights groups met.",
    );
    assert_kind(
        &f,
        "Democratic People's Republic of Valdora",
        Some(EntityKind::Place),
    );
    assert_kind(
        &f,
        "People's Liberation Front of Arven",
        Some(EntityKind::Organization),
    );
    assert_kind(
        &f,
        "Women's March of Tarnby",
        Some(EntityKind::Organization),
    );
    let f = facts("It will launch in May, the official People's Courier said.");
    assert_kind(&f, "People's Courier", Some(EntityKind::Organization));
    // The typographic apostrophe reads the same (the tokenizer writes
    // both possessives "'s").
    let g = facts("It will launch in May, the official People\u{2019}s Courier said.");
    assert_kind(
        &g,
        "People\u{2019}s Courier",
        Some(EntityKind::Organization),
    );
    // Not another possessive, nor the common noun's.
    for name in ["Republic of Valdora", "Kell's Hospital", "Men's rights"] {
        assert_kind(&f, name, None);
    }
}

#[test]
fn a_name_a_verb_follows_after_said_is_the_clause_s_subject_not_the_speaker() {
    // "63 percent said Lund was "justified"": the poll's respondents said
    // it, of Lund.
    no_quote_said_by(
        "Only 52 percent of voters backed the plan. However, 63 percent said Mayor Ivo Lund was “justified” in keeping his illness private.",
        Some("Ivo Lund"),
    );
    no_quote_said_by(
        "Only 52 percent of voters agreed that Mayor Ivo Lund is in “good enough health to serve,” while 73 percent said so of his rival.",
        Some("Ivo Lund"),
    );
    // After the quote, the name is the speaker: ", said Mayor Lund, who ...".
    check_quote(
        "“We will rebuild the bridge,” said Mayor Ivo Lund, who was upbeat.",
        "We will rebuild",
        Some("Ivo Lund"),
        QuoteKind::Direct,
    );
    // A pronoun that a verb follows speaks of the speaker herself.
    check_quote(
        "Senator Ruth Ayala, the former governor, stressed her support of the 2011 raid that killed the rebel leader Odo Brask during a “Leaders Forum” sponsored by Channel Nine News and said she has the essential quality for the job: “Steadiness, and mixed with strength.”",
        "Steadiness",
        Some("Ruth Ayala"),
        QuoteKind::Direct,
    );
}

#[test]
fn a_description_that_names_a_sex_is_no_one_the_text_shows_to_be_of_the_other() {
    // "the businessman" is not the woman named last.
    check_quote(
        "Mr. Odo Brask met Mrs. Ruth Ayala on Monday. “We need change,” the New York businessman said.",
        "We need change",
        Some("Odo Brask"),
        QuoteKind::Direct,
    );
    // "the woman" is no man; unnamed, she is no one named.
    no_quote_said_by(
        "Mr. Odo Brask walked past the stall. “I waited here all day for nothing,” the woman said.",
        Some("Odo Brask"),
    );
    // A spokeswoman is no man either.
    no_quote_said_by(
        "Mr. Odo Brask left the room. “The talks are over,” the spokeswoman said.",
        Some("Odo Brask"),
    );
}

#[test]
fn a_post_before_a_shared_surname_is_the_one_given_that_post_with_the_full_name() {
    let text = "Mira Tovel campaigned in Dunmore on Monday with former President Aldo Tovel \
                at her side. Mrs. Tovel told supporters that jobs would come back.\n\n\
                President Tovel, who left office in 2001, spoke briefly. \
                “She is ready,” the former president said. Tovel later thanked the crowd.";
    let f = facts(text);
    assert_alias(&f, "Aldo Tovel", "President Tovel");
    let mira = entity(&f, "Mira Tovel");
    assert!(
        !mira.aliases.iter().any(|a| a == "President Tovel"),
        "{mira:?}"
    );
    assert_eq!(mira.role, None, "{mira:?}");
    // So "the former president" is he, not the woman named first.
    check_quote(text, "She is ready", Some("Aldo Tovel"), QuoteKind::Direct);
    // With no one given the post, the surname is the one named first, as
    // before.
    let f = facts(
        "Mira Tovel campaigned in Dunmore with Aldo Tovel at her side. \
         Senator Tovel told supporters that jobs would come back.",
    );
    assert_alias(&f, "Mira Tovel", "Senator Tovel");
}

#[test]
fn the_speakers_i_after_a_surname_is_no_part_of_the_name() {
    let f = facts(
        "Ken Ostrow spoke on Tuesday. “President Varga I think set a very high standard,” \
         Ostrow said. Historians compared Elizabeth I with later monarchs.",
    );
    assert!(
        !f.entities.iter().any(|e| e.name == "Varga I"),
        "{:#?}",
        f.entities
    );
    assert_kind(&f, "Varga", Some(EntityKind::Person));
    // A regnal number after a given name stays.
    assert_kind(&f, "Elizabeth I", Some(EntityKind::Person));
}

#[test]
fn a_post_in_apposition_is_the_persons_role() {
    let text = "Mira Tovel spoke first on Monday. Aldo Brenn, the senator from Vermont, \
                also appeared. Tovel thanked him. “We must unite,” the Vermont senator said.";
    let f = facts(text);
    assert_eq!(
        entity(&f, "Aldo Brenn").role.as_deref(),
        Some("senator"),
        "{:#?}",
        f.entities
    );
    check_quote(text, "We must unite", Some("Aldo Brenn"), QuoteKind::Direct);
    // A post the name came with stays its role.
    let f = facts("Senator Aldo Brenn, the party's candidate, appeared on Monday.");
    assert_eq!(entity(&f, "Aldo Brenn").role.as_deref(), Some("Senator"));
}

#[test]
fn a_post_that_is_a_surname_after_a_courtesy_title_is_the_surname() {
    let text = "“Turnout makes a difference,” said Ola King, a prominent Democrat. \
                Mira Tovel, a senior adviser, agreed. Mr. King and Ms. Tovel met on Monday. \
                “It is all about creating enthusiasm,” Mr. King added.";
    check_quote(
        text,
        "It is all about creating",
        Some("Ola King"),
        QuoteKind::Direct,
    );
    // "Mr. President" is still the post, no one's name.
    let f = facts("“Thank you, Mr. President,” Ms. Tovel said.");
    assert_kind(&f, "President", None);
}

#[test]
fn a_description_after_a_fronted_phrase_is_no_apposition() {
    // "Speaking to X, the director said": X is spoken to, not the director.
    let text = "Quin Tarro made the film in 2003. Ola Madsen played a killer in it. \
                Speaking to Hal Deane, the director said: “I love Ola, but I did it myself.”";
    let f = facts(text);
    assert_eq!(entity(&f, "Hal Deane").role, None, "{:#?}", f.entities);
}

#[test]
fn someones_spokesman_is_someone_else() {
    // "the prime minister's spokesman", then "the spokesman said": not
    // the prime minister.
    no_quote_said_by(
        "Prime Minister Odo Brask will work with whoever is elected, the prime minister’s \
         spokesman said. “The PM has made his views very clear,” the spokesman said.",
        Some("Odo Brask"),
    );
    no_quote_said_by(
        "Odo Brask spoke on Monday. Brask's spokesman declined to comment. \
         “We will consider it,” the spokesman said.",
        Some("Odo Brask"),
    );
    // A spokesman named in apposition is still the one.
    check_quote(
        "Odo Brask, the spokesman, spoke on Monday. “We will consider it,” the spokesman said.",
        "We will consider it",
        Some("Odo Brask"),
        QuoteKind::Direct,
    );
}

#[test]
fn an_adjective_that_opens_a_sentence_is_no_part_of_a_name() {
    let f = facts(
        "Longtime Tovel foe files a claim for clients. Mira Tovel's use of a server left \
         information \"compromised,\" the suit says. Outgoing Brenn aides packed up.",
    );
    assert_kind(&f, "Longtime Tovel", None);
    assert_kind(&f, "Outgoing Brenn", None);
    let f = facts("Suspected Terror on Bastille Day. Alleged Brenn aides were held.");
    assert_kind(&f, "Suspected Terror", None);
    assert_kind(&f, "Alleged Brenn", None);
}

#[test]
fn a_name_set_between_commas_after_a_post_is_the_speaker() {
    check_quote(
        "The truck struck the crowd, officials said. The French interior minister, Odo Brask, \
         said early Friday that 80 people were killed in the attack.",
        "80 people were killed",
        Some("Odo Brask"),
        QuoteKind::Indirect,
    );
    check_quote(
        "The spokesman, Odo Brask, said: “We will consider it.”",
        "We will consider it",
        Some("Odo Brask"),
        QuoteKind::Direct,
    );
}
