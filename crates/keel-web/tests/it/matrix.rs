//! The authorization matrix: for every route the coach server serves
//! (`keel_web::routes::listed(true)`), what each of six actors gets —
//! anonymous, another athlete, a coach the athlete never invited, the
//! coach the athlete accepted, the athlete, an admin — with a concrete
//! request that would succeed for an allowed actor (path parameters name
//! the athlete's own data). A refused request must change nothing; no
//! request by anyone but the athlete (or, for settings, their coach)
//! may change the athlete's training data. The table must list exactly
//! the routes the router serves, so a new route cannot ship without its
//! row. The app runs on 127.0.0.1:0 and is driven over real HTTP.
//!
//! Needs KEEL_TEST_POSTGRES_URL (skips in one line without it).
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::net::SocketAddr;

use jiff::{SignedDuration, Timestamp};
use keel_app::auth::{hash_password, new_token};
use keel_app::journal::Journal;
use keel_app::steps;
use keel_store::{Store, Write};
use keel_store_postgres::UserId;
use keel_web::AppState;
use keel_web::accounts::{Db, SESSION_COOKIE, ServerSettings, UserStore};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::pg::PgApp;
use common::{TODAY, onboard};

const PASSWORD: &str = "correct horse battery";

/// Written into the athlete's profile and set notes: no answer to anyone
/// but the athlete (and the coach they accepted) may contain it.
const SECRET: &str = "ana-private-7f3c";

// ---- Actors -------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Anonymous,
    OtherAthlete,
    UninvitedCoach,
    InvitedCoach,
    Athlete,
    Admin,
}
use Actor::*;

/// The order of every row's expectations.
const ACTORS: [Actor; 6] = [
    Anonymous,
    OtherAthlete,
    UninvitedCoach,
    InvitedCoach,
    Athlete,
    Admin,
];

impl Actor {
    fn name(self) -> Option<&'static str> {
        match self {
            Anonymous => None,
            OtherAthlete => Some("ben"),
            UninvitedCoach => Some("uma"),
            InvitedCoach => Some("cora"),
            Athlete => Some("ana"),
            Admin => Some("max"),
        }
    }

    fn role(self) -> &'static str {
        match self {
            UninvitedCoach | InvitedCoach => "coach",
            Admin => "admin",
            _ => "athlete",
        }
    }
}

/// A signed-in actor's account and credentials.
struct Account {
    actor: Actor,
    id: UserId,
    /// The browser session (pages).
    session: String,
    /// The API token (`/api/...`).
    api: String,
}

// ---- Outcomes -----------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// 2xx: the page, the download or the JSON.
    Served,
    /// 303 elsewhere than the login page: a form post done.
    Redirected,
    /// 303 to `/login?next=...`: a browser without a session.
    ToLogin,
    Unauthorized,
    Forbidden,
    NotFound,
    /// 422: the request was refused for its content.
    Invalid,
    Other(u16),
}
use Outcome::*;

impl Outcome {
    fn of(status: u16, location: &str) -> Outcome {
        match status {
            200..=299 => Served,
            302 | 303 | 307 if location.starts_with("/login?") => ToLogin,
            302 | 303 | 307 => Redirected,
            401 => Unauthorized,
            403 => Forbidden,
            404 => NotFound,
            422 => Invalid,
            other => Other(other),
        }
    }

    /// Nothing may have changed after this answer.
    fn refused(self) -> bool {
        !matches!(self, Served | Redirected)
    }
}

/// A page on each signed-in actor's own data; anonymous goes to login.
fn own(o: Outcome) -> [Outcome; 6] {
    [ToLogin, o, o, o, o, o]
}

/// The answers a page gives, as the API gives them: a client without a
/// token gets 401 where a browser without a session goes to login.
fn over_api(mut page: [Outcome; 6]) -> [Outcome; 6] {
    assert_eq!((ACTORS[0], page[0]), (Anonymous, ToLogin));
    page[0] = Unauthorized;
    page
}

/// An API route on each actor's own data; no token is 401.
fn api_own(o: Outcome) -> [Outcome; 6] {
    over_api(own(o))
}

/// A page about the athlete's own record (its id in the path): everyone
/// else's store has no such thing.
fn athlete_only(o: Outcome) -> [Outcome; 6] {
    [ToLogin, NotFound, NotFound, NotFound, o, NotFound]
}

fn api_athlete_only(o: Outcome) -> [Outcome; 6] {
    over_api(athlete_only(o))
}

/// A coach page about the athlete: only the accepted coach; other coaches
/// (the admin too) get the same 404 as for a name that does not exist.
fn coach_of_athlete(o: Outcome) -> [Outcome; 6] {
    [ToLogin, Forbidden, NotFound, o, Forbidden, NotFound]
}

fn api_coach_of_athlete(o: Outcome) -> [Outcome; 6] {
    over_api(coach_of_athlete(o))
}

fn admin_only(o: Outcome) -> [Outcome; 6] {
    [ToLogin, Forbidden, Forbidden, Forbidden, Forbidden, o]
}

// ---- Requests -----------------------------------------------------------

