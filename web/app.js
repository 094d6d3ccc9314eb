// opendoor explorer: plain JavaScript over the JSON API, drawn with vendored d3-geo and
// topojson-client. Routes: #/ (map), #/country/XX, #/timeline, #/ratifications/XX,
// #/forecast/XX, #/rules.
"use strict";

const API = "/api/v1";
const FIRST = "1949-04-04";
// ISO 3166-1 numeric (as used by world-atlas / Natural Earth) to alpha-2, for the states the
// record names. Source: ISO 3166-1. Greenland (304) and the Faroes (234) are Danish territory.
const NUMERIC = {
  840: "US", 124: "CA", 826: "GB", 372: "IE", 528: "NL", 56: "BE", 442: "LU", 250: "FR", 492: "MC",
  438: "LI", 756: "CH", 724: "ES", 20: "AD", 620: "PT", 276: "DE", 616: "PL", 40: "AT", 348: "HU",
  203: "CZ", 703: "SK", 380: "IT", 336: "VA", 674: "SM", 470: "MT", 8: "AL", 499: "ME", 807: "MK",
  191: "HR", 688: "RS", 70: "BA", 705: "SI", 300: "GR", 196: "CY", 100: "BG", 498: "MD", 642: "RO",
  643: "RU", 233: "EE", 428: "LV", 440: "LT", 804: "UA", 112: "BY", 51: "AM", 268: "GE", 31: "AZ",
  246: "FI", 752: "SE", 578: "NO", 208: "DK", 352: "IS", 504: "MA", 12: "DZ", 792: "TR", 376: "IL",
  795: "TM", 762: "TJ", 417: "KG", 860: "UZ", 398: "KZ", 156: "CN", 410: "KR", 392: "JP", 36: "AU",
  554: "NZ", 304: "DK", 234: "DK",
};
// Accession waves, by the date the treaty entered into force for the Party.
const WAVES = [
  ["1949-08-24", "1949 founders", "#0b3c6e"], ["1952-02-18", "1952", "#1f6fb2"],
  ["1955-05-06", "1955", "#3a8fd0"], ["1982-05-30", "1982", "#5aa7c9"],
  ["1999-03-12", "1999", "#2e8b57"], ["2004-03-29", "2004", "#58a55c"],
  ["2009-04-01", "2009", "#9bbf3b"], ["2017-06-05", "2017", "#d9a400"],
  ["2020-03-27", "2020", "#e07b00"], ["2023-04-04", "2023", "#c2410c"],
  ["2024-03-07", "2024", "#9f1239"],
];

const $ = (sel, el = document) => el.querySelector(sel);
const main = () => $("#main");
function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function link(url, text) {
  if (!url) return "";
  if (/^https?:\/\//.test(url)) return `<a href="${esc(url)}" rel="noopener noreferrer" target="_blank">${esc(text || "source")}</a>`;
  return `<span class="muted">${esc(url)}</span>`;
}
async function get(path) {
  const r = await fetch(API + path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}
function today() { return new Date().toISOString().slice(0, 10); }
function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10);
}
function daysBetween(a, b) { return Math.round((new Date(b + "T00:00:00Z") - new Date(a + "T00:00:00Z")) / 86400000); }
function waveOf(since) {
  let w = WAVES[0];
  for (const x of WAVES) if (since >= x[0]) w = x;
  return w;
}
function show(html) { main().innerHTML = html; main().focus({ preventScroll: true }); }

// ---- map ------------------------------------------------------------------------------------
let world = null;
async function loadWorld() {
  if (!world) {
    const topo = await (await fetch("/vendor/countries-50m.json")).json();
    world = topojson.feature(topo, topo.objects.countries).features;
    for (const f of world) {
      f.code = NUMERIC[parseInt(f.id, 10)] || (f.properties.name === "Kosovo" ? "XK" : null);
    }
  }
  return world;
}

// country-coder's GeoJSON winds exterior rings counter-clockwise (RFC 7946); d3-geo reads
// spherical polygons the other way round, so a polygon larger than a hemisphere is reversed.
function rewind(f) {
  const g = f.geometry;
  if (!g) return f;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  for (const poly of polys) {
    if (d3.geoArea({ type: "Polygon", coordinates: poly }) > 2 * Math.PI) for (const ring of poly) ring.reverse();
  }
  return f;
}

