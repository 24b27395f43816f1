//! Validation messages, each asserted with its line and column.

use std::fmt::Write as _;

use annals::diagnostic::Severity;
use annals::load;

use super::errors;

const EVENT: &str = "[[event]]\nid = \"e\"\nlabel = \"E\"\n";

macro_rules! validation_error {
    ($name:ident, $input:expr, $line:expr, $column:expr, $message:expr) => {
        #[test]
        fn $name() {
            let found = errors(&$input);
            let want = format!("{}:{}: {}", $line, $column, $message);
            assert!(
                found.iter().any(|f| f.starts_with(&want)),
                "wanted `{want}`, found {found:#?}"
            );
        }
    };
}

validation_error!(toml_syntax, "[timeline\ntitle = 1", 1, 10, "");
validation_error!(
    an_empty_file_has_no_events,
    "",
    1,
    1,
    "the file has no events"
);
validation_error!(
    a_timeline_table_alone_has_no_events,
    "[timeline]\ntitle = \"T\"\n",
    1,
    1,
    "the file has no events"
);
validation_error!(
    an_empty_event_list,
    "event = []\n",
    1,
    9,
    "the event list is empty"
);
validation_error!(
    unknown_top_level_key,
    "[timelime]\n",
    1,
    2,
    "unknown key `timelime` in the file"
);
validation_error!(
    unknown_event_key,
    format!("{EVENT}date = \"1926\"\nlable = \"x\"\n"),
    5,
    1,
    "unknown key `lable` in an event"
);
validation_error!(
    wrong_type,
    format!("{EVENT}date = 1926\n"),
    4,
    8,
    "invalid type: integer `1926`, expected a string"
);
validation_error!(
    unquoted_toml_date,
    format!("{EVENT}date = 1926-04-01\n"),
    4,
    8,
    "an unquoted date is a TOML datetime"
);
validation_error!(missing_date, EVENT, 1, 1, "missing key `date` in an event");
validation_error!(
    thirtieth_of_february,
    format!("{EVENT}date = \"30 February 1931\"\n"),
    4,
    8,
    "there is no 30 February in 1931"
);
validation_error!(
    leap_day_1931,
    format!("{EVENT}date = \"29 Feb 1931\"\n"),
    4,
    8,
    "there is no 29 February in 1931"
);
validation_error!(
    month_13,
    format!("{EVENT}date = \"1931-13\"\n"),
    4,
    8,
    "`1931-13` is neither a month (there is no month 13)"
);
validation_error!(
    day_zero,
    format!("{EVENT}date = \"0 March 1931\"\n"),
    4,
    8,
    "there is no day 0"
);
validation_error!(
    end_before_start,
    format!("{EVENT}date = \"1933-1930\"\n"),
    4,
    8,
    "`1933-1930` ends before it starts"
);
validation_error!(
    duplicate_id,
    format!("{EVENT}date = \"1926\"\n{EVENT}date = \"1927\"\n"),
    6,
    6,
    "duplicate event id `e`"
);
validation_error!(
    unknown_category,
    format!("{EVENT}date = \"1926\"\ncategory = \"lab\"\n"),
    5,
    12,
    "there is no category `lab`"
);
validation_error!(
    unknown_source,
    format!("{EVENT}date = \"1926\"\nsources = [\"n99\"]\n"),
    5,
    12,
    "there is no source `n99`"
);
validation_error!(
    empty_label,
    "[[event]]\nid = \"e\"\nlabel = \"  \"\ndate = \"1926\"\n",
    3,
    9,
    "the label is empty"
);
validation_error!(
    control_character,
    format!("{EVENT}date = \"1926\"\nquote = \"a\\u0007b\"\n"),
    5,
    9,
    "the text contains the control character U+0007"
);
validation_error!(
    noncharacter_u_fffe,
    format!("{EVENT}date = \"1926\"\nquote = \"a\\uFFFEb\"\n"),
    5,
    9,
    "the text contains U+FFFE, which is not a character"
);
validation_error!(
    noncharacter_u_ffff_in_a_label,
    "[[event]]\nid = \"e\"\nlabel = \"\\uFFFF\"\ndate = \"1926\"\n",
    3,
    9,
    "the text contains U+FFFF, which is not a character"
);
validation_error!(
    noncharacter_in_another_plane,
    format!("{EVENT}date = \"1926\"\ncaveat = \"\\U0001FFFE\"\n"),
    5,
    10,
    "the text contains U+1FFFE, which is not a character"
);
validation_error!(
    a_figure_whose_window_holds_no_event,
    format!("{EVENT}date = \"1926\"\n\n[[figure]]\nid = \"later\"\nfrom = \"1950\"\n"),
    7,
    6,
    "the figure `later` would show no event"
);
validation_error!(
    a_figure_whose_lanes_its_size_cannot_hold,
    {
        // Ten lanes of two events each on a 640x300 canvas.
        let mut file = String::from("[[figure]]\nid = \"small\"\nsize = \"640x300\"\n\n");
        for i in 0..10 {
            let _ = write!(
                file,
                "[[category]]\nid = \"c{i}\"\nlabel = \"Lane {i}\"\n\n"
            );
            for j in 0..2 {
                let _ = write!(
                    file,
                    "[[event]]\nid = \"e{i}-{j}\"\nlabel = \"Event\"\ndate = \"{}\"\ncategory = \"c{i}\"\n\n",
                    1900 + i * 3 + j
                );
            }
        }
        file
    },
    3,
    8,
    "the figure `small` cannot be drawn"
);
validation_error!(
    a_chart_with_more_rows_than_its_size_holds,
    {
        // A comparison chart of 10,000 rows: located at the figure, never
        // drawn as thousands of labels over each other.
        let mut file = String::from(
            "[[event]]\nid = \"e\"\nlabel = \"E\"\ndate = \"1926\"\n\n\
             [[figure]]\nid = \"many\"\nkind = \"comparison\"\ntable = \"t\"\n\n\
             [[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"%\"\n\
             columns = [{ label = \"1930\" }]\nrows = [\n",
        );
        for i in 0..10_000 {
            let _ = writeln!(
                file,
                "  {{ label = \"Row {i}\", values = [{}] }},",
                i % 50 + 1
            );
        }
        file.push_str("]\n");
        file
    },
    7,
    6,
    "the figure `many` cannot be drawn"
);
validation_error!(
    duplicate_category_id,
    format!(
        "[[category]]\nid = \"c\"\nlabel = \"C\"\n\n[[category]]\nid = \"c\"\nlabel = \"D\"\n\n{EVENT}date = \"1926\"\n"
    ),
    6,
    6,
    "duplicate category id `c`"
);
validation_error!(
    duplicate_source_id,
    format!(
        "[[source]]\nid = \"n1\"\ncitation = \"A\"\n\n[[source]]\nid = \"n1\"\ncitation = \"B\"\n\n{EVENT}date = \"1926\"\n"
    ),
    6,
    6,
    "duplicate source id `n1`"
);
validation_error!(
    duplicate_figure_id,
    format!("{EVENT}date = \"1926\"\n\n[[figure]]\nid = \"f\"\n\n[[figure]]\nid = \"f\"\n"),
    10,
    6,
    "duplicate figure id `f`"
);
validation_error!(
    duplicate_table_id,
    format!(
        "{EVENT}date = \"1926\"\n\n[[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"u\"\ncolumns = [{{ label = \"a\" }}]\nrows = []\n\n[[table]]\nid = \"t\"\ntitle = \"T\"\nunit = \"u\"\ncolumns = [{{ label = \"a\" }}]\nrows = []\n"
    ),
    14,
    6,
    "duplicate table id `t`"
);
validation_error!(
    bad_importance,
    format!("{EVENT}date = \"1926\"\nimportance = \"hihg\"\n"),
    5,
    14,
    "`hihg` is not a importance"
);
validation_error!(
    bad_colour,
    "[[category]]\nid = \"c\"\nlabel = \"C\"\ncolor = \"blue\"\n",
    4,
    9,
    "`blue` is not a colour"
);
validation_error!(
    economic_year_month,
    "[timeline]\neconomic_year_start = 13\n",
    2,
    23,
    "`economic_year_start` is 13"
);
validation_error!(
    figure_format,
    "[[figure]]\nid = \"f\"\nformats = [\"gif\"]\n",
    3,
    12,
    "`gif` is not an output format"
);
validation_error!(
    figure_size,
    "[[figure]]\nid = \"f\"\nsize = \"huge\"\n",
    3,
    8,
    "`huge` is not a size"
);
validation_error!(
    event_as_table,
    "[event]\nid = \"e\"\n",
    1,
    1,
    "`event` must be an array of tables"
);

