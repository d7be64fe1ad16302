import type { JSX } from 'hono/jsx/jsx-runtime'
import type { I18n } from '../../../core/i18n'
import { languageNames } from '../../../core/i18n'
import { WrittenText } from '../../../core/views/components'
import type { Taxonomy } from '../../taxonomy/service'
import type { ActorRow } from '../queries'
import type { ActorListRow } from '../service'
import { ActorCard, Avatar, CapabilityChips, type CityInfo, SectorChips } from './components'

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

export function ProfilePage(props: {
  actor: ActorRow
  city: CityInfo
  districtName?: string
  similar: ActorListRow[]
  cities: Map<string, CityInfo>
  taxonomy: Taxonomy
  i18n: I18n
  /** The viewer's role in this organisation, for the links to run it. */
  role?: 'admin' | 'member'
  /** What other capabilities show on a profile (see provideProfileSection). */
  sections: (JSX.Element | null)[]
}) {
  const { actor, city, taxonomy, i18n } = props
  const { t, locale } = i18n
  return (
    <article class="page profile">
      <header class={`profile__band city-${city.id}`}>
        <Avatar name={actor.name} cityId={city.id} logoUrl={actor.logoUrl} large />
        <div>
          <p class="eyebrow">
            {t(`actors.kind.${actor.kind}`)} · <a href={`/${locale}/clusters/${city.id}`}>{city.cityName}</a>
            {props.districtName && ` · ${props.districtName}`}
          </p>
          <h1>{actor.name}</h1>
          {actor.foundingPartner && <span class="badge">{t('actors.founding_partner')}</span>}
          {actor.memberSince && (
            <span class="badge badge--member">
              {t('membership.badge_since', {
                date: i18n.date(actor.memberSince, { year: 'numeric', month: 'long' }),
              })}
            </span>
          )}
          <SectorChips ids={actor.sectors} taxonomy={taxonomy} i18n={i18n} />
        </div>
      </header>
      <div class="profile__grid">
        <div class="profile__main">
          <section>
            <h2>{t('actors.profile.about')}</h2>
            <WrittenText
              class="prose"
              value={actor.description as Record<string, string>}
              original={actor.originalLanguage}
              i18n={i18n}
            />
          </section>
          {actor.offers.length > 0 && (
            <section>
              <h2>{t('actors.field.offers')}</h2>
              <CapabilityChips
                ids={actor.offers}
                taxonomy={taxonomy}
                i18n={i18n}
                label={t('actors.field.offers')}
              />
            </section>
          )}
          {actor.needs.length > 0 && (
            <section>
              <h2>{t('actors.field.needs')}</h2>
              <CapabilityChips
                ids={actor.needs}
                taxonomy={taxonomy}
                i18n={i18n}
                label={t('actors.field.needs')}
              />
            </section>
          )}
          {actor.lat !== null && actor.lon !== null && (
            <section>
              <h2>{t('actors.profile.location')}</h2>
              <div
                class="map map--small"
                role="region"
                aria-label={t('actors.profile.location')}
                data-point={`${actor.lat},${actor.lon}`}
                data-name={actor.name}
              ></div>
            </section>
          )}
        </div>
        <aside class="profile__facts">
          <h2>{t('actors.profile.facts')}</h2>
          <dl>
            <dt>{t('actors.facet.size')}</dt>
            <dd>
              {t(`actors.size.${actor.sizeBand}`)}
              {actor.employees !== null && ` · ${t('actors.profile.employees', { count: actor.employees })}`}
            </dd>
            {actor.foundedYear !== null && (
              <>
                <dt>{t('actors.profile.founded')}</dt>
                <dd>{actor.foundedYear}</dd>
              </>
            )}
            <dt>{t('actors.facet.language')}</dt>
            <dd>{actor.languages.map((l) => languageNames[l] ?? i18n.languageName(l)).join(', ')}</dd>
            {actor.address && (
              <>
                <dt>{t('actors.profile.address')}</dt>
                <dd>{actor.address}</dd>
              </>
            )}
            {actor.website && (
              <>
                <dt>{t('actors.profile.website')}</dt>
                <dd>
                  <a href={actor.website} rel="nofollow noopener">
                    {actor.website.replace(/^https?:\/\//, '')}
                  </a>
                </dd>
              </>
            )}
            {actor.email && (
              <>
                <dt>{t('actors.profile.email')}</dt>
                <dd>
                  <a href={`mailto:${actor.email}`}>{actor.email}</a>
                </dd>
              </>
            )}
          </dl>
          {actor.source && (
            <p class="source">
              {t('actors.profile.source')}: <a href={actor.source}>{hostOf(actor.source)}</a>
            </p>
          )}
          {actor.demo && <p class="source">{t('actors.profile.demo_note')}</p>}
          <p class="source">
            {props.role === 'admin' && (
              <>
                <a href={`/${locale}/organisations/${actor.slug}/edit`}>{t('actors.profile.edit')}</a> ·{' '}
              </>
            )}
            {props.role ? (
              <a href={`/${locale}/organisations/${actor.slug}/people`}>{t('actors.profile.people')}</a>
            ) : (
              <a href={`/${locale}/actors/${actor.slug}/claim`}>{t('actors.profile.claim')}</a>
            )}
          </p>
          <p class="source">
            {t('actors.profile.updated', { date: i18n.date(actor.updatedAt, { dateStyle: 'long' }) })}
          </p>
        </aside>
      </div>
      {props.sections}
      {props.similar.length > 0 && (
        <section class="similar">
          <h2>{t('actors.profile.similar')}</h2>
          <div class="card-grid">
            {props.similar.map((s) => (
              <ActorCard actor={s} city={props.cities.get(s.cluster_id)} taxonomy={taxonomy} i18n={i18n} />
            ))}
          </div>
        </section>
      )}
    </article>
  )
}
