//! `keel profile`: show the onboarding answers, or change some of them.

use std::process::ExitCode;

use keel_app::profile as answers;
use keel_core::measure::Pain;
use keel_core::profile::{Profile, Sex, TrainingAge, TrainingDays, weekday_short};
use keel_core::units::Units;
use keel_store::{Store, Write};

use crate::context::Ctx;
use crate::error::invalid;

/// Profile answers as flags; shared by `keel onboard` and `keel profile`.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ProfileFlags {
    /// Your name (optional)
    #[arg(long)]
    pub name: Option<String>,
    /// male or female; used for norms only (leave out to see both norms)
    #[arg(long)]
    pub sex: Option<String>,
    /// Years of regular training (e.g. 0.5, 2) or novice|intermediate|advanced
    #[arg(long, value_name = "YEARS")]
    pub training_age: Option<String>,
    /// Training days, e.g. mon,wed,fri (2-6 days)
    #[arg(long, value_name = "DAYS", conflicts_with = "days_per_week")]
    pub days: Option<String>,
    /// Training days a week (2-6), spread through the week
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub days_per_week: Option<i64>,
    /// Equipment at hand, comma-separated (dowel, bench, back-extension, kettlebell,
    /// dumbbell, barbell, band, sled), or "none" for bodyweight only
    #[arg(long, value_name = "LIST")]
    pub equipment: Option<String>,
    /// Kettlebell sizes you own, in your unit, e.g. 8,12,16 ("none": no
    /// kettlebell; "default": the common sizes); puts kettlebell at hand
    #[arg(long, value_name = "SIZES")]
    pub kettlebells: Option<String>,
    /// Dumbbells you own, lightest-heaviest/step in your unit, e.g. 2-30/2,
    /// or one pair, e.g. 10 ("none", "default"); puts dumbbell at hand
    #[arg(long, value_name = "RANGE")]
    pub dumbbells: Option<String>,
    /// Your barbell's own mass in your unit, e.g. 20 ("none", "default");
    /// puts barbell at hand
    #[arg(long, value_name = "MASS")]
    pub barbell: Option<String>,
    /// Your smallest plate (loaded in pairs) in your unit, e.g. 1.25 ("default")
    #[arg(long, value_name = "SIZE")]
    pub plates: Option<String>,
    /// Offer an optional 10-15 minute activation session on non-training days
    #[arg(long, overrides_with = "no_light_days")]
    pub light_days: bool,
    /// Keep non-training days as pure rest days
    #[arg(long)]
    pub no_light_days: bool,
    /// Back pain right now, 0-10
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub pain: Option<i64>,
    /// Your unit for loads, kg or lb: what a bare number means and how every
    /// load is shown (loads are kept in kg, so switching changes nothing logged)
    #[arg(long, value_name = "kg|lb", value_parser = units_flag)]
    pub units: Option<Units>,
}

/// `--units`: the one parser of a unit's name (kg, kgs, lb, lbs, pounds...).
fn units_flag(text: &str) -> Result<Units, String> {
    Units::parse(text).map_err(|e| e.message)
}

impl ProfileFlags {
    /// True when the user gave at least one profile flag.
    pub fn any(&self) -> bool {
        self.name.is_some()
            || self.sex.is_some()
            || self.training_age.is_some()
            || self.days.is_some()
            || self.days_per_week.is_some()
            || self.equipment.is_some()
            || self.kettlebells.is_some()
            || self.dumbbells.is_some()
            || self.barbell.is_some()
            || self.plates.is_some()
            || self.light_days
            || self.no_light_days
            || self.pain.is_some()
            || self.units.is_some()
    }

