import { createHmac, timingSafeEqual } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import { z } from 'zod'
import { forbidden, providePersonalData, provideViewerFacts, requirePerson } from '../../core/auth'
import type { Config } from '../../core/config'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, notFound } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import type { I18n } from '../../core/i18n'
import { authSecret, findPeople } from '../accounts/service'
import { recordAudit } from '../audit/service'
import { orgPeople } from '../organisations/schema'
import {
  countUnread,
  deletePreferences,
  insertNotifications,
  markOneRead,
  markRead,
  type NotificationRow,
  selectNotificationsOfPerson,
  selectPreferences,
  upsertPreferences,
} from './queries'
import { type MailFrequency, mailFrequencies } from './schema'

// ---- kinds ---------------------------------------------------------------------------------

const kindPattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/
const kinds = new Map<string, { email: MailFrequency }>()

/**
 * Declares a kind of notification, `<module>.<name>`, with how it goes out by e-mail until a person
 * chooses otherwise. Its text is the message `<module>.notification.<name>` and its label in the e-mail
 * settings `<module>.notification_kind.<name>`, both in the owning module's locale files. Call it once,
 * in the owning module's service.ts; declared kinds are the ones people can set in their settings.
 */
export function defineNotificationKind(kind: string, options: { email: MailFrequency }): void {
  if (!kindPattern.test(kind)) throw new Error(`notification kind "${kind}" is not <module>.<name>`)
  kinds.set(kind, options)
}

/** Every declared kind, with its default. */
export const declaredKinds = () => [...kinds].map(([kind, options]) => ({ kind, ...options }))

/** Each declared kind's default frequency. */
export const defaultFrequencies = (): Record<string, MailFrequency> =>
  Object.fromEntries([...kinds].map(([kind, options]) => [kind, options.email]))

const keyOf = (kind: string, part: 'notification' | 'notification_kind') => {
  const [module, name] = kind.split('.')
  return `${module}.${part}.${name}`
}

/** A notification's text in the reader's language. */
export const notificationText = (i18n: I18n, n: Pick<NotificationRow, 'kind' | 'values'>) =>
  i18n.t(keyOf(n.kind, 'notification'), n.values)

/** A kind's short label, as in the e-mail settings. */
export const kindLabel = (i18n: I18n, kind: string) => i18n.t(keyOf(kind, 'notification_kind'))

// ---- telling people ------------------------------------------------------------------------

/**
 * What happened, stored as data and written in each reader's language when shown or mailed.
 * `kind` is `<module>.<name>`; its text is the message `<module>.notification.<name>` of that module's
 * locale files, formatted with `values`. `link` is the page it is about, without the language prefix.
 */
export interface NotificationInput {
  kind: string
  values: Record<string, string | number>
  link: string
}

export interface Recipients {
  /** People, by id. */
  userIds?: string[]
  /** Every person of these organisations. */
  actorIds?: number[]
  /** The person who acted hears nothing of their own act. */
  except?: string | null
}

/**
 * Tells people about something, in the caller's transaction: rolled back with it, never half sent.
 * E-mail follows from the stored rows: the `notifications.deliver` job mails those wanted at once within
 * the minute, the digests the others, each person as they chose for the kind.
 */
export async function notify(tx: Db, to: Recipients, notification: NotificationInput): Promise<void> {
  if (!kinds.has(notification.kind))
    throw new Error(`notification kind "${notification.kind}" is not declared (defineNotificationKind)`)
  if (!notification.link.startsWith('/'))
    throw new Error(`notification link "${notification.link}" is not a path`)
  const ids = new Set(to.userIds ?? [])
  if (to.actorIds?.length) {
    const people = await tx
      .select({ userId: orgPeople.userId })
      .from(orgPeople)
      .where(inArray(orgPeople.actorId, to.actorIds))
    for (const p of people) ids.add(p.userId)
  }
  if (to.except) ids.delete(to.except)
  if (ids.size === 0) return
  await insertNotifications(
    tx,
    [...ids].map((userId) => ({ userId, ...notification })),
  )
}