#[test]
fn every_problem_is_reported_in_one_run() {
    let text = format!(
        "{EVENT}date = \"30 February 1931\"\n{EVENT}date = \"1926\"\ncategory = \"x\"\n[[event]]\nid = \"f\"\nlabel = \"\"\ndate = \"1926\"\nlable = 1\n"
    );
    let found = errors(&text);
    assert_eq!(found.len(), 5, "{found:#?}");
}

#[test]
fn hints_suggest_the_nearest_key() {
    let report = load::from_str(
        "t.toml",
        &format!("{EVENT}date = \"1926\"\ncategroy = \"x\"\n"),
    )
    .unwrap_err();
    assert_eq!(
        report.diagnostics()[0].hint.as_deref(),
        Some("did you mean `category`?")
    );
    let text = report.to_string();
    assert!(text.contains("t.toml:5:1: error: unknown key `categroy` in an event\n  |\n5 | categroy = \"x\"\n  | ^^^^^^^^\n  = hint: did you mean `category`?"), "{text}");
}

#[test]
fn warnings_do_not_stop_loading() {
    let long = "x".repeat(80);
    let loaded = load::from_str(
        "t.toml",
        &format!(
            "[[event]]\nid = \"e\"\nlabel = \"{long}\"\ndate = \"1 March 1918 (Old Style)\"\n"
        ),
    )
    .unwrap();
    assert_eq!(loaded.warnings.count(Severity::Warning), 2);
    assert_eq!(loaded.timeline.events.len(), 1);
}

/// TOML's reader gives no place for a key nested past its limit: the
/// error is put on the line that nests most, not at 1:1.
#[test]
fn a_key_nested_too_deeply_is_located() {
    let text = format!(
        "{EVENT}date = \"1926\"\n\n{} = 1\n",
        vec!["k"; 300].join(".")
    );
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("6:1: the keys or values nest too deeply"),
        "{found:?}"
    );
}
