//! The words the API uses for the core's closed vocabularies (days,
//! phases, units, sides, ...). Each is an exhaustive match, so a variant
//! added or renamed in keel-core is a compile error here, and the API's
//! word changes only when this file does.

use keel_core::assessment::{HoldTest, MovementTest, Pattern, RatioKind, Side, SorensenBand};
use keel_core::catalog::{MobilityTarget, Region};
use keel_core::engine::ExposureKind;
use keel_core::outcome::Better;
use keel_core::profile::Sex;
use keel_core::program::{DayKind, Phase};
use keel_core::units::Units;

pub fn day(kind: DayKind) -> &'static str {
    match kind {
        DayKind::A => "a",
        DayKind::B => "b",
        DayKind::Light => "light",
        DayKind::Rest => "rest",
    }
}

pub fn phase(phase: Phase) -> &'static str {
    match phase {
        Phase::Foundation => "foundation",
        Phase::AntiFlexionEndurance => "anti-flexion-endurance",
        Phase::StrengthEndurance => "strength-endurance",
        Phase::PowerTransfer => "power-transfer",
    }
}

pub fn units(units: Units) -> &'static str {
    match units {
        Units::Kg => "kg",
        Units::Lb => "lb",
    }
}

pub fn side(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
    }
}

pub fn exposure(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::Normal => "normal",
        ExposureKind::Deload => "deload",
        ExposureKind::Reduced => "reduced",
    }
}

pub fn ratio(kind: RatioKind) -> &'static str {
    match kind {
        RatioKind::FlexionExtension => "flexion-extension",
        RatioKind::RightLeftSideBridge => "right-left-side-bridge",
        RatioKind::SideBridgeExtension => "side-bridge-extension",
    }
}

pub fn region(region: Region) -> &'static str {
    match region {
        Region::LumbarExtensors => "lumbar-extensors",
        Region::Glutes => "glutes",
        Region::Hamstrings => "hamstrings",
        Region::ObliquesQl => "obliques-ql",
        Region::AbdominalWall => "abdominal-wall",
        Region::HipFlexors => "hip-flexors",
        Region::UpperBack => "upper-back",
        Region::Grip => "grip",
    }
}

pub fn sex(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

pub fn hold_test(test: HoldTest) -> &'static str {
    match test {
        HoldTest::Extensor => "extensor",
        HoldTest::Flexor => "flexor",
        HoldTest::SideBridgeRight => "side-bridge-right",
        HoldTest::SideBridgeLeft => "side-bridge-left",
        HoldTest::PronePlank => "prone-plank",
    }
}

pub fn movement_test(test: MovementTest) -> &'static str {
    match test {
        MovementTest::HipHinge => "hip-hinge",
        MovementTest::BirdDog => "bird-dog",
        MovementTest::DeadBug => "dead-bug",
    }
}

pub fn mobility_target(target: MobilityTarget) -> &'static str {
    match target {
        MobilityTarget::Hamstrings => "hamstrings",
        MobilityTarget::HipFlexors => "hip-flexors",
        MobilityTarget::Hips => "hips",
        MobilityTarget::ThoracicSpine => "thoracic-spine",
        MobilityTarget::Ankles => "ankles",
        MobilityTarget::SpineFlexionExtension => "spine-flexion-extension",
    }
}

pub fn pattern(pattern: Pattern) -> &'static str {
    match pattern {
        Pattern::AntiFlexion => "anti-flexion",
        Pattern::Lateral => "lateral",
        Pattern::Hinge => "hinge",
    }
}

pub fn sorensen_band(band: SorensenBand) -> &'static str {
    match band {
        SorensenBand::Below => "below",
        SorensenBand::Between => "between",
        SorensenBand::Above => "above",
    }
}

/// Which way an outcome score improves.
pub fn better(better: Better) -> &'static str {
    match better {
        Better::Lower => "lower",
        Better::Higher => "higher",
    }
}
