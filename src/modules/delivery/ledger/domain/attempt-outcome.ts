/** The error recorded for an attempt: the sender's code and message, or the unaccepted status. */
export function attemptError(result: { status: number | null; error: string | null; errorMessage: string | null }, accepted: boolean): string | null {
  if (accepted) return null;
  if (result.error !== null) return `${result.error}: ${result.errorMessage ?? ''}`.trim();
  return `unaccepted_status: the receiver answered ${result.status}`;
}
