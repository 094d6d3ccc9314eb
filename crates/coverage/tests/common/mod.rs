//! A fake record with the real dates (sources: data/accessions/*.toml and data/events/*.toml in
//! the repository), so these tests do not depend on the record crate.

#![allow(dead_code)]

use opendoor_coverage::{Date, Membership, StateCode};

pub fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

pub const ACCESSIONS: &[(&str, &str)] = &[
    ("BE", "1949-08-24"),
    ("CA", "1949-08-24"),
    ("DK", "1949-08-24"),
    ("FR", "1949-08-24"),
    ("IS", "1949-08-24"),
    ("IT", "1949-08-24"),
    ("LU", "1949-08-24"),
    ("NL", "1949-08-24"),
    ("NO", "1949-08-24"),
    ("PT", "1949-08-24"),
    ("GB", "1949-08-24"),
    ("US", "1949-08-24"),
    ("GR", "1952-02-18"),
    ("TR", "1952-02-18"),
    ("DE", "1955-05-06"),
    ("ES", "1982-05-30"),
    ("CZ", "1999-03-12"),
    ("HU", "1999-03-12"),
    ("PL", "1999-03-12"),
    ("BG", "2004-03-29"),
    ("EE", "2004-03-29"),
    ("LV", "2004-03-29"),
    ("LT", "2004-03-29"),
    ("RO", "2004-03-29"),
    ("SK", "2004-03-29"),
    ("SI", "2004-03-29"),
    ("AL", "2009-04-01"),
    ("HR", "2009-04-01"),
    ("ME", "2017-06-05"),
    ("MK", "2020-03-27"),
    ("FI", "2023-04-04"),
    ("SE", "2024-03-07"),
];

/// The real history.
pub struct Real;

impl Membership for Real {
    fn treaty_in_force(&self) -> Option<Date> {
        Some(d("1949-08-24"))
    }
    fn party_since(&self, state: StateCode, on: Date) -> Option<Date> {
        ACCESSIONS
            .iter()
            .find(|(c, _)| *c == state.as_str())
            .map(|(_, since)| d(since))
            .filter(|since| *since <= on)
    }
    fn article6_amended(&self) -> Option<Date> {
        Some(d("1952-02-18"))
    }
    fn algerian_independence(&self) -> Option<Date> {
        Some(d("1962-07-03"))
    }
    fn german_reunification(&self) -> Option<Date> {
        Some(d("1990-10-03"))
    }
}

/// A history in which every listed state joined on its own date: for property tests.
#[derive(Debug, Clone)]
pub struct Custom {
    pub joined: Vec<(StateCode, Date)>,
}

impl Membership for Custom {
    fn treaty_in_force(&self) -> Option<Date> {
        Some(d("1949-08-24"))
    }
    fn party_since(&self, state: StateCode, on: Date) -> Option<Date> {
        self.joined
            .iter()
            .find(|(c, _)| *c == state)
            .map(|(_, since)| *since)
            .filter(|since| *since <= on)
    }
    fn article6_amended(&self) -> Option<Date> {
        Some(d("1952-02-18"))
    }
    fn algerian_independence(&self) -> Option<Date> {
        Some(d("1962-07-03"))
    }
    fn german_reunification(&self) -> Option<Date> {
        Some(d("1990-10-03"))
    }
}
