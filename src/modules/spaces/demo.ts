import type { Db } from '../../core/db/client'
import type { Locale } from '../../core/i18n'
import { demoPasswordHash } from '../accounts/demo'
import { createVerifiedPerson, findPersonByEmail } from '../accounts/service'
import { findActorsBySlugs } from '../actors/service'
import { listDistricts } from '../network/service'
import { addDemoPeople, organisationsOfPerson } from '../organisations/service'
import { insertDemoApplications, insertSpace, insertSpaceEvent, type SpaceRow } from './queries'
import type { SpaceApplicationStatus, SpaceStatus, SpaceTerms, SpaceType } from './schema'

const domain = 'demo.creative-cities.example'

/**
 * The demo owners, listed in the README: the admin of each founding city's authority (a founding partner),
 * writing in their city's language. Password: the demo password.
 */
export const demoOwnerAccounts: {
  email: string
  name: string
  city: string
  owner: string
  locale: Locale
}[] = [
  {
    email: `owner.leipzig@${domain}`,
    name: 'Katrin Hoffmann',
    city: 'leipzig',
    owner: 'partner-leipzig',
    locale: 'de',
  },
  {
    email: `owner.genoa@${domain}`,
    name: 'Paola Ricci',
    city: 'genoa',
    owner: 'partner-genoa',
    locale: 'it',
  },
  {
    email: `owner.gdansk@${domain}`,
    name: 'Magdalena Zielińska',
    city: 'gdansk',
    owner: 'partner-gdansk',
    locale: 'pl',
  },
  {
    email: `owner.ljubljana@${domain}`,
    name: 'Maja Horvat',
    city: 'ljubljana',
    owner: 'partner-rralur',
    locale: 'sl',
  },
  { email: `owner.pecs@${domain}`, name: 'Dóra Tóth', city: 'pecs', owner: 'partner-pecs', locale: 'hu' },
]

// Where a district lies when the reference data gives no point: its centre, roughly.
const knownCentres: Record<string, [number, number]> = {
  'leipzig-lindenau': [51.3385, 12.3235],
  'leipzig-westwerk': [51.3318, 12.3262],
  'gdansk-laznia': [54.3441, 18.6598],
  'gdansk-mlode-miasto': [54.3622, 18.6486],
  'genoa-centro-storico': [44.4078, 8.9317],
  'ljubljana-rog': [46.0533, 14.5148],
  'ljubljana-metelkova': [46.0569, 14.5167],
  'ljubljana-technology-park': [46.0493, 14.4636],
  'pecs-zsolnay': [46.0788, 18.2487],
  'pecs-kikk-coworking': [46.0752, 18.2305],
}

const titles: Record<string, Record<SpaceType, string>> = {
  en: {
    studio: 'Studio in {d}',
    workshop: 'Workshop in {d}',
    shop_front: 'Shop front in {d}',
    office: 'Office floor in {d}',
    hall: 'Hall in {d}',
    whole_building: 'Empty building in {d}',
    flat: 'Flat for guardians in {d}',
  },
  de: {
    studio: 'Atelier in {d}',
    workshop: 'Werkstatt in {d}',
    shop_front: 'Ladenlokal in {d}',
    office: 'Büroetage in {d}',
    hall: 'Halle in {d}',
    whole_building: 'Leerstehendes Gebäude in {d}',
    flat: 'Wohnung für Wächter in {d}',
  },
  it: {
    studio: 'Studio a {d}',
    workshop: 'Laboratorio a {d}',
    shop_front: 'Negozio sfitto a {d}',
    office: 'Piano uffici a {d}',
    hall: 'Capannone a {d}',
    whole_building: 'Edificio vuoto a {d}',
    flat: 'Appartamento per custodi a {d}',
  },
  pl: {
    studio: 'Pracownia – {d}',
    workshop: 'Warsztat – {d}',
    shop_front: 'Lokal użytkowy od ulicy – {d}',
    office: 'Piętro biurowe – {d}',
    hall: 'Hala – {d}',
    whole_building: 'Pusty budynek – {d}',
    flat: 'Mieszkanie dla opiekunów – {d}',
  },
  sl: {
    studio: 'Atelje – {d}',
    workshop: 'Delavnica – {d}',
    shop_front: 'Poslovni prostor ob ulici – {d}',
    office: 'Pisarniško nadstropje – {d}',
    hall: 'Hala – {d}',
    whole_building: 'Prazna stavba – {d}',
    flat: 'Stanovanje za varuhe – {d}',
  },
  hu: {
    studio: 'Műterem – {d}',
    workshop: 'Műhely – {d}',
    shop_front: 'Utcai üzlethelyiség – {d}',
    office: 'Irodaszint – {d}',
    hall: 'Csarnok – {d}',
    whole_building: 'Üres épület – {d}',
    flat: 'Lakás gondnokoknak – {d}',
  },
}

