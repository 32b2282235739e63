//! `docs/method.md` travels with the code: every `docs/method.md §N`
//! citation in the repository names a section that exists, §10 lists every
//! setting with the default and range the code has, and nothing in the
//! repository points to files outside it.

use std::path::{Path, PathBuf};

use crate::engine::EngineSettings;
use crate::settings::PlanSettings;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn method() -> String {
    std::fs::read_to_string(root().join("docs/method.md")).expect("docs/method.md is readable")
}

/// Every text file of the repository (not build output or git's own).
fn repository_files(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | ".git" | "node_modules") {
                repository_files(&path, out);
            }
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path, text));
        }
    }
}

/// The section numbers `docs/method.md` has: "## 6. ..." gives "6",
/// "### 6.3 ..." gives "6.3".
fn sections(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("### ")
                .or_else(|| line.strip_prefix("## "))?;
            let number: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.');
            (!number.is_empty()).then(|| number.to_string())
        })
        .collect()
}

/// The section numbers cited after `docs/method.md` in `text` (a citation
/// may name several: "§5, §6 and §10").
fn citations(text: &str) -> Vec<String> {
    const CITE: &str = "docs/method.md §";
    let mut out = Vec::new();
    for (at, _) in text.match_indices(CITE) {
        let mut rest = &text[at + CITE.len() - "§".len()..];
        // "§5, §6 and §10": follow the list while it continues.
        while let Some(after) = rest.strip_prefix('§') {
            let number: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.').to_string();
            if number.is_empty() {
                // "`docs/method.md §N`": the form, not a citation.
                break;
            }
            rest = &after[number.len()..];
            out.push(number);
            rest = rest
                .strip_prefix(", ")
                .or_else(|| rest.strip_prefix(" and "))
                .unwrap_or("");
        }
    }
    out
}

#[test]
fn every_citation_names_a_section() {
    let doc = method();
    let known = sections(&doc);
    assert!(known.contains(&"10".to_string()) && known.contains(&"6.3".to_string()));
    let mut files = Vec::new();
    repository_files(&root(), &mut files);
    let mut cited = 0;
    let mut wrong = Vec::new();
    for (path, text) in &files {
        for number in citations(text) {
            cited += 1;
            if !known.contains(&number) {
                wrong.push(format!("{}: §{number}", path.display()));
            }
        }
    }
    assert!(cited > 20, "found only {cited} citations");
    assert!(
        wrong.is_empty(),
        "citations of sections docs/method.md does not have:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_settings_table_matches_the_code() {
    let doc = method();
    let rows = PlanSettings::default()
        .describe()
        .into_iter()
        .chain(EngineSettings::default().describe());
    let mut missing = Vec::new();
    for row in rows {
        let line = format!(
            "| `{}` | {} | {}-{} |",
            row.key, row.default, row.min, row.max
        );
        if !doc.contains(&line) {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/method.md §10 lacks these rows (key, default, range):\n{}",
        missing.join("\n")
    );
}

#[test]
fn nothing_points_outside_the_repository() {
    // Built from pieces so this file does not match itself.
    let outside = [
        concat!("..", "/shared"),
        concat!("/work", "/shared"),
        concat!("METHOD", ".md"),
        concat!("DESIGN", ".md"),
    ];
    let mut files = Vec::new();
    repository_files(&root(), &mut files);
    assert!(files.len() > 100, "found only {} files", files.len());
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| outside.iter().any(|o| line.contains(o)))
                .map(move |(n, line)| format!("{}:{}: {}", path.display(), n + 1, line.trim()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "references to files outside the repository (cite docs/method.md instead):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn citations_are_read_as_lists() {
    assert_eq!(
        citations("see docs/method.md §5, §6 and §10. And docs/method.md §6.3, not §N."),
        ["5", "6", "10", "6.3"]
    );
    assert_eq!(
        sections("## 6. Safety\n### 6.3 Pain\n## Contents"),
        ["6", "6.3"]
    );
}
