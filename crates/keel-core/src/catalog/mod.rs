//! The exercise catalog: data, not code. `catalog.toml` is the source; the
//! build script ships it in the binary as JSON, which [`Catalog::builtin`]
//! reads once (the catalog tests validate it).

mod inventory;
#[cfg(test)]
mod tests;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::measure::Level;

pub use inventory::{
    Dumbbells, Inventory, InventoryFile, Kit, MAX_BARBELL_KG, MAX_KETTLEBELLS, MAX_PIECE_KG,
    default_barbell, default_dumbbells, default_kettlebells, default_plate,
};
pub use validate::{CatalogError, Link};

/// Stable identifier of an exercise, e.g. `side-bridge`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExerciseId(pub String);

impl ExerciseId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The movement pattern an exercise trains (docs/method.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    AntiFlexionHold,
    AntiLateralFlexionHold,
    AntiExtensionHold,
    Hinge,
    BridgeThrust,
    Swing,
    Carry,
    Mobility,
    Activation,
}

impl Pattern {
    pub const ALL: [Pattern; 9] = [
        Pattern::AntiFlexionHold,
        Pattern::AntiLateralFlexionHold,
        Pattern::AntiExtensionHold,
        Pattern::Hinge,
        Pattern::BridgeThrust,
        Pattern::Swing,
        Pattern::Carry,
        Pattern::Mobility,
        Pattern::Activation,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Pattern::AntiFlexionHold => "anti-flexion-hold",
            Pattern::AntiLateralFlexionHold => "anti-lateral-flexion-hold",
            Pattern::AntiExtensionHold => "anti-extension-hold",
            Pattern::Hinge => "hinge",
            Pattern::BridgeThrust => "bridge-thrust",
            Pattern::Swing => "swing",
            Pattern::Carry => "carry",
            Pattern::Mobility => "mobility",
            Pattern::Activation => "activation",
        }
    }

    pub fn parse(text: &str) -> Result<Pattern, InputError> {
        Pattern::ALL
            .into_iter()
            .find(|p| p.slug() == text.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Pattern::ALL.iter().map(|p| p.slug()).collect();
                InputError::new(
                    "pattern",
                    format!(
                        "unknown pattern {text:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            })
    }

    /// Holds are prescribed in seconds and progress by time first.
    pub fn is_hold(self) -> bool {
        matches!(
            self,
            Pattern::AntiFlexionHold | Pattern::AntiLateralFlexionHold | Pattern::AntiExtensionHold
        )
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Where the exercise is done; rotation moves between these (docs/method.md §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    Floor,
    Elevated,
    Dynamic,
}

impl Surface {
    pub const ALL: [Surface; 3] = [Surface::Floor, Surface::Elevated, Surface::Dynamic];

    pub fn slug(self) -> &'static str {
        match self {
            Surface::Floor => "floor",
            Surface::Elevated => "elevated",
            Surface::Dynamic => "dynamic",
        }
    }

    pub fn parse(text: &str) -> Result<Surface, InputError> {
        Surface::ALL
            .into_iter()
            .find(|s| s.slug() == text.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Surface::ALL.iter().map(|s| s.slug()).collect();
                InputError::new(
                    "surface",
                    format!(
                        "unknown surface {text:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Body regions whose weekly volume is tracked against the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    LumbarExtensors,
    Glutes,
    Hamstrings,
    ObliquesQl,
    AbdominalWall,
    HipFlexors,
    UpperBack,
    Grip,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::LumbarExtensors,
        Region::Glutes,
        Region::Hamstrings,
        Region::ObliquesQl,
        Region::AbdominalWall,
        Region::HipFlexors,
        Region::UpperBack,
        Region::Grip,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Region::LumbarExtensors => "lumbar extensors",
            Region::Glutes => "glutes",
            Region::Hamstrings => "hamstrings",
            Region::ObliquesQl => "obliques/QL",
            Region::AbdominalWall => "abdominal wall",
            Region::HipFlexors => "hip flexors",
            Region::UpperBack => "upper back",
            Region::Grip => "grip",
        }
    }
}

/// How an exercise is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    HoldSeconds,
    Reps,
    Distance,
    Time,
}

impl Modality {
    pub fn slug(self) -> &'static str {
        match self {
            Modality::HoldSeconds => "hold-seconds",
            Modality::Reps => "reps",
            Modality::Distance => "distance",
            Modality::Time => "time",
        }
    }
}

/// Whether one set means both sides in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sidedness {
    Bilateral,
    PerSide,
}

/// Equipment an exercise needs. A mat and floor space are assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Equipment {
    Dowel,
    Bench,
    BackExtension,
    Kettlebell,
    Dumbbell,
    Barbell,
    Band,
    Sled,
}

impl Equipment {
    pub const ALL: [Equipment; 8] = [
        Equipment::Dowel,
        Equipment::Bench,
        Equipment::BackExtension,
        Equipment::Kettlebell,
        Equipment::Dumbbell,
        Equipment::Barbell,
        Equipment::Band,
        Equipment::Sled,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Equipment::Dowel => "dowel",
            Equipment::Bench => "bench",
            Equipment::BackExtension => "back-extension",
            Equipment::Kettlebell => "kettlebell",
            Equipment::Dumbbell => "dumbbell",
            Equipment::Barbell => "barbell",
            Equipment::Band => "band",
            Equipment::Sled => "sled",
        }
    }

    pub fn parse(text: &str) -> Result<Equipment, InputError> {
        Equipment::ALL
            .into_iter()
            .find(|e| e.slug() == text.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Equipment::ALL.iter().map(|e| e.slug()).collect();
                InputError::new(
                    "equipment",
                    format!(
                        "unknown equipment {text:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            })
    }
}

/// What a mobility drill opens up; the assessment's weakest tests pick these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MobilityTarget {
    Hamstrings,
    HipFlexors,
    Hips,
    ThoracicSpine,
    Ankles,
    SpineFlexionExtension,
}

impl MobilityTarget {
    pub fn label(self) -> &'static str {
        match self {
            MobilityTarget::Hamstrings => "hamstrings",
            MobilityTarget::HipFlexors => "hip flexors",
            MobilityTarget::Hips => "hips",
            MobilityTarget::ThoracicSpine => "thoracic spine",
            MobilityTarget::Ankles => "ankles and calves",
            MobilityTarget::SpineFlexionExtension => "gentle spine motion",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            MobilityTarget::Hamstrings => "hamstrings",
            MobilityTarget::HipFlexors => "hip-flexors",
            MobilityTarget::Hips => "hips",
            MobilityTarget::ThoracicSpine => "thoracic-spine",
            MobilityTarget::Ankles => "ankles",
            MobilityTarget::SpineFlexionExtension => "spine-flexion-extension",
        }
    }
}

/// Eccentric-pause-concentric-pause seconds, written `3-1-1-0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tempo {
    pub eccentric: u8,
    pub pause_bottom: u8,
    pub concentric: u8,
    pub pause_top: u8,
}

