//! Movement-quality and mobility score lines, and the mobility priorities
//! they set for warm-ups and between-set drills.
//!
//! Each weak test gives its target a deficit from 0 (at the threshold) to 1
//! (as weak as it gets): toe touch short of the toes and ASLR under 70 deg
//! -> hamstrings; a failed Thomas test (0.5 per side) -> hip flexors;
//! thoracic rotation under 2/3 -> thoracic spine; knee-to-wall under 10 cm
//! -> ankles; hip hinge quality under 2/3 -> hips. Targets are ordered by
//! their largest deficit, weakest first (ties keep that order). With nothing
//! weak, or everything skipped, `default_priorities` apply, so there is
//! always at least one target. Thresholds live in `norms.toml` `[mobility]`.

use serde::Serialize;

use super::norms::MobilityRules;
use super::{Mobility, MovementQuality};
use crate::catalog::MobilityTarget;
use crate::measure::Score03;

/// One test as shown in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreLine {
    pub test: &'static str,
    /// The result in words, or "skipped".
    pub shown: String,
    /// Below its threshold.
    pub weak: bool,
}

/// A mobility target the plan favours, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub target: MobilityTarget,
    pub label: &'static str,
    /// 0-1; 0 for a default target chosen with nothing weak.
    pub deficit: f64,
    pub reason: String,
}

pub fn score_words(score: Score03) -> &'static str {
    match score.get() {
        0 => "cannot",
        1 => "poor",
        2 => "good with cues",
        _ => "clean",
    }
}

fn score03(s: Option<Score03>) -> String {
    s.map_or("skipped".to_string(), |s| {
        format!("{s}/3 ({})", score_words(s))
    })
}

fn pass(p: Option<bool>) -> &'static str {
    match p {
        Some(true) => "pass",
        Some(false) => "fail",
        None => "skipped",
    }
}

fn pair<T: std::fmt::Display>(l: Option<T>, r: Option<T>, unit: &str) -> String {
    if l.is_none() && r.is_none() {
        return "skipped".to_string();
    }
    let one = |v: Option<T>| v.map_or("skipped".to_string(), |v| format!("{v}{unit}"));
    format!("left {}, right {}", one(l), one(r))
}

pub fn movement_lines(m: &MovementQuality, rules: &MobilityRules) -> Vec<ScoreLine> {
    let weak = |s: Option<Score03>| s.is_some_and(|s| s.get() < rules.movement_weak_below_score);
    vec![
        ScoreLine {
            test: "hip hinge",
            shown: score03(m.hip_hinge),
            weak: weak(m.hip_hinge),
        },
        ScoreLine {
            test: "bird dog",
            shown: score03(m.bird_dog),
            weak: weak(m.bird_dog),
        },
        ScoreLine {
            test: "dead bug",
            shown: score03(m.dead_bug),
            weak: weak(m.dead_bug),
        },
    ]
}

/// Each weak test's (target, deficit 0-1, reason), in test order.
fn deficits(
    m: &Mobility,
    q: &MovementQuality,
    r: &MobilityRules,
) -> Vec<(MobilityTarget, f64, String)> {
    let mut out = Vec::new();
    let frac = |short: f64, scale: f64| (short / scale.max(1.0)).clamp(0.0, 1.0);
    if let Some(cm) = m.toe_touch_cm
        && cm.get() < r.toe_touch_weak_below_cm
    {
        let short = f64::from(r.toe_touch_weak_below_cm) - f64::from(cm.get());
        out.push((
            MobilityTarget::Hamstrings,
            frac(short, f64::from(r.toe_touch_full_deficit_cm)),
            format!("toe touch {cm} cm"),
        ));
    }
    if let Some(deg) = m.aslr_degrees
        && deg.get() < r.aslr_weak_below_degrees
    {
        let thr = f64::from(r.aslr_weak_below_degrees);
        out.push((
            MobilityTarget::Hamstrings,
            frac(thr - f64::from(deg.get()), thr),
            format!("active straight-leg raise {deg} deg (under {thr})"),
        ));
    }
    let fails: Vec<&str> = [("left", m.thomas_left), ("right", m.thomas_right)]
        .iter()
        .filter(|(_, p)| *p == Some(false))
        .map(|(s, _)| *s)
        .collect();
    if !fails.is_empty() {
        out.push((
            MobilityTarget::HipFlexors,
            fails.len() as f64 / 2.0,
            format!("Thomas test failed {}", fails.join(" and ")),
        ));
    }
    let thr = r.thoracic_weak_below_score;
    let low = [m.thoracic_rotation_left, m.thoracic_rotation_right]
        .into_iter()
        .flatten()
        .min();
    if let Some(s) = low
        && s.get() < thr
    {
        out.push((
            MobilityTarget::ThoracicSpine,
            frac(f64::from(thr - s.get()), f64::from(thr)),
            format!("thoracic rotation {s}/3 (under {thr})"),
        ));
    }
    let thr = r.knee_to_wall_weak_below_cm;
    let low = [m.knee_to_wall_left_cm, m.knee_to_wall_right_cm]
        .into_iter()
        .flatten()
        .min();
    if let Some(cm) = low
        && cm.get() < thr
    {
        out.push((
            MobilityTarget::Ankles,
            frac(f64::from(thr - cm.get()), f64::from(thr)),
            format!("knee-to-wall {cm} cm (under {thr})"),
        ));
    }
    let thr = r.movement_weak_below_score;
    if let Some(s) = q.hip_hinge
        && s.get() < thr
    {
        out.push((
            MobilityTarget::Hips,
            frac(f64::from(thr - s.get()), f64::from(thr)),
            format!("hip hinge {s}/3"),
        ));
    }
    out
}

