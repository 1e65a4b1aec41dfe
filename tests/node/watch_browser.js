// Opens a page served by `cjm render --watch` in headless Chromium, saves the journey with a new
// title, and reports whether the page reloaded by itself under the handout's Content-Security-Policy.
// Usage: node watch_browser.js URL JOURNEY.yaml NEW_TITLE   -> JSON on stdout
"use strict";
const fs = require("fs");
const puppeteer = require("puppeteer-core");

(async () => {
  const [url, journey, title] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
    headless: true,
  });
  const result = { reloaded: false, console: [], errors: [], before: "", after: "" };
  try {
    const page = await browser.newPage();
    page.on("console", (msg) => result.console.push({ type: msg.type(), text: msg.text() }));
    page.on("pageerror", (err) => result.errors.push(String(err && err.message ? err.message : err)));
    await page.goto(url, { waitUntil: "load" });
    result.before = await page.title();
    // let the snippet read the first version before the save
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const navigation = page.waitForNavigation({ timeout: 30000, waitUntil: "load" });
    const text = fs.readFileSync(journey, "utf8").replace(/^title: .*$/m, `title: ${title}`);
    fs.writeFileSync(journey, text);
    await navigation;
    result.reloaded = true;
    result.after = await page.title();
  } catch (err) {
    result.errors.push(String(err && err.message ? err.message : err));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
})();
