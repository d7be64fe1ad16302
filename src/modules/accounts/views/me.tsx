import type { JSX } from 'hono/jsx/jsx-runtime'
import type { SignedInPerson } from '../../../core/auth'
import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import { EmailField, languageOptions, PasswordField } from './forms'

export interface MePageProps {
  i18n: I18n
  person: SignedInPerson
  notice?: string
  organisations: { slug: string; name: string; clusterId: string; role: 'admin' | 'member' }[]
  managedClusters: { id: string; name: string }[]
  sessions: {
    id: string
    createdAt: Date
    updatedAt: Date
    ipAddress: string | null
    userAgent: string | null
    current: boolean
  }[]
  /** What other capabilities show here (`provideMeSection`), after the person's organisations. */
  sections: JSX.Element[]
  /** The form that failed, by name, with what was typed. */
  failed?: { form: 'profile' | 'email' | 'password' | 'delete'; state: FormState }
}

const stateOf = (props: MePageProps, form: NonNullable<MePageProps['failed']>['form']) =>
  props.failed?.form === form ? props.failed.state : undefined

/** A short, readable name for a browser from its user-agent string. */
function browserName(userAgent: string | null): string {
  if (!userAgent) return '—'
  const match = /(Firefox|Edg|Chrome|Safari)\/[\d.]+/.exec(userAgent)
  const os = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(userAgent)
  return (
    [match?.[1] === 'Edg' ? 'Edge' : match?.[1], os?.[1]].filter(Boolean).join(' · ') ||
    userAgent.slice(0, 40)
  )
}

