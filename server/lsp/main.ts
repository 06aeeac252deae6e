// Entry point of the bundled language server (dist/server.js): stdio or IPC, as the client chooses.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server.js";

startServer(createConnection(ProposedFeatures.all));
