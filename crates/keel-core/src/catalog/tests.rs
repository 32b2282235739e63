#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

/// The built-in catalog as edited; the binary ships its JSON copy.
const BUILTIN: &str = include_str!("catalog.toml");

fn builtin_list() -> Vec<Exercise> {
    Catalog::builtin().iter().cloned().collect()
}

fn find<'a>(list: &'a mut [Exercise], id: &str) -> &'a mut Exercise {
    list.iter_mut()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} in the builtin catalog"))
}

/// The builtin catalog with one deliberate defect, validated.
fn broken(edit: impl FnOnce(&mut Vec<Exercise>)) -> CatalogError {
    let mut list = builtin_list();
    edit(&mut list);
    Catalog::from_exercises(list).expect_err("the edit should make the catalog invalid")
}

fn id(text: &str) -> ExerciseId {
    ExerciseId::new(text)
}

fn ids(chain: &[&Exercise]) -> Vec<String> {
    chain.iter().map(|e| e.id.to_string()).collect()
}

// --- the shipped data ---------------------------------------------------

#[test]
fn builtin_catalog_parses_and_has_at_least_forty_exercises() {
    let catalog = Catalog::parse(BUILTIN).unwrap();
    assert!(catalog.len() >= 40, "only {} exercises", catalog.len());
    assert_eq!(catalog.len(), Catalog::builtin().len());
}

/// `Catalog::builtin` reads the build script's JSON copy without
/// validating it: this is what makes that safe.
#[test]
fn the_shipped_catalog_is_the_validated_toml() {
    let validated = Catalog::parse(BUILTIN).unwrap();
    let shipped = Catalog::builtin();
    assert_eq!(
        shipped.exercises.keys().collect::<Vec<_>>(),
        validated.exercises.keys().collect::<Vec<_>>()
    );
    for exercise in validated.iter() {
        assert_eq!(shipped.get(&exercise.id), Some(exercise), "{}", exercise.id);
    }
    validate::check(shipped).unwrap();
}

#[test]
fn every_pattern_surface_and_region_is_covered() {
    let catalog = Catalog::builtin();
    for pattern in Pattern::ALL {
        assert!(catalog.by_pattern(pattern).next().is_some(), "{pattern}");
    }
    for surface in Surface::ALL {
        assert!(catalog.iter().any(|e| e.surface == surface), "{surface}");
    }
    for region in Region::ALL {
        assert!(
            catalog.iter().any(|e| e.regions.contains_key(&region)),
            "{region:?}"
        );
    }
}

#[test]
fn bodyweight_users_get_every_pattern_but_the_swing() {
    let catalog = Catalog::builtin();
    for pattern in Pattern::ALL.into_iter().filter(|&p| p != Pattern::Swing) {
        assert!(
            catalog.by_pattern(pattern).any(|e| e.available_with(&[])),
            "no bodyweight exercise for {pattern}"
        );
    }
}

#[test]
fn the_exercises_the_method_names_are_present() {
    let catalog = Catalog::builtin();
    let named = [
        "bird-dog",
        "bird-dog-perturbation",
        "glute-bridge-hold",
        "single-leg-bridge-hold",
        "hip-hinge-hold-bench",
        "loaded-hinge-hold",
        "back-extension-hold",
        "biering-sorensen-hold",
        "loaded-back-extension-hold",
        "mcgill-curl-up",
        "dead-bug",
        "prone-plank",
        "plank-feet-elevated",
        "plank-perturbation",
        "side-bridge-knees",
        "side-bridge",
        "side-bridge-feet-elevated",
        "side-bridge-perturbation",
        "suitcase-hold",
        "hip-hinge-wall-tap",
        "dowel-hip-hinge",
        "kettlebell-deadlift",
        "romanian-deadlift",
        "tempo-deadlift",
        "bodyweight-good-morning",
        "good-morning",
        "single-leg-rdl",
        "prone-back-extension",
        "back-extension-reps",
        "pull-through",
        "bend-and-pick-up",
        "glute-bridge",
        "single-leg-glute-bridge",
        "hip-thrust",
        "single-leg-hip-thrust",
        "kettlebell-swing",
        "single-arm-kettlebell-swing",
        "household-carry",
        "farmer-carry",
        "suitcase-carry",
        "lift-and-carry",
        "sled-drag",
        "ninety-ninety-switch",
        "half-kneeling-hip-flexor",
        "open-book",
        "quadruped-thoracic-rotation",
        "cat-camel",
        "ankle-rocks",
        "calf-stretch-wall",
        "hamstring-floss",
        "supine-hamstring-stretch",
        "supine-figure-four",
        "quadruped-brace",
        "clamshell",
        "band-lateral-walk",
    ];
    for name in named {
        assert!(catalog.get(&id(name)).is_some(), "{name} missing");
    }
}

