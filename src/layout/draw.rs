//! Each lane's geometry: its band and name, its marks on their sub-rows
//! (or its density strip), and its labels, numbers and leaders where the
//! vertical budget put them.

use std::collections::BTreeMap;

use super::fit::{Fitted, event_of};
use super::geometry::Geometry;
use super::labels;
use super::lane_fit::{Join, LaneFit, Packed};
use super::lanes::LanePlan;

use super::scene::{Band, Bin, Line, LineRole, Mark, MarkKind, Text, TextRole};
use super::size;
use crate::font;

/// What the lanes draw.
#[derive(Default)]
pub(super) struct Drawn {
    pub(super) bands: Vec<Band>,
    pub(super) marks: Vec<Mark>,
    pub(super) lines: Vec<Line>,
    pub(super) texts: Vec<Text>,
    pub(super) bins: Vec<Bin>,
}

/// The lanes from `plot_top` down to the axis, and the share of that
/// height their content needs. Room the lanes do not need is shared out,
/// each lane's content centred in its band, so that the lanes fill the
/// plot.
pub(super) fn lanes(
    g: &Geometry,
    plans: &[LanePlan],
    fitted: &Fitted,
    plot_top: f32,
) -> (Drawn, f32) {
    let needed: f32 = plans
        .iter()
        .zip(&fitted.fits)
        .map(|(p, f)| g.lane_height(p, f))
        .sum();
    let room = fitted.axis_y - plot_top;
    let extra = ((room - needed) / plans.len() as f32).max(0.0);
    let mut drawn = Drawn::default();
    let mut top = plot_top;
    for (lane_index, (plan, fit)) in plans.iter().zip(&fitted.fits).enumerate() {
        top = lane(
            g,
            lane_index,
            (top, extra),
            plan,
            fit,
            &fitted.numbers,
            &mut drawn,
        );
    }
    (drawn, needed / room.max(1.0))
}

/// Draws one lane from `top` down, `extra` px taller than it needs;
/// returns its bottom.
fn lane(
    g: &Geometry,
    lane_index: usize,
    (top, extra): (f32, f32),
    plan: &LanePlan,
    fit: &LaneFit,
    numbers: &BTreeMap<usize, usize>,
    out: &mut Drawn,
) -> f32 {
    let s = g.s;
    let bottom = top + g.lane_height(plan, fit) + extra;
    lane_band(g, lane_index, top, bottom, plan, fit, out);
    if let Some(packed) = &fit.packed {
        // Room to spare spreads the sub-rows, up to half as far apart
        // again; the rest is shared above and below them.
        let pitch = g.packed_pitch();
        let spread = (extra / packed.tracks as f32).min(pitch * (PACKED_SPREAD - 1.0));
        let tracks_top = top + 6.0 * s + (extra - spread * packed.tracks as f32) / 2.0;
        packed_lane(
            g,
            (tracks_top, pitch + spread),
            plan,
            (packed, fit),
            numbers,
            out,
        );
        return bottom;
    }
    let tracks_top = top + 6.0 * s + extra / 2.0 + fit.rows.0 as f32 * g.row_pitch;
    let rows = Rows {
        tracks_top,
        tracks_bottom: tracks_top + plan.tracks as f32 * g.track_pitch,
        row_pitch: g.row_pitch,
        s,
    };
    let marks = place_marks(g, plan, &rows);
    if !plan.bins.is_empty() {
        out.bins.extend(density(plan, &rows));
    }
    let lane = Lane {
        g,
        plan,
        marks: &marks,
        rows,
        numbers,
    };
    lane.labels(fit, out);
    lane.numbers(fit, out);
    lane.inline_labels(fit, out);
    lane.inline_numbers(fit, out);
    if plan.bins.is_empty() {
        out.marks.extend(marks);
    }
    bottom
}

/// Where a lane's sub-rows of marks are, and its label rows above and
/// below them.
struct Rows {
    tracks_top: f32,
    tracks_bottom: f32,
    row_pitch: f32,
    s: f32,
}

impl Rows {
    /// Row `row`'s top: counted up from the marks, or down from them.
    fn top(&self, below: bool, row: usize) -> f32 {
        if below {
            self.tracks_bottom + 4.0 * self.s + row as f32 * self.row_pitch
        } else {
            self.tracks_top - 4.0 * self.s - (row + 1) as f32 * self.row_pitch
        }
    }

