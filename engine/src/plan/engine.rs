//! Which execution semantics a dry run follows (the engines of the module documentation).
//! Every front end (CLI, DAP, test files, schema) names and parses engines through this
//! list, so a new engine is added here once.

/// Which execution semantics to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Documented,
    Live,
    Legacy,
    Dormant,
}

impl Engine {
    /// Every engine, in the order the documentation lists them.
    pub const ALL: [Engine; 4] = [
        Engine::Documented,
        Engine::Live,
        Engine::Legacy,
        Engine::Dormant,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Documented => "documented",
            Engine::Live => "live",
            Engine::Legacy => "legacy",
            Engine::Dormant => "dormant",
        }
    }

    pub fn parse(text: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.name() == text)
    }

    /// The accepted names as a message says them: `documented, live, legacy or dormant`.
    pub fn expected() -> String {
        let names: Vec<&str> = Engine::ALL.iter().map(|e| e.name()).collect();
        let (last, rest) = names.split_last().expect("at least one engine");
        format!("{} or {last}", rest.join(", "))
    }
}
