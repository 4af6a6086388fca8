// Bundles sdk-entry.js (Telegram's Mini Apps SDK from npm) into one script the bot serves itself (no CDN),
// with the licence texts of every package inside it next to it. Deterministic: pinned versions
// (package-lock.json), no timestamps, sorted licences, so CI rebuilds and compares (`make webapp-check`).
// Usage: node build.mjs [output directory]
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const outDir = process.argv[2] || "../bot/webapp/static";
const pkg = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const sdk = pkg("node_modules/@telegram-apps/sdk");
const esbuildVersion = pkg("node_modules/esbuild").version;
const banner = `/*! ${sdk.name} ${sdk.version} (${sdk.license} licence, ${sdk.homepage}) and its dependencies, ` +
  `bundled by esbuild ${esbuildVersion} from webapp/ (make webapp); licences: telegram-sdk.licenses.txt. ` +
  "Generated: do not edit. */";

const result = await build({
  entryPoints: ["sdk-entry.js"], bundle: true, format: "iife", globalName: "TelegramSDK", minify: true,
  target: "es2020", legalComments: "eof", charset: "utf8", metafile: true,
  banner: { js: banner }, outfile: join(outDir, "telegram-sdk.js"), logLevel: "warning",
});

// Every package a bundled file came from, with its licence file.
const dirs = new Set(Object.keys(result.metafile.inputs)
  .map((path) => path.match(/^(node_modules\/(?:@[^/]+\/)?[^/]+)\//))
  .filter(Boolean).map((m) => m[1]));
const sections = [...dirs].sort().map((dir) => {
  const info = pkg(dir);
  const file = readdirSync(dir).find((name) => /^licen[cs]e/i.test(name));
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8").trim() : info.license;
  return `${info.name} ${info.version} (${info.license})\n\n${text}\n`;
});
writeFileSync(join(outDir, "telegram-sdk.licenses.txt"),
  `Packages bundled in telegram-sdk.js (${sections.length}):\n\n${sections.join("\n" + "-".repeat(72) + "\n\n")}`);
