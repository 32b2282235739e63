//! Every plain-language sentence the engine writes, in one place, so the
//! wording stays consistent and testable.

use super::decision::{Change, StopCause};
use super::log::{Amount, Exposure, ExposureKind, MorningCheck, SetLog};
use super::readiness::SessionAdjustment;
use super::settings::EngineSettings;
use crate::assessment::Side;
use crate::program::{Load, Prescription};
use crate::redflag::RedFlag;
use crate::units::Units;

/// A load in the athlete's unit: "bodyweight", "16 kg", "35 lb".
pub(crate) fn load_text(load: Load, units: Units) -> String {
    match load {
        Load::Bodyweight => "bodyweight".to_string(),
        Load::ChooseForRpe => "a load chosen for the target RPE".to_string(),
        Load::Kg { kg } => units.show(kg),
    }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        n => format!("{n}th"),
    }
}

fn set_faults(index: usize, set: &SetLog) -> String {
    let names: Vec<&str> = set.faults.iter().map(|f| f.label()).collect();
    format!("set {}: {}", index + 1, names.join(", "))
}

fn faulted_list(exposure: &Exposure) -> String {
    exposure
        .sets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.faulted())
        .map(|(i, s)| set_faults(i, s))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The noun for a prescription's time: holds hold, carries and drills take time.
pub(crate) fn seconds_noun(p: &Prescription) -> &'static str {
    match p {
        Prescription::Hold { .. } => "Hold",
        _ => "Time",
    }
}

pub(crate) fn change_text(change: &Change, p: &Prescription, units: Units) -> String {
    match change {
        Change::Seconds { from, to } => format!("{} {} s -> {} s", seconds_noun(p), from, to),
        Change::Load { from, to } => format!(
            "Load {} -> {}",
            load_text(*from, units),
            load_text(*to, units)
        ),
        Change::Metres { from, to } => format!("Carry {from} m -> {to} m"),
        Change::Reps { from, to } => {
            format!("Reps {}-{} -> {}-{}", from.0, from.1, to.0, to.1)
        }
        Change::Sets { from, to } => format!("Sets {from} -> {to}"),
        Change::Holds { from, to } => format!(
            "Holds per set {} -> {} (of {} s each)",
            pyramid_text(from),
            pyramid_text(to),
            super::prescribe::seconds_of(p).unwrap_or(0)
        ),
        Change::Variant { from, to } => format!("Variant {from} -> {to}"),
    }
}

/// "all 3 sets done at RPE 6, no faults, second exposure in a row."
pub(crate) fn evidence(exposure: &Exposure, streak: usize) -> String {
    format!(
        "{}, {} exposure in a row.",
        done_well(exposure),
        ordinal(streak)
    )
}

/// Met at the last exposure of the stagnation window: it progresses now.
pub(crate) fn evidence_at_window_end(exposure: &Exposure, window: u8) -> String {
    format!(
        "{}, the {} exposure at this prescription: the most the stagnation window \
         allows without a change.",
        done_well(exposure),
        ordinal(usize::from(window))
    )
}

/// "all 3 sets done at RPE 6, no faults".
fn done_well(exposure: &Exposure) -> String {
    let rpes: Vec<u8> = exposure
        .sets
        .iter()
        .filter_map(|s| s.rpe.map(|r| r.get()))
        .collect();
    let rpe = match (rpes.iter().min(), rpes.iter().max()) {
        (Some(lo), Some(hi)) if lo == hi => format!(" at RPE {hi}"),
        (Some(lo), Some(hi)) => format!(" at RPE {lo}-{hi}"),
        _ => String::new(),
    };
    let sets = match exposure.sets.len() {
        1 => "the set done".to_string(),
        n => format!("all {n} sets done"),
    };
    format!("{sets}{rpe}, no faults")
}

pub(crate) fn progressed(
    change: &Change,
    p: &Prescription,
    units: Units,
    evidence: &str,
) -> String {
    format!("{}: {evidence}", change_text(change, p, units))
}

pub(crate) fn progressed_capped(
    change: &Change,
    p: &Prescription,
    settings: &EngineSettings,
    evidence: &str,
) -> String {
    format!(
        "{} (kept within +{} s a week): {evidence}",
        change_text(change, p, settings.units),
        settings.weekly_hold_cap_seconds
    )
}

