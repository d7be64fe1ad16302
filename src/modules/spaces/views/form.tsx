import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, TextsPerLanguage } from '../../../core/views/components'
import type { ActorSummary } from '../../actors/service'
import type { Cluster, District } from '../../network/service'
import { maxPhotos, photoUrl } from '../photos'
import { facilities, spaceConditions, spaceTerms, spaceTypes } from '../service'

const chosen = (state: FormState, name: string) => [state.values[name] ?? []].flat()

/** Places by id as `{ id: [lat, lon] }`, for the map to open on; those without a point are left out. */
const pointsOf = (places: { id: string; lat: number | null; lon: number | null }[]) =>
  JSON.stringify(
    Object.fromEntries(
      places.flatMap((p) => (p.lat !== null && p.lon !== null ? [[p.id, [p.lat, p.lon]]] : [])),
    ),
  )

/**
 * A map under the latitude and longitude fields: a click or the dragged marker fills them in (map.js shows it).
 * Without JavaScript it stays hidden and the fields are all there is; with the keyboard they remain the way in.
 */
export function PointPicker(props: { cities: Cluster[]; districts: District[]; i18n: I18n }) {
  const { t } = props.i18n
  return (
    <div class="field point-picker" hidden>
      <p class="field__hint">{t('spaces.form.map_hint')}</p>
      <div
        class="map map--small"
        role="region"
        aria-label={t('spaces.form.map_label')}
        data-lat-field="field-lat"
        data-lon-field="field-lon"
        data-cities={pointsOf(props.cities)}
        data-districts={pointsOf(props.districts)}
        data-marker={t('spaces.form.map_marker')}
      ></div>
    </div>
  )
}

/** The fields a space has, shared by the owner's form and the manager's verification of a report. */
export function SpaceFields(props: {
  state: FormState
  /** The space's city, where the map opens when no district is chosen. */
  city: Cluster
  districts: District[]
  i18n: I18n
  languages?: boolean
}) {
  const { state, i18n } = props
  const { t } = i18n
  const original = String(state.values.original_language ?? i18n.locale)
  const facilitiesChosen = chosen(state, 'facilities')
  return (
    <>
      {props.languages !== false && (
        <>
          <TextsPerLanguage
            state={state}
            original={original}
            originalLabel={t('spaces.field.original_language')}
            originalHint={t('spaces.form.language_hint')}
            fields={[
              { name: 'title', label: t('spaces.field.title'), maxlength: 160 },
              { name: 'description', label: t('spaces.field.description'), multiline: true, maxlength: 5000 },
              {
                name: 'accessibility',
                label: t('spaces.field.accessibility'),
                multiline: true,
                maxlength: 2000,
              },
            ]}
          />
          <Field name="address" label={t('spaces.field.address')} state={state} required maxlength={300} />
          <div class="form__row">
            <Field name="lat" label={t('spaces.field.lat')} type="text" state={state} required />
            <Field name="lon" label={t('spaces.field.lon')} type="text" state={state} required />
          </div>
          <PointPicker cities={[props.city]} districts={props.districts} i18n={i18n} />
        </>
      )}
      <Field
        name="district"
        label={t('spaces.field.district')}
        state={state}
        options={[
          { value: '', label: t('spaces.form.no_district') },
          ...props.districts.map((d) => ({ value: d.id, label: d.name })),
        ]}
      />
      <Field
        name="type"
        label={t('spaces.field.type')}
        state={state}
        required
        options={spaceTypes.map((v) => ({ value: v, label: t(`spaces.type.${v}`) }))}
      />
      <Field name="floor_area" label={t('spaces.field.floor_area')} type="number" state={state} required />
      <Field
        name="condition"
        label={t('spaces.field.condition')}
        state={state}
        required
        options={spaceConditions.map((v) => ({ value: v, label: t(`spaces.condition.${v}`) }))}
      />
      <fieldset class={state.errors.facilities ? 'field field--error' : 'field'}>
        <legend>{t('spaces.field.facilities')}</legend>
        <ul class="choices__list">
          {facilities.map((f) => (
            <li>
              <label>
                <input type="checkbox" name="facilities" value={f} checked={facilitiesChosen.includes(f)} />{' '}
                {t(`spaces.facility.${f}`)}
              </label>
            </li>
          ))}
        </ul>
        {state.errors.facilities && <p class="field__error">{state.errors.facilities}</p>}
      </fieldset>
      <Field
        name="terms"
        label={t('spaces.field.terms')}
        state={state}
        required
        options={spaceTerms.map((v) => ({ value: v, label: t(`spaces.terms.${v}`) }))}
      />
      <Field
        name="rent_per_month"
        label={t('spaces.field.rent_per_month')}
        hint={t('spaces.form.rent_hint')}
        type="number"
        state={state}
      />
      <div class="form__row">
        <Field
          name="available_from"
          label={t('spaces.field.available_from')}
          type="date"
          state={state}
          required
        />
        <Field name="available_to" label={t('spaces.field.available_to')} type="date" state={state} />
      </div>
    </>
  )
}

/** The form to offer a space or to change one, photos included. */
export function SpaceForm(props: {
  action: string
  state: FormState
  city: Cluster
  districts: District[]
  i18n: I18n
  /** The organisations one may offer for: only for a new space. */
  owners?: ActorSummary[]
  /** The photos it has: only when editing. */
  photos?: { id: number; storageKey: string }[]
  title: string
}) {
  const { state, i18n } = props
  const { t } = i18n
  const removing = chosen(state, 'remove_photos')
  return (
    <div class="page page--narrow">
      <h1>{props.title}</h1>
      <form
        method="post"
        action={props.action}
        class="form form--wide"
        enctype="multipart/form-data"
        novalidate
      >
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        {props.owners && (
          <Field
            name="owner"
            label={t('spaces.field.owner')}
            state={state}
            required
            options={props.owners.map((a) => ({ value: String(a.id), label: a.name }))}
          />
        )}
        <SpaceFields state={state} city={props.city} districts={props.districts} i18n={i18n} />
        {props.photos && props.photos.length > 0 && (
          <fieldset class="field">
            <legend>{t('spaces.form.remove_photos')}</legend>
            <ul class="space-photos space-photos--small">
              {props.photos.map((p, i) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      name="remove_photos"
                      value={String(p.id)}
                      checked={removing.includes(String(p.id))}
                    />
                    <img src={photoUrl(p.storageKey)} alt={t('spaces.photo_number', { n: i + 1 })} />
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <div class={state.errors.photos ? 'field field--error' : 'field'}>
          <label for="field-photos">{t('spaces.field.photos')}</label>
          <p class="field__hint" id="field-photos-hint">
            {t('spaces.form.photos_hint', { max: maxPhotos, mb: 5 })}
          </p>
          <input
            id="field-photos"
            type="file"
            name="photos"
            accept="image/png,image/jpeg,image/webp"
            multiple
            aria-describedby={`field-photos-hint${state.errors.photos ? ' field-photos-error' : ''}`}
            aria-invalid={state.errors.photos ? 'true' : undefined}
          />
          {state.errors.photos && (
            <p class="field__error" id="field-photos-error">
              {state.errors.photos}
            </p>
          )}
        </div>
        <button type="submit" class="button">
          {t('spaces.form.save')}
        </button>
      </form>
    </div>
  )
}
