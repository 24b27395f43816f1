//! The programs lecturers put figures into, run for real: `LibreOffice`
//! (SVG to PDF), rsvg-convert (the pandoc route), and pdfTeX with beamer
//! (the README's snippet, as written). They are large Debian packages, so
//! these run only with `ANNALS_CONSUMER_TESTS=1` (tests/README.md says how
//! to install them); each also runs without `DejaVu` on the machine, through
//! a fontconfig file that rejects it.

use std::path::Path;
use std::process::Command;

use super::{annals, root};

fn enabled() -> bool {
    std::env::var_os("ANNALS_CONSUMER_TESTS").is_some()
}

/// A temporary folder holding the chapter's events.toml.
fn with_chapter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("events.toml"), dir.path().join("events.toml")).unwrap();
    dir
}

/// A fontconfig file that sees the machine's fonts but `DejaVu`: a viewer
/// whose only fonts are others (here the Liberation fonts that come with `LibreOffice`).
fn without_dejavu(dir: &Path) -> std::path::PathBuf {
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>{}</cachedir>
  <selectfont><rejectfont><glob>*DejaVu*</glob></rejectfont></selectfont>
</fontconfig>
"#,
            dir.join("fontcache").display()
        ),
    )
    .unwrap();
    conf
}

/// Runs `program` in `dir`, with `fonts` as the fontconfig file if given;
/// panics with its output if it fails.
fn run(dir: &Path, fonts: Option<&Path>, program: &str, args: &[&str]) -> String {
    let mut command = Command::new(program);
    command.current_dir(dir).args(args);
    if let Some(conf) = fonts {
        command.env("FONTCONFIG_FILE", conf);
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{program} could not start ({e}); see tests/README.md"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// A text the SVG draws: its first word, where its line starts (or ends,
/// for right-aligned text), its baseline and size.
#[derive(Debug)]
struct Drawn {
    word: String,
    x: f32,
    end: bool,
    baseline: f32,
    size: f32,
}

/// The visible texts of an SVG (not the transparent layer of
/// `--text-as-paths`, nor the title and description).
fn drawn_texts(svg: &str) -> Vec<Drawn> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let number = |name: &str| n.attribute(name)?.parse::<f32>().ok();
            let text: String = n
                .descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|d| d.text())
                .collect();
            Some(Drawn {
                word: text.split_whitespace().next()?.to_owned(),
                x: number("x")?,
                end: n.attribute("text-anchor") == Some("end"),
                baseline: number("y")?,
                size: number("font-size")?,
            })
        })
        .collect()
}

/// A word of a PDF as pdftotext places it: its text, and x min, y min,
/// x max, y max in the PDF's points.
type Word = (String, f32, f32, f32, f32);

/// The words of each page of a PDF, as pdftotext places them.
fn pdf_pages(dir: &Path, pdf: &str) -> Vec<Vec<Word>> {
    let html = run(dir, None, "pdftotext", &["-bbox", pdf, "-"]);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            page.descendants()
                .filter(|n| n.has_tag_name("word"))
                .map(|n| {
                    let v = |name: &str| n.attribute(name).unwrap().parse::<f32>().unwrap();
                    let word = n.text().unwrap_or("").to_owned();
                    (word, v("xMin"), v("yMin"), v("xMax"), v("yMax"))
                })
                .collect()
        })
        .collect()
}

/// The words of a PDF as pdftotext places them: text, x min, x max, and
/// the vertical middle of the word's box, in the PDF's points.
fn pdf_words(dir: &Path, pdf: &str) -> Vec<(String, f32, f32, f32)> {
    pdf_pages(dir, pdf)
        .into_iter()
        .flatten()
        .map(|(w, x0, y0, x1, y1)| (w, x0, x1, f32::midpoint(y0, y1)))
        .collect()
}

