import type { FormState } from '../../../core/forms'
import { type I18n, languageNames, locales } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'

const languageOptions = locales.map((l) => ({ value: l, label: languageNames[l] ?? l }))

/** The e-mail field of the account forms. */
export function EmailField(props: {
  i18n: I18n
  state?: FormState
  name?: string
  label?: string
  hint?: string
}) {
  return (
    <Field
      name={props.name ?? 'email'}
      label={props.label ?? props.i18n.t('accounts.field.email')}
      type="email"
      state={props.state}
      required
      autocomplete="email"
      hint={props.hint}
    />
  )
}

/** A password field; a `fresh` one (a new password) explains the rule. */
export function PasswordField(props: {
  i18n: I18n
  state?: FormState
  name?: string
  label?: string
  fresh?: boolean
}) {
  return (
    <Field
      name={props.name ?? 'password'}
      label={props.label ?? props.i18n.t('accounts.field.password')}
      type="password"
      state={props.state}
      required
      autocomplete={props.fresh ? 'new-password' : 'current-password'}
      hint={props.fresh ? props.i18n.t('accounts.password.rule') : undefined}
    />
  )
}

export function JoinPage({ i18n, state }: { i18n: I18n; state: FormState }) {
  const { t, locale } = i18n
  return (
    <div class="page page--narrow account">
      <h1>{t('accounts.join.title')}</h1>
      <p class="lead">{t('accounts.join.lead')}</p>
      <form class="form" method="post" action={`/${locale}/join`} novalidate>
        <FormMessage state={state} />
        <Field
          name="name"
          label={t('accounts.field.name')}
          state={state}
          required
          autocomplete="name"
          maxlength={120}
        />
        <EmailField i18n={i18n} state={state} />
        <PasswordField i18n={i18n} state={state} fresh />
        <Field
          name="locale"
          label={t('accounts.field.language')}
          hint={t('accounts.field.language_hint')}
          state={state}
          value={locale}
          options={languageOptions}
        />
        <button type="submit">{t('accounts.join.submit')}</button>
      </form>
      <p>
        {t('accounts.join.have_account')} <a href={`/${locale}/login`}>{t('accounts.login.title')}</a>
      </p>
    </div>
  )
}

export function LoginPage({
  i18n,
  state,
  next,
  notice,
}: {
  i18n: I18n
  state: FormState
  next?: string
  notice?: string
}) {
  const { t, locale } = i18n
  const unverified = state.values.unverified === 'true'
  return (
    <div class="page page--narrow account">
      <h1>{t('accounts.login.title')}</h1>
      <Notice text={notice} />
      <form class="form" method="post" action={`/${locale}/login`} novalidate>
        <FormMessage state={state} />
        {next && <input type="hidden" name="next" value={next} />}
        <EmailField i18n={i18n} state={state} />
        <PasswordField i18n={i18n} state={state} />
        <button type="submit">{t('accounts.login.submit')}</button>
      </form>
      {unverified && (
        <form method="post" action={`/${locale}/verify-email/resend`}>
          <input type="hidden" name="email" value={String(state.values.email ?? '')} />
          <button type="submit" class="button--quiet">
            {t('accounts.verify.resend')}
          </button>
        </form>
      )}
      <p>
        <a href={`/${locale}/forgot-password`}>{t('accounts.forgot.title')}</a>
      </p>
      <p>
        {t('accounts.login.no_account')} <a href={`/${locale}/join`}>{t('accounts.join.title')}</a>
      </p>
    </div>
  )
}

/** A page that only tells what happened and what to do next. */
export function MessagePage({ title, text, i18n }: { title: string; text: string; i18n: I18n }) {
  return (
    <div class="page page--narrow account">
      <h1>{title}</h1>
      <p class="lead">{text}</p>
      <p>
        <a href={`/${i18n.locale}/`}>{i18n.t('core.error.home')}</a>
      </p>
    </div>
  )
}

export function ForgotPage({ i18n, state }: { i18n: I18n; state: FormState }) {
  const { t, locale } = i18n
  return (
    <div class="page page--narrow account">
      <h1>{t('accounts.forgot.title')}</h1>
      <p class="lead">{t('accounts.forgot.lead')}</p>
      <form class="form" method="post" action={`/${locale}/forgot-password`} novalidate>
        <FormMessage state={state} />
        <EmailField i18n={i18n} state={state} />
        <button type="submit">{t('accounts.forgot.submit')}</button>
      </form>
    </div>
  )
}

export function ResetPage({ i18n, state, token }: { i18n: I18n; state: FormState; token: string }) {
  const { t, locale } = i18n
  return (
    <div class="page page--narrow account">
      <h1>{t('accounts.reset.title')}</h1>
      <form class="form" method="post" action={`/${locale}/reset-password`} novalidate>
        <FormMessage state={state} />
        <input type="hidden" name="token" value={token} />
        <PasswordField i18n={i18n} label={t('accounts.field.new_password')} state={state} fresh />
        <button type="submit">{t('accounts.reset.submit')}</button>
      </form>
    </div>
  )
}

export { languageOptions }
