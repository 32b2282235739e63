//! Program generation (docs/method.md §4): blocks of training weeks, each
//! ending in a deload week; per block one exercise per slot role (rotated
//! off last block's) and its other forms for the later weeks, A/B/light
//! session templates, and a per-week balancing pass that keeps every
//! region under the cap.

use std::borrow::Cow;
use std::collections::BTreeSet;

use jiff::civil::Date;

use super::calendar::{self, WeekLayout};
use super::prescribe::{self, Prescriber};
use super::reached::Reached;
use super::select::{BlockChoice, Chooser};
use super::session::{self, Assembler};
use super::volume;
use super::{Day, DayKind, Phase, Program, Session, Slot, Week, rules};
use crate::assessment::Tailoring;
use crate::catalog::{Catalog, Exercise, ExerciseId, Region};
use crate::profile::Profile;
use crate::settings::PlanSettings;

/// Everything the generator needs; all plain values.
#[derive(Debug, Clone, Copy)]
pub struct GenerateInput<'a> {
    pub profile: &'a Profile,
    pub tailoring: &'a Tailoring,
    pub settings: &'a PlanSettings,
    pub catalog: &'a Catalog,
    /// The first day of the program.
    pub start: Date,
}

/// Builds the program from the assessment alone: nothing reached yet
/// ([`Reached::from_assessment`]). Pure and deterministic: the same input
/// gives the same program. Settings outside their documented ranges are
/// clamped into them (stored settings are validated before they get here).
pub fn generate(input: GenerateInput<'_>) -> Program {
    generate_with(input, &Reached::from_assessment())
}

/// [`generate`], given the variant the athlete reached on each progression
/// chain: no block brings an easier variant on a chain than `reached` (a
/// regression is the training state's decision, already in `reached`).
/// The training state can pass its chains' working variants here when a
/// plan is regenerated.
pub fn generate_with(input: GenerateInput<'_>, reached: &Reached) -> Program {
    let settings = sanitize(input.settings);
    let blocks = usize::from(settings.blocks);
    let block_weeks = usize::from(settings.block_weeks);
    let layout = calendar::layout(input.profile, input.start, blocks * (block_weeks + 1));

    let chooser = Chooser {
        catalog: input.catalog,
        profile: input.profile,
        tailoring: input.tailoring,
    };
    let floor = extensor_floor(input.tailoring, &settings);
    let mut reached = reached.clone();
    let mut weeks = Vec::with_capacity(layout.len());
    let mut previous: Option<BlockChoice<'_>> = None;
    let mut layouts = layout.iter();
    for (block_index, phase) in Phase::ALL.iter().copied().enumerate().take(blocks) {
        let rules = rules::for_phase(phase);
        // Rotation: nothing from last block's main blocks (spares included).
        let banned = main_ids(&weeks[weeks.len().saturating_sub(block_weeks + 1)..]);
        let prescriber = |week_in_block: usize| Prescriber {
            catalog: input.catalog,
            profile: input.profile,
            tailoring: input.tailoring,
            settings: &settings,
            rules,
            week_in_block: u8::try_from(week_in_block).unwrap_or(u8::MAX),
        };
        let assembler = Assembler {
            catalog: input.catalog,
            profile: input.profile,
            tailoring: input.tailoring,
            block_index,
            reached: &reached,
        };
        let technique: Vec<&Exercise> = input
            .tailoring
            .weak_movements
            .iter()
            .filter_map(|t| assembler.technique_drill(*t))
            .collect();
        let choice = chooser.choose_block(&rules, previous.as_ref(), &banned, &reached, &technique);
        let spares = chooser.spares(&rules, &choice, &banned, &reached, &technique);
        let fixed = Fixed {
            light: assembler.light(),
            spares: assembler.spare_slots(&spares, &prescriber(1)),
            // Technique drills, and in the foundation everything the method
            // names (the big 3, hinge patterning), are never dropped.
            keep: technique
                .iter()
                .copied()
                .chain(choice.main.values().copied().filter(|_| rules.foundation))
                .map(|e| e.id.clone())
                .collect(),
            floor,
        };
        // Training weeks differ within a block: the foundation's pyramids
        // add holds week by week; the later blocks move each role between
        // its floor, elevated and dynamic forms (`BlockChoice::for_week`).
        let this_week = |w: usize| {
            let p = prescriber(w);
            let week = choice.for_week(w);
            (
                assembler.training(true, &week, &p),
                assembler.training(false, &week, &p),
            )
        };
        // The deload is cut from the block's latest balanced training week
        // with the same A/B counts (so its limits are known to meet the cap).
        let mut balanced_by_counts: Vec<((usize, usize), (Session, Session))> = Vec::new();
        for week_in_block in 1..=block_weeks + 1 {
            let Some(week_layout) = layouts.next() else {
                break;
            };
            let deload = week_in_block == block_weeks + 1;
            let number = weeks.len() + 1;
            let counts = (week_layout.count(DayKind::A), week_layout.count(DayKind::B));
            let source = if deload {
                balanced_by_counts
                    .iter()
                    .rev()
                    .find(|(c, _)| *c == counts)
                    .or(balanced_by_counts.last())
                    .map(|(_, sessions)| sessions.clone())
                    .unwrap_or_else(|| this_week(block_weeks))
            } else {
                this_week(week_in_block)
            };
            let (week, balanced) = build_week(
                (&source.0, &source.1),
                &fixed,
                week_layout,
                WeekMeta {
                    number,
                    phase,
                    week_in_block,
                    deload,
                },
                input.catalog,
                &settings,
            );
            weeks.push(week);
            if !deload {
                balanced_by_counts.push((counts, balanced));
            }
        }
        // Everything the block's training days brought counts as reached:
        // its choices, the spares the balance added, the transfer drill.
        let block_start = weeks.len().saturating_sub(block_weeks + 1);
        let brought = main_ids(&weeks[block_start..])
            .into_iter()
            .chain(choice.transfer.iter().map(|e| e.id.clone()));
        for id in brought {
            reached.reach(input.catalog, &id);
        }
        previous = Some(choice);
    }
    Program {
        start: input.start,
        settings,
        weeks,
    }
}

