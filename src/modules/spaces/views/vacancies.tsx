import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { Cluster, District } from '../../network/service'
import type { VacancyReportRow } from '../service'
import { PointPicker, SpaceFields } from './form'

/** A member of the network reports a vacant building. */
export function ReportForm(props: {
  state: FormState
  cities: Cluster[]
  districts: District[]
  i18n: I18n
}) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow">
      <h1>{t('spaces.report.title')}</h1>
      <p class="lead">{t('spaces.report.lead')}</p>
      <form
        method="post"
        action={`/${locale}/spaces/report`}
        class="form"
        enctype="multipart/form-data"
        novalidate
      >
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        <Field
          name="city"
          label={t('spaces.facet.city')}
          state={state}
          required
          options={props.cities.map((c) => ({ value: c.id, label: c.cityName }))}
        />
        <Field name="address" label={t('spaces.field.address')} state={state} required maxlength={300} />
        <Field
          name="district"
          label={t('spaces.field.district')}
          state={state}
          options={[
            { value: '', label: t('spaces.form.no_district') },
            ...props.districts.map((d) => ({ value: d.id, label: d.name })),
          ]}
        />
        <div class="form__row">
          <Field name="lat" label={t('spaces.field.lat')} type="text" state={state} />
          <Field name="lon" label={t('spaces.field.lon')} type="text" state={state} />
        </div>
        <PointPicker cities={props.cities} districts={props.districts} i18n={i18n} />
        <Field
          name="note"
          label={t('spaces.report.note')}
          hint={t('spaces.report.note_hint')}
          state={state}
          required
          multiline
          maxlength={2000}
        />
        <div class={state.errors.photo ? 'field field--error' : 'field'}>
          <label for="field-photo">{t('spaces.report.photo')}</label>
          <input
            id="field-photo"
            type="file"
            name="photo"
            accept="image/png,image/jpeg,image/webp"
            aria-describedby={state.errors.photo ? 'field-photo-error' : undefined}
            aria-invalid={state.errors.photo ? 'true' : undefined}
          />
          {state.errors.photo && (
            <p class="field__error" id="field-photo-error">
              {state.errors.photo}
            </p>
          )}
        </div>
        <button type="submit" class="button">
          {t('spaces.report.submit')}
        </button>
      </form>
    </div>
  )
}

/** The open reports of a city, for its cluster managers. */
export function VacanciesPage(props: {
  city: Cluster
  reports: VacancyReportRow[]
  districts: District[]
  notice?: string
  i18n: I18n
}) {
  const { city, i18n } = props
  const { t, locale } = i18n
  const districtName = new Map(props.districts.map((d) => [d.id, d.name]))
  return (
    <div class="page">
      <p class="eyebrow">
        <a href={`/${locale}/clusters/${city.id}`}>{city.cityName}</a>
      </p>
      <h1>{t('spaces.vacancies.title')}</h1>
      <Notice text={props.notice} />
      {props.reports.length === 0 ? (
        <p>{t('spaces.vacancies.none')}</p>
      ) : (
        <ul class="application-list">
          {props.reports.map((r) => (
            <li class="application card">
              <div class="card__body">
                <h2>
                  <a href={`/${locale}/clusters/${city.id}/vacancies/${r.id}`}>{r.address}</a>
                </h2>
                <p class="muted">
                  {i18n.date(r.createdAt)}
                  {r.districtId && ` · ${districtName.get(r.districtId) ?? r.districtId}`}
                </p>
                <p>{r.note}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** One report with the manager's two answers: verify (perhaps offering it as a space) or reject. */
export function VacancyReviewPage(props: {
  city: Cluster
  report: VacancyReportRow
  districts: District[]
  owners: { id: number; name: string }[]
  state?: FormState
  i18n: I18n
}) {
  const { city, report: r, i18n, state } = props
  const { t, locale } = i18n
  const action = `/${locale}/clusters/${city.id}/vacancies/${r.id}`
  const district = props.districts.find((d) => d.id === r.districtId)
  const values = { district: r.districtId ?? '', available_from: new Date().toISOString().slice(0, 10) }
  const verifyState = state?.values.decision === 'verify' ? state : { values, errors: {} }
  const rejectState = state?.values.decision === 'reject' ? state : undefined
  return (
    <div class="page page--narrow">
      <p class="eyebrow">
        <a href={`/${locale}/clusters/${city.id}/vacancies`}>{t('spaces.vacancies.title')}</a>
      </p>
      <h1>{r.address}</h1>
      <dl class="facts">
        <div>
          <dt>{t('spaces.vacancies.reported')}</dt>
          <dd>{i18n.date(r.createdAt)}</dd>
        </div>
        {district && (
          <div>
            <dt>{t('spaces.field.district')}</dt>
            <dd>{district.name}</dd>
          </div>
        )}
        {r.lat !== null && r.lon !== null && (
          <div>
            <dt>{t('spaces.vacancies.location')}</dt>
            <dd>
              {i18n.number(r.lat, { maximumFractionDigits: 5 })},{' '}
              {i18n.number(r.lon, { maximumFractionDigits: 5 })}
            </dd>
          </div>
        )}
      </dl>
      <p>{r.note}</p>
      {r.photoKey && (
        <img
          class="vacancy-photo"
          src={`${action}/photo`}
          alt={t('spaces.vacancies.photo_alt', { address: r.address })}
        />
      )}
      {r.status !== 'open' ? (
        <p class="notice">{t(`spaces.vacancies.status.${r.status}`)}</p>
      ) : (
        <>
          <section aria-labelledby="verify-title">
            <h2 id="verify-title">{t('spaces.vacancies.verify_title')}</h2>
            <p>{t('spaces.vacancies.verify_help')}</p>
            <form method="post" action={action} class="form" novalidate>
              <FormMessage state={state?.values.decision === 'verify' ? state : undefined} />
              <input type="hidden" name="decision" value="verify" />
              <Field
                name="owner"
                label={t('spaces.vacancies.owner')}
                hint={t('spaces.vacancies.owner_hint')}
                state={verifyState}
                options={[
                  { value: '', label: t('spaces.vacancies.no_owner') },
                  ...props.owners.map((o) => ({ value: String(o.id), label: o.name })),
                ]}
              />
              <SpaceFields
                state={verifyState}
                city={city}
                districts={props.districts}
                i18n={i18n}
                languages={false}
              />
              <button type="submit" class="button">
                {t('spaces.vacancies.verify')}
              </button>
            </form>
          </section>
          <section aria-labelledby="reject-title">
            <h2 id="reject-title">{t('spaces.vacancies.reject_title')}</h2>
            <form method="post" action={action} class="form" novalidate>
              <FormMessage state={rejectState} />
              <input type="hidden" name="decision" value="reject" />
              <Field
                name="reason"
                label={t('spaces.vacancies.reason')}
                state={rejectState}
                required
                multiline
                maxlength={1000}
              />
              <button type="submit" class="button button--danger">
                {t('spaces.vacancies.reject')}
              </button>
            </form>
          </section>
        </>
      )}
    </div>
  )
}
