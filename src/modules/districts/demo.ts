import type { Db } from '../../core/db/client'
import { insertMilestones, upsertRenewal } from './queries'
import type { DatePrecision, DistrictStatus } from './schema'

interface DemoMilestone {
  on: string
  precision: DatePrecision
  text: string
  source?: string
  /** An invented entry to show how a timeline reads; worded as one on the page too. */
  demo?: true
}

// Real entries restate dated facts of the reference data (former use, projects) with their sources, as
// precise as the facts (a year is shown as a year); undated facts stay in the district's story, not here. Entries marked demo are invented examples and say so in their text.
const demoEntry = (on: string, text: string): DemoMilestone => ({
  on,
  precision: 'month',
  text: `Demo entry (invented example): ${text}`,
  demo: true,
})

const stories: Record<string, { status: DistrictStatus; milestones: DemoMilestone[] }> = {
  'leipzig-plagwitz': {
    status: 'renewed',
    milestones: [
      {
        on: '1890-01-01',
        precision: 'year',
        text: 'Plagwitz is laid out as a planned industrial district with factories, the canal and an industrial railway (1890s).',
        source:
          'https://www.leipzig.travel/en/media/media-information/research-texts/research-text-detail/searchlyrics/infos/leipzigcity/leipzig-unique-industrial-architecture-flourishing-again-in-plagwitz/',
      },
      {
        on: '1990-01-01',
        precision: 'year',
        text: 'From 1990 to 1992 about 80% of the district’s firms close.',
        source: 'http://www.werkstatt-stadt.de/en/projects/118/',
      },
      {
        on: '2011-02-17',
        precision: 'day',
        text: 'Leipzig’s creative-industry contact point holds weekly office hours in the Stadtteilladen “Leipziger Westen” (Plagwitz/Lindenau area).',
        source:
          'http://www.lvz.de/Nachrichten/Kultur/Leipzigs-Kreativwirtschaft-waechst-Kontaktstelle-zur-Stadtverwaltung-eingerichtet',
      },
      demoEntry('2025-09-01', 'a walk of the district’s creative tenants along the Karl-Heine canal.'),
    ],
  },
  'leipzig-lindenau': {
    status: 'in_transition',
    milestones: [
      demoEntry('2023-03-01', 'the district’s first open house of creative tenants.'),
      demoEntry('2024-05-01', 'the cluster lists three vacant shop fronts for meanwhile use.'),
      demoEntry('2025-11-01', 'a design studio opens in a former corner shop.'),
    ],
  },
  'leipzig-spinnerei': {
    status: 'renewed',
    milestones: [
      {
        on: '1884-01-01',
        precision: 'year',
        text: 'The cotton spinning mill starts production; at its height up to 4,000 people work here.',
        source: 'https://www.erih.net/i-want-to-go-there/site/leipzig-cotton-spinning-mill',
      },
      demoEntry('2024-11-01', 'a talk on the mill’s history for new tenants.'),
      demoEntry('2025-04-01', 'open studio days with the cluster’s members.'),
    ],
  },
  'leipzig-westwerk': {
    status: 'renewed',
    milestones: [
      {
        on: '1874-01-01',
        precision: 'year',
        text: 'A foundry opens on the site.',
        source: 'https://westwerk-leipzig.de/geschichte/',
      },
      {
        on: '1882-01-01',
        precision: 'year',
        text: 'Schumann & Koeppe make industrial valves and fittings here (later VEB Industriearmaturen).',
        source: 'https://westwerk-leipzig.de/geschichte/',
      },
      demoEntry('2025-06-01', 'a summer market of the makers in the halls.'),
    ],
  },
  'gdansk-dolne-miasto': {
    status: 'in_transition',
    milestones: [
      demoEntry('2024-04-01', 'a walk along the bastions with local makers.'),
      demoEntry('2025-05-01', 'an open call for a shared workshop in a former factory.'),
      demoEntry('2025-10-01', 'two ground-floor workshops offered to creative tenants.'),
    ],
  },
  'gdansk-laznia': {
    status: 'renewed',
    milestones: [
      {
        on: '1905-01-01',
        precision: 'year',
        text: 'The municipal public bathhouse opens.',
        source: 'https://laznia.pl/instytucja/historia-laznia-3',
      },
      demoEntry('2024-07-01', 'a summer school in the former bathhouse.'),
      demoEntry('2025-03-01', 'a residency for young designers from the cluster.'),
    ],
  },
  'gdansk-mlode-miasto': {
    status: 'vacant',
    milestones: [
      {
        on: '1945-01-01',
        precision: 'year',
        text: 'The Gdańsk (later Lenin) Shipyard is founded on the Schichau and Danziger Werft sites (1945/46).',
        source: 'https://en.wikipedia.org/wiki/Gda%C5%84sk_Shipyard',
      },
      {
        on: '1980-01-01',
        precision: 'year',
        text: 'The shipyard is the birthplace of Solidarity.',
        source: 'https://en.wikipedia.org/wiki/Gda%C5%84sk_Shipyard',
      },
      demoEntry('2026-01-01', 'the cluster maps empty halls for meanwhile use.'),
    ],
  },
  'genoa-centro-storico': {
    status: 'in_transition',
    milestones: [
      {
        on: '2016-01-01',
        precision: 'year',
        text: 'The follow-up call “MaddaOltre Creative District” opens (2016–17).',
        source:
          'https://genova.erasuperba.it/maddaoltre-creative-district-il-bando-per-far-rifiorire-il-centro-storico-e-lindustria-creativa-genovese',
      },
      demoEntry('2024-03-01', 'a meeting of owners and creative tenants.'),
      demoEntry('2025-05-01', 'a night of open workshops in the alleys.'),
    ],
  },
  'genoa-maddalena': {
    status: 'in_transition',
    milestones: [
      {
        on: '2010-01-01',
        precision: 'year',
        text: 'During the Creative Cities project (2010–2013) the Genoa partners (Comune di Genova, Job Centre) select Maddalena as their creative district.',
        source: 'https://smart.comune.genova.it/sezione/creative-cities',
      },
      demoEntry('2024-09-01', 'an evening of the quarter’s shops and studios.'),
      demoEntry('2025-02-01', 'a vacant shop front let to a ceramics studio.'),
    ],
  },
  'ljubljana-rog': {
    status: 'in_transition',
    milestones: [
      {
        on: '1871-01-01',
        precision: 'year',
        text: 'A tannery and leather works start on the site.',
        source: 'https://en.wikipedia.org/wiki/Rog_(factory)',
      },
      {
        on: '1951-01-01',
        precision: 'year',
        text: 'The Rog bicycle factory works here until 1991.',
        source: 'https://en.wikipedia.org/wiki/Rog_(factory)',
      },
      {
        on: '2010-01-01',
        precision: 'year',
        text: 'The CENTRAL EUROPE project “Second Chance” (2010–2013) pilots RogLab here (not a Creative Cities output).',
        source: 'http://roglab.si/en/fresh/2013/second_chance_ends',
      },
      demoEntry('2025-09-01', 'a repair café with the cluster’s makers.'),
    ],
  },
  'ljubljana-metelkova': {
    status: 'renewed',
    milestones: [
      demoEntry('2024-10-01', 'a festival of the quarter’s studios.'),
      demoEntry('2025-03-01', 'a meeting on shared rehearsal rooms.'),
      demoEntry('2025-12-01', 'a guided tour for the network’s partner cities.'),
    ],
  },
  'ljubljana-technology-park': {
    status: 'renewed',
    milestones: [
      {
        on: '2012-03-30',
        precision: 'day',
        text: 'Showcased as the project’s creative-industry centre in Ljubljana.',
        source: 'http://www.ljubljana.si/en/living-in-ljubljana/focus/77061/detail.html',
      },
      demoEntry('2024-06-01', 'a start-up day for creative businesses.'),
      demoEntry('2025-11-01', 'new desks for the cluster’s members.'),
    ],
  },
  'pecs-zsolnay': {
    status: 'renewed',
    milestones: [
      demoEntry('2024-05-01', 'a day of open studios in the quarter.'),
      demoEntry('2025-01-01', 'a winter market of the cluster’s makers.'),
      demoEntry('2025-04-01', 'a ceramics workshop for the cluster’s members.'),
    ],
  },
  'pecs-kikk-coworking': {
    status: 'renewed',
    milestones: [
      {
        on: '2012-01-01',
        precision: 'year',
        text: 'The Pécs creative-industry centre and cluster contact point.',
        source: 'http://kikkegyesulet.hu/en/cluster-contact-point.html',
      },
      demoEntry('2024-09-01', 'an evening of talks on meanwhile use.'),
      demoEntry('2025-10-01', 'a new meeting room for member organisations.'),
    ],
  },
}

/** A status and a short timeline for every seeded district; districts added later keep none. */
export async function loadDistrictsDemo(db: Db) {
  const known = new Set((await db.query.districts.findMany({ columns: { id: true } })).map((d) => d.id))
  for (const [districtId, story] of Object.entries(stories)) {
    if (!known.has(districtId)) continue
    await upsertRenewal(db, { districtId, status: story.status })
    await insertMilestones(
      db,
      story.milestones.map((m) => ({
        districtId,
        happenedOn: m.on,
        datePrecision: m.precision,
        text: { en: m.text },
        originalLanguage: 'en',
        source: m.source ?? null,
        demo: m.demo ?? false,
      })),
    )
  }
}
