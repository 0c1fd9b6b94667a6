/** Resolves a client's API key to its client id. Provided by the Clients module. */
export abstract class ApiKeys {
  abstract clientIdFor(apiKey: string): Promise<string | null>;
}
