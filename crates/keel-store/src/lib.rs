//! Keel's storage: the [`Store`] trait every backend implements, and the
//! embedded SQLite backend ([`SqliteStore`]).
//!
//! The store keeps what the user entered and what the core decided; it never
//! decides anything itself. Every write goes through [`Store::apply`], which
//! commits a batch of [`Write`]s in one transaction: all or nothing.

pub mod accounts;
mod cache;
pub mod codec;
#[doc(hidden)]
pub mod forward;
mod sqlite;

/// The backend conformance suite (for backends' tests).
#[cfg(feature = "conformance")]
pub mod conformance;

use jiff::Timestamp;
use jiff::civil::Date;
use keel_core::InputError;
use keel_core::assessment::AssessmentInput;
use keel_core::engine::{EngineSettings, MorningCheck, ReadinessCheck};
use keel_core::history::{ImportSource, ImportedSet};
use keel_core::measure::Rpe;
use keel_core::outcome::{Outcome, Questionnaire};
use keel_core::profile::Profile;
use keel_core::program::Program;
use keel_core::redflag::RedFlag;
use keel_core::settings::PlanSettings;
use keel_core::training::{LoggedSet, SlotDecision};
use serde::{Deserialize, Serialize};

pub use accounts::{Accounts, UserId};
pub use cache::{
    Cache, Memo, Memos, PARTS, Part, Revision, Revisioned, RevisionedStore, counting,
    parts_changed, revision_columns,
};
pub use sqlite::{CommitMark, CommitWatch, SharedSqlite, SharedStore, SqliteStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file cannot be opened where asked (missing directory, not a database).
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: String, reason: String },
    /// The database was written by a newer Keel.
    #[error(
        "the database is at schema version {found}, newer than this Keel knows ({known}); upgrade Keel"
    )]
    TooNew { found: i64, known: i64 },
    /// A stored row that no longer parses; names the table and row.
    #[error("stored data in {table} row {id} is unreadable: {reason}")]
    Corrupt {
        table: &'static str,
        id: i64,
        reason: String,
    },
    /// A write refused because its value breaks a rule (e.g. settings out of
    /// range, a plan linked to an assessment that does not exist); nothing was written.
    #[error("the store refused the change")]
    Invalid(#[source] InputError),
    /// The database server could not be reached, or the connection to it
    /// was lost (a restart, a network failure): nothing was written, and a
    /// later try may succeed.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The connection to the database server was lost while a write was
    /// committing: it may or may not have been stored. A retry with the
    /// same request key is stored at most once.
    #[error("the connection was lost while saving; the change may have been stored: {0}")]
    Uncertain(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Why a red-flag screen was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScreenContext {
    Onboarding,
    PainEntry,
    Retest,
}

/// One entry of the safety log: a screen with its answers, or a decision to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SafetyEvent {
    Screen {
        date: Date,
        context: ScreenContext,
        flags: Vec<RedFlag>,
    },
    /// The user's explicit, recorded decision to continue after a halt.
    Resume { date: Date, note: String },
}

/// Whether the program may run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum ProgramStatus {
    Active,
    /// Halted by a red flag on `since`; only an explicit resume lifts it.
    Halted {
        since: Date,
        flags: Vec<RedFlag>,
    },
}

/// A stored assessment with its row id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAssessment {
    pub id: i64,
    pub recorded_at: Timestamp,
    pub input: AssessmentInput,
}

/// A stored plan version. Plans are never overwritten: a new plan is a new version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPlan {
    pub id: i64,
    /// 1 for the first plan, then 2, 3...
    pub version: i64,
    pub created_on: Date,
    /// The assessment the plan was tailored from.
    pub assessment_id: Option<i64>,
    pub program: Program,
}

/// A logged set as stored, with its row id (for `keel edit` / `keel delete`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredSet {
    pub id: i64,
    /// 1-based position within its session.
    pub number: u32,
    pub recorded_at: Timestamp,
    pub logged: LoggedSet,
}

