//! Rules that recognise page furniture, credits and provenance from one line
//! alone. Position-dependent decisions (header, title, trailer) live in
//! `lib.rs`; these rules only say what a line *is* when read on its own.

use std::sync::LazyLock;

use parallax_text::{contains_ci, word_count};
use regex::Regex;

/// What a line is, judged on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing special: text, headline or short label.
    Plain,
    Breadcrumb,
    Bullet,
    Caption,
    Share,
    /// "Related Articles" and friends: the rest is probably links.
    Related,
    /// A comment form or comment section: the article is over.
    CommentForm,
    /// "X's website can also be accessed at ..." (with the site's name).
    AlternateAddress(Option<String>),
    /// A bare URL or domain name.
    Url,
    /// A credit line, as printed without brackets, and the agency it names.
    Credit {
        text: String,
        agency: Option<String>,
    },
    /// A disclaimer or syndication notice; `feed` when it says the text came
    /// from an agency or syndicated feed.
    Disclaimer {
        feed: bool,
    },
    /// "© 2024 Name. All rights reserved." (with the name).
    Copyright(Option<String>),
    /// "By Jane Doe" (the name part).
    Byline(String),
    /// An "Updated: <date>" line.
    Updated,
    /// A widget's text left in a text dump: a sign-up form ("Newsletter
    /// Sign Up Continue reading the main story ... Invalid email
    /// address"), a video player ("JUST WATCHED ... Replay More Videos"),
    /// a gallery's caption ("... Hide Caption 3 of 12"). Page furniture
    /// wherever it stands; it does not end the article.
    Widget,
    /// A news database's label of an exported article's parts
    /// ("ABSTRACT.", "FULL TEXT."): a section label wherever it stands.
    ExportLabel,
}

impl LineKind {
    /// Lines that end the article when met after the body started.
    pub fn ends_body(&self) -> bool {
        matches!(
            self,
            LineKind::Share | LineKind::Related | LineKind::CommentForm
        )
    }
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("furniture regex")
}

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*((?:with\s+(?:additional\s+)?inputs?\s+from|with\s+agency\s+inputs?(?:\s+from)?|additional\s+reporting\s+by|reporting\s+by|compiled\s+by|source\s*:|courtesy(?:\s+of)?\s*:?|inputs?\s+from)\s*(.+?))\s*[.)\]]?\s*$",
    )
});
/// "Jane Roe contributed reporting from Lima.", "Associated Press writers
/// ... contributed to this report."
static CONTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[(\[]?\s*(\p{Lu}.{2,250}?\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?reporting)(?:\s+(?:from|in)\s+[^.]{2,60})?)\s*[.)\]]?\s*$",
    )
});
/// A call to action or a way to reach the writer: "Follow us on Twitter",
/// "Subscribe to our newsletter", "Email Jane Roe at jane@example.com",
/// "Click here for more information". Read as furniture only where it
/// trails the article (`lib.rs`): inside an article such words may be news.
/// Its word boundaries are ASCII ones, as in every pattern here: with
/// Unicode ones the lazy DFA gives up on a line holding anything outside
/// ASCII (a curly quote is enough) and the search falls back to the NFA,
/// which cost about a million instructions a line on the benchmark.
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)follow(?-u:\b).{0,80}(?-u:\b)(?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky)(?-u:\b)|(?-u:\b)follow\s+(?:us|him|her|them)?\s*@\w|(?-u:\b)subscrib(?:e|ing)(?-u:\b).{0,80}(?-u:\b)newsletters?(?-u:\b)|(?-u:\b)newsletters?(?-u:\b).{0,60}(?-u:\b)(?:sign\s+up|subscribe|inbox)(?-u:\b)|(?-u:\b)sign\s+up(?-u:\b)|(?-u:\b)delivered\s+(?:to|through|right\s+(?:to|in))\s+your\s+(?:inbox|letterbox|mailbox|door)|(?-u:\b)right\s+in\s+your\s+inbox(?-u:\b)|(?-u:\b)click(?:ing)?\s+here(?-u:\b)|(?-u:\b)(?:write\s+to|e-?mail|contact|reach)(?-u:\b).{0,60}(?-u:\b)at\s+\S+@\S+|(?-u:\b)(?:may|can)\s+be\s+reached\s+at(?-u:\b)|(?-u:\b)reach\s+the\s+(?:reporters?|writers?|authors?)(?-u:\b)|(?-u:\b)if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|story|post)(?-u:\b)|(?-u:\b)share\s+it\s+with\s+a\s+friend(?-u:\b)|(?-u:\b)use\s+the\s+code(?-u:\b)|^\S+@\S+\.\w+$)",
    )
});

