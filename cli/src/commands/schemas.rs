//! `innominatus schemas`: the JSON schemas this binary checks with, listed or written out,
//! so that editor packages (the VS Code extension's `yamlValidation`) and yaml-language-server
//! users take exactly the schemas of the binary they run, wherever its sources are.

use super::check::{EXIT_CLEAN, EXIT_TROUBLE};
use crate::args::SchemasArgs;
use innominatus_engine::schema::catalog;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &SchemasArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let Some(dir) = &args.out_dir else {
        for schema in catalog::all() {
            writeln!(out, "{}", schema.file_name)?;
        }
        return Ok(EXIT_CLEAN);
    };
    match write_schemas(dir) {
        Ok(written) => {
            for path in written {
                writeln!(out, "{}", path.display())?;
            }
            Ok(EXIT_CLEAN)
        }
        Err(e) => {
            writeln!(err, "error: cannot write schemas to {}: {e}", dir.display())?;
            Ok(EXIT_TROUBLE)
        }
    }
}

/// One `NAME.schema.json` per embedded schema, byte for byte as shipped in `schemas/`.
fn write_schemas(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for schema in catalog::all() {
        let path = dir.join(schema.file_name);
        std::fs::write(&path, schema.source())?;
        written.push(path);
    }
    Ok(written)
}
