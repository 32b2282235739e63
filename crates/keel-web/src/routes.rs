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

    /// The three parts of the app. Each imports only the common modules
    /// (state, viewer, error, forms, layout, server, ...) and keel-app,
    /// never another part, so each can be read and changed alone.
    const PARTS: [&str; 3] = ["pages", "api", "accounts"];

    /// The top-level modules that `path` (the text right after `crate::`,
    /// or after the `super::`s that reach the crate root) names: one, or
    /// each of a `{...}` group.
    fn roots(path: &str) -> Vec<String> {
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let Some(group) = path.trim_start().strip_prefix('{') else {
            return vec![ident(path)];
        };
        let mut depth = 0;
        let mut items = vec![String::new()];
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => items.push(String::new()),
                _ => {}
            }
            if let Some(item) = items.last_mut() {
                item.push(c);
            }
        }
        items
            .iter()
            .map(|item| ident(item.trim_start_matches(',')))
            .collect()
    }

    /// Each part of the crate that `text` (the code of the file whose
    /// module path is `module`, e.g. `["pages", "today"]`) names, with the
    /// line: through `crate::`, or through as many `super::` as the file is
    /// deep (`super::super::api` from `pages/today.rs`). Comments are left
    /// out: a doc link is not an import.
    fn parts_named(module: &[String], text: &str) -> Vec<(usize, String)> {
        let code: String = text
            .lines()
            .map(|line| {
                if line.trim_start().starts_with("//") {
                    ""
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let line_of = |at: usize| code[..at].matches('\n').count() + 1;
        let starts_path = |at: usize| {
            !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
        };
        let mut found = Vec::new();
        for (at, _) in code
            .match_indices("crate::")
            .filter(|(at, _)| starts_path(*at))
        {
            for root in roots(&code[at + "crate::".len()..]) {
                found.push((line_of(at), root));
            }
        }
        for (at, _) in code
            .match_indices("super::")
            .filter(|(at, _)| starts_path(*at))
        {
            let mut rest = &code[at..];
            let mut ups = 0;
            while let Some(after) = rest.strip_prefix("super::") {
                rest = after;
                ups += 1;
            }
            // Fewer `super::`s stay inside the file's own part.
            if ups >= module.len() {
                for root in roots(rest) {
                    found.push((line_of(at), root));
                }
            }
        }
        found.retain(|(_, root)| PARTS.contains(&root.as_str()));
        found
    }

    /// The module path of `file`, relative to `src`.
    fn module_of(src: &Path, file: &Path) -> Vec<String> {
        let mut module: Vec<String> = file
            .strip_prefix(src)
            .unwrap()
            .with_extension("")
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|last| last == "mod") {
            module.pop();
        }
        module
    }

    #[test]
    fn pages_api_and_accounts_never_import_each_other() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        // The crate root, this module and the layers (the rules around the
        // routes, put in order) assemble the parts into one app.
        let assembly = [
            src.join("lib.rs"),
            src.join("routes.rs"),
            src.join("layers.rs"),
        ];
        let mut offenders = Vec::new();
        let mut scanned = 0;
        for file in files.iter().filter(|f| !assembly.contains(f)) {
            let module = module_of(&src, file);
            let own = module.first().map(String::as_str).unwrap_or_default();
            let text = std::fs::read_to_string(file).unwrap();
            scanned += usize::from(PARTS.contains(&own));
            for (line, part) in parts_named(&module, &text) {
                if part != own {
                    let who = if PARTS.contains(&own) {
                        own
                    } else {
                        "a common module"
                    };
                    offenders.push(format!("{}:{line}: {who} imports {part}", file.display()));
                }
            }
        }
        assert!(scanned > 30, "scanned only {scanned} files of the parts");
        // Nor may the crate root re-export a part's items for the others.
        let root = std::fs::read_to_string(&assembly[0]).unwrap();
        for (n, line) in root.lines().enumerate() {
            if line.starts_with("pub use")
                && PARTS.iter().any(|p| line.contains(&format!(" {p}::")))
            {
                offenders.push(format!(
                    "{}:{}: {}",
                    assembly[0].display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
        assert!(
            offenders.is_empty(),
            "pages/, api/ and accounts/ share only keel-app and the common modules \
             (move what both need there):\n{}",
            offenders.join("\n")
        );
    }

    #[test]
    fn the_part_scan_sees_every_way_to_name_a_part() {
        let today = ["pages".to_string(), "today".to_string()];
        let named = |text: &str| -> Vec<String> {
            parts_named(&today, text)
                .into_iter()
                .map(|(_, part)| part)
                .collect()
        };
        assert_eq!(named("use crate::accounts::Db;"), ["accounts"]);
        assert_eq!(named("let x = crate::api::ROUTES;"), ["api"]);
        assert_eq!(
            named("use crate::{error::WebError,\n    api::{a, b}};"),
            ["api"]
        );
        assert_eq!(named("use super::super::accounts::is_admin;"), ["accounts"]);
        assert_eq!(named("use super::super::{state, api};"), ["api"]);
        // Its own part is named too (the test then lets it pass).
        assert_eq!(named("use super::session;"), Vec::<String>::new());
        assert_eq!(named("use crate::pages::history;"), ["pages"]);
        // Not imports: common modules, comments, other crates' `crate::`.
        assert!(named("use crate::state::AppState;").is_empty());
        assert!(named("/// see [`crate::accounts::resolve`]").is_empty());
        assert!(named("use keel_crate::api;").is_empty());
        let (line, _) = parts_named(&today, "//\n\nuse crate::api::x;")[0];
        assert_eq!(line, 3);
    }
}
