//! The main text of a web page: parallax's own extractor, one pass of
//! scoring over the tree [`crate::dom`] builds.
//!
//! How it reads a page, in order:
//! 1. **Furniture out.** Elements that are never article text (scripts,
//!    navigation, forms, figures and their captions, asides, footers) and
//!    elements whose `class`, `id` or `role` name page furniture (share
//!    bars, comments, related stories, newsletters, ads, bylines) are
//!    dropped with everything under them, unless they hold half of the
//!    page's paragraph text outside its chrome (footer, nav, aside: a
//!    container called `article has-share-bar` is the article), alone or
//!    with the other elements of their class (an article in
//!    `content-nav-section`s), or an element named as the article body (a
//!    platform's `widget Blog` wrapper). Hidden elements are dropped too,
//!    but not collapsed accordion panels (`role="region"`, a class
//!    `accordion-panel-hidden`), whose text a reader opens with a click.
//!    (React's streamed parts, sent last in hidden `S:n` divs, were moved
//!    where they belong by [`crate::dom`].)
//! 2. **Paragraphs vote.** Every paragraph (a `<p>`, or a block holding
//!    text of its own) of at least 25 bytes gives a score (one, its
//!    commas, its length) to its parent, half to its grandparent, less to
//!    older ancestors, as Readability does. An element marked as the
//!    article body (`itemprop=articleBody`, `article-body`,
//!    `story-body`...) gets a head start, as do `<article>` and `<main>`.
//!    The winner is the element with the best score times its share of
//!    text outside links. When three of the five runners-up sit under one
//!    of its ancestors, that ancestor wins; a winner that is its parent's
//!    only content, or only with a subheading (a section), gives way to
//!    the parent. A winner inside one of three or more sibling sections
//!    of a page builder (one first class word, `et_pb_section
//!    et_pb_section_3`) that together hold most of the page's text, its
//!    own under half of theirs, gives way to all of them.
//! 3. **Siblings join.** The winner's siblings join it when they score a
//!    fifth of it, share its class, or are plain paragraphs (an article
//!    split in several containers).
//! 4. **Lists of links out.** Inside the chosen text, lists, tables and
//!    blocks whose text is mostly links (a "read also" box) are dropped.
//! 5. **Text.** Blocks become paragraphs, table cells words apart.
//!
//! When the chosen text is very short (a page of unusual markup), the
//! whole body without its furniture is taken instead, and the news
//! reading that follows (`read_text`) trims what is left.
//!
//! 6. **Checked against what the page states.** A page that states its
//!    article's text in JSON-LD (`articleBody`, or an article's long
//!    `description`) has the chosen text checked against it
//!    ([`main_text_checked`]): when the chosen text holds too little of
//!    it, the chosen element's ancestor that agrees with it best is taken
//!    instead, and the article's diagnostics say which was kept.

use std::sync::LazyLock;

use parallax_text::is_ascii_space;
use rustc_hash::FxHashMap;

use crate::dom::{Data, Dom, Edge, Element, NodeId};

/// Elements whose content is never article text.
fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "nav"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "figure"
            | "figcaption"
            | "footer"
            | "head"
            | "title"
            | "dialog"
            | "menu"
            | "header"
            | "label"
    )
}

/// The page's chrome around any article: never the article's text.
fn is_chrome(name: &str) -> bool {
    matches!(name, "footer" | "nav" | "aside" | "menu" | "dialog")
}

/// What an element's `class`, `id`, `role` and `itemprop` say it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    /// Page furniture: comments, share bars, related stories, ads...
    Furniture,
    /// The article's body, by a name made for it.
    Body,
    /// Words that content containers use ("content", "article", "post").
    Content,
    None,
}

/// Calls `f` with each word of a class or id, as written: split at
/// anything not a letter or digit and at camel-case humps (`postDate` is
/// post, Date). Stops when `f` returns true, and says whether it did. The
/// one splitter for class words, here and in `pagedate`.
pub(crate) fn any_class_word(s: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    for token in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = token.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                if f(&token[start..i]) {
                    return true;
                }
                start = i;
            }
        }
        if start < b.len() && f(&token[start..]) {
            return true;
        }
    }
    false
}

/// Class words that name page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "sharethis",
    "addthis",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendation",
    "recommendations",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "promotion",
    "sponsor",
    "sponsored",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "dfp",
    "outbrain",
    "taboola",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "popup",
    "modal",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "pager",
    "tags",
    "trending",
    "popular",
    "mostread",
    "toolbar",
    "caption",
    "figcaption",
    "byline",
    "author",
    "authors",
    "sidebar",
    "footer",
    "masthead",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "banner",
    "teaser",
    "hidden",
    "sronly",
    "login",
    "paywall",
    "gallery",
    "slideshow",
    "carousel",
    "video",
    "print",
];

/// Class words that name the article body, alone or as two words
/// ("article-body", "story__body", "entry-content").
const BODY_WORDS: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "storybody",
    "storycontent",
    "storytext",
    "entrycontent",
    "entrybody",
    "postbody",
    "postcontent",
    "posttext",
    "bodytext",
];

/// Class words that name content, and the halves of the body words.
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "prose",
];

