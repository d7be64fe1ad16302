import type { FormState, FormValues } from '../../../core/forms'
import { type I18n, languageNames, locales } from '../../../core/i18n'
import { Field, FormMessage } from '../../../core/views/components'
import { restrictableFields, visibilityLevels } from '../../actors/schema'
import { actorKinds, sizeBands } from '../../actors/service'
import type { Cluster, District } from '../../network/service'
import type { Taxonomy } from '../../taxonomy/service'
import type { ProfileInput } from '../profile'

/** Languages offered as boxes to tick; a profile's other languages are kept and shown as well. */
const languageChoices = [
  'en',
  'de',
  'it',
  'pl',
  'sl',
  'hu',
  'fr',
  'es',
  'pt',
  'nl',
  'cs',
  'sk',
  'hr',
  'sr',
  'ro',
  'uk',
]

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const text = (values: FormValues, key: string) => {
  const v = values[key]
  return typeof v === 'string' ? v : undefined
}

/** A posted profile form in the shape of the API's input; the service checks it. */
export function profileFromForm(values: FormValues, mode: 'create' | 'edit') {
  const simple = [
    'kind',
    'name',
    'district',
    'address',
    'lat',
    'lon',
    'size',
    'employees',
    'founded_year',
    'website',
    'email',
  ]
  return {
    ...Object.fromEntries(simple.map((k) => [k, text(values, k) ?? ''])),
    ...(mode === 'create' ? { city: text(values, 'city') ?? '' } : {}),
    sectors: list(values.sectors),
    offers: list(values.offers),
    needs: list(values.needs),
    languages: list(values.languages),
    description: Object.fromEntries(locales.map((l) => [l, text(values, `description.${l}`) ?? ''])),
    visibility: Object.fromEntries(
      restrictableFields.map((f) => [f, text(values, `visibility.${f}`) ?? 'public']),
    ),
  }
}

/** A stored profile as the values of the form. */
export function profileFormValues(profile: ProfileInput): FormValues {
  const str = (v: string | number | null) => (v === null ? '' : String(v))
  return {
    kind: profile.kind,
    name: profile.name,
    city: profile.city,
    district: str(profile.district),
    address: str(profile.address),
    lat: str(profile.lat),
    lon: str(profile.lon),
    sectors: profile.sectors,
    offers: profile.offers,
    needs: profile.needs,
    languages: profile.languages,
    size: profile.size,
    employees: str(profile.employees),
    founded_year: str(profile.founded_year),
    website: str(profile.website),
    email: str(profile.email),
    ...Object.fromEntries(locales.map((l) => [`description.${l}`, profile.description[l] ?? ''])),
    ...Object.fromEntries(
      restrictableFields.map((f) => [`visibility.${f}`, profile.visibility[f] ?? 'public']),
    ),
  }
}

