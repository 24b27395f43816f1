//! The callout key: events whose labels found no room carry a number at
//! their mark, and this key under the plot gives each number its label,
//! in columns, so that every event drawn is identified.

use super::scene::{Text, TextRole};
use super::size;
use crate::font;

/// The key laid out: its texts and height.
#[derive(Clone, Debug, Default)]
pub(super) struct CalloutKey {
    pub(super) texts: Vec<Text>,
    pub(super) height: f32,
}

/// Space between columns, and between a number and its label, at scale 1.
const COLUMN_GAP: f32 = 28.0;
const NUMBER_GAP: f32 = 8.0;
/// Lines an entry may take before its last is shortened.
const MAX_LINES: usize = 2;

/// Lays out `entries` (number, label) in columns within `width` px from
/// `left`, starting at `top`; `None` when they need more than `max_height`.
pub(super) fn layout(
    entries: &[(usize, String)],
    left: f32,
    width: f32,
    top: f32,
    s: f32,
    max_height: f32,
) -> Option<CalloutKey> {
    if entries.is_empty() {
        return Some(CalloutKey::default());
    }
    let size = size::SMALL * s;
    let pitch = font::line_height(size) + 2.0 * s;
    let number_width = entries
        .iter()
        .map(|(n, _)| font::text_width(&n.to_string(), size, true))
        .fold(0.0, f32::max)
        + NUMBER_GAP * s;
    let gap = COLUMN_GAP * s;
    let natural = entries
        .iter()
        .map(|(_, t)| font::text_width(t, size, false))
        .fold(0.0, f32::max);
    // As many columns as the widest entry allows; entries wrap when even
    // one column is narrower than they are.
    for columns in (1..=column_count(width, number_width, natural, gap)).rev() {
        let text_width = ((width + gap) / columns as f32 - gap - number_width).max(size * 4.0);
        let per_column = entries.len().div_ceil(columns);
        let lines: Vec<Vec<String>> = entries
            .iter()
            .map(|(_, label)| fit(label, size, text_width))
            .collect();
        // The height first: texts only for the columns that fit.
        let mut height: f32 = 0.0;
        for chunk in lines.chunks(per_column) {
            let mut y = top;
            for _ in chunk.iter().flatten() {
                y += pitch;
            }
            height = height.max(y - top);
        }
        if height <= max_height {
            let mut texts = Vec::new();
            for (c, (chunk, lines)) in entries
                .chunks(per_column)
                .zip(lines.chunks(per_column))
                .enumerate()
            {
                let x = left + c as f32 * (number_width + text_width + gap);
                let mut y = top;
                for ((n, _), lines) in chunk.iter().zip(lines) {
                    let number = n.to_string();
                    let nw = font::text_width(&number, size, true);
                    let mut t = Text::new(
                        number,
                        x + number_width - NUMBER_GAP * s - nw,
                        y,
                        size,
                        TextRole::CalloutKey,
                    );
                    t.bold = true;
                    texts.push(t);
                    for line in lines {
                        texts.push(Text::new(
                            line.clone(),
                            x + number_width,
                            y,
                            size,
                            TextRole::CalloutKey,
                        ));
                        y += pitch;
                    }
                }
            }
            return Some(CalloutKey { texts, height });
        }
        if columns == 1 {
            return None;
        }
    }
    None
}

/// The height of a key of `n` entries, none wider than `widest` px at
/// its size, within `width` px: what the vertical budget weighs a number
/// at before the key is laid out.
pub(super) fn estimate(n: usize, widest: f32, width: f32, s: f32) -> f32 {
    if n == 0 {
        return 0.0;
    }
    let size = size::SMALL * s;
    let pitch = font::line_height(size) + 2.0 * s;
    let number_width =
        font::text_width(&"8".repeat(n.to_string().len()), size, true) + NUMBER_GAP * s;
    let gap = COLUMN_GAP * s;
    let columns = column_count(width, number_width, widest, gap);
    let text_width = ((width + gap) / columns as f32 - gap - number_width).max(size * 4.0);
    let lines = if widest > text_width { MAX_LINES } else { 1 };
    (n.div_ceil(columns) * lines) as f32 * pitch
}

fn column_count(width: f32, number_width: f32, natural: f32, gap: f32) -> usize {
    (((width + gap) / (number_width + natural + gap)).floor() as usize).max(1)
}

/// A label in at most [`MAX_LINES`] lines of `width`, the last shortened
/// with an ellipsis when it runs over, and a word wider than a line cut:
/// nothing runs off the canvas, whatever the label.
fn fit(label: &str, size: f32, width: f32) -> Vec<String> {
    font::fit_lines(label, size, false, width, MAX_LINES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_fill_columns_and_stay_apart() {
        let entries: Vec<(usize, String)> = (1..=12)
            .map(|n| (n, format!("Event number {n} of the key")))
            .collect();
        let key = layout(&entries, 20.0, 1800.0, 900.0, 1.0, 200.0).unwrap();
        // Every label is there, whole.
        for (_, label) in &entries {
            assert!(key.texts.iter().any(|t| &t.text == label), "{label}");
        }
        assert!(key.height <= 200.0);
        for (i, a) in key.texts.iter().enumerate() {
            assert!(a.left >= 20.0 && a.right() <= 1820.0 + 0.01, "{a:?}");
            for b in &key.texts[i + 1..] {
                let apart = a.right() <= b.left
                    || b.right() <= a.left
                    || a.bottom() <= b.top
                    || b.bottom() <= a.top;
                assert!(apart, "{a:?} {b:?}");
            }
        }
    }

    /// A label without a space, or of emoji, wider than the canvas is cut
    /// to its column.
    #[test]
    fn a_label_wider_than_the_canvas_is_cut() {
        for label in ["x".repeat(100_000), "\u{1f600}".repeat(500)] {
            let entries = vec![(1, label)];
            let key = layout(&entries, 20.0, 1800.0, 900.0, 1.0, 400.0).unwrap();
            for t in &key.texts {
                assert!(t.right() <= 1820.0 + 0.01, "{:?}", t.right());
            }
        }
    }

    #[test]
    fn a_key_too_tall_for_its_room_is_refused() {
        let entries: Vec<(usize, String)> = (1..=400)
            .map(|n| (n, format!("A rather long label for event {n}")))
            .collect();
        assert!(layout(&entries, 0.0, 800.0, 0.0, 1.0, 100.0).is_none());
    }
}
