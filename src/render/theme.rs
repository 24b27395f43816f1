//! Colours of each theme. Text colours meet WCAG's 4.5:1 against the
//! background and against the lane bands (tested below).

use crate::figure::Theme;
use crate::model::Rgb;

/// The colours a renderer needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Palette {
    pub(crate) background: Rgb,
    pub(crate) band: Rgb,
    pub(crate) text: Rgb,
    pub(crate) muted: Rgb,
    pub(crate) grid: Rgb,
    pub(crate) axis: Rgb,
    pub(crate) leader: Rgb,
    /// Outline of marks.
    pub(crate) outline: Rgb,
    /// Behind the newest event's label in a step-by-step build.
    pub(crate) highlight: Rgb,
}

pub(crate) fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: Rgb(255, 255, 255),
            band: Rgb(242, 243, 245),
            text: Rgb(26, 26, 26),
            muted: Rgb(80, 80, 80),
            grid: Rgb(214, 214, 214),
            axis: Rgb(60, 60, 60),
            leader: Rgb(125, 125, 125),
            outline: Rgb(40, 40, 40),
            highlight: Rgb(255, 236, 153),
        },
        Theme::Dark => Palette {
            background: Rgb(24, 26, 31),
            band: Rgb(37, 40, 47),
            text: Rgb(240, 240, 240),
            muted: Rgb(196, 196, 196),
            grid: Rgb(66, 70, 78),
            axis: Rgb(205, 205, 205),
            leader: Rgb(150, 150, 150),
            outline: Rgb(230, 230, 230),
            highlight: Rgb(92, 74, 0),
        },
        Theme::Print => Palette {
            background: Rgb(255, 255, 255),
            band: Rgb(240, 240, 240),
            text: Rgb(0, 0, 0),
            muted: Rgb(64, 64, 64),
            grid: Rgb(200, 200, 200),
            axis: Rgb(0, 0, 0),
            leader: Rgb(110, 110, 110),
            outline: Rgb(0, 0, 0),
            highlight: Rgb(215, 215, 215),
        },
        Theme::HighContrast => Palette {
            background: Rgb(0, 0, 0),
            band: Rgb(28, 28, 28),
            text: Rgb(255, 255, 255),
            muted: Rgb(255, 255, 255),
            grid: Rgb(96, 96, 96),
            axis: Rgb(255, 255, 255),
            leader: Rgb(220, 220, 220),
            outline: Rgb(255, 255, 255),
            highlight: Rgb(0, 0, 160),
        },
    }
}

/// A category's colour in a theme: greys for print.
pub(crate) fn mark_color(theme: Theme, color: Rgb) -> Rgb {
    match theme {
        Theme::Print => {
            let l = color.luminance();
            let grey = (60.0 + 140.0 * l.sqrt()).round().clamp(60.0, 190.0) as u8;
            Rgb(grey, grey, grey)
        }
        _ => color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_contrast_is_at_least_4_5_in_every_theme() {
        for name in Theme::NAMES {
            let p = palette(Theme::from_name(name).unwrap());
            for text in [p.text, p.muted] {
                for bg in [p.background, p.band, p.highlight] {
                    let c = text.contrast(bg);
                    assert!(c >= 4.5, "{name}: {text:?} on {bg:?} is {c:.2}:1");
                }
            }
        }
    }
}
