//! The coach server's JSON API over PostgreSQL, with bearer tokens: a coach
//! invites, the athlete accepts, the coach lists athletes, opens one and
//! changes their settings (saved with the record of who changed what); the
//! athlete reads that record. Authorized as the coach pages: an athlete is
//! 403 on coach routes, an athlete not linked to this coach 404 like a name
//! that does not exist. Needs KEEL_TEST_POSTGRES_URL (skips in one line
//! without it); one private schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::{Method, StatusCode};
use keel_app::settings::engine_settings;
use keel_store::Store;
use keel_web::accounts::ServerSettings;
use serde_json::{Value, json};

use common::bearer::{self, Account, HASH};
use common::json::Reply;
use common::onboard;
use common::pg::PgApp;

struct Server {
    app: PgApp,
}

impl Server {
    /// The server with its first account (the admin) made.
    fn new(test: &str) -> Option<Server> {
        let app = PgApp::start("keel_web_api_coach", test, ServerSettings::default())?;
        app.backend.add_user("root", "admin", HASH).unwrap();
        Some(Server { app })
    }

    fn account(&self, name: &str, role: &str) -> Account {
        bearer::account(&self.app, name, role)
    }

    fn send(&self, method: Method, uri: &str, who: Option<&Account>, body: Option<Value>) -> Reply {
        bearer::send(&self.app, method, uri, who, body)
    }

    fn get(&self, uri: &str, who: &Account) -> Reply {
        self.send(Method::GET, uri, Some(who), None)
    }

    /// `coach` invites `athlete` and the athlete accepts, through the API.
    fn link(&self, coach: &Account, coach_name: &str, athlete: &Account, athlete_name: &str) {
        let reply = self.send(
            Method::POST,
            "/api/v1/coach/invitations",
            Some(coach),
            Some(json!({"athlete": athlete_name})),
        );
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        let uri = format!("/api/v1/invitations/{coach_name}/accept");
        let reply = self.send(Method::POST, &uri, Some(athlete), None);
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        assert_eq!(reply.json["status"], "accepted");
    }

    fn records(&self, athlete: &Account) -> usize {
        self.app.backend.settings_changes(athlete.id).unwrap().len()
    }

    fn cut_sum(&self, athlete: &Account) -> u8 {
        engine_settings(&self.app.backend.store(athlete.id))
            .unwrap()
            .readiness_cut_sum
    }
}

/// The error's code, checking the reply is `status` in the JSON shape.
fn code_of(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.json);
    let error = &reply.json["error"];
    assert_eq!(error["status"], status.as_u16(), "{}", reply.json);
    assert!(!error["message"].as_str().unwrap().is_empty());
    error["code"].as_str().unwrap().to_string()
}

