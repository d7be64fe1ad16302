import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IntlMessageFormat } from 'intl-messageformat'

export const locales = ['en', 'de', 'it', 'pl', 'sl', 'hu'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'en'

/** Text that people write, one entry per language code. */
export type Localized = Record<string, string>

export function isLocale(value: string | undefined): value is Locale {
  return !!value && (locales as readonly string[]).includes(value)
}

const srcDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * Every message catalogue: `core/locales/<lang>.json` and `modules/<module>/locales/<lang>.json`.
 * Keys are prefixed with the folder name, so `actors/locales/en.json` key `title` is `actors.title`.
 */
export function catalogueFiles(): { namespace: string; dir: string }[] {
  const modules = readdirSync(join(srcDir, 'modules'))
    .map((m) => ({ namespace: m, dir: join(srcDir, 'modules', m, 'locales') }))
    .filter((m) => existsSync(m.dir))
  return [{ namespace: 'core', dir: join(srcDir, 'core', 'locales') }, ...modules]
}

export function loadCatalogue(locale: Locale): Record<string, string> {
  const messages: Record<string, string> = {}
  for (const { namespace, dir } of catalogueFiles()) {
    const file = join(dir, `${locale}.json`)
    if (!existsSync(file)) continue
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    for (const [key, value] of Object.entries(entries)) messages[`${namespace}.${key}`] = value
  }
  return messages
}

const catalogues = new Map<Locale, Record<string, string>>(locales.map((l) => [l, loadCatalogue(l)]))
const compiled = new Map<string, IntlMessageFormat>()

export type MessageValues = Record<string, string | number | Date>

export function translate(locale: Locale, key: string, values?: MessageValues): string {
  const cacheKey = `${locale}\u0000${key}`
  let format = compiled.get(cacheKey)
  if (!format) {
    const message = catalogues.get(locale)?.[key] ?? catalogues.get(defaultLocale)?.[key]
    if (message === undefined) return key
    format = new IntlMessageFormat(message, locale)
    compiled.set(cacheKey, format)
  }
  return String(format.format(values))
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return defaultLocale
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.find((p) => p.trim().startsWith('q='))
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q)
  return (ranked.find((r) => isLocale(r.lang))?.lang as Locale | undefined) ?? defaultLocale
}

export interface I18n {
  locale: Locale
  t(key: string, values?: MessageValues): string
  number(value: number, options?: Intl.NumberFormatOptions): string
  date(value: Date | string, options?: Intl.DateTimeFormatOptions): string
  /** The reader's language where the text exists, else the original, with the language it is in. */
  text(value: Localized | null | undefined, original?: string): LocalizedText
  /** A language's or a country's name in the reader's language. */
  languageName(code: string): string
  regionName(code: string): string
}

export interface LocalizedText {
  text: string
  lang: string
  /** True when the text is not in the reader's language. */
  foreign: boolean
}

const numberFormats = new Map<string, Intl.NumberFormat>()
// Intl objects are slow to build and immutable, so each locale keeps one.
const displayNames = new Map<string, Intl.DisplayNames>()

function displayName(locale: Locale, type: 'language' | 'region', code: string): string {
  const key = `${locale}:${type}`
  let names = displayNames.get(key)
  if (!names) {
    names = new Intl.DisplayNames([locale], { type })
    displayNames.set(key, names)
  }
  try {
    return names.of(code) ?? code
  } catch {
    return code
  }
}

export function i18nFor(locale: Locale): I18n {
  return {
    locale,
    t: (key, values) => translate(locale, key, values),
    number: (value, options) => {
      const k = `${locale}${JSON.stringify(options ?? {})}`
      let f = numberFormats.get(k)
      if (!f) {
        f = new Intl.NumberFormat(locale, options)
        numberFormats.set(k, f)
      }
      return f.format(value)
    },
    date: (value, options = { dateStyle: 'medium' }) =>
      new Intl.DateTimeFormat(locale, options).format(typeof value === 'string' ? new Date(value) : value),
    text: (value, original) => pickText(value, locale, original),
    languageName: (code) => displayName(locale, 'language', code),
    regionName: (code) => displayName(locale, 'region', code),
  }
}

export function pickText(
  value: Localized | null | undefined,
  locale: string,
  original?: string,
): LocalizedText {
  if (!value) return { text: '', lang: locale, foreign: false }
  const own = value[locale]
  if (own) return { text: own, lang: locale, foreign: false }
  const lang = original && value[original] ? original : Object.keys(value).find((k) => value[k])
  return lang ? { text: value[lang]!, lang, foreign: true } : { text: '', lang: locale, foreign: false }
}

/** The native name of each language, for the switcher and for "original in …" marks. */
export const languageNames: Record<string, string> = {
  en: 'English',
  de: 'Deutsch',
  it: 'Italiano',
  pl: 'Polski',
  sl: 'Slovenščina',
  hu: 'Magyar',
}
