/**
 * The local mail server of the dev stack and tests: a real SMTP server (`smtp-server`) that keeps
 * every message it accepts in memory, and a small web inbox (`GET /` lists them newest first,
 * `GET /messages.json` for tests). It delivers nothing anywhere: mails sent in development are read
 * here. Bound to 127.0.0.1 only; accepts any sender and recipient, no authentication — except those
 * a test told it to refuse (`refuseRecipients`: a real SMTP 550 to RCPT TO, as a mail server answers
 * an address it will not take).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The Message-ID header as sent. */
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  /** The raw message (headers and body). */
  raw: string;
  /** The body as text (quoted-printable decoded). */
  text: string;
  receivedAt: string;
}

export interface DevMailServer {
  smtpPort: number;
  httpPort: number;
  messages(): readonly CapturedMail[];
  /** From now on answers RCPT TO with 550 for the addresses that match (null: accepts every address again). */
  refuseRecipients(match: ((address: string) => boolean) | null): void;
  stop(): Promise<void>;
}

const header = (raw: string, name: string): string | null => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1] ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : null;
};

/** The body of a single-part message, decoded when it is quoted-printable (nodemailer's choice for non-ASCII text). */
function bodyText(raw: string): string {
  const body = raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  if (!/quoted-printable/i.test(header(raw, 'Content-Transfer-Encoding') ?? '')) return body;
  const soft = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function inboxPage(mails: readonly CapturedMail[]): string {
  const rows = [...mails]
    .reverse()
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to.join(', '))} · ${escapeHtml(m.receivedAt)}</p><pre>${escapeHtml(
          m.raw
            .split(/\r?\n\r?\n/)
            .slice(1)
            .join('\n\n'),
        )}</pre></article>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev inbox</title></head><body><h1>Dev inbox (${mails.length})</h1>${rows || '<p>No mail yet.</p>'}</body></html>`;
}

export async function startDevMailServer(options: { smtpPort: number; httpPort: number }): Promise<DevMailServer> {
  const mails: CapturedMail[] = [];
  let refused: ((address: string) => boolean) | null = null;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Till & Sync dev mail',
    onRcptTo(address, _session, callback) {
      if (!refused?.(address.address)) return callback();
      callback(Object.assign(new Error('Recipient address rejected'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          messageId: header(raw, 'Message-ID'),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, 'Subject') ?? '',
          raw,
          text: bodyText(raw),
          receivedAt: new Date().toISOString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort, '127.0.0.1', () => resolve());
  });
  smtp.on('error', () => {});
  const http: Server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Cache-Control', 'no-store');
    if (req.url === '/messages.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ messages: mails }));
    } else if (req.url === '/') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(inboxPage(mails));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => http.listen(options.httpPort, '127.0.0.1', () => resolve()));
  const smtpAddress = smtp.server.address() as AddressInfo;
  return {
    smtpPort: smtpAddress.port,
    httpPort: (http.address() as AddressInfo).port,
    messages: () => mails,
    refuseRecipients: (match) => {
      refused = match;
    },
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
