// Lays Adaptive Cards out as Teams would show them, with the official renderer in
// headless Chromium under our Teams-like host config, and measures where things
// end up. Reads [{"name", "card"}] as JSON on stdin; writes {name: {"height",
// "firstButton", "firstInput", "firstWarning"}} (pixels from the card's top, or
// null) on stdout. Uses the system Chromium (CHROMIUM, default /usr/bin/chromium);
// never downloads a browser, and the page may not fetch anything.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cards = JSON.parse(readFileSync(0, "utf8"));
const hostConfig = JSON.parse(readFileSync(join(root, "cards", "teams_host_config.json"), "utf8"));
const markdown = readFileSync(join(root, "tests", "cards", "teams_markdown.mjs"), "utf8")
  .replace(/^export /gm, "");
// Teams' chat column: a card is about 540 px wide on a desktop.
const css = `body { margin: 0; font: 14px 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #frame { width: 540px; } .ac-pushButton { font: 600 14px sans-serif; padding: 6px 12px;
  min-height: 32px; } .ac-textBlock p { margin: 0; }`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const report = {};
try {
  const page = await browser.newPage({ viewport: { width: 560, height: 800 } });
  await page.route("**/*", (route) => route.abort());
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head>` +
                        `<body><div id="frame"></div></body></html>`);
  await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.js") });
  await page.addScriptTag({ content: markdown });
  for (const { name, card, find, button } of cards) {
    report[name] = await page.evaluate(({ card, hostConfig, find, button }) => {
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
      const top = frame.getBoundingClientRect().top;
      const first = (selector) => {
        const found = [...frame.querySelectorAll(selector)]
          .filter((e) => e.getBoundingClientRect().height > 0);
        return found.length ? Math.round(found[0].getBoundingClientRect().top - top) : null;
      };
      return {
        height: Math.round(frame.getBoundingClientRect().height),
        firstButton: first(".ac-pushButton"),
        firstInput: first("input, textarea, select"),
        found: find ? (() => {
          const hit = [...frame.querySelectorAll(".ac-textBlock")]
            .find((e) => e.textContent.includes(find));
          return hit ? Math.round(hit.getBoundingClientRect().top - top) : null;
        })() : null,
        button: button ? (() => {
          const hit = [...frame.querySelectorAll(".ac-pushButton")]
            .find((e) => e.textContent.trim() === button);
          return hit ? Math.round(hit.getBoundingClientRect().top - top) : null;
        })() : null,
      };
    }, { card, hostConfig, find, button });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
