//! The rules of [`super`] in the editors' languages: regular expressions (the engine matches
//! with the same ones it hands to JavaScript), Lua patterns for Neovim, the TypeScript and
//! Lua modules the editors import, and the `yamlValidation` lists of the VS Code extension.
//! The modules are committed under `editors/`; a test regenerates them and fails when the
//! committed copies differ (`tests/editor_files.rs`).

use super::{Key, Marker, PathRule, Value, EXCLUDED, MARKERS, MARKER_LINES, OURS};
use crate::dialect::Dialect;
use crate::schema::catalog;
use serde_json::{json, Value as Json};

/// Where the generated modules say they come from.
const HEADER: &str = "Generated from engine/src/project/files.rs by `UPDATE_EXPECT=1 cargo test --test editor_files`; do not edit.";

/// A glob with its `{a,b}` alternatives written out, one glob per combination, in order.
pub fn expand_braces(glob: &str) -> Vec<String> {
    let Some(open) = glob.find('{') else {
        return vec![glob.to_string()];
    };
    let close = open + glob[open..].find('}').expect("a `{` is closed");
    let (head, tail) = (&glob[..open], &glob[close + 1..]);
    glob[open + 1..close]
        .split(',')
        .flat_map(|alt| expand_braces(&format!("{head}{alt}{tail}")))
        .collect()
}

/// The glob without its leading `**/` (whether it had one) and trailing `/**` (whether it had
/// one).
fn ends(glob: &str) -> (bool, &str, bool) {
    let (anywhere, rest) = match glob.strip_prefix("**/") {
        Some(rest) => (true, rest),
        None => (false, glob),
    };
    match rest.strip_suffix("/**") {
        Some(body) => (anywhere, body, true),
        None => (anywhere, rest, false),
    }
}

fn regex_escape(out: &mut String, c: char) {
    if "\\.+*?()|[]{}^$".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// The regular expression a glob stands for over a whole path with `/` separators. It means
/// the same to Rust's `regex` and to JavaScript.
pub fn glob_regex(glob: &str) -> String {
    let (anywhere, body, below) = ends(glob);
    let mut out = String::from(if anywhere { "^(?:.*/)?" } else { "^" });
    let mut depth = 0;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.as_str().starts_with("*/") => {
                chars.nth(1);
                out.push_str("(?:.*/)?");
            }
            '*' => out.push_str("[^/]*"),
            '[' => {
                let class: String = chars.by_ref().take_while(|&c| c != ']').collect();
                let (negated, set) = match class.strip_prefix('!') {
                    Some(set) => (true, set),
                    None => (false, class.as_str()),
                };
                out.push_str(if negated { "[^/" } else { "[" });
                for c in set.chars() {
                    if "\\]^-[".contains(c) {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push(']');
            }
            '{' => {
                depth += 1;
                out.push_str("(?:");
            }
            '}' if depth > 0 => {
                depth -= 1;
                out.push(')');
            }
            ',' if depth > 0 => out.push('|'),
            c => regex_escape(&mut out, c),
        }
    }
    if below {
        out.push_str("/.*");
    }
    out.push('$');
    out
}

fn lua_escape(out: &mut String, c: char) {
    if "^$()%.[]*+-?".contains(c) {
        out.push('%');
    }
    out.push(c);
}

/// The Lua patterns a glob stands for (one per alternative), for `string.find` over a path
/// with `/` separators that starts with `/`.
pub fn glob_lua(glob: &str) -> Vec<String> {
    expand_braces(glob)
        .iter()
        .map(|glob| {
            let (anywhere, body, below) = ends(glob);
            // Found anywhere after a `/`, or from the start of the path.
            let mut out = String::from(if anywhere { "/" } else { "^/" });
            let mut chars = body.chars();
            while let Some(c) = chars.next() {
                match c {
                    // `**/*`: any folders, then any name — any text at all.
                    '*' if chars.as_str().starts_with("*/*") => {
                        chars.nth(2);
                        out.push_str(".*");
                    }
                    '*' if chars.as_str().starts_with("*/") => {
                        panic!("`{glob}`: inside a glob, `**/` is written before `*` only")
                    }
                    '*' => out.push_str("[^/]*"),
                    '[' => {
                        let class: String = chars.by_ref().take_while(|&c| c != ']').collect();
                        let (negated, set) = match class.strip_prefix('!') {
                            Some(set) => (true, set),
                            None => (false, class.as_str()),
                        };
                        out.push_str(if negated { "[^/" } else { "[" });
                        set.chars().for_each(|c| lua_escape(&mut out, c));
                        out.push(']');
                    }
                    c => lua_escape(&mut out, c),
                }
            }
            out.push_str(if below { "/" } else { "$" });
            out
        })
        .collect()
}

/// The regular expression of one marker key over one line (a `\r` left at its end allowed).
pub fn key_regex(key: &Key) -> String {
    let mut out = String::from("^");
    key.key.chars().for_each(|c| regex_escape(&mut out, c));
    out.push(':');
    match &key.value {
        Value::Prefix(prefix) => {
            out.push_str("[ \\t]+[\"']?");
            prefix.chars().for_each(|c| regex_escape(&mut out, c));
        }
        Value::OneOf(values) => {
            out.push_str("[ \\t]+[\"']?(?:");
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                value.chars().for_each(|c| regex_escape(&mut out, c));
            }
            out.push_str(")[\"']?(?:[ \\t]+#.*)?[ \\t]*\\r?$");
        }
        Value::Any => out.push_str("(?:[ \\t]|\\r?$)"),
    }
    out
}

