//! The report's renderings, one format per file (`json.rs`, `text.rs`, `mermaid.rs`,
//! `html.rs`).

use super::report::Report;
use super::{html, json, mermaid, text};
use serde_json::Value;

impl Report {
    /// The report as JSON (`--format json`).
    pub fn to_json(&self) -> Value {
        json::to_json(self)
    }

    /// The report as text (`--format text`).
    pub fn text(&self) -> String {
        text::text(self)
    }

    /// The report as a Mermaid gantt chart (`--format mermaid`).
    pub fn mermaid(&self) -> String {
        mermaid::mermaid(self)
    }

    /// The report as one self-contained HTML timeline page (`--format html`).
    pub fn html(&self) -> String {
        html::html(self)
    }
}
