//! What the analyze stage finds in one article: entities, quotes and
//! numeric claims, each with the byte range it came from in the original
//! text.

use serde::{Deserialize, Serialize};

use crate::Span;

/// What kind of thing an entity is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// A person, organisation or place named in an article, with every way the
/// article refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Entity {
    /// The fullest name the article gives: "Ana Ruiz", "Japanese Foreign
    /// Ministry".
    pub name: String,
    pub kind: EntityKind,
    /// The title or office the article gives: "Vice Foreign Minister".
    pub role: Option<String>,
    /// The country the title or a nationality word ties the entity to.
    pub country: Option<String>,
    /// Other ways the article refers to it ("Ruiz", "Mayor Ruiz", "the
    /// Spanish minister"), each once.
    pub aliases: Vec<String>,
    /// Every mention, including aliases, in the original text.
    pub mentions: Vec<Span>,
}

/// How a quote reports speech.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's words in quotation marks, a whole sentence or clause.
    Direct,
    /// A phrase in quotation marks inside the reporter's own sentence.
    Partial,
    /// Reported speech without quotation marks ("X said that ...").
    Indirect,
}

impl QuoteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Words attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Quote {
    /// The quoted words as printed, without the quotation marks.
    pub text: String,
    pub kind: QuoteKind,
    /// The canonical name of the person or institution it is attributed
    /// to, when the attribution could be resolved.
    pub speaker: Option<String>,
    /// The speaker as the text writes it at the attribution: "he", "the
    /// statement", "Mayor Ruiz".
    pub speaker_as_written: Option<String>,
    /// The reporting verb or phrase: "said", "added", "according to".
    pub cue: Option<String>,
    /// The quoted words in the original text.
    pub span: Span,
    pub speaker_span: Option<Span>,
}

/// What a number in the text counts or measures.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// An amount of money; `unit` is the ISO 4217 currency code.
    Money,
    /// A percentage (`unit` "%") or a change in percentage points.
    Percent,
    /// A span of time; `unit` is "year", "month", "day", ...
    Duration,
    /// A physical quantity with a unit of measure: "5 km", "275 hp".
    Measure,
    /// A count of things; `unit` is the thing, singular: "person".
    Count,
    /// An ordinal anniversary or edition: "75th anniversary".
    Ordinal,
    /// A bare number (an index level, a score).
    Number,
}

impl ClaimKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ClaimKind::Money => "money",
            ClaimKind::Percent => "percent",
            ClaimKind::Duration => "duration",
            ClaimKind::Measure => "measure",
            ClaimKind::Count => "count",
            ClaimKind::Ordinal => "ordinal",
            ClaimKind::Number => "number",
        }
    }
}

/// A figure the text states, normalised, with what it measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Claim {
    /// The figure as printed, hedge included: "nearly 30 per cent".
    pub text: String,
    pub kind: ClaimKind,
    /// The value with its scale applied: "USD 4.5 billion" -> 4.5e9.
    pub value: f64,
    /// The upper end of a range ("$7-$9", "from 5 to 10 days").
    pub value_to: Option<f64>,
    pub unit: Option<String>,
    /// How the text qualifies the figure: "approximately", "at least",
    /// "more than", "less than", "up to".
    pub hedge: Option<String>,
    /// What the figure measures, as the sentence says: "bilateral trade
    /// volume between Japan and India".
    pub measures: Option<String>,
    /// The period it refers to: "first quarter of 2022".
    pub period: Option<String>,
    pub span: Span,
}

impl Claim {
    /// Whether the figure is a share written as a fraction or a ratio
    /// ("two-thirds of the villages", "one in five households"): a
    /// percentage without a percent sign or "percent" in its text, which
    /// no writer gives to the decimal ("two-thirds" is 66.67%, and "66%"
    /// says the same).
    /// Reads the text without allocating: the comparison asks it of every
    /// pair of percentages in an event.
    pub fn is_share(&self) -> bool {
        let has = |w: &str| {
            self.text
                .as_bytes()
                .windows(w.len())
                .any(|b| b.eq_ignore_ascii_case(w.as_bytes()))
        };
        self.kind == ClaimKind::Percent
            && !self.text.contains('%')
            && !has("percent")
            && !has("per cent")
            && !has("pct")
    }
}

/// Everything the analyze stage found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Facts {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
}
