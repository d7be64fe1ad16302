import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, TextsPerLanguage } from '../../../core/views/components'
import type { ActorSummary } from '../../actors/service'
import type { Cluster } from '../../network/service'
import type { Taxonomy } from '../../taxonomy/service'
import { opportunityReaches, opportunityTypes } from '../service'

const selected = (state: FormState, name: string) => [state.values[name] ?? []].flat()

/** Checkboxes for a list of ids (sectors) or a multiple select grouped by sector (capabilities). */
function CapabilitySelect(props: {
  name: string
  label: string
  state: FormState
  taxonomy: Taxonomy
  i18n: I18n
}) {
  const { name, state, taxonomy, i18n } = props
  const chosen = selected(state, name)
  const id = `field-${name}`
  const error = state.errors[name]
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{props.label}</label>
      <p class="field__hint" id={`${id}-hint`}>
        {i18n.t('opportunities.form.multiple_hint')}
      </p>
      <select
        id={id}
        name={name}
        multiple
        size={8}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? 'true' : undefined}
      >
        {taxonomy.sectors.map((sector) => (
          <optgroup label={sector.name[i18n.locale] ?? sector.id}>
            {taxonomy.capabilities
              .filter((c) => c.sectorId === sector.id)
              .map((c) => (
                <option value={c.id} selected={chosen.includes(c.id)}>
                  {c.label[i18n.locale] ?? c.id}
                </option>
              ))}
          </optgroup>
        ))}
        <optgroup label={i18n.t('opportunities.form.cross_sector')}>
          {taxonomy.capabilities
            .filter((c) => !c.sectorId)
            .map((c) => (
              <option value={c.id} selected={chosen.includes(c.id)}>
                {c.label[i18n.locale] ?? c.id}
              </option>
            ))}
        </optgroup>
      </select>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * The form to post or edit an opportunity. Every type's own fields are in it (no script needed); the
 * fields of other types than the chosen one are ignored.
 */
export function OpportunityForm(props: {
  action: string
  state: FormState
  taxonomy: Taxonomy
  i18n: I18n
  /** Where one may post: only for a new opportunity. */
  posters?: { organisations: ActorSummary[]; clusters: Cluster[] }
  title: string
}) {
  const { state, taxonomy, i18n } = props
  const { t } = i18n
  const original = String(state.values.original_language ?? i18n.locale)
  const sectorsChosen = selected(state, 'sectors')
  const optional = (name: string, label: string, type = 'number') => (
    <Field name={name} label={label} type={type} state={state} />
  )
  return (
    <div class="page page--narrow">
      <h1>{props.title}</h1>
      <form method="post" action={props.action} class="form form--wide">
        <FormMessage state={state} />
        <p class="muted">{t('core.form.required_hint')}</p>
        {props.posters && (
          <Field
            name="poster"
            label={t('opportunities.form.poster')}
            state={state}
            required
            options={[
              ...props.posters.organisations.map((a) => ({ value: `organisation:${a.id}`, label: a.name })),
              ...props.posters.clusters.map((c) => ({
                value: `cluster:${c.id}`,
                label: t('opportunities.cluster_poster', { city: c.cityName }),
              })),
            ]}
          />
        )}
        <Field
          name="type"
          label={t('opportunities.field.type')}
          state={state}
          required
          options={opportunityTypes.map((v) => ({ value: v, label: t(`opportunities.type.${v}`) }))}
        />
        <TextsPerLanguage
          state={state}
          original={original}
          originalLabel={t('opportunities.field.original_language')}
          originalHint={t('opportunities.form.language_hint')}
          fields={[
            { name: 'title', label: t('opportunities.field.title'), maxlength: 160 },
            {
              name: 'description',
              label: t('opportunities.field.description'),
              multiline: true,
              maxlength: 5000,
            },
          ]}
        />
        <fieldset class={state.errors.sectors ? 'field field--error' : 'field'}>
          <legend>{t('opportunities.field.sectors')} *</legend>
          <ul class="choices__list">
            {taxonomy.sectors.map((s) => (
              <li>
                <label>
                  <input type="checkbox" name="sectors" value={s.id} checked={sectorsChosen.includes(s.id)} />{' '}
                  {s.name[i18n.locale] ?? s.id}
                </label>
              </li>
            ))}
          </ul>
          {state.errors.sectors && <p class="field__error">{state.errors.sectors}</p>}
        </fieldset>
        <CapabilitySelect
          name="needs"
          label={t('opportunities.field.needs')}
          state={state}
          taxonomy={taxonomy}
          i18n={i18n}
        />
        <CapabilitySelect
          name="offers"
          label={t('opportunities.field.offers')}
          state={state}
          taxonomy={taxonomy}
          i18n={i18n}
        />
        <Field
          name="reach"
          label={t('opportunities.field.reach')}
          state={state}
          options={opportunityReaches.map((v) => ({ value: v, label: t(`opportunities.reach.${v}`) }))}
        />
        <Field
          name="deadline"
          type="date"
          label={t('opportunities.field.deadline')}
          hint={t('opportunities.form.deadline_hint')}
          state={state}
        />
        <Field
          name="contact_email"
          type="email"
          label={t('opportunities.field.contact_email')}
          hint={t('opportunities.form.contact_hint')}
          state={state}
        />
        <fieldset class="form__section">
          <legend>{t('opportunities.form.work_fields')}</legend>
          <Field
            name="details.contractType"
            label={t('opportunities.field.contract_type')}
            state={state}
            options={[
              { value: '', label: '—' },
              ...['permanent', 'fixed_term', 'freelance', 'part_time'].map((v) => ({
                value: v,
                label: t(`opportunities.contract.${v}`),
              })),
            ]}
          />
          {optional('details.hoursPerWeek', t('opportunities.field.hours'))}
          {optional('details.salaryMin', t('opportunities.field.salary_min'))}
          {optional('details.salaryMax', t('opportunities.field.salary_max'))}
          <div class="field">
            <label>
              <input
                type="checkbox"
                name="details.remote"
                value="true"
                checked={state.values['details.remote'] === 'true'}
              />{' '}
              {t('opportunities.field.remote')}
            </label>
          </div>
        </fieldset>
        <fieldset class="form__section">
          <legend>{t('opportunities.form.call_fields')}</legend>
          {optional('details.budget', t('opportunities.field.budget'))}
          <Field
            name="details.eligibility"
            label={t('opportunities.field.eligibility')}
            state={state}
            multiline
            maxlength={2000}
          />
        </fieldset>
        <fieldset class="form__section">
          <legend>{t('opportunities.form.workspace_fields')}</legend>
          {optional('details.sizeM2', t('opportunities.field.size'))}
          {optional('details.pricePerMonth', t('opportunities.field.price'))}
          <Field
            name="details.address"
            label={t('opportunities.field.address')}
            state={state}
            maxlength={300}
          />
        </fieldset>
        <Field
          name="details.currency"
          label={t('opportunities.field.currency')}
          hint={t('opportunities.form.currency_hint')}
          state={state}
          maxlength={3}
        />
        <div class="actions">
          {props.posters ? (
            <>
              <button type="submit" name="status" value="published" class="button">
                {t('opportunities.form.publish')}
              </button>
              <button type="submit" name="status" value="draft" class="button button--quiet">
                {t('opportunities.form.save_draft')}
              </button>
            </>
          ) : (
            <button type="submit" class="button">
              {t('opportunities.form.save')}
            </button>
          )}
        </div>
      </form>
    </div>
  )
}
