import type { Db } from '../../core/db/client'
import { slugify } from '../../core/text'
import { findPersonByEmail } from '../accounts/service'
import { openConversation } from '../messages/service'
import { organisationsOfPerson } from '../organisations/service'
import { getTaxonomy } from '../taxonomy/service'
import {
  insertDemoInterests,
  insertOpportunities,
  type NewOpportunityRow,
  updateInterestDecision,
} from './queries'
import type { OpportunityDetails, OpportunityStatus, OpportunityType } from './schema'
import { capabilitiesToMatch } from './service'

const domain = 'demo.creative-cities.example'
const cityLanguage: Record<string, string> = {
  leipzig: 'de',
  genoa: 'it',
  gdansk: 'pl',
  ljubljana: 'sl',
  pecs: 'hu',
}

interface DemoOpportunity {
  city: string
  /** Posted by the cluster (its manager) rather than the city's demo organisation; such ones are pinned. */
  byCluster?: boolean
  type: OpportunityType
  lang: string
  title: string
  description: string
  sectors: string[]
  offers?: string[]
  needs?: string[]
  reach?: 'city' | 'network' | 'remote'
  /** Days from today; negative for a deadline that has passed. */
  deadlineIn?: number
  status?: OpportunityStatus
  details?: OpportunityDetails
  /** Cities whose demo organisations expressed interest; `accepted` ones have a conversation. */
  interest?: { from: string; message: string; status?: 'pending' | 'shortlisted' | 'accepted' | 'declined' }[]
}