#[test]
fn every_exercise_carries_a_breathing_cue_and_the_method_cues_appear() {
    let catalog = Catalog::builtin();
    for e in catalog.iter() {
        assert!(
            e.cues.iter().any(|c| c.to_lowercase().contains("breath")),
            "{} has no breathing/bracing cue",
            e.id
        );
    }
    let all_cues: Vec<String> = catalog
        .iter()
        .flat_map(|e| e.cues.iter().map(|c| c.to_lowercase()))
        .collect();
    for cue in [
        "stay tall",
        "hips level",
        "ribcage down",
        "brace, then breathe behind the brace",
    ] {
        assert!(all_cues.iter().any(|c| c.contains(cue)), "{cue}");
    }
    let all_faults: Vec<String> = catalog
        .iter()
        .flat_map(|e| e.faults.iter().map(|f| f.to_lowercase()))
        .collect();
    for fault in [
        "pelvis shift",
        "rib flare",
        "breathing compromised",
        "lumbar rounding",
    ] {
        assert!(all_faults.iter().any(|f| f.contains(fault)), "{fault}");
    }
}

#[test]
fn holds_and_carries_have_no_tempo_and_loaded_holds_are_loadable() {
    let catalog = Catalog::builtin();
    for e in catalog.iter().filter(|e| e.pattern.is_hold()) {
        assert_eq!(e.modality, Modality::HoldSeconds, "{}", e.id);
        assert!(e.tempo.is_none(), "{}", e.id);
    }
    for loaded in [
        "loaded-hinge-hold",
        "loaded-back-extension-hold",
        "suitcase-hold",
    ] {
        assert!(catalog.get(&id(loaded)).unwrap().loadable, "{loaded}");
    }
}

// --- chain() and lookups -------------------------------------------------

#[test]
fn chain_runs_easiest_first_from_any_member() {
    let catalog = Catalog::builtin();
    let expected = [
        "side-bridge-knees",
        "side-bridge",
        "side-bridge-feet-elevated",
        "side-bridge-perturbation",
    ];
    for member in expected {
        assert_eq!(ids(&catalog.chain(&id(member))), expected, "from {member}");
    }
    let hinge = ids(&catalog.chain(&id("romanian-deadlift")));
    assert_eq!(
        hinge,
        [
            "hip-hinge-wall-tap",
            "dowel-hip-hinge",
            "kettlebell-deadlift",
            "romanian-deadlift",
            "tempo-deadlift"
        ]
    );
    assert_eq!(ids(&catalog.chain(&id("pull-through"))), ["pull-through"]);
    assert!(catalog.chain(&id("no-such-exercise")).is_empty());
}

#[test]
fn import_names_from_strong_and_hevy_resolve() {
    let catalog = Catalog::builtin();
    let cases = [
        ("Romanian Deadlift (Barbell)", "romanian-deadlift"),
        ("Romanian Deadlift (Dumbbell)", "romanian-deadlift"),
        ("Hip Thrust (Barbell)", "hip-thrust"),
        ("Deadlift (Barbell)", "tempo-deadlift"),
        ("Kettlebell Swing", "kettlebell-swing"),
        ("Farmers Walk", "farmer-carry"),
        ("Farmer's Walk", "farmer-carry"),
        ("Plank", "prone-plank"),
        ("Side Plank", "side-bridge"),
        ("Back Extension", "back-extension-reps"),
        ("Glute Bridge", "glute-bridge"),
        ("Good Morning (Barbell)", "good-morning"),
        ("single-leg rdl", "single-leg-rdl"),
        ("BIRD DOG", "bird-dog"),
        ("side-bridge-knees", "side-bridge-knees"),
    ];
    for (name, expected) in cases {
        let found = catalog
            .find_by_name(name)
            .unwrap_or_else(|| panic!("{name} did not resolve"));
        assert_eq!(found.id.as_str(), expected, "{name}");
    }
    assert!(catalog.find_by_name("Bicep Curl (Cable)").is_none());
    assert!(catalog.find_by_name("Lat Pulldown (Cable)").is_none());
}

#[test]
fn lookup_of_an_unknown_id_names_the_field_and_suggests() {
    let catalog = Catalog::builtin();
    assert_eq!(catalog.lookup("side-bridge").unwrap().level.get(), 2);
    let err = catalog.lookup("bridge").unwrap_err();
    assert_eq!(err.field, "exercise");
    assert!(err.message.contains("\"bridge\""), "{err}");
    assert!(err.message.contains("did you mean"), "{err}");
}

// --- every rule can fail -------------------------------------------------

