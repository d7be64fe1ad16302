import type { I18n } from '../../../core/i18n'
import { FormMessage, Notice } from '../../../core/views/components'
import type { ListedApplication, ListedSpace } from '../service'
import { decisions } from '../service'

const excerpt = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The applications for a space side by side, with the owner's decisions. */
export function ApplicationsPage(props: {
  space: ListedSpace
  applications: ListedApplication[]
  sectorName(id: string): string
  failed?: { id: number; message?: string }
  notice?: string
  i18n: I18n
}) {
  const { space: s, i18n } = props
  const { t, locale } = i18n
  const title = i18n.text(s.title, s.originalLanguage)
  const base = `/${locale}/spaces/${s.slug}`
  const offered = s.status === 'available' || s.status === 'under_application'
  return (
    <div class="page">
      <p class="eyebrow">
        <a href={base} lang={title.lang}>
          {title.text}
        </a>{' '}
        · <span class={`status status--${s.status}`}>{t(`spaces.status.${s.status}`)}</span>
      </p>
      <h1>{t('spaces.applications.title')}</h1>
      <Notice text={props.notice} />
      <FormMessage state={props.failed} />
      {props.applications.length === 0 ? (
        <p>{t('spaces.applications.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="compare-caption" tabindex={0}>
          <table class="data-table data-table--text compare-table">
            <caption id="compare-caption">{t('spaces.applications.compare')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.applications.organisation')}</th>
                <th scope="col">{t('spaces.applications.sectors')}</th>
                <th scope="col">{t('spaces.field.people')}</th>
                <th scope="col">{t('spaces.field.hours')}</th>
                <th scope="col">{t('spaces.field.proposal')}</th>
                <th scope="col">{t('spaces.field.contribution')}</th>
                <th scope="col">{t('spaces.applications.status')}</th>
                <th scope="col">{t('spaces.applications.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.applications.map((a) => {
                const open = a.status === 'pending' || a.status === 'shortlisted'
                return (
                  <tr id={`application-${a.id}`}>
                    <th scope="row">
                      <a href={`/${locale}/actors/${a.actorSlug}`}>{a.actorName}</a>
                      <br />
                      <span class="muted">{i18n.date(a.createdAt)}</span>
                    </th>
                    <td>{a.actorSectors.map((id) => props.sectorName(id)).join(', ')}</td>
                    <td>{i18n.number(a.people)}</td>
                    <td>{a.hours}</td>
                    <td>
                      <details>
                        <summary>{excerpt(a.proposal)}</summary>
                        <p>{a.proposal}</p>
                      </details>
                    </td>
                    <td>
                      <details>
                        <summary>{excerpt(a.contribution)}</summary>
                        <p>{a.contribution}</p>
                      </details>
                    </td>
                    <td>
                      <span class={`status status--${a.status}`}>
                        {t(`spaces.application_status.${a.status}`)}
                      </span>
                    </td>
                    <td>
                      {a.conversationId ? (
                        <a href={`/${locale}/messages/${a.conversationId}`}>
                          {t('spaces.applications.conversation')}
                        </a>
                      ) : (
                        <form method="post" action={`${base}/applications/${a.id}/ask`} class="inline-form">
                          <button type="submit" class="button button--small">
                            {t('spaces.applications.ask')}
                          </button>
                        </form>
                      )}
                      {open && offered && (
                        <form method="post" action={`${base}/applications/${a.id}`} class="decision-forms">
                          {decisions
                            .filter((d) => d !== a.status)
                            .map((d) => (
                              <button
                                type="submit"
                                name="decision"
                                value={d}
                                class={
                                  d === 'declined'
                                    ? 'button button--small button--danger'
                                    : 'button button--small'
                                }
                              >
                                {t(`spaces.applications.${d}`)}
                              </button>
                            ))}
                        </form>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

/** The spaces of the viewer's organisations, in every state. */
export function MinePage(props: {
  items: (ListedSpace & { openApplications: number })[]
  notice?: string
  i18n: I18n
}) {
  const { i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page">
      <h1>{t('spaces.mine.title')}</h1>
      <Notice text={props.notice} />
      <p class="actions">
        <a class="button" href={`/${locale}/spaces/new`}>
          {t('spaces.new.title')}
        </a>
      </p>
      {props.items.length === 0 ? (
        <p>{t('spaces.mine.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="mine-caption" tabindex={0}>
          <table class="data-table">
            <caption id="mine-caption" class="visually-hidden">
              {t('spaces.mine.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('spaces.field.title')}</th>
                <th scope="col">{t('spaces.field.owner')}</th>
                <th scope="col">{t('spaces.applications.status')}</th>
                <th scope="col">{t('spaces.applications.title')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => {
                const title = i18n.text(s.title, s.originalLanguage)
                return (
                  <tr>
                    <td>
                      <a href={`/${locale}/spaces/${s.slug}`} lang={title.lang}>
                        {title.text}
                      </a>
                    </td>
                    <td>{s.ownerName}</td>
                    <td>
                      <span class={`status status--${s.status}`}>{t(`spaces.status.${s.status}`)}</span>
                    </td>
                    <td>
                      <a href={`/${locale}/spaces/${s.slug}/applications`}>
                        {i18n.number(s.openApplications)}
                      </a>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