#[test]
fn a_coach_invites_lists_and_opens_athletes() {
    let Some(server) = Server::new("dashboard") else {
        return;
    };
    let cora = server.account("cora", "coach");
    let ana = server.account("ana", "athlete");
    let bo = server.account("bo", "athlete");
    onboard(&mut server.app.backend.store(ana.id));
    // Ana's outcome measures, which her coach sees once she accepts.
    let reply = server.send(
        Method::POST,
        "/api/v1/outcomes",
        Some(&ana),
        Some(json!({"pain_rating": 5, "activities": [{"name": "sitting", "rating": 4}]})),
    );
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);

    // The invitation waits for ana's answer.
    let reply = server.send(
        Method::POST,
        "/api/v1/coach/invitations",
        Some(&cora),
        Some(json!({"athlete": "ana"})),
    );
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let waiting = server.get("/api/v1/invitations", &ana);
    assert_eq!(waiting.status, StatusCode::OK, "{}", waiting.json);
    assert_eq!(waiting.json["items"], json!([{"coach": "cora"}]));
    let reply = server.get("/api/v1/coach/athletes", &cora);
    assert_eq!(reply.json["total"], 0, "not accepted yet: {}", reply.json);
    let reply = server.send(
        Method::POST,
        "/api/v1/invitations/cora/accept",
        Some(&ana),
        None,
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(server.get("/api/v1/invitations", &ana).json["total"], 0);
    server.link(&cora, "cora", &bo, "bo");

    let reply = server.get("/api/v1/coach/athletes", &cora);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["total"], 2);
    let rows = reply.json["items"].as_array().unwrap();
    assert_eq!(rows[0]["name"], "ana");
    assert_eq!(rows[0]["started"], true);
    let summary = &rows[0]["summary"];
    assert!(summary["flags"].is_object(), "{summary}");
    for field in ["adherence", "weekly_load", "latest"] {
        assert!(summary.get(field).is_some(), "{field}: {summary}");
    }
    assert_eq!(summary["flags"]["pain"], false);
    assert_eq!(rows[1]["name"], "bo");
    assert_eq!(rows[1]["started"], false);
    assert_eq!(rows[1]["summary"], Value::Null);
    // A page at a time.
    let reply = server.get("/api/v1/coach/athletes?per_page=1", &cora);
    assert_eq!(reply.json["items"].as_array().unwrap().len(), 1);
    let next = reply.json["next"].as_str().unwrap().to_string();
    assert_eq!(server.get(&next, &cora).json["items"][0]["name"], "bo");

    let reply = server.get("/api/v1/coach/athletes/ana", &cora);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["name"], "ana");
    assert!(reply.json["today"]["slots"].is_array(), "{}", reply.json);
    let settings = reply.json["settings"].as_array().unwrap();
    assert!(
        settings
            .iter()
            .any(|s| s["key"] == "readiness-cut-sum" && s["value"] == 17),
        "{}",
        reply.json
    );
    assert_eq!(reply.json["changes"]["total"], 0);
    let outcomes = reply.json["outcomes"].as_array().unwrap();
    assert_eq!(outcomes[0]["instrument"], "nprs", "{}", reply.json);
    assert_eq!(outcomes[0]["points"][0]["score"], 5.0);
    assert_eq!(outcomes[1]["instrument"], "psfs");
    let reply = server.get("/api/v1/coach/athletes/bo", &cora);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["today"], Value::Null);

    // Inviting a name with no account says so, naming the field.
    let reply = server.send(
        Method::POST,
        "/api/v1/coach/invitations",
        Some(&cora),
        Some(json!({"athlete": "nobody"})),
    );
    assert_eq!(
        code_of(&reply, StatusCode::UNPROCESSABLE_ENTITY),
        "invalid_input"
    );
    assert_eq!(reply.json["error"]["field"], "athlete");
    // Accepting with no invitation: 404, the same for an unknown name.
    for coach in ["cora", "nobody"] {
        let uri = format!("/api/v1/invitations/{coach}/accept");
        let reply = server.send(Method::POST, &uri, Some(&bo), None);
        assert_eq!(
            code_of(&reply, StatusCode::NOT_FOUND),
            "not_found",
            "{coach}"
        );
    }
}