#[test]
fn rejects_a_variant_id_that_does_not_resolve() {
    let err = broken(|l| find(l, "tempo-deadlift").harder = Some(id("snatch")));
    assert_eq!(
        err,
        CatalogError::UnknownVariant {
            exercise: id("tempo-deadlift"),
            link: Link::Harder,
            target: id("snatch")
        }
    );
    assert!(err.to_string().contains("tempo-deadlift"), "{err}");
}

#[test]
fn rejects_a_one_way_link() {
    let err = broken(|l| find(l, "side-bridge").harder = None);
    assert_eq!(
        err,
        CatalogError::NotMutual {
            exercise: id("side-bridge-feet-elevated"),
            link: Link::Easier,
            target: id("side-bridge")
        }
    );
}

#[test]
fn rejects_a_cycle() {
    let err = broken(|l| {
        let mut a = find(l, "pull-through").clone();
        a.id = id("loop-a");
        a.name = "Loop A".into();
        a.aliases.clear();
        let mut b = a.clone();
        b.id = id("loop-b");
        b.name = "Loop B".into();
        a.easier = Some(id("loop-b"));
        a.harder = Some(id("loop-b"));
        b.easier = Some(id("loop-a"));
        b.harder = Some(id("loop-a"));
        l.extend([a, b]);
    });
    assert!(matches!(err, CatalogError::Cycle { .. }), "{err}");
    assert!(err.to_string().contains("loop-a"), "{err}");
}

#[test]
fn rejects_a_level_that_falls_going_harder() {
    let err = broken(|l| find(l, "glute-bridge").level = Level::new(3).unwrap());
    assert!(
        matches!(&err, CatalogError::LevelFalls { exercise, target_level: 2, .. } if exercise.as_str() == "glute-bridge"),
        "{err}"
    );
}

#[test]
fn rejects_a_chain_that_changes_pattern() {
    let err = broken(|l| {
        find(l, "single-leg-bridge-hold").easier = None;
        find(l, "glute-bridge-hold").harder = Some(id("glute-bridge"));
        find(l, "glute-bridge").easier = Some(id("glute-bridge-hold"));
    });
    assert_eq!(
        err,
        CatalogError::ChainCrossesPattern {
            exercise: id("glute-bridge-hold"),
            target: id("glute-bridge")
        }
    );
}

#[test]
fn rejects_bad_region_weights() {
    let err = broken(|l| {
        find(l, "clamshell").regions = BTreeMap::from([(Region::Glutes, 0.5)]);
    });
    assert!(
        matches!(&err, CatalogError::WeightSum { exercise, .. } if exercise.as_str() == "clamshell"),
        "{err}"
    );
    let err = broken(|l| {
        find(l, "clamshell").regions =
            BTreeMap::from([(Region::Glutes, 1.2), (Region::ObliquesQl, -0.2)]);
    });
    assert!(
        matches!(
            &err,
            CatalogError::NonPositiveWeight {
                region: Region::ObliquesQl,
                ..
            }
        ),
        "{err}"
    );
    let err = broken(|l| find(l, "clamshell").regions.clear());
    assert!(matches!(err, CatalogError::WeightSum { .. }), "{err}");
    // Within the rounding tolerance is fine.
    let mut list = builtin_list();
    find(&mut list, "clamshell").regions =
        BTreeMap::from([(Region::Glutes, 0.333), (Region::ObliquesQl, 0.666)]);
    assert!(Catalog::from_exercises(list).is_ok());
}

#[test]
fn rejects_a_hold_not_measured_in_seconds() {
    let err = broken(|l| find(l, "side-bridge").modality = Modality::Time);
    assert_eq!(
        err,
        CatalogError::HoldNotInSeconds {
            exercise: id("side-bridge"),
            pattern: Pattern::AntiLateralFlexionHold
        }
    );
}

#[test]
fn rejects_reps_without_tempo_and_tempo_without_reps() {
    let err = broken(|l| find(l, "glute-bridge").tempo = None);
    assert_eq!(
        err,
        CatalogError::MissingTempo {
            exercise: id("glute-bridge")
        }
    );
    let err = broken(|l| {
        find(l, "farmer-carry").tempo = Some(Tempo::try_from("3-1-1-0".to_string()).unwrap())
    });
    assert_eq!(
        err,
        CatalogError::UnexpectedTempo {
            exercise: id("farmer-carry")
        }
    );
}

#[test]
fn rejects_mobility_without_target_or_with_load() {
    let err = broken(|l| find(l, "open-book").targets.clear());
    assert_eq!(
        err,
        CatalogError::MobilityWithoutTarget {
            exercise: id("open-book")
        }
    );
    let err = broken(|l| find(l, "open-book").loadable = true);
    assert_eq!(
        err,
        CatalogError::MobilityLoaded {
            exercise: id("open-book")
        }
    );
    let err = broken(|l| find(l, "bird-dog").targets = vec![MobilityTarget::Hips]);
    assert_eq!(
        err,
        CatalogError::UnexpectedTargets {
            exercise: id("bird-dog")
        }
    );
}

