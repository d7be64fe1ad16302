import type { JSX } from 'hono/jsx/jsx-runtime'
import type { FormState } from '../../../core/forms'
import { type I18n, languageNames, locales } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import { type DistrictView, datePrecisions, districtStatuses, type Milestone } from '../service'
import { DistrictMap, Timeline } from './district'

/** One text field per language; the reader's own language first. */
function LanguageFields(props: {
  prefix: string
  label: string
  state: FormState
  i18n: I18n
  maxlength: number
}) {
  const { i18n } = props
  const ordered = [i18n.locale, ...locales.filter((l) => l !== i18n.locale)]
  return (
    <fieldset class="district-languages">
      <legend>{props.label}</legend>
      {props.state.errors[props.prefix] && (
        <p class="field__error" id={`field-${props.prefix}-error`}>
          {props.state.errors[props.prefix]}
        </p>
      )}
      {ordered.map((lang) => (
        <Field
          name={`${props.prefix}_${lang}`}
          label={languageNames[lang] ?? lang}
          state={props.state}
          multiline
          maxlength={props.maxlength}
        />
      ))}
    </fieldset>
  )
}

export function districtFormValues(district: DistrictView) {
  return {
    status: district.status,
    boundary: district.boundary ? JSON.stringify(district.boundary) : '',
    ...Object.fromEntries(
      Object.entries(district.description).map(([lang, text]) => [`description_${lang}`, text]),
    ),
  }
}

export function milestoneFormValues(m: Milestone) {
  return {
    happened_on: m.happenedOn,
    precision: m.datePrecision,
    source: m.source ?? '',
    ...Object.fromEntries(Object.entries(m.text).map(([lang, text]) => [`text_${lang}`, text])),
  }
}

export function DistrictEditPage(props: {
  district: DistrictView
  milestones: Milestone[]
  state: FormState
  milestoneState: FormState
  notice?: string
  i18n: I18n
}) {
  const { district, state, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/districts/${district.id}`
  return (
    <div class="page page--narrow district-manage">
      <p class="eyebrow">
        <a href={base}>{district.name}</a> · {district.city.name}
      </p>
      <h1>{t('districts.manage.title', { name: district.name })}</h1>
      <Notice text={props.notice} />
      <form class="form" method="post" action={`${base}/edit`} enctype="multipart/form-data" novalidate>
        <FormMessage state={state} />
        <Field
          name="status"
          label={t('districts.field.status')}
          state={state}
          required
          options={districtStatuses.map((s) => ({ value: s, label: t(`districts.status.${s}`) }))}
        />
        <LanguageFields
          prefix="description"
          label={t('districts.field.description')}
          state={state}
          i18n={i18n}
          maxlength={4000}
        />
        <Field
          name="boundary"
          label={t('districts.field.boundary')}
          hint={t('districts.field.boundary_hint')}
          state={state}
          multiline
        />
        <div class="field">
          <label for="field-boundary_file">{t('districts.field.boundary_file')}</label>
          <input
            id="field-boundary_file"
            type="file"
            name="boundary_file"
            accept=".geojson,.json,application/geo+json,application/json"
          />
        </div>
        <div class="district-draw" data-target="field-boundary" data-lang={locale} hidden>
          <p class="field__hint">{t('districts.draw.hint')}</p>
          <DistrictMap district={district} i18n={i18n} label={t('districts.draw.label')} />
          <p class="actions">
            <button type="button" class="button button--quiet" data-draw="undo">
              {t('districts.draw.undo')}
            </button>
            <button type="button" class="button button--quiet" data-draw="clear">
              {t('districts.draw.clear')}
            </button>
          </p>
        </div>
        <label class="checkbox">
          <input type="checkbox" name="remove_boundary" value="1" /> {t('districts.field.remove_boundary')}
        </label>
        <p>
          <button type="submit">{t('districts.manage.save')}</button>
        </p>
      </form>
      <section>
        <h2>{t('districts.milestones.title')}</h2>
        <Timeline milestones={props.milestones} i18n={i18n} editBase={`${base}/milestones`} />
        <h3 id="new-milestone">{t('districts.milestones.add')}</h3>
        <MilestoneForm action={`${base}/milestones`} state={props.milestoneState} i18n={i18n} />
      </section>
    </div>
  )
}

export function MilestoneForm(props: {
  action: string
  state: FormState
  i18n: I18n
  submit?: string
  children?: JSX.Element
}) {
  const { state, i18n } = props
  const { t } = i18n
  return (
    <form class="form" method="post" action={props.action} enctype="multipart/form-data" novalidate>
      <FormMessage state={state} />
      <Field name="happened_on" type="date" label={t('districts.field.happened_on')} state={state} required />
      <Field
        name="precision"
        label={t('districts.field.precision')}
        state={state}
        options={datePrecisions.map((p) => ({ value: p, label: t(`districts.precision.${p}`) }))}
      />
      <LanguageFields
        prefix="text"
        label={t('districts.field.text')}
        state={state}
        i18n={i18n}
        maxlength={4000}
      />
      <Field name="source" type="url" label={t('districts.field.source')} state={state} maxlength={500} />
      <div class={state.errors.image ? 'field field--error' : 'field'}>
        <label for="field-image">{t('districts.field.image')}</label>
        <p class="field__hint" id="field-image-hint">
          {t('districts.field.image_hint', { mb: 5 })}
        </p>
        <input
          id="field-image"
          type="file"
          name="image"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby={state.errors.image ? 'field-image-hint field-image-error' : 'field-image-hint'}
          aria-invalid={state.errors.image ? 'true' : undefined}
        />
        {state.errors.image && (
          <p class="field__error" id="field-image-error">
            {state.errors.image}
          </p>
        )}
      </div>
      {props.children}
      <p>
        <button type="submit">{props.submit ?? t('districts.milestones.add')}</button>
      </p>
    </form>
  )
}

export function MilestoneEditPage(props: {
  district: DistrictView
  milestone: Milestone
  state: FormState
  i18n: I18n
}) {
  const { district, milestone, state, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/districts/${district.id}`
  const action = `${base}/milestones/${milestone.id}`
  return (
    <div class="page page--narrow district-manage">
      <p class="eyebrow">
        <a href={`${base}/edit`}>{t('districts.manage.title', { name: district.name })}</a>
      </p>
      <h1>{t('districts.milestones.edit')}</h1>
      {milestone.imageUrl && <img class="district-timeline__image" src={milestone.imageUrl} alt="" />}
      <MilestoneForm action={action} state={state} i18n={i18n} submit={t('districts.manage.save')}>
        {milestone.imageUrl ? (
          <label class="checkbox">
            <input type="checkbox" name="remove_image" value="1" /> {t('districts.field.remove_image')}
          </label>
        ) : undefined}
      </MilestoneForm>
      <form method="post" action={`${action}/delete`} class="form">
        <button type="submit" class="button--danger">
          {t('districts.milestones.remove')}
        </button>
      </form>
    </div>
  )
}
