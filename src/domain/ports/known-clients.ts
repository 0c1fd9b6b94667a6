/** Clients' answer to "does this client exist?", for operators who name a client. Provided by the Clients module. */
export abstract class KnownClients {
  abstract exists(clientId: string): Promise<boolean>;
}
