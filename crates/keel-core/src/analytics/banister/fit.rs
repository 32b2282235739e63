//! Least-squares fit of the impulse-response model with bounded parameters.
//!
//! For fixed time constants the model is linear in (p0, k1, k2), so those
//! are solved exactly (with k1, k2 >= 0: every face of the constraint set
//! is tried and the best feasible solution kept, which is exact for two
//! bounded coefficients). The time constants are searched on a 1-day grid
//! within `[tau_min_days, tau_max_days]` with `tau2 <= tau1 - tau_gap_days`
//! (fatigue fades faster than fitness, as in Banister's model and Clarke and
//! Skiba's fit; the gap keeps the two terms from cancelling, see
//! [`AnalyticsSettings::tau_gap_days`]), then refined by Nelder-Mead from the best grid points. No
//! randomness: the same input always gives the same fit.

use serde::Serialize;

use super::model::{BanisterInput, BanisterParams, filter};
use crate::analytics::settings::AnalyticsSettings;

/// Number of model parameters (p0, k1, tau1, k2, tau2).
pub const PARAMETERS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub params: BanisterParams,
    pub sse: f64,
    pub observations: usize,
    /// sqrt(SSE / (observations - 5)).
    pub residual_sd: f64,
    /// Root mean square of leave-one-out prediction errors (time constants
    /// held at the fit, linear parameters refitted without each point): an
    /// honest estimate of how far a new test may land from the curve.
    pub loo_rmse: f64,
}

impl Fit {
    /// The error scale forecasts use: the larger of the two estimates.
    pub fn error_sd(&self) -> f64 {
        self.residual_sd.max(self.loo_rmse)
    }
}

/// Why no fit was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotEnoughData {
    pub reason: String,
}

/// Least squares over (p0, k1, k2) >= (any, 0, 0) for rows `(g1, g2, y)`,
/// skipping row `skip`. Returns the coefficients and the SSE.
fn linear(rows: &[(f64, f64, f64)], skip: Option<usize>) -> Option<([f64; 3], f64)> {
    // Columns: 1, g1, -g2.
    let mut xtx = [[0.0f64; 3]; 3];
    let mut xty = [0.0f64; 3];
    for (i, &(g1, g2, y)) in rows.iter().enumerate() {
        if Some(i) == skip {
            continue;
        }
        let x = [1.0, g1, -g2];
        for r in 0..3 {
            for c in 0..3 {
                xtx[r][c] += x[r] * x[c];
            }
            xty[r] += x[r] * y;
        }
    }
    let sse_of = |b: [f64; 3]| -> f64 {
        rows.iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(_, &(g1, g2, y))| (b[0] + b[1] * g1 - b[2] * g2 - y).powi(2))
            .sum()
    };
    let faces: [&[usize]; 4] = [&[0, 1, 2], &[0, 1], &[0, 2], &[0]];
    let mut best: Option<([f64; 3], f64)> = None;
    for face in faces {
        let Some(solution) = solve_face(&xtx, &xty, face) else {
            continue;
        };
        if solution[1] < 0.0 || solution[2] < 0.0 {
            continue;
        }
        let e = sse_of(solution);
        if best.is_none_or(|(_, b)| e < b) {
            best = Some((solution, e));
        }
    }
    best
}

