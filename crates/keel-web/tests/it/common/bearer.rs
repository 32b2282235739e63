//! API clients of the server app: accounts that authenticate with a bearer
//! token, and JSON requests sent as them.

use axum::http::Method;
use keel_app::auth::new_token;
use keel_store_postgres::UserId;
use serde_json::Value;
use tower::ServiceExt;

use super::json::{Reply, from_client, json_request, read_api};
use super::pg::PgApp;

/// A stand-in for an Argon2id PHC string: these accounts use API tokens.
pub const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

/// An account: its id and its `Authorization` header.
pub struct Account {
    pub id: UserId,
    pub bearer: String,
}

/// A new account with an API token (the server's first is its admin).
pub fn account(app: &PgApp, name: &str, role: &str) -> Account {
    let id = app.backend.add_user(name, role, HASH).unwrap().id;
    let token = new_token().unwrap();
    app.backend
        .create_api_token(id, "test", &token.hash)
        .unwrap();
    Account {
        id,
        bearer: format!("Bearer {}", token.plaintext),
    }
}

/// A JSON request as `who` (or anonymous), through the app's router.
pub fn send(
    app: &PgApp,
    method: Method,
    uri: &str,
    who: Option<&Account>,
    body: Option<Value>,
) -> Reply {
    let auth = who.map(|who| who.bearer.as_str());
    let request = from_client(json_request(method.clone(), uri, auth, body));
    let router = app.router.clone();
    app.runtime.block_on(async move {
        read_api(router.oneshot(request).await.unwrap(), &method, uri).await
    })
}
