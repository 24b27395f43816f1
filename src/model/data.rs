//! Figures of the text: tables (the plan's targets) and series over time
//! (investment, labour turnover). Values may be numbers, ranges such as
//! "95-105", approximate ("c. 50"), or missing.

use super::date::HistDate;
use super::event::SourceRef;

/// A number as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// One number.
    Number(f64),
    /// A range, low then high: "95-105".
    Range(f64, f64),
    /// Not given.
    Missing,
}

/// A value with how sure the text is of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: Value,
    /// "about 50", "c. 50".
    pub approximate: bool,
    /// Decimals as written ("35.0" has one), kept for labels.
    pub decimals: u8,
}

/// Why a cell's text is not a value.
#[derive(Clone, Debug, PartialEq)]
pub enum CellError {
    /// A part that is not a number: `lots`.
    NotANumber(String),
    /// A range written high end first: `105-95`.
    Backwards {
        /// The range as written.
        written: String,
        /// Its low end.
        low: f64,
        /// Its high end.
        high: f64,
    },
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CellError::NotANumber(s) => write!(f, "`{s}` is not a number"),
            CellError::Backwards { written, low, high } => write!(
                f,
                "the range `{written}` runs backwards: write the low end first ({low}-{high})"
            ),
        }
    }
}

impl std::error::Error for CellError {}

impl Cell {
    /// Reads a cell written as text: `"95-105"`, `"c. 50"`, `"about 50"`,
    /// `"-"` or `""` (missing), or a plain number. Errors say why not.
    pub fn from_text(text: &str) -> Result<Cell, CellError> {
        let mut t = text.trim();
        if t.is_empty() || t == "-" || t == "—" || t == "n/a" {
            return Ok(Cell {
                value: Value::Missing,
                approximate: false,
                decimals: 0,
            });
        }
        let mut approximate = false;
        for prefix in ["c. ", "c.", "ca. ", "about ", "~"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                approximate = true;
                t = rest.trim();
                break;
            }
        }
        let number = |s: &str| -> Result<f64, CellError> {
            let cleaned: String = s.trim().chars().filter(|&c| c != ',' && c != '_').collect();
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| CellError::NotANumber(s.to_owned()))
        };
        // A range "95-105" (a leading minus is a sign, not a range).
        let dash = t
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c == '-' || c == '–')
            .map(|(i, c)| (i, c.len_utf8()));
        let value = match dash {
            Some((i, len)) => {
                let (lo, hi) = (number(&t[..i])?, number(&t[i + len..])?);
                if hi < lo {
                    return Err(CellError::Backwards {
                        written: t.to_owned(),
                        low: hi,
                        high: lo,
                    });
                }
                Value::Range(lo, hi)
            }
            None => Value::Number(number(t)?),
        };
        let decimals = t
            .split(['-', '–'])
            .map(|part| part.split_once('.').map_or(0, |(_, d)| d.trim().len()))
            .max()
            .unwrap_or(0)
            .min(6) as u8;
        Ok(Cell {
            value,
            approximate,
            decimals,
        })
    }

    /// A number given as a TOML number: `decimals` as the file wrote it.
    pub fn from_number(value: f64, decimals: u8) -> Cell {
        Cell {
            value: Value::Number(value),
            approximate: false,
            decimals,
        }
    }

    /// The value as a number, or a range's middle.
    pub fn middle(&self) -> Option<f64> {
        match self.value {
            Value::Number(v) => Some(v),
            Value::Range(a, b) => Some(f64::midpoint(a, b)),
            Value::Missing => None,
        }
    }

    /// The lowest and highest values the cell covers.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match self.value {
            Value::Number(v) => Some((v, v)),
            Value::Range(a, b) => Some((a, b)),
            Value::Missing => None,
        }
    }

    /// As written for a label: `35.0`, `95-105`, `c. 50`.
    pub fn text(&self) -> String {
        let d = usize::from(self.decimals);
        let body = match self.value {
            Value::Number(v) => fixed_or_scientific(v, d),
            Value::Range(a, b) => {
                format!(
                    "{}-{}",
                    fixed_or_scientific(a, d),
                    fixed_or_scientific(b, d)
                )
            }
            Value::Missing => "n/a".to_owned(),
        };
        if self.approximate {
            format!("c. {body}")
        } else {
            body
        }
    }
}

