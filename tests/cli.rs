use predicates::prelude::*;

use super::{annals, root, with_file};

/// `check` passes on the chapter and prints what the README's example
/// says, word for word (so the example cannot drift).
#[test]
fn check_passes_on_the_chapter_as_the_readme_shows() {
    let out = annals(&root(), &["check", "events.toml"])
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("### check").unwrap()..];
    let start = section.find("Prints `").unwrap() + "Prints `".len();
    let example = &section[start..start + section[start..].find('`').unwrap()];
    let example = example.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(out.trim(), example);
}

#[test]
fn check_defaults_to_events_toml_in_the_folder() {
    annals(&root(), &["check"]).success();
}

#[test]
fn list_shows_the_chapter_in_order() {
    let out = annals(&root(), &["list"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let conference = text.find("Fifteenth Party Conference").unwrap();
    let plan = text.find("Sixteenth Party Conference").unwrap();
    let passports = text.find("Internal passports").unwrap();
    assert!(conference < plan && plan < passports);
    assert!(text.starts_with("date "));
}

/// The table and the handout give each event's first and last day ("..."
/// or "…" where open) and its notes: note numbers, or the ids of sources
/// that have none.
#[test]
fn list_gives_first_and_last_days_and_notes() {
    let stdout = |args: &[&str], dir: &std::path::Path| {
        String::from_utf8(annals(dir, args).success().get_output().stdout.clone()).unwrap()
    };
    let row = |text: &str, label: &str| -> Vec<String> {
        let line = text.lines().find(|l| l.contains(label)).unwrap();
        line.split(['|', ' '])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let line = |text: &str, label: &str| -> String {
        text.lines().find(|l| l.contains(label)).unwrap().to_owned()
    };
    let table = stdout(&["list"], &root());
    let passports = line(&table, "Internal passports");
    let cells: Vec<&str> = passports
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[1..3], ["27 December 1932", "..."], "{passports}");
    assert_eq!(row(&table, "Internal passports").last().unwrap(), "18");
    let by = line(&table, "Leaving Leningrad");
    let cells: Vec<&str> = by
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[1..3], ["...", "31 December 1931"], "{by}");
    let md = stdout(&["list", "--format", "markdown"], &root());
    let passports = line(&md, "Internal passports");
    assert!(
        passports.contains("| 27 December 1932 | … |"),
        "{passports}"
    );
    assert_eq!(row(&md, "Internal passports").last().unwrap(), "18");
    let dir = super::with_file(
        b"[[source]]\nid = \"memoir\"\ncitation = \"A memoir\"\n\n\
          [[event]]\nid = \"a\"\nlabel = \"Strike\"\ndate = \"1926\"\nsources = [\"memoir\"]\n",
    );
    let table = stdout(&["list"], dir.path());
    assert_eq!(row(&table, "Strike").last().unwrap(), "memoir");
}

#[test]
fn list_json_has_the_documented_fields() {
    let out = annals(&root(), &["list", "--format", "json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 48);
    let conference = rows
        .iter()
        .find(|r| r["id"] == "fifteenth-conference")
        .unwrap();
    assert_eq!(conference["date"], "26 October-3 November 1926");
    assert_eq!(conference["start"], "1926-10-26");
    assert_eq!(conference["end"], "1926-11-03");
    assert_eq!(conference["precision"], "day");
    assert_eq!(conference["category"], "party");
    let passports = rows.iter().find(|r| r["id"] == "passport-decree").unwrap();
    assert_eq!(passports["start"], "1932-12-27");
    assert!(passports["end"].is_null());
    assert_eq!(passports["sources"][0]["note"], 18);
    let revolution = rows
        .iter()
        .find(|r| r["id"] == "october-revolution")
        .unwrap();
    assert_eq!(revolution["start"], "1917-11-07");
    assert_eq!(revolution["old_style"], "1917-10-25");
    assert_eq!(revolution["certainty"], "external");
    assert_eq!(rows[0]["id"], "pre-war-output");
    assert_eq!(rows[47]["id"], "textbook-1935");
    let with_start = rows.iter().filter(|r| r["start"].is_string()).count();
    assert_eq!(with_start, 43, "five events are open at the start");
}

#[test]
fn list_csv_and_markdown() {
    let csv = annals(&root(), &["list", "--format", "csv"])
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("id,date,start,end,precision,label,category,notes"));
    assert_eq!(csv.lines().count(), 49);
    assert!(
        csv.contains("\"26 October-3 November 1926\"")
            || csv.contains(",26 October-3 November 1926,")
    );
    let md = annals(&root(), &["list", "--format", "markdown"])
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    assert!(md.starts_with("# The forced march of industrialisation"));
    assert!(md.contains("25 October 1917 O.S. (7 November 1917 N.S.)"));
    assert!(md.contains("## Notes"));
    assert!(md.contains("9. A. Nove, An Economic History of the USSR, London 1984, p. 189"));
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    annals(dir.path(), &["check", "nope.toml"])
        .code(2)
        .stderr(predicate::str::contains("cannot read nope.toml"));
}

#[test]
fn usage_errors_exit_2() {
    annals(&root(), &["list", "--format", "yaml"]).code(2);
    annals(&root(), &["frobnicate"]).code(2);
}

#[test]
fn an_invalid_file_exits_1_with_every_error() {
    let dir = with_file(
        br#"
[[event]]
id = "a"
lable = "A"
date = "30 February 1931"

[[event]]
id = "a"
label = "B"
date = "1931"
category = "nope"
"#,
    );
    let out = annals(dir.path(), &["check"])
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("events.toml:4:1: error: unknown key `lable` in an event"),
        "{text}"
    );
    assert!(text.contains("did you mean `label`?"), "{text}");
    assert!(
        text.contains("events.toml:5:8: error: there is no 30 February in 1931"),
        "{text}"
    );
    assert!(
        text.contains("events.toml:8:6: error: duplicate event id `a`"),
        "{text}"
    );
    assert!(
        text.contains("events.toml:11:12: error: there is no category `nope`"),
        "{text}"
    );
    assert!(text.contains(" error"));
    assert!(!text.contains("panicked"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_its_position() {
    let dir = with_file(b"[timeline]\ntitle = \"caf\xe9\"\n");
    annals(dir.path(), &["check"])
        .code(1)
        .stderr(predicate::str::contains(
            "events.toml:2:13: error: the file is not UTF-8",
        ));
}

#[test]
fn no_input_makes_a_panic() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"\0\0\0",
        b"[[event]]",
        b"event = 3",
        b"[[event]]\nid = 1\nlabel = []\ndate = {}",
        b"[timeline]\neconomic_year_start = 99",
        b"[[event]]\nid='x'\nlabel='x'\ndate='../..'",
        b"[[figure]]\nid = 'f'\nsize = '0x0'\nformats = []",
    ];
    for input in inputs {
        let dir = with_file(input);
        let out = annals(dir.path(), &["check"]).get_output().clone();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{input:?}: {out:?}"
        );
    }
}

/// `-o` onto a FIFO writes through to its reader and leaves it a FIFO.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_through() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    let fifo = dir.path().join("pipe.svg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    annals(dir.path(), &["timeline", "events.toml", "-o", "pipe.svg"]).success();
    // Replaced by a file, the FIFO's reader would wait forever: fail now.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced"
    );
    // A reader still waiting means nothing was written: give it its end
    // of file (a writer opened and closed without blocking), so the test
    // fails on the content instead of hanging.
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        const O_NONBLOCK: i32 = 0o4000;
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(&fifo);
    }
    let got = reader.join().unwrap();
    assert!(String::from_utf8_lossy(&got).contains("<svg"));
}

