/**
 * A small council for the exemption, history and report tests, on top of test/notify/register.ts: the real
 * composition root, a real SMTP server, and the CLI run in-process against the same database file.
 *
 * As of NOW (01.07.2019 09:00 Kyiv):
 * - finance: «Бюджет міста», monthly, last updated 26.05.2019, late 5 days; plan task m.1 (II квартал 2019), overdue 1 day;
 * - it: «Реєстр наборів даних», quarterly, updated 03.06.2019, on time;
 * - cp (civil protection): «Укриття» required and never published (missing-dataset); «Камери», monthly, updated 25.06.2019;
 * - economy: no e-mail, «Ціни на ринках», monthly, updated 20.05.2019, late.
 */
import type { DateTime } from 'luxon';
import type { App } from '../../src/app';
import { fixedClock } from '../../src/clock';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { withNow } from '../helpers/cli';
import { TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { STEWARDS, makeRoot, openRegister, removeRoot, scenario, type Scenario } from '../notify/register';

export { NOW, day, kyiv, importRows, DATASET_COLUMNS, IT_HEAD } from '../notify/register';

export const CP = ['cp', 'Управління з питань надзвичайних ситуацій та цивільного захисту населення', 'cp@example.org', 'cp.head@example.org', 'department'];

export const WORLD_STEWARDS = [STEWARDS[0], STEWARDS[2], STEWARDS[3], CP];

export const WORLD_DATASETS = [
  ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-05-26', 'yes', '', ''],
  ['registry', 'Реєстр наборів даних', 'it', 'once a quarter', '2019-06-03', 'yes', '', ''],
  ['shelters', 'Укриття', 'cp', 'once a year', '', 'yes', '', ''],
  ['cameras', 'Камери відеоспостереження', 'cp', 'once a month', '2019-06-25', 'yes', '', ''],
  ['prices', 'Ціни на ринках', 'economy', 'once a month', '2019-05-20', 'yes', '', ''],
];

export const WORLD_PLAN = [['monitoring-2019', '2019', 'm.1', 'Моніторинг', 'Оприлюднити графік оновлення наборів даних', 'II квартал 2019 року', 'finance', '']];

export const ADDRESS = { finance: 'budget@example.org', it: 'opendata.it@example.org', cp: 'cp@example.org' } as const;

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface World {
  readonly app: App;
  readonly s: Scenario;
  readonly server: TestSmtpServer;
  /**
   * Runs `odmon ARGS` in-process on this world's database and config, with `--now NOW` when given and the command
   * takes it. The real clock is `real`, else NOW (a run on that very day), else the system's.
   */
  odmon(argv: readonly string[], now?: DateTime, env?: Record<string, string>, real?: DateTime): Promise<Captured>;
}

/** Keeps one SMTP server and one temp folder per test file; each world gets its own database. */
export function useWorlds(prefix: string): { open(register?: Parameters<typeof openRegister>[1], env?: Record<string, string>): World; server(): TestSmtpServer } {
  let root = '';
  let server: TestSmtpServer | null = null;
  const apps: App[] = [];
  let n = 0;
  beforeAll(async () => {
    root = makeRoot(prefix);
    server = await TestSmtpServer.start();
  });
  afterAll(async () => {
    for (const a of apps) a.close();
    await server?.stop();
    removeRoot(root);
  });
  return {
    server: () => server as TestSmtpServer,
    open(register = { stewards: WORLD_STEWARDS, datasets: WORLD_DATASETS, plan: WORLD_PLAN }, env = {}) {
      const s = scenario(root, `w${++n}`, (server as TestSmtpServer).port);
      const app = openRegister(s, register, env);
      apps.push(app);
      const odmon = async (argv: readonly string[], now?: DateTime, extra: Record<string, string> = {}, real?: DateTime): Promise<Captured> => {
        let out = '';
        let err = '';
        // Both clocks pinned: the scenario's moment is also the real time, so every run records as it would that day.
        const at = real ?? now;
        const clock = at === undefined ? undefined : fixedClock(at);
        const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: { ...s.env, ODMON_ACTOR: 'it-head', ...env, ...extra }, cwd: s.cwd, clock };
        const args = now === undefined ? [...argv] : withNow(argv, now.toISO() as string);
        const code = await run(args, io);
        return { code, out, err };
      };
      return { app, s, server: server as TestSmtpServer, odmon };
    },
  };
}

/** What arrived at the server while `fn` ran. */
export async function mailDuring(server: TestSmtpServer, fn: () => Promise<unknown>): Promise<ReceivedMail[]> {
  const mark = server.messages.length;
  await fn();
  return server.messages.slice(mark);
}

export const to = (mail: readonly ReceivedMail[], address: string): ReceivedMail[] => mail.filter((m) => m.envelopeTo.includes(address));

export const textOf = (m: ReceivedMail | undefined): string => m?.parsed.text ?? '';
