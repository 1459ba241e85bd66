//! A fast, forgiving HTML tree for reading news pages.
//!
//! Hand-written on purpose. html5ever (through `scraper`) builds the
//! spec's tree but costs about 1.7 ms for an average news page (174 KB)
//! here, twice the whole time budget of the extract stage; `tl` is fast
//! but nests a page wrongly (a `<script>` holding `a<b` swallows the rest
//! of the page, an unclosed `<p>` or `<li>` nests every following one).
//! This parser is one pass over the bytes with `memchr`, and builds the
//! tree with the HTML rules that matter for reading text: void elements,
//! raw text (`script`, `style`, `textarea`, `title`, `noscript`), the
//! implied ends of `p`, `li`, `dt`/`dd`, table cells and rows, headings
//! and `option`, end tags honoured only within their scope, and character
//! references (the full named table, from `markup5ever`). What it does not
//! do: foster parenting in tables, the adoption agency for misnested
//! formatting elements, templates, foreign content (`<svg>` elements are
//! kept as ordinary elements). Nesting deeper than [`MAX_DEPTH`] is
//! flattened, so every walk of the tree is bounded.

use std::borrow::Cow;

/// An index into [`Dom::nodes`]. The document is node 0.
pub type NodeId = u32;

const NONE: NodeId = u32::MAX;

/// Open elements deeper than this become siblings instead of children.
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone)]
pub enum Data<'a> {
    Document,
    Element(Tag<'a>),
    Text(Cow<'a, str>),
}

/// An element as stored: its name, and where its attributes lie in
/// [`Dom::attrs`]. Read it through [`Dom::element`].
#[derive(Debug, Clone)]
pub struct Tag<'a> {
    /// Lower case.
    pub name: Cow<'a, str>,
    attrs: (u32, u32),
}

/// An attribute: name lower case, value with character references decoded.
pub type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

/// An element of a [`Dom`], with its attributes.
#[derive(Debug, Clone, Copy)]
pub struct Element<'d> {
    /// Lower case.
    pub name: &'d str,
    pub attrs: &'d [Attr<'d>],
}

impl<'d> Element<'d> {
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        self.attrs
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| &**v)
    }
}

#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub data: Data<'a>,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next_sibling: NodeId,
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    /// Every element's attributes, in one list: an element's own are a run
    /// of it. One allocation for the page instead of one for each element
    /// with attributes, which was a tenth of the parse.
    pub attrs: Vec<Attr<'a>>,
}

/// An edge of a depth-first walk: entering or leaving a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Open(NodeId),
    Close(NodeId),
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
            | "basefont"
            | "bgsound"
    )
}

/// Elements whose content is text up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
    )
}

/// Raw text whose character references are decoded (RCDATA).
fn is_rcdata(name: &str) -> bool {
    matches!(name, "textarea" | "title")
}

/// Start tags that close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "dd"
            | "dt"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The boundaries of the spec's default scope.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template"
    )
}

/// Elements an unmatched inline end tag does not close across.
fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_scope_boundary(name)
        || matches!(
            name,
            "body" | "head" | "tr" | "tbody" | "thead" | "tfoot" | "button" | "select" | "iframe"
        )
}