#[test]
fn rejects_missing_cues_or_faults() {
    let err = broken(|l| find(l, "dead-bug").cues = vec!["  ".into()]);
    assert_eq!(
        err,
        CatalogError::NoCues {
            exercise: id("dead-bug")
        }
    );
    let err = broken(|l| find(l, "dead-bug").faults.clear());
    assert_eq!(
        err,
        CatalogError::NoFaults {
            exercise: id("dead-bug")
        }
    );
}

#[test]
fn rejects_an_alias_shared_by_two_exercises() {
    // Same alias after normalisation (case and punctuation ignored).
    let err = broken(|l| find(l, "side-bridge").aliases.push("PLANK!".into()));
    assert!(
        matches!(&err, CatalogError::DuplicateAlias { other, .. } if other.as_str() == "prone-plank")
            || matches!(&err, CatalogError::DuplicateAlias { exercise, .. } if exercise.as_str() == "prone-plank"),
        "{err}"
    );
    // An alias equal to another exercise's id counts too.
    let err = broken(|l| find(l, "clamshell").aliases.push("Bird Dog".into()));
    assert!(matches!(err, CatalogError::DuplicateAlias { .. }), "{err}");
}

#[test]
fn rejects_ids_that_are_not_kebab_case_and_duplicate_ids() {
    for bad in ["Bird_Dog", "bird--dog", "-bird", "bird-", "", "bird dog"] {
        let err = broken(|l| {
            let mut e = find(l, "pull-through").clone();
            e.id = id(bad);
            e.name = format!("Renamed {bad}");
            e.aliases.clear();
            l.push(e);
        });
        assert_eq!(err, CatalogError::BadId(id(bad)), "{bad:?}");
    }
    let err = broken(|l| {
        let copy = find(l, "pull-through").clone();
        l.push(copy);
    });
    assert_eq!(err, CatalogError::DuplicateId(id("pull-through")));
}

#[test]
fn rejects_a_catalog_that_leaves_a_pattern_surface_or_region_uncovered() {
    let mut only = find(&mut builtin_list(), "pull-through").clone();
    only.easier = None;
    only.harder = None;
    let err = Catalog::from_exercises(vec![only]).unwrap_err();
    assert!(
        matches!(
            &err,
            CatalogError::Uncovered {
                kind: "pattern",
                ..
            }
        ),
        "{err}"
    );

    let err = broken(|l| l.iter_mut().for_each(|e| e.surface = Surface::Floor));
    assert_eq!(
        err,
        CatalogError::Uncovered {
            kind: "surface",
            name: "elevated".into()
        }
    );

    // Fold grip work into the upper back everywhere: grip is then uncovered.
    let err = broken(|l| {
        for e in l.iter_mut() {
            if let Some(grip) = e.regions.remove(&Region::Grip) {
                *e.regions.entry(Region::UpperBack).or_insert(0.0) += grip;
            }
        }
    });
    assert_eq!(
        err,
        CatalogError::Uncovered {
            kind: "region",
            name: "grip".into()
        }
    );
}

#[test]
fn rejects_bad_toml() {
    let base = r#"
[[exercise]]
id = "x"
name = "X"
pattern = "hinge"
surface = "floor"
regions = { glutes = 1.0 }
modality = "reps"
sidedness = "bilateral"
level = 1
tempo = "3-1-1-0"
how = "Do it."
cues = ["Stay tall"]
faults = ["Lumbar rounding"]
"#;
    // The snippet is well-formed but far from complete coverage.
    assert!(matches!(
        Catalog::parse(base),
        Err(CatalogError::Uncovered { .. })
    ));
    for (from, to) in [
        ("level = 1", "level = 6"),
        ("tempo = \"3-1-1-0\"", "tempo = \"fast\""),
        ("pattern = \"hinge\"", "pattern = \"squat\""),
        ("how = ", "colour = \"red\"\nhow = "),
    ] {
        let text = base.replace(from, to);
        assert!(
            matches!(Catalog::parse(&text), Err(CatalogError::Syntax(_))),
            "{to}"
        );
    }
}

#[test]
fn lookup_suggests_ids_a_typo_away() {
    let catalog = Catalog::builtin();
    let err = catalog.lookup("side-brige").unwrap_err();
    assert!(err.message.contains("did you mean side-bridge"), "{err}");
    let err = catalog.lookup("zzzzzzzzzzzz").unwrap_err();
    assert!(err.message.contains("keel exercises"), "{err}");
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
}