/// The lumbar extensors' share a training week should reach: the base
/// share, times the flexion/extension ratio when it is above 1.0, kept
/// `EXTENSOR_FLOOR_MARGIN` points under the region cap.
pub(crate) fn extensor_floor(tailoring: &Tailoring, settings: &PlanSettings) -> volume::Floor {
    let ratio = match (tailoring.holds.flexor, tailoring.holds.extensor) {
        (Some(flexor), Some(extensor)) if extensor.get() > 0 => {
            f64::from(flexor.get()) / f64::from(extensor.get())
        }
        _ => 1.0,
    };
    let share = rules::EXTENSOR_SHARE_BASE_PERCENT * ratio.max(1.0);
    let most = f64::from(settings.region_cap_percent) - rules::EXTENSOR_FLOOR_MARGIN;
    (Region::LumbarExtensors, share.min(most))
}

/// What every week of a block shares.
struct Fixed {
    light: Session,
    /// Fresh slots the balancing pass may add to a training week.
    spares: Vec<Slot>,
    /// Technique drills the balancing pass never removes.
    keep: Vec<ExerciseId>,
    floor: volume::Floor,
}

/// Exercise ids in the main blocks of the training days of `weeks`.
fn main_ids(weeks: &[Week]) -> BTreeSet<ExerciseId> {
    weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter(|d| d.kind.is_training())
        .flat_map(|d| d.session.iter().flat_map(|s| &s.main))
        .map(|s| s.exercise.clone())
        .collect()
}

struct WeekMeta {
    number: usize,
    phase: Phase,
    week_in_block: usize,
    deload: bool,
}

