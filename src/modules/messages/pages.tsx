import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, validationError } from '../../core/errors'
import {
  emptyForm,
  type FormState,
  type FormValues,
  formFailure,
  isFormError,
  parseForm,
  readForm,
} from '../../core/forms'
import { type AppEnv, type Ctx, localePath, noticeOf, parseId, parseSlug, renderPage } from '../../core/http'
import type { I18n } from '../../core/i18n'
import { provideProfileSection } from '../actors/pages'
import { attachmentsBodyLimit, bodyTooLarge, type Upload } from './attachments'
import {
  can,
  checkConversationAccess,
  conversationStart,
  getAttachment,
  getConversation,
  listConversations,
  listOpenReports,
  newConversationSchema,
  replySchema,
  replyToConversation,
  reportDecisionSchema,
  reportMessage,
  reportSchema,
  resolveReport,
  startConversation,
} from './service'
import { InboxPage, NewConversationPage, ThreadPage } from './views/messages'
import { ReportsPage } from './views/reports'

type C = Context<AppEnv>

const styles = ['messages.css']

const notices = {
  sent: 'messages.done.sent',
  started: 'messages.done.started',
  reported: 'messages.done.reported',
  resolved: 'messages.done.resolved',
}

const cityOf = (c: C) => parseSlug(c.req.param('city') ?? '')
const statusOf = (err: unknown) => (err instanceof AppError ? err.status : 422) as ContentfulStatusCode

// Refusals and missing pages stay errors; anything else someone typed goes back to the form.
function failure(err: unknown, values: FormValues, i18n: I18n): FormState {
  if (!isFormError(err)) throw err
  return formFailure(err, values, i18n)
}

/** The files of a posted form's field; an input left empty sends one nameless, empty file. */
async function uploadsOf(c: C, field: string): Promise<Upload[]> {
  const body = await c.req.parseBody({ all: true })
  const files = [body[field] ?? []]
    .flat()
    .filter((f): f is File => f instanceof File && (f.size > 0 || !!f.name))
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })))
}

/** A link that opens the conversation form, on every profile, for people of another organisation. */
provideProfileSection(async (ctx: Ctx, actor) => {
  const { t, locale } = ctx.i18n
  if (!ctx.viewer.person) {
    const here = `/${locale}/actors/${actor.slug}`
    return (
      <p class="profile-write">
        <a href={`/${locale}/login?next=${encodeURIComponent(here)}`}>{t('messages.profile.sign_in')}</a>
      </p>
    )
  }
  if (![...ctx.viewer.orgs.keys()].some((id) => id !== actor.id)) return null
  return (
    <p class="profile-write">
      <a class="button" href={`/${locale}/messages/new?to=${actor.slug}`}>
        {t('messages.profile.write')}
      </a>
    </p>
  )
})

