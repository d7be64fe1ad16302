import { raw } from 'hono/html'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { lineChartSvg } from '../../../core/charts'
import type { I18n } from '../../../core/i18n'
import { Notice, WrittenText } from '../../../core/views/components'
import type { ActorListRow } from '../../actors/service'
import { ActorCard } from '../../actors/views/components'
import type { Cluster } from '../../network/service'
import type { Taxonomy } from '../../taxonomy/service'
import type { DatePrecision } from '../schema'
import {
  type DistrictIndicators,
  type DistrictStatus,
  type DistrictView,
  districtGeometry,
  type Milestone,
} from '../service'

export function StatusBadge(props: { status: DistrictStatus; i18n: I18n }) {
  return (
    <span class={`badge district-status district-status--${props.status}`}>
      {props.i18n.t(`districts.status.${props.status}`)}
    </span>
  )
}

/** A date as far as it is known: a year of the reference data is not shown as a day. */
export function milestoneDate(i18n: I18n, date: string, precision: DatePrecision) {
  const at = new Date(`${date}T00:00:00Z`)
  const options: Intl.DateTimeFormatOptions =
    precision === 'year'
      ? { year: 'numeric', timeZone: 'UTC' }
      : precision === 'month'
        ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
        : { dateStyle: 'long', timeZone: 'UTC' }
  return i18n.date(at, options)
}

/** The district's map: its boundary or its point; the shape is drawn even when no tiles load. */
export function DistrictMap(props: { district: DistrictView; i18n: I18n; label: string }) {
  const { district, i18n } = props
  return (
    <div
      class="map map--small district-map"
      role="region"
      aria-label={props.label}
      data-geometry={JSON.stringify(districtGeometry(district))}
      data-status={district.status}
      data-name={district.name}
      data-lang={i18n.locale}
    ></div>
  )
}

export function Timeline(props: {
  milestones: Milestone[]
  i18n: I18n
  /** Each entry's edit link, for those who may change it. */
  editBase?: string
}) {
  const { milestones, i18n } = props
  const { t } = i18n
  if (!milestones.length) return <p class="muted">{t('districts.milestones.none')}</p>
  return (
    <ol class="district-timeline">
      {milestones.map((m) => (
        <li class="district-timeline__entry" id={`milestone-${m.id}`}>
          <p class="district-timeline__date">
            <time datetime={m.happenedOn}>{milestoneDate(i18n, m.happenedOn, m.datePrecision)}</time>
            {m.demo && <span class="badge district-demo">{t('districts.milestones.demo')}</span>}
          </p>
          <WrittenText value={m.text} original={m.originalLanguage} i18n={i18n} />
          {m.imageUrl && <img class="district-timeline__image" src={m.imageUrl} alt="" loading="lazy" />}
          {(m.source || props.editBase) && (
            <p class="district-timeline__links">
              {m.source && <a href={m.source}>{t('districts.source')}</a>}
              {props.editBase && (
                <a href={`${props.editBase}/${m.id}`}>{t('districts.milestones.edit_link')}</a>
              )}
            </p>
          )}
        </li>
      ))}
    </ol>
  )
}

const seriesColours = ['#1f5fa8', '#b3261e', '#1b7a4a', '#8a5a00', '#7b3fa0', '#006d77']