const descriptions: Record<string, string> = {
  en: 'Vacant for years in {d}, suitable for creative meanwhile use. Viewing by arrangement with the owner. (Demo data: an invented space.)',
  de: 'Seit Jahren leerstehende Fläche in {d}, geeignet für kreative Zwischennutzung. Besichtigung nach Absprache mit dem Eigentümer. (Demodaten: ein erfundener Raum.)',
  it: 'Spazio inutilizzato da anni a {d}, adatto a un uso temporaneo creativo. Visite su appuntamento con il proprietario. (Dati dimostrativi: uno spazio inventato.)',
  pl: 'Od lat niewykorzystywana przestrzeń w dzielnicy {d}, odpowiednia na twórcze użytkowanie tymczasowe. Oglądanie po uzgodnieniu z właścicielem. (Dane demonstracyjne: wymyślona przestrzeń.)',
  sl: 'Že leta prazen prostor v {d}, primeren za ustvarjalno začasno rabo. Ogled po dogovoru z lastnikom. (Predstavitveni podatki: izmišljen prostor.)',
  hu: 'Évek óta üresen álló helyiség itt: {d}, kreatív átmeneti hasznosításra alkalmas. Megtekintés a tulajdonossal egyeztetve. (Bemutató adat: kitalált helyiség.)',
}

const proposals: Record<string, { proposal: string; hours: string; contribution: string }> = {
  en: {
    proposal: 'A shared studio for our design team with a small gallery open to the neighbourhood.',
    hours: 'Mon–Fri 9–18, gallery Sat 12–17',
    contribution:
      'Open studio evenings, workshops for local schools and a shop window that changes every month.',
  },
  de: {
    proposal:
      'Ein gemeinsames Atelier für unser Designteam mit einer kleinen Galerie, die für die Nachbarschaft offen ist.',
    hours: 'Mo–Fr 9–18 Uhr, Galerie Sa 12–17 Uhr',
    contribution:
      'Offene Ateliers, Workshops mit Schulen im Viertel und ein Schaufenster, das sich jeden Monat ändert.',
  },
  it: {
    proposal:
      'Uno studio condiviso per il nostro team di design con una piccola galleria aperta al quartiere.',
    hours: 'Lun–Ven 9–18, galleria sabato 12–17',
    contribution:
      'Serate a studio aperto, laboratori per le scuole del quartiere e una vetrina che cambia ogni mese.',
  },
  pl: {
    proposal: 'Wspólna pracownia dla naszego zespołu projektowego z małą galerią otwartą dla sąsiadów.',
    hours: 'Pn–Pt 9–18, galeria sob. 12–17',
    contribution:
      'Otwarte wieczory w pracowni, warsztaty dla okolicznych szkół i witryna zmieniana co miesiąc.',
  },
  sl: {
    proposal: 'Skupni atelje za našo oblikovalsko ekipo z majhno galerijo, odprto za sosesko.',
    hours: 'Pon–pet 9–18, galerija sobota 12–17',
    contribution: 'Večeri odprtih vrat, delavnice za bližnje šole in izložba, ki se spreminja vsak mesec.',
  },
  hu: {
    proposal: 'Közös műterem a tervezőcsapatunknak egy kis galériával, amely nyitva áll a környék előtt.',
    hours: 'H–P 9–18, galéria szombaton 12–17',
    contribution: 'Nyitott műtermi esték, foglalkozások a környék iskoláinak és havonta megújuló kirakat.',
  },
}

