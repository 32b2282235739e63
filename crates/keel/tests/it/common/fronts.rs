//! One athlete's actions through each front end: the `keel` commands, the
//! web forms (posted to `keel serve` as a browser posts them) and the JSON
//! API (on the same server). Each action takes the same plain inputs, so a
//! test can run one story through all three and compare what was stored.
//!
//! The server is started for one action at a time, with `--date` the
//! action's day, as the CLI's `--date` pins its "today".

use keel_app::journal::Journal;
use keel_app::steps;
use keel_store::{SqliteStore, StoredSet};
use serde_json::{Value, json};

use super::served::{Reply, Served, form_defaults, serve_on};
use super::{Env, ONBOARD_ARGS};

/// A front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    Cli,
    Web,
    Api,
}

impl Front {
    pub const ALL: [Front; 3] = [Front::Cli, Front::Web, Front::Api];

    pub fn name(self) -> &'static str {
        match self {
            Front::Cli => "CLI",
            Front::Web => "web forms",
            Front::Api => "API",
        }
    }
}

/// One set's answers, as the athlete gives them on any front end.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetInput<'a> {
    /// In the prescription's unit; `None` with sides given.
    pub actual: Option<u32>,
    pub left: Option<u32>,
    pub right: Option<u32>,
    /// As typed ("16", "16kg", "35 lb", "bw"); `None` for the prescribed load.
    pub load: Option<&'a str>,
    /// `None`: the athlete did not rate the set.
    pub rpe: Option<u8>,
    /// Reps done without a fault (rep sets).
    pub quality_reps: Option<u8>,
    pub faults: &'a [&'a str],
    pub pain: u8,
    pub sharp_pain: bool,
    pub note: Option<&'a str>,
    /// The red-flag screen's "yes" answers, given when pain is logged.
    pub red_flags: &'a [&'a str],
}

/// A correction: `None` keeps what was logged.
#[derive(Debug, Clone, Copy, Default)]
pub struct Correction<'a> {
    pub actual: Option<u32>,
    pub load: Option<&'a str>,
    pub rpe: Option<u8>,
    /// Removes the logged RPE (the set was not rated after all).
    pub clear_rpe: bool,
    pub quality_reps: Option<u8>,
    pub faults: Option<&'a [&'a str]>,
    pub pain: Option<u8>,
    pub note: Option<&'a str>,
}

/// The same fixed athlete on every front end (the CLI's [`ONBOARD_ARGS`]).
const DAYS: [&str; 3] = ["mon", "wed", "fri"];
const EQUIPMENT: [&str; 5] = ["dowel", "bench", "kettlebell", "dumbbell", "band"];
const TESTS: [(&str, u32); 8] = [
    ("extensor", 120),
    ("flexor", 100),
    ("side-bridge-right", 60),
    ("side-bridge-left", 55),
    ("prone-plank", 70),
    ("hip-hinge", 2),
    ("bird-dog", 2),
    ("dead-bug", 2),
];
const RED_FLAGS: [&str; 8] = [
    "pain-below-knee",
    "numbness-or-tingling",
    "leg-weakness",
    "bladder-or-bowel",
    "saddle-numbness",
    "fever-or-weight-loss",
    "major-trauma",
    "night-pain",
];

/// An athlete with a database of their own, acting through `front`.
pub struct Athlete {
    pub front: Front,
    pub env: Env,
}

impl Athlete {
    pub fn new(front: Front) -> Athlete {
        Athlete {
            front,
            env: Env::new(),
        }
    }

