//! The guided session: each remaining set in order with its timers and
//! questions, each confirmed set committed at once (one commit per set, so
//! a killed process loses nothing confirmed), pain stops and the red-flag
//! screen, then the rest between sets.

use jiff::civil::Date;
use keel_core::assessment::Side;
use keel_core::catalog::Catalog;
use keel_core::engine::{Amount, EngineSettings, FormFault, stop_exercise_now};
use keel_core::program::Prescription;
use keel_core::redflag::CLINICIAN_MESSAGE;
use keel_core::training::{LoggedSet, SessionSlot};

use super::io::{Closed, Io, Poll};
use super::questions;
use super::timer::{self, BELL, Clock, Ended};
use super::view::{self, SetHeader};
use crate::context::Ctx;
use crate::render::session as render;
use keel_app::journal::{self, Journal};
use keel_app::record::{self, SideAnswers, target_of};
use keel_app::steps::{Sides, Step};

/// One exercise still to do today, with the steps left.
pub struct Work {
    pub slot: SessionSlot,
    pub steps: Vec<Step>,
}

/// How the guided part ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every remaining set was done or stopped for pain.
    Done,
    /// The user stopped (q) with the input still open.
    Quit,
    /// The input ended: nothing more can be asked.
    Closed,
    /// A red flag halted the program.
    Halted,
}

enum SetEnd {
    Logged { stop_exercise: bool },
    End(End),
}

pub struct Guide<'a> {
    pub io: Io,
    pub clock: &'a dyn Clock,
    /// Timers really run (a terminal, without --no-timer).
    pub timers: bool,
    /// Why timers are skipped, for the one-line phases.
    pub skipped_because: &'static str,
    pub get_ready: u32,
    pub catalog: &'a Catalog,
    pub breathing: String,
    pub settings: EngineSettings,
    pub date: Date,
    /// Sets confirmed and committed during this run.
    pub logged: Vec<LoggedSet>,
    /// The journal after the latest commit.
    pub journal: Option<std::sync::Arc<Journal>>,
}