let playTimer = null;
async function mapPage(params) {
  const end = today();
  const total = daysBetween(FIRST, end);
  const start = params.get("on") || end;
  show(`
    <h2>Who was a Party, and when</h2>
    <div class="controls">
      <label for="date-slider">Date</label>
      <input id="date-slider" type="range" min="0" max="${total}" step="1" value="${Math.max(0, daysBetween(FIRST, start))}" aria-describedby="date-label">
      <input id="date-input" type="date" min="${FIRST}" max="${end}" value="${esc(start)}" aria-label="Date (YYYY-MM-DD)">
      <button id="play" type="button" aria-pressed="false">▶ Play 1949 → today</button>
    </div>
    <div class="controls">
      <label><input type="checkbox" id="shade-coverage"> Shade the area Article 5 covers on this date (Art. 6)</label>
      <label><input type="checkbox" id="ask-mode"> Click the map to ask: is this place covered?</label>
      <label><input type="checkbox" id="ask-forces"> …for an Ally's forces there (Art. 6(2))</label>
    </div>
    <p id="date-label" aria-live="polite"><strong id="party-count">…</strong></p>
    <div class="layout">
      <div>
        <svg id="map" viewBox="0 0 960 560" role="group" aria-labelledby="map-title"><title id="map-title">Map of the Parties on the chosen date; click a country for its page</title></svg>
        <ul class="legend" aria-label="Accession waves">${WAVES.map(w => `<li><span class="swatch" data-color="${w[2]}"></span>${w[1]}</li>`).join("")}<li><span class="swatch" data-color="#d9dde1"></span>not a Party</li></ul>
        <p class="muted">Click (or Tab to and press Enter on) a country to open its page. Colour = accession wave.
        Shading (Art. 6) draws country-coder's territories, whose outlines include territorial waters; answers to clicks use the coast.</p>
      </div>
      <div class="panel"><div id="coverage-answer" aria-live="polite"></div><h3>Parties</h3><ul id="party-list"></ul></div>
    </div>`);
  for (const sw of document.querySelectorAll(".swatch")) sw.style.background = sw.dataset.color;
  const feats = await loadWorld();
  const svg = $("#map");
  // Azimuthal equal-area centred on the North Atlantic: North America and Europe both in view.
  const projection = d3.geoAzimuthalEqualArea().rotate([38, -52]);
  projection.fitExtent([[8, 8], [952, 552]], { type: "MultiPoint", coordinates: [[-123, 30], [44, 36], [-95, 62], [40, 68], [-80, 24], [-10, 34]] });
  const path = d3.geoPath(projection);
  const ns = "http://www.w3.org/2000/svg";
  const g = document.createElementNS(ns, "g");
  svg.appendChild(g);
  for (const f of feats) {
    const d = path(f);
    if (!d) continue;
    const p = document.createElementNS(ns, "path");
    p.setAttribute("d", d);
    p.setAttribute("class", "country");
    if (f.code) {
      p.dataset.code = f.code;
      p.setAttribute("tabindex", "0");
      p.setAttribute("role", "link");
      p.setAttribute("aria-label", f.properties.name);
      const open = () => { location.hash = `#/country/${f.code}`; };
      p.addEventListener("click", open);
      p.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    }
    const t = document.createElementNS(ns, "title");
    t.textContent = f.properties.name;
    p.appendChild(t);
    g.appendChild(p);
  }
  const overlay = document.createElementNS(ns, "g");
  overlay.setAttribute("id", "coverage-overlay");
  svg.appendChild(overlay);
  const marker = document.createElementNS(ns, "circle");
  marker.setAttribute("r", "5");
  marker.setAttribute("class", "ask-marker");
  svg.appendChild(marker);
  const slider = $("#date-slider"), input = $("#date-input");
  let borders = null;
  async function shade(on) {
    overlay.textContent = "";
    if (!$("#shade-coverage").checked) return;
    if (!borders) borders = (await (await fetch("/vendor/borders.json")).json()).features.map(rewind);
    const statuses = await get(`/coverage?on=${on}`);
    const covered = new Set(statuses.filter(t => t.covered).map(t => t.id));
    for (const f of borders) {
      const p = f.properties, id = p.iso1A2 || p.m49 || p.wikidata || p.nameEn;
      if (!covered.has(id)) continue;
      const d = path(f);
      if (!d) continue;
      const el = document.createElementNS(ns, "path");
      el.setAttribute("d", d);
      el.setAttribute("class", "covered-area");
      el.dataset.id = id;
      overlay.appendChild(el);
    }
    svg.dataset.coveredOn = on;
  }
  $("#shade-coverage").addEventListener("change", () => shade(input.value));
  svg.addEventListener("click", async e => {
    if (!$("#ask-mode").checked) return;
    e.stopPropagation(); e.preventDefault();
    const pt = svg.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
    const local = pt.matrixTransform(svg.getScreenCTM().inverse());
    const ll = projection.invert([local.x, local.y]);
    if (!ll || !isFinite(ll[0]) || !isFinite(ll[1])) return;
    marker.setAttribute("cx", local.x); marker.setAttribute("cy", local.y);
    const a = await get(`/covered?lat=${ll[1].toFixed(4)}&lon=${ll[0].toFixed(4)}&on=${input.value}&forces=${$("#ask-forces").checked}`);
    $("#coverage-answer").innerHTML = `<h3>Article 6 at ${ll[1].toFixed(2)}, ${ll[0].toFixed(2)} on ${input.value}</h3>
      <p class="${a.covered ? "ok" : "refused"}" id="coverage-verdict">${a.covered ? "Covered" : "Not covered"}${a.clause ? ` (Article ${a.clause})` : ""}</p>
      <p>${esc(a.reason)}</p>`;
  }, true);
  let pending = 0;
  async function render(on) {
    const mine = ++pending;
    const members = await get(`/members?on=${on}`);
    if (mine !== pending) return;
    const since = new Map(members.map(m => [m.code, m.member_since]));
    for (const p of g.querySelectorAll("path[data-code]")) {
      const s = since.get(p.dataset.code);
      p.dataset.party = s ? "true" : "false";
      p.style.fill = s ? waveOf(s)[2] : "";
    }
    $("#party-count").textContent = members.length
      ? `${members.length} Parties on ${on}`
      : `No Parties on ${on}: the treaty entered into force on 1949-08-24`;
    $("#party-list").innerHTML = members.map(m => `<li><a href="#/country/${m.code}">${esc(m.name)}</a> <span class="muted">${m.member_since.slice(0, 4)}</span></li>`).join("");
    await shade(on);
    svg.dataset.on = on;
    svg.dataset.parties = members.map(m => m.code).sort().join(",");
  }
  slider.addEventListener("input", () => { input.value = addDays(FIRST, +slider.value); render(input.value); });
  input.addEventListener("change", () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.value)) return;
    slider.value = Math.max(0, daysBetween(FIRST, input.value)); render(input.value);
  });
  $("#play").addEventListener("click", e => {
    const b = e.currentTarget;
    if (playTimer) { clearInterval(playTimer); playTimer = null; b.textContent = "▶ Play 1949 → today"; b.setAttribute("aria-pressed", "false"); return; }
    if (+slider.value >= total) slider.value = 0;
    b.textContent = "⏸ Pause"; b.setAttribute("aria-pressed", "true");
    playTimer = setInterval(() => {
      const v = Math.min(total, +slider.value + 120);
      slider.value = v; input.value = addDays(FIRST, v); render(input.value);
      if (v >= total) { clearInterval(playTimer); playTimer = null; b.textContent = "▶ Play 1949 → today"; b.setAttribute("aria-pressed", "false"); }
    }, 120);
  });
  await render(start);
}

