import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { buildWorld, type World } from '../../../test/support/world'
import { loadViewer } from '../../core/auth'
import { actors } from '../actors/schema'
import {
  actorCount,
  auditSince,
  callApi,
  lastAuditId,
  lastMailTo,
  postForm,
  roleIn,
  unclaimedActor,
} from './factories'
import { orgClaims } from './schema'
import { claimOrganisation, decideClaim } from './service'

const t = useTestApp()
let world: World
beforeAll(async () => {
  world = await buildWorld(t)
}, 60_000)

const ctxOf = async (person: { cookie: string }) =>
  t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie })))

const actorBySlug = async (slug: string) => (await t.db.select().from(actors).where(eq(actors.slug, slug)))[0]

const profileForm = (overrides: Record<string, string | string[]> = {}) => ({
  kind: 'enterprise',
  name: 'Atelier Mecsek',
  city: 'pecs',
  district: '',
  address: 'Király utca 1',
  lat: '46.0727',
  lon: '18.2323',
  sectors: 'design',
  offers: ['copywriting', 'architectural-design'],
  languages: ['hu', 'en'],
  size: 'micro',
  employees: '4',
  founded_year: '2019',
  website: 'atelier-mecsek.example',
  email: 'hello@atelier-mecsek.example',
  'description.hu': 'Grafikai stúdió Pécsett.',
  'description.en': 'A graphic design studio in Pécs.',
  'visibility.email': 'members',
  ...overrides,
})

const profileJson = (overrides: Record<string, unknown> = {}) => ({
  kind: 'freelancer',
  name: 'Lena Vogt Illustration',
  city: 'leipzig',
  sectors: ['design'],
  offers: [],
  needs: [],
  languages: ['de'],
  size: 'small',
  description: { de: 'Illustration für Verlage.' },
  ...overrides,
})

