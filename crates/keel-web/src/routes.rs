//! The one list of every route the app serves. axum cannot list the routes
//! of a router, so pages and accounts register theirs through [`Routes`],
//! which adds each to the router and remembers its method and path; the
//! API keeps its own list ([`crate::api::ROUTES`]). [`listed`] joins them,
//! for the authorization matrix test, which fails on any route it has no
//! expectation for.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// A router being built, with the (method, path) of every route added.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    listed: Vec<(&'static str, &'static str)>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    /// `GET path` (axum answers `HEAD` from it too).
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, get(handler))
    }

    /// `POST path`.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler))
    }

    /// Both routers' routes. axum merges different methods on one path and
    /// panics on the same method twice, so a duplicate cannot go unnoticed.
    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.listed.extend(other.listed);
        self
    }

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Routes {
        self.router = self.router.route(path, handler);
        self.listed.push((method, path));
        self
    }

    /// The routes added, in order, as (method, path).
    pub fn listed(&self) -> &[(&'static str, &'static str)] {
        &self.listed
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// Every route the app serves, as (method, path) in axum's path syntax: on
/// a server (`server`, with the `postgres` feature) the account routes too.
/// The API's catch-all answers to unknown `/api/...` paths are not routes.
pub fn listed(server: bool) -> Vec<(&'static str, &'static str)> {
    let mut all = crate::open_routes().listed;
    all.extend(crate::guarded_routes(server).listed);
    all.extend(crate::api::ROUTES.iter().map(|r| (r.method, r.path)));
    all
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;

    /// Calls that add routes to an axum router without this list seeing them.
    const UNLISTED: [&str; 4] = [".route(", ".route_service(", ".nest(", ".nest_service("];

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn only_this_builder_and_the_api_list_add_routes() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        assert!(files.len() > 20, "found only {files:?}");
        let allowed = [src.join("routes.rs"), src.join("api").join("mod.rs")];
        let offenders: Vec<String> = files
            .iter()
            .filter(|f| !allowed.contains(f))
            .flat_map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                text.lines()
                    .enumerate()
                    .filter(|(_, line)| UNLISTED.iter().any(|call| line.contains(call)))
                    .map(|(n, line)| format!("{}:{}: {}", f.display(), n + 1, line.trim()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "add routes through keel_web::routes::Routes so they are listed:\n{}",
            offenders.join("\n")
        );
    }

    #[test]
    fn the_list_has_no_duplicates_and_grows_on_a_server() {
        for server in [false, true] {
            let all = listed(server);
            let unique: HashSet<_> = all.iter().collect();
            assert_eq!(unique.len(), all.len(), "{all:?}");
            assert!(all.contains(&("GET", "/")));
            assert!(all.contains(&("GET", "/assets/{name}")));
            assert!(all.contains(&("GET", "/api/v1/today")));
        }
        let local = listed(false);
        assert!(!local.contains(&("GET", "/login")));
        #[cfg(feature = "postgres")]
        {
            let server = listed(true);
            assert!(server.contains(&("GET", "/login")));
            assert!(server.contains(&("POST", "/admin/users")));
            assert!(server.len() > local.len());
        }
    }
}