pub(crate) fn ceiling_variant(
    ceiling: u16,
    to_name: &str,
    reset: u16,
    percent: u8,
    evidence: &str,
) -> String {
    format!(
        "At the {ceiling} s ceiling: move to the harder variant, {to_name}, \
         with the hold reset to {reset} s (about {percent} %): {evidence}"
    )
}

pub(crate) fn ceiling_load(
    what: &str,
    ceiling_text: &str,
    from: Load,
    to: Load,
    units: Units,
    reset_text: &str,
    evidence: &str,
) -> String {
    format!(
        "{what} at the {ceiling_text} ceiling: load {} -> {}, {reset_text}: {evidence}",
        load_text(from, units),
        load_text(to, units)
    )
}

pub(crate) fn load_up(from: Load, to: Load, units: Units, reps_min: u8, evidence: &str) -> String {
    format!(
        "Load {} -> {}, reps back to {reps_min}: {evidence}",
        load_text(from, units),
        load_text(to, units)
    )
}

pub(crate) fn large_step(settings: &EngineSettings) -> String {
    format!(
        "The smallest load step you own ({}) is more than {} % of this load; \
         a smaller step would be gentler.",
        settings.units.show(settings.load_step_kg()),
        settings.load_step_max_percent
    )
}

pub(crate) fn harder_variant(to_name: &str, evidence: &str) -> String {
    format!("Move to the harder variant, {to_name}: {evidence}")
}

pub(crate) fn maintain_at_ceiling(ceiling_text: &str) -> String {
    format!(
        "At the {ceiling_text} ceiling with no harder variant or load available: \
         repeat and keep the quality."
    )
}

pub(crate) fn maintain_top_of_range(reps_max: u8) -> String {
    format!(
        "Top of the range ({reps_max} reps) with no load or harder variant available: \
         repeat and keep the quality."
    )
}

pub(crate) fn weekly_cap_reached(cap: u16) -> String {
    format!(
        "Every target met, but the hold already rose {cap} s within the last 7 days \
         (most +{cap} s a week): repeat."
    )
}

pub(crate) fn load_unknown() -> String {
    "Every target met, but no load was logged: log the load you used so the next step can be set."
        .to_string()
}

pub(crate) fn learned_load(to: Load, units: Units) -> String {
    format!(
        "Load set to {}, the load you chose for the target RPE.",
        load_text(to, units)
    )
}

pub(crate) fn streak_building(streak: usize, needed: u8) -> String {
    format!(
        "Repeat: every target met, {} exposure in a row; progression needs {needed} in a row.",
        ordinal(streak)
    )
}

pub(crate) fn missed(misses: &[String]) -> String {
    format!(
        "Repeat, no progression: not every target was met ({}).",
        misses.join("; ")
    )
}

pub(crate) fn deload_week_pending(streak: usize) -> String {
    format!(
        "Every target met, {} exposure in a row, but no increase on a deload week; \
         progression resumes after it.",
        ordinal(streak)
    )
}

pub(crate) fn resume(kind: ExposureKind) -> String {
    match kind {
        ExposureKind::Deload => {
            "Back from the deload: resume the working prescription.".to_string()
        }
        ExposureKind::Reduced | ExposureKind::Normal => {
            "Last time was a reduced session: repeat the full prescription.".to_string()
        }
    }
}

pub(crate) fn one_fault(exposure: &Exposure) -> String {
    format!(
        "One faulted set ({}): repeat the prescription next time, no progression.",
        faulted_list(exposure)
    )
}

pub(crate) fn faults_regress(exposure: &Exposure, two_in_a_row: bool) -> String {
    if two_in_a_row && exposure.faulted_sets() < 2 {
        format!(
            "Faults on two exposures in a row (today {}): regress.",
            faulted_list(exposure)
        )
    } else {
        format!(
            "Faults on {} sets ({}): regress.",
            exposure.faulted_sets(),
            faulted_list(exposure)
        )
    }
}

pub(crate) fn amber(pain: u8, settings: &EngineSettings) -> String {
    format!(
        "Pain {pain}/10 during the exercise (amber, {}-{}): carry on, but no progression.",
        settings.pain_green_max + 1,
        settings.pain_amber_max
    )
}

