//! One test per rule, each with an allowed case and a refused case.

mod common;
use common::*;
use opendoor_core::{
    rules, Engine, EventKind, Outcome, Programme, Subject, Territory, TreatyDefinition,
};

#[test]
fn every_rule_cites_a_provision_and_ids_are_unique() {
    let t = TreatyDefinition::north_atlantic();
    let entries = rules::entries(&t);
    let mut ids: Vec<_> = entries.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), entries.len(), "duplicate rule ids");
    for r in &entries {
        assert!(!r.article.is_empty() && !r.summary.is_empty(), "{r:?}");
        // Rules named after an article cite that article's number from the definition.
        if let Some(n) = r.id.strip_prefix("art").and_then(|s| s.split('.').next()) {
            assert_eq!(r.article, format!("Article {n}"), "{}", r.id);
        }
    }
}

#[test]
fn engine_chronology() {
    let mut e = founded();
    assert!(e
        .apply(&ev("1950-01-01", EventKind::Application { state: c("GR") }))
        .is_ok());
    refused_by(
        &mut e,
        ev("1949-12-31", EventKind::Application { state: c("TR") }),
        "engine.chronology",
    );
}

#[test]
fn engine_known_state() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev("1950-01-01", EventKind::Application { state: c("QQ") }),
        "engine.known_state",
    );
    assert!(e
        .apply(&ev("1950-01-01", EventKind::Application { state: c("GR") }))
        .is_ok());
}

#[test]
fn art11_signature_once_and_first() {
    let mut e = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    refused_by(
        &mut e,
        ev("1949-03-01", EventKind::TreatyRatified { state: c("BE") }),
        "art11.signature",
    );
    assert_eq!(
        e.apply(&ev(
            "1949-04-04",
            EventKind::TreatySigned {
                signatories: vec![c("BE"), c("CA")]
            }
        )),
        Ok(Outcome::TreatySigned)
    );
    refused_by(
        &mut e,
        ev(
            "1949-04-05",
            EventKind::TreatySigned {
                signatories: vec![c("FR")],
            },
        ),
        "art11.signature",
    );
}