impl Guide<'_> {
    pub fn run(&mut self, ctx: &mut Ctx, work: &[Work]) -> anyhow::Result<End> {
        let total = work.len();
        for (w_index, item) in work.iter().enumerate() {
            for (s_index, step) in item.steps.iter().enumerate() {
                match self.one_set(ctx, &item.slot, *step, s_index == 0)? {
                    SetEnd::End(end) => return Ok(end),
                    SetEnd::Logged {
                        stop_exercise: true,
                    } => {
                        self.pain_stop(&item.slot)?;
                        break;
                    }
                    SetEnd::Logged {
                        stop_exercise: false,
                    } => {}
                }
                let last_of_slot = s_index + 1 == item.steps.len();
                let last_of_session = last_of_slot && w_index + 1 == total;
                if last_of_session {
                    break;
                }
                let next = if last_of_slot {
                    work.get(w_index + 1).map(|n| &n.slot)
                } else {
                    None
                };
                if let Some(end) = self.rest(&item.slot, next)? {
                    return Ok(end);
                }
            }
        }
        Ok(End::Done)
    }

    fn header(&self, slot: &SessionSlot, step: Step) -> SetHeader {
        let mut cues = view::cues(self.catalog, &slot.exercise);
        for cue in &slot.revisit_cues {
            if !cues.contains(cue) {
                cues.push(cue.clone());
            }
        }
        SetHeader {
            exercise: view::name(self.catalog, &slot.exercise),
            step: step.label(),
            prescription: format!(
                "{}; {}",
                render::amount(&slot.prescription),
                render::load(&slot.prescription, self.settings.units)
            ),
            cues,
            breathing: self.breathing.clone(),
        }
    }

    /// One set: timers (or its one-line phase), questions, commit, screen.
    /// `first`: the first set of this exercise in this run.
    fn one_set(
        &mut self,
        ctx: &mut Ctx,
        slot: &SessionSlot,
        step: Step,
        first: bool,
    ) -> anyhow::Result<SetEnd> {
        let header = self.header(slot, step);
        let target = target_of(&slot.prescription);
        let mut defaults = questions::defaults(&slot.prescription, &self.settings);
        if self.timers {
            match self.do_set_live(&header, &slot.prescription, target, step)? {
                Live::Done => {}
                Live::StoppedAt(seconds, side) => {
                    defaults.faults = vec![FormFault::EarlyTermination];
                    match (step.sides, side) {
                        // A per-side hold stopped on one side: the sides
                        // before it held the target, the stopped one its
                        // seconds, a side not started none.
                        (Sides::Both, Some(stopped)) => {
                            defaults.sides = match stopped {
                                Side::Right => SideAnswers {
                                    right: Some(seconds),
                                    left: Some(0),
                                },
                                Side::Left => SideAnswers {
                                    right: Some(defaults.actual),
                                    left: Some(seconds),
                                },
                            };
                            defaults.actual = seconds;
                        }
                        _ => defaults.actual = seconds,
                    }
                }
                Live::End(end) => return Ok(SetEnd::End(end)),
            }
        } else {
            self.io.say(&header.line(first));
            let line = self.work_line(&slot.prescription, target, step);
            self.io.say(&line);
        }
        let answers =
            match questions::ask_set(&mut self.io, target, &defaults, step.sides, step.note())? {
                Ok(a) => a,
                Err(Closed) => {
                    self.io.say(&format!(
                        "Input ended before {} was confirmed: that set is not saved.",
                        step.label()
                    ));
                    return Ok(SetEnd::End(End::Closed));
                }
            };
        let logged = record::logged_step(slot, self.date, step, answers)?;
        let stop = stop_exercise_now(&logged.set, &self.settings);
        let mut screen = None;
        let mut screen_closed = false;
        if record::needs_screen(std::slice::from_ref(&logged)) {
            match questions::ask_screen(&mut self.io)? {
                Ok(s) => screen = Some((self.date, s)),
                Err(Closed) => screen_closed = true,
            }
        }
        let halted = screen.as_ref().is_some_and(|(_, s)| !s.is_clear());
        self.journal = Some(journal::commit(
            &mut ctx.store,
            record::writes(vec![logged.clone()], screen),
        )?);
        self.io
            .say(&format!("Saved {}: {}.", step.label(), describe(&logged)));
        self.logged.push(logged);
        if halted {
            self.io.say(&format!("\n{CLINICIAN_MESSAGE}"));
            self.io.say(
                "\nYour answers were recorded and the session ends here. When a clinician has \
                 cleared you, run `keel resume --confirm` to record your decision to continue.",
            );
            return Ok(SetEnd::End(End::Halted));
        }
        if screen_closed {
            self.io.say(
                "The safety screen was not finished, so the session stops here. If pain spreads \
                 below the knee, or you have numbness, weakness or any other warning sign, stop \
                 and see a clinician.",
            );
            return Ok(SetEnd::End(End::Closed));
        }
        Ok(SetEnd::Logged {
            stop_exercise: stop,
        })
    }

    /// "HOLD 10 s per side: right, then left (timer skipped: not a terminal)".
    fn work_line(&self, p: &Prescription, target: Amount, step: Step) -> String {
        let sides = match step.sides {
            Sides::One => String::new(),
            Sides::Both => " per side: right, then left".to_string(),
            Sides::Only(side) => format!(" on the {} side only", side.label()),
        };
        match (p, target) {
            (_, Amount::Seconds(s)) => {
                format!(
                    "HOLD {s} s{sides} (timer skipped: {})",
                    self.skipped_because
                )
            }
            (Prescription::Reps { tempo, .. }, Amount::Reps(r)) => {
                let tempo = tempo.map(|t| format!(" at tempo {t}")).unwrap_or_default();
                format!("DO {r} reps{sides}{tempo}, then log the set")
            }
            (_, Amount::Reps(r)) => format!("DO {r} reps{sides}, then log the set"),
            (_, Amount::Metres(m)) => format!("CARRY {m} m, then log the set"),
        }
    }

    /// Get ready, then the hold countdowns (or the reps), in a terminal.
    fn do_set_live(
        &mut self,
        header: &SetHeader,
        p: &Prescription,
        target: Amount,
        step: Step,
    ) -> anyhow::Result<Live> {
        let sides: Vec<Option<Side>> = match step.sides {
            Sides::One => vec![None],
            Sides::Both => vec![Some(Side::Right), Some(Side::Left)],
            Sides::Only(side) => vec![Some(side)],
        };
        let top = header.text();
        for (i, side) in sides.iter().enumerate() {
            let side_text = side
                .map(|s| format!(" - {} side", s.label()))
                .unwrap_or_default();
            let ready = if i == 0 { "GET READY" } else { "SWITCH SIDES" };
            let phase = format!("{ready}{side_text}");
            let footer = "Enter: start now   q+Enter: end the session";
            match self.timed(&top, &phase, self.get_ready, footer).0 {
                Timed::Finished | Timed::Skipped => {}
                Timed::Quit => {
                    if self.confirm_end()? {
                        return Ok(Live::End(End::Quit));
                    }
                }
                Timed::Closed => return Ok(Live::End(End::Closed)),
            }
            match target {
                Amount::Seconds(s) => {
                    let phase = format!("HOLD{side_text}");
                    match self.hold(&top, &phase, u32::from(s.get()))? {
                        HoldEnd::Full => {}
                        HoldEnd::Early(secs) => return Ok(Live::StoppedAt(secs, *side)),
                        HoldEnd::Closed => return Ok(Live::End(End::Closed)),
                    }
                }
                Amount::Reps(_) | Amount::Metres(_) => {
                    let what = self.work_line(p, target, step);
                    self.io.show(&format!(
                        "{}{top}\nGO{side_text}: {what}\n\nPress Enter when done: ",
                        view::CLEAR
                    ));
                    if self.io.line().is_err() {
                        return Ok(Live::End(End::Closed));
                    }
                }
            }
        }
        Ok(Live::Done)
    }

    /// A hold countdown that `q` can stop early (after confirming); the
    /// bell rings at the end.
    fn hold(&mut self, top: &str, phase: &str, seconds: u32) -> anyhow::Result<HoldEnd> {
        let mut done = 0;
        loop {
            let left = seconds.saturating_sub(done);
            let (timed, elapsed) = self.timed(top, phase, left, "q+Enter: stop the set early");
            match timed {
                Timed::Finished => {
                    self.io.show(BELL);
                    return Ok(HoldEnd::Full);
                }
                Timed::Skipped => {}
                Timed::Quit => {}
                Timed::Closed => return Ok(HoldEnd::Closed),
            }
            done = seconds.min(done + elapsed);
            let question =
                format!("Stop this set early at {done} s? It is logged as an early termination");
            match self.io.yes_no(&question, true)? {
                Ok(true) => return Ok(HoldEnd::Early(done)),
                Ok(false) => {}
                Err(Closed) => return Ok(HoldEnd::Closed),
            }
        }
    }

    /// One countdown screen; Enter skips, q stops. Also returns the whole
    /// seconds that ran.
    fn timed(&mut self, top: &str, phase: &str, seconds: u32, footer: &str) -> (Timed, u32) {
        let mut result = Timed::Finished;
        let io = &mut self.io;
        let ended = timer::countdown(self.clock, seconds, |tick| {
            if tick.new_second {
                io.show(&view::countdown_screen(top, phase, tick.remaining, footer));
            }
            match io.poll() {
                Poll::Nothing => false,
                Poll::Closed => {
                    result = Timed::Closed;
                    true
                }
                Poll::Line(line) if line.trim().eq_ignore_ascii_case("q") => {
                    result = Timed::Quit;
                    true
                }
                Poll::Line(_) => {
                    result = Timed::Skipped;
                    true
                }
            }
        });
        let elapsed = match ended {
            Ended::Finished => seconds,
            Ended::Stopped { elapsed } => elapsed,
        };
        (result, elapsed)
    }

    fn confirm_end(&mut self) -> anyhow::Result<bool> {
        Ok(self
            .io
            .yes_no(
                "End the session here? Every set you confirmed is kept",
                false,
            )?
            .unwrap_or(true))
    }

    /// Rest between sets, with the paired mobility drill, or before the next exercise.
    fn rest(
        &mut self,
        slot: &SessionSlot,
        next: Option<&SessionSlot>,
    ) -> anyhow::Result<Option<End>> {
        let seconds = u32::from(slot.rest_seconds);
        let mut lines = Vec::new();
        match next {
            Some(next) => lines.push(format!(
                "Next: {} ({})",
                view::name(self.catalog, &next.exercise),
                render::amount(&next.prescription)
            )),
            None => {
                if let Some(drill) = &slot.between_sets {
                    let how = self
                        .catalog
                        .get(drill)
                        .map(|e| format!(": {}", e.how))
                        .unwrap_or_default();
                    lines.push(format!(
                        "Between sets: {}{how}",
                        view::name(self.catalog, drill)
                    ));
                }
            }
        }
        if !self.timers {
            self.io.say(&format!(
                "REST {seconds} s (timer skipped: {})",
                self.skipped_because
            ));
            for line in &lines {
                self.io.say(line);
            }
            return Ok(None);
        }
        let top = format!("{}\n", lines.join("\n"));
        let footer = "Enter: skip the rest   q+Enter: end the session";
        match self.timed(&top, "REST", seconds, footer).0 {
            Timed::Finished => self.io.show(BELL),
            Timed::Skipped => {}
            Timed::Quit => {
                if self.confirm_end()? {
                    return Ok(Some(End::Quit));
                }
            }
            Timed::Closed => return Ok(Some(End::Closed)),
        }
        Ok(None)
    }

    /// Says why the exercise stops and what to revisit.
    fn pain_stop(&mut self, slot: &SessionSlot) -> anyhow::Result<()> {
        let name = view::name(self.catalog, &slot.exercise);
        let why = match self.logged.last() {
            Some(l) if l.set.sharp_pain => "you felt sharp pain".to_string(),
            Some(l) => format!(
                "pain {} is in the red (over {})",
                l.set.pain, self.settings.pain_amber_max
            ),
            None => "pain".to_string(),
        };
        self.io.say(&format!(
            "\nSTOP {name} now: {why}. Its remaining sets are skipped today, and it is \
             regressed next time."
        ));
        let mut cues = view::cues(self.catalog, &slot.exercise);
        cues.extend(slot.revisit_cues.iter().cloned());
        if !cues.is_empty() {
            self.io.say("Revisit the technique:");
            for cue in cues {
                self.io.say(&format!("  - {cue}"));
            }
        }
        if self.timers {
            self.io.show("Press Enter to go on: ");
            let _ = self.io.line();
        }
        Ok(())
    }
}