// ---- country ----------------------------------------------------------------------------------
async function countryPage(code) {
  const [s, p, t] = await Promise.all([get(`/status/${code}`), get(`/path/${code}`), get(`/timeline?country=${code}`)]);
  const rows = [["Member since", s.member_since], ["Invited", s.invited], ["Protocol signed", s.protocol_signed],
    ["Applied", s.applied], ["In MAP since", s.map_since], ["Intensified Dialogue since", s.intensified_dialogue_since],
    ["Outside the integrated command since", s.outside_integrated_command_since]].filter(r => r[1]);
  show(`
    <h2 id="country-name">${esc(s.name)} <span class="muted">(${esc(s.code)})</span></h2>
    <p>Status today: <strong id="country-status">${esc(s.status)}</strong>: ${esc(s.status_meaning)}${s.european ? "" : " · <span class=\"refused\">not a European state (Article 10)</span>"}</p>
    ${rows.length ? `<table><tbody>${rows.map(r => `<tr><th scope="row">${r[0]}</th><td>${r[1]}</td></tr>`).join("")}</tbody></table>` : ""}
    ${(s.partnerships || []).length ? `<p>Partnerships: ${s.partnerships.map(x => `${esc(x[0])} since ${x[1]}`).join("; ")}</p>` : ""}
    <h3>Path to membership</h3>
    <ol class="steps">${p.steps.map(st => `<li class="${st.state}"><strong>${esc(st.title)}</strong> ·
      <span class="${st.state === "done" ? "ok" : st.state === "barred" ? "refused" : "pending"}">${esc(st.state)}</span>
      ${st.date ? ` · ${st.date}` : ""} ${link(st.source)}
      <br><span class="muted">Who decides: ${esc(st.who_decides)} · under ${esc(st.provision)}</span>
      ${st.detail ? `<br>${esc(st.detail)}` : ""}</li>`).join("")}</ol>
    <p><a href="#/forecast/${esc(s.code)}">Forecast: when could ${esc(s.name)} join?</a>
    ${s.member_since || s.protocol_signed ? ` · <a href="#/ratifications/${esc(s.code)}">Ratification tracker</a>` : ""}</p>
    <h3>History</h3>
    ${timelineTable(t)}`);
}

