//! Small inline SVG charts: a line chart (with an optional band and a
//! reference line) and a bar chart. Pure and deterministic: the same spec
//! gives the same bytes. Every chart is accessible (`role="img"`, a
//! `<title>` and an `aria-label`), every label is escaped, and nothing refers
//! outside the document (no scripts, no fonts, no URLs), so the output can be
//! pasted into any page or a self-contained report.

use std::fmt::Write as _;

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One line of a line chart; points are (x, y), non-finite points are skipped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A shaded band around a line: (x, lower, upper).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    pub label: String,
    pub points: Vec<(f64, f64, f64)>,
}

/// A horizontal reference line (a target, a cap, a ratio of 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub y: f64,
    pub label: String,
}

/// A line chart. The x axis is labelled at its two ends with `x_start` and
/// `x_end` (e.g. dates), the y axis at 0 (or its lowest value) and its highest.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// Read by screen readers and shown as a tooltip.
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub lines: Vec<Line>,
    pub band: Option<Band>,
    pub reference: Option<Reference>,
    pub x_start: String,
    pub x_end: String,
    /// Appended to the y-axis numbers, e.g. " s".
    pub y_unit: String,
}

impl ChartSpec {
    /// A chart of the default size with one line.
    pub fn single(title: &str, label: &str, points: Vec<(f64, f64)>) -> ChartSpec {
        ChartSpec {
            title: title.to_string(),
            width: 480,
            height: 160,
            lines: vec![Line {
                label: label.to_string(),
                points,
            }],
            band: None,
            reference: None,
            x_start: String::new(),
            x_end: String::new(),
            y_unit: String::new(),
        }
    }
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Drawn in the highlight colour (e.g. over a cap).
    pub highlight: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSpec {
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub reference: Option<Reference>,
    pub y_unit: String,
}

// Plot margins, px: room for the y numbers on the left and x labels below.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;
// Series colours, cycled; chosen to stay distinct in greyscale print.
const COLOURS: [&str; 4] = ["#1f5f8b", "#b5532a", "#3b7d3b", "#6b4c9a"];

/// A number as the charts print it: whole when whole, else one decimal.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.1}")
    }
}

fn px(v: f64) -> String {
    format!("{v:.1}")
}

struct Scale {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    w: f64,
    h: f64,
}

impl Scale {
    fn x(&self, x: f64) -> f64 {
        let span = self.x1 - self.x0;
        let t = if span > 0.0 {
            (x - self.x0) / span
        } else {
            0.5
        };
        LEFT + t * (self.w - LEFT - RIGHT)
    }

    fn y(&self, y: f64) -> f64 {
        let span = self.y1 - self.y0;
        let t = if span > 0.0 {
            (y - self.y0) / span
        } else {
            0.5
        };
        self.h - BOTTOM - t * (self.h - TOP - BOTTOM)
    }
}

fn open_svg(out: &mut String, title: &str, width: u32, height: u32) {
    let t = escape(title);
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{t}\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         font-family=\"sans-serif\" font-size=\"10\"><title>{t}</title>"
    );
}

fn empty(out: &mut String, w: f64, h: f64) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">no data yet</text></svg>",
        px(w / 2.0),
        px(h / 2.0)
    );
}

fn y_axis(out: &mut String, s: &Scale, unit: &str) {
    let unit = escape(unit);
    let (top, bottom) = (s.y(s.y1), s.y(s.y0));
    let _ = write!(
        out,
        "<line x1=\"{l}\" y1=\"{top}\" x2=\"{l}\" y2=\"{bottom}\" stroke=\"#888\"/>\
         <line x1=\"{l}\" y1=\"{bottom}\" x2=\"{r}\" y2=\"{bottom}\" stroke=\"#888\"/>\
         <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{hi}{unit}</text>\
         <text x=\"{tx}\" y=\"{by}\" text-anchor=\"end\">{lo}{unit}</text>",
        l = px(LEFT),
        r = px(s.w - RIGHT),
        top = px(top),
        bottom = px(bottom),
        tx = px(LEFT - 4.0),
        ty = px(top + 8.0),
        by = px(bottom),
        hi = number(s.y1),
        lo = number(s.y0),
    );
}

fn reference(out: &mut String, s: &Scale, r: &Reference) {
    if !r.y.is_finite() {
        return;
    }
    let y = px(s.y(r.y));
    let _ = write!(
        out,
        "<line class=\"reference\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#b00\" \
         stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#b00\">{}</text>",
        px(LEFT),
        px(s.w - RIGHT),
        px(s.w - RIGHT),
        px(s.y(r.y) - 3.0),
        escape(&r.label)
    );
}

/// The y range: from 0 (or the lowest value, if negative) to the highest,
/// padded so a flat line does not sit on the frame.
fn y_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })?;
    let lo = lo.min(0.0);
    let hi = if hi > lo { nice_ceiling(hi) } else { lo + 1.0 };
    Some((lo, hi))
}

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
/// power of ten) at or above `v`, so the axis top reads as a plain number.
fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return v;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|top| *top >= v * (1.0 - 1e-12))
        .unwrap_or(v)
}