/// Builds one week from its A and B sessions (the block's templates, or for
/// a deload the last training week), returning the week and its balanced A and B.
fn build_week(
    (source_a, source_b): (&Session, &Session),
    fixed: &Fixed,
    layout: &WeekLayout,
    meta: WeekMeta,
    catalog: &Catalog,
    settings: &PlanSettings,
) -> (Week, (Session, Session)) {
    let mut a = source_a.clone();
    let mut b = source_b.clone();
    let limits = if meta.deload {
        deload_session(&mut a, settings);
        deload_session(&mut b, settings);
        vec![
            volume::deload_limits(source_a),
            volume::deload_limits(source_b),
        ]
    } else {
        vec![volume::training_limits(&a), volume::training_limits(&b)]
    };
    let (na, nb) = (layout.count(DayKind::A), layout.count(DayKind::B));
    let mut week = volume::Week {
        sessions: vec![(&mut a, na), (&mut b, nb)],
        limits,
        spares: Cow::Borrowed(fixed.spares.as_slice()),
        keep: &fixed.keep,
    };
    volume::balance(
        &mut week,
        catalog,
        settings.region_cap_percent,
        settings.min_hold_seconds,
        meta.deload,
    );
    if !meta.deload {
        volume::raise_floor(
            &mut week,
            catalog,
            settings.region_cap_percent,
            settings.min_hold_seconds,
            fixed.floor,
        );
    }
    drop(week);
    session::fit_rests(&mut a, catalog, settings);
    session::fit_rests(&mut b, catalog, settings);
    a.estimated_minutes = session::estimate_minutes(&a);
    b.estimated_minutes = session::estimate_minutes(&b);
    let region_share = volume::shares(&volume::week_volume(&[(&a, na), (&b, nb)], catalog));
    let days = layout
        .days
        .iter()
        .map(|(date, kind)| Day {
            date: *date,
            kind: *kind,
            session: match kind {
                DayKind::A => Some(a.clone()),
                DayKind::B => Some(b.clone()),
                DayKind::Light => Some(fixed.light.clone()),
                DayKind::Rest => None,
            },
        })
        .collect();
    let week = Week {
        number: u16::try_from(meta.number).unwrap_or(u16::MAX),
        phase: meta.phase,
        week_in_block: u8::try_from(meta.week_in_block).unwrap_or(u8::MAX),
        deload: meta.deload,
        days,
        region_share,
    };
    (week, (a, b))
}

fn deload_session(session: &mut Session, settings: &PlanSettings) {
    for slot in session.main.iter_mut().chain(session.transfer.iter_mut()) {
        *slot = prescribe::deload(slot, settings);
    }
}

