import type { Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError } from '../../core/errors'
import {
  emptyForm,
  type FormState,
  type FormValues,
  formFailure,
  parseForm,
  readForm,
} from '../../core/forms'
import { type AppEnv, isFragmentRequest, localePath, parseId, parseSlug, renderPage } from '../../core/http'
import { findCluster, listClusters } from '../network/service'
import {
  confirmMemberImport,
  exportMembersCsv,
  getMemberImport,
  maxImportBytes,
  previewMemberImport,
} from './import'
import {
  applicationSchema,
  applyForMembership,
  applyToNetwork,
  appointManager,
  authorize,
  clusterSchema,
  decideMembership,
  decisionSchema,
  declineNetworkApplication,
  declineSchema,
  getNetworkApplication,
  joinOptions,
  listApplications,
  listClusterManagers,
  listMembers,
  listNetworkApplications,
  managerSchema,
  membershipHistory,
  networkApplicationSchema,
  openNewCluster,
  removeManager,
  suggestedAccent,
} from './service'
import { ApplicationsPage, HistoryPage, JoinClusterPage, MembersPage } from './views/cluster'
import { ImportPage, ImportProgress, UploadPage } from './views/imports'
import { ClustersAdminPage, NetworkApplicationsPage, NetworkJoinPage, NewClusterPage } from './views/network'

type C = Context<AppEnv>

const cityOf = (c: C) => parseSlug(c.req.param('city') ?? '')
const errorStatus = (err: unknown) => (err instanceof AppError ? err.status : 422) as ContentfulStatusCode

/**
 * Runs a form: the permission first (so a refused person learns nothing of the form), then the schema,
 * then the verb; a failure shows the form again with what was typed and the errors at the fields.
 */
async function handleForm<T>(
  c: C,
  guard: () => unknown,
  parse: (values: FormValues) => { ok: true; data: T } | { ok: false; state: FormState },
  run: (data: T) => Promise<Response>,
  render: (state: FormState, status: ContentfulStatusCode) => Promise<Response>,
) {
  const ctx = c.get('ctx')
  guard()
  const values = await readForm(c)
  const parsed = parse(values)
  if (!parsed.ok) return render(parsed.state, 422)
  try {
    return await run(parsed.data)
  } catch (err) {
    return render(formFailure(err, values, ctx.i18n), errorStatus(err))
  }
}

