//! Integrity rules for a catalog. Each error names the exercise at fault, so a
//! broken edit of `catalog.toml` (or a user's own exercise) is easy to find.

use std::collections::{BTreeMap, BTreeSet};

use super::{Catalog, Exercise, ExerciseId, Modality, Pattern, Region, Surface, normalize};

/// How far region weights may sum away from 1 (rounding in a hand-written file).
const WEIGHT_TOLERANCE: f32 = 0.01;

/// Which progression link an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Easier,
    Harder,
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Link::Easier => "easier",
            Link::Harder => "harder",
        })
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog syntax: {0}")]
    Syntax(String),
    #[error("exercise id {0} appears twice")]
    DuplicateId(ExerciseId),
    #[error(
        "exercise id {0:?} is not kebab-case (lowercase letters and digits joined by single dashes)"
    )]
    BadId(ExerciseId),
    #[error("exercise {exercise}: {field} is empty")]
    EmptyText {
        exercise: ExerciseId,
        field: &'static str,
    },
    #[error("exercise {exercise}: {link} variant {target} is not in the catalog")]
    UnknownVariant {
        exercise: ExerciseId,
        link: Link,
        target: ExerciseId,
    },
    #[error("exercise {exercise}: {link} variant {target} does not link back to it")]
    NotMutual {
        exercise: ExerciseId,
        link: Link,
        target: ExerciseId,
    },
    #[error("exercise {exercise}: its progression chain loops back on itself")]
    Cycle { exercise: ExerciseId },
    #[error("exercise {exercise}: harder variant {target} has another pattern")]
    ChainCrossesPattern {
        exercise: ExerciseId,
        target: ExerciseId,
    },
    #[error(
        "exercise {exercise} (level {level}): harder variant {target} has a lower level ({target_level})"
    )]
    LevelFalls {
        exercise: ExerciseId,
        level: u8,
        target: ExerciseId,
        target_level: u8,
    },
    #[error("exercise {exercise}: region {region:?} has weight {weight}; weights must be positive")]
    NonPositiveWeight {
        exercise: ExerciseId,
        region: Region,
        weight: f32,
    },
    #[error("exercise {exercise}: region weights sum to {sum}, not 1")]
    WeightSum { exercise: ExerciseId, sum: f32 },
    #[error("exercise {exercise}: a {pattern} is measured in hold seconds")]
    HoldNotInSeconds {
        exercise: ExerciseId,
        pattern: Pattern,
    },
    #[error("exercise {exercise}: rep exercises need a tempo like 3-1-1-0")]
    MissingTempo { exercise: ExerciseId },
    #[error("exercise {exercise}: only rep exercises carry a tempo")]
    UnexpectedTempo { exercise: ExerciseId },
    #[error("exercise {exercise}: a mobility drill needs at least one target")]
    MobilityWithoutTarget { exercise: ExerciseId },
    #[error("exercise {exercise}: a mobility drill cannot be loaded")]
    MobilityLoaded { exercise: ExerciseId },
    #[error("exercise {exercise}: only mobility drills have targets")]
    UnexpectedTargets { exercise: ExerciseId },
    #[error("exercise {exercise}: needs at least one cue")]
    NoCues { exercise: ExerciseId },
    #[error("exercise {exercise}: needs at least one common fault")]
    NoFaults { exercise: ExerciseId },
    #[error("name or alias {alias:?} of exercise {exercise} is already used by {other}")]
    DuplicateAlias {
        alias: String,
        exercise: ExerciseId,
        other: ExerciseId,
    },
    #[error("no exercise covers the {kind} {name}")]
    Uncovered { kind: &'static str, name: String },
}

