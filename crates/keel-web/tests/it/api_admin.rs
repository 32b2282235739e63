//! The coach server's JSON API for the admin's accounts and for ending a
//! coaching link, over PostgreSQL with bearer tokens: an admin lists, adds
//! (argon2-hashed), re-roles, deletes (`?confirm=NAME`) and resets the
//! password of accounts; the last admin can be neither demoted nor deleted;
//! anyone else is 403. An athlete withdraws a coach or declines an
//! invitation, a coach drops an athlete; without a link, 404. Needs
//! KEEL_TEST_POSTGRES_URL (skips in one line without it); one private
//! schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::{Method, StatusCode};
use keel_app::auth::verify_password;
use keel_web::accounts::ServerSettings;
use serde_json::{Value, json};

use common::bearer::{self, Account};
use common::json::Reply;
use common::onboard;
use common::pg::PgApp;

const PASSWORD: &str = "a long enough passphrase";

struct Server {
    app: PgApp,
}

impl Server {
    fn new(test: &str) -> Option<Server> {
        let app = PgApp::start("keel_web_api_admin", test, ServerSettings::default())?;
        Some(Server { app })
    }

    /// An account with an API token; the first one made is the admin.
    fn account(&self, name: &str, role: &str) -> Account {
        bearer::account(&self.app, name, role)
    }

    fn send(&self, method: Method, uri: &str, who: Option<&Account>, body: Option<Value>) -> Reply {
        bearer::send(&self.app, method, uri, who, body)
    }

    /// Every account as `name role`, by name.
    fn users(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .app
            .backend
            .list_users()
            .unwrap()
            .into_iter()
            .map(|a| format!("{} {}", a.name, a.role))
            .collect();
        all.sort();
        all
    }

    fn hash_of(&self, name: &str) -> String {
        let user = self.app.backend.user_by_name(name).unwrap().unwrap();
        user.password_hash.unwrap()
    }
}

/// The error's code and field, checking the reply is `status` in the JSON shape.
fn error_of(reply: &Reply, status: StatusCode) -> (String, Value) {
    assert_eq!(reply.status, status, "{}", reply.json);
    let error = &reply.json["error"];
    assert_eq!(error["status"], status.as_u16(), "{}", reply.json);
    assert!(!error["message"].as_str().unwrap().is_empty());
    (
        error["code"].as_str().unwrap().to_string(),
        error["field"].clone(),
    )
}

