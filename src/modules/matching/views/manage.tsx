import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { SuggestedIntroduction } from '../service'
import { everythingSaid, MatchedOrganisation, NoteForm, Reasons, type ReasonText, Score } from './components'

export const pairKey = (from: string, to: string) => `${from}--${to}`

/** A city's cluster managers: pairs worth introducing, best first, each with a note to both. */
export function SuggestionsPage(props: {
  city: { id: string; name: string }
  suggestions: SuggestedIntroduction[]
  cityName: (id: string) => string
  reasonText: ReasonText
  notice?: string
  /** The pair whose introduction failed (`from--to`), with what was typed. */
  failed?: { pair: string; state: FormState }
  i18n: I18n
}) {
  const { city, suggestions, i18n, failed } = props
  const { t, locale } = i18n
  const shown = new Set(suggestions.map((s) => pairKey(s.from.slug, s.to.slug)))
  return (
    <section class="page matching">
      <p class="eyebrow">
        <a href={`/${locale}/clusters/${city.id}`}>{city.name}</a>
      </p>
      <h1>{t('matching.suggestions.title')}</h1>
      <p class="lead">{t('matching.suggestions.lead', { city: city.name })}</p>
      <Notice text={props.notice} />
      {failed && !shown.has(failed.pair) && <FormMessage state={{ message: everythingSaid(failed.state) }} />}
      {suggestions.length ? (
        <ol class="card-list match-list">
          {suggestions.map((s) => {
            const key = pairKey(s.from.slug, s.to.slug)
            return (
              <li class="card match-card" id={`suggestion-${key}`}>
                <div class="match-card__body">
                  <div class="match-card__head">
                    <div class="match-pair">
                      <MatchedOrganisation
                        actor={s.from}
                        cityName={props.cityName(s.from.cluster_id)}
                        i18n={i18n}
                      />
                      <span class="match-pair__arrow" aria-hidden="true">
                        →
                      </span>
                      <span class="visually-hidden">{t('matching.suggestions.and')}</span>
                      <MatchedOrganisation
                        actor={s.to}
                        cityName={props.cityName(s.to.cluster_id)}
                        i18n={i18n}
                      />
                    </div>
                    <Score score={s.score} i18n={i18n} />
                  </div>
                  {/* The reasons speak to the first organisation ("which you need"): said so above them. */}
                  <p class="match-reasons__from">
                    {t('matching.suggestions.reasons_for', { from: s.from.name })}
                  </p>
                  <Reasons
                    reasons={s.reasons}
                    text={props.reasonText}
                    i18n={i18n}
                    label={t('matching.suggestions.why', { from: s.from.name, to: s.to.name })}
                  />
                  <div class="match-card__actions">
                    <NoteForm
                      action={`/${locale}/clusters/${city.id}/introductions`}
                      summary={t('matching.action.introduce_pair')}
                      fields={{ from: s.from.slug, to: s.to.slug }}
                      label={t('matching.field.manager_note', { from: s.from.name, to: s.to.name })}
                      hint={t('matching.field.manager_note_hint')}
                      submit={t('matching.action.send_introduction')}
                      idPrefix={key}
                      state={failed?.pair === key ? failed.state : undefined}
                      hiddenErrors={['from', 'to']}
                    />
                  </div>
                </div>
              </li>
            )
          })}
        </ol>
      ) : (
        <p class="empty-state">{t('matching.suggestions.none')}</p>
      )}
    </section>
  )
}

export const weightSteps = [0, 0.5, 1, 1.5, 2, 2.5, 3]

/** The network admin tunes the ranking: how much a partner across a border counts. */
export function SettingsPage(props: {
  state: FormState
  defaultWeight: number
  notice?: string
  i18n: I18n
}) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <section class="page page--narrow matching">
      <p class="eyebrow">{t('accounts.me.administration')}</p>
      <h1>{t('matching.settings.title')}</h1>
      <p class="lead">{t('matching.settings.lead')}</p>
      <Notice text={props.notice} />
      <form class="form" method="post" action={`/${locale}/admin/matching`} novalidate>
        <FormMessage state={state} />
        <Field
          name="cross_border_weight"
          label={t('matching.field.cross_border_weight')}
          hint={t('matching.field.cross_border_weight_hint')}
          state={state}
          required
          options={weightSteps.map((w) => ({
            value: String(w),
            label:
              w === props.defaultWeight
                ? t('matching.settings.default', { value: i18n.number(w) })
                : w === 0
                  ? t('matching.settings.none', { value: i18n.number(w) })
                  : i18n.number(w),
          }))}
        />
        <button type="submit">{t('matching.settings.save')}</button>
      </form>
    </section>
  )
}
