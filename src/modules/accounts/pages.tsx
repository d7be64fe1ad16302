import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, Hono } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { z } from 'zod'
import { requirePerson } from '../../core/auth'
import { AppError } from '../../core/errors'
import { emptyForm, type FormState, formFailure, parseForm, readForm } from '../../core/forms'
import { type AppEnv, type Ctx, localePath, noticeOf, renderPage } from '../../core/http'
import { getActorSummaryById } from '../actors/service'
import { listClusters } from '../network/service'
import {
  changeEmail,
  changePassword,
  deleteMyAccount,
  exportMyData,
  listMySessions,
  profileSchema,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  revokeSession,
  signIn,
  signInSchema,
  signOut,
  signUp,
  signUpSchema,
  updateProfile,
  verifyEmail,
} from './service'
import { ForgotPage, JoinPage, LoginPage, MessagePage, ResetPage } from './views/forms'
import { MePage, type MePageProps } from './views/me'

type MeSection = (ctx: Ctx) => Promise<JSX.Element | null>
const meSections: MeSection[] = []

/**
 * Other capabilities add a section to the account page (recommended partners of one's organisations); each
 * renders what it knows for this person, or nothing.
 */
export function provideMeSection(section: MeSection) {
  meSections.push(section)
}

/** The client's address, for rate limits: the proxy's word for it only when told to trust the proxy. */
function clientAddress(c: Context<AppEnv>): string {
  if (c.get('ctx').config.TRUST_PROXY) {
    // The proxy appends the address it saw; entries before it are whatever the client claimed.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Where to go after signing in: a path on this site only, never another site (open redirect). */
const safeNext = (value: unknown) =>
  typeof value === 'string' && /^\/[a-z]{2}\/[\w\-./%?=&+~]*$/.test(value) && value.length < 500
    ? value
    : undefined

const notices = Object.fromEntries(
  ['verified', 'password_reset', 'email_sent', 'saved', 'password_changed', 'session_revoked', 'deleted'].map(
    (k) => [k, `accounts.notice.${k}`],
  ),
)

/** Copies the session cookie better-auth set (or cleared) onto our redirect. */
function redirectWithCookies(c: Context<AppEnv>, to: string, headers: Headers) {
  for (const cookie of headers.getSetCookie()) c.header('set-cookie', cookie, { append: true })
  return c.redirect(to, 303)
}

const invalidLink = () => new AppError('invalid_token', 400, 'accounts.error.invalid_link')
const tokenQuery = z.object({ token: z.string().min(10).max(2000) })
const emailForm = z.object({ email: z.email().max(254) })

export function accountsPages(app: Hono<AppEnv>) {
  const join = `${localePath}/join`
  app.get(join, (c) =>
    renderPage(
      c,
      { title: c.get('ctx').i18n.t('accounts.join.title') },
      JoinPage({ i18n: c.get('ctx').i18n, state: emptyForm() }),
    ),
  )
  app.post(join, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const show = (state: FormState, status: 422 | 429 = 422) =>
      renderPage(c, { title: ctx.i18n.t('accounts.join.title') }, JoinPage({ i18n: ctx.i18n, state }), status)
    const parsed = parseForm(signUpSchema, values, ctx.i18n)
    if (!parsed.ok) return show(parsed.state)
    try {
      await signUp(ctx, parsed.data, clientAddress(c))
    } catch (err) {
      return show(
        formFailure(err, values, ctx.i18n),
        err instanceof AppError && err.status === 429 ? 429 : 422,
      )
    }
    return c.redirect(`/${ctx.i18n.locale}/join/sent`, 303)
  })
  app.get(`${localePath}/join/sent`, (c) => {
    const { i18n } = c.get('ctx')
    return renderPage(
      c,
      { title: i18n.t('accounts.join.sent_title') },
      MessagePage({
        i18n,
        title: i18n.t('accounts.join.sent_title'),
        text: i18n.t('accounts.join.sent_text'),
      }),
    )
  })

  app.get(`${localePath}/verify-email`, async (c) => {
    const ctx = c.get('ctx')
    const parsed = tokenQuery.safeParse({ token: c.req.query('token') })
    if (!parsed.success) throw invalidLink()
    const headers = await verifyEmail(ctx, parsed.data.token)
    return redirectWithCookies(c, `/${ctx.i18n.locale}/me?notice=verified`, headers)
  })
  app.post(`${localePath}/verify-email/resend`, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const parsed = parseForm(emailForm, values, ctx.i18n)
    if (parsed.ok) await resendVerification(ctx, parsed.data.email)
    return renderPage(
      c,
      { title: ctx.i18n.t('accounts.join.sent_title') },
      MessagePage({
        i18n: ctx.i18n,
        title: ctx.i18n.t('accounts.join.sent_title'),
        text: ctx.i18n.t('accounts.verify.resent'),
      }),
    )
  })

  const login = `${localePath}/login`
  app.get(login, (c) => {
    const { i18n } = c.get('ctx')
    return renderPage(
      c,
      { title: i18n.t('accounts.login.title') },
      LoginPage({
        i18n,
        state: emptyForm(),
        next: safeNext(c.req.query('next')),
        notice: noticeOf(c, notices),
      }),
    )
  })
  app.post(login, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const next = safeNext(values.next)
    const show = (state: FormState, status: 401 | 403 | 422 | 429) =>
      renderPage(
        c,
        { title: ctx.i18n.t('accounts.login.title') },
        LoginPage({ i18n: ctx.i18n, state, next }),
        status,
      )
    const parsed = parseForm(signInSchema, values, ctx.i18n)
    if (!parsed.ok) return show(parsed.state, 422)
    try {
      const headers = await signIn(ctx, parsed.data, clientAddress(c), c.req.header('user-agent'))
      return redirectWithCookies(c, next ?? `/${ctx.i18n.locale}/me`, headers)
    } catch (err) {
      const state = formFailure(err, values, ctx.i18n)
      const code = (err as { code?: string }).code
      if (code === 'email_not_verified') state.values = { ...values, unverified: 'true' }
      const status = code === 'too_many_attempts' ? 429 : code === 'email_not_verified' ? 403 : 401
      return show(state, status)
    }
  })

  app.post(`${localePath}/logout`, async (c) => {
    const ctx = c.get('ctx')
    const headers = await signOut(ctx, c.req.raw.headers).catch(() => new Headers())
    return redirectWithCookies(c, `/${ctx.i18n.locale}/`, headers)
  })

  const forgot = `${localePath}/forgot-password`
  app.get(forgot, (c) =>
    renderPage(
      c,
      { title: c.get('ctx').i18n.t('accounts.forgot.title') },
      ForgotPage({ i18n: c.get('ctx').i18n, state: emptyForm() }),
    ),
  )
  app.post(forgot, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const parsed = parseForm(emailForm, values, ctx.i18n)
    try {
      if (!parsed.ok) throw parsed.state
      await requestPasswordReset(ctx, parsed.data.email)
    } catch (err) {
      const state = parsed.ok ? formFailure(err, values, ctx.i18n) : (err as FormState)
      return renderPage(
        c,
        { title: ctx.i18n.t('accounts.forgot.title') },
        ForgotPage({ i18n: ctx.i18n, state }),
        422,
      )
    }
    return renderPage(
      c,
      { title: ctx.i18n.t('accounts.forgot.title') },
      MessagePage({
        i18n: ctx.i18n,
        title: ctx.i18n.t('accounts.forgot.title'),
        text: ctx.i18n.t('accounts.forgot.sent'),
      }),
    )
  })

  const reset = `${localePath}/reset-password`
  app.get(reset, (c) => {
    const ctx = c.get('ctx')
    const parsed = tokenQuery.safeParse({ token: c.req.query('token') })
    if (!parsed.success) throw invalidLink()
    return renderPage(
      c,
      { title: ctx.i18n.t('accounts.reset.title') },
      ResetPage({ i18n: ctx.i18n, state: emptyForm(), token: parsed.data.token }),
    )
  })
  app.post(reset, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const parsed = parseForm(
      z.object({ token: z.string().min(10).max(2000), password: z.string().max(128) }),
      values,
      ctx.i18n,
    )
    const token = typeof values.token === 'string' ? values.token.slice(0, 2000) : ''
    try {
      if (!parsed.ok) throw parsed.state
      await resetPassword(ctx, parsed.data.token, parsed.data.password)
    } catch (err) {
      const state = parsed.ok ? formFailure(err, values, ctx.i18n) : (err as FormState)
      return renderPage(
        c,
        { title: ctx.i18n.t('accounts.reset.title') },
        ResetPage({ i18n: ctx.i18n, state, token }),
        422,
      )
    }
    return c.redirect(`/${ctx.i18n.locale}/login?notice=password_reset`, 303)
  })

  const me = `${localePath}/me`
  async function showMe(c: Context<AppEnv>, failed?: MePageProps['failed']) {
    const ctx = c.get('ctx')
    const person = requirePerson(ctx.viewer)
    const [sessions, clusters, organisations, sections] = await Promise.all([
      listMySessions(ctx),
      listClusters(ctx),
      Promise.all(
        [...ctx.viewer.orgs].map(async ([id, role]) => {
          const actor = await getActorSummaryById(ctx, id)
          return actor ? { slug: actor.slug, name: actor.name, clusterId: actor.clusterId, role } : null
        }),
      ),
      Promise.all(meSections.map((section) => section(ctx))),
    ])
    const props: MePageProps = {
      i18n: ctx.i18n,
      person,
      notice: noticeOf(c, notices),
      sessions,
      organisations: organisations.filter((o) => o !== null),
      managedClusters: clusters
        .filter((cl) => ctx.viewer.managedClusters.has(cl.id))
        .map((cl) => ({ id: cl.id, name: cl.cityName })),
      sections: sections.filter((s) => s !== null),
      failed,
    }
    return renderPage(c, { title: ctx.i18n.t('accounts.me.title') }, MePage(props), failed ? 422 : 200)
  }
  app.get(me, (c) => showMe(c))

  /** A form of the account page: validate, run the verb, then back to the page with a notice or the errors. */
  function meForm<T extends z.ZodType>(
    form: NonNullable<MePageProps['failed']>['form'],
    path: string,
    schema: T,
    run: (c: Context<AppEnv>, data: z.infer<T>) => Promise<string>,
  ) {
    app.post(`${me}/${path}`, async (c) => {
      const ctx = c.get('ctx')
      requirePerson(ctx.viewer)
      const values = await readForm(c)
      const parsed = parseForm(schema, values, ctx.i18n)
      if (!parsed.ok) return showMe(c, { form, state: parsed.state })
      try {
        return c.redirect(await run(c, parsed.data), 303)
      } catch (err) {
        return showMe(c, { form, state: formFailure(err, values, ctx.i18n) })
      }
    })
  }
  const back = (c: Context<AppEnv>, notice: string) => `/${c.get('ctx').i18n.locale}/me?notice=${notice}`
  meForm('profile', 'profile', profileSchema, async (c, data) => {
    await updateProfile(c.get('ctx'), data)
    return `/${data.locale}/me?notice=saved`
  })
  meForm('email', 'email', emailForm, async (c, data) => {
    await changeEmail(c.get('ctx'), c.req.raw.headers, data.email)
    return back(c, 'email_sent')
  })
  meForm(
    'password',
    'password',
    z.object({ current_password: z.string().min(1).max(128), new_password: z.string().max(128) }),
    async (c, data) => {
      await changePassword(c.get('ctx'), c.req.raw.headers, data.current_password, data.new_password)
      return back(c, 'password_changed')
    },
  )
  meForm('delete', 'delete', z.object({ password: z.string().min(1).max(128) }), async (c, data) => {
    c.header('set-cookie', await deleteMyAccount(c.get('ctx'), data.password))
    return `/${c.get('ctx').i18n.locale}/login?notice=deleted`
  })
  app.post(`${me}/sessions/:id/revoke`, async (c) => {
    const ctx = c.get('ctx')
    await revokeSession(ctx, c.req.param('id').slice(0, 100))
    return c.redirect(back(c, 'session_revoked'), 303)
  })
  app.get(`${me}/data.json`, async (c) => {
    const data = await exportMyData(c.get('ctx'))
    c.header('content-disposition', 'attachment; filename="creative-cities-my-data.json"')
    c.header('cache-control', 'no-store')
    return c.json(data)
  })
}
