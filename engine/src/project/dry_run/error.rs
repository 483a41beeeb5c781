//! Why a dry run has no report.

/// Why there is no report. The messages are the user's (the CLI prefixes `error: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The file does not parse: `file:line:col: message` of its first error.
    Syntax(String),
    /// The file holds neither a workflow nor a Score spec.
    NothingToSimulate { file: String },
    /// The golden path named in the request is not in the repository's golden paths file.
    NoGoldenPath { name: String, file: String },
    /// The resource named in the request is not one of the Score spec's.
    NoResource {
        file: String,
        name: String,
        resources: Vec<String>,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Syntax(message) => f.write_str(message),
            Error::NothingToSimulate { file } => {
                write!(f, "{file} holds no workflow and no Score spec to simulate")
            }
            Error::NoGoldenPath { name, file } => write!(f, "no golden path `{name}` in {file}"),
            Error::NoResource {
                file,
                name,
                resources,
            } => write!(
                f,
                "{file} has no resource `{name}` (resources: {})",
                resources.join(", ")
            ),
        }
    }
}
