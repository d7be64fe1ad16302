import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice } from '../../../core/views/components'
import type { Cluster } from '../../network/service'
import type { ListedInterest, ListedOpportunity } from '../service'
import { decisions, posterName } from '../service'

/** The organisations interested in an opportunity, with the poster's decisions. */
export function InterestsPage(props: {
  opportunity: ListedOpportunity
  interests: ListedInterest[]
  failed?: { id: number; state: FormState }
  notice?: string
  i18n: I18n
}) {
  const { opportunity: o, i18n } = props
  const { t, locale } = i18n
  const title = i18n.text(o.title, o.originalLanguage)
  return (
    <div class="page">
      <p class="eyebrow">
        <a href={`/${locale}/opportunities/${o.slug}`} lang={title.lang}>
          {title.text}
        </a>
      </p>
      <h1>{t('opportunities.interests.title')}</h1>
      <Notice text={props.notice} />
      {!o.actorId && <p class="notice">{t('opportunities.interests.cluster_note')}</p>}
      {props.interests.length === 0 ? (
        <p>{t('opportunities.interests.none')}</p>
      ) : (
        <ul class="application-list">
          {props.interests.map((interest) => {
            const state = props.failed?.id === interest.id ? props.failed.state : undefined
            const open = interest.status === 'pending' || interest.status === 'shortlisted'
            return (
              <li class="application card">
                <h2>
                  <a href={`/${locale}/actors/${interest.actorSlug}`}>{interest.actorName}</a>{' '}
                  <span class={`status status--${interest.status}`}>
                    {t(`opportunities.interest_status.${interest.status}`)}
                  </span>
                </h2>
                <p class="muted">{i18n.date(interest.createdAt)}</p>
                <blockquote class="motivation">{interest.message}</blockquote>
                {interest.conversationId && (
                  <p>
                    <a href={`/${locale}/messages/${interest.conversationId}`}>
                      {t('opportunities.interest.conversation')}
                    </a>
                  </p>
                )}
                {open && (
                  <form
                    method="post"
                    action={`/${locale}/opportunities/${o.slug}/interests/${interest.id}`}
                    class="decision-forms"
                  >
                    <FormMessage state={state} />
                    <Field
                      name="reason"
                      label={t('opportunities.interests.reason')}
                      hint={t('opportunities.interests.reason_hint')}
                      state={state}
                      idPrefix={String(interest.id)}
                      multiline
                      maxlength={1000}
                    />
                    <div class="actions">
                      {decisions
                        .filter((d) => d !== interest.status)
                        .map((d) => (
                          <button
                            type="submit"
                            name="decision"
                            value={d}
                            class={d === 'declined' ? 'button button--danger' : 'button'}
                          >
                            {t(`opportunities.interests.${d}`)}
                          </button>
                        ))}
                    </div>
                  </form>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

/** The opportunities of the viewer's organisations and clusters, drafts included. */
export function MinePage(props: {
  items: (ListedOpportunity & { interests: number })[]
  /** The cities by cluster id, to name what a cluster posted. */
  cities: Map<string, Cluster>
  notice?: string
  i18n: I18n
}) {
  const { i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page">
      <h1>{t('opportunities.mine.title')}</h1>
      <Notice text={props.notice} />
      <p class="actions">
        <a class="button" href={`/${locale}/opportunities/new`}>
          {t('opportunities.new.title')}
        </a>
      </p>
      {props.items.length === 0 ? (
        <p>{t('opportunities.mine.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('opportunities.field.title')}</th>
                <th scope="col">{t('opportunities.field.type')}</th>
                <th scope="col">{t('opportunities.mine.status')}</th>
                <th scope="col">{t('opportunities.mine.poster')}</th>
                <th scope="col">{t('opportunities.mine.interests')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((o) => {
                const title = i18n.text(o.title, o.originalLanguage)
                return (
                  <tr>
                    <td>
                      <a href={`/${locale}/opportunities/${o.slug}`} lang={title.lang}>
                        {title.text}
                      </a>
                    </td>
                    <td>{t(`opportunities.type.${o.type}`)}</td>
                    <td>
                      <span class={`status status--${o.status}`}>
                        {t(`opportunities.status.${o.status}`)}
                      </span>
                    </td>
                    <td>{posterName(i18n, o, props.cities.get(o.clusterId)?.cityName ?? o.clusterId)}</td>
                    <td>
                      <a href={`/${locale}/opportunities/${o.slug}/interests`}>{i18n.number(o.interests)}</a>
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
