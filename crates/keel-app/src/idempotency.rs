//! Request keys: a client sends a key with a write (`Idempotency-Key`, or a
//! form's hidden `idempotency_key`), and a retry with the same key gets the
//! first answer and writes nothing. This is the one place keys are checked,
//! for the pages and the JSON API alike:
//!
//! 1. [`look_up`] before the request runs: a key seen before answers the
//!    retry ([`Seen`]); a key sent with another request is refused.
//! 2. While it runs, its store is [`Keyed`]: the first write of the request
//!    stores the key in the same transaction ([`Store::apply_keyed`]), so
//!    the write is never stored without it, and two requests racing with
//!    one key cannot both write.
//! 3. [`keep`] after it ran: the answer is kept for the retries.
//!
//! Keys belong to the store's user, so two users never collide. A request
//! that stored nothing keeps its key only once it succeeded; one refused
//! (invalid input) may be sent again with the same key.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use keel_core::InputError;
use keel_core::training::LoggedSet;
use keel_store::{
    AddedSet, Cache, DecisionsTail, KeptAnswer, KeptKey, Memo, Part, RequestKey, Revision,
    Revisioned, Store, StoreError, Write,
};
use sha2::{Digest, Sha256};

/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 255;

/// The form field that carries a page form's key.
pub const FORM_FIELD: &str = "idempotency_key";

/// A key as sent: 1 to [`MAX_KEY_CHARS`] visible ASCII characters (a UUID,
/// a random hex string...), or invalid input naming `field`.
pub fn parse_key(text: &str, field: &str) -> Result<String, InputError> {
    if text.is_empty() || text.len() > MAX_KEY_CHARS || !text.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(InputError::new(
            field,
            format!(
                "{field} must be 1 to {MAX_KEY_CHARS} visible ASCII characters (a UUID, for \
                 example), got {} characters",
                text.chars().count()
            ),
        ));
    }
    Ok(text.to_string())
}

/// What a request is, for telling a retry from another request with the
/// same key: the hex SHA-256 of its method, path (with query) and body.
pub fn fingerprint(method: &str, target: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    for part in [method.as_bytes(), target.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.update(body);
    crate::auth::hex(&hash.finalize())
}

/// The key stored for a page form's hidden key: the form's key and what
/// was sent. The same form sent again (a double tap, a reload of the
/// post) is the same request and stored once; the form changed and sent
/// again (Back, edit, send) is a new change, not a refusal: a person
/// cannot choose the key as an API client does.
pub fn form_key(key: &str, fingerprint: &str) -> String {
    // Hashed together: a fixed length, whatever the form sent.
    format!(
        "form:{}",
        self::fingerprint("form", key, fingerprint.as_bytes())
    )
}

/// A fresh random key, for a page form's hidden field.
pub fn new_key() -> Result<String, crate::auth::AuthError> {
    crate::auth::new_token().map(|token| token.plaintext)
}

/// One keyed request, shared by the layers that see it: whether its key
/// was stored with a write yet.
#[derive(Debug, Clone)]
pub struct Claim {
    key: RequestKey,
    written: Arc<AtomicBool>,
}

impl Claim {
    pub fn new(key: String, fingerprint: String) -> Claim {
        Claim {
            key: RequestKey { key, fingerprint },
            written: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn key(&self) -> &RequestKey {
        &self.key
    }

    /// Whether the request stored its key with a write.
    pub fn written(&self) -> bool {
        self.written.load(Ordering::SeqCst)
    }
}

/// What the store knows of a key, before the request runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// Never stored: run the request.
    New,
    /// Answered before: answer the same, write nothing.
    Answered(KeptAnswer),
    /// Its write was stored but its answer was not kept (the connection
    /// or the server went away in between, or the first request is still
    /// finishing): write nothing, and say it was stored.
    StoredWithoutAnswer,
}

/// The message of a key sent again with another request.
pub const KEY_REUSED: &str = "this Idempotency-Key was already used for a different request \
     (another path or body); nothing was written. Use a new key for each new change, and \
     the same key only to retry the same request";

/// Step 1: what to do with `claim`'s request; invalid input (422, nothing
/// written) when its key came with a different request.
pub fn look_up(store: &dyn Store, claim: &Claim) -> crate::Result<Seen> {
    let Some(KeptKey {
        fingerprint,
        answer,
    }) = store.kept_key(&claim.key.key)?
    else {
        return Ok(Seen::New);
    };
    if fingerprint != claim.key.fingerprint {
        return Err(InputError::new("Idempotency-Key", KEY_REUSED).into());
    }
    Ok(match answer {
        Some(answer) => Seen::Answered(answer),
        None => Seen::StoredWithoutAnswer,
    })
}

/// Step 3: keeps the request's `answer` for its retries when it succeeded
/// (`success`): on the key its write stored, or as a new key when it wrote
/// nothing. A failure is not kept: after a stored write (the decisions
/// could not be stored, say) the retry says the change was stored; before
/// one, the retry runs again.
pub fn keep(
    store: &mut dyn Store,
    claim: &Claim,
    answer: &KeptAnswer,
    success: bool,
) -> crate::Result<()> {
    if success {
        store.keep_answer(&claim.key, answer)?;
    }
    Ok(())
}

/// Step 2: `inner` for one keyed request. Its first write stores the key
/// in the same transaction; every other call is `inner`'s.
pub struct Keyed<'a> {
    inner: &'a mut dyn Store,
    claim: &'a Claim,
}

impl<'a> Keyed<'a> {
    pub fn new(inner: &'a mut dyn Store, claim: &'a Claim) -> Keyed<'a> {
        Keyed { inner, claim }
    }
}

