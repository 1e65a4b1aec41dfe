// Validates YAML files with the YAML language server (the engine of VS Code's YAML
// extension), used as a library: the schema comes from each file's modeline.
// Usage: node yamlls.js validate FILE...   -> JSON {file: [diagnostics]}
//        node yamlls.js complete FILE LINE COLUMN -> JSON [labels]
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");
const { getLanguageService } = require("yaml-language-server/lib/umd/languageservice/yamlLanguageService");
const { TextDocument } = require("vscode-languageserver-textdocument");

const service = getLanguageService({
  schemaRequestService: async (uri) => {
    if (!uri.startsWith("file:")) throw new Error(`refusing to fetch ${uri}`);
    return fs.readFileSync(fileURLToPath(uri), "utf8");
  },
  workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).href },
});
service.configure({ validate: true, completion: true, hover: true, yamlVersion: "1.2", customTags: [] });

function open(file) {
  const uri = pathToFileURL(path.resolve(file)).href;
  return TextDocument.create(uri, "yaml", 1, fs.readFileSync(file, "utf8"));
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "validate") {
    const out = {};
    for (const file of args) {
      const diagnostics = await service.doValidation(open(file), false);
      out[file] = diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: d.severity,
        message: d.message,
      }));
    }
    process.stdout.write(JSON.stringify(out, null, 2));
  } else if (mode === "complete") {
    const [file, line, column] = args;
    const list = await service.doComplete(open(file), { line: Number(line) - 1, character: Number(column) - 1 }, false);
    process.stdout.write(JSON.stringify(list.items.map((i) => i.label).sort()));
  } else {
    throw new Error("usage: yamlls.js validate FILE... | complete FILE LINE COLUMN");
  }
}
main().catch((err) => { console.error(err); process.exit(1); });
