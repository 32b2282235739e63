//! Strong and Hevy import: the real exports in `fixtures/`, every variant
//! the apps write, and malformed files refused with their line and column.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use jiff::civil::DateTime;
use keel_core::catalog::ExerciseId;
use keel_core::history::{ExerciseRef, ImportSource, ImportedSet, SetKind};
use keel_io::import::{
    ImportError, ImportLimits, Location, ParseOptions, ParsedImport, SkipReason, Units, parse,
    parse_with, plan,
};

const STRONG: &[u8] = include_bytes!("../fixtures/strong_export.csv");
const HEVY: &[u8] = include_bytes!("../fixtures/hevy_export.csv");

fn ok(text: &str) -> ParsedImport {
    parse("test.csv", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &[u8]) -> ImportError {
    match parse("bad.csv", text) {
        Ok(p) => panic!("expected an error, parsed {} sets", p.sets.len()),
        Err(e) => e,
    }
}

fn at(e: &ImportError) -> (usize, usize) {
    let Location { line, column } = e.location.unwrap();
    (line, column)
}

fn dt(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn catalog(id: &str) -> ExerciseRef {
    ExerciseRef::Catalog(ExerciseId::new(id))
}

#[test]
fn strong_fixture_reads_every_row_with_flags_and_catalog_names() {
    let p = parse("strong_export.csv", STRONG).unwrap();
    assert_eq!(p.source, ImportSource::Strong);
    assert_eq!(p.rows_read, 10);
    assert_eq!(p.sets.len(), 10);
    assert!(p.skipped.is_empty());
    let kinds: Vec<SetKind> = p.sets.iter().map(|s| s.kind).collect();
    use SetKind::*;
    assert_eq!(
        kinds,
        [
            Normal, Normal, Failure, Normal, Normal, Normal, Normal, WarmUp, Normal, Drop
        ]
    );
    let first = &p.sets[0];
    assert_eq!(first.started_at, dt("2024-06-18T11:04:00"));
    assert_eq!(first.date().to_string(), "2024-06-18");
    assert_eq!(first.workout, "Deadlift 1RPM");
    assert_eq!(first.workout_seconds, Some(3600));
    assert_eq!(first.exercise, catalog("tempo-deadlift"));
    assert_eq!(first.exercise_name, "Deadlift (Barbell)");
    assert_eq!((first.weight_kg, first.reps), (Some(60.0), Some(5)));
    assert_eq!((first.seconds, first.metres, first.rpe), (None, None, None));
    // A failed set keeps its 0 reps; positions count within the exercise.
    assert_eq!(p.sets[2].reps, Some(0));
    assert_eq!(
        p.sets.iter().map(|s| s.position).collect::<Vec<_>>()[..3],
        [1, 2, 3]
    );
    assert_eq!(p.sets[3].exercise, catalog("hip-thrust"));
    assert_eq!(p.sets[5].exercise, catalog("romanian-deadlift"));
    // Names no alias matches stay the user's own.
    assert_eq!(
        p.sets[7].exercise,
        ExerciseRef::Own("Lat Pulldown (Cable)".into())
    );
    assert_eq!(
        p.sets[9].exercise,
        ExerciseRef::Own("Bicep Curl (Cable)".into())
    );
    assert_eq!(p.set_lines, (2..=11).collect::<Vec<_>>());
}

#[test]
fn hevy_fixture_reads_rpe_durations_and_own_exercises() {
    let p = parse("hevy_export.csv", HEVY).unwrap();
    assert_eq!(p.source, ImportSource::Hevy);
    assert_eq!((p.rows_read, p.sets.len()), (7, 7));
    let first = &p.sets[0];
    assert_eq!(first.started_at, dt("2026-04-06T17:16:00"));
    assert_eq!(first.workout, "Lower");
    // 17:16 to 18:03.
    assert_eq!(first.workout_seconds, Some(47 * 60));
    assert_eq!(first.exercise, catalog("romanian-deadlift"));
    assert_eq!((first.weight_kg, first.reps), (Some(40.0), Some(10)));
    assert_eq!(first.rpe.unwrap().get(), 6.0);
    assert_eq!(p.sets[4].rpe.unwrap().get(), 8.5);
    assert_eq!(p.sets[4].position, 3);
    assert_eq!(p.sets[6].weight_kg, Some(17.5));
    assert_eq!(
        p.sets[5].exercise,
        ExerciseRef::Own("Triceps Pushdown".into())
    );
    assert!(p.sets.iter().all(|s| s.kind == SetKind::Normal));
}

#[test]
fn strong_semicolon_variant_with_unit_columns_and_decimal_commas() {
    let text = "\"Date\";\"Workout Name\";\"Exercise Name\";\"Set Order\";\"Weight\";\"Weight Unit\";\"Reps\";\"RPE\";\"Distance\";\"Distance Unit\";\"Seconds\";\"Notes\";\"Workout Notes\";\"Workout Duration\"\n\
        2019-01-11 12:31:54;\"Leg\";\"Deadlift (Barbell)\";1;100;lbs;5;7,5;;;0;\"\";\"\";\"1h 5m\"\n\
        2019-01-11 12:31:54;\"Leg\";\"Farmer's Walk\";1;22,5;kg;0;;0,5;mi;40;\"grip, not back\";\"\";\"1h 5m\"\n";
    let p = ok(text);
    assert_eq!(p.source, ImportSource::Strong);
    let dl = &p.sets[0];
    assert_eq!(dl.weight_kg, Some(45.359237));
    assert_eq!(dl.rpe.unwrap().get(), 7.5);
    assert_eq!(dl.workout_seconds, Some(3900));
    let walk = &p.sets[1];
    assert_eq!(walk.weight_kg, Some(22.5));
    assert_eq!(walk.reps, None);
    assert_eq!(walk.metres, Some(804.672));
    assert_eq!(walk.seconds, Some(40));
    assert_eq!(walk.notes.as_deref(), Some("grip, not back"));
}

#[test]
fn strong_workout_number_variant_and_rest_timer_rows() {
    let text = "Workout #,Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
        1,2024-06-18 11:04:00,Legs,45m,Back Extension,1,0,15,0,0,,,\n\
        1,2024-06-18 11:04:00,Legs,45m,Back Extension,Rest Timer,0,0,0,90,,,\n\
        1,2024-06-18 11:04:00,Legs,45m,Plank,1,0,0,0,60,,,\n\
        1,2024-06-18 11:04:00,Legs,45m,Plank,Rest Timer,0,0,0,60,,,\n";
    let p = ok(text);
    assert_eq!((p.rows_read, p.sets.len()), (4, 2));
    assert_eq!(p.sets[0].exercise, catalog("back-extension-reps"));
    assert_eq!((p.sets[0].weight_kg, p.sets[0].reps), (None, Some(15)));
    assert_eq!(p.sets[0].workout_seconds, Some(45 * 60));
    assert_eq!((p.sets[1].seconds, p.sets[1].reps), (Some(60), None));
    let skipped: Vec<(usize, SkipReason)> = p.skipped.iter().map(|s| (s.line, s.reason)).collect();
    assert_eq!(
        skipped,
        [(3, SkipReason::RestTimer), (5, SkipReason::RestTimer)]
    );
}

#[test]
fn strong_comma_file_in_imperial_units_when_asked() {
    let options = ParseOptions {
        units: Units::Imperial,
        ..ParseOptions::default()
    };
    let text = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
        2024-06-18 11:04:00,A,1h,Deadlift (Barbell),1,225,5,1,0,,,\n";
    let p = parse_with("x.csv", text.as_bytes(), &options, &mut |_| {}).unwrap();
    assert_eq!(p.sets[0].weight_kg, Some(225.0 * 0.45359237));
    assert_eq!(p.sets[0].metres, Some(1609.344));
}

#[test]
fn hevy_pounds_set_types_durations_and_iso_dates() {
    let text = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe\n\
        Core,2026-04-06T17:16:00Z,2026-04-06T17:46:00Z,easy day,Plank,,,0,warmup,,,,45,\n\
        Core,2026-04-06T17:16:00Z,2026-04-06T17:46:00Z,easy day,Plank,,,1,normal,,,,60,8\n\
        Core,2026-04-06T17:16:00Z,2026-04-06T17:46:00Z,easy day,Deadlift (Barbell),,\"line one\nline two\",0,failure,315,3,,,10\n\
        Core,2026-04-06T17:16:00Z,2026-04-06T17:46:00Z,easy day,Deadlift (Barbell),,,1,dropset,135,10,,,\n\
        Core,2026-04-06T17:16:00Z,2026-04-06T17:46:00Z,easy day,Farmers Walk,,,0,normal,100,,0.25,,\n";
    let p = ok(text);
    let kinds: Vec<SetKind> = p.sets.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SetKind::WarmUp,
            SetKind::Normal,
            SetKind::Failure,
            SetKind::Drop,
            SetKind::Normal
        ]
    );
    assert_eq!(p.sets[0].seconds, Some(45));
    assert_eq!(p.sets[0].exercise, catalog("prone-plank"));
    assert_eq!(p.sets[0].workout_seconds, Some(30 * 60));
    assert_eq!(p.sets[0].workout_notes.as_deref(), Some("easy day"));
    assert_eq!(p.sets[2].weight_kg, Some(315.0 * 0.45359237));
    assert_eq!(p.sets[2].notes.as_deref(), Some("line one\nline two"));
    assert_eq!(p.sets[4].metres, Some(0.25 * 1609.344));
    // The quoted note spans two lines: later rows keep their true line numbers.
    assert_eq!(p.set_lines, [2, 3, 4, 6, 7]);
}

