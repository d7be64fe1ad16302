import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import { type MailFrequency, mailFrequencies } from '../schema'
import type { ShownNotification } from '../service'

/** The bell's page: the reader's notifications, newest first, the unread ones marked. */
export function NotificationsPage(props: {
  i18n: I18n
  items: ShownNotification[]
  page: number
  hasMore: boolean
  notice?: string
}) {
  const { i18n, items, page } = props
  const { t, locale } = i18n
  const pageLink = (n: number) => `/${locale}/notifications${n > 1 ? `?page=${n}` : ''}`
  return (
    <div class="page notifications">
      <h1>{t('notifications.title')}</h1>
      <Notice text={props.notice} />
      <div class="actions">
        {items.some((n) => !n.read) && (
          <form method="post" action={`/${locale}/notifications/read`}>
            <button type="submit">{t('notifications.list.mark_all')}</button>
          </form>
        )}
        <a href={`/${locale}/me/notifications`}>{t('notifications.preferences.title')}</a>
      </div>
      {items.length === 0 ? (
        <p class="empty-state">{t('notifications.list.empty')}</p>
      ) : (
        <ol class="plain-list notification-list">
          {items.map((n) => (
            <li class={n.read ? 'notification' : 'notification notification--unread'}>
              <a href={`/${locale}/notifications/${n.id}`}>
                {!n.read && <span class="notification__new">{t('notifications.list.unread')}</span>}
                <span class="notification__text">{n.text}</span>
              </a>
              <time datetime={n.createdAt.toISOString()}>
                {i18n.date(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label={t('notifications.list.pages')}>
        {page > 1 && <a href={pageLink(page - 1)}>{t('notifications.list.newer')}</a>}
        {props.hasMore && <a href={pageLink(page + 1)}>{t('notifications.list.older')}</a>}
      </nav>
    </div>
  )
}

/** How each kind of notification reaches the person by e-mail. */
export function PreferencesPage(props: {
  i18n: I18n
  kinds: { kind: string; label: string; email: MailFrequency }[]
  state?: FormState
  notice?: string
}) {
  const { i18n, kinds, state } = props
  const { t, locale } = i18n
  const options = mailFrequencies.map((f) => ({ value: f, label: t(`notifications.frequency.${f}`) }))
  return (
    <div class="page notification-settings">
      <h1>{t('notifications.preferences.title')}</h1>
      <p class="lead">{t('notifications.preferences.lead')}</p>
      <Notice text={props.notice} />
      {kinds.length === 0 ? (
        <p>{t('notifications.preferences.none')}</p>
      ) : (
        <form class="form" method="post" action={`/${locale}/me/notifications`} novalidate>
          <FormMessage state={state} />
          {kinds.map((k) => (
            <Field name={k.kind} label={k.label} state={state} value={k.email} options={options} />
          ))}
          <button type="submit">{t('notifications.preferences.save')}</button>
        </form>
      )}
      <p>
        <a href={`/${locale}/notifications`}>{t('notifications.title')}</a>
      </p>
    </div>
  )
}

/** The page an unsubscribe link opens: what it stops, one button; then what it did. */
export function UnsubscribePage(props: {
  i18n: I18n
  action: string
  target: { kind: string; digest: boolean; label: string }
  done: boolean
}) {
  const { i18n, target } = props
  const { t, locale } = i18n
  const what = target.digest
    ? t(`notifications.unsubscribe.${props.done ? 'done' : 'confirm'}_${target.kind}`)
    : t(`notifications.unsubscribe.${props.done ? 'done' : 'confirm'}_kind`, { label: target.label })
  return (
    <div class="page unsubscribe">
      <h1>{t('notifications.unsubscribe.title')}</h1>
      {props.done ? (
        <p class="notice" role="status">
          {what}
        </p>
      ) : (
        <form class="form" method="post" action={props.action}>
          <p>{what}</p>
          <button type="submit">{t('notifications.unsubscribe.button')}</button>
        </form>
      )}
      <p>
        <a href={`/${locale}/me/notifications`}>{t('notifications.unsubscribe.settings')}</a>
      </p>
    </div>
  )
}
