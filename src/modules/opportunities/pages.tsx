import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError } from '../../core/errors'
import {
  emptyForm,
  type FormState,
  type FormValues,
  formFailure,
  isFormError,
  readForm,
} from '../../core/forms'
import {
  type AppEnv,
  type Ctx,
  isFragmentRequest,
  localePath,
  noticeOf,
  parseId,
  parseSlug,
  readQuery,
  renderPage,
} from '../../core/http'
import { locales } from '../../core/i18n'
import { provideProfileSection } from '../actors/pages'
import { type Cluster, findCluster, listClusters } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import { type BoardQuery, boardQuerySchema, toSearchInput } from './api'
import { atomFeed } from './feed'
import {
  can,
  closeOpportunity,
  createOpportunity,
  decideInterest,
  deleteDraft,
  expressInterest,
  getOpportunity,
  inputOf,
  interestOptions,
  type ListedOpportunity,
  listInterests,
  listMyOpportunities,
  opportunityForManaging,
  pinOpportunity,
  posterName,
  postingOptions,
  publishedOpportunitiesOf,
  publishOpportunity,
  reopenOpportunity,
  searchOpportunities,
  updateOpportunity,
} from './service'
import { BoardBody, BoardPage, boardQuery, OpportunityCard } from './views/board'
import { DetailPage, type InterestPanel } from './views/detail'
import { OpportunityForm } from './views/form'
import { InterestsPage, MinePage } from './views/manage'

type C = Context<AppEnv>

const notices = {
  created: 'opportunities.notice.created',
  saved: 'opportunities.notice.saved',
  published: 'opportunities.notice.published',
  closed: 'opportunities.notice.closed',
  reopened: 'opportunities.notice.reopened',
  deleted: 'opportunities.notice.deleted',
  pinned: 'opportunities.notice.pinned',
  unpinned: 'opportunities.notice.unpinned',
  interest_sent: 'opportunities.notice.interest_sent',
  decided: 'opportunities.notice.decided',
} as const

// Forms answer 422 for anything typed wrong (the API keeps 400 for a body that breaks the schema).
const formStatus = (err: unknown) =>
  (err instanceof AppError && err.status !== 400 ? err.status : 422) as ContentfulStatusCode

const list = (v: string | string[] | undefined) => [v ?? []].flat().filter((s) => s.trim())

/** The service's input from the form's flat fields (`title.de`, `details.salaryMin`, `poster`). */
function inputFromForm(values: FormValues) {
  const one = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const [posterKind, posterId] = (one('poster') ?? '').split(':')
  const details: Record<string, string> = {}
  for (const [key, value] of Object.entries(values))
    if (key.startsWith('details.') && typeof value === 'string') details[key.slice(8)] = value
  return {
    organisation: posterKind === 'organisation' ? posterId : undefined,
    cluster: posterKind === 'cluster' ? posterId : undefined,
    status: one('status'),
    type: one('type'),
    original_language: one('original_language'),
    title: Object.fromEntries(locales.map((l) => [l, one(`title.${l}`)])),
    description: Object.fromEntries(locales.map((l) => [l, one(`description.${l}`)])),
    sectors: list(values.sectors),
    offers: list(values.offers),
    needs: list(values.needs),
    reach: one('reach'),
    deadline: one('deadline'),
    contact_email: one('contact_email'),
    details,
  }
}

/** The form's flat fields of an opportunity, for editing it. */
function formValuesOf(o: ListedOpportunity): FormValues {
  const input = inputOf(o)
  const values: FormValues = {
    type: input.type,
    original_language: input.original_language,
    sectors: input.sectors,
    offers: input.offers,
    needs: input.needs,
    reach: input.reach,
    deadline: input.deadline ?? '',
    contact_email: input.contact_email ?? '',
  }
  for (const [lang, text] of Object.entries(input.title)) values[`title.${lang}`] = text
  for (const [lang, text] of Object.entries(input.description)) values[`description.${lang}`] = text
  for (const [key, value] of Object.entries(input.details))
    if (value !== undefined) values[`details.${key}`] = String(value)
  return values
}

/** A failed form with the poster's errors at the one field that chooses it. */
function failedForm(err: unknown, values: FormValues, ctx: Ctx): FormState {
  const state = formFailure(err, values, ctx.i18n)
  for (const field of ['organisation', 'cluster'])
    if (state.errors[field]) state.errors.poster ??= state.errors[field]
  return state
}

const cityNames = async (ctx: Ctx) => new Map((await listClusters(ctx)).map((c) => [c.id, c]))

const employmentTypes: Record<string, string> = {
  permanent: 'FULL_TIME',
  fixed_term: 'TEMPORARY',
  freelance: 'CONTRACTOR',
  part_time: 'PART_TIME',
}

