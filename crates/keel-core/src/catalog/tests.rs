#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn builtin_loads() {
    let c = Catalog::parse(BUILTIN).unwrap();
    assert!(c.len() >= 40);
}
