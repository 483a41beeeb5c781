//! The published JSON schemas, embedded at build time and compiled once on first use.

use super::tree_json::TreeJson;
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use jsonschema::{PatternOptions, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// One schema of `schemas/`.
pub struct SchemaFile {
    /// File name under `schemas/`.
    pub file_name: &'static str,
    source: &'static str,
    compiled: OnceLock<Compiled>,
}

pub struct Compiled {
    pub json: Value,
    /// Reads documents whose data is their tree as written, in place: most documents.
    pub tree_validator: Validator<TreeJson>,
    /// Reads converted JSON (documents with aliases or merge keys, and failing documents,
    /// whose errors are mapped from it); compiled on first use.
    converted: OnceLock<Validator>,
    file_name: &'static str,
    pub(crate) deprecated: super::deprecated::Deprecations,
}

impl Compiled {
    /// The validator of converted JSON.
    pub fn validator(&self) -> &Validator {
        self.converted.get_or_init(|| {
            compile(&self.json)
                .unwrap_or_else(|e| panic!("schemas/{} does not compile: {e}", self.file_name))
        })
    }
}

macro_rules! schema_file {
    ($name:literal) => {
        SchemaFile {
            file_name: $name,
            source: include_str!(concat!("../../../schemas/", $name)),
            compiled: OnceLock::new(),
        }
    };
}

static SCORE: SchemaFile = schema_file!("score.schema.json");
static SCORE_INNOMINATUS: SchemaFile = schema_file!("score-innominatus.schema.json");
static PROVIDER: SchemaFile = schema_file!("provider.schema.json");
static PROVIDER_WORKFLOW: SchemaFile = schema_file!("provider-workflow.schema.json");
static GOLDEN_PATH_WORKFLOW: SchemaFile = schema_file!("golden-path-workflow.schema.json");
static PLATFORM_WORKFLOW: SchemaFile = schema_file!("platform-workflow.schema.json");
static GOLDEN_PATHS: SchemaFile = schema_file!("goldenpaths.schema.json");
static ADMIN_CONFIG: SchemaFile = schema_file!("admin-config.schema.json");
static WORKFLOW_TEST: SchemaFile = schema_file!("workflow-test.schema.json");

/// Every embedded schema (for `doctor`, completion and the tests), the Score schemas first.
pub fn all() -> [&'static SchemaFile; 9] {
    [
        &SCORE,
        &SCORE_INNOMINATUS,
        &PROVIDER,
        &PROVIDER_WORKFLOW,
        &GOLDEN_PATH_WORKFLOW,
        &PLATFORM_WORKFLOW,
        &GOLDEN_PATHS,
        &ADMIN_CONFIG,
        &WORKFLOW_TEST,
    ]
}

/// Compiles every schema now (both readings) rather than at its first use: a language
/// server does it from its start, while the client is still starting, so that a
/// document's first check does not wait for it. What a first check needs comes first:
/// the dialect validator every compile starts with, then the schemas as documents are read
/// (the Score schemas, which most files of a repository are checked with, lead [`all`]),
/// then the reading of converted JSON, which only documents with aliases or errors need.
/// `give_way` is called between two schemas, so that a caller can hold the compile back
/// while it has more urgent work.
pub fn compile_all(give_way: &dyn Fn()) {
    prepare_compiler();
    give_way();
    for schema in all() {
        schema.compiled();
        give_way();
    }
    for schema in all() {
        schema.compiled().validator();
        give_way();
    }
}

/// Compiles now the schema Score specs are checked with in `dialect`, the kind most files
/// of a repository are: a command checking many files calls it on a spare thread while it
/// looks for them, rather than have every check wait for the first to compile it.
pub fn compile_for_score(dialect: Dialect) {
    if let Some(schema) = for_kind(DocumentKind::Score, dialect) {
        schema.compiled();
    }
}

/// Builds what compiling any of the schemas starts with: the validator of the JSON Schema
/// dialect they are written in (2020-12), which checks each schema before it is compiled.
/// Started on a thread of its own while a command reads its arguments, it is ready by the
/// time the first schema compiles, instead of on that compile's (and every check's) path.
pub fn prepare_compiler() {
    let probe = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
    });
    // Only the side effect matters: the answer for this probe is always yes.
    let _ = jsonschema::meta::is_valid(&probe);
}

