import type { I18n } from '../../core/i18n'
import type { ListedOpportunity } from './service'

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!,
  )

// Characters XML 1.0 does not allow at all (control characters people may paste), dropped rather than escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
const text = (value: string) => escapeXml(value.replace(invalidXml, ''))

export interface FeedInput {
  /** The feed's own address (its id and rel=self). */
  selfUrl: string
  /** The board with the same filters. */
  boardUrl: string
  title: string
  /** The site's base address, for the entries' links and tag URIs. */
  publicUrl: string
  items: ListedOpportunity[]
  /** The poster's name for each entry (an organisation or a cluster). */
  posterOf(o: ListedOpportunity): string
  i18n: I18n
}

/** An Atom 1.0 document (RFC 4287) of opportunities, in the reader's language where the text exists. */
export function atomFeed(feed: FeedInput): string {
  const { i18n } = feed
  const host = new URL(feed.publicUrl).hostname
  const updated = new Date(Math.max(...feed.items.map((o) => o.updatedAt.getTime())))
  const entries = feed.items.map((o) => {
    const title = i18n.text(o.title, o.originalLanguage)
    const summary = i18n.text(o.description, o.originalLanguage)
    const published = o.publishedAt ?? o.createdAt
    return `  <entry>
    <id>tag:${host},2026:opportunity:${o.id}</id>
    <title xml:lang="${title.lang}">${text(title.text)}</title>
    <updated>${o.updatedAt.toISOString()}</updated>
    <published>${published.toISOString()}</published>
    <link rel="alternate" type="text/html" href="${text(`${feed.publicUrl}/${i18n.locale}/opportunities/${o.slug}`)}"/>
    <author><name>${text(feed.posterOf(o))}</name></author>
    <category term="${o.type}" label="${text(i18n.t(`opportunities.type.${o.type}`))}"/>
    <summary xml:lang="${summary.lang}">${text(summary.text.slice(0, 600))}</summary>
  </entry>`
  })
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${i18n.locale}">
  <id>${text(feed.selfUrl)}</id>
  <title>${text(feed.title)}</title>
  <updated>${(feed.items.length ? updated : new Date()).toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${text(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${text(feed.boardUrl)}"/>
  <author><name>${text(i18n.t('core.site.name'))}</name></author>
  <generator>${text(i18n.t('core.site.name'))}</generator>
${entries.join('\n')}
</feed>
`
}
