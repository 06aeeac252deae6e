// Drops a didChange whose version is not newer than the document's: applying an older edit late would lose the newer text.
import type { Connection, DidChangeTextDocumentParams, NotificationHandler, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";

/**
 * The connection as `documents.listen` should see it: the same, except that a change whose version is not greater
 * than the synchronised document's version (version 3 arriving after 5) is ignored with a log line. Versions only
 * grow in LSP, so such a change is a replay or an out-of-order delivery: its incremental ranges refer to an older text,
 * and applying it would replace the newer text the editor shows with one it no longer has.
 */
export function ignoringStaleChanges(connection: Connection, documents: TextDocuments<TextDocument>, log: (message: string) => void): Connection {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop !== "onDidChangeTextDocument") return Reflect.get(target, prop, receiver);
      return (handler: NotificationHandler<DidChangeTextDocumentParams>) => target.onDidChangeTextDocument((event) => {
        const current = documents.get(event.textDocument.uri);
        if (current && typeof event.textDocument.version === "number" && event.textDocument.version <= current.version) {
          log(`kubeready: ignored a change to ${event.textDocument.uri} at version ${event.textDocument.version}: the document is already at version ${current.version}`);
          return;
        }
        return handler(event);
      });
    },
  });
}
