//! The vocabulary of the system: everything that can happen under the treaty, as events.
//!
//! Events carry only what the rules need (codes and dates). Sources, notes and summaries live
//! beside them in the record (`opendoor-record`), keyed by the event's position.

use crate::StateCode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Something that happened (or, in a scenario, might happen) on a civil date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
}

/// Partnership programmes outside membership (NATO practice, not the treaty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    /// Partnership for Peace (Brussels summit, January 1994).
    Pfp,
    MediterraneanDialogue,
    /// Istanbul Cooperation Initiative (2004).
    Ici,
    PartnersAcrossTheGlobe,
}

impl Programme {
    pub fn label(self) -> &'static str {
        match self {
            Programme::Pfp => "Partnership for Peace",
            Programme::MediterraneanDialogue => "Mediterranean Dialogue",
            Programme::Ici => "Istanbul Cooperation Initiative",
            Programme::PartnersAcrossTheGlobe => "Partners across the globe",
        }
    }
}

/// Changes of territory that move the treaty area (Article 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Territory {
    /// Algerian independence (3 July 1962): the Algerian departments of France leave Art. 6(1).
    AlgerianDepartments,
    /// German reunification (3 October 1990): the former GDR's territory joins through the
    /// Federal Republic, with no accession.
    FormerGdr,
}

/// What a decision of the Council is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "state", rename_all = "snake_case")]
pub enum Subject {
    /// Invite a state to accede (Article 10).
    Invitation(StateCode),
    /// Determine that an armed attack on this Party falls under Article 5.
    Article5(StateCode),
    /// Oblige an Ally to take a particular measure (no treaty basis: Article 5 leaves the
    /// means to each Party).
    ImposeMeasure(StateCode),
    /// Approve an Article 4 consultation requested by this Party (no approval is needed).
    Article4Consultation(StateCode),
    /// Any other decision, named in words.
    Other(String),
}

impl Subject {
    pub fn describe(&self) -> String {
        match self {
            Subject::Invitation(s) => format!("invitation of {s}"),
            Subject::Article5(s) => format!("Article 5 determination (armed attack on {s})"),
            Subject::ImposeMeasure(s) => format!("a measure imposed on {s}"),
            Subject::Article4Consultation(s) => format!("approval of {s}'s Article 4 request"),
            Subject::Other(t) => t.clone(),
        }
    }
}

/// Every kind of event the engine understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// The treaty is signed by its original signatories.
    TreatySigned {
        signatories: Vec<StateCode>,
    },
    /// A signatory deposits its instrument of ratification of the treaty (Art. 11).
    TreatyRatified {
        state: StateCode,
    },
    /// The treaty enters into force (Art. 11). `attested`: official sources attest that every
    /// signatory had deposited by then, though the record lacks the deposit dates.
    TreatyInForce {
        attested: bool,
    },
    PartnershipJoined {
        state: StateCode,
        programme: Programme,
    },
    PartnershipLeft {
        state: StateCode,
        programme: Programme,
    },
    /// An Intensified Dialogue on membership questions is opened.
    IntensifiedDialogue {
        state: StateCode,
    },
    /// A state is invited into / joins the Membership Action Plan.
    MapJoined {
        state: StateCode,
    },
    /// A state formally applies for membership.
    Application {
        state: StateCode,
    },
    /// A summit declaration that matters for the states named (no legal effect).
    SummitDeclaration {
        states: Vec<StateCode>,
    },
    /// The Council takes a decision by consensus at a meeting. `consenting`, when given, lists
    /// the Parties recorded as agreeing; when absent the record's decision implies all did.
    Decision {
        subject: Subject,
        consenting: Option<Vec<StateCode>>,
    },
    /// A state objects to a proposed decision (blocks consensus if it is a Party).
    Objection {
        by: StateCode,
        subject: Subject,
    },
    ObjectionWithdrawn {
        by: StateCode,
        subject: Subject,
    },
    /// A draft decision is circulated under the silence procedure, with a deadline.
    SilenceProcedureOpened {
        subject: Subject,
        deadline: Date,
    },
    /// A state breaks silence on a draft decision.
    SilenceBroken {
        by: StateCode,
        subject: Subject,
    },
    /// The silence procedure's deadline passes: adopted unless a Party broke silence.
    SilenceDeadline {
        subject: Subject,
    },
    /// An accession protocol is signed by the Parties for these candidates.
    ProtocolSigned {
        candidates: Vec<StateCode>,
    },
    /// An Ally's national parliamentary procedure on a candidate's protocol ends.
    ParliamentApproved {
        ally: StateCode,
        candidate: StateCode,
    },
    /// An Ally deposits its instrument of ratification/acceptance of a candidate's protocol.
    RatificationDeposited {
        ally: StateCode,
        candidate: StateCode,
    },
    /// The protocol enters into force. `attested`: the depositary's notice is the evidence
    /// and some Allies' deposit dates are unknown to the record.
    ProtocolInForce {
        candidate: StateCode,
        attested: bool,
    },
    /// The candidate deposits its instrument of accession with the depositary (Art. 10).
    AccessionDeposited {
        state: StateCode,
    },
    /// One or more Parties request consultations (Art. 4).
    Article4Request {
        requested_by: Vec<StateCode>,
    },
    /// An Ally declares the measures it takes under Article 5 (its own choice).
    AssistanceDeclared {
        ally: StateCode,
    },
    IntegratedCommandLeft {
        state: StateCode,
    },
    IntegratedCommandRejoined {
        state: StateCode,
    },
    /// A Party gives notice of denunciation to the depositary (Art. 13).
    DenunciationNotice {
        state: StateCode,
    },
    /// Someone proposes to expel a Party (no treaty basis).
    ExpulsionProposed {
        target: StateCode,
    },
    /// Someone proposes to suspend a Party (no treaty basis).
    SuspensionProposed {
        target: StateCode,
    },
    TerritoryChange {
        territory: Territory,
    },
    /// A state that is not a Party demands a say in Alliance matters.
    ThirdCountryDemand {
        state: StateCode,
        concerning: Vec<StateCode>,
    },
    /// Talks, notes, replies.
    DiplomaticExchange {
        states: Vec<StateCode>,
    },
    /// A commitment both sides cite (Helsinki Final Act, ...).
    Agreement {
        states: Vec<StateCode>,
    },
}

