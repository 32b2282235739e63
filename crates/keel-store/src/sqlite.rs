//! SQLite backend (stub: completed by the store work).

use std::path::Path;

use jiff::civil::Date;

use crate::*;

pub struct SqliteStore {}

impl SqliteStore {
    pub fn open(_path: &Path) -> Result<SqliteStore> {
        Err(StoreError::Backend("not implemented".into()))
    }
}

impl Store for SqliteStore {
    fn apply(&mut self, _writes: Vec<Write>) -> Result<()> {
        todo!()
    }
    fn profile(&self) -> Result<Option<Profile>> {
        todo!()
    }
    fn settings(&self) -> Result<PlanSettings> {
        todo!()
    }
    fn assessments(&self) -> Result<Vec<StoredAssessment>> {
        todo!()
    }
    fn safety_events(&self) -> Result<Vec<SafetyEvent>> {
        todo!()
    }
    fn current_plan(&self) -> Result<Option<StoredPlan>> {
        todo!()
    }
    fn plans(&self) -> Result<Vec<StoredPlan>> {
        todo!()
    }
}

#[allow(dead_code)]
fn _unused(_: Date) {}
