//! SVG charts: accessible, escaped, deterministic, self-contained, and
//! drawn where the values say.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use keel_io::charts::{Band, Bar, BarSpec, ChartSpec, Reference, bar_chart, escape, line_chart};

fn spec() -> ChartSpec {
    ChartSpec::single(
        "Prone plank <best> & \"hold\"",
        "best hold",
        vec![(0.0, 10.0), (2.0, 20.0), (4.0, 40.0)],
    )
}

#[test]
fn escape_covers_the_five_characters() {
    assert_eq!(
        escape("<a href=\"x\">'&'</a>"),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn line_chart_is_accessible_escaped_and_self_contained() {
    let svg = line_chart(&spec());
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.ends_with("</svg>"), "{svg}");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-label=\"Prone plank &lt;best&gt; &amp; &quot;hold&quot;\""));
    assert!(svg.contains("<title>Prone plank &lt;best&gt; &amp; &quot;hold&quot;</title>"));
    assert!(!svg.contains("<best>"));
    assert!(!svg.contains("http"));
    assert!(!svg.contains("<script"));
    // Deterministic.
    assert_eq!(svg, line_chart(&spec()));
}

#[test]
fn line_points_follow_the_values() {
    let svg = line_chart(&spec());
    let points = svg
        .split("points=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let xy: Vec<(f64, f64)> = points
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(xy.len(), 3);
    // Left to right, and higher values sit higher (smaller y).
    assert!(xy[0].0 < xy[1].0 && xy[1].0 < xy[2].0);
    assert!(xy[0].1 > xy[1].1 && xy[1].1 > xy[2].1);
    // Evenly spaced x values are evenly spaced.
    assert!(((xy[1].0 - xy[0].0) - (xy[2].0 - xy[1].0)).abs() < 0.2);
}

#[test]
fn band_and_reference_are_drawn() {
    let mut s = spec();
    s.band = Some(Band {
        label: "80 % band".to_string(),
        points: vec![(0.0, 5.0, 15.0), (4.0, 30.0, 50.0)],
    });
    s.reference = Some(Reference {
        y: 45.0,
        label: "target 45 s".to_string(),
    });
    let svg = line_chart(&s);
    assert!(svg.contains("<polygon class=\"band\""), "{svg}");
    assert!(svg.contains("<title>80 % band</title>"));
    assert!(svg.contains("class=\"reference\""));
    assert!(svg.contains("target 45 s"));
}

#[test]
fn empty_and_non_finite_input_says_no_data() {
    let svg = line_chart(&ChartSpec::single("t", "l", vec![(f64::NAN, 1.0)]));
    assert!(svg.contains("no data yet"), "{svg}");
    assert!(!svg.contains("NaN"));
    let svg = bar_chart(&BarSpec {
        title: "t".to_string(),
        width: 100,
        height: 50,
        bars: vec![],
        reference: None,
        y_unit: String::new(),
    });
    assert!(svg.contains("no data yet"));
}

#[test]
fn bar_chart_heights_follow_values_and_highlights_show() {
    let svg = bar_chart(&BarSpec {
        title: "Weekly load".to_string(),
        width: 400,
        height: 150,
        bars: vec![
            Bar {
                label: "w1".to_string(),
                value: 100.0,
                highlight: false,
            },
            Bar {
                label: "w2 <x>".to_string(),
                value: 200.0,
                highlight: true,
            },
        ],
        reference: Some(Reference {
            y: 150.0,
            label: "cap".to_string(),
        }),
        y_unit: String::new(),
    });
    let heights: Vec<f64> = svg
        .split("<rect ")
        .skip(1)
        .map(|r| {
            let h = r.split("height=\"").nth(1).unwrap();
            h.split('"').next().unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(heights.len(), 2);
    assert!((heights[1] / heights[0] - 2.0).abs() < 0.02, "{heights:?}");
    assert!(svg.contains("#b5532a"), "highlighted bar");
    assert!(svg.contains("<title>w2 &lt;x&gt;: 200</title>"), "{svg}");
    assert!(svg.contains("role=\"img\""));
}

#[test]
fn the_axis_top_is_a_round_number_at_or_above_the_highest_value() {
    let svg = line_chart(&ChartSpec::single("t", "l", vec![(0.0, 10.0), (1.0, 31.5)]));
    assert!(svg.contains(">40</text>"), "{svg}");
    let svg = line_chart(&ChartSpec::single("t", "l", vec![(0.0, 10.0), (1.0, 40.0)]));
    assert!(svg.contains(">40</text>"), "{svg}");
}