/// Decodes character references (`&amp;`, `&#8217;`, `&#x2019;`, `&nbsp`).
/// In attribute values a reference without its semicolon is left as
/// written, as browsers do for query strings (`?a=1&copy=2`).
pub fn decode_entities(s: &str, in_attr: bool) -> Cow<'_, str> {
    // This runs on every text and attribute value, most of them short:
    // those are searched byte by byte, as `memchr` costs more to start
    // than that, and long ones with `memchr`.
    let b = s.as_bytes();
    let found = if b.len() < 32 {
        b.iter().position(|&c| c == b'&')
    } else {
        memchr::memchr(b'&', b)
    };
    let Some(first) = found else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (decoded, used) = reference(rest, in_attr);
        match decoded {
            Some(c) => {
                out.push_str(&c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `s` (which starts with `&`): its text and
/// the bytes it used.
fn reference(s: &str, in_attr: bool) -> (Option<String>, usize) {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 0);
        }
        let end = start + digits;
        let code = u32::from_str_radix(&s[start..end.min(start + 8)], if hex { 16 } else { 10 })
            .unwrap_or(0x110000);
        let used = end + usize::from(b.get(end) == Some(&b';'));
        let c = match code {
            0x80..=0x9f => markup5ever::data::C1_REPLACEMENTS[(code - 0x80) as usize]
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            _ => char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        return (Some(c.to_string()), used);
    }
    let len = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 {
        return (None, 0);
    }
    let to_string = |&(a, b): &(u32, u32)| {
        let mut out: String = char::from_u32(a).into_iter().collect();
        out.extend(char::from_u32(b).filter(|_| b != 0));
        out
    };
    if b.get(1 + len) == Some(&b';') {
        if let Some(v) = markup5ever::data::NAMED_ENTITIES.get(&s[1..len + 2]) {
            return (Some(to_string(v)), len + 2);
        }
    }
    if in_attr {
        return (None, 0);
    }
    // The legacy references that may go without their semicolon
    // ("&nbsp", "&copy2020"): the longest that is one.
    for l in (2..=len.min(8)).rev() {
        if let Some(v) = markup5ever::data::NAMED_ENTITIES.get(&s[1..1 + l]) {
            return (Some(to_string(v)), 1 + l);
        }
    }
    (None, 0)
}

struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
    open: Vec<NodeId>,
    /// How many `p` and `head` elements are open: a start tag asks whether
    /// one is, and scanning the open elements for each tag was an eighth
    /// of the parse.
    open_p: u32,
    open_head: u32,
    html: Option<NodeId>,
    body: Option<NodeId>,
}

impl<'a> Builder<'a> {
    fn current(&self) -> NodeId {
        self.open.last().copied().unwrap_or(0)
    }

