// End-to-end tests of the explorer in Debian's headless Chromium, driven by playwright-core.
// Usage: BASE=http://127.0.0.1:PORT SHOTS=target/e2e node explorer.mjs
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS || "target/e2e";
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0, failed = 0;
async function test(name, fn, viewport = { width: 1280, height: 900 }, extra = {}) {
  const page = await browser.newPage({ viewport, ...extra });
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  try {
    await fn(page);
    if (errors.length) throw new Error("errors in the page: " + errors.join(" | "));
    passed++; console.log(`ok   ${name}`);
  } catch (e) {
    failed++; console.log(`FAIL ${name}: ${e.stack || e}`);
    await page.screenshot({ path: `${SHOTS}/FAILED-${name.replace(/\W+/g, "-")}.png` }).catch(() => {});
  } finally { await page.close(); }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
async function api(path) { return (await fetch(BASE + "/api/v1" + path)).json(); }

const DAY0 = Date.parse("1949-04-04T00:00:00Z");
async function moveSlider(page, iso) {
  const v = Math.round((Date.parse(iso + "T00:00:00Z") - DAY0) / 86400000);
  await page.$eval("#date-slider", (el, v) => { el.value = String(v); el.dispatchEvent(new Event("input", { bubbles: true })); }, v);
  await page.waitForSelector(`#map[data-on="${iso}"]`, { timeout: 10000 });
}

await test("map: the slider shows the Parties of three dates", async page => {
  await page.goto(BASE + "/");
  await page.waitForSelector("#map path[data-party]");
  for (const [iso, n] of [["1949-08-24", 12], ["1999-03-12", 19], ["2024-03-07", 32]]) {
    await moveSlider(page, iso);
    const members = (await api(`/members?on=${iso}`)).map(m => m.code).sort();
    assert(members.length === n, `API: ${members.length} Parties on ${iso}, expected ${n}`);
    const shown = await page.$$eval('#map path[data-party="true"]', ps => [...new Set(ps.map(p => p.dataset.code))].sort());
    assert(JSON.stringify(shown) === JSON.stringify(members), `map on ${iso} shows ${shown} but the Parties are ${members}`);
    const label = await page.textContent("#party-count");
    assert(label.includes(`${n} Parties on ${iso}`), `label: ${label}`);
    await page.screenshot({ path: `${SHOTS}/map-${iso}.png` });
  }
  // Before entry into force: none shown.
  await moveSlider(page, "1949-08-23");
  assert((await page.$$('#map path[data-party="true"]')).length === 0, "Parties shown before 24 August 1949");
});

await test("map: clicking a country opens its page", async page => {
  await page.goto(BASE + "/");
  await page.waitForSelector('#map path[data-code="FI"]');
  // A real mouse click on a point inside Finland's shape (found with isPointInFill).
  const pt = await page.$eval('#map path[data-code="FI"]', p => {
    const svg = p.ownerSVGElement, box = p.getBBox(), m = p.getScreenCTM(), q = svg.createSVGPoint();
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      q.x = box.x + box.width * i / 20; q.y = box.y + box.height * j / 20;
      if (p.isPointInFill(q)) { const r = q.matrixTransform(m); return { x: r.x, y: r.y }; }
    }
    return null;
  });
  assert(pt, "no point inside Finland");
  await page.mouse.click(pt.x, pt.y);
  await page.waitForSelector("#country-name");
  assert((await page.textContent("#country-name")).includes("Finland"), "not Finland's page");
  assert((await page.textContent("#country-status")) === "party", "Finland should be a Party");
  assert(await page.$("ol.steps li.done"), "no steps shown");
  await page.screenshot({ path: `${SHOTS}/country-FI.png`, fullPage: true });
});

