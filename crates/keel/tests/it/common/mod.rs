//! Shared helpers for CLI tests: a temp database and a `keel` command bound to it.
#![allow(dead_code)]

use assert_cmd::Command;
use tempfile::TempDir;

pub mod fronts;
#[cfg(feature = "postgres")]
pub mod pg;
pub mod served;
pub mod stored;

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("keel.db")
    }

    /// `keel` with this env's database and a fixed "today" (a Monday).
    pub fn keel(&self) -> Command {
        self.keel_on("2026-03-02")
    }

    pub fn keel_on(&self, date: &str) -> Command {
        let mut cmd = Command::cargo_bin("keel").expect("keel binary");
        cmd.env_remove("KEEL_DB")
            .env_remove("KEEL_TODAY")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(self.db())
            .arg("--date")
            .arg(date);
        cmd
    }

    /// Onboards a healthy default user entirely by flags.
    pub fn onboard(&self) {
        self.keel().args(ONBOARD_ARGS).assert().success();
    }

    /// The database's bytes (main file and WAL), to prove a rejected
    /// command changed nothing.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(self.db()).unwrap_or_default();
        let wal = self.dir.path().join("keel.db-wal");
        bytes.extend(std::fs::read(wal).unwrap_or_default());
        bytes
    }
}

/// A complete onboarding by flags: profile, clear screen, assessment, plan.
pub const ONBOARD_ARGS: &[&str] = &[
    "onboard",
    "--sex",
    "male",
    "--training-age",
    "2",
    "--days",
    "mon,wed,fri",
    "--equipment",
    "dowel,bench,kettlebell,dumbbell,band",
    "--pain",
    "1",
    "--no-red-flags",
    "--extensor",
    "120",
    "--flexor",
    "100",
    "--side-bridge-right",
    "60",
    "--side-bridge-left",
    "55",
    "--prone-plank",
    "70",
    "--hip-hinge",
    "2",
    "--bird-dog",
    "2",
    "--dead-bug",
    "2",
];
