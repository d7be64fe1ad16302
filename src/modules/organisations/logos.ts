import { randomBytes } from 'node:crypto'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bodyLimit } from 'hono/body-limit'
import type { Config } from '../../core/config'
import { AppError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { I18n } from '../../core/i18n'
import { reencodeAsWebp, sniffImageType } from '../../core/images'

export const maxLogoBytes = 2 * 1024 * 1024
const logoPixels = 512
/** Where logos are served; the file name is random, so a URL never changes its image. */
export const logoPath = '/uploads/logos/'
export const logoFilePattern = /^[0-9a-f]{32}\.webp$/

/**
 * For the routes that take a logo (the page's form and the API): a logo over the limit is a field error, a
 * body far over it is refused before it is read.
 */
export const uploadLimit = bodyLimit({
  maxSize: 8 * 1024 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'organisations.error.upload_too_large')
  },
})

const logoDir = (config: Config) => join(config.dataDir, 'uploads', 'logos')

/**
 * Checks an uploaded logo and stores it re-encoded as WebP of at most 512×512 pixels: re-encoding drops
 * whatever else the file carried (EXIF, GPS, colour profiles, scripts hidden in chunks). Returns its URL.
 */
export async function storeLogo(config: Config, i18n: I18n, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength > maxLogoBytes)
    throw fieldError('logo', 'logo_too_large', i18n.t('organisations.error.logo_too_large', { mb: 2 }), 400)
  if (!sniffImageType(bytes))
    throw fieldError('logo', 'logo_type', i18n.t('organisations.error.logo_type'), 400)
  const webp = await reencodeAsWebp(bytes, logoPixels)
  // A file that starts like an image and is not one.
  if (!webp) throw fieldError('logo', 'logo_unreadable', i18n.t('organisations.error.logo_unreadable'), 400)
  const name = `${randomBytes(16).toString('hex')}.webp`
  await mkdir(logoDir(config), { recursive: true })
  await writeFile(join(logoDir(config), name), webp)
  return logoPath + name
}

/** Deletes a stored logo by its URL; URLs that are not ours (imported logos) are left alone. */
export async function deleteLogo(config: Config, url: string | null | undefined) {
  const name = url?.startsWith(logoPath) ? url.slice(logoPath.length) : ''
  if (logoFilePattern.test(name)) await unlink(join(logoDir(config), name)).catch(() => {})
}

export async function readLogo(config: Config, name: string): Promise<Uint8Array | null> {
  if (!logoFilePattern.test(name)) return null
  return readFile(join(logoDir(config), name)).catch(() => null)
}
