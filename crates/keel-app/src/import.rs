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
