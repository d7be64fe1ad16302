import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, notFound } from '../../core/errors'
import { emptyForm, type FormState, type FormValues, formFailure, parseForm } from '../../core/forms'
import {
  type AppEnv,
  type Ctx,
  localePath,
  noticeOf,
  nulCharacter,
  parseId,
  parseSlug,
  renderPage,
} from '../../core/http'
import { locales } from '../../core/i18n'
import { provideClusterSection } from '../network/pages'
import { findCluster, listClusters } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import {
  addMilestone,
  authorize,
  can,
  districtActors,
  districtIndicators,
  districtPatchSchema,
  getDistrict,
  listDistrictViews,
  listMilestones,
  milestoneSchema,
  readMilestoneImage,
  removeMilestone,
  renderDistrictSections,
  updateDistrict,
  updateMilestone,
} from './service'
import { uploadLimit } from './uploads'
import { DistrictList, DistrictPage, DistrictsPage } from './views/district'
import { DistrictEditPage, districtFormValues, MilestoneEditPage, milestoneFormValues } from './views/manage'

type C = Context<AppEnv>

const notices = {
  saved: 'districts.notice.saved',
  milestone_added: 'districts.notice.milestone_added',
  milestone_saved: 'districts.notice.milestone_saved',
  milestone_removed: 'districts.notice.milestone_removed',
}

const mapAssets = {
  scripts: ['leaflet.js', 'map.js', 'district-map.js'],
  styles: ['leaflet.css', 'districts.css'],
}

/** A posted multipart form: its text fields and its files. */
async function readMultipart(c: C): Promise<{ values: FormValues; files: Record<string, File> }> {
  const body = await c.req.parseBody()
  const values: FormValues = {}
  const files: Record<string, File> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value instanceof File) {
      if (value.size > 0) files[key] = value
    } else if (typeof value === 'string') {
      if (value.includes(String.fromCharCode(0))) throw nulCharacter()
      values[key] = value
    }
  }
  return { values, files }
}

/** The per-language fields `<prefix>_<lang>` of a form as one text per language. */
const languageValues = (values: FormValues, prefix: string) =>
  Object.fromEntries(
    locales.flatMap((lang) => {
      const value = values[`${prefix}_${lang}`]
      return typeof value === 'string' ? [[lang, value]] : []
    }),
  )

const blankToUndefined = (value: string | string[] | undefined) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined

const errorStatus = (err: unknown) => (err instanceof AppError ? err.status : 422) as ContentfulStatusCode

