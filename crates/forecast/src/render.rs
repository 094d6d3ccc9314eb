//! Readable text (`Display`) for forecasts and backtests, and the SVG chart.
//!
//! The chart is written by hand rather than with `plotters`: plotters can only draw text (axis
//! labels, title) with a font backend (`ttf`, which pulls font-kit and system fonts, or
//! `ab_glyph` with an embedded font file), and without text a chart is unreadable. One line
//! chart with axes is about a hundred lines of SVG, has no dependency, and its bytes are the
//! same on every machine (no font metrics), which keeps `--plot` deterministic under a seed.

use crate::data::{add_days, days_between};
use crate::{AllyStatus, Backtest, Forecast, Start};
use opendoor_core::Date;
use std::fmt::{self, Write};

fn pct(p: f64) -> String {
    format!("{:5.1}%", 100.0 * p)
}

fn opt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "never/beyond".to_string(), |d| d.to_string())
}

impl fmt::Display for Forecast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = match &self.start {
            Start::ProtocolSigned {
                signed,
                deposited,
                parliament_approved,
                pending,
            } => format!(
                "protocol signed {signed}; on {}: {deposited} deposited, {parliament_approved} approved by parliament, {pending} pending",
                self.from
            ),
            Start::ProtocolInForce { in_force } => {
                format!("protocol in force since {in_force}; the candidate's instrument is left")
            }
            Start::Invited { invited } => {
                format!("invited {invited}; protocol not yet signed")
            }
            Start::HypotheticalSignature => {
                format!("hypothetical protocol signature on {}", self.from)
            }
            Start::HypotheticalInvitation => format!("hypothetical invitation on {}", self.from),
        };
        writeln!(
            f,
            "Forecast: {} ({}) completing accession, from {}",
            self.candidate_name, self.candidate, self.from
        )?;
        writeln!(f, "  start: {start}")?;
        let pending = self
            .allies
            .iter()
            .filter(|a| a.status != AllyStatus::Deposited)
            .count();
        writeln!(
            f,
            "  {} trials, seed {}; {} Allies, {} still to deposit",
            self.trials,
            self.seed,
            self.allies.len(),
            pending
        )?;
        if !self.overrides.is_empty() {
            let o: Vec<String> = self.overrides.iter().map(|o| o.to_string()).collect();
            writeln!(f, "  overrides: {}", o.join(", "))?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "  p10 {}   p50 {}   p90 {}",
            opt_date(self.quantiles.p10),
            opt_date(self.quantiles.p50),
            opt_date(self.quantiles.p90)
        )?;
        if self.p_never > 0.0 {
            writeln!(f, "  never (an Ally refuses): {}", pct(self.p_never))?;
        }
        if self.p_beyond_horizon > 0.0 {
            writeln!(
                f,
                "  after {}: {}",
                self.horizon,
                pct(self.p_beyond_horizon)
            )?;
        }
        writeln!(f)?;
        writeln!(f, "  Complete by")?;
        for (date, p) in &self.p_by {
            writeln!(f, "    {date}  {}", pct(*p))?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "  Last to deposit (or refusing); median date its procedure ends (parliament, or deposit once all parliaments approved)"
        )?;
        let mut last: Vec<_> = self.allies.iter().filter(|a| a.p_last > 0.0).collect();
        last.sort_by(|a, b| b.p_last.total_cmp(&a.p_last).then(a.ally.cmp(&b.ally)));
        for a in last.iter().take(8) {
            let median = a
                .median_days
                .and_then(|d| add_days(self.from, d.round() as i64))
                .map_or_else(String::new, |d| format!("median done {d}"));
            writeln!(
                f,
                "    {:<4} {:<24} {}   {}  (own lags {}, effect x{:.2})",
                a.ally.as_str(),
                a.name,
                pct(a.p_last),
                median,
                a.own_observations,
                a.effect
            )?;
        }
        if last.len() > 8 {
            let rest: f64 = last.iter().skip(8).map(|a| a.p_last).sum();
            writeln!(f, "    ({} others: {})", last.len() - 8, pct(rest))?;
        }
        writeln!(f)?;
        let m = &self.model;
        writeln!(
            f,
            "  Model: facts before {}: {} exact parliamentary lags, {} bounds, {} still pending; {} deposit delays, {} accession delays, {} rounds",
            m.cutoff,
            m.parliament_exact,
            m.parliament_at_most,
            m.parliament_more_than,
            m.deposit_delays,
            m.accession_delays,
            m.rounds.len()
        )?;
        writeln!(
            f,
            "    typical parliamentary lag {:.0} days (log-scale sd: Allies {:.2}, rounds {:.2}, acts {:.2}); deposit {:.0} days after parliament; accession {:.0} days after entry into force",
            m.typical_lag_days,
            m.ally_sd,
            m.round_sd,
            m.act_sd,
            m.deposit_delay_median_days,
            m.accession_delay_median_days
        )?;
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