export function MePage(props: MePageProps) {
  const { i18n, person, organisations, managedClusters, sessions } = props
  const { t, locale } = i18n
  const profile = stateOf(props, 'profile')
  const email = stateOf(props, 'email')
  const password = stateOf(props, 'password')
  const remove = stateOf(props, 'delete')
  return (
    <div class="page account me">
      <h1>{t('accounts.me.title')}</h1>
      <p class="lead">
        {person.name} · {person.email}
      </p>
      <Notice text={props.notice} />

      <section aria-labelledby="me-orgs">
        <h2 id="me-orgs">{t('accounts.me.organisations')}</h2>
        {organisations.length ? (
          <ul class="plain-list">
            {organisations.map((o) => (
              <li>
                <a href={`/${locale}/actors/${o.slug}`}>{o.name}</a> · {t(`accounts.role.${o.role}`)}
                {o.role === 'admin' && (
                  <>
                    {' · '}
                    <a href={`/${locale}/organisations/${o.slug}/edit`}>{t('accounts.me.edit_profile')}</a>
                    {' · '}
                    <a href={`/${locale}/organisations/${o.slug}/people`}>{t('accounts.me.people')}</a>
                    {' · '}
                    <a href={`/${locale}/clusters/${o.clusterId}/join`}>{t('accounts.me.apply_cluster')}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('accounts.me.no_organisations')}</p>
        )}
        <p class="actions">
          <a class="button" href={`/${locale}/organisations/new`}>
            {t('accounts.me.create_organisation')}
          </a>{' '}
          <a href={`/${locale}/actors`}>{t('accounts.me.claim_hint')}</a>
        </p>
        <p>
          <a href={`/${locale}/network/join`}>{t('accounts.me.outside_network')}</a>
        </p>
      </section>

      {props.sections}

      <section aria-labelledby="me-notifications">
        <h2 id="me-notifications">{t('notifications.title')}</h2>
        <p>
          <a href={`/${locale}/notifications`}>{t('notifications.title')}</a>
          {' · '}
          <a href={`/${locale}/me/notifications`}>{t('notifications.preferences.title')}</a>
        </p>
      </section>

      {managedClusters.length > 0 && (
        <section aria-labelledby="me-clusters">
          <h2 id="me-clusters">{t('accounts.me.managed_clusters')}</h2>
          <ul class="plain-list">
            {managedClusters.map((c) => (
              <li>
                <strong>{c.name}</strong>:{' '}
                <a href={`/${locale}/clusters/${c.id}/applications`}>{t('accounts.me.applications')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/members`}>{t('accounts.me.members')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/claims`}>{t('accounts.me.claims')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/imports`}>{t('accounts.me.import')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/reports`}>{t('messages.reports.link')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/vacancies`}>{t('spaces.vacancies.title')}</a>
                {' · '}
                <a href={`/${locale}/clusters/${c.id}/introductions`}>{t('matching.suggestions.title')}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {person.networkAdmin && (
        <section aria-labelledby="me-admin">
          <h2 id="me-admin">{t('accounts.me.administration')}</h2>
          <ul class="plain-list">
            <li>
              <a href={`/${locale}/admin/audit`}>{t('accounts.me.audit')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/outbox`}>{t('accounts.me.outbox')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/network-applications`}>{t('accounts.me.network_applications')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/clusters`}>{t('accounts.me.clusters_admin')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/matching`}>{t('matching.settings.title')}</a>
            </li>
          </ul>
        </section>
      )}

      <div class="settings-grid">
        <section aria-labelledby="me-profile">
          <h2 id="me-profile">{t('accounts.me.profile')}</h2>
          <form class="form" method="post" action={`/${locale}/me/profile`} novalidate>
            <FormMessage state={profile} />
            <Field
              name="name"
              label={t('accounts.field.name')}
              state={profile}
              value={person.name}
              required
              maxlength={120}
            />
            <Field
              name="locale"
              label={t('accounts.field.language')}
              hint={t('accounts.field.language_hint')}
              state={profile}
              value={person.locale}
              options={languageOptions}
            />
            <button type="submit">{t('accounts.me.save')}</button>
          </form>
        </section>

        <section aria-labelledby="me-email">
          <h2 id="me-email">{t('accounts.me.change_email')}</h2>
          <form class="form" method="post" action={`/${locale}/me/email`} novalidate>
            <FormMessage state={email} />
            <EmailField
              i18n={i18n}
              label={t('accounts.field.new_email')}
              state={email}
              hint={t('accounts.me.change_email_hint')}
            />
            <button type="submit">{t('accounts.me.change_email_submit')}</button>
          </form>
        </section>

        <section aria-labelledby="me-password">
          <h2 id="me-password">{t('accounts.me.change_password')}</h2>
          <form class="form" method="post" action={`/${locale}/me/password`} novalidate>
            <FormMessage state={password} />
            <PasswordField
              i18n={i18n}
              name="current_password"
              label={t('accounts.field.current_password')}
              state={password}
            />
            <PasswordField
              i18n={i18n}
              name="new_password"
              label={t('accounts.field.new_password')}
              state={password}
              fresh
            />
            <button type="submit">{t('accounts.me.change_password_submit')}</button>
          </form>
        </section>
      </div>

      <section aria-labelledby="me-sessions">
        <h2 id="me-sessions">{t('accounts.me.sessions')}</h2>
        <div class="table-scroll">
          <table class="data-table data-table--text">
            <thead>
              <tr>
                <th scope="col">{t('accounts.session.browser')}</th>
                <th scope="col">{t('accounts.session.address')}</th>
                <th scope="col">{t('accounts.session.signed_in')}</th>
                <th scope="col">{t('accounts.session.last_used')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('accounts.session.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr>
                  <td>{browserName(s.userAgent)}</td>
                  <td>{s.ipAddress ?? '—'}</td>
                  <td>{i18n.date(s.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>{i18n.date(s.updatedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>
                    {s.current ? (
                      <strong>{t('accounts.session.this_one')}</strong>
                    ) : (
                      <form method="post" action={`/${locale}/me/sessions/${s.id}/revoke`}>
                        <button type="submit" class="button--quiet">
                          {t('accounts.session.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="me-data">
        <h2 id="me-data">{t('accounts.me.your_data')}</h2>
        <p>{t('accounts.me.your_data_help')}</p>
        <p>
          <a
            class="button button--quiet"
            href={`/${locale}/me/data.json`}
            download="creative-cities-my-data.json"
          >
            {t('accounts.me.download')}
          </a>
        </p>
        <h3>{t('accounts.me.delete')}</h3>
        <p>{t('accounts.me.delete_help')}</p>
        <form class="form" method="post" action={`/${locale}/me/delete`} novalidate>
          <FormMessage state={remove} />
          <PasswordField i18n={i18n} state={remove} />
          <button type="submit" class="button--danger">
            {t('accounts.me.delete_submit')}
          </button>
        </form>
      </section>
    </div>
  )
}
