// Renders Adaptive Cards to PNG with the official `adaptivecards` renderer in
// headless Chromium, under our Teams-like host config and markdown subset.
// Usage: node render.mjs <cards.json> <out-dir>   (cards.json: [{"name", "card"}])
// Uses the system Chromium (CHROMIUM env var, default /usr/bin/chromium);
// never downloads a browser.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [cardsPath, outDir] = process.argv.slice(2);
const cards = JSON.parse(readFileSync(cardsPath, "utf8"));
const hostConfig = JSON.parse(readFileSync(join(root, "cards", "teams_host_config.json"), "utf8"));
// The markdown helper is an ES module for Node; in the page it runs as a plain script.
const markdown = readFileSync(join(root, "tests", "cards", "teams_markdown.mjs"), "utf8")
  .replace(/^export /gm, "");

const css = `
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #frame { width: 640px; margin: 16px; background: #FFF; border-radius: 6px;
           box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
  .ac-pushButton { font: 600 14px 'Segoe UI', 'Noto Sans', sans-serif; color: #242424; background: #FFF;
                   border: 1px solid #D1D1D1; border-radius: 4px; padding: 6px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFF; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input { font: 14px 'Segoe UI', 'Noto Sans', sans-serif; }
  .ac-textBlock p { margin: 0; }
  .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; }
  code { font-family: Consolas, 'DejaVu Sans Mono', monospace; background: #F0F0F0; padding: 0 3px; }
`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 680, height: 400 }, deviceScaleFactor: 1 });
  // Nothing leaves the machine: every request the page would make is refused.
  await page.route("**/*", (route) => route.abort());
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><div id="frame"></div></body></html>`);
  await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.js") });
  await page.addScriptTag({ content: markdown });
  for (const { name, card } of cards) {
    await page.evaluate(({ card, hostConfig }) => {
      const AC = window.AdaptiveCards;
      AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
        result.outputHtml = teamsMarkdown(text);
        result.didProcess = true;
      };
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig(hostConfig);
      adaptive.parse(card);
      const frame = document.getElementById("frame");
      frame.replaceChildren(adaptive.render());
    }, { card, hostConfig });
    await page.locator("#frame").screenshot({ path: join(outDir, `${name}.png`) });
    process.stdout.write(`${name}.png\n`);
  }
} finally {
  await browser.close();
}