/// The Lua patterns of one marker key: a line matching any of them has the key.
pub fn key_lua(key: &Key) -> Vec<String> {
    let mut head = String::from("^");
    key.key.chars().for_each(|c| lua_escape(&mut head, c));
    head.push(':');
    let escaped = |text: &str| {
        let mut out = String::new();
        text.chars().for_each(|c| lua_escape(&mut out, c));
        out
    };
    match &key.value {
        Value::Prefix(prefix) => vec![format!("{head}[ \t]+[\"']?{}", escaped(prefix))],
        Value::OneOf(values) => values
            .iter()
            .flat_map(|value| {
                let value = escaped(value);
                [
                    format!("{head}[ \t]+[\"']?{value}[\"']?[ \t\r]*$"),
                    format!("{head}[ \t]+[\"']?{value}[\"']?[ \t]+#"),
                ]
            })
            .collect(),
        Value::Any => vec![format!("{head}[ \t\r]"), format!("{head}$")],
    }
}

/// A string literal of TypeScript (JSON's syntax is a subset).
fn ts_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn ts_regexes(out: &mut String, name: &str, doc: &str, rules: &[PathRule]) {
    out.push_str(&format!(
        "\n/** {doc} */\nexport const {name}: readonly RegExp[] = [\n"
    ));
    for rule in rules {
        out.push_str(&format!(
            "  new RegExp({}), // {}\n",
            ts_string(&glob_regex(rule.glob)),
            rule.what
        ));
    }
    out.push_str("];\n");
}

