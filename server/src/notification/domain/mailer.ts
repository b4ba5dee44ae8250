/**
 * Sending email over real SMTP (nodemailer). Each message carries a Message-ID derived from what it
 * is about (e.g. the order of a receipt), so that the rare duplicate SMTP itself can cause — the
 * server accepted the message but the sender crashed before recording it — carries the same id and
 * can be recognised by the receiving side. Addresses are never logged: nodemailer's logger is off, and a
 * failure is rethrown with its codes only.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Without angle brackets: `<local>@<domain>` is added. */
  messageKey: string;
}

export interface Mailer {
  /** Resolves with the Message-ID once the SMTP server accepted the message. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl, { logger: false, debug: false });
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'till-and-sync.local';
  return {
    async send(mail) {
      const messageId = `<${mail.messageKey}@${domain}>`;
      try {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, messageId });
      } catch (error) {
        // The server's answer may quote the recipient ("<x@y>: Recipient address rejected"): the error that
        // reaches the logs keeps only its codes.
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
        throw new Error(`SMTP send failed (${String(code ?? 'error')}${responseCode ? ` ${String(responseCode)}` : ''})`);
      }
      return messageId;
    },
    close: () => transport.close(),
  };
}