    fn name(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].data {
            Data::Element(e) => &e.name,
            _ => "",
        }
    }

    fn append(&mut self, parent: NodeId, data: Data<'a>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            data,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        let p = &mut self.nodes[parent as usize];
        let last = p.last_child;
        p.last_child = id;
        if last == NONE {
            p.first_child = id;
        } else {
            self.nodes[last as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, s: Cow<'a, str>) {
        if s.is_empty() {
            return;
        }
        let parent = self.current();
        let last = self.nodes[parent as usize].last_child;
        if last != NONE {
            if let Data::Text(t) = &mut self.nodes[last as usize].data {
                t.to_mut().push_str(&s);
                return;
            }
        }
        self.append(parent, Data::Text(s));
    }

    /// The depth in `open` of the innermost element named one of `names`,
    /// searching no further than a boundary.
    fn in_scope(&self, names: &[&str], boundary: impl Fn(&str) -> bool) -> Option<usize> {
        for (depth, &id) in self.open.iter().enumerate().rev() {
            let name = self.name(id);
            if names.contains(&name) {
                return Some(depth);
            }
            if boundary(name) {
                return None;
            }
        }
        None
    }

    fn close_to(&mut self, depth: usize) {
        while self.open.len() > depth {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if let Some(id) = self.open.pop() {
            match self.name(id) {
                "p" => self.open_p -= 1,
                "head" => self.open_head -= 1,
                _ => {}
            }
        }
    }

    fn start(&mut self, name: Cow<'a, str>, attrs: (u32, u32), self_closing: bool) -> bool {
        let tag: &str = &name;
        match tag {
            "html" if self.html.is_some() => return false,
            "body" if self.body.is_some() => return false,
            "head" if self.body.is_some() || self.open_head > 0 => return false,
            _ => {}
        }
        // A body element met with the head still open ends the head.
        if !matches!(
            tag,
            "meta" | "link" | "title" | "script" | "style" | "base" | "noscript" | "template"
        ) && self.open_head > 0
        {
            if let Some(d) = self.in_scope(&["head"], |_| false) {
                self.close_to(d);
            }
        }
        if self.open_p > 0 && closes_p(tag) {
            if let Some(d) = self.in_scope(&["p"], |n| is_scope_boundary(n) || n == "button") {
                self.close_to(d);
            }
        }
        match tag {
            "li" => {
                if let Some(d) =
                    self.in_scope(&["li"], |n| is_scope_boundary(n) || n == "ul" || n == "ol")
                {
                    self.close_to(d);
                }
            }
            "dt" | "dd" => {
                if let Some(d) = self.in_scope(&["dt", "dd"], |n| is_scope_boundary(n) || n == "dl")
                {
                    self.close_to(d);
                }
            }
            "td" | "th" => {
                if let Some(d) = self.in_scope(&["td", "th"], |n| n == "tr" || n == "table") {
                    self.close_to(d);
                }
            }
            "tr" => {
                if let Some(d) = self.in_scope(&["tr"], |n| n == "table") {
                    self.close_to(d);
                }
            }
            "option" | "optgroup" if self.name(self.current()) == "option" => {
                self.pop();
            }
            "a" => {
                // A link inside a link closes the outer one, unless a block
                // stands between them: a link card (a linked box holding an
                // author's link and a "read" link) keeps its blocks open,
                // as a browser does, so the card's own end tags close them
                // and not the article around it.
                if let Some(d) = self.in_scope(&["a"], is_scope_boundary) {
                    let block_between = self.open[d + 1..]
                        .iter()
                        .any(|&id| is_special(self.name(id)));
                    if !block_between {
                        self.close_to(d);
                    }
                }
            }
            _ if is_heading(tag) && is_heading(self.name(self.current())) => {
                self.pop();
            }
            _ => {}
        }
        let opens = !(is_void(tag) || self_closing) || is_raw_text(tag);
        let (is_html, is_body) = (tag == "html", tag == "body");
        let parent = self.current();
        let id = self.append(parent, Data::Element(Tag { name, attrs }));
        if is_html {
            self.html = Some(id);
        } else if is_body {
            self.body = Some(id);
        }
        if opens && self.open.len() < MAX_DEPTH {
            match self.name(id) {
                "p" => self.open_p += 1,
                "head" => self.open_head += 1,
                _ => {}
            }
            self.open.push(id);
            true
        } else {
            false
        }
    }

    fn end(&mut self, name: &str) {
        let depth = match name {
            "p" if self.open_p == 0 => None,
            "p" => self.in_scope(&["p"], |n| is_scope_boundary(n) || n == "button"),
            "li" => self.in_scope(&["li"], |n| is_scope_boundary(n) || n == "ul" || n == "ol"),
            "body" | "html" => None,
            "table" => self.in_scope(&["table"], |n| n == "html" || n == "template"),
            "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption" => {
                self.in_scope(&[name], |n| n == "table")
            }
            _ if is_special(name) => self.in_scope(&[name], is_scope_boundary),
            // An inline end tag closes its element unless a block stands
            // between them.
            _ => self.in_scope(&[name], is_special),
        };
        if let Some(d) = depth {
            self.close_to(d);
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    !(b.is_ascii_whitespace() || b == b'>' || b == b'/' || b == b'<')
}

/// Reads a start tag's attributes from `s` (after the name) onto `out`;
/// returns whether the tag closed itself (`/>`), and the bytes read
/// through `>`.
fn attributes<'a>(s: &'a str, out: &mut Vec<Attr<'a>>) -> (bool, usize) {
    let b = s.as_bytes();
    let first = out.len();
    let mut i = 0;
    let mut self_closing = false;
    let mut seen: Option<std::collections::HashSet<Cow<'a, str>>> = None;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (self_closing, b.len());
        }
        if b[i] == b'>' {
            return (self_closing, i + 1);
        }
        self_closing = false;
        let start = i;
        i += 1;
        while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'>' | b'/' | b'=')) {
            i += 1;
        }
        let name = lower(&s[start..i]);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                value = &s[i + 1..end];
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !(b[i].is_ascii_whitespace() || b[i] == b'>') {
                    i += 1;
                }
                value = &s[start..i];
            }
        }
        // The first of a repeated attribute wins (as in browsers). A scan
        // of the tag's attributes for the usual few; past them a set, so a
        // tag with 100,000 attributes costs linear time, not quadratic.
        let repeated = match &mut seen {
            Some(set) => !set.insert(name.clone()),
            None if out.len() - first < SCAN_ATTRS => out[first..].iter().any(|(k, _)| *k == name),
            None => {
                let mut set: std::collections::HashSet<Cow<'a, str>> =
                    out[first..].iter().map(|(k, _)| k.clone()).collect();
                let repeated = !set.insert(name.clone());
                seen = Some(set);
                repeated
            }
        };
        if !repeated {
            out.push((name, decode_entities(value, true)));
        }
    }
}

