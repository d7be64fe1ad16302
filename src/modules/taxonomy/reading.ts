import { foldText } from '../../core/text'

/**
 * Reading free text for capabilities: which capabilities of the taxonomy a description names, and which of
 * them it asks for. Works the same in all six languages because the taxonomy's labels and terms exist in each;
 * inflected forms ("animacji", "Animationen", "szövegírást") are matched by a light stem of every word.
 */

export interface PhraseIndex {
  /** Phrases by the stem of their first word; each phrase is a list of word stems. */
  byFirst: Map<string, { stems: Stem[]; capabilityId: string }[]>
}

interface Stem {
  prefix: string
  /** A text word may be this much longer than the stem and still count as the same word. */
  exact: boolean
  maxLength: number
}

const words = (text: string) => foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []

/**
 * Short words must match whole; longer ones by their first letters with a few more letters allowed after them,
 * so an inflected or suffixed form ("animacji", "arculatot") still matches but a different word does not.
 */
function stemOf(word: string): Stem {
  if (word.length <= 4) return { prefix: word, exact: true, maxLength: word.length }
  if (word.length <= 6)
    return { prefix: word.slice(0, word.length - 1), exact: false, maxLength: word.length + 3 }
  return { prefix: word.slice(0, word.length - 2), exact: false, maxLength: word.length + 4 }
}

const stemMatches = (stem: Stem, word: string) =>
  stem.exact
    ? word === stem.prefix
    : word.length <= stem.maxLength && word.length >= stem.prefix.length && word.startsWith(stem.prefix)

/**
 * Single words that are terms of a capability but that nearly every description uses in passing: "partner"
 * helps to search for networking, but reading it would make everyone who looks for a partner need networking.
 */
const commonWords = new Set(['partner', 'partners', 'partnera', 'partnerzy', 'partnerji', 'partnerek'])

/** An index over every label and term of every capability (folded), for reading texts quickly. */
export function indexPhrases(phrases: { phrase: string; capabilityId: string }[]): PhraseIndex {
  const byFirst = new Map<string, { stems: Stem[]; capabilityId: string }[]>()
  for (const { phrase, capabilityId } of phrases) {
    const phraseWords = words(phrase)
    if (!phraseWords.length || (phraseWords.length === 1 && commonWords.has(phraseWords[0]))) continue
    const stems = phraseWords.map(stemOf)
    const key = stems[0].prefix
    const list = byFirst.get(key) ?? []
    list.push({ stems, capabilityId })
    byFirst.set(key, list)
  }
  return { byFirst }
}

/**
 * Words that announce a need, folded, per language: what follows them in the same sentence is asked for
 * ("… und sucht Partner für 3D-Animation"), what comes before is offered.
 */
const needCues = [
  // en
  'looking for',
  'we need',
  'what we need',
  'seeking',
  'searching for',
  'wanted',
  'in need of',
  'require',
  // de
  'suchen',
  'sucht',
  'gesucht',
  'bedarf',
  'brauchen',
  'benotigen',
  // it
  'cerchiamo',
  'cerca',
  'cercasi',
  'alla ricerca',
  'bisogno',
  // pl
  'szukamy',
  'poszukujemy',
  'szuka',
  'potrzebujemy',
  'czego szukamy',
  // sl
  'iscemo',
  'isce',
  'potrebujemo',
  // hu
  'keresunk',
  'keres',
  'keresunk partnert',
  'szukseg',
  'szuksegunk',
].map((cue) => cue.split(' '))

export interface CapabilitiesRead {
  /** Every capability the text names. */
  named: string[]
  /** Those it names after a need cue in the same sentence. */
  needed: string[]
}

/** The capabilities a text names, and those it asks for. */
export function readCapabilities(index: PhraseIndex, text: string): CapabilitiesRead {
  const named = new Set<string>()
  const needed = new Set<string>()
  for (const sentence of foldText(text).split(/[.!?;\n]+/)) {
    const w = sentence.match(/[\p{L}\p{N}]+/gu) ?? []
    let cueAt = w.length
    for (let i = 0; i < w.length && cueAt === w.length; i++)
      if (needCues.some((cue) => cue.every((part, k) => w[i + k] === part))) cueAt = i
    // The longest phrase at a place wins: "3D animacijo" is 3D animation, not also the 2D "animacije".
    let coveredTo = 0
    for (let i = 0; i < w.length; i++) {
      const found: { words: number; capabilityId: string }[] = []
      for (let length = Math.min(w[i].length, 24); length >= 1; length--) {
        for (const phrase of index.byFirst.get(w[i].slice(0, length)) ?? []) {
          if (i + phrase.stems.length > w.length) continue
          if (phrase.stems.every((stem, k) => stemMatches(stem, w[i + k])))
            found.push({ words: phrase.stems.length, capabilityId: phrase.capabilityId })
        }
      }
      const longest = Math.max(0, ...found.map((f) => f.words))
      if (!longest || i + longest <= coveredTo) continue
      coveredTo = i + longest
      for (const f of found) {
        if (f.words !== longest) continue
        named.add(f.capabilityId)
        if (i > cueAt) needed.add(f.capabilityId)
      }
    }
  }
  return { named: [...named], needed: [...needed] }
}