pub(super) fn check(catalog: &Catalog) -> Result<(), CatalogError> {
    for exercise in catalog.iter() {
        check_exercise(exercise)?;
        check_links(catalog, exercise)?;
    }
    for exercise in catalog.iter() {
        check_acyclic(catalog, exercise)?;
    }
    check_names(catalog)?;
    check_coverage(catalog)
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Rules about one exercise on its own.
fn check_exercise(e: &Exercise) -> Result<(), CatalogError> {
    let exercise = || e.id.clone();
    if !is_kebab_case(e.id.as_str()) {
        return Err(CatalogError::BadId(exercise()));
    }
    for (field, text) in [("name", &e.name), ("how", &e.how)] {
        if text.trim().is_empty() {
            return Err(CatalogError::EmptyText {
                exercise: exercise(),
                field,
            });
        }
    }
    for (&region, &weight) in &e.regions {
        // NaN fails `is_finite`, so it is rejected too.
        if !weight.is_finite() || weight <= 0.0 {
            return Err(CatalogError::NonPositiveWeight {
                exercise: exercise(),
                region,
                weight,
            });
        }
    }
    let sum: f32 = e.regions.values().sum();
    if (sum - 1.0).abs() > WEIGHT_TOLERANCE {
        return Err(CatalogError::WeightSum {
            exercise: exercise(),
            sum,
        });
    }
    if e.pattern.is_hold() && e.modality != Modality::HoldSeconds {
        return Err(CatalogError::HoldNotInSeconds {
            exercise: exercise(),
            pattern: e.pattern,
        });
    }
    match (e.modality == Modality::Reps, e.tempo.is_some()) {
        (true, false) => {
            return Err(CatalogError::MissingTempo {
                exercise: exercise(),
            });
        }
        (false, true) => {
            return Err(CatalogError::UnexpectedTempo {
                exercise: exercise(),
            });
        }
        _ => {}
    }
    if e.pattern == Pattern::Mobility {
        if e.targets.is_empty() {
            return Err(CatalogError::MobilityWithoutTarget {
                exercise: exercise(),
            });
        }
        if e.loadable {
            return Err(CatalogError::MobilityLoaded {
                exercise: exercise(),
            });
        }
    } else if !e.targets.is_empty() {
        return Err(CatalogError::UnexpectedTargets {
            exercise: exercise(),
        });
    }
    if !e.cues.iter().any(|c| !c.trim().is_empty()) {
        return Err(CatalogError::NoCues {
            exercise: exercise(),
        });
    }
    if !e.faults.iter().any(|f| !f.trim().is_empty()) {
        return Err(CatalogError::NoFaults {
            exercise: exercise(),
        });
    }
    Ok(())
}

/// Each easier/harder id resolves, points back, keeps the pattern, and the
/// level never falls going harder (a step may stay at the same level).
fn check_links(catalog: &Catalog, e: &Exercise) -> Result<(), CatalogError> {
    for (link, target_id) in [(Link::Easier, &e.easier), (Link::Harder, &e.harder)] {
        let Some(target_id) = target_id else { continue };
        let target = catalog
            .get(target_id)
            .ok_or_else(|| CatalogError::UnknownVariant {
                exercise: e.id.clone(),
                link,
                target: target_id.clone(),
            })?;
        let back = match link {
            Link::Easier => &target.harder,
            Link::Harder => &target.easier,
        };
        if back.as_ref() != Some(&e.id) {
            return Err(CatalogError::NotMutual {
                exercise: e.id.clone(),
                link,
                target: target_id.clone(),
            });
        }
        if link == Link::Harder {
            if target.pattern != e.pattern {
                return Err(CatalogError::ChainCrossesPattern {
                    exercise: e.id.clone(),
                    target: target_id.clone(),
                });
            }
            if target.level < e.level {
                return Err(CatalogError::LevelFalls {
                    exercise: e.id.clone(),
                    level: e.level.get(),
                    target: target_id.clone(),
                    target_level: target.level.get(),
                });
            }
        }
    }
    Ok(())
}

/// Walking `harder` from any exercise must end; `Catalog::chain` relies on it.
fn check_acyclic(catalog: &Catalog, start: &Exercise) -> Result<(), CatalogError> {
    let mut seen = BTreeSet::from([&start.id]);
    let mut current = start;
    while let Some(next) = current.harder.as_ref().and_then(|h| catalog.get(h)) {
        if !seen.insert(&next.id) {
            return Err(CatalogError::Cycle {
                exercise: start.id.clone(),
            });
        }
        current = next;
    }
    Ok(())
}

/// Ids, names and aliases must identify one exercise each, compared the way
/// `Catalog::find_by_name` compares them, so an import maps unambiguously.
fn check_names(catalog: &Catalog) -> Result<(), CatalogError> {
    let mut owners: BTreeMap<String, &ExerciseId> = BTreeMap::new();
    for e in catalog.iter() {
        let names = [e.id.as_str(), e.name.as_str()]
            .into_iter()
            .chain(e.aliases.iter().map(String::as_str));
        for alias in names {
            let key = normalize(alias);
            if key.is_empty() {
                return Err(CatalogError::EmptyText {
                    exercise: e.id.clone(),
                    field: "alias",
                });
            }
            match owners.get(&key) {
                Some(&other) if other != &e.id => {
                    return Err(CatalogError::DuplicateAlias {
                        alias: alias.to_string(),
                        exercise: e.id.clone(),
                        other: other.clone(),
                    });
                }
                _ => {
                    owners.insert(key, &e.id);
                }
            }
        }
    }
    Ok(())
}

/// The method names every pattern, surface and region; the catalog must
/// offer at least one exercise for each, or plans could have empty slots.
fn check_coverage(catalog: &Catalog) -> Result<(), CatalogError> {
    if let Some(p) = Pattern::ALL
        .into_iter()
        .find(|&p| catalog.by_pattern(p).next().is_none())
    {
        return Err(CatalogError::Uncovered {
            kind: "pattern",
            name: p.slug().to_string(),
        });
    }
    if let Some(s) = Surface::ALL
        .into_iter()
        .find(|&s| !catalog.iter().any(|e| e.surface == s))
    {
        return Err(CatalogError::Uncovered {
            kind: "surface",
            name: s.slug().to_string(),
        });
    }
    if let Some(r) = Region::ALL
        .into_iter()
        .find(|r| !catalog.iter().any(|e| e.regions.contains_key(r)))
    {
        return Err(CatalogError::Uncovered {
            kind: "region",
            name: r.label().to_string(),
        });
    }
    Ok(())
}