/// Every text of `svg` is found where annals placed it in the PDF that
/// `pdf` holds (1920 px wide figures, `scale` points a px): the same first
/// word, its line's start (or end) within a fifth of the text's size, and
/// the middle of the word's box within a quarter of it of where a line on
/// that baseline has its middle. A reader that ignored the baselines (as
/// `LibreOffice` ignores `dy`) would be off by most of a line.
fn assert_placed(svg: &str, words: &[(String, f32, f32, f32)], scale: f32, what: &str) {
    let texts = drawn_texts(svg);
    assert!(texts.len() > 10, "{what}: {} texts", texts.len());
    let mut misplaced = Vec::new();
    for t in &texts {
        let (x, mid) = (t.x * scale, (t.baseline - 0.3 * t.size) * scale);
        let size = t.size * scale;
        let found = words.iter().any(|(w, x0, x1, m)| {
            let edge = if t.end { *x1 } else { *x0 };
            // The first word of a right-aligned line is not at its end.
            let across = t.end || (edge - x).abs() <= 0.2 * size;
            // A reader that spaces letters out to `textLength` may cut a
            // word into letters.
            let same = !w.is_empty() && (w.starts_with(&t.word) || t.word.starts_with(w.as_str()));
            same && across && (m - mid).abs() <= 0.25 * size
        });
        if !found {
            if std::env::var_os("DBGC").is_some() {
                let near = words
                    .iter()
                    .filter(|(w, ..)| w.starts_with(&t.word))
                    .map(|(w, x0, x1, m)| (w.clone(), x0 - x, x1 - x, m - mid, size))
                    .collect::<Vec<_>>();
                eprintln!("MISS {t:?} {near:?}");
            }
            misplaced.push(t);
        }
    }
    assert!(
        misplaced.is_empty(),
        "{what}: {} of {} texts not where annals placed them, such as {:?}",
        misplaced.len(),
        texts.len(),
        &misplaced[..misplaced.len().min(5)]
    );
}

/// `LibreOffice` (Impress and Draw share its SVG import) draws every text
/// of a timeline and a chart where annals placed it, with `DejaVu` on the
/// machine and without it (then `textLength` fits its own font to the
/// measured width).
#[test]
fn libreoffice_draws_every_text_where_annals_placed_it() {
    if !enabled() {
        return;
    }
    let dir = with_chapter();
    let d = dir.path();
    annals(d, &["timeline", "events.toml", "-o", "timeline.svg"]).success();
    annals(d, &["build", "events.toml", "--out", "figures"]).success();
    std::fs::copy(d.join("figures/investment-output.svg"), d.join("chart.svg")).unwrap();
    let fonts = without_dejavu(d);
    for (name, conf) in [("DejaVu", None), ("no DejaVu", Some(fonts.as_path()))] {
        for figure in ["timeline", "chart"] {
            let profile = format!("-env:UserInstallation=file://{}/lo-profile", d.display());
            run(
                d,
                conf,
                "soffice",
                &[
                    &profile,
                    "--headless",
                    "--convert-to",
                    "pdf",
                    &format!("{figure}.svg"),
                ],
            );
            let svg = std::fs::read_to_string(d.join(format!("{figure}.svg"))).unwrap();
            let width: f32 = roxmltree::Document::parse(&svg)
                .unwrap()
                .root_element()
                .attribute("width")
                .and_then(|w| w.parse().ok())
                .unwrap_or(1920.0);
            let info = run(d, None, "pdfinfo", &[&format!("{figure}.pdf")]);
            let points: f32 = info
                .lines()
                .find_map(|l| l.strip_prefix("Page size:"))
                .and_then(|l| l.split_whitespace().next())
                .and_then(|w| w.parse().ok())
                .unwrap();
            let words = pdf_words(d, &format!("{figure}.pdf"));
            assert_placed(&svg, &words, points / width, &format!("{figure}, {name}"));
        }
    }
}

/// The pandoc route: rsvg-convert ignores `@font-face` and `textLength`,
/// so the README sends it `--text-as-paths`; without `DejaVu` on the
/// machine, rsvg-convert then draws the figure as annals' own PNG does,
/// all but a few pixels along edges.
#[test]
fn rsvg_convert_draws_text_as_paths_as_annals_does() {
    if !enabled() {
        return;
    }
    let dir = with_chapter();
    let d = dir.path();
    annals(
        d,
        &[
            "timeline",
            "events.toml",
            "--text-as-paths",
            "-o",
            "paths.svg",
        ],
    )
    .success();
    annals(d, &["timeline", "events.toml", "-o", "annals.png"]).success();
    let fonts = without_dejavu(d);
    run(
        d,
        Some(&fonts),
        "rsvg-convert",
        &["paths.svg", "-o", "rsvg.png"],
    );
    let pixels = |name: &str| {
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(d.join(name)).unwrap(),
        ));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, info.color_type.samples(), buf)
    };
    let (w, h, an, a) = pixels("annals.png");
    let (rw, rh, rn, r) = pixels("rsvg.png");
    assert_eq!((w, h), (rw, rh));
    let differing = (0..(w * h) as usize)
        .filter(|&p| (0..3).any(|c| a[p * an + c].abs_diff(r[p * rn + c]) > 64))
        .count();
    assert!(
        differing * 1000 < (w * h) as usize,
        "{differing} of {} pixels differ",
        w * h
    );
}

