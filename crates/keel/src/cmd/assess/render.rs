//! Terminal output for an assessment report, a retest comparison and the
//! assessment history. Plain aligned text; no colour.

use keel_core::assessment::{
    AssessmentReport, HoldResult, Norms, RatioKind, RetestComparison, ratios_of,
};
use keel_core::profile::Sex;
use keel_store::StoredAssessment;

fn sex_word(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "men",
        Sex::Female => "women",
    }
}

fn hold_line(h: &HoldResult) -> String {
    let secs = h
        .seconds
        .map_or("skipped".to_string(), |s| format!("{s} s"));
    let norms: Vec<String> = h
        .norms
        .iter()
        .map(|n| {
            let sd = n
                .norm_sd_seconds
                .map_or(String::new(), |sd| format!(" +/- {sd}"));
            let pct = n
                .percent_of_norm
                .map_or(String::new(), |p| format!(" = {p} %"));
            format!("{} s{sd} {}{pct}", n.norm_seconds, sex_word(n.sex))
        })
        .collect();
    format!("  {:<26} {:>8}   norm {}", h.label, secs, norms.join(" | "))
}

fn ratio_value(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:.2}"))
}

/// Prints the report, and the comparison with the previous assessment on a retest.
pub fn print_report(report: &AssessmentReport, comparison: Option<&RetestComparison>) {
    let norms_for = match report.sex {
        Some(sex) => format!("norms for {}", sex_word(sex)),
        None => "sex not given: norms for men and women".to_string(),
    };
    println!("Assessment {} ({norms_for})", report.date);
    println!();
    println!("Endurance holds (percent of the norm's mean)");
    for h in &report.holds {
        println!("{}", hold_line(h));
    }

    println!();
    println!("Ratios");
    for r in &report.ratios {
        let status = match (r.value, r.flagged) {
            (_, true) => "FLAGGED",
            (None, false) => "-",
            (Some(_), false) => "ok",
        };
        println!(
            "  {:<24} {:>5}  healthy {:<13} {:<8} {}",
            r.label,
            ratio_value(r.value),
            r.healthy,
            status,
            r.meaning
        );
    }

    println!();
    println!("Biering-Sorensen (information, not a diagnosis)");
    println!("  {}", report.sorensen.text);

    println!();
    println!("Movement quality (0 cannot, 1 poor, 2 good with cues, 3 clean)");
    for l in &report.movement {
        let weak = if l.weak { "  (weak)" } else { "" };
        println!("  {:<26} {}{weak}", l.test, l.shown);
    }
    println!();
    println!("Mobility");
    for l in &report.mobility {
        let weak = if l.weak { "  (weak)" } else { "" };
        println!("  {:<26} {}{weak}", l.test, l.shown);
    }

    println!();
    println!("Mobility priorities (warm-ups and between-set drills favour these)");
    for (i, p) in report.mobility_priorities.iter().enumerate() {
        println!("  {}. {}: {}", i + 1, p.label, p.reason);
    }

    println!();
    println!("Imbalances the plan works on");
    if report.imbalances.is_empty() {
        println!("  none");
    }
    for i in &report.imbalances {
        println!("  - {}", i.meaning);
    }

    println!();
    println!("Starting levels (1-5)");
    for d in &report.starting_levels {
        println!("  {:<26} level {}   {}", d.label, d.level, d.reason);
    }
    if let Some(p) = report.pain_now {
        println!("  (pain now: {p}/10)");
    }

    if let Some(c) = comparison {
        println!();
        print_comparison(c);
    }

    println!();
    println!("Sources");
    for s in &report.sources {
        println!("  - {s}");
    }
}

pub fn print_comparison(c: &RetestComparison) {
    println!(
        "Retest compared with {} (changes under {} s are within measurement error; {})",
        c.previous_date, c.band_seconds, c.band_source
    );
    for h in &c.holds {
        let show = |s: Option<keel_core::measure::Seconds>| {
            s.map_or("-".to_string(), |s| format!("{s} s"))
        };
        println!(
            "  {:<26} {:>6} -> {:<6}  {}",
            h.label,
            show(h.before),
            show(h.after),
            h.summary
        );
    }
    println!("  ratios, before -> after");
    for r in &c.ratios {
        let flag = |f: bool| if f { " (flagged)" } else { "" };
        println!(
            "  {:<26} {:>6}{} -> {}{}",
            r.label,
            ratio_value(r.before),
            flag(r.before_flagged),
            ratio_value(r.after),
            flag(r.after_flagged)
        );
    }
}

/// One row per stored assessment: the holds and the three ratios over time.
pub fn print_history(stored: &[StoredAssessment]) {
    if stored.is_empty() {
        println!("No assessments yet. Run `keel assess`.");
        return;
    }
    let norms = Norms::builtin();
    println!(
        "{:<10}  {:>5} {:>5} {:>5} {:>5} {:>5}  {:>7} {:>7} {:>7}",
        "date", "ext", "flex", "SB R", "SB L", "plank", "F/E", "R/L", "SB/E"
    );
    for a in stored {
        let h = &a.input.holds;
        let s =
            |v: Option<keel_core::measure::Seconds>| v.map_or("-".to_string(), |v| v.to_string());
        let ratios = ratios_of(&a.input.holds, norms);
        let r = |k: RatioKind| {
            ratios
                .iter()
                .find(|r| r.ratio == k)
                .map_or("-".to_string(), |r| {
                    format!(
                        "{}{}",
                        ratio_value(r.value),
                        if r.flagged { "*" } else { "" }
                    )
                })
        };
        println!(
            "{:<10}  {:>5} {:>5} {:>5} {:>5} {:>5}  {:>7} {:>7} {:>7}",
            a.input.date.to_string(),
            s(h.extensor),
            s(h.flexor),
            s(h.side_bridge_right),
            s(h.side_bridge_left),
            s(h.prone_plank),
            r(RatioKind::FlexionExtension),
            r(RatioKind::RightLeftSideBridge),
            r(RatioKind::SideBridgeExtension)
        );
    }
    println!("Holds in seconds; * = outside the healthy range.");
}