impl Tempo {
    /// Seconds one rep takes at this tempo.
    pub fn rep_seconds(self) -> u32 {
        u32::from(self.eccentric)
            + u32::from(self.pause_bottom)
            + u32::from(self.concentric)
            + u32::from(self.pause_top)
    }
}

impl TryFrom<String> for Tempo {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let parts: Vec<u8> = text
            .split('-')
            .map(|p| p.parse::<u8>().map_err(|_| format!("bad tempo {text:?}")))
            .collect::<Result<_, _>>()?;
        match parts[..] {
            [e, pb, c, pt] if parts.iter().all(|&s| s <= 10) => Ok(Tempo {
                eccentric: e,
                pause_bottom: pb,
                concentric: c,
                pause_top: pt,
            }),
            _ => Err(format!(
                "tempo {text:?} must be four numbers 0-10 like 3-1-1-0"
            )),
        }
    }
}

impl From<Tempo> for String {
    fn from(t: Tempo) -> String {
        t.to_string()
    }
}

impl fmt::Display for Tempo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}-{}-{}",
            self.eccentric, self.pause_bottom, self.concentric, self.pause_top
        )
    }
}

/// One exercise of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: ExerciseId,
    pub name: String,
    /// Other names (Strong, Hevy and common gym names), for imports.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub pattern: Pattern,
    pub surface: Surface,
    /// Share of the work each region does; weights sum to 1.
    pub regions: BTreeMap<Region, f32>,
    pub modality: Modality,
    pub sidedness: Sidedness,
    /// Everything needed beyond a mat and floor; empty means bodyweight.
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    pub level: Level,
    pub easier: Option<ExerciseId>,
    pub harder: Option<ExerciseId>,
    /// Default tempo for rep-based exercises.
    pub tempo: Option<Tempo>,
    /// Whether the exercise can take an external load (kettlebell, plate, bar).
    #[serde(default)]
    pub loadable: bool,
    /// For mobility drills: what they open up.
    #[serde(default)]
    pub targets: Vec<MobilityTarget>,
    /// One line: how to perform it.
    pub how: String,
    pub cues: Vec<String>,
    pub faults: Vec<String>,
}

impl Exercise {
    /// True when every piece of equipment it needs is in `owned`.
    pub fn available_with(&self, owned: &[Equipment]) -> bool {
        self.equipment.iter().all(|e| owned.contains(e))
    }

    pub fn per_side(&self) -> bool {
        self.sidedness == Sidedness::PerSide
    }
}

/// The validated set of exercises, indexed by id.
#[derive(Debug, Clone)]
pub struct Catalog {
    exercises: BTreeMap<ExerciseId, Exercise>,
}

#[derive(Deserialize)]
struct CatalogFile {
    exercise: Vec<Exercise>,
}

