//! Point-in-polygon over many polygons, fast enough for 100,000+ queries a second on one core.
//!
//! Two prefilters in front of the test:
//! - a uniform grid of 1° cells lists, for each cell, the polygons whose bounding box touches it;
//! - polygons with many vertices (continents at 1:50m, China, Russia...) get a row index: their
//!   edges bucketed by horizontal band, so the crossing-number test only looks at the edges of
//!   the query point's band (a horizontal ray from the point can only cross edges spanning its
//!   latitude). Smaller polygons use `geo`'s `Contains` directly.
//!
//! Coordinates are planar longitude/latitude degrees (the data's own); nothing here wraps
//! around the antimeridian (the vendored datasets split polygons there).

use geo::{BoundingRect, Contains, Coord, LineString, MultiPolygon, Point, Polygon, Rect};

/// Polygons with more vertices than this get a row index.
const LARGE: usize = 128;
/// Target number of edges per row of a row index.
const EDGES_PER_ROW: usize = 4;
const MAX_ROWS: usize = 16_384;

/// One polygon (exterior ring and holes) with its bounding box.
pub(crate) struct Shape {
    pub(crate) polygon: Polygon<f64>,
    pub(crate) bbox: Rect<f64>,
    rows: Option<Rows>,
}

/// Edges of a polygon bucketed by horizontal band (CSR layout: band `r` holds
/// `edges[start[r]..start[r + 1]]`, each edge `[x1, y1, x2, y2]`).
struct Rows {
    y0: f64,
    height: f64,
    start: Vec<u32>,
    edges: Vec<[f64; 4]>,
}

fn rings(p: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(p.exterior()).chain(p.interiors())
}

impl Rows {
    fn build(p: &Polygon<f64>, bbox: &Rect<f64>) -> Rows {
        let edges: Vec<[f64; 4]> = rings(p)
            .flat_map(|r| r.lines())
            .map(|l| [l.start.x, l.start.y, l.end.x, l.end.y])
            .collect();
        let n = (edges.len() / EDGES_PER_ROW).clamp(1, MAX_ROWS);
        let y0 = bbox.min().y;
        let span = (bbox.max().y - y0).max(f64::MIN_POSITIVE);
        let height = span / n as f64;
        let row_of = |y: f64| (((y - y0) / height) as usize).min(n - 1);
        let mut count = vec![0u32; n + 1];
        for e in &edges {
            let (lo, hi) = (e[1].min(e[3]), e[1].max(e[3]));
            for r in row_of(lo)..=row_of(hi) {
                count[r + 1] += 1;
            }
        }
        for r in 0..n {
            count[r + 1] += count[r];
        }
        let mut fill = count.clone();
        let mut out = vec![[0.0; 4]; count[n] as usize];
        for e in &edges {
            let (lo, hi) = (e[1].min(e[3]), e[1].max(e[3]));
            for r in row_of(lo)..=row_of(hi) {
                out[fill[r] as usize] = *e;
                fill[r] += 1;
            }
        }
        Rows {
            y0,
            height,
            start: count,
            edges: out,
        }
    }

    /// The edges of the bands overlapping latitudes `lo..=hi`.
    fn edges_between(&self, lo: f64, hi: f64) -> &[[f64; 4]] {
        let n = self.start.len() - 1;
        let row = |y: f64| (((y - self.y0) / self.height).max(0.0) as usize).min(n - 1);
        let (a, b) = (
            self.start[row(lo)] as usize,
            self.start[row(hi) + 1] as usize,
        );
        self.edges.get(a..b).unwrap_or(&[])
    }

