import type { Child } from 'hono/jsx'
import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { claimState, listPendingClaims, listPeople } from '../service'
import { orgRoles } from '../service'

/** A page of this module: a heading, what it is about, and a notice after a change. */
export function OrgPage(props: { title: string; eyebrow?: Child; notice?: string; children: Child }) {
  return (
    <section class="page page--narrow org-page">
      {props.eyebrow && <p class="eyebrow">{props.eyebrow}</p>}
      <h1>{props.title}</h1>
      <Notice text={props.notice} />
      {props.children}
    </section>
  )
}

const roleOptions = (i18n: I18n) =>
  orgRoles.map((r) => ({ value: r, label: i18n.t(`organisations.role.${r}`) }))

export function PeopleView(props: {
  data: Awaited<ReturnType<typeof listPeople>>
  me: string
  invite: FormState
  rowError?: { person: string; message: string }
  i18n: I18n
}) {
  const { data, i18n, me } = props
  const { t, locale } = i18n
  const base = `/${locale}/organisations/${data.actor.slug}/people`
  return (
    <>
      <table class="people">
        <caption class="visually-hidden">{t('organisations.people.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('organisations.people.name')}</th>
            <th scope="col">{t('organisations.people.role')}</th>
            <th scope="col">{t('organisations.people.since')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('organisations.people.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.people.map((p) => {
            const error = props.rowError?.person === p.userId ? props.rowError.message : undefined
            return (
              <tr>
                <th scope="row">
                  {p.name}
                  <br />
                  <span class="field__hint">{p.email}</span>
                </th>
                <td>
                  {data.manage ? (
                    <form method="post" action={`${base}/${p.userId}/role`} class="inline-form">
                      <label class="visually-hidden" for={`role-${p.userId}`}>
                        {t('organisations.people.role_of', { name: p.name })}
                      </label>
                      <select
                        id={`role-${p.userId}`}
                        name="role"
                        aria-invalid={error ? 'true' : undefined}
                        aria-describedby={error ? `role-${p.userId}-error` : undefined}
                      >
                        {roleOptions(i18n).map((o) => (
                          <option value={o.value} selected={o.value === p.role}>
                            {o.label}
                          </option>
                        ))}
                      </select>{' '}
                      <button type="submit" class="button--quiet">
                        {t('organisations.people.change_role')}
                      </button>
                      {error && (
                        <p class="field__error" id={`role-${p.userId}-error`}>
                          {error}
                        </p>
                      )}
                    </form>
                  ) : (
                    t(`organisations.role.${p.role}`)
                  )}
                </td>
                <td>{i18n.date(p.since)}</td>
                <td>
                  {(data.manage || p.userId === me) && (
                    <form method="post" action={`${base}/${p.userId}/remove`} class="inline-form">
                      <button type="submit" class="button--quiet">
                        {p.userId === me
                          ? t('organisations.people.leave')
                          : t('organisations.people.remove', { name: p.name })}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p class="field__hint">{t('organisations.people.succession')}</p>
      {data.manage && (
        <>
          <h2>{t('organisations.people.invite')}</h2>
          <form method="post" action={base} class="form" novalidate>
            <FormMessage state={props.invite} />
            <Field
              name="email"
              type="email"
              label={t('organisations.field.invite_email')}
              required
              state={props.invite}
            />
            <Field
              name="role"
              label={t('organisations.people.role')}
              options={roleOptions(i18n)}
              state={props.invite}
            />
            <p class="field__hint">{t('organisations.people.invite_hint', { days: 14 })}</p>
            <p>
              <button type="submit">{t('organisations.people.send_invitation')}</button>
            </p>
          </form>
          {data.invitations.length > 0 && (
            <>
              <h2>{t('organisations.people.open_invitations')}</h2>
              <ul class="plain-list">
                {data.invitations.map((inv) => (
                  <li>
                    {inv.email} · {t(`organisations.role.${inv.role}`)} ·{' '}
                    {t('organisations.people.expires', { date: i18n.date(inv.expiresAt) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  )
}

export function ClaimView(props: {
  data: Awaited<ReturnType<typeof claimState>>
  state: FormState
  i18n: I18n
}) {
  const { data, i18n } = props
  const { t, locale } = i18n
  if (data.member)
    return (
      <p>
        <a href={`/${locale}/organisations/${data.actor.slug}/people`}>{t('organisations.claim.member')}</a>
      </p>
    )
  if (data.pending) return <p>{t('organisations.claim.pending')}</p>
  if (data.hasAdmins) return <p>{t('organisations.claim.has_admins')}</p>
  return (
    <form method="post" action={`/${locale}/actors/${data.actor.slug}/claim`} class="form" novalidate>
      <p>{t('organisations.claim.intro')}</p>
      <FormMessage state={props.state} />
      <Field
        name="message"
        label={t('organisations.field.claim_message')}
        hint={t('organisations.claim.message_hint')}
        required
        multiline
        maxlength={2000}
        state={props.state}
      />
      <p>
        <button type="submit">{t('organisations.claim.send')}</button>
      </p>
    </form>
  )
}

export function ClaimsView(props: {
  data: Awaited<ReturnType<typeof listPendingClaims>>
  failed?: { claim: number; state: FormState }
  /** The reader's id: no one decides their own claim. */
  me: string
  i18n: I18n
}) {
  const { data, i18n } = props
  const { t, locale } = i18n
  if (!data.claims.length) return <p>{t('organisations.claims.empty')}</p>
  return (
    <ol class="plain-list claims">
      {data.claims.map((claim) => {
        const state = props.failed?.claim === claim.id ? props.failed.state : undefined
        const id = `claim-${claim.id}`
        const reason = typeof state?.values.reason === 'string' ? state.values.reason : ''
        const error = state?.errors.reason ?? state?.errors.decision
        return (
          <li class="card">
            <h2>
              <a href={`/${locale}/actors/${claim.actorSlug}`}>{claim.actorName}</a>
            </h2>
            <p>
              {t('organisations.claims.by', {
                name: claim.claimantName,
                email: claim.claimantEmail,
                date: i18n.date(claim.createdAt),
              })}
            </p>
            <blockquote>{claim.message}</blockquote>
            {claim.userId === props.me ? (
              <p>{t('organisations.claim.own')}</p>
            ) : (
              <form
                method="post"
                action={`/${locale}/clusters/${data.cluster.id}/claims/${claim.id}`}
                class="form"
                novalidate
              >
                <FormMessage state={state} />
                <fieldset>
                  <legend>{t('organisations.claims.decision')}</legend>
                  <label class="choice">
                    <input
                      type="radio"
                      name="decision"
                      value="approve"
                      checked={state?.values.decision !== 'decline'}
                    />{' '}
                    {t('organisations.claims.approve')}
                  </label>
                  <label class="choice">
                    <input
                      type="radio"
                      name="decision"
                      value="decline"
                      checked={state?.values.decision === 'decline'}
                    />{' '}
                    {t('organisations.claims.decline')}
                  </label>
                </fieldset>
                <div class={error ? 'field field--error' : 'field'}>
                  <label for={`${id}-reason`}>{t('organisations.field.reason')}</label>
                  <p class="field__hint" id={`${id}-hint`}>
                    {t('organisations.claims.reason_hint')}
                  </p>
                  <textarea
                    id={`${id}-reason`}
                    name="reason"
                    rows={3}
                    maxlength={2000}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
                  >
                    {reason}
                  </textarea>
                  {error && (
                    <p class="field__error" id={`${id}-error`}>
                      {error}
                    </p>
                  )}
                </div>
                <p>
                  <button type="submit">{t('organisations.claims.submit')}</button>
                </p>
              </form>
            )}
          </li>
        )
      })}
    </ol>
  )
}

export function InvitationView(props: {
  invitation: { actorName: string; email: string; role: string }
  token: string
  signedInAs: string | null
  i18n: I18n
}) {
  const { invitation, i18n } = props
  const { t, locale } = i18n
  const values = {
    organisation: invitation.actorName,
    role: t(`organisations.role.${invitation.role}`),
    email: invitation.email,
  }
  const here = `/${locale}/invitations/accept?token=${encodeURIComponent(props.token)}`
  return (
    <>
      <p>{t('organisations.invitation.intro', values)}</p>
      {props.signedInAs === null ? (
        <>
          <p>{t('organisations.invitation.sign_in', values)}</p>
          <p>
            <a class="button" href={`/${locale}/login?next=${encodeURIComponent(here)}`}>
              {t('core.nav.sign_in')}
            </a>{' '}
            <a class="button button--quiet" href={`/${locale}/join?next=${encodeURIComponent(here)}`}>
              {t('core.nav.join')}
            </a>
          </p>
        </>
      ) : props.signedInAs.toLowerCase() !== invitation.email.toLowerCase() ? (
        <p>{t('organisations.invitation.wrong_account', values)}</p>
      ) : (
        <form method="post" action={`/${locale}/invitations/accept`}>
          <input type="hidden" name="token" value={props.token} />
          <button type="submit">{t('organisations.invitation.accept')}</button>
        </form>
      )}
    </>
  )
}
