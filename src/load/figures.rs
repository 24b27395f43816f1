//! `[[figure]]` -> figure specs: timelines and charts, every reference
//! checked.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::checker::{Checker, did_you_mean};
use super::raw::{RawFigureHead, RawOptions, fields};
use super::shared::{options, unique_id, unknown};
use crate::figure::{ChartKind, ChartSpec, FigureKind, FigureSpec, Format, TimelineOptions};
use crate::model::data::{Cell, Series, Table};
use crate::model::{Category, DateContext, Event};

/// What figures may refer to.
pub(super) struct Known<'a> {
    pub(super) categories: &'a [Category],
    pub(super) events: &'a [Event],
    pub(super) tables: &'a [Table],
    pub(super) series: &'a [Series],
}

pub(super) fn figures(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
    defaults: &TimelineOptions,
    dates: DateContext,
    known: &Known<'_>,
) -> Vec<FigureSpec> {
    let categories = known.categories;
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    let allowed: Vec<&str> = fields::FIGURE_HEAD
        .iter()
        .chain(fields::OPTIONS)
        .copied()
        .collect();
    for item in c.tables(value, "figure", &allowed, "a figure") {
        let copy = Spanned::new(item.span(), item.get_ref().clone());
        let (Some(head), Some(opts)) = (
            c.deserialize::<RawFigureHead>(copy),
            c.deserialize::<RawOptions>(item),
        ) else {
            continue;
        };
        let mut ok = unique_id(c, &head.id, &mut seen, "figure");
        ok &= file_name(c, &head.id, "figure");
        let kind = match &head.kind {
            None => FigureKind::Timeline,
            Some(k) if k.get_ref() == "timeline" => FigureKind::Timeline,
            Some(k) => {
                if let Some(chart) = ChartKind::from_name(k.get_ref()) {
                    if let Some(spec) = chart_spec(c, chart, &head, known) {
                        FigureKind::Chart(spec)
                    } else {
                        ok = false;
                        FigureKind::Timeline
                    }
                } else {
                    let names = [
                        "timeline",
                        "bars",
                        "lines",
                        "comparison",
                        "fulfilment",
                        "slope",
                    ];
                    let hint = match did_you_mean(k.get_ref(), names) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("the figure kinds are: {}", names.join(", ")),
                    };
                    c.error_hint(
                        k.span(),
                        format!("`{}` is not a figure kind", k.get_ref()),
                        Some(hint),
                    );
                    ok = false;
                    FigureKind::Timeline
                }
            }
        };
        if kind == FigureKind::Timeline {
            for (key, given) in [
                ("table", head.table.is_some()),
                ("columns", head.columns.is_some()),
                ("series", head.series.is_some()),
                ("events", head.events.is_some()),
                ("growth", head.growth.is_some()),
                ("reference", head.reference.is_some()),
                ("reference_label", head.reference_label.is_some()),
            ] {
                if given && ok {
                    c.error_hint(
                        head.id.span(),
                        format!("`{key}` is for charts, and this figure is a timeline"),
                        Some("give the figure a chart kind: kind = \"bars\", \"lines\" or \"comparison\"".into()),
                    );
                    ok = false;
                }
            }
        }
        let formats = match &head.formats {
            None => Format::DEFAULT.to_vec(),
            Some(list) => {
                let mut formats = Vec::new();
                for f in list.get_ref() {
                    match Format::from_name(f.get_ref()) {
                        Some(format) if !formats.contains(&format) => formats.push(format),
                        Some(_) => {}
                        None => {
                            ok = false;
                            c.error_hint(
                                f.span(),
                                format!("`{}` is not an output format", f.get_ref()),
                                Some("the formats are: svg, png, pdf, html".into()),
                            );
                        }
                    }
                }
                if formats.is_empty() && ok {
                    c.error(list.span(), "a figure needs at least one format");
                    ok = false;
                }
                formats
            }
        };
        for cat in opts.categories.iter().flatten() {
            if !categories.iter().any(|k| &k.id == cat.get_ref()) {
                ok = false;
                unknown(c, cat, "category", categories.iter().map(|k| k.id.as_str()));
            }
        }
        let options = options(c, &opts, defaults.clone(), dates);
        if formats.contains(&Format::Png)
            && let Err(e) = crate::figure::png_fits(options.size, options.scale)
        {
            let at = opts
                .scale
                .as_ref()
                .map(Spanned::span)
                .or_else(|| opts.size.as_ref().map(Spanned::span))
                .unwrap_or_else(|| head.id.span());
            c.error_hint(
                at,
                e,
                Some("lower `scale` or `size`, or leave png out of `formats`".into()),
            );
            ok = false;
        }
        let reversed = matches!((options.from, options.to), (Some(a), Some(b)) if b < a);
        if ok && !reversed && kind == FigureKind::Timeline && !options.shows_any(known.events) {
            c.error_hint(
                head.id.span(),
                format!("the figure `{}` would show no event", head.id.get_ref()),
                Some("no event falls in its window (from, to) and passes its filters (categories, tags, importance)".into()),
            );
            ok = false;
        }
        let mut order = Vec::new();
        for id in head.order.iter().flatten() {
            if known.events.iter().any(|e| &e.id == id.get_ref()) {
                order.push(id.get_ref().clone());
            } else {
                unknown(c, id, "event", known.events.iter().map(|e| e.id.as_str()));
                ok = false;
            }
        }
        if kind != FigureKind::Timeline
            && formats.contains(&Format::Html)
            && let Some(list) = &head.formats
        {
            c.error_hint(
                list.span(),
                "an interactive page (`html`) is made for timelines, and this figure is a chart",
                Some("keep svg, png and pdf for a chart".into()),
            );
            ok = false;
        }
        let stepped = head.steps.unwrap_or(false) || head.order.is_some();
        if stepped && kind != FigureKind::Timeline {
            c.error(head.id.span(), "only timelines are built up step by step");
            ok = false;
        }
        if ok {
            // Where a figure's size is set (or the figure itself), for
            // errors about what its size cannot hold.
            let span = opts
                .size
                .as_ref()
                .map_or_else(|| head.id.span(), Spanned::span);
            out.push(FigureSpec {
                id: head.id.into_inner(),
                kind,
                formats,
                options,
                steps: stepped.then_some(order),
                span,
            });
        } else {
            // A deck that names it is not told it is unknown.
            c.declared_invalid("figure", head.id.get_ref());
        }
    }
    out
}