await test("keyboard: Tab to a country and press Enter", async page => {
  await page.goto(BASE + "/");
  await page.waitForSelector('#map path[data-code="UA"]');
  await page.focus('#map path[data-code="UA"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector("#country-name");
  assert((await page.textContent("#country-name")).includes("Ukraine"), "Enter did not open Ukraine");
  assert(["applicant", "invited", "acceding"].includes(await page.textContent("#country-status")), "status");
});

await test("scenario: a third country's veto is refused", async page => {
  await page.goto(BASE + "/#/rules");
  await page.waitForSelector("#scenario-text");
  assert((await page.$$("tbody tr")).length >= 20, "rule catalogue missing");
  await page.click("#scenario-form button[type=submit]");
  await page.waitForSelector("#scenario-verdict");
  const verdict = await page.textContent("#scenario-verdict");
  assert(verdict.includes("1 event(s) refused"), verdict);
  assert((await page.textContent("#scenario-result")).includes("art10.no_third_country_veto"), "rule not named");
  await page.screenshot({ path: `${SHOTS}/scenario.png`, fullPage: true });
});

await test("ratification tracker and timeline show sources", async page => {
  await page.goto(BASE + "/#/ratifications/FI");
  await page.waitForSelector("#ratification-table tbody tr");
  assert((await page.$$("#ratification-table tbody tr")).length === 30, "30 Allies expected");
  assert(await page.$("svg.chart rect"), "no lag chart");
  await page.screenshot({ path: `${SHOTS}/ratifications-FI.png`, fullPage: true });
  await page.goto(BASE + "/#/timeline?country=SE");
  await page.waitForSelector("table tbody tr");
  assert(await page.$('table a[href^="http"]'), "no source links");
});

await test("gaps page lists what the record does not know, as the API does", async page => {
  const g = await api("/gaps");
  await page.goto(BASE + "/#/gaps");
  await page.waitForSelector("#gaps-table tbody tr");
  const rows = await page.$$eval("#gaps-table tbody tr", trs => trs.map(tr => [...tr.cells].map(td => td.textContent.trim())));
  assert(rows.length === g.protocols.length, `rows ${rows.length} vs API ${g.protocols.length}`);
  const se = g.protocols.find(p => p.candidates[0] === "SE");
  const seRow = rows.find(r => r[0] === "SE");
  assert(seRow && seRow[2] === `${se.parliament_stage_known}/${se.allies}`, JSON.stringify(seRow));
  await page.click('#gaps-table a[href="#/ratifications/SE"]');
  await page.waitForSelector("#ratification-table tbody tr");
  const cells = await page.$$eval("#ratification-table tbody tr", trs => trs.map(tr => tr.cells[1].textContent.trim()));
  assert(cells.includes("no vote"), "Canada and the UK should read 'no vote'");
  const t = await api("/ratifications/SE");
  const bounded = t.ratifications.filter(r => !r.deposited && r.deposited_on_or_before && !r.deposited_on_or_after).length;
  const deposits = await page.$$eval("#ratification-table tbody tr", trs => trs.map(tr => tr.cells[3].textContent.trim()));
  assert(deposits.filter(d => d.startsWith("≤")).length === bounded, `${bounded} upper-bounded deposits expected`);
  assert((await page.$$("svg.chart rect.bar-bound")).length > 0, "bounded deposits should be drawn");
  await page.screenshot({ path: `${SHOTS}/gaps.png`, fullPage: true });
});

await test("Article 6: shade the covered area, click to ask", async page => {
  await page.goto(BASE + "/");
  await page.waitForSelector("#map path[data-party]");
  await moveSlider(page, "2024-03-07");
  await page.check("#shade-coverage");
  await page.waitForSelector('#map[data-covered-on="2024-03-07"]');
  const shaded = await page.$$eval("#coverage-overlay path", ps => ps.map(p => p.dataset.id));
  const covered = new Set((await api("/coverage?on=2024-03-07")).filter(t => t.covered).map(t => t.id));
  assert(shaded.every(id => covered.has(id)), "a territory shaded that Article 5 does not cover");
  // Sweden, mainland Norway (Wikidata Q98059339) shaded; Ukraine and Hawaii (Q782) not.
  for (const id of ["SE", "Q98059339"]) assert(shaded.includes(id), `${id} not shaded`);
  for (const id of ["UA", "Q782"]) assert(!shaded.includes(id), `${id} shaded`);
  await page.check("#ask-mode");
  const pt = await page.$eval('#map path[data-code="NO"]', p => {
    const svg = p.ownerSVGElement, box = p.getBBox(), m = p.getScreenCTM(), q = svg.createSVGPoint();
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      q.x = box.x + box.width * i / 20; q.y = box.y + box.height * j / 20;
      if (p.isPointInFill(q)) { const r = q.matrixTransform(m); return { x: r.x, y: r.y }; }
    }
    return null;
  });
  await page.mouse.click(pt.x, pt.y);
  await page.waitForSelector("#coverage-verdict");
  assert((await page.textContent("#coverage-verdict")).startsWith("Covered"), await page.textContent("#coverage-answer"));
  assert((await page.textContent("#coverage-answer")).includes("Norway"), "reason should name Norway");
  await page.screenshot({ path: `${SHOTS}/coverage.png` });
});

await test("forecast page: chart and last-Ally shares", async page => {
  await page.goto(BASE + "/#/forecast/UA");
  await page.waitForSelector("#forecast table tr", { timeout: 30000 });
  const status = await page.textContent("#forecast-status");
  assert(/median \d{4}-\d{2}-\d{2}/.test(status), status);
  await page.waitForFunction(() => { const i = document.querySelector("#forecast img"); return i && i.complete && i.naturalWidth > 0; });
  await page.screenshot({ path: `${SHOTS}/forecast-UA.png`, fullPage: true });
});

await test("accessibility: axe-core finds no serious WCAG 2 A/AA violations", async page => {
  const pages = [["/", "#map path[data-party]"], ["/#/country/UA", "#country-name"], ["/#/timeline?country=FI", "table tbody tr"],
    ["/#/ratifications/SE", "#ratification-table tbody tr"], ["/#/rules", "#scenario-text"], ["/#/gaps", "#gaps-table tbody tr"]];
  const problems = [];
  for (const [url, ready] of pages) {
    await page.goto(BASE + url);
    await page.waitForSelector(ready);
    await page.evaluate(AXE);
    const r = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] }));
    for (const v of r.violations.filter(v => v.impact === "serious" || v.impact === "critical")) {
      problems.push(`${url}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
    }
  }
  assert(problems.length === 0, "\n" + problems.join("\n"));
}, { width: 1280, height: 900 }, { bypassCSP: true });

await test("phone-sized screen: no horizontal overflow", async page => {
  await page.goto(BASE + "/");
  await page.waitForSelector("#map path[data-party]");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page overflows horizontally by ${overflow}px`);
  await page.screenshot({ path: `${SHOTS}/phone-map.png`, fullPage: true });
}, { width: 390, height: 844 });

await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
