//! The built-in exercise catalog, turned into JSON at build time.
//!
//! `src/catalog/catalog.toml` stays the human-edited source, checked by the
//! catalog tests. Parsing TOML was an eighth of the instructions of a
//! `keel today --json` (BENCHMARKS.md); serde_json reads the same data in a
//! fraction of that, so the binary ships this JSON copy
//! (`Catalog::builtin`), and a test proves it is the same catalog.

use std::error::Error;
use std::path::PathBuf;

const SOURCE: &str = "src/catalog/catalog.toml";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={SOURCE}");
    let text = std::fs::read_to_string(SOURCE)?;
    // Any shape: the catalog's own types check it when the binary reads it
    // (and the tests read it first).
    let value: serde_json::Value = toml::from_str(&text).map_err(|e| format!("{SOURCE}: {e}"))?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("catalog.json");
    std::fs::write(out, serde_json::to_string(&value)?)?;
    Ok(())
}