/// Whether the Score schema of `dialect` has compiled (see [`compile_for_score`]): a check
/// started before then waits for the compile.
pub fn score_compiled(dialect: Dialect) -> bool {
    for_kind(DocumentKind::Score, dialect).is_some_and(|s| s.compiled.get().is_some())
}

/// The schema that checks documents of `kind` in `dialect`.
pub fn for_kind(kind: DocumentKind, dialect: Dialect) -> Option<&'static SchemaFile> {
    Some(match (kind, dialect) {
        (DocumentKind::Score, Dialect::Score) => &SCORE,
        (DocumentKind::Score, Dialect::Innominatus) => &SCORE_INNOMINATUS,
        (DocumentKind::Provider, _) => &PROVIDER,
        (DocumentKind::ProviderWorkflow, _) => &PROVIDER_WORKFLOW,
        (DocumentKind::GoldenPathWorkflow, _) => &GOLDEN_PATH_WORKFLOW,
        (DocumentKind::PlatformWorkflow, _) => &PLATFORM_WORKFLOW,
        (DocumentKind::GoldenPaths, _) => &GOLDEN_PATHS,
        (DocumentKind::AdminConfig, _) => &ADMIN_CONFIG,
        (DocumentKind::WorkflowTest, _) => &WORKFLOW_TEST,
        (DocumentKind::Unknown, _) => return None,
    })
}

impl SchemaFile {
    /// The schema's text as shipped (for publishing and `doctor`).
    pub fn source(&self) -> &'static str {
        self.source
    }

    pub fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            // The schemas are ours and checked by tests; failing here is a build defect.
            let json: Value = serde_json::from_str(self.source)
                .unwrap_or_else(|e| panic!("schemas/{} is not JSON: {e}", self.file_name));
            let tree_validator = jsonschema::options_for::<TreeJson>()
                .with_pattern_options(PatternOptions::regex())
                .build(&json)
                .unwrap_or_else(|e| panic!("schemas/{} does not compile: {e}", self.file_name));
            let deprecated = super::deprecated::Deprecations::new(&json);
            Compiled {
                json,
                tree_validator,
                converted: OnceLock::new(),
                file_name: self.file_name,
                deprecated,
            }
        })
    }
}

/// Compiles a schema (or a sub-schema wrapped with its root's `$defs`) with the same options
/// everywhere: ECMA-like `regex` patterns, no remote references.
pub fn compile(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_pattern_options(PatternOptions::regex())
        .build(schema)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_compiles_and_has_an_id_and_title() {
        for schema in all() {
            let c = schema.compiled();
            c.validator();
            assert!(c.json.get("$id").is_some(), "{}", schema.file_name);
            assert!(c.json.get("title").is_some(), "{}", schema.file_name);
        }
    }

    /// Hover and `explain` show descriptions: every named property must have one.
    #[test]
    fn every_property_has_a_description() {
        // Walks schema objects only, by keyword, so that a property *named* `properties`
        // is not mistaken for the keyword.
        fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
            let Value::Object(map) = v else { return };
            for (k, sub) in map {
                let here = format!("{path}/{k}");
                match k.as_str() {
                    "properties" | "$defs" | "patternProperties" => {
                        for (name, s) in sub.as_object().into_iter().flatten() {
                            let described =
                                s.get("description").is_some() || s == &Value::Bool(false);
                            if k == "properties" && !described {
                                missing.push(format!("{here}/{name}"));
                            }
                            walk(s, &format!("{here}/{name}"), missing);
                        }
                    }
                    "items"
                    | "additionalProperties"
                    | "propertyNames"
                    | "not"
                    | "if"
                    | "then"
                    | "else"
                    | "contains" => walk(sub, &here, missing),
                    "oneOf" | "anyOf" | "allOf" | "prefixItems" => {
                        for (i, s) in sub.as_array().into_iter().flatten().enumerate() {
                            walk(s, &format!("{here}/{i}"), missing);
                        }
                    }
                    _ => {}
                }
            }
        }
        for schema in all() {
            let mut missing = Vec::new();
            walk(&schema.compiled().json, "#", &mut missing);
            assert!(missing.is_empty(), "{}: {missing:?}", schema.file_name);
        }
    }
}
