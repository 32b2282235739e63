//! Who may see what, changed from the web: an athlete withdraws a coach's
//! access, a coach drops an athlete, an admin changes a role or deletes an
//! account (never the last admin, never without confirmation). Needs
//! KEEL_TEST_POSTGRES_URL (skips in one line without it); one private
//! schema per test.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use axum::http::StatusCode;
use keel_web::accounts::ServerSettings;

use common::form::form_request;
use common::onboard;
use common::pages::{Browser, Reply};
use common::pg::PgApp;

/// The server app with this file's own helpers.
struct App(PgApp);

impl std::ops::Deref for App {
    type Target = PgApp;
    fn deref(&self) -> &PgApp {
        &self.0
    }
}

impl App {
    /// A server whose first account, `root`, is its admin.
    fn new(test: &str) -> Option<(App, String)> {
        let app = App(PgApp::start(
            "keel_web_roles",
            test,
            ServerSettings::default(),
        )?);
        let (_, root) = app.account("root", "admin");
        Some((app, root))
    }

    /// `coach` (signed in as `coach_token`) invites `athlete`, who accepts.
    fn link(&self, coach: &str, coach_token: &str, athlete: &str, athlete_token: &str) {
        let invited = self.post("/coach/invite", coach_token, &[("athlete", athlete)]);
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
        let accepted = self.post(&format!("/invitations/{coach}/accept"), athlete_token, &[]);
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    }

    fn role_of(&self, name: &str) -> Option<String> {
        self.backend
            .list_users()
            .unwrap()
            .into_iter()
            .find(|a| a.name == name)
            .map(|a| a.role)
    }
}

fn assert_refused(reply: &Reply, status: StatusCode, says: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        reply.body.contains(says),
        "expected {says:?} in {}",
        reply.body
    );
    assert!(
        reply.body.contains("Nothing was changed."),
        "{}",
        reply.body
    );
}