enum Payload {
    Empty,
    Form(Vec<(String, String)>),
    Json(Value),
}

struct Req {
    method: &'static str,
    uri: String,
    payload: Payload,
    /// A session to send instead of the actor's own (logout ends it).
    session: Option<String>,
}

type Build = Box<dyn Fn(&World, Actor) -> Req>;
type Setup = Box<dyn Fn(&World, Actor)>;

struct Row {
    method: &'static str,
    path: &'static str,
    build: Build,
    /// Arranged before each actor's request (after the world is repaired).
    setup: Option<Setup>,
    expect: [Outcome; 6],
}

fn req(method: &'static str, uri: impl Into<String>, payload: Payload) -> Req {
    Req {
        method,
        uri: uri.into(),
        payload,
        session: None,
    }
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A row whose request is the route's path as is (GET, or an empty body).
fn fixed(method: &'static str, path: &'static str, expect: [Outcome; 6]) -> Row {
    let payload = move || match method {
        "GET" => Payload::Empty,
        _ => Payload::Form(Vec::new()),
    };
    dynamic(
        method,
        path,
        move |_, _| req(method, path, payload()),
        expect,
    )
}

/// A form POST with fixed fields to the route's path.
fn form(
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    expect: [Outcome; 6],
) -> Row {
    dynamic(
        "POST",
        path,
        move |_, _| req("POST", path, Payload::Form(pairs(fields))),
        expect,
    )
}

/// A JSON request with a fixed body to the route's path.
fn api(method: &'static str, path: &'static str, body: Value, expect: [Outcome; 6]) -> Row {
    dynamic(
        method,
        path,
        move |_, _| req(method, path, Payload::Json(body.clone())),
        expect,
    )
}

fn dynamic(
    method: &'static str,
    path: &'static str,
    build: impl Fn(&World, Actor) -> Req + 'static,
    expect: [Outcome; 6],
) -> Row {
    Row {
        method,
        path,
        build: Box::new(build),
        setup: None,
        expect,
    }
}

impl Row {
    fn with_setup(mut self, setup: impl Fn(&World, Actor) + 'static) -> Row {
        self.setup = Some(Box::new(setup));
        self
    }
}

// ---- The world ----------------------------------------------------------

/// The app under test over either database, with what must live as long.
struct App {
    runtime: tokio::runtime::Runtime,
    backend: Db,
    router: axum::Router,
    /// The PostgreSQL schema or the SQLite file's directory.
    _keep: Box<dyn std::any::Any>,
}

struct World {
    app: App,
    addr: SocketAddr,
    accounts: Vec<Account>,
    /// A password hash made once (Argon2 is slow on purpose).
    hash: String,
    /// For names that must be new on each request.
    counter: Cell<u32>,
}

struct Reply {
    status: u16,
    location: String,
    body: String,
}

impl World {
    /// The world on a PostgreSQL server; `None` without one configured.
    fn start() -> Option<World> {
        let pg = PgApp::start("keel_web_matrix", "matrix", ServerSettings::default())?;
        Some(World::start_on(App {
            runtime: pg.runtime,
            backend: Db::Postgres(pg.backend),
            router: pg.router,
            _keep: Box::new(pg.schema),
        }))
    }

    /// The world on one SQLite file with accounts (a household's server).
    fn start_sqlite() -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = keel_store::SqliteStore::open(&dir.path().join("keel.db")).unwrap();
        let file = keel_store::SharedSqlite::new(store);
        let state = AppState::household(file.clone(), ServerSettings::default(), Some(TODAY));
        World::start_on(App {
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap(),
            backend: Db::Sqlite(file),
            router: keel_web::router(state),
            _keep: Box::new(dir),
        })
    }

    fn start_on(app: App) -> World {
        let hash = hash_password(PASSWORD).unwrap();
        // The first account is the server's admin.
        let order = [Admin, Athlete, OtherAthlete, UninvitedCoach, InvitedCoach];
        let accounts = order
            .iter()
            .map(|&actor| {
                let name = actor.name().unwrap();
                let id = app.backend.add_user(name, actor.role(), &hash).unwrap().id;
                onboard(&mut app.backend.store(id));
                let session = new_token().unwrap();
                app.backend
                    .create_session(
                        id,
                        &session.hash,
                        Timestamp::now(),
                        SignedDuration::from_hours(24),
                    )
                    .unwrap();
                let api = new_token().unwrap();
                app.backend
                    .create_api_token_until(id, "matrix", &api.hash, None)
                    .unwrap();
                Account {
                    actor,
                    id,
                    session: session.plaintext,
                    api: api.plaintext,
                }
            })
            .collect();
        let listener = app
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let service = app
            .router
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        app.runtime.spawn(async move {
            axum::serve(listener, service).await.unwrap();
        });
        let world = World {
            app,
            addr,
            accounts,
            hash,
            counter: Cell::new(0),
        };
        // Every actor has logged one set today, so every page has data.
        for account in &world.accounts {
            world.log_set(account.actor);
        }
        let mut athlete = world.store(Athlete);
        let mut profile = athlete.profile().unwrap().unwrap();
        profile.name = Some(SECRET.to_string());
        athlete.apply(vec![Write::SaveProfile(profile)]).unwrap();
        world.repair();
        world
    }

    fn account(&self, actor: Actor) -> &Account {
        self.accounts
            .iter()
            .find(|a| a.actor == actor)
            .unwrap_or_else(|| panic!("{actor:?} has no account"))
    }

    fn store(&self, actor: Actor) -> UserStore {
        self.app.backend.store(self.account(actor).id)
    }

    fn id_of(&self, name: &str) -> Option<UserId> {
        self.app.backend.user_by_name(name).unwrap().map(|c| c.id)
    }

    fn fresh(&self, prefix: &str) -> String {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        format!("{prefix}{n}")
    }

    /// The id of the athlete's first logged set.
    fn athlete_set(&self) -> i64 {
        self.store(Athlete).sessions(None, None).unwrap()[0].sets[0].id
    }

    /// The next set of today's session for `actor`: (slot, set number).
    fn next_set(&self, actor: Actor) -> (usize, u8) {
        let store = self.store(actor);
        let journal = Journal::load(&store).unwrap();
        let session = journal.session_planned_on(TODAY).unwrap().unwrap();
        steps::today(&session, journal.session_logged(TODAY), &journal.settings)
            .iter()
            .enumerate()
            .find_map(|(i, slot)| slot.next_step().map(|step| (i, step.number)))
            .expect("a set still to do today")
    }

    /// The id of the set `actor` logged last today (what undo removes).
    fn last_set_today(&self, actor: Actor) -> i64 {
        let journal = Journal::load(&self.store(actor)).unwrap();
        keel_app::workout::last_set_on(&journal, TODAY)
            .expect("a set logged today")
            .id
    }

    /// A block length other than `actor`'s current one (3 or 4 weeks), so
    /// a settings change always changes something.
    fn other_block_weeks(&self, actor: Actor) -> i64 {
        let current = self
            .store(actor)
            .settings()
            .unwrap()
            .describe()
            .into_iter()
            .find(|r| r.key == "block-weeks")
            .unwrap()
            .value;
        if current == 4 { 3 } else { 4 }
    }

    /// Logs `actor`'s next set, pain-free, through the API.
    fn log_set(&self, actor: Actor) {
        let (slot, _) = self.next_set(actor);
        let mut body = json!({"slot": slot, "actual": 10, "rpe": 6});
        if actor == Athlete {
            body["note"] = json!(SECRET);
        }
        let reply = self.send(actor, &req("POST", "/api/v1/sets", Payload::Json(body)));
        assert_eq!(reply.status, 201, "{}", reply.body);
    }

    /// Back to the arranged state after whatever the last request did:
    /// roles as dealt, the invited coach the athlete's only link, the
    /// athlete with a logged set carrying the secret note, every actor
    /// still signed in.
    fn repair(&self) {
        let backend = &self.app.backend;
        for account in &self.accounts {
            let name = account.actor.name().unwrap();
            let role = &backend.user_by_name(name).unwrap().unwrap().role;
            if role != account.actor.role() {
                backend.set_role(name, account.actor.role()).unwrap();
            }
        }
        let coach = self.account(InvitedCoach).id;
        let athlete = self.account(Athlete).id;
        for c in &self.accounts {
            let accepted = backend.athletes_of(c.id).unwrap();
            for a in &self.accounts {
                let pending = backend.invitations_of(a.id).unwrap();
                let linked =
                    accepted.iter().any(|l| l.id == a.id) || pending.iter().any(|l| l.id == c.id);
                let wanted = c.id == coach && a.id == athlete;
                if linked && !wanted {
                    backend.drop_athlete(c.id, a.id).unwrap();
                }
            }
        }
        if !backend
            .athletes_of(coach)
            .unwrap()
            .iter()
            .any(|l| l.id == athlete)
        {
            let _ = backend.drop_athlete(coach, athlete);
            backend.invite(coach, athlete).unwrap();
            backend.accept(athlete, coach).unwrap();
        }
        let noted = self
            .store(Athlete)
            .sessions(None, None)
            .unwrap()
            .iter()
            .flat_map(|s| &s.sets)
            .any(|set| set.logged.set.note.as_deref() == Some(SECRET));
        if !noted {
            self.log_set(Athlete);
        }
        for account in &self.accounts {
            let hash = keel_app::auth::token_hash(&account.session);
            assert!(
                backend
                    .session_user(&hash, Timestamp::now())
                    .unwrap()
                    .is_some(),
                "{:?} was signed out",
                account.actor
            );
        }
    }

    /// An extra account an admin may change or delete.
    fn ensure_victim(&self) {
        if self.id_of("victim").is_none() {
            self.app
                .backend
                .add_user("victim", "athlete", &self.hash)
                .unwrap();
        }
    }

    /// Everything a refused request must leave alone.
    fn fingerprint(&self) -> String {
        let backend = &self.app.backend;
        let mut out = String::new();
        for a in backend.list_users().unwrap() {
            out += &format!("user {} {} {}\n", a.name, a.role, a.disabled);
        }
        for account in &self.accounts {
            let id = account.id;
            out += &format!(
                "{:?}: athletes {:?} invitations {:?} coaches {:?} changes {:?}\n{}\n",
                account.actor,
                backend.athletes_of(id).unwrap(),
                backend.invitations_of(id).unwrap(),
                backend.coaches_of(id).unwrap(),
                backend.settings_changes(id).unwrap(),
                training(&backend.store(id), true),
            );
        }
        out
    }

    fn send(&self, actor: Actor, r: &Req) -> Reply {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
            r.method,
            r.uri,
            addr = self.addr
        );
        if actor != Anonymous {
            let account = self.account(actor);
            if r.uri.starts_with("/api/") {
                head += &format!("Authorization: Bearer {}\r\n", account.api);
            } else {
                let session = r.session.as_deref().unwrap_or(&account.session);
                head += &format!("Cookie: {SESSION_COOKIE}={session}\r\n");
            }
        } else if let Some(session) = &r.session {
            head += &format!("Cookie: {SESSION_COOKIE}={session}\r\n");
        }
        let body = match &r.payload {
            Payload::Empty => String::new(),
            Payload::Form(fields) => {
                head += "Content-Type: application/x-www-form-urlencoded\r\n";
                head += &format!("Origin: http://{}\r\n", self.addr);
                fields
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
                    .collect::<Vec<_>>()
                    .join("&")
            }
            Payload::Json(value) => {
                head += "Content-Type: application/json\r\n";
                value.to_string()
            }
        };
        head += &format!("Content-Length: {}\r\n\r\n", body.len());
        let addr = self.addr;
        let raw = self.app.runtime.block_on(async move {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            stream.write_all(body.as_bytes()).await.unwrap();
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).await.unwrap();
            raw
        });
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        let location = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        Reply {
            status,
            location,
            body: body.to_string(),
        }
    }
}

