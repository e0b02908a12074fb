// A small stand-in for the markdown subset Teams renders in TextBlocks and
// facts: **bold**, _italic_, `code`, [links](url), "- " and "1. " lists,
// backslash escapes, and linkified bare URLs and e-mail addresses (as Teams
// does). It lets the checks and the gallery see text the way a user would:
// a user string that comes out as a link here would be a link in Teams.
const ESCAPABLE = /\\([\\`*_{}\[\]()#+\-.!|~<>])/g;
const html = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function inline(text) {
  const kept = [];
  const keep = (s) => `\u0001${kept.push(s) - 1}\u0002`;
  let s = text.replace(ESCAPABLE, (_, ch) => keep(html(ch)));
  s = s.replace(/`([^`]+)`/g, (_, code) => keep(`<code>${html(code)}</code>`));
  s = html(s);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, t, u) => keep(`<a href="${u}">${t}</a>`));
  s = s.replace(/\b(?:https?:\/\/|www\.)[^\s<]+/gi, (u) => keep(`<a href="${u}">${u}</a>`));
  s = s.replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, (m) => keep(`<a href="mailto:${m}">${m}</a>`));
  s = s.replace(/\*\*(?=\S)(.+?)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/(^|\W)_(?=\S)(.+?)_(?=\W|$)/g, "$1<em>$2</em>");
  return s.replace(/\u0001(\d+)\u0002/g, (_, i) => kept[Number(i)]);
}

export function teamsMarkdown(text) {
  const out = [];
  let list = null;
  for (const line of text.split(/\r?\n|\r/)) {
    const item = /^\s*(?:([-+*])|(\d+)[.)])\s+(.*)$/.exec(line);
    const kind = item ? (item[1] ? "ul" : "ol") : null;
    if (list && kind !== list) { out.push(`</${list}>`); list = null; }
    if (item) {
      if (!list) { out.push(`<${kind}>`); list = kind; }
      out.push(`<li>${inline(item[3])}</li>`);
    } else {
      out.push(`${inline(line)}<br>`);
    }
  }
  if (list) out.push(`</${list}>`);
  return out.join("").replace(/(<br>)+$/, "");
}

export function enableMarkdown(AC) {
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = teamsMarkdown(text);
    result.didProcess = true;
  };
}
