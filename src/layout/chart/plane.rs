//! Data -> pixels in a chart's plot area, in whole pixels, exactly as
//! plotters' `Cartesian2d` on an f64 range maps them, so that the charts'
//! drawing stayed the same pixel for pixel when their layout left
//! plotters' chart API. (`render`'s tests hold the two to each other.)

/// A plot area and the data ranges it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    x: (f64, f64),
    y: (f64, f64),
    /// Pixels of `x.0` and `x.1`.
    back_x: (i32, i32),
    /// Pixels of `y.0` and `y.1` (bottom, top).
    back_y: (i32, i32),
}

impl Plane {
    /// The plot area (left, top, right, bottom) of a `width` x `height`
    /// canvas, at least 10 px each way, from its whole pixels; `x` runs
    /// left to right, `y` bottom to top.
    pub fn new(
        (left, top, right, bottom): (f32, f32, f32, f32),
        (width, height): (u32, u32),
        x: (f64, f64),
        y: (f64, f64),
    ) -> Plane {
        let x0 = (width as i32).min(px(left));
        let y0 = (height as i32).min(px(top));
        let x1 = x0.max(x0 + (right - left).max(10.0) as u32 as i32);
        let y1 = y0.max(y0 + (bottom - top).max(10.0) as u32 as i32);
        Plane {
            x,
            y,
            back_x: (x0, x1 - 1),
            back_y: (y1 - 1, y0),
        }
    }

    /// The pixel of a data point.
    pub fn map(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (map(self.x, x, self.back_x), map(self.y, y, self.back_y))
    }

    /// The pixel of a data point, as floats for layout.
    pub fn at(&self, x: f64, y: f64) -> (f32, f32) {
        let (x, y) = self.map((x, y));
        (x as f32, y as f32)
    }
}

/// plotters' rounding of a value in `range` to a pixel between `limit`'s.
#[allow(clippy::float_cmp)]
fn map(range: (f64, f64), v: f64, limit: (i32, i32)) -> i32 {
    // A range of one value puts everything half-way (from 0, as plotters
    // does).
    if range.1 == range.0 {
        return (limit.1 - limit.0) / 2;
    }
    let logic = (v - range.0) / (range.1 - range.0);
    let actual = limit.1 - limit.0;
    if actual == 0 {
        return limit.1;
    }
    if logic.is_infinite() {
        return if logic.is_sign_positive() {
            limit.1
        } else {
            limit.0
        };
    }
    if actual > 0 {
        limit.0 + (f64::from(actual) * logic + 1e-3).floor() as i32
    } else {
        limit.0 + (f64::from(actual) * logic - 1e-3).ceil() as i32
    }
}

/// A layout coordinate to the whole pixel it is drawn at.
pub(crate) fn px(v: f32) -> i32 {
    v.round() as i32
}
