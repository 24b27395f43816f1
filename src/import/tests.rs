//! Each reader on a sample written for it (`tests/import/`): BC years,
//! year-only rows, ranges, HTML, empty and broken rows.

use super::*;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn read(name: &str, format: Format) -> Imported {
    import(name, &sample(name), format, &Columns::default()).unwrap()
}

/// The written file passes `annals check`.
fn checks(imported: &Imported) -> crate::model::Timeline {
    let text = imported.to_toml();
    match crate::load::from_str("imported.toml", &text) {
        Ok(loaded) => loaded.timeline,
        Err(report) => panic!("{report}\n{text}"),
    }
}

fn dated<'t>(t: &'t crate::model::Timeline, label: &str) -> &'t crate::model::Event {
    t.events
        .iter()
        .find(|e| e.label == label)
        .unwrap_or_else(|| panic!("no {label}"))
}

#[test]
fn the_format_is_guessed_from_the_file() {
    let guess = |name: &str| Format::guess(name, &sample(name));
    assert_eq!(guess("timelinejs.csv"), Some(Format::TimelineJsCsv));
    assert_eq!(guess("timelinejs.json"), Some(Format::TimelineJsJson));
    assert_eq!(guess("spreadsheet.csv"), Some(Format::Csv));
    assert_eq!(guess("english.mw"), Some(Format::Markwhen));
    assert_eq!(guess("wikidata.json"), Some(Format::Wikidata));
}

#[test]
fn timelinejs_spreadsheet() {
    let imported = read("timelinejs.csv", Format::TimelineJsCsv);
    assert_eq!(imported.title.as_deref(), Some("The French Revolution"));
    assert_eq!(
        imported.subtitle.as_deref(),
        Some("From the Estates-General to Thermidor")
    );
    let t = checks(&imported);
    let estates = dated(&t, "Estates-General opens");
    assert_eq!(estates.date.written(), "5 May 1789");
    assert_eq!(
        estates.description.as_deref(),
        Some("At Versailles, see the account & notes.")
    );
    assert_eq!(estates.sources.len(), 2, "the link and the media credit");
    // The Display Date is kept where it names the same day.
    assert_eq!(
        dated(&t, "Tennis Court Oath").date.written(),
        "20 June 1789"
    );
    // A year alone is a year, not 1 January.
    let year = dated(&t, "The year 1789");
    assert_eq!(year.date.precision(), crate::model::Precision::Year);
    let convention = dated(&t, "The National Convention");
    assert_eq!(convention.date.written(), "September 1792-October 1795");
    // An era is an event of its own category; a Display Date that names
    // other days is a caveat.
    let terror = dated(&t, "The Terror");
    assert!(
        terror
            .caveat
            .as_deref()
            .unwrap_or_default()
            .contains("the Terror")
    );
    assert_eq!(
        t.category(terror.category.as_deref().unwrap())
            .unwrap()
            .label,
        "Eras"
    );
    // Negative years are BC, and a range across the era keeps both eras.
    assert_eq!(
        dated(&t, "Caesar assassinated").date.written(),
        "15 March 44 BC"
    );
    assert_eq!(dated(&t, "Augustus").date.written(), "27 BC-AD 14");
    // Empty rows are skipped; broken ones dropped with their row.
    assert_eq!(imported.dropped.len(), 2, "{:?}", imported.dropped);
    assert!(
        imported
            .dropped
            .iter()
            .any(|d| d.at == "row 12, column Year" && d.why.contains("`abc`"))
    );
    assert!(
        imported
            .dropped
            .iter()
            .any(|d| d.at == "row 13, column Month" && d.why.contains("month"))
    );
    let toml = imported.to_toml();
    assert!(toml.contains("# guessed: the time of day is left out"));
    assert!(toml.contains("# row 12, column Year:"));
}

#[test]
fn timelinejs_json_slides() {
    let imported = read("timelinejs.json", Format::TimelineJsJson);
    let t = checks(&imported);
    assert_eq!(t.title, "Meiji Japan");
    assert_eq!(
        dated(&t, "Meiji Restoration").date.written(),
        "3 January 1868"
    );
    assert_eq!(
        dated(&t, "Meiji Restoration").description.as_deref(),
        Some("The Charter Oath followed.")
    );
    assert_eq!(
        dated(&t, "First Sino-Japanese War").date.written(),
        "July 1894-April 1895"
    );
    assert_eq!(dated(&t, "Satsuma Rebellion").date.written(), "c. 1877");
    assert_eq!(
        dated(&t, "Emperor Jimmu, by legend").date.written(),
        "660 BC"
    );
    assert_eq!(dated(&t, "Meiji era").date.written(), "1868-1912");
    assert_eq!(imported.dropped.len(), 1);
}