/// One day's training session: its sets and the after-session answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingSession {
    pub id: i64,
    pub date: Date,
    /// The plan version that was current when it was logged.
    pub plan_version: Option<i64>,
    pub minutes: Option<u16>,
    /// Session RPE, asked about 30 minutes after the session.
    pub session_rpe: Option<Rpe>,
    pub note: Option<String>,
    /// The day's further sessions (a second walk, an evening session), each
    /// with its own minutes and session RPE, in the order they were added;
    /// their load adds to the day's ([`TrainingSession::load`]).
    pub more: Vec<SessionPart>,
    pub sets: Vec<StoredSet>,
}

/// One further session of a day: its minutes and session RPE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPart {
    pub minutes: u16,
    pub session_rpe: Rpe,
}

impl SessionPart {
    /// Its session-RPE load, RPE x minutes (arbitrary units).
    pub fn load(&self) -> u32 {
        u32::from(self.minutes) * u32::from(self.session_rpe.get())
    }
}

impl TrainingSession {
    /// Every session of the day with both minutes and session RPE: the
    /// first (the day's summary), then the further ones.
    pub fn parts(&self) -> Vec<SessionPart> {
        let first = self
            .minutes
            .zip(self.session_rpe)
            .map(|(minutes, session_rpe)| SessionPart {
                minutes,
                session_rpe,
            });
        first.into_iter().chain(self.more.iter().copied()).collect()
    }

    /// The day's session-RPE load: the sum of RPE x minutes over its
    /// sessions; `None` when none has both.
    pub fn load(&self) -> Option<u32> {
        let parts = self.parts();
        (!parts.is_empty()).then(|| parts.iter().map(SessionPart::load).sum())
    }

    /// The day's minutes over all its sessions; `None` when none has minutes.
    pub fn total_minutes(&self) -> Option<u32> {
        if self.minutes.is_none() && self.more.is_empty() {
            return None;
        }
        Some(
            u32::from(self.minutes.unwrap_or(0))
                + self.more.iter().map(|p| u32::from(p.minutes)).sum::<u32>(),
        )
    }
}

/// A check-in: readiness before a session, or the next-morning response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CheckIn {
    Readiness { date: Date, check: ReadinessCheck },
    Morning(MorningCheck),
}

impl CheckIn {
    pub fn date(&self) -> Date {
        match self {
            CheckIn::Readiness { date, .. } => *date,
            CheckIn::Morning(m) => m.date,
        }
    }
}

/// The after-session answers for a day; `None` leaves a field as it was.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionSummary {
    pub minutes: Option<u16>,
    pub session_rpe: Option<Rpe>,
    pub note: Option<String>,
}

