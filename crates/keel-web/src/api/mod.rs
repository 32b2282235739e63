//! The JSON API under `/api/v1`: what the pages do, for scripts and apps.
//!
//! - [`ROUTES`] is the one list of the API's routes: the router is built
//!   from it and the tests check it against the OpenAPI document
//!   ([`openapi::document`], served at `/api/v1/openapi.json`).
//! - Every failure is one JSON body ([`error::ApiError`]); extractor
//!   rejections, unknown routes and wrong methods are mapped to it too.
//! - On the server, requests authenticate with `Authorization: Bearer`
//!   (or the browser session); without one the answer is 401 JSON.
//! - The coach server's routes (coaching, invitations, the record of
//!   settings changes, the admin's accounts) are in [`ROUTES`] on every
//!   build, so the document is one; the local app answers them 404
//!   `accounts_only`. They authorize as the coach pages do: 403 for an
//!   account that may not coach (or, on the admin routes, is not an
//!   admin), 404 for an athlete not linked to this coach, whether or not
//!   the name exists.
//!
//! The router mounts these routes under the same account resolution, body
//! limit and cross-site check as the pages: API clients send no `Origin`,
//! so the check passes them, while a foreign page riding a browser's
//! session cookie is still refused.

#[cfg(feature = "postgres")]
mod account;
#[cfg(feature = "postgres")]
mod admin;
mod assessments;
mod calendar;
mod checkins;
#[cfg(feature = "postgres")]
mod coach;
/// The JSON error shape lives with the crate's other errors: the layers
/// every request passes (hosts, CSRF, keys, accounts) answer API clients
/// in it too.
pub use crate::error::api as error;
mod export;
mod fields;
mod form_input;
mod halt;
#[cfg(feature = "postgres")]
mod invitations;
#[cfg(feature = "postgres")]
mod links;
mod onboarding;
pub mod openapi;
mod outcomes;
mod paging;
mod plan_new;
mod profile;
mod progress;
mod read;
mod resume;
mod retest;
mod session_summary;
mod sets;
pub(crate) mod settings;
#[cfg(feature = "postgres")]
mod viewer;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, delete, get, patch, post, put};

use crate::AppState;
use error::ApiError;

pub use paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

/// Every route of the API as (method, path), in axum's path syntax (which
/// is also OpenAPI's: `{id}`).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/today"),
    ("GET", "/api/v1/plan"),
    ("GET", "/api/v1/sets"),
    ("POST", "/api/v1/sets"),
    ("PATCH", "/api/v1/sets/{id}"),
    ("DELETE", "/api/v1/sets/{id}"),
    ("POST", "/api/v1/checkins"),
    ("GET", "/api/v1/checkins"),
    ("GET", "/api/v1/decisions"),
    ("GET", "/api/v1/assessments"),
    ("GET", "/api/v1/progress"),
    ("GET", "/api/v1/export/fhir"),
    ("GET", "/api/v1/calendar"),
    ("PATCH", "/api/v1/calendar"),
    ("POST", "/api/v1/calendar/feed"),
    ("DELETE", "/api/v1/calendar/feed"),
    ("GET", "/api/v1/settings"),
    ("PATCH", "/api/v1/settings"),
    ("POST", "/api/v1/assessments"),
    ("GET", "/api/v1/profile"),
    ("PUT", "/api/v1/profile"),
    ("POST", "/api/v1/onboarding"),
    ("POST", "/api/v1/plan"),
    ("POST", "/api/v1/resume"),
    ("POST", "/api/v1/session/summary"),
    ("GET", "/api/v1/outcomes"),
    ("POST", "/api/v1/outcomes"),
    // The coach server's routes (404 `accounts_only` on the local app).
    ("GET", "/api/v1/settings/changes"),
    ("GET", "/api/v1/invitations"),
    ("POST", "/api/v1/invitations/{coach}/accept"),
    ("GET", "/api/v1/coach/athletes"),
    ("GET", "/api/v1/coach/athletes/{name}"),
    ("PATCH", "/api/v1/coach/athletes/{name}/settings"),
    ("POST", "/api/v1/coach/invitations"),
    ("POST", "/api/v1/invitations/{coach}/withdraw"),
    ("DELETE", "/api/v1/coach/athletes/{name}"),
    ("GET", "/api/v1/admin/users"),
    ("POST", "/api/v1/admin/users"),
    ("PATCH", "/api/v1/admin/users/{name}"),
    ("DELETE", "/api/v1/admin/users/{name}"),
    ("POST", "/api/v1/admin/users/{name}/password"),
];

/// A coach-server route: its handler when built with the `postgres`
/// feature (which itself answers 404 `accounts_only` on the local app);
/// without the feature, that 404 straight away.
macro_rules! on_server {
    ($method:ident, $handler:path) => {{
        #[cfg(feature = "postgres")]
        let route = $method($handler);
        #[cfg(not(feature = "postgres"))]
        let route = $method(accounts_only);
        route
    }};
}

