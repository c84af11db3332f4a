/**
 * Turns an OutgoingMessage into nodemailer's message options, the one mapping both the SMTP and the
 * file transports use, so a previewed `.eml` is byte for byte the MIME that SMTP would send.
 */
import type { SendMailOptions, Transporter } from 'nodemailer';
import { loadNodemailer } from './nodemailer';
import type { OutgoingMessage } from '../types';

export function toMailOptions(m: OutgoingMessage, date?: Date): SendMailOptions {
  return {
    messageId: m.messageId,
    from: m.from,
    to: [...m.to],
    cc: m.cc.length > 0 ? [...m.cc] : undefined,
    subject: m.subject,
    text: m.text,
    html: m.html ?? undefined,
    replyTo: m.replyTo ?? undefined,
    // An image with a Content-ID that the HTML references goes in a multipart/related part beside it, shown in
    // place by mail programs rather than listed as a file to download.
    attachments: m.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      cid: a.cid,
      contentDisposition: 'inline' as const,
    })),
    headers: m.headers ? { ...m.headers } : undefined,
    date,
    // Bodies are rendered text, never paths or URLs to fetch: refuse both outright.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

let composer: Transporter | null = null;

/** The complete RFC 822 message (MIME, UTF-8, CRLF line ends), as it would go over SMTP. */
export async function buildMime(m: OutgoingMessage, date: Date): Promise<Buffer> {
  composer ??= loadNodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail(toMailOptions(m, date));
  if (!Buffer.isBuffer(info.message)) throw new Error('nodemailer returned a stream where a buffer was asked for');
  return info.message;
}
