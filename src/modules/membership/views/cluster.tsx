import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { Cluster } from '../../network/service'
import type { ListedMembership } from '../queries'
import type { MembershipStatus } from '../schema'

export type JoinOption = { id: number; slug: string; name: string; status?: MembershipStatus }

/** A decision that needs its reason (decline, suspend): one text field and the button that sends it. */
export function ReasonForm(props: {
  action: string
  hidden: Record<string, string>
  label: string
  submit: string
  state?: FormState
  /** Tells apart the reason fields of several such forms on one page. */
  idPrefix?: string
  i18n: I18n
}) {
  return (
    <form class="form" method="post" action={props.action} novalidate>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={props.state} />
      <Field
        name="reason"
        idPrefix={props.idPrefix}
        label={props.label}
        hint={props.i18n.t('membership.field.reason_hint')}
        state={props.state}
        required
        multiline
        maxlength={1000}
      />
      <button type="submit" class="button--danger">
        {props.submit}
      </button>
    </form>
  )
}

/** The links a manager moves between: applications, members, import. */
export function ManagerNav(props: {
  cluster: Cluster
  i18n: I18n
  current: 'applications' | 'members' | 'imports'
}) {
  const { t, locale } = props.i18n
  const base = `/${locale}/clusters/${props.cluster.id}`
  const link = (page: typeof props.current, label: string) => (
    <a href={`${base}/${page}`} aria-current={props.current === page ? 'page' : undefined}>
      {label}
    </a>
  )
  return (
    <nav class="manager-nav" aria-label={t('membership.manage.nav', { city: props.cluster.cityName })}>
      {link('applications', t('membership.applications.title'))}
      {link('members', t('membership.members.title'))}
      {link('imports', t('membership.import.title'))}
      <a href={`${base}/reports`}>{t('messages.reports.link')}</a>
      <a href={`${base}/vacancies`}>{t('spaces.vacancies.title')}</a>
      <a href={`${base}/introductions`}>{t('matching.suggestions.title')}</a>
    </nav>
  )
}

