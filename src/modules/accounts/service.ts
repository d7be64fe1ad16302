import { randomUUID } from 'node:crypto'
import { APIError } from 'better-auth/api'
import { hashPassword } from 'better-auth/crypto'
import { z } from 'zod'
import {
  accountDeletionHooks,
  personalDataSections,
  provideSessionReader,
  requirePerson,
  type SignedInPerson,
} from '../../core/auth'
import type { Db } from '../../core/db/client'
import { AppError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { isLocale, type Locale } from '../../core/i18n'
import { defineScheduledJob } from '../../core/jobs'
import { recordAudit } from '../audit/service'
import { authFor } from './auth'
import {
  countAttempt,
  deletePerson,
  deleteSession,
  deleteStaleAccountRows,
  forgetAttempts,
  insertPersonWithPassword,
  selectPeople,
  selectPerson,
  selectPersonByEmail,
  selectSessions,
  updatePerson,
} from './queries'

provideSessionReader(async (db, config, headers) => {
  const found = await authFor(db, config).api.getSession({ headers })
  if (!found) return null
  const user = found.user as typeof found.user & { locale?: string; networkAdmin?: boolean }
  const person: SignedInPerson = {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: isLocale(user.locale) ? user.locale : 'en',
    networkAdmin: !!user.networkAdmin,
  }
  return { person, sessionId: found.session.id }
})

const minute = 60_000
/** Attempts allowed per window: per account (its e-mail) and per client address. */
export const attemptLimits = {
  signInPerAccount: { max: 5, windowMs: 15 * minute },
  signInPerAddress: { max: 30, windowMs: 15 * minute },
  signUpPerAddress: { max: 10, windowMs: 60 * minute },
  signUpPerAccount: { max: 3, windowMs: 60 * minute },
  resetPerAccount: { max: 3, windowMs: 60 * minute },
}

const longestWindowMs = Math.max(...Object.values(attemptLimits).map((l) => l.windowMs))

/** Every night: counters of windows long past, expired sessions and e-mail links are of no use to anyone. */
export const pruneAccountsJob = defineScheduledJob('accounts.prune', '30 3 * * *', (db) =>
  deleteStaleAccountRows(db, Date.now() - 24 * longestWindowMs),
)

export async function limitAttempts(db: Db, key: string, limit: { max: number; windowMs: number }) {
  const { count, endsAt } = await countAttempt(db, key, limit.windowMs)
  if (count > limit.max) {
    const minutes = Math.max(1, Math.ceil((endsAt - Date.now()) / minute))
    // Past two hours, "in 1,380 minutes" says less than "in 23 hours".
    if (minutes > 120)
      throw new AppError('too_many_attempts', 429, 'core.error.too_many_hours', {
        hours: Math.ceil(minutes / 60),
      })
    throw new AppError('too_many_attempts', 429, 'core.error.too_many', { minutes })
  }
}

const commonPasswords = new Set([
  'password1234',
  '123456789012',
  'qwertyuiopas',
  'passwort1234',
  'creativecities',
  'iloveyou1234',
  'administrator',
])

/**
 * The password rule people are told: at least 12 characters, not a common password, not made of the
 * e-mail's name or one repeated character. Length beats forced symbols (NIST SP 800-63B).
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 12) return 'accounts.password.too_short'
  if (password.length > 128) return 'accounts.password.too_long'
  const lower = password.toLowerCase()
  const local = email.split('@')[0]?.toLowerCase() ?? ''
  if (commonPasswords.has(lower) || new Set(lower).size < 5) return 'accounts.password.common'
  if (local.length >= 4 && lower.includes(local)) return 'accounts.password.contains_email'
  return null
}

function checkPassword(ctx: Ctx, password: string, email: string, field = 'password') {
  const problem = passwordProblem(password, email)
  if (problem) throw fieldError(field, 'weak_password', ctx.i18n.t(problem))
}

const apiErrorCode = (err: unknown) =>
  err instanceof APIError ? String((err.body as { code?: string } | undefined)?.code ?? '') : null

export const signUpSchema = z.object({
  name: z.string().trim().min(2).max(120),
  email: z.email().max(254),
  password: z.string().max(128),
  locale: z.enum(['en', 'de', 'it', 'pl', 'sl', 'hu']).optional(),
})

/** Creates an account and sends the verification e-mail in the person's language. */
export async function signUp(ctx: Ctx, input: z.infer<typeof signUpSchema>, address: string) {
  const email = input.email.toLowerCase()
  await limitAttempts(ctx.db, `signup:address:${address}`, attemptLimits.signUpPerAddress)
  await limitAttempts(ctx.db, `signup:account:${email}`, attemptLimits.signUpPerAccount)
  checkPassword(ctx, input.password, email)
  if (await selectPersonByEmail(ctx.db, email))
    throw fieldError('email', 'email_taken', ctx.i18n.t('accounts.error.email_taken'), 409)
  await authFor(ctx.db, ctx.config).api.signUpEmail({
    body: { name: input.name, email, password: input.password, locale: input.locale ?? ctx.i18n.locale },
  })
}

export const signInSchema = z.object({ email: z.email().max(254), password: z.string().min(1).max(128) })

/** Checks the password and returns the headers that set the session cookie. */
export async function signIn(
  ctx: Ctx,
  input: z.infer<typeof signInSchema>,
  address: string,
  userAgent?: string,
) {
  const email = input.email.toLowerCase()
  await limitAttempts(ctx.db, `signin:address:${address}`, attemptLimits.signInPerAddress)
  await limitAttempts(ctx.db, `signin:account:${email}`, attemptLimits.signInPerAccount)
  try {
    const { headers } = await authFor(ctx.db, ctx.config).api.signInEmail({
      body: { email, password: input.password },
      headers: new Headers({ 'x-forwarded-for': address, 'user-agent': userAgent ?? '' }),
      returnHeaders: true,
    })
    await forgetAttempts(ctx.db, `signin:account:${email}`)
    return headers
  } catch (err) {
    const code = apiErrorCode(err)
    if (code === 'EMAIL_NOT_VERIFIED')
      throw new AppError('email_not_verified', 403, 'accounts.error.not_verified')
    if (code !== null) throw new AppError('invalid_credentials', 401, 'accounts.error.invalid_credentials')
    throw err
  }
}

export async function signOut(ctx: Ctx, headers: Headers) {
  const { headers: out } = await authFor(ctx.db, ctx.config).api.signOut({ headers, returnHeaders: true })
  return out
}

/** Confirms an e-mail address (a new account's or a changed one) and signs the person in. */
export async function verifyEmail(ctx: Ctx, token: string) {
  try {
    const { headers } = await authFor(ctx.db, ctx.config).api.verifyEmail({
      query: { token },
      returnHeaders: true,
    })
    return headers
  } catch (err) {
    if (apiErrorCode(err) !== null) throw new AppError('invalid_token', 400, 'accounts.error.invalid_link')
    throw err
  }
}

export async function resendVerification(ctx: Ctx, email: string) {
  await limitAttempts(ctx.db, `verify:account:${email.toLowerCase()}`, attemptLimits.resetPerAccount)
  const person = await selectPersonByEmail(ctx.db, email)
  if (!person || person.emailVerified) return
  await authFor(ctx.db, ctx.config).api.sendVerificationEmail({ body: { email: person.email } })
}

/** Sends a reset link when the account exists; says the same either way, so no one learns who has an account. */
export async function requestPasswordReset(ctx: Ctx, email: string) {
  await limitAttempts(ctx.db, `reset:account:${email.toLowerCase()}`, attemptLimits.resetPerAccount)
  if (!(await selectPersonByEmail(ctx.db, email))) return
  await authFor(ctx.db, ctx.config).api.requestPasswordReset({ body: { email: email.toLowerCase() } })
}

export async function resetPassword(ctx: Ctx, token: string, password: string) {
  checkPassword(ctx, password, '')
  try {
    await authFor(ctx.db, ctx.config).api.resetPassword({ body: { token, newPassword: password } })
  } catch (err) {
    if (apiErrorCode(err) !== null) throw new AppError('invalid_token', 400, 'accounts.error.invalid_link')
    throw err
  }
}

export async function changePassword(ctx: Ctx, headers: Headers, current: string, next: string) {
  const person = requirePerson(ctx.viewer)
  checkPassword(ctx, next, person.email, 'new_password')
  try {
    await authFor(ctx.db, ctx.config).api.changePassword({
      body: { currentPassword: current, newPassword: next, revokeOtherSessions: true },
      headers,
    })
  } catch (err) {
    if (apiErrorCode(err) !== null)
      throw fieldError(
        'current_password',
        'invalid_password',
        ctx.i18n.t('accounts.error.wrong_password'),
        400,
      )
    throw err
  }
}

/** Sends a confirmation link to the new address; the account keeps the old one until it is followed. */
export async function changeEmail(ctx: Ctx, headers: Headers, newEmail: string) {
  const person = requirePerson(ctx.viewer)
  const email = newEmail.toLowerCase()
  if (email === person.email.toLowerCase()) return
  if (await selectPersonByEmail(ctx.db, email))
    throw fieldError('email', 'email_taken', ctx.i18n.t('accounts.error.email_taken'), 409)
  await authFor(ctx.db, ctx.config).api.changeEmail({ body: { newEmail: email }, headers })
}

export const profileSchema = z.object({
  name: z.string().trim().min(2).max(120),
  locale: z.enum(['en', 'de', 'it', 'pl', 'sl', 'hu']),
})

export async function updateProfile(ctx: Ctx, input: z.infer<typeof profileSchema>) {
  const person = requirePerson(ctx.viewer)
  await updatePerson(ctx.db, person.id, input)
}

export async function listMySessions(ctx: Ctx) {
  const person = requirePerson(ctx.viewer)
  const list = await selectSessions(ctx.db, person.id)
  return list.map((s) => ({ ...s, current: s.id === ctx.viewer.sessionId }))
}

export async function revokeSession(ctx: Ctx, sessionId: string) {
  const person = requirePerson(ctx.viewer)
  const [deleted] = await deleteSession(ctx.db, person.id, sessionId)
  if (!deleted) throw new AppError('not_found', 404, 'core.error.not_found')
}

/** Everything the platform keeps about the signed-in person, as one JSON document. */
export async function exportMyData(ctx: Ctx) {
  const person = requirePerson(ctx.viewer)
  const account = await selectPerson(ctx.db, person.id)
  const sections: Record<string, unknown> = {}
  for (const [name, read] of personalDataSections) sections[name] = await read(ctx.db, person.id)
  return {
    exported_at: new Date().toISOString(),
    account: {
      id: account.id,
      name: account.name,
      email: account.email,
      email_verified: account.emailVerified,
      language: account.locale,
      network_admin: account.networkAdmin,
      created_at: account.createdAt,
    },
    sessions: await selectSessions(ctx.db, person.id),
    ...sections,
  }
}

/**
 * Deletes the signed-in person's account after checking the password. Modules settle what the person
 * leaves behind first (an organisation's last admin hands over, see organisations); the audit log keeps
 * that it happened, not who it was.
 */
export async function deleteMyAccount(ctx: Ctx, password: string) {
  const person = requirePerson(ctx.viewer)
  const auth = authFor(ctx.db, ctx.config)
  const context = await auth.$context
  const credential = (await context.internalAdapter.findAccounts(person.id)).find(
    (a) => a.providerId === 'credential',
  )
  if (!credential?.password || !(await context.password.verify({ hash: credential.password, password })))
    throw fieldError('password', 'invalid_password', ctx.i18n.t('accounts.error.wrong_password'), 400)
  await ctx.db.transaction(async (tx) => {
    for (const hook of accountDeletionHooks) await hook(tx as unknown as Db, person.id, ctx)
    await recordAudit(
      tx as unknown as Db,
      { ...ctx, viewer: { ...ctx.viewer, person: null } },
      {
        action: 'account.deleted',
        subjectType: 'person',
        subjectId: person.id,
      },
    )
    await deletePerson(tx as unknown as Db, person.id)
  })
  // The sessions went with the account; the browser's cookie is cleared too.
  const { name } = (await auth.$context).authCookies.sessionToken
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`
}

/** A person with a verified address and a password, made without e-mail: demo accounts and the first admin. */
export async function createVerifiedPerson(
  db: Db,
  input: {
    name: string
    email: string
    locale?: Locale
    networkAdmin?: boolean
    password?: string
    passwordHash?: string
  },
) {
  const id = randomUUID()
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? ''))
  await insertPersonWithPassword(db, {
    id,
    name: input.name,
    email: input.email.toLowerCase(),
    locale: input.locale ?? 'en',
    networkAdmin: input.networkAdmin ?? false,
    passwordHash,
  })
  return id
}

/** The first network admin of an installation without demo data (`npm run admin:create -- email`). */
export async function createNetworkAdmin(db: Db, email: string, password: string) {
  const existing = await selectPersonByEmail(db, email)
  if (existing) {
    await updatePerson(db, existing.id, { networkAdmin: true, emailVerified: true })
    return { id: existing.id, created: false }
  }
  const problem = passwordProblem(password, email)
  if (problem) return { problem }
  const id = await createVerifiedPerson(db, {
    name: email.split('@')[0],
    email,
    networkAdmin: true,
    password,
  })
  return { id, created: true }
}

/** Name, e-mail and language of these people: mail to them goes out in their own language. */
export const findPeople = (db: Db, ids: string[]) => selectPeople(db, ids)

/** The installation's signing secret (AUTH_SECRET or the one kept in the data directory), for signed links. */
export { authSecret } from './auth'
export { selectPersonByEmail as findPersonByEmail }