export function messagesPages(app: Hono<AppEnv>) {
  app.get(`${localePath}/messages`, async (c) => {
    const ctx = c.get('ctx')
    const conversations = await listConversations(ctx)
    return renderPage(
      c,
      { title: ctx.i18n.t('messages.title'), styles },
      <InboxPage
        conversations={conversations}
        hasOrganisation={can(ctx, 'write')}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
    )
  })

  // ---- a new conversation ------------------------------------------------------------------

  const newPage = async (c: C, to: string, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const start = await conversationStart(ctx, parseSlug(to))
    return renderPage(
      c,
      { title: ctx.i18n.t('messages.new.title', { organisation: start.to.name }), styles },
      <NewConversationPage to={start.to} from={start.from} state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/messages/new`, (c) => newPage(c, c.req.query('to') ?? '', emptyForm()))

  app.post(`${localePath}/messages/new`, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const to = typeof values.to === 'string' ? values.to : (c.req.query('to') ?? '')
    // The permission and the addressee first: a refused person learns nothing of the form.
    await conversationStart(ctx, parseSlug(to))
    const parsed = parseForm(newConversationSchema, values, ctx.i18n)
    if (!parsed.ok) return newPage(c, to, parsed.state, 422)
    try {
      const { id } = await startConversation(ctx, parsed.data)
      return c.redirect(`/${ctx.i18n.locale}/messages/${id}?notice=started`, 303)
    } catch (err) {
      return newPage(c, to, failure(err, values, ctx.i18n), statusOf(err))
    }
  })

  // ---- a conversation ----------------------------------------------------------------------

  const threadPage = async (
    c: C,
    forms: { reply?: FormState; report?: { messageId: number; state: FormState } } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const thread = await getConversation(ctx, parseId(c.req.param('id')))
    return renderPage(
      c,
      { title: thread.subject, styles },
      <ThreadPage
        thread={thread}
        reply={forms.reply ?? emptyForm({ as: String(thread.writeAs[0]?.id ?? '') })}
        report={forms.report}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  const thread = `${localePath}/messages/:id{[0-9]+}`

  app.get(thread, (c) => threadPage(c))

  const replyLimit = attachmentsBodyLimit(async (c) => {
    const ctx = c.get('ctx')
    await checkConversationAccess(ctx, parseId(c.req.param('id')))
    return threadPage(c, { reply: formFailure(bodyTooLarge(ctx.i18n), {}, ctx.i18n) }, 413)
  })

  app.post(thread, replyLimit, async (c) => {
    const ctx = c.get('ctx')
    const id = parseId(c.req.param('id'))
    await checkConversationAccess(ctx, id)
    const values = await readForm(c)
    const parsed = parseForm(replySchema, values, ctx.i18n)
    if (!parsed.ok) return threadPage(c, { reply: parsed.state }, 422)
    try {
      await replyToConversation(ctx, id, parsed.data, await uploadsOf(c, 'attachments'))
      return c.redirect(`/${ctx.i18n.locale}/messages/${id}?notice=sent#reply`, 303)
    } catch (err) {
      return threadPage(c, { reply: failure(err, values, ctx.i18n) }, statusOf(err))
    }
  })

  app.get(`${thread}/attachments/:attachment{[0-9]+}`, async (c) => {
    const ctx = c.get('ctx')
    const file = await getAttachment(ctx, parseId(c.req.param('id')), parseId(c.req.param('attachment')))
    const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    })
  })

  app.post(`${thread}/messages/:message{[0-9]+}/report`, async (c) => {
    const ctx = c.get('ctx')
    const id = parseId(c.req.param('id'))
    const messageId = parseId(c.req.param('message'))
    await checkConversationAccess(ctx, id)
    const values = await readForm(c)
    const parsed = parseForm(reportSchema, values, ctx.i18n)
    if (!parsed.ok) return threadPage(c, { report: { messageId, state: parsed.state } }, 422)
    try {
      await reportMessage(ctx, id, messageId, parsed.data)
      return c.redirect(`/${ctx.i18n.locale}/messages/${id}?notice=reported`, 303)
    } catch (err) {
      return threadPage(c, { report: { messageId, state: failure(err, values, ctx.i18n) } }, statusOf(err))
    }
  })

  // ---- the cluster manager's reports -------------------------------------------------------

  app.get(`${localePath}/clusters/:city/reports`, async (c) => {
    const ctx = c.get('ctx')
    const { cluster, reports } = await listOpenReports(ctx, cityOf(c))
    return renderPage(
      c,
      { title: `${ctx.i18n.t('messages.reports.title')} · ${cluster.cityName}`, city: cluster.id, styles },
      <ReportsPage cluster={cluster} reports={reports} notice={noticeOf(c, notices)} i18n={ctx.i18n} />,
    )
  })

  app.post(`${localePath}/clusters/:city/reports/:report{[0-9]+}`, async (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    const values = await readForm(c)
    const parsed = reportDecisionSchema.safeParse(values)
    if (!parsed.success) {
      // The permission first: a refused person learns nothing from a malformed request.
      await listOpenReports(ctx, city)
      throw validationError(parsed.error, ctx.i18n)
    }
    await resolveReport(ctx, city, parseId(c.req.param('report')), parsed.data)
    return c.redirect(`/${ctx.i18n.locale}/clusters/${city}/reports?notice=resolved`, 303)
  })
}
