//! Outcome measures (`keel outcomes`, the web's outcomes page, the API):
//! scoring a taking of the NPRS, the PSFS or a loaded questionnaire,
//! storing it, loading a questionnaire definition, and the trends. The
//! scoring and the trends are keel-core's (`keel_core::outcome`); this
//! reads the loaded definitions and stores, the front ends only parse and
//! show. Onboarding and a retest store their takings in their own batch
//! ([`crate::enrol`]).

use jiff::civil::Date;
use keel_core::InputError;
use keel_core::outcome::{self, Outcome, Questionnaire, Trend};
use keel_store::{Store, Write};
use serde::Serialize;

use crate::Result;

/// One taking as the user answered it, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// The 0-10 pain rating.
    Nprs(u8),
    /// Up to five activities, each rated 0-10.
    Psfs(Vec<(String, u8)>),
    /// A loaded questionnaire: each item's chosen option (1-based), `None`
    /// when left unanswered.
    Questionnaire {
        id: String,
        choices: Vec<Option<u8>>,
    },
}

/// What is stored and what it shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// Oldest first.
    pub outcomes: Vec<Outcome>,
    /// NPRS, PSFS, then the loaded questionnaires by id.
    pub trends: Vec<Trend>,
    pub questionnaires: Vec<Questionnaire>,
}

/// Scores `measure` as taken on `date`.
pub fn score(store: &dyn Store, date: Date, measure: Measure) -> Result<Outcome> {
    Ok(match measure {
        Measure::Nprs(rating) => outcome::nprs(date, Some(rating))?,
        Measure::Psfs(ratings) => outcome::psfs(date, &ratings)?,
        Measure::Questionnaire { id, choices } => {
            let loaded = store.questionnaires()?;
            let Some(q) = loaded.iter().find(|q| q.id == id) else {
                return Err(unknown(&id, &loaded).into());
            };
            q.score(date, &choices)?
        }
    })
}

fn unknown(id: &str, loaded: &[Questionnaire]) -> InputError {
    let mut known = vec![outcome::NPRS, outcome::PSFS];
    known.extend(loaded.iter().map(|q| q.id.as_str()));
    InputError::new(
        "instrument",
        format!(
            "no questionnaire {id:?} is loaded (load one with `keel outcomes load FILE`); \
             known: {}",
            known.join(", ")
        ),
    )
}

/// Scores the built-in measures (NPRS, PSFS) as taken on `date`, for a
/// front end to check before it stores them with onboarding or a retest.
pub fn builtin(date: Date, measures: Vec<Measure>) -> Result<Vec<Outcome>> {
    measures
        .into_iter()
        .map(|m| match m {
            Measure::Nprs(r) => Ok(outcome::nprs(date, Some(r))?),
            Measure::Psfs(r) => Ok(outcome::psfs(date, &r)?),
            Measure::Questionnaire { id, .. } => Err(InputError::new(
                "instrument",
                format!("{id:?}: only the pain rating and the PSFS are asked here"),
            )
            .into()),
        })
        .collect()
}

/// Refuses a taking dated after today.
pub fn check_date(today: Date, date: Date) -> Result<()> {
    if date > today {
        return Err(InputError::new(
            "date",
            format!("{date} is in the future (today is {today})"),
        )
        .into());
    }
    Ok(())
}

/// Scores every measure as taken on `date` and stores them in one batch:
/// all or none.
pub fn record(
    store: &mut dyn Store,
    today: Date,
    date: Date,
    measures: Vec<Measure>,
) -> Result<Vec<Outcome>> {
    check_date(today, date)?;
    if measures.is_empty() {
        return Err(InputError::new(
            "measures",
            "nothing to record: give a pain rating, PSFS activities or a questionnaire's answers",
        )
        .into());
    }
    let outcomes = measures
        .into_iter()
        .map(|m| score(store, date, m))
        .collect::<Result<Vec<_>>>()?;
    store.apply(outcomes.iter().cloned().map(Write::AddOutcome).collect())?;
    Ok(outcomes)
}

/// Reads a questionnaire definition (docs/questionnaires.md) and stores
/// it; one with the same id is replaced. Says whether it replaced one.
pub fn load(store: &mut dyn Store, text: &str) -> Result<(Questionnaire, bool)> {
    let q = Questionnaire::parse(text).map_err(InputError::from)?;
    let replaced = store.questionnaires()?.iter().any(|l| l.id == q.id);
    store.apply(vec![Write::SaveQuestionnaire(q.clone())])?;
    Ok((q, replaced))
}

/// Every taking, the trends and the loaded questionnaires.
pub fn overview(store: &dyn Store) -> Result<Overview> {
    let outcomes = store.outcomes()?;
    let questionnaires = store.questionnaires()?;
    let trends = outcome::trends(&outcomes, &questionnaires);
    Ok(Overview {
        outcomes,
        trends,
        questionnaires,
    })
}