#[test]
fn art11_ratification_by_signatory() {
    let mut e = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    e.apply(&ev(
        "1949-04-04",
        EventKind::TreatySigned {
            signatories: vec![c("BE")],
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev("1949-05-01", EventKind::TreatyRatified { state: c("SE") }),
        "art11.ratification_by_signatory",
    );
    assert!(e
        .apply(&ev(
            "1949-05-01",
            EventKind::TreatyRatified { state: c("BE") }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev("1949-05-02", EventKind::TreatyRatified { state: c("BE") }),
        "art11.ratification_by_signatory",
    );
}

#[test]
fn art11_entry_into_force_needs_the_named_states_and_a_majority() {
    let mut e = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    let all: Vec<_> = FOUNDERS.iter().map(|s| c(s)).collect();
    e.apply(&ev(
        "1949-04-04",
        EventKind::TreatySigned { signatories: all },
    ))
    .unwrap();
    // Six of the seven named states: not enough.
    for s in ["BE", "CA", "FR", "LU", "NL", "GB"] {
        e.apply(&ev("1949-05-01", EventKind::TreatyRatified { state: c(s) }))
            .unwrap();
    }
    let v = refused_by(
        &mut e,
        ev("1949-06-01", EventKind::TreatyInForce { attested: false }),
        "art11.entry_into_force",
    );
    assert!(v.explanation.contains("US"), "{v}");
    e.apply(&ev(
        "1949-06-01",
        EventKind::TreatyRatified { state: c("US") },
    ))
    .unwrap();
    // Seven of twelve: a majority including all named.
    match e.apply(&ev(
        "1949-08-24",
        EventKind::TreatyInForce { attested: false },
    )) {
        Ok(Outcome::TreatyInForce { parties }) => assert_eq!(parties.len(), 7),
        other => panic!("{other:?}"),
    }
    // A later ratifier is a Party from its own deposit (Art. 11).
    assert_eq!(
        e.apply(&ev(
            "1949-09-01",
            EventKind::TreatyRatified { state: c("IT") }
        )),
        Ok(Outcome::TreatyRatified {
            party_from: Some(d("1949-09-01"))
        })
    );
    assert!(!e.alliance().is_party(c("IT"), d("1949-08-31")));
    assert!(e.alliance().is_party(c("IT"), d("1949-09-01")));
}

#[test]
fn art10_no_third_country_veto() {
    let mut e = founded();
    let v = refused_by(
        &mut e,
        ev(
            "1951-01-01",
            EventKind::Objection {
                by: c("SU"),
                subject: Subject::Invitation(c("GR")),
            },
        ),
        "art10.no_third_country_veto",
    );
    assert!(v.explanation.contains("no standing"), "{v}");
    // The invitation still passes: the non-Party's objection had no effect.
    assert!(e.apply(&ev("1951-09-20", invite("GR"))).is_ok());
    // A Party's objection is allowed (and blocks: see art10_unanimous_agreement).
    assert!(e
        .apply(&ev(
            "1951-09-21",
            EventKind::Objection {
                by: c("DK"),
                subject: Subject::Invitation(c("TR"))
            }
        ))
        .is_ok());
}

#[test]
fn art9_council_is_the_parties() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "1950-01-01",
            EventKind::Objection {
                by: c("SE"),
                subject: Subject::Other("budget".into()),
            },
        ),
        "art9.council_is_the_parties",
    );
    assert!(e
        .apply(&ev(
            "1950-01-01",
            EventKind::Objection {
                by: c("NO"),
                subject: Subject::Other("budget".into())
            }
        ))
        .is_ok());
    // Only a Party deposits an acceptance of a protocol.
    e.apply(&ev("1951-09-20", invite("GR"))).unwrap();
    e.apply(&ev(
        "1951-10-22",
        EventKind::ProtocolSigned {
            candidates: vec![c("GR")],
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev(
            "1951-11-01",
            EventKind::RatificationDeposited {
                ally: c("SE"),
                candidate: c("GR"),
            },
        ),
        "art9.council_is_the_parties",
    );
    assert!(e
        .apply(&ev(
            "1951-11-01",
            EventKind::RatificationDeposited {
                ally: c("US"),
                candidate: c("GR")
            }
        ))
        .is_ok());
}

#[test]
fn art10_european_state() {
    let mut e = founded();
    let v = refused_by(
        &mut e,
        ev("1950-01-01", invite("JP")),
        "art10.european_state",
    );
    assert!(v.explanation.contains("European"));
    refused_by(
        &mut e,
        ev(
            "1950-01-01",
            EventKind::SilenceProcedureOpened {
                subject: Subject::Invitation(c("MA")),
                deadline: d("1950-01-08"),
            },
        ),
        "art10.european_state",
    );
    assert!(e.apply(&ev("1950-01-01", invite("GR"))).is_ok());
    // A contested case decided as European (Georgia) can be invited.
    assert!(e.apply(&ev("1950-01-02", invite("GE"))).is_ok());
}

#[test]
fn art10_invitee_not_party() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev("1950-01-01", invite("NO")),
        "art10.invitee_not_party",
    );
    e.apply(&ev("1950-01-01", invite("GR"))).unwrap();
    refused_by(
        &mut e,
        ev("1950-02-01", invite("GR")),
        "art10.invitee_not_party",
    );
}

#[test]
fn art10_unanimous_agreement() {
    let mut e = founded();
    e.apply(&ev(
        "1951-01-01",
        EventKind::Objection {
            by: c("DK"),
            subject: Subject::Invitation(c("GR")),
        },
    ))
    .unwrap();
    let v = refused_by(
        &mut e,
        ev("1951-02-01", invite("GR")),
        "art10.unanimous_agreement",
    );
    assert!(v.explanation.contains("DK"), "{v}");
    e.apply(&ev(
        "1951-03-01",
        EventKind::ObjectionWithdrawn {
            by: c("DK"),
            subject: Subject::Invitation(c("GR")),
        },
    ))
    .unwrap();
    // An explicit consent list must name every Party.
    let eleven: Vec<_> = FOUNDERS.iter().take(11).map(|s| c(s)).collect();
    refused_by(
        &mut e,
        ev(
            "1951-04-01",
            EventKind::Decision {
                subject: Subject::Invitation(c("GR")),
                consenting: Some(eleven),
            },
        ),
        "art10.unanimous_agreement",
    );
    let all: Vec<_> = FOUNDERS.iter().map(|s| c(s)).collect();
    assert!(e
        .apply(&ev(
            "1951-04-01",
            EventKind::Decision {
                subject: Subject::Invitation(c("GR")),
                consenting: Some(all)
            }
        ))
        .is_ok());
    // Before entry into force there is no one to agree.
    let mut fresh = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    refused_by(
        &mut fresh,
        ev("1949-01-01", invite("GR")),
        "art10.unanimous_agreement",
    );
}

#[test]
fn practice_consensus() {
    let mut e = founded();
    let subject = Subject::Other("a standing naval force".into());
    e.apply(&ev(
        "1960-01-01",
        EventKind::Objection {
            by: c("FR"),
            subject: subject.clone(),
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev(
            "1960-02-01",
            EventKind::Decision {
                subject: subject.clone(),
                consenting: None,
            },
        ),
        "practice.consensus",
    );
    e.apply(&ev(
        "1960-03-01",
        EventKind::ObjectionWithdrawn {
            by: c("FR"),
            subject: subject.clone(),
        },
    ))
    .unwrap();
    assert!(matches!(
        e.apply(&ev(
            "1960-04-01",
            EventKind::Decision {
                subject,
                consenting: None
            }
        )),
        Ok(Outcome::Adopted { .. })
    ));
}

#[test]
fn practice_silence_procedure() {
    let mut e = founded();
    let s = Subject::Invitation(c("GR"));
    refused_by(
        &mut e,
        ev(
            "1951-01-01",
            EventKind::SilenceBroken {
                by: c("DK"),
                subject: s.clone(),
            },
        ),
        "practice.silence_procedure",
    );
    e.apply(&ev(
        "1951-01-01",
        EventKind::SilenceProcedureOpened {
            subject: s.clone(),
            deadline: d("1951-01-08"),
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev(
            "1951-01-05",
            EventKind::SilenceDeadline { subject: s.clone() },
        ),
        "practice.silence_procedure",
    );
    // Nobody breaks silence: adopted at the deadline.
    assert!(matches!(
        e.apply(&ev(
            "1951-01-08",
            EventKind::SilenceDeadline { subject: s.clone() }
        )),
        Ok(Outcome::Adopted { .. })
    ));
    // Another procedure, silence broken by a Party: not adopted.
    let t = Subject::Invitation(c("TR"));
    e.apply(&ev(
        "1951-02-01",
        EventKind::SilenceProcedureOpened {
            subject: t.clone(),
            deadline: d("1951-02-08"),
        },
    ))
    .unwrap();
    e.apply(&ev(
        "1951-02-03",
        EventKind::SilenceBroken {
            by: c("NO"),
            subject: t.clone(),
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev(
            "1951-02-04",
            EventKind::SilenceBroken {
                by: c("SU"),
                subject: t.clone(),
            },
        ),
        "art10.no_third_country_veto",
    );
    assert_eq!(
        e.apply(&ev(
            "1951-02-08",
            EventKind::SilenceDeadline { subject: t.clone() }
        )),
        Ok(Outcome::NotAdopted {
            subject: t,
            broken_by: vec![c("NO")]
        })
    );
    assert!(!e.alliance().invited.contains_key(&c("TR")));
}

#[test]
fn art10_protocol_after_invitation() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "1951-10-22",
            EventKind::ProtocolSigned {
                candidates: vec![c("GR")],
            },
        ),
        "art10.protocol_after_invitation",
    );
    e.apply(&ev("1951-09-20", invite("GR"))).unwrap();
    assert!(e
        .apply(&ev(
            "1951-10-22",
            EventKind::ProtocolSigned {
                candidates: vec![c("GR")]
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1951-10-23",
            EventKind::ProtocolSigned {
                candidates: vec![c("GR")],
            },
        ),
        "art10.protocol_after_invitation",
    );
}

#[test]
fn art10_acceptance_by_each_party() {
    let mut e = founded();
    e.apply(&ev("1951-09-20", invite("GR"))).unwrap();
    // A parliament may approve before the protocol is signed (Denmark, 7 June 2022).
    assert!(e
        .apply(&ev(
            "1951-10-01",
            EventKind::ParliamentApproved {
                ally: c("DK"),
                candidate: c("GR")
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1951-10-01",
            EventKind::RatificationDeposited {
                ally: c("DK"),
                candidate: c("GR"),
            },
        ),
        "art10.acceptance_by_each_party",
    );
    e.apply(&ev(
        "1951-10-22",
        EventKind::ProtocolSigned {
            candidates: vec![c("GR")],
        },
    ))
    .unwrap();
    assert!(e
        .apply(&ev(
            "1951-11-01",
            EventKind::RatificationDeposited {
                ally: c("DK"),
                candidate: c("GR")
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1951-11-02",
            EventKind::RatificationDeposited {
                ally: c("DK"),
                candidate: c("GR"),
            },
        ),
        "art10.acceptance_by_each_party",
    );
    refused_by(
        &mut e,
        ev(
            "1951-11-02",
            EventKind::ParliamentApproved {
                ally: c("SE"),
                candidate: c("GR"),
            },
        ),
        "art10.acceptance_by_each_party",
    );
}

#[test]
fn art10_protocol_in_force_needs_every_party() {
    let mut e = founded();
    e.apply(&ev("1951-09-20", invite("GR"))).unwrap();
    e.apply(&ev(
        "1951-10-22",
        EventKind::ProtocolSigned {
            candidates: vec![c("GR")],
        },
    ))
    .unwrap();
    for s in FOUNDERS.iter().skip(1) {
        e.apply(&ev(
            "1952-01-01",
            EventKind::RatificationDeposited {
                ally: c(s),
                candidate: c("GR"),
            },
        ))
        .unwrap();
    }
    let v = refused_by(
        &mut e,
        ev(
            "1952-02-15",
            EventKind::ProtocolInForce {
                candidate: c("GR"),
                attested: false,
            },
        ),
        "art10.protocol_in_force",
    );
    assert!(v.explanation.contains("BE"), "{v}");
    // Attested by the depositary: allowed, and the missing deposit is recorded without a date.
    assert_eq!(
        e.apply(&ev(
            "1952-02-15",
            EventKind::ProtocolInForce {
                candidate: c("GR"),
                attested: true
            }
        )),
        Ok(Outcome::ProtocolInForce {
            unknown_dates: vec![c("BE")]
        })
    );
}

#[test]
fn art10_instrument_of_accession() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "1952-02-18",
            EventKind::AccessionDeposited { state: c("GR") },
        ),
        "art10.instrument_of_accession",
    );
    e.apply(&ev("1951-09-20", invite("GR"))).unwrap();
    e.apply(&ev(
        "1951-10-22",
        EventKind::ProtocolSigned {
            candidates: vec![c("GR")],
        },
    ))
    .unwrap();
    refused_by(
        &mut e,
        ev(
            "1952-02-18",
            EventKind::AccessionDeposited { state: c("GR") },
        ),
        "art10.instrument_of_accession",
    );
    e.apply(&ev(
        "1952-02-15",
        EventKind::ProtocolInForce {
            candidate: c("GR"),
            attested: true,
        },
    ))
    .unwrap();
    assert_eq!(
        e.apply(&ev(
            "1952-02-18",
            EventKind::AccessionDeposited { state: c("GR") }
        )),
        Ok(Outcome::BecameParty { state: c("GR") })
    );
    assert!(e.alliance().is_party(c("GR"), d("1952-02-18")));
    assert!(!e.alliance().is_party(c("GR"), d("1952-02-17")));
    refused_by(
        &mut e,
        ev(
            "1952-03-01",
            EventKind::AccessionDeposited { state: c("GR") },
        ),
        "art10.instrument_of_accession",
    );
}

#[test]
fn art4_any_party_may_request_without_approval() {
    let mut e = founded();
    assert!(e
        .apply(&ev(
            "1960-01-01",
            EventKind::Article4Request {
                requested_by: vec![c("NO")]
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1960-01-02",
            EventKind::Article4Request {
                requested_by: vec![c("SE")],
            },
        ),
        "art4.any_party_may_request",
    );
    refused_by(
        &mut e,
        ev(
            "1960-01-02",
            EventKind::Article4Request {
                requested_by: vec![],
            },
        ),
        "art4.any_party_may_request",
    );
    refused_by(
        &mut e,
        ev(
            "1960-01-02",
            EventKind::Objection {
                by: c("FR"),
                subject: Subject::Article4Consultation(c("NO")),
            },
        ),
        "art4.any_party_may_request",
    );
}

#[test]
fn art5_attack_on_a_party() {
    let mut fresh = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    refused_by(
        &mut fresh,
        ev(
            "1949-05-01",
            EventKind::Decision {
                subject: Subject::Article5(c("US")),
                consenting: None,
            },
        ),
        "art5.attack_on_a_party",
    );
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "1960-01-01",
            EventKind::Decision {
                subject: Subject::Article5(c("SE")),
                consenting: None,
            },
        ),
        "art5.attack_on_a_party",
    );
    assert!(matches!(
        e.apply(&ev(
            "2001-09-12",
            EventKind::Decision {
                subject: Subject::Article5(c("US")),
                consenting: None
            }
        )),
        Ok(Outcome::Adopted { .. })
    ));
    assert!(matches!(
        e.apply(&ev(
            "2001-10-02",
            EventKind::Decision {
                subject: Subject::Article5(c("US")),
                consenting: None
            }
        )),
        Ok(Outcome::Confirmed { .. })
    ));
}

#[test]
fn art5_national_means() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "2001-09-01",
            EventKind::AssistanceDeclared { ally: c("GB") },
        ),
        "art5.national_means",
    );
    e.apply(&ev(
        "2001-09-12",
        EventKind::Decision {
            subject: Subject::Article5(c("US")),
            consenting: None,
        },
    ))
    .unwrap();
    assert!(e
        .apply(&ev(
            "2001-10-01",
            EventKind::AssistanceDeclared { ally: c("GB") }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "2001-10-02",
            EventKind::Decision {
                subject: Subject::ImposeMeasure(c("IS")),
                consenting: None,
            },
        ),
        "art5.national_means",
    );
}

#[test]
fn art13_withdrawal() {
    let mut e = founded();
    let v = refused_by(
        &mut e,
        ev(
            "1969-08-23",
            EventKind::DenunciationNotice { state: c("FR") },
        ),
        "art13.withdrawal",
    );
    assert!(v.explanation.contains("1969-08-24"), "{v}");
    refused_by(
        &mut e,
        ev(
            "1970-01-01",
            EventKind::DenunciationNotice { state: c("SE") },
        ),
        "art13.withdrawal",
    );
    assert_eq!(
        e.apply(&ev(
            "1969-08-24",
            EventKind::DenunciationNotice { state: c("FR") }
        )),
        Ok(Outcome::WithdrawalNoticed {
            effective: d("1970-08-24")
        })
    );
    refused_by(
        &mut e,
        ev(
            "1969-09-01",
            EventKind::DenunciationNotice { state: c("FR") },
        ),
        "art13.withdrawal",
    );
    // Still a Party during the notice year; not after.
    assert!(e.alliance().is_party(c("FR"), d("1970-08-23")));
    assert!(!e.alliance().is_party(c("FR"), d("1970-08-24")));
    assert_eq!(e.chronicle().count_members_on(d("1970-08-23")), 12);
    assert_eq!(e.chronicle().count_members_on(d("1970-08-24")), 11);
}

#[test]
fn treaty_no_expulsion_and_no_suspension() {
    let mut e = founded();
    refused_by(
        &mut e,
        ev(
            "1990-01-01",
            EventKind::ExpulsionProposed { target: c("PT") },
        ),
        "treaty.no_expulsion",
    );
    refused_by(
        &mut e,
        ev(
            "1990-01-01",
            EventKind::SuspensionProposed { target: c("PT") },
        ),
        "treaty.no_suspension",
    );
    assert!(e.alliance().is_party(c("PT"), d("1990-01-01")));
}

#[test]
fn practice_integrated_command_leaves_membership_unchanged() {
    let mut e = founded();
    assert!(e
        .apply(&ev(
            "1966-07-01",
            EventKind::IntegratedCommandLeft { state: c("FR") }
        ))
        .is_ok());
    assert!(e.alliance().is_party(c("FR"), d("1980-01-01")));
    assert_eq!(e.chronicle().count_members_on(d("1980-01-01")), 12);
    refused_by(
        &mut e,
        ev(
            "1967-01-01",
            EventKind::IntegratedCommandLeft { state: c("FR") },
        ),
        "practice.integrated_command",
    );
    refused_by(
        &mut e,
        ev(
            "1967-01-01",
            EventKind::IntegratedCommandLeft { state: c("SE") },
        ),
        "practice.integrated_command",
    );
    refused_by(
        &mut e,
        ev(
            "1967-01-01",
            EventKind::IntegratedCommandRejoined { state: c("IT") },
        ),
        "practice.integrated_command",
    );
    assert!(e
        .apply(&ev(
            "2009-04-04",
            EventKind::IntegratedCommandRejoined { state: c("FR") }
        ))
        .is_ok());
}

#[test]
fn practice_partnership_and_map() {
    let mut e = founded();
    assert!(e
        .apply(&ev(
            "1994-02-08",
            EventKind::PartnershipJoined {
                state: c("UA"),
                programme: Programme::Pfp
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1994-02-09",
            EventKind::PartnershipJoined {
                state: c("UA"),
                programme: Programme::Pfp,
            },
        ),
        "practice.partnership_and_map",
    );
    refused_by(
        &mut e,
        ev(
            "1994-02-09",
            EventKind::PartnershipJoined {
                state: c("NO"),
                programme: Programme::Pfp,
            },
        ),
        "practice.partnership_and_map",
    );
    refused_by(
        &mut e,
        ev("1999-04-24", EventKind::MapJoined { state: c("IT") }),
        "practice.partnership_and_map",
    );
    refused_by(
        &mut e,
        ev("1999-04-24", EventKind::Application { state: c("IT") }),
        "practice.partnership_and_map",
    );
    assert!(e
        .apply(&ev("1999-04-24", EventKind::MapJoined { state: c("UA") }))
        .is_ok());
}

#[test]
fn art6_territory_change_once() {
    let mut e = founded();
    assert!(e
        .apply(&ev(
            "1962-07-03",
            EventKind::TerritoryChange {
                territory: Territory::AlgerianDepartments
            }
        ))
        .is_ok());
    refused_by(
        &mut e,
        ev(
            "1963-01-01",
            EventKind::TerritoryChange {
                territory: Territory::AlgerianDepartments,
            },
        ),
        "art6.territory_change",
    );
}

#[test]
fn third_country_demand_is_noted_without_effect() {
    let mut e = founded();
    accede(&mut e, "GR", "1951-09-20", "1951-10-22", "1952-02-18");
    let before = e.chronicle().members_on(d("2021-12-17"));
    assert_eq!(
        e.apply(&ev(
            "2021-12-17",
            EventKind::ThirdCountryDemand {
                state: c("RU"),
                concerning: vec![c("UA")]
            }
        )),
        Ok(Outcome::NoStanding { state: c("RU") })
    );
    assert_eq!(before, e.chronicle().members_on(d("2021-12-17")));
}
