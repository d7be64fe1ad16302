import type { JSX } from 'hono/jsx/jsx-runtime'
import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { ActorSummary } from '../../actors/service'
import type { ShownConnection } from '../service'
import { connectionKinds } from '../service'
import { OtherOrganisation } from './sections'

/** The form an organisation's admin proposes a relation with: on whose behalf, which kind, a note. */
export function ProposePage(props: {
  target: { slug: string; name: string }
  options: ActorSummary[]
  state: FormState
  i18n: I18n
}) {
  const { target, options, state, i18n } = props
  const { t, locale } = i18n
  return (
    <section class="page page--narrow connections">
      <p class="eyebrow">{t('connections.title')}</p>
      <h1>{t('connections.propose.title', { organisation: target.name })}</h1>
      <p class="lead">{t('connections.propose.lead')}</p>
      {options.length ? (
        <form
          class="form"
          method="post"
          action={`/${locale}/organisations/${target.slug}/connections/new`}
          novalidate
        >
          <FormMessage state={state} />
          <p class="muted">{t('core.form.required_hint')}</p>
          {options.length === 1 && !state.errors.organisation ? (
            <>
              <input type="hidden" name="organisation" value={String(options[0].id)} />
              <p>{t('connections.propose.for', { organisation: options[0].name })}</p>
            </>
          ) : (
            <Field
              name="organisation"
              label={t('connections.field.organisation')}
              state={state}
              required
              options={options.map((o) => ({ value: String(o.id), label: o.name }))}
            />
          )}
          <Field
            name="kind"
            label={t('connections.field.kind', { organisation: target.name })}
            state={state}
            required
            options={connectionKinds.map((k) => ({ value: k, label: t(`connections.propose_kind.${k}`) }))}
          />
          <Field
            name="note"
            label={t('connections.field.note')}
            hint={t('connections.field.note_hint')}
            state={state}
            multiline
            maxlength={500}
          />
          <button type="submit">{t('connections.propose.submit')}</button>
        </form>
      ) : (
        <div class="empty-state">
          {/* A proposal to the only organisation one runs: its refusal, not the generic summary. */}
          <FormMessage state={{ message: state.errors.organisation ?? state.message }} />
          <p>{t('connections.propose.no_organisation')}</p>
          <p>
            <a href={`/${locale}/actors/${target.slug}`}>{t('connections.back_to_profile')}</a>
          </p>
        </div>
      )}
    </section>
  )
}

function ConnectionTable(props: {
  caption: string
  items: ShownConnection[]
  actions: (c: ShownConnection) => JSX.Element
  i18n: I18n
}) {
  const { t } = props.i18n
  return (
    <div class="table-scroll">
      <table class="data-table data-table--text connection-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('connections.column.organisation')}</th>
            <th scope="col">{t('connections.column.kind')}</th>
            <th scope="col">{t('connections.column.date')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('connections.column.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr id={`connection-${c.id}`}>
              <th scope="row">
                <OtherOrganisation connection={c} i18n={props.i18n} />
                {c.note && <p class="connection-note">{c.note}</p>}
              </th>
              <td>{t(`connections.kind.${c.kind}`)}</td>
              <td>{props.i18n.date(c.decidedAt ?? c.createdAt, { dateStyle: 'medium' })}</td>
              <td class="connection-actions">{props.actions(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ActionButton(props: {
  action: string
  name?: string
  value?: string
  label: string
  danger?: boolean
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      {props.name && <input type="hidden" name={props.name} value={props.value} />}
      <button type="submit" class={props.danger ? 'button--danger' : undefined}>
        {props.label}
      </button>
    </form>
  )
}

/** An organisation's admins see what waits for them, what they proposed, and what is confirmed. */
export function ManagePage(props: {
  actor: { slug: string; name: string }
  incoming: ShownConnection[]
  outgoing: ShownConnection[]
  confirmed: ShownConnection[]
  notice?: string
  failure?: string
  i18n: I18n
}) {
  const { actor, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/organisations/${actor.slug}/connections`
  return (
    <section class="page connections">
      <p class="eyebrow">
        <a href={`/${locale}/actors/${actor.slug}`}>{actor.name}</a>
      </p>
      <h1>{t('connections.manage.title')}</h1>
      <p class="lead">{t('connections.manage.lead')}</p>
      <Notice text={props.notice} />
      {props.failure && (
        <p class="form-message" role="alert">
          {props.failure}
        </p>
      )}

      <section aria-labelledby="incoming">
        <h2 id="incoming">{t('connections.manage.incoming', { count: props.incoming.length })}</h2>
        {props.incoming.length ? (
          <ConnectionTable
            caption={t('connections.manage.incoming', { count: props.incoming.length })}
            items={props.incoming}
            i18n={i18n}
            actions={(c) => (
              <>
                <ActionButton
                  action={`${base}/${c.id}/decision`}
                  name="decision"
                  value="confirm"
                  label={t('connections.action.confirm')}
                />{' '}
                <ActionButton
                  action={`${base}/${c.id}/decision`}
                  name="decision"
                  value="decline"
                  label={t('connections.action.decline')}
                  danger
                />
              </>
            )}
          />
        ) : (
          <p class="muted">{t('connections.manage.no_incoming')}</p>
        )}
      </section>

      <section aria-labelledby="outgoing">
        <h2 id="outgoing">{t('connections.manage.outgoing', { count: props.outgoing.length })}</h2>
        {props.outgoing.length ? (
          <ConnectionTable
            caption={t('connections.manage.outgoing', { count: props.outgoing.length })}
            items={props.outgoing}
            i18n={i18n}
            actions={(c) => (
              <ActionButton action={`${base}/${c.id}/end`} label={t('connections.action.withdraw')} />
            )}
          />
        ) : (
          <p class="muted">{t('connections.manage.no_outgoing')}</p>
        )}
      </section>

      <section aria-labelledby="confirmed">
        <h2 id="confirmed">{t('connections.manage.confirmed', { count: props.confirmed.length })}</h2>
        {props.confirmed.length ? (
          <ConnectionTable
            caption={t('connections.manage.confirmed', { count: props.confirmed.length })}
            items={props.confirmed}
            i18n={i18n}
            actions={(c) => (
              <ActionButton action={`${base}/${c.id}/end`} label={t('connections.action.end')} danger />
            )}
          />
        ) : (
          <p class="muted">{t('connections.manage.no_confirmed')}</p>
        )}
        <p>
          <a href={`/${locale}/actors`}>{t('connections.manage.find')}</a>
        </p>
      </section>
    </section>
  )
}
