/** A setting is missing or wrong: the message names the variable, never a secret's value. */
export class ConfigurationError extends Error {}