describe('creating an organisation', () => {
  it('puts it in the directory with the creator as its admin, audited', async () => {
    const person = await signedInPerson(t)
    const before = await lastAuditId(t)
    const res = await postForm(t, '/en/organisations/new', profileForm(), person.cookie)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/en/organisations/atelier-mecsek/edit?notice=created')
    const actor = await actorBySlug('atelier-mecsek')
    expect(actor).toMatchObject({
      kind: 'enterprise',
      clusterId: 'pecs',
      sectors: ['design'],
      offers: ['copywriting', 'architectural-design'],
      website: 'https://atelier-mecsek.example',
      employees: 4,
      lat: 46.0727,
      description: { hu: 'Grafikai stúdió Pécsett.', en: 'A graphic design studio in Pécs.' },
      originalLanguage: 'en',
      visibility: { email: 'members', website: 'public' },
    })
    expect(await roleIn(t, actor.id, person.id)).toBe('admin')
    const audit = await auditSince(t, before)
    expect(audit.map((a) => [a.action, a.userId, a.subjectId])).toEqual([
      ['organisation.created', person.id, String(actor.id)],
    ])
  })

  it('makes the slug unique and a freelancer an organisation of one, also through the API', async () => {
    const person = await signedInPerson(t)
    const again = await postForm(t, '/en/organisations/new', profileForm(), person.cookie)
    expect(again.headers.get('location')).toContain('/organisations/atelier-mecsek-2/edit')
    const res = await callApi(t, 'POST', '/api/v1/organisations', profileJson(), person.cookie)
    expect(res.status).toBe(201)
    const { slug } = (await res.json()) as { slug: string }
    expect(slug).toBe('lena-vogt-illustration')
    expect((await actorBySlug(slug)).sizeBand).toBe('solo')
  })

  it('needs a signed-in person', async () => {
    const page = await postForm(t, '/en/organisations/new', profileForm())
    expect([page.status, page.headers.get('location')]).toEqual([303, '/en/login'])
    expect((await callApi(t, 'POST', '/api/v1/organisations', profileJson())).status).toBe(401)
    const form = await t.request('/en/organisations/new', { redirect: 'manual' })
    expect(form.headers.get('location')).toBe('/en/login?next=%2Fen%2Forganisations%2Fnew')
  })

  it('shows bad input at its fields in the reader’s language, keeps what was typed, writes nothing', async () => {
    const person = await signedInPerson(t)
    const [count, audit] = [await actorCount(t), await lastAuditId(t)]

    const typed = await postForm(
      t,
      '/de/organisations/new',
      profileForm({ name: 'A', email: 'kein-e-mail' }),
      person.cookie,
    )
    expect(typed.status).toBe(422)
    const html = await typed.text()
    expect(html).toContain('<html lang="de">')
    expect(html).toContain('Bitte korrigieren Sie die markierten Felder')
    expect(html).toContain('aria-describedby="field-name-error"')
    expect(html).toContain('aria-describedby="field-email-error"')
    expect(html).toContain('value="kein-e-mail"')
    expect(html).toContain('Grafikai stúdió Pécsett.')

    const checked = await postForm(
      t,
      '/hu/organisations/new',
      profileForm({
        city: 'atlantis',
        sectors: [],
        offers: ['no-such-skill'],
        lon: '',
        'description.hu': '',
        'description.en': '',
      }),
      person.cookie,
    )
    expect(checked.status).toBe(422)
    const page = await checked.text()
    for (const field of ['city', 'lon'])
      expect(page, field).toContain(`aria-describedby="field-${field}-error"`)
    for (const group of ['group-sectors-error', 'group-offers-error', 'description-error'])
      expect(page, group).toContain(`id="${group}"`)
    expect(page).toContain('Ismeretlen érték: „no-such-skill”')
    expect(page).toContain('Ez a város nem tagja a hálózatnak.')

    const api = await callApi(
      t,
      'POST',
      '/api/v1/organisations?lang=it',
      profileJson({ city: 'atlantis', offers: ['nope'], lat: 50 }),
      person.cookie,
    )
    expect(api.status).toBe(400)
    const body = (await api.json()) as { error: { details: { field: string; message: string }[] } }
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['city', 'lon', 'offers'])
    expect(body.error.details.find((d) => d.field === 'offers')?.message).toBe('Valore sconosciuto «nope»')
    const junk = await callApi(
      t,
      'POST',
      '/api/v1/organisations',
      { ...profileJson(), extra: 1 },
      person.cookie,
    )
    expect(junk.status).toBe(400)

    expect(await actorCount(t)).toBe(count)
    expect(await lastAuditId(t)).toBe(audit)
  })
})

describe('editing a profile', () => {
  it('is for the organisation’s admins and the network admin', async () => {
    const path = `/en/organisations/${world.org.slug}/edit`
    expect((await t.request(path, { headers: { cookie: world.people.org_admin.cookie } })).status).toBe(200)
    expect((await t.request(path, { headers: { cookie: world.people.org_member.cookie } })).status).toBe(403)
    expect((await t.request(path, { headers: { cookie: world.people.cluster_manager.cookie } })).status).toBe(
      403,
    )
    expect((await t.request(path, { redirect: 'manual' })).status).toBe(303)
  })

  it('changes the fields and their visibility, audited with what changed', async () => {
    const person = await signedInPerson(t)
    const created = await callApi(
      t,
      'POST',
      '/api/v1/organisations',
      profileJson({ name: 'Druckwerk Plagwitz' }),
      person.cookie,
    )
    const { slug } = (await created.json()) as { slug: string }
    const page = await t.request(`/en/organisations/${slug}/edit`, { headers: { cookie: person.cookie } })
    expect(await page.text()).toContain('value="Druckwerk Plagwitz"')

    const before = await lastAuditId(t)
    const res = await postForm(
      t,
      `/en/organisations/${slug}/edit`,
      profileForm({
        name: 'Druckwerk Plagwitz',
        city: 'pecs',
        district: '',
        'visibility.address': 'private',
      }),
      person.cookie,
    )
    expect(res.status).toBe(303)
    const actor = await actorBySlug(slug)
    // The city stays: a move to another city goes through the cluster manager.
    expect(actor.clusterId).toBe('leipzig')
    expect(actor.visibility).toMatchObject({ address: 'private', email: 'members' })
    expect(actor.kind).toBe('enterprise')
    const [entry] = await auditSince(t, before)
    expect(entry.action).toBe('organisation.updated')
    expect(Object.keys(entry.after as object)).toContain('visibility')
    expect(Object.keys(entry.after as object)).not.toContain('name')

    const patch = await callApi(
      t,
      'PATCH',
      `/api/v1/actors/${slug}`,
      { needs: ['copywriting'], visibility: { needs: 'members' } },
      person.cookie,
    )
    expect(patch.status).toBe(200)
    expect((await actorBySlug(slug)).needs).toEqual(['copywriting'])
    const move = await callApi(t, 'PATCH', `/api/v1/actors/${slug}`, { city: 'pecs' }, person.cookie)
    expect(move.status).toBe(400)
    const wrong = await callApi(
      t,
      'PATCH',
      `/api/v1/actors/${slug}`,
      { district: 'nowhere', visibility: { email: 'secret' } },
      person.cookie,
    )
    expect(wrong.status).toBe(400)
    const stranger = await signedInPerson(t)
    expect(
      (await callApi(t, 'PATCH', `/api/v1/actors/${slug}`, { name: 'Taken over' }, stranger.cookie)).status,
    ).toBe(403)
    expect((await actorBySlug(slug)).name).toBe('Druckwerk Plagwitz')
  })
})

