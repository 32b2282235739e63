//! Everything a clinic's system needs as one FHIR R4 JSON `Bundle` of type
//! `collection`:
//!
//! - a pseudonymous `Patient`: an identifier the user chose (never the
//!   profile's name) and, when given, the sex asked for the norms;
//! - an `Observation` per assessment test (the McGill holds, movement
//!   quality, mobility and pain at the time), category `exam` (pain:
//!   `survey`);
//! - an `Observation` per training session with the highest pain reported
//!   in it, category `survey`;
//! - a `CarePlan` of the current plan with one activity per exercise of its
//!   main work, on hold while a red flag halts the program;
//! - a `QuestionnaireResponse` per outcome measure taken
//!   ([`questionnaire_responses`]).
//!
//! Codes are LOINC where one exists (pain: 72514-3, the 0-10 numeric
//! rating), SNOMED CT for the care plan's category (229065009, exercise
//! therapy), and otherwise Keel's own code systems under [`CODE_SYSTEMS`]:
//! `assessment` (the tests), `exercise` (the catalog ids). Quantities are
//! UCUM (`s`, `cm`, `deg`).
//!
//! Every resource has a stable `urn:uuid:` derived from the pseudonym and
//! what it records, so the same database exports the same bytes and a
//! receiving system can tell a re-sent resource from a new one.

use jiff::civil::Date;
use keel_core::assessment::AssessmentInput;
use keel_core::catalog::{Catalog, ExerciseId};
use keel_core::outcome::Outcome;
use keel_core::profile::Sex;
use keel_core::program::Prescription;
use keel_store::{ProgramStatus, StoredPlan, program_status};
use serde_json::{Value, json};

use super::{ExportError, Snapshot};

/// Where Keel's own code systems live: `<CODE_SYSTEMS>/assessment`, ...
pub const CODE_SYSTEMS: &str = "https://keel.example/fhir/CodeSystem";
/// Where the outcome measures' questionnaires are named:
/// `<QUESTIONNAIRES>/nprs`, `/psfs`, or a loaded questionnaire's id.
pub const QUESTIONNAIRES: &str = "https://keel.example/fhir/Questionnaire";
/// The system of the pseudonymous patient identifier.
pub const PSEUDONYM_SYSTEM: &str = "https://keel.example/fhir/NamingSystem/pseudonym";

const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const UCUM: &str = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
const PAIN_LOINC: (&str, &str) = (
    "72514-3",
    "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
);

/// How the export words what it cannot code: the binary passes its own
/// words for a prescription ("3 × 30 s holds").
pub struct Wording<'a> {
    pub prescription: &'a dyn Fn(&Prescription) -> String,
}

/// Refuses a pseudonym a FHIR identifier cannot carry: blank, over 64
/// characters, or with a control character.
pub fn check_pseudonym(pseudonym: &str) -> Result<(), String> {
    if pseudonym.trim().is_empty() || pseudonym.trim() != pseudonym {
        return Err("the pseudonym must not be blank or start or end with a space".into());
    }
    if pseudonym.chars().count() > 64 {
        return Err("the pseudonym is longer than 64 characters".into());
    }
    if pseudonym.chars().any(char::is_control) {
        return Err("the pseudonym holds a control character".into());
    }
    Ok(())
}

/// The Bundle as pretty-printed JSON, ending in a newline. `pseudonym` is
/// the patient's identifier in the receiving system (e.g. "K-0042").
pub fn render(
    snapshot: &Snapshot,
    pseudonym: &str,
    catalog: &Catalog,
    wording: &Wording<'_>,
) -> Result<String, ExportError> {
    let mut text = serde_json::to_string_pretty(&bundle(snapshot, pseudonym, catalog, wording))?;
    text.push('\n');
    Ok(text)
}

