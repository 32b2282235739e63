//! What the athlete logs: per set, per exposure of a slot, each next morning
//! and before a session (docs/method.md §7.1). Plain values the CLI fills in
//! and stores as JSON; the engine only reads them.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::assessment::Side;
use crate::catalog::ExerciseId;
use crate::error::InputError;
use crate::measure::{Pain, Readiness, Rpe, Seconds};
use crate::program::{Load, Prescription};

/// A form fault seen on a set (docs/method.md §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FormFault {
    PelvisShift,
    RibFlare,
    /// Breath holding or loss of the brace.
    BreathingCompromised,
    LumbarRounding,
    /// The set ended before its target because form or effort gave out.
    EarlyTermination,
}

impl FormFault {
    pub const ALL: [FormFault; 5] = [
        FormFault::PelvisShift,
        FormFault::RibFlare,
        FormFault::BreathingCompromised,
        FormFault::LumbarRounding,
        FormFault::EarlyTermination,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FormFault::PelvisShift => "pelvis shift",
            FormFault::RibFlare => "rib flare",
            FormFault::BreathingCompromised => "compromised breathing",
            FormFault::LumbarRounding => "lumbar rounding",
            FormFault::EarlyTermination => "early termination",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            FormFault::PelvisShift => "pelvis-shift",
            FormFault::RibFlare => "rib-flare",
            FormFault::BreathingCompromised => "breathing-compromised",
            FormFault::LumbarRounding => "lumbar-rounding",
            FormFault::EarlyTermination => "early-termination",
        }
    }

    pub fn parse(text: &str) -> Result<FormFault, InputError> {
        FormFault::ALL
            .into_iter()
            .find(|f| f.slug() == text.trim())
            .ok_or_else(|| {
                let names: Vec<_> = FormFault::ALL.iter().map(|f| f.slug()).collect();
                InputError::new(
                    "fault",
                    format!(
                        "unknown fault {text:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for FormFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How much work a set asked for or got. A set's target and actual are the
/// same kind; [`Exposure::check`] rejects a mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Amount {
    /// A hold or a timed carry.
    Seconds(Seconds),
    /// Reps; for a rep range the target is the top of the range.
    Reps(u8),
    /// A carry or drag by distance.
    Metres(u16),
}

/// The amount a prescription asks of one set (the top of a rep range).
pub fn target_of(p: &Prescription) -> Amount {
    match p {
        Prescription::Hold { seconds, .. } => Amount::Seconds(*seconds),
        Prescription::Reps { reps_max, .. } => Amount::Reps(*reps_max),
        Prescription::Carry {
            metres: Some(m), ..
        } => Amount::Metres(*m),
        Prescription::Carry { seconds, .. } => Amount::Seconds(seconds.unwrap_or(Seconds::ZERO)),
        Prescription::Drill { reps: Some(r), .. } => Amount::Reps(*r),
        Prescription::Drill { seconds, .. } => Amount::Seconds(seconds.unwrap_or(Seconds::ZERO)),
    }
}

impl Amount {
    /// Same kind of work as `other`.
    pub fn same_kind(self, other: Amount) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// The amount as a plain number, for comparisons within one kind.
    pub fn value(self) -> u32 {
        match self {
            Amount::Seconds(s) => u32::from(s.get()),
            Amount::Reps(r) => u32::from(r),
            Amount::Metres(m) => u32::from(m),
        }
    }
}

/// What each side got in one set of a per-side exercise (docs/method.md
/// §5.8). A set done on both sides has both; the extra set on the weaker
/// side has only that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideResults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<Amount>,
}

impl SideResults {
    /// What `side` got, when it was done in this set.
    pub fn get(&self, side: Side) -> Option<Amount> {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }

    /// The sides done, right first (the order they are done in).
    pub fn done(&self) -> Vec<(Side, Amount)> {
        [Side::Right, Side::Left]
            .into_iter()
            .filter_map(|side| self.get(side).map(|a| (side, a)))
            .collect()
    }

    /// The weaker side's amount: what the set's `actual` records, so every
    /// reader of `actual` stays conservative. `None` when no side was done.
    pub fn weaker(&self) -> Option<Amount> {
        self.done()
            .into_iter()
            .map(|(_, a)| a)
            .min_by_key(|a| a.value())
    }
}

/// One logged set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetLog {
    pub target: Amount,
    /// For a per-side set, the weaker side's (see [`SetLog::sides`]).
    pub actual: Amount,
    /// Each side's result, for a per-side exercise logged side by side;
    /// `None` for a bilateral set or one logged as a single number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sides: Option<SideResults>,
    /// The load actually used.
    pub load: Load,
    pub rpe: Option<Rpe>,
    /// Reps done without a fault, for rep sets.
    #[serde(default)]
    pub quality_reps: Option<u8>,
    #[serde(default)]
    pub faults: Vec<FormFault>,
    /// Pain during the set, 0-10.
    pub pain: Pain,
    /// Sharp pain: the exercise stops at once.
    #[serde(default)]
    pub sharp_pain: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl SetLog {
    pub fn reached_target(&self) -> bool {
        self.actual.value() >= self.target.value()
    }

    pub fn faulted(&self) -> bool {
        !self.faults.is_empty()
    }

    /// The sides that fell short of the target in this set, with what each got.
    pub fn sides_short(&self) -> Vec<(Side, Amount)> {
        self.sides
            .map(|s| s.done())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, a)| a.value() < self.target.value())
            .collect()
    }
}

/// Under what conditions an exposure was done. Only normal exposures count
/// towards 2-for-2 and stagnation; faults and pain count from every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExposureKind {
    #[default]
    Normal,
    /// A scheduled deload week or a reactive deload.
    Deload,
    /// Volume cut for poor readiness or a bad next morning.
    Reduced,
}