/** Each indicator as a chart over the months, and every number again in a table. */
export function IndicatorCharts(props: { indicators: DistrictIndicators; i18n: I18n }) {
  const { indicators, i18n } = props
  const { t } = i18n
  const monthLabel = (m: string) =>
    i18n.date(new Date(`${m}-01T00:00:00Z`), { month: 'short', year: '2-digit', timeZone: 'UTC' })
  const labels = indicators.months.map(monthLabel)
  return (
    <div class="district-indicators">
      <div class="district-charts">
        {indicators.series.map((s, i) => {
          const title = t(s.key)
          return (
            <figure class="chart district-chart">
              <figcaption>{title}</figcaption>
              {raw(
                lineChartSvg(labels, [{ label: title, values: s.values, color: seriesColours[i % 6] }], {
                  title,
                  width: 420,
                  height: 200,
                }),
              )}
            </figure>
          )
        })}
      </div>
      <details class="district-figures">
        <summary>{t('districts.indicators.table')}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{t('districts.indicators.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('districts.indicators.month')}</th>
                {indicators.series.map((s) => (
                  <th scope="col">{t(s.key)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {indicators.months.map((m, row) => (
                <tr>
                  <th scope="row">
                    <time datetime={m}>
                      {i18n.date(new Date(`${m}-01T00:00:00Z`), {
                        month: 'long',
                        year: 'numeric',
                        timeZone: 'UTC',
                      })}
                    </time>
                  </th>
                  {indicators.series.map((s) => (
                    <td>{i18n.number(s.values[row])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  )
}

export function DistrictPage(props: {
  district: DistrictView
  cluster: Cluster
  milestones: Milestone[]
  sections: (JSX.Element | null)[]
  actors: { actors: ActorListRow[]; total: number }
  indicators: DistrictIndicators
  taxonomy: Taxonomy
  canManage: boolean
  notice?: string
  i18n: I18n
}) {
  const { district, cluster, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/districts/${district.id}`
  const pointKnown = district.boundary || (district.lat !== null && district.lon !== null)
  return (
    <div class={`page district city-${cluster.id}`}>
      <p class="eyebrow">
        <a href={`/${locale}/clusters/${cluster.id}`}>{cluster.cityName}</a> ·{' '}
        <a href={`/${locale}/districts`}>{t('districts.title')}</a>
      </p>
      <h1>{district.name}</h1>
      <p class="district-head">
        <StatusBadge status={district.status} i18n={i18n} />
        {props.canManage && (
          <a class="button button--quiet" href={`${base}/edit`}>
            {t('districts.manage.link')}
          </a>
        )}
      </p>
      <Notice text={props.notice} />
      <div class="district__grid">
        <section class="district-story">
          <h2>{t('districts.story')}</h2>
          <WrittenText value={district.description} i18n={i18n} />
          {district.formerUse && (
            <p>
              <strong>{t('districts.former_use')}:</strong> <span lang="en">{district.formerUse}</span>
            </p>
          )}
          {district.source && (
            <p>
              <a href={district.source}>{t('districts.source')}</a>
            </p>
          )}
        </section>
        <section class="district-place">
          <h2 id="district-map-title">{t('districts.map')}</h2>
          <DistrictMap
            district={district}
            i18n={i18n}
            label={t('districts.map_of', { name: district.name })}
          />
          <p class="muted">
            {district.boundary
              ? t('districts.map_boundary')
              : pointKnown
                ? t('districts.map_point')
                : t('districts.map_city', { city: cluster.cityName })}
          </p>
        </section>
      </div>
      <section>
        <h2>{t('districts.milestones.title')}</h2>
        <Timeline milestones={props.milestones} i18n={i18n} />
      </section>
      {props.sections}
      <section>
        <h2>{t('districts.actors.title')}</h2>
        {props.actors.total ? (
          <>
            <p>{t('districts.actors.count', { count: props.actors.total })}</p>
            <div class="card-grid">
              {props.actors.actors.map((a) => (
                <ActorCard actor={a} city={cluster} taxonomy={props.taxonomy} i18n={i18n} />
              ))}
            </div>
            <p>
              <a href={`/${locale}/actors?city=${cluster.id}`}>
                {t('districts.actors.directory', { city: cluster.cityName })}
              </a>
            </p>
          </>
        ) : (
          <p class="muted">{t('districts.actors.none')}</p>
        )}
      </section>
      <section>
        <h2>{t('districts.indicators.title')}</h2>
        <p class="muted">{t('districts.indicators.lead')}</p>
        <IndicatorCharts indicators={props.indicators} i18n={i18n} />
      </section>
    </div>
  )
}

export function DistrictsPage(props: { districts: DistrictView[]; clusters: Cluster[]; i18n: I18n }) {
  const { i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page districts">
      <h1>{t('districts.title')}</h1>
      <p class="lead">{t('districts.lead')}</p>
      {props.clusters.map((cluster) => {
        const districts = props.districts.filter((d) => d.clusterId === cluster.id)
        if (!districts.length) return null
        return (
          <section class={`city-${cluster.id}`}>
            <h2>
              <a href={`/${locale}/clusters/${cluster.id}`}>{cluster.cityName}</a>
            </h2>
            <DistrictList districts={districts} i18n={i18n} />
          </section>
        )
      })}
    </div>
  )
}

/** Districts with their status, each linked to its page. */
export function DistrictList(props: { districts: DistrictView[]; i18n: I18n }) {
  const { locale } = props.i18n
  return (
    <ul class="district-index">
      {props.districts.map((d) => (
        <li>
          <a href={`/${locale}/districts/${d.id}`}>{d.name}</a>{' '}
          <StatusBadge status={d.status} i18n={props.i18n} />
        </li>
      ))}
    </ul>
  )
}