/// What a class word says of its element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Body,
    Furniture,
    Content,
}

/// Every class word that means something, with what it means: one hash
/// look-up a word, where a `matches!` over the three lists cost a chain of
/// comparisons for each.
static CLASS_WORDS: LazyLock<FxHashMap<&'static [u8], WordKind>> = LazyLock::new(|| {
    let lists = [
        (FURNITURE_WORDS, WordKind::Furniture),
        (CONTENT_WORDS, WordKind::Content),
        (BODY_WORDS, WordKind::Body),
    ];
    lists
        .iter()
        .flat_map(|&(words, kind)| words.iter().map(move |&w| (w.as_bytes(), kind)))
        .collect()
});

/// No class word that means something is longer: a longer word is not
/// looked up at all.
const LONGEST_WORD: usize = 15;

/// What a lower-case word means.
fn word_kind(w: &[u8]) -> Option<WordKind> {
    CLASS_WORDS.get(w).copied()
}

/// What an element's `class`, `id`, `role` and `itemprop` words say of
/// it. A body word, alone or made of two content words in a row
/// ("article-body"), wins over furniture, and furniture over content.
/// Runs on every element of every page: each word is lower-cased on the
/// stack, and only when it is short enough to mean something.
fn hint(el: Element<'_>) -> Hint {
    let (mut furniture, mut content) = (false, false);
    // "hidden" beside "accordion" is a panel's collapsed state: the text
    // is there for a reader to open.
    let (mut hidden, mut collapsible) = (false, false);
    // The last word, lower case, when it was a content word.
    let mut previous: Option<([u8; LONGEST_WORD], usize)> = None;
    for key in ["class", "id", "role", "itemprop"] {
        let Some(v) = el.attr(key) else { continue };
        // "field--label-hidden" (Drupal, on every body field) hides the
        // field's label, not the field: such a class says nothing.
        let kept;
        let v = if key == "class" && v.contains("label-hidden") {
            kept = v
                .split_ascii_whitespace()
                .filter(|c| !c.ends_with("label-hidden"))
                .collect::<Vec<_>>()
                .join(" ");
            kept.as_str()
        } else {
            v
        };
        let body = any_class_word(v, |w| {
            if w.len() > LONGEST_WORD {
                previous = None;
                return false;
            }
            let mut low = [0u8; LONGEST_WORD];
            for (d, c) in low.iter_mut().zip(w.bytes()) {
                *d = c.to_ascii_lowercase();
            }
            let word = &low[..w.len()];
            match word_kind(word) {
                Some(WordKind::Body) => return true,
                Some(WordKind::Furniture) if word == b"hidden" => hidden = true,
                Some(WordKind::Furniture) => furniture = true,
                Some(WordKind::Content) => {
                    content = true;
                    if let Some((p, n)) = previous {
                        let mut pair = [0u8; 2 * LONGEST_WORD];
                        pair[..n].copy_from_slice(&p[..n]);
                        pair[n..n + word.len()].copy_from_slice(word);
                        if word_kind(&pair[..n + word.len()]) == Some(WordKind::Body) {
                            return true;
                        }
                    }
                    previous = Some((low, w.len()));
                    return false;
                }
                None => {
                    collapsible |= matches!(word, b"accordion" | b"collapse" | b"collapsible");
                }
            }
            previous = None;
            false
        });
        if body {
            return Hint::Body;
        }
    }
    if furniture || hidden && !collapsible {
        Hint::Furniture
    } else if content {
        Hint::Content
    } else {
        Hint::None
    }
}