/** A group of boxes to tick, with its error linked for assistive technology. */
function CheckboxGroup(props: {
  name: string
  legend: string
  options: { value: string; label: string; lang?: string }[]
  state: FormState
  hint?: string
}) {
  const chosen = new Set(list(props.state.values[props.name]))
  const error = props.state.errors[props.name]
  const id = `group-${props.name}`
  const described =
    [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <fieldset class={error ? 'choices field--error' : 'choices'} aria-describedby={described}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div class="choices__list">
        {props.options.map((o) => (
          <label class="choice">
            <input type="checkbox" name={props.name} value={o.value} checked={chosen.has(o.value)} />{' '}
            <span lang={o.lang}>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}

/** Capabilities grouped by sector, each group folded unless something in it is chosen or wrong. */
function CapabilityChoices(props: {
  name: 'offers' | 'needs'
  legend: string
  hint: string
  state: FormState
  taxonomy: Taxonomy
  i18n: I18n
}) {
  const { taxonomy, i18n, state, name } = props
  const chosen = new Set(list(state.values[name]))
  const error = state.errors[name]
  const id = `group-${name}`
  const groups = [
    ...taxonomy.sectors.map((s) => ({ id: s.id, label: s.name[i18n.locale] ?? s.id })),
    { id: null, label: i18n.t('organisations.form.cross_sector') },
  ]
  return (
    <fieldset
      class={error ? 'choices field--error' : 'choices'}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
    >
      <legend>{props.legend}</legend>
      <p class="field__hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {groups.map((group) => {
        const capabilities = taxonomy.capabilities.filter((c) => c.sectorId === group.id)
        const count = capabilities.filter((c) => chosen.has(c.id)).length
        return (
          <details class="choices__group" open={count > 0}>
            <summary>
              {group.label}
              {count > 0 && ` (${count})`}
            </summary>
            <div class="choices__list">
              {capabilities.map((c) => (
                <label class="choice">
                  <input type="checkbox" name={name} value={c.id} checked={chosen.has(c.id)} />{' '}
                  {c.label[i18n.locale] ?? c.id}
                </label>
              ))}
            </div>
          </details>
        )
      })}
    </fieldset>
  )
}

export function ProfileForm(props: {
  mode: 'create' | 'edit'
  action: string
  state: FormState
  clusters: Cluster[]
  districts: District[]
  taxonomy: Taxonomy
  i18n: I18n
  logoUrl?: string | null
}) {
  const { state, i18n, taxonomy } = props
  const { t } = i18n
  const cityName = new Map(props.clusters.map((c) => [c.id, c.cityName]))
  const city = text(state.values, 'city')
  const chosenLanguages = list(state.values.languages)
  const languages = [...languageChoices, ...chosenLanguages.filter((l) => !languageChoices.includes(l))]
  const visibilityOptions = visibilityLevels.map((v) => ({
    value: v,
    label: t(`organisations.visibility.${v}`),
  }))
  return (
    <form
      method="post"
      action={props.action}
      class="form form--wide"
      enctype={props.mode === 'edit' ? 'multipart/form-data' : undefined}
      novalidate
    >
      <FormMessage state={state} />
      <p class="field__hint">{t('core.form.required_hint')}</p>
      <fieldset class="form__section">
        <legend>{t('organisations.form.basics')}</legend>
        <Field
          name="kind"
          label={t('organisations.field.kind')}
          hint={t('organisations.form.kind_hint')}
          required
          state={state}
          options={actorKinds.map((k) => ({ value: k, label: t(`actors.kind.${k}`) }))}
        />
        <Field name="name" label={t('organisations.field.name')} required maxlength={160} state={state} />
        {props.mode === 'create' ? (
          <Field
            name="city"
            label={t('organisations.field.city')}
            required
            state={state}
            options={[
              { value: '', label: t('organisations.form.choose') },
              ...props.clusters.map((c) => ({ value: c.id, label: c.cityName })),
            ]}
          />
        ) : (
          <p>
            <strong>{t('organisations.field.city')}:</strong> {cityName.get(city ?? '') ?? city}
            <br />
            <span class="field__hint">{t('organisations.form.city_fixed')}</span>
          </p>
        )}
        <Field
          name="district"
          label={t('organisations.field.district')}
          state={state}
          options={[
            { value: '', label: t('organisations.form.no_district') },
            ...props.districts.map((d) => ({
              value: d.id,
              label: `${cityName.get(d.clusterId) ?? d.clusterId} · ${d.name}`,
            })),
          ]}
        />
        <Field
          name="address"
          label={t('organisations.field.address')}
          maxlength={200}
          autocomplete="street-address"
          state={state}
        />
        <div class="form__pair">
          <Field
            name="lat"
            label={t('organisations.field.lat')}
            hint={t('organisations.form.lat_lon_hint')}
            state={state}
          />
          <Field name="lon" label={t('organisations.field.lon')} state={state} />
        </div>
      </fieldset>

      <fieldset class="form__section">
        <legend>{t('organisations.form.work')}</legend>
        <CheckboxGroup
          name="sectors"
          legend={t('organisations.field.sectors')}
          state={state}
          options={taxonomy.sectors.map((s) => ({ value: s.id, label: s.name[i18n.locale] ?? s.id }))}
        />
        <CapabilityChoices
          name="offers"
          legend={t('organisations.field.offers')}
          hint={t('organisations.form.offers_hint')}
          state={state}
          taxonomy={taxonomy}
          i18n={i18n}
        />
        <CapabilityChoices
          name="needs"
          legend={t('organisations.field.needs')}
          hint={t('organisations.form.needs_hint')}
          state={state}
          taxonomy={taxonomy}
          i18n={i18n}
        />
        <CheckboxGroup
          name="languages"
          legend={t('organisations.field.languages')}
          state={state}
          options={languages.map((l) => ({
            value: l,
            label: languageNames[l] ?? i18n.languageName(l),
            lang: l,
          }))}
        />
      </fieldset>

      <fieldset class="form__section">
        <legend>{t('organisations.form.facts')}</legend>
        <Field
          name="size"
          label={t('organisations.field.size')}
          hint={t('organisations.form.size_hint')}
          required
          state={state}
          options={sizeBands.map((s) => ({ value: s, label: t(`actors.size.${s}`) }))}
        />
        <div class="form__pair">
          <Field name="employees" label={t('organisations.field.employees')} type="number" state={state} />
          <Field
            name="founded_year"
            label={t('organisations.field.founded_year')}
            type="number"
            state={state}
          />
        </div>
        <Field
          name="website"
          label={t('organisations.field.website')}
          type="url"
          autocomplete="url"
          maxlength={300}
          state={state}
        />
        <Field
          name="email"
          label={t('organisations.field.email')}
          type="email"
          autocomplete="email"
          maxlength={200}
          state={state}
        />
      </fieldset>

      <fieldset
        class={state.errors.description ? 'form__section field--error' : 'form__section'}
        aria-describedby={`description-hint${state.errors.description ? ' description-error' : ''}`}
      >
        <legend>{t('organisations.form.description')}</legend>
        <p class="field__hint" id="description-hint">
          {t('organisations.form.description_hint')}
        </p>
        {state.errors.description && (
          <p class="field__error" id="description-error">
            {state.errors.description}
          </p>
        )}
        {locales.map((l) => (
          <Field
            name={`description.${l}`}
            label={t('organisations.field.description_in', { language: languageNames[l] })}
            multiline
            maxlength={5000}
            state={state}
          />
        ))}
      </fieldset>

      <fieldset class="form__section">
        <legend>{t('organisations.form.visibility')}</legend>
        <p class="field__hint">{t('organisations.form.visibility_hint')}</p>
        {restrictableFields.map((f) => (
          <Field
            name={`visibility.${f}`}
            label={t(`organisations.visible.${f}`)}
            state={state}
            options={visibilityOptions}
          />
        ))}
      </fieldset>

      {props.mode === 'edit' && (
        <fieldset class="form__section">
          <legend>{t('organisations.form.logo')}</legend>
          {props.logoUrl && (
            <img
              class="avatar avatar--large"
              src={props.logoUrl}
              alt={t('organisations.form.current_logo')}
            />
          )}
          <div class={state.errors.logo ? 'field field--error' : 'field'}>
            <label for="field-logo">{t('organisations.field.logo')}</label>
            <p class="field__hint" id="field-logo-hint">
              {t('organisations.form.logo_hint')}
            </p>
            <input
              id="field-logo"
              type="file"
              name="logo"
              accept="image/png,image/jpeg,image/webp"
              aria-invalid={state.errors.logo ? 'true' : undefined}
              aria-describedby={`field-logo-hint${state.errors.logo ? ' field-logo-error' : ''}`}
            />
            {state.errors.logo && (
              <p class="field__error" id="field-logo-error">
                {state.errors.logo}
              </p>
            )}
          </div>
          {props.logoUrl && (
            <label class="choice">
              <input type="checkbox" name="remove_logo" value="1" /> {t('organisations.form.remove_logo')}
            </label>
          )}
        </fieldset>
      )}

      <p>
        <button type="submit">
          {t(props.mode === 'create' ? 'organisations.form.create' : 'organisations.form.save')}
        </button>
      </p>
    </form>
  )
}