/// A figure's or deck's id names its files (`ID.svg`, `ID-steps.tex`,
/// `ID.alt.txt`, `ID.pptx`): it must make file names on every system.
pub(super) fn file_name(c: &mut Checker<'_>, id: &crate::load::raw::Text, what: &str) -> bool {
    const MAX: usize = 200;
    let name = id.get_ref();
    let problem = if name.len() > MAX {
        Some(format!(
            "is {} bytes long, over the {MAX} a file name takes with its suffixes",
            name.len()
        ))
    } else if name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) {
        Some("holds a character file names cannot (/ \\ : * ? \" < > |)".to_owned())
    } else if name.starts_with('.') {
        Some("starts with a dot, which hides the file or names a folder".to_owned())
    } else {
        None
    };
    let Some(problem) = problem else { return true };
    c.error_hint(
        id.span(),
        format!("the {what} id {problem}"),
        Some(format!(
            "the id names the {what}'s files: use letters, digits and dashes"
        )),
    );
    false
}

/// The two columns a fulfilment or slope chart compares (which only they
/// take), checked: two labels of the table's columns; a fulfilment's
/// targets above zero.
fn table_columns(
    c: &mut Checker<'_>,
    kind: ChartKind,
    head: &RawFigureHead,
    table: &Table,
    at: &Range<usize>,
) -> Result<Option<(usize, usize)>, ()> {
    let Some(list) = &head.columns else {
        if kind.compares_columns() {
            c.error_hint(
                at.clone(),
                format!(
                    "a {} chart needs the two `columns` it compares",
                    kind.name()
                ),
                Some(format!(
                    "add `columns = [\"<label>\", \"<label>\"]`; the table's columns are: {}",
                    labels_of(table)
                )),
            );
            return Err(());
        }
        return Ok(None);
    };
    if !kind.compares_columns() {
        c.error_hint(
            list.span(),
            "`columns` is for fulfilment and slope charts",
            Some("a bars or comparison chart draws every column".into()),
        );
        return Err(());
    }
    if list.get_ref().len() != 2 {
        c.error_hint(
            list.span(),
            format!(
                "`columns` names {} column(s); it takes two",
                list.get_ref().len()
            ),
            Some(match kind {
                ChartKind::Fulfilment => "the target, then the outcome".into(),
                _ => "the first date, then the second".into(),
            }),
        );
        return Err(());
    }
    let mut found = Vec::new();
    for label in list.get_ref() {
        if let Some(i) = table
            .columns
            .iter()
            .position(|col| &col.label == label.get_ref())
        {
            found.push(i);
        } else {
            let labels = table.columns.iter().map(|col| col.label.as_str());
            let hint = match did_you_mean(label.get_ref(), labels) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the table's columns are: {}", labels_of(table)),
            };
            c.error_hint(
                label.span(),
                format!(
                    "the table `{}` has no column `{}`",
                    table.id,
                    label.get_ref()
                ),
                Some(hint),
            );
            return Err(());
        }
    }
    let (first, second) = (found[0], found[1]);
    if first == second {
        c.error(list.span(), "`columns` names the same column twice");
        return Err(());
    }
    if kind == ChartKind::Fulfilment
        && let Some(row) = table
            .rows
            .iter()
            .find(|r| r.cells[first].bounds().is_some_and(|(low, _)| low <= 0.0))
    {
        c.error_hint(
            list.get_ref()[0].span(),
            format!("the target of `{}` is not above zero", row.label),
            Some("a fulfilment chart divides each outcome by its target".into()),
        );
        return Err(());
    }
    Ok(Some((first, second)))
}

