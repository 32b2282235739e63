#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use keel_store::{KeptAnswer, SafetyEvent, SqliteStore, Store, Write};

use super::*;

fn resume(note: &str) -> Write {
    Write::Safety(SafetyEvent::Resume {
        date: date(2026, 3, 2),
        note: note.into(),
    })
}

fn answer(body: &str) -> KeptAnswer {
    KeptAnswer {
        status: 201,
        content_type: Some("application/json".into()),
        location: None,
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn keys_are_visible_ascii_of_bounded_length() {
    assert_eq!(parse_key("3f1c-a9", "Idempotency-Key").unwrap(), "3f1c-a9");
    for bad in ["", "has space", "é", &"k".repeat(MAX_KEY_CHARS + 1)] {
        let err = parse_key(bad, "Idempotency-Key").unwrap_err();
        assert_eq!(err.field, "Idempotency-Key");
    }
    assert!(parse_key(&"k".repeat(MAX_KEY_CHARS), "Idempotency-Key").is_ok());
}

#[test]
fn the_fingerprint_tells_method_path_and_body_apart() {
    let base = fingerprint("POST", "/api/v1/sets", b"{}");
    assert_eq!(base, fingerprint("POST", "/api/v1/sets", b"{}"));
    for other in [
        fingerprint("PATCH", "/api/v1/sets", b"{}"),
        fingerprint("POST", "/api/v1/checkins", b"{}"),
        fingerprint("POST", "/api/v1/sets", b"{ }"),
        // The parts are length-prefixed: moving bytes between them differs.
        fingerprint("POST", "/api/v1/sets{", b"}"),
    ] {
        assert_ne!(base, other);
    }
}

/// The first write of a keyed request stores its key; the retry is told
/// so, then gets the kept answer; another request with the key is refused.
#[test]
fn a_keyed_request_writes_once_and_its_retry_gets_the_first_answer() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let claim = Claim::new("k1".into(), fingerprint("POST", "/resume", b"note=a"));
    assert_eq!(look_up(&store, &claim).unwrap(), Seen::New);
    {
        let mut keyed = Keyed::new(&mut store, &claim);
        keyed.apply(vec![resume("a")]).unwrap();
        // Later writes of the same request (the decisions) go plainly.
        keyed.apply(vec![resume("b")]).unwrap();
    }
    assert!(claim.written());
    assert_eq!(store.safety_events().unwrap().len(), 2);
    assert_eq!(look_up(&store, &claim).unwrap(), Seen::StoredWithoutAnswer);
    keep(&mut store, &claim, &answer("first"), true).unwrap();
    assert_eq!(
        look_up(&store, &claim).unwrap(),
        Seen::Answered(answer("first"))
    );

    // The retry, had it run anyway, could not write: the key is stored.
    let again = Claim::new("k1".into(), claim.key().fingerprint.clone());
    let err = Keyed::new(&mut store, &again)
        .apply(vec![resume("c")])
        .unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    assert_eq!(store.safety_events().unwrap().len(), 2);

    let other = Claim::new("k1".into(), fingerprint("POST", "/resume", b"note=z"));
    match look_up(&store, &other) {
        Err(crate::Error::Invalid(e)) => {
            assert_eq!(e.field, "Idempotency-Key");
            assert!(e.message.contains("different request"), "{}", e.message);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A failed request keeps no answer: before a write its retry runs again.
#[test]
fn a_failure_is_not_kept() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let claim = Claim::new("k2".into(), "f".into());
    keep(&mut store, &claim, &answer("no"), false).unwrap();
    assert_eq!(look_up(&store, &claim).unwrap(), Seen::New);
    // A success that wrote nothing is kept as it is.
    keep(&mut store, &claim, &answer("yes"), true).unwrap();
    assert_eq!(
        look_up(&store, &claim).unwrap(),
        Seen::Answered(answer("yes"))
    );
}

/// A form's key names the form and what was sent: sent again unchanged it
/// is the same key, changed it is another.
#[test]
fn a_form_key_follows_what_was_sent() {
    let sent = fingerprint("POST", "/checkin/readiness", b"sleep=5");
    let changed = fingerprint("POST", "/checkin/readiness", b"sleep=6");
    assert_eq!(form_key("abc", &sent), form_key("abc", &sent));
    assert_ne!(form_key("abc", &sent), form_key("abc", &changed));
    assert_ne!(form_key("abc", &sent), form_key("abd", &sent));
    let longest = form_key(&"k".repeat(MAX_KEY_CHARS), &sent);
    assert!(longest.starts_with("form:"));
    assert!(longest.len() <= MAX_KEY_CHARS, "{longest}");
}
