// Opens rendered HTML files in headless Chromium (the system one; puppeteer never downloads a
// browser here) and reports what the tests check: console messages, page errors, every
// request URL, a screenshot, print-to-PDF and an axe-core accessibility run.
// Usage: node render_browser.js OUTDIR FILE.html...   -> JSON on stdout, one entry per file
// Env: CHROMIUM (default /usr/bin/chromium), WIDTH (default 1440), PRINT_SCREENSHOT=1 (also
// a screenshot of the print layout).
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const puppeteer = require("puppeteer-core");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function check(browser, file, outdir) {
  const page = await browser.newPage();
  const width = Number(process.env.WIDTH || 1440);
  await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
  const consoleMessages = [];
  const pageErrors = [];
  const requests = [];
  page.on("console", (msg) => consoleMessages.push({ type: msg.type(), text: msg.text() }));
  page.on("pageerror", (err) => pageErrors.push(String(err && err.message ? err.message : err)));
  page.on("request", (req) => requests.push(req.url()));
  page.on("requestfailed", (req) => pageErrors.push(`request failed: ${req.url()}`));
  const url = pathToFileURL(path.resolve(file)).href;
  await page.goto(url, { waitUntil: "load" });
  const base = path.join(outdir, path.basename(file, ".html"));
  const screen = `${base}.screen.png`;
  if (!process.env.NO_SCREENSHOT) await page.screenshot({ path: screen, fullPage: true });
  const dims = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    text: document.body.innerText.length,
    scripts: document.querySelectorAll("script").length,
    title: document.title,
  }));
  // Accessibility: axe-core injected by the test harness (the page itself has no script).
  // AXE_FILES (comma-separated file names) limits the runs to those files.
  const axeHere = !process.env.AXE_FILES || process.env.AXE_FILES.split(",").includes(path.basename(file));
  await page.evaluate(AXE);
  const axe = !axeHere ? null : await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  let printShot = null;
  if (process.env.PRINT_SCREENSHOT) {
    // A look at the print layout (A3 landscape at 96 dpi), for people reviewing the design.
    await page.emulateMediaType("print");
    await page.setViewport({ width: 1587, height: 1123, deviceScaleFactor: 1 });
    printShot = `${base}.print.png`;
    await page.screenshot({ path: printShot, fullPage: true });
    await page.emulateMediaType("screen");
  }
  let print = null;
  if (process.env.PRINT_CHECK) print = await printFacts(page, axeHere);
  const pdfPath = `${base}.pdf`;
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.close();
  return {
    file,
    console: consoleMessages,
    errors: pageErrors,
    requests,
    screenshot: screen,
    print_screenshot: printShot,
    pdf: pdfPath,
    pdf_bytes: fs.statSync(pdfPath).size,
    dims,
    axe,
    print,
  };
}

// The print layout as the sheets get it: the viewport is the paper's printable width (from the
// map's data-paper, in mm, less the 10 mm margins), print media emulated. Reports cells whose
// content is wider than the cell, maps wider than the sheet, the flow marks and an axe-core run.
async function printFacts(page, axeHere) {
  const paper = await page.evaluate(() => document.querySelector("[data-paper]")?.dataset.paper);
  if (!paper) return null;
  const [wmm, hmm] = paper.split("x").map(Number);
  const px = (mm) => Math.floor(((mm - 20) * 96) / 25.4);
  await page.emulateMediaType("print");
  await page.setViewport({ width: px(wmm), height: px(hmm), deviceScaleFactor: 1 });
  const facts = await page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0;
    const maps = [...document.querySelectorAll(".map")].filter(visible);
    const overflow = [];
    for (const map of maps) {
      for (const cell of map.children) {
        if (cell.scrollWidth > cell.clientWidth + 1) overflow.push(cell.className + ": " + cell.textContent.slice(0, 60));
      }
    }
    const width = document.documentElement.clientWidth;
    return {
      viewport: width,
      maps: maps.length,
      wide_maps: maps.filter((m) => m.getBoundingClientRect().right > width + 1).length,
      overflow,
      flow: [...document.querySelectorAll(".map-scroll .flow-mark")].map((m) => m.className.replace("flow-mark ", "") + ": " + m.textContent.trim()),
      forks: document.querySelectorAll(".map-scroll .fork").length,
      broken: document.querySelectorAll(".map-scroll .curve .broken").length,
      sheet_numbers: [...document.querySelectorAll(".sheet-number")].filter(visible).map((e) => e.textContent.trim()),
      lanes: [...document.querySelectorAll(".map-scroll .lane-head .lane-title")].map((e) => e.textContent.trim()),
    };
  });
  facts.axe = !axeHere ? null : await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  await page.emulateMediaType(null);
  // Back to the screen's viewport: page.pdf lays the page out anew, but from this viewport's width.
  await page.setViewport({ width: Number(process.env.WIDTH || 1440), height: 900, deviceScaleFactor: 1 });
  return facts;
}

async function main() {
  const [outdir, ...files] = process.argv.slice(2);
  fs.mkdirSync(outdir, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--allow-file-access-from-files",
    ],
  });
  const results = [];
  try {
    for (const file of files) results.push(await check(browser, file, outdir));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results, null, 1));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
