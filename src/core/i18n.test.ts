import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { loadCatalogue, locales, negotiateLocale, pickText } from './i18n'

const srcDir = fileURLToPath(new URL('..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

describe('message catalogues', () => {
  const english = loadCatalogue('en')

  it.each(locales.filter((l) => l !== 'en'))('%s has exactly the keys of English', (locale) => {
    const catalogue = loadCatalogue(locale)
    expect(Object.keys(catalogue).filter((k) => !(k in english))).toEqual([])
    expect(Object.keys(english).filter((k) => !(k in catalogue))).toEqual([])
  })

  // The arguments a message takes, plural and select branches included (their words are not arguments).
  type Ast = ReturnType<IntlMessageFormat['getAst']>
  const argumentNames = (ast: Ast): string[] =>
    ast.flatMap((el) => [
      ...('value' in el && el.type !== 0 && typeof el.value === 'string' ? [el.value] : []),
      ...('options' in el ? Object.values(el.options).flatMap((o) => argumentNames(o.value)) : []),
      ...('children' in el ? argumentNames(el.children) : []),
    ])

  it.each(locales)('every %s message is valid ICU and keeps the placeholders of English', (locale) => {
    const catalogue = loadCatalogue(locale)
    const names = (m: string) => argumentNames(new IntlMessageFormat(m, locale).getAst()).sort()
    for (const [key, message] of Object.entries(catalogue)) {
      expect(() => new IntlMessageFormat(message, locale), key).not.toThrow()
      expect([...new Set(names(message))], key).toEqual([...new Set(names(english[key]))])
    }
  })

  it('uses every key somewhere in the code', () => {
    const code = sourceFiles(srcDir)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    // Keys built from a value, like t(`actors.kind.${kind}`), count as used for their whole prefix.
    const prefixes = [...code.matchAll(/`([a-z_]+\.[a-z_.]*)\$\{/g)].map((m) => m[1])
    // A notification kind 'module.name' uses its text 'module.notification.name' and its label
    // 'module.notification_kind.name'.
    const kindOf = (key: string) => key.replace(/^([a-z_]+)\.notification(?:_kind)?\.([a-z0-9_]+)$/, '$1.$2')
    const unused = Object.keys(english).filter(
      (key) =>
        !code.includes(`'${key}'`) &&
        !prefixes.some((p) => key.startsWith(p)) &&
        (kindOf(key) === key || !code.includes(`'${kindOf(key)}'`)),
    )
    expect(unused).toEqual([])
  })
})

describe('locale negotiation and written text', () => {
  it('takes the best supported language of Accept-Language', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,hu;q=0.8,en;q=0.5')).toBe('hu')
    expect(negotiateLocale('sl-SI')).toBe('sl')
    expect(negotiateLocale('xx, *;q=0.1')).toBe('en')
    expect(negotiateLocale(undefined)).toBe('en')
  })

  it('shows the reader’s language where it exists, else the original, marked as foreign', () => {
    expect(pickText({ de: 'Hallo', en: 'Hello' }, 'en', 'de')).toEqual({
      text: 'Hello',
      lang: 'en',
      foreign: false,
    })
    expect(pickText({ de: 'Hallo', en: 'Hello' }, 'hu', 'de')).toEqual({
      text: 'Hallo',
      lang: 'de',
      foreign: true,
    })
  })
})