pub(crate) fn stopped(cause: StopCause, set: Option<usize>, settings: &EngineSettings) -> String {
    let on_set = set
        .map(|i| format!(" on set {}", i + 1))
        .unwrap_or_default();
    match cause {
        StopCause::SharpPain => {
            format!("Sharp pain{on_set}: exercise stopped. Regress it and revisit the technique.")
        }
        StopCause::RedPain { pain } => format!(
            "Pain {pain}/10{on_set} is in the red (above {}): exercise stopped; regress next time.",
            settings.pain_amber_max
        ),
    }
}

pub(crate) fn regressed(change: &Change, p: &Prescription, settings: &EngineSettings) -> String {
    format!(
        "Next time: {} (about {} % less).",
        change_text(change, p, settings.units),
        settings.regress_percent
    )
}

pub(crate) fn fewer_sets(from: u8, to: u8) -> String {
    format!("Next time: one set fewer, {from} -> {to}, at the floor of time and load.")
}

pub(crate) fn swap_easier(to_name: &str) -> String {
    format!(
        "Next time: the easier variant, {to_name}, since time and load are already at their floor."
    )
}

pub(crate) fn at_easiest() -> String {
    "Already at the easiest form and the floor of time and load: repeat, focus on technique."
        .to_string()
}

pub(crate) fn technique() -> String {
    "Revisit the technique cues before the next set.".to_string()
}

pub(crate) fn morning_blocks_progress() -> String {
    "The next-morning check-in says to hold back: no progression.".to_string()
}

pub(crate) fn rotate(stagnation: u8, to_name: &str) -> String {
    format!(
        "No progress over {stagnation} exposures at this prescription: \
         rotate to {to_name} (same pattern and level)."
    )
}

pub(crate) fn no_increase_in_deload() -> String {
    "No increase of any kind while a reactive deload runs.".to_string()
}

pub(crate) fn reactive_deload_runs(until: jiff::civil::Date) -> String {
    format!(
        "A reactive deload for soreness runs until {until} (exclusive): every exercise is deloaded."
    )
}

pub(crate) fn regressed_from_held(held: u16, prescribed: u16) -> String {
    format!(
        "The step down starts from what you held (about {held} s a set), not from the {prescribed} s asked."
    )
}

pub(crate) fn stuck(stagnation: u8) -> String {
    format!(
        "Every target met, but the same prescription {stagnation} times with nothing left to \
         raise: it changes now."
    )
}

pub(crate) fn stagnation_deload(stagnation: u8) -> String {
    format!(
        "No progress over {stagnation} exposures at this prescription and no variant to rotate to: deload."
    )
}

pub(crate) fn scheduled_deload(settings: &EngineSettings) -> String {
    format!(
        "Deload week: volume cut by about {} %, fewer sets, every movement kept; loaded drills keep about {} % of their load.",
        settings.deload_cut_percent, settings.deload_load_share_percent
    )
}

pub(crate) fn reduced_next(percent: u8) -> String {
    format!("Next session reduced by about {percent} %.")
}

pub(crate) fn drill_not_progressed() -> String {
    "Mobility and activation drills are not progressed: repeat.".to_string()
}

pub(crate) fn halt(flags: &[RedFlag]) -> String {
    let questions: Vec<&str> = flags.iter().map(|f| f.question()).collect();
    format!(
        "Red flag reported with pain ({}): the program is halted. See a clinician; \
         it resumes only by an explicit, recorded decision.",
        questions.join(" ")
    )
}

pub(crate) fn readiness(
    sum: u8,
    poor: &[&str],
    adjustment: SessionAdjustment,
    settings: &EngineSettings,
) -> String {
    let poor_text = if poor.is_empty() {
        String::new()
    } else {
        format!(", poor {}", poor.join(" and "))
    };
    match adjustment {
        SessionAdjustment::Proceed => format!(
            "Readiness {sum}/28 (lower is better; volume is cut from {}): train as planned.",
            settings.readiness_cut_sum
        ),
        SessionAdjustment::CutVolume { percent } => format!(
            "Readiness {sum}/28 (lower is better){poor_text}: cut today's volume by about {percent} %."
        ),
        SessionAdjustment::LightSession => format!(
            "Readiness {sum}/28 (lower is better; light session from {}){poor_text}: \
             do the light activation session instead.",
            settings.readiness_light_sum
        ),
    }
}

