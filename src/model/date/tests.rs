use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The chapter's conventions: "1929/30" is an economic year.
fn economic() -> DateContext {
    DateContext {
        slash_years: Some(SlashYears::Economic),
        ..DateContext::default()
    }
}

fn parse(s: &str) -> HistDate {
    HistDate::parse(s, economic()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn error(s: &str) -> String {
    match HistDate::parse(s, economic()) {
        Ok(date) => panic!("{s} should not parse, got {date:?}"),
        Err(e) => e.message,
    }
}

/// (written, first day, last day, precision, shape)
fn check(s: &str, first: Option<NaiveDate>, last: Option<NaiveDate>, p: Precision, shape: &str) {
    let date = parse(s);
    assert_eq!(date.start(), first, "start of {s}");
    assert_eq!(date.end(), last, "end of {s}");
    assert_eq!(date.precision(), p, "precision of {s}");
    assert_eq!(date.shape().name(), shape, "shape of {s}");
    assert_eq!(date.written(), s.trim());
}

#[test]
fn every_form_of_the_issue() {
    use Precision::*;
    let table = [
        (
            "4 February 1931",
            d(1931, 2, 4),
            d(1931, 2, 4),
            Day,
            "point",
        ),
        (
            "February 4, 1931",
            d(1931, 2, 4),
            d(1931, 2, 4),
            Day,
            "point",
        ),
        ("1931-02-04", d(1931, 2, 4), d(1931, 2, 4), Day, "point"),
        ("April 1926", d(1926, 4, 1), d(1926, 4, 30), Month, "point"),
        ("Apr 1926", d(1926, 4, 1), d(1926, 4, 30), Month, "point"),
        ("1926-04", d(1926, 4, 1), d(1926, 4, 30), Month, "point"),
        ("1935", d(1935, 1, 1), d(1935, 12, 31), Year, "point"),
        (
            "26 October-3 November 1926",
            d(1926, 10, 26),
            d(1926, 11, 3),
            Day,
            "period",
        ),
        (
            "26 October – 3 November 1926",
            d(1926, 10, 26),
            d(1926, 11, 3),
            Day,
            "period",
        ),
        (
            "1926-10-26/1926-11-03",
            d(1926, 10, 26),
            d(1926, 11, 3),
            Day,
            "period",
        ),
        (
            "23-29 April 1929",
            d(1929, 4, 23),
            d(1929, 4, 29),
            Day,
            "period",
        ),
        (
            "26 June-13 July 1930",
            d(1930, 6, 26),
            d(1930, 7, 13),
            Day,
            "period",
        ),
        (
            "October 1929-May 1930",
            d(1929, 10, 1),
            d(1930, 5, 31),
            Month,
            "period",
        ),
        (
            "October-December 1930",
            d(1930, 10, 1),
            d(1930, 12, 31),
            Month,
            "period",
        ),
        (
            "summer 1930",
            d(1930, 6, 1),
            d(1930, 8, 31),
            Season,
            "point",
        ),
        (
            "the summer of 1929",
            d(1929, 6, 1),
            d(1929, 8, 31),
            Season,
            "point",
        ),
        ("1930-22", d(1930, 6, 1), d(1930, 8, 31), Season, "point"),
        (
            "winter 1930-31",
            d(1930, 12, 1),
            d(1931, 2, 28),
            Season,
            "point",
        ),
        ("Q4 1930", d(1930, 10, 1), d(1930, 12, 31), Quarter, "point"),
        (
            "1929/30",
            d(1929, 10, 1),
            d(1930, 9, 30),
            EconomicYear,
            "point",
        ),
        (
            "1929/30 (economic year)",
            d(1929, 10, 1),
            d(1930, 9, 30),
            EconomicYear,
            "point",
        ),
        (
            "economic year 1929-30",
            d(1929, 10, 1),
            d(1930, 9, 30),
            EconomicYear,
            "point",
        ),
        (
            "1927/28-1932/33",
            d(1927, 10, 1),
            d(1933, 9, 30),
            EconomicYear,
            "period",
        ),
        ("1921-28", d(1921, 1, 1), d(1928, 12, 31), Year, "period"),
        ("1930-1933", d(1930, 1, 1), d(1933, 12, 31), Year, "period"),
        ("1999-2001", d(1999, 1, 1), d(2001, 12, 31), Year, "period"),
        ("1998-03", d(1998, 3, 1), d(1998, 3, 31), Month, "point"),
        ("c. 1927", d(1927, 1, 1), d(1927, 12, 31), Year, "point"),
        ("1929?", d(1929, 1, 1), d(1929, 12, 31), Year, "point"),
        ("1927~", d(1927, 1, 1), d(1927, 12, 31), Year, "point"),
        ("192X", d(1920, 1, 1), d(1929, 12, 31), Year, "point"),
        ("44 BC", d(-43, 1, 1), d(-43, 12, 31), Year, "point"),
        ("-0043", d(-43, 1, 1), d(-43, 12, 31), Year, "point"),
        ("15 March 44 BC", d(-43, 3, 15), d(-43, 3, 15), Day, "point"),
        ("1 BC", d(0, 1, 1), d(0, 12, 31), Year, "point"),
        ("AD 33", d(33, 1, 1), d(33, 12, 31), Year, "point"),
    ];
    for (s, first, last, p, shape) in table {
        check(s, Some(first), Some(last), p, shape);
    }
}

#[test]
fn open_ended_dates() {
    check(
        "by 1931",
        None,
        Some(d(1931, 12, 31)),
        Precision::Year,
        "by",
    );
    check(
        "until 1928",
        None,
        Some(d(1928, 12, 31)),
        Precision::Year,
        "until",
    );
    check(
        "../1931",
        None,
        Some(d(1931, 12, 31)),
        Precision::Year,
        "until",
    );
    let from = parse("from 27 December 1932");
    assert_eq!(from.start(), Some(d(1932, 12, 27)));
    assert_eq!(from.end(), None);
    assert_eq!(from.shape().name(), "from");
    let edtf = parse("1932-12-27/..");
    assert_eq!(edtf.shape(), from.shape());
    assert_eq!(parse("by 1931").anchor(), d(1931, 1, 1));
}

#[test]
fn qualifiers() {
    assert!(parse("c. 1927").is_approximate());
    assert!(parse("circa 1927").is_approximate());
    assert!(parse("1927~").is_approximate());
    assert!(!parse("1927").is_approximate());
    assert!(parse("1929?").is_uncertain());
    assert!(parse("summer 1929?").is_uncertain());
    assert!(!parse("1929?").is_approximate());
}

#[test]
fn old_style_dates_are_placed_new_style_and_shown_as_both() {
    let october = parse("25 October 1917 (Old Style)");
    assert_eq!(october.start(), Some(d(1917, 11, 7)));
    assert_eq!(october.old_style().unwrap().first, (1917, 10, 25));
    assert_eq!(
        october.display(),
        "25 October 1917 O.S. (7 November 1917 N.S.)"
    );
    assert!(october.warnings().is_empty());
    assert_eq!(parse("1917-10-25 (O.S.)").shape(), october.shape());
    // The last Julian day in Russia, and the first Gregorian day after it.
    assert_eq!(parse("31 January 1918 O.S.").start(), Some(d(1918, 2, 13)));
    let after = parse("1 February 1918 (Old Style)");
    assert_eq!(after.start(), Some(d(1918, 2, 14)));
    assert_eq!(
        after.warnings().len(),
        1,
        "Julian after January 1918 is suspect"
    );
    // Julian leap day in a year that is not a Gregorian leap year.
    assert_eq!(
        parse("29 February 1900 (Old Style)").start(),
        Some(d(1900, 3, 13))
    );
    assert!(error("29 February 1901 (Old Style)").contains("no 29 February in 1901"));
    // A month in Old Style covers its Julian days.
    let month = parse("October 1917 (Old Style)");
    assert_eq!(month.start(), Some(d(1917, 10, 14)));
    assert_eq!(month.end(), Some(d(1917, 11, 13)));
}

#[test]
fn julian_round_trip() {
    for days in (-800_000..800_000).step_by(997) {
        let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
        let (y, m, dd) = julian_from_gregorian(date);
        assert_eq!(gregorian_from_julian(y, m, dd), Some(date), "{date}");
    }
    // 4 October 1582 Julian was followed by 15 October 1582 Gregorian.
    assert_eq!(gregorian_from_julian(1582, 10, 5), Some(d(1582, 10, 15)));
}

#[test]
fn leap_years() {
    assert_eq!(parse("29 February 1932").start(), Some(d(1932, 2, 29)));
    assert_eq!(parse("February 1932").end(), Some(d(1932, 2, 29)));
    assert_eq!(parse("February 1900").end(), Some(d(1900, 2, 28)));
    assert_eq!(parse("February 2000").end(), Some(d(2000, 2, 29)));
    assert!(error("29 February 1931").contains("no 29 February in 1931"));
    assert!(error("1931-02-29").contains("not a date") || error("1931-02-29").contains("no 29"));
    // Year 0 (1 BC) is a leap year in both calendars.
    assert_eq!(parse("February 1 BC").end(), Some(d(0, 2, 29)));
}

#[test]
fn economic_years() {
    let ctx = DateContext {
        economic_year_start: 10,
        slash_years: Some(SlashYears::Economic),
        ..DateContext::default()
    };
    let y = HistDate::parse("1928/29", ctx).unwrap();
    assert_eq!(
        (y.start(), y.end()),
        (Some(d(1928, 10, 1)), Some(d(1929, 9, 30)))
    );
    // Consecutive economic years touch without a gap.
    let next = HistDate::parse("1929/30", ctx).unwrap();
    assert_eq!(y.end().unwrap().succ_opt(), next.start());
    // A file may set another start month.
    let april = DateContext {
        economic_year_start: 4,
        slash_years: Some(SlashYears::Economic),
        ..DateContext::default()
    };
    let y = HistDate::parse("1929/30", april).unwrap();
    assert_eq!(
        (y.start(), y.end()),
        (Some(d(1929, 4, 1)), Some(d(1930, 3, 31)))
    );
    // An economic year ending in a leap February.
    let march = DateContext {
        economic_year_start: 3,
        slash_years: Some(SlashYears::Economic),
        ..DateContext::default()
    };
    let y = HistDate::parse("1931/32", march).unwrap();
    assert_eq!(y.end(), Some(d(1932, 2, 29)));
    assert!(error("1929/31").contains("must follow the first"));
}

#[test]
fn impossible_dates_are_errors() {
    assert!(error("30 February 1931").contains("no 30 February in 1931"));
    assert!(error("1931-13").contains("month 13"));
    assert!(error("1931-13-01").contains("month 13"));
    assert!(error("0 March 1931").contains("day 0"));
    assert!(error("3 November-26 October 1926").contains("ends"));
    let reversed = error("1935/1930");
    assert!(
        reversed.contains("ends") || reversed.contains("must follow"),
        "{reversed}"
    );
    assert!(error("").contains("empty"));
    assert!(error("Octember 1926").contains("not a month"));
    assert!(error("by").contains("no date"));
    assert!(error("by 1930-1931").contains("single date"));
    assert!(error("{1667,1668}").contains("sets"));
    assert!(error("0 BC").contains("BC"));
}

#[test]
fn sorting_is_by_first_then_last_day_and_stable() {
    let mut dates: Vec<HistDate> = [
        "1935",
        "April 1926",
        "by 1931",
        "1926",
        "26 October-3 November 1926",
        "1926-04",
        "1929/30",
        "summer 1930",
        "44 BC",
    ]
    .iter()
    .map(|s| parse(s))
    .collect();
    dates.sort_by(chronological);
    let order: Vec<&str> = dates.iter().map(HistDate::written).collect();
    assert_eq!(
        order,
        [
            "44 BC",
            "1926",
            "April 1926",
            "1926-04",
            "26 October-3 November 1926",
            "1929/30",
            "summer 1930",
            "by 1931",
            "1935"
        ]
    );
}

#[test]
fn display_texts() {
    assert_eq!(year_text(-43), "44 BC");
    assert_eq!(year_text(0), "1 BC");
    assert_eq!(iso_text(d(-43, 3, 15)), "-0043-03-15");
    assert_eq!(iso_text(d(1926, 4, 1)), "1926-04-01");
}

/// `YYYY-NN` with NN a later year of the same century is a range of years,
/// even where EDTF would read a quarter or season (1930-36 is not Q4 1930):
/// one rule, as the README states it.
#[test]
fn yyyy_nn_is_years_before_it_is_a_quarter() {
    let years = parse("1930-36");
    assert_eq!(years.start(), Some(d(1930, 1, 1)));
    assert_eq!(years.end(), Some(d(1936, 12, 31)));
    // Not a later year: an EDTF season (22 = summer).
    let summer = parse("1930-22");
    assert_eq!(summer.start(), Some(d(1930, 6, 1)));
    let quarter = parse("Q4 1930");
    assert_eq!(quarter.start(), Some(d(1930, 10, 1)));
    assert_eq!(quarter.end(), Some(d(1930, 12, 31)));
}

/// The README's forms that the issue found untested: each equals the form
/// it stands beside.
#[test]
fn every_spelling_the_readme_gives_reads_the_same() {
    let same = |a: &str, b: &str| {
        let (x, y) = (parse(a), parse(b));
        assert_eq!((x.start(), x.end()), (y.start(), y.end()), "{a} vs {b}");
    };
    same("before 1931", "by 1930");
    same("till 1928", "until 1928");
    same("since 27 December 1932", "from 27 December 1932");
    same("after 26 December 1932", "from 27 December 1932");
    same("after 1931", "from 1932");
    same("ca. 1927", "c. 1927");
    same("about 1927", "c. 1927");
    same("circa 1927", "c. 1927");
    same("25 October 1917 (Julian)", "25 October 1917 (Old Style)");
    same("25 October 1917 O.S.", "25 October 1917 (Old Style)");
    same("44 BCE", "44 BC");
    same("1929-10/1930-05", "October 1929-May 1930");
    same("1921/1928", "1921-28");
    same("1929/1930", "1929-1930");
    // 1929/30 (two digits) is an economic year, 1929/1930 two calendar years.
    assert_ne!(parse("1929/30").start(), parse("1929/1930").start());
    assert!(parse("about 1927").is_approximate());
    assert!(parse("25 October 1917 (Julian)").old_style().is_some());
}

/// The README's table of date forms, read from the README itself: every
/// form in it parses, and its EDTF form (where it has one) covers the same
/// days as its first English form. An example cannot drift from the code.
#[test]
fn the_readme_date_table_is_what_the_parser_reads() {
    let readme = include_str!("../../../README.md");
    let table = &readme[readme.find("| the text says |").unwrap()..];
    let rows = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect::<Vec<_>>();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    let forms = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (english, edtf) = (forms(cells[2]), forms(cells[3]));
        let first = english.first().cloned();
        for form in &english {
            // "since ..." and "... (O.S.)" stand for the first form's date.
            let form = match &first {
                Some(f) if form.ends_with(" ...") => {
                    let date = f.split_once(' ').map_or(f.as_str(), |(_, d)| d);
                    form.replace("...", date)
                }
                Some(f) if form.starts_with("... ") => {
                    let date = f.split(" (").next().unwrap_or(f);
                    form.replace("...", date)
                }
                _ => form.clone(),
            };
            parse(&form);
        }
        // `YYYY-NN` with a later year is years: where EDTF would differ,
        // the table says so in words, "(none: ...)".
        let edtf: Vec<&String> = if cells[3].starts_with("(none") {
            Vec::new()
        } else {
            edtf.iter().collect()
        };
        for e in &edtf {
            parse(e);
        }
        if let (Some(f), Some(e)) = (&first, edtf.first()) {
            let (x, y) = (parse(f), parse(e));
            assert_eq!((x.start(), x.end()), (y.start(), y.end()), "{f} vs {e}");
        }
    }
}

/// Reads `s` with no conventions set.
fn plain(s: &str) -> Result<HistDate, DateError> {
    HistDate::parse(s, DateContext::default())
}

/// (written, first day, last day, precision, shape, approximate)
fn reads(s: &str, first: NaiveDate, last: NaiveDate, p: Precision, shape: &str, approximate: bool) {
    let date = plain(s).unwrap_or_else(|e| panic!("{s}: {e}: {:?}", e.hint));
    assert_eq!(
        (date.anchor(), date.anchor_end()),
        (first, last),
        "days of {s}"
    );
    assert_eq!(date.precision(), p, "precision of {s}");
    assert_eq!(date.shape().name(), shape, "shape of {s}");
    assert_eq!(date.is_approximate(), approximate, "approximate: {s}");
}

/// The forms of issue 21 that used to be misread without a word: a short
/// year end belongs to the first year's decade or century, and a winter
/// written across the year end runs from December to February.
#[test]
fn short_year_ends_and_winters_are_read_right() {
    use Precision::*;
    #[rustfmt::skip]
    let rows = [
        ("1652-4", d(1652, 1, 1), d(1654, 12, 31), Year, "period", false),
        ("1646-7", d(1646, 1, 1), d(1647, 12, 31), Year, "period", false),
        ("1646-47", d(1646, 1, 1), d(1647, 12, 31), Year, "period", false),
        ("c. 1655-7", d(1655, 1, 1), d(1657, 12, 31), Year, "period", true),
        ("1858-9", d(1858, 1, 1), d(1859, 12, 31), Year, "period", false),
        ("1894-5", d(1894, 1, 1), d(1895, 12, 31), Year, "period", false),
        ("1899-1901", d(1899, 1, 1), d(1901, 12, 31), Year, "period", false),
        ("the winter of 1637-8", d(1637, 12, 1), d(1638, 2, 28), Season, "point", false),
        ("winter 1646-47", d(1646, 12, 1), d(1647, 2, 28), Season, "point", false),
        ("winter 1646/47", d(1646, 12, 1), d(1647, 2, 28), Season, "point", false),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    // A short end that no decade makes later is an error, not a guess.
    assert!(plain("1659-1").is_err());
    assert!(plain("winter 1646-48").is_err());
}

/// A form with two readings in common use is refused with a hint naming
/// both, unless the file's conventions choose.
#[test]
fn ambiguous_forms_are_refused_unless_a_convention_chooses() {
    let refused = |s: &str, both: [&str; 2]| {
        let e = plain(s).expect_err(s);
        let said = format!("{} {}", e.message, e.hint.unwrap_or_default());
        for reading in both {
            assert!(said.contains(reading), "{s}: `{said}` lacks {reading}");
        }
    };
    refused("1910-11", ["November 1910", "1910-1911"]);
    refused("1900-05", ["May 1900", "1900-1905"]);
    refused("1648/49", ["economic", "dual year"]);
    refused("1929/30", ["economic", "Old Style"]);
    refused("winter 1930", ["December 1929", "December 1930"]);
    refused("the 1900s", ["1900-1909", "century"]);
    refused("the 1800s", ["1800-1809", "19th century"]);
    refused("168-7 BC", ["168 BC-167 BC", "168 BC-7 BC"]);
    refused("44 BC-14", ["14 BC", "AD 14"]);
    // "1926-04" is a month only (1904 is before 1926); "1929-30" years only.
    assert_eq!(plain("1926-04").unwrap().precision(), Precision::Month);
    assert_eq!(plain("1929-30").unwrap().shape().name(), "period");

    let years = DateContext {
        yyyy_nn: Some(YyyyNn::Years),
        ..DateContext::default()
    };
    let months = DateContext {
        yyyy_nn: Some(YyyyNn::Month),
        ..DateContext::default()
    };
    let y = HistDate::parse("1910-11", years).unwrap();
    assert_eq!(
        (y.anchor(), y.anchor_end()),
        (d(1910, 1, 1), d(1911, 12, 31))
    );
    let m = HistDate::parse("1910-11", months).unwrap();
    assert_eq!(
        (m.anchor(), m.anchor_end()),
        (d(1910, 11, 1), d(1910, 11, 30))
    );

    let dual = DateContext {
        slash_years: Some(SlashYears::Dual),
        ..DateContext::default()
    };
    let y = HistDate::parse("1648/49", dual).unwrap();
    // 1 January-24 March 1649, Julian: 11 January-3 April 1649.
    assert_eq!(
        (y.anchor(), y.anchor_end()),
        (d(1649, 1, 11), d(1649, 4, 3))
    );
    let e = HistDate::parse("1648/49", economic()).unwrap();
    assert_eq!(e.precision(), Precision::EconomicYear);
    // Marked, a slash year needs no convention.
    assert!(plain("1929/30 (economic year)").is_ok());
    assert!(plain("1648/9 (O.S.)").unwrap().old_style().is_some());
}

#[test]
fn decades_centuries_and_thirds() {
    use Precision::*;
    #[rustfmt::skip]
    let rows = [
        ("the 1640s", d(1640, 1, 1), d(1649, 12, 31), Decade, "point", false),
        ("1640s", d(1640, 1, 1), d(1649, 12, 31), Decade, "point", false),
        ("the 1640's", d(1640, 1, 1), d(1649, 12, 31), Decade, "point", false),
        ("the 1640’s", d(1640, 1, 1), d(1649, 12, 31), Decade, "point", false),
        ("the 80s BC", d(-88, 1, 1), d(-79, 12, 31), Decade, "point", false),
        ("the early 1880s", d(1880, 1, 1), d(1882, 12, 31), Decade, "point", true),
        ("mid-1650s", d(1653, 1, 1), d(1656, 12, 31), Decade, "point", true),
        ("the late 1640s", d(1647, 1, 1), d(1649, 12, 31), Decade, "point", true),
        ("the 17th century", d(1601, 1, 1), d(1700, 12, 31), Century, "point", false),
        ("the seventeenth century", d(1601, 1, 1), d(1700, 12, 31), Century, "point", false),
        ("the first century BC", d(-99, 1, 1), d(0, 12, 31), Century, "point", false),
        ("the 1st century AD", d(1, 1, 1), d(100, 12, 31), Century, "point", false),
        ("the twenty-first century", d(2001, 1, 1), d(2100, 12, 31), Century, "point", false),
        ("the early 17th century", d(1601, 1, 1), d(1633, 12, 31), Century, "point", true),
        ("early 1645", d(1645, 1, 1), d(1645, 4, 30), Year, "point", true),
        ("mid-1642", d(1642, 5, 1), d(1642, 8, 31), Year, "point", true),
        ("late 52 BC", d(-51, 9, 1), d(-51, 12, 31), Year, "point", true),
        ("the end of 1645", d(1645, 9, 1), d(1645, 12, 31), Year, "point", true),
        ("early July 1645", d(1645, 7, 1), d(1645, 7, 10), Month, "point", true),
        ("mid-July 1645", d(1645, 7, 11), d(1645, 7, 21), Month, "point", true),
        ("late July 1645", d(1645, 7, 22), d(1645, 7, 31), Month, "point", true),
        ("early summer 1645", d(1645, 6, 1), d(1645, 6, 30), Season, "point", true),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    assert!(
        plain("the 80s").is_err(),
        "a two-digit decade needs its era"
    );
}

#[test]
fn ranges_between_ordinals_and_uncertainty() {
    use Precision::*;
    #[rustfmt::skip]
    let rows = [
        ("between 1645 and 1647", d(1645, 1, 1), d(1647, 12, 31), Year, "point", false),
        ("between March and May 1645", d(1645, 3, 1), d(1645, 5, 31), Month, "point", false),
        ("1642 to 1646", d(1642, 1, 1), d(1646, 12, 31), Year, "period", false),
        ("from 1642 to 1646", d(1642, 1, 1), d(1646, 12, 31), Year, "period", false),
        ("91-88 BC", d(-90, 1, 1), d(-87, 12, 31), Year, "period", false),
        ("123-122 BC", d(-122, 1, 1), d(-121, 12, 31), Year, "period", false),
        ("between 91 and 88 BC", d(-90, 1, 1), d(-87, 12, 31), Year, "point", false),
        ("10 January-15 March 49 BC", d(-48, 1, 10), d(-48, 3, 15), Day, "period", false),
        ("44 BC-AD 14", d(-43, 1, 1), d(14, 12, 31), Year, "period", false),
        ("23rd July 1637", d(1637, 7, 23), d(1637, 7, 23), Day, "point", false),
        ("1st May 1625", d(1625, 5, 1), d(1625, 5, 1), Day, "point", false),
        ("July 23rd, 1637", d(1637, 7, 23), d(1637, 7, 23), Day, "point", false),
        ("the 2nd of May 1625", d(1625, 5, 2), d(1625, 5, 2), Day, "point", false),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    for s in ["1656 (?)", "?1656", "1656?"] {
        let date = plain(s).unwrap();
        assert!(date.is_uncertain(), "{s}");
        assert_eq!(date.anchor(), d(1656, 1, 1));
    }
    // "before" ends where its date begins; "by" where it ends.
    let before = parse("before 1928/29");
    assert_eq!(before.end(), Some(d(1928, 9, 30)));
    assert_eq!(parse("by 1928/29").end(), Some(d(1929, 9, 30)));
    assert_eq!(
        plain("before 4 February 1931").unwrap().end(),
        Some(d(1931, 2, 3))
    );
    // Halves are exact; "or" is one of two, uncertain; Roman days.
    #[rustfmt::skip]
    let rows = [
        ("the first half of 1776", d(1776, 1, 1), d(1776, 6, 30), Year, "point", false),
        ("second half of 1776", d(1776, 7, 1), d(1776, 12, 31), Year, "point", false),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    assert!(plain("1776 or 1777").unwrap().is_uncertain());
    #[rustfmt::skip]
    let rows = [
        ("1776 or 1777", d(1776, 1, 1), d(1777, 12, 31), Year, "point", false),
        ("the Ides of March 44 BC", d(-43, 3, 15), d(-43, 3, 15), Day, "point", false),
        ("the Nones of February 44 BC", d(-43, 2, 5), d(-43, 2, 5), Day, "point", false),
        ("the Kalends of January 45 BC", d(-44, 1, 1), d(-44, 1, 1), Day, "point", false),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    // Written the wrong way round, the hint names the era.
    let e = plain("91-88").unwrap_err();
    assert!(
        e.hint.unwrap_or_default().contains("91-88 BC"),
        "{}",
        e.message
    );
    assert!(plain("23th July 1637").is_err(), "a wrong ordinal suffix");
    assert!(
        plain("May -44")
            .unwrap_err()
            .hint
            .unwrap_or_default()
            .contains("BC")
    );
    assert!(plain("10001 BC").is_err());
}

#[test]
fn old_and_new_style_as_historians_mark_them() {
    let os = |s: &str| plain(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    for s in [
        "25 October 1917 O.S.",
        "25 October 1917 O.S",
        "25 October 1917 (O.S.)",
        "25 October 1917 Old Style",
        "25 October 1917 (Julian)",
    ] {
        assert_eq!(os(s).anchor(), d(1917, 11, 7), "{s}");
    }
    for s in [
        "7 November 1917 N.S.",
        "7 November 1917 (N.S.)",
        "7 November 1917 New Style",
    ] {
        let date = os(s);
        assert_eq!(date.anchor(), d(1917, 11, 7), "{s}");
        assert!(date.old_style().is_none());
    }
    // Dual years are Julian, the later year historical.
    let charles = os("30 January 1648/9");
    assert_eq!(charles.anchor(), d(1649, 2, 9));
    assert_eq!(
        charles.display(),
        "30 January 1648/9 O.S. (9 February 1649 N.S.)"
    );
    assert_eq!(os("4 January 1641/2").anchor(), d(1642, 1, 14));
    let march = os("March 1642/3 (O.S.)");
    assert_eq!(
        (march.anchor(), march.anchor_end()),
        (d(1643, 3, 11), d(1643, 4, 3))
    );
    assert!(
        plain("30 April 1648/9").is_err(),
        "a dual year after 24 March"
    );
    // Dual days: the two must agree.
    let oliver = os("3/13 September 1658");
    assert_eq!(oliver.anchor(), d(1658, 9, 13));
    assert_eq!(oliver.old_style().unwrap().first, (1658, 9, 3));
    assert!(plain("3/14 September 1658").is_err());
    // An Old Style month covers its Julian month and stays a month.
    let m = os("March 1642 (O.S.)");
    assert_eq!(
        (m.anchor(), m.anchor_end()),
        (d(1642, 3, 11), d(1642, 4, 10))
    );
    assert_eq!(m.precision(), Precision::Month);
    assert_eq!(
        m.old_style().unwrap().text(m.precision(), true),
        "Mar 1642 O.S."
    );
    // Old Style periods, marked once or end by end.
    for s in [
        "28 October-11 November 1647 (O.S.)",
        "28 October 1647 (O.S.)-11 November 1647 (O.S.)",
    ] {
        let p = os(s);
        assert_eq!(
            (p.anchor(), p.anchor_end()),
            (d(1647, 11, 7), d(1647, 11, 21)),
            "{s}"
        );
        assert_eq!(
            p.old_style().unwrap().text(p.precision(), true),
            "28 Oct 1647-11 Nov 1647 O.S."
        );
    }
}

/// Conventions stated once in `[timeline]`: dates before a day are Old
/// Style, and Old Style years begin on 25 March.
#[test]
fn old_style_by_convention_and_the_legal_year() {
    let england = DateContext {
        gregorian_from: Some(d(1752, 9, 14)),
        year_starts_25_march: true,
        ..DateContext::default()
    };
    let read = |s: &str| HistDate::parse(s, england).unwrap_or_else(|e| panic!("{s}: {e}"));
    // 10 February 1648, legal year: 10 February 1649 Julian, 20 February N.S.
    assert_eq!(read("10 February 1648").anchor(), d(1649, 2, 20));
    assert_eq!(read("30 January 1648/9").anchor(), d(1649, 2, 9));
    assert_eq!(read("2 September 1752").anchor(), d(1752, 9, 13));
    assert_eq!(read("14 September 1752").anchor(), d(1752, 9, 14));
    assert!(read("14 September 1752").old_style().is_none());
    // Marked New Style, a date is Gregorian whatever the convention.
    assert_eq!(read("10 June 1648 (N.S.)").anchor(), d(1648, 6, 10));
    // The legal year 1648 ran from 25 March 1648 to 24 March 1649.
    let y = read("1648");
    assert_eq!(y.old_style().unwrap().first, (1648, 3, 25));
    assert_eq!(y.old_style().unwrap().last, (1649, 3, 24));
    // March of a legal year is in two years: refused.
    assert!(HistDate::parse("March 1648", england).is_err());
    assert!(
        HistDate::parse("8 September 1752", england).is_err(),
        "a skipped day"
    );
}

#[test]
fn a_date_in_parentheses_turns_its_own_into_brackets() {
    assert_eq!(
        parse("30 January 1649 (O.S.)").parenthesized(),
        "(30 January 1649 [O.S.])"
    );
    assert_eq!(parse("1929/30").parenthesized(), "(1929/30)");
}

/// Forms from other books: circa run on, decades and centuries as ranges,
/// millennia, and what a date is not.
#[test]
fn more_forms_from_history_books() {
    use Precision::*;
    #[rustfmt::skip]
    let rows = [
        ("ca.1645", d(1645, 1, 1), d(1645, 12, 31), Year, "point", true),
        ("c1645", d(1645, 1, 1), d(1645, 12, 31), Year, "point", true),
        ("c. 1645-c. 1650", d(1645, 1, 1), d(1650, 12, 31), Year, "period", true),
        ("the 1640s-50s", d(1640, 1, 1), d(1659, 12, 31), Decade, "period", false),
        ("the 1st c. BC", d(-99, 1, 1), d(0, 12, 31), Century, "point", false),
        ("5th-4th century BC", d(-499, 1, 1), d(-300, 12, 31), Century, "period", false),
        ("the fifth to fourth centuries BC", d(-499, 1, 1), d(-300, 12, 31), Century, "period", false),
        ("the 3rd millennium BC", d(-2999, 1, 1), d(-2000, 12, 31), Millennium, "point", false),
        ("the second millennium", d(1001, 1, 1), d(2000, 12, 31), Millennium, "point", false),
    ];
    for (s, first, last, p, shape, approximate) in rows {
        reads(s, first, last, p, shape, approximate);
    }
    for s in ["fl. 1650", "b. 1600", "d. 1650"] {
        let e = plain(s).unwrap_err();
        assert!(
            e.message.contains("says what happened"),
            "{s}: {}",
            e.message
        );
    }
}
