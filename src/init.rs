//! `annals init`: a commented starter events.toml that shows every date
//! form and every table, and passes `annals check`.

/// The starter file.
pub const STARTER: &str = r#"#:schema ./annals.schema.json
# A starter events.toml for annals. `annals check` validates it, `annals`
# renders its figures into output/, `annals list` prints its events in order.
# The schema line above lets editors with a TOML language server (taplo,
# Even Better TOML) complete keys: write it with `annals schema > annals.schema.json`.

[timeline]
title = "My lecture"
subtitle = "What the figures show"
source_line = "Source: the book, chapter 1"
economic_year_start = 10          # the month an economic year (1929/30) starts

[timeline.work]
author = "An Author"
title = "The Book"
year = 1993

[timeline.defaults]
size = "slide"                    # slide, slide-4x3, a4-landscape, a4-portrait, 1600x900
theme = "light"                   # light, dark, print, high-contrast
notes = true                      # note numbers after labels

[[category]]
id = "politics"
label = "Politics"

[[category]]
id = "economy"
label = "Economy"

[[source]]
id = "n1"
note = 1
citation = "A. Historian, A History, London 1984"
page = "12"

# Every date form annals reads. EDTF (ISO 8601-2) works as well: 1926-04,
# 1930-22 (summer), 1926-10-26/1926-11-03, ../1931, 1932-12-27/.., 1927~, 1929?

[[event]]
id = "a-day"
label = "A day"
date = "4 February 1931"
category = "politics"
sources = ["n1"]
importance = "high"               # high, normal, low: dense figures keep the high

[[event]]
id = "a-month"
label = "A month"
date = "April 1926"               # covers the month, not the 1st
category = "politics"

[[event]]
id = "a-year"
label = "A year"
date = "1935"
category = "economy"

[[event]]
id = "a-period"
label = "A period of days"
date = "26 October-3 November 1926"
category = "politics"
quote = "a short quotation from the text"

[[event]]
id = "a-season"
label = "A season"
date = "summer 1930"              # June-August
category = "economy"

[[event]]
id = "an-economic-year"
label = "An economic year"
date = "1929/30"                  # 1 October 1929 - 30 September 1930
category = "economy"

[[event]]
id = "years"
label = "A period of years"
date = "1921-28"
category = "economy"

[[event]]
id = "by"
label = "Done by then"
date = "by 1931"                  # start unknown: fades into the past
category = "politics"

[[event]]
id = "until"
label = "Lasted until then"
date = "until 1928"
category = "politics"

[[event]]
id = "from"
label = "From then on"
date = "from 27 December 1932"    # no end: runs on with an arrow
category = "politics"

[[event]]
id = "approximate"
label = "Roughly then"
date = "c. 1927"
category = "economy"

[[event]]
id = "uncertain"
label = "Perhaps then"
date = "1929?"
category = "economy"
certainty = "uncertain"           # exact, approximate, uncertain, inferred, external

[[event]]
id = "old-style"
label = "October Revolution"
date = "25 October 1917 (Old Style)"   # placed on 7 November 1917
category = "politics"
certainty = "external"            # not from the text
caveat = "an editor's note: a slip in the text, a conflicting source"

[[event]]
id = "bc"
label = "Ides of March"
date = "15 March 44 BC"
importance = "low"

# Figures of the text: a table and a series, drawn as charts below.

[[table]]
id = "output"
title = "Output"
unit = "million tons"
sources = ["n1"]
columns = [
  { label = "1927/28 (actual)", date = "1927/28" },
  { label = "1932/33 (plan)", date = "1932/33" },
]
rows = [
  { label = "Coal", values = [35.0, "70-80"] },     # a range
  { label = "Oil", values = [11.7, "c. 21"] },      # an approximate value
]

[[series]]
id = "investment"
label = "Investment"
unit = "billion roubles"
points = [
  { date = "1927/28", value = 9.2 },
  { date = "1932/33", value = 23.1, target = true },
]

[[figure]]
id = "timeline"                   # output/timeline.svg, .png, .pdf
from = "1917"
to = "1935"

[[figure]]
id = "timeline-steps"             # frames, a reveal.js SVG and a beamer snippet
from = "1917"
to = "1935"
steps = true
formats = ["svg"]

[[figure]]
id = "output"
kind = "bars"                     # bars, lines, comparison
table = "output"
growth = true

[[figure]]
id = "investment"
kind = "lines"
series = ["investment"]
events = ["a-day"]

[[deck]]
id = "lecture"                    # output/lecture.pptx: native, editable slides
figures = ["timeline-steps", "output", "investment"]   # a slide each, a slide a step
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_starter_is_valid_and_shows_every_shape() {
        let loaded = crate::load::from_str("events.toml", super::STARTER).unwrap();
        assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
        let shapes: std::collections::HashSet<&str> = loaded
            .timeline
            .events
            .iter()
            .map(|e| e.date.shape().name())
            .collect();
        assert_eq!(shapes.len(), 5, "{shapes:?}");
        assert_eq!(loaded.timeline.decks.len(), 1, "a deck, to show the form");
    }
}