/// The PSFS activities named in the latest PSFS taking, so a retest can
/// ask about the same ones.
pub fn last_psfs_activities(store: &dyn Store) -> Result<Vec<String>> {
    Ok(store
        .outcomes()?
        .into_iter()
        .rev()
        .find(|o| o.instrument == outcome::PSFS)
        .map(|o| o.answers.into_iter().map(|a| a.item).collect())
        .unwrap_or_default())
}

/// A taking in words: `pain 6/10`, `PSFS 3.5 (sitting 3, lifting 4)`,
/// `demo-back 4 (high)`.
pub fn describe(o: &Outcome) -> String {
    match o.instrument.as_str() {
        outcome::NPRS => format!("pain {}/10", number(o.score)),
        outcome::PSFS => {
            let items: Vec<String> = o
                .answers
                .iter()
                .map(|a| {
                    format!(
                        "{} {}",
                        a.item,
                        a.points.map_or("-".into(), |p| p.to_string())
                    )
                })
                .collect();
            format!("PSFS {} ({})", number(o.score), items.join(", "))
        }
        other => match &o.band {
            Some(band) => format!("{other} {} ({band})", number(o.score)),
            None => format!("{other} {}", number(o.score)),
        },
    }
}

/// A score with at most one decimal, no trailing `.0`.
pub fn number(v: f64) -> String {
    let text = format!("{v:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// A trend's latest change from the first taking, in words, with the
/// minimal important change named: `-3 since 2026-01-05: a change that
/// matters (2 points)`.
pub fn change_words(t: &Trend) -> String {
    let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else {
        return String::new();
    };
    let Some(change) = &last.change else {
        return format!("first taken {}; no change to show yet", first.date);
    };
    let sign = if change.delta > 0.0 { "+" } else { "" };
    let direction = if change.delta == 0.0 {
        "no change"
    } else if change.improved {
        "better"
    } else {
        "worse"
    };
    let verdict = match t.mcid.score {
        Some(m) if change.meaningful => {
            format!("{direction}, at least the {} points that matter", number(m))
        }
        Some(m) => format!(
            "{direction}, less than the {} points that matter",
            number(m)
        ),
        None => format!("{direction} (no published minimal important change)"),
    };
    format!(
        "{sign}{} since {}: {verdict}",
        number(change.delta),
        first.date
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use jiff::civil::date;
    use keel_store::SqliteStore;

    use super::*;

    const DEMO: &str = "format = 1\nid = \"demo\"\nname = \"Demo\"\n\n[scoring]\nformula = \"sum\"\nbetter = \"lower\"\n\n[[items]]\ntext = \"One\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n\n[[items]]\ntext = \"Two\"\noptions = [{ text = \"No\", points = 0 }, { text = \"Yes\", points = 1 }]\n";

    #[test]
    fn records_all_or_nothing_and_trends() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let today = date(2026, 3, 1);
        let bad = record(
            &mut store,
            today,
            today,
            vec![Measure::Nprs(5), Measure::Psfs(vec![("x".into(), 11)])],
        );
        assert!(matches!(bad, Err(crate::Error::Invalid(_))));
        assert!(store.outcomes().unwrap().is_empty(), "nothing stored");
        assert!(record(&mut store, today, date(2026, 3, 2), vec![Measure::Nprs(5)]).is_err());
        record(&mut store, today, date(2026, 2, 1), vec![Measure::Nprs(7)]).unwrap();
        record(&mut store, today, today, vec![Measure::Nprs(4)]).unwrap();
        let view = overview(&store).unwrap();
        assert_eq!(view.outcomes.len(), 2);
        assert!(view.trends[0].points[1].change.as_ref().unwrap().meaningful);
        assert!(change_words(&view.trends[0]).contains("better, at least the 2 points"));
    }

    #[test]
    fn a_loaded_questionnaire_is_scored_and_an_unknown_one_refused() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let today = date(2026, 3, 1);
        let unknown = record(
            &mut store,
            today,
            today,
            vec![Measure::Questionnaire {
                id: "demo".into(),
                choices: vec![Some(1), Some(2)],
            }],
        );
        assert!(
            matches!(unknown, Err(crate::Error::Invalid(e)) if e.message.contains("keel outcomes load"))
        );
        let (q, replaced) = load(&mut store, DEMO).unwrap();
        assert!(!replaced);
        assert_eq!(q.id, "demo");
        assert!(load(&mut store, DEMO).unwrap().1, "loading again replaces");
        assert!(
            matches!(load(&mut store, "format = 1\n"), Err(crate::Error::Invalid(e)) if e.field.starts_with("line "))
        );
        let stored = record(
            &mut store,
            today,
            today,
            vec![Measure::Questionnaire {
                id: "demo".into(),
                choices: vec![Some(1), Some(2)],
            }],
        )
        .unwrap();
        assert_eq!(stored[0].score, 1.0);
        assert_eq!(describe(&stored[0]), "demo 1");
    }
}
