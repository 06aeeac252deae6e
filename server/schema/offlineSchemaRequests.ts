// The only way the embedded yaml-language-server may obtain a schema: from memory, never from disk or the network.

/**
 * A schemaRequestService that answers from `served` (uri -> JSON text) and rejects every other uri,
 * http(s) included, so a `$schema` modeline or an external `$ref` fails closed with a visible diagnostic.
 */
export function offlineSchemaRequests(served: ReadonlyMap<string, string>): (uri: string) => Promise<string> {
  return async (uri: string) => {
    const text = served.get(uri);
    if (text === undefined) throw new Error(`kubeready fetches no schemas (offline): ${uri}`);
    return text;
  };
}
