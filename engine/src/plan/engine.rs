//! Which execution semantics a dry run follows (the three engines of the module
//! documentation).

/// Which execution semantics to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Documented,
    Live,
    Legacy,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Documented => "documented",
            Engine::Live => "live",
            Engine::Legacy => "legacy",
        }
    }

    pub fn parse(text: &str) -> Option<Engine> {
        [Engine::Documented, Engine::Live, Engine::Legacy]
            .into_iter()
            .find(|e| e.name() == text)
    }
}