#[test]
fn an_athlete_withdraws_a_coachs_access_and_the_coach_gets_404() {
    let Some((app, _)) = App::new("withdraw") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    onboard(&mut app.backend.store(ana_id));
    app.link("cora", &cora, "ana", &ana);
    assert_eq!(app.get("/coach/athlete/ana", &cora).status, StatusCode::OK);

    let page = app.get("/invitations", &ana);
    assert!(
        page.body.contains("cora</strong> sees your training"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"action="/invitations/cora/withdraw""#),
        "{}",
        page.body
    );

    // From another site: refused, the coach keeps access.
    let forged = app.send(form_request(
        "/invitations/cora/withdraw",
        Some(&ana),
        &[],
        "http://evil.example",
    ));
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/coach/athlete/ana", &cora).status, StatusCode::OK);

    let withdrawn = app.post("/invitations/cora/withdraw", &ana, &[]);
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    assert_eq!(withdrawn.location, "/invitations");
    assert!(
        app.backend
            .athletes_of(app.backend.user_by_name("cora").unwrap().unwrap().id)
            .unwrap()
            .is_empty()
    );
    assert!(
        app.get("/invitations", &ana)
            .body
            .contains("No coach sees your training.")
    );

    // The coach now gets what a coach who was never invited gets.
    let gone = app.get("/coach/athlete/ana", &cora);
    let never = app.get("/coach/athlete/nobody", &cora);
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(never.status, StatusCode::NOT_FOUND);
    let change = app.post(
        "/coach/athlete/ana/settings",
        &cora,
        &[("key", "sessions_per_week"), ("value", "4")],
    );
    assert_eq!(change.status, StatusCode::NOT_FOUND, "{}", change.body);
    assert!(app.backend.settings_changes(ana_id).unwrap().is_empty());
    assert!(!app.get("/coach", &cora).body.contains("/coach/athlete/ana"));

    // Withdrawing again, or a name that is no coach: 422, same words.
    let again = app.post("/invitations/cora/withdraw", &ana, &[]);
    assert_refused(
        &again,
        StatusCode::UNPROCESSABLE_ENTITY,
        "is not your coach",
    );
    let unknown = app.post("/invitations/nobody/withdraw", &ana, &[]);
    assert_refused(
        &unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "is not your coach",
    );

    // A new invitation can be accepted again.
    app.link("cora", &cora, "ana", &ana);
    assert_eq!(app.get("/coach/athlete/ana", &cora).status, StatusCode::OK);
}

#[test]
fn an_athlete_declines_a_pending_invitation() {
    let Some((app, _)) = App::new("decline") else {
        return;
    };
    let (_, cora) = app.account("cora", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    let invited = app.post("/coach/invite", &cora, &[("athlete", "ana")]);
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    assert!(app.get("/invitations", &ana).body.contains("Decline cora"));
    let declined = app.post("/invitations/cora/withdraw", &ana, &[]);
    assert_eq!(declined.status, StatusCode::SEE_OTHER, "{}", declined.body);
    assert!(app.backend.invitations_of(ana_id).unwrap().is_empty());
    let late = app.post("/invitations/cora/accept", &ana, &[]);
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );
    assert_eq!(
        app.get("/coach/athlete/ana", &cora).status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_coach_drops_an_athlete() {
    let Some((app, _)) = App::new("drop") else {
        return;
    };
    let (cora_id, cora) = app.account("cora", "coach");
    let (_, uma) = app.account("uma", "coach");
    let (ana_id, ana) = app.account("ana", "athlete");
    onboard(&mut app.backend.store(ana_id));
    app.link("cora", &cora, "ana", &ana);
    let page = app.get("/coach/athlete/ana", &cora);
    assert!(
        page.body.contains(r#"action="/coach/athlete/ana/drop""#),
        "{}",
        page.body
    );

    // An athlete is no coach; another coach has no such athlete.
    let by_athlete = app.post("/coach/athlete/ana/drop", &ana, &[]);
    assert_eq!(
        by_athlete.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_athlete.body
    );
    let by_other = app.post("/coach/athlete/ana/drop", &uma, &[]);
    assert_eq!(by_other.status, StatusCode::NOT_FOUND, "{}", by_other.body);
    assert_eq!(app.backend.athletes_of(cora_id).unwrap().len(), 1);

    let dropped = app.post("/coach/athlete/ana/drop", &cora, &[]);
    assert_eq!(dropped.status, StatusCode::SEE_OTHER, "{}", dropped.body);
    assert_eq!(dropped.location, "/coach");
    assert!(app.backend.athletes_of(cora_id).unwrap().is_empty());
    assert_eq!(
        app.get("/coach/athlete/ana", &cora).status,
        StatusCode::NOT_FOUND
    );
    assert!(app.backend.coaches_of(ana_id).unwrap().is_empty());
    let again = app.post("/coach/athlete/ana/drop", &cora, &[]);
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    let unknown = app.post("/coach/athlete/nobody/drop", &cora, &[]);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
}

#[test]
fn an_admin_changes_roles_but_never_demotes_the_last_admin() {
    let Some((app, root)) = App::new("set_role") else {
        return;
    };
    let (_, ben) = app.account("ben", "athlete");
    let users = app.get("/admin/users", &root);
    assert!(
        users.body.contains(r#"action="/admin/users/ben/role""#),
        "{}",
        users.body
    );
    assert_eq!(app.get("/coach", &ben).status, StatusCode::FORBIDDEN);

    let made = app.post("/admin/users/ben/role", &root, &[("role", "coach")]);
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(made.location, "/admin/users");
    assert_eq!(app.role_of("ben").as_deref(), Some("coach"));
    // The role counts from the next request; the session stays.
    assert_eq!(app.get("/coach", &ben).status, StatusCode::OK);

    // Bad input, or not an admin: refused, nothing changed.
    let bad = app.post("/admin/users/ben/role", &root, &[("role", "boss")]);
    assert_refused(&bad, StatusCode::UNPROCESSABLE_ENTITY, "Role");
    let empty = app.post("/admin/users/ben/role", &root, &[]);
    assert_refused(&empty, StatusCode::UNPROCESSABLE_ENTITY, "Role");
    let nobody = app.post("/admin/users/nobody/role", &root, &[("role", "coach")]);
    assert_refused(&nobody, StatusCode::UNPROCESSABLE_ENTITY, "no user called");
    let by_coach = app.post("/admin/users/ben/role", &ben, &[("role", "admin")]);
    assert_eq!(by_coach.status, StatusCode::FORBIDDEN, "{}", by_coach.body);
    assert_eq!(app.role_of("ben").as_deref(), Some("coach"));

    // The last admin stays admin.
    let demote = app.post("/admin/users/root/role", &root, &[("role", "athlete")]);
    assert_refused(&demote, StatusCode::UNPROCESSABLE_ENTITY, "last admin");
    assert_eq!(app.role_of("root").as_deref(), Some("admin"));

    // With a second admin, the first may step down.
    let promoted = app.post("/admin/users/ben/role", &root, &[("role", "admin")]);
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.body);
    let stepped = app.post("/admin/users/root/role", &root, &[("role", "coach")]);
    assert_eq!(stepped.status, StatusCode::SEE_OTHER, "{}", stepped.body);
    assert_eq!(app.role_of("root").as_deref(), Some("coach"));
    assert_eq!(app.get("/admin/users", &root).status, StatusCode::FORBIDDEN);
    let last = app.post("/admin/users/ben/role", &ben, &[("role", "athlete")]);
    assert_refused(&last, StatusCode::UNPROCESSABLE_ENTITY, "last admin");
}

#[test]
fn an_admin_deletes_an_account_only_after_confirming() {
    let Some((app, root)) = App::new("delete") else {
        return;
    };
    let (ben_id, ben) = app.account("ben", "athlete");
    onboard(&mut app.backend.store(ben_id));
    let users = app.get("/admin/users", &root);
    assert!(
        users.body.contains(r#"href="/admin/users/ben/delete""#),
        "{}",
        users.body
    );

    let ask = app.get("/admin/users/ben/delete", &root);
    assert_eq!(ask.status, StatusCode::OK, "{}", ask.body);
    assert!(ask.body.contains(r#"name="confirm""#), "{}", ask.body);
    assert!(ask.body.contains("whole training history"), "{}", ask.body);
    assert_eq!(
        app.get("/admin/users/nobody/delete", &root).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/admin/users/root/delete", &ben).status,
        StatusCode::FORBIDDEN
    );

    // Without the name typed, or with another: nothing is deleted.
    for form in [vec![], vec![("confirm", "yes")], vec![("confirm", "root")]] {
        let refused = app.post("/admin/users/ben/delete", &root, &form);
        assert_refused(&refused, StatusCode::UNPROCESSABLE_ENTITY, "Confirm");
        assert!(app.backend.user_by_name("ben").unwrap().is_some());
    }
    let by_athlete = app.post("/admin/users/root/delete", &ben, &[("confirm", "root")]);
    assert_eq!(by_athlete.status, StatusCode::FORBIDDEN);
    assert!(app.backend.user_by_name("root").unwrap().is_some());

    let deleted = app.post("/admin/users/ben/delete", &root, &[("confirm", "ben")]);
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(deleted.location, "/admin/users");
    assert!(app.backend.user_by_name("ben").unwrap().is_none());
    // Ben's session went with the account.
    let after = app.get("/", &ben);
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location.starts_with("/login"), "{}", after.location);

    // The last admin cannot delete themself: the page says so, the post refuses.
    let ask = app.get("/admin/users/root/delete", &root);
    assert_eq!(ask.status, StatusCode::OK, "{}", ask.body);
    assert!(ask.body.contains("last admin"), "{}", ask.body);
    assert!(!ask.body.contains(r#"name="confirm""#), "{}", ask.body);
    let last = app.post("/admin/users/root/delete", &root, &[("confirm", "root")]);
    assert_refused(&last, StatusCode::UNPROCESSABLE_ENTITY, "last admin");
    assert!(app.backend.user_by_name("root").unwrap().is_some());
}