export function membershipPages(app: Hono<AppEnv>) {
  // ---- an organisation applies -------------------------------------------------------------

  const joinPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    const options = await joinOptions(ctx, cluster.id)
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.join.title', { city: cluster.cityName }), city: cluster.id },
      <JoinClusterPage
        cluster={cluster}
        options={options}
        state={state}
        sent={c.req.query('sent') === '1'}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/join`, (c) => joinPage(c, emptyForm()))

  app.post(`${localePath}/clusters/:city/join`, (c) => {
    const ctx = c.get('ctx')
    return handleForm(
      c,
      () => authorize(ctx, 'apply'),
      (values) => parseForm(applicationSchema, values, ctx.i18n),
      async (data) => {
        const city = cityOf(c)
        await applyForMembership(ctx, city, data)
        return c.redirect(`/${ctx.i18n.locale}/clusters/${city}/join?sent=1`, 303)
      },
      (state, status) => joinPage(c, state, status),
    )
  })

  // ---- the cluster manager's pages ---------------------------------------------------------

  const applicationsPage = async (
    c: C,
    failed?: { slug: string; state: FormState },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    const applications = await listApplications(ctx, cluster.id)
    return renderPage(
      c,
      { title: `${ctx.i18n.t('membership.applications.title')} · ${cluster.cityName}`, city: cluster.id },
      <ApplicationsPage cluster={cluster} applications={applications} failed={failed} i18n={ctx.i18n} />,
      status,
    )
  }

  const historyPage = async (c: C, state?: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    const { membership, events } = await membershipHistory(
      ctx,
      cluster.id,
      parseSlug(c.req.param('slug') ?? ''),
    )
    return renderPage(
      c,
      { title: `${membership.name} · ${ctx.i18n.t('membership.history.title')}`, city: cluster.id },
      <HistoryPage cluster={cluster} membership={membership} events={events} state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/applications`, (c) => applicationsPage(c))

  app.get(`${localePath}/clusters/:city/members`, async (c) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    const members = await listMembers(ctx, cluster.id)
    return renderPage(
      c,
      { title: `${ctx.i18n.t('membership.members.title')} · ${cluster.cityName}`, city: cluster.id },
      <MembersPage cluster={cluster} members={members} i18n={ctx.i18n} />,
    )
  })

  app.get(`${localePath}/clusters/:city/members.csv`, async (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    const csv = await exportMembersCsv(ctx, city)
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="members-${city}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    })
  })

  app.get(`${localePath}/clusters/:city/members/:slug`, (c) => historyPage(c))

  app.post(`${localePath}/clusters/:city/members/:slug/decision`, (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    const slug = parseSlug(c.req.param('slug'))
    let back = 'history'
    return handleForm(
      c,
      () => authorize(ctx, 'manage', { clusterId: city }),
      (values) => {
        back = values.back === 'applications' ? 'applications' : 'history'
        return parseForm(decisionSchema, values, ctx.i18n)
      },
      async (data) => {
        await decideMembership(ctx, city, slug, data)
        const base = `/${ctx.i18n.locale}/clusters/${city}`
        return c.redirect(back === 'applications' ? `${base}/applications` : `${base}/members/${slug}`, 303)
      },
      (state, status) =>
        back === 'applications'
          ? applicationsPage(c, { slug, state }, status)
          : historyPage(c, state, status),
    )
  })

  // ---- member import -----------------------------------------------------------------------

  const uploadPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    authorize(ctx, 'manage', { clusterId: cluster.id })
    return renderPage(
      c,
      { title: `${ctx.i18n.t('membership.import.title')} · ${cluster.cityName}`, city: cluster.id },
      <UploadPage cluster={cluster} state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/imports`, (c) => uploadPage(c, emptyForm()))

  // An upload over the limit is refused before it is read or parsed; a little room is left for the
  // form's own bytes, and the file's exact size is checked again when it is read.
  const importLimit = bodyLimit({
    maxSize: maxImportBytes + 64 * 1024,
    onError: (c) => {
      const { t } = c.get('ctx').i18n
      const file = t('membership.import.error.too_large', { megabytes: 2 })
      return uploadPage(c, { values: {}, errors: { file }, message: t('core.form.errors') }, 413)
    },
  })

  app.post(`${localePath}/clusters/:city/imports`, importLimit, async (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    authorize(ctx, 'manage', { clusterId: city })
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const file = body.file
    if (!(file instanceof File) || !file.name) {
      const message = ctx.i18n.t('membership.import.error.no_file')
      return uploadPage(
        c,
        { values: {}, errors: { file: message }, message: ctx.i18n.t('core.form.errors') },
        422,
      )
    }
    try {
      const record = await previewMemberImport(ctx, city, {
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })
      return c.redirect(`/${ctx.i18n.locale}/clusters/${city}/imports/${record.id}`, 303)
    } catch (err) {
      return uploadPage(c, formFailure(err, {}, ctx.i18n), errorStatus(err))
    }
  })

  const importPage = async (c: C, state?: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    const record = await getMemberImport(ctx, cluster.id, parseId(c.req.param('id')))
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.import.file_title', { file: record.fileName }), city: cluster.id },
      <ImportPage cluster={cluster} record={record} state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/imports/:id`, (c) => importPage(c))

  app.get(`${localePath}/clusters/:city/imports/:id/progress`, async (c) => {
    const ctx = c.get('ctx')
    const record = await getMemberImport(ctx, cityOf(c), parseId(c.req.param('id')))
    if (!isFragmentRequest(c))
      return c.redirect(`/${ctx.i18n.locale}/clusters/${record.clusterId}/imports/${record.id}`, 303)
    c.header('cache-control', 'no-store')
    return c.html(<ImportProgress record={record} i18n={ctx.i18n} />)
  })

  app.post(`${localePath}/clusters/:city/imports/:id/confirm`, async (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    authorize(ctx, 'manage', { clusterId: city })
    const id = parseId(c.req.param('id'))
    try {
      await confirmMemberImport(ctx, city, id)
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404) throw err
      return importPage(c, formFailure(err, {}, ctx.i18n), err.status)
    }
    return c.redirect(`/${ctx.i18n.locale}/clusters/${city}/imports/${id}`, 303)
  })

  // ---- a city outside the network ----------------------------------------------------------

  const networkJoinPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    authorize(ctx, 'apply_to_network')
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.network.title') },
      <NetworkJoinPage state={state} sent={c.req.query('sent') === '1'} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/network/join`, (c) => networkJoinPage(c, emptyForm()))

  app.post(`${localePath}/network/join`, (c) => {
    const ctx = c.get('ctx')
    return handleForm(
      c,
      () => authorize(ctx, 'apply_to_network'),
      (values) => parseForm(networkApplicationSchema, values, ctx.i18n),
      async (data) => {
        await applyToNetwork(ctx, data)
        return c.redirect(`/${ctx.i18n.locale}/network/join?sent=1`, 303)
      },
      (state, status) => networkJoinPage(c, state, status),
    )
  })

  // ---- the network admin -------------------------------------------------------------------

  const networkApplicationsPage = async (
    c: C,
    failed?: { id: number; state: FormState },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const applications = await listNetworkApplications(ctx)
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.network_admin.title') },
      <NetworkApplicationsPage applications={applications} failed={failed} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/admin/network-applications`, (c) => networkApplicationsPage(c))

  app.post(`${localePath}/admin/network-applications/:id/decline`, (c) => {
    const ctx = c.get('ctx')
    const id = parseId(c.req.param('id'))
    return handleForm(
      c,
      () => authorize(ctx, 'run_network'),
      (values) => parseForm(declineSchema, values, ctx.i18n),
      async (data) => {
        await declineNetworkApplication(ctx, id, data)
        return c.redirect(`/${ctx.i18n.locale}/admin/network-applications`, 303)
      },
      (state, status) => networkApplicationsPage(c, { id, state }, status),
    )
  })

  const newClusterPage = async (c: C, state: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    authorize(ctx, 'run_network')
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.new_cluster.title') },
      <NewClusterPage state={state} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/admin/clusters/new`, async (c) => {
    const ctx = c.get('ctx')
    authorize(ctx, 'run_network')
    const values: FormValues = { accent: await suggestedAccent(ctx), language: 'en' }
    const applicationId = Number(c.req.query('application'))
    if (Number.isSafeInteger(applicationId) && applicationId > 0) {
      const application = await getNetworkApplication(ctx, applicationId)
      Object.assign(values, {
        application: String(application.id),
        city_name: application.city,
        city_name_en: application.city,
        country: application.country,
      })
    }
    return newClusterPage(c, emptyForm(values))
  })

  app.post(`${localePath}/admin/clusters`, (c) => {
    const ctx = c.get('ctx')
    return handleForm(
      c,
      () => authorize(ctx, 'run_network'),
      (values) => parseForm(clusterSchema, values, ctx.i18n),
      async (data) => {
        await openNewCluster(ctx, data)
        return c.redirect(`/${ctx.i18n.locale}/clusters/${data.id}`, 303)
      },
      (state, status) => newClusterPage(c, state, status),
    )
  })

  const clustersAdminPage = async (
    c: C,
    failed?: { clusterId: string; state: FormState },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    authorize(ctx, 'run_network')
    const clusters = await Promise.all(
      (await listClusters(ctx)).map(async (cluster) => ({
        cluster,
        managers: await listClusterManagers(ctx, cluster.id),
      })),
    )
    return renderPage(
      c,
      { title: ctx.i18n.t('membership.clusters_admin.title') },
      <ClustersAdminPage clusters={clusters} failed={failed} i18n={ctx.i18n} />,
      status,
    )
  }

  app.get(`${localePath}/admin/clusters`, (c) => clustersAdminPage(c))

  app.post(`${localePath}/admin/clusters/:city/managers`, (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    return handleForm(
      c,
      () => authorize(ctx, 'run_network'),
      (values) => parseForm(managerSchema, values, ctx.i18n),
      async (data) => {
        await appointManager(ctx, city, data)
        return c.redirect(`/${ctx.i18n.locale}/admin/clusters#cluster-${city}`, 303)
      },
      (state, status) => clustersAdminPage(c, { clusterId: city, state }, status),
    )
  })

  app.post(`${localePath}/admin/clusters/:city/managers/:user/remove`, async (c) => {
    const ctx = c.get('ctx')
    const city = cityOf(c)
    await removeManager(ctx, city, c.req.param('user').slice(0, 100))
    return c.redirect(`/${ctx.i18n.locale}/admin/clusters#cluster-${city}`, 303)
  })
}
