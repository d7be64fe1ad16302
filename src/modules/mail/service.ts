import { desc } from 'drizzle-orm'
import { createTransport, type Transporter } from 'nodemailer'
import { requireNetworkAdmin } from '../../core/auth'
import type { Config } from '../../core/config'
import type { Db } from '../../core/db/client'
import type { Ctx } from '../../core/http'
import { i18nFor, isLocale, type Locale } from '../../core/i18n'
import { outbox } from './schema'

export interface Mail {
  to: string
  /** The recipient's language: subject and body are written in it. */
  locale: string
  /** What the mail is about (verification, reset, membership_decision, ...), for the outbox and filters. */
  kind: string
  subject: string
  body: string
  /** Extra header lines, e.g. List-Unsubscribe; the outbox keeps only subject and body. */
  headers?: Record<string, string>
}

const transports = new Map<string, Transporter>()

function transportFor(url: string): Transporter {
  let transport = transports.get(url)
  if (!transport) {
    transport = createTransport(url)
    transports.set(url, transport)
  }
  return transport
}

/** The recipient's language for a mail: theirs when known, else English. */
export const mailI18n = (locale: string | null | undefined) =>
  i18nFor(isLocale(locale ?? '') ? (locale as Locale) : 'en')

/**
 * Sends an e-mail over SMTP when SMTP_URL is set; otherwise keeps it in the outbox that the network admin
 * reads, and says so in the log.
 */
export async function sendMail(ctx: { db: Db; config: Config }, mail: Mail): Promise<void> {
  const signature = `\n\n— ${mailI18n(mail.locale).t('mail.signature')}\n${ctx.config.publicUrl}`
  if (ctx.config.SMTP_URL) {
    await transportFor(ctx.config.SMTP_URL).sendMail({
      from: ctx.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.body + signature,
      headers: { ...mail.headers, 'Content-Language': mail.locale },
    })
    return
  }
  const { headers: _, ...kept } = mail
  await ctx.db.insert(outbox).values({ ...kept, recipient: mail.to, body: mail.body + signature })
  console.log(
    `e-mail "${mail.kind}" to ${mail.to} kept in the outbox (no SMTP_URL): ${ctx.config.publicUrl}/en/admin/outbox`,
  )
}

/** The outbox, newest first: only the network admin reads it. */
export async function listOutbox(ctx: Ctx, limit = 100) {
  requireNetworkAdmin(ctx.viewer)
  return ctx.db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit)
}