impl Forecast {
    /// The readable report (same as `Display`).
    pub fn render_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Backtest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Backtest: each protocol forecast from the record before its signature ({} trials, seed {})",
            self.trials, self.seed
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "  {:<10} {:<20} {:>4} {:>6}  {:<10} {:<10} {:<10}  {:<10} {:>5} {:>4} {:>7} {:>8}  last (p)",
            "signed", "candidates", "lags", "allies", "p10", "p50", "p90", "actual", "PIT", "80%", "CRPS", "naive"
        )?;
        for e in &self.entries {
            let c: Vec<&str> = e.candidates.iter().map(|c| c.as_str()).collect();
            let mut cands = c.join("+");
            if cands.len() > 20 {
                cands = format!("{}…", &cands[..18]);
            }
            let last = if e.actual_last.is_empty() {
                "unknown".to_string()
            } else {
                let l: Vec<&str> = e.actual_last.iter().map(|c| c.as_str()).collect();
                format!(
                    "{} ({})",
                    l.join("+"),
                    e.p_actual_last
                        .map_or("-".into(), |p| format!("{:.0}%", 100.0 * p))
                )
            };
            writeln!(
                f,
                "  {:<10} {:<20} {:>4} {:>6}  {:<10} {:<10} {:<10}  {:<10} {:>5.2} {:>4} {:>7.0} {:>8}  {}",
                e.signed.to_string(),
                cands,
                e.training_exact_lags,
                e.allies,
                opt_date(e.quantiles.p10),
                opt_date(e.quantiles.p50),
                opt_date(e.quantiles.p90),
                e.actual.to_string(),
                e.pit,
                if e.in_80 { "yes" } else { "no" },
                e.crps_days,
                e.baseline_crps_days
                    .map_or_else(|| "-".to_string(), |b| format!("{b:.0}")),
                last
            )?;
        }
        let s = &self.summary;
        writeln!(f)?;
        writeln!(
            f,
            "  80% interval coverage {}/{} ({:.0}%); mean PIT {:.2}; mean CRPS {:.0} days",
            self.entries.iter().filter(|e| e.in_80).count(),
            s.entries,
            100.0 * s.coverage_80,
            s.mean_pit,
            s.mean_crps_days
        )?;
        if let (Some(m), Some(b)) = (s.mean_crps_days_with_baseline, s.mean_baseline_crps_days) {
            writeln!(
                f,
                "  where a naive forecast exists (earlier rounds' durations): model {m:.0} days, naive {b:.0} days"
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

impl Backtest {
    pub fn render_text(&self) -> String {
        self.to_string()
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The cumulative probability of accession by date, as a standalone SVG document.
pub fn svg(f: &Forecast) -> String {
    const W: f64 = 800.0;
    const H: f64 = 420.0;
    const L: f64 = 64.0;
    const R: f64 = 24.0;
    const T: f64 = 48.0;
    const B: f64 = 56.0;
    let pw = W - L - R;
    let ph = H - T - B;
    // The axis ends a little after the 95th percentile (the far tail would squeeze the rest);
    // the JSON's `cdf` goes further.
    let cdf_end = f
        .cdf
        .last()
        .and_then(|p| days_between(f.from, p.date))
        .unwrap_or(1)
        .max(1);
    let last_day = f
        .quantile_days(0.95)
        .map_or(cdf_end, |d| (d + d / 10 + 30).min(i32::MAX as usize) as i32)
        .clamp(1, cdf_end);
    let x = |date: Date| -> f64 {
        let d = days_between(f.from, date).unwrap_or(0).clamp(0, last_day);
        L + pw * f64::from(d) / f64::from(last_day)
    };
    let y = |p: f64| T + ph * (1.0 - p.clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{L}" y="20" font-size="15" font-weight="bold">{}</text>"#,
        esc(&format!(
            "{} ({}): probability that accession is complete, by date",
            f.candidate_name, f.candidate
        ))
    );
    let _ = writeln!(
        s,
        r##"<text x="{L}" y="38" fill="#555">{}</text>"##,
        esc(&format!(
            "from {} · {} trials · seed {}{}",
            f.from,
            f.trials,
            f.seed,
            if f.overrides.is_empty() {
                String::new()
            } else {
                let o: Vec<String> = f.overrides.iter().map(|o| o.to_string()).collect();
                format!(" · overrides {}", o.join(", "))
            }
        ))
    );
    // Horizontal grid and y labels.
    for i in 0..=4 {
        let p = f64::from(i) / 4.0;
        let yy = y(p);
        let _ = writeln!(
            s,
            "<line x1=\"{L}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#ddd\"/>",
            L + pw
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{:.0}%</text>"#,
            L - 6.0,
            yy + 4.0,
            100.0 * p
        );
    }
    // X ticks: years, or quarters for short spans.
    let end = add_days(f.from, i64::from(last_day)).unwrap_or(f.from);
    let mut ticks: Vec<Date> = Vec::new();
    if last_day > 730 {
        let years = i32::from(end.year()) - i32::from(f.from.year());
        let step = (years / 10 + 1).max(1);
        let mut yr = i32::from(f.from.year()) + 1;
        while yr <= i32::from(end.year()) {
            if let Ok(d) = Date::new(yr as i16, 1, 1) {
                ticks.push(d);
            }
            yr += step;
        }
    } else {
        let mut d = Date::new(f.from.year(), f.from.month(), 1).ok();
        while let Some(t) = d {
            if t > end {
                break;
            }
            if t > f.from && (t.month() - 1) % 3 == 0 {
                ticks.push(t);
            }
            d = t.checked_add(jiff::Span::new().months(1)).ok();
        }
    }
    for t in ticks {
        let xx = x(t);
        let _ = writeln!(
            s,
            "<line x1=\"{xx:.1}\" y1=\"{T}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#eee\"/>",
            T + ph
        );
        let label = if last_day > 730 {
            t.year().to_string()
        } else {
            format!("{}-{:02}", t.year(), t.month())
        };
        let _ = writeln!(
            s,
            r#"<text x="{xx:.1}" y="{:.1}" text-anchor="middle">{label}</text>"#,
            T + ph + 18.0
        );
    }
    // Axes.
    let _ = writeln!(
        s,
        "<line x1=\"{L}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>",
        T + ph,
        L + pw,
        T + ph
    );
    let _ = writeln!(
        s,
        "<line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{:.1}\" stroke=\"#333\"/>",
        T + ph
    );
    // Quantile markers.
    for (name, q) in [
        ("p10", f.quantiles.p10),
        ("p50", f.quantiles.p50),
        ("p90", f.quantiles.p90),
    ] {
        if let Some(d) = q {
            let xx = x(d);
            let _ = writeln!(
                s,
                "<line x1=\"{xx:.1}\" y1=\"{T}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#c44\" stroke-dasharray=\"4 3\"/>",
                T + ph
            );
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c44\">{name} {d}</text>",
                xx + 4.0,
                T + 14.0
                    + if name == "p50" {
                        14.0
                    } else if name == "p90" {
                        28.0
                    } else {
                        0.0
                    }
            );
        }
    }
    // The curve.
    let mut pts = String::new();
    for p in &f.cdf {
        if days_between(f.from, p.date).is_some_and(|d| d > last_day) {
            break;
        }
        let _ = write!(pts, "{:.1},{:.1} ", x(p.date), y(p.p));
    }
    let _ = writeln!(
        s,
        "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"{}\"/>",
        pts.trim_end()
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#555">accession date (the candidate's instrument deposited)</text>"##,
        L + pw / 2.0,
        H - 12.0
    );
    s.push_str("</svg>\n");
    s
}