const fill = (template: string, district: string) => template.replace('{d}', district)
const monthsAgo = (months: number) => new Date(Date.now() - months * 30 * 86_400_000)
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

interface Plan {
  type: SpaceType
  area: number
  terms: SpaceTerms
  rent: number | null
  /** What happened to it, oldest first, with how many months ago. */
  story: { status: SpaceStatus; monthsAgo: number }[]
  applicants: number
}

// Four spaces a district: one just offered, one with applicants, one let, one whose tenancy ended.
const plans = (i: number): Plan[] => [
  {
    type: (['shop_front', 'studio', 'office'] as const)[i % 3],
    area: 60 + (i % 4) * 15,
    terms: 'temporary_lease',
    rent: 240 + (i % 5) * 40,
    story: [{ status: 'available', monthsAgo: 1 }],
    applicants: 0,
  },
  {
    type: (['workshop', 'hall', 'studio'] as const)[i % 3],
    area: 120 + (i % 3) * 90,
    terms: 'free_for_costs',
    rent: null,
    story: [
      { status: 'available', monthsAgo: 5 },
      { status: 'under_application', monthsAgo: 2 },
    ],
    applicants: 2 + (i % 2),
  },
  {
    type: (['whole_building', 'flat', 'workshop'] as const)[i % 3],
    area: [640, 75, 210][i % 3],
    terms: (['long_lease', 'guardian', 'temporary_lease'] as const)[i % 3],
    rent: [1900, null, 520][i % 3],
    story: [
      { status: 'available', monthsAgo: 11 },
      { status: 'under_application', monthsAgo: 9 },
      { status: 'let', monthsAgo: 7 },
    ],
    applicants: 2,
  },
  {
    type: (['studio', 'office', 'shop_front'] as const)[i % 3],
    area: 40 + (i % 4) * 10,
    terms: 'temporary_lease',
    rent: 150 + (i % 3) * 60,
    story: [
      { status: 'available', monthsAgo: 12 },
      { status: 'let', monthsAgo: 10 },
      { status: 'ended', monthsAgo: 3 },
      { status: 'available', monthsAgo: 3 },
    ],
    applicants: 1,
  },
]

/**
 * An owner in every founding city (its authority, with a demo admin) and, in every seeded district, spaces
 * in several states with a dated history, applicants from the demo organisations and a tenant. Leipzig's
 * first space in Lindenau is the vacant shop front of the browser journey.
 */
