//! The assessment's tests with their one-line instructions, shared by every
//! front end that asks for them (the CLI's prompts, the web forms).

/// What kind of answer a test takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Seconds,
    /// 0 cannot, 1 poor, 2 good with cues, 3 clean.
    Score03,
    PassFail,
    Centimetres,
    Degrees,
    Pain,
}

impl Kind {
    /// The unit or scale, as shown beside an answer box.
    pub fn hint(self) -> &'static str {
        match self {
            Kind::Seconds => "seconds",
            Kind::Score03 => "0-3",
            Kind::PassFail => "pass or fail",
            Kind::Centimetres => "cm",
            Kind::Degrees => "degrees",
            Kind::Pain => "0-10",
        }
    }
}

/// One test: a stable key (the CLI flag without dashes), the question and
/// how to do it, in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instruction {
    pub key: &'static str,
    pub question: &'static str,
    pub how: &'static str,
    pub kind: Kind,
}

/// Every test, in the order they are asked.
pub const INSTRUCTIONS: &[Instruction] = &[
    Instruction {
        key: "extensor",
        question: "Trunk extensor hold",
        how: "Face down, hips at a bench edge, feet held, arms crossed: hold the trunk level; stop at 240 s.",
        kind: Kind::Seconds,
    },
    Instruction {
        key: "flexor",
        question: "Trunk flexor hold",
        how: "Sit with knees and hips bent 90 deg, back at 60 deg on a support, arms crossed; remove the support and hold.",
        kind: Kind::Seconds,
    },
    Instruction {
        key: "side-bridge-right",
        question: "Side bridge, right",
        how: "On the right forearm and feet, body straight, hips up; hold until the hips drop.",
        kind: Kind::Seconds,
    },
    Instruction {
        key: "side-bridge-left",
        question: "Side bridge, left",
        how: "On the left forearm and feet, body straight, hips up; hold until the hips drop.",
        kind: Kind::Seconds,
    },
    Instruction {
        key: "prone-plank",
        question: "Prone plank",
        how: "On forearms and toes, body straight from head to heels; hold until the hips sag or pike.",
        kind: Kind::Seconds,
    },
    Instruction {
        key: "hip-hinge",
        question: "Hip hinge quality",
        how: "Dowel on the back touching head, upper back and sacrum; hinge to mid-shin. 0 cannot, 1 poor, 2 good with cues, 3 clean.",
        kind: Kind::Score03,
    },
    Instruction {
        key: "bird-dog",
        question: "Bird dog quality",
        how: "On hands and knees, reach one arm and the opposite leg: pelvis level, no trunk rotation. Score 0-3.",
        kind: Kind::Score03,
    },
    Instruction {
        key: "dead-bug",
        question: "Dead bug quality",
        how: "On your back, lower one arm and the opposite leg with the low back still. Score 0-3.",
        kind: Kind::Score03,
    },
    Instruction {
        key: "toe-touch",
        question: "Toe touch",
        how: "Standing, knees straight, reach down: cm past the toes (+) or short of them (-).",
        kind: Kind::Centimetres,
    },
    Instruction {
        key: "aslr",
        question: "Active straight-leg raise",
        how: "On your back, raise one straight leg as high as you can without the other lifting: degrees from the floor.",
        kind: Kind::Degrees,
    },
    Instruction {
        key: "thomas-left",
        question: "Thomas test, left",
        how: "On your back at a bench edge, hug the right knee: pass if the left thigh rests flat on the bench.",
        kind: Kind::PassFail,
    },
    Instruction {
        key: "thomas-right",
        question: "Thomas test, right",
        how: "Hug the left knee: pass if the right thigh rests flat on the bench.",
        kind: Kind::PassFail,
    },
    Instruction {
        key: "thoracic-left",
        question: "Thoracic rotation, left",
        how: "Seated, dowel across the shoulders, hips still: rotate left. 0 cannot, 1 poor, 2 good with cues, 3 full and clean.",
        kind: Kind::Score03,
    },
    Instruction {
        key: "thoracic-right",
        question: "Thoracic rotation, right",
        how: "The same, rotating right. Score 0-3.",
        kind: Kind::Score03,
    },
    Instruction {
        key: "knee-to-wall-left",
        question: "Knee-to-wall, left",
        how: "Lunge facing a wall, left heel down: the farthest toe-to-wall distance, in cm, at which the knee still touches.",
        kind: Kind::Centimetres,
    },
    Instruction {
        key: "knee-to-wall-right",
        question: "Knee-to-wall, right",
        how: "The same with the right foot forward.",
        kind: Kind::Centimetres,
    },
    Instruction {
        key: "pain-now",
        question: "Pain right now",
        how: "Your back pain at this moment, 0 none to 10 worst imaginable.",
        kind: Kind::Pain,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_test_is_explained() {
        let mut keys: Vec<&str> = INSTRUCTIONS.iter().map(|i| i.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), INSTRUCTIONS.len());
        assert_eq!(INSTRUCTIONS.len(), 17);
        assert!(
            INSTRUCTIONS
                .iter()
                .all(|i| !i.how.is_empty() && !i.question.is_empty())
        );
    }
}