    /// The centre of sub-row `track` of pitch `pitch`.
    fn centre(&self, track: f32, pitch: f32) -> f32 {
        self.tracks_top + (track + 0.5) * pitch
    }
}

/// The lane's marks on their sub-rows (in a density strip, all across it).
fn place_marks(g: &Geometry, plan: &LanePlan, rows: &Rows) -> Vec<Mark> {
    let s = g.s;
    let density = !plan.bins.is_empty();
    let mut marks = plan.marks.clone();
    for m in &mut marks {
        let track = if density { 0.0 } else { m.y0 };
        let center = rows.centre(track, g.track_pitch);
        let half = if m.kind == MarkKind::Diamond {
            9.0 * s
        } else {
            size::BAR * s / 2.0
        };
        (m.y0, m.y1) = if density {
            (rows.tracks_top + 3.0 * s, rows.tracks_bottom - 3.0 * s)
        } else {
            (center - half, center + half)
        };
    }
    marks
}

/// A density strip's bins, each as tall as its count over the most.
fn density<'p>(plan: &'p LanePlan, rows: &Rows) -> impl Iterator<Item = Bin> + 'p {
    let s = rows.s;
    let most = plan.bins.iter().map(|b| b.2).max().unwrap_or(1).max(1);
    let base = rows.tracks_bottom - 3.0 * s;
    let full = rows.tracks_bottom - rows.tracks_top - 6.0 * s;
    let color = plan.color;
    plan.bins.iter().map(move |&(x0, x1, count)| Bin {
        x0,
        x1,
        top: base - full * (count as f32 / most as f32).max(0.08),
        bottom: base,
        count,
        color,
    })
}

/// A lane of marks in sub-rows being drawn.
struct Lane<'a> {
    g: &'a Geometry,
    plan: &'a LanePlan,
    /// Its marks where they are drawn.
    marks: &'a [Mark],
    rows: Rows,
    /// Event index -> callout number.
    numbers: &'a BTreeMap<usize, usize>,
}

impl Lane<'_> {
    /// The mark of request `r`.
    fn mark(&self, r: usize) -> &Mark {
        &self.marks[self.plan.chosen[r]]
    }

    /// The labels on their rows above and below the marks, with leaders.
    fn labels(&self, fit: &LaneFit, out: &mut Drawn) {
        let (g, plan) = (self.g, self.plan);
        let sides = &fit.sides;
        for (below, placement) in [(false, &sides.above), (true, &sides.below)] {
            for p in &placement.placed {
                let event = event_of(plan, p.index);
                let n = p.lines.len();
                for (k, (line, _)) in p.lines.iter().enumerate() {
                    // Lines read top-down: above the marks the first line
                    // is in the highest row; below them, in the nearest.
                    let row = if below { p.row + k } else { p.row + n - 1 - k };
                    let note = plan.notes[p.index].as_ref().filter(|_| k == n - 1);
                    let at = (p.left, self.rows.top(below, row));
                    push_label(g, line, at, event, note, out);
                }
                leader(
                    g,
                    p,
                    self.mark(p.index),
                    below,
                    &self.rows,
                    event,
                    &mut out.lines,
                );
            }
        }
    }

    /// The callout numbers on the label rows, with leaders.
    fn numbers(&self, fit: &LaneFit, out: &mut Drawn) {
        let g = self.g;
        for (r, p, below) in &fit.numbers {
            let event = event_of(self.plan, *r);
            let Some(number) = self.numbers.get(&event) else {
                continue;
            };
            let text = number.to_string();
            let size = size::NOTE * g.s;
            let width = font::text_width(&text, size, true);
            // Centred in the box reserved for the widest number, on the row.
            let mut t = Text::new(
                text,
                p.left + (p.width() - width) / 2.0,
                self.rows.top(*below, p.row) + (g.lh - font::line_height(size)) / 2.0,
                size,
                TextRole::Callout,
            );
            t.bold = true;
            t.width = width;
            t.event = Some(event);
            out.texts.push(t);
            leader(
                g,
                p,
                self.mark(*r),
                *below,
                &self.rows,
                event,
                &mut out.lines,
            );
        }
    }

    /// Labels beside their marks on the sub-rows, some with an elbow.
    fn inline_labels(&self, fit: &LaneFit, out: &mut Drawn) {
        let g = self.g;
        for l in &fit.inline_labels {
            let r = l.index;
            let event = event_of(self.plan, r);
            let centre = self.rows.centre(l.track as f32, g.track_pitch);
            if let Some(x) = l.elbow {
                let span = (l.left, l.left + l.line.1);
                elbow(g, self.mark(r), x, span, centre, event, out);
            }
            let note = self.plan.notes[r].as_ref();
            push_label(
                g,
                &l.line.0,
                (l.left, centre - g.lh / 2.0),
                event,
                note,
                out,
            );
        }
    }

    /// Numbers beside their marks on the sub-rows, joined to them.
    fn inline_numbers(&self, fit: &LaneFit, out: &mut Drawn) {
        let g = self.g;
        for &(r, left, track, join) in &fit.inline {
            let event = event_of(self.plan, r);
            let Some(number) = self.numbers.get(&event) else {
                continue;
            };
            let centre = self.rows.centre(track as f32, g.track_pitch);
            let t = number_text(g, *number, left, centre, event);
            let m = self.mark(r);
            match join {
                Join::Beside => {}
                // A short line along the sub-row joins the number to its mark.
                Join::Along => {
                    let (from, to) = if t.right() <= m.x0 {
                        (t.right() + 2.0 * g.s, m.x0)
                    } else {
                        (m.x1, t.left - 2.0 * g.s)
                    };
                    out.lines.push(Line {
                        from: (from, centre),
                        to: (to, centre),
                        role: LineRole::Leader,
                        event: Some(event),
                    });
                }
                Join::Elbow(x) => elbow(g, m, x, (t.left, t.right()), centre, event, out),
            }
            out.texts.push(t);
        }
    }
}

