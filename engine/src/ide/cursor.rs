//! Where the cursor is, in terms of keys: the path of mapping keys and list items that leads
//! to it, and whether a key or a value is being typed.
//!
//! Completion runs on every keystroke, so the line under the cursor usually does not parse.
//! [`at_text`] therefore reads the path from indentation and line text alone (block style, the
//! style of every platform file); [`at_tree`] reads it from the syntax tree for features that
//! work on what parsed (hover, navigation).

use crate::syntax::{Document, NodeId, NodeKind};
use crate::text::Span;

/// One step of a path: a mapping key or any item of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Item,
}

/// What is being typed at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A key of the mapping at `path`.
    Key,
    /// The value at `path` (its last segment is the key, or `Item` in a list).
    Value,
    /// Inside the text of a block scalar (`script: |`) whose value is at `path`.
    BlockText,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextCursor {
    pub path: Vec<Seg>,
    pub slot: Slot,
    /// The word typed so far before the cursor.
    pub prefix: String,
    /// What a completion replaces: the word around the cursor.
    pub replace: Span,
    /// Keys already present beside the cursor (same mapping), for key completion.
    pub siblings: Vec<String>,
    /// Column (bytes from the line start) where a key typed here starts.
    pub key_column: usize,
}

/// A line split into its structure: indentation, `- ` markers, key and value.
struct LineParts<'t> {
    /// Columns of each `- ` marker.
    dashes: Vec<usize>,
    /// Column of the content after the markers.
    content_col: usize,
    /// `key` when the content is `key:` or `key: value`.
    key: Option<&'t str>,
    /// The text after `key:` (trimmed), or the whole content when there is no key.
    value: &'t str,
}

fn split_line(line: &str) -> LineParts<'_> {
    let bytes = line.as_bytes();
    let mut col = bytes.iter().take_while(|b| **b == b' ').count();
    let mut dashes = Vec::new();
    while bytes.get(col) == Some(&b'-')
        && matches!(bytes.get(col + 1), Some(b' ') | None | Some(b'\r'))
    {
        dashes.push(col);
        col += 1;
        col += bytes[col..].iter().take_while(|b| **b == b' ').count();
    }
    let content = &line[col..];
    match key_split(content) {
        Some(colon) => LineParts {
            dashes,
            content_col: col,
            key: Some(unquote(content[..colon].trim_end())),
            value: content[colon + 1..].trim(),
        },
        None => LineParts {
            dashes,
            content_col: col,
            key: None,
            value: content.trim_end(),
        },
    }
}

/// Byte index of the `:` that ends a block key: followed by a space or the line end, outside
/// quotes and flow brackets, and not inside a comment.
fn key_split(content: &str) -> Option<usize> {
    let b = content.as_bytes();
    if matches!(
        b.first(),
        Some(b'#') | Some(b'[') | Some(b'{') | Some(b'|') | Some(b'>')
    ) {
        return None;
    }
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == b'"' || c == b'\'') && i == 0 => quote = Some(c),
            None if c == b'#' && i > 0 && b[i - 1] == b' ' => return None,
            None if c == b':' && matches!(b.get(i + 1), None | Some(b' ') | Some(b'\r')) => {
                return Some(i)
            }
            None => {}
        }
    }
    None
}

