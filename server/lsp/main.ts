// Entry point of the bundled language server (dist/server.js): stdio or IPC, as the client chooses.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { setDocsBase } from "../../rules/index.js";
import { startServer } from "./server.js";

// Rule links (diagnostic code links, hovers) open the rule pages shipped beside the server, so they work offline.
const bundledDocs = join(__dirname, "..", "docs", "rules");
if (existsSync(bundledDocs)) setDocsBase(`${pathToFileURL(bundledDocs).href}/`);

startServer(createConnection(ProposedFeatures.all));