/// Solves the normal equations restricted to the columns in `face`
/// (others fixed at 0) by Gaussian elimination with partial pivoting.
fn solve_face(xtx: &[[f64; 3]; 3], xty: &[f64; 3], face: &[usize]) -> Option<[f64; 3]> {
    let k = face.len();
    let mut a = [[0.0f64; 4]; 3];
    for (r, &fr) in face.iter().enumerate() {
        for (c, &fc) in face.iter().enumerate() {
            a[r][c] = xtx[fr][fc];
        }
        a[r][k] = xty[fr];
    }
    let scale = (0..k).map(|i| a[i][i].abs()).fold(0.0, f64::max);
    for col in 0..k {
        let pivot = (col..k).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))?;
        if a[pivot][col].abs() <= 1e-12 * scale.max(1e-300) {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (r, row) in a.iter_mut().enumerate().take(k) {
            if r != col {
                let f = row[col] / pivot_row[col];
                for (x, p) in row.iter_mut().zip(pivot_row).skip(col).take(k + 1 - col) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut out = [0.0; 3];
    for (r, &fr) in face.iter().enumerate() {
        out[fr] = a[r][k] / a[r][r];
    }
    out.iter().all(|v| v.is_finite()).then_some(out)
}

struct Problem<'a> {
    input: &'a BanisterInput,
    lo: f64,
    hi: f64,
    gap: f64,
    /// An observation left out (for the jackknife).
    skip: Option<usize>,
}

impl Problem<'_> {
    fn rows(&self, tau1: f64, tau2: f64) -> Vec<(f64, f64, f64)> {
        let g1 = filter(self.input.loads(), tau1);
        let g2 = filter(self.input.loads(), tau2);
        self.input
            .observations()
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != self.skip)
            .map(|(_, o)| (g1[o.day], g2[o.day], o.value))
            .collect()
    }

    /// Projects (tau1, tau2) into the bounds with tau2 <= tau1 - gap.
    fn project(&self, t: [f64; 2]) -> [f64; 2] {
        let tau1 = t[0].clamp(self.lo + self.gap, self.hi);
        let tau2 = t[1].clamp(self.lo, tau1 - self.gap);
        [tau1, tau2]
    }

    /// SSE at the projected point plus the squared distance projected away,
    /// so the search is pulled back inside the bounds.
    fn objective(&self, t: [f64; 2]) -> f64 {
        let p = self.project(t);
        let away = (t[0] - p[0]).powi(2) + (t[1] - p[1]).powi(2);
        linear(&self.rows(p[0], p[1]), None).map_or(f64::INFINITY, |(_, e)| e + away)
    }
}