fn labels_of(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|col| format!("`{}`", col.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a chart's references: its table or series exist, its series
/// share one unit, its events exist, a log axis has only positive values.
fn chart_spec(
    c: &mut Checker<'_>,
    kind: ChartKind,
    head: &RawFigureHead,
    known: &Known<'_>,
) -> Option<ChartSpec> {
    let mut ok = true;
    let at = head.id.span();
    let mut columns = None;
    // Every value drawn, with where the figure names its table or series.
    let mut values: Vec<(f64, Range<usize>)> = Vec::new();
    let table = match (kind, &head.table) {
        (ChartKind::Lines, Some(t)) => {
            c.error_hint(
                t.span(),
                "a lines chart draws series, not a table",
                Some("use `series = [...]`".into()),
            );
            ok = false;
            None
        }
        (ChartKind::Lines, None) => None,
        (_, None) => {
            c.error_hint(
                at.clone(),
                format!("a {} chart needs a `table`", kind.name()),
                Some("add `table = \"<id of a [[table]]>\"`".into()),
            );
            ok = false;
            None
        }
        (_, Some(t)) => {
            if let Some(table) = known.tables.iter().find(|x| &x.id == t.get_ref()) {
                match table_columns(c, kind, head, table, &at) {
                    Ok(found) => columns = found,
                    Err(()) => ok = false,
                }
                values.extend(
                    table
                        .rows
                        .iter()
                        .flat_map(|r| r.cells.iter())
                        .filter_map(Cell::bounds)
                        .flat_map(|(a, b)| [a, b])
                        .map(|v| (v, t.span())),
                );
                Some(table.id.clone())
            } else {
                unknown(c, t, "table", known.tables.iter().map(|x| x.id.as_str()));
                ok = false;
                None
            }
        }
    };
    let mut series = Vec::new();
    match (kind, &head.series) {
        (ChartKind::Lines, None) => {
            c.error_hint(
                at.clone(),
                "a lines chart needs `series`",
                Some("add `series = [\"<id of a [[series]]>\"]`".into()),
            );
            ok = false;
        }
        (ChartKind::Lines, Some(list)) => {
            let mut unit: Option<(&str, &str)> = None;
            for s in list {
                if let Some(found) = known.series.iter().find(|x| &x.id == s.get_ref()) {
                    if let Some((first_id, first_unit)) = unit
                        && first_unit != found.unit
                    {
                        c.error_hint(
                            s.span(),
                            format!(
                                "the series `{}` is in {}, but `{first_id}` is in {first_unit}: one chart, one unit",
                                found.id, found.unit
                            ),
                            Some("draw series of other units in a chart of their own".into()),
                        );
                        ok = false;
                    }
                    unit.get_or_insert((&found.id, &found.unit));
                    values.extend(
                        found
                            .points
                            .iter()
                            .filter_map(|p| p.value.bounds())
                            .flat_map(|(a, b)| [a, b])
                            .map(|v| (v, s.span())),
                    );
                    series.push(found.id.clone());
                } else {
                    unknown(c, s, "series", known.series.iter().map(|x| x.id.as_str()));
                    ok = false;
                }
            }
            if list.is_empty() {
                c.error(at.clone(), "a lines chart needs at least one series");
                ok = false;
            }
        }
        (_, Some(list)) => {
            if let Some(first) = list.first() {
                c.error_hint(
                    first.span(),
                    "series are drawn by lines charts",
                    Some("use `kind = \"lines\"`".into()),
                );
                ok = false;
            }
        }
        (_, None) => {}
    }
    let mut events = Vec::new();
    for e in head.events.iter().flatten() {
        if known.events.iter().any(|x| &x.id == e.get_ref()) {
            events.push(e.get_ref().clone());
        } else {
            unknown(c, e, "event", known.events.iter().map(|x| x.id.as_str()));
            ok = false;
        }
    }
    // (A fulfilment chart's line is the target, 100%.)
    if let (Some(label), None) = (&head.reference_label, &head.reference)
        && kind != ChartKind::Fulfilment
    {
        c.error_hint(
            label.span(),
            "a `reference_label` names the reference line, and there is no `reference`",
            Some("add `reference = 100` (the value of the line)".into()),
        );
        ok = false;
    }
    let log = head.log.unwrap_or(false);
    let nonpositive = values.into_iter().find(|(v, _)| *v <= 0.0);
    if log && let Some((bad, span)) = &nonpositive {
        c.error_hint(
            span.clone(),
            format!("a logarithmic axis cannot show the value {bad}"),
            Some("every value must be above zero; drop `log`".into()),
        );
        ok = false;
    }
    ok.then(|| ChartSpec {
        kind,
        table,
        columns,
        series,
        events,
        log,
        nonpositive: nonpositive.map(|(v, span)| (v, span.start, span.end)),
        reference: head.reference.as_ref().map(|r| *r.get_ref()),
        reference_label: head.reference_label.as_ref().map(|r| r.get_ref().clone()),
        growth: head.growth.unwrap_or(false),
    })
}
