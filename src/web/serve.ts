/**
 * Starting and stopping the web dashboard, for `odmon serve` and for the daemon (when `web.port` is set): its own
 * connection to the database (it only reads), the server, and a clean close.
 */
import { openApp } from '../app';
import { readSource } from '../app/reads';
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import { OdmonError } from '../errors';
import type { Logger } from '../log';
import { heapGovernor } from './memory';
import { createWebServer } from './server';

export interface RunningWeb {
  /** `http://127.0.0.1:8080/` */
  readonly url: string;
  readonly port: number;
  /** Stops taking connections, lets those in flight finish, closes the database. */
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Make the picture of the last check before listening (odmon serve), or in the background (the daemon). */
  readonly warm?: 'before' | 'background';
  /**
   * Collect garbage whenever the used heap passes this many MB (src/web/memory.ts): `odmon serve`, which has the
   * process to itself. The daemon's checks need more, so it passes none.
   */
  readonly heapBudgetMb?: number;
}

/** The used heap `odmon serve` keeps under: the picture of 100,000 datasets is ~85 MB, two of them while a new one is made. */
export const SERVE_HEAP_BUDGET_MB = 140;

/** How often a running dashboard looks for a newer check to make its picture before anyone asks. */
export const WATCH_MS = 15_000;

export async function startWeb(config: Config, opts: ServeOptions): Promise<RunningWeb> {
  const app = openApp(config, opts.clock.now(), { clock: opts.clock });
  try {
    const { server, cache } = await createWebServer({
      src: readSource(app),
      council: config.org.name,
      portalUrl: config.portalUrl,
      admin: config.web,
      clock: opts.clock,
      log: opts.log,
      watchMs: WATCH_MS,
    });
    if (opts.warm === 'before') await cache.refresh();
    else void cache.refresh().catch(() => undefined);
    try {
      await server.listen({ port: opts.port, host: opts.host });
    } catch (cause) {
      await server.close();
      const code = (cause as NodeJS.ErrnoException).code;
      throw new OdmonError(
        'E_INPUT',
        code === 'EADDRINUSE'
          ? `порт ${opts.port} на ${opts.host} уже зайнятий іншою програмою`
          : code === 'EACCES'
            ? `відкрити порт ${opts.port} на ${opts.host} цьому користувачеві не дозволено`
            : `не вдалося відкрити порт ${opts.port} на ${opts.host}: ${(cause as Error).message}`,
        { hint: 'укажіть інший порт (--port або web.port) чи адресу (--host або web.host); порти до 1024 — лише для root', cause },
      );
    }
    const address = server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : opts.port;
    const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    opts.log.info('web.listening', { host: opts.host, port });
    const stopGovernor = opts.heapBudgetMb === undefined ? () => undefined : heapGovernor(opts.heapBudgetMb);
    return {
      url: `http://${shownHost}:${port}/`,
      port,
      close: async () => {
        stopGovernor();
        try {
          await server.close();
        } finally {
          app.close();
        }
      },
    };
  } catch (e) {
    app.close();
    throw e;
  }
}
