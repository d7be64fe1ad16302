import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { forbidden } from '../../core/auth'
import { AppError, notFound } from '../../core/errors'
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
import { searchActors } from '../actors/service'
import { provideDistrictSection } from '../districts/service'
import { provideClusterSection } from '../network/pages'
import { findCluster, listClusters, listDistricts } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import { type SpacesQuery, spacesQuerySchema, toSearchInput } from './api'
import { photosBodyLimit, readPhoto } from './photos'
import {
  applicationOptions,
  applyForSpace,
  askApplicant,
  can,
  decideApplication,
  decideVacancyReport,
  endTenancy,
  getSpace,
  inputOf,
  type ListedSpace,
  listApplications,
  listMySpaces,
  listVacancyReports,
  offeredSpacesOf,
  offeredStatuses,
  offerSpace,
  openVacancyCount,
  ownerOptions,
  reportVacancy,
  searchSpaces,
  spaceForManaging,
  spacePhotos,
  spacesLetTo,
  spacesOfDistrict,
  updateSpace,
  vacancyPhotoKey,
  vacancyReportForReview,
  withdrawSpace,
} from './service'
import { type ApplyPanel, DetailPage } from './views/detail'
import { SpaceForm } from './views/form'
import { SpaceCard, SpacesBody, SpacesPage } from './views/list'
import { ApplicationsPage, MinePage } from './views/manage'
import { ReportForm, VacanciesPage, VacancyReviewPage } from './views/vacancies'

type C = Context<AppEnv>

const notices = {
  offered: 'spaces.notice.offered',
  saved: 'spaces.notice.saved',
  withdrawn: 'spaces.notice.withdrawn',
  ended: 'spaces.notice.ended',
  applied: 'spaces.notice.applied',
  decided: 'spaces.notice.decided',
  reported: 'spaces.notice.reported',
  verified: 'spaces.notice.verified',
  rejected: 'spaces.notice.rejected',
} as const

// The forms that ask for a place pick it on a map (PointPicker).
const formAssets = { scripts: ['leaflet.js', 'map.js'], styles: ['leaflet.css', 'spaces.css'] }

// Forms answer 422 for anything typed wrong (the API keeps 400 for a body that breaks the schema).
const formStatus = (err: unknown) =>
  (err instanceof AppError && err.status !== 400 ? err.status : 422) as ContentfulStatusCode

/** Refusals and missing pages stay errors; anything else someone typed goes back to the form. */

/** The files of a posted form's field; an input left empty sends one nameless, empty file. */
async function filesOf(c: C, field: string): Promise<Uint8Array[]> {
  const body = await c.req.parseBody({ all: true })
  const files = [body[field] ?? []]
    .flat()
    .filter((f): f is File => f instanceof File && (f.size > 0 || !!f.name))
  return Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())))
}

/** The service's input from the form's flat fields (`title.de`, `accessibility.en`). */
function inputFromForm(values: FormValues) {
  const one = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const perLanguage = (field: string) => Object.fromEntries(locales.map((l) => [l, one(`${field}.${l}`)]))
  return {
    owner: one('owner'),
    title: perLanguage('title'),
    description: perLanguage('description'),
    accessibility: perLanguage('accessibility'),
    original_language: one('original_language'),
    address: one('address'),
    lat: one('lat'),
    lon: one('lon'),
    district: one('district'),
    type: one('type'),
    floor_area: one('floor_area'),
    condition: one('condition'),
    facilities: [values.facilities ?? []].flat(),
    terms: one('terms'),
    rent_per_month: one('rent_per_month'),
    available_from: one('available_from'),
    available_to: one('available_to'),
    remove_photos: [values.remove_photos ?? []].flat(),
  }
}