/// One change to the database; a batch of them commits together.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    SaveProfile(Profile),
    SaveSettings(PlanSettings),
    /// The engine's own settings (the numbers it shares with the plan are
    /// taken from the plan settings when read; see `keel settings`).
    SaveEngineSettings(EngineSettings),
    AddAssessment(AssessmentInput),
    Safety(SafetyEvent),
    /// Adds a new plan version (the highest version plus one). With
    /// `link_latest_assessment`, the plan is linked to the newest assessment
    /// (latest date, then latest recorded; including one added earlier in the
    /// same batch), and the write fails when none is stored.
    AddPlan {
        created_on: Date,
        program: Program,
        link_latest_assessment: bool,
    },
    /// Appends a set to its day's session, creating the session (linked to
    /// the current plan version) when it is the day's first, and moving a
    /// session of an older plan version to the current one: the set was
    /// logged against the plan in force, whose journal reads only its own
    /// version's sessions.
    AddSet(LoggedSet),
    /// Corrects a logged set in place (the row id stays).
    UpdateSet {
        id: i64,
        logged: LoggedSet,
    },
    DeleteSet {
        id: i64,
    },
    /// Deletes a day's session with all its sets.
    DeleteSession {
        date: Date,
    },
    /// Sets minutes, session RPE or note of a day's session, creating it if needed.
    SummarizeSession {
        date: Date,
        summary: SessionSummary,
    },
    /// Adds a further session to a day (creating the day if needed): its
    /// minutes and session RPE are kept beside the day's summary, never in
    /// its place, and its load adds to the day's.
    AddSessionPart {
        date: Date,
        part: SessionPart,
    },
    /// Adds a check-in; a later one for the same day and kind supersedes it.
    AddCheckIn(CheckIn),
    /// Replaces the stored decisions of a plan version with a fresh replay.
    ReplaceDecisions {
        plan_version: i64,
        decisions: Vec<SlotDecision>,
    },
    /// Adds imported history: each set whose key is not stored yet, and each
    /// of the user's own exercises it names that is not listed yet.
    Import {
        sets: Vec<ImportedSet>,
    },
    /// Adds an outcome measure taken (refused unless it validates).
    AddOutcome(Outcome),
    /// Stores a loaded questionnaire definition, replacing one with the same id.
    SaveQuestionnaire(Questionnaire),
    /// Deletes imported sets: a day's, or everything one import added. The
    /// user's own exercises stay listed.
    DeleteImported(ImportedSelection),
    /// The calendar's usual training time, "HH:MM" (`None`: the default).
    SetTrainingTime(Option<String>),
    /// Replaces the calendar's record of each event as last exported.
    SaveCalendarEvents(CalendarEvents),
    /// The SHA-256 (hex) of the calendar feed's token (`None`: no feed).
    SetCalendarFeed(Option<String>),
}

/// Per event UID, what was last exported.
pub type CalendarEvents = std::collections::BTreeMap<String, EventStamp>;

/// The calendar export's state (see `keel_app::calendar`); each field is
/// written by its own [`Write`], so writing one never puts back another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarState {
    /// The athlete's usual training time, "HH:MM"; `None`: the default.
    pub training_time: Option<String>,
    /// The SHA-256 (hex) of the feed URL's secret token; `None`: no feed.
    pub feed_token_sha256: Option<String>,
    pub events: CalendarEvents,
}

/// An event as last exported: its content's hash and its SEQUENCE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventStamp {
    pub hash: String,
    pub sequence: u32,
}

/// Which imported sets [`Write::DeleteImported`] removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportedSelection {
    /// Every set of the workouts started on this day.
    Day(Date),
    /// Every set one import added, by its [`ImportBatch::id`].
    Import(i64),
}

/// One import as stored: the sets one run of `keel import` (or the import
/// page) added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportBatch {
    /// When it was imported, in Unix seconds: the import's id.
    pub id: i64,
    pub source: ImportSource,
    pub sets: u64,
    /// The first and last workout days it holds.
    pub first: Date,
    pub last: Date,
}

/// The stored decisions of a plan version after a change: the first `kept`
/// stay as stored, and `tail` replaces everything after them.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionsTail {
    pub plan_version: i64,
    pub kept: usize,
    pub tail: Vec<SlotDecision>,
}

/// What [`Revisioned::add_set_if_unchanged`] stored, as a fresh read would show it.
#[derive(Debug, Clone, PartialEq)]
pub struct AddedSet {
    /// The revision right after the write.
    pub revision: Revision,
    /// The day's session the set went to.
    pub session_id: i64,
    /// Whether this write created that session (it had no set, minutes,
    /// RPE or note before).
    pub new_session: bool,
    pub set: StoredSet,
}

/// A client's key for one write request, with the request's fingerprint
/// (see [`Store::apply_keyed`]). Keys belong to the store's user: two users
/// may send the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    pub key: String,
    /// What the request was (hex SHA-256 of its method, path and body): the
    /// same key sent with another request is refused.
    pub fingerprint: String,
}

/// How long an answer is kept for retries, in days from its key's write.
/// Then the answer is let go and only the key stays (a few dozen bytes), so
/// a late retry is still told its change was stored and stores nothing,
/// while answers (up to a MiB each) do not pile up. A phone resends what it
/// kept offline as soon as it is back online: days, not a month.
pub const KEPT_ANSWER_DAYS: i64 = 30;

