//! Readable text for people. JSON goes through serde; this is the default output.

use opendoor_core::path::StepState;
use opendoor_core::{Date, RuleEntry, StateCode, StateInfo};
use opendoor_record::query::{
    Gaps, Invocation, Member, PathReport, RatificationTable, StatusReport, TimelineItem,
};
use opendoor_record::scenario::Evaluation;
use opendoor_record::Record;

fn d(x: Option<Date>) -> String {
    x.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

pub fn rules(entries: &[RuleEntry]) {
    for r in entries {
        println!("{:<34} {}", r.id, r.article);
        println!("{:<34} {}", "", r.summary);
    }
    println!("\n{} rules.", entries.len());
}

pub fn states(states: &[&StateInfo]) {
    println!("{:<5} {:>4}  {:<30} European", "code", "COW", "name");
    for s in states {
        println!(
            "{:<5} {:>4}  {:<30} {}{}",
            s.code,
            s.cow.map(|c| c.to_string()).unwrap_or_default(),
            s.name,
            if s.european { "yes" } else { "no" },
            if s.contested.is_some() {
                " (contested; see --json)"
            } else {
                ""
            }
        );
    }
}

pub fn members(on: Date, members: &[Member]) {
    if members.is_empty() {
        println!("No Parties on {on}: the North Atlantic Treaty entered into force on 1949-08-24.");
        return;
    }
    println!("{} Parties on {on}:", members.len());
    for m in members {
        println!("  {:<4} {:<28} since {}", m.code, m.name, m.member_since);
    }
}

pub fn status(s: &StatusReport) {
    println!("{} ({}) on {}: {}", s.name, s.code, s.on, s.status.as_str());
    println!("  {}", s.status_meaning);
    let p = &s.position;
    let rows = [
        ("member since", p.member_since),
        ("signed the treaty", p.signed),
        ("invited", p.invited),
        ("protocol signed", p.protocol_signed),
        ("applied", p.applied),
        ("in MAP since", p.map_since),
        ("Intensified Dialogue since", p.intensified_dialogue_since),
        ("notice of denunciation", p.notice_given),
        ("withdrawal effective", p.withdrawal_effective),
        (
            "outside integrated command since",
            p.outside_integrated_command_since,
        ),
    ];
    for (k, v) in rows {
        if let Some(v) = v {
            println!("  {k:<33} {v}");
        }
    }
    for (prog, since) in &p.partnerships {
        println!("  {:<33} {since}", prog.label());
    }
    if !s.european {
        println!("  not a European state: Article 10 bars an invitation");
    }
}

pub fn path(p: &PathReport) {
    println!(
        "Path to membership for {} ({}), as of {}: {}",
        p.name,
        p.code,
        p.on,
        p.status.as_str()
    );
    for s in &p.steps {
        let mark = match s.step.state {
            StepState::Done => "[x]",
            StepState::Pending => "[ ]",
            StepState::Optional => "[-]",
            StepState::Barred => "[!]",
        };
        println!(
            "{mark} {:<34} {}",
            s.step.title,
            s.step.date.map(|d| d.to_string()).unwrap_or_default()
        );
        println!("      who decides: {}", s.step.who_decides);
        println!("      under: {}", s.step.provision);
        if let Some(det) = &s.step.detail {
            println!("      {det}");
        }
        if !s.step.remaining.is_empty() && s.step.remaining.len() <= 40 {
            let codes: Vec<String> = s.step.remaining.iter().map(|c| c.to_string()).collect();
            println!("      remaining: {}", codes.join(" "));
        }
        if let Some(src) = &s.source {
            println!("      source: {src}");
        }
    }
    println!("[x] done  [ ] to do  [-] optional, not taken  [!] barred by the treaty");
}

pub fn ratifications(t: &RatificationTable) {
    println!("{}", t.protocol);
    println!(
        "  invited {}   signed {}   in force {}   acceded {}",
        d(t.invited),
        d(t.protocol_signed),
        d(t.in_force),
        d(t.acceded)
    );
    println!(
        "  {} Allies; parliamentary stage known for {} ({} dated, {} need no vote), deposit date for {}",
        t.allies,
        t.parliament_stage_known,
        t.with_parliament_date,
        t.parliament_stage_known - t.with_parliament_date,
        t.with_deposit_date
    );
    println!(
        "  {:<4} {:<24} {:<12} {:>6} {:<22} {:>6}",
        "ally", "", "parliament", "days", "deposited", "days"
    );
    let mut rows = t.ratifications.clone();
    rows.sort_by_key(|r| {
        (
            r.deposited.or(r.parliament_approved).is_none(),
            r.deposited.or(r.parliament_approved),
        )
    });
    for r in rows {
        let lag = |x: Option<i32>| x.map(|v| v.to_string()).unwrap_or_default();
        println!(
            "  {:<4} {:<24} {:<12} {:>6} {:<22} {:>6}",
            r.ally,
            r.ally_name,
            if r.parliament_vote_required || r.parliament_approved.is_some() {
                d(r.parliament_approved)
            } else {
                "no vote".to_string()
            },
            lag(r.lag_parliament_days),
            match (
                r.deposited,
                r.deposited_on_or_after,
                r.deposited_on_or_before
            ) {
                (Some(x), _, _) => x.to_string(),
                (None, None, None) => d(None),
                (None, lo, hi) => format!(
                    "{}..{}",
                    lo.map(|x| x.to_string()).unwrap_or_default(),
                    hi.map(|x| x.to_string()).unwrap_or_default()
                ),
            },
            lag(r.lag_deposit_days)
        );
    }
    println!("  (— = not known to the record; no vote = the constitution needs none;");
    println!("   A..B = deposit day unknown, a source bounds it; see --json for each row's sources and note)");
}

/// Codes separated by `sep`, or "none".
fn codes(v: &[StateCode], sep: &str) -> String {
    if v.is_empty() {
        return "none".to_string();
    }
    v.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

pub fn gaps(g: &Gaps) {
    println!("What the record does not know yet (unknown stays unknown: nothing is estimated)");
    println!();
    println!(
        "  {:<11} {:<16} {:>6} {:>11} {:>9}  in force",
        "signed", "candidates", "Allies", "parliament", "deposits"
    );
    for p in &g.protocols {
        println!(
            "  {:<11} {:<16} {:>6} {:>5}/{:<5} {:>4}/{:<4}  {}{}",
            d(p.protocol_signed),
            codes(&p.candidates, " "),
            p.allies,
            p.parliament_stage_known,
            p.allies,
            p.with_deposit_date,
            p.allies,
            d(p.in_force),
            if p.in_force.is_some() && p.in_force_attested {
                " (attested)"
            } else {
                ""
            }
        );
    }
    println!();
    for p in g.protocols.iter().filter(|p| !p.complete) {
        println!(
            "  {} ({}):",
            codes(&p.candidates, ", "),
            d(p.protocol_signed)
        );
        println!(
            "    parliament date unknown: {}",
            codes(&p.missing_parliament, " ")
        );
        println!(
            "    deposit date unknown:    {}{}",
            codes(&p.missing_deposit, " "),
            if p.deposit_bounded > 0 {
                format!(" ({} of them bounded by a source)", p.deposit_bounded)
            } else {
                String::new()
            }
        );
    }
    println!(
        "  Founders' deposits (Art. 11): dated {}/{}; unknown: {}",
        g.founders_deposit_dated.len(),
        g.founders_deposit_dated.len() + g.founders_deposit_missing.len(),
        codes(&g.founders_deposit_missing, " ")
    );
    println!("  Facts without a date: {}", g.undated_facts);
    println!("  (each row's note says what was searched; `opendoor ratifications CODE --json` shows them)");
}

pub fn invocations(v: &[Invocation]) {
    for i in v {
        let by: Vec<String> = i.requested_by.iter().map(|c| c.to_string()).collect();
        println!(
            "Art. {}  {}  {:<24} {}",
            i.article,
            i.date,
            by.join(","),
            i.summary.as_deref().unwrap_or("")
        );
    }
    println!("{} occasion(s).", v.len());
}

pub fn timeline(items: &[TimelineItem]) {
    for i in items {
        let states: Vec<String> = i.states.iter().map(|c| c.to_string()).collect();
        println!(
            "{}{} {:<26} {:<14} {}",
            i.date,
            if i.date_is_bound { "≤" } else { " " },
            i.kind,
            states.join(","),
            i.title.as_deref().unwrap_or(&i.outcome)
        );
    }
    println!(
        "{} entries. ≤ = on or before (the day is unknown). --json for sources.",
        items.len()
    );
}

pub fn evaluation(record: &Record, e: &Evaluation) {
    println!(
        "Scenario {} ({})",
        e.scenario,
        if e.from_scratch {
            "from an empty history"
        } else {
            "on top of the built-in record"
        }
    );
    for ev in &e.events {
        let states: Vec<String> = ev.states.iter().map(|c| c.to_string()).collect();
        println!(
            "{} {} {:<24} {:<12} {}",
            if ev.allowed { "✓" } else { "✗" },
            ev.date,
            ev.kind,
            states.join(","),
            ev.outcome
        );
        if let Some(v) = &ev.violation {
            println!("    rule {} ({})", v.rule, v.article);
            println!("    {}", v.explanation);
        }
    }
    let s = &e.state;
    println!("\nOn {}: {} Parties.", s.on, s.parties.len());
    let names = |v: &[opendoor_core::StateCode]| {
        v.iter()
            .map(|c| record.gazetteer.name(*c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !s.invited.is_empty() {
        println!("  invited: {}", names(&s.invited));
    }
    for p in &s.pending_protocols {
        println!(
            "  protocol for {} signed {}: {} deposited, {} to go",
            names(&p.candidates),
            p.signed,
            p.deposited,
            p.remaining.len()
        );
    }
    for (c, w) in &s.pending_withdrawals {
        println!(
            "  {} ceases to be a Party on {w}",
            record.gazetteer.name(*c)
        );
    }
    for (subject, by) in &s.outstanding_objections {
        println!("  objection to the {subject}: {}", names(by));
    }
    println!(
        "{}",
        if e.ok {
            "Every event was allowed.".to_string()
        } else {
            format!("{} event(s) refused.", e.refused)
        }
    );
}

pub fn covered(
    place: Option<&str>,
    lat: f64,
    lon: f64,
    on: Date,
    forces: bool,
    a: &opendoor_coverage::Answer,
) {
    let what = if forces {
        "An Ally's forces, vessels or aircraft at"
    } else {
        "Territory at"
    };
    let whereabouts = match place {
        Some(p) => format!("{p} ({lat:.4}, {lon:.4})"),
        None => format!("{lat:.4}, {lon:.4}"),
    };
    println!(
        "{what} {whereabouts} on {on}: {}",
        if a.covered {
            "COVERED by Article 5"
        } else {
            "not covered"
        }
    );
    if let Some(c) = a.clause {
        println!("  clause:    Article {}", c.as_str());
    }
    if let Some(t) = &a.territory {
        println!("  territory: {t}");
    }
    if let Some(s) = a.sovereign {
        println!("  sovereign: {s}");
    }
    if let Some(s) = a.since {
        println!("  since:     {s}");
    }
    println!("  {}", a.reason);
}