/** The form's flat fields of a space, for editing it. */
function formValuesOf(s: ListedSpace): FormValues {
  const input = inputOf(s)
  const values: FormValues = {
    original_language: input.original_language,
    address: input.address,
    lat: String(input.lat),
    lon: String(input.lon),
    district: input.district ?? '',
    type: input.type,
    floor_area: String(input.floor_area),
    condition: input.condition,
    facilities: input.facilities,
    terms: input.terms,
    rent_per_month: input.rent_per_month === undefined ? '' : String(input.rent_per_month),
    available_from: input.available_from,
    available_to: input.available_to ?? '',
  }
  for (const field of ['title', 'description', 'accessibility'] as const)
    for (const [lang, text] of Object.entries(input[field])) values[`${field}.${lang}`] = text
  return values
}

const verifyFields = [
  'decision',
  'reason',
  'owner',
  'district',
  'type',
  'floor_area',
  'condition',
  'facilities',
  'terms',
  'rent_per_month',
  'available_from',
  'available_to',
]

const cityMap = async (ctx: Ctx) => new Map((await listClusters(ctx)).map((c) => [c.id, c]))

provideProfileSection(async (ctx, actor) => {
  const [offered, rented] = await Promise.all([offeredSpacesOf(ctx, actor.id), spacesLetTo(ctx, actor.id)])
  if (!offered.length && !rented.length) return null
  const cities = await cityMap(ctx)
  const { t } = ctx.i18n
  const cards = (list: ListedSpace[]) => (
    <div class="card-list">
      {list.map((s) => (
        <SpaceCard space={s} cityName={cities.get(s.clusterId)?.cityName} i18n={ctx.i18n} />
      ))}
    </div>
  )
  return (
    <section aria-labelledby="profile-spaces">
      <h2 id="profile-spaces">{t('spaces.profile.title')}</h2>
      {offered.length > 0 && (
        <>
          <h3>{t('spaces.profile.offered')}</h3>
          {cards(offered)}
        </>
      )}
      {rented.length > 0 && (
        <>
          <h3>{t('spaces.profile.tenant')}</h3>
          {cards(rented)}
        </>
      )}
    </section>
  )
})

provideDistrictSection(async (ctx, district) => {
  const list = await spacesOfDistrict(ctx, district.id)
  const { t, locale } = ctx.i18n
  return (
    <section aria-labelledby="district-spaces">
      <h2 id="district-spaces">{t('spaces.district.title')}</h2>
      {list.length === 0 ? (
        <p>{t('spaces.district.none')}</p>
      ) : (
        <div class="card-list">
          {list.map((s) => (
            <SpaceCard space={s} i18n={ctx.i18n} />
          ))}
        </div>
      )}
      <p>
        <a href={`/${locale}/spaces?district=${encodeURIComponent(district.id)}`}>
          {t('spaces.district.all')}
        </a>
      </p>
    </section>
  )
})

// The managers of a city see how many vacancy reports wait for them, on its page.
provideClusterSection(async (ctx, cluster) => {
  if (!can(ctx, 'review_vacancies', { clusterId: cluster.id })) return null
  const open = await openVacancyCount(ctx, cluster.id)
  const { t, locale } = ctx.i18n
  return (
    <section aria-labelledby="cluster-vacancies">
      <h2 id="cluster-vacancies">{t('spaces.vacancies.title')}</h2>
      <p>
        <a href={`/${locale}/clusters/${cluster.id}/vacancies`}>
          {t('spaces.vacancies.waiting', { count: open })}
        </a>
      </p>
    </section>
  )
})