function timelineTable(items) {
  if (!items.length) return `<p class="muted">No entries.</p>`;
  return `<div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col">States</th><th scope="col">Outcome</th><th scope="col">Source</th></tr></thead><tbody>
  ${items.map(i => `<tr><td>${i.date}${i.date_is_bound ? " (on or before)" : ""}</td><td>${esc(i.title || i.summary || i.kind)}</td>
    <td>${i.states.map(c => `<a href="#/country/${c}">${c}</a>`).join(" ")}</td>
    <td class="${i.allowed ? "" : "refused"}">${esc(i.outcome)}</td>
    <td>${link(i.source)}${i.source2 ? " · " + link(i.source2, "second source") : ""}${i.note ? ` <details><summary>note</summary>${esc(i.note)}</details>` : ""}</td></tr>`).join("")}
  </tbody></table></div>`;
}

async function timelinePage(params) {
  const q = new URLSearchParams();
  for (const k of ["from", "to", "country"]) if (params.get(k)) q.set(k, params.get(k));
  const items = await get(`/timeline?${q}`);
  show(`<h2>Timeline of the record</h2>
    <form id="tl-form" class="controls">
      <label>From <input name="from" type="date" value="${esc(params.get("from") || "")}"></label>
      <label>To <input name="to" type="date" value="${esc(params.get("to") || "")}"></label>
      <label>Country <input name="country" size="6" placeholder="UA" value="${esc(params.get("country") || "")}"></label>
      <button type="submit">Filter</button></form>
    <p>${items.length} entries.</p>${timelineTable(items)}`);
  $("#tl-form").addEventListener("submit", e => {
    e.preventDefault();
    const f = new FormData(e.target), qs = new URLSearchParams();
    for (const [k, v] of f) if (v) qs.set(k, v);
    location.hash = `#/timeline?${qs}`;
  });
}

