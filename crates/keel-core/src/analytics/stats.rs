//! Small numeric helpers shared by the metrics.

/// Prefix sums of `xs`: `p[i]` is the sum of the first `i` values, so the
/// sum over `xs[a..b]` is `p[b] - p[a]`. Rolling windows become O(1) each.
pub(crate) fn prefix_sums(xs: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(xs.len() + 1);
    let mut acc = 0.0;
    p.push(acc);
    for x in xs {
        acc += x;
        p.push(acc);
    }
    p
}

/// Prefix sums of the squares.
pub(crate) fn prefix_squares(xs: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(xs.len() + 1);
    let mut acc = 0.0;
    p.push(acc);
    for x in xs {
        acc += x * x;
        p.push(acc);
    }
    p
}

/// Relative size under which a standard deviation computed from running
/// sums is rounding noise, i.e. zero (the sums of squares lose about 1e-16
/// relative to the sum, so 1e-9 leaves a wide margin).
pub(crate) const ZERO_SD_RELATIVE: f64 = 1e-9;

/// Least-squares slope of `y` on `x`; `None` with fewer than two distinct x.
pub(crate) fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line_and_of_one_point() {
        // y = 2x + 1 through (0,1), (1,3), (2,5): slope 2.
        assert_eq!(slope(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]), Some(2.0));
        assert_eq!(slope(&[(1.0, 1.0)]), None);
        assert_eq!(slope(&[(1.0, 1.0), (1.0, 2.0)]), None);
    }

    #[test]
    fn prefix_sums_give_window_sums() {
        let p = prefix_sums(&[1.0, 2.0, 3.0]);
        assert_eq!(p, vec![0.0, 1.0, 3.0, 6.0]);
        assert_eq!(prefix_squares(&[1.0, 2.0])[2], 5.0);
    }
}