/// The handler of one entry of [`ROUTES`].
fn handler(method: &str, path: &str) -> Option<MethodRouter<AppState>> {
    Some(match (method, path) {
        ("GET", "/api/v1/openapi.json") => get(openapi::serve),
        ("GET", "/api/v1/today") => get(read::today),
        ("GET", "/api/v1/plan") => get(read::plan),
        ("GET", "/api/v1/sets") => get(sets::list),
        ("POST", "/api/v1/sets") => post(sets::create),
        ("PATCH", "/api/v1/sets/{id}") => patch(sets::update),
        ("DELETE", "/api/v1/sets/{id}") => delete(sets::delete),
        ("POST", "/api/v1/checkins") => post(checkins::create),
        ("GET", "/api/v1/checkins") => get(checkins::list),
        ("GET", "/api/v1/decisions") => get(read::decisions),
        ("GET", "/api/v1/assessments") => get(assessments::list),
        ("GET", "/api/v1/progress") => get(progress::show),
        ("GET", "/api/v1/export/fhir") => get(export::fhir),
        ("GET", "/api/v1/calendar") => get(calendar::show),
        ("PATCH", "/api/v1/calendar") => patch(calendar::update),
        ("POST", "/api/v1/calendar/feed") => post(calendar::renew),
        ("DELETE", "/api/v1/calendar/feed") => delete(calendar::revoke),
        ("GET", "/api/v1/settings") => get(settings::show),
        ("PATCH", "/api/v1/settings") => patch(settings::update),
        ("POST", "/api/v1/assessments") => post(retest::create),
        ("GET", "/api/v1/profile") => get(profile::show),
        ("PUT", "/api/v1/profile") => put(profile::update),
        ("POST", "/api/v1/onboarding") => post(onboarding::create),
        ("POST", "/api/v1/plan") => post(plan_new::create),
        ("POST", "/api/v1/resume") => post(resume::create),
        ("POST", "/api/v1/session/summary") => post(session_summary::create),
        ("GET", "/api/v1/outcomes") => get(outcomes::list),
        ("POST", "/api/v1/outcomes") => post(outcomes::create),
        ("GET", "/api/v1/settings/changes") => on_server!(get, invitations::changes),
        ("GET", "/api/v1/invitations") => on_server!(get, invitations::list),
        ("POST", "/api/v1/invitations/{coach}/accept") => on_server!(post, invitations::accept),
        ("GET", "/api/v1/coach/athletes") => on_server!(get, coach::athletes),
        ("GET", "/api/v1/coach/athletes/{name}") => on_server!(get, coach::athlete),
        ("PATCH", "/api/v1/coach/athletes/{name}/settings") => {
            on_server!(patch, coach::change_settings)
        }
        ("POST", "/api/v1/coach/invitations") => on_server!(post, coach::invite),
        ("POST", "/api/v1/invitations/{coach}/withdraw") => on_server!(post, links::withdraw),
        ("DELETE", "/api/v1/coach/athletes/{name}") => on_server!(delete, links::drop_athlete),
        ("GET", "/api/v1/admin/users") => on_server!(get, admin::list),
        ("POST", "/api/v1/admin/users") => on_server!(post, admin::add),
        ("PATCH", "/api/v1/admin/users/{name}") => on_server!(patch, admin::change_role),
        ("DELETE", "/api/v1/admin/users/{name}") => on_server!(delete, admin::delete),
        ("POST", "/api/v1/admin/users/{name}/password") => {
            on_server!(post, admin::reset_password)
        }
        _ => return None,
    })
}

/// The API's routes (layered in [`crate::router`] like the pages).
pub fn routes() -> Router<AppState> {
    ROUTES
        .iter()
        .filter_map(|(method, path)| handler(method, path).map(|h| (*path, h)))
        .fold(Router::new(), |router, (path, h)| router.route(path, h))
        .route("/api", any(unknown))
        .route("/api/{*rest}", any(unknown))
        .layer(middleware::map_response(json_method_errors))
}

#[cfg(not(feature = "postgres"))]
async fn accounts_only() -> ApiError {
    ApiError::accounts_only()
}

async fn unknown() -> ApiError {
    ApiError::not_found("no such API route; see /api/v1/openapi.json for the routes")
}

/// axum answers a wrong method with an empty 405; give it the JSON body.
async fn json_method_errors(response: Response) -> Response {
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        let allow = response.headers().get(axum::http::header::ALLOW).cloned();
        let mut json = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this route does not take that method; see /api/v1/openapi.json",
        )
        .into_response();
        if let Some(allow) = allow {
            json.headers_mut().insert(axum::http::header::ALLOW, allow);
        }
        return json;
    }
    response
}