/// The beamer snippet of the README, as written, compiles with pdfTeX:
/// one page for the chapter and one per overlay (the start and each
/// step), no file missing, no overfull box, and every overlay's figure at
/// the same place (nothing jumps between clicks).
#[test]
fn the_beamer_snippet_compiles_as_written() {
    if !enabled() {
        return;
    }
    let dir = with_chapter();
    let d = dir.path();
    annals(d, &["build", "events.toml", "--out", "output"]).success();
    std::fs::write(
        d.join("main.tex"),
        "\\documentclass{beamer}\n\\begin{document}\n\\begin{frame}{Chapter}\n\
         \\includegraphics[width=\\linewidth]{output/chapter.pdf}\n\\end{frame}\n\
         \\input{output/labour-law-build-steps.tex}   % one overlay a step\n\\end{document}\n",
    )
    .unwrap();
    run(
        d,
        None,
        "pdflatex",
        &["-interaction=nonstopmode", "-halt-on-error", "main.tex"],
    );
    let log = std::fs::read_to_string(d.join("main.log")).unwrap();
    assert!(!log.contains("Overfull"), "an overfull box");
    assert!(!log.contains("not found"), "a file not found");
    let steps = std::fs::read_dir(d.join("output"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("labour-law-build-") && name.ends_with(".pdf")
        })
        .count();
    let info = run(d, None, "pdfinfo", &["main.pdf"]);
    assert!(
        info.contains(&format!("Pages:           {}", 1 + steps)),
        "{info}"
    );
    // The drawn box of each overlay page, from a low-resolution render.
    run(
        d,
        None,
        "pdftoppm",
        &["-r", "40", "-gray", "main.pdf", "page"],
    );
    let boxes: Vec<(u32, u32, u32, u32)> = (2..=1 + steps)
        .map(|k| {
            let name = format!("page-{k:02}.pgm");
            let bytes = std::fs::read(d.join(name)).unwrap();
            inked_box(&bytes)
        })
        .collect();
    assert!(
        boxes.windows(2).all(|w| w[0] == w[1]),
        "overlays move: {boxes:?}"
    );
}

/// The box of a binary PGM's pixels darker than white, ignoring beamer's
/// navigation symbols in the bottom tenth.
fn inked_box(pgm: &[u8]) -> (u32, u32, u32, u32) {
    // "P5\n<w> <h>\n<max>\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let pixels = &pgm[at + 1..];
    let (w, h): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let mut b = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..h * 9 / 10 {
        for x in 0..w {
            if pixels[(y * w + x) as usize] < 250 {
                b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
            }
        }
    }
    b
}

/// A text box of a deck: its first word, left, top and width in EMU, and
/// size in hundredths of a point.
type DeckText = (String, i64, i64, i64, i64);

/// The text boxes of a deck's slides, each slide's in order.
fn deck_texts(bytes: &[u8]) -> Vec<Vec<DeckText>> {
    const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
    let parts = super::deck::parts(bytes);
    let count = parts
        .keys()
        .filter(|n| n.starts_with("ppt/slides/slide"))
        .count();
    (1..=count)
        .map(|n| {
            let xml =
                String::from_utf8(parts[&format!("ppt/slides/slide{n}.xml")].clone()).unwrap();
            let doc = roxmltree::Document::parse(&xml).unwrap();
            doc.descendants()
                .filter(|s| s.has_tag_name("sp"))
                .filter_map(|sp| {
                    let find = |name: &str| sp.descendants().find(|d| d.has_tag_name((A, name)));
                    let text = find("t")?.text()?.to_owned();
                    let number = |n: roxmltree::Node<'_, '_>, a: &str| -> i64 {
                        n.attribute(a).unwrap().parse().unwrap()
                    };
                    let (off, ext, run) = (find("off")?, find("ext")?, find("rPr")?);
                    Some((
                        text.split_whitespace().next()?.to_owned(),
                        number(off, "x"),
                        number(off, "y"),
                        number(ext, "cx"),
                        number(run, "sz"),
                    ))
                })
                .collect()
        })
        .collect()
}