/// Attributes of one tag checked for repeats by a scan; more go in a set.
const SCAN_ATTRS: usize = 16;

/// `s` in lower case, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

impl<'a> Dom<'a> {
    /// Parses a whole page (or a fragment: the tree simply has no `html`
    /// or `body` element then). Never fails; any input gives a tree.
    pub fn parse(html: &'a str) -> Dom<'a> {
        let mut bld = Builder {
            nodes: Vec::with_capacity(html.len() / 40),
            attrs: Vec::with_capacity(html.len() / 80),
            open: Vec::with_capacity(64),
            open_p: 0,
            open_head: 0,
            html: None,
            body: None,
        };
        bld.nodes.push(Node {
            data: Data::Document,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        let b = html.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) else {
                bld.text(decode_entities(&html[i..], false));
                break;
            };
            if lt > i {
                bld.text(decode_entities(&html[i..lt], false));
            }
            let rest = &b[lt + 1..];
            match rest.first() {
                Some(b'!') => {
                    i = if rest.starts_with(b"!--") {
                        memchr::memmem::find(&rest[3..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3)
                    } else {
                        memchr::memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1)
                    };
                }
                Some(b'?') => {
                    i = memchr::memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1);
                }
                Some(b'/') => {
                    let name_len = rest[1..].iter().take_while(|&&c| is_name_byte(c)).count();
                    let close = memchr::memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1);
                    if name_len > 0 && rest[1].is_ascii_alphabetic() {
                        let name = lower(&html[lt + 2..lt + 2 + name_len]);
                        bld.end(&name);
                    }
                    i = close;
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_len = rest.iter().take_while(|&&c| is_name_byte(c)).count();
                    let written = &html[lt + 1..lt + 1 + name_len];
                    let name = lower(written);
                    let first = bld.attrs.len() as u32;
                    let (self_closing, used) =
                        attributes(&html[lt + 1 + name_len..], &mut bld.attrs);
                    let attrs = (first, bld.attrs.len() as u32);
                    i = lt + 1 + name_len + used;
                    let (raw_text, rcdata) = (is_raw_text(&name), is_rcdata(&name));
                    let opened = bld.start(name, attrs, self_closing);
                    if raw_text && !self_closing {
                        // Its text runs to the first `</name` (any case).
                        let end =
                            find_end_tag(&b[i..], written.as_bytes()).map_or(b.len(), |e| i + e);
                        let raw = &html[i..end];
                        if rcdata {
                            bld.text(decode_entities(raw, false));
                        } else {
                            bld.text(Cow::Borrowed(raw));
                        }
                        if opened {
                            bld.pop();
                        }
                        i = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |e| end + e + 1);
                    }
                }
                _ => {
                    bld.text(Cow::Borrowed("<"));
                    i = lt + 1;
                }
            }
        }
        let mut dom = Dom {
            nodes: bld.nodes,
            attrs: bld.attrs,
        };
        if memchr::memmem::find(b, b"id=\"S:").is_some() {
            dom.adopt_streamed();
        }
        dom
    }

    /// React's streamed server rendering sends a page in order but its late
    /// parts at the end: `<template id="B:n"></template>` and a loading
    /// placeholder where a part belongs, the part itself in a
    /// `<div hidden id="S:n">` after the rest, and a script that swaps them
    /// in a browser. Here the part is moved where it belongs and the
    /// placeholder dropped, so the page reads in the order a reader sees.
    fn adopt_streamed(&mut self) {
        let id_of = |dom: &Dom<'_>, n: usize, prefix: &str| -> Option<u32> {
            let el = dom.element(n as NodeId)?;
            el.attr("id")?.strip_prefix(prefix)?.parse().ok()
        };
        let mut holes: std::collections::HashMap<u32, NodeId> = Default::default();
        let mut parts: Vec<(u32, NodeId)> = Vec::new();
        for n in 0..self.nodes.len() {
            match self.name(n as NodeId) {
                "template" => {
                    if let Some(k) = id_of(self, n, "B:") {
                        holes.insert(k, n as NodeId);
                    }
                }
                "div" => {
                    if let Some(k) = id_of(self, n, "S:") {
                        parts.push((k, n as NodeId));
                    }
                }
                _ => {}
            }
        }
        for (k, part) in parts {
            let Some(&hole) = holes.get(&k) else {
                continue;
            };
            // Not into its own subtree.
            let mut up = Some(hole);
            while let Some(u) = up {
                if u == part {
                    break;
                }
                up = self.parent(u);
            }
            if up.is_some() {
                continue;
            }
            self.detach(part);
            // The placeholder: the element after the hole, when it is
            // short ("Loading..."). It goes into the template, which is
            // never read, so that every node keeps a place in the tree;
            // the part takes its place.
            let after = self.nodes[hole as usize].next_sibling;
            let placeholder = after != NONE
                && self.element(after).is_some()
                && self.text(after).trim().chars().count() <= 80;
            if placeholder {
                self.detach(after);
                self.append_child(hole, after);
            }
            self.insert_after(hole, part);
        }
    }

    /// Unlinks `id` from its parent's children; the caller links it in
    /// again elsewhere (code that walks the arena expects every node but
    /// the document to have a parent).
    fn detach(&mut self, id: NodeId) {
        let parent = self.nodes[id as usize].parent;
        if parent == NONE {
            return;
        }
        let next = self.nodes[id as usize].next_sibling;
        let mut prev = NONE;
        let mut c = self.nodes[parent as usize].first_child;
        while c != NONE && c != id {
            prev = c;
            c = self.nodes[c as usize].next_sibling;
        }
        if c == NONE {
            return;
        }
        if prev == NONE {
            self.nodes[parent as usize].first_child = next;
        } else {
            self.nodes[prev as usize].next_sibling = next;
        }
        if self.nodes[parent as usize].last_child == id {
            self.nodes[parent as usize].last_child = prev;
        }
        self.nodes[id as usize].parent = NONE;
        self.nodes[id as usize].next_sibling = NONE;
    }

    /// Links the detached `id` in as the last child of `parent`.
    fn append_child(&mut self, parent: NodeId, id: NodeId) {
        let last = self.nodes[parent as usize].last_child;
        self.nodes[id as usize].parent = parent;
        self.nodes[id as usize].next_sibling = NONE;
        if last == NONE {
            self.nodes[parent as usize].first_child = id;
        } else {
            self.nodes[last as usize].next_sibling = id;
        }
        self.nodes[parent as usize].last_child = id;
    }

    /// Links the detached `id` in right after `at`, under `at`'s parent.
    fn insert_after(&mut self, at: NodeId, id: NodeId) {
        let parent = self.nodes[at as usize].parent;
        let next = self.nodes[at as usize].next_sibling;
        self.nodes[id as usize].parent = parent;
        self.nodes[id as usize].next_sibling = next;
        self.nodes[at as usize].next_sibling = id;
        if parent != NONE && self.nodes[parent as usize].last_child == at {
            self.nodes[parent as usize].last_child = id;
        }
    }

    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        match &self.nodes[id as usize].data {
            Data::Element(t) => Some(Element {
                name: &t.name,
                attrs: &self.attrs[t.attrs.0 as usize..t.attrs.1 as usize],
            }),
            _ => None,
        }
    }

    /// The element's name, "" for text and the document.
    pub fn name(&self, id: NodeId) -> &str {
        match &self.nodes[id as usize].data {
            Data::Element(t) => &t.name,
            _ => "",
        }
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.element(id).and_then(|e| e.attr(name))
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id as usize].parent;
        (p != NONE).then_some(p)
    }

    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = self.nodes[id as usize].first_child;
        std::iter::from_fn(move || {
            (next != NONE).then(|| {
                let id = next;
                next = self.nodes[id as usize].next_sibling;
                id
            })
        })
    }

    /// A depth-first walk of `id`'s subtree, `id` included.
    pub fn edges(&self, id: NodeId) -> impl Iterator<Item = Edge> + '_ {
        let mut next = Some(Edge::Open(id));
        std::iter::from_fn(move || {
            let edge = next?;
            next = match edge {
                Edge::Open(n) => {
                    let first = self.nodes[n as usize].first_child;
                    Some(if first != NONE {
                        Edge::Open(first)
                    } else {
                        Edge::Close(n)
                    })
                }
                Edge::Close(n) if n == id => None,
                Edge::Close(n) => {
                    let node = &self.nodes[n as usize];
                    Some(if node.next_sibling != NONE {
                        Edge::Open(node.next_sibling)
                    } else {
                        Edge::Close(node.parent)
                    })
                }
            };
            Some(edge)
        })
    }

    /// A depth-first walk of `root`'s subtree that may skip subtrees:
    /// `visit(Edge::Open(n))` returning false skips `n`'s children and its
    /// `Close` edge.
    pub fn walk(&self, root: NodeId, mut visit: impl FnMut(Edge) -> bool) {
        let mut n = root;
        loop {
            if visit(Edge::Open(n)) {
                let first = self.nodes[n as usize].first_child;
                if first != NONE {
                    n = first;
                    continue;
                }
                visit(Edge::Close(n));
            }
            // Leave finished nodes until one has a next sibling.
            loop {
                if n == root {
                    return;
                }
                let next = self.nodes[n as usize].next_sibling;
                if next != NONE {
                    n = next;
                    break;
                }
                n = self.nodes[n as usize].parent;
                visit(Edge::Close(n));
            }
        }
    }

    /// `id` and every node under it, in document order.
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.edges(id).filter_map(|e| match e {
            Edge::Open(n) => Some(n),
            Edge::Close(_) => None,
        })
    }

    /// Every element named `name`, in document order.
    pub fn elements<'s>(&'s self, name: &'s str) -> impl Iterator<Item = NodeId> + 's {
        (0..self.nodes.len() as NodeId).filter(move |&id| self.name(id) == name)
    }

    /// The text under `id`, as written (white space kept).
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let Data::Text(t) = &self.nodes[n as usize].data {
                out.push_str(t);
            }
        }
        out
    }
}