/// Nelder-Mead in two dimensions, standard coefficients.
fn nelder_mead(
    problem: &Problem<'_>,
    start: [f64; 2],
    step: f64,
    iterations: usize,
) -> ([f64; 2], f64) {
    let mut simplex = [
        start,
        [start[0] + step, start[1]],
        [start[0], start[1] + step],
    ];
    let mut values = simplex.map(|p| problem.objective(p));
    for _ in 0..iterations {
        let mut order = [0usize, 1, 2];
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.map(|i| simplex[i]);
        values = order.map(|i| values[i]);
        let spread = (simplex[2][0] - simplex[0][0])
            .abs()
            .max((simplex[2][1] - simplex[0][1]).abs());
        // A thousandth of a day is far finer than the data can tell apart.
        if spread < 1e-3 {
            break;
        }
        let centroid = [
            (simplex[0][0] + simplex[1][0]) / 2.0,
            (simplex[0][1] + simplex[1][1]) / 2.0,
        ];
        let along = |t: f64| {
            [
                centroid[0] + t * (simplex[2][0] - centroid[0]),
                centroid[1] + t * (simplex[2][1] - centroid[1]),
            ]
        };
        let reflected = along(-1.0);
        let fr = problem.objective(reflected);
        if fr < values[0] {
            let expanded = along(-2.0);
            let fe = problem.objective(expanded);
            (simplex[2], values[2]) = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < values[1] {
            (simplex[2], values[2]) = (reflected, fr);
        } else {
            let contracted = if fr < values[2] {
                along(-0.5)
            } else {
                along(0.5)
            };
            let fc = problem.objective(contracted);
            if fc < values[2].min(fr) {
                (simplex[2], values[2]) = (contracted, fc);
            } else {
                for i in 1..3 {
                    simplex[i] = [
                        simplex[0][0] + 0.5 * (simplex[i][0] - simplex[0][0]),
                        simplex[0][1] + 0.5 * (simplex[i][1] - simplex[0][1]),
                    ];
                    values[i] = problem.objective(simplex[i]);
                }
            }
        }
    }
    let best = (0..3)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    (problem.project(simplex[best]), values[best])
}

/// Grid points refined by Nelder-Mead.
const STARTS: usize = 3;
const NM_ITERATIONS: usize = 200;

/// Fits the model; `NotEnoughData` when there are fewer than
/// `settings.min_forecast_observations` performances or no load at all.
pub fn fit(input: &BanisterInput, settings: &AnalyticsSettings) -> Result<Fit, NotEnoughData> {
    let m = input.observations().len();
    if m < settings.min_forecast_observations.max(PARAMETERS + 1) {
        return Err(NotEnoughData {
            reason: format!(
                "not enough data yet: {m} performance tests, the forecast needs at least {}",
                settings.min_forecast_observations.max(PARAMETERS + 1)
            ),
        });
    }
    if input.loads().iter().all(|&w| w == 0.0) {
        return Err(NotEnoughData {
            reason: "not enough data yet: no training load logged".to_string(),
        });
    }
    let problem = Problem {
        input,
        lo: settings.tau_min_days,
        hi: settings.tau_max_days,
        gap: settings.tau_gap_days,
        skip: None,
    };
    // Grid: filters once per tau, then one small linear solve per pair.
    let mut taus = Vec::new();
    let mut t = settings.tau_min_days;
    while t <= settings.tau_max_days + 1e-9 {
        taus.push(t);
        t += 1.0;
    }
    let filtered: Vec<Vec<f64>> = taus
        .iter()
        .map(|&tau| {
            let g = filter(input.loads(), tau);
            input.observations().iter().map(|o| g[o.day]).collect()
        })
        .collect();
    let mut grid: Vec<(f64, [f64; 2])> = Vec::new();
    for (i, g1) in filtered.iter().enumerate() {
        for (j, g2) in filtered.iter().enumerate().take(i + 1) {
            if taus[j] > taus[i] - settings.tau_gap_days + 1e-9 {
                continue;
            }
            let rows: Vec<(f64, f64, f64)> = input
                .observations()
                .iter()
                .enumerate()
                .map(|(k, o)| (g1[k], g2[k], o.value))
                .collect();
            if let Some((_, e)) = linear(&rows, None) {
                grid.push((e, [taus[i], taus[j]]));
            }
        }
    }
    grid.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<([f64; 2], f64)> = None;
    for &(e, start) in grid.iter().take(STARTS) {
        let (point, value) = nelder_mead(&problem, start, 1.0, NM_ITERATIONS);
        let (point, value) = if value < e {
            (point, value)
        } else {
            (start, e)
        };
        if best.is_none_or(|(_, b)| value < b) {
            best = Some((point, value));
        }
    }
    let Some(([tau1, tau2], _)) = best else {
        return Err(NotEnoughData {
            reason: "not enough data yet: the model could not be fitted".to_string(),
        });
    };
    let rows = problem.rows(tau1, tau2);
    let Some((b, sse)) = linear(&rows, None) else {
        return Err(NotEnoughData {
            reason: "not enough data yet: the model could not be fitted".to_string(),
        });
    };
    let loo: f64 = (0..rows.len())
        .filter_map(|j| {
            linear(&rows, Some(j)).map(|(bj, _)| {
                let (g1, g2, y) = rows[j];
                (bj[0] + bj[1] * g1 - bj[2] * g2 - y).powi(2)
            })
        })
        .sum();
    Ok(Fit {
        params: BanisterParams {
            p0: b[0],
            k1: b[1],
            tau1,
            k2: b[2],
            tau2,
        },
        sse,
        observations: m,
        residual_sd: (sse / (m - PARAMETERS) as f64).sqrt(),
        loo_rmse: (loo / m as f64).sqrt(),
    })
}

/// The model refitted without observation `skip`, its time constants
/// searched from `from` (the full fit's) by Nelder-Mead only: the
/// jackknife replicates the forecast's parameter uncertainty comes from.
pub(crate) fn refit_without(
    input: &BanisterInput,
    skip: usize,
    from: &BanisterParams,
    settings: &AnalyticsSettings,
) -> Option<BanisterParams> {
    let problem = Problem {
        input,
        lo: settings.tau_min_days,
        hi: settings.tau_max_days,
        gap: settings.tau_gap_days,
        skip: Some(skip),
    };
    let ([tau1, tau2], _) = nelder_mead(&problem, [from.tau1, from.tau2], 1.0, NM_ITERATIONS);
    let (b, _) = linear(&problem.rows(tau1, tau2), None)?;
    Some(BanisterParams {
        p0: b[0],
        k1: b[1],
        tau1,
        k2: b[2],
        tau2,
    })
}
