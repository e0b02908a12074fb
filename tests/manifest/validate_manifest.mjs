// Validates a Teams manifest and its localisation files against the official
// JSON schemas shipped in @microsoft/app-manifest (draft-04, hence ajv-draft-04).
// Usage: node validate_manifest.mjs <version> <manifest.json> [<localization.json> ...]
// Prints a JSON report {file: [errors]} and exits 0 (the caller decides).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const [version, manifestPath, ...localizationPaths] = process.argv.slice(2);
const schemaDir = require.resolve("@microsoft/app-manifest/package.json").replace(
  /package\.json$/, `build/json-schemas/teams/v${version}/`,
);
const load = (path) => JSON.parse(readFileSync(path, "utf8"));
// The schemas use patterns that are valid only without the "u" flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validators = {
  manifest: ajv.compile(load(`${schemaDir}MicrosoftTeams.schema.json`)),
  localization: ajv.compile(load(`${schemaDir}MicrosoftTeams.Localization.schema.json`)),
};

const report = {};
const check = (kind, path) => {
  const ok = validators[kind](load(path));
  report[path] = ok ? [] : validators[kind].errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
};
check("manifest", manifestPath);
for (const path of localizationPaths) check("localization", path);
process.stdout.write(JSON.stringify(report));