/// The Bundle as a JSON value.
pub fn bundle(
    snapshot: &Snapshot,
    pseudonym: &str,
    catalog: &Catalog,
    wording: &Wording<'_>,
) -> Value {
    let ids = Ids { pseudonym };
    let patient_url = ids.url("patient");
    let mut entries = vec![entry(&patient_url, patient(snapshot, pseudonym))];
    for (n, stored) in snapshot.assessments.iter().enumerate() {
        for (key, resource) in assessment(&stored.input, &patient_url) {
            entries.push(entry(&ids.url(&format!("assessment/{n}/{key}")), resource));
        }
    }
    for session in &snapshot.sessions {
        if let Some(pain) = session.sets.iter().map(|s| s.logged.set.pain.get()).max() {
            let observation = pain_observation(&patient_url, session.date, pain, "session");
            entries.push(entry(
                &ids.url(&format!("session/{}/pain", session.date)),
                observation,
            ));
        }
    }
    if let Some(plan) = snapshot.current_plan() {
        let status = program_status(&snapshot.safety_events);
        entries.push(entry(
            &ids.url(&format!("plan/{}", plan.version)),
            care_plan(plan, &status, &patient_url, catalog, wording),
        ));
    }
    for (key, response) in questionnaire_responses(snapshot, &patient_url) {
        entries.push(entry(&ids.url(&format!("outcome/{key}")), response));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": entries,
    })
}

/// A `QuestionnaireResponse` per outcome measure taken, each with a key
/// unique in the export (instrument, date, and its place among that day's
/// takings): one item per answer (the NPRS's `pain`, each PSFS activity by
/// name, a questionnaire's items by number), then the score, any subscales
/// and band. An unanswered questionnaire item has no answer.
pub fn questionnaire_responses(snapshot: &Snapshot, patient_url: &str) -> Vec<(String, Value)> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    snapshot
        .outcomes
        .iter()
        .map(|outcome| {
            let day = format!("{}/{}", outcome.instrument, outcome.date);
            let nth = match seen.iter_mut().find(|(k, _)| *k == day) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((day.clone(), 1));
                    1
                }
            };
            (
                format!("{day}/{nth}"),
                questionnaire_response(outcome, patient_url),
            )
        })
        .collect()
}

fn questionnaire_response(outcome: &Outcome, patient_url: &str) -> Value {
    let mut items: Vec<Value> = outcome
        .answers
        .iter()
        .enumerate()
        .map(|(i, answer)| {
            let mut item = json!({
                "linkId": format!("item-{}", i + 1),
                "text": answer.item,
            });
            if let Some(points) = answer.points {
                item["answer"] = json!([{ "valueInteger": points }]);
            }
            item
        })
        .collect();
    items.push(json!({
        "linkId": "score",
        "text": "Score",
        "answer": [{ "valueDecimal": outcome.score }],
    }));
    for sub in &outcome.subscores {
        items.push(json!({
            "linkId": format!("subscore-{}", sub.name),
            "text": sub.name,
            "answer": [{ "valueDecimal": sub.score }],
        }));
    }
    if let Some(band) = &outcome.band {
        items.push(json!({
            "linkId": "band",
            "text": "Band",
            "answer": [{ "valueString": band }],
        }));
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": format!("{QUESTIONNAIRES}/{}", outcome.instrument),
        "subject": { "reference": patient_url },
        "authored": outcome.date.to_string(),
        "item": items,
    })
}

fn entry(url: &str, resource: Value) -> Value {
    json!({ "fullUrl": url, "resource": resource })
}

fn patient(snapshot: &Snapshot, pseudonym: &str) -> Value {
    let mut patient = json!({
        "resourceType": "Patient",
        "identifier": [{ "system": PSEUDONYM_SYSTEM, "value": pseudonym }],
    });
    // The name stays in Keel: the patient is known by the pseudonym only.
    if let Some(sex) = snapshot.profile.as_ref().and_then(|p| p.sex) {
        patient["gender"] = json!(match sex {
            Sex::Male => "male",
            Sex::Female => "female",
        });
    }
    patient
}