/// `v` with `decimals` places, or in scientific notation
/// when written out it would run past fifteen digits (`-1.7e308` rather
/// than 309 of them).
pub(crate) fn fixed_or_scientific(v: f64, decimals: usize) -> String {
    if v.abs() >= 1e15 {
        format!("{v:e}")
    } else {
        format!("{v:.decimals$}")
    }
}

/// A column of a table: a year, usually, with what it holds.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Column {
    /// The heading, e.g. "1927/28 (actual)".
    pub label: String,
    /// When the column's values hold, in the date model of events.
    pub date: Option<HistDate>,
}

/// A row of a table.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Row {
    /// "Coal".
    pub label: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// A table of the text.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Table {
    /// Referenced from charts.
    pub id: String,
    /// "Targets of production".
    pub title: String,
    /// "million tons".
    pub unit: String,
    /// The notes it comes from.
    pub sources: Vec<SourceRef>,
    /// Where the figures come from, conflicting figures, slips.
    pub note: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with a cell per column.
    pub rows: Vec<Row>,
}

/// A point of a series.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Point {
    /// When.
    pub date: HistDate,
    /// How much.
    pub value: Cell,
    /// A planned figure, not an outcome.
    pub target: bool,
}

/// Values over time.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Series {
    /// Referenced from charts.
    pub id: String,
    /// The legend's text.
    pub label: String,
    /// "billion roubles".
    pub unit: String,
    /// The notes it comes from.
    pub sources: Vec<SourceRef>,
    /// Where the figures come from.
    pub note: Option<String>,
    /// The points, in date order.
    pub points: Vec<Point>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_values_print_in_scientific_notation() {
        assert_eq!(fixed_or_scientific(-1.7e308, 1), "-1.7e308");
        assert_eq!(fixed_or_scientific(2.5e15, 0), "2.5e15");
        assert_eq!(fixed_or_scientific(35.0, 1), "35.0");
        assert_eq!(fixed_or_scientific(123_456_789.0, 0), "123456789");
    }

    #[test]
    fn cells_read_numbers_ranges_and_gaps() {
        assert_eq!(Cell::from_text("35.0").unwrap().value, Value::Number(35.0));
        assert_eq!(
            Cell::from_text("95-105").unwrap().value,
            Value::Range(95.0, 105.0)
        );
        assert_eq!(
            Cell::from_text("95–105").unwrap().value,
            Value::Range(95.0, 105.0)
        );
        assert_eq!(Cell::from_text("-").unwrap().value, Value::Missing);
        assert_eq!(Cell::from_text("-3.5").unwrap().value, Value::Number(-3.5));
        assert_eq!(
            Cell::from_text("1,800").unwrap().value,
            Value::Number(1800.0)
        );
        let about = Cell::from_text("c. 50").unwrap();
        assert!(about.approximate);
        assert_eq!(about.text(), "c. 50");
        assert!(
            Cell::from_text("105-95")
                .unwrap_err()
                .to_string()
                .contains("backwards")
        );
        assert_eq!(
            Cell::from_text("lots").unwrap_err(),
            CellError::NotANumber("lots".into())
        );
        assert_eq!(Cell::from_text("95-105").unwrap().text(), "95-105");
        assert_eq!(Cell::from_text("15-16").unwrap().text(), "15-16");
        assert_eq!(Cell::from_text("1300").unwrap().text(), "1300");
        assert_eq!(Cell::from_number(35.0, 1).text(), "35.0");
    }
}
