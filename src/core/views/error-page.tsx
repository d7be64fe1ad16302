import type { AppError } from '../errors'
import type { I18n } from '../i18n'

export function ErrorPage({ error, i18n }: { error: AppError; i18n: I18n }) {
  const { t, locale } = i18n
  return (
    <section class="page page--narrow error-page">
      <p class="eyebrow">{error.status}</p>
      <h1>{t(error.messageKey, error.values)}</h1>
      {error.details && (
        <ul class="error-list">
          {error.details.map((d) => (
            <li>
              {d.field && <strong>{d.field}: </strong>}
              {d.message}
            </li>
          ))}
        </ul>
      )}
      <p>{t(error.status === 404 ? 'core.error.not_found_help' : 'core.error.help')}</p>
      <p>
        <a class="button" href={`/${locale}/`}>
          {t('core.error.home')}
        </a>{' '}
        <a class="button button--quiet" href={`/${locale}/actors`}>
          {t('core.nav.directory')}
        </a>
      </p>
    </section>
  )
}