/// Hidden by the page itself.
fn is_hidden(dom: &Dom<'_>, id: NodeId) -> bool {
    let Some(el) = dom.element(id) else {
        return false;
    };
    // React's streamed server rendering sends each late part of the page
    // in a `<div hidden id="S:n">` that a script moves over its loading
    // placeholder: shown content, not hidden.
    let streamed = el.attr("id").is_some_and(|i| {
        i.strip_prefix("S:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    // A collapsed accordion panel (WAI-ARIA's pattern: a region labelled
    // by its heading's button) is text a reader opens with a click.
    let panel = el.attr("role") == Some("region")
        || el.attr("aria-labelledby").is_some()
            && !matches!(el.attr("role"), Some("dialog" | "alertdialog"))
            && el.attr("aria-modal").is_none();
    el.attr("hidden").is_some() && !streamed
        || el.attr("aria-hidden") == Some("true")
        || !panel
            && el.attr("style").is_some_and(|s| {
                let s = s.to_ascii_lowercase().replace(' ', "");
                s.contains("display:none") || s.contains("visibility:hidden")
            })
}

/// Commas in a text, the Arabic, ideographic and full-width ones too;
/// counted over bytes unless the text has others than ASCII.
fn count_commas(t: &str) -> u32 {
    let ascii = memchr::memchr_iter(b',', t.as_bytes()).count();
    if t.is_ascii() {
        return ascii as u32;
    }
    (ascii
        + t.chars()
            .filter(|c| matches!(c, '\u{060c}' | '\u{3001}' | '\u{ff0c}'))
            .count()) as u32
}

/// Bytes of a text node that are not white space at its ends. Most text
/// nodes of a page are indentation: ASCII white space is skipped byte by
/// byte, and `str::trim` reads what is not ASCII.
fn text_bytes(t: &str) -> u32 {
    let b = t.as_bytes();
    let Some(start) = b.iter().position(|&c| !is_ascii_space(c)) else {
        return 0;
    };
    let end = b
        .iter()
        .rposition(|&c| !is_ascii_space(c))
        .map_or(start, |e| e + 1);
    if b[start].is_ascii() && b[end - 1].is_ascii() {
        (end - start) as u32
    } else {
        t[start..end].trim().len() as u32
    }
}

/// Per node measures, over text that is not dropped.
struct Measures {
    /// Dropped with its subtree (furniture).
    dropped: Vec<bool>,
    /// Text bytes under the node.
    text: Vec<u32>,
    /// Text bytes under the node inside links.
    link: Vec<u32>,
    /// Commas under the node.
    commas: Vec<u32>,
    /// Text bytes of its own text children.
    own: Vec<u32>,
    hints: Vec<Hint>,
}

fn measure(dom: &Dom<'_>) -> Measures {
    let n = dom.nodes.len();
    // Most marked elements carry a class alone, and a page repeats its
    // classes (menu items, list entries): their hints are remembered by the
    // class's text.
    let mut by_class: FxHashMap<&str, Hint> = Default::default();
    let hints: Vec<Hint> = (0..n as NodeId)
        .map(|id| {
            let Some(el) = dom.element(id) else {
                return Hint::None;
            };
            let (mut class, mut others) = (None, false);
            for (k, v) in el.attrs {
                match &**k {
                    "class" => class = Some(&**v),
                    "id" | "role" | "itemprop" => others = true,
                    _ => {}
                }
            }
            match (class, others) {
                (None, false) => Hint::None,
                (Some(class), false) => *by_class.entry(class).or_insert_with(|| hint(el)),
                _ => hint(el),
            }
        })
        .collect();
    // Paragraph text under each node, drops ignored: what a furniture
    // container must not hold half of.
    // A page without paragraphs (text in `<div>`s and `<br>`s) counts all
    // its printed text instead.
    let mut in_p = vec![false; n];
    let mut unprinted = vec![false; n];
    let mut ptext = vec![0u32; n];
    let mut all = vec![0u32; n];
    for id in 1..n {
        let parent = dom.nodes[id].parent as usize;
        let name = dom.name(id as NodeId);
        in_p[id] = in_p[parent] || matches!(name, "p" | "pre");
        // Text in the page's chrome (a footer's fine print, a menu) is
        // not the page's text: a container holding half of the rest holds
        // the article.
        unprinted[id] = unprinted[parent] || flow(name) == Flow::Hidden || is_chrome(name);
        if let Data::Text(t) = &dom.nodes[id].data {
            if !unprinted[id] {
                all[id] = text_bytes(t);
                if in_p[id] {
                    ptext[id] = all[id];
                }
            }
        }
    }
    for id in (1..n).rev() {
        let parent = dom.nodes[id].parent as usize;
        ptext[parent] += ptext[id];
        all[parent] += all[id];
    }
    if ptext[0] < 500 {
        ptext = all;
    }
    let total_p = ptext[0].max(1);
    // Whether a node holds an element named as the article body: a
    // furniture name above it is a platform's wrapper ("widget Blog").
    let mut holds_body = vec![false; n];
    for id in (1..n).rev() {
        let parent = dom.nodes[id].parent as usize;
        holds_body[parent] |= holds_body[id] || hints[id] == Hint::Body;
    }
    // Elements of one furniture-named class that hold half of the page's
    // paragraph text together are the article in parts: a page whose
    // sections are all "content-nav-section" (targets of an in-page
    // navigation), each under half alone. A related box or a comment
    // thread holds half of a page only when it is most of the page, and
    // then the winner is chosen among them as before.
    let mut in_parts = vec![false; n];
    {
        let mut groups: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
        for id in 1..n {
            if hints[id] != Hint::Furniture || ptext[id] == 0 {
                continue;
            }
            if let Some(c) = dom.attr(id as NodeId, "class").filter(|c| !c.is_empty()) {
                let g = groups.entry(c).or_default();
                g.0 += ptext[id];
                g.1 += 1;
            }
        }
        for id in 1..n {
            if hints[id] != Hint::Furniture {
                continue;
            }
            if let Some(c) = dom.attr(id as NodeId, "class").filter(|c| !c.is_empty()) {
                if let Some(&(sum, count)) = groups.get(c) {
                    in_parts[id] = count >= 2 && sum * 2 >= total_p;
                }
            }
        }
    }
    let mut dropped = vec![false; n];
    for id in 1..n {
        let parent = dom.nodes[id].parent as usize;
        if dropped[parent] {
            dropped[id] = true;
            continue;
        }
        let name = dom.name(id as NodeId);
        if name.is_empty() || matches!(name, "html" | "body" | "main" | "article") {
            continue;
        }
        let holds_article =
            (ptext[id] * 2 >= total_p && ptext[id] > 0) || holds_body[id] || in_parts[id];
        dropped[id] = !holds_article
            && (is_furniture_tag(name)
                || hints[id] == Hint::Furniture
                || is_hidden(dom, id as NodeId));
    }
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut commas = vec![0u32; n];
    let mut own = vec![0u32; n];
    for id in (1..n).rev() {
        if dropped[id] {
            continue;
        }
        if let Data::Text(t) = &dom.nodes[id].data {
            text[id] = text_bytes(t);
            commas[id] = count_commas(t);
        }
        if dom.name(id as NodeId) == "a" {
            link[id] = text[id];
        }
        let parent = dom.nodes[id].parent as usize;
        text[parent] += text[id];
        link[parent] += link[id];
        commas[parent] += commas[id];
        if matches!(dom.nodes[id].data, Data::Text(_)) {
            own[parent] += text[id];
        }
    }
    Measures {
        dropped,
        text,
        link,
        commas,
        own,
        hints,
    }
}

impl Measures {
    fn link_density(&self, id: NodeId) -> f32 {
        let id = id as usize;
        if self.text[id] == 0 {
            0.0
        } else {
            self.link[id] as f32 / self.text[id] as f32
        }
    }
}

/// Whether `id` reads as a paragraph: a `<p>` or `<pre>`, or a block with
/// text of its own (a `<div>` used as a paragraph).
fn is_paragraph(dom: &Dom<'_>, m: &Measures, id: NodeId) -> bool {
    match dom.name(id) {
        "p" | "pre" => true,
        "div" | "section" | "td" | "blockquote" | "article" | "span" | "font" | "center" | "li"
        | "dd" => m.own[id as usize] >= 25,
        _ => false,
    }
}

/// The container's head start, by its name and what it is called.
fn base_score(dom: &Dom<'_>, m: &Measures, id: NodeId) -> f32 {
    let tag = match dom.name(id) {
        "article" | "main" => 10.0,
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let hint = match m.hints[id as usize] {
        Hint::Body => 50.0,
        Hint::Content => 10.0,
        Hint::Furniture => -25.0,
        Hint::None => 0.0,
    };
    tag + hint
}

/// The elements whose text is the page's main text, in document order.
fn choose(dom: &Dom<'_>, m: &Measures) -> Vec<NodeId> {
    let n = dom.nodes.len();
    let mut score = vec![f32::NAN; n];
    for id in 1..n as NodeId {
        let i = id as usize;
        if m.dropped[i] || !is_paragraph(dom, m, id) || m.text[i] < 25 {
            continue;
        }
        let s = 1.0 + m.commas[i] as f32 + (m.text[i] as f32 / 100.0).min(3.0);
        let mut anc = dom.nodes[i].parent;
        for level in 0..5 {
            if anc == 0 || dom.parent(anc).is_none() {
                break;
            }
            let a = anc as usize;
            if score[a].is_nan() {
                score[a] = base_score(dom, m, anc);
            }
            score[a] += match level {
                0 => s,
                1 => s / 2.0,
                l => s / (l as f32 * 3.0),
            };
            anc = dom.nodes[a].parent;
        }
    }
    let final_score = |id: usize| score[id] * (1.0 - m.link_density(id as NodeId));
    let Some(top) = (1..n)
        .filter(|&i| !score[i].is_nan())
        .max_by(|&a, &b| final_score(a).total_cmp(&final_score(b)))
    else {
        return Vec::new();
    };
    let best = final_score(top);
    let mut top = top as NodeId;
    // An article split in several containers (one per paragraph group,
    // or a page builder's sections): when three of the five runners-up
    // (scoring at least 60% of the winner; 75% kept a builder page's
    // smaller sections out, and 50% took in sidebars on news pages)
    // sit under one of the winner's ancestors, that ancestor is the
    // article.
    let mut runners: Vec<usize> = (1..n)
        .filter(|&i| i != top as usize && !score[i].is_nan() && final_score(i) >= best * 0.6)
        .collect();
    runners.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    runners.truncate(5);
    if runners.len() >= 3 {
        let under = |anc: NodeId, mut id: NodeId| loop {
            match dom.parent(id) {
                Some(p) if p == anc => return true,
                Some(p) => id = p,
                None => return false,
            }
        };
        let mut anc = dom.parent(top);
        while let Some(a) = anc.filter(|&a| a != 0 && !matches!(dom.name(a), "body" | "html")) {
            if runners.iter().filter(|&&r| under(a, r as NodeId)).count() >= 3 {
                top = a;
                break;
            }
            anc = dom.parent(a);
        }
    }
    // A winner that is its parent's only content, or only with a
    // subheading: the parent is the article (its other children may be
    // paragraphs split off), or a section of it, whose siblings of the
    // same class then join it.
    while let Some(p) = dom.parent(top) {
        if p == 0 || matches!(dom.name(p), "body" | "html") {
            break;
        }
        // Its heading aside: a section is a heading and its text.
        // (An h1 beside it is the page's headline block, not a section's.)
        let section_heading = |c: NodeId| matches!(dom.name(c), "h2" | "h3" | "h4" | "h5" | "h6");
        let only = dom
            .children(p)
            .filter(|&c| m.text[c as usize] > 0)
            .all(|c| c == top || section_heading(c));
        if !only {
            break;
        }
        top = p;
    }
    if let Some(parts) = builder_sections(dom, m, top) {
        return parts;
    }
    let Some(parent) = dom.parent(top) else {
        return vec![top];
    };
    let threshold = (best * 0.2).max(10.0);
    let class = dom.attr(top, "class").filter(|c| !c.is_empty());
    dom.children(parent)
        .filter(|&c| {
            if c == top {
                return true;
            }
            let i = c as usize;
            if m.dropped[i] || m.text[i] == 0 {
                return false;
            }
            if !score[i].is_nan() && final_score(i) >= threshold {
                return true;
            }
            // A sibling of the same class is the next part of the article
            // (a block per paragraph group).
            if class.is_some() && dom.attr(c, "class") == class && m.link_density(c) < 0.5 {
                return true;
            }
            if is_paragraph(dom, m, c) {
                let ld = m.link_density(c);
                let len = m.text[i];
                return (len > 80 && ld < 0.25) || (ld == 0.0 && len > 0 && ends_sentence(dom, c));
            }
            false
        })
        .collect()
}

/// An article built of a page builder's sections: the winner lies in one
/// of three or more siblings of one first class word (`et_pb_section`,
/// `elementor-section`, `wp-block-group`...) that together hold most of
/// the page's text, and its own holds less than half of theirs. Those
/// siblings, outside links, are the article.
fn builder_sections(dom: &Dom<'_>, m: &Measures, top: NodeId) -> Option<Vec<NodeId>> {
    let body = dom.elements("body").next()?;
    let page = m.text[body as usize];
    let mut a = top;
    for _ in 0..BUILDER_DEPTH {
        let p = dom
            .parent(a)
            .filter(|&p| p != 0 && !matches!(dom.name(p), "body" | "html"))?;
        // The first class word: builders number each section in a
        // class of its own after it (`et_pb_section et_pb_section_3`).
        let first = |c: NodeId| {
            dom.attr(c, "class")
                .and_then(|c| c.split_ascii_whitespace().next())
        };
        if let Some(class) = first(a) {
            let same: Vec<NodeId> = dom
                .children(p)
                .filter(|&c| {
                    first(c) == Some(class)
                        && !m.dropped[c as usize]
                        && m.text[c as usize] > 0
                        && m.link_density(c) < 0.5
                })
                .collect();
            let sum: u32 = same.iter().map(|&c| m.text[c as usize]).sum();
            if same.len() >= 3 && m.text[a as usize] * 2 < sum && sum * 2 >= page {
                return Some(same);
            }
        }
        a = p;
    }
    None
}

/// How far above the winner [`builder_sections`] looks for its section.
const BUILDER_DEPTH: usize = 6;

fn ends_sentence(dom: &Dom<'_>, id: NodeId) -> bool {
    dom.text(id)
        .trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201d}'])
}

/// Inside the chosen text: a list, table or block whose text is mostly
/// links.
fn is_link_list(dom: &Dom<'_>, m: &Measures, id: NodeId) -> bool {
    matches!(
        dom.name(id),
        "ul" | "ol" | "dl" | "table" | "div" | "section" | "nav" | "li"
    ) && m.text[id as usize] > 0
        && m.link_density(id) > 0.5
}

/// Inside the chosen text: a list of other posts, an element with two to
/// [`MAX_TEASERS`] `<article>` children whose headings are links ("Recent
/// posts", "More from the blog": each teaser a linked title, a date, the
/// opening lines). HTML marks each post so. A longer run is the page's
/// own content: a guide's or a directory's entries marked as
/// `<article>`s, each titled with a link to its place.
fn is_teaser_list(dom: &Dom<'_>, id: NodeId) -> bool {
    let linked_title = |post: NodeId| {
        dom.descendants(post).any(|h| {
            matches!(dom.name(h), "h2" | "h3" | "h4" | "h5" | "h6")
                && dom
                    .descendants(h)
                    .any(|a| dom.name(a) == "a" && dom.attr(a, "href").is_some())
        })
    };
    // Every `<article>` child a teaser, and two to MAX_TEASERS of them.
    let posts: Vec<NodeId> = dom
        .children(id)
        .filter(|&c| dom.name(c) == "article")
        .take(MAX_TEASERS + 1)
        .collect();
    (2..=MAX_TEASERS).contains(&posts.len()) && posts.iter().all(|&c| linked_title(c))
}

/// The most posts a list of teasers shows (see [`is_teaser_list`]).
const MAX_TEASERS: usize = 12;

/// What an element does to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Its content is no text (scripts, styles).
    Hidden,
    /// A paragraph, heading, list item, `<br>`...: a paragraph break.
    Block,
    /// A table cell: its words stand apart from the next cell's.
    Cell,
    /// Anything else (links, emphasis): words may run on across it.
    Inline,
}

pub(crate) fn flow(name: &str) -> Flow {
    match name {
        "script" | "style" | "noscript" | "template" | "head" => Flow::Hidden,
        "td" | "th" => Flow::Cell,
        "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
        | "pre" | "figure" | "figcaption" | "table" | "tr" | "section" | "article" | "ul"
        | "ol" | "dl" | "dt" | "dd" | "header" | "footer" | "main" | "aside" | "nav" | "hr"
        | "address" | "center" | "details" | "summary" | "form" | "body" | "html" => Flow::Block,
        _ => Flow::Inline,
    }
}

/// Writes the text of the subtrees at `roots`, blocks as paragraphs,
/// skipping the subtrees `skip` names.
pub(crate) fn write_text(dom: &Dom<'_>, roots: &[NodeId], skip: impl Fn(NodeId) -> bool) -> String {
    let mut out = String::new();
    // What the element edges since the last text ask of the next text.
    let mut pending_space = false;
    for &root in roots {
        let mut pending_break = true;
        dom.walk(root, |edge| {
            let (id, open) = match edge {
                Edge::Open(n) => (n, true),
                Edge::Close(n) => (n, false),
            };
            match &dom.nodes[id as usize].data {
                Data::Element(el) => {
                    if open && skip(id) {
                        return false;
                    }
                    match flow(&el.name) {
                        Flow::Hidden => return false,
                        Flow::Block => pending_break = true,
                        Flow::Cell => pending_space = true,
                        Flow::Inline => {}
                    }
                }
                Data::Text(t) if open => {
                    if t.chars().all(parallax_text::is_space) {
                        if !out.is_empty() && !out.ends_with([' ', '\n']) {
                            out.push(' ');
                        }
                        return true;
                    }
                    if pending_break && !out.is_empty() {
                        out.truncate(out.trim_end_matches(' ').len());
                        if !out.ends_with("\n\n") {
                            out.push_str("\n\n");
                        }
                    } else if !out.is_empty()
                        && !out.ends_with([' ', '\n'])
                        && (pending_space || t.starts_with(char::is_whitespace))
                    {
                        out.push(' ');
                    }
                    (pending_break, pending_space) = (false, false);
                    parallax_text::push_squashed(&mut out, t);
                    if t.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
                _ => {}
            }
            true
        });
    }
    out.trim().to_string()
}

/// The page's main text, paragraphs apart.
pub fn main_text(dom: &Dom<'_>) -> String {
    main_text_checked(dom, None).0
}

/// The text of `roots`, as the main text is written: furniture out, and
/// lists of links and of teasers inside them.
fn text_of(dom: &Dom<'_>, m: &Measures, roots: &[NodeId]) -> String {
    write_text(dom, roots, |id| {
        m.dropped[id as usize]
            || (!roots.contains(&id) && (is_link_list(dom, m, id) || is_teaser_list(dom, id)))
    })
}

/// The page's main text, checked against the body the page states in its
/// structured data (JSON-LD `articleBody`), when it gives one; with what
/// the check found, for the article's diagnostics.
///
/// The structured body is evidence, not the answer: it is often an
/// excerpt, sometimes another text (a teaser, the site's description), and
/// it has no paragraphs. So the tree's text stays when it holds most of
/// the structured body's word triples. When it holds too little, the
/// chosen element's ancestors are tried, and the one whose text agrees best
/// with the structured body (F1 over word triples) is taken when it agrees
/// clearly better: an article in parts whose other parts the scoring left
/// out.
pub fn main_text_checked(dom: &Dom<'_>, structured: Option<&str>) -> (String, Option<String>) {
    let m = measure(dom);
    let chosen = choose(dom, &m);
    let mut text = text_of(dom, &m, &chosen);
    if text.len() < 250 {
        // Unusual markup: the whole body, furniture out.
        let body = dom.elements("body").next().unwrap_or(0);
        let whole = write_text(dom, &[body], |id| {
            m.dropped[id as usize] || is_link_list(dom, &m, id)
        });
        if whole.len() > text.len() {
            text = whole;
        }
    }
    let Some(stated) = structured.and_then(Triples::of_stated) else {
        return (text, None);
    };
    let (_, recall, f1) = stated.agreement(&text);
    let held = recall * 100.0;
    if recall >= AGREES {
        return (
            text,
            Some(format!(
                "the page's structure, which holds {held:.0}% of the text its JSON-LD states"
            )),
        );
    }
    let mut best = (f1, None);
    let mut anc = chosen.first().and_then(|&c| dom.parent(c));
    while let Some(a) = anc.filter(|&a| a != 0) {
        let t = text_of(dom, &m, &[a]);
        let (_, _, f) = stated.agreement(&t);
        if f > best.0 {
            best = (f, Some(t));
        }
        anc = dom.parent(a);
    }
    match best {
        (to, Some(wider)) if to >= f1 + WIDER_BY => (
            wider,
            Some(format!(
                "the page's structure, widened to agree with the text its JSON-LD states (F1 {f1:.2} -> {to:.2})"
            )),
        ),
        _ => (
            text,
            Some(format!(
                "the page's structure, which holds {held:.0}% of the text its JSON-LD states; no wider element agrees better"
            )),
        ),
    }
}

/// The share of the structured body's word triples the tree's text must
/// hold to be taken as it is.
const AGREES: f32 = 0.9;

/// How much better an ancestor must agree with the structured body than
/// the chosen text does to replace it.
const WIDER_BY: f32 = 0.1;

/// A text's word triples (lower case, hashed), for comparing two texts
/// whatever their markup and spacing.
struct Triples(rustc_hash::FxHashSet<u64>);

impl Triples {
    fn of(text: &str) -> Triples {
        use std::hash::{Hash, Hasher};
        let words = crate::word_list(text);
        Triples(
            words
                .windows(3)
                .map(|w| {
                    let mut h = rustc_hash::FxHasher::default();
                    w.hash(&mut h);
                    h.finish()
                })
                .collect(),
        )
    }

    /// A structured body's triples, when it is long enough to judge by
    /// (HTML inside it read as text).
    fn of_stated(body: &str) -> Option<Triples> {
        let t = if body.contains('<') && body.contains('>') {
            let d = Dom::parse(body);
            write_text(&d, &[0], |_| false)
        } else {
            body.to_string()
        };
        let t = Triples::of(&t);
        (t.0.len() >= MIN_STATED).then_some(t)
    }

    /// Precision, recall and F1 of `text`'s triples against these.
    fn agreement(&self, text: &str) -> (f32, f32, f32) {
        let other = Triples::of(text);
        let common = other.0.iter().filter(|h| self.0.contains(h)).count() as f32;
        if common == 0.0 {
            return (0.0, 0.0, 0.0);
        }
        let p = common / other.0.len() as f32;
        let r = common / self.0.len() as f32;
        (p, r, 2.0 * p * r / (p + r))
    }
}

/// The fewest word triples a structured body has to be judged by: a
/// shorter one is a teaser or a description.
const MIN_STATED: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;

    fn main(html: &str) -> String {
        main_text(&Dom::parse(html))
    }

    const PARA: &str = "The council voted on Tuesday to close the old bridge, citing cracks, rust and a failed inspection, and said repairs would take a year.";

    #[test]
    fn the_article_is_found_among_menus_sidebars_and_comments() {
        let html = format!(
            "<html><body><nav><ul><li><a href=/>Home</a><li><a href=/w>World</a></ul></nav>\
             <div class=layout><div class=story><h1>Bridge closed</h1><p>{PARA}</p><p>{PARA}</p>\
             <div class=share-bar>Share on Facebook, Twitter, Email</div><p>{PARA}</p></div>\
             <div class=sidebar><p>{PARA} (sidebar)</p></div></div>\
             <div id=comments><p>{PARA} (a comment)</p><p>{PARA} (another)</p></div>\
             <footer><p>About us, contact, terms, privacy, careers, advertising.</p></footer></body></html>"
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 3, "{text}");
        for furniture in ["Home", "Share on", "sidebar", "comment", "About us"] {
            assert!(!text.contains(furniture), "{furniture} in {text}");
        }
        assert!(text.contains("Bridge closed\n\n"), "{text}");
    }

    #[test]
    fn a_few_linked_posts_inside_the_article_are_dropped_but_a_directory_is_kept() {
        let teaser = |i: usize| {
            format!(
                "<article class=card><h3><a href=/p{i}>Another story {i}</a></h3>\
                 <div class=meta>March {i}, 2025</div><p>Its opening lines run on, and on, and stop</p></article>"
            )
        };
        let teasers: String = (1..=4).map(teaser).collect();
        let html = format!(
            "<html><body><div class=wrap><h1>Bridge closed</h1><p>{PARA}</p><p>{PARA}</p>\
             <p>{PARA}</p><h2>Recent posts</h2><div class=grid>{teasers}</div></div></body></html>"
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 3, "{text}");
        assert!(!text.contains("Another story"), "{text}");
        // Forty entries, each titled with a link to its place: the page's text.
        let entries: String = (1..=40)
            .map(|i| {
                format!(
                    "<article class=venue><h3><a href=/v{i}>Venue {i}</a></h3>\
                     <p>A small room, a long bar, and bread baked each morning by the owner.</p></article>"
                )
            })
            .collect();
        let html = format!(
            "<html><body><div class=wrap><h1>Where to eat</h1><p>{PARA}</p>\
             <div class=list>{entries}</div></div></body></html>"
        );
        let text = main(&html);
        assert!(
            text.contains("Venue 1\n") && text.contains("Venue 40"),
            "{text}"
        );
    }

    #[test]
    fn a_furniture_name_above_the_body_does_not_hide_it() {
        // Blogger wraps every post in `<div class="widget Blog">`.
        let html = format!(
            "<body><div class='widget Blog'><div class='post-body'><div>{PARA}<br>{PARA}</div></div></div>\
             <div class='widget Links'><a href=/a>A link</a> <a href=/b>Another</a></div></body>"
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 2, "{text}");
        assert!(!text.contains("link"), "{text}");
    }

    #[test]
    fn an_article_split_in_blocks_of_one_class_is_read_whole() {
        let block = format!("<div class=part><div class=inner><p>{PARA}</p></div></div>");
        let big = format!(
            "<div class=part><div class=inner><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></div>"
        );
        let html = format!(
            "<body><div id=body>{block}<figure><img src=x><figcaption>A photo</figcaption></figure>{big}{block}</div></body>"
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 7, "{text}");
        assert!(!text.contains("A photo"), "{text}");
    }

    #[test]
    fn a_page_builders_numbered_sections_are_read_together() {
        // A guide laid out by a page builder: each section a row of
        // columns, numbered in a class of its own. The section of
        // paragraphs scores best, but holds less than half of the guide:
        // the rest is short lines in lists.
        let section = |n: usize, inner: &str| {
            format!(
                "<div class=\"pb-section pb-section-{n}\"><div class=pb-row><div class=pb-column><div class=pb-text>{inner}</div></div></div></div>"
            )
        };
        let list = |tips: &[&str]| {
            let items = tips
                .iter()
                .map(|t| format!("<li>{t}</li>"))
                .collect::<String>();
            format!("<ul>{items}</ul>")
        };
        let before = [
            "Soak the seeds overnight in lukewarm water before sowing",
            "Sow them two fingers deep in rows a spade apart",
            "Cover the rows with fleece while the nights are cold",
            "Mark each row with the variety and the day you sowed",
        ];
        let after = [
            "Water the seedlings in the morning before the sun is high",
            "Thin the rows to a hand's width once the leaves open",
            "Mulch with straw after the first hoeing in early summer",
            "Pick the beans young and every other day until the frost",
        ];
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/guides>Guides</a></nav><div class=pb-wrap>{}{}{}</div><footer>Copyright Example Gardens</footer></body>",
            section(0, &format!("<h2>Before you sow</h2>{}", list(&before))),
            section(1, &format!("<h2>When it rains</h2><p>{PARA}</p><p>{PARA}</p>")),
            section(2, &format!("<h2>Through the summer</h2>{}", list(&after))),
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 2, "{text}");
        assert!(
            text.contains(before[0]) && text.contains(after[3]),
            "{text}"
        );
        assert!(
            !text.contains("Copyright") && !text.contains("Guides"),
            "{text}"
        );
    }

    #[test]
    fn lists_of_links_inside_the_article_are_dropped_but_tables_of_figures_kept() {
        let html = format!(
            "<body><article><p>{PARA}</p><ul><li><a href=/1>Read also: one story</a></li>\
             <li><a href=/2>Read also: another story</a></li></ul><p>{PARA}</p>\
             <table><tr class='row player-1'><td>1</td><td>Kyle Roe</td><td>5040</td></tr></table></article></body>"
        );
        let text = main(&html);
        assert_eq!(text.matches(PARA).count(), 2, "{text}");
        assert!(!text.contains("Read also"), "{text}");
        assert!(text.contains("1 Kyle Roe 5040"), "{text}");
    }

    #[test]
    fn hidden_elements_are_not_text() {
        let html = format!(
            "<body><article><p>{PARA}</p><p style='display: none'>Invisible words</p>\
             <div hidden>Hidden words</div><p>{PARA}</p></article></body>"
        );
        let text = main(&html);
        assert!(!text.contains("words"), "{text}");
    }

    #[test]
    fn the_class_word_lists_fit_what_hint_assumes() {
        // Longer words are never looked up.
        for w in FURNITURE_WORDS
            .iter()
            .chain(BODY_WORDS)
            .chain(CONTENT_WORDS)
        {
            assert!(w.len() <= LONGEST_WORD, "{w}");
            assert_eq!(w.to_ascii_lowercase(), *w);
        }
        // A body word split in two ("article-body") is two content words.
        for w in BODY_WORDS {
            assert!(
                (1..w.len())
                    .any(|i| CONTENT_WORDS.contains(&&w[..i]) && CONTENT_WORDS.contains(&&w[i..])),
                "{w}"
            );
        }
        let hint_of = |class: &str| {
            let html = format!("<div class='{class}'>x</div>");
            let dom = Dom::parse(&html);
            hint(dom.element(1).expect("the div"))
        };
        assert!(hint_of("Article-Body share") == Hint::Body);
        assert!(hint_of("storyContent") == Hint::Body);
        assert!(hint_of("post related") == Hint::Furniture);
        assert!(hint_of("main-wrapper") == Hint::Content);
        assert!(hint_of("abcdefghijklmnopqrstuvwxyz-content") == Hint::Content);
        assert!(hint_of("x y z") == Hint::None);
    }

    #[test]
    fn text_bytes_are_those_trim_keeps() {
        for t in [
            "",
            " \n\t ",
            "x",
            "  two words \n",
            "\u{a0}nbsp\u{a0}",
            " é ",
            "\x0bvt\x0c",
            "\u{3000} 全角 \u{3000}",
        ] {
            assert_eq!(text_bytes(t) as usize, t.trim().len(), "{t:?}");
        }
    }

    #[test]
    fn class_words_split_at_humps_and_marks() {
        let mut w = Vec::new();
        any_class_word("c-article__body relatedArticles  share_bar", |x| {
            w.push(x.to_string());
            false
        });
        assert_eq!(
            w,
            ["c", "article", "body", "related", "Articles", "share", "bar"]
        );
        // Letters outside ASCII part words; the walk stops when asked to.
        let mut w = Vec::new();
        let stopped = any_class_word("naïveClass ünterTitel postDate", |x| {
            w.push(x.to_string());
            x == "post"
        });
        assert!(stopped);
        assert_eq!(w, ["na", "ve", "Class", "nter", "Titel", "post"]);
        assert!(!any_class_word("", |_| true));
        assert!(!any_class_word("-- __ é", |_| true));
    }
}