pub(crate) fn morning_none() -> String {
    "No next-morning check-in yet: train as planned.".to_string()
}

pub(crate) fn morning_fine() -> String {
    "Next morning back to usual: train as planned.".to_string()
}

pub(crate) fn morning_not_usual(check: &MorningCheck, settings: &EngineSettings) -> String {
    let what = match (check.pain_back_to_usual, check.stiffness_back_to_usual) {
        (false, false) => "pain and stiffness",
        (false, true) => "pain",
        _ => "stiffness",
    };
    format!(
        "Next morning {what} not back to usual: reduce the next session by about {} %, no progression.",
        settings.morning_reduce_percent
    )
}

pub(crate) fn soreness_lasting(days: u8, settings: &EngineSettings) -> String {
    format!(
        "Soreness of {}/10 or more for {days} mornings in a row (beyond 48-72 h): deload.",
        settings.soreness_threshold
    )
}

pub(crate) fn soreness_rising(before: f32, now: f32) -> String {
    format!("Soreness rising week to week (average {before:.1} -> {now:.1}/10): deload.")
}

/// A missed target on one set, for [`missed`].
pub(crate) fn miss_target(index: usize, set: &SetLog, top_reps: Option<u8>) -> String {
    match top_reps {
        Some(top) => format!(
            "set {}: {} reps, the top of the range is {top}",
            index + 1,
            set.actual.value()
        ),
        None => format!(
            "set {}: {} of {}",
            index + 1,
            amount_text(set.actual),
            amount_text(set.target)
        ),
    }
}

/// One side of a per-side set short of its target: "set 2: left held 20 s of 30 s".
pub(crate) fn miss_side(index: usize, side: Side, got: Amount, target: Amount) -> String {
    format!(
        "set {}: {} {} {} of {}",
        index + 1,
        side.label(),
        side_verb(got),
        amount_text(got),
        amount_text(target)
    )
}

fn side_verb(amount: Amount) -> &'static str {
    match amount {
        Amount::Seconds(_) => "held",
        Amount::Reps(_) => "did",
        Amount::Metres(_) => "carried",
    }
}

/// The weaker side's shortfalls (set index, what it got, the target) while
/// the imbalance is flagged (docs/method.md §5.8).
pub(crate) fn weak_side_short(side: Side, short: &[(usize, Amount, Amount)]) -> String {
    let sets: Vec<String> = short
        .iter()
        .map(|(i, got, target)| {
            format!(
                "set {}: {} {} {} of {}",
                i + 1,
                side.label(),
                side_verb(*got),
                amount_text(*got),
                amount_text(*target)
            )
        })
        .collect();
    let name = side.label();
    let mut chars = name.chars();
    let title = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    format!(
        "{title} side fell short ({}). It is the weaker side the assessment flagged: it keeps \
         its extra set, and its shortfall does not hold back the other side (docs/method.md \
         §5.8).",
        sets.join("; ")
    )
}

fn amount_text(amount: super::log::Amount) -> String {
    match amount {
        super::log::Amount::Seconds(s) => format!("{s} s"),
        super::log::Amount::Reps(r) => format!("{r} reps"),
        super::log::Amount::Metres(m) => format!("{m} m"),
    }
}

pub(crate) fn miss_sets(done: usize, prescribed: u8) -> String {
    format!("{done} of {prescribed} sets done")
}

pub(crate) fn miss_rpe(index: usize, rpe: u8, target: u8) -> String {
    format!("set {} at RPE {rpe}, above the target {target}", index + 1)
}

pub(crate) fn miss_no_rpe(index: usize) -> String {
    format!("set {}: no RPE logged", index + 1)
}

pub(crate) fn miss_session_rpe(rpe: u8, target: u8) -> String {
    format!("session RPE {rpe}, above the target {target}")
}

pub(crate) fn miss_fault(index: usize, set: &SetLog) -> String {
    set_faults(index, set)
}

pub(crate) fn miss_pain(index: usize, pain: u8) -> String {
    format!("set {}: pain {pain}/10", index + 1)
}

pub(crate) fn seconds_text(seconds: u16) -> String {
    format!("{seconds} s")
}

