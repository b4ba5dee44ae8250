/**
 * Sending email over real SMTP (nodemailer). Each message carries a Message-ID derived from what it
 * is about (e.g. the order of a receipt), fixed when the mail is recorded as due (messageIdFor), so
 * that the one duplicate SMTP itself can cause — the server accepted the message but the sender died
 * before recording it sent (mail-dispatcher.ts) — carries the same id and can be recognised by the
 * receiving side. Addresses are never logged: nodemailer's logger is off, and a failure is rethrown
 * with its codes only.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** With angle brackets, from messageIdFor. */
  messageId: string;
}

export interface Mailer {
  /** The Message-ID of a mail about `messageKey` (`<messageKey@domain of the sender>`): the same on every call. */
  messageIdFor(messageKey: string): string;
  /** Resolves once the SMTP server accepted the message. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  // Bounded waits: the dispatcher holds the mail's row locked while it sends.
  const transport = nodemailer.createTransport(options.smtpUrl, {
    logger: false,
    debug: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'till-and-sync.local';
  return {
    messageIdFor: (messageKey) => `<${messageKey}@${domain}>`,
    async send(mail) {
      try {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
      } catch (error) {
        // The server's answer may quote the recipient ("<x@y>: Recipient address rejected"): the error that
        // reaches the logs keeps only its codes.
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
        throw new Error(`SMTP send failed (${String(code ?? 'error')}${responseCode ? ` ${String(responseCode)}` : ''})`);
      }
    },
    close: () => transport.close(),
  };
}