// Fictional organisations and projects, written in each city's language (a few in English).
const demoOpportunities: DemoOpportunity[] = [
  {
    city: 'leipzig',
    type: 'collaboration_request',
    lang: 'de',
    title: 'Game-Studio für ein interaktives Stadtmuseum gesucht',
    description:
      'Für eine Ausstellung über die Leipziger Messegeschichte suchen wir ein Studio, das mit uns ein kleines Serious Game für Tablets entwickelt. Laufzeit etwa sechs Monate ab dem Frühjahr.',
    sectors: ['software-games', 'design'],
    needs: ['game-development', 'game-art'],
    reach: 'network',
    deadlineIn: 45,
    interest: [
      {
        from: 'ljubljana',
        message:
          'Pozdravljeni! Naš studio razvija izobraževalne igre že osem let. Z veseljem bi sodelovali pri razstavi.',
        status: 'accepted',
      },
      {
        from: 'gdansk',
        message:
          'Dzień dobry, tworzymy gry edukacyjne dla muzeów w Gdańsku. Chętnie porozmawiamy o projekcie.',
        status: 'shortlisted',
      },
    ],
  },
  {
    city: 'leipzig',
    type: 'collaboration_offer',
    lang: 'de',
    title: 'Tonstudio bietet Sounddesign für Animationsfilme',
    description:
      'Unser Tonstudio in Plagwitz übernimmt Sounddesign, Foley und Mischung für kurze Animationsfilme.',
    sectors: ['film-photography-music'],
    offers: ['sound-design', 'post-production'],
    reach: 'network',
  },
  {
    city: 'leipzig',
    type: 'job',
    lang: 'de',
    title: 'Motion Designer:in (Vollzeit)',
    description:
      'Wir suchen eine Motion Designerin oder einen Motion Designer für Erklärfilme und Kampagnen.',
    sectors: ['design'],
    needs: ['motion-graphics'],
    deadlineIn: 20,
    details: {
      contractType: 'permanent',
      hoursPerWeek: 40,
      salaryMin: 42000,
      salaryMax: 50000,
      currency: 'EUR',
      remote: true,
    },
  },
  {
    city: 'leipzig',
    type: 'internship',
    lang: 'en',
    title: 'Internship in UX research (English-speaking team)',
    description: 'Join our small product team for three months and help us test prototypes with real users.',
    sectors: ['design', 'software-games'],
    needs: ['ux-design'],
    deadlineIn: -10,
    status: 'expired',
    details: { contractType: 'fixed_term', hoursPerWeek: 30, salaryMin: 9600, currency: 'EUR' },
  },
  {
    city: 'leipzig',
    type: 'workspace',
    lang: 'de',
    title: 'Zwei Schreibtische im Atelierhaus frei',
    description:
      'In unserem Atelierhaus in der Südvorstadt sind ab sofort zwei Schreibtische mit Werkstattzugang frei.',
    sectors: ['arts-and-craft'],
    offers: ['coworking-desk'],
    details: { sizeM2: 12, pricePerMonth: 220, currency: 'EUR', address: 'Musterstraße 12, Leipzig' },
  },
  {
    city: 'leipzig',
    byCluster: true,
    type: 'call',
    lang: 'de',
    title: 'Förderaufruf: Kreativräume für die Innenstadt',
    description:
      'Der Cluster fördert Zwischennutzungen leerstehender Läden durch Kreativunternehmen mit bis zu 15.000 Euro.',
    sectors: ['arts-and-craft', 'design'],
    offers: ['funding'],
    deadlineIn: 30,
    details: {
      budget: 15000,
      currency: 'EUR',
      eligibility: { de: 'Kreativunternehmen mit Sitz in Leipzig.' },
    },
  },
  {
    city: 'genoa',
    type: 'collaboration_request',
    lang: 'it',
    title: 'Cerchiamo illustratori per un libro sul porto',
    description:
      'Una piccola casa editrice genovese cerca illustratori per un libro per ragazzi sulla storia del porto.',
    sectors: ['publishing', 'design'],
    needs: ['illustration'],
    reach: 'network',
    deadlineIn: 12,
    interest: [
      {
        from: 'pecs',
        message: 'Jó napot! Illusztrátoraink szívesen dolgoznának a könyvön, küldünk portfóliót.',
        status: 'pending',
      },
    ],
  },
  {
    city: 'genoa',
    type: 'collaboration_offer',
    lang: 'it',
    title: 'Offriamo scenografie per festival e teatri',
    description: 'Il nostro laboratorio realizza scenografie e allestimenti per festival, teatri e mostre.',
    sectors: ['visual-performing-arts'],
    offers: ['stage-design', 'exhibition-design'],
    status: 'closed',
  },
  {
    city: 'genoa',
    type: 'job',
    lang: 'it',
    title: 'Sviluppatore web full stack',
    description: 'Agenzia digitale nel centro storico cerca uno sviluppatore web per progetti culturali.',
    sectors: ['software-games'],
    needs: ['web-development'],
    reach: 'remote',
    deadlineIn: 25,
    details: {
      contractType: 'permanent',
      hoursPerWeek: 40,
      salaryMin: 32000,
      salaryMax: 40000,
      currency: 'EUR',
      remote: true,
    },
  },
  {
    city: 'genoa',
    type: 'internship',
    lang: 'it',
    title: 'Tirocinio in produzione video',
    description:
      'Tirocinio di sei mesi nella nostra casa di produzione: riprese, montaggio e post-produzione.',
    sectors: ['film-photography-music'],
    needs: ['video-production'],
    deadlineIn: 5,
    details: { contractType: 'fixed_term', hoursPerWeek: 36, salaryMin: 9000, currency: 'EUR' },
  },
  {
    city: 'genoa',
    type: 'workspace',
    lang: 'it',
    title: 'Postazioni in coworking vicino al Porto Antico',
    description: 'Coworking luminoso con sala riunioni e stampante 3D, a cinque minuti dal Porto Antico.',
    sectors: ['design'],
    offers: ['coworking-desk', 'prototyping-makerspace'],
    details: { sizeM2: 8, pricePerMonth: 190, currency: 'EUR', address: 'Via dell’Esempio 3, Genova' },
  },
  {
    city: 'genoa',
    type: 'call',
    lang: 'en',
    title: 'Call for artists: harbour light installations',
    description: 'Artists are invited to propose temporary light installations for the harbour festival.',
    sectors: ['visual-performing-arts'],
    needs: ['lighting-design', 'fine-art'],
    reach: 'network',
    deadlineIn: -20,
    status: 'expired',
    details: { budget: 8000, currency: 'EUR' },
  },
  {
    city: 'gdansk',
    type: 'collaboration_offer',
    lang: 'pl',
    title: 'Oferujemy animację 3D dla muzeów',
    description: 'Studio z Gdańska tworzy animacje 3D i rekonstrukcje historyczne dla muzeów i wystaw.',
    sectors: ['film-photography-music'],
    offers: ['3d-animation', 'architectural-visualisation'],
    reach: 'network',
    interest: [
      {
        from: 'genoa',
        message: 'Buongiorno, stiamo preparando una mostra sul porto e ci servirebbero ricostruzioni 3D.',
        status: 'accepted',
      },
    ],
  },
  {
    city: 'gdansk',
    type: 'collaboration_request',
    lang: 'pl',
    title: 'Szukamy partnera do podcastu o stoczni',
    description: 'Szukamy studia dźwiękowego do wspólnej produkcji podcastu o historii stoczni.',
    sectors: ['media'],
    needs: ['podcast-production', 'sound-design'],
    deadlineIn: 35,
  },
  {
    city: 'gdansk',
    type: 'job',
    lang: 'pl',
    title: 'Grafik / graficzka do agencji reklamowej',
    description: 'Agencja reklamowa w Oliwie szuka grafika z doświadczeniem w identyfikacji wizualnej.',
    sectors: ['advertising', 'design'],
    needs: ['brand-identity', 'graphic-design'],
    deadlineIn: 14,
    details: {
      contractType: 'fixed_term',
      hoursPerWeek: 40,
      salaryMin: 84000,
      salaryMax: 102000,
      currency: 'PLN',
    },
  },
  {
    city: 'gdansk',
    type: 'internship',
    lang: 'pl',
    title: 'Staż w wydawnictwie',
    description: 'Trzymiesięczny staż w redakcji: korekta, skład i przygotowanie e-booków.',
    sectors: ['publishing'],
    needs: ['editing-proofreading', 'e-books'],
    status: 'draft',
    details: { contractType: 'part_time', hoursPerWeek: 20 },
  },
  {
    city: 'gdansk',
    type: 'workspace',
    lang: 'pl',
    title: 'Pracownia ceramiczna do wynajęcia',
    description: 'Wynajmiemy pracownię ceramiczną z piecem na godziny lub na miesiąc.',
    sectors: ['arts-and-craft'],
    offers: ['ceramics', 'equipment-rental'],
    details: { sizeM2: 35, pricePerMonth: 1400, currency: 'PLN', address: 'ul. Przykładowa 7, Gdańsk' },
  },
  {
    city: 'gdansk',
    byCluster: true,
    type: 'call',
    lang: 'pl',
    title: 'Nabór do programu mentoringowego dla start-upów kreatywnych',
    description: 'Klaster zaprasza młode firmy kreatywne do półrocznego programu mentoringowego.',
    sectors: ['software-games', 'design'],
    offers: ['mentoring', 'training-workshops'],
    reach: 'network',
    deadlineIn: 21,
    details: { budget: 0, currency: 'PLN', eligibility: { pl: 'Firmy działające krócej niż trzy lata.' } },
  },
  {
    city: 'ljubljana',
    type: 'collaboration_offer',
    lang: 'sl',
    title: 'Ponujamo razvoj iger in grafiko za igre',
    description: 'Naš studio v Ljubljani razvija izobraževalne in resne igre ter izdeluje grafiko zanje.',
    sectors: ['software-games'],
    offers: ['game-development', 'game-art'],
    reach: 'network',
  },
  {
    city: 'ljubljana',
    type: 'collaboration_request',
    lang: 'sl',
    title: 'Iščemo prevajalce za zbirko slikanic',
    description: 'Založba išče prevajalce za prevod zbirke slikanic v nemščino in italijanščino.',
    sectors: ['publishing'],
    needs: ['translation-of-publications'],
    reach: 'network',
    deadlineIn: 28,
    interest: [
      {
        from: 'leipzig',
        message: 'Guten Tag, unsere Übersetzerinnen arbeiten seit Jahren mit Kinderbuchverlagen zusammen.',
        status: 'declined',
      },
    ],
  },
  {
    city: 'ljubljana',
    type: 'job',
    lang: 'sl',
    title: 'Razvijalec mobilnih aplikacij',
    description: 'Iščemo razvijalca mobilnih aplikacij za projekte s področja kulture in turizma.',
    sectors: ['software-games'],
    needs: ['mobile-apps'],
    status: 'closed',
    details: {
      contractType: 'permanent',
      hoursPerWeek: 40,
      salaryMin: 30000,
      salaryMax: 38000,
      currency: 'EUR',
    },
  },
  {
    city: 'ljubljana',
    type: 'internship',
    lang: 'sl',
    title: 'Praksa v arhitekturnem biroju',
    description: 'Arhitekturni biro ponuja trimesečno prakso pri projektih prenove stavb.',
    sectors: ['architecture'],
    needs: ['architectural-design', 'heritage-restoration'],
    deadlineIn: 40,
    details: { contractType: 'fixed_term', hoursPerWeek: 40, salaryMin: 7200, currency: 'EUR' },
  },
  {
    city: 'ljubljana',
    type: 'workspace',
    lang: 'en',
    title: 'Desks in a shared studio near the old town',
    description: 'Two desks free in our design studio, with a meeting room and a photo corner.',
    sectors: ['design'],
    offers: ['coworking-desk'],
    details: { sizeM2: 10, pricePerMonth: 200, currency: 'EUR', address: 'Primerna ulica 5, Ljubljana' },
  },
  {
    city: 'ljubljana',
    type: 'call',
    lang: 'sl',
    title: 'Razpis za rezidenco ilustratorjev',
    description: 'Galerija vabi ilustratorje iz mest omrežja na enomesečno rezidenco.',
    sectors: ['visual-performing-arts'],
    offers: ['artist-residencies'],
    reach: 'network',
    deadlineIn: 60,
    details: { budget: 3000, currency: 'EUR', eligibility: { sl: 'Ilustratorji iz mest omrežja.' } },
  },
  {
    city: 'pecs',
    type: 'collaboration_request',
    lang: 'hu',
    title: 'Partnert keresünk egy kerámia-fesztiválhoz',
    description: 'Nyári kerámiafesztiválunkhoz kiállítástervező és rendezvényszervező partnert keresünk.',
    sectors: ['arts-and-craft'],
    needs: ['exhibition-design', 'event-management'],
    reach: 'network',
    deadlineIn: 18,
    interest: [
      {
        from: 'genoa',
        message: 'Buongiorno, progettiamo allestimenti per mostre di ceramica da quindici anni.',
        status: 'pending',
      },
    ],
  },
  {
    city: 'pecs',
    type: 'collaboration_offer',
    lang: 'hu',
    title: 'Hangtechnikát és élő zenei produkciót kínálunk',
    description: 'Csapatunk hangtechnikát, fénytechnikát és élő zenei produkciót vállal fesztiválokra.',
    sectors: ['visual-performing-arts', 'film-photography-music'],
    offers: ['live-music', 'lighting-design', 'sound-design'],
    reach: 'network',
  },
  {
    city: 'pecs',
    type: 'job',
    lang: 'hu',
    title: 'Webfejlesztő (részmunkaidő)',
    description: 'Pécsi ügynökségünk részmunkaidős webfejlesztőt keres kulturális intézmények honlapjaihoz.',
    sectors: ['software-games'],
    needs: ['web-development'],
    deadlineIn: 3,
    details: {
      contractType: 'part_time',
      hoursPerWeek: 20,
      salaryMin: 4800000,
      salaryMax: 6000000,
      currency: 'HUF',
    },
  },
  {
    city: 'pecs',
    type: 'internship',
    lang: 'hu',
    title: 'Gyakornok a fotóstúdióban',
    description: 'Fotóstúdiónk gyakornokot keres termékfotózáshoz és utómunkához.',
    sectors: ['film-photography-music'],
    needs: ['photography'],
    status: 'draft',
  },
  {
    city: 'pecs',
    type: 'workspace',
    lang: 'hu',
    title: 'Műhelyhely a Zsolnay negyedben',
    description: 'Üvegműves műhelyünkben egy munkaasztal kiadó, kemencehasználattal.',
    sectors: ['arts-and-craft'],
    offers: ['glass-art', 'equipment-rental'],
    deadlineIn: -5,
    status: 'expired',
    details: { sizeM2: 15, pricePerMonth: 60000, currency: 'HUF', address: 'Példa utca 1, Pécs' },
  },
  {
    city: 'pecs',
    byCluster: true,
    type: 'call',
    lang: 'hu',
    title: 'Pályázat: kreatív workshopok iskoláknak',
    description: 'A klaszter kreatív workshopokat támogat pécsi iskolákban; várjuk a pályázatokat.',
    sectors: ['visual-performing-arts', 'design'],
    needs: ['arts-education', 'training-workshops'],
    deadlineIn: 26,
    details: {
      budget: 2000000,
      currency: 'HUF',
      eligibility: { hu: 'Pécsi kreatív vállalkozások és alkotók.' },
    },
  },
]