/// One store's training data; with `settings`, its settings too.
fn training(store: &dyn Store, settings: bool) -> String {
    // The plan in force by id and version: a new version or a replaced
    // plan shows, without decoding every stored program.
    let plan = store.current_plan().unwrap().map(|p| (p.id, p.version));
    let mut out = format!(
        "profile {:?}\nassessments {:?}\nsafety {:?}\nplan {plan:?}\nsessions {:?}\ncheck-ins {:?}\noutcomes {:?}\n",
        store.profile().unwrap(),
        store.assessments().unwrap(),
        store.safety_events().unwrap(),
        store.sessions(None, None).unwrap(),
        store.check_ins().unwrap(),
        store.outcomes().unwrap(),
    );
    if settings {
        out += &format!(
            "settings {:?} {:?}\n",
            store.settings().unwrap(),
            store.engine_settings().unwrap()
        );
    }
    out
}

// ---- The table ----------------------------------------------------------

const READINESS: &[(&str, &str)] = &[
    ("sleep", "3"),
    ("fatigue", "3"),
    ("stress", "3"),
    ("soreness", "3"),
];

fn rows() -> Vec<Row> {
    vec![
        // The compiled-in assets need no account.
        fixed("GET", "/assets/{name}", [Served; 6]).retarget("/assets/style.css"),
        fixed("GET", "/favicon.ico", [Served; 6]),
        // The probes too: a load balancer asks them without an account.
        fixed("GET", "/healthz", [Served; 6]),
        fixed("GET", "/readyz", [Served; 6]),
        // The calendar feed: its secret URL is its only key, so no actor's
        // session opens a URL whose token nobody was given (tests/calendar.rs
        // serves the real one).
        fixed("GET", "/calendar/{file}", [NotFound; 6]).retarget(
            "/calendar/0000000000000000000000000000000000000000000000000000000000000000.ics",
        ),
        // ---- Training pages: each signed-in actor's own data.
        fixed("GET", "/", own(Served)),
        form(
            "/resume",
            &[("confirm", "yes"), ("note", "fine")],
            own(Redirected),
        ),
        fixed("GET", "/onboarding", own(Served)),
        // Everyone here is onboarded already; the form is refused as such.
        form(
            "/onboarding",
            &[
                ("training-age", "novice"),
                ("day", "mon"),
                ("day", "wed"),
                ("pain", "1"),
            ],
            own(Invalid),
        ),
        fixed("GET", "/plan", own(Served)),
        fixed("GET", "/plan/week/{n}", own(Served)).retarget("/plan/week/1"),
        form("/plan/new", &[], own(Redirected)),
        fixed("GET", "/progress", own(Served)),
        fixed("GET", "/report", own(Served)),
        fixed("GET", "/assess", own(Served)),
        form("/assess", &[("extensor", "125")], own(Served)),
        fixed("GET", "/assess/history", own(Served)),
        fixed("GET", "/settings", own(Served)),
        dynamic(
            "POST",
            "/settings",
            |w, actor| {
                let weeks = w.other_block_weeks(actor_or_athlete(actor)).to_string();
                let fields = vec![("block-weeks".to_string(), weeks)];
                req("POST", "/settings", Payload::Form(fields))
            },
            own(Redirected),
        ),
        form(
            "/settings/calendar",
            &[("training-time", "07:30")],
            own(Redirected),
        ),
        form("/settings/calendar/feed", &[], own(Served)),
        form("/settings/calendar/revoke", &[], own(Redirected)),
        form(
            "/settings/profile",
            &[
                ("training-age", "novice"),
                ("day", "mon"),
                ("day", "thu"),
                ("pain", "1"),
            ],
            own(Redirected),
        ),
        dynamic(
            "GET",
            "/session/{slot}/{set}",
            |w, actor| {
                let (slot, set) = w.next_set(actor_or_athlete(actor));
                req("GET", format!("/session/{slot}/{set}"), Payload::Empty)
            },
            own(Served),
        ),
        dynamic(
            "GET",
            "/session/{slot}/{set}/rest",
            |_, _| req("GET", "/session/0/1/rest", Payload::Empty),
            own(Served),
        ),
        dynamic(
            "POST",
            "/session/log",
            |w, actor| {
                let (slot, set) = w.next_set(actor_or_athlete(actor));
                let fields = vec![
                    ("slot".to_string(), slot.to_string()),
                    ("set".to_string(), set.to_string()),
                    ("actual".to_string(), "10".to_string()),
                    ("rpe".to_string(), "6".to_string()),
                    ("pain".to_string(), "0".to_string()),
                ];
                req("POST", "/session/log", Payload::Form(fields))
            },
            own(Redirected),
        ),
        fixed("GET", "/session", own(Served)),
        dynamic(
            "POST",
            "/session/undo",
            |w, actor| {
                let id = w.last_set_today(actor_or_athlete(actor)).to_string();
                let fields = pairs(&[("set", &id), ("return", "list")]);
                req("POST", "/session/undo", Payload::Form(fields))
            },
            own(Redirected),
        )
        // A set of its own to undo, so the world keeps the one it had.
        .with_setup(|w, actor| w.log_set(actor_or_athlete(actor))),
        fixed("GET", "/session/done", own(Served)),
        form(
            "/session/summary",
            &[("minutes", "25"), ("session_rpe", "6")],
            own(Redirected),
        ),
        fixed("GET", "/history", own(Served)),
        dynamic(
            "GET",
            "/history/set/{id}",
            |w, _| {
                req(
                    "GET",
                    format!("/history/set/{}", w.athlete_set()),
                    Payload::Empty,
                )
            },
            athlete_only(Served),
        ),
        dynamic(
            "POST",
            "/history/set/{id}",
            |w, _| {
                let fields = pairs(&[
                    ("actual", "12"),
                    ("rpe", "6"),
                    ("pain", "0"),
                    ("note", SECRET),
                ]);
                req(
                    "POST",
                    format!("/history/set/{}", w.athlete_set()),
                    Payload::Form(fields),
                )
            },
            athlete_only(Redirected),
        ),
        dynamic(
            "GET",
            "/history/set/{id}/delete",
            |w, _| {
                req(
                    "GET",
                    format!("/history/set/{}/delete", w.athlete_set()),
                    Payload::Empty,
                )
            },
            athlete_only(Served),
        ),
        dynamic(
            "POST",
            "/history/set/{id}/delete",
            |w, _| {
                let uri = format!("/history/set/{}/delete", w.athlete_set());
                req("POST", uri, Payload::Form(pairs(&[("confirm", "yes")])))
            },
            athlete_only(Redirected),
        ),
        // A day is each actor's own: each has a set of its own that day.
        dynamic(
            "GET",
            "/history/day/{date}/delete",
            |_, _| {
                req(
                    "GET",
                    format!("/history/day/{TODAY}/delete"),
                    Payload::Empty,
                )
            },
            own(Served),
        )
        .with_setup(|w, actor| w.log_set(actor_or_athlete(actor))),
        dynamic(
            "POST",
            "/history/day/{date}/delete",
            |_, _| {
                let uri = format!("/history/day/{TODAY}/delete");
                req("POST", uri, Payload::Form(pairs(&[("confirm", "yes")])))
            },
            own(Redirected),
        )
        .with_setup(|w, actor| w.log_set(actor_or_athlete(actor))),
        fixed("GET", "/checkin", own(Served)),
        fixed("GET", "/outcomes", own(Served)),
        form("/outcomes", &[("pain_rating", "4")], own(Redirected)),
        form("/checkin/readiness", READINESS, own(Redirected)),
        form(
            "/checkin/morning",
            &[
                ("pain_back_to_usual", "yes"),
                ("stiffness_back_to_usual", "yes"),
                ("soreness", "2"),
            ],
            own(Redirected),
        ),
        // ---- Accounts.
        // Signed in already: straight on to today's page.
        fixed(
            "GET",
            "/login",
            [
                Served, Redirected, Redirected, Redirected, Redirected, Redirected,
            ],
        ),
        form(
            "/login",
            &[("name", "ben"), ("password", PASSWORD), ("next", "/")],
            [Redirected; 6],
        ),
        dynamic(
            "POST",
            "/logout",
            |w, actor| {
                // A session of its own, so the actor stays signed in.
                let mut r = req("POST", "/logout", Payload::Form(Vec::new()));
                if actor != Anonymous {
                    let token = new_token().unwrap();
                    w.app
                        .backend
                        .create_session(
                            w.account(actor).id,
                            &token.hash,
                            Timestamp::now(),
                            SignedDuration::from_hours(1),
                        )
                        .unwrap();
                    r.session = Some(token.plaintext);
                }
                r
            },
            [Redirected; 6],
        ),
        fixed("GET", "/admin/password", admin_only(Served)),
        form(
            "/admin/password",
            &[
                ("name", "victim"),
                ("password", "another long password"),
                ("confirm", "another long password"),
            ],
            admin_only(Served),
        )
        .with_setup(|w, _| w.ensure_victim()),
        // ---- Coaching.
        fixed(
            "GET",
            "/coach",
            [ToLogin, Forbidden, Served, Served, Forbidden, Served],
        ),
        // The invited coach has the athlete already: refused as such.
        form(
            "/coach/invite",
            &[("athlete", "ana")],
            [
                ToLogin, Forbidden, Redirected, Invalid, Forbidden, Redirected,
            ],
        ),
        fixed("GET", "/coach/athlete/{name}", coach_of_athlete(Served))
            .retarget("/coach/athlete/ana"),
        dynamic(
            "POST",
            "/coach/athlete/{name}/settings",
            |w, _| {
                let weeks = w.other_block_weeks(Athlete).to_string();
                let fields = pairs(&[("key", "block-weeks"), ("value", &weeks)]);
                req("POST", "/coach/athlete/ana/settings", Payload::Form(fields))
            },
            coach_of_athlete(Redirected),
        ),
        form(
            "/coach/athlete/{name}/drop",
            &[],
            coach_of_athlete(Redirected),
        )
        .retarget("/coach/athlete/ana/drop"),
        fixed("GET", "/invitations", own(Served)),
        // The uninvited coach invites each actor first; nobody invites themself.
        form(
            "/invitations/{coach}/accept",
            &[],
            [
                ToLogin, Redirected, Invalid, Redirected, Redirected, Redirected,
            ],
        )
        .retarget("/invitations/uma/accept")
        .with_setup(invited_by_uma),
        // Only the athlete has the invited coach as a coach.
        form(
            "/invitations/{coach}/withdraw",
            &[],
            [ToLogin, Invalid, Invalid, Invalid, Redirected, Invalid],
        )
        .retarget("/invitations/cora/withdraw"),
        fixed("GET", "/settings/changes", own(Served)),
        fixed("GET", "/admin/users", admin_only(Served)),
        dynamic(
            "POST",
            "/admin/users",
            |w, _| {
                let fields = vec![
                    ("name".to_string(), w.fresh("newcomer")),
                    ("role".to_string(), "athlete".to_string()),
                    ("password".to_string(), PASSWORD.to_string()),
                ];
                req("POST", "/admin/users", Payload::Form(fields))
            },
            admin_only(Redirected),
        ),
        form(
            "/admin/users/{name}/role",
            &[("role", "coach")],
            admin_only(Redirected),
        )
        .retarget("/admin/users/ana/role"),
        fixed("GET", "/admin/users/{name}/delete", admin_only(Served))
            .retarget("/admin/users/ana/delete"),
        form(
            "/admin/users/{name}/delete",
            &[("confirm", "victim")],
            admin_only(Redirected),
        )
        .retarget("/admin/users/victim/delete")
        .with_setup(|w, _| w.ensure_victim()),
        // ---- The JSON API, with bearer tokens.
        fixed("GET", "/api/v1/openapi.json", [Served; 6]),
        fixed("GET", "/api/v1/today", api_own(Served)),
        fixed("GET", "/api/v1/plan", api_own(Served)),
        // The test-only example endpoint (tests/it/api_example.rs).
        fixed("GET", "/api/v1/example/halt", api_own(Served)),
        fixed("GET", "/api/v1/sets", api_own(Served)),
        dynamic(
            "POST",
            "/api/v1/sets",
            |w, actor| {
                let (slot, _) = w.next_set(actor_or_athlete(actor));
                let body = json!({"slot": slot, "actual": 10, "rpe": 6});
                req("POST", "/api/v1/sets", Payload::Json(body))
            },
            api_own(Served),
        ),
        dynamic(
            "PATCH",
            "/api/v1/sets/{id}",
            |w, _| {
                let uri = format!("/api/v1/sets/{}", w.athlete_set());
                req("PATCH", uri, Payload::Json(json!({"actual": 11})))
            },
            api_athlete_only(Served),
        ),
        dynamic(
            "DELETE",
            "/api/v1/sets/{id}",
            |w, _| {
                req(
                    "DELETE",
                    format!("/api/v1/sets/{}", w.athlete_set()),
                    Payload::Empty,
                )
            },
            api_athlete_only(Served),
        ),
        // A day is each actor's own: each has a set of its own that day.
        dynamic(
            "DELETE",
            "/api/v1/sessions/{date}",
            |_, _| {
                req(
                    "DELETE",
                    format!("/api/v1/sessions/{TODAY}"),
                    Payload::Empty,
                )
            },
            api_own(Served),
        )
        .with_setup(|w, actor| w.log_set(actor_or_athlete(actor))),
        api(
            "POST",
            "/api/v1/checkins",
            json!({"kind": "readiness", "sleep": 3, "fatigue": 3, "stress": 3, "soreness": 3}),
            api_own(Served),
        ),
        fixed("GET", "/api/v1/checkins", api_own(Served)),
        fixed("GET", "/api/v1/outcomes", api_own(Served)),
        api(
            "POST",
            "/api/v1/outcomes",
            json!({"pain_rating": 4, "activities": [{"name": "sitting", "rating": 5}]}),
            api_own(Served),
        ),
        fixed("GET", "/api/v1/decisions", api_own(Served)),
        fixed("GET", "/api/v1/assessments", api_own(Served)),
        fixed("GET", "/api/v1/progress", api_own(Served)),
        fixed("GET", "/api/v1/export/fhir", api_own(Served)),
        fixed("GET", "/api/v1/calendar", api_own(Served)),
        api(
            "PATCH",
            "/api/v1/calendar",
            json!({"training_time": "07:30"}),
            api_own(Served),
        ),
        api("POST", "/api/v1/calendar/feed", json!({}), api_own(Served)),
        dynamic(
            "DELETE",
            "/api/v1/calendar/feed",
            |_, _| req("DELETE", "/api/v1/calendar/feed", Payload::Empty),
            api_own(Served),
        ),
        fixed("GET", "/api/v1/settings", api_own(Served)),
        dynamic(
            "PATCH",
            "/api/v1/settings",
            |w, actor| {
                let weeks = w.other_block_weeks(actor_or_athlete(actor));
                req(
                    "PATCH",
                    "/api/v1/settings",
                    Payload::Json(json!({"block-weeks": weeks})),
                )
            },
            api_own(Served),
        ),
        fixed("GET", "/api/v1/settings/changes", api_own(Served)),
        fixed("GET", "/api/v1/invitations", api_own(Served)),
        api(
            "POST",
            "/api/v1/invitations/{coach}/accept",
            json!({}),
            [Unauthorized, Served, NotFound, Served, Served, Served],
        )
        .retarget("/api/v1/invitations/uma/accept")
        .with_setup(invited_by_uma),
        fixed(
            "GET",
            "/api/v1/coach/athletes",
            [Unauthorized, Forbidden, Served, Served, Forbidden, Served],
        ),
        fixed(
            "GET",
            "/api/v1/coach/athletes/{name}",
            api_coach_of_athlete(Served),
        )
        .retarget("/api/v1/coach/athletes/ana"),
        dynamic(
            "PATCH",
            "/api/v1/coach/athletes/{name}/settings",
            |w, _| {
                let body = json!({"block-weeks": w.other_block_weeks(Athlete)});
                req(
                    "PATCH",
                    "/api/v1/coach/athletes/ana/settings",
                    Payload::Json(body),
                )
            },
            api_coach_of_athlete(Served),
        ),
        api(
            "POST",
            "/api/v1/coach/invitations",
            json!({"athlete": "ana"}),
            [Unauthorized, Forbidden, Served, Invalid, Forbidden, Served],
        ),
        // ---- The page actions over the API.
        // Everyone here is onboarded already; refused as such.
        api(
            "POST",
            "/api/v1/onboarding",
            json!({
                "profile": {"training_days": ["mon", "wed"], "pain_now": 1},
                "red_flags": [],
                "tests": {}
            }),
            api_own(Invalid),
        ),
        fixed("GET", "/api/v1/profile", api_own(Served)),
        api(
            "PUT",
            "/api/v1/profile",
            json!({"training_age": "novice", "training_days": ["mon", "thu"], "pain_now": 1}),
            api_own(Served),
        ),
        api(
            "POST",
            "/api/v1/assessments",
            json!({"tests": {"extensor": 125}}),
            api_own(Served),
        ),
        api("POST", "/api/v1/plan", json!({}), api_own(Served)),
        // Not halted: confirmed, and nothing to lift.
        api(
            "POST",
            "/api/v1/resume",
            json!({"confirm": true}),
            api_own(Served),
        ),
        api(
            "POST",
            "/api/v1/session/summary",
            json!({"minutes": 25, "session_rpe": 6}),
            api_own(Served),
        ),
        // Only the athlete has the invited coach as a coach.
        api(
            "POST",
            "/api/v1/invitations/{coach}/withdraw",
            json!({}),
            [Unauthorized, NotFound, NotFound, NotFound, Served, NotFound],
        )
        .retarget("/api/v1/invitations/cora/withdraw"),
        dynamic(
            "DELETE",
            "/api/v1/coach/athletes/{name}",
            |_, _| req("DELETE", "/api/v1/coach/athletes/ana", Payload::Empty),
            api_coach_of_athlete(Served),
        ),
        fixed("GET", "/api/v1/admin/users", over_api(admin_only(Served))),
        dynamic(
            "POST",
            "/api/v1/admin/users",
            |w, _| {
                let body =
                    json!({"name": w.fresh("apinew"), "role": "athlete", "password": PASSWORD});
                req("POST", "/api/v1/admin/users", Payload::Json(body))
            },
            over_api(admin_only(Served)),
        ),
        api(
            "PATCH",
            "/api/v1/admin/users/{name}",
            json!({"role": "coach"}),
            over_api(admin_only(Served)),
        )
        .retarget("/api/v1/admin/users/ana"),
        dynamic(
            "DELETE",
            "/api/v1/admin/users/{name}",
            |_, _| {
                let uri = "/api/v1/admin/users/victim?confirm=victim";
                req("DELETE", uri, Payload::Empty)
            },
            over_api(admin_only(Served)),
        )
        .with_setup(|w, _| w.ensure_victim()),
        api(
            "POST",
            "/api/v1/admin/users/{name}/password",
            json!({"password": "another long password"}),
            over_api(admin_only(Served)),
        )
        .retarget("/api/v1/admin/users/victim/password")
        .with_setup(|w, _| w.ensure_victim()),
    ]
}