// ---- ratifications ------------------------------------------------------------------------
async function ratificationsPage(code) {
  const protocols = await get(`/protocols`);
  const t = await get(`/ratifications/${code}`);
  const rows = t.ratifications.slice().sort((a, b) => (a.parliament_approved || "9") < (b.parliament_approved || "9") ? -1 : 1);
  const maxLag = Math.max(30, ...rows.map(r => Math.max(r.lag_parliament_days || 0, r.lag_deposit_days || 0)));
  const W = 640, rowH = 16, left = 40;
  const bw = v => Math.max(1, (v / maxLag) * (W - left - 60));
  const days = d => d ? Math.round((Date.parse(d) - Date.parse(t.protocol_signed)) / 86400000) : null;
  const hasBounds = r => !r.deposited && (r.deposited_on_or_after || r.deposited_on_or_before);
  // A deposit known only within sourced bounds: a thin line from the lower to the upper bound
  // (from the parliamentary approval, or to the entry into force, where a side is open).
  const boundBar = (r, y) => {
    if (!hasBounds(r)) return "";
    // A deposit follows the parliamentary approval, so that is a lower bound too.
    const lo = Math.min(maxLag, Math.max(0, days(r.deposited_on_or_after) ?? 0, r.lag_parliament_days ?? 0));
    const hi = Math.min(maxLag, days(r.deposited_on_or_before) ?? days(t.in_force) ?? lo);
    return `<rect class="bar-bound" x="${left + bw(lo)}" y="${y + 9}" width="${Math.max(1, bw(hi) - bw(lo))}" height="2"><title>${r.ally}: deposited ${depositText(r)} (day unknown)</title></rect>`;
  };
  const bars = rows.map((r, i) => {
    const y = 20 + i * rowH;
    return `<text x="0" y="${y + 11}">${r.ally}</text>` +
      (r.lag_parliament_days != null ? `<rect class="bar-parl" x="${left}" y="${y}" width="${bw(r.lag_parliament_days)}" height="6"><title>${r.ally}: parliament ${r.parliament_approved} (${r.lag_parliament_days} days)</title></rect>` : "") +
      (r.lag_deposit_days != null ? `<rect class="bar-dep" x="${left}" y="${y + 7}" width="${bw(r.lag_deposit_days)}" height="6"><title>${r.ally}: deposited ${r.deposited} (${r.lag_deposit_days} days)</title></rect>` : "") +
      boundBar(r, y) +
      (r.lag_parliament_days == null && r.lag_deposit_days == null && !hasBounds(r) ? `<text x="${left}" y="${y + 11}" class="muted">no date in the record</text>` : "");
  }).join("");
  show(`<h2>Ratification tracker</h2>
    <p><label for="proto">Protocol</label>
    <select id="proto">${protocols.map(p => `<option value="${p.candidates[0]}" ${p.candidates.includes(code) ? "selected" : ""}>${esc(p.protocol)} (${p.signed})</option>`).join("")}</select></p>
    <p>Invited ${t.invited || "—"} · signed ${t.protocol_signed || "—"} · in force ${t.in_force || "—"} · acceded ${t.acceded || "—"}.
    ${t.allies} Allies; parliamentary stage known for ${t.parliament_stage_known} (${t.with_parliament_date} dated, ${t.parliament_stage_known - t.with_parliament_date} need no vote), deposit date for ${t.with_deposit_date}.
    <a href="#/gaps">What the record does not know yet</a>.</p>
    <figure><svg class="chart" viewBox="0 0 ${W} ${30 + rows.length * rowH}" role="img" aria-label="Days from signature to each Ally's parliamentary approval (light) and deposit (dark)">${bars}</svg>
    <figcaption class="muted">Days from signature: light = parliament approved, dark = instrument deposited, thin line = deposit day unknown but bounded by a source.</figcaption></figure>
    <div class="table-wrap"><table id="ratification-table"><thead><tr><th scope="col">Ally</th><th scope="col">Parliament approved</th><th scope="col">Days</th><th scope="col">Deposited</th><th scope="col">Days</th><th scope="col">Source</th></tr></thead><tbody>
    ${rows.map(r => `<tr><td>${esc(r.ally_name)}</td><td>${parliamentCell(r)}</td><td>${r.lag_parliament_days ?? ""}</td><td>${depositCell(r)}</td><td>${r.lag_deposit_days ?? ""}</td>
      <td>${link(r.parliament_source, "parliament")} ${link(r.deposit_source, "deposit")} ${link(r.deposited_on_or_after_source, "pending")} ${link(r.deposited_on_or_before_source, "deposited by")}${r.note ? ` <details><summary>note</summary>${esc(r.note)}</details>` : ""}</td></tr>`).join("")}
    </tbody></table></div>`);
  $("#proto").addEventListener("change", e => { location.hash = `#/ratifications/${e.target.value}`; });
}