/// The moment (Unix seconds) before which a key's write lies when its
/// answer is let go at `now`.
pub fn answers_let_go_before(now: i64) -> i64 {
    now.saturating_sub(KEPT_ANSWER_DAYS * 24 * 60 * 60)
}

/// The first answer to a keyed request, as kept for its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAnswer {
    /// The HTTP status.
    pub status: u16,
    pub content_type: Option<String>,
    /// Where a redirect sent the client.
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// A stored request key: its fingerprint, and the first answer once kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptKey {
    pub fingerprint: String,
    /// `None` when the write was stored but its answer was not kept (the
    /// server stopped or the database went away in between, or the first
    /// request is still finishing).
    pub answer: Option<KeptAnswer>,
}

/// The message of a key stored meanwhile by another request (the field is
/// `Idempotency-Key`); [`Store::apply_keyed`] then writes nothing.
pub const KEY_TAKEN: &str = "another request with this Idempotency-Key was stored while this one \
                             ran; this one wrote nothing; send it again to get that request's answer";

/// What every backend provides. Reads return `Ok(None)` / empty when nothing
/// is stored yet; writes are all-or-nothing per [`Store::apply`] call.
pub trait Store {
    /// Commits every write in one transaction, or none of them. Each write
    /// moves its [`Part`] of the [`Revisioned::revision`] in that transaction.
    fn apply(&mut self, writes: Vec<Write>) -> Result<()>;

    /// As [`Store::apply`], and stores `key` (without an answer yet) in
    /// the same transaction, so the writes are never stored without it. When
    /// the key is stored already, nothing is written and the error is
    /// [`StoreError::Invalid`] with [`KEY_TAKEN`].
    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> Result<()> {
        let _ = (writes, key);
        Err(StoreError::Backend(
            "this store keeps no request keys".to_string(),
        ))
    }

    /// Stores the sets `batches` yields as one [`Write::Import`] would, in
    /// one transaction: all of them, or none when a batch is an error or
    /// storing fails. A backend may write each batch as it comes, so a large
    /// import needs one batch in memory at a time; the default collects
    /// them and applies one write. No set at all writes nothing.
    fn import_batches(
        &mut self,
        batches: &mut dyn Iterator<Item = Result<Vec<ImportedSet>>>,
    ) -> Result<()> {
        let mut sets = Vec::new();
        for batch in batches {
            sets.extend(batch?);
        }
        if sets.is_empty() {
            return Ok(());
        }
        self.apply(vec![Write::Import { sets }])
    }

    /// The stored key `key`, if any.
    fn kept_key(&self, key: &str) -> Result<Option<KeptKey>> {
        let _ = key;
        Ok(None)
    }

    /// Keeps `answer` as the first answer to `key`: on the key stored with
    /// the request's write when it has no answer yet and the same
    /// fingerprint, or as a new key when the request wrote nothing through
    /// [`Store::apply_keyed`]. An answer already kept stays. The answers
    /// of the user's keys stored more than [`KEPT_ANSWER_DAYS`] ago are let
    /// go here too; their keys stay.
    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> Result<()> {
        let _ = (key, answer);
        Ok(())
    }

    /// The cache layer around this store, when its owner built one (the
    /// server does: `keel_app::cache::Cached`); `None`, the default, for a
    /// plain store, whose every read goes to the database. The only thing
    /// the trait knows of caching: the layer is everything else.
    fn cache(&self) -> Option<&dyn Cache> {
        None
    }

    /// As [`Store::cache`], for the layer's one write (the guarded set
    /// write, [`Revisioned::add_set_if_unchanged`]).
    fn cache_mut(&mut self) -> Option<&mut dyn Cache> {
        None
    }

    fn profile(&self) -> Result<Option<Profile>>;

    /// The user's plan settings, or the defaults when never changed.
    fn settings(&self) -> Result<PlanSettings>;