/// `-o` onto a device writes through: a full one fails with exit 2 and the
/// system's message, a null one takes the bytes; both stay devices. (The
/// nodes are made in a temporary folder; making them needs root.)
#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    let node = |name: &str, minor: &str| {
        std::process::Command::new("mknod")
            .arg(dir.path().join(name))
            .args(["c", "1", minor])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !(node("full", "7") && node("null", "3")) {
        eprintln!("cannot make device nodes here (not root): skipped");
        return;
    }
    annals(
        dir.path(),
        &["timeline", "events.toml", "--format", "svg", "-o", "full"],
    )
    .code(2)
    .stderr(predicates::str::contains("No space left on device"));
    annals(
        dir.path(),
        &["timeline", "events.toml", "--format", "svg", "-o", "null"],
    )
    .success();
    for name in ["full", "null"] {
        let meta = std::fs::symlink_metadata(dir.path().join(name)).unwrap();
        assert!(meta.file_type().is_char_device(), "{name} was replaced");
    }
}

/// `-o` onto a symbolic link replaces what it points to and keeps the link.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target() {
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    std::fs::create_dir(dir.path().join("figures")).unwrap();
    std::fs::write(dir.path().join("figures/real.svg"), "old").unwrap();
    std::os::unix::fs::symlink("figures/real.svg", dir.path().join("link.svg")).unwrap();
    annals(dir.path(), &["timeline", "events.toml", "-o", "link.svg"]).success();
    let link = std::fs::symlink_metadata(dir.path().join("link.svg")).unwrap();
    assert!(link.file_type().is_symlink());
    let real = std::fs::read_to_string(dir.path().join("figures/real.svg")).unwrap();
    assert!(real.contains("<svg"));
    // A link to a file not there yet creates it.
    std::os::unix::fs::symlink("figures/new.svg", dir.path().join("new.svg")).unwrap();
    annals(dir.path(), &["timeline", "events.toml", "-o", "new.svg"]).success();
    assert!(dir.path().join("figures/new.svg").is_file());
    // A relative link is read from the link's folder, not the current one.
    std::os::unix::fs::symlink("real.svg", dir.path().join("figures/here.svg")).unwrap();
    std::fs::write(dir.path().join("figures/real.svg"), "old").unwrap();
    annals(
        dir.path(),
        &["timeline", "events.toml", "-o", "figures/here.svg"],
    )
    .success();
    assert!(
        std::fs::read_to_string(dir.path().join("figures/real.svg"))
            .unwrap()
            .contains("<svg")
    );
    assert!(!dir.path().join("real.svg").exists());
}