export function spacesPages(app: Hono<AppEnv>) {
  const base = (c: C) => `/${c.get('ctx').i18n.locale}/spaces`

  app.get('/uploads/spaces/:file', async (c) => {
    const body = await readPhoto(c.get('ctx').config, 'spaces', c.req.param('file'))
    if (!body) throw notFound()
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/webp',
      'content-disposition': 'inline',
      // Names are random and never reused, so the file never changes.
      'cache-control': 'public, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'same-origin',
    })
  })

  app.get(`${localePath}/spaces`, async (c) => {
    const ctx = c.get('ctx')
    const query = readQuery(c, spacesQuerySchema)
    const [result, cities] = await Promise.all([searchSpaces(ctx, toSearchInput(query)), cityMap(ctx)])
    // The list shows what is on offer unless a status is chosen: its chips say so and can be removed.
    const state: SpacesQuery = { ...query, status: query.status ?? [...offeredStatuses] }
    const props = { state, result, cities, i18n: ctx.i18n }
    c.header('vary', 'HX-Request')
    if (isFragmentRequest(c)) return c.html(<SpacesBody {...props} />)
    return renderPage(
      c,
      {
        title: ctx.i18n.t('spaces.title'),
        description: ctx.i18n.t('spaces.description'),
        styles: ['spaces.css'],
      },
      <SpacesPage
        {...props}
        signedIn={!!ctx.viewer.person}
        canReport={can(ctx, 'report_vacancy')}
        notice={noticeOf(c, notices)}
      />,
    )
  })

  // ---- offering ----------------------------------------------------------------------------

  const newPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const owners = await ownerOptions(ctx)
    if (!owners.length) throw new AppError('forbidden', 403, 'spaces.error.no_owner')
    const chosen = owners.find((o) => String(o.id) === state.values.owner) ?? owners[0]
    const [city, districts] = await Promise.all([
      findCluster(ctx, chosen.clusterId),
      listDistricts(ctx, chosen.clusterId),
    ])
    const title = ctx.i18n.t('spaces.new.title')
    return renderPage(
      c,
      { title, ...formAssets },
      <SpaceForm
        action={`${base(c)}/new`}
        state={state}
        city={city}
        districts={districts}
        owners={owners}
        i18n={ctx.i18n}
        title={title}
      />,
      status,
    )
  }

  app.get(`${localePath}/spaces/new`, (c) => newPage(c, emptyForm()))

  app.post(`${localePath}/spaces/new`, photosBodyLimit, async (c) => {
    const ctx = c.get('ctx')
    if (!(await ownerOptions(ctx)).length) throw forbidden()
    const values = await readForm(c)
    try {
      const row = await offerSpace(ctx, inputFromForm(values), await filesOf(c, 'photos'))
      return c.redirect(`${base(c)}/${row.slug}?notice=offered`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return newPage(c, formFailure(err, values, ctx.i18n), formStatus(err))
    }
  })

  app.get(`${localePath}/spaces/mine`, async (c) => {
    const ctx = c.get('ctx')
    const items = await listMySpaces(ctx)
    return renderPage(
      c,
      { title: ctx.i18n.t('spaces.mine.title') },
      <MinePage items={items} notice={noticeOf(c, notices)} i18n={ctx.i18n} />,
    )
  })

  // ---- vacancy reports ---------------------------------------------------------------------

  const reportPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    if (!can(ctx, 'report_vacancy')) {
      if (!ctx.viewer.person) throw new AppError('unauthenticated', 401, 'core.error.unauthenticated')
      throw new AppError('forbidden', 403, 'spaces.error.not_member')
    }
    const [cities, districts] = await Promise.all([listClusters(ctx), listDistricts(ctx)])
    return renderPage(
      c,
      { title: ctx.i18n.t('spaces.report.title'), ...formAssets },
      <ReportForm state={state} cities={cities} districts={districts} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/spaces/report`, (c) => reportPage(c, emptyForm()))

  app.post(`${localePath}/spaces/report`, photosBodyLimit, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    try {
      const [photo] = await filesOf(c, 'photo')
      await reportVacancy(ctx, values, photo)
      return c.redirect(`${base(c)}?notice=reported`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return reportPage(c, formFailure(err, values, ctx.i18n), formStatus(err))
    }
  })

  const cityOf = (c: C) => parseSlug(c.req.param('city') ?? '')

  app.get(`${localePath}/clusters/:city/vacancies`, async (c) => {
    const ctx = c.get('ctx')
    const { city, reports } = await listVacancyReports(ctx, cityOf(c))
    return renderPage(
      c,
      { title: ctx.i18n.t('spaces.vacancies.title'), city: city.id },
      <VacanciesPage
        city={city}
        reports={reports}
        districts={await listDistricts(ctx, city.id)}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
    )
  })

  const reviewPage = async (c: C, state?: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const report = await vacancyReportForReview(ctx, parseId(c.req.param('id')))
    if (report.clusterId !== cityOf(c)) throw notFound()
    const [city, districts, owners] = await Promise.all([
      findCluster(ctx, report.clusterId),
      listDistricts(ctx, report.clusterId),
      // The city's own actors (its administration, its agencies) are the likely owners of a vacant building.
      searchActors(ctx, {
        filters: { city: [report.clusterId], kind: ['authority'] },
        sort: 'name',
        page: 1,
        perPage: 100,
      }),
    ])
    return renderPage(
      c,
      { title: report.address, city: city.id, styles: ['spaces.css'] },
      <VacancyReviewPage
        city={city}
        report={report}
        districts={districts}
        owners={owners.items}
        state={state}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/vacancies/:id`, (c) => reviewPage(c))

  app.post(`${localePath}/clusters/:city/vacancies/:id`, async (c) => {
    const ctx = c.get('ctx')
    const id = parseId(c.req.param('id'))
    const report = await vacancyReportForReview(ctx, id)
    if (report.clusterId !== cityOf(c)) throw notFound()
    const values = await readForm(c)
    try {
      // Only the decision and the space's own fields: title, text and place come from the report.
      const fields = Object.fromEntries(
        Object.entries(values).filter(([name]) => verifyFields.includes(name)),
      )
      const { status } = await decideVacancyReport(ctx, id, fields)
      return c.redirect(`/${ctx.i18n.locale}/clusters/${report.clusterId}/vacancies?notice=${status}`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return reviewPage(c, formFailure(err, values, ctx.i18n), formStatus(err))
    }
  })

  app.get(`${localePath}/clusters/:city/vacancies/:id/photo`, async (c) => {
    const ctx = c.get('ctx')
    const key = await vacancyPhotoKey(ctx, parseId(c.req.param('id')))
    const body = await readPhoto(ctx.config, 'vacancies', key)
    if (!body) throw notFound()
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/webp',
      'content-disposition': 'inline',
      // Only the city's managers see an unverified report.
      'cache-control': 'private, no-store',
    })
  })

  // ---- one space ---------------------------------------------------------------------------

  const slugOf = (c: C) => parseSlug(c.req.param('slug') ?? '')

  const detailPage = async (
    c: C,
    failed: { apply?: FormState; alert?: string } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const space = await getSpace(ctx, slugOf(c))
    const canManage = can(ctx, 'manage', { ownerActorId: space.ownerActorId })
    const [city, districts, photos, options, managed] = await Promise.all([
      findCluster(ctx, space.clusterId),
      listDistricts(ctx, space.clusterId),
      spacePhotos(ctx, space.id),
      applicationOptions(ctx, space),
      canManage ? listApplications(ctx, space.slug) : undefined,
    ])
    const panel: ApplyPanel = { signedIn: !!ctx.viewer.person, ...options, state: failed.apply }
    const title = ctx.i18n.text(space.title, space.originalLanguage).text
    const openApplications =
      managed?.applications.filter((a) => a.status === 'pending' || a.status === 'shortlisted').length ?? 0
    return renderPage(
      c,
      {
        title,
        description: ctx.i18n.text(space.description, space.originalLanguage).text.slice(0, 200),
        city: city.id,
        scripts: ['leaflet.js', 'map.js'],
        styles: ['leaflet.css', 'spaces.css'],
      },
      <DetailPage
        space={space}
        photos={photos}
        city={city}
        district={districts.find((d) => d.id === space.districtId) ?? null}
        owner={{ canManage, openApplications }}
        panel={panel}
        notice={failed.alert ?? noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/spaces/:slug`, (c) => detailPage(c))

  const editPage = async (c: C, state: FormState | undefined, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const space = await spaceForManaging(ctx, slugOf(c))
    const [city, districts, photos] = await Promise.all([
      findCluster(ctx, space.clusterId),
      listDistricts(ctx, space.clusterId),
      spacePhotos(ctx, space.id),
    ])
    const title = ctx.i18n.t('spaces.edit.title')
    return renderPage(
      c,
      { title, ...formAssets },
      <SpaceForm
        action={`${base(c)}/${space.slug}/edit`}
        state={state ?? emptyForm(formValuesOf(space))}
        city={city}
        districts={districts}
        photos={photos}
        i18n={ctx.i18n}
        title={title}
      />,
      status,
    )
  }

  app.get(`${localePath}/spaces/:slug/edit`, (c) => editPage(c, undefined))

  app.post(`${localePath}/spaces/:slug/edit`, photosBodyLimit, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    await spaceForManaging(ctx, slug)
    const values = await readForm(c)
    try {
      await updateSpace(ctx, slug, inputFromForm(values), await filesOf(c, 'photos'))
      return c.redirect(`${base(c)}/${slug}?notice=saved`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return editPage(c, formFailure(err, values, ctx.i18n), formStatus(err))
    }
  })

  /** A state change from a button on the detail page; a conflict shows the page with what it says. */
  const action = (
    path: string,
    notice: keyof typeof notices,
    run: (ctx: Ctx, slug: string) => Promise<unknown>,
  ) =>
    app.post(`${localePath}/spaces/:slug/${path}`, async (c) => {
      const ctx = c.get('ctx')
      const slug = slugOf(c)
      try {
        await run(ctx, slug)
        return c.redirect(`${base(c)}/${slug}?notice=${notice}`, 303)
      } catch (err) {
        if (!isFormError(err)) throw err
        return detailPage(c, { alert: ctx.i18n.t(err.messageKey, err.values) }, formStatus(err))
      }
    })

  action('withdraw', 'withdrawn', withdrawSpace)
  action('end-tenancy', 'ended', endTenancy)

  app.post(`${localePath}/spaces/:slug/apply`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    const values = await readForm(c)
    try {
      await applyForSpace(ctx, slug, values)
      return c.redirect(`${base(c)}/${slug}?notice=applied`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      const state = formFailure(err, values, ctx.i18n)
      return detailPage(c, { apply: state, alert: state.message }, formStatus(err))
    }
  })

  // ---- applications ------------------------------------------------------------------------

  const applicationsPage = async (
    c: C,
    failed?: { id: number; message?: string },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const space = await spaceForManaging(ctx, slugOf(c))
    const [{ applications }, taxonomy] = await Promise.all([
      listApplications(ctx, space.slug),
      getTaxonomy(ctx),
    ])
    return renderPage(
      c,
      { title: ctx.i18n.t('spaces.applications.title'), city: space.clusterId, styles: ['spaces.css'] },
      <ApplicationsPage
        space={space}
        applications={applications}
        sectorName={(id) => taxonomy.sectorById.get(id)?.name[ctx.i18n.locale] ?? id}
        failed={failed}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/spaces/:slug/applications`, (c) => applicationsPage(c))

  app.post(`${localePath}/spaces/:slug/applications/:id`, async (c) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    const id = parseId(c.req.param('id'))
    await spaceForManaging(ctx, slug)
    const values = await readForm(c)
    try {
      await decideApplication(ctx, slug, id, values)
      return c.redirect(`${base(c)}/${slug}/applications?notice=decided`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      const state = formFailure(err, values, ctx.i18n)
      return applicationsPage(c, { id, message: state.message }, formStatus(err))
    }
  })

  app.post(`${localePath}/spaces/:slug/applications/:id/ask`, async (c) => {
    const ctx = c.get('ctx')
    const conversationId = await askApplicant(ctx, slugOf(c), parseId(c.req.param('id')))
    return c.redirect(`/${ctx.i18n.locale}/messages/${conversationId}`, 303)
  })
}
