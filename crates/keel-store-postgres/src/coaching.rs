//! What a coach changes for an athlete, written together with its record
//! of who changed it.

