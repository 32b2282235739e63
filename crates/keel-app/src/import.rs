//! Importing another app's export (Strong, Hevy): the file's sets read one
//! at a time ([`SetReader`]), those the store holds already set aside
//! ([`Planner`]), and the rest stored in batches in one transaction
//! ([`Store::import_batches`]). All or nothing: a bad row, even the last
//! one, leaves the store as it was. Only a batch of sets is in memory at a
//! time, besides the file itself.

use keel_core::InputError;
use keel_io::import::{ImportError, ImportSummary, Planner, SetReader};
use keel_store::{Store, StoreError};

/// Sets stored per batch: enough that per-batch costs vanish, few enough
/// to take well under a MiB.
const BATCH_SETS: usize = 2048;

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailed {
    /// A row of the file cannot be imported (file, line, column, why).
    #[error(transparent)]
    File(ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports what `reader` reads into `store` (nothing when `dry_run`), and
/// tells what it did; `progress` hears the bytes read after each batch.
pub fn import(
    store: &mut dyn Store,
    mut reader: SetReader<'_>,
    dry_run: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportSummary, ImportFailed> {
    let known_keys = store.imported_keys()?;
    let known_own = store.user_exercises()?;
    let mut planner = Planner::new(&known_keys, &known_own);
    let mut failed = None;
    let mut batches = Batches {
        reader: &mut reader,
        planner: &mut planner,
        failed: &mut failed,
        progress,
    };
    let stored = if dry_run {
        batches.by_ref().for_each(drop);
        Ok(())
    } else {
        store.import_batches(&mut batches)
    };
    // The file's error first: storing failed because of it.
    if let Some(err) = failed {
        return Err(ImportFailed::File(err));
    }
    stored?;
    Ok(planner.finish(reader.source(), reader.rows_read(), reader.skipped()))
}

/// The new sets of a file, a batch at a time. A row that cannot be read
/// ends the batches with an error (so the store rolls back), and is kept
/// in `failed` for the message.
struct Batches<'b, 'r, 'k> {
    reader: &'b mut SetReader<'r>,
    planner: &'b mut Planner<'k>,
    failed: &'b mut Option<ImportError>,
    progress: &'b mut dyn FnMut(usize),
}

impl Iterator for Batches<'_, '_, '_> {
    type Item = keel_store::Result<Vec<keel_core::history::ImportedSet>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed.is_some() {
            return None;
        }
        let mut batch = Vec::with_capacity(BATCH_SETS);
        while batch.len() < BATCH_SETS {
            match self.reader.next_set() {
                Ok(Some(read)) => batch.extend(self.planner.admit(read.set, read.line)),
                Ok(None) => break,
                Err(err) => {
                    let message = err.to_string();
                    *self.failed = Some(err);
                    return Some(Err(StoreError::Invalid(InputError::new("FILE", message))));
                }
            }
        }
        (self.progress)(self.reader.position());
        (!batch.is_empty()).then_some(Ok(batch))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use keel_io::import::{ParseOptions, SkipReason};
    use keel_store::SqliteStore;

    use super::*;

    /// A Strong export of `rows` sets, each of its own workout minute, and
    /// then `last` as its last line.
    fn strong(rows: usize, last: &str) -> String {
        let mut text = String::from("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n");
        for i in 0..rows {
            text += &format!(
                "2025-01-{:02} {:02}:{:02}:00,A,Leg Press,1,100,5\n",
                1 + i / 1440,
                i / 60 % 24,
                i % 60,
            );
        }
        text + last
    }

    fn run(
        store: &mut SqliteStore,
        text: &str,
        dry_run: bool,
    ) -> Result<ImportSummary, ImportFailed> {
        let reader = SetReader::new("s.csv", text.as_bytes(), &ParseOptions::default()).unwrap();
        import(store, reader, dry_run, &mut |_| {})
    }

    #[test]
    fn a_bad_row_after_full_batches_stores_nothing() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let rows = 2 * BATCH_SETS + 10;
        let bad = "2025-01-09 10:00:00,A,Leg Press,1,100,five\n";
        let Err(ImportFailed::File(err)) = run(&mut store, &strong(rows, bad), false) else {
            panic!("a bad last row is refused");
        };
        assert_eq!(err.location.map(|l| l.line), Some(rows + 2));
        assert!(store.imported_keys().unwrap().is_empty());
        assert!(store.imports().unwrap().is_empty());
    }

    #[test]
    fn dry_run_then_import_then_nothing_new() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let text = strong(BATCH_SETS + 5, "\n");
        let dry = run(&mut store, &text, true).unwrap();
        assert_eq!(dry.imported, BATCH_SETS + 5);
        assert!(store.imported_keys().unwrap().is_empty());
        let done = run(&mut store, &text, false).unwrap();
        assert_eq!(done, dry);
        assert_eq!(done.workouts, BATCH_SETS + 5);
        assert_eq!(done.skipped.len(), 1, "the blank last line");
        assert_eq!(store.imported_keys().unwrap().len(), BATCH_SETS + 5);
        let again = run(&mut store, &text, false).unwrap();
        assert_eq!(again.imported, 0);
        let already = again
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::AlreadyImported)
            .count();
        assert_eq!(already, BATCH_SETS + 5);
        assert_eq!(store.imports().unwrap().len(), 1);
    }
}
