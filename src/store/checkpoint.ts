/**
 * COMMIT with the WAL checkpoint done beside the event loop. Recording a check on a national register rewrites
 * every open finding (last_seen), some 20 MB of WAL for 30,000 findings, and SQLite's automatic checkpoint —
 * copying those pages into the database file — would run inside COMMIT, on the event loop's thread, for 100 ms
 * or more. So when the WAL has grown past the automatic threshold, COMMIT runs with the automatic checkpoint
 * off and a worker thread, with its own connection, runs the same PASSIVE checkpoint meanwhile. If the worker
 * cannot, nothing is lost: the next commit past the threshold checkpoints as SQLite always did.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';

const CHECKPOINT = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = ' + workerData.busyMs);
  parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)'));
} finally {
  db.close();
}`;

function checkpointInWorker(file: string): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(CHECKPOINT, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), busyMs: 1000 } });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
}

/** The WAL's size in pages, from its file (an upper bound: SQLite reuses the file from its start). */
function walPages(db: Db): number {
  try {
    return fs.statSync(`${db.name}-wal`).size / (db.pragma('page_size', { simple: true }) as number);
  } catch {
    return 0;
  }
}

/** Commits the open transaction; a checkpoint SQLite would run inside COMMIT runs in a worker thread instead. */
export async function commitCheckpointingAside(db: Db): Promise<void> {
  const threshold = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (db.memory || threshold <= 0 || db.pragma('journal_mode', { simple: true }) !== 'wal') {
    db.exec('COMMIT');
    return;
  }
  db.pragma('wal_autocheckpoint = 0');
  try {
    db.exec('COMMIT');
  } finally {
    db.pragma(`wal_autocheckpoint = ${threshold}`);
  }
  if (walPages(db) >= threshold) await checkpointInWorker(db.name);
}
