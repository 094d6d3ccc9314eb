//! The CLI as a user meets it: snapshots (insta) of text and JSON output, and exit codes.

use std::process::Command;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_opendoor"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn snap(name: &str, args: &[&str], expect_code: i32) -> String {
    let (out, err, code) = run(args);
    assert_eq!(
        code, expect_code,
        "{args:?}: exit {code}\nstdout:\n{out}\nstderr:\n{err}"
    );
    insta::assert_snapshot!(name, out);
    out
}

const EXAMPLES: &[(&str, bool, i32)] = &[
    ("third-country-veto", false, 3),
    ("silence-broken", false, 3),
    ("aspirant-complete-path", false, 0),
    ("withdrawal-notice", false, 0),
    ("early-withdrawal", true, 3),
    ("non-european-invitation", false, 3),
    ("expulsion-and-suspension", false, 3),
];

#[test]
fn examples_text_and_json() {
    for (name, scratch, code) in EXAMPLES {
        let file = format!("examples/{name}.toml");
        let mut args = vec!["apply", file.as_str()];
        if *scratch {
            args.push("--from-scratch");
        }
        snap(&format!("apply_{name}"), &args, *code);
        args.push("--json");
        let json = snap(&format!("apply_{name}_json"), &args, *code);
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["ok"], serde_json::Value::Bool(*code == 0), "{name}");
    }
}

#[test]
fn third_country_veto_is_refused_by_the_open_door_rule() {
    let (out, _, _) = run(&["apply", "examples/third-country-veto.toml", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let refused: Vec<&serde_json::Value> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["allowed"] == false)
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0]["violation"]["rule"],
        "art10.no_third_country_veto"
    );
    assert_eq!(refused[0]["violation"]["article"], "Article 10");
}

#[test]
fn queries() {
    snap("members_2004_03_29", &["members", "--on", "2004-03-29"], 0);
    snap(
        "members_2004_03_29_json",
        &["members", "--on", "2004-03-29", "--json"],
        0,
    );
    snap("rules", &["rules"], 0);
    let json = snap("rules_json", &["rules", "--json"], 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for r in v.as_array().unwrap() {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["article", "id", "summary"]);
    }
    snap("status_ua_2025", &["status", "UA", "--on", "2025-01-01"], 0);
    snap(
        "path_ukraine",
        &["path", "Ukraine", "--on", "2026-11-23"],
        0,
    );
    snap(
        "path_finland_json",
        &["path", "FI", "--on", "2026-11-23", "--json"],
        0,
    );
    snap("ratifications_se", &["ratifications", "SE"], 0);
    snap("invocations_4", &["invocations", "--article", "4"], 0);
    snap(
        "timeline_fi",
        &["timeline", "--country", "FI", "--from", "2022-01-01"],
        0,
    );
}