#[test]
fn bom_crlf_and_blank_rows() {
    let text = "\u{feff}Date,Workout Name,Exercise Name,Set Order,Weight,Reps\r\n\
        2024-06-18 11:04:00,A,Plank,1,0,0\r\n\r\n\
        2024-06-18 11:04:00,A,Plank,2,0,0\r\n";
    let p = ok(text);
    assert_eq!((p.rows_read, p.sets.len()), (3, 2));
    assert_eq!(p.skipped[0].line, 3);
    assert_eq!(p.skipped[0].reason, SkipReason::BlankRow);
}

#[test]
fn same_file_twice_adds_nothing() {
    let first = parse("s.csv", STRONG).unwrap();
    let again = parse("s.csv", STRONG).unwrap();
    let keys: HashSet<String> = first.sets.iter().map(ImportedSet::key).collect();
    assert_eq!(keys.len(), 10, "every set has its own key");

    let fresh = plan(first, &HashSet::new(), &[]);
    assert_eq!(fresh.new_sets.len(), 10);
    assert_eq!(
        fresh.new_own_exercises,
        ["Bicep Curl (Cable)", "Lat Pulldown (Cable)"]
    );

    let repeat = plan(again, &keys, &fresh.new_own_exercises);
    assert!(repeat.new_sets.is_empty());
    assert!(repeat.new_own_exercises.is_empty());
    assert_eq!(repeat.skip_counts(), [(SkipReason::AlreadyImported, 10)]);
    assert_eq!(repeat.skipped[0].line, 2);
}

