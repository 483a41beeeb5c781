//! Which flavour of Score a workspace speaks (DESIGN.md §2).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Exactly the official Score schema.
    Score,
    /// Score plus the platform's extensions (`workflows`, `environment`, `score.dev/v1`,
    /// resource `properties`).
    Innominatus,
}

impl Dialect {
    pub fn parse(text: &str) -> Option<Dialect> {
        match text {
            "score" => Some(Dialect::Score),
            "innominatus" => Some(Dialect::Innominatus),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Score => "score",
            Dialect::Innominatus => "innominatus",
        }
    }
}