fn unquote(key: &str) -> &str {
    let k = key.trim();
    for q in ['"', '\''] {
        if let Some(inner) = k.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    k
}

fn is_block_indicator(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    !v.is_empty()
        && (v.starts_with('|') || v.starts_with('>'))
        && v[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/')
}

fn is_skippable(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The cursor at byte `offset` of `text`, read from the text alone.
pub fn at_text(text: &str, offset: usize) -> TextCursor {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let before = &text[line_start..offset];
    let col = offset - line_start;

    // The word around the cursor.
    let word_start = before
        .bytes()
        .rposition(|c| !is_word_byte(c))
        .map_or(0, |i| i + 1);
    let word_end = line[col..]
        .bytes()
        .position(|c| !is_word_byte(c))
        .map_or(line.len(), |i| col + i);
    let prefix = before[word_start..].to_string();
    let replace = Span::new(line_start + word_start, line_start + word_end);

    let parts = split_line(before);
    let mut path_tail: Vec<Seg> = Vec::new();
    let slot;
    let key_column;
    // Markers on the cursor's line open list items.
    for _ in &parts.dashes {
        path_tail.push(Seg::Item);
    }
    match parts.key {
        Some(key) => {
            key_column = parts.content_col;
            path_tail.push(Seg::Key(key.to_string()));
            if parts.value.starts_with('[') && !parts.value.contains(']') {
                path_tail.push(Seg::Item);
            }
            slot = Slot::Value;
        }
        None if parts.dashes.is_empty() => {
            key_column = parts.content_col;
            slot = Slot::Key;
        }
        None => {
            // `- ` then a word: a list value, or the first key of an item mapping.
            key_column = parts.content_col;
            slot = if parts.value.contains(' ') {
                Slot::Value
            } else {
                Slot::Key
            };
        }
    }

    // Walk up for the parents of the cursor's line: each line that starts left of the
    // current column is a parent (its key and its list markers).
    let mut cur = parts.dashes.first().copied().unwrap_or(key_column);
    let mut head: Vec<Seg> = Vec::new();
    let mut siblings = Vec::new();
    let mut in_block = false;
    let mut pos = line_start;
    while pos > 0 && cur > 0 {
        let prev_end = pos - 1;
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        pos = prev_start;
        let l = text[prev_start..prev_end].trim_end_matches('\r');
        if l.starts_with("---") || l.starts_with("...") {
            break;
        }
        if is_skippable(l) {
            continue;
        }
        let p = split_line(l);
        if p.content_col < cur {
            if let Some(k) = p.key {
                if is_block_indicator(p.value) {
                    // Everything collected so far was text of this block scalar.
                    in_block = true;
                    head.clear();
                    siblings.clear();
                }
                head.push(Seg::Key(k.to_string()));
                cur = p.content_col;
            }
        } else if p.content_col == cur && head.is_empty() {
            if let Some(k) = p.key {
                siblings.push(k.to_string());
            }
        }
        for &d in p.dashes.iter().rev() {
            if d < cur {
                head.push(Seg::Item);
                cur = d;
            }
        }
    }
    if !in_block {
        // Keys after the cursor in the same mapping.
        let mut rest = line_end;
        while rest < text.len() {
            let next_end = text[rest + 1..]
                .find('\n')
                .map_or(text.len(), |i| rest + 1 + i);
            let l = text[rest + 1..next_end].trim_end_matches('\r');
            rest = next_end;
            if l.starts_with("---") {
                break;
            }
            if is_skippable(l) {
                continue;
            }
            let p = split_line(l);
            let c = p.dashes.first().copied().unwrap_or(p.content_col);
            if c < key_column || (!p.dashes.is_empty() && c <= key_column) {
                break;
            }
            if p.content_col == key_column {
                if let Some(k) = p.key {
                    siblings.push(k.to_string());
                }
            }
        }
    }
    head.reverse();
    if !in_block {
        head.extend(path_tail);
    }
    TextCursor {
        path: head,
        slot: if in_block { Slot::BlockText } else { slot },
        prefix,
        replace,
        siblings,
        key_column,
    }
}

/// What the cursor touches in the syntax tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeHit {
    /// The path to the value (for keys: to the value of that key).
    pub path: Vec<Seg>,
    /// The same path with list positions.
    pub indices: Vec<Option<usize>>,
    /// The node under the cursor.
    pub node: NodeId,
    /// Whether the cursor is on the key of the entry (then `node` is the key).
    pub on_key: bool,
    /// The mapping holding the entry (for keys and values of entries).
    pub parent: Option<NodeId>,
}

/// The deepest key or scalar of `doc` under `offset` (the end of a span counts, so that a
/// cursor just after a word still touches it).
pub fn at_tree(doc: &Document, offset: usize) -> Option<TreeHit> {
    let root = doc.root?;
    let mut hit = TreeHit {
        path: Vec::new(),
        indices: Vec::new(),
        node: root,
        on_key: false,
        parent: None,
    };
    let touches = |id: NodeId| {
        let s = doc.node(id).span;
        s.start <= offset && offset <= s.end
    };
    let mut node = root;
    'down: loop {
        match &doc.node(node).kind {
            NodeKind::Mapping(entries) => {
                for e in entries {
                    if touches(e.key) {
                        let key = doc.key_text(e.key).unwrap_or("").to_string();
                        hit.path.push(Seg::Key(key));
                        hit.indices.push(None);
                        hit.node = e.key;
                        hit.on_key = true;
                        hit.parent = Some(node);
                        return Some(hit);
                    }
                    if touches(e.value) && !doc.node(e.value).span.is_empty() {
                        let key = doc.key_text(e.key).unwrap_or("").to_string();
                        hit.path.push(Seg::Key(key));
                        hit.indices.push(None);
                        hit.parent = Some(node);
                        node = e.value;
                        hit.node = node;
                        continue 'down;
                    }
                }
                return Some(hit);
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    if touches(*item) {
                        hit.path.push(Seg::Item);
                        hit.indices.push(Some(i));
                        hit.parent = Some(node);
                        node = *item;
                        hit.node = node;
                        continue 'down;
                    }
                }
                return Some(hit);
            }
            _ => return Some(hit),
        }
    }
}

/// Whether `path` matches `pattern`, where `*` matches any key and `[]` a list item.
pub fn path_is(path: &[Seg], pattern: &[&str]) -> bool {
    path.len() == pattern.len()
        && path.iter().zip(pattern).all(|(seg, p)| match (seg, *p) {
            (Seg::Item, "[]") => true,
            (Seg::Key(_), "*") => true,
            (Seg::Key(k), p) => k == p,
            _ => false,
        })
}

/// Whether `path` ends with `pattern` (same matching as [`path_is`]).
pub fn path_ends(path: &[Seg], pattern: &[&str]) -> bool {
    path.len() >= pattern.len() && path_is(&path[path.len() - pattern.len()..], pattern)
}
