import { hashPassword } from 'better-auth/crypto'

/** The password of every demo account, listed in the README; demo data never runs in production. */
export const demoPassword = 'Creative-Cities-2026'

let hash: Promise<string> | undefined
/** Hashing is slow on purpose, so every demo account shares one hash of the same password. */
export const demoPasswordHash = () => {
  hash ??= hashPassword(demoPassword)
  return hash
}
