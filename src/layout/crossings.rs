//! What a reader would misread: leaders that pass through another event's
//! mark, another leader, or a text. Counted from the scene, the geometry
//! every writer draws, so tests and the property tests hold the layout to
//! zero at every size.

use super::scene::{LineRole, Mark, MarkKind, Scene, Text, TextRole};

/// What a leader runs through.
#[derive(Clone, Debug, PartialEq)]
pub enum Crossed {
    /// Another event's mark, by event index.
    Mark(usize),
    /// Another event's leader, by event index.
    Leader(usize),
    /// A text that is not the leader's own: its words.
    Text(String),
    /// Its own label's note numbers, or the gap before them: the numbers
    /// read as another label's.
    Note(String),
}

/// One leader segment through something it should pass by.
#[derive(Clone, Debug, PartialEq)]
pub struct Crossing {
    /// The event whose leader it is, as an index into the scene's events.
    pub event: usize,
    /// The segment.
    pub from: (f32, f32),
    /// Its other end.
    pub to: (f32, f32),
    /// What it runs through.
    pub crossed: Crossed,
}

/// A straight line from one point to another.
type Segment = ((f32, f32), (f32, f32));

/// How far two leaders may come before they meet.
const NEAR: f32 = 0.5;

/// How far inside a shape a segment must pass to count: touching an edge
/// (a leader ending at its own mark beside another) is not a crossing.
const INSET: f32 = 1.5;

/// Every leader segment of `scene` that runs through another event's mark,
/// another event's leader, or a text not its own.
pub fn leader_crossings(scene: &Scene) -> Vec<Crossing> {
    let leaders: Vec<(usize, Segment)> = scene
        .lines
        .iter()
        .filter(|l| l.role == LineRole::Leader)
        .filter_map(|l| Some((l.event?, (l.from, l.to))))
        .collect();
    let marks: Vec<(usize, Vec<(f32, f32)>)> = scene
        .marks
        .iter()
        .filter(|m| m.event < scene.events.len())
        .flat_map(|m| outlines(m).into_iter().map(move |o| (m.event, o)))
        .collect();
    let mut found = Vec::new();
    for (i, &(event, (from, to))) in leaders.iter().enumerate() {
        let mut push = |crossed| {
            found.push(Crossing {
                event,
                from,
                to,
                crossed,
            });
        };
        for (other, outline) in &marks {
            if *other != event && through_convex(from, to, outline) {
                push(Crossed::Mark(*other));
            }
        }
        for &(other, (a, b)) in &leaders[i + 1..] {
            if other != event && segments_meet(from, to, a, b) {
                push(Crossed::Leader(other));
            }
        }
        for t in scene.texts.iter().filter(|t| t.event != Some(event)) {
            if through_convex(from, to, &text_box(t)) {
                push(Crossed::Text(t.text.clone()));
            }
        }
        for (note, gap) in own_notes(scene, event) {
            if through_convex(from, to, &gap) {
                push(Crossed::Note(note.text.clone()));
            }
        }
    }
    found
}

