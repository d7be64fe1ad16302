import type { Db } from '../../core/db/client'
import { findPersonByEmail } from '../accounts/service'
import { notify } from '../notifications/service'
import { organisationsOfPerson } from '../organisations/service'
import { insertConversation, insertMessage, insertParties, insertReads } from './queries'

const domain = 'demo.creative-cities.example'
type Writer = `${'orgadmin' | 'member'}.${string}`

/**
 * Cross-border conversations between the demo accounts' organisations, each person writing in their
 * city's language. Each side has read up to its own last message, so the newest answer of the other side
 * is unread: the header counter and the inbox show it.
 */
const conversations: {
  between: [string, string]
  subject: string
  messages: { by: Writer; daysAgo: number; body: string }[]
}[] = [
  {
    between: ['leipzig', 'ljubljana'],
    subject: 'Creative Europe 2026: gemeinsamer Antrag / skupna prijava',
    messages: [
      {
        by: 'orgadmin.leipzig',
        daysAgo: 9,
        body: 'Liebe Kolleginnen und Kollegen in Ljubljana, wir bereiten einen Antrag für Creative Europe vor und suchen einen Partner für die Spieleentwicklung. Hätten Sie Interesse, nächste Woche kurz zu telefonieren?',
      },
      {
        by: 'orgadmin.ljubljana',
        daysAgo: 8,
        body: 'Pozdravljeni v Leipzigu, hvala za povabilo! Zelo nas zanima. Vam ustreza četrtek ob 10. uri?',
      },
      {
        by: 'member.leipzig',
        daysAgo: 7,
        body: 'Donnerstag um 10 Uhr passt uns gut. Ich schicke Ihnen vorab unsere Projektskizze.',
      },
      {
        by: 'member.ljubljana',
        daysAgo: 1,
        body: 'Odlično, hvala. Skico smo prebrali in pripravili nekaj predlogov za delovni sklop o razvoju iger.',
      },
    ],
  },
  {
    between: ['genoa', 'pecs'],
    subject: 'Residenza per designer a Genova',
    messages: [
      {
        by: 'orgadmin.genoa',
        daysAgo: 6,
        body: 'Buongiorno! In autunno organizziamo una residenza per designer a Genova. Vi piacerebbe mandare due persone del vostro studio?',
      },
      {
        by: 'orgadmin.pecs',
        daysAgo: 5,
        body: 'Jó napot kívánok! Nagyon örülünk a meghívásnak. Milyen időpontra gondolnak, és ki fedezi a szállást?',
      },
      {
        by: 'member.genoa',
        daysAgo: 2,
        body: 'La residenza va dal 15 al 30 ottobre e l’alloggio è a carico nostro. Vi mando il programma nei prossimi giorni.',
      },
    ],
  },
  {
    between: ['gdansk', 'leipzig'],
    subject: 'Wystawa ilustracji w Gdańsku',
    messages: [
      {
        by: 'orgadmin.gdansk',
        daysAgo: 4,
        body: 'Dzień dobry, w przyszłym roku planujemy wystawę ilustracji w Gdańsku. Czy chcieliby Państwo pokazać prace swoich artystów?',
      },
      {
        by: 'orgadmin.leipzig',
        daysAgo: 3,
        body: 'Guten Tag, sehr gern! Wie viele Arbeiten können wir schicken, und bis wann brauchen Sie sie?',
      },
    ],
  },
  {
    between: ['ljubljana', 'genoa'],
    subject: 'Lokalizacija igre v italijanščino',
    messages: [
      {
        by: 'orgadmin.ljubljana',
        daysAgo: 3,
        body: 'Pozdravljeni, iščemo partnerja za lokalizacijo naše igre v italijanščino. Bi nam lahko poslali ponudbo?',
      },
      {
        by: 'orgadmin.genoa',
        daysAgo: 0.5,
        body: 'Certo, con piacere. Ci mandate il numero di parole e la scadenza?',
      },
    ],
  },
  {
    between: ['pecs', 'gdansk'],
    subject: 'Hangtechnika egy júliusi fesztiválhoz',
    messages: [
      {
        by: 'member.pecs',
        daysAgo: 2,
        body: 'Jó napot! Láttuk a profiljukat: hangtechnikai partnert keresünk egy júliusi fesztiválhoz. Érdekelné Önöket?',
      },
    ],
  },
]

export async function loadMessagesDemo(db: Db) {
  const writers = new Map<string, { userId: string; actorId: number; name: string }>()
  const writerOf = async (account: string) => {
    if (!writers.has(account)) {
      const person = await findPersonByEmail(db, `${account}@${domain}`)
      const [org] = person ? await organisationsOfPerson(db, person.id) : []
      if (person && org)
        writers.set(account, { userId: person.id, actorId: Number(org.actorId), name: org.name })
    }
    return writers.get(account)
  }
  const now = Date.now()
  const at = (daysAgo: number) => new Date(now - daysAgo * 24 * 3600 * 1000)
  for (const conversation of conversations) {
    // A city's demo organisation is the one its demo admin and member belong to.
    const sides = await Promise.all(
      conversation.between.map(async (city) => ({
        actorId: (await writerOf(`orgadmin.${city}`))?.actorId,
        people: (await Promise.all([writerOf(`orgadmin.${city}`), writerOf(`member.${city}`)]))
          .filter((w) => w !== undefined)
          .map((w) => w.userId),
      })),
    )
    const written = await Promise.all(
      conversation.messages.map(async (m) => ({ ...m, writer: await writerOf(m.by) })),
    )
    if (sides.some((s) => s.actorId === undefined) || written.some((m) => !m.writer)) continue
    const last = written[written.length - 1]
    const id = await insertConversation(db, {
      subject: conversation.subject,
      createdAt: at(written[0].daysAgo),
      lastMessageAt: at(last.daysAgo),
    })
    await insertParties(
      db,
      id,
      sides.map((s) => s.actorId!),
    )
    for (const m of written)
      await insertMessage(db, {
        conversationId: id,
        actorId: m.writer!.actorId,
        userId: m.writer!.userId,
        body: m.body,
        createdAt: at(m.daysAgo),
      })
    await insertReads(
      db,
      sides.flatMap((side) => {
        const own = written.filter((m) => m.writer!.actorId === side.actorId).at(-1)
        return own
          ? side.people.map((userId) => ({ conversationId: id, userId, lastReadAt: at(own.daysAgo) }))
          : []
      }),
    )
    await notify(
      db,
      { actorIds: sides.map((s) => s.actorId!).filter((actorId) => actorId !== last.writer!.actorId) },
      {
        kind: 'messages.new_message',
        values: { organisation: last.writer!.name, subject: conversation.subject },
        link: `/messages/${id}`,
      },
    )
  }
}
