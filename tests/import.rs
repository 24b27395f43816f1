//! `annals import` as a user runs it: the file written only when whole
//! and checked, errors located, exit codes as elsewhere.

use super::{annals, root};

fn samples() -> std::path::PathBuf {
    root().join("tests/import")
}

#[test]
fn import_writes_a_file_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.toml");
    for (sample, from) in [
        ("timelinejs.csv", None),
        ("timelinejs.json", None),
        ("spreadsheet.csv", Some("csv")),
        ("english.mw", None),
        ("wikidata.json", Some("wikidata")),
    ] {
        let file = samples().join(sample);
        let mut args = vec![
            "import",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--force",
        ];
        if let Some(f) = from {
            args.extend(["--from", f]);
        }
        annals(dir.path(), &args)
            .success()
            .stderr(predicates::str::contains("wrote"));
        annals(dir.path(), &["check", out.to_str().unwrap()]).success();
    }
}

#[test]
fn import_refuses_without_clobbering() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.toml");
    std::fs::write(&out, "kept").unwrap();
    let csv = samples().join("timelinejs.csv");
    let csv = csv.to_str().unwrap();
    // An existing file stays without --force.
    annals(dir.path(), &["import", csv, "-o", "events.toml"])
        .code(2)
        .stderr(predicates::str::contains("give --force"));
    // A file that is not its format: exit 1, located, nothing written.
    std::fs::write(dir.path().join("broken.json"), "{\"events\": [1,").unwrap();
    annals(
        dir.path(),
        &[
            "import",
            "broken.json",
            "--from",
            "timelinejs",
            "-o",
            "events.toml",
            "--force",
        ],
    )
    .code(1)
    .stderr(predicates::str::contains("broken.json: line 1, column"));
    std::fs::write(dir.path().join("notes.txt"), "nothing to see").unwrap();
    annals(dir.path(), &["import", "notes.txt"])
        .code(2)
        .stderr(predicates::str::contains("give --from"));
    annals(dir.path(), &["import", csv, "--column", "colour=Group"])
        .code(2)
        .stderr(predicates::str::contains("`colour` is not a field"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    // Dropped rows are said on standard error with their row and column.
    annals(dir.path(), &["import", csv])
        .success()
        .stderr(predicates::str::contains(
            "row 12, column Year: not imported",
        ));
}

#[test]
fn list_writes_timelinejs_json() {
    let out = annals(&root(), &["list", "--format", "timelinejs"])
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 48);
    let plan = events
        .iter()
        .find(|e| e["unique_id"] == "investment-1929-30")
        .unwrap();
    assert_eq!(plan["display_date"], "1929/30 (economic year)");
    assert_eq!(plan["start_date"]["month"], 10);
    assert_eq!(plan["group"], "Plans and targets");
}
