import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { graphChartSvg } from '../../core/charts'
import { AppError } from '../../core/errors'
import { emptyForm, type FormState, formFailure, isFormError, parseForm, readForm } from '../../core/forms'
import { type AppEnv, localePath, noticeOf, parseId, parseSlug, renderPage } from '../../core/http'
import { provideProfileSection } from '../actors/pages'
import { getActor } from '../actors/service'
import { provideClusterSection, provideNetworkSection } from '../network/pages'
import { listClusters } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import {
  authorize,
  can,
  clusterConnections,
  confirmedConnections,
  connectionCounts,
  connectionsToManage,
  decideConnection,
  decisionSchema,
  endConnection,
  proposalOptions,
  proposalSchema,
  proposeConnection,
  waitingProposals,
} from './service'
import { ManagePage, ProposePage } from './views/manage'
import { ClusterConnectionsSection, NetworkConnections, ProfileConnections } from './views/sections'

type C = Context<AppEnv>

provideProfileSection(async (ctx, actor) => {
  const runsIt = can(ctx, 'manage', { actorId: actor.id })
  const runsAnother = [...ctx.viewer.orgs].some(([id, role]) => role === 'admin' && id !== actor.id)
  const [connections, waiting] = await Promise.all([
    confirmedConnections(ctx, actor),
    runsIt ? waitingProposals(ctx, actor.id) : undefined,
  ])
  if (!connections.length && !runsIt && !runsAnother) return null
  return (
    <ProfileConnections
      actor={actor}
      connections={connections}
      waiting={waiting}
      canPropose={runsAnother}
      i18n={ctx.i18n}
    />
  )
})

provideNetworkSection(async (ctx) => {
  const [counts, clusters] = await Promise.all([connectionCounts(ctx), listClusters(ctx)])
  const accent = new Map(clusters.map((c) => [c.id, c.accent]))
  const chart = graphChartSvg(
    counts.cities.map((c) => ({
      id: c.id,
      label: `${c.name}\n${ctx.i18n.t('connections.graph.local_label', { count: c.local })}`,
      value: c.local + c.national + c.crossBorder,
      color: accent.get(c.id) ?? '#666',
    })),
    counts.pairs.filter((p) => p.a !== p.b).map((p) => ({ source: p.a, target: p.b, value: p.links })),
    { title: ctx.i18n.t('connections.graph.title') },
  )
  return <NetworkConnections counts={counts} chart={chart} i18n={ctx.i18n} />
})

provideClusterSection(async (ctx, cluster) => {
  const [data, taxonomy] = await Promise.all([clusterConnections(ctx, cluster.id), getTaxonomy(ctx)])
  return (
    <ClusterConnectionsSection
      city={{ id: cluster.id, name: cluster.cityName }}
      data={data}
      sectorName={(id) => taxonomy.sectorById.get(id)?.name[ctx.i18n.locale] ?? id}
      i18n={ctx.i18n}
    />
  )
})

const slugOf = (c: C) => parseSlug(c.req.param('slug') ?? '')

const notices = {
  proposed: 'connections.notice.proposed',
  confirmed: 'connections.notice.confirmed',
  declined: 'connections.notice.declined',
  withdrawn: 'connections.notice.withdrawn',
  ended: 'connections.notice.ended',
} as const

export function connectionsPages(app: Hono<AppEnv>) {
  const proposePage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const target = await getActor(ctx, slugOf(c))
    const options = await proposalOptions(ctx, target)
    return renderPage(
      c,
      {
        title: ctx.i18n.t('connections.propose.title', { organisation: target.name }),
        city: target.clusterId,
      },
      <ProposePage target={target} options={options} state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/organisations/:slug/connections/new`, (c) => proposePage(c, emptyForm()))

  app.post(`${localePath}/organisations/:slug/connections/new`, async (c) => {
    const ctx = c.get('ctx')
    const target = await getActor(ctx, slugOf(c))
    // The permission first, so that a refused person learns nothing of the form.
    await proposalOptions(ctx, target)
    const values = await readForm(c)
    const parsed = parseForm(proposalSchema, values, ctx.i18n)
    if (!parsed.ok) return proposePage(c, parsed.state, 422)
    try {
      const proposed = await proposeConnection(ctx, target.slug, parsed.data)
      return c.redirect(
        `/${ctx.i18n.locale}/organisations/${proposed.from.slug}/connections?notice=proposed#outgoing`,
        303,
      )
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw err
      return proposePage(
        c,
        formFailure(err, values, ctx.i18n),
        (err instanceof AppError ? err.status : 422) as ContentfulStatusCode,
      )
    }
  })

  const managePage = async (c: C, failure?: AppError) => {
    const ctx = c.get('ctx')
    const data = await connectionsToManage(ctx, slugOf(c))
    return renderPage(
      c,
      { title: `${ctx.i18n.t('connections.manage.title')} · ${data.actor.name}`, city: data.actor.clusterId },
      <ManagePage
        {...data}
        notice={noticeOf(c, notices)}
        failure={failure && ctx.i18n.t(failure.messageKey, failure.values)}
        i18n={ctx.i18n}
      />,
      failure?.status ?? 200,
    )
  }

  app.get(`${localePath}/organisations/:slug/connections`, (c) => managePage(c))

  /** Runs a change from the management page; a refusal of the change itself is shown on the page. */
  const change = async (c: C, run: () => Promise<string>) => {
    const ctx = c.get('ctx')
    try {
      const notice = await run()
      return c.redirect(`/${ctx.i18n.locale}/organisations/${slugOf(c)}/connections?notice=${notice}`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return managePage(c, err)
    }
  }

  app.post(`${localePath}/organisations/:slug/connections/:id/decision`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    authorize(ctx, 'decide', { actorId: (await getActor(ctx, slug)).id })
    const values = await readForm(c)
    return change(c, async () => {
      const parsed = parseForm(decisionSchema, values, ctx.i18n)
      if (!parsed.ok) throw new AppError('invalid_request', 422, 'core.error.invalid_request')
      const row = await decideConnection(ctx, slug, parseId(c.req.param('id')), parsed.data)
      return row.status
    })
  })

  app.post(`${localePath}/organisations/:slug/connections/:id/end`, (c) =>
    change(c, async () => (await endConnection(c.get('ctx'), slugOf(c), parseId(c.req.param('id')))).status),
  )
}