/// An elbow leader from mark `m` at `x`, straight to the sub-row centred
/// on `centre`, then along it to the near end of the text spanning
/// `(left, right)`.
fn elbow(
    g: &Geometry,
    m: &Mark,
    x: f32,
    (left, right): (f32, f32),
    centre: f32,
    event: usize,
    out: &mut Drawn,
) {
    let edge = if centre > m.y1 { m.y1 } else { m.y0 };
    let end = if left > x {
        left - 2.0 * g.s
    } else {
        right + 2.0 * g.s
    };
    for (from, to) in [((x, edge), (x, centre)), ((x, centre), (end, centre))] {
        out.lines.push(Line {
            from,
            to,
            role: LineRole::Leader,
            event: Some(event),
        });
    }
}

/// A line of an event's label at `(left, top)`, and after it the note
/// numbers as a superscript when given: the note follows its line, so that
/// a label's lines stay together in the document.
fn push_label(
    g: &Geometry,
    line: &str,
    (left, top): (f32, f32),
    event: usize,
    note: Option<&String>,
    out: &mut Drawn,
) {
    let s = g.s;
    let mut t = Text::new(line, left, top, g.label_size, TextRole::Label);
    t.event = Some(event);
    let note = note.map(|note| {
        let mut note = Text::new(
            note.clone(),
            t.right() + 2.0 * s,
            t.top - 2.0 * s,
            size::NOTE * s,
            TextRole::Note,
        );
        note.event = Some(event);
        note
    });
    out.texts.push(t);
    out.texts.extend(note);
}

/// A lane's band, swatch, name and "+N more".
fn lane_band(
    g: &Geometry,
    lane_index: usize,
    top: f32,
    bottom: f32,
    plan: &LanePlan,
    fit: &LaneFit,
    out: &mut Drawn,
) {
    let s = g.s;
    let swatch = 14.0 * s;
    out.bands.push(Band {
        top,
        bottom,
        shaded: lane_index % 2 == 1,
        swatch: (g.margin, top + 8.0 * s + (g.lh - swatch) / 2.0, swatch),
        color: plan.color,
    });
    let mut name_y = top + 8.0 * s;
    for line in &plan.name_lines {
        let t = Text::new(
            line,
            g.margin + swatch + 8.0 * s,
            name_y,
            g.label_size,
            TextRole::Lane,
        );
        name_y = t.bottom() + 2.0 * s;
        out.texts.push(t);
    }
    let left_out = fit.left_out.len() + plan.skipped.len();
    if left_out > 0 {
        out.texts.push(Text::new(
            format!("+{left_out} more"),
            g.margin + swatch + 8.0 * s,
            name_y,
            g.label_size,
            TextRole::More,
        ));
    }
}