// A parliament cell: the date, "no vote" where the constitution needs none, else unknown.
function parliamentCell(r) {
  if (r.parliament_approved) return r.parliament_approved;
  return r.parliament_vote_required ? "—" : `<abbr title="The constitution needs no parliamentary vote for this act">no vote</abbr>`;
}

// A deposit cell: the date; else the sourced bounds ("on or after A, on or before B"); else unknown.
function depositText(r) {
  const lo = r.deposited_on_or_after, hi = r.deposited_on_or_before;
  return lo && hi ? `${lo} – ${hi}` : lo ? `≥ ${lo}` : `≤ ${hi}`;
}
function depositCell(r) {
  if (r.deposited) return r.deposited;
  if (!r.deposited_on_or_after && !r.deposited_on_or_before) return "—";
  return `<span class="bound" title="Day unknown; sourced bounds">${depositText(r)}</span>`;
}

// ---- gaps ----------------------------------------------------------------------------------------
async function gapsPage() {
  const g = await get(`/gaps`);
  const codes = v => v.length ? v.join(" ") : "none";
  show(`<h2>What the record does not know yet</h2>
    <p>Unknown stays unknown: opendoor never estimates a date. Each row's note says what was searched.</p>
    <div class="table-wrap"><table id="gaps-table"><thead><tr><th scope="col">Protocol</th><th scope="col">Signed</th><th scope="col">Parliamentary stage known</th><th scope="col">Deposits dated</th><th scope="col">Parliament date unknown</th><th scope="col">Deposit date unknown</th></tr></thead><tbody>
    ${g.protocols.map(p => `<tr><td><a href="#/ratifications/${p.candidates[0]}">${esc(p.candidates.join(", "))}</a></td><td>${p.protocol_signed || "—"}</td>
      <td>${p.parliament_stage_known}/${p.allies}</td><td>${p.with_deposit_date}/${p.allies}${p.deposit_bounded ? ` (+${p.deposit_bounded} bounded)` : ""}</td>
      <td>${codes(p.missing_parliament)}</td><td>${codes(p.missing_deposit)}</td></tr>`).join("")}
    </tbody></table></div>
    <p>Founders' deposits of their instruments of ratification (Article 11): dated for ${g.founders_deposit_dated.length} of ${g.founders_deposit_dated.length + g.founders_deposit_missing.length}${g.founders_deposit_missing.length ? `; unknown for ${codes(g.founders_deposit_missing)}` : ""}.</p>`);
}

// ---- forecast --------------------------------------------------------------------------------
async function forecastPage(code) {
  show(`<h2>Forecast for ${esc(code)}</h2><p id="forecast-status">Running the model…</p><div id="forecast"></div>`);
  let f;
  try { f = await get(`/forecast/${code}?trials=200000`); } catch (e) { $("#forecast-status").textContent = e.message; return; }
  $("#forecast-status").textContent = `From ${f.from}, ${f.trials} trials: median ${f.quantiles.p50} (80% between ${f.quantiles.p10} and ${f.quantiles.p90}).`;
  const shares = Object.entries(f.last_ally).sort((a, b) => b[1] - a[1]).slice(0, 10);
  $("#forecast").innerHTML = `
    <figure><img src="${API}/forecast/${esc(code)}/plot.svg?trials=200000" alt="Cumulative probability of accession by date" width="640"></figure>
    <h3>Which Ally is likely last</h3>
    <table><tbody>${shares.map(([a, p]) => `<tr><td>${esc(a)}</td><td>${(p * 100).toFixed(1)}%</td></tr>`).join("")}</tbody></table>
    <h3>Probability of accession by</h3>
    <table><tbody>${Object.entries(f.p_by).map(([d, p]) => `<tr><td>${d}</td><td>${(p * 100).toFixed(1)}%</td></tr>`).join("")}</tbody></table>
    <p class="muted">The model pools each Ally's past ratification lags with everyone's; see the README's backtest for how well it did.</p>`;
}