/// Clamps each number into its documented range so generation cannot
/// misbehave on settings that bypassed validation.
fn sanitize(settings: &PlanSettings) -> PlanSettings {
    let mut out = settings.clone();
    for info in settings.describe() {
        let clamped = info.value.clamp(info.min, info.max);
        if clamped != info.value {
            // In range by construction, so `set` accepts it.
            let _ = out.set(info.key, &clamped.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalog::Equipment;
    use crate::program::testkit;
    use crate::program::{Load, Prescription};

    fn program(equipment: Vec<Equipment>, days: u8, light: bool) -> (Program, Catalog) {
        let catalog = testkit::catalog();
        let profile = testkit::profile(days, equipment, light);
        let tailoring = testkit::tailoring(2);
        let settings = PlanSettings::default();
        let start: Date = "2026-03-02".parse().unwrap_or_else(|e| panic!("{e}"));
        let p = generate(GenerateInput {
            profile: &profile,
            tailoring: &tailoring,
            settings: &settings,
            catalog: &catalog,
            start,
        });
        (p, catalog)
    }

    fn block_ids(p: &Program, block: usize) -> BTreeSet<String> {
        let per = usize::from(p.settings.block_weeks) + 1;
        p.weeks[block * per..(block + 1) * per]
            .iter()
            .flat_map(|w| &w.days)
            .filter(|d| d.kind.is_training())
            .flat_map(|d| d.session.iter().flat_map(|s| &s.main))
            .map(|s| s.exercise.to_string())
            .collect()
    }

    #[test]
    fn shape_follows_settings() {
        let (p, _) = program(vec![Equipment::Kettlebell, Equipment::Bench], 3, true);
        assert_eq!(p.weeks.len(), 16);
        assert!(p.weeks.iter().all(|w| w.deload == (w.week_in_block == 4)));
        assert_eq!(p.weeks[4].phase, Phase::AntiFlexionEndurance);
        assert_eq!(p.end().map(|d| d.to_string()), Some("2026-06-21".into()));
    }

    #[test]
    fn bodyweight_only_still_rotates_every_block() {
        let (p, _) = program(Vec::new(), 3, false);
        for b in 0..3 {
            let (this, next) = (block_ids(&p, b), block_ids(&p, b + 1));
            assert!(!this.is_empty() && !next.is_empty());
            assert!(this.is_disjoint(&next), "block {b}: {this:?} vs {next:?}");
        }
    }

    #[test]
    fn deload_keeps_a_share_of_the_load_and_cuts_volume() {
        let (p, catalog) = program(vec![Equipment::Kettlebell, Equipment::Bench], 3, false);
        let week = |n: usize| &p.weeks[n];
        let volume = |w: &Week| {
            let sessions: Vec<(&Session, usize)> = w
                .days
                .iter()
                .filter(|d| d.kind.is_training())
                .filter_map(|d| d.session.as_ref().map(|s| (s, 1)))
                .collect();
            volume::week_volume(&sessions, &catalog)
                .values()
                .sum::<f64>()
        };
        // Weeks 11 (training) and 12 (deload) of strength-endurance have a load.
        assert!(
            week(10)
                .days
                .iter()
                .flat_map(|d| &d.session)
                .flat_map(|s| &s.main)
                .any(|s| s.prescription.load() == Load::ChooseForRpe)
        );
        let loaded: Vec<&Slot> = week(11)
            .days
            .iter()
            .flat_map(|d| &d.session)
            .flat_map(|s| s.main.iter().chain(&s.transfer))
            .filter(|s| s.prescription.load().is_external())
            .collect();
        // Loaded drills keep their load on the deload, with the share said.
        assert!(!loaded.is_empty());
        for slot in loaded {
            assert!(
                slot.note
                    .as_deref()
                    .unwrap_or("")
                    .contains("about 55 % of your working load"),
                "{}: {:?}",
                slot.exercise,
                slot.note
            );
        }
        assert!(volume(week(11)) < volume(week(10)) * 0.7);
    }

    #[test]
    fn weak_side_gets_an_extra_set_with_a_note() {
        let catalog = testkit::catalog();
        let profile = testkit::profile(3, Vec::new(), false);
        let mut tailoring = testkit::tailoring(2);
        tailoring.imbalances = vec![crate::assessment::Imbalance::WeakSide(
            crate::assessment::Side::Left,
        )];
        let settings = PlanSettings::default();
        let p = generate(GenerateInput {
            profile: &profile,
            tailoring: &tailoring,
            settings: &settings,
            catalog: &catalog,
            start: "2026-03-02".parse().unwrap_or_else(|e| panic!("{e}")),
        });
        let a = p.weeks[0].days[0]
            .session
            .as_ref()
            .unwrap_or_else(|| panic!("A day"));
        let side = a
            .main
            .iter()
            .find(|s| s.exercise.as_str().starts_with("side-bridge"))
            .unwrap_or_else(|| panic!("a side bridge on A days"));
        assert!(matches!(
            side.prescription,
            Prescription::Hold {
                extra_sets_on: Some(crate::assessment::Side::Left),
                ..
            }
        ));
        assert!(side.note.as_deref().unwrap_or("").contains("left"));
    }

    #[test]
    fn same_input_same_program() {
        let (a, _) = program(vec![Equipment::Dowel], 4, true);
        let (b, _) = program(vec![Equipment::Dowel], 4, true);
        assert_eq!(a, b);
    }

    /// Plans for a set of athlete profiles: levels 1-5, bodyweight to a full
    /// kit, imbalances, every mobility priority, 2-4 days.
    fn profile_plans() -> Vec<(String, Program, Catalog)> {
        use crate::assessment::{Imbalance, Side};
        use crate::catalog::MobilityTarget;
        let catalog = testkit::catalog();
        let kits = [
            Vec::new(),
            vec![Equipment::Dowel],
            vec![Equipment::Kettlebell, Equipment::Bench],
            vec![
                Equipment::Kettlebell,
                Equipment::Bench,
                Equipment::Band,
                Equipment::Dowel,
            ],
        ];
        let priorities = [
            vec![MobilityTarget::Hamstrings, MobilityTarget::HipFlexors],
            vec![MobilityTarget::HipFlexors],
            vec![
                MobilityTarget::SpineFlexionExtension,
                MobilityTarget::Ankles,
            ],
            Vec::new(),
        ];
        let imbalances = [
            Vec::new(),
            vec![Imbalance::WeakSide(Side::Left), Imbalance::ExtensorsWeak],
            vec![Imbalance::LateralWeak],
        ];
        let mut out = Vec::new();
        for (k, kit) in kits.iter().enumerate() {
            for level in 1..=5u8 {
                let i = usize::from(level);
                let profile = testkit::profile(2 + level % 3, kit.clone(), level % 2 == 0);
                let mut tailoring = testkit::tailoring(level);
                tailoring.mobility_priorities = priorities[(i + k) % priorities.len()].clone();
                tailoring.imbalances = imbalances[(i + k) % imbalances.len()].clone();
                let settings = PlanSettings::default();
                let p = generate(GenerateInput {
                    profile: &profile,
                    tailoring: &tailoring,
                    settings: &settings,
                    catalog: &catalog,
                    start: "2026-03-02".parse().unwrap_or_else(|e| panic!("{e}")),
                });
                out.push((format!("kit {k} level {level}"), p, catalog.clone()));
            }
        }
        out
    }

    fn all_sessions(p: &Program) -> impl Iterator<Item = (&Week, &Session)> {
        p.weeks.iter().flat_map(|w| {
            w.days
                .iter()
                .filter_map(move |d| d.session.as_ref().map(|s| (w, s)))
        })
    }

    #[test]
    fn no_degenerate_rep_range_in_any_plan() {
        for (name, p, _) in profile_plans() {
            for (week, s) in all_sessions(&p) {
                for slot in s.main.iter().chain(&s.transfer) {
                    if let Prescription::Reps {
                        reps_min, reps_max, ..
                    } = slot.prescription
                    {
                        assert!(
                            reps_min == reps_max || reps_max >= reps_min + 2,
                            "{name} week {}: {} {reps_min}-{reps_max}",
                            week.number,
                            slot.exercise
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sensible_range_is_a_proper_range_or_a_single_target() {
        use crate::program::sensible_range;
        assert_eq!(sensible_range(8, 10), (8, 10));
        assert_eq!(sensible_range(8, 9), (9, 9));
        assert_eq!(sensible_range(7, 7), (7, 7));
        assert_eq!(sensible_range(10, 11), (11, 11));
        assert_eq!(sensible_range(8, 6), (6, 6));
    }

    #[test]
    fn rest_is_at_least_the_hold_for_holds_over_30_seconds() {
        let mut seen = 0;
        for (name, p, _) in profile_plans() {
            for (week, s) in all_sessions(&p) {
                for slot in s.main.iter().chain(&s.transfer) {
                    if let Prescription::Hold { seconds, .. } = slot.prescription {
                        assert!(slot.rest_seconds >= rules::REST_HOLD, "{name}");
                        if seconds.get() > 30 {
                            seen += 1;
                            assert!(
                                slot.rest_seconds >= seconds.get(),
                                "{name} week {}: {} {} s hold, {} s rest",
                                week.number,
                                slot.exercise,
                                seconds.get(),
                                slot.rest_seconds
                            );
                        }
                    }
                }
            }
        }
        assert!(seen > 0, "no hold over 30 s in any plan");
    }

    #[test]
    fn rest_per_hold_second_scales_the_rest() {
        let hold = |s: i64| Prescription::Hold {
            sets: 3,
            seconds: crate::measure::Seconds::saturating(s),
            per_side: false,
            extra_sets_on: None,
            load: Load::Bodyweight,
            pyramid: Vec::new(),
        };
        let settings = PlanSettings::default();
        assert_eq!(session::rest_for(&hold(10), &settings), 30);
        assert_eq!(session::rest_for(&hold(60), &settings), 60);
        let settings = PlanSettings {
            rest_hold_percent: 150,
            ..PlanSettings::default()
        };
        assert_eq!(session::rest_for(&hold(40), &settings), 60);
        assert_eq!(session::rest_for(&hold(15), &settings), 30);
    }

    #[test]
    fn a_paired_drill_fits_in_the_rest() {
        let mut paired = 0;
        for (name, p, catalog) in profile_plans() {
            for (week, s) in all_sessions(&p) {
                for slot in s.main.iter().chain(&s.transfer) {
                    let Some(id) = &slot.between_sets else {
                        continue;
                    };
                    paired += 1;
                    let drill = catalog.get(id).unwrap_or_else(|| panic!("{id}"));
                    let needs = session::paired_drill_seconds(drill);
                    assert!(
                        needs <= u32::from(slot.rest_seconds),
                        "{name} week {}: {} rest {} s, {id} needs {needs} s",
                        week.number,
                        slot.exercise,
                        slot.rest_seconds
                    );
                }
            }
        }
        assert!(paired > 0);
        // A 30 s-per-side stretch needs 60 s and the move to it.
        let catalog = testkit::catalog();
        let stretch = catalog
            .get(&crate::catalog::ExerciseId::new("half-kneeling-hip-flexor"))
            .unwrap_or_else(|| panic!("hip flexor stretch"));
        assert_eq!(
            session::paired_drill_seconds(stretch),
            60 + rules::PAIRED_DRILL_TRANSITION_SECONDS
        );
    }

    #[test]
    fn warm_ups_start_with_the_spine_and_stay_dynamic() {
        use crate::catalog::{MobilityTarget, Modality, Pattern};
        for (name, p, catalog) in profile_plans() {
            for (week, s) in all_sessions(&p) {
                let kind = |d: &crate::program::Drill| {
                    catalog
                        .get(&d.exercise)
                        .unwrap_or_else(|| panic!("{}", d.exercise))
                };
                let first = kind(&s.warmup[0]);
                assert!(
                    first
                        .targets
                        .contains(&MobilityTarget::SpineFlexionExtension)
                        && first.modality == Modality::Reps,
                    "{name} week {}: warm-up starts with {}",
                    week.number,
                    first.id
                );
                // Mobility drills first, activation last; no static stretch.
                let patterns: Vec<Pattern> = s.warmup.iter().map(|d| kind(d).pattern).collect();
                let first_activation = patterns
                    .iter()
                    .position(|p| *p == Pattern::Activation)
                    .unwrap_or(patterns.len());
                assert!(
                    patterns[first_activation..]
                        .iter()
                        .all(|p| *p == Pattern::Activation),
                    "{name}: {patterns:?}"
                );
                for d in &s.warmup {
                    let e = kind(d);
                    assert!(
                        e.pattern != Pattern::Mobility || e.modality == Modality::Reps,
                        "{name} week {}: static stretch {} in the warm-up",
                        week.number,
                        e.id
                    );
                }
                for d in &s.cooldown {
                    assert_ne!(kind(d).modality, Modality::Reps, "{name}: {}", d.exercise);
                }
            }
        }
    }
}
