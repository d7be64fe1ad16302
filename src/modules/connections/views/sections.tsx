import { raw } from 'hono/html'
import type { I18n } from '../../../core/i18n'
import type { ClusterConnections, ConnectionCounts, ShownConnection } from '../service'

/** The organisation at the other end, linked, with its city; another country is marked in words. */
export function OtherOrganisation(props: { connection: ShownConnection; i18n: I18n }) {
  const { connection: c, i18n } = props
  return (
    <>
      <a href={`/${i18n.locale}/actors/${c.other.slug}`}>{c.other.name}</a>
      <span class="connection-city">
        {' · '}
        {c.other.cityName}
        {c.crossBorder && <span class="badge badge--cross-border">{i18n.t('connections.cross_border')}</span>}
      </span>
    </>
  )
}

/** A profile's confirmed connections, and for the people who run organisations the way to add one. */
export function ProfileConnections(props: {
  actor: { slug: string; name: string }
  connections: ShownConnection[]
  /** The viewer runs this organisation: how many proposals wait for it. */
  waiting?: number
  /** The viewer runs another organisation and may propose a connection. */
  canPropose: boolean
  i18n: I18n
}) {
  const { actor, connections, i18n } = props
  const { t, locale } = i18n
  return (
    <section class="profile-connections" aria-labelledby="connections-heading">
      <h2 id="connections-heading">{t('connections.profile.title', { count: connections.length })}</h2>
      {connections.length > 0 ? (
        <ul class="connection-list">
          {connections.map((c) => (
            <li>
              <span class="connection-kind">{t(`connections.kind.${c.kind}`)}</span>{' '}
              <OtherOrganisation connection={c} i18n={i18n} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('connections.profile.none', { organisation: actor.name })}</p>
      )}
      <p class="actions">
        {props.waiting !== undefined && (
          <a href={`/${locale}/organisations/${actor.slug}/connections`}>
            {t('connections.profile.manage', { count: props.waiting })}
          </a>
        )}
        {props.waiting !== undefined && props.canPropose && ' · '}
        {props.canPropose && (
          <a href={`/${locale}/organisations/${actor.slug}/connections/new`}>
            {t('connections.profile.propose', { organisation: actor.name })}
          </a>
        )}
      </p>
    </section>
  )
}

function Totals(props: { local: number; national: number; crossBorder: number; links?: number; i18n: I18n }) {
  const { t, number } = props.i18n
  return (
    <dl class="figures figures--inline">
      {props.links !== undefined && (
        <div>
          <dt>{t('connections.graph.links')}</dt>
          <dd>{number(props.links)}</dd>
        </div>
      )}
      <div>
        <dt>{t('connections.graph.local')}</dt>
        <dd>{number(props.local)}</dd>
      </div>
      {props.national > 0 && (
        <div>
          <dt>{t('connections.graph.national')}</dt>
          <dd>{number(props.national)}</dd>
        </div>
      )}
      <div>
        <dt>{t('connections.graph.cross_border')}</dt>
        <dd>{number(props.crossBorder)}</dd>
      </div>
    </dl>
  )
}

/** The network's graph: links between every pair of cities as a chart and as a table with the same numbers. */
export function NetworkConnections(props: { counts: ConnectionCounts; chart: string; i18n: I18n }) {
  const { counts, i18n } = props
  const { t, locale, number } = i18n
  const links = (a: string, b: string) =>
    counts.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.links ?? 0
  return (
    <section class="network-connections" aria-labelledby="network-connections">
      <h2 id="network-connections">{t('connections.graph.title')}</h2>
      <p class="lead">{t('connections.graph.lead')}</p>
      <Totals {...counts.totals} i18n={i18n} />
      {counts.totals.links > 0 ? (
        <div class="chart-with-table">
          <figure class="chart" aria-labelledby="network-connections">
            {raw(props.chart)}
          </figure>
          <div>
            {/* Named from outside its scroll box, so the name stays in view on a phone. */}
            <p class="table-title" id="city-matrix-title">
              {t('connections.graph.table_caption')}
            </p>
            <div class="table-scroll">
              <table class="data-table city-matrix" aria-labelledby="city-matrix-title">
                <thead>
                  <tr>
                    <td></td>
                    {counts.cities.map((c) => (
                      <th scope="col" class={`city-${c.id}`}>
                        {c.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {counts.cities.map((row) => (
                    <tr>
                      <th scope="row">
                        <a href={`/${locale}/clusters/${row.id}`}>{row.name}</a>
                      </th>
                      {counts.cities.map((col) => (
                        <td class={row.id === col.id ? 'city-matrix__local' : undefined}>
                          {number(links(row.id, col.id))}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="muted">{t('connections.graph.table_note')}</p>
          </div>
        </div>
      ) : (
        <p class="muted">{t('connections.graph.none')}</p>
      )}
    </section>
  )
}

/** A city's local and cross-border links, per partner city and per sector. */
export function ClusterConnectionsSection(props: {
  city: { id: string; name: string }
  data: ClusterConnections
  sectorName: (id: string) => string
  i18n: I18n
}) {
  const { city, data, i18n } = props
  const { t, locale, number } = i18n
  return (
    <section class="cluster-connections" aria-labelledby="cluster-connections">
      <h2 id="cluster-connections">{t('connections.cluster.title', { city: city.name })}</h2>
      <Totals local={data.local} national={data.national} crossBorder={data.crossBorder} i18n={i18n} />
      {data.partners.length > 0 || data.local > 0 ? (
        <div class="cluster-connections__tables">
          <div class="table-scroll">
            <table class="data-table">
              <caption>{t('connections.cluster.partners_caption', { city: city.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('connections.column.city')}</th>
                  <th scope="col">{t('connections.graph.links')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('connections.cluster.within', { city: city.name })}</th>
                  <td>{number(data.local)}</td>
                </tr>
                {data.partners.map((p) => (
                  <tr>
                    <th scope="row">
                      <a href={`/${locale}/clusters/${p.city}`}>{p.name}</a>
                    </th>
                    <td>{number(p.links)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.sectors.length > 0 && (
            <div class="table-scroll">
              <table class="data-table">
                <caption>{t('connections.cluster.sectors_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('connections.column.sector')}</th>
                    <th scope="col">{t('connections.graph.links')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.sectors.map((s) => (
                    <tr>
                      <th scope="row">{props.sectorName(s.sector)}</th>
                      <td>{number(s.links)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : (
        <p class="muted">{t('connections.cluster.none', { city: city.name })}</p>
      )}
      <p>
        <a href={`/${locale}/network#network-connections`}>{t('connections.cluster.to_network')}</a>
      </p>
    </section>
  )
}