provideViewerFacts(async (db, person) => ({
  counters: { notifications: await countUnread(db, person.id) },
}))

providePersonalData('notifications', async (db, personId) => ({
  notifications: await selectNotificationsOfPerson(db, personId, 10_000),
  email_preferences: await selectPreferences(db, personId),
}))

// ---- permissions ---------------------------------------------------------------------------

export type NotificationAction =
  /** Read one's own notifications and mark them read: the signed-in person. */
  | 'read'
  /** Choose how one's own notifications arrive by e-mail: the signed-in person. */
  | 'configure'

/** The one permission rule of this module: everyone's notifications are their own and no one else's. */
export function can(ctx: Pick<Ctx, 'viewer'>, _action: NotificationAction): boolean {
  return ctx.viewer.person !== null
}

function authorize(ctx: Pick<Ctx, 'viewer'>, action: NotificationAction) {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action)) throw forbidden()
  return person
}

// ---- reading -------------------------------------------------------------------------------

export const notificationsPageSize = 30

export interface ShownNotification {
  id: number
  kind: string
  text: string
  link: string
  createdAt: Date
  read: boolean
}

const shown = (i18n: I18n, n: NotificationRow): ShownNotification => ({
  id: n.id,
  kind: n.kind,
  text: notificationText(i18n, n),
  link: n.link,
  createdAt: n.createdAt,
  read: n.readAt !== null,
})

/** The viewer's notifications, newest first, written in the reader's language; `page` counts from 1. */
export async function listMyNotifications(ctx: Ctx, page = 1) {
  const person = authorize(ctx, 'read')
  const rows = await selectNotificationsOfPerson(
    ctx.db,
    person.id,
    notificationsPageSize + 1,
    (page - 1) * notificationsPageSize,
  )
  return {
    items: rows.slice(0, notificationsPageSize).map((n) => shown(ctx.i18n, n)),
    hasMore: rows.length > notificationsPageSize,
  }
}

/** Opens one of the viewer's notifications: it is read from now on; returns the page it is about. */
export async function openNotification(ctx: Ctx, id: number): Promise<string> {
  const person = authorize(ctx, 'read')
  const row = await markOneRead(ctx.db, person.id, id)
  if (!row) throw notFound()
  return row.link
}

export const readSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }).strict(),
])

/**
 * Marks the viewer's notifications read, all or some; returns how many were unread. Reading changes
 * nothing anyone else sees, so it leaves no audit entry.
 */
export async function markNotificationsRead(ctx: Ctx, which: z.infer<typeof readSchema>): Promise<number> {
  const person = authorize(ctx, 'read')
  return markRead(ctx.db, person.id, 'all' in which ? 'all' : which.ids)
}

// ---- e-mail settings -----------------------------------------------------------------------

/** Each declared kind with its label and how the viewer gets it by e-mail, sorted by label. */
export async function myPreferences(ctx: Ctx) {
  const person = authorize(ctx, 'configure')
  const chosen = new Map((await selectPreferences(ctx.db, person.id)).map((p) => [p.kind, p.email]))
  return declaredKinds()
    .map(({ kind, email }) => ({ kind, label: kindLabel(ctx.i18n, kind), email: chosen.get(kind) ?? email }))
    .sort((a, b) => a.label.localeCompare(b.label, ctx.i18n.locale))
}

const isFrequency = (value: unknown): value is MailFrequency =>
  typeof value === 'string' && (mailFrequencies as readonly string[]).includes(value)

/**
 * Saves the viewer's choices, one field per declared kind (named as the kind). A choice equal to the kind's
 * default is not stored, so a later change of default reaches everyone who never chose otherwise.
 */
