//! Small inline SVG charts (a line and a bar chart), written by hand: a few
//! hundred bytes each, no library, no script, and every label escaped by
//! maud. Colours come from the stylesheet (`currentColor` and CSS classes),
//! so the dark theme applies to charts too.

use maud::{Markup, html};

/// Drawing area in SVG units; the SVG scales to the page width.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;
/// Room for the axis labels.
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;
const RIGHT: f64 = 8.0;

/// One labelled value on the x axis (a date or a week).
pub struct Point {
    pub label: String,
    pub value: f64,
}

fn max_of(points: &[Point]) -> f64 {
    let m = points
        .iter()
        .map(|p| p.value)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    if m > 0.0 { m } else { 1.0 }
}

/// Missing or impossible values draw as zero rather than break the SVG.
fn clean(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

fn y(value: f64, max: f64) -> f64 {
    let v = clean(value);
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v / max)
}

fn x(i: usize, n: usize) -> f64 {
    let span = WIDTH - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * i as f64 / (n - 1) as f64
    }
}

/// Axes with the top value and the first and last x labels.
fn frame(max: f64, unit: &str, first: &str, last: &str) -> Markup {
    let base = HEIGHT - BOTTOM;
    html! {
        line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(base) {}
        line.axis x1=(LEFT) y1=(base) x2=(WIDTH - RIGHT) y2=(base) {}
        text x=(LEFT - 4.0) y=(TOP + 10.0) text-anchor="end" { (format!("{max:.0}")) }
        text x=(LEFT - 4.0) y=(base) text-anchor="end" { "0" }
        text x=(LEFT - 4.0) y=(HEIGHT / 2.0) text-anchor="end" { (unit) }
        text x=(LEFT) y=(HEIGHT - 4.0) { (first) }
        @if last != first { text x=(WIDTH - RIGHT) y=(HEIGHT - 4.0) text-anchor="end" { (last) } }
    }
}

/// A line chart with a dot per point; `title` names it for screen readers,
/// and the values are also given as a table by the caller.
pub fn line(title: &str, unit: &str, points: &[Point]) -> Markup {
    let max = max_of(points);
    let n = points.len();
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i, n), y(p.value, max)))
        .collect();
    let first = points.first().map(|p| p.label.as_str()).unwrap_or("");
    let last = points.last().map(|p| p.label.as_str()).unwrap_or("");
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(title)
            xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            (frame(max, unit, first, last))
            polyline.series points=(path.join(" ")) fill="none" {}
            @for (i, p) in points.iter().enumerate() {
                circle.series cx=(format!("{:.1}", x(i, n))) cy=(format!("{:.1}", y(p.value, max))) r="3" {
                    title { (p.label) ": " (format!("{:.0}", clean(p.value))) " " (unit) }
                }
            }
        }
    }
}

/// A bar chart, one bar per point.
pub fn bars(title: &str, unit: &str, points: &[Point]) -> Markup {
    let max = max_of(points);
    let n = points.len().max(1);
    let slot = (WIDTH - LEFT - RIGHT) / n as f64;
    let width = (slot * 0.7).max(1.0);
    let base = HEIGHT - BOTTOM;
    let first = points.first().map(|p| p.label.as_str()).unwrap_or("");
    let last = points.last().map(|p| p.label.as_str()).unwrap_or("");
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(title)
            xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            (frame(max, unit, first, last))
            @for (i, p) in points.iter().enumerate() {
                @let top = y(p.value, max);
                rect.bar x=(format!("{:.1}", LEFT + slot * i as f64 + (slot - width) / 2.0))
                    y=(format!("{top:.1}")) width=(format!("{width:.1}"))
                    height=(format!("{:.1}", base - top)) {
                    title { (p.label) ": " (format!("{:.0}", clean(p.value))) " " (unit) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(values: &[f64]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Point {
                label: format!("d{i}"),
                value: *v,
            })
            .collect()
    }

    #[test]
    fn line_scales_to_the_largest_value_and_escapes_labels() {
        let mut p = pts(&[10.0, 20.0, 40.0]);
        p[0].label = "<b>&".into();
        let svg = line("Hold <trend>", "s", &p).into_string();
        assert!(svg.contains("&lt;b&gt;&amp;"), "{svg}");
        assert!(svg.contains("Hold &lt;trend&gt;"));
        // The largest point sits at the top of the drawing area.
        assert!(
            svg.contains(&format!("{:.1},{:.1}", WIDTH - RIGHT, TOP)),
            "{svg}"
        );
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn bars_survive_empty_zero_and_non_finite_values() {
        let svg = bars("Load", "AU", &pts(&[0.0, f64::NAN, 5.0])).into_string();
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let empty = bars("Load", "AU", &[]).into_string();
        assert!(empty.contains("<svg"));
    }
}
