/** What the read models (src/views/) read from an open app. */
import type { App } from '../app';
import type { ReadSource } from '../views/source';

export function readSource(app: App): ReadSource {
  const c = app.config;
  return {
    db: app.db,
    graceDays: c.graceDays,
    dueSoonDays: c.dueSoonDays,
    frequencies: app.frequencies,
    schedules: { notify: c.schedule.notify, digest: c.schedule.digest, sync: c.schedule.sync },
  };
}
