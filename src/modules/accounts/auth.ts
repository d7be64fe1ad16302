import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { betterAuth } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import type { Config } from '../../core/config'
import type { Db } from '../../core/db/client'
import { mailI18n, sendMail } from '../mail/service'
import { authAccounts, sessions, users, verifications } from './schema'

/**
 * The secret that signs session cookies: AUTH_SECRET, or one made once and kept in the data directory, so a
 * single installation works without configuration and keeps its sessions across restarts. Processes starting
 * together (PROCESSES) agree on one: each writes its own file and links it into place, and the first link wins.
 */
export function authSecret(config: Config): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET
  const file = join(config.dataDir, 'auth-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(config.dataDir, { recursive: true })
  const own = `${file}.${process.pid}`
  writeFileSync(own, randomBytes(32).toString('base64url'), { mode: 0o600 })
  try {
    linkSync(own, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    unlinkSync(own)
  }
  return readFileSync(file, 'utf8').trim()
}

function createAuth(db: Db, config: Config) {
  /**
   * A link by e-mail, in the recipient's language, to one of our own pages (which then calls better-auth):
   * `mail` names the subject and body messages, `page` the page the token opens.
   */
  const sendLink =
    (mail: 'reset' | 'verify', kind: string, page: string) =>
    async ({ user, token }: { user: { email: string; name: string }; token: string }) => {
      const i18n = mailI18n((user as { locale?: string }).locale)
      await sendMail(
        { db, config },
        {
          to: user.email,
          locale: i18n.locale,
          kind,
          subject: i18n.t(`accounts.mail.${mail}_subject`),
          body: i18n.t(`accounts.mail.${mail}_body`, {
            name: user.name,
            link: `${config.publicUrl}/${i18n.locale}/${page}?token=${encodeURIComponent(token)}`,
          }),
        },
      )
    }
  return betterAuth({
    appName: 'Creative Cities Network',
    baseURL: config.publicUrl,
    secret: authSecret(config),
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: authAccounts, verification: verifications },
    }),
    telemetry: { enabled: false },
    // Sign-in and sign-up are limited per account and per address by the accounts service, in the database.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'ccn',
      useSecureCookies: config.publicUrl.startsWith('https:'),
      database: { generateId: () => randomUUID() },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        locale: { type: 'string', required: false, defaultValue: 'en', input: true },
        networkAdmin: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
      changeEmail: { enabled: true },
      deleteUser: { enabled: true },
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 12,
      maxPasswordLength: 128,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: sendLink('reset', 'password_reset', 'reset-password'),
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: sendLink('verify', 'verify_email', 'verify-email'),
    },
  })
}

export type Auth = ReturnType<typeof createAuth>

const instances = new WeakMap<Db, WeakMap<Config, Auth>>()

/** One better-auth instance per database and configuration, made on first use. */
export function authFor(db: Db, config: Config): Auth {
  let byConfig = instances.get(db)
  if (!byConfig) {
    byConfig = new WeakMap()
    instances.set(db, byConfig)
  }
  let auth = byConfig.get(config)
  if (!auth) {
    auth = createAuth(db, config)
    byConfig.set(config, auth)
  }
  return auth
}
