// Lighthouse's accessibility score of each URL given, in one Chromium (CHROME_PATH, headless, no
// sandbox): one JSON line per URL. Run by tests/e2e/test_accessibility.py.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

// Accessibility only; no waiting for the page to settle, no throttling, no screenshots: the audits
// read the page once it has loaded, and none of them depend on timing.
const CONFIG = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: ["accessibility"],
    throttlingMethod: "provided",
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    disableFullPageScreenshot: true,
    skipAboutBlank: true,
  },
};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  for (const url of process.argv.slice(2)) {
    const { lhr } = await lighthouse(url, { port: chrome.port, logLevel: "error" }, CONFIG);
    const failing = Object.values(lhr.audits)
      .filter((audit) => audit.scoreDisplayMode === "binary" && audit.score !== 1)
      .map((audit) => audit.id);
    const error = lhr.runtimeError ? lhr.runtimeError.message : null;
    console.log(JSON.stringify({ url, score: lhr.categories.accessibility.score, failing, error }));
  }
} finally {
  await chrome.kill();
}