/// The notes of `event`'s label, each with the box from the end of its
/// line's words to the note's end (shrunk by half a pixel).
fn own_notes(scene: &Scene, event: usize) -> impl Iterator<Item = (&Text, Vec<(f32, f32)>)> {
    let own = move |t: &&Text| t.event == Some(event);
    scene
        .texts
        .iter()
        .filter(own)
        .filter(|t| t.role == TextRole::Note)
        .filter_map(move |note| {
            // The line it follows: the label line that ends nearest before
            // it, overlapping it in height.
            let line = scene
                .texts
                .iter()
                .filter(own)
                .filter(|t| t.role == TextRole::Label)
                .filter(|t| t.right() <= note.left + 0.5)
                .filter(|t| t.top < note.bottom() && note.top < t.bottom())
                .max_by(|a, b| a.right().total_cmp(&b.right()))?;
            let (x0, x1) = (line.right() + 0.5, note.right() - 0.5);
            let (y0, y1) = (line.top + 0.5, line.bottom() - 0.5);
            Some((note, vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
        })
}

/// The convex outlines a mark is drawn as, shrunk by [`INSET`]; clockwise
/// in screen coordinates (y down).
fn outlines(m: &Mark) -> Vec<Vec<(f32, f32)>> {
    let (cx, cy) = (f32::midpoint(m.x0, m.x1), f32::midpoint(m.y0, m.y1));
    let rect = |x0: f32, x1: f32| {
        let (x0, y0, x1, y1) = (x0 + INSET, m.y0 + INSET, x1 - INSET, m.y1 - INSET);
        (x0 < x1 && y0 < y1).then(|| vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    };
    match m.kind {
        MarkKind::Diamond => {
            let (rx, ry) = ((m.x1 - m.x0) / 2.0, (m.y1 - m.y0) / 2.0);
            // Shrink along the edge's normal: the tips move in by INSET
            // over the sine of the edge's angle.
            let k = (rx * rx + ry * ry).sqrt();
            let (dx, dy) = (INSET * k / ry.max(1e-3), INSET * k / rx.max(1e-3));
            if rx <= dx || ry <= dy {
                return Vec::new();
            }
            vec![vec![
                (cx, cy - ry + dy),
                (cx + rx - dx, cy),
                (cx, cy + ry - dy),
                (cx - rx + dx, cy),
            ]]
        }
        MarkKind::Bar | MarkKind::FadeLeft { .. } => rect(m.x0, m.x1).into_iter().collect(),
        // The bar, and its head: as long as the bar is tall, and a little
        // taller than it (see the renderer).
        MarkKind::Arrow => {
            let height = m.y1 - m.y0;
            let half = height / 2.0 + height * 4.0 / 14.0;
            let head = vec![
                (m.x1 + INSET, cy - half + 2.0 * INSET),
                (m.x1 + height - 2.0 * INSET, cy),
                (m.x1 + INSET, cy + half - 2.0 * INSET),
            ];
            rect(m.x0, m.x1).into_iter().chain([head]).collect()
        }
    }
}

/// A text's line box, shrunk by half a pixel, clockwise.
fn text_box(t: &Text) -> Vec<(f32, f32)> {
    let (x0, y0, x1, y1) = (t.left + 0.5, t.top + 0.5, t.right() - 0.5, t.bottom() - 0.5);
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// Whether the segment from `p` to `q` passes through the inside of the
/// convex polygon `poly` (clockwise on screen), by Cyrus-Beck clipping.
fn through_convex(p: (f32, f32), q: (f32, f32), poly: &[(f32, f32)]) -> bool {
    if poly.len() < 3 {
        return false;
    }
    let d = (q.0 - p.0, q.1 - p.1);
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    for (k, &a) in poly.iter().enumerate() {
        let b = poly[(k + 1) % poly.len()];
        // Inward normal of edge a->b for a clockwise polygon, y down.
        let n = (-(b.1 - a.1), b.0 - a.0);
        // Inside when n . (x - a) > 0.
        let num = n.0 * (p.0 - a.0) + n.1 * (p.1 - a.1);
        let den = n.0 * d.0 + n.1 * d.1;
        if den.abs() < 1e-9 {
            if num <= 0.0 {
                return false;
            }
        } else {
            let t = -num / den;
            if den > 0.0 {
                lo = lo.max(t);
            } else {
                hi = hi.min(t);
            }
        }
        if lo >= hi {
            return false;
        }
    }
    hi - lo > 1e-4
}

/// Whether two segments cross or run together, more than touching at a
/// point within half a pixel of an end.
fn segments_meet(p: (f32, f32), q: (f32, f32), a: (f32, f32), b: (f32, f32)) -> bool {
    let cross = |o: (f32, f32), u: (f32, f32), v: (f32, f32)| {
        (u.0 - o.0) * (v.1 - o.1) - (u.1 - o.1) * (v.0 - o.0)
    };
    let (d1, d2) = (cross(a, b, p), cross(a, b, q));
    let (d3, d4) = (cross(p, q, a), cross(p, q, b));
    let len = |u: (f32, f32), v: (f32, f32)| (u.0 - v.0).hypot(u.1 - v.1);
    let (lpq, lab) = (len(p, q).max(1e-6), len(a, b).max(1e-6));
    // Signed distances of each end from the other line.
    let (e1, e2, e3, e4) = (d1 / lab, d2 / lab, d3 / lpq, d4 / lpq);
    if e1.abs() < NEAR && e2.abs() < NEAR {
        // Parallel and together: do they overlap along their length by
        // more than a pixel?
        let dir = ((q.0 - p.0) / lpq, (q.1 - p.1) / lpq);
        let along = |u: (f32, f32)| (u.0 - p.0) * dir.0 + (u.1 - p.1) * dir.1;
        let (s0, s1) = (along(a).min(along(b)), along(a).max(along(b)));
        return s1.min(lpq) - s0.max(0.0) > 1.0;
    }
    // A proper crossing: each segment's ends on either side of the other,
    // both clear of the line by more than NEAR (an end that only touches
    // the other leader is not counted).
    (e1 > NEAR && e2 < -NEAR || e1 < -NEAR && e2 > NEAR)
        && (e3 > NEAR && e4 < -NEAR || e3 < -NEAR && e4 > NEAR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_through_a_box_crosses_it_and_one_beside_does_not() {
        let square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        assert!(through_convex((5.0, -5.0), (5.0, 15.0), &square));
        assert!(!through_convex((11.0, -5.0), (11.0, 15.0), &square));
        // Ending at the edge is touching, not crossing.
        assert!(!through_convex((5.0, -5.0), (5.0, 0.0), &square));
    }

    #[test]
    fn crossing_leaders_meet_and_touching_or_parallel_ones_do_not() {
        assert!(segments_meet(
            (0.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (10.0, 0.0)
        ));
        assert!(!segments_meet(
            (0.0, 0.0),
            (0.0, 10.0),
            (5.0, 0.0),
            (5.0, 10.0)
        ));
        assert!(!segments_meet(
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0)
        ));
        // One over the other along its length.
        assert!(segments_meet(
            (0.0, 0.0),
            (0.0, 10.0),
            (0.0, 5.0),
            (0.0, 20.0)
        ));
    }

    fn scene(texts: Vec<Text>, lines: Vec<super::super::Line>) -> Scene {
        let day = chrono::NaiveDate::from_ymd_opt(1930, 1, 1).unwrap();
        Scene {
            width: 400.0,
            height: 200.0,
            theme: crate::figure::Theme::default(),
            title: String::new(),
            description: String::new(),
            bands: Vec::new(),
            lines,
            marks: Vec::new(),
            texts,
            bins: Vec::new(),
            breaks: Vec::new(),
            events: vec!["a".into(), "b".into()],
            numbered: Vec::new(),
            dropped: Vec::new(),
            plot: (0.0, 0.0, 400.0, 200.0),
            window: (day, day),
        }
    }

    #[test]
    fn a_leader_between_a_label_and_its_note_is_a_crossing() {
        let mut label = Text::new("Leaving Leningrad", 10.0, 50.0, 18.0, TextRole::Label);
        label.event = Some(0);
        let mut note = Text::new("18", label.right() + 12.0, 48.0, 14.0, TextRole::Note);
        note.event = Some(0);
        let leader = |x: f32| super::super::Line {
            from: (x, 150.0),
            to: (x, label.bottom() - 2.0),
            role: LineRole::Leader,
            event: Some(0),
        };
        // Up into the gap between the words and their note.
        let gap = label.right() + 6.0;
        let crossed =
            leader_crossings(&scene(vec![label.clone(), note.clone()], vec![leader(gap)]));
        assert_eq!(crossed.len(), 1, "{crossed:?}");
        assert_eq!(crossed[0].crossed, Crossed::Note("18".into()));
        // Under the words it only touches its own label.
        let under = leader_crossings(&scene(
            vec![label.clone(), note],
            vec![leader(label.left + 20.0)],
        ));
        assert!(under.is_empty(), "{under:?}");
    }

    #[test]
    fn a_leader_through_another_label_is_a_crossing() {
        let mut other = Text::new("Another", 10.0, 50.0, 18.0, TextRole::Label);
        other.event = Some(1);
        let leader = super::super::Line {
            from: (30.0, 150.0),
            to: (30.0, 10.0),
            role: LineRole::Leader,
            event: Some(0),
        };
        let crossed = leader_crossings(&scene(vec![other], vec![leader]));
        assert_eq!(crossed[0].crossed, Crossed::Text("Another".into()));
    }

    #[test]
    fn a_leader_past_a_diamonds_tip_misses_it() {
        let m = Mark {
            event: 0,
            kind: MarkKind::Diamond,
            x0: 0.0,
            y0: 0.0,
            x1: 18.0,
            y1: 18.0,
            color: crate::model::Rgb(0, 0, 0),
            hollow: false,
            dashed: false,
            clipped_left: false,
            clipped_right: false,
        };
        let diamond = &outlines(&m)[0];
        // Through the bounding box's corner, clear of the diamond.
        assert!(!through_convex((2.0, -5.0), (2.0, 5.0), diamond));
        assert!(through_convex((9.0, -5.0), (9.0, 25.0), diamond));
    }
}