/// Command-line text is checked like the file's: a control character or a
/// noncharacter in `--title` is a usage error, and nothing is written.
#[test]
fn control_characters_in_options_are_usage_errors() {
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    for title in ["a\u{1}b", "a\u{fffe}b"] {
        annals(
            dir.path(),
            &["timeline", "events.toml", "--title", title, "-o", "t.svg"],
        )
        .code(2)
        .stderr(predicate::str::contains("--title"));
    }
    assert!(!dir.path().join("t.svg").exists());
}

/// Diagnostics stay readable and linear on hostile input: a lone CR ends
/// a line, control characters are escaped before they reach the terminal,
/// a long line is cut to a window around the column, and past fifty
/// problems only a count is printed (while every one is still counted).
#[test]
fn diagnostics_escape_window_and_cap_what_they_echo() {
    // CR line endings: the error is on line 4, not line 1.
    let cr = "[[event]]\rid = \"e\"\rlabel = \"E\"\rdate = \"not a date\"\r";
    annals(with_file(cr.as_bytes()).path(), &["check"])
        .code(1)
        .stderr(predicate::str::contains("events.toml:4:8: error"));
    // An escape sequence in the file is shown escaped, never raw.
    let esc = "[[event]]\nid = \"e\"\nlabel = \"a\u{1b}]0;title\u{7}b\"\ndate = \"1926\"\n";
    let out = annals(with_file(esc.as_bytes()).path(), &["check"]).code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("\\u{1b}") && stderr.contains("\\u{7}"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'));
    // A long line: the echo is a window around the column.
    let long = format!(
        "[[event]]\nid = \"e\"\nlabel = \"{}\"\ndate = \"1926\"\nsize = 1\n",
        "word ".repeat(200)
    );
    let long = long.replace("size = 1\n", "") + &format!("# {}\u{7}\n", "x".repeat(400));
    let out = annals(with_file(long.as_bytes()).path(), &["check"]).code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let widest = stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 140, "{widest}: {stderr}");
    // Many problems: fifty shown, the rest counted.
    let mut many = String::new();
    for i in 0..80 {
        let _ = std::fmt::Write::write_fmt(
            &mut many,
            format_args!("[[event]]\nid = \"e{i}\"\nlabel = \"E\"\ndate = \"bad {i}\"\n"),
        );
    }
    let out = annals(with_file(many.as_bytes()).path(), &["check"]).code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.matches(": error:").count(), 50, "{stderr}");
    assert!(stderr.contains("and 30 more (80 errors"), "{stderr}");
}

/// The chapter saved with old Mac (CR) line endings reads as it is.
#[test]
fn a_file_with_cr_line_endings_reads_like_the_original() {
    let text = std::fs::read_to_string(root().join("events.toml")).unwrap();
    let cr = text.replace('\n', "\r");
    annals(with_file(cr.as_bytes()).path(), &["check"])
        .success()
        .stdout(predicate::str::contains("ok: 48 events"));
}

