//! The structure around the stages, kept: no import cycle between the
//! library's files, the layout's passes included, counting `crate::` and
//! `super::` paths (each of a `super::{a, b}` group) and a parent's use of
//! its children's items. Comments and test modules do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`.
fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Paths like `a::b::c` that follow `prefix` in `code`; of a group,
/// `prefix{a, b::c}`, each of its paths.
fn paths_after<'c>(code: &'c str, prefix: &str) -> Vec<&'c str> {
    let path = |rest: &'c str| {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        rest[..end].trim_end_matches(':')
    };
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        let rest = &code[i + prefix.len()..];
        match rest.strip_prefix('{').and_then(|g| g.split_once('}')) {
            Some((group, _)) => out.extend(group.split(',').map(|p| path(p.trim_start()))),
            None => out.push(path(rest)),
        }
    }
    out
}

#[test]
fn no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let binary = ["main.rs", "run.rs", "cli.rs"];
    all.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        !binary.contains(&name.as_ref())
            && name != "tests.rs"
            && !p.components().any(|c| c.as_os_str() == "tests")
    });
    let modules: BTreeMap<String, String> = all
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (module_of(p, &src), code)
        })
        .collect();
    // `crate::figure` is `model::figure`, re-exported.
    let alias = |m: &str| {
        m.replacen(
            "figure",
            "model::figure",
            usize::from(m.starts_with("figure")),
        )
    };
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|k| parts[..k].join("::"))
            .find(|c| modules.contains_key(c))
    };
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (m, code) in &modules {
        let parent = m.rsplit_once("::").map_or("", |(p, _)| p);
        let mut targets = BTreeSet::new();
        for p in paths_after(code, "crate::") {
            targets.extend(resolve(&alias(p)));
        }
        for p in paths_after(code, "super::") {
            let full = if parent.is_empty() {
                p.to_owned()
            } else {
                format!("{parent}::{p}")
            };
            targets.extend(resolve(&full));
        }
        // A parent using its children: `child::item`.
        for p in paths_after(code, " ")
            .into_iter()
            .chain(paths_after(code, "("))
        {
            if let Some((child, _)) = p.split_once("::") {
                let full = if m.is_empty() {
                    child.to_owned()
                } else {
                    format!("{m}::{child}")
                };
                if modules.contains_key(&full) {
                    targets.insert(full);
                }
            }
        }
        targets.remove(m);
        edges.insert(m, targets);
    }
    // Every module that reaches itself.
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = edges[start].iter().map(String::as_str).collect();
        while let Some(m) = todo.pop() {
            if m == *start {
                cycles.push(start.to_string());
                break;
            }
            if !seen.insert(m) {
                continue;
            }
            todo.extend(edges.get(m).into_iter().flatten().map(String::as_str));
        }
    }
    assert!(cycles.is_empty(), "modules in an import cycle: {cycles:?}");
}

/// The layout is geometry only, timelines' and charts' alike: none of its
/// files uses a drawing library or a writer (`render`, `deck`, `export`,
/// plotters), so every writer draws the same scene.
#[test]
fn the_layout_uses_no_drawing_library() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/layout");
    let mut all = Vec::new();
    files(&dir, &mut all);
    assert!(all.iter().any(|p| p.ends_with("chart/table.rs")));
    let mut found = Vec::new();
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for word in ["crate::render", "crate::deck", "crate::export", "plotters"] {
                if line.contains(word) {
                    found.push(format!("{}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "the layout draws: {found:#?}");
}