#[test]
fn identical_sets_in_one_workout_are_kept_apart() {
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
        2024-06-18 11:04:00,A,Deadlift,W,40,5\n\
        2024-06-18 11:04:00,A,Deadlift,W,40,5\n";
    let p = ok(text);
    assert_eq!(p.sets.len(), 2);
    assert_ne!(p.sets[0].key(), p.sets[1].key());
}

// ---- malformed files: refused whole, with file, line and column ----

const STRONG_HEAD: &str = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n";

fn strong_with(row: &str) -> Vec<u8> {
    format!("{STRONG_HEAD}2024-06-18 11:04:00,A,1h,Deadlift (Barbell),1,60,5,0,0,,,\n{row}\n")
        .into_bytes()
}

#[test]
fn empty_file() {
    for text in [&b""[..], b"\n\n", b"\xef\xbb\xbf  \n"] {
        let e = err(text);
        assert!(e.message.contains("empty"), "{e}");
        assert_eq!(e.location.map(|l| l.line), Some(1));
    }
}

#[test]
fn binary_file() {
    let mut bytes = b"Date,Workout Name\n".to_vec();
    bytes.extend(b"PNG\x00\x01\x89");
    let e = err(&bytes);
    assert!(e.to_string().starts_with("bad.csv:2:4: "), "{e}");
    assert!(e.message.contains("binary"), "{e}");
    let e = err(b"Date,\xff\xfe\n");
    assert!(e.message.contains("UTF-8"), "{e}");
    assert_eq!(at(&e), (1, 6));
}