/// `LibreOffice` Impress opens the chapter's deck and draws every text box
/// where annals placed it (its left edge within a tenth of its size, its
/// line box's middle within a quarter of it: Liberation Sans stands in for
/// Arial with the same advances), and none over another's words; saved
/// as ODP, each event is still a group named by its id, its marks keep
/// their alt text, and every slide keeps its notes.
#[test]
fn libreoffice_impress_draws_the_deck_where_annals_placed_it() {
    if !enabled() {
        return;
    }
    let dir = with_chapter();
    let d = dir.path();
    annals(
        d,
        &[
            "deck",
            "events.toml",
            "--deck",
            "lecture",
            "-o",
            "lecture.pptx",
        ],
    )
    .success();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", d.display());
    for to in ["pdf", "odp"] {
        run(
            d,
            None,
            "soffice",
            &[&profile, "--headless", "--convert-to", to, "lecture.pptx"],
        );
    }
    let deck = std::fs::read(d.join("lecture.pptx")).unwrap();
    let slides = deck_texts(&deck);
    let pages = pdf_pages(d, "lecture.pdf");
    assert_eq!(pages.len(), slides.len(), "a page a slide");
    // A 16:9 slide is 12 192 000 EMU and 960 pt across.
    let pt = 960.0 / 12_192_000.0;
    let mut misplaced = Vec::new();
    for (words, texts) in pages.iter().zip(&slides) {
        for (word, x, y, _, sz) in texts {
            let size = *sz as f32 / 100.0;
            let (x, y) = (*x as f32 * pt, *y as f32 * pt);
            // The line box's middle, in Arial's metrics (0.905 + 0.212).
            let middle = y + 1.117 * size / 2.0;
            let found = words.iter().any(|(w, x0, y0, _, y1)| {
                w == word
                    && (x0 - x).abs() <= 0.1 * size
                    && (f32::midpoint(*y0, *y1) - middle).abs() <= 0.25 * size
            });
            if !found {
                misplaced.push((word.clone(), x, y, size));
            }
        }
        // No word drawn over another. pdftotext's word boxes run from the
        // font's box top to its bottom, 1.24 em, past the line box of
        // 1.117 em: boxes of lines that touch overlap by about a tenth of
        // their height, and two lines drawn over each other by half.
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let over_x = a.3.min(b.3) - a.1.max(b.1);
                let over_y = a.4.min(b.4) - a.2.max(b.2);
                let height = (a.4 - a.2).min(b.4 - b.2);
                assert!(
                    over_x <= 0.5 || over_y <= 0.2 * height,
                    "{a:?} overlaps {b:?}"
                );
            }
        }
    }
    assert!(
        misplaced.is_empty(),
        "{} of {} texts not where annals placed them, such as {:?}",
        misplaced.len(),
        slides.iter().map(Vec::len).sum::<usize>(),
        &misplaced[..misplaced.len().min(5)]
    );
    // Groups, alt text and notes survive the trip to ODP.
    let odp = std::fs::read(d.join("lecture.odp")).unwrap();
    let content = String::from_utf8(super::deck::parts(&odp)["content.xml"].clone()).unwrap();
    let timeline = annals::check::load(&d.join("events.toml"))
        .unwrap()
        .timeline;
    let chapter = timeline.figures.iter().find(|f| f.id == "chapter").unwrap();
    let scene = annals::layout::timeline(&timeline, &chapter.options).unwrap();
    for id in &scene.events {
        assert!(
            content.contains(&format!("<draw:g draw:name=\"{id}\"")),
            "no group {id} in the ODP"
        );
        let name = annals::steps::event_name(&timeline, id);
        let escaped = name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\'', "&apos;");
        assert!(
            content.contains(&escaped),
            "no alt text {name:?} in the ODP"
        );
    }
    assert_eq!(
        content.matches("<presentation:notes").count(),
        slides.len(),
        "notes on every slide"
    );
    assert_eq!(
        content.matches("presentation:class=\"title\"").count(),
        slides.len(),
        "a title on every slide"
    );
}