/// `editors/vscode/src/generated/patterns.ts`.
pub fn vscode_module() -> String {
    let mut out = format!(
        "// {HEADER}\n// Which YAML files are the platform's (engine/src/project/files.rs explains the order:\n// exclusions, then names and folders, then content markers).\n"
    );
    out.push_str(
        "\n/** The platform's file names and folders, as VS Code document-filter globs. */\nexport const OWNED_GLOBS: readonly string[] = [\n",
    );
    for rule in OURS {
        out.push_str(&format!("  {}, // {}\n", ts_string(rule.glob), rule.what));
    }
    out.push_str("];\n");
    ts_regexes(
        &mut out,
        "OWNED_PATHS",
        "The same conventions as regular expressions over a path with `/` separators.",
        OURS,
    );
    ts_regexes(
        &mut out,
        "EXCLUDED_PATHS",
        "Other tools' files, never the platform's whatever they hold (over a path with `/` separators).",
        EXCLUDED,
    );
    out.push_str(&format!(
        "\n/** Content markers: a file is the platform's when each key of a marker is on one of its first {MARKER_LINES} lines. */\nexport const MARKERS: readonly {{ what: string; keys: readonly RegExp[] }}[] = [\n"
    ));
    for Marker { what, keys } in MARKERS {
        let keys: Vec<String> = keys
            .iter()
            .map(|k| format!("new RegExp({})", ts_string(&key_regex(k))))
            .collect();
        out.push_str(&format!(
            "  {{ what: {}, keys: [{}] }},\n",
            ts_string(what),
            keys.join(", ")
        ));
    }
    out.push_str(&format!(
        "];\n\n/** How many lines are read for markers. */\nexport const MARKER_LINES = {MARKER_LINES};\n"
    ));
    out
}

/// A string literal of Lua.
fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lua_paths(out: &mut String, name: &str, rules: &[PathRule]) {
    out.push_str(&format!("  {name} = {{\n"));
    for rule in rules {
        for pattern in glob_lua(rule.glob) {
            out.push_str(&format!("    {}, -- {}\n", lua_string(&pattern), rule.what));
        }
    }
    out.push_str("  },\n");
}

/// `editors/nvim/lua/innominatus/patterns.lua`.
pub fn nvim_module() -> String {
    let mut out = format!(
        "-- {HEADER}\n-- Which YAML files are the platform's (engine/src/project/files.rs explains the order:\n-- exclusions, then names and folders, then content markers). Path patterns are for\n-- string.find over the path with `/` separators, starting with `/`.\nreturn {{\n"
    );
    out.push_str("  -- The platform's file names and folders.\n");
    lua_paths(&mut out, "owned", OURS);
    out.push_str("  -- Other tools' files, never the platform's whatever they hold.\n");
    lua_paths(&mut out, "excluded", EXCLUDED);
    out.push_str(
        "  -- Content markers: a file is the platform's when each key of a marker is on one of its\n  -- first marker_lines lines (a key is on a line when one of its patterns matches it).\n  markers = {\n",
    );
    for Marker { what, keys } in MARKERS {
        let keys: Vec<String> = keys
            .iter()
            .map(|k| {
                let patterns: Vec<String> = key_lua(k).iter().map(|p| lua_string(p)).collect();
                format!("{{ {} }}", patterns.join(", "))
            })
            .collect();
        out.push_str(&format!(
            "    {{ what = {}, keys = {{ {} }} }},\n",
            lua_string(what),
            keys.join(", ")
        ));
    }
    out.push_str(&format!("  }},\n  marker_lines = {MARKER_LINES},\n}}\n"));
    out
}

/// The `contributes.yamlValidation` list of the VS Code extension: for each schema, the
/// paths that hold its kind by convention (the Red Hat YAML extension reads these).
pub fn yaml_validation() -> Json {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for rule in OURS {
        let Some(kind) = rule.schema else {
            continue;
        };
        let Some(schema) = catalog::for_kind(kind, Dialect::Innominatus) else {
            continue;
        };
        let at = match groups
            .iter()
            .position(|(name, _)| *name == schema.file_name)
        {
            Some(at) => at,
            None => {
                groups.push((schema.file_name, Vec::new()));
                groups.len() - 1
            }
        };
        // The extension's older matcher knows no braces.
        groups[at].1.extend(expand_braces(rule.glob));
    }
    Json::Array(
        groups
            .into_iter()
            .map(|(name, globs)| json!({"fileMatch": globs, "url": format!("./schemas/{name}")}))
            .collect(),
    )
}