fn category(code: &str, display: &str) -> Value {
    json!([{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": code, "display": display }] }])
}

fn pain_observation(patient_url: &str, date: Date, pain: u8, context: &str) -> Value {
    json!({
        "resourceType": "Observation",
        "status": "final",
        "category": category("survey", "Survey"),
        "code": {
            "coding": [{ "system": LOINC, "code": PAIN_LOINC.0, "display": PAIN_LOINC.1 }],
            "text": format!("Pain 0-10 ({context})"),
        },
        "subject": { "reference": patient_url },
        "effectiveDateTime": date.to_string(),
        "valueInteger": pain,
    })
}

/// A test's value as FHIR writes it.
enum Measured {
    Seconds(i64),
    Centimetres(i64),
    Degrees(i64),
    Score(i64),
    Passed(bool),
}

/// The assessment's tests that were done, each a keyed Observation.
fn assessment(input: &AssessmentInput, patient_url: &str) -> Vec<(String, Value)> {
    use Measured::*;
    let h = &input.holds;
    let q = &input.movement;
    let m = &input.mobility;
    let tests: Vec<(&str, &str, Option<Measured>)> = vec![
        (
            "extensor-hold",
            "Biering-Sorensen trunk extensor endurance hold",
            h.extensor.map(|s| Seconds(s.get().into())),
        ),
        (
            "flexor-hold",
            "Trunk flexor endurance hold at 60 degrees",
            h.flexor.map(|s| Seconds(s.get().into())),
        ),
        (
            "side-bridge-right",
            "Side bridge endurance hold, right",
            h.side_bridge_right.map(|s| Seconds(s.get().into())),
        ),
        (
            "side-bridge-left",
            "Side bridge endurance hold, left",
            h.side_bridge_left.map(|s| Seconds(s.get().into())),
        ),
        (
            "prone-plank",
            "Prone plank endurance hold",
            h.prone_plank.map(|s| Seconds(s.get().into())),
        ),
        (
            "hip-hinge",
            "Hip hinge movement quality (0-3)",
            q.hip_hinge.map(|s| Score(s.get().into())),
        ),
        (
            "bird-dog",
            "Bird dog movement quality (0-3)",
            q.bird_dog.map(|s| Score(s.get().into())),
        ),
        (
            "dead-bug",
            "Dead bug movement quality (0-3)",
            q.dead_bug.map(|s| Score(s.get().into())),
        ),
        (
            "toe-touch",
            "Toe touch reach past (+) or short of (-) the toes",
            m.toe_touch_cm.map(|c| Centimetres(c.get().into())),
        ),
        (
            "aslr",
            "Active straight-leg raise",
            m.aslr_degrees.map(|d| Degrees(d.get().into())),
        ),
        (
            "thomas-left",
            "Thomas test, left (passed)",
            m.thomas_left.map(Passed),
        ),
        (
            "thomas-right",
            "Thomas test, right (passed)",
            m.thomas_right.map(Passed),
        ),
        (
            "thoracic-rotation-left",
            "Thoracic rotation, left (0-3)",
            m.thoracic_rotation_left.map(|s| Score(s.get().into())),
        ),
        (
            "thoracic-rotation-right",
            "Thoracic rotation, right (0-3)",
            m.thoracic_rotation_right.map(|s| Score(s.get().into())),
        ),
        (
            "knee-to-wall-left",
            "Knee-to-wall distance, left",
            m.knee_to_wall_left_cm.map(|c| Centimetres(c.get().into())),
        ),
        (
            "knee-to-wall-right",
            "Knee-to-wall distance, right",
            m.knee_to_wall_right_cm.map(|c| Centimetres(c.get().into())),
        ),
    ];
    let mut out = Vec::new();
    for (code, display, value) in tests {
        let Some(value) = value else { continue };
        let mut observation = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": category("exam", "Exam"),
            "code": {
                "coding": [{
                    "system": format!("{CODE_SYSTEMS}/assessment"),
                    "code": code,
                    "display": display,
                }],
                "text": display,
            },
            "subject": { "reference": patient_url },
            "effectiveDateTime": input.date.to_string(),
        });
        let quantity = |value: i64, unit: &str, code: &str| json!({ "value": value, "unit": unit, "system": UCUM, "code": code });
        match value {
            Seconds(s) => observation["valueQuantity"] = quantity(s, "s", "s"),
            Centimetres(c) => observation["valueQuantity"] = quantity(c, "cm", "cm"),
            Degrees(d) => observation["valueQuantity"] = quantity(d, "degrees", "deg"),
            Score(s) => observation["valueInteger"] = json!(s),
            Passed(p) => observation["valueBoolean"] = json!(p),
        }
        out.push((code.to_string(), observation));
    }
    if let Some(pain) = input.pain_now {
        out.push((
            "pain".to_string(),
            pain_observation(patient_url, input.date, pain.get(), "at the assessment"),
        ));
    }
    out
}

/// The current plan: one activity per exercise of its main work, in the
/// order first met, with the first prescription and the dates it runs.
fn care_plan(
    plan: &StoredPlan,
    status: &ProgramStatus,
    patient_url: &str,
    catalog: &Catalog,
    wording: &Wording<'_>,
) -> Value {
    struct Activity<'p> {
        exercise: &'p ExerciseId,
        prescription: &'p Prescription,
        first: Date,
        last: Date,
    }
    let mut activities: Vec<Activity<'_>> = Vec::new();
    for day in plan.program.weeks.iter().flat_map(|w| &w.days) {
        let Some(session) = &day.session else {
            continue;
        };
        for slot in &session.main {
            match activities.iter_mut().find(|a| a.exercise == &slot.exercise) {
                Some(a) => a.last = day.date,
                None => activities.push(Activity {
                    exercise: &slot.exercise,
                    prescription: &slot.prescription,
                    first: day.date,
                    last: day.date,
                }),
            }
        }
    }
    let activity: Vec<Value> = activities
        .iter()
        .map(|a| {
            let name = catalog
                .get(a.exercise)
                .map_or_else(|| a.exercise.to_string(), |e| e.name.clone());
            json!({
                "detail": {
                    "code": {
                        "coding": [{
                            "system": format!("{CODE_SYSTEMS}/exercise"),
                            "code": a.exercise.as_str(),
                            "display": name,
                        }],
                        "text": name,
                    },
                    "status": "scheduled",
                    "scheduledPeriod": { "start": a.first.to_string(), "end": a.last.to_string() },
                    "description": (wording.prescription)(a.prescription),
                }
            })
        })
        .collect();
    let (status, note) = match status {
        ProgramStatus::Active => ("active", None),
        ProgramStatus::Halted { since, .. } => (
            "on-hold",
            Some(format!(
                "Halted by a red flag on {since}; resumes only on the patient's recorded decision."
            )),
        ),
    };
    let mut care_plan = json!({
        "resourceType": "CarePlan",
        "status": status,
        "intent": "plan",
        "category": [{
            "coding": [{ "system": SNOMED, "code": "229065009", "display": "Exercise therapy" }],
        }],
        "title": format!("Keel training plan, version {}", plan.version),
        "subject": { "reference": patient_url },
        "period": { "start": plan.program.start.to_string() },
        "activity": activity,
    });
    if let Some(end) = plan.program.end() {
        care_plan["period"]["end"] = json!(end.to_string());
    }
    if let Some(note) = note {
        care_plan["note"] = json!([{ "text": note }]);
    }
    care_plan
}

/// Stable `urn:uuid:` names: the same pseudonym and key give the same name.
struct Ids<'a> {
    pseudonym: &'a str,
}

impl Ids<'_> {
    fn url(&self, key: &str) -> String {
        let text = format!("{}\u{0}{key}", self.pseudonym);
        let high = fnv1a(0xcbf2_9ce4_8422_2325, text.as_bytes());
        let low = fnv1a(0x8422_2325_cbf2_9ce4, text.as_bytes());
        // A version 8 (custom) UUID, RFC 9562 variant bits.
        let high = (high & !0xf000) | 0x8000;
        let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xffff,
            low >> 48,
            low & 0xffff_ffff_ffff
        )
    }
}

/// 64-bit FNV-1a from `basis`: a fixed hash, the same on every platform.
fn fnv1a(basis: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(basis, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