pub fn mobility_lines(m: &Mobility, r: &MobilityRules) -> Vec<ScoreLine> {
    let thomas_weak = m.thomas_left == Some(false) || m.thomas_right == Some(false);
    let below = |v: Option<u8>, thr: u8| v.is_some_and(|v| v < thr);
    vec![
        ScoreLine {
            test: "toe touch",
            shown: m
                .toe_touch_cm
                .map_or("skipped".into(), |c| format!("{:+} cm", c.get())),
            weak: m
                .toe_touch_cm
                .is_some_and(|c| c.get() < r.toe_touch_weak_below_cm),
        },
        ScoreLine {
            test: "active straight-leg raise",
            shown: m
                .aslr_degrees
                .map_or("skipped".into(), |d| format!("{d} deg")),
            weak: below(m.aslr_degrees.map(|d| d.get()), r.aslr_weak_below_degrees),
        },
        ScoreLine {
            test: "Thomas test",
            shown: if m.thomas_left.is_none() && m.thomas_right.is_none() {
                "skipped".into()
            } else {
                format!(
                    "left {}, right {}",
                    pass(m.thomas_left),
                    pass(m.thomas_right)
                )
            },
            weak: thomas_weak,
        },
        ScoreLine {
            test: "thoracic rotation",
            shown: pair(m.thoracic_rotation_left, m.thoracic_rotation_right, "/3"),
            weak: below(
                m.thoracic_rotation_left.map(|s| s.get()),
                r.thoracic_weak_below_score,
            ) || below(
                m.thoracic_rotation_right.map(|s| s.get()),
                r.thoracic_weak_below_score,
            ),
        },
        ScoreLine {
            test: "knee-to-wall",
            shown: pair(m.knee_to_wall_left_cm, m.knee_to_wall_right_cm, " cm"),
            weak: below(
                m.knee_to_wall_left_cm.map(|c| c.get()),
                r.knee_to_wall_weak_below_cm,
            ) || below(
                m.knee_to_wall_right_cm.map(|c| c.get()),
                r.knee_to_wall_weak_below_cm,
            ),
        },
    ]
}

pub fn priorities(m: &Mobility, q: &MovementQuality, r: &MobilityRules) -> Vec<Priority> {
    let mut out: Vec<Priority> = Vec::new();
    for (target, deficit, reason) in deficits(m, q, r) {
        match out.iter_mut().find(|p| p.target == target) {
            Some(p) => {
                p.deficit = p.deficit.max(deficit);
                p.reason = format!("{}; {reason}", p.reason);
            }
            None => out.push(Priority {
                target,
                label: target.label(),
                deficit,
                reason,
            }),
        }
    }
    // Stable: equal deficits keep test order.
    out.sort_by(|a, b| b.deficit.total_cmp(&a.deficit));
    if out.is_empty() {
        out = r
            .default_priorities
            .iter()
            .map(|&target| Priority {
                target,
                label: target.label(),
                deficit: 0.0,
                reason: "no mobility test was weak (or all were skipped): general work".to_string(),
            })
            .collect();
    }
    out
}
