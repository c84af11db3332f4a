/**
 * nodemailer, loaded when a message is first composed or a connection first made: the commands that send nothing
 * (check, status, import…) start without it.
 */
type Nodemailer = typeof import('nodemailer');

let loaded: Nodemailer | null = null;

export function loadNodemailer(): Nodemailer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('nodemailer') as Nodemailer;
  return loaded;
}