/** schema.org data: a JobPosting for jobs and internships, an offer, a demand or a grant for the others. */
function jsonLdOf(ctx: Ctx, o: ListedOpportunity, city: Cluster) {
  const { i18n, config } = ctx
  const url = `${config.publicUrl}/${i18n.locale}/opportunities/${o.slug}`
  const title = i18n.text(o.title, o.originalLanguage).text
  const description = i18n.text(o.description, o.originalLanguage).text
  const organisation = {
    '@type': 'Organization',
    name: posterName(i18n, o, city.cityName),
    ...(o.posterSlug ? { sameAs: `${config.publicUrl}/${i18n.locale}/actors/${o.posterSlug}` } : {}),
  }
  const address = { '@type': 'PostalAddress', addressLocality: city.cityName, addressCountry: city.country }
  const d = o.details
  if (o.type === 'job' || o.type === 'internship') {
    const remote = o.reach === 'remote' || d.remote === true
    return {
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title,
      description,
      url,
      datePosted: (o.publishedAt ?? o.createdAt).toISOString().slice(0, 10),
      ...(o.deadline ? { validThrough: `${o.deadline}T23:59:59Z` } : {}),
      employmentType:
        o.type === 'internship' ? 'INTERN' : d.contractType ? employmentTypes[d.contractType] : 'OTHER',
      hiringOrganization: organisation,
      jobLocation: { '@type': 'Place', address },
      ...(remote
        ? {
            jobLocationType: 'TELECOMMUTE',
            applicantLocationRequirements: { '@type': 'Country', name: city.country },
          }
        : {}),
      ...(d.salaryMin !== undefined || d.salaryMax !== undefined
        ? {
            baseSalary: {
              '@type': 'MonetaryAmount',
              currency: d.currency ?? 'EUR',
              value: {
                '@type': 'QuantitativeValue',
                ...(d.salaryMin !== undefined ? { minValue: d.salaryMin } : {}),
                ...(d.salaryMax !== undefined ? { maxValue: d.salaryMax } : {}),
                unitText: 'YEAR',
              },
            },
          }
        : {}),
    }
  }
  const base = { '@context': 'https://schema.org', name: title, description, url }
  if (o.type === 'call')
    return {
      ...base,
      '@type': 'Grant',
      funder: organisation,
      ...(d.budget !== undefined
        ? { amount: { '@type': 'MonetaryAmount', currency: d.currency ?? 'EUR', value: d.budget } }
        : {}),
    }
  const validThrough = o.deadline ? { validThrough: `${o.deadline}T23:59:59Z` } : {}
  if (o.type === 'collaboration_request')
    return { ...base, '@type': 'Demand', seeks: organisation, ...validThrough }
  return {
    ...base,
    '@type': 'Offer',
    offeredBy: organisation,
    areaServed: address,
    ...validThrough,
    ...(o.type === 'workspace'
      ? {
          itemOffered: {
            '@type': 'Place',
            address: { ...address, ...(d.address ? { streetAddress: d.address } : {}) },
          },
          ...(d.pricePerMonth !== undefined
            ? { price: d.pricePerMonth, priceCurrency: d.currency ?? 'EUR' }
            : {}),
        }
      : {}),
  }
}

provideProfileSection(async (ctx, actor) => {
  const items = await publishedOpportunitiesOf(ctx, actor.id)
  if (!items.length) return null
  const [cities, taxonomy] = await Promise.all([cityNames(ctx), getTaxonomy(ctx)])
  return (
    <section aria-labelledby="profile-opportunities">
      <h2 id="profile-opportunities">{ctx.i18n.t('opportunities.profile.title')}</h2>
      <div class="card-list">
        {items.map((o) => (
          <OpportunityCard
            opportunity={{ ...o, posterSlug: actor.slug, posterName: actor.name }}
            cities={cities}
            taxonomy={taxonomy}
            i18n={ctx.i18n}
          />
        ))}
      </div>
    </section>
  )
})

