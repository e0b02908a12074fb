// Checks Adaptive Cards with the official `adaptivecards` library, the way a
// host does: parse (collecting every parse event, e.g. unknown element or
// action types), validate properties, then render to HTML under a Teams-like
// host config. Reads [{"name", "card"}] as JSON on stdin, writes a JSON report
// {name: {"errors": [...], "html": <rendered HTML>, "markdownText": <text of text blocks and facts>,
// "mentionTags": <number of <at> elements>}} on stdout.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";
import { enableMarkdown } from "./teams_markdown.mjs";

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
// The renderer uses DOM classes (HTMLButtonElement, ...) as globals, as in a browser.
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globalThis || !/^[A-Z]/.test(key)) continue;
  globalThis[key] = dom.window[key];
}
globalThis.window = dom.window;
globalThis.document = dom.window.document;
// lib/ is extensionless ESM that Node cannot load; dist/ is the UMD bundle the library ships.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js");

enableMarkdown(AC);
// The library's "lang" check uses a regex with the global flag, whose lastIndex
// survives between cards, so "en" after "sv" is wrongly rejected. Reset it.
const langRegEx = AC.CardElement.langProperty.regEx;

const here = dirname(fileURLToPath(import.meta.url));
const hostConfigJson = JSON.parse(
  readFileSync(join(here, "..", "..", "cards", "teams_host_config.json"), "utf8"),
);
const hostConfig = new AC.HostConfig(hostConfigJson);
const eventName = (e) => AC.ValidationEvent[e.event] ?? String(e.event);

function check(payload) {
  const errors = [];
  if (payload.version !== "1.5") errors.push(`version is ${payload.version}, expected 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  if (langRegEx) langRegEx.lastIndex = 0;
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.parse(payload, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    errors.push(`parse: ${eventName(e)}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    errors.push(`validate: ${eventName(e)}: ${e.message}`);
  }
  let html = "";
  let markdownText = "";
  let mentionTags = 0;
  try {
    const element = card.render();
    if (!element) errors.push("render: nothing rendered");
    else {
      html = element.outerHTML;
      // What the reader sees in markdown-rendered places (text blocks, facts).
      markdownText = [...element.querySelectorAll(".ac-textBlock, .ac-factset")]
        .map((e) => e.textContent).join("\n");
      mentionTags = element.getElementsByTagName("at").length;
    }
  } catch (err) {
    errors.push(`render: ${err}`);
  }
  return { errors, html, markdownText, mentionTags };
}

const input = JSON.parse(readFileSync(0, "utf8"));
const report = {};
for (const { name, card } of input) report[name] = check(card);
process.stdout.write(JSON.stringify(report));
