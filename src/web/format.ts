/** How pages write dates, numbers and counts: as every message does (30.06.2019, Kyiv time; 85,7 %; 1 день, 2 дні). */
import { changeText, percentText } from '../charts/svg';
import { formatDateTime, fromStoredInstant } from '../time/days';
import { shownDeadlineDay, shownKyivDay } from '../views/kyiv-days';
import { plural } from '../uk';

export { changeText, percentText, plural };

/** `30.06.2019` from a stored instant; `—` when there is none. */
export const day = (iso: string | null): string => (iso === null ? '—' : shownKyivDay(iso));

/** `30.06.2019, 09:00` (Kyiv time), as «Станом на» writes it. */
export const dayTime = (iso: string): string => formatDateTime(fromStoredInstant(iso)).replace(' ', ', ');

/** The deadline day of a `dueAt` (the first overdue instant is 00:00 of the day after it). */
export const deadlineDay = (dueAt: string | null): string => (dueAt === null ? '—' : shownDeadlineDay(dueAt));

/** `1 234 567`: thousands apart with a narrow no-break space, as Ukrainian typesetting does. */
export const num = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** `1 день`, `2 дні`, `5 днів`. */
export const days = (n: number): string => `${num(n)} ${plural(n, 'день', 'дні', 'днів')}`;

/** `3 набори даних` and the like: a number with its noun in the right form. */
export const count = (n: number, one: string, few: string, many: string): string => `${num(n)} ${plural(n, one, few, many)}`;

/** A change of score in percentage points, `—` when unknown; the ▼ of a drop of 10 points or more is added by the page. */
export const change = (pp: number | null): string => (pp === null ? '—' : `${changeText(pp)} п. п.`);

/** Ukrainian alphabetical order (one collator: far quicker than localeCompare on thousands of names). */
export const byUkrainian = new Intl.Collator('uk').compare;