    /// The engine settings the user changed, or `None` when never changed.
    fn engine_settings(&self) -> Result<Option<EngineSettings>>;

    /// Every assessment, oldest first.
    fn assessments(&self) -> Result<Vec<StoredAssessment>>;

    /// The safety log, oldest first.
    fn safety_events(&self) -> Result<Vec<SafetyEvent>>;

    /// The newest plan version.
    fn current_plan(&self) -> Result<Option<StoredPlan>>;

    /// Every plan version, oldest first.
    fn plans(&self) -> Result<Vec<StoredPlan>>;

    /// Training sessions with their sets, oldest first; `from`/`to` inclusive when given.
    fn sessions(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<TrainingSession>>;

    /// The sessions logged against plan `version`, with their sets, oldest
    /// first: what the journal replays, without reading older plans' history.
    fn sessions_of_plan(&self, version: i64) -> Result<Vec<TrainingSession>>;

    /// Every check-in, oldest first (by date, then by when it was recorded).
    fn check_ins(&self) -> Result<Vec<CheckIn>>;

    /// Every morning check-in and the readiness check-ins dated `since` or
    /// later, in the order of [`Store::check_ins`]: what the journal reads.
    /// A readiness check-in only adjusts its own day's session, so those
    /// from before its plan's first day are never used (ten years of them
    /// on a long history).
    fn mornings_and_readiness_since(&self, since: Date) -> Result<Vec<CheckIn>>;

    /// The stored decisions of a plan version, in the order they were taken.
    fn decisions(&self, plan_version: i64) -> Result<Vec<SlotDecision>>;

    /// What a new plan version carries over (docs/method.md §5.6): of each
    /// planned exercise, the newest stored decision that is not a halt
    /// among the plan versions before `before_version` (the highest
    /// version, then the latest taken in it), with its version, in
    /// (version, order taken) order. A halt is no level, so the decision
    /// before it stands. The rows
    /// `keel_core::training::carried_chains` would keep from every earlier
    /// version's [`Store::decisions`] are among these (a chain keeps the newest
    /// of its exercises'), read without decoding the rest: a long history
    /// has thousands of decisions and a few dozen planned exercises.
    fn carried_decisions(&self, before_version: i64) -> Result<Vec<(i64, SlotDecision)>>;

    /// Imported history, oldest first; `from`/`to` inclusive when given.
    fn imported_sets(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<ImportedSet>>;

    /// The [`ImportedSet::key`] of every imported set, to tell what an
    /// import would add before writing it.
    fn imported_keys(&self) -> Result<std::collections::HashSet<String>>;

    /// The user's own exercises (names from imports no catalog alias
    /// matches), sorted by name.
    fn user_exercises(&self) -> Result<Vec<String>>;

    /// The imports stored, oldest first.
    fn imports(&self) -> Result<Vec<ImportBatch>>;

    /// Every outcome measure taken, oldest first (by date, then as recorded).
    fn outcomes(&self) -> Result<Vec<Outcome>>;

    /// The questionnaire definitions loaded, by id.
    fn questionnaires(&self) -> Result<Vec<Questionnaire>>;
    /// The calendar export's state (the default before any was saved).
    fn calendar(&self) -> Result<CalendarState>;

    /// Halted when the last screen with a yes has no resume after it.
    fn status(&self) -> Result<ProgramStatus> {
        Ok(program_status(&self.safety_events()?))
    }
}

/// Derives the program status from the safety log.
pub fn program_status(events: &[SafetyEvent]) -> ProgramStatus {
    let mut status = ProgramStatus::Active;
    for event in events {
        match event {
            SafetyEvent::Screen { date, flags, .. } if !flags.is_empty() => {
                if let ProgramStatus::Active = status {
                    status = ProgramStatus::Halted {
                        since: *date,
                        flags: flags.clone(),
                    };
                }
            }
            SafetyEvent::Resume { .. } => status = ProgramStatus::Active,
            SafetyEvent::Screen { .. } => {}
        }
    }
    status
}
