import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage } from '../../../core/views/components'
import { Avatar } from '../../actors/views/components'
import type { Reason } from '../service'

/** Writes a reason in the reader's language (`reasonWriter(ctx).text`). */
export type ReasonText = (reason: Reason) => string

/** The organisation a recommendation names: avatar, name linked to its profile, kind and city. */
export function MatchedOrganisation(props: {
  actor: { slug: string; name: string; kind: string; cluster_id: string; logo_url?: string | null }
  cityName: string
  i18n: I18n
  heading?: 'h3' | 'h4'
}) {
  const { actor, i18n } = props
  const { t, locale } = i18n
  const Heading = props.heading ?? 'h3'
  return (
    <div class="match-org">
      <Avatar name={actor.name} cityId={actor.cluster_id} logoUrl={actor.logo_url} />
      <div class="match-org__text">
        <Heading class="card__title">
          <a href={`/${locale}/actors/${actor.slug}`}>{actor.name}</a>
        </Heading>
        <p class="card__meta">
          {t(`actors.kind.${actor.kind}`)} · {props.cityName}
        </p>
      </div>
    </div>
  )
}

/** The score of a recommendation: the sum of its reasons' points. */
export function Score(props: { score: number; i18n: I18n }) {
  return (
    <p class="match-score">
      {props.i18n.t('matching.match.score', {
        score: props.i18n.number(props.score, { maximumFractionDigits: 1 }),
      })}
    </p>
  )
}

/** Why it is recommended, one reason a line; a reason that ranks it lower is marked as such. */
export function Reasons(props: {
  reasons: Reason[]
  text: ReasonText
  i18n: I18n
  limit?: number
  label: string
}) {
  const reasons = props.limit
    ? props.reasons.filter((r) => r.points > 0).slice(0, props.limit)
    : props.reasons
  if (!reasons.length) return null
  return (
    <ul class="match-reasons" aria-label={props.label}>
      {reasons.map((r) => (
        <li class={r.points < 0 ? 'match-reason match-reason--lower' : 'match-reason'}>{props.text(r)}</li>
      ))}
    </ul>
  )
}

/** A form of one button (and hidden fields) that posts and comes back with a notice. */
export function ButtonForm(props: {
  action: string
  fields: Record<string, string>
  label: string
  variant?: 'quiet' | 'danger'
  /** Names what the button acts on for screen readers when the label alone is the same on every card. */
  describedBy?: string
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class={props.variant ? `button--${props.variant}` : undefined}
        aria-describedby={props.describedBy}
      >
        {props.label}
      </button>
    </form>
  )
}

/** A note and a submit button, folded under a summary until opened (open when it failed). */
export function NoteForm(props: {
  action: string
  summary: string
  fields: Record<string, string>
  label: string
  hint: string
  submit: string
  idPrefix: string
  state?: FormState
  /** Errors of the hidden fields, shown above the note. */
  hiddenErrors?: string[]
}) {
  const { state } = props
  const failed = !!state && (Object.keys(state.errors).length > 0 || !!state.message)
  // A refusal of the whole form (asked too often) has no field to stand at: it is said above the note.
  const formWide = state && !Object.keys(state.errors).length ? state.message : undefined
  const aboveNote = [formWide, ...(props.hiddenErrors ?? []).map((name) => state?.errors[name])]
  return (
    <details class="match-note" open={failed ? true : undefined}>
      <summary class="button">{props.summary}</summary>
      <form class="form match-note__form" method="post" action={props.action} novalidate>
        <FormMessage state={{ message: aboveNote.filter(Boolean).join(' ') }} />
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <Field
          name="note"
          label={props.label}
          hint={props.hint}
          state={state}
          idPrefix={props.idPrefix}
          required
          multiline
          maxlength={1000}
        />
        <button type="submit">{props.submit}</button>
      </form>
    </details>
  )
}

/** Everything a failed form says, in one line: for a form whose fields are not on the page. */
export const everythingSaid = (state: FormState) =>
  [state.message, ...Object.values(state.errors)].filter(Boolean).join(' ')
