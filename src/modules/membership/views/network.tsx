import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { Cluster } from '../../network/service'
import type { NetworkApplicationRow } from '../queries'
import { ReasonForm } from './cluster'

export function NetworkJoinPage(props: { state: FormState; sent: boolean; i18n: I18n }) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow membership">
      <h1>{t('membership.network.title')}</h1>
      <p class="lead">{t('membership.network.lead')}</p>
      <Notice text={props.sent ? t('membership.network.sent') : undefined} />
      <form class="form" method="post" action={`/${locale}/network/join`} novalidate>
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        <Field
          name="organisation_name"
          label={t('membership.field.organisation_name')}
          state={state}
          required
          autocomplete="organization"
          maxlength={160}
        />
        <Field name="city" label={t('membership.field.city')} state={state} required maxlength={100} />
        <Field
          name="country"
          label={t('membership.field.country')}
          hint={t('membership.field.country_hint')}
          state={state}
          required
          maxlength={2}
          autocomplete="country"
        />
        <Field
          name="motivation"
          label={t('membership.field.motivation')}
          hint={t('membership.field.motivation_hint')}
          state={state}
          required
          multiline
          maxlength={2000}
        />
        <button type="submit">{t('membership.network.submit')}</button>
      </form>
    </div>
  )
}

export function NetworkApplicationsPage(props: {
  applications: { application: NetworkApplicationRow; applicant: { name: string; email: string } }[]
  failed?: { id: number; state: FormState }
  i18n: I18n
}) {
  const { i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page membership">
      <h1>{t('membership.network_admin.title')}</h1>
      <p>
        <a href={`/${locale}/admin/clusters`}>{t('membership.clusters_admin.title')}</a>
      </p>
      {props.applications.length === 0 ? (
        <p class="empty-state">{t('membership.network_admin.empty')}</p>
      ) : (
        <ol class="application-list">
          {props.applications.map(({ application: a, applicant }) => {
            const state = props.failed?.id === a.id ? props.failed.state : undefined
            return (
              <li class="application" id={`network-application-${a.id}`}>
                <h2>{a.organisationName}</h2>
                <p class="muted">
                  {t('membership.network_admin.meta', {
                    city: a.city,
                    country: i18n.regionName(a.country),
                    person: applicant.name,
                    date: i18n.date(a.createdAt),
                  })}
                </p>
                <blockquote class="motivation">{a.motivation}</blockquote>
                <p>
                  {t('membership.field.status')}: {t(`membership.network_status.${a.status}`)}
                  {a.reason && ` — ${a.reason}`}
                  {a.clusterId && (
                    <>
                      {' '}
                      <a href={`/${locale}/clusters/${a.clusterId}`}>{a.clusterId}</a>
                    </>
                  )}
                </p>
                {a.status === 'pending' && (
                  <div class="decision-forms">
                    <p>
                      <a class="button" href={`/${locale}/admin/clusters/new?application=${a.id}`}>
                        {t('membership.network_admin.open')}
                      </a>
                    </p>
                    <ReasonForm
                      action={`/${locale}/admin/network-applications/${a.id}/decline`}
                      hidden={{}}
                      label={t('membership.field.decline_reason')}
                      submit={t('membership.decision.decline')}
                      state={state}
                      idPrefix={`application-${a.id}`}
                      i18n={i18n}
                    />
                  </div>
                )}
              </li>
            )
          })}
        </ol>
      )}
    </div>
  )
}

export function NewClusterPage(props: { state: FormState; i18n: I18n }) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow membership">
      <h1>{t('membership.new_cluster.title')}</h1>
      <p class="lead">{t('membership.new_cluster.lead')}</p>
      <form class="form" method="post" action={`/${locale}/admin/clusters`} novalidate>
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        {state.values.application && (
          <input type="hidden" name="application" value={String(state.values.application)} />
        )}
        <Field
          name="id"
          label={t('membership.field.cluster_id')}
          hint={t('membership.field.cluster_id_hint')}
          state={state}
          required
          maxlength={40}
        />
        <Field
          name="city_name"
          label={t('membership.field.city_name')}
          state={state}
          required
          maxlength={100}
        />
        <Field
          name="city_name_en"
          label={t('membership.field.city_name_en')}
          state={state}
          required
          maxlength={100}
        />
        <Field
          name="country"
          label={t('membership.field.country')}
          hint={t('membership.field.country_hint')}
          state={state}
          required
          maxlength={2}
        />
        <Field
          name="language"
          label={t('membership.field.language')}
          hint={t('membership.field.language_hint')}
          state={state}
          required
          maxlength={2}
        />
        <Field name="lat" label={t('membership.field.lat')} type="number" state={state} required />
        <Field name="lon" label={t('membership.field.lon')} type="number" state={state} required />
        <Field
          name="accent"
          label={t('membership.field.accent')}
          hint={t('membership.field.accent_hint')}
          type="color"
          state={state}
          required
        />
        <button type="submit">{t('membership.new_cluster.submit')}</button>
      </form>
    </div>
  )
}

export function ClustersAdminPage(props: {
  clusters: { cluster: Cluster; managers: { userId: string; name: string; email: string }[] }[]
  failed?: { clusterId: string; state: FormState }
  i18n: I18n
}) {
  const { i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page membership">
      <h1>{t('membership.clusters_admin.title')}</h1>
      <p>
        <a class="button" href={`/${locale}/admin/clusters/new`}>
          {t('membership.new_cluster.title')}
        </a>{' '}
        <a href={`/${locale}/admin/network-applications`}>{t('membership.network_admin.title')}</a>
      </p>
      {props.clusters.map(({ cluster, managers }) => {
        const state = props.failed?.clusterId === cluster.id ? props.failed.state : undefined
        return (
          <section class={`cluster-admin city-${cluster.id}`} id={`cluster-${cluster.id}`}>
            <h2>
              <a href={`/${locale}/clusters/${cluster.id}`}>{cluster.cityName}</a>
            </h2>
            <h3>{t('membership.clusters_admin.managers')}</h3>
            {managers.length === 0 ? (
              <p class="muted">{t('membership.clusters_admin.no_managers')}</p>
            ) : (
              <ul class="manager-list">
                {managers.map((m) => (
                  <li>
                    {m.name} ({m.email}){' '}
                    <form
                      class="inline-form"
                      method="post"
                      action={`/${locale}/admin/clusters/${cluster.id}/managers/${m.userId}/remove`}
                    >
                      <button type="submit" class="link-button">
                        {t('membership.clusters_admin.remove', { person: m.name })}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            <form
              class="form"
              method="post"
              action={`/${locale}/admin/clusters/${cluster.id}/managers`}
              novalidate
            >
              <FormMessage state={state} />
              <Field
                name="email"
                label={t('membership.clusters_admin.appoint_email', { city: cluster.cityName })}
                hint={t('membership.clusters_admin.appoint_hint')}
                type="email"
                state={state}
                required
              />
              <button type="submit">{t('membership.clusters_admin.appoint')}</button>
            </form>
          </section>
        )
      })}
    </div>
  )
}