#[test]
fn wrong_header() {
    let e = err(b"name,when,how much\nx,y,z\n");
    assert_eq!(at(&e), (1, 1));
    assert!(e.message.contains("neither a Strong nor a Hevy"), "{e}");
    assert!(e.message.contains("name, when, how much"), "{e}");
    // Recognised as Strong, but a required column is missing.
    let e = err(b"Date,Workout Name,Exercise Name,Set Order,Weight\n");
    assert!(e.message.contains("lacks the column Reps"), "{e}");
    let e = err(b"Date,Date,Exercise Name,Set Order\n");
    assert_eq!(at(&e), (1, 6));
    assert!(e.message.contains("twice"), "{e}");
}

#[test]
fn forced_format_must_match() {
    let options = ParseOptions {
        format: Some(ImportSource::Hevy),
        ..ParseOptions::default()
    };
    let e = parse_with("s.csv", STRONG, &options, &mut |_| {}).unwrap_err();
    assert!(e.message.contains("Hevy header lacks"), "{e}");
    assert!(e.message.contains("exercise_title"), "{e}");
}

#[test]
fn date_in_an_unknown_format() {
    let e = err(&strong_with(
        "18/06/2024 11:04,A,1h,Deadlift (Barbell),2,60,5,0,0,,,",
    ));
    assert_eq!(at(&e), (3, 1));
    assert_eq!(e.column_name.as_deref(), Some("Date"));
    assert!(
        e.to_string()
            .starts_with("bad.csv:3:1: Date: \"18/06/2024 11:04\""),
        "{e}"
    );
}

#[test]
fn weight_of_abc() {
    let e = err(&strong_with(
        "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,abc,5,0,0,,,",
    ));
    assert_eq!(at(&e), (3, 47));
    assert_eq!(
        e.to_string(),
        "bad.csv:3:47: Weight: \"abc\" is not a number"
    );
}

#[test]
fn bad_values_each_name_their_column() {
    let cases = [
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,60,5,0,0,,,11",
            "RPE",
            "between 0 and 10",
        ),
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,60,5,0,0,,,7.3",
            "RPE",
            "half points",
        ),
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),X,60,5,0,0,,,",
            "Set Order",
            "W (warm-up)",
        ),
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,-60,5,0,0,,,",
            "Weight",
            "negative",
        ),
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,60,5.5,0,0,,,",
            "Reps",
            "whole number",
        ),
        (
            "2024-06-18 11:04:00,A,soon,Deadlift (Barbell),2,60,5,0,0,,,",
            "Duration",
            "not a duration",
        ),
        (
            "2024-06-18 11:04:00,A,1h,,2,60,5,0,0,,,",
            "Exercise Name",
            "empty",
        ),
        (
            "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,inf,5,0,0,,,",
            "Weight",
            "not a number",
        ),
    ];
    for (row, column, words) in cases {
        let e = err(&strong_with(row));
        assert_eq!(e.column_name.as_deref(), Some(column), "{row}: {e}");
        assert!(e.message.contains(words), "{row}: {e}");
        assert_eq!(e.location.unwrap().line, 3, "{e}");
    }
}

#[test]
fn hevy_bad_set_type_and_unit() {
    let head = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n";
    let e = err(format!("{head}A,\"6 Apr 2026, 17:16\",,,Plank,,,0,heavy,,,,60,\n").as_bytes());
    assert_eq!(e.column_name.as_deref(), Some("set_type"));
    assert_eq!(at(&e), (2, 35));
    let e = err(
        b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n2024-06-18 11:04:00;A;Plank;1;10;stone;5\n",
    );
    assert_eq!(e.column_name.as_deref(), Some("Weight Unit"));
    assert!(e.message.contains("stone"), "{e}");
}

#[test]
fn ragged_rows_and_broken_quotes() {
    let e = err(&strong_with(
        "2024-06-18 11:04:00,A,1h,Deadlift (Barbell),2,60,5",
    ));
    assert_eq!(e.location.unwrap().line, 3);
    assert!(e.message.contains("7 fields but the header has 12"), "{e}");
    let e = err(&strong_with(
        "2024-06-18 11:04:00,\"A,1h,Deadlift (Barbell),2,60,5,0,0,,,",
    ));
    assert_eq!(at(&e), (3, 21));
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let options = ParseOptions {
        limits: ImportLimits {
            max_bytes: 100,
            ..ImportLimits::default()
        },
        ..ParseOptions::default()
    };
    let e = parse_with("big.csv", STRONG, &options, &mut |_| {}).unwrap_err();
    assert_eq!(e.location, None);
    assert!(e.to_string().starts_with("big.csv: the file is"), "{e}");
    assert!(ImportLimits::default().max_bytes < 50 * 1000 * 1000);
}