export function opportunitiesPages(app: Hono<AppEnv>) {
  const base = (c: C) => `/${c.get('ctx').i18n.locale}/opportunities`

  app.get(`${localePath}/opportunities`, async (c) => {
    const ctx = c.get('ctx')
    const state = readQuery(c, boardQuerySchema)
    const [result, cities, taxonomy] = await Promise.all([
      searchOpportunities(ctx, toSearchInput(state)),
      cityNames(ctx),
      getTaxonomy(ctx),
    ])
    const props = { state, result, cities, taxonomy, i18n: ctx.i18n }
    c.header('vary', 'HX-Request')
    if (isFragmentRequest(c)) return c.html(<BoardBody {...props} />)
    const query = boardQuery(state, { page: 1, per_page: 20, sort: 'relevance' })
    const feedUrl = `/feeds/opportunities.atom?${query ? `${query}&` : ''}lang=${ctx.i18n.locale}`
    const title = state.q
      ? ctx.i18n.t('opportunities.title_query', { q: state.q })
      : ctx.i18n.t('opportunities.title')
    return renderPage(
      c,
      {
        title,
        description: ctx.i18n.t('opportunities.description'),
        feeds: [{ title: ctx.i18n.t('opportunities.feed'), href: feedUrl }],
      },
      <BoardPage {...props} feedUrl={feedUrl} signedIn={!!ctx.viewer.person} />,
    )
  })

  app.get('/feeds/opportunities.atom', async (c) => {
    const ctx = c.get('ctx')
    const state: BoardQuery = { ...readQuery(c, boardQuerySchema), page: 1, per_page: 50 }
    const [result, cities] = await Promise.all([
      searchOpportunities(ctx, { ...toSearchInput(state), sort: 'newest', pinnedFirst: false }),
      cityNames(ctx),
    ])
    const query = boardQuery(state, { page: 1, per_page: 20, sort: 'relevance' })
    const publicUrl = ctx.config.publicUrl
    const xml = atomFeed({
      selfUrl: `${publicUrl}/feeds/opportunities.atom?${query ? `${query}&` : ''}lang=${ctx.i18n.locale}`,
      boardUrl: `${publicUrl}/${ctx.i18n.locale}/opportunities${query ? `?${query}` : ''}`,
      title: state.q
        ? ctx.i18n.t('opportunities.title_query', { q: state.q })
        : ctx.i18n.t('opportunities.feed_title'),
      publicUrl,
      items: result.items,
      posterOf: (o) => posterName(ctx.i18n, o, cities.get(o.clusterId)?.cityName ?? o.clusterId),
      i18n: ctx.i18n,
    })
    return c.body(xml, 200, { 'content-type': 'application/atom+xml; charset=utf-8' })
  })

  // ---- posting ------------------------------------------------------------------------------

  const newPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const [posters, taxonomy] = await Promise.all([postingOptions(ctx), getTaxonomy(ctx)])
    if (!posters.organisations.length && !posters.clusters.length)
      throw new AppError('forbidden', 403, 'opportunities.error.no_poster')
    const title = ctx.i18n.t('opportunities.new.title')
    return renderPage(
      c,
      { title },
      <OpportunityForm
        action={`${base(c)}/new`}
        state={state}
        taxonomy={taxonomy}
        i18n={ctx.i18n}
        posters={posters}
        title={title}
      />,
      status,
    )
  }

  app.get(`${localePath}/opportunities/new`, (c) => newPage(c, emptyForm()))

  app.post(`${localePath}/opportunities/new`, async (c) => {
    const ctx = c.get('ctx')
    const posters = await postingOptions(ctx)
    if (!posters.organisations.length && !posters.clusters.length)
      throw new AppError('forbidden', 403, 'core.error.forbidden')
    const values = await readForm(c)
    try {
      const row = await createOpportunity(ctx, inputFromForm(values))
      return c.redirect(`${base(c)}/${row.slug}?notice=created`, 303)
    } catch (err) {
      return newPage(c, failedForm(err, values, ctx), formStatus(err))
    }
  })

  app.get(`${localePath}/opportunities/mine`, async (c) => {
    const ctx = c.get('ctx')
    const [items, cities] = await Promise.all([listMyOpportunities(ctx), cityNames(ctx)])
    return renderPage(
      c,
      { title: ctx.i18n.t('opportunities.mine.title') },
      <MinePage items={items} cities={cities} notice={noticeOf(c, notices)} i18n={ctx.i18n} />,
    )
  })

  // ---- one opportunity ----------------------------------------------------------------------

  const slugOf = (c: C) => parseSlug(c.req.param('slug') ?? '')

  /** The detail page, after a failed interest form or with what a failed action says. */
  const detailPage = async (
    c: C,
    failed: { interest?: FormState; alert?: string } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const opportunity = await getOpportunity(ctx, slugOf(c))
    const subject = {
      actorId: opportunity.actorId,
      clusterId: opportunity.clusterId,
      onBehalfOfCluster: opportunity.onBehalfOfCluster,
    }
    const canManage = can(ctx, 'manage', subject)
    const [city, taxonomy, options, managed] = await Promise.all([
      findCluster(ctx, opportunity.clusterId),
      getTaxonomy(ctx),
      interestOptions(ctx, opportunity),
      canManage ? listInterests(ctx, opportunity.slug) : undefined,
    ])
    const panel: InterestPanel = { signedIn: !!ctx.viewer.person, ...options, state: failed.interest }
    const title = ctx.i18n.text(opportunity.title, opportunity.originalLanguage).text
    return renderPage(
      c,
      {
        title,
        description: ctx.i18n.text(opportunity.description, opportunity.originalLanguage).text.slice(0, 200),
        city: city.id,
        jsonLd: opportunity.status === 'published' ? jsonLdOf(ctx, opportunity, city) : undefined,
      },
      <DetailPage
        opportunity={opportunity}
        city={city}
        taxonomy={taxonomy}
        manage={{ canManage, canPin: can(ctx, 'pin', subject), interests: managed?.interests.length ?? 0 }}
        panel={panel}
        notice={failed.alert ?? noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/opportunities/:slug`, (c) => detailPage(c))

  const editPage = async (c: C, state: FormState | undefined, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const [opportunity, taxonomy] = await Promise.all([
      opportunityForManaging(ctx, slugOf(c)),
      getTaxonomy(ctx),
    ])
    const title = ctx.i18n.t('opportunities.edit.title')
    return renderPage(
      c,
      { title },
      <OpportunityForm
        action={`${base(c)}/${opportunity.slug}/edit`}
        state={state ?? emptyForm(formValuesOf(opportunity))}
        taxonomy={taxonomy}
        i18n={ctx.i18n}
        title={title}
      />,
      status,
    )
  }

  app.get(`${localePath}/opportunities/:slug/edit`, (c) => editPage(c, undefined))

  app.post(`${localePath}/opportunities/:slug/edit`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    await opportunityForManaging(ctx, slug)
    const values = await readForm(c)
    try {
      await updateOpportunity(ctx, slug, inputFromForm(values))
      return c.redirect(`${base(c)}/${slug}?notice=saved`, 303)
    } catch (err) {
      return editPage(c, failedForm(err, values, ctx), formStatus(err))
    }
  })

  /** A state change from a button on the detail page; a refusal or a conflict shows the page with it. */
  const action = (path: string, run: (c: C, slug: string, values: FormValues) => Promise<string>) =>
    app.post(`${localePath}/opportunities/:slug/${path}`, async (c) => {
      const ctx = c.get('ctx')
      const slug = slugOf(c)
      const values = await readForm(c)
      try {
        const notice = await run(c, slug, values)
        const target = notice === 'deleted' ? `${base(c)}/mine` : `${base(c)}/${slug}`
        return c.redirect(`${target}?notice=${notice}`, 303)
      } catch (err) {
        if (!(err instanceof AppError) || err.status === 401 || err.status === 403 || err.status === 404)
          throw err
        // The action's one field (a new deadline) has no form of its own to show its error: the page says it.
        const state = formFailure(err, values, ctx.i18n)
        return detailPage(c, { alert: Object.values(state.errors)[0] ?? state.message }, formStatus(err))
      }
    })

  action('publish', async (c, slug) => {
    await publishOpportunity(c.get('ctx'), slug)
    return 'published'
  })
  action('close', async (c, slug) => {
    await closeOpportunity(c.get('ctx'), slug)
    return 'closed'
  })
  action('reopen', async (c, slug, values) => {
    await reopenOpportunity(c.get('ctx'), slug, { deadline: values.deadline })
    return 'reopened'
  })
  action('delete', async (c, slug) => {
    await deleteDraft(c.get('ctx'), slug)
    return 'deleted'
  })
  action('pin', async (c, slug, values) => {
    const pinned = values.pinned !== 'false'
    await pinOpportunity(c.get('ctx'), slug, pinned)
    return pinned ? 'pinned' : 'unpinned'
  })

  app.post(`${localePath}/opportunities/:slug/interest`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    const values = await readForm(c)
    try {
      await expressInterest(ctx, slug, values)
      return c.redirect(`${base(c)}/${slug}?notice=interest_sent`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      const state = formFailure(err, values, ctx.i18n)
      return detailPage(c, { interest: state, alert: state.message }, formStatus(err))
    }
  })

  // ---- interests ----------------------------------------------------------------------------

  const interestsPage = async (
    c: C,
    failed?: { id: number; state: FormState },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const { opportunity, interests } = await listInterests(ctx, slugOf(c))
    return renderPage(
      c,
      { title: ctx.i18n.t('opportunities.interests.title'), city: opportunity.clusterId },
      <InterestsPage
        opportunity={opportunity}
        interests={interests}
        failed={failed}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/opportunities/:slug/interests`, (c) => interestsPage(c))

  app.post(`${localePath}/opportunities/:slug/interests/:id`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    const id = parseId(c.req.param('id'))
    await opportunityForManaging(ctx, slug)
    const values = await readForm(c)
    try {
      await decideInterest(ctx, slug, id, values)
      return c.redirect(`${base(c)}/${slug}/interests?notice=decided`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return interestsPage(c, { id, state: formFailure(err, values, ctx.i18n) }, formStatus(err))
    }
  })
}
