//! `keel progress` and `keel report`: key numbers, sparklines and weekly
//! load from two weeks of logged sessions, every series in JSON, and the
//! HTML report with its overwrite guard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::Env;

const DAYS: [&str; 6] = [
    "2026-03-02",
    "2026-03-04",
    "2026-03-06",
    "2026-03-09",
    "2026-03-11",
    "2026-03-13",
];
const LAST: &str = "2026-03-13";

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Side bridge every day (on every A and B day of the default plan), prone
/// plank on the A days, and each session's effort and minutes.
fn two_weeks(env: &Env) {
    env.onboard();
    for (i, day) in DAYS.iter().enumerate() {
        env.keel_on(day)
            .args(["log", "side-bridge", "--rpe", "6", "--day", day])
            .assert()
            .success();
        if i % 2 == 0 && *day != LAST {
            env.keel_on(day)
                .args(["log", "mcgill-curl-up", "--rpe", "6", "--day", day])
                .assert()
                .success();
        }
        let minutes = if i < 3 { "30" } else { "40" };
        env.keel_on(day)
            .args([
                "log",
                "--session-rpe",
                "6",
                "--minutes",
                minutes,
                "--day",
                day,
            ])
            .args(["--note", "felt <script>alert(1)</script> fine"])
            .assert()
            .success();
    }
}

#[test]
fn progress_shows_numbers_sparklines_and_weekly_load() {
    let env = Env::new();
    two_weeks(&env);
    let text = stdout(env.keel_on(LAST).arg("progress"));
    // Week one: 3 x 6 x 30 = 540; the last 7 days (03-07..03-13): 3 x 6 x 40 = 720.
    assert!(text.contains("weekly load  720"), "{text}");
    assert!(text.contains("2026-03-02     540"), "{text}");
    assert!(text.contains("2026-03-09     720"), "{text}");
    assert!(text.contains("monotony"), "{text}");
    assert!(text.contains("strain"), "{text}");
    // The three ratio forms need four weeks: said so, with the criticism beside them.
    assert!(
        text.contains("rolling coupled    not enough data yet"),
        "{text}"
    );
    assert!(text.contains("EWMA"), "{text}");
    assert!(text.contains("Impellizzeri"), "{text}");
    assert!(
        text.contains("6 of 6 planned sessions done (100 %)"),
        "{text}"
    );
    assert!(
        text.contains("Region balance, week of 2026-03-09 (cap 35 %)"),
        "{text}"
    );
    // Sparkline per exercise with first -> latest best hold, and the forecast.
    let side = text
        .lines()
        .find(|l| l.trim_start().starts_with("Side bridge"))
        .unwrap();
    let blocks = side.chars().filter(|c| ('▁'..='█').contains(c)).count();
    assert_eq!(blocks, 6, "{side}");
    // The foundation's side bridge is a pyramid of 10 s holds: clean
    // exposures add holds, never seconds (docs/method.md §4.1).
    assert!(side.contains("10 s -> 10 s"), "{side}");
    assert!(
        text.contains("forecast: not enough data yet: 6 performance tests"),
        "{text}"
    );
    // The weekly block chart: one block per week, the heavier week taller.
    assert!(text.contains("▆█"), "{text}");
}

#[test]
fn weeks_limits_the_window_and_bad_weeks_exit_2() {
    let env = Env::new();
    two_weeks(&env);
    let text = stdout(env.keel_on(LAST).args(["progress", "--weeks", "1"]));
    assert!(text.contains("Progress 2026-03-09 to 2026-03-13"), "{text}");
    assert!(!text.contains("2026-03-02     540"), "{text}");
    env.keel_on(LAST)
        .args(["progress", "--weeks", "0"])
        .assert()
        .code(2);
}