#[test]
fn progress_reports_reach_the_end() {
    let options = ParseOptions {
        limits: ImportLimits {
            progress_every_rows: 3,
            ..ImportLimits::default()
        },
        ..ParseOptions::default()
    };
    let mut seen = Vec::new();
    parse_with("s.csv", STRONG, &options, &mut |n| seen.push(n)).unwrap();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&STRONG.len()));
}

#[test]
fn a_workout_dated_after_the_latest_day_is_refused_with_its_line() {
    let options = ParseOptions {
        latest: Some(jiff::civil::date(2024, 6, 19)),
        ..ParseOptions::default()
    };
    let text = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
        2024-06-19 11:04:00,A,1h,Deadlift (Barbell),1,100,5,0,0,,,\n\
        2091-06-18 11:04:00,A,1h,Deadlift (Barbell),1,100,5,0,0,,,\n";
    let e = parse_with("x.csv", text.as_bytes(), &options, &mut |_| {}).unwrap_err();
    assert_eq!(e.location.map(|l| l.line), Some(3), "{e}");
    assert!(e.message.contains("2091-06-18"), "{e}");
    assert!(e.message.contains("after 2024-06-19"), "{e}");
    // Up to the latest day, and with no latest day, the file imports.
    let ok = parse_with(
        "x.csv",
        text.lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
        &options,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(ok.sets.len(), 1);
    assert_eq!(parse("x.csv", text.as_bytes()).unwrap().sets.len(), 2);
}

// One test per export shape in `fixtures/` (its README says where each was
// seen): every value the file carries arrives, in Keel's units.

fn fixture(name: &str) -> ParsedImport {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    parse(name, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn variant_strong_semicolon_with_unit_columns() {
    let p = fixture("strong_semicolon.csv");
    assert_eq!((p.source, p.sets.len()), (ImportSource::Strong, 3));
    assert_eq!(p.sets[0].weight_kg, Some(45.359237));
    assert_eq!(p.sets[0].rpe.unwrap().get(), 7.5);
    assert_eq!(p.sets[0].workout_seconds, Some(3900));
    assert_eq!(p.sets[1].exercise, catalog("farmer-carry"));
    assert_eq!(p.sets[1].metres, Some(804.672));
    assert_eq!(p.sets[1].seconds, Some(40));
    assert_eq!(p.sets[1].notes.as_deref(), Some("grip, not back"));
    assert_eq!(p.sets[2].exercise, catalog("prone-plank"));
    assert_eq!((p.sets[2].seconds, p.sets[2].metres), (Some(62), None));
}

#[test]
fn variant_strong_units_with_a_trailing_period() {
    let p = fixture("strong_unit_period.csv");
    assert_eq!(p.sets.len(), 4);
    let holds: Vec<Option<u32>> = p.sets[..3].iter().map(|s| s.seconds).collect();
    assert_eq!(holds, [Some(60), Some(75), Some(45)]);
    assert!(p.sets[..3].iter().all(|s| s.metres.is_none()));
    assert_eq!(p.sets[2].exercise, catalog("side-bridge"));
    assert_eq!(p.sets[3].metres, Some(1500.0));
    assert_eq!(p.sets[3].workout_seconds, Some(25 * 60));
}

#[test]
fn variant_strong_workout_number_and_rest_timers() {
    let p = fixture("strong_workout_number.csv");
    assert_eq!((p.rows_read, p.sets.len(), p.skipped.len()), (4, 2, 2));
    assert_eq!(p.sets[0].exercise, catalog("back-extension-reps"));
    assert_eq!(p.sets[1].seconds, Some(60));
}

#[test]
fn variant_strong_units_in_the_header() {
    let p = fixture("strong_header_units.csv");
    assert_eq!((p.source, p.sets.len()), (ImportSource::Strong, 3));
    assert_eq!(p.skipped[0].reason, SkipReason::RestTimer);
    let dl = &p.sets[0];
    assert_eq!((dl.weight_kg, dl.reps), (Some(100.0), Some(5)));
    assert_eq!(dl.rpe.unwrap().get(), 8.0);
    assert_eq!(dl.workout_seconds, Some(3120));
    assert_eq!(p.sets[1].seconds, Some(90));
    assert_eq!(p.sets[1].notes.as_deref(), Some("felt fine"));
    let walk = &p.sets[2];
    assert_eq!(walk.exercise, catalog("farmer-carry"));
    assert_eq!((walk.weight_kg, walk.metres), (Some(32.5), Some(40.0)));
}

#[test]
fn variant_strong_units_in_the_header_imperial() {
    // The header's units win over --units: this file says what it holds.
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/strong_header_units_imperial.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for units in [Units::Metric, Units::Imperial] {
        let options = ParseOptions {
            units,
            ..ParseOptions::default()
        };
        let p = parse_with("x.csv", &bytes, &options, &mut |_| {}).unwrap();
        assert_eq!(p.sets.len(), 4);
        assert_eq!(p.sets[0].kind, SetKind::WarmUp);
        assert_eq!(p.sets[1].weight_kg, Some(25.0 * 0.45359237));
        assert_eq!(p.sets[1].workout_seconds, Some(1800));
        assert_eq!(p.sets[2].seconds, Some(60));
        assert_eq!(p.sets[3].metres, Some(0.5 * 1609.344));
    }
}

#[test]
fn variant_strong_twelve_hour_times() {
    let p = fixture("strong_12_hour.csv");
    assert_eq!(p.sets[0].started_at, dt("2023-11-20T18:05:00"));
    assert_eq!(p.sets[0].seconds, Some(45));
    assert_eq!(p.sets[1].exercise, catalog("bird-dog"));
    assert_eq!(p.sets[1].reps, Some(10));
}

#[test]
fn variant_hevy_export() {
    let p = fixture("hevy_export.csv");
    assert_eq!((p.source, p.sets.len()), (ImportSource::Hevy, 7));
    assert_eq!(p.sets[4].rpe.unwrap().get(), 8.5);
}

#[test]
fn variant_hevy_imperial() {
    let p = fixture("hevy_imperial.csv");
    assert_eq!(p.sets.len(), 5);
    assert_eq!(p.sets[0].kind, SetKind::WarmUp);
    assert_eq!(p.sets[1].seconds, Some(60));
    assert_eq!(p.sets[2].weight_kg, Some(315.0 * 0.45359237));
    assert_eq!(p.sets[4].metres, Some(0.25 * 1609.344));
}

#[test]
fn variant_hevy_semicolons_and_decimal_commas() {
    let p = fixture("hevy_semicolon.csv");
    assert_eq!((p.source, p.sets.len()), (ImportSource::Hevy, 3));
    assert_eq!(p.sets[0].seconds, Some(60));
    assert_eq!(p.sets[0].rpe.unwrap().get(), 7.5);
    assert_eq!(p.sets[1].weight_kg, Some(42.5));
    assert_eq!(
        (p.sets[2].metres, p.sets[2].seconds),
        (Some(1200.0), Some(720))
    );
    assert_eq!(p.sets[0].workout_seconds, Some(34 * 60));
}

#[test]
fn header_unit_keel_does_not_know_is_refused_at_the_header() {
    let e = err(
        b"Date,Workout Name,Exercise Name,Set Order,Weight (stone),Reps\n\
        2024-06-18 11:04:00,A,Plank,1,0,0\n",
    );
    let column = "Date,Workout Name,Exercise Name,Set Order,".len() + 1;
    assert_eq!(at(&e), (1, column));
    assert_eq!(e.column_name.as_deref(), Some("Weight (stone)"));
    assert!(e.message.contains("unknown weight unit"), "{e}");
    let e = err(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Duration (days)\n\
        2024-06-18 11:04:00,A,Plank,1,0,0,1\n",
    );
    assert!(e.message.contains("unknown duration unit"), "{e}");
}

#[test]
fn a_unit_column_with_a_misspelt_unit_names_its_line() {
    let e = err("\"Date\";\"Workout Name\";\"Exercise Name\";\"Set Order\";\"Weight\";\"Reps\";\"Distance\";\"Distance Unit\"\n\
        2020-03-02 07:15:10;\"Core\";\"Plank\";1;0;0;0;mi.\n\
        2020-03-02 07:15:10;\"Core\";\"Plank\";2;0;0;0;furlongs\n"
        .as_bytes());
    assert_eq!(at(&e).0, 3);
    assert_eq!(e.column_name.as_deref(), Some("Distance Unit"));
}
