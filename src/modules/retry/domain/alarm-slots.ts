/** Alarms ring at most this late, so work due close together shares one job. */
export const ALARM_SLOT_MS = 100;

/** The distinct slots these times fall in, each rounded up to its slot's end, in the order first met. */
export function alarmSlots(times: readonly Date[]): Date[] {
  const slots = new Set(times.map((at) => Math.ceil(at.getTime() / ALARM_SLOT_MS) * ALARM_SLOT_MS));
  return [...slots].map((slot) => new Date(slot));
}