/// Whether a line, read alone, is a call to action or contact line (see
/// `PROMO`).
pub fn is_promo(line: &str) -> bool {
    word_count(line) <= 60 && PROMO.is_match(line)
}

static FEED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(auto[- ]?(?:published|generated)\s+from\s+an?\s+(?:agency|syndicated|news\s+agency|wire)\s+feed|(?:published|sourced|taken)\s+from\s+an?\s+(?:agency|syndicated|wire)\s+feed|has\s+not\s+been\s+edited\s+by\s+\S+\s+staff)",
    )
});
static DISCLAIMER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*(disclaimer|editor'?s\s+note)\s*:"));
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(\([^)]*(?-u:\b)(?:photos?|image|picture|pic|photograph|file\s+photo|video\s+grab|screen\s*grab)(?-u:\b)[^)]*\)\s*$|^(?:file\s+)?(?:photo|image|picture|pic|photograph|caption)s?\s*(?:by|credit|courtesy)?\s*[:|/]|^file\s+photo(?-u:\b)|(?-u:\b)(?:getty\s+images|via\s+getty|epa-efe|shutterstock)(?-u:\b))",
    )
});
/// Wire-style caption openings: "FILE - In this photo ...", "This undated
/// image shows ...".
static CAPTION_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:FILE(?:\s+PHOTO)?\s*[-–—:]|(?i:in\s+)?(?i:this|these)\s+(?i:undated\s+)?(?i:file\s+)?(?i:image|photo|picture|handout|still|frame\s+grab)s?,?\s+(?i:shows?|taken|released|provided|posted|made\s+available)(?-u:\b))",
    )
});

/// A wire photo's credit closing a caption: "... EPA/JANE ROE",
/// "... REUTERS/John Doe".
/// The name is matched unbounded and its length checked after: a bounded
/// repetition of a Unicode class (`{2,40}`) blows up the reverse lazy DFA,
/// which then clears and refills its cache on every line.
static PHOTO_CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|\s)\(?[A-Z]{2,10}(?:[ -][A-Z]{2,10})?\s?/\s?(\p{Lu}[\p{L}.'’ -]+?)\)?\.?$")
});

/// Whether a line ends with a wire photo's credit (see `PHOTO_CREDIT_END`).
fn ends_with_photo_credit(line: &str) -> bool {
    // The pattern needs a slash; checking for one first spares its reverse
    // search on most lines.
    line.contains('/')
        && PHOTO_CREDIT_END
            .captures(line)
            .is_some_and(|c| (3..=41).contains(&c[1].chars().count()))
}
/// Words only a page's widgets print (see [`LineKind::Widget`]), each
/// specific enough that no story's sentence holds it: a form's labels and
/// errors, a player's and a gallery's buttons, a print edition's note.
/// Matched as the widgets set them, case and all ("JUST WATCHED", "Hide
/// Caption" are common words otherwise): literals only, which the regex
/// crate searches for all at once with a vector prefilter, so a line
/// costs about a byte's compare per byte (a case-blind pattern with
/// `\s+` between the words cost the extract stage 60% more on the bench
/// corpus).
static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"Continue reading the main story|Invalid email address|Email address is invalid|You must select a newsletter|not a robot|Replay More Videos|Order Reprints|A version of this article appears in print|JUST WATCHED|MUST WATCH|Hide Caption",
    )
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^[•·▪►◦‣∙]"));
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|on\s+\w+|via\s+\w+))?|tweet|whatsapp|facebook|twitter|linkedin|telegram|pinterest|reddit|e-?mail|print|copy\s+(?:link|url)|subscribe(?:\s+.*)?|sign\s+up(?:\s+.*)?|follow\s+us(?:\s+.*)?|download\s+(?:our|the)\s+app.*|advertisement|advertising|(?:advertisement\s+)?continue\s+reading(?:\s+(?:the\s+)?(?:main\s+)?(?:story|article|below))?|sponsored(?:\s+content)?|listen\s+to\s+(?:this|the)\s+(?:article|story).*|\d+\s*min(?:ute)?s?\s+read|(?:reading\s+time|tempo\s+de\s+leitura|tiempo\s+de\s+lectura|temps\s+de\s+lecture|lesezeit|tempo\s+di\s+lettura)\s*:?\s*\d+\s*\w*|read\s+more|click\s+here.*|(?:font|text)\s+size|a\+?\s*a-?)$",
    )
});
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:related(?:\s+(?:articles?|stories|story|news|posts?|coverage|content|topics|links))?|also\s+read|read\s+also|read\s+more|leggi\s+anche(?:\s+su)?|lee\s+tambi[eé]n|lire\s+aussi|lesen\s+sie\s+auch|leia\s+tamb[eé]m|veja\s+tamb[eé]m|see\s+also|more\s+(?:from|on|stories|news|in)(?-u:\b).*|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in).*|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|top\s+stories|latest\s+(?:news|stories)|editor'?s\s+picks?|tags?)\s*:?(?:\s+.*)?$",
    )
});
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:leave\s+a\s+(?:reply|comment)|\d+\s+comments?|comments?(?:\s*\(\d+\))?|post\s+a\s+comment|add\s+(?:a\s+)?comment|join\s+the\s+(?:conversation|discussion)|your\s+email\s+address\s+will\s+not\s+be\s+published.*|required\s+fields\s+are\s+marked.*|save\s+my\s+name.*|notify\s+me\s+of.*|post\s+comment|(?:name|email|website|comment)\s*\*?)$",
    )
});
static ALTERNATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(.{2,40}?)['’]s\s+(?:website|site)\s+can\s+(?:also\s+)?be\s+accessed|.*(?-u:\b)alternate\s+address(?:es)?(?-u:\b)|.*(?-u:\b)mirror\s+sites?(?-u:\b))",
    )
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:https?://\S+|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$")
});
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(.*?)[.,]?\s*(?:all\s+rights\s+reserved\.?)?$",
    )
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:by|written\s+by|reported\s+by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|la|le|del|di|du|van|von|der|al|bin|da))*(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*)*)\s*(?:[,|/–-].*)?$",
    )
});
static BREADCRUMB_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s+[/›>»|]\s+"));