/// One exposure of a slot: the exercise done on one day, its prescription and its sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exposure {
    pub date: Date,
    pub exercise: ExerciseId,
    /// What was prescribed that day (the deload or reduced version when `kind` says so).
    pub prescription: Prescription,
    #[serde(default)]
    pub kind: ExposureKind,
    /// Sets in the order done; fewer than prescribed when the exercise was stopped.
    pub sets: Vec<SetLog>,
    /// Session RPE, asked about 30 minutes after (Foster 2001).
    #[serde(default)]
    pub session_rpe: Option<Rpe>,
}

impl Exposure {
    pub fn faulted_sets(&self) -> usize {
        self.sets.iter().filter(|s| s.faulted()).count()
    }

    pub fn max_pain(&self) -> Pain {
        self.sets
            .iter()
            .map(|s| s.pain)
            .max()
            .unwrap_or(Pain::saturating(0))
    }

    pub fn sharp_pain(&self) -> bool {
        self.sets.iter().any(|s| s.sharp_pain)
    }

    /// Any pain at all was logged: the red-flag screen must be asked.
    pub fn needs_red_flag_screen(&self) -> bool {
        self.sharp_pain() || self.max_pain().get() > 0
    }

    /// Rejects an exposure the engine cannot read, naming the field.
    pub fn check(&self) -> Result<(), InputError> {
        for (i, set) in self.sets.iter().enumerate() {
            // The field is named only on error: a replay checks every
            // exposure of a chain's history at every decision.
            check_set(set).map_err(|message| InputError::new(format!("set {}", i + 1), message))?;
        }
        Ok(())
    }
}

/// Why the engine cannot read `set`, if it cannot.
fn check_set(set: &SetLog) -> Result<(), String> {
    if !set.target.same_kind(set.actual) {
        return Err("target and actual must be the same kind (seconds, reps or metres)".into());
    }
    if let Some(sides) = set.sides {
        if sides.done().iter().any(|(_, a)| !a.same_kind(set.target)) {
            return Err("each side's result must be the same kind as the target".into());
        }
        if sides.weaker() != Some(set.actual) {
            return Err("a per-side set's actual must be its weaker side's result".into());
        }
    }
    if let (Amount::Reps(actual), Some(quality)) = (set.actual, set.quality_reps)
        && quality > actual
    {
        return Err(format!(
            "quality reps ({quality}) cannot exceed reps done ({actual})"
        ));
    }
    if let Load::Kg { kg } = set.load
        && (!kg.is_finite() || kg < 0.0)
    {
        return Err(format!("load must be zero or more kg, got {kg}"));
    }
    Ok(())
}

/// The next-morning check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MorningCheck {
    pub date: Date,
    /// Back pain is back to the athlete's usual level.
    pub pain_back_to_usual: bool,
    /// Stiffness is back to the athlete's usual level.
    pub stiffness_back_to_usual: bool,
    /// Muscle soreness, 0-10.
    pub soreness: Pain,
}

/// The readiness questions before a session, after the Hooper index
/// (Hooper et al. 1995). Direction as in Hooper: 1 = very, very good
/// (slept very well, no fatigue, no stress, no soreness), 7 = very, very bad.
/// So a higher sum (4-28) means a worse day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessCheck {
    pub sleep: Readiness,
    pub fatigue: Readiness,
    pub stress: Readiness,
    pub soreness: Readiness,
}

impl ReadinessCheck {
    pub fn items(&self) -> [(&'static str, Readiness); 4] {
        [
            ("sleep", self.sleep),
            ("fatigue", self.fatigue),
            ("stress", self.stress),
            ("soreness", self.soreness),
        ]
    }

    /// The Hooper sum, 4 (best) to 28 (worst).
    pub fn sum(&self) -> u8 {
        self.items().iter().map(|(_, r)| r.get()).sum()
    }
}
