/**
 * Publication deadlines for a whole register as of one `now`. What a dataset's deadline says depends only on
 * the Kyiv day of its last update and its period, so each (day, period) pair is computed once. For a period
 * of whole calendar units (P1M, P3M, P1W, …) the pair is plain date arithmetic on day numbers — luxon's own
 * rule: months first, the day clamped to the month's end (31.01 + P1M = 28.02), then days — because luxon in
 * Europe/Kyiv costs tens of microseconds a call and a national register has tens of thousands of pairs.
 * Periods in hours, grace days that publicationDeadline refuses, and days whose Kyiv midnight cannot be told
 * cheaply go through publication.ts itself, unchanged.
 */
import type { DateTime, Duration } from 'luxon';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay, toStoredInstant } from './days';
import { addPeriod } from './frequency';
import { kyivDayOf } from './days';
import { DAY_MS, FIRST_FAST_DAY, LAST_FAST_DAY, dayNumber, kyivMidnightOf, shownDateOf } from './kyiv-dates';
import { daysOverdue, publicationDeadline } from './publication';

/** The Kyiv day of a last update. */
export interface UpdateDay {
  /** Day number (days since 1970-01-01). */
  readonly n: number;
  /** `30.06.2019`, as formatDate prints it. */
  readonly shown: string;
  /** Kyiv calendar days from that day to now's. */
  readonly daysSinceUpdate: number;
  /** One stored instant of that day, for the luxon path. */
  readonly stored: string;
}

/** The deadline earned by an update on one day with one period. */
export interface PublicationSchedule {
  /** `30.06.2019`: the last day on time. */
  readonly deadline: string;
  /** The first overdue instant (00:00 Kyiv of the next day), stored form. */
  readonly dueAt: string;
  readonly daysOverdue: number;
  /** Length of the period in Kyiv calendar days, counted from the update's day. */
  readonly periodDays: number;
}

interface CalendarUnits {
  readonly months: number;
  readonly days: number;
}

/** Whole months and days, when the period has nothing else (no hours, no fractions, nothing negative). */
function calendarUnits(period: Duration): CalendarUnits | null {
  if (!period.isValid) return null;
  const o = period.toObject();
  for (const [unit, value] of Object.entries(o)) {
    if (!['years', 'quarters', 'months', 'weeks', 'days'].includes(unit) || !Number.isInteger(value)) return null;
  }
  const units = { months: (o.years ?? 0) * 12 + (o.quarters ?? 0) * 3 + (o.months ?? 0), days: (o.weeks ?? 0) * 7 + (o.days ?? 0) };
  return units.months >= 0 && units.days >= 0 ? units : null;
}

/** Day number + whole months, the day of the month clamped to the target month's length (as luxon's plus does). */
function plusMonths(n: number, months: number): number {
  if (months === 0) return n;
  const d = new Date(n * DAY_MS);
  const total = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dayNumber(year, month + 1, Math.min(d.getUTCDate(), length));
}

export class PublicationCalendar {
  private readonly days = new Map<number, UpdateDay>();
  private readonly shown = new Map<number, string>();
  private readonly units = new Map<Duration, CalendarUnits | null>();
  private readonly schedules = new Map<Duration, Map<number, PublicationSchedule>>();
  private readonly todayN: number;
  private readonly arithmetic: boolean;

  constructor(
    private readonly now: DateTime,
    private readonly graceDays: number,
  ) {
    const today = kyivDay(now);
    this.todayN = dayNumber(today.year, today.month, today.day);
    this.arithmetic = Number.isInteger(graceDays) && graceDays >= 0;
  }

  /** The day of a stored last-update instant (a damaged one throws as fromStoredInstant does). */
  lastUpdate(stored: string): UpdateDay {
    const n = kyivDayOf(stored);
    let u = this.days.get(n);
    if (u === undefined) {
      const shown = n >= FIRST_FAST_DAY && n <= LAST_FAST_DAY ? this.shownDate(n) : formatDate(fromStoredInstant(stored));
      u = { n, shown, daysSinceUpdate: this.todayN - n, stored };
      this.days.set(n, u);
    }
    return u;
  }

  /** The deadline of an update on `u` with `period` (graceDays included). */
  schedule(u: UpdateDay, period: Duration): PublicationSchedule {
    let byDay = this.schedules.get(period);
    if (byDay === undefined) {
      byDay = new Map();
      this.schedules.set(period, byDay);
    }
    let s = byDay.get(u.n);
    if (s === undefined) {
      s = this.byArithmetic(u, period) ?? this.byLuxon(u, period);
      byDay.set(u.n, s);
    }
    return s;
  }

  /** `30.06.2019` for a day number inside FIRST_FAST_DAY…LAST_FAST_DAY. */
  private shownDate(n: number): string {
    let s = this.shown.get(n);
    if (s === undefined) {
      s = shownDateOf(n);
      this.shown.set(n, s);
    }
    return s;
  }

  private byArithmetic(u: UpdateDay, period: Duration): PublicationSchedule | null {
    if (!this.arithmetic) return null;
    let units = this.units.get(period);
    if (units === undefined) {
      units = calendarUnits(period);
      this.units.set(period, units);
    }
    if (units === null || u.n < FIRST_FAST_DAY || u.n > LAST_FAST_DAY) return null;
    const periodEnd = plusMonths(u.n, units.months) + units.days;
    const deadline = periodEnd + this.graceDays;
    // The deadline day's own midnight must exist too: dueAt is that day's start plus one day.
    const dueAt = kyivMidnightOf(deadline + 1);
    if (dueAt === null || kyivMidnightOf(deadline) === null) return null;
    return { deadline: this.shownDate(deadline), dueAt, daysOverdue: this.todayN - deadline, periodDays: periodEnd - u.n };
  }

  /** publication.ts as the dataset facts always used it. */
  private byLuxon(u: UpdateDay, period: Duration): PublicationSchedule {
    const day = kyivDay(fromStoredInstant(u.stored));
    const { deadlineDay, dueAt } = publicationDeadline(day, period, this.graceDays);
    return {
      deadline: formatDate(deadlineDay),
      dueAt: toStoredInstant(dueAt),
      daysOverdue: daysOverdue(deadlineDay, this.now),
      periodDays: calendarDaysBetween(day, addPeriod(day, period)),
    };
  }
}