/// The same data as `catalog.toml`, written as JSON by the build script
/// (`build.rs`): what the binary reads, serde_json being several times
/// cheaper than the TOML parser on every start of the CLI.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

impl Catalog {
    /// The catalog shipped in the binary. It is checked by the test suite,
    /// so a failure here is a build defect, not user input.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            #[allow(clippy::expect_used)]
            Catalog::parse_builtin().expect("the built-in catalog is valid (see catalog tests)")
        })
    }

    /// Reads the built-in catalog without validating it again: the catalog
    /// tests validate `catalog.toml` and prove this JSON copy is the same
    /// catalog, so the checks could only repeat what they proved, and they
    /// were a fifth of the catalog's cost on every start of the CLI.
    fn parse_builtin() -> Result<Catalog, CatalogError> {
        let file: CatalogFile =
            serde_json::from_str(BUILTIN_JSON).map_err(|e| CatalogError::Syntax(e.to_string()))?;
        Ok(Catalog {
            exercises: index(file.exercise)?,
        })
    }

    /// Parses and validates a catalog file.
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
        let file: CatalogFile =
            toml::from_str(text).map_err(|e| CatalogError::Syntax(e.to_string()))?;
        Catalog::from_exercises(file.exercise)
    }

    /// Indexes and validates a list of exercises.
    pub fn from_exercises(list: Vec<Exercise>) -> Result<Catalog, CatalogError> {
        let catalog = Catalog {
            exercises: index(list)?,
        };
        validate::check(&catalog)?;
        Ok(catalog)
    }

    pub fn get(&self, id: &ExerciseId) -> Option<&Exercise> {
        self.exercises.get(id)
    }

    /// Looks an id up, with an error that names it and suggests close ids.
    pub fn lookup(&self, id: &str) -> Result<&Exercise, InputError> {
        self.exercises.get(&ExerciseId::new(id)).ok_or_else(|| {
            let close = self.close_ids(id);
            let hint = if close.is_empty() {
                " (see `keel exercises` for the list)".to_string()
            } else {
                format!("; did you mean {}?", close.join(", "))
            };
            InputError::new("exercise", format!("unknown exercise id {id:?}{hint}"))
        })
    }

    /// Up to three ids that look like `text`: containing it, contained in it,
    /// or a couple of typos away; closest first.
    fn close_ids(&self, text: &str) -> Vec<&str> {
        let text = text.trim().to_lowercase();
        let typo_budget = (text.chars().count() / 4).max(2);
        let mut scored: Vec<(usize, &str)> = self
            .exercises
            .keys()
            .map(|k| k.as_str())
            .filter_map(|k| {
                let distance = edit_distance(k, &text);
                let related = !text.is_empty() && (k.contains(&text) || text.contains(k));
                (related || distance <= typo_budget).then_some((distance, k))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, k)| k).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Exercise> {
        self.exercises.values()
    }

    pub fn len(&self) -> usize {
        self.exercises.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exercises.is_empty()
    }

    pub fn by_pattern(&self, pattern: Pattern) -> impl Iterator<Item = &Exercise> {
        self.iter().filter(move |e| e.pattern == pattern)
    }

    /// Finds an exercise by id, name or alias, ignoring case and punctuation.
    pub fn find_by_name(&self, name: &str) -> Option<&Exercise> {
        let key = normalize(name);
        self.iter().find(|e| {
            normalize(e.id.as_str()) == key
                || normalize(&e.name) == key
                || e.aliases.iter().any(|a| normalize(a) == key)
        })
    }

    /// The easiest variant of the progression chain through `id` (the
    /// first of [`Catalog::chain`]), found without building the chain.
    pub fn chain_root(&self, id: &ExerciseId) -> Option<&Exercise> {
        let mut start = self.get(id)?;
        // Validation guarantees chains are acyclic, so this walk ends.
        while let Some(easier) = start.easier.as_ref().and_then(|e| self.get(e)) {
            start = easier;
        }
        Some(start)
    }

    /// The progression chain through `id`, easiest first.
    pub fn chain(&self, id: &ExerciseId) -> Vec<&Exercise> {
        let Some(start) = self.chain_root(id) else {
            return Vec::new();
        };
        // Acyclic (validated), so this walk ends too.
        let mut chain = vec![start];
        while let Some(harder) = chain
            .last()
            .and_then(|e| e.harder.as_ref())
            .and_then(|h| self.get(h))
        {
            chain.push(harder);
        }
        chain
    }
}

/// The exercises by id; an id given twice is an error.
fn index(list: Vec<Exercise>) -> Result<BTreeMap<ExerciseId, Exercise>, CatalogError> {
    let mut exercises = BTreeMap::new();
    for exercise in list {
        let id = exercise.id.clone();
        if exercises.insert(id.clone(), exercise).is_some() {
            return Err(CatalogError::DuplicateId(id));
        }
    }
    Ok(exercises)
}

/// Levenshtein distance between two short strings, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
