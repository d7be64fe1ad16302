import type { I18n } from '../../../core/i18n'
import type { OpportunityMatch, PartnerMatch } from '../service'
import { MatchedOrganisation, Reasons, type ReasonText } from './components'

/**
 * "Recommended for you" on the account page and on the organisation's own profile: its best partners and
 * opportunities, each with its first two reasons, and the way to all of them.
 */
export function RecommendedSection(props: {
  actor: { slug: string; name: string }
  partners: PartnerMatch[]
  opportunities: OpportunityMatch[]
  /** Waiting introductions, counted in the link. */
  waiting: number
  cityName: (id: string) => string
  reasonText: ReasonText
  /** On the account page one section per organisation: its name is in the heading. */
  named?: boolean
  i18n: I18n
}) {
  const { actor, partners, opportunities, i18n } = props
  const { t, locale } = i18n
  const headingId = `recommended-${actor.slug}`
  return (
    <section class="recommended" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {props.named
          ? t('matching.dashboard.title_for', { organisation: actor.name })
          : t('matching.dashboard.title')}
      </h2>
      <h3>{t('matching.matches.partners')}</h3>
      {partners.length ? (
        <ol class="recommended__list">
          {partners.map((p) => (
            <li class="recommended__item">
              <MatchedOrganisation
                actor={p.actor}
                cityName={props.cityName(p.actor.cluster_id)}
                i18n={i18n}
              />
              <Reasons
                reasons={p.reasons}
                text={props.reasonText}
                i18n={i18n}
                limit={2}
                label={t('matching.match.why', { name: p.actor.name })}
              />
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{t('matching.matches.no_partners')}</p>
      )}
      {opportunities.length > 0 && (
        <>
          <h3>{t('matching.matches.opportunities')}</h3>
          <ol class="recommended__list">
            {opportunities.map((o) => {
              const title = i18n.text(o.opportunity.title, o.opportunity.original_language)
              return (
                <li class="recommended__item">
                  <p class="recommended__title">
                    <a href={`/${locale}/opportunities/${o.opportunity.slug}`} lang={title.lang}>
                      {title.text}
                    </a>
                    <span class="muted">
                      {' '}
                      · {t(`opportunities.type.${o.opportunity.type}`)} ·{' '}
                      {props.cityName(o.opportunity.cluster_id)}
                    </span>
                  </p>
                  <Reasons
                    reasons={o.reasons}
                    text={props.reasonText}
                    i18n={i18n}
                    limit={2}
                    label={t('matching.match.why', { name: title.text })}
                  />
                </li>
              )
            })}
          </ol>
        </>
      )}
      <p>
        <a href={`/${locale}/organisations/${actor.slug}/matches`}>
          {props.waiting > 0
            ? t('matching.dashboard.all_waiting', { count: props.waiting })
            : t('matching.dashboard.all')}
        </a>
      </p>
    </section>
  )
}

/** On a city's page, for its cluster managers: the way to the suggested introductions. */
export function ClusterIntroductionsLink(props: { city: { id: string; name: string }; i18n: I18n }) {
  const { t, locale } = props.i18n
  return (
    <section aria-labelledby="cluster-introductions">
      <h2 id="cluster-introductions">{t('matching.suggestions.title')}</h2>
      <p>{t('matching.suggestions.teaser', { city: props.city.name })}</p>
      <p>
        <a href={`/${locale}/clusters/${props.city.id}/introductions`}>{t('matching.suggestions.open')}</a>
      </p>
    </section>
  )
}