export function JoinClusterPage(props: {
  cluster: Cluster
  options: JoinOption[]
  state: FormState
  sent: boolean
  i18n: I18n
}) {
  const { cluster, options, state, i18n } = props
  const { t, locale } = i18n
  const open = options.filter((o) => !o.status || o.status === 'declined' || o.status === 'withdrawn')
  return (
    <div class="page page--narrow membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('membership.join.title', { city: cluster.cityName })}</h1>
      <p class="lead">{t('membership.join.lead')}</p>
      <Notice text={props.sent ? t('membership.join.sent') : undefined} />
      {open.length < 2 && state.errors.organisation && (
        <p class="form-message" role="alert">
          {state.errors.organisation}
        </p>
      )}
      {options.length > 0 && (
        <ul class="status-list">
          {options.map((o) => (
            <li>
              <a href={`/${locale}/actors/${o.slug}`}>{o.name}</a>:{' '}
              <StatusLabel status={o.status} i18n={i18n} />
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 ? (
        <form class="form" method="post" action={`/${locale}/clusters/${cluster.id}/join`} novalidate>
          <FormMessage state={state} />
          <p class="muted">{t('core.form.required_hint')}</p>
          {open.length === 1 ? (
            <>
              <input type="hidden" name="organisation" value={String(open[0].id)} />
              <p>{t('membership.join.for', { organisation: open[0].name })}</p>
            </>
          ) : (
            <Field
              name="organisation"
              label={t('membership.field.organisation')}
              state={state}
              required
              options={open.map((o) => ({ value: String(o.id), label: o.name }))}
            />
          )}
          <Field
            name="motivation"
            label={t('membership.field.motivation')}
            hint={t('membership.field.motivation_hint')}
            state={state}
            required
            multiline
            maxlength={2000}
          />
          <button type="submit">{t('membership.join.submit')}</button>
        </form>
      ) : (
        options.length === 0 && (
          <div class="empty-state">
            <p>{t('membership.join.no_organisation', { city: cluster.cityName })}</p>
            <p>
              <a href={`/${locale}/me`}>{t('membership.join.to_account')}</a> ·{' '}
              <a href={`/${locale}/network/join`}>{t('membership.network.join_link')}</a>
            </p>
          </div>
        )
      )}
    </div>
  )
}

export function StatusLabel(props: { status?: MembershipStatus; i18n: I18n }) {
  const status = props.status ?? 'none'
  return <span class={`status status--${status}`}>{props.i18n.t(`membership.status.${status}`)}</span>
}

/** Approve, or decline with a reason: the two answers to an application. */
function ApplicationForms(props: {
  cluster: Cluster
  slug: string
  i18n: I18n
  back: string
  state?: FormState
}) {
  const { t, locale } = props.i18n
  const action = `/${locale}/clusters/${props.cluster.id}/members/${props.slug}/decision`
  return (
    <div class="decision-forms">
      <form method="post" action={action}>
        <input type="hidden" name="back" value={props.back} />
        <button type="submit" name="decision" value="approve">
          {t('membership.decision.approve')}
        </button>
      </form>
      <ReasonForm
        action={action}
        hidden={{ back: props.back, decision: 'decline' }}
        label={t('membership.field.decline_reason')}
        submit={t('membership.decision.decline')}
        state={props.state}
        idPrefix={props.slug}
        i18n={props.i18n}
      />
    </div>
  )
}

export function ApplicationsPage(props: {
  cluster: Cluster
  applications: ListedMembership[]
  failed?: { slug: string; state: FormState }
  i18n: I18n
}) {
  const { cluster, applications, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('membership.applications.title')}</h1>
      <ManagerNav cluster={cluster} i18n={i18n} current="applications" />
      {applications.length === 0 ? (
        <p class="empty-state">{t('membership.applications.empty')}</p>
      ) : (
        <ol class="application-list">
          {applications.map((a) => (
            <li class="application" id={`application-${a.slug}`}>
              <h2>
                <a href={`/${locale}/actors/${a.slug}`}>{a.name}</a>
              </h2>
              <p class="muted">
                {t('membership.applications.meta', {
                  kind: t(`actors.kind.${a.kind}`),
                  date: i18n.date(a.updatedAt),
                  person: a.applicant ?? '—',
                })}
              </p>
              <blockquote class="motivation">{a.motivation}</blockquote>
              <p>
                <a href={`/${locale}/clusters/${cluster.id}/members/${a.slug}`}>
                  {t('membership.history.link')}
                </a>
              </p>
              <ApplicationForms
                cluster={cluster}
                slug={a.slug}
                i18n={i18n}
                back="applications"
                state={props.failed?.slug === a.slug ? props.failed.state : undefined}
              />
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

export function MembersPage(props: { cluster: Cluster; members: ListedMembership[]; i18n: I18n }) {
  const { cluster, members, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('membership.members.title')}</h1>
      <ManagerNav cluster={cluster} i18n={i18n} current="members" />
      <p>
        <a class="button" href={`/${locale}/clusters/${cluster.id}/members.csv`} download>
          {t('membership.members.export')}
        </a>
      </p>
      {members.length === 0 ? (
        <p class="empty-state">{t('membership.members.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table members-table">
            <caption>{t('membership.members.count', { count: members.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('membership.field.organisation')}</th>
                <th scope="col">{t('membership.field.status')}</th>
                <th scope="col">{t('membership.field.since')}</th>
                <th scope="col">{t('membership.history.title')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <th scope="row">
                    <a href={`/${locale}/actors/${m.slug}`}>{m.name}</a>
                  </th>
                  <td>
                    <StatusLabel status={m.status} i18n={i18n} />
                  </td>
                  <td>{m.memberSince ? i18n.date(m.memberSince) : '—'}</td>
                  <td>
                    <a href={`/${locale}/clusters/${cluster.id}/members/${m.slug}`}>
                      {t('membership.history.manage', { organisation: m.name })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export function HistoryPage(props: {
  cluster: Cluster
  membership: ListedMembership
  events: { status: MembershipStatus; reason: string | null; at: Date; by: string | null }[]
  state?: FormState
  i18n: I18n
}) {
  const { cluster, membership, events, state, i18n } = props
  const { t, locale } = i18n
  const action = `/${locale}/clusters/${cluster.id}/members/${membership.slug}/decision`
  return (
    <div class="page page--narrow membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{membership.name}</h1>
      <ManagerNav cluster={cluster} i18n={i18n} current="members" />
      <p>
        {t('membership.field.status')}: <StatusLabel status={membership.status} i18n={i18n} />
      </p>
      {membership.status === 'pending' && (
        <>
          <blockquote class="motivation">{membership.motivation}</blockquote>
          <ApplicationForms
            cluster={cluster}
            slug={membership.slug}
            i18n={i18n}
            back="history"
            state={state}
          />
        </>
      )}
      {membership.status === 'member' && (
        <ReasonForm
          action={action}
          hidden={{ back: 'history', decision: 'suspend' }}
          label={t('membership.field.suspend_reason')}
          submit={t('membership.decision.suspend')}
          state={state}
          i18n={i18n}
        />
      )}
      {membership.status === 'suspended' && (
        <form method="post" action={action}>
          <input type="hidden" name="back" value="history" />
          <FormMessage state={state} />
          <button type="submit" name="decision" value="reinstate">
            {t('membership.decision.reinstate')}
          </button>
        </form>
      )}
      <h2>{t('membership.history.title')}</h2>
      <ol class="timeline">
        {events.map((e) => (
          <li>
            <p>
              <time datetime={e.at.toISOString()}>
                {i18n.date(e.at, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>{' '}
              — <StatusLabel status={e.status} i18n={i18n} />
              {e.by && ` · ${t('membership.history.by', { person: e.by })}`}
            </p>
            {e.reason && <p class="timeline__reason">{e.reason}</p>}
          </li>
        ))}
      </ol>
      <p>
        <a href={`/${locale}/clusters/${cluster.id}/members`}>{t('membership.members.back')}</a>
      </p>
    </div>
  )
}
