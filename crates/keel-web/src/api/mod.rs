//! The JSON API under `/api/v1`: what the pages do, for scripts and apps.
//!
//! - [`ROUTES`] is the one list of the API's routes, each with its
//!   handler: the router is built from it, the tests check it against the
//!   OpenAPI document ([`openapi::document`], served at
//!   `/api/v1/openapi.json`) and the authorization matrix needs a row for
//!   each (through [`crate::routes::listed`]).
//! - Answers are wire types of the API's own (`api/wire/`), never core or
//!   store types serialized as they are (the exceptions are listed there).
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
#[cfg(feature = "example-endpoint")]
mod example;
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
mod sessions;
mod sets;
pub(crate) mod settings;
mod viewer;
mod wire;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, delete, get, patch, post, put};

use crate::AppState;
use error::ApiError;

pub use paging::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

/// One route of the API: its method and path (in axum's path syntax, which
/// is also OpenAPI's: `{id}`) and the handler that serves it. [`ROUTES`]
/// is the one list the router, the OpenAPI document's test and the
/// authorization matrix all read.
#[derive(Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    /// A function rather than a value: a `MethodRouter` is not `const`.
    pub handler: fn() -> MethodRouter<AppState>,
}

/// A coach-server route's handler when built with the `postgres` feature
/// (which itself answers 404 `accounts_only` on the local app); without
/// the feature, that 404 straight away.
macro_rules! on_server {
    ($method:ident, $handler:path) => {{
        #[cfg(feature = "postgres")]
        let route = $method($handler);
        #[cfg(not(feature = "postgres"))]
        let route = $method(accounts_only);
        route
    }};
}

/// One row of [`ROUTES`]: `route!(GET "/path" => handler_expression)`.
macro_rules! route {
    ($method:ident $path:literal => $handler:expr) => {
        Route {
            method: stringify!($method),
            path: $path,
            handler: || $handler,
        }
    };
}

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    route!(GET "/api/v1/openapi.json" => get(openapi::serve)),
    route!(GET "/api/v1/today" => get(read::today)),
    route!(GET "/api/v1/plan" => get(read::plan)),
    route!(GET "/api/v1/sets" => get(sets::list)),
    route!(POST "/api/v1/sets" => post(sets::create)),
    route!(PATCH "/api/v1/sets/{id}" => patch(sets::update)),
    route!(DELETE "/api/v1/sets/{id}" => delete(sets::delete)),
    route!(DELETE "/api/v1/sessions/{date}" => delete(sessions::delete)),
    route!(POST "/api/v1/checkins" => post(checkins::create)),
    route!(GET "/api/v1/checkins" => get(checkins::list)),
    route!(GET "/api/v1/decisions" => get(read::decisions)),
    route!(GET "/api/v1/assessments" => get(assessments::list)),
    route!(GET "/api/v1/progress" => get(progress::show)),
    route!(GET "/api/v1/export/fhir" => get(export::fhir)),
    route!(GET "/api/v1/calendar" => get(calendar::show)),
    route!(PATCH "/api/v1/calendar" => patch(calendar::update)),
    route!(POST "/api/v1/calendar/feed" => post(calendar::renew)),
    route!(DELETE "/api/v1/calendar/feed" => delete(calendar::revoke)),
    route!(GET "/api/v1/settings" => get(settings::show)),
    route!(PATCH "/api/v1/settings" => patch(settings::update)),
    route!(POST "/api/v1/assessments" => post(retest::create)),
    route!(GET "/api/v1/profile" => get(profile::show)),
    route!(PUT "/api/v1/profile" => put(profile::update)),
    route!(POST "/api/v1/onboarding" => post(onboarding::create)),
    route!(POST "/api/v1/plan" => post(plan_new::create)),
    route!(POST "/api/v1/resume" => post(resume::create)),
    route!(POST "/api/v1/session/summary" => post(session_summary::create)),
    route!(GET "/api/v1/outcomes" => get(outcomes::list)),
    route!(POST "/api/v1/outcomes" => post(outcomes::create)),
    // The coach server's routes (404 `accounts_only` on the local app).
    route!(GET "/api/v1/settings/changes" => on_server!(get, invitations::changes)),
    route!(GET "/api/v1/invitations" => on_server!(get, invitations::list)),
    route!(POST "/api/v1/invitations/{coach}/accept" => on_server!(post, invitations::accept)),
    route!(GET "/api/v1/coach/athletes" => on_server!(get, coach::athletes)),
    route!(GET "/api/v1/coach/athletes/{name}" => on_server!(get, coach::athlete)),
    route!(PATCH "/api/v1/coach/athletes/{name}/settings" => on_server!(patch, coach::change_settings)),
    route!(POST "/api/v1/coach/invitations" => on_server!(post, coach::invite)),
    route!(POST "/api/v1/invitations/{coach}/withdraw" => on_server!(post, links::withdraw)),
    route!(DELETE "/api/v1/coach/athletes/{name}" => on_server!(delete, links::drop_athlete)),
    route!(GET "/api/v1/admin/users" => on_server!(get, admin::list)),
    route!(POST "/api/v1/admin/users" => on_server!(post, admin::add)),
    route!(PATCH "/api/v1/admin/users/{name}" => on_server!(patch, admin::change_role)),
    route!(DELETE "/api/v1/admin/users/{name}" => on_server!(delete, admin::delete)),
    route!(POST "/api/v1/admin/users/{name}/password" => on_server!(post, admin::reset_password)),
    // Test-only: ARCHITECTURE.md's "An API endpoint", followed.
    #[cfg(feature = "example-endpoint")]
    route!(GET "/api/v1/example/halt" => get(example::show)),
];

/// The API's routes (layered in [`crate::router`] like the pages).
pub fn routes() -> Router<AppState> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, r| {
            router.route(r.path, (r.handler)())
        })
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
