//! A Strong comma export of any size, as `crates/keel-io/benches/import.rs`
//! makes it: workouts of 20 sets over 5 exercises (some in the catalog,
//! some the user's own), with warm-up, failure and drop flags, rest-timer
//! rows, RPE on a third of the rows and quoted notes with escaped quotes.

use std::fmt::Write as _;

pub fn strong_csv(rows: usize) -> String {
    const EXERCISES: [&str; 5] = [
        "Deadlift (Barbell)",
        "Romanian Deadlift (Barbell)",
        "Hip Thrust (Barbell)",
        "Lat Pulldown (Cable)",
        "Plank",
    ];
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for i in 0..rows {
        let workout = i / 20;
        let (day, minute) = (workout / 2, (workout % 2) * 600);
        let date = jiff::civil::date(2010, 1, 1)
            .checked_add(jiff::Span::new().days(day as i64))
            .unwrap_or(jiff::civil::date(2010, 1, 1));
        let exercise = EXERCISES[(i / 4) % 5];
        let order = match i % 20 {
            0 => "W".to_string(),
            7 => "F".to_string(),
            11 => "D".to_string(),
            19 => "Rest Timer".to_string(),
            n => (n % 4 + 1).to_string(),
        };
        let rpe = if i % 3 == 0 { "8.5" } else { "" };
        let note = if i % 50 == 0 {
            "\"felt strong, \"\"easy\"\"\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{date} {:02}:{:02}:00,\"Legs {}\",1h 5m,\"{exercise}\",{order},{}.5,{},0,0.0,{note},,{rpe}",
            8 + minute / 60,
            minute % 60,
            workout % 7,
            40 + i % 100,
            1 + i % 12,
        );
    }
    out
}
