// Drives the watch page (GET /watch of a dev or sim build) in headless Chromium, as a
// person would: picks the users of both panels, asks, and waits for both answers.
//   node watch-page.mjs <base url> <format> <left user> <right user> [chromium]
// Prints one JSON line: for each panel the Genie statuses it showed, the SQL, the first
// result row and the answer text.
import { chromium } from "playwright-core";

const [base, format, leftUser, rightUser, executable = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(base + "/watch");
  await page.selectOption("#format", format);
  await page.selectOption("#left .user", leftUser);
  await page.selectOption("#right .user", rightUser);
  await page.click("#go");
  const done = (side) => page.waitForFunction((s) => {
    const panel = document.querySelector("#" + s);
    return panel.querySelector(".error").textContent !== ""
      || (panel.querySelector(".rows tr") !== null && /\d/.test(panel.querySelector(".answer").textContent)
        && panel.querySelector(".answer").textContent.includes("According to Genie"));
  }, side, { timeout: 60000 });
  await Promise.all([done("left"), done("right")]);
  const read = (side) => page.evaluate((s) => {
    const panel = document.querySelector("#" + s);
    return {
      statuses: [...panel.querySelectorAll(".statuses li")].map((li) => li.textContent),
      sql: panel.querySelector(".sql").textContent,
      row: [...panel.querySelectorAll(".rows tr:nth-child(2) td")].map((td) => td.textContent),
      answer: panel.querySelector(".answer").textContent,
      error: panel.querySelector(".error").textContent,
    };
  }, side);
  console.log(JSON.stringify({ left: await read("left"), right: await read("right") }));
} finally {
  await browser.close();
}