export function districtsPages(app: Hono<AppEnv>) {
  app.get(`/uploads/districts/:file`, async (c) => {
    const body = await readMilestoneImage(c.get('ctx'), c.req.param('file'))
    if (!body) throw notFound()
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/webp',
      'content-disposition': 'inline',
      // Names are random and never reused, so the file never changes.
      'cache-control': 'public, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'same-origin',
    })
  })

  app.get(`${localePath}/districts`, async (c) => {
    const ctx = c.get('ctx')
    const [districts, clusters] = await Promise.all([listDistrictViews(ctx), listClusters(ctx)])
    return renderPage(
      c,
      {
        title: ctx.i18n.t('districts.title'),
        description: ctx.i18n.t('districts.lead'),
        styles: ['districts.css'],
      },
      <DistrictsPage districts={districts} clusters={clusters} i18n={ctx.i18n} />,
    )
  })

  app.get(`${localePath}/districts/:slug`, async (c) => {
    const ctx = c.get('ctx')
    const district = await getDistrict(ctx, parseSlug(c.req.param('slug')))
    const [cluster, milestones, sections, actors, indicators, taxonomy] = await Promise.all([
      findCluster(ctx, district.clusterId),
      listMilestones(ctx, district.id),
      renderDistrictSections(ctx, district),
      districtActors(ctx, district.id),
      districtIndicators(ctx, district.id),
      getTaxonomy(ctx),
    ])
    const description = ctx.i18n.text(district.description).text
    return renderPage(
      c,
      {
        title: `${district.name} · ${cluster.cityName}`,
        description: description.slice(0, 200),
        city: cluster.id,
        ...mapAssets,
      },
      <DistrictPage
        district={district}
        cluster={cluster}
        milestones={milestones}
        sections={sections}
        actors={actors}
        indicators={indicators}
        taxonomy={taxonomy}
        canManage={can(ctx, 'manage', district)}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
    )
  })

  // ---- the cluster manager's pages ---------------------------------------------------------

  const editPage = async (
    c: C,
    forms: { state?: FormState; milestoneState?: FormState } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const district = await getDistrict(ctx, parseSlug(c.req.param('slug') ?? ''))
    authorize(ctx, district)
    const milestones = await listMilestones(ctx, district.id)
    return renderPage(
      c,
      {
        title: ctx.i18n.t('districts.manage.title', { name: district.name }),
        city: district.clusterId,
        ...mapAssets,
      },
      <DistrictEditPage
        district={district}
        milestones={milestones}
        state={forms.state ?? emptyForm(districtFormValues(district))}
        milestoneState={forms.milestoneState ?? emptyForm({ precision: 'day' })}
        notice={noticeOf(c, notices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/districts/:slug/edit`, (c) => editPage(c))

  app.post(`${localePath}/districts/:slug/edit`, uploadLimit, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    authorize(ctx, await getDistrict(ctx, slug))
    const { values, files } = await readMultipart(c)
    // A file wins over the text field; "remove" empties the boundary; an untouched text field keeps it.
    const boundary = files.boundary_file
      ? await files.boundary_file.text()
      : values.remove_boundary
        ? ''
        : typeof values.boundary === 'string'
          ? values.boundary
          : undefined
    const parsed = parseForm(
      districtPatchSchema,
      { status: values.status, description: languageValues(values, 'description'), boundary } as never,
      ctx.i18n,
    )
    if (!parsed.ok) return editPage(c, { state: { ...parsed.state, values } }, 422)
    try {
      await updateDistrict(ctx, slug, parsed.data)
    } catch (err) {
      return editPage(c, { state: formFailure(err, values, ctx.i18n) }, errorStatus(err))
    }
    return c.redirect(`/${ctx.i18n.locale}/districts/${slug}/edit?notice=saved`, 303)
  })

  const milestoneInput = (values: FormValues) => ({
    happened_on: values.happened_on,
    precision: blankToUndefined(values.precision),
    text: languageValues(values, 'text'),
    source: blankToUndefined(values.source),
  })

  app.post(`${localePath}/districts/:slug/milestones`, uploadLimit, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    authorize(ctx, await getDistrict(ctx, slug))
    const { values, files } = await readMultipart(c)
    const parsed = parseForm(milestoneSchema, milestoneInput(values) as never, ctx.i18n)
    if (!parsed.ok) return editPage(c, { milestoneState: { ...parsed.state, values } }, 422)
    try {
      const image = files.image ? new Uint8Array(await files.image.arrayBuffer()) : undefined
      await addMilestone(ctx, slug, parsed.data, image)
    } catch (err) {
      return editPage(c, { milestoneState: formFailure(err, values, ctx.i18n) }, errorStatus(err))
    }
    return c.redirect(`/${ctx.i18n.locale}/districts/${slug}/edit?notice=milestone_added`, 303)
  })

  const milestonePage = async (c: C, state?: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const district = await getDistrict(ctx, parseSlug(c.req.param('slug') ?? ''))
    authorize(ctx, district)
    const id = parseId(c.req.param('id'))
    const milestone = (await listMilestones(ctx, district.id)).find((m) => m.id === id)
    if (!milestone) throw notFound()
    return renderPage(
      c,
      { title: ctx.i18n.t('districts.milestones.edit'), city: district.clusterId, styles: ['districts.css'] },
      <MilestoneEditPage
        district={district}
        milestone={milestone}
        state={state ?? emptyForm(milestoneFormValues(milestone))}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/districts/:slug/milestones/:id`, (c) => milestonePage(c))

  app.post(`${localePath}/districts/:slug/milestones/:id`, uploadLimit, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    authorize(ctx, await getDistrict(ctx, slug))
    const id = parseId(c.req.param('id'))
    const { values, files } = await readMultipart(c)
    const parsed = parseForm(milestoneSchema, milestoneInput(values) as never, ctx.i18n)
    if (!parsed.ok) return milestonePage(c, { ...parsed.state, values }, 422)
    try {
      const image = files.image
        ? new Uint8Array(await files.image.arrayBuffer())
        : values.remove_image
          ? null
          : undefined
      await updateMilestone(ctx, slug, id, parsed.data, image)
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw err
      return milestonePage(c, formFailure(err, values, ctx.i18n), errorStatus(err))
    }
    return c.redirect(`/${ctx.i18n.locale}/districts/${slug}/edit?notice=milestone_saved`, 303)
  })

  app.post(`${localePath}/districts/:slug/milestones/:id/delete`, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    await removeMilestone(ctx, slug, parseId(c.req.param('id')))
    return c.redirect(`/${ctx.i18n.locale}/districts/${slug}/edit?notice=milestone_removed`, 303)
  })
}

/** Every cluster page lists its districts with their status; its managers get to their pages from there. */
provideClusterSection(async (ctx: Ctx, cluster) => {
  const districts = await listDistrictViews(ctx, cluster.id)
  if (!districts.length) return null
  const { t, locale } = ctx.i18n
  return (
    <section class="cluster-districts">
      <h2>{t('districts.cluster.title')}</h2>
      <DistrictList districts={districts} i18n={ctx.i18n} />
      {can(ctx, 'manage', { clusterId: cluster.id }) && (
        <p class="muted">{t('districts.cluster.manage_hint')}</p>
      )}
      <p>
        <a href={`/${locale}/districts`}>{t('districts.cluster.all')}</a>
      </p>
    </section>
  )
})