    /// `keel ARGS` on `day`; its standard error when it fails.
    fn try_cli(&self, day: &str, args: &[String]) -> Result<(), String> {
        let out = self
            .env
            .keel_on(day)
            .args(args)
            .output()
            .expect("keel runs");
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn cli(&self, day: &str, args: &[String]) -> String {
        let out = self
            .env
            .keel_on(day)
            .args(args)
            .output()
            .expect("keel runs");
        assert!(
            out.status.success(),
            "keel {} failed ({}): {}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn server(&self, day: &str) -> Served {
        serve_on(&self.env, day)
    }

    /// Onboarding: the profile, a clear red-flag screen, the baseline tests.
    pub fn onboard(&self, day: &str) {
        self.onboard_answering(day, &[]);
    }

    /// Onboarding with the red-flag screen's "yes" answers `red_flags`.
    pub fn onboard_answering(&self, day: &str, red_flags: &[&str]) {
        match self.front {
            Front::Cli => {
                let mut args: Vec<String> = ONBOARD_ARGS
                    .iter()
                    .filter(|a| red_flags.is_empty() || **a != "--no-red-flags")
                    .map(|s| s.to_string())
                    .collect();
                args.extend(
                    red_flags
                        .iter()
                        .flat_map(|f| ["--red-flag".into(), f.to_string()]),
                );
                self.cli(day, &args);
            }
            Front::Web => {
                let mut form: Vec<(&str, String)> = vec![
                    ("sex", "male".into()),
                    ("training-age", "2".into()),
                    ("pain", "1".into()),
                ];
                form.extend(DAYS.iter().map(|d| ("day", d.to_string())));
                form.extend(EQUIPMENT.iter().map(|e| ("equipment", e.to_string())));
                let flags: Vec<String> = RED_FLAGS.iter().map(|f| format!("flag-{f}")).collect();
                form.extend(RED_FLAGS.iter().zip(&flags).map(|(slug, field)| {
                    let yes = red_flags.contains(slug);
                    (field.as_str(), if yes { "yes" } else { "no" }.to_string())
                }));
                form.extend(TESTS.iter().map(|(k, v)| (*k, v.to_string())));
                let reply = self.server(day).form("/onboarding", &form);
                // Planned: on to the report; halted: the clinician message.
                let status = if red_flags.is_empty() { 303 } else { 200 };
                expect(&reply, status, "onboarding form");
            }
            Front::Api => {
                let tests: serde_json::Map<String, Value> = TESTS
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                let body = json!({
                    "profile": {
                        "sex": "male",
                        "training_age": "2",
                        "training_days": DAYS,
                        "equipment": EQUIPMENT,
                        "pain_now": 1,
                    },
                    "red_flags": red_flags,
                    "tests": tests,
                });
                let reply = self.server(day).json("POST", "/api/v1/onboarding", &body);
                let status = if red_flags.is_empty() { 201 } else { 200 };
                expect(&reply, status, "POST /api/v1/onboarding");
            }
        }
    }

    /// The exercise of today's slot `slot` and the number of its next set.
    pub fn slot(&self, day: &str, slot: usize) -> (String, u8) {
        let store = SqliteStore::open(&self.env.db()).expect("the database opens");
        let journal = Journal::load(&store).expect("a plan");
        let date: jiff::civil::Date = day.parse().expect("a date");
        let planned = journal
            .session_planned_on(date)
            .expect("the plan reads")
            .unwrap_or_else(|| panic!("no session on {day}"));
        let today = steps::today(&planned, journal.session_logged(date), &journal.settings);
        let this = today
            .get(slot)
            .unwrap_or_else(|| panic!("no slot {slot} on {day}"));
        let next = this
            .next_step()
            .unwrap_or_else(|| panic!("slot {slot} on {day} is done"));
        (this.slot.exercise.to_string(), next.number)
    }

    /// The index of `exercise` among the slots of `day`'s session.
    pub fn slot_of(&self, day: &str, exercise: &str) -> usize {
        let store = SqliteStore::open(&self.env.db()).expect("the database opens");
        let journal = Journal::load(&store).expect("a plan");
        let date: jiff::civil::Date = day.parse().expect("a date");
        let planned = journal
            .session_planned_on(date)
            .expect("the plan reads")
            .unwrap_or_else(|| panic!("no session on {day}"));
        planned
            .slots
            .iter()
            .chain(planned.transfer.iter())
            .position(|s| s.exercise.as_str() == exercise)
            .unwrap_or_else(|| panic!("no {exercise} on {day}"))
    }

    /// The next set of today's slot `slot`; exactly one set is stored.
    pub fn log(&self, day: &str, slot: usize, set: SetInput) {
        let before = self.sets().len();
        if let Err(refusal) = self.try_log(day, slot, set) {
            panic!("{}: the set was refused: {refusal}", self.front.name());
        }
        assert_eq!(
            self.sets().len(),
            before + 1,
            "{}: logging a set of slot {slot} on {day} stored one set",
            self.front.name()
        );
    }

    /// The next set of today's slot `slot`, or the refusal's text.
    pub fn try_log(&self, day: &str, slot: usize, set: SetInput) -> Result<(), String> {
        let (exercise, number) = self.slot(day, slot);
        let screened = set.pain > 0 || set.sharp_pain;
        match self.front {
            Front::Cli => {
                let mut args: Vec<String> =
                    vec!["log".into(), exercise, "--sets".into(), "1".into()];
                let mut flag = |name: &str, value: String| {
                    args.push(format!("--{name}"));
                    args.push(value);
                };
                if let Some(a) = set.actual {
                    flag("actual", a.to_string());
                }
                if let Some(l) = set.left {
                    flag("left", l.to_string());
                }
                if let Some(r) = set.right {
                    flag("right", r.to_string());
                }
                if let Some(load) = set.load {
                    flag("load", load.to_string());
                }
                if let Some(rpe) = set.rpe {
                    flag("rpe", rpe.to_string());
                }
                if let Some(q) = set.quality_reps {
                    flag("quality-reps", q.to_string());
                }
                for fault in set.faults {
                    flag("fault", fault.to_string());
                }
                flag("pain", set.pain.to_string());
                if let Some(note) = set.note {
                    flag("note", note.to_string());
                }
                if set.sharp_pain {
                    args.push("--sharp-pain".into());
                }
                if screened {
                    args.extend(cli_screen(set.red_flags));
                }
                self.try_cli(day, &args)
            }
            Front::Web => {
                let mut form: Vec<(&str, String)> =
                    vec![("slot", slot.to_string()), ("set", number.to_string())];
                if let Some(a) = set.actual {
                    form.push(("actual", a.to_string()));
                }
                if let Some(l) = set.left {
                    form.push(("left", l.to_string()));
                }
                if let Some(r) = set.right {
                    form.push(("right", r.to_string()));
                }
                if let Some(load) = set.load {
                    form.push(("load", load.to_string()));
                }
                // Not rated: the form's "not rated" chip posts an empty value.
                form.push(("rpe", set.rpe.map(|r| r.to_string()).unwrap_or_default()));
                if let Some(q) = set.quality_reps {
                    form.push(("quality", q.to_string()));
                }
                form.extend(set.faults.iter().map(|f| ("fault", f.to_string())));
                form.push(("pain", set.pain.to_string()));
                if let Some(note) = set.note {
                    form.push(("note", note.to_string()));
                }
                if set.sharp_pain {
                    form.push(("sharp", "on".into()));
                }
                if screened {
                    form.extend(web_screen(set.red_flags));
                }
                let reply = self.server(day).form("/session/log", &form);
                answered(reply, 303)
            }
            Front::Api => {
                let mut body = json!({
                    "slot": slot,
                    // The API needs `actual`; with both sides given it is
                    // their weaker one, as on every front end.
                    "actual": set.actual.or(set.right).or(set.left).unwrap_or(0),
                    "faults": set.faults,
                    "pain": set.pain,
                    "sharp_pain": set.sharp_pain,
                });
                if let Some(rpe) = set.rpe {
                    body["rpe"] = json!(rpe);
                }
                if let Some(q) = set.quality_reps {
                    body["quality_reps"] = json!(q);
                }
                if let Some(l) = set.left {
                    body["left"] = json!(l);
                }
                if let Some(r) = set.right {
                    body["right"] = json!(r);
                }
                if let Some(load) = set.load {
                    put_api_load(&mut body, load);
                }
                if let Some(note) = set.note {
                    body["note"] = json!(note);
                }
                if screened {
                    body["red_flags"] = json!(set.red_flags);
                }
                let reply = self.server(day).json("POST", "/api/v1/sets", &body);
                answered(reply, 201)
            }
        }
    }

    /// Every stored set, oldest first.
    pub fn sets(&self) -> Vec<StoredSet> {
        let store = SqliteStore::open(&self.env.db()).expect("the database opens");
        keel_store::Store::sessions(&store, None, None)
            .expect("sessions")
            .into_iter()
            .flat_map(|s| s.sets)
            .collect()
    }

    /// The id of the `n`th stored set (0-based, oldest first).
    pub fn set_id(&self, n: usize) -> i64 {
        self.sets()
            .get(n)
            .unwrap_or_else(|| panic!("no set {n}"))
            .id
    }

    /// Corrects set `id`, the red-flag screen answered clear (asked only
    /// when the correction adds pain). Returns the refusal when there is one.
    pub fn try_correct(&self, day: &str, id: i64, c: Correction) -> Result<(), String> {
        match self.front {
            Front::Cli => {
                let mut args: Vec<String> = vec!["edit".into(), id.to_string()];
                let mut flag = |name: &str, value: String| {
                    args.push(format!("--{name}"));
                    args.push(value);
                };
                if let Some(a) = c.actual {
                    flag("actual", a.to_string());
                }
                if let Some(load) = c.load {
                    flag("load", load.to_string());
                }
                if let Some(rpe) = c.rpe {
                    flag("rpe", rpe.to_string());
                }
                if c.clear_rpe {
                    flag("rpe", "none".to_string());
                }
                if let Some(q) = c.quality_reps {
                    flag("quality-reps", q.to_string());
                }
                if let Some(faults) = c.faults {
                    for fault in faults {
                        flag("fault", fault.to_string());
                    }
                }
                if let Some(pain) = c.pain {
                    flag("pain", pain.to_string());
                }
                if let Some(note) = c.note {
                    flag("note", note.to_string());
                }
                if c.faults.is_some_and(|f| f.is_empty()) {
                    args.push("--no-faults".into());
                }
                args.push("--no-red-flags".into());
                self.try_cli(day, &args)
            }
            Front::Web => {
                // The history form as the page fills it in, with the
                // correction typed over it.
                let server = self.server(day);
                let path = format!("/history/set/{id}");
                let page = server.get(&path);
                expect(&page, 200, "the correction page");
                let mut form = form_defaults(&page.body, &path);
                let mut put = |name: &str, value: Option<String>| {
                    if let Some(value) = value {
                        form.retain(|(k, _)| k != name);
                        form.push((name.to_string(), value));
                    }
                };
                put("actual", c.actual.map(|a| a.to_string()));
                put("load", c.load.map(str::to_string));
                put("rpe", c.rpe.map(|r| r.to_string()));
                // The select's "not given" option.
                put("rpe", c.clear_rpe.then(String::new));
                put("quality", c.quality_reps.map(|q| q.to_string()));
                put("pain", c.pain.map(|p| p.to_string()));
                put("note", c.note.map(str::to_string));
                if let Some(faults) = c.faults {
                    form.retain(|(k, _)| k != "fault");
                    form.extend(faults.iter().map(|f| ("fault".to_string(), f.to_string())));
                }
                form.extend(web_screen(&[]).into_iter().map(|(k, v)| (k.to_string(), v)));
                let form: Vec<(&str, String)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                answered(server.form(&path, &form), 303)
            }
            Front::Api => {
                let mut body = json!({ "red_flags": [] });
                if let Some(a) = c.actual {
                    body["actual"] = json!(a);
                }
                if let Some(load) = c.load {
                    put_api_load(&mut body, load);
                }
                if let Some(rpe) = c.rpe {
                    body["rpe"] = json!(rpe);
                }
                if c.clear_rpe {
                    body["rpe"] = Value::Null;
                }
                if let Some(q) = c.quality_reps {
                    body["quality_reps"] = json!(q);
                }
                if let Some(faults) = c.faults {
                    body["faults"] = json!(faults);
                }
                if let Some(pain) = c.pain {
                    body["pain"] = json!(pain);
                }
                if let Some(note) = c.note {
                    body["note"] = json!(note);
                }
                let reply = self
                    .server(day)
                    .json("PATCH", &format!("/api/v1/sets/{id}"), &body);
                answered(reply, 200)
            }
        }
    }

    pub fn correct(&self, day: &str, id: i64, c: Correction) {
        if let Err(refusal) = self.try_correct(day, id, c) {
            panic!(
                "{}: the correction of set {id} was refused: {refusal}",
                self.front.name()
            );
        }
    }

    pub fn delete(&self, day: &str, id: i64) {
        match self.front {
            Front::Cli => {
                self.cli(day, &["delete".into(), id.to_string(), "--yes".into()]);
            }
            Front::Web => {
                let reply = self.server(day).form(
                    &format!("/history/set/{id}/delete"),
                    &[("confirm", "on".into())],
                );
                expect(&reply, 303, "the delete form");
            }
            Front::Api => {
                let reply = self.server(day).send(
                    "DELETE",
                    &format!("/api/v1/sets/{id}"),
                    "application/json",
                    &[],
                    "",
                );
                expect(&reply, 204, "DELETE /api/v1/sets/{id}");
            }
        }
    }

    /// Deletes everything logged on `date`, confirmed, acting on `day`.
    pub fn delete_day(&self, day: &str, date: &str) {
        match self.front {
            Front::Cli => {
                self.cli(
                    day,
                    &[
                        "delete".into(),
                        "--session".into(),
                        date.into(),
                        "--yes".into(),
                    ],
                );
            }
            Front::Web => {
                // The history page's link, then its confirmation form.
                let server = self.server(day);
                let path = format!("/history/day/{date}/delete");
                let page = server.get(&path);
                expect(&page, 200, "the delete-a-day page");
                let form = form_defaults(&page.body, &path);
                let form: Vec<(&str, String)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                expect(&server.form(&path, &form), 303, "the delete-a-day form");
            }
            Front::Api => {
                let reply = self.server(day).send(
                    "DELETE",
                    &format!("/api/v1/sessions/{date}"),
                    "application/json",
                    &[],
                    "",
                );
                expect(&reply, 204, "DELETE /api/v1/sessions/{date}");
            }
        }
    }

    /// The day's session summary: minutes and session RPE.
    pub fn summary(&self, day: &str, minutes: u16, session_rpe: u8) {
        self.summary_as(day, minutes, session_rpe, None, None);
    }

    /// The day's session summary with a note on the session.
    pub fn summary_noted(&self, day: &str, minutes: u16, session_rpe: u8, note: &str) {
        self.summary_as(day, minutes, session_rpe, Some(note), None);
    }

    /// A further session on a day that has a summary ("add": both kept).
    pub fn further_session(&self, day: &str, minutes: u16, session_rpe: u8) {
        self.summary_as(day, minutes, session_rpe, None, Some("add"));
    }

    /// A session summary, with its note and `mode` ("add" or "replace")
    /// when given.
    fn summary_as(
        &self,
        day: &str,
        minutes: u16,
        session_rpe: u8,
        note: Option<&str>,
        mode: Option<&str>,
    ) {
        match self.front {
            Front::Cli => {
                let mut args = vec![
                    "log".to_string(),
                    "--minutes".into(),
                    minutes.to_string(),
                    "--session-rpe".into(),
                    session_rpe.to_string(),
                ];
                if let Some(note) = note {
                    args.extend(["--note".to_string(), note.to_string()]);
                }
                args.extend(mode.map(|m| format!("--{m}")));
                self.cli(day, &args);
            }
            Front::Web => {
                let mut form = vec![
                    ("minutes", minutes.to_string()),
                    ("session_rpe", session_rpe.to_string()),
                ];
                form.extend(note.map(|n| ("note", n.to_string())));
                form.extend(mode.map(|m| ("mode", m.to_string())));
                let reply = self.server(day).form("/session/summary", &form);
                expect(&reply, 303, "the session summary form");
            }
            Front::Api => {
                let mut body = json!({"minutes": minutes, "session_rpe": session_rpe});
                if let Some(note) = note {
                    body["note"] = json!(note);
                }
                if let Some(mode) = mode {
                    body["mode"] = json!(mode);
                }
                let reply = self
                    .server(day)
                    .json("POST", "/api/v1/session/summary", &body);
                expect(&reply, 200, "POST /api/v1/session/summary");
            }
        }
    }

    /// The readiness check-in: sleep, fatigue, stress, soreness (1-7).
    pub fn readiness(&self, day: &str, [sleep, fatigue, stress, soreness]: [u8; 4]) {
        let items = [
            ("sleep", sleep),
            ("fatigue", fatigue),
            ("stress", stress),
            ("soreness", soreness),
        ];
        match self.front {
            Front::Cli => {
                let mut args = vec!["checkin".to_string()];
                for (name, value) in items {
                    args.push(format!("--{name}"));
                    args.push(value.to_string());
                }
                self.cli(day, &args);
            }
            Front::Web => {
                let form: Vec<(&str, String)> =
                    items.iter().map(|(k, v)| (*k, v.to_string())).collect();
                let reply = self.server(day).form("/checkin/readiness", &form);
                expect(&reply, 303, "the readiness form");
            }
            Front::Api => {
                let mut body = json!({"kind": "readiness"});
                for (name, value) in items {
                    body[name] = json!(value);
                }
                let reply = self.server(day).json("POST", "/api/v1/checkins", &body);
                expect(&reply, 201, "POST /api/v1/checkins");
            }
        }
    }

    /// The next-morning check-in.
    pub fn morning(&self, day: &str, pain_usual: bool, stiffness_usual: bool, soreness: u8) {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        match self.front {
            Front::Cli => {
                self.cli(
                    day,
                    &[
                        "checkin".into(),
                        "--morning".into(),
                        "--pain-back-to-usual".into(),
                        yes_no(pain_usual),
                        "--stiffness-back-to-usual".into(),
                        yes_no(stiffness_usual),
                        "--soreness".into(),
                        soreness.to_string(),
                    ],
                );
            }
            Front::Web => {
                let reply = self.server(day).form(
                    "/checkin/morning",
                    &[
                        ("pain_back_to_usual", yes_no(pain_usual)),
                        ("stiffness_back_to_usual", yes_no(stiffness_usual)),
                        ("soreness", soreness.to_string()),
                    ],
                );
                expect(&reply, 303, "the morning form");
            }
            Front::Api => {
                let body = json!({
                    "kind": "morning",
                    "pain_back_to_usual": pain_usual,
                    "stiffness_back_to_usual": stiffness_usual,
                    "soreness": soreness,
                });
                let reply = self.server(day).json("POST", "/api/v1/checkins", &body);
                expect(&reply, 201, "POST /api/v1/checkins");
            }
        }
    }

    /// Changes one setting.
    pub fn setting(&self, day: &str, key: &str, value: i64) {
        match self.front {
            Front::Cli => {
                self.cli(
                    day,
                    &[
                        "settings".into(),
                        "set".into(),
                        key.into(),
                        value.to_string(),
                    ],
                );
            }
            Front::Web => {
                let reply = self
                    .server(day)
                    .form("/settings", &[(key, value.to_string())]);
                expect(&reply, 303, "the settings form");
            }
            Front::Api => {
                let body = json!({ key: value });
                let reply = self.server(day).json("PATCH", "/api/v1/settings", &body);
                expect(&reply, 200, "PATCH /api/v1/settings");
            }
        }
    }

    /// A retest of some of the tests (the rest are carried forward).
    pub fn retest(&self, day: &str, tests: &[(&str, u32)]) {
        match self.front {
            Front::Cli => {
                let mut args = vec!["assess".to_string()];
                for (key, value) in tests {
                    args.push(format!("--{key}"));
                    args.push(value.to_string());
                }
                self.cli(day, &args);
            }
            Front::Web => {
                let form: Vec<(&str, String)> =
                    tests.iter().map(|(k, v)| (*k, v.to_string())).collect();
                let reply = self.server(day).form("/assess", &form);
                expect(&reply, 200, "the retest form");
            }
            Front::Api => {
                let tests: serde_json::Map<String, Value> = tests
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                let reply = self.server(day).json(
                    "POST",
                    "/api/v1/assessments",
                    &json!({ "tests": tests }),
                );
                expect(&reply, 201, "POST /api/v1/assessments");
            }
        }
    }

    /// A new plan version from the latest assessment, starting today.
    pub fn new_plan(&self, day: &str) {
        match self.front {
            Front::Cli => {
                self.cli(day, &["plan".into(), "--new".into()]);
            }
            Front::Web => {
                let reply = self.server(day).form("/plan/new", &[]);
                expect(&reply, 303, "the new plan form");
            }
            Front::Api => {
                let reply =
                    self.server(day)
                        .send("POST", "/api/v1/plan", "application/json", &[], "");
                expect(&reply, 201, "POST /api/v1/plan");
            }
        }
    }

    /// Resumes after a red flag, confirmed, with a note.
    pub fn resume(&self, day: &str, note: &str) {
        match self.front {
            Front::Cli => {
                self.cli(
                    day,
                    &[
                        "resume".into(),
                        "--confirm".into(),
                        "--note".into(),
                        note.into(),
                    ],
                );
            }
            Front::Web => {
                let reply = self.server(day).form(
                    "/resume",
                    &[("confirm", "on".into()), ("note", note.into())],
                );
                expect(&reply, 303, "the resume form");
            }
            Front::Api => {
                let body = json!({"confirm": true, "note": note});
                let reply = self.server(day).json("POST", "/api/v1/resume", &body);
                expect(&reply, 200, "POST /api/v1/resume");
            }
        }
    }
}

/// The CLI's red-flag screen: each yes, or none.
fn cli_screen(flags: &[&str]) -> Vec<String> {
    if flags.is_empty() {
        return vec!["--no-red-flags".into()];
    }
    flags
        .iter()
        .flat_map(|f| ["--red-flag".to_string(), f.to_string()])
        .collect()
}

/// The web's red-flag screen, as its form posts it: answered, and each yes.
fn web_screen(flags: &[&str]) -> Vec<(&'static str, String)> {
    let mut fields = vec![("screened", "on".to_string())];
    fields.extend(flags.iter().map(|f| ("flag", f.to_string())));
    fields
}

/// A typed load as the API sends it: a number and, when the text has one,
/// its unit (`load_unit`); bodyweight is 0.
pub fn put_api_load(body: &mut Value, text: &str) {
    let lower = text.trim().to_ascii_lowercase();
    if matches!(lower.as_str(), "bw" | "bodyweight") {
        body["load"] = json!(0);
        return;
    }
    let (number, unit) = match (lower.strip_suffix("kg"), lower.strip_suffix("lb")) {
        (Some(n), _) => (n, Some("kg")),
        (_, Some(n)) => (n, Some("lb")),
        _ => (lower.as_str(), None),
    };
    let amount: f64 = number.trim().parse().expect("a number");
    body["load"] = json!(amount);
    if let Some(unit) = unit {
        body["load_unit"] = json!(unit);
    }
}

/// `Ok` when the server answered `status`, else the answer's body.
fn answered(reply: Reply, status: u16) -> Result<(), String> {
    if reply.status == status {
        Ok(())
    } else {
        Err(format!("{} {}", reply.status, reply.body))
    }
}

fn expect(reply: &Reply, status: u16, what: &str) {
    assert_eq!(
        reply.status, status,
        "{what}: {}\n{}",
        reply.head, reply.body
    );
}
