//! The red-flag screen (docs/method.md §6.6). Any yes halts the program and
//! sends the user to a clinician; only an explicit, recorded decision resumes it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedFlag {
    PainBelowKnee,
    NumbnessOrTingling,
    LegWeakness,
    BladderOrBowel,
    SaddleNumbness,
    FeverOrWeightLoss,
    MajorTrauma,
    NightPain,
}

impl RedFlag {
    pub const ALL: [RedFlag; 8] = [
        RedFlag::PainBelowKnee,
        RedFlag::NumbnessOrTingling,
        RedFlag::LegWeakness,
        RedFlag::BladderOrBowel,
        RedFlag::SaddleNumbness,
        RedFlag::FeverOrWeightLoss,
        RedFlag::MajorTrauma,
        RedFlag::NightPain,
    ];

    /// The question as asked at onboarding and with pain entries.
    pub fn question(self) -> &'static str {
        match self {
            RedFlag::PainBelowKnee => "Does pain spread down your leg below the knee?",
            RedFlag::NumbnessOrTingling => "Do you have numbness or tingling in a leg or foot?",
            RedFlag::LegWeakness => "Is a leg weak, or does a foot catch or drop?",
            RedFlag::BladderOrBowel => "Any new loss of bladder or bowel control?",
            RedFlag::SaddleNumbness => {
                "Any numbness in the saddle area (groin, buttocks, inner thighs)?"
            }
            RedFlag::FeverOrWeightLoss => "Fever, or weight loss you cannot explain?",
            RedFlag::MajorTrauma => "Did the pain start after a major trauma (a fall, a crash)?",
            RedFlag::NightPain => "Pain at night that rest or changing position does not ease?",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            RedFlag::PainBelowKnee => "pain-below-knee",
            RedFlag::NumbnessOrTingling => "numbness-or-tingling",
            RedFlag::LegWeakness => "leg-weakness",
            RedFlag::BladderOrBowel => "bladder-or-bowel",
            RedFlag::SaddleNumbness => "saddle-numbness",
            RedFlag::FeverOrWeightLoss => "fever-or-weight-loss",
            RedFlag::MajorTrauma => "major-trauma",
            RedFlag::NightPain => "night-pain",
        }
    }

    pub fn parse(text: &str) -> Option<RedFlag> {
        RedFlag::ALL.into_iter().find(|f| f.slug() == text.trim())
    }
}

/// What the user answered yes to. Empty means the screen is clear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    pub flags: Vec<RedFlag>,
}

impl Screen {
    pub fn clear() -> Screen {
        Screen::default()
    }

    pub fn is_clear(&self) -> bool {
        self.flags.is_empty()
    }

    /// The screen from one answer per question; `Err` names the first
    /// question left unanswered. An unanswered question is never "no".
    pub fn from_answers(
        mut answer: impl FnMut(RedFlag) -> Option<bool>,
    ) -> Result<Screen, RedFlag> {
        let mut flags = Vec::new();
        for flag in RedFlag::ALL {
            match answer(flag) {
                Some(true) => flags.push(flag),
                Some(false) => {}
                None => return Err(flag),
            }
        }
        Ok(Screen { flags })
    }
}

/// The message shown whenever a screen has a yes. Keel is not a diagnosis.
pub const CLINICIAN_MESSAGE: &str = "\
STOP: one or more of your answers is a warning sign that needs a clinician's \
assessment before any back training. Keel has paused your program. Please see \
a doctor or physiotherapist soon; for loss of bladder or bowel control or \
saddle numbness, seek urgent care today. Keel is a training tool, not a \
diagnosis.";

/// Shown once, plainly, at onboarding.
pub const DISCLAIMER: &str = "\
Keel is a training tool, not a diagnosis or a treatment. If you have back pain \
that worries you, see a clinician. Keel stops your program and tells you so \
when you report a warning sign.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unanswered_question_is_never_no() {
        assert_eq!(Screen::from_answers(|_| None), Err(RedFlag::PainBelowKnee));
        assert_eq!(
            Screen::from_answers(|f| (f != RedFlag::NightPain).then_some(false)),
            Err(RedFlag::NightPain)
        );
        assert_eq!(Screen::from_answers(|_| Some(false)), Ok(Screen::clear()));
        assert_eq!(
            Screen::from_answers(|f| Some(f == RedFlag::LegWeakness)),
            Ok(Screen {
                flags: vec![RedFlag::LegWeakness]
            })
        );
    }
}