/// Lists are safe where they are opened: HTML in a label stays text in a
/// Markdown handout, and a label that looks like a formula is not run by
/// a spreadsheet.
#[test]
fn list_exports_escape_html_and_neutralise_formulas() {
    let file = "[timeline]\ntitle = \"T <b>\"\n\n[[event]]\nid = \"e\"\nlabel = \"<script>alert(1)</script> & co\"\ndate = \"1926\"\n\n[[event]]\nid = \"f\"\nlabel = \"=HYPERLINK(\\\"http://x\\\")\"\ndate = \"44 BC\"\n";
    let dir = with_file(file.as_bytes());
    let md = annals(dir.path(), &["list", "--format", "markdown"]).success();
    let md = String::from_utf8(md.get_output().stdout.clone()).unwrap();
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{md}"
    );
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    let csv = annals(dir.path(), &["list", "--format", "csv"]).success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|f| f.starts_with('='))),
        "{csv}"
    );
    // A BC start date is text too.
    assert!(csv.contains("'-0043"), "{csv}");
}

/// A file over the 64 MB limit is refused with exit 2, after reading no
/// more than the limit: a huge (sparse) file, and a never-ending device.
#[test]
fn files_over_the_size_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    annals(dir.path(), &["check", "big.toml"])
        .code(2)
        .stderr(predicate::str::contains("larger than the limit of 64 MB"));
    #[cfg(unix)]
    {
        let made = std::process::Command::new("mknod")
            .arg(dir.path().join("zero"))
            .args(["c", "1", "5"])
            .status()
            .is_ok_and(|s| s.success());
        if made {
            annals(dir.path(), &["check", "zero"])
                .code(2)
                .stderr(predicate::str::contains("larger than the limit"));
        }
    }
}

/// Smaller messages of issue 10: the size range is stated, and a year of
/// six digits is out of range rather than "expected '-' before month".
#[test]
fn sizes_and_years_out_of_range_say_so() {
    let dir = with_file(&std::fs::read(root().join("events.toml")).unwrap());
    annals(
        dir.path(),
        &["timeline", "events.toml", "--size", "10x10", "-o", "t.svg"],
    )
    .code(2)
    .stderr(predicate::str::contains("between 320x240 and 16000x16000"));
    let file = "[[event]]\nid = \"e\"\nlabel = \"E\"\ndate = \"-262143\"\n";
    annals(with_file(file.as_bytes()).path(), &["check"])
        .code(1)
        .stderr(predicate::str::contains("the year is out of range"));
}

/// `chart --log` over a value at or below zero: the value is in the file,
/// so the error is located there (exit 1) and nothing is written.
#[test]
fn chart_log_over_a_negative_value_is_a_located_error() {
    let file = "[[event]]\nid = \"e\"\nlabel = \"E\"\ndate = \"1926\"\n\n\
        [[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"%\"\n\
        columns = [{ label = \"1930\", date = \"1930\" }]\n\
        rows = [{ label = \"A\", values = [5] }, { label = \"B\", values = [-3] }]\n\n\
        [[figure]]\nid = \"f\"\nkind = \"bars\"\ntable = \"t\"\n";
    let dir = with_file(file.as_bytes());
    annals(dir.path(), &["chart", "--chart", "f", "-o", "f.svg"]).success();
    std::fs::remove_file(dir.path().join("f.svg")).unwrap();
    annals(
        dir.path(),
        &["chart", "--chart", "f", "--log", "-o", "f.svg"],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "events.toml:16:9: error: a logarithmic axis (--log) cannot show the value -3",
    ));
    assert!(!dir.path().join("f.svg").exists());
}

/// The handout is for reading after the lecture: each event's description
/// and caveat, and every table and series with its note.
#[test]
fn the_handout_has_descriptions_caveats_and_the_figures_with_their_notes() {
    let out = annals(&root(), &["list", "--format", "markdown"])
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    let line = |label: &str| md.lines().find(|l| l.contains(label)).unwrap().to_owned();
    assert!(line("Investment in industry: 1.8 bn").contains("*Caveat:* The printed"));
    assert!(line("Regulations on managers").contains("Supreme Economic Council"));
    assert!(md.contains("### Targets of production, in million tons (note 9)"));
    assert!(md.contains("| Coal | 35.0 | 75.0 | 95-105 |"));
    assert!(md.contains("*Note:* The table lost its numbers"));
    assert!(md.contains("### Coal industry: left employment, in per 100 employees (note 17)"));
}

/// A chart's text alternative carries its table's note.
#[test]
fn a_charts_alt_text_carries_the_tables_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("events.toml"), dir.path().join("events.toml")).unwrap();
    annals(dir.path(), &["chart", "--chart", "targets", "-o", "t.svg"]).success();
    let svg = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    let desc = super::desc_of(&svg);
    assert!(desc.contains("Note: The table lost its numbers"), "{desc}");
}