    /// Crossing number of a ray from `(x, y)` towards +x: odd means inside.
    fn contains(&self, x: f64, y: f64) -> bool {
        let n = self.start.len() - 1;
        let r = (((y - self.y0) / self.height) as usize).min(n - 1);
        let (a, b) = (self.start[r] as usize, self.start[r + 1] as usize);
        let mut inside = false;
        for e in self.edges.get(a..b).unwrap_or(&[]) {
            let [x1, y1, x2, y2] = *e;
            if (y1 > y) != (y2 > y) {
                let xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1);
                if x < xi {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

impl Shape {
    fn new(polygon: Polygon<f64>) -> Option<Shape> {
        let bbox = polygon.bounding_rect()?;
        let vertices: usize = rings(&polygon).map(|r| r.0.len()).sum();
        let rows = (vertices > LARGE).then(|| Rows::build(&polygon, &bbox));
        Some(Shape {
            polygon,
            bbox,
            rows,
        })
    }

    /// Whether some edge of the polygon lies within `r` degrees of latitude of `(x, y)`, with
    /// longitude differences scaled by `kx` (the cosine of the latitude).
    fn edge_within(&self, x: f64, y: f64, r: f64, kx: f64) -> bool {
        let (min, max) = (self.bbox.min(), self.bbox.max());
        let rx = r / kx;
        if x < min.x - rx || x > max.x + rx || y < min.y - r || y > max.y + r {
            return false;
        }
        let near = |e: &[f64; 4]| segment_distance2(x, y, e, kx) <= r * r;
        match &self.rows {
            Some(rows) => rows.edges_between(y - r, y + r).iter().any(near),
            None => rings(&self.polygon)
                .flat_map(|ring| ring.lines())
                .any(|l| near(&[l.start.x, l.start.y, l.end.x, l.end.y])),
        }
    }

    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        let (min, max) = (self.bbox.min(), self.bbox.max());
        if x < min.x || x > max.x || y < min.y || y > max.y {
            return false;
        }
        match &self.rows {
            Some(rows) => rows.contains(x, y),
            None => self.polygon.contains(&Point::new(x, y)),
        }
    }
}

/// Many items, each a multipolygon; answers which item(s) contain a point.
pub(crate) struct PolygonIndex {
    pub(crate) shapes: Vec<Shape>,
    /// The item each shape belongs to.
    pub(crate) owner: Vec<usize>,
    /// 360 × 180 cells of 1°, CSR: cell `c` lists `ids[cell_start[c]..cell_start[c + 1]]`.
    cell_start: Vec<u32>,
    ids: Vec<u32>,
}

const COLS: usize = 360;
const ROWS: usize = 180;

/// Longitudes past 180° (polygons unwrapped across the antimeridian) go to the last column.
fn cell_col(lon: f64) -> usize {
    ((lon + 180.0).floor().max(0.0) as usize).min(COLS - 1)
}
fn cell_row(lat: f64) -> usize {
    ((lat + 90.0).floor().max(0.0) as usize).min(ROWS - 1)
}

impl PolygonIndex {
    pub(crate) fn new(items: impl IntoIterator<Item = MultiPolygon<f64>>) -> PolygonIndex {
        let mut shapes = Vec::new();
        let mut owner = Vec::new();
        for (i, mp) in items.into_iter().enumerate() {
            for p in mp {
                if let Some(s) = Shape::new(p) {
                    shapes.push(s);
                    owner.push(i);
                }
            }
        }
        let cells_of = |s: &Shape| {
            let (min, max) = (s.bbox.min(), s.bbox.max());
            let (c0, c1) = (cell_col(min.x), cell_col(max.x));
            let (r0, r1) = (cell_row(min.y), cell_row(max.y));
            (r0..=r1).flat_map(move |r| (c0..=c1).map(move |c| r * COLS + c))
        };
        let mut count = vec![0u32; COLS * ROWS + 1];
        for s in &shapes {
            for cell in cells_of(s) {
                count[cell + 1] += 1;
            }
        }
        for c in 0..COLS * ROWS {
            count[c + 1] += count[c];
        }
        let mut fill = count.clone();
        let mut ids = vec![0u32; count[COLS * ROWS] as usize];
        for (k, s) in shapes.iter().enumerate() {
            for cell in cells_of(s) {
                ids[fill[cell] as usize] = k as u32;
                fill[cell] += 1;
            }
        }
        PolygonIndex {
            shapes,
            owner,
            cell_start: count,
            ids,
        }
    }

    fn candidates(&self, lon: f64, lat: f64) -> &[u32] {
        let cell = cell_row(lat) * COLS + cell_col(lon);
        let (a, b) = (
            self.cell_start[cell] as usize,
            self.cell_start[cell + 1] as usize,
        );
        self.ids.get(a..b).unwrap_or(&[])
    }

    /// The first shape containing the point (as a shape index).
    pub(crate) fn shape_at(&self, lon: f64, lat: f64) -> Option<usize> {
        self.candidates(lon, lat)
            .iter()
            .map(|&k| k as usize)
            .find(|&k| self.shapes[k].contains(lon, lat))
    }

    /// Whether the point is inside a shape or within `km` kilometres of one's boundary
    /// (an equirectangular approximation, good to a few per cent at these distances).
    pub(crate) fn within_km(&self, lon: f64, lat: f64, km: f64) -> bool {
        if self.shape_at(lon, lat).is_some() {
            return true;
        }
        let r = km / 111.32;
        let kx = lat.to_radians().cos().max(0.01);
        let rx = r / kx;
        let mut seen: Vec<u32> = Vec::new();
        for row in cell_row(lat - r)..=cell_row(lat + r) {
            for col in cell_col(lon - rx)..=cell_col(lon + rx) {
                let cell = row * COLS + col;
                let (a, b) = (
                    self.cell_start[cell] as usize,
                    self.cell_start[cell + 1] as usize,
                );
                for &k in self.ids.get(a..b).unwrap_or(&[]) {
                    if seen.contains(&k) {
                        continue;
                    }
                    seen.push(k);
                    if self.shapes[k as usize].edge_within(lon, lat, r, kx) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Like [`within_km`](Self::within_km), also trying the point 360° east (polygons that run
    /// past the antimeridian).
    pub(crate) fn within_km_wrapped(&self, lon: f64, lat: f64, km: f64) -> bool {
        self.within_km(lon, lat, km) || self.within_km(lon + 360.0, lat, km)
    }

    /// Like [`item_at`](Self::item_at), also trying the point 360° east.
    pub(crate) fn item_at_wrapped(&self, lon: f64, lat: f64) -> Option<usize> {
        self.item_at(lon, lat)
            .or_else(|| self.item_at(lon + 360.0, lat))
    }

    /// The first item containing the point.
    pub(crate) fn item_at(&self, lon: f64, lat: f64) -> Option<usize> {
        self.shape_at(lon, lat).map(|k| self.owner[k])
    }

    /// The shapes of one item.
    pub(crate) fn shapes_of(&self, item: usize) -> impl Iterator<Item = &Shape> {
        self.owner
            .iter()
            .zip(&self.shapes)
            .filter(move |(o, _)| **o == item)
            .map(|(_, s)| s)
    }
}

/// Squared distance from `(x, y)` to segment `e`, longitudes scaled by `kx`.
fn segment_distance2(x: f64, y: f64, e: &[f64; 4], kx: f64) -> f64 {
    let (ax, ay, bx, by) = ((e[0] - x) * kx, e[1] - y, (e[2] - x) * kx, e[3] - y);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (ax + t * dx, ay + t * dy);
    px * px + py * py
}

/// Builds a polygon from `[lon, lat]` rings (the first is the exterior).
pub(crate) fn polygon(rings: &[Vec<[f64; 2]>]) -> Option<Polygon<f64>> {
    let mut it = rings
        .iter()
        .map(|r| LineString::from(r.iter().map(|&[x, y]| Coord { x, y }).collect::<Vec<_>>()));
    let exterior = it.next()?;
    if exterior.0.len() < 3 {
        return None;
    }
    Some(Polygon::new(exterior, it.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square_with_hole() -> Polygon<f64> {
        polygon(&[
            vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 10.0],
                [0.0, 10.0],
                [0.0, 0.0],
            ],
            vec![[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]],
        ])
        .unwrap()
    }

    #[test]
    fn row_index_agrees_with_geo_on_a_many_sided_polygon() {
        // A 400-gon (a circle of radius 5) with a hole: large enough for the row index.
        let ring = |r: f64| -> Vec<[f64; 2]> {
            (0..=400)
                .map(|i| {
                    let a = i as f64 / 400.0 * std::f64::consts::TAU;
                    [20.0 + r * a.cos(), 40.0 + r * a.sin()]
                })
                .collect()
        };
        let p = polygon(&[ring(5.0), ring(1.0)]).unwrap();
        let shape = Shape::new(p.clone()).unwrap();
        assert!(shape.rows.is_some());
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..20_000 {
            let (x, y) = (13.0 + 14.0 * next(), 33.0 + 14.0 * next());
            assert_eq!(
                shape.contains(x, y),
                p.contains(&Point::new(x, y)),
                "({x}, {y})"
            );
        }
    }

    #[test]
    fn holes_and_outside() {
        let idx = PolygonIndex::new([MultiPolygon(vec![square_with_hole()])]);
        assert_eq!(idx.item_at(1.0, 1.0), Some(0));
        assert_eq!(idx.item_at(5.0, 5.0), None);
        assert_eq!(idx.item_at(11.0, 5.0), None);
        assert_eq!(idx.item_at(f64::NAN, 5.0), None);
        assert_eq!(idx.item_at(500.0, -500.0), None);
    }

    #[test]
    fn distance_to_the_boundary() {
        let idx = PolygonIndex::new([MultiPolygon(vec![square_with_hole()])]);
        // 0.1° of latitude is 11.1 km.
        assert!(idx.within_km(10.1, 5.0, 12.0));
        assert!(!idx.within_km(10.1, 5.0, 10.0));
        // In the hole, 1° of longitude (110.9 km at 5° N) from its edges.
        assert!(!idx.within_km(5.0, 5.0, 100.0));
        assert!(idx.within_km(5.0, 5.0, 120.0));
    }
}