#[test]
fn coach_routes_refuse_athletes_and_hide_other_coaches_athletes() {
    let Some(server) = Server::new("authorization") else {
        return;
    };
    let cora = server.account("cora", "coach");
    let carl = server.account("carl", "coach");
    let ana = server.account("ana", "athlete");
    let bo = server.account("bo", "athlete");
    onboard(&mut server.app.backend.store(ana.id));
    server.link(&cora, "cora", &ana, "ana");
    let change = json!({"readiness-cut-sum": 15});

    // An athlete is not a coach: 403 on every coach route.
    let coach_routes: [(Method, &str, Option<Value>); 4] = [
        (Method::GET, "/api/v1/coach/athletes", None),
        (Method::GET, "/api/v1/coach/athletes/ana", None),
        (
            Method::PATCH,
            "/api/v1/coach/athletes/ana/settings",
            Some(change.clone()),
        ),
        (
            Method::POST,
            "/api/v1/coach/invitations",
            Some(json!({"athlete": "bo"})),
        ),
    ];
    for (method, uri, body) in &coach_routes {
        let reply = server.send(method.clone(), uri, Some(&ana), body.clone());
        assert_eq!(code_of(&reply, StatusCode::FORBIDDEN), "forbidden", "{uri}");
        // Without a token: 401 before anything else.
        let reply = server.send(method.clone(), uri, None, body.clone());
        assert_eq!(code_of(&reply, StatusCode::UNAUTHORIZED), "unauthorized");
    }
    for uri in ["/api/v1/invitations", "/api/v1/settings/changes"] {
        let reply = server.send(Method::GET, uri, None, None);
        code_of(&reply, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(server.get("/api/v1/invitations", &bo).json["total"], 0);

    // Carl invited ana but was not accepted: the same 404 as for a name
    // that does not exist, and for bo, who exists but is nobody's athlete.
    let reply = server.send(
        Method::POST,
        "/api/v1/coach/invitations",
        Some(&carl),
        Some(json!({"athlete": "ana"})),
    );
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let answers: Vec<(StatusCode, String, String)> = ["ana", "bo", "nobody"]
        .iter()
        .map(|name| {
            let reply = server.get(&format!("/api/v1/coach/athletes/{name}"), &carl);
            let message = reply.json["error"]["message"]
                .as_str()
                .unwrap()
                .replace(name, "NAME");
            (
                reply.status,
                code_of(&reply, StatusCode::NOT_FOUND),
                message,
            )
        })
        .collect();
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    for name in ["ana", "nobody"] {
        let uri = format!("/api/v1/coach/athletes/{name}/settings");
        let reply = server.send(Method::PATCH, &uri, Some(&carl), Some(change.clone()));
        assert_eq!(code_of(&reply, StatusCode::NOT_FOUND), "not_found");
    }
    assert_eq!(server.get("/api/v1/coach/athletes", &carl).json["total"], 0);
    assert_eq!(server.cut_sum(&ana), 17);
    assert_eq!(server.records(&ana), 0);
}

#[test]
fn a_coachs_settings_change_is_saved_with_its_record() {
    let Some(server) = Server::new("settings") else {
        return;
    };
    let cora = server.account("cora", "coach");
    let ana = server.account("ana", "athlete");
    onboard(&mut server.app.backend.store(ana.id));
    server.link(&cora, "cora", &ana, "ana");
    let uri = "/api/v1/coach/athletes/ana/settings";

    // One bad value refuses the whole change, naming its key; no record.
    for (body, key) in [
        (
            json!({"block-weeks": 4, "readiness-cut-sum": 22}),
            "readiness-cut-sum",
        ),
        (
            json!({"block-weeks": 4, "no-such-setting": 1}),
            "no-such-setting",
        ),
        (json!({"block-weeks": "four"}), "block-weeks"),
    ] {
        let reply = server.send(Method::PATCH, uri, Some(&cora), Some(body.clone()));
        assert_eq!(
            code_of(&reply, StatusCode::UNPROCESSABLE_ENTITY),
            "invalid_input",
            "{body}"
        );
        assert_eq!(reply.json["error"]["field"], key, "{body}");
    }
    let store = server.app.backend.store(ana.id);
    assert_eq!(store.settings().unwrap().block_weeks, 3);
    assert_eq!(server.records(&ana), 0);

    let reply = server.send(
        Method::PATCH,
        uri,
        Some(&cora),
        Some(json!({"block-weeks": 4, "readiness-cut-sum": 15})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["changed"].as_array().unwrap().len(), 2);
    assert_eq!(store.settings().unwrap().block_weeks, 4);
    assert_eq!(server.cut_sum(&ana), 15);
    let records = server.app.backend.settings_changes(ana.id).unwrap();
    let shown: Vec<_> = records
        .iter()
        .map(|c| {
            (
                c.changed_by.as_deref(),
                c.key.as_str(),
                c.old.as_str(),
                c.new.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (Some("cora"), "block-weeks", "3", "4"),
            (Some("cora"), "readiness-cut-sum", "17", "15"),
        ]
    );
    // The coach's own settings are untouched.
    assert_eq!(server.cut_sum(&cora), 17);

    // A value already in force changes nothing and records nothing.
    let reply = server.send(
        Method::PATCH,
        uri,
        Some(&cora),
        Some(json!({"readiness-cut-sum": 15})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["changed"], json!([]));
    assert_eq!(server.records(&ana), 2);

    // Ana reads who changed what, newest first, a page at a time; so does
    // the coach on the athlete's page.
    let reply = server.get("/api/v1/settings/changes?per_page=1", &ana);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["total"], 2);
    let newest = &reply.json["items"][0];
    assert_eq!(newest["changed_by"], "cora");
    assert_eq!(newest["key"], "readiness-cut-sum");
    assert_eq!(
        (newest["old"].as_str(), newest["new"].as_str()),
        (Some("17"), Some("15"))
    );
    assert!(newest["at"].is_string());
    let next = reply.json["next"].as_str().unwrap().to_string();
    assert_eq!(
        server.get(&next, &ana).json["items"][0]["key"],
        "block-weeks"
    );
    let reply = server.get("/api/v1/coach/athletes/ana", &cora);
    assert_eq!(reply.json["changes"]["total"], 2);
    assert_eq!(
        reply.json["changes"]["items"][0]["key"],
        "readiness-cut-sum"
    );
    // The athlete's own API shows the coach's values.
    let reply = server.get("/api/v1/settings", &ana);
    let cut = reply.json["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "readiness-cut-sum")
        .unwrap()
        .clone();
    assert_eq!(cut["value"], 15);
    // Their own change is theirs, not a coach's: no record.
    let reply = server.send(
        Method::PATCH,
        "/api/v1/settings",
        Some(&ana),
        Some(json!({"readiness-cut-sum": 16})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(server.cut_sum(&ana), 16);
    assert_eq!(server.records(&ana), 2);
}
