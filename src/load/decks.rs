//! `[[deck]]` -> deck specs: slide decks of declared figures, every figure
//! named checked.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::DeValue;

use super::checker::Checker;
use super::raw::{RawDeck, fields};
use super::shared::{named, unique_id, unknown};
use crate::figure::{Aspect, DeckSpec, FigureSpec, Theme};

pub(super) fn decks(
    c: &mut Checker<'_>,
    value: Spanned<DeValue<'_>>,
    figures: &[FigureSpec],
) -> Vec<DeckSpec> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for item in c.tables(value, "deck", fields::DECK, "a deck") {
        let Some(raw) = c.deserialize::<RawDeck>(item) else {
            continue;
        };
        let mut ok = unique_id(c, &raw.id, &mut seen, "deck");
        // A deck's id names its file, `lecture.pptx`, beside the figures'.
        ok &= super::figures::file_name(c, &raw.id, "deck");
        let mut names = Vec::new();
        for id in raw.figures.get_ref() {
            if figures.iter().any(|f| &f.id == id.get_ref()) {
                names.push(id.get_ref().clone());
            } else {
                unknown(c, id, "figure", figures.iter().map(|f| f.id.as_str()));
                ok = false;
            }
        }
        if raw.figures.get_ref().is_empty() {
            c.error_hint(
                raw.figures.span(),
                "a deck needs at least one figure",
                Some("name the [[figure]] ids it shows, in order: figures = [\"chapter\"]".into()),
            );
            ok = false;
        }
        let aspect = match &raw.aspect {
            None => Some(Aspect::default()),
            Some(a) => named(c, Some(a), "slide shape", &Aspect::NAMES, Aspect::from_name),
        };
        let theme = named(
            c,
            raw.theme.as_ref(),
            "theme",
            &Theme::NAMES,
            Theme::from_name,
        );
        ok &= raw.theme.is_none() || theme.is_some();
        let (true, Some(aspect)) = (ok, aspect) else {
            continue;
        };
        out.push(DeckSpec {
            span: raw.id.span(),
            id: raw.id.into_inner(),
            figures: names,
            title_slide: raw.title_slide.unwrap_or(true),
            aspect,
            theme,
        });
    }
    out
}