/// A line chart as one `<svg>` element.
pub fn line_chart(spec: &ChartSpec) -> String {
    let (w, h) = (f64::from(spec.width), f64::from(spec.height));
    let mut out = String::new();
    open_svg(&mut out, &spec.title, spec.width, spec.height);
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let band_points: Vec<(f64, f64, f64)> = spec
        .band
        .iter()
        .flat_map(|b| b.points.iter().copied())
        .filter(|p| p.0.is_finite() && p.1.is_finite() && p.2.is_finite())
        .collect();
    let xs = spec
        .lines
        .iter()
        .flat_map(|l| l.points.iter().filter(finite).map(|p| p.0))
        .chain(band_points.iter().map(|p| p.0));
    let Some((x0, x1)) = xs.fold(None, |acc: Option<(f64, f64)>, x| match acc {
        None => Some((x, x)),
        Some((a, b)) => Some((a.min(x), b.max(x))),
    }) else {
        empty(&mut out, w, h);
        return out;
    };
    let ys = spec
        .lines
        .iter()
        .flat_map(|l| l.points.iter().filter(finite).map(|p| p.1))
        .chain(band_points.iter().flat_map(|p| [p.1, p.2]))
        .chain(spec.reference.iter().map(|r| r.y));
    let Some((y0, y1)) = y_range(ys) else {
        empty(&mut out, w, h);
        return out;
    };
    let s = Scale {
        x0,
        x1,
        y0,
        y1,
        w,
        h,
    };
    y_axis(&mut out, &s, &spec.y_unit);
    if !band_points.is_empty() {
        let upper = band_points
            .iter()
            .map(|p| format!("{},{}", px(s.x(p.0)), px(s.y(p.2))));
        let lower = band_points
            .iter()
            .rev()
            .map(|p| format!("{},{}", px(s.x(p.0)), px(s.y(p.1))));
        let all: Vec<String> = upper.chain(lower).collect();
        let label = spec.band.as_ref().map_or("", |b| b.label.as_str());
        let _ = write!(
            out,
            "<polygon class=\"band\" points=\"{}\" fill=\"#1f5f8b\" fill-opacity=\"0.15\" \
             stroke=\"none\"><title>{}</title></polygon>",
            all.join(" "),
            escape(label)
        );
    }
    if let Some(r) = &spec.reference {
        reference(&mut out, &s, r);
    }
    for (i, line) in spec.lines.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let pts: Vec<String> = line
            .points
            .iter()
            .filter(finite)
            .map(|p| format!("{},{}", px(s.x(p.0)), px(s.y(p.1))))
            .collect();
        if pts.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<g class=\"series\"><title>{}</title><polyline points=\"{}\" fill=\"none\" \
             stroke=\"{colour}\" stroke-width=\"2\"/>",
            escape(&line.label),
            pts.join(" ")
        );
        for p in &pts {
            let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                out,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"2.5\" fill=\"{colour}\"/>"
            );
        }
        out.push_str("</g>");
    }
    let by = px(h - 6.0);
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{by}\" text-anchor=\"start\">{}</text>\
         <text x=\"{}\" y=\"{by}\" text-anchor=\"end\">{}</text></svg>",
        px(LEFT),
        escape(&spec.x_start),
        px(w - RIGHT),
        escape(&spec.x_end)
    );
    out
}

/// A bar chart as one `<svg>` element; the first and last bars are labelled
/// below, every bar carries its label and value as a tooltip.
pub fn bar_chart(spec: &BarSpec) -> String {
    let (w, h) = (f64::from(spec.width), f64::from(spec.height));
    let mut out = String::new();
    open_svg(&mut out, &spec.title, spec.width, spec.height);
    let bars: Vec<&Bar> = spec.bars.iter().filter(|b| b.value.is_finite()).collect();
    let ys = bars
        .iter()
        .map(|b| b.value)
        .chain(spec.reference.iter().map(|r| r.y));
    let (Some((y0, y1)), false) = (y_range(ys), bars.is_empty()) else {
        empty(&mut out, w, h);
        return out;
    };
    let s = Scale {
        x0: 0.0,
        x1: bars.len() as f64,
        y0,
        y1,
        w,
        h,
    };
    y_axis(&mut out, &s, &spec.y_unit);
    let slot = (w - LEFT - RIGHT) / bars.len() as f64;
    let unit = escape(&spec.y_unit);
    for (i, bar) in bars.iter().enumerate() {
        let x = s.x(i as f64) + slot * 0.1;
        let (top, base) = (s.y(bar.value.max(y0)), s.y(0.0_f64.max(y0)));
        let colour = if bar.highlight { "#b5532a" } else { COLOURS[0] };
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\">\
             <title>{}: {}{unit}</title></rect>",
            px(x),
            px(top.min(base)),
            px(slot * 0.8),
            px((base - top).abs()),
            escape(&bar.label),
            number(bar.value)
        );
    }
    if let Some(r) = &spec.reference {
        reference(&mut out, &s, r);
    }
    let by = px(h - 6.0);
    if let (Some(first), Some(last)) = (bars.first(), bars.last()) {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{by}\" text-anchor=\"start\">{}</text>",
            px(LEFT),
            escape(&first.label)
        );
        if bars.len() > 1 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{by}\" text-anchor=\"end\">{}</text>",
                px(w - RIGHT),
                escape(&last.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}