#[test]
fn any_spreadsheet() {
    let imported = read("spreadsheet.csv", Format::Csv);
    let t = checks(&imported);
    let wars = dated(&t, "English Civil Wars");
    assert_eq!(wars.date.written(), "1642 to 1651");
    assert_eq!(wars.importance, crate::model::Importance::High);
    assert_eq!(wars.sources[0].id, "s1");
    assert_eq!(
        dated(&t, "Execution of Charles I").date.anchor(),
        chrono::NaiveDate::from_ymd_opt(1649, 2, 9).unwrap()
    );
    assert_eq!(
        dated(&t, "First Anglo-Dutch War").date.anchor_end(),
        chrono::NaiveDate::from_ymd_opt(1654, 12, 31).unwrap()
    );
    // Ambiguous or empty dates are not imported, and say why.
    let why: Vec<&str> = imported.dropped.iter().map(|d| d.why.as_str()).collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(
        why.iter()
            .any(|w| w.contains("two readings: November 1910"))
    );
    assert!(why.iter().any(|w| w.contains("is empty")));
    assert!(why.iter().any(|w| w.contains("AD 14")));
    assert!(imported.to_toml().contains("columns not imported: Page"));
    // Columns named on the command line.
    let named = Columns {
        named: [("label".to_owned(), "Notes".to_owned())].into(),
    };
    let renamed = import("s.csv", &sample("spreadsheet.csv"), Format::Csv, &named).unwrap();
    assert_eq!(renamed.events[0].label, "Three wars");
    let wrong = Columns {
        named: [("date".to_owned(), "Datum".to_owned())].into(),
    };
    let e = import("s.csv", &sample("spreadsheet.csv"), Format::Csv, &wrong).unwrap_err();
    assert!(e.message.contains("no column `Datum`"), "{e}");
}

#[test]
fn markwhen() {
    let imported = read("english.mw", Format::Markwhen);
    let t = checks(&imported);
    assert_eq!(t.title, "England, 1625-1689");
    let accession = dated(&t, "Charles I king");
    assert_eq!(accession.date.written(), "1625-03-27");
    assert_eq!(accession.tags, ["accession"]);
    assert_eq!(
        t.category(accession.category.as_deref().unwrap())
            .unwrap()
            .label,
        "Crown"
    );
    assert_eq!(
        dated(&t, "Charles I executed").description.as_deref(),
        Some("A description line under the event.")
    );
    assert_eq!(
        dated(&t, "Civil Wars").date.written(),
        "1642-08-22/1651-09-03"
    );
    assert_eq!(
        dated(&t, "Nottingham: the standard raised").date.written(),
        "1642-08-22"
    );
    assert!(dated(&t, "Restoration").category.is_none());
    assert_eq!(imported.dropped.len(), 2, "{:?}", imported.dropped);
}

#[test]
fn wikidata_results() {
    let imported = read("wikidata.json", Format::Wikidata);
    let t = checks(&imported);
    let october = dated(&t, "October Revolution");
    assert_eq!(october.date.written(), "25 October 1917 (O.S.)");
    assert_eq!(
        october.date.anchor(),
        chrono::NaiveDate::from_ymd_opt(1917, 11, 7).unwrap()
    );
    assert_eq!(
        t.source(&october.sources[0].id).unwrap().citation,
        "http://www.wikidata.org/entity/Q8680"
    );
    // XSD numbering: -0508 is 509 BC, -0026 27 BC.
    assert_eq!(dated(&t, "Roman Republic").date.written(), "509 BC-27 BC");
    assert_eq!(dated(&t, "The 1640s").date.written(), "the 1640s");
    assert_eq!(imported.dropped.len(), 1);
}

/// events.toml -> `TimelineJS` JSON -> import keeps every event's days,
/// label and category.
#[test]
fn a_round_trip_through_timelinejs_keeps_dates_labels_and_categories() {
    let chapter = crate::load::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/events.toml"
    )))
    .unwrap()
    .timeline;
    let json = timelinejs_json(&chapter);
    let back =
        checks(&import("c.json", &json, Format::TimelineJsJson, &Columns::default()).unwrap());
    assert_eq!(back.events.len(), chapter.events.len());
    for (a, b) in chapter.events.iter().zip(&back.events) {
        assert_eq!(a.label, b.label);
        assert_eq!(
            (a.date.start(), a.date.end()),
            (b.date.start(), b.date.end()),
            "{}",
            a.label
        );
        let category = |t: &crate::model::Timeline, e: &crate::model::Event| {
            e.category
                .as_deref()
                .and_then(|c| t.category(c))
                .map(|c| c.label.clone())
        };
        assert_eq!(category(&chapter, a), category(&back, b));
    }
}
