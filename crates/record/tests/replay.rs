//! The record replays through the rules with zero violations: record and rules check each other.

use opendoor_record::{replay, Record};

#[test]
fn the_record_replays_cleanly() {
    let record = Record::embedded().expect("the embedded record loads");
    let r = replay(record.engine(), &record.facts);
    let bad: Vec<String> = r
        .violations()
        .map(|(e, v)| {
            format!(
                "{} {} ({}): {v}",
                e.event.date, record.facts[e.fact].id, record.facts[e.fact].kind
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} violations:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