/// Whose data an anonymous request would be about: the athlete's.
fn actor_or_athlete(actor: Actor) -> Actor {
    if actor == Anonymous { Athlete } else { actor }
}

/// The uninvited coach invites `actor` (a coach cannot invite themself).
fn invited_by_uma(w: &World, actor: Actor) {
    if matches!(actor, Anonymous | UninvitedCoach) {
        return;
    }
    w.app
        .backend
        .invite(w.account(UninvitedCoach).id, w.account(actor).id)
        .unwrap();
}

impl Row {
    /// The same request to a concrete `uri` instead of the route's pattern.
    fn retarget(self, uri: &'static str) -> Row {
        let build = self.build;
        Row {
            build: Box::new(move |w, actor| Req {
                uri: uri.to_string(),
                ..build(w, actor)
            }),
            ..self
        }
    }
}

// ---- The test -----------------------------------------------------------

#[test]
fn every_route_answers_each_actor_as_the_table_says() {
    let Some(world) = World::start() else {
        return;
    };
    every_route_answers_as_the_table_says(&world);
}

/// The same table on a household's SQLite file with accounts.
#[test]
fn every_route_answers_each_actor_as_the_table_says_on_sqlite() {
    every_route_answers_as_the_table_says(&World::start_sqlite());
}

