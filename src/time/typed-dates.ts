/**
 * The dates people type for exemptions and plan progress. A date alone is a Kyiv calendar day: `--until
 * 05.07.2019` keeps notices quiet through that Friday and lets them resume at 00:00 of the next day, as a plan
 * deadline day is the last day allowed.
 */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { kyivDay, parseInstant } from './days';

const DATE_ONLY = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\s*$/;
const FORMS = 'пишіть 2019-07-05 або 05.07.2019 (день за Києвом), або 2019-07-05T14:30';

function parse(text: string, flag: string): { at: DateTime; dayOnly: boolean } {
  const at = parseInstant(text);
  if (at === null) throw new OdmonError('E_INPUT', `${flag} "${text}" — не дата`, { hint: FORMS });
  return { at, dayOnly: DATE_ONLY.test(text) };
}

/** `--at`, `--since`: a day means 00:00 Kyiv of it; a date-time is taken as given. */
export function parseMoment(text: string, flag: string): DateTime {
  return parse(text, flag).at;
}

/** `--review-by`: the review day, as 00:00 Kyiv of it (the reminder starts that day). */
export function parseDay(text: string, flag: string): DateTime {
  return kyivDay(parse(text, flag).at);
}

/** `--until`: the first moment notices may resume; a day means through the whole of that day. */
export function parseUntil(text: string, flag = '--until'): DateTime {
  const { at, dayOnly } = parse(text, flag);
  return dayOnly ? at.plus({ days: 1 }) : at;
}

// The CLI reads it from here; notify and the exemptions take it from src/time.
export { untilText } from './until-text';