/// The agency or source named by a credit's tail ("PTI", "Example Wire"): kept
/// when it looks like a name, not a sentence.
fn credit_agency(lead: &str, rest: &str) -> Option<String> {
    let lead = lead.to_ascii_lowercase();
    if lead.contains("reporting by") || lead.contains("compiled by") {
        return None; // people, not agencies
    }
    let rest = rest.trim().trim_end_matches(['.', ')', ']']).trim();
    let names: Vec<&str> = rest
        .split([',', '&', ';'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let first = names.first()?;
    (word_count(first) <= 5 && first.chars().next().is_some_and(|c| c.is_uppercase()))
        .then(|| first.to_string())
}

/// Classifies one trimmed line.
pub fn classify(line: &str) -> LineKind {
    let words = word_count(line);
    if words <= 2 && is_export_label(line) {
        return LineKind::ExportLabel;
    }
    if words <= 40 {
        if let Some(c) = CREDIT.captures(line) {
            let text = c[1].trim().to_string();
            let lead_len = c[1].len() - c[2].len();
            let agency = credit_agency(&c[1][..lead_len], &c[2]);
            // Reporting credits list many people: "(Reporting by A, B and
            // C; Editing by D)".
            let people = c[1][..lead_len].to_ascii_lowercase().contains("by");
            if words <= 12 || people && words <= 40 {
                return LineKind::Credit { text, agency };
            }
        }
        // Prefilters here and below spare the patterns' searches (their
        // bounded `.{2,250}?` and `.*` build many lazy-DFA states) on the
        // lines that cannot match, which are nearly all.
        if let Some(c) = contains_ci(line, "contributed")
            .then(|| CONTRIBUTED.captures(line))
            .flatten()
        {
            return LineKind::Credit {
                text: c[1].trim().to_string(),
                agency: None,
            };
        }
    }
    if DISCLAIMER.is_match(line) || words <= 60 && FEED.is_match(line) {
        return LineKind::Disclaimer {
            feed: FEED.is_match(line),
        };
    }
    let alternate = ["accessed", "alternate", "mirror"]
        .iter()
        .any(|w| contains_ci(line, w));
    if let Some(c) = alternate.then(|| ALTERNATE.captures(line)).flatten() {
        return LineKind::AlternateAddress(c.get(1).map(|m| m.as_str().trim().to_string()));
    }
    if words == 1 && URL.is_match(line) {
        return LineKind::Url;
    }
    if BULLET.is_match(line) {
        return LineKind::Bullet;
    }
    if words <= 60 && CAPTION.is_match(line)
        || words <= 150 && CAPTION_START.is_match(line)
        || words <= 150 && ends_with_photo_credit(line)
    {
        return LineKind::Caption;
    }
    if words <= 12 {
        let bare = line.trim_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != '+');
        if SHARE.is_match(bare) {
            return LineKind::Share;
        }
        if COMMENT.is_match(bare) {
            return LineKind::CommentForm;
        }
        if RELATED.is_match(bare) {
            return LineKind::Related;
        }
        if (line.starts_with('©')
            || line.to_ascii_lowercase().starts_with("copyright")
            || line.starts_with("(c)"))
            && words <= 12
        {
            let name = COPYRIGHT.captures(line).and_then(|c| {
                let n = c[1].trim();
                (!n.is_empty() && word_count(n) <= 5).then(|| n.to_string())
            });
            return LineKind::Copyright(name);
        }
        if let Some(c) = BYLINE.captures(line) {
            return LineKind::Byline(c[1].trim().to_string());
        }
        if crate::dates::is_updated_line(line) {
            return LineKind::Updated;
        }
        if is_breadcrumb(line) {
            return LineKind::Breadcrumb;
        }
    } else if COMMENT.is_match(line.trim_end_matches(['*', ' '])) {
        return LineKind::CommentForm;
    }
    // (A gallery set as one line is as long as its captions: three of
    // its buttons or more make it one.)
    let widgets = WIDGET.find_iter(line).take(3).count();
    if widgets >= 3 || widgets >= 1 && words <= 150 {
        return LineKind::Widget;
    }
    LineKind::Plain
}

/// "ABSTRACT.", "FULL TEXT", "Full Text:": how news databases' exports
/// label an article's summary and its text, in capitals or title case; a
/// story's own subheading is not one of these words alone.
pub(crate) fn is_export_label(line: &str) -> bool {
    let core = line.trim().trim_end_matches(['.', ':']).trim_end();
    matches!(
        core,
        "ABSTRACT" | "Abstract" | "FULL TEXT" | "Full Text" | "Full text" | "HIGHLIGHT" | "BODY"
    )
}

fn is_breadcrumb(line: &str) -> bool {
    let parts: Vec<&str> = BREADCRUMB_SEP.split(line).collect();
    parts.len() >= 2
        && parts.iter().all(|p| (1..=4).contains(&word_count(p)))
        && !line.ends_with(['.', '!', '?', ',', ';'])
        && parts.iter().all(|p| {
            p.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
}

#[cfg(test)]
mod tests {
    use super::LineKind::*;
    use super::*;

    fn check(line: &str, expected: LineKind) {
        assert_eq!(classify(line), expected, "{line:?}");
    }

    #[test]
    fn credits_name_their_agency() {
        let credit = |t: &str, a: Option<&str>| Credit {
            text: t.into(),
            agency: a.map(Into::into),
        };
        check(
            "( With inputs from PTI )",
            credit("With inputs from PTI", Some("PTI")),
        );
        check(
            "(With input from Reuters)",
            credit("With input from Reuters", Some("Reuters")),
        );
        check(
            "With inputs from agencies.",
            credit("With inputs from agencies", None),
        );
        check(
            "(Additional reporting by Jane Roe)",
            credit("Additional reporting by Jane Roe", None),
        );
        check("Source: AFP", credit("Source: AFP", Some("AFP")));
    }

    #[test]
    fn disclaimers_and_feeds() {
        check(
            "Disclaimer: views are the author's own.",
            Disclaimer { feed: false },
        );
        check(
            "This story has not been edited by Example Times staff and is auto-generated from a syndicated feed.",
            Disclaimer { feed: true },
        );
        check(
            "(This article was auto-published from a wire feed)",
            Disclaimer { feed: true },
        );
    }

    #[test]
    fn captions() {
        check(
            "The minister arrives in Lima, Peru, on May 3, 2019. (Photo by AFP)",
            Caption,
        );
        check("Photo: Jane Roe / Example Agency", Caption);
        check("FILE PHOTO: A tanker at port", Caption);
        check("Smoke rises over the city. (AP Photo/John Doe)", Caption);
        check("FILE - This undated image posted on a website on Tuesday, Jan. 14, 2014 shows fighters.", Caption);
        check(
            "This photo taken on May 2, 2020 shows a crowd at the border crossing.",
            Caption,
        );
        check(
            "This image of the bridge was all that remained, the mayor told reporters on Monday.",
            Plain,
        );
        check(
            "Soldiers patrol a business district in the capital on 14 May 2016. EPA/JANE ROE",
            Caption,
        );
        check(
            "Rescue teams search the rubble after the quake. REUTERS/John Doe",
            Caption,
        );
        check(
            "Talks between the EU/UK teams resumed in Brussels on Monday after a pause.",
            Plain,
        );
        // A credit's name is short: a sentence after an agency's slash is
        // text, not a credit.
        check(
            "The deal was announced by the EU/ Brussels officials speaking on background to reporters",
            Plain,
        );
        check("Crowds gather outside the court. (AP/Jo Roe).", Caption);
        check(
            "He said the photo was fake and demanded an apology from the paper.",
            Plain,
        );
    }

    #[test]
    fn navigation_share_comments() {
        check("Home / World / Europe", Breadcrumb);
        check("Sport › Football", Breadcrumb);
        check("SHARE THIS ARTICLE", Share);
        check("Share on Facebook", Share);
        // A paper's link past an advertisement, left in scraped text.
        check("Advertisement Continue reading the main story", Share);
        check("Continue reading", Share);
        check("Continue reading the story of her life, she said.", Plain);
        check("Related Stories", Related);
        check("Also read: Markets fall again", Related);
        check("Leave a comment", CommentForm);
        check(
            "Your email address will not be published. Required fields are marked *",
            CommentForm,
        );
        check(
            "The minister said he would share the findings with parliament.",
            Plain,
        );
    }

    #[test]
    fn site_notices() {
        check(
            "Example News’s website can also be accessed at the following alternate addresses:",
            AlternateAddress(Some("Example News".into())),
        );
        check("www.example.co.uk", Url);
        check(
            "© 2021 Example Daily. All rights reserved.",
            Copyright(Some("Example Daily".into())),
        );
    }

    #[test]
    fn widgets_left_in_a_dump() {
        for line in [
            "Newsletter Sign Up Continue reading the main story Get the Morning Briefing by Email \
             Please verify you're not a robot by clicking the box. Invalid email address. Please \
             re-enter. You must select a newsletter to subscribe to.",
            "JUST WATCHED The river that rose overnight Replay More Videos ... MUST WATCH The \
             river that rose overnight 01:12",
            "Rescuers search a street in the valley. Hide Caption 3 of 12",
            "Order Reprints | Today’s Paper | Subscribe A version of this article appears in \
             print on , on Page A 14 of the New York edition",
            "Email Enter your email address Please enter an email address Email address is \
             invalid",
        ] {
            check(line, Widget);
        }
        // A gallery set as one line, however long, by its buttons.
        let gallery = "Photos: Floods in the valley A street under water in the old town, where \
             the river rose two metres overnight and shops were closed. Hide Caption 1 of 25 "
            .repeat(6);
        assert!(word_count(&gallery) > 150);
        check(gallery.trim(), Widget);
        // A story's long paragraph that a widget's words were glued into
        // once is kept.
        let glued = format!(
            "{} Continue reading the main story",
            "The council met again on Monday and argued for hours about the budget. ".repeat(14)
        );
        check(&glued, Plain);
        // The same words as a story writes them.
        for line in [
            "\"I just watched the debate,\" she said, adding that she would sign up for the \
             newsletter.",
            "Fans must watch the replay of the final, the coach said.",
            "The caption was hidden from view, he said.",
        ] {
            check(line, Plain);
        }
    }

    #[test]
    fn bylines_and_bullets() {
        check(
            "By Jane Roe and John Doe",
            Byline("Jane Roe and John Doe".into()),
        );
        check(
            "By Maria de la Cruz | Example Post",
            Byline("Maria de la Cruz".into()),
        );
        check("• Lagos", Bullet);
        check("By the end of the year prices rose", Plain);
        check("Updated: 3 May 2020 14:00", Updated);
    }
}
