import type { Config } from '../../core/config'
import { loadConfig } from '../../core/config'
import type { Db } from '../../core/db/client'
import { defineScheduledJob } from '../../core/jobs'
import { findPeople } from '../accounts/service'
import { type Mail, mailI18n, sendMail } from '../mail/service'
import {
  claimForMail,
  claimUnmailedOfPerson,
  type NotificationRow,
  selectPeopleWithUnmailed,
  selectUnmailed,
  settleSilenced,
} from './queries'
import { defaultFrequencies, kindLabel, notificationText, unsubscribeUrl } from './service'

type Deliverer = { db: Db; config: Config }
type Person = Awaited<ReturnType<typeof findPeople>>[number]
type Digest = 'daily' | 'weekly'

const batchSize = 200
/** A digest shows this many notifications of one kind; the rest are a count and a link to the list. */
const shownPerKind = 20

/** RFC 8058: a mail program can unsubscribe with one POST to the link, without opening a page. */
const unsubscribeHeaders = (url: string) => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
})

function immediateMail(config: Config, person: Person, n: NotificationRow): Mail {
  const i18n = mailI18n(person.locale)
  const text = notificationText(i18n, n)
  const unsubscribe = unsubscribeUrl(config, person.id, n.kind, i18n.locale)
  return {
    to: person.email,
    locale: i18n.locale,
    kind: n.kind,
    subject: text.length > 150 ? `${text.slice(0, 149)}…` : text,
    body: [
      text,
      `${config.publicUrl}/${i18n.locale}${n.link}`,
      i18n.t('notifications.mail.immediate_footer', {
        label: kindLabel(i18n, n.kind),
        unsubscribe,
        settings: `${config.publicUrl}/${i18n.locale}/me/notifications`,
      }),
    ].join('\n\n'),
    headers: unsubscribeHeaders(unsubscribe),
  }
}

function digestMail(config: Config, person: Person, digest: Digest, items: NotificationRow[]): Mail {
  const i18n = mailI18n(person.locale)
  const base = `${config.publicUrl}/${i18n.locale}`
  const byKind = new Map<string, NotificationRow[]>()
  for (const n of [...items].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)) {
    byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n])
  }
  const groups = [...byKind]
    .map(([kind, list]) => ({ kind, label: kindLabel(i18n, kind), list }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.locale))
  const sections = groups.map(({ kind, label, list }) =>
    [
      `${label} (${i18n.number(list.length)})`,
      ...list
        .slice(0, shownPerKind)
        .map(
          (n) =>
            `- ${notificationText(i18n, n)} (${i18n.date(n.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC)\n  ${base}${n.link}`,
        ),
      ...(list.length > shownPerKind
        ? [
            i18n.t('notifications.mail.digest_more', {
              count: list.length - shownPerKind,
              link: `${base}/notifications`,
            }),
          ]
        : []),
      i18n.t('notifications.mail.digest_stop_kind', {
        label,
        unsubscribe: unsubscribeUrl(config, person.id, kind, i18n.locale),
      }),
    ].join('\n'),
  )
  const unsubscribe = unsubscribeUrl(config, person.id, digest, i18n.locale)
  return {
    to: person.email,
    locale: i18n.locale,
    kind: `notifications.digest_${digest}`,
    subject: i18n.t(`notifications.mail.digest_subject_${digest}`, { count: items.length }),
    body: [
      i18n.t(`notifications.mail.digest_intro_${digest}`, { name: person.name }),
      ...sections,
      i18n.t(`notifications.mail.digest_footer_${digest}`, {
        unsubscribe,
        settings: `${base}/me/notifications`,
      }),
    ].join('\n\n'),
    headers: unsubscribeHeaders(unsubscribe),
  }
}

/**
 * Mails every notification wanted at once, one e-mail each, in the recipient's language. Each is claimed
 * (mailed_at set) in the transaction that writes the outbox or hands it to the SMTP server, so two
 * processes running this at the same time send each one once; a failed send rolls its claim back and
 * the next run tries again. Kinds a person turned off are settled first. Returns how many went out.
 */
export async function deliverImmediateNotifications(ctx: Deliverer): Promise<number> {
  const defaults = defaultFrequencies()
  await settleSilenced(ctx.db, defaults)
  let sent = 0
  for (;;) {
    const pending = await selectUnmailed(ctx.db, ['immediate'], defaults, batchSize)
    const people = new Map(
      (await findPeople(ctx.db, [...new Set(pending.map((n) => n.userId))])).map((p) => [p.id, p]),
    )
    for (const { id, userId } of pending) {
      const person = people.get(userId)
      if (!person) continue
      sent += await ctx.db.transaction(async (tx) => {
        const [claimed] = await claimForMail(tx, [id])
        if (!claimed) return 0
        await sendMail({ db: tx, config: ctx.config }, immediateMail(ctx.config, person, claimed))
        return 1
      })
    }
    if (pending.length < batchSize) return sent
  }
}

/**
 * Sends each person with notifications waiting for this digest one e-mail listing them, grouped by kind,
 * and marks them mailed in the same transaction (see deliverImmediateNotifications). Returns how many
 * digests went out.
 */
export async function sendDigests(ctx: Deliverer, digest: Digest): Promise<number> {
  const defaults = defaultFrequencies()
  await settleSilenced(ctx.db, defaults)
  let sent = 0
  for (;;) {
    const userIds = await selectPeopleWithUnmailed(ctx.db, [digest], defaults, batchSize)
    for (const person of await findPeople(ctx.db, userIds)) {
      sent += await ctx.db.transaction(async (tx) => {
        const claimed = await claimUnmailedOfPerson(tx, person.id, [digest], defaults)
        if (!claimed.length) return 0
        await sendMail({ db: tx, config: ctx.config }, digestMail(ctx.config, person, digest, claimed))
        return 1
      })
    }
    if (userIds.length < batchSize) return sent
  }
}

// The jobs run in the server's process, whose configuration is its environment.
export const deliverNotificationsJob = defineScheduledJob('notifications.deliver', '* * * * *', (db) =>
  deliverImmediateNotifications({ db, config: loadConfig() }).then(() => {}),
)
export const dailyDigestJob = defineScheduledJob('notifications.digest_daily', '0 6 * * *', (db) =>
  sendDigests({ db, config: loadConfig() }, 'daily').then(() => {}),
)
export const weeklyDigestJob = defineScheduledJob('notifications.digest_weekly', '0 6 * * 1', (db) =>
  sendDigests({ db, config: loadConfig() }, 'weekly').then(() => {}),
)