#[test]
fn json_has_every_series() {
    let env = Env::new();
    two_weeks(&env);
    let text = stdout(env.keel_on(LAST).args(["progress", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let load = v["load"].as_array().unwrap();
    assert_eq!(load.len(), 12, "one entry per day 03-02..03-13");
    assert_eq!(load[0]["load"], 180.0);
    assert_eq!(load[11]["weekly"], 720.0);
    assert_eq!(v["acwr"].as_array().unwrap().len(), 12);
    assert_eq!(v["weeks"].as_array().unwrap().len(), 2);
    assert_eq!(v["weeks"][0]["load"], 540.0);
    let exercises = v["exercises"].as_array().unwrap();
    let side = exercises
        .iter()
        .find(|e| e["exercise"] == "side-bridge")
        .unwrap();
    assert_eq!(side["trend"]["points"].as_array().unwrap().len(), 6);
    assert_eq!(side["forecast"]["target_seconds"], 20.0);
    assert_eq!(side["forecast"]["forecast"]["kind"], "not-enough-data");
    assert!(!v["balance"].as_array().unwrap().is_empty());
    assert!(!v["tension"].as_array().unwrap().is_empty());
    assert_eq!(v["adherence"]["total"]["done"], 6);
    assert!(!v["decisions"].as_array().unwrap().is_empty());
    assert_eq!(v["ratios"].as_array().unwrap().len(), 1);
    assert!(
        v["acwr_criticism"]
            .as_str()
            .unwrap()
            .contains("not an injury risk")
    );
}

#[test]
fn report_writes_a_self_contained_file_and_will_not_overwrite() {
    let env = Env::new();
    two_weeks(&env);
    let out = env.dir.path().join("report.html");
    let text = stdout(env.keel_on(LAST).arg("report").arg("--out").arg(&out));
    assert!(text.contains("report.html"), "{text}");
    let html = std::fs::read_to_string(&out).unwrap();
    for heading in keel_io::report::SECTIONS {
        assert!(html.contains(heading), "missing {heading}");
    }
    assert!(html.contains("<svg "));
    assert!(html.contains("@media print"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("http"));
    assert!(html.contains("felt &lt;script&gt;alert(1)&lt;/script&gt; fine"));
    assert!(html.contains("Side bridge"));

    // A second write without --force is refused and leaves the file alone.
    std::fs::write(&out, "kept").unwrap();
    env.keel_on(LAST)
        .arg("report")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    env.keel_on(LAST)
        .arg("report")
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().contains("<svg "));
}

#[test]
fn little_data_still_works() {
    let env = Env::new();
    env.onboard();
    let text = stdout(env.keel().arg("progress"));
    assert!(text.contains("nothing logged yet"), "{text}");
    let out = env.dir.path().join("r.html");
    env.keel()
        .arg("report")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Nothing logged yet."));
    // The onboarding assessment is there even before any training.
    assert!(html.contains("extensor hold"));
}

#[test]
fn the_ratio_windows_are_settable_and_checked() {
    let env = Env::new();
    env.onboard();
    let out = env
        .keel()
        .args([
            "progress",
            "--json",
            "--acute-days",
            "3",
            "--chronic-days",
            "14",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.keel()
        .args(["progress", "--acute-days", "28", "--chronic-days", "7"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--acute-days"));
    env.keel()
        .args(["report", "--out", "r.html", "--chronic-days", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--chronic-days"));
}

#[test]
fn imported_history_counts_in_time_under_tension() {
    let env = Env::new();
    env.onboard();
    let tension = |env: &Env| -> serde_json::Value {
        let text = stdout(env.keel_on("2026-03-04").args(["progress", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["tension"].clone()
    };
    assert_eq!(tension(&env), serde_json::json!([]));
    // Timed planks and a back extension set, imported from Strong.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keel-io/tests/fixtures/strong_unit_period.csv");
    env.keel().arg("import").arg(&fixture).assert().success();
    let weeks = tension(&env);
    let weeks = weeks.as_array().unwrap();
    assert!(!weeks.is_empty(), "{weeks:?}");
    // 2020-03-02 is a Monday: the planks (60 + 75 s) and the side plank (45 s).
    assert_eq!(weeks[0]["week_start"], "2020-03-02");
    let total: f64 = weeks[0]["seconds"]
        .as_object()
        .unwrap()
        .values()
        .map(|s| s.as_f64().unwrap())
        .sum();
    assert!(total >= 180.0, "{}", weeks[0]);
    // The planks join the hold trend.
    let text = stdout(env.keel_on("2026-03-04").args(["progress", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let plank = v["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exercise"] == "prone-plank")
        .unwrap();
    assert_eq!(plank["trend"]["points"][0]["date"], "2020-03-02");
    assert_eq!(plank["trend"]["points"][0]["best_hold_seconds"], 75.0);
}

/// The region cap on what was done (docs/method.md 5.7): a first week done
/// as planned with extra glute work runs the glutes over the cap; the next
/// week's glute work is one set fewer, and `keel progress` says both.
#[test]
fn progress_reports_a_week_over_the_region_cap_and_the_next_weeks_trim() {
    let env = Env::new();
    env.onboard();
    for day in 2..=8 {
        let date = format!("2026-03-{day:02}");
        let json = stdout(env.keel_on(&date).args(["today", "--json"]));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let Some(slots) = value["session"]["slots"].as_array() else {
            continue;
        };
        for slot in slots {
            let exercise = slot["exercise"].as_str().unwrap().to_string();
            let mut args = vec![
                "log".to_string(),
                exercise.clone(),
                "--rpe".into(),
                "6".into(),
            ];
            if slot["prescription"]["load"].is_string()
                && slot["prescription"]["load"] != "bodyweight"
            {
                args.extend(["--load".into(), "12".into()]);
            }
            if exercise.contains("glute") && slot["prescription"]["kind"] == "reps" {
                // Far more reps than asked: the glutes take the week.
                args.extend(["--actual".into(), "60".into()]);
            }
            env.keel_on(&date).args(&args).assert().success();
        }
    }
    let text = stdout(env.keel_on("2026-03-10").arg("progress"));
    assert!(text.contains("Region cap on what was done:"), "{text}");
    assert!(
        text.contains("Week 1 (from 2026-03-02): glutes took"),
        "{text}"
    );
    assert!(
        text.contains("week 2 does one set fewer of the exercises that mostly work them"),
        "{text}"
    );
    let json = stdout(env.keel_on("2026-03-10").args(["progress", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let over = value["region_overruns"].as_array().unwrap();
    assert_eq!(over.len(), 1, "{value}");
    assert_eq!(over[0]["week"], 1);
    assert_eq!(over[0]["region"], "glutes");
    assert!(over[0]["percent"].as_f64().unwrap() > 35.0, "{value}");
    // Week 2's session says why its glute work is one set fewer.
    let today = stdout(env.keel_on("2026-03-10").arg("today"));
    assert!(
        today.contains("Last week (week 1) glutes took")
            && today.contains("over the 35 % region cap: one set fewer"),
        "{today}"
    );
}