// ---- rules & scenarios -------------------------------------------------------------------
const EXAMPLE = `# Russia tries to veto Ukraine's invitation; the Allies then invite by consensus.
[[event]]
date = "2027-03-02"
kind = "objection"
by = "RU"
subject = "invitation"
state = "UA"

[[event]]
date = "2027-07-07"
kind = "invitation"
candidate = "UA"
`;
async function rulesPage() {
  const rules = await get(`/rules`);
  show(`<h2>The rules</h2>
    <div class="table-wrap"><table><thead><tr><th scope="col">Rule</th><th scope="col">Provision</th><th scope="col">Summary</th></tr></thead><tbody>
    ${rules.map(r => `<tr><td><code>${esc(r.id)}</code></td><td>${esc(r.article)}</td><td>${esc(r.summary)}</td></tr>`).join("")}</tbody></table></div>
    <h2>Run a what-if scenario</h2>
    <form id="scenario-form">
      <label for="scenario-text">Scenario (TOML: [[event]] entries, see the README)</label>
      <textarea id="scenario-text" spellcheck="false">${esc(EXAMPLE)}</textarea>
      <p><label><input type="checkbox" id="from-scratch"> from an empty history (instead of on top of the record)</label></p>
      <button type="submit">Run scenario</button>
    </form>
    <div id="scenario-result" aria-live="polite"></div>`);
  $("#scenario-form").addEventListener("submit", async e => {
    e.preventDefault();
    const out = $("#scenario-result");
    out.textContent = "Running…";
    const r = await fetch(`${API}/scenario?from_scratch=${$("#from-scratch").checked}`, {
      method: "POST", headers: { "content-type": "application/toml" }, body: $("#scenario-text").value,
    });
    const body = await r.json();
    if (!r.ok) { out.innerHTML = `<p class="refused" role="alert">${esc(body.error.message)}</p>`; return; }
    out.innerHTML = `<p class="${body.ok ? "ok" : "refused"}" id="scenario-verdict">${body.ok ? "Every event was allowed." : `${body.refused} event(s) refused.`}</p>
      <ol>${body.events.map(ev => `<li class="${ev.allowed ? "ok" : "refused"}">${ev.date} ${esc(ev.kind)} ${ev.states.join(",")}: ${esc(ev.outcome)}
        ${ev.violation ? `<br><span class="muted">${esc(ev.violation.rule)} (${esc(ev.violation.article)}): ${esc(ev.violation.explanation)}</span>` : ""}</li>`).join("")}</ol>
      <p>On ${body.state.on}: ${body.state.parties.length} Parties${body.state.invited.length ? `; invited: ${body.state.invited.join(", ")}` : ""}.</p>`;
  });
}

// ---- router ----------------------------------------------------------------------------------
async function route() {
  if (playTimer) { clearInterval(playTimer); playTimer = null; }
  const h = location.hash.replace(/^#\/?/, "");
  const [pathPart, query] = h.split("?");
  const params = new URLSearchParams(query || "");
  const parts = pathPart.split("/").filter(Boolean);
  try {
    if (parts[0] === "country" && parts[1]) await countryPage(parts[1].toUpperCase());
    else if (parts[0] === "timeline") await timelinePage(params);
    else if (parts[0] === "ratifications") await ratificationsPage((parts[1] || "SE").toUpperCase());
    else if (parts[0] === "forecast") await forecastPage((parts[1] || "UA").toUpperCase());
    else if (parts[0] === "rules") await rulesPage();
    else if (parts[0] === "gaps") await gapsPage();
    else await mapPage(params);
    document.title = `opendoor: ${parts[0] || "map"}`;
  } catch (e) {
    show(`<p class="refused" role="alert">${esc(e.message)}</p>`);
  }
}
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