enum Live {
    Done,
    /// A hold stopped early at these seconds, on this side of a per-side set.
    StoppedAt(u32, Option<Side>),
    End(End),
}

enum HoldEnd {
    Full,
    Early(u32),
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timed {
    Finished,
    /// Enter pressed: move on.
    Skipped,
    /// q pressed.
    Quit,
    Closed,
}

/// "10 s, RPE 7, no faults, pain 0".
pub fn describe(l: &LoggedSet) -> String {
    let text = |a: Amount| match a {
        Amount::Seconds(s) => format!("{s} s"),
        Amount::Reps(r) => format!("{r} reps"),
        Amount::Metres(m) => format!("{m} m"),
    };
    // Each side of a per-side set, as done: "right 30 s, left 20 s".
    let actual = match l.set.sides.map(|s| s.done()).unwrap_or_default().as_slice() {
        [] => text(l.set.actual),
        sides => sides
            .iter()
            .map(|(side, got)| format!("{} {}", side.label(), text(*got)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rpe = l.set.rpe.map(|r| format!(", RPE {r}")).unwrap_or_default();
    let faults = if l.set.faults.is_empty() {
        "no faults".to_string()
    } else {
        l.set
            .faults
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sharp = if l.set.sharp_pain { ", sharp pain" } else { "" };
    format!("{actual}{rpe}, {faults}, pain {}{sharp}", l.set.pain)
}
