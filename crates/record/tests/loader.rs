//! The loader refuses malformed record entries with a message naming the place.

use opendoor_core::StateCode;
use opendoor_record::{query, Record};

const TREATY: &str = include_str!("../../../data/treaty.toml");
const STATES: &str = include_str!("../../../data/states.toml");

fn accession(row: &str) -> String {
    format!(
        r#"protocol = "Protocol to the North Atlantic Treaty on the Accession of Testland"
candidates = ["MT"]
[signed]
date = "2030-01-01"
source = "https://example.org/signed"
[[ratification]]
ally = "CA"
{row}
"#
    )
}

fn load(row: &str) -> Result<Record, String> {
    let acc = accession(row);
    Record::from_files([
        ("treaty.toml", TREATY),
        ("states.toml", STATES),
        ("accessions/test.toml", acc.as_str()),
    ])
    .map_err(|e| e.to_string())
}

#[test]
fn no_parliament_vote_is_counted_as_a_known_stage() {
    let r = load("no_parliament_vote = true\nnote = \"Executive act: no vote.\"").unwrap();
    let t = query::ratifications(&r, StateCode::parse("MT").unwrap()).unwrap();
    assert_eq!(t.with_parliament_date, 0);
    assert_eq!(t.parliament_stage_known, 1);
    assert!(!t.ratifications[0].parliament_vote_required);
}

#[test]
fn an_unknown_parliament_date_is_not_a_known_stage() {
    let r = load("note = \"Not found.\"").unwrap();
    let t = query::ratifications(&r, StateCode::parse("MT").unwrap()).unwrap();
    assert_eq!(t.parliament_stage_known, 0);
    assert!(t.ratifications[0].parliament_vote_required);
}

#[test]
fn no_parliament_vote_with_a_parliament_date_is_refused() {
    let e = load(
        "no_parliament_vote = true\nnote = \"x\"\nparliament_approved = \"2030-02-01\"\nparliament_source = \"https://example.org\"",
    )
    .unwrap_err();
    assert!(e.contains("ratification.CA"), "{e}");
    assert!(e.contains("contradicts"), "{e}");
}

#[test]
fn no_parliament_vote_needs_a_note() {
    let e = load("no_parliament_vote = true").unwrap_err();
    assert!(e.contains("needs a `note`"), "{e}");
}

#[test]
fn a_date_without_a_source_is_refused() {
    let e = load("deposited = \"2030-03-01\"").unwrap_err();
    assert!(e.contains("deposit_source"), "{e}");
}

#[test]
fn deposit_bounds_are_reported() {
    let r = load(
        "deposited_on_or_before = \"2030-03-01\"\ndeposited_on_or_before_source = \"https://example.org/tally\"\n\
         deposited_on_or_after = \"2030-02-01\"\ndeposited_on_or_after_source = \"https://example.org/pending\"",
    )
    .unwrap();
    let t = query::ratifications(&r, StateCode::parse("MT").unwrap()).unwrap();
    let row = &t.ratifications[0];
    assert_eq!(row.deposited, None);
    assert_eq!(
        row.deposited_on_or_before.unwrap().to_string(),
        "2030-03-01"
    );
    assert_eq!(row.deposited_on_or_after.unwrap().to_string(), "2030-02-01");
    assert_eq!(query::gaps(&r).protocols[0].deposit_bounded, 1);
}

#[test]
fn deposit_bounds_are_checked_against_each_other_and_the_facts() {
    let cases: &[(&str, &str)] = &[
        (
            "deposited_on_or_before = \"2030-03-01\"",
            "needs `deposited_on_or_before_source`",
        ),
        (
            "deposited_on_or_after_source = \"https://example.org\"",
            "without `deposited_on_or_after`",
        ),
        (
            "deposited_on_or_before = \"2030-02-01\"\ndeposited_on_or_before_source = \"s\"\n\
             deposited_on_or_after = \"2030-03-01\"\ndeposited_on_or_after_source = \"s\"",
            "bounds contradict",
        ),
        (
            "deposited = \"2030-04-01\"\ndeposit_source = \"s\"\n\
             deposited_on_or_before = \"2030-03-01\"\ndeposited_on_or_before_source = \"s\"",
            "outside its own bounds",
        ),
        (
            "parliament_approved = \"2030-05-01\"\nparliament_source = \"s\"\n\
             deposited_on_or_before = \"2030-03-01\"\ndeposited_on_or_before_source = \"s\"",
            "parliament approved only on",
        ),
        (
            "deposited_on_or_before = \"2030-02-30\"\ndeposited_on_or_before_source = \"s\"",
            "deposited_on_or_before",
        ),
    ];
    for (row, want) in cases {
        let e = load(row).unwrap_err();
        assert!(e.contains(want), "{row}: {e}");
    }
}
