//! The extractor every page uses to reach data: [`Viewer`] is whoever the
//! request acts for. On the local app that is the one implicit user; on the
//! server it is the signed-in account (resolved once per request by
//! [`crate::accounts::resolve`]), and a request without a valid session is
//! sent to the login page before any handler runs. A handler can only get
//! the viewer's own store, so one athlete can never reach another's data.

use std::sync::{Arc, Mutex};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use jiff::civil::Date;
use keel_app::idempotency::{Claim, Keyed};
use keel_store::Store;

use crate::error::WebError;
use crate::state::{AppState, Backend};

/// Whose data this request reads and writes.
pub struct Viewer {
    today: Date,
    scope: Scope,
    /// The request's key, when it sent one (see [`crate::idempotency`]):
    /// its store is then [`Keyed`], whose first write stores the key.
    claim: Option<Claim>,
}

enum Scope {
    Local(Arc<Mutex<crate::state::LocalStore>>),
    #[cfg(feature = "postgres")]
    Account {
        backend: crate::server::Db,
        user: keel_store_postgres::SignedIn,
    },
}

impl Viewer {
    /// The date this request treats as today.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The signed-in account; `None` on the local app.
    #[cfg(feature = "postgres")]
    pub fn account(&self) -> Option<&keel_store_postgres::SignedIn> {
        match &self.scope {
            Scope::Account { user, .. } => Some(user),
            Scope::Local(_) => None,
        }
    }

    /// Runs `f` with the viewer's store on a blocking thread (both stores
    /// are synchronous; see [`crate::blocking`]). For a keyed request the
    /// store is [`Keyed`], so its first write stores the key with it.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, WebError> + Send + 'static,
    {
        let claim = self.claim.clone();
        let f = move |store: &mut dyn Store| match &claim {
            Some(claim) => f(&mut Keyed::new(store, claim)),
            None => f(store),
        };
        let outcome = match &self.scope {
            Scope::Local(store) => {
                let store = Arc::clone(store);
                crate::blocking::run(move || {
                    // A panic while holding the lock poisons it; the
                    // connection itself is still usable, so take it back.
                    let mut guard = store
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                    f(&mut *guard)
                })
                .await
            }
            #[cfg(feature = "postgres")]
            Scope::Account { backend, user } => {
                let mut store = backend.store_of(user);
                crate::blocking::run(move || f(&mut store)).await
            }
        };
        outcome.map_err(|e| WebError::Internal(format!("background task failed: {e}")))?
    }
}

impl FromRequestParts<AppState> for Viewer {
    /// On the server without a session: a redirect to the login page.
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let today = state.today();
        let scope = match state.backend() {
            Backend::Local(local) => Scope::Local(Arc::clone(&local.store)),
            #[cfg(feature = "postgres")]
            Backend::Server(server) => match crate::server::signed_in(parts) {
                Some(user) => Scope::Account {
                    backend: server.backend().clone(),
                    user,
                },
                None => return Err(crate::server::sign_in_first(parts)),
            },
        };
        #[cfg(not(feature = "postgres"))]
        let _ = parts;
        let claim = parts.extensions.get::<Claim>().cloned();
        Ok(Viewer {
            today,
            scope,
            claim,
        })
    }
}
