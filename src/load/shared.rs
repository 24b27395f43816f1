//! Checks every part of loading shares: ids, names, references, the
//! options of a figure. It imports nothing else of `load/` but the
//! checker, so the parts that use it form no cycle.

use std::collections::HashMap;

use super::checker::{Checker, did_you_mean};
use super::raw::{RawOptions, RawSourceRef, Text};
use crate::figure::{Axis, AxisBreaks, Size, Theme, TimelineOptions};
use crate::model::{DateContext, HistDate, Importance, Source, SourceRef};
use toml::Spanned;

pub(super) fn not_empty(c: &mut Checker<'_>, text: &Text, what: &str) -> bool {
    if text.get_ref().trim().is_empty() {
        c.error(text.span(), format!("{what} is empty"));
        return false;
    }
    true
}

/// Checks that an id is usable and not taken; returns false if it is not.
pub(super) fn unique_id(
    c: &mut Checker<'_>,
    id: &Text,
    seen: &mut HashMap<String, usize>,
    what: &str,
) -> bool {
    let name = id.get_ref();
    if name.trim().is_empty() {
        c.error(id.span(), format!("{what} id is empty"));
        return false;
    }
    if name.chars().any(char::is_whitespace) {
        c.error_hint(
            id.span(),
            format!("{what} id `{name}` contains a space"),
            Some(format!(
                "write it with dashes: `{}`",
                name.split_whitespace().collect::<Vec<_>>().join("-")
            )),
        );
        return false;
    }
    if let Some(&first) = seen.get(name) {
        c.error_hint(
            id.span(),
            format!("duplicate {what} id `{name}`"),
            Some(format!(
                "the first `{name}` is at byte {first}; ids must be unique"
            )),
        );
        return false;
    }
    seen.insert(name.clone(), id.span().start);
    true
}

pub(super) fn unknown<'a>(
    c: &mut Checker<'_>,
    name: &Text,
    what: &str,
    ids: impl IntoIterator<Item = &'a str>,
) {
    if c.is_declared_invalid(what, name.get_ref()) {
        return;
    }
    let ids: Vec<&str> = ids.into_iter().collect();
    let hint = match did_you_mean(name.get_ref(), ids.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if ids.is_empty() => Some(format!("declare it in a [[{what}]] table")),
        None => {
            // At most a dozen: a hint that lists thousands helps nobody.
            const LISTED: usize = 12;
            let more = ids.len().saturating_sub(LISTED);
            let listed: Vec<&str> = ids.iter().take(LISTED).copied().collect();
            Some(if more > 0 {
                format!(
                    "the {what} ids include: {} and {more} more",
                    listed.join(", ")
                )
            } else {
                format!("the {what} ids are: {}", listed.join(", "))
            })
        }
    };
    c.error_hint(
        name.span(),
        format!("there is no {what} `{}`", name.get_ref()),
        hint,
    );
}

/// Reads one of a fixed set of names, with a suggestion when misspelt.
pub(super) fn named<T>(
    c: &mut Checker<'_>,
    text: Option<&Text>,
    what: &str,
    names: &[&str],
    from_name: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let text = text?;
    let found = from_name(text.get_ref());
    if found.is_none() {
        let hint = match did_you_mean(text.get_ref(), names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of: {}", names.join(", ")),
        };
        c.error_hint(
            text.span(),
            format!("`{}` is not a {what}", text.get_ref()),
            Some(hint),
        );
    }
    found
}

pub(super) fn options(
    c: &mut Checker<'_>,
    raw: &RawOptions,
    base: TimelineOptions,
    dates: DateContext,
) -> TimelineOptions {
    let mut o = base;
    if let Some(t) = &raw.title {
        o.title = Some(t.get_ref().clone());
    }
    if let Some(t) = &raw.subtitle {
        o.subtitle = Some(t.get_ref().clone());
    }
    if let Some(s) = &raw.size {
        match Size::from_name(s.get_ref()) {
            Some(size) => o.size = size,
            None => c.error_hint(
                s.span(),
                format!("`{}` is not a size", s.get_ref()),
                Some("write slide, slide-4x3, a4-landscape, a4-portrait or WIDTHxHEIGHT such as 1600x900, between 320x240 and 16000x16000".into()),
            ),
        }
    }
    if let Some(s) = &raw.scale {
        let v = *s.get_ref() as f32;
        match crate::figure::scale_problem(v) {
            None => o.scale = v,
            Some(problem) => c.error(s.span(), problem),
        }
    }
    if let Some(t) = named(
        c,
        raw.theme.as_ref(),
        "theme",
        &Theme::NAMES,
        Theme::from_name,
    ) {
        o.theme = t;
    }
    if let Some(a) = named(c, raw.axis.as_ref(), "axis", &Axis::NAMES, Axis::from_name) {
        o.axis = a;
    }
    if let Some(b) = named(
        c,
        raw.axis_breaks.as_ref(),
        "axis_breaks",
        &AxisBreaks::NAMES,
        AxisBreaks::from_name,
    ) {
        o.axis_breaks = b;
    }
    if let Some(i) = named(
        c,
        raw.importance.as_ref(),
        "importance",
        &Importance::NAMES,
        Importance::from_name,
    ) {
        o.min_importance = i;
    }
    let mut window = |text: &Option<Text>, first: bool| {
        let text = text.as_ref()?;
        match HistDate::parse(text.get_ref(), dates) {
            Ok(d) => Some(if first { d.anchor() } else { d.anchor_end() }),
            Err(e) => {
                c.error_hint(text.span(), e.message, e.hint);
                None
            }
        }
    };
    if let Some(d) = window(&raw.from, true) {
        o.from = Some(d);
    }
    if let Some(d) = window(&raw.to, false) {
        o.to = Some(d);
    }
    if let (Some(from), Some(to), Some(t)) = (o.from, o.to, raw.to.as_ref())
        && to < from
    {
        c.error(t.span(), "the figure's `to` is before its `from`");
    }
    if let Some(cats) = &raw.categories {
        o.categories = cats.iter().map(|t| t.get_ref().clone()).collect();
    }
    if let Some(tags) = &raw.tags {
        o.tags = tags.iter().map(|t| t.get_ref().clone()).collect();
    }
    if let Some(n) = raw.notes {
        o.notes = n;
    }
    if let Some(p) = raw.text_as_paths {
        o.text_as_paths = p;
    }
    o
}

/// Resolves references to sources; false if one does not exist.
pub(super) fn source_refs(
    c: &mut Checker<'_>,
    raw: &[Spanned<RawSourceRef>],
    sources: &[Source],
) -> (Vec<SourceRef>, bool) {
    let mut ok = true;
    let mut refs = Vec::new();
    for r in raw {
        let (id, page) = match r.get_ref() {
            RawSourceRef::Id(id) => (id, None),
            RawSourceRef::WithPage { id, page } => (id, page.clone()),
        };
        if sources.iter().any(|s| &s.id == id) {
            refs.push(SourceRef {
                id: id.clone(),
                page,
            });
        } else {
            ok = false;
            let text = Spanned::new(r.span(), id.clone());
            unknown(c, &text, "source", sources.iter().map(|s| s.id.as_str()));
        }
    }
    (refs, ok)
}
