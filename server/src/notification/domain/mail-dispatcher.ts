/**
 * The mail dispatcher: one background loop per notification process that sends the mails the event
 * consumer recorded as due (notification-consumer.ts), ONE PER TRANSACTION: it takes one due row with
 * `FOR UPDATE SKIP LOCKED` (several instances on one database never send the same row at once, and a
 * row committed 'sent' is no longer 'due' to anyone), sends it over SMTP, marks it sent and commits.
 * A failed send (SMTP down, recipient refused) commits the row still due, with `attempts` counted and
 * `retry_at` pushed back (backoff up to a minute); it is retried for as long as it fails, visible in
 * /metrics (due count, oldest due age, send failures).
 *
 * The window SMTP itself leaves, and the only way a mail goes out twice: the process dies (or loses the
 * database) after the SMTP server accepted the message and before that one row's commit. The row is
 * still due, so the mail is sent again — with the SAME Message-ID (recorded when it became due), which
 * lets a mail client recognise the duplicate. SMTP has no way to ask a server "did you get this one?",
 * so no sender can close this window; it is one mail per crash, never a batch.
 */
import client from 'prom-client';
import { type BackgroundLoop, startBackgroundLoop } from '../../common/background-loop.ts';
import { type Pool, withTransaction } from '../../common/db.ts';
import type { Logger } from '../../common/logger.ts';
import type { Mailer } from './mailer.ts';

/** The tables that hold mail (their columns: notification migrations 002), and each one's key within a store. */
const MAIL_KINDS = [
  { kind: 'receipt', table: 'receipt_requests', key: 'order_id' },
  { kind: 'low_stock_alert', table: 'low_stock_alerts', key: 'event_id' },
] as const;
type MailKind = (typeof MAIL_KINDS)[number];

interface DueMail {
  tenant_id: string;
  key: string;
  email: string;
  mail_subject: string;
  mail_text: string;
  message_id: string;
  attempts: number;
}

/** Seconds before the next try after `attempts` failed ones: 0.5, 1, 2, … up to 60. */
const retryDelaySeconds = (attempts: number): number => Math.min(60, 0.5 * 2 ** Math.max(0, attempts - 1));

export interface MailDispatcherOptions {
  pool: Pool;
  mailer: Mailer;
  logger: Logger;
  registry?: client.Registry;
  /** How often due mail is looked for without a poke (a retry coming due). */
  intervalMs?: number;
}

export function startMailDispatcher(options: MailDispatcherOptions): BackgroundLoop {
  const { pool, mailer, logger } = options;
  const registers = options.registry ? [options.registry] : [];
  const sent = new client.Counter({
    name: 'notification_mails_sent_total',
    help: 'Mails this process handed to the SMTP server and recorded as sent',
    labelNames: ['kind'],
    registers,
  });
  const failures = new client.Counter({
    name: 'notification_mail_send_failures_total',
    help: 'SMTP sends that failed (the mail stays due and is retried later)',
    labelNames: ['kind'],
    registers,
  });
  const backlog = async (m: MailKind) => {
    const { rows } = await pool.query<{ n: number; age: number }>(
      `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min(due_at)), 0)::float8 AS age FROM ${m.table} WHERE status = 'due'`,
    );
    return rows[0] ?? { n: 0, age: 0 };
  };
  /** A gauge per kind read from the backlog at scrape time (-1 when the database does not answer). */
  const backlogGauge = (name: string, help: string, pick: (b: { n: number; age: number }) => number) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['kind'],
      registers,
      async collect() {
        for (const m of MAIL_KINDS) this.set({ kind: m.kind }, await backlog(m).then(pick, () => -1));
      },
    });
  backlogGauge('notification_mail_due', 'Mails recorded and not yet sent (in the whole database, not just this process)', (b) => b.n);
  backlogGauge('notification_mail_oldest_due_seconds', 'Age of the oldest mail not yet sent (0: none)', (b) => b.age);

  /** Sends one due mail of a kind, if any is due; whether there was one. */
  const sendOne = async (m: MailKind): Promise<boolean> => {
    const outcome = await withTransaction(
      pool,
      async (tx) => {
        const { rows } = await tx.query<DueMail>(
          `SELECT tenant_id, ${m.key} AS key, email, mail_subject, mail_text, message_id, attempts FROM ${m.table}
            WHERE status = 'due' AND retry_at <= now() ORDER BY retry_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        const due = rows[0];
        if (!due) return 'none';
        const where = `WHERE tenant_id = $1 AND ${m.key} = $2`;
        try {
          await mailer.send({ to: due.email, subject: due.mail_subject, text: due.mail_text, messageId: due.message_id });
        } catch (error) {
          const attempts = due.attempts + 1;
          await tx.query(`UPDATE ${m.table} SET attempts = $3, retry_at = now() + make_interval(secs => $4) ${where}`, [
            due.tenant_id,
            due.key,
            attempts,
            retryDelaySeconds(attempts),
          ]);
          logger.warn({ err: error, kind: m.kind, attempts }, 'mail not sent; it stays due');
          return 'failed';
        }
        await tx.query(`UPDATE ${m.table} SET status = 'sent', sent_at = now() ${where}`, [due.tenant_id, due.key]);
        return 'sent';
      },
      // Never run again after a send: a retry would send the mail a second time.
      { retries: 0 },
    );
    if (outcome === 'sent') sent.inc({ kind: m.kind });
    if (outcome === 'failed') failures.inc({ kind: m.kind });
    return outcome !== 'none';
  };

  const loop = startBackgroundLoop(
    'mail-dispatcher',
    options.intervalMs ?? 1_000,
    async () => {
      let any = false;
      // One of each kind per step, so neither waits behind a backlog of the other.
      for (const m of MAIL_KINDS) any = (await sendOne(m)) || any;
      return any;
    },
    logger,
  );
  return {
    poke: loop.poke,
    stop: async () => {
      await loop.stop();
      mailer.close();
    },
  };
}
