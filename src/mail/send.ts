// The digest's transport: SMTP from TICKLER_SMTP_URL (smtp:// with STARTTLS when the server offers
// it, smtps://), or the local sendmail. Loaded only by `digest` (nodemailer is big). Credentials
// in the URL are never printed: not in descriptions, not in errors.
import { existsSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Sender } from '../core/digest.js';
import { UsageError } from '../errors.js';

export interface Mail {
  from: Sender;
  /** The one recipient: the To header and the whole envelope. */
  to: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
}

export interface Mailer {
  /** Where the mail goes, without credentials ("smtp://mail.example.com:587", "sendmail /usr/sbin/sendmail"). */
  readonly via: string;
  /** Sends one message; resolves to the server's answer, rejects with a message fit to print. */
  send(mail: Mail): Promise<string>;
  close(): void;
}

const SENDMAILS = ['/usr/sbin/sendmail', '/usr/lib/sendmail'];

/** The mailer the environment asks for: TICKLER_SMTP_URL, else TICKLER_SENDMAIL, else the system's sendmail. */
export function mailerFor(env: Readonly<Record<string, string | undefined>>): Mailer {
  const url = env.TICKLER_SMTP_URL;
  if (url) return smtpMailer(url);
  const path = env.TICKLER_SENDMAIL || SENDMAILS.find((p) => existsSync(p));
  if (!path) throw new UsageError('no way to send mail: set TICKLER_SMTP_URL (e.g. smtps://user:password@mail.example.com:465) or install a sendmail (TICKLER_SENDMAIL names another)');
  const transport = nodemailer.createTransport({ sendmail: true, path, newline: 'unix' });
  return wrap(transport, `sendmail ${path}`, []);
}

function smtpMailer(text: string): Mailer {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('TICKLER_SMTP_URL is not a URL (e.g. smtp://mail.example.com:587 or smtps://user:password@mail.example.com:465)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new UsageError(`TICKLER_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw new UsageError('TICKLER_SMTP_URL names no host');
  const decoded = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new UsageError('TICKLER_SMTP_URL has a "%" that is not followed by two hex digits in its user or password (write a "%" as %25)');
    }
  };
  const secrets = [url.username, url.password, decoded(url.username), decoded(url.password)].filter((s) => s.length >= 2);
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  // (nodemailer reads the URL itself, query options such as ?requireTLS=true included)
  const transport = nodemailer.createTransport(text);
  return wrap(transport, `${url.protocol}//${url.hostname}:${port}`, secrets);
}

function wrap(transport: Transporter, via: string, secrets: readonly string[]): Mailer {
  const hide = (message: string) => secrets.reduce((m, s) => m.split(s).join('***'), message);
  return {
    via,
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
          to: mail.to,
          envelope: { from: mail.from.address, to: [mail.to] },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          date: mail.date,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        const accepted = (info.accepted ?? []).map(String);
        if ((info.rejected ?? []).length > 0 || (accepted.length > 0 && !accepted.includes(mail.to))) throw new Error(`the server refused ${mail.to}`);
        return hide(String(info.response ?? 'accepted'));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(hide(message.split('\n')[0]!.trim() || 'the mail was not accepted'));
      }
    },
    close() {
      transport.close();
    },
  };
}