/// Every (method, path) the table has a row for.
pub fn tabled() -> BTreeSet<(&'static str, &'static str)> {
    rows().iter().map(|r| (r.method, r.path)).collect()
}

fn every_route_answers_as_the_table_says(world: &World) {
    let table = rows();
    let listed: BTreeSet<(&str, &str)> = keel_web::routes::listed(true).into_iter().collect();
    let tabled: BTreeSet<(&str, &str)> = table.iter().map(|r| (r.method, r.path)).collect();
    assert_eq!(tabled.len(), table.len(), "a route has two rows");
    let missing: Vec<_> = listed.difference(&tabled).collect();
    let extra: Vec<_> = tabled.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes with no row in the authorization matrix: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "rows for routes the app does not serve: {extra:?}"
    );

    let mut failures = Vec::new();
    // Where the athlete's own answers show the secret: the leak check above
    // means something only if these are many.
    let mut seen_by_athlete = Vec::new();
    for row in &table {
        for (actor, expected) in ACTORS.iter().zip(row.expect) {
            world.repair();
            if let Some(setup) = &row.setup {
                setup(world, *actor);
            }
            let before = world.fingerprint();
            let athlete_before = training(&world.store(Athlete), *actor != InvitedCoach);
            let request = (row.build)(world, *actor);
            let reply = world.send(*actor, &request);
            let got = Outcome::of(reply.status, &reply.location);
            let what = format!("{} {} as {actor:?}", request.method, request.uri);
            if got != expected {
                let body: String = reply.body.chars().take(300).collect();
                failures.push(format!(
                    "{what}: expected {expected:?}, got {got:?} ({} {}) {body}",
                    reply.status, reply.location
                ));
            }
            if *actor == Athlete && reply.body.contains(SECRET) {
                seen_by_athlete.push(what.clone());
            }
            if !matches!(actor, Athlete | InvitedCoach) && reply.body.contains(SECRET) {
                failures.push(format!("{what}: showed the athlete's private data"));
            }
            if got.refused() && world.fingerprint() != before {
                failures.push(format!("{what}: refused ({got:?}) but changed data"));
            }
            if *actor != Athlete
                && training(&world.store(Athlete), *actor != InvitedCoach) != athlete_before
            {
                failures.push(format!("{what}: changed the athlete's training data"));
            }
        }
    }
    world.repair();
    for own in ["GET /history as Athlete", "GET /api/v1/sets as Athlete"] {
        assert!(
            seen_by_athlete.iter().any(|w| w == own),
            "{own} did not show the athlete's note; seen in {seen_by_athlete:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests broke the matrix:\n{}",
        failures.len(),
        table.len() * ACTORS.len(),
        failures.join("\n")
    );
}
