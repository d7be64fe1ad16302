import type { Context, Hono } from 'hono'
import { requirePerson } from '../../core/auth'
import { type FormState, formFailure, readForm } from '../../core/forms'
import { type AppEnv, localePath, noticeOf, parseId, renderPage } from '../../core/http'
import {
  listMyNotifications,
  markNotificationsRead,
  myPreferences,
  openNotification,
  savePreferences,
  unsubscribe,
  unsubscribeTarget,
} from './service'
import { NotificationsPage, PreferencesPage, UnsubscribePage } from './views/notifications'

type C = Context<AppEnv>

const listNotices = { read: 'notifications.list.marked' } as const
const preferenceNotices = { saved: 'notifications.preferences.saved' } as const

export function notificationsPages(app: Hono<AppEnv>) {
  // Registered before `/notifications/:id`, which takes only numbers anyway.
  const unsubscribePage = async (c: C, done: boolean) => {
    const ctx = c.get('ctx')
    const query = c.req.query()
    const target = done ? await unsubscribe(ctx, query) : await unsubscribeTarget(ctx, query)
    const url = new URL(c.req.url)
    return renderPage(
      c,
      { title: ctx.i18n.t('notifications.unsubscribe.title') },
      <UnsubscribePage i18n={ctx.i18n} action={url.pathname + url.search} target={target} done={done} />,
    )
  }
  app.get(`${localePath}/notifications/unsubscribe`, (c) => unsubscribePage(c, false))
  // The confirmation form and a mail program's one-click POST (RFC 8058) both land here.
  app.post(`${localePath}/notifications/unsubscribe`, (c) => unsubscribePage(c, true))

  app.get(`${localePath}/notifications`, async (c) => {
    const ctx = c.get('ctx')
    const requested = c.req.query('page')
    const page = requested === undefined ? 1 : parseId(requested)
    const { items, hasMore } = await listMyNotifications(ctx, page)
    return renderPage(
      c,
      { title: ctx.i18n.t('notifications.title') },
      <NotificationsPage
        i18n={ctx.i18n}
        items={items}
        page={page}
        hasMore={hasMore}
        notice={noticeOf(c, listNotices)}
      />,
    )
  })

  app.get(`${localePath}/notifications/:id{[0-9]+}`, async (c) => {
    const ctx = c.get('ctx')
    const link = await openNotification(ctx, parseId(c.req.param('id')))
    return c.redirect(`/${ctx.i18n.locale}${link}`, 303)
  })

  app.post(`${localePath}/notifications/read`, async (c) => {
    const ctx = c.get('ctx')
    await markNotificationsRead(ctx, { all: true })
    return c.redirect(`/${ctx.i18n.locale}/notifications?notice=read`, 303)
  })

  const preferencesPage = async (c: C, state?: FormState) => {
    const ctx = c.get('ctx')
    return renderPage(
      c,
      { title: ctx.i18n.t('notifications.preferences.title') },
      <PreferencesPage
        i18n={ctx.i18n}
        kinds={await myPreferences(ctx)}
        state={state}
        notice={noticeOf(c, preferenceNotices)}
      />,
      state ? 422 : 200,
    )
  }
  app.get(`${localePath}/me/notifications`, (c) => preferencesPage(c))
  app.post(`${localePath}/me/notifications`, async (c) => {
    const ctx = c.get('ctx')
    requirePerson(ctx.viewer)
    const values = await readForm(c)
    try {
      await savePreferences(ctx, values)
    } catch (err) {
      return preferencesPage(c, formFailure(err, values, ctx.i18n))
    }
    return c.redirect(`/${ctx.i18n.locale}/me/notifications?notice=saved`, 303)
  })
}
