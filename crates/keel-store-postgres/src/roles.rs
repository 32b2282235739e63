//! Changing who may see what: an account's role, and withdrawing a coach's
//! access to an athlete.