#[test]
fn an_admin_lists_adds_reroles_resets_and_deletes_accounts() {
    let Some(server) = Server::new("manage") else {
        return;
    };
    let root = server.account("root", "admin");
    server.account("ana", "athlete");

    let list = server.send(Method::GET, "/api/v1/admin/users", Some(&root), None);
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    let names: Vec<&str> = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ana", "root"]);
    assert_eq!(list.json["items"][1]["role"], "admin");
    assert_eq!(list.json["total"], 2);

    // Added with an argon2 hash of the password exactly as sent.
    let body = json!({"name": "cora", "role": "coach", "password": PASSWORD});
    let added = server.send(Method::POST, "/api/v1/admin/users", Some(&root), Some(body));
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
    assert_eq!(added.json, json!({"name": "cora", "role": "coach"}));
    assert!(verify_password(PASSWORD, &server.hash_of("cora")));

    // Refused, naming the field, and nothing added.
    for (body, field) in [
        (
            json!({"name": "dan", "role": "boss", "password": PASSWORD}),
            "role",
        ),
        (
            json!({"name": "dan", "role": "athlete", "password": "short"}),
            "password",
        ),
        (
            json!({"name": "cora", "role": "athlete", "password": PASSWORD}),
            "name",
        ),
        (
            json!({"name": "", "role": "athlete", "password": PASSWORD}),
            "name",
        ),
    ] {
        let reply = server.send(
            Method::POST,
            "/api/v1/admin/users",
            Some(&root),
            Some(body.clone()),
        );
        assert_eq!(
            error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY).1,
            field,
            "{body}"
        );
    }
    assert_eq!(server.users(), ["ana athlete", "cora coach", "root admin"]);

    let reply = server.send(
        Method::PATCH,
        "/api/v1/admin/users/ana",
        Some(&root),
        Some(json!({"role": "coach"})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json, json!({"name": "ana", "role": "coach"}));
    let reply = server.send(
        Method::PATCH,
        "/api/v1/admin/users/ana",
        Some(&root),
        Some(json!({"role": "captain"})),
    );
    assert_eq!(error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY).1, "role");
    assert_eq!(server.users(), ["ana coach", "cora coach", "root admin"]);

    let uri = "/api/v1/admin/users/cora/password";
    let reply = server.send(
        Method::POST,
        uri,
        Some(&root),
        Some(json!({"password": "x"})),
    );
    assert_eq!(
        error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY).1,
        "password"
    );
    assert!(verify_password(PASSWORD, &server.hash_of("cora")));
    let new = "another long passphrase";
    let reply = server.send(
        Method::POST,
        uri,
        Some(&root),
        Some(json!({"password": new})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert!(verify_password(new, &server.hash_of("cora")));
    assert!(!verify_password(PASSWORD, &server.hash_of("cora")));

    // Deleting needs the typed confirmation.
    for uri in [
        "/api/v1/admin/users/cora",
        "/api/v1/admin/users/cora?confirm=ana",
        "/api/v1/admin/users/cora?confirm=",
    ] {
        let reply = server.send(Method::DELETE, uri, Some(&root), None);
        assert_eq!(
            error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY).1,
            "confirm",
            "{uri}"
        );
    }
    assert_eq!(server.users(), ["ana coach", "cora coach", "root admin"]);
    let reply = server.send(
        Method::DELETE,
        "/api/v1/admin/users/cora?confirm=cora",
        Some(&root),
        None,
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(server.users(), ["ana coach", "root admin"]);

    // A name with no account is 404 on each route about one.
    let ghost = "/api/v1/admin/users/ghost";
    for (method, uri, body) in [
        (
            Method::PATCH,
            ghost.to_string(),
            Some(json!({"role": "coach"})),
        ),
        (Method::DELETE, format!("{ghost}?confirm=ghost"), None),
        (
            Method::POST,
            format!("{ghost}/password"),
            Some(json!({"password": new})),
        ),
    ] {
        let reply = server.send(method.clone(), &uri, Some(&root), body);
        assert_eq!(
            error_of(&reply, StatusCode::NOT_FOUND).0,
            "not_found",
            "{method} {uri}"
        );
    }
}

#[test]
fn the_last_admin_can_be_neither_demoted_nor_deleted() {
    let Some(server) = Server::new("last_admin") else {
        return;
    };
    let root = server.account("root", "admin");
    let reply = server.send(
        Method::PATCH,
        "/api/v1/admin/users/root",
        Some(&root),
        Some(json!({"role": "athlete"})),
    );
    assert_eq!(error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY).1, "role");
    let reply = server.send(
        Method::DELETE,
        "/api/v1/admin/users/root?confirm=root",
        Some(&root),
        None,
    );
    error_of(&reply, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.users(), ["root admin"]);

    // With a second admin, the first may step down.
    let body = json!({"name": "max", "role": "admin", "password": PASSWORD});
    let reply = server.send(Method::POST, "/api/v1/admin/users", Some(&root), Some(body));
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
    let reply = server.send(
        Method::PATCH,
        "/api/v1/admin/users/root",
        Some(&root),
        Some(json!({"role": "athlete"})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(server.users(), ["max admin", "root athlete"]);
}

#[test]
fn only_an_admin_may_manage_accounts() {
    let Some(server) = Server::new("forbidden") else {
        return;
    };
    server.account("root", "admin");
    let ana = server.account("ana", "athlete");
    let cora = server.account("cora", "coach");
    let before = server.users();
    let hash = server.hash_of("ana");
    let calls = [
        (Method::GET, "/api/v1/admin/users", None),
        (
            Method::POST,
            "/api/v1/admin/users",
            Some(json!({"name": "eve", "role": "admin", "password": PASSWORD})),
        ),
        (
            Method::PATCH,
            "/api/v1/admin/users/ana",
            Some(json!({"role": "admin"})),
        ),
        (Method::DELETE, "/api/v1/admin/users/ana?confirm=ana", None),
        (
            Method::POST,
            "/api/v1/admin/users/ana/password",
            Some(json!({"password": PASSWORD})),
        ),
    ];
    for (method, uri, body) in calls {
        for who in [&ana, &cora] {
            let reply = server.send(method.clone(), uri, Some(who), body.clone());
            assert_eq!(
                error_of(&reply, StatusCode::FORBIDDEN).0,
                "forbidden",
                "{method} {uri}"
            );
        }
        let reply = server.send(method.clone(), uri, None, body.clone());
        assert_eq!(
            error_of(&reply, StatusCode::UNAUTHORIZED).0,
            "unauthorized",
            "{method} {uri}"
        );
    }
    assert_eq!(server.users(), before);
    assert_eq!(server.hash_of("ana"), hash);
}

#[test]
fn either_side_ends_a_coaching_link() {
    let Some(server) = Server::new("links") else {
        return;
    };
    server.account("root", "admin");
    let cora = server.account("cora", "coach");
    let ana = server.account("ana", "athlete");
    onboard(&mut server.app.backend.store(ana.id));
    let backend = &server.app.backend;
    let link = || {
        backend.invite(cora.id, ana.id).unwrap();
        backend.accept(ana.id, cora.id).unwrap();
    };

    // The athlete withdraws an accepted coach; the coach loses access.
    link();
    let withdraw = "/api/v1/invitations/cora/withdraw";
    let reply = server.send(Method::POST, withdraw, Some(&ana), None);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json, json!({"coach": "cora", "status": "withdrawn"}));
    assert!(backend.athletes_of(cora.id).unwrap().is_empty());
    let reply = server.send(Method::GET, "/api/v1/coach/athletes/ana", Some(&cora), None);
    error_of(&reply, StatusCode::NOT_FOUND);
    // Again, or a name that never coached: 404.
    for uri in [withdraw, "/api/v1/invitations/ghost/withdraw"] {
        let reply = server.send(Method::POST, uri, Some(&ana), None);
        assert_eq!(
            error_of(&reply, StatusCode::NOT_FOUND).0,
            "not_found",
            "{uri}"
        );
    }

    // Or declines a pending invitation.
    backend.invite(cora.id, ana.id).unwrap();
    let reply = server.send(Method::POST, withdraw, Some(&ana), None);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert!(backend.invitations_of(ana.id).unwrap().is_empty());

    // The coach drops an athlete; the changes made stay in the record.
    link();
    let reply = server.send(
        Method::PATCH,
        "/api/v1/coach/athletes/ana/settings",
        Some(&cora),
        Some(json!({"block-weeks": 4})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["changed"].as_array().unwrap().len(), 1);
    let drop = "/api/v1/coach/athletes/ana";
    let reply = server.send(Method::DELETE, drop, Some(&ana), None);
    assert_eq!(error_of(&reply, StatusCode::FORBIDDEN).0, "forbidden");
    assert_eq!(backend.athletes_of(cora.id).unwrap().len(), 1);
    let reply = server.send(Method::DELETE, drop, Some(&cora), None);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json, json!({"athlete": "ana", "status": "dropped"}));
    assert!(backend.athletes_of(cora.id).unwrap().is_empty());
    assert_eq!(backend.settings_changes(ana.id).unwrap().len(), 1);
    for uri in [drop, "/api/v1/coach/athletes/ghost"] {
        let reply = server.send(Method::DELETE, uri, Some(&cora), None);
        assert_eq!(
            error_of(&reply, StatusCode::NOT_FOUND).0,
            "not_found",
            "{uri}"
        );
    }
}

#[test]
fn a_password_reset_revokes_the_accounts_api_tokens_and_says_so() {
    let Some(server) = Server::new("reset_revokes") else {
        return;
    };
    let root = server.account("root", "admin");
    let ana = server.account("ana", "athlete");
    let ben = server.account("ben", "athlete");
    let profile = |who: &Account| {
        server
            .send(Method::GET, "/api/v1/profile", Some(who), None)
            .status
    };
    assert_ne!(profile(&ana), StatusCode::UNAUTHORIZED);

    let reply = server.send(
        Method::POST,
        "/api/v1/admin/users/ana/password",
        Some(&root),
        Some(json!({"password": "another long passphrase"})),
    );
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["tokens_revoked"], 1, "{}", reply.json);
    let message = reply.json["message"].as_str().unwrap();
    assert!(message.contains("1 API token revoked"), "{message}");
    // Ana's token no longer works; ben's and the admin's do.
    let refused = server.send(Method::GET, "/api/v1/profile", Some(&ana), None);
    assert_eq!(
        error_of(&refused, StatusCode::UNAUTHORIZED).0,
        "unauthorized"
    );
    assert!(
        refused.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("revoked"),
        "{}",
        refused.json
    );
    assert_ne!(profile(&ben), StatusCode::UNAUTHORIZED);
    assert_ne!(profile(&root), StatusCode::UNAUTHORIZED);
}