    /// Applies the given flags on top of `base`, validating each one.
    pub fn apply_to(&self, base: Profile) -> anyhow::Result<Profile> {
        let mut p = base;
        if let Some(name) = &self.name {
            p.name = answers::name(name);
        }
        if let Some(sex) = &self.sex {
            p.sex = Some(Sex::parse(sex).map_err(|e| e.in_field("--sex"))?);
        }
        if let Some(age) = &self.training_age {
            p.training_age = TrainingAge::parse(age).map_err(|e| e.in_field("--training-age"))?;
        }
        if let Some(days) = &self.days {
            p.training_days = TrainingDays::parse(days).map_err(|e| e.in_field("--days"))?;
        }
        if let Some(n) = self.days_per_week {
            let n = u8::try_from(n).map_err(|_| {
                invalid(format!(
                    "--days-per-week: choose 2 to 6 days a week, got {n}"
                ))
            })?;
            p.training_days = TrainingDays::spread(n).map_err(|e| e.in_field("--days-per-week"))?;
        }
        if let Some(list) = &self.equipment {
            p.equipment = answers::equipment_list(list).map_err(|e| e.in_field("--equipment"))?;
        }
        if self.light_days {
            p.light_days = true;
        }
        if self.no_light_days {
            p.light_days = false;
        }
        if let Some(pain) = self.pain {
            p.pain_now = Pain::new(pain).map_err(|e| e.in_field("--pain"))?;
        }
        if let Some(units) = self.units {
            p.units = units;
        }
        // Sizes last: they are read in the profile's unit and tick their piece.
        let sizes = [
            (answers::Piece::Kettlebells, &self.kettlebells),
            (answers::Piece::Dumbbells, &self.dumbbells),
            (answers::Piece::Barbell, &self.barbell),
            (answers::Piece::Plates, &self.plates),
        ];
        for (piece, text) in sizes {
            if let Some(text) = text {
                answers::set_sizes(&mut p, piece, text, true)
                    .map_err(|e| e.in_field(format!("--{}", piece.field())))?;
            }
        }
        Ok(p)
    }
}

pub fn describe(p: &Profile) -> String {
    let days: Vec<&str> = p
        .training_days
        .days()
        .iter()
        .map(|d| weekday_short(*d))
        .collect();
    let equipment = answers::equipment_text(p);
    let sex = match p.sex {
        Some(Sex::Male) => "male",
        Some(Sex::Female) => "female",
        None => "not given (both norms shown)",
    };
    let age = match p.training_age {
        TrainingAge::Novice => "novice (under a year)",
        TrainingAge::Intermediate => "intermediate (1-3 years)",
        TrainingAge::Advanced => "advanced (over 3 years)",
    };
    format!(
        "Name:          {}\nSex:           {sex}\nTraining age:  {age}\nTraining days: {} ({} a week)\nLight days:    {}\nEquipment:     {equipment}\nPain now:      {}/10\nUnits:         {}",
        p.name.as_deref().unwrap_or("-"),
        days.join(" "),
        days.len(),
        if p.light_days { "yes" } else { "no (rest)" },
        p.pain_now,
        p.units,
    )
}

#[derive(Debug, Default, clap::Args)]
pub struct ProfileArgs {
    #[command(flatten)]
    pub flags: ProfileFlags,
    /// Your usual training time, HH:MM (24-hour): when the calendar's
    /// events start [default: 18:00]
    #[arg(long, value_name = "HH:MM")]
    pub training_time: Option<String>,
    /// Print the profile as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: ProfileArgs) -> anyhow::Result<ExitCode> {
    let Some(current) = ctx.store.profile()? else {
        return Err(invalid("no profile yet; run `keel onboard` first"));
    };
    // Everything is checked before anything is stored, in one batch.
    let mut writes = Vec::new();
    if let Some(text) = &args.training_time {
        let (_, write) = keel_app::calendar::training_time_write(text)?;
        writes.push(write);
    }
    let profile = if args.flags.any() {
        let updated = args.flags.apply_to(current)?;
        writes.push(Write::SaveProfile(updated.clone()));
        updated
    } else {
        current
    };
    if !writes.is_empty() {
        answers::save(&mut ctx.store, writes)?;
    }
    if args.flags.any() {
        let only_units = ProfileFlags {
            units: None,
            ..args.flags.clone()
        };
        if only_units.any() {
            eprintln!("Profile updated. Run `keel plan --new` to rebuild your plan with it.");
        } else {
            // Loads are kept in kg: the plan and the log stay as they are.
            eprintln!(
                "Units set to {}: every load is now read and shown in {}.",
                profile.units, profile.units
            );
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&profile)?);
    } else {
        println!("{}", describe(&profile));
        let time = keel_app::calendar::training_time(&ctx.store)?;
        println!("Training time: {:02}:{:02}", time.hour(), time.minute());
    }
    Ok(ExitCode::SUCCESS)
}