impl EventKind {
    /// The snake_case name of the kind, as used in files and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::TreatySigned { .. } => "treaty_signed",
            EventKind::TreatyRatified { .. } => "treaty_ratified",
            EventKind::TreatyInForce { .. } => "treaty_in_force",
            EventKind::PartnershipJoined { .. } => "partnership_joined",
            EventKind::PartnershipLeft { .. } => "partnership_left",
            EventKind::IntensifiedDialogue { .. } => "intensified_dialogue",
            EventKind::MapJoined { .. } => "map_joined",
            EventKind::Application { .. } => "application",
            EventKind::SummitDeclaration { .. } => "summit_declaration",
            EventKind::Decision { .. } => "decision",
            EventKind::Objection { .. } => "objection",
            EventKind::ObjectionWithdrawn { .. } => "objection_withdrawn",
            EventKind::SilenceProcedureOpened { .. } => "silence_procedure_opened",
            EventKind::SilenceBroken { .. } => "silence_broken",
            EventKind::SilenceDeadline { .. } => "silence_deadline",
            EventKind::ProtocolSigned { .. } => "protocol_signed",
            EventKind::ParliamentApproved { .. } => "parliament_approved",
            EventKind::RatificationDeposited { .. } => "ratification_deposited",
            EventKind::ProtocolInForce { .. } => "protocol_in_force",
            EventKind::AccessionDeposited { .. } => "accession_deposited",
            EventKind::Article4Request { .. } => "article4_request",
            EventKind::AssistanceDeclared { .. } => "assistance_declared",
            EventKind::IntegratedCommandLeft { .. } => "integrated_command_left",
            EventKind::IntegratedCommandRejoined { .. } => "integrated_command_rejoined",
            EventKind::DenunciationNotice { .. } => "denunciation_notice",
            EventKind::ExpulsionProposed { .. } => "expulsion_proposed",
            EventKind::SuspensionProposed { .. } => "suspension_proposed",
            EventKind::TerritoryChange { .. } => "territory_change",
            EventKind::ThirdCountryDemand { .. } => "third_country_demand",
            EventKind::DiplomaticExchange { .. } => "diplomatic_exchange",
            EventKind::Agreement { .. } => "agreement",
        }
    }

    /// Calls `f` with every state code the event mentions.
    pub fn for_each_state(&self, mut f: impl FnMut(StateCode)) {
        use EventKind::*;
        let subject = |s: &Subject, f: &mut dyn FnMut(StateCode)| match s {
            Subject::Invitation(c)
            | Subject::Article5(c)
            | Subject::ImposeMeasure(c)
            | Subject::Article4Consultation(c) => f(*c),
            Subject::Other(_) => {}
        };
        match self {
            TreatySigned { signatories: v }
            | SummitDeclaration { states: v }
            | ProtocolSigned { candidates: v }
            | Article4Request { requested_by: v }
            | DiplomaticExchange { states: v }
            | Agreement { states: v } => v.iter().for_each(|c| f(*c)),
            TreatyRatified { state }
            | PartnershipJoined { state, .. }
            | PartnershipLeft { state, .. }
            | IntensifiedDialogue { state }
            | MapJoined { state }
            | Application { state }
            | AccessionDeposited { state }
            | IntegratedCommandLeft { state }
            | IntegratedCommandRejoined { state }
            | DenunciationNotice { state } => f(*state),
            AssistanceDeclared { ally } => f(*ally),
            ExpulsionProposed { target } | SuspensionProposed { target } => f(*target),
            TreatyInForce { .. } | TerritoryChange { .. } => {}
            Decision {
                subject: s,
                consenting,
            } => {
                subject(s, &mut f);
                consenting.iter().flatten().for_each(|c| f(*c));
            }
            Objection { by, subject: s }
            | ObjectionWithdrawn { by, subject: s }
            | SilenceBroken { by, subject: s } => {
                f(*by);
                subject(s, &mut f);
            }
            SilenceProcedureOpened { subject: s, .. } | SilenceDeadline { subject: s } => {
                subject(s, &mut f)
            }
            ParliamentApproved { ally, candidate } | RatificationDeposited { ally, candidate } => {
                f(*ally);
                f(*candidate);
            }
            ProtocolInForce { candidate, .. } => f(*candidate),
            ThirdCountryDemand { state, concerning } => {
                f(*state);
                concerning.iter().for_each(|c| f(*c));
            }
        }
    }

    /// Whether the event mentions `code`.
    pub fn mentions(&self, code: StateCode) -> bool {
        let mut hit = false;
        self.for_each_state(|c| hit |= c == code);
        hit
    }
}