/// Asked only once [`Store::cache`] said the inner store has a layer.
fn no_layer() -> StoreError {
    StoreError::Backend("the store under this request has no cache layer".to_string())
}

impl Revisioned for Keyed<'_> {
    fn revision(&self) -> keel_store::Result<Revision> {
        self.inner.cache().ok_or_else(no_layer)?.revision()
    }

    /// The set with the request's key, in one guarded write, until the key
    /// is stored.
    fn add_set_if_unchanged(
        &mut self,
        at: &Revision,
        unchanged: &[Part],
        set: &LoggedSet,
        decisions: &DecisionsTail,
        key: Option<&RequestKey>,
    ) -> keel_store::Result<Option<AddedSet>> {
        let first = !self.claim.written();
        let key = key.or(first.then_some(&self.claim.key));
        let cache = self.inner.cache_mut().ok_or_else(no_layer)?;
        let added = cache.add_set_if_unchanged(at, unchanged, set, decisions, key)?;
        if first && added.is_some() {
            self.claim.written.store(true, Ordering::SeqCst);
        }
        Ok(added)
    }
}

impl Cache for Keyed<'_> {
    fn memo(&self) -> Memo<'_> {
        match self.inner.cache() {
            Some(cache) => cache.memo(),
            // Never asked without a layer (see `cache` below); a memo of
            // its own that keeps nothing is the safe answer.
            None => Memo::new(&NOTHING_KEPT, 0),
        }
    }
}

/// Keeps nothing (capacity 0).
static NOTHING_KEPT: std::sync::LazyLock<keel_store::Memos> =
    std::sync::LazyLock::new(|| keel_store::Memos::new(0));

impl Store for Keyed<'_> {
    fn apply(&mut self, writes: Vec<Write>) -> keel_store::Result<()> {
        if self.claim.written() {
            return self.inner.apply(writes);
        }
        self.inner.apply_keyed(writes, &self.claim.key)?;
        self.claim.written.store(true, Ordering::SeqCst);
        Ok(())
    }

    fn apply_keyed(&mut self, writes: Vec<Write>, key: &RequestKey) -> keel_store::Result<()> {
        self.inner.apply_keyed(writes, key)
    }

    fn kept_key(&self, key: &str) -> keel_store::Result<Option<KeptKey>> {
        self.inner.kept_key(key)
    }

    fn keep_answer(&mut self, key: &RequestKey, answer: &KeptAnswer) -> keel_store::Result<()> {
        self.inner.keep_answer(key, answer)
    }

    /// The inner store's cache layer, seen through this one, so the
    /// layer's guarded set write stores the key too.
    fn cache(&self) -> Option<&dyn Cache> {
        self.inner.cache()?;
        Some(self)
    }

    fn cache_mut(&mut self) -> Option<&mut dyn Cache> {
        self.inner.cache()?;
        Some(self)
    }

    keel_store::forward_reads!(self => self.inner);
}

#[cfg(test)]
mod tests;