#[test]
fn ratifications_json_has_the_promised_fields() {
    let (out, _, code) = run(&["ratifications", "FI", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["candidate"], "FI");
    assert_eq!(v["protocol_signed"], "2022-07-05");
    let rows = v["ratifications"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    for r in rows {
        for k in ["ally", "parliament_approved", "deposited", "source"] {
            assert!(r.get(k).is_some(), "missing {k}");
        }
    }
}

#[test]
fn gaps_lists_every_protocol_with_stable_fields() {
    let (out, _, code) = run(&["gaps", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let protocols = v["protocols"].as_array().unwrap();
    assert_eq!(protocols.len(), 19, "one entry per accession protocol");
    for p in protocols {
        for k in [
            "protocol",
            "candidates",
            "protocol_signed",
            "in_force",
            "allies",
            "parliament_stage_known",
            "with_deposit_date",
            "missing_parliament",
            "missing_deposit",
            "complete",
        ] {
            assert!(p.get(k).is_some(), "missing {k}");
        }
    }
    for k in [
        "founders_deposit_dated",
        "founders_deposit_missing",
        "undated_facts",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let (text, _, code) = run(&["gaps"]);
    assert_eq!(code, 0);
    assert!(text.contains("Founders' deposits"), "{text}");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // `opendoor timeline --json | head -c 100`: the reader goes away after 100 bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_opendoor"))
        .args(["timeline", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(first.starts_with(b"["), "JSON array expected");
}

#[test]
fn errors_say_what_was_wrong() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["members", "--on", "2023-02-30"],
            "not a real calendar date",
        ),
        (&["members", "--on", "yesterday"], "write YYYY-MM-DD"),
        (&["status", "XX"], "unknown state"),
        (&["ratifications", "UA"], "no accession protocol"),
        (
            &["apply", "examples/does-not-exist.toml"],
            "cannot read scenario",
        ),
    ];
    for (args, needle) in cases {
        let (_, err, code) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn malformed_scenarios_exit_2_and_say_where() {
    let dir = std::env::temp_dir().join(format!("opendoor-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("syntax.toml", "[[event]\ndate = 1", "syntax.toml"),
        ("kind.toml", "[[event]]\ndate = \"2027-01-01\"\nkind = \"coup\"\nstate = \"UA\"\n", "unknown kind"),
        ("date.toml", "[[event]]\ndate = \"2027-13-01\"\nkind = \"application\"\nstate = \"UA\"\n", "not a real calendar date"),
        ("field.toml", "[[event]]\ndate = \"2027-01-01\"\nkind = \"objection\"\nsubject = \"invitation\"\nstate = \"UA\"\n", "needs the field `by`"),
        ("empty.toml", "", "no [[event]]"),
    ];
    for (name, text, needle) in cases {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        let (_, err, code) = run(&["apply", p.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(needle), "{name}: {err}");
    }
}

#[test]
fn check_reports_a_clean_record() {
    let (out, _, code) = run(&["check", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
}

#[test]
fn exports_in_three_formats() {
    let dir = std::env::temp_dir().join(format!("opendoor-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv_dir = dir.join("csv");
    let (_, err, code) = run(&[
        "export",
        "--format",
        "csv",
        "--out",
        csv_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let spells = std::fs::read_to_string(csv_dir.join("membership_spells.csv")).unwrap();
    assert!(spells.starts_with("code,cow,name,from,to\n"), "{spells}");
    assert!(spells.contains("SE,380,Sweden,2024-03-07,"));
    let rat = std::fs::read_to_string(csv_dir.join("ratifications.csv")).unwrap();
    assert!(rat.lines().next().unwrap().contains("lag_parliament_days"));
    let json_path = dir.join("opendoor.json");
    assert_eq!(
        run(&[
            "export",
            "--format",
            "json",
            "--out",
            json_path.to_str().unwrap()
        ])
        .2,
        0
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(v["membership_spells"].as_array().unwrap().len(), 32);
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["source"].as_str().unwrap().is_empty()));
    let db = dir.join("opendoor.db");
    assert_eq!(
        run(&[
            "export",
            "--format",
            "sqlite",
            "--out",
            db.to_str().unwrap()
        ])
        .2,
        0
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM parties_today", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 32);
    let waves: i64 = c
        .query_row("SELECT COUNT(*) FROM enlargement_waves", [], |r| r.get(0))
        .unwrap();
    assert_eq!(waves, 11);
    let a4: i64 = c
        .query_row("SELECT COUNT(*) FROM article4_occasions", [], |r| r.get(0))
        .unwrap();
    assert!(a4 >= 9);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn covered_answers_with_the_six_fields() {
    snap(
        "covered_svalbard",
        &["covered", "--place", "Svalbard", "--on", "2025-01-01"],
        0,
    );
    let (out, _, code) = run(&[
        "covered",
        "--lat",
        "28.1",
        "--lon",
        "-15.4",
        "--on",
        "2025-01-01",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["covered"], true, "Canary Islands: {v}");
    assert_eq!(v["sovereign"], "ES");
    let (_, err, code) = run(&["covered", "--lat", "91", "--lon", "0"]);
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = run(&["covered", "--lat", "10"]);
    assert_eq!(code, 2, "{err}");
}