describe('a partial change (PATCH)', () => {
  it('changes only the fields it names; visibility and descriptions merge key by key', async () => {
    const person = await signedInPerson(t)
    const hidden = {
      email: 'members',
      address: 'private',
      employees: 'members',
      needs: 'private',
    } as const
    const created = await callApi(
      t,
      'POST',
      '/api/v1/organisations',
      profileJson({
        name: 'Satzwerk Lindenau',
        email: 'post@satzwerk.example',
        address: 'Lindenauer Markt 1',
        employees: 3,
        needs: ['copywriting'],
        description: { de: 'Satz und Druck.', en: 'Typesetting and print.' },
        visibility: hidden,
      }),
      person.cookie,
    )
    const { slug } = (await created.json()) as { slug: string }
    const patch = (json: unknown) => callApi(t, 'PATCH', `/api/v1/actors/${slug}`, json, person.cookie)

    // One field's level: the others keep theirs.
    expect((await patch({ visibility: { website: 'members' } })).status).toBe(200)
    expect((await actorBySlug(slug)).visibility).toEqual({ ...hidden, website: 'members' })
    // A change that does not name the visibility leaves it as it is.
    expect((await patch({ name: 'Satzwerk Lindenau GmbH' })).status).toBe(200)
    let actor = await actorBySlug(slug)
    expect(actor.visibility).toEqual({ ...hidden, website: 'members' })
    expect([actor.name, actor.email, actor.address, actor.employees, actor.needs]).toEqual([
      'Satzwerk Lindenau GmbH',
      'post@satzwerk.example',
      'Lindenauer Markt 1',
      3,
      ['copywriting'],
    ])
    // The hidden fields stay hidden from a visitor.
    const visitor = await (await t.request(`/api/v1/actors/${slug}`)).text()
    expect(visitor).not.toContain('post@satzwerk.example')
    expect(visitor).not.toContain('Lindenauer Markt')

    // One language's description: the others stay; an empty text removes that language.
    expect((await patch({ description: { en: 'Typesetting, print and binding.' } })).status).toBe(200)
    expect((await actorBySlug(slug)).description).toEqual({
      de: 'Satz und Druck.',
      en: 'Typesetting, print and binding.',
    })
    expect((await patch({ description: { de: '' } })).status).toBe(200)
    actor = await actorBySlug(slug)
    expect(actor.description).toEqual({ en: 'Typesetting, print and binding.' })
    expect(actor.visibility).toEqual({ ...hidden, website: 'members' })
    const before = await lastAuditId(t)
    expect((await patch({ visibility: { email: 'public' } })).status).toBe(200)
    const [entry] = await auditSince(t, before)
    expect(entry.after).toEqual({ visibility: { ...hidden, website: 'members', email: 'public' } })
  })
})