/// The most a packed lane's sub-rows spread, as a share of their pitch.
const PACKED_SPREAD: f32 = 1.5;

/// A packed lane: each mark in its sub-row with its label beside it, the
/// sub-rows from `tracks_top` down, `pitch` apart.
fn packed_lane(
    g: &Geometry,
    (tracks_top, pitch): (f32, f32),
    plan: &LanePlan,
    (packed, fit): (&Packed, &LaneFit),
    numbers: &BTreeMap<usize, usize>,
    out: &mut Drawn,
) {
    let s = g.s;
    let centre = |track: usize| tracks_top + (track as f32 + 0.5) * pitch;
    let mut marks = plan.marks.clone();
    for (k, m) in marks.iter_mut().enumerate() {
        let c = centre(packed.track_of[k]);
        let half = if m.kind == MarkKind::Diamond {
            9.0 * s
        } else {
            size::BAR * s / 2.0
        };
        (m.y0, m.y1) = (c - half, c + half);
    }
    for (r, left, (line, _), _) in &packed.labels {
        let k = plan.chosen[*r];
        let event = marks[k].event;
        let top = centre(packed.track_of[k]) - g.lh / 2.0;
        push_label(g, line, (*left, top), event, plan.notes[*r].as_ref(), out);
    }
    // Marks whose label found no sub-row: their number beside them.
    for &(r, left, track, _) in &fit.inline {
        let event = event_of(plan, r);
        if let Some(number) = numbers.get(&event) {
            out.texts
                .push(number_text(g, *number, left, centre(track), event));
        }
    }
    out.marks.extend(marks);
}

/// A callout number, its box's left edge at `left`, centred on `centre`.
fn number_text(g: &Geometry, number: usize, left: f32, centre: f32, event: usize) -> Text {
    let size = size::NOTE * g.s;
    let mut t = Text::new(
        number.to_string(),
        left,
        centre - font::line_height(size) / 2.0,
        size,
        TextRole::Callout,
    );
    t.bold = true;
    t.width = font::text_width(&t.text, size, true);
    t.event = Some(event);
    t
}

/// The leader from mark `m` to the label (or number) `p`: straight up (or
/// down) when the label stands beside or over its anchor; bent, slanting
/// through the row under the label, when it stands aside.
fn leader(
    g: &Geometry,
    p: &labels::Placed,
    m: &Mark,
    below: bool,
    rows: &Rows,
    event: usize,
    lines: &mut Vec<Line>,
) {
    let (s, lh) = (g.s, g.lh);
    let x = p.anchor;
    // A diamond's edge slopes: meet it there, not at its bounding box.
    let inset = if m.kind == MarkKind::Diamond {
        (x - f32::midpoint(m.x0, m.x1))
            .abs()
            .min((m.y1 - m.y0) / 2.0)
    } else {
        0.0
    };
    let mut from = if below { m.y1 - inset } else { m.y0 + inset };
    let over = p.left <= x && x <= p.left + p.width();
    let line = |from: (f32, f32), to: (f32, f32)| Line {
        from,
        to,
        role: LineRole::Leader,
        event: Some(event),
    };
    // Hemmed in by other marks, the leader leaves from the mark's end,
    // along its sub-row to a clear column, and turns there.
    if x < m.x0 || x > m.x1 {
        let centre = f32::midpoint(m.y0, m.y1);
        let end = if x < m.x0 { m.x0 } else { m.x1 };
        lines.push(line((end, centre), (x, centre)));
        from = centre;
    }
    if p.bent() {
        // Up (down) to the row under the label, then across to it.
        let (elbow, end) = if below {
            (rows.top(true, p.row - 1), rows.top(true, p.row) - 1.0 * s)
        } else {
            (
                rows.top(false, p.row - 1) + lh,
                rows.top(false, p.row) + lh + 1.0 * s,
            )
        };
        lines.push(line((x, from), (x, elbow)));
        lines.push(line((x, elbow), (p.attach, end)));
        return;
    }
    let to = match (below, over) {
        (true, true) => rows.top(true, p.row) - 1.0 * s,
        (true, false) => rows.top(true, p.row) + 4.0 * s,
        (false, true) => rows.top(false, p.row) + lh + 1.0 * s,
        (false, false) => rows.top(false, p.row) + lh - 4.0 * s,
    };
    lines.push(line((x, from), (x, to)));
}
