import type { I18n } from '../../../core/i18n'
import { WrittenText } from '../../../core/views/components'
import type { Taxonomy } from '../../taxonomy/service'
import type { ActorListRow } from '../service'

export interface CityInfo {
  id: string
  cityName: string
}

export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /\p{L}/u.test(w))
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase()
}

export function Avatar(props: { name: string; cityId: string; logoUrl?: string | null; large?: boolean }) {
  return props.logoUrl ? (
    <img class={props.large ? 'avatar avatar--large' : 'avatar'} src={props.logoUrl} alt="" />
  ) : (
    <span class={`avatar city-${props.cityId}${props.large ? ' avatar--large' : ''}`} aria-hidden="true">
      {initials(props.name)}
    </span>
  )
}

export function SectorChips(props: { ids: string[]; taxonomy: Taxonomy; i18n: I18n }) {
  return (
    <ul class="chips" aria-label={props.i18n.t('actors.field.sectors')}>
      {props.ids.map((id) => {
        const sector = props.taxonomy.sectorById.get(id)
        return <li class={`chip chip--sector sector-${id}`}>{sector?.name[props.i18n.locale] ?? id}</li>
      })}
    </ul>
  )
}

export function CapabilityChips(props: {
  ids: string[]
  taxonomy: Taxonomy
  i18n: I18n
  label: string
  limit?: number
}) {
  const ids = props.limit ? props.ids.slice(0, props.limit) : props.ids
  return (
    <ul class="chips" aria-label={props.label}>
      {ids.map((id) => (
        <li class="chip">{props.taxonomy.capabilityById.get(id)?.label[props.i18n.locale] ?? id}</li>
      ))}
      {props.limit && props.ids.length > props.limit && (
        <li class="chip chip--more">+{props.ids.length - props.limit}</li>
      )}
    </ul>
  )
}

export function ActorCard(props: { actor: ActorListRow; city?: CityInfo; taxonomy: Taxonomy; i18n: I18n }) {
  const { actor, city, taxonomy, i18n } = props
  const { t, locale } = i18n
  return (
    <article class="card actor-card">
      <Avatar name={actor.name} cityId={actor.cluster_id} logoUrl={actor.logo_url} />
      <div class="card__body">
        <h3 class="card__title">
          <a href={`/${locale}/actors/${actor.slug}`}>{actor.name}</a>
        </h3>
        <p class="card__meta">
          {t(`actors.kind.${actor.kind}`)} · {city?.cityName ?? actor.cluster_id}
          {actor.founding_partner && <span class="badge">{t('actors.founding_partner')}</span>}
          {actor.member_since && <span class="badge badge--member">{t('membership.badge')}</span>}
        </p>
        <SectorChips ids={actor.sectors} taxonomy={taxonomy} i18n={i18n} />
        <WrittenText
          class="card__text"
          value={actor.description}
          original={actor.original_language}
          i18n={i18n}
        />
        {actor.offers.length > 0 && (
          <p class="card__offers">
            <span class="card__label">{t('actors.field.offers')}:</span>{' '}
            {actor.offers
              .slice(0, 3)
              .map((id) => taxonomy.capabilityById.get(id)?.label[locale] ?? id)
              .join(' · ')}
          </p>
        )}
      </div>
    </article>
  )
}