export async function loadSpacesDemo(db: Db) {
  const passwordHash = await demoPasswordHash()
  const owners = new Map(
    (
      await findActorsBySlugs(
        db,
        demoOwnerAccounts.map((a) => a.owner),
      )
    ).map((a) => [a.slug, a]),
  )
  // The demo organisations of the founding cities: applicants and tenants.
  const creative: { id: number; clusterId: string; lang: string }[] = []
  for (const account of demoOwnerAccounts) {
    const admin = await findPersonByEmail(db, `orgadmin.${account.city}@${domain}`)
    if (!admin) continue
    for (const o of await organisationsOfPerson(db, admin.id))
      creative.push({ id: o.actorId, clusterId: account.city, lang: account.locale })
  }
  let serial = 0
  for (const account of demoOwnerAccounts) {
    const owner = owners.get(account.owner)
    if (!owner) continue
    const userId = await createVerifiedPerson(db, { ...account, passwordHash })
    await addDemoPeople(db, [{ actorId: owner.id, userId, role: 'admin', createdAt: monthsAgo(14) }])
    const lang = account.locale
    const districts = await listDistricts({ db }, account.city)
    for (const [di, district] of districts.entries()) {
      const centre =
        district.lat !== null && district.lon !== null
          ? [district.lat, district.lon]
          : knownCentres[district.id]
      if (!centre) continue
      for (const [pi, plan] of plans(di + serial).entries()) {
        serial += 1
        const journey = district.id === 'leipzig-lindenau' && pi === 0
        const type = journey ? 'shop_front' : plan.type
        const name = district.nameEn ?? district.name
        const title = journey
          ? {
              de: 'Leerstehendes Ladenlokal in der Georg-Schwarz-Straße',
              en: 'Vacant shop front on Georg-Schwarz-Straße',
            }
          : { [lang]: fill(titles[lang][type], district.name), en: fill(titles.en[type], name) }
        const started = monthsAgo(plan.story[0].monthsAgo)
        const last = plan.story.at(-1)!.status
        // The city's own demo organisation first, then the others': an applicant of every city somewhere.
        const applicants = [
          ...creative.filter((c) => c.clusterId === account.city),
          ...creative.filter((c) => c.clusterId !== account.city),
        ]
          .filter((c) => c.id !== owner.id)
          .slice(0, plan.applicants)
        const tenant = last === 'let' ? applicants[0] : undefined
        const space: SpaceRow = await insertSpace(db, {
          slug: `${journey ? 'ladenlokal-georg-schwarz-strasse' : `${district.id}-${type.replace('_', '-')}`}-demo${serial}`,
          ownerActorId: owner.id,
          clusterId: account.city,
          districtId: district.id,
          title,
          description: { [lang]: fill(descriptions[lang], district.name), en: fill(descriptions.en, name) },
          originalLanguage: lang,
          address: journey ? 'Georg-Schwarz-Straße 21, 04177 Leipzig' : `${district.name} ${pi + 3}`,
          lat: centre[0] + (pi - 1.5) * 0.0012,
          lon: centre[1] + ((di % 3) - 1) * 0.0015,
          type,
          floorArea: journey ? 85 : plan.area,
          condition: (['ready', 'needs_repair', 'shell'] as const)[(di + pi) % 3],
          facilities: [
            'electricity',
            'water',
            'toilet',
            ...(pi % 2 ? ['heating', 'internet'] : ['step_free']),
          ],
          terms: plan.terms,
          rentPerMonth: plan.rent,
          availableFrom: isoDay(started),
          status: last === 'ended' ? 'available' : last,
          tenantActorId: tenant?.id ?? null,
          demo: true,
          createdAt: started,
          updatedAt: monthsAgo(plan.story.at(-1)!.monthsAgo),
        })
        for (const [ei, event] of plan.story.entries())
          await insertSpaceEvent(db, {
            spaceId: space.id,
            status: event.status,
            actorId: event.status === 'let' || event.status === 'ended' ? applicants[0]?.id : null,
            at: new Date(monthsAgo(event.monthsAgo).getTime() + ei),
          })
        await insertDemoApplications(
          db,
          applicants.map((a, ai) => {
            const status: SpaceApplicationStatus =
              last === 'under_application'
                ? ai === 0
                  ? 'shortlisted'
                  : 'pending'
                : ai === 0
                  ? 'chosen'
                  : 'declined'
            return {
              spaceId: space.id,
              actorId: a.id,
              ...proposals[a.lang],
              people: 2 + ai * 3,
              status,
              createdAt: monthsAgo(plan.story[0].monthsAgo - 0.5),
              decidedAt:
                status === 'pending' || status === 'shortlisted'
                  ? null
                  : monthsAgo(plan.story.at(-1)!.monthsAgo),
            }
          }),
        )
      }
    }
  }
}
