import { getHolidays } from 'feiertagejs';

/** German federal states (feiertagejs region codes) whose public holidays a queue may follow. */
export const federalStates = ['BW', 'BY', 'BE', 'BB', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type FederalState = (typeof federalStates)[number];

/** The legal date of receipt is a calendar day in Germany, whatever the server's time zone. */
const berlinDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 'YYYY-MM-DD' of an instant in Europe/Berlin. */
export function berlinDay(instant: Date): string {
  return berlinDate.format(instant);
}

const holidayCache = new Map<string, ReadonlySet<string>>();

function holidaysOf(year: number, state: FederalState): ReadonlySet<string> {
  const key = `${state}:${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    // dateString is built from the holiday's local calendar fields, so it does not shift with the time zone.
    days = new Set(getHolidays(year, state).map((holiday) => holiday.dateString));
    holidayCache.set(key, days);
  }
  return days;
}

function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a calendar day: ${day}`);
  return new Date(`${day}T00:00:00Z`);
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + 1);
  return formatDay(date);
}

/** Monday to Friday and not a public holiday of the state. */
export function isBusinessDay(day: string, state: FederalState): boolean {
  const date = parseDay(day);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidaysOf(date.getUTCFullYear(), state).has(day);
}

/**
 * Due date of a request: the legal date of receipt plus the SLA in business
 * days. A letter received on a weekend or a public holiday counts as received
 * on the next business day (nobody could have read it before), so the SLA
 * starts there: received Saturday with 1 business day → due Tuesday.
 * An SLA of 0 days means due on the (effective) day of receipt.
 */
export function dueDate(receivedOn: string, slaBusinessDays: number, state: FederalState): string {
  if (!Number.isInteger(slaBusinessDays) || slaBusinessDays < 0) throw new Error(`invalid SLA: ${slaBusinessDays}`);
  let day = receivedOn;
  while (!isBusinessDay(day, state)) day = nextDay(day);
  for (let remaining = slaBusinessDays; remaining > 0; ) {
    day = nextDay(day);
    if (isBusinessDay(day, state)) remaining -= 1;
  }
  return day;
}

/** Due date for a receipt instant (documents.received_at). */
export function dueDateFor(receivedAt: Date, slaBusinessDays: number, state: FederalState): string {
  return dueDate(berlinDay(receivedAt), slaBusinessDays, state);
}

export function asFederalState(value: string): FederalState {
  if ((federalStates as readonly string[]).includes(value)) return value as FederalState;
  throw new Error(`unknown federal state ${value}`);
}