/// Where `</name` (any case) starts in `b`.
fn find_end_tag(b: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&b[from..], b"</") {
        let at = from + p;
        let after = &b[at + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|&c| !c.is_ascii_alphanumeric())
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested names and texts.
    fn shape(dom: &Dom<'_>) -> String {
        let mut out = String::new();
        for e in dom.edges(0) {
            match e {
                Edge::Open(n) => match &dom.nodes[n as usize].data {
                    Data::Element(el) => {
                        out.push('<');
                        out.push_str(&el.name);
                        out.push('>');
                    }
                    Data::Text(t) => out.push_str(t),
                    Data::Document => {}
                },
                Edge::Close(n) => {
                    if let Data::Element(el) = &dom.nodes[n as usize].data {
                        out.push_str("</");
                        out.push_str(&el.name);
                        out.push('>');
                    }
                }
            }
        }
        out
    }

    #[test]
    fn implied_ends_nest_as_browsers_do() {
        let dom = Dom::parse("<div><p>one<p>two<div>three</div><ul><li>a<li>b</ul></div>");
        assert_eq!(
            shape(&dom),
            "<div><p>one</p><p>two</p><div>three</div><ul><li>a</li><li>b</li></ul></div>"
        );
        let dom = Dom::parse("<table><tr><td>1<td>2<tr><td>3</table><h2>x<h3>y</h3>");
        assert_eq!(
            shape(&dom),
            "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table><h2>x</h2><h3>y</h3>"
        );
    }

    #[test]
    fn raw_text_holds_markup_and_stray_end_tags_are_ignored() {
        let dom =
            Dom::parse("<script>if (a<b) { x = '</div>'; }</script><p>after</span> <b>x</p>y");
        assert_eq!(
            shape(&dom),
            "<script>if (a<b) { x = '</div>'; }</script><p>after <b>x</b></p>y"
        );
        let dom = Dom::parse("<SCRIPT type=x>a</b></ScRiPt><p>z");
        assert_eq!(shape(&dom), "<script>a</b></script><p>z</p>");
        // A stray end tag of a block does not close across a table cell.
        let dom = Dom::parse("<div><table><tr><td><p>in</div>cell</td></tr></table>out</div>");
        assert!(
            shape(&dom).contains("<td><p>incell</p></td>"),
            "{}",
            shape(&dom)
        );
    }

    #[test]
    fn many_attributes_keep_the_first_of_each_name() {
        // Regression: each attribute was checked against all before it, so
        // 100,000 attributes on one tag took 18 s. Now a set past a few.
        let mut html = String::from("<div id=\"x\" ");
        for i in 0..50_000 {
            html.push_str(&format!("a{i}=\"{i}\" "));
        }
        html.push_str("A7=\"again\" id=\"y\"><p>T</p></div>");
        let dom = Dom::parse(&html);
        let div = dom.elements("div").next().unwrap();
        let e = dom.element(div).unwrap();
        assert_eq!(e.attrs.len(), 50_001);
        assert_eq!(e.attr("a7"), Some("7"));
        assert_eq!(e.attr("id"), Some("x"));
        assert_eq!(e.attr("a49999"), Some("49999"));
    }

    #[test]
    fn attributes_and_references_are_decoded() {
        let dom = Dom::parse(
            "<a HREF=\"/x?a=1&amp;b=2&copy=3\" class='k l' data-x=y hidden>Tom &amp; Jerry&nbsp;&#8217;&#x201C;&copy2020 &unknown; &</a>",
        );
        let a = dom.elements("a").next().unwrap();
        assert_eq!(dom.attr(a, "href"), Some("/x?a=1&b=2&copy=3"));
        assert_eq!(dom.attr(a, "class"), Some("k l"));
        assert_eq!(dom.attr(a, "data-x"), Some("y"));
        assert_eq!(dom.attr(a, "hidden"), Some(""));
        assert_eq!(
            dom.text(a),
            "Tom & Jerry\u{a0}\u{2019}\u{201c}\u{a9}2020 &unknown; &"
        );
        assert_eq!(decode_entities("&#150;&#0;", false), "\u{2013}\u{fffd}");
    }

    #[test]
    fn comments_doctype_and_broken_input_never_fail() {
        let dom = Dom::parse("<!DOCTYPE html><!-- <p>no --><p>yes<!-- unterminated");
        assert_eq!(shape(&dom), "<p>yes</p>");
        for s in [
            "<",
            "<a",
            "</",
            "<a href='",
            "<!--",
            "<script>",
            "a < b > c",
            "&#xFFFFFFFFFF;",
        ] {
            let dom = Dom::parse(s);
            assert!(dom.edges(0).count() >= 2, "{s}");
        }
        let deep = "<div>".repeat(10_000);
        assert_eq!(Dom::parse(&deep).nodes.len(), 10_001);
    }

    #[test]
    fn a_link_card_holding_links_keeps_its_blocks_and_the_article_around_it() {
        // A linked card with an author link inside: the inner link must not
        // close the card's blocks, or the card's end tags close the
        // article's container and the paragraphs after it fall outside.
        let dom = Dom::parse(
            "<body><div class=\"post\"><p>one</p>\
             <div class=\"card\"><a href=\"/x\"><div><div><a href=\"/author\">Ann</a></div>\
             <div><a href=\"/x\">Read</a></div></div></a></div>\
             <p>two</p></div><p>outside</p></body>",
        );
        let post = dom
            .elements("div")
            .find(|&d| dom.attr(d, "class") == Some("post"))
            .unwrap();
        let ps: Vec<String> = dom
            .descendants(post)
            .filter(|&n| dom.name(n) == "p")
            .map(|n| dom.text(n))
            .collect();
        assert_eq!(ps, ["one", "two"]);
        // Inline, a link in a link still closes the first.
        let dom = Dom::parse("<p><a href=1>a<a href=2>b</a></p>");
        let p = dom.elements("p").next().unwrap();
        assert_eq!(dom.children(p).filter(|&c| dom.name(c) == "a").count(), 2);
    }

    #[test]
    fn a_streamed_part_moves_into_its_hole_and_its_placeholder_into_the_template() {
        let dom = Dom::parse(
            "<body><main><template id=\"B:0\"></template><div>Loading...</div><p>after</p></main>\
             <div hidden id=\"S:0\"><p>part</p></div></body>",
        );
        let main = dom.elements("main").next().unwrap();
        let names: Vec<&str> = dom.children(main).map(|c| dom.name(c)).collect();
        assert_eq!(names, ["template", "div", "p"]);
        assert_eq!(dom.text(main).trim(), "Loading...partafter");
        let part = dom.children(main).nth(1).unwrap();
        assert_eq!(dom.attr(part, "id"), Some("S:0"));
        // Every node but the document keeps a parent.
        assert!((1..dom.nodes.len() as NodeId).all(|n| dom.parent(n).is_some()));
    }

    #[test]
    fn the_head_ends_where_the_body_starts() {
        let dom =
            Dom::parse("<html><head><title>T &amp; U</title><meta name=a content=b><div>body text");
        let div = dom.elements("div").next().unwrap();
        let parent = dom.parent(div).unwrap();
        assert_eq!(dom.name(parent), "html");
        let title = dom.elements("title").next().unwrap();
        assert_eq!(dom.text(title), "T & U");
        // A head opened again after the first closed is closed by the
        // body's elements too; one inside the body is ignored.
        let dom =
            Dom::parse("<head><title>t</title></head><head><meta></head><body><p>x<head><b>y</b>");
        assert_eq!(dom.elements("head").count(), 2);
        let p = dom.elements("p").next().unwrap();
        assert_eq!(dom.text(p), "xy");
    }

    #[test]
    fn open_paragraphs_are_tracked_through_every_way_they_close() {
        // Closed by an ancestor's end tag, by an implied end, by an
        // explicit one (a stray second end tag is ignored), and inside a
        // table cell (a scope boundary).
        let dom = Dom::parse(
            "<div><p>a</div><div>b</div><p>c<p>d</p></p><table><tr><td><p>e<div>f</div></td></tr></table><div>g</div>",
        );
        assert_eq!(
            shape(&dom),
            "<div><p>a</p></div><div>b</div><p>c</p><p>d</p><table><tr><td><p>e</p><div>f</div></td></tr></table><div>g</div>"
        );
    }
}