describe('logos', () => {
  let admin: Awaited<ReturnType<typeof signedInPerson>>
  let slug: string
  beforeAll(async () => {
    admin = await signedInPerson(t)
    const res = await callApi(
      t,
      'POST',
      '/api/v1/organisations',
      profileJson({ name: 'Logo Labor' }),
      admin.cookie,
    )
    slug = ((await res.json()) as { slug: string }).slug
  })

  const editForm = (logo?: Blob, extra: Record<string, string> = {}) => {
    const form = new FormData()
    const fields = { ...profileForm({ name: 'Logo Labor' }), ...extra }
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x)
    if (logo) form.append('logo', logo, 'logo.png')
    return form
  }
  const png = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 20 } } })
      .withExif({ IFD0: { Copyright: 'secret-owner', Artist: 'someone' } })
      .png()
      .toBuffer()

  it('is sniffed, re-encoded to WebP of at most 512 pixels without metadata, served with safe headers', async () => {
    const res = await postForm(
      t,
      `/en/organisations/${slug}/edit`,
      editForm(new Blob([await png(1200, 800)], { type: 'image/png' })),
      admin.cookie,
    )
    expect(res.status).toBe(303)
    const { logoUrl } = await actorBySlug(slug)
    expect(logoUrl).toMatch(/^\/uploads\/logos\/[0-9a-f]{32}\.webp$/)
    const served = await t.request(logoUrl!)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = Buffer.from(await served.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 341])
    expect(meta.exif).toBeUndefined()
    expect(bytes.includes('secret-owner')).toBe(false)

    // A new logo replaces the file; removing it deletes it.
    const put = await t.request(`/api/v1/actors/${slug}/logo`, {
      method: 'PUT',
      headers: { cookie: admin.cookie, 'content-type': 'image/png' },
      body: await png(40, 40),
    })
    expect(put.status).toBe(200)
    const { logo_url } = (await put.json()) as { logo_url: string }
    expect(logo_url).not.toBe(logoUrl)
    expect((await t.request(logoUrl!)).status).toBe(404)
    const removed = await callApi(t, 'DELETE', `/api/v1/actors/${slug}/logo`, undefined, admin.cookie)
    expect(removed.status).toBe(204)
    expect((await actorBySlug(slug)).logoUrl).toBeNull()
    expect((await t.request(logo_url)).status).toBe(404)
    expect((await t.request('/uploads/logos/..%2F..%2Fetc%2Fpasswd')).status).toBe(404)
  })

  it('refuses a fake PNG, another type and an oversize file at the field, writing nothing', async () => {
    const audit = await lastAuditId(t)
    const fake = new Uint8Array(4000)
    fake.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const cases: [Blob, string][] = [
      [new Blob([fake], { type: 'image/png' }), 'could not be read as an image'],
      [new Blob(['GIF89a not allowed'], { type: 'image/png' }), 'must be a PNG, JPEG or WebP'],
      [new Blob([fake, new Uint8Array(2.5 * 1024 * 1024)], { type: 'image/png' }), 'larger than 2 MB'],
    ]
    for (const [file, message] of cases) {
      const res = await postForm(
        t,
        `/en/organisations/${slug}/edit`,
        editForm(file, { name: 'Renamed Labor' }),
        admin.cookie,
      )
      expect(res.status, message).toBe(422)
      const html = await res.text()
      expect(html, message).toContain(message)
      expect(html).toContain('aria-describedby="field-logo-hint field-logo-error"')
      expect(html).toContain('value="Renamed Labor"')
    }
    const huge = await postForm(
      t,
      `/en/organisations/${slug}/edit`,
      editForm(new Blob([new Uint8Array(9 * 1024 * 1024)])),
      admin.cookie,
    )
    expect(huge.status).toBe(413)
    const api = await t.request(`/api/v1/actors/${slug}/logo`, {
      method: 'PUT',
      headers: { cookie: admin.cookie, 'content-type': 'image/png' },
      body: 'not an image',
    })
    expect(api.status).toBe(400)
    expect((await actorBySlug(slug)).name).toBe('Logo Labor')
    expect(await lastAuditId(t)).toBe(audit)
  })
})