const day = 24 * 3600 * 1000
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10)

/**
 * Opportunities of every type in every city, by the cities' demo organisations (and a few by their clusters,
 * pinned), with expressions of interest from other cities' demo organisations; accepted ones have opened a
 * conversation, as acceptance does.
 */
export async function loadOpportunitiesDemo(db: Db) {
  const organisations = new Map<string, { actorId: number; userId: string }>()
  const managers = new Map<string, string>()
  for (const city of Object.keys(cityLanguage)) {
    const admin = await findPersonByEmail(db, `orgadmin.${city}@${domain}`)
    const [org] = admin ? await organisationsOfPerson(db, admin.id) : []
    if (admin && org) organisations.set(city, { actorId: Number(org.actorId), userId: admin.id })
    const manager = await findPersonByEmail(db, `manager.${city}@${domain}`)
    if (manager) managers.set(city, manager.id)
  }
  if (!organisations.size) return
  const posted = demoOpportunities.filter((o) =>
    o.byCluster ? managers.has(o.city) : organisations.has(o.city),
  )
  const taxonomy = await getTaxonomy({ db })
  const rows: NewOpportunityRow[] = posted.map((o, i) => {
    const status = o.status ?? 'published'
    const publishedDaysAgo = 2 + ((i * 5) % 40)
    const text = { type: o.type, title: { [o.lang]: o.title }, description: { [o.lang]: o.description } }
    return {
      ...capabilitiesToMatch(taxonomy, { ...text, offers: o.offers ?? [], needs: o.needs ?? [] }),
      slug: `${slugify(o.title).slice(0, 60).replace(/-+$/, '')}-demo${i + 1}`,
      type: o.type,
      status,
      actorId: o.byCluster ? null : organisations.get(o.city)!.actorId,
      clusterId: o.city,
      onBehalfOfCluster: !!o.byCluster,
      pinned: !!o.byCluster,
      reach: o.reach ?? 'city',
      title: { [o.lang]: o.title },
      description: { [o.lang]: o.description },
      originalLanguage: o.lang,
      sectors: o.sectors,
      offers: o.offers ?? [],
      needs: o.needs ?? [],
      details: o.details ?? {},
      deadline: o.deadlineIn === undefined ? null : dateIn(o.deadlineIn),
      contactEmail: o.byCluster ? `cluster.${o.city}@${domain}` : `orgadmin.${o.city}@${domain}`,
      createdBy: o.byCluster ? managers.get(o.city)! : organisations.get(o.city)!.userId,
      demo: true,
      publishedAt: status === 'draft' ? null : new Date(Date.now() - publishedDaysAgo * day),
      closedAt: status === 'closed' ? new Date(Date.now() - day) : null,
      createdAt: new Date(Date.now() - (publishedDaysAgo + 1) * day),
    }
  })
  const ids = await insertOpportunities(db, rows)
  for (const [index, o] of posted.entries()) {
    const poster = o.byCluster ? null : organisations.get(o.city)!.actorId
    for (const interest of o.interest ?? []) {
      const from = organisations.get(interest.from)
      if (!from || from.actorId === poster) continue
      const [row] = await insertDemoInterests(db, [
        {
          opportunityId: ids[index],
          actorId: from.actorId,
          message: interest.message,
          createdBy: from.userId,
        },
      ])
      const status = interest.status ?? 'pending'
      if (status === 'pending') continue
      const conversationId =
        status === 'accepted' && poster
          ? await openConversation(db, {
              parties: [poster, from.actorId],
              subject: o.title,
              origin: { type: 'interest', id: String(row.id) },
              first: { actorId: from.actorId, userId: from.userId, body: interest.message },
            })
          : null
      await updateInterestDecision(db, row.id, { status, conversationId })
    }
  }
}