export async function savePreferences(ctx: Ctx, values: Record<string, unknown>) {
  const person = authorize(ctx, 'configure')
  const choices = declaredKinds().filter((k) => values[k.kind] !== undefined)
  const wrong = choices.find((k) => !isFrequency(values[k.kind]))
  if (wrong) throw fieldError(wrong.kind, 'invalid_frequency', ctx.i18n.t('notifications.error.frequency'))
  await inTransaction(ctx, async (tx) => {
    const before = Object.fromEntries((await selectPreferences(tx, person.id)).map((p) => [p.kind, p.email]))
    const chosen = choices.map((k) => ({
      kind: k.kind,
      email: values[k.kind] as MailFrequency,
      fallback: k.email,
    }))
    await deletePreferences(
      tx,
      person.id,
      chosen.filter((c) => c.email === c.fallback).map((c) => c.kind),
    )
    await upsertPreferences(
      tx,
      person.id,
      chosen.filter((c) => c.email !== c.fallback).map(({ kind, email }) => ({ kind, email })),
    )
    await recordAudit(tx, ctx, {
      action: 'notifications.preferences_changed',
      subjectType: 'person',
      subjectId: person.id,
      before,
      after: Object.fromEntries(chosen.map((c) => [c.kind, c.email])),
    })
  })
}

// ---- one-click unsubscribe -----------------------------------------------------------------

/** What an unsubscribe link stops: one kind, or a whole digest (every kind the person gets in it). */
export type UnsubscribeScope = string
const digestScopes = ['daily', 'weekly'] as const

const signature = (config: Config, userId: string, scope: UnsubscribeScope) =>
  createHmac('sha256', authSecret(config))
    .update(`notifications.unsubscribe\u0000${userId}\u0000${scope}`)
    .digest('base64url')

/**
 * The link that stops one kind (or one digest) for one person, signed so that it needs no sign-in and no
 * stored secret: it opens a confirmation page, and a mail program may POST to it (RFC 8058).
 */
export function unsubscribeUrl(config: Config, userId: string, scope: UnsubscribeScope, locale: string) {
  const query = new URLSearchParams({ user: userId, kind: scope, token: signature(config, userId, scope) })
  return `${config.publicUrl}/${locale}/notifications/unsubscribe?${query}`
}

const unsubscribeQuery = z.object({
  user: z.string().min(1).max(100),
  kind: z.union([z.enum(digestScopes), z.string().regex(kindPattern).max(100)]),
  token: z.string().min(1).max(100),
})

const invalidLink = () => new AppError('invalid_unsubscribe_link', 400, 'notifications.unsubscribe.invalid')

/** Checks an unsubscribe link; a wrong or changed one is a translated 400, whoever asks. */
export async function unsubscribeTarget(ctx: Ctx, query: Record<string, string | undefined>) {
  const parsed = unsubscribeQuery.safeParse(query)
  if (!parsed.success) throw invalidLink()
  const { user, kind, token } = parsed.data
  const expected = Buffer.from(signature(ctx.config, user, kind))
  const given = Buffer.from(token)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink()
  const [person] = await findPeople(ctx.db, [user])
  if (!person) throw invalidLink()
  const digest = (digestScopes as readonly string[]).includes(kind)
  return { userId: person.id, kind, digest, label: digest ? '' : kindLabel(ctx.i18n, kind) }
}

/**
 * Turns off e-mail of one kind for the person a signed link names; a digest link turns off every kind
 * the person gets in that digest. The link is the permission: a mail program sends it without a session.
 */
export async function unsubscribe(ctx: Ctx, query: Record<string, string | undefined>) {
  const target = await unsubscribeTarget(ctx, query)
  await inTransaction(ctx, async (tx) => {
    const chosen = new Map((await selectPreferences(tx, target.userId)).map((p) => [p.kind, p.email]))
    const stopped = target.digest
      ? declaredKinds()
          .filter((k) => (chosen.get(k.kind) ?? k.email) === target.kind)
          .map((k) => k.kind)
      : [target.kind]
    await upsertPreferences(
      tx,
      target.userId,
      stopped.map((kind) => ({ kind, email: 'off' as const })),
    )
    await recordAudit(tx, ctx, {
      action: 'notifications.unsubscribed',
      subjectType: 'person',
      subjectId: target.userId,
      before: Object.fromEntries(
        stopped.map((k) => [k, chosen.get(k) ?? kinds.get(k)?.email ?? 'immediate']),
      ),
      after: Object.fromEntries(stopped.map((k) => [k, 'off'])),
    })
  })
  return target
}