describe('claims', () => {
  it('are decided by the city’s cluster manager; the claimant is told in their language', async () => {
    const actor = await unclaimedActor(t, 'pecs')
    const hungarian = await signedInPerson(t, { locale: 'hu' })
    const german = await signedInPerson(t, { locale: 'de' })
    const path = `/en/actors/${actor.slug}/claim`
    expect((await t.request(path, { headers: { cookie: hungarian.cookie } })).status).toBe(200)

    const short = await postForm(t, path, { message: 'me' }, hungarian.cookie)
    expect(short.status).toBe(422)
    expect(await t.db.select().from(orgClaims).where(eq(orgClaims.actorId, actor.id))).toEqual([])

    const sent = await postForm(t, path, { message: 'I founded this studio in 2015.' }, hungarian.cookie)
    expect(sent.status).toBe(303)
    expect(await (await t.request(path, { headers: { cookie: hungarian.cookie } })).text()).toContain(
      'waiting for the cluster manager’s decision',
    )
    expect((await postForm(t, path, { message: 'Once more, with feeling.' }, hungarian.cookie)).status).toBe(
      422,
    )
    const api = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/claims`,
      { message: 'I run it with my partner.' },
      german.cookie,
    )
    expect(api.status).toBe(201)

    const list = `/en/clusters/pecs/claims`
    expect((await t.request(list, { headers: { cookie: world.people.org_member.cookie } })).status).toBe(403)
    expect(
      (
        await t.request('/en/clusters/leipzig/claims', {
          headers: { cookie: world.people.cluster_manager.cookie },
        })
      ).status,
    ).toBe(403)
    const listed = await (
      await t.request(list, { headers: { cookie: world.people.cluster_manager.cookie } })
    ).text()
    expect(listed).toContain('I founded this studio in 2015.')
    const claims = await t.db
      .select()
      .from(orgClaims)
      .where(eq(orgClaims.actorId, actor.id))
      .orderBy(orgClaims.id)

    // Declining needs a reason, given at the field.
    const noReason = await postForm(
      t,
      `${list}/${claims[0].id}`,
      { decision: 'decline', reason: '' },
      world.people.cluster_manager.cookie,
    )
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('Give a reason when you decline.')
    const declined = await postForm(
      t,
      `${list}/${claims[0].id}`,
      { decision: 'decline', reason: 'Nobody at the studio knows you.' },
      world.people.cluster_manager.cookie,
    )
    expect(declined.status).toBe(303)
    const declineMail = await lastMailTo(t, hungarian.email)
    expect(declineMail.locale).toBe('hu')
    expect(declineMail.subject).toBe(`Elutasítottuk igénylését: ${actor.name}`)
    expect(declineMail.body).toContain('Nobody at the studio knows you.')
    expect(await roleIn(t, actor.id, hungarian.id)).toBeUndefined()

    // The network admin decides anywhere, through the API too.
    const approved = await callApi(
      t,
      'POST',
      `/api/v1/clusters/pecs/claims/${claims[1].id}/decision`,
      { decision: 'approve' },
      world.people.network_admin.cookie,
    )
    expect(approved.status).toBe(204)
    expect(await roleIn(t, actor.id, german.id)).toBe('admin')
    const approveMail = await lastMailTo(t, german.email)
    expect(approveMail.subject).toBe(`Ihr Anspruch auf ${actor.name} ist angenommen`)
    expect(
      (
        await callApi(
          t,
          'POST',
          `/api/v1/clusters/pecs/claims/${claims[1].id}/decision`,
          { decision: 'decline', reason: 'x' },
          world.people.network_admin.cookie,
        )
      ).status,
    ).toBe(409)

    // Now it has an admin: no one else can claim it.
    const late = await signedInPerson(t)
    expect(await (await t.request(path, { headers: { cookie: late.cookie } })).text()).toContain(
      'Ask one of them to invite you',
    )
    const refused = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/claims`,
      { message: 'Me too, please.' },
      late.cookie,
    )
    expect(refused.status).toBe(409)

    const statuses = (await t.db.select().from(orgClaims).where(eq(orgClaims.actorId, actor.id))).map(
      (c) => c.status,
    )
    expect(statuses.sort()).toEqual(['approved', 'declined'])
  })

  it('are only decided within the cluster named, and only by its managers', async () => {
    const actor = await unclaimedActor(t, 'leipzig')
    const person = await signedInPerson(t)
    const res = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/claims`,
      { message: 'This is my own company.' },
      person.cookie,
    )
    const { id } = (await res.json()) as { id: number }
    const manager = world.people.cluster_manager.cookie
    expect(
      (
        await callApi(
          t,
          'POST',
          `/api/v1/clusters/leipzig/claims/${id}/decision`,
          { decision: 'approve' },
          manager,
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await callApi(
          t,
          'POST',
          `/api/v1/clusters/pecs/claims/${id}/decision`,
          { decision: 'approve' },
          manager,
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await t.request('/en/clusters/atlantis/claims', {
          headers: { cookie: world.people.network_admin.cookie },
        })
      ).status,
    ).toBe(404)
    expect(await roleIn(t, actor.id, person.id)).toBeUndefined()
  })
  it('are not decided by the person who made them: another manager or the network admin decides', async () => {
    const actor = await unclaimedActor(t, 'pecs', 1)
    const manager = world.people.cluster_manager
    const res = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/claims`,
      { message: 'I run this studio besides managing the cluster.' },
      manager.cookie,
    )
    const { id } = (await res.json()) as { id: number }
    const own = await t.request(`/api/v1/clusters/pecs/claims/${id}/decision`, {
      method: 'POST',
      headers: {
        origin: testConfig.publicUrl,
        cookie: manager.cookie,
        'content-type': 'application/json',
        'accept-language': 'de',
      },
      body: JSON.stringify({ decision: 'approve' }),
    })
    expect(own.status).toBe(403)
    expect(((await own.json()) as { error: { message: string } }).error.message).toContain(
      'Diesen Anspruch haben Sie selbst gestellt',
    )
    // The page shows the claim without a decision form, and refuses a decision posted anyway.
    const page = await (
      await t.request('/en/clusters/pecs/claims', { headers: { cookie: manager.cookie } })
    ).text()
    expect(page).toContain('You made this claim yourself')
    expect(page).not.toContain(`/en/clusters/pecs/claims/${id}"`)
    const posted = await postForm(
      t,
      `/hu/clusters/pecs/claims/${id}`,
      { decision: 'approve', reason: '' },
      manager.cookie,
    )
    expect(posted.status).toBe(403)
    expect(await posted.text()).toContain('Ezt az igénylést Ön nyújtotta be')
    expect(await roleIn(t, actor.id, manager.id)).toBeUndefined()
    expect((await t.db.select().from(orgClaims).where(eq(orgClaims.id, id)))[0].status).toBe('pending')

    const approved = await callApi(
      t,
      'POST',
      `/api/v1/clusters/pecs/claims/${id}/decision`,
      { decision: 'approve' },
      world.people.network_admin.cookie,
    )
    expect(approved.status).toBe(204)
    expect(await roleIn(t, actor.id, manager.id)).toBe('admin')
  })

  it('stay decided when the mail to the claimant cannot go out', async () => {
    const actor = await unclaimedActor(t, 'pecs', 2)
    const claimant = await signedInPerson(t)
    const { id } = (await claimOrganisation(await ctxOf(claimant), actor.slug, {
      message: 'I founded it last spring.',
    })) as { id: number }
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const manager = await ctxOf(world.people.cluster_manager)
      const smtpDown = { ...manager, config: { ...manager.config, SMTP_URL: 'smtp://127.0.0.1:1' } }
      await expect(decideClaim(smtpDown, 'pecs', id, { decision: 'approve' })).resolves.toBeUndefined()
      expect(logged.mock.calls.some((call) => String(call[0]).includes('org_claim_approved'))).toBe(true)
    } finally {
      logged.mockRestore()
    }
    expect(await roleIn(t, actor.id, claimant.id)).toBe('admin')
    expect((await t.db.select().from(orgClaims).where(eq(orgClaims.id, id)))[0].status).toBe('approved')
  })
})