pub(crate) fn metres_text(metres: u16) -> String {
    format!("{metres} m")
}

pub(crate) fn reset_text(what: &str, to: &str) -> String {
    format!("{what} reset to {to}")
}

/// "5-3-1".
pub fn pyramid_text(pyramid: &[u8]) -> String {
    pyramid
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join("-")
}

/// A pyramid at its most holds is kept as it is.
pub(crate) fn pyramid_at_top(pyramid: &[u8]) -> String {
    format!(
        "Pyramid {} is at its most holds ({} in the first set): kept; the hold lengthens in the next phase",
        pyramid_text(pyramid),
        crate::program::PYRAMID_MOST_HOLDS
    )
}

// The athlete's own equipment (docs/method.md §5.9).

/// How much heavier (or lighter) `to` is than `from`, whole percent.
pub(crate) fn percent_between(from: f32, to: f32) -> u32 {
    if from <= 0.0 {
        return 0;
    }
    // A share of two loads of at most 1000 kg: small and finite.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (((to - from).abs() / from) * 100.0).round() as u32;
    percent
}

fn buy_clause(buy: Option<&str>) -> String {
    buy.map(|b| format!("; {b} would be the next step"))
        .unwrap_or_default()
}

/// Why the reps rose instead of the load.
pub(crate) fn reps_before_load(
    from: Load,
    next: Option<Load>,
    percent: u32,
    buy: Option<&str>,
    settings: &EngineSettings,
) -> String {
    match next {
        Some(next) => format!(
            "The next load you own, {}, is {percent} % heavier than {} (more than {} %): \
             more reps first, the load rises once the range tops out.",
            load_text(next, settings.units),
            load_text(from, settings.units),
            settings.load_step_max_percent
        ),
        None => format!(
            "{} is the heaviest load you own for this{}: more reps first.",
            load_text(from, settings.units),
            buy_clause(buy)
        ),
    }
}

/// A step past `load_step_max_percent` taken because the reps are at their ceiling.
pub(crate) fn large_step_owned(
    to: Load,
    percent: u32,
    reps: bool,
    settings: &EngineSettings,
) -> String {
    let why = if reps {
        format!("the reps are at their ceiling ({})", settings.reps_ceiling)
    } else {
        "the reset above eases it".to_string()
    };
    format!(
        "The next load you own, {}, is {percent} % heavier (more than {} %), and {why}: \
         the step is taken; a load in between would be gentler.",
        load_text(to, settings.units),
        settings.load_step_max_percent,
    )
}

/// At the heaviest load owned with nothing else to raise.
pub(crate) fn heaviest_owned(from: Load, buy: Option<&str>, units: Units) -> String {
    format!(
        "Every target met at {}, the heaviest load you own for this{}: repeat and keep the quality.",
        load_text(from, units),
        buy_clause(buy)
    )
}

/// A loadable exercise nothing owned can load.
pub(crate) fn nothing_to_load(buy: &str) -> String {
    format!("Nothing in your equipment loads this exercise: {buy} would give it set steps.")
}

/// A load regression onto a load the athlete owns, in the band.
pub(crate) fn load_regressed(
    from: Load,
    to: Load,
    percent: u32,
    band: (u8, u8),
    units: Units,
) -> String {
    format!(
        "Next time: Load {} -> {} ({percent} % less, a load you own in the {}-{} % band).",
        load_text(from, units),
        load_text(to, units),
        band.0,
        band.1
    )
}

/// No owned load lands in the regression band: the load stays and something else gives.
pub(crate) fn no_load_in_band(
    from: Load,
    lighter: Load,
    percent: u32,
    band: (u8, u8),
    units: Units,
) -> String {
    format!(
        "No load you own is {}-{} % under {} (the next lighter, {}, is {percent} % less): \
         the load stays and the step down is made another way.",
        band.0,
        band.1,
        load_text(from, units),
        load_text(lighter, units)
    )
}

/// A load logged or carried over that the athlete's equipment cannot make.
pub(crate) fn snapped_to_owned(from: Load, to: Load, units: Units) -> String {
    format!(
        "{} is not a load your equipment makes: {} instead (change your equipment in the \
         profile if you own it).",
        load_text(from, units),
        load_text(to, units)
    )
}
