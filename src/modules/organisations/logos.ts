import { randomBytes } from 'node:crypto'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bodyLimit } from 'hono/body-limit'
import sharp from 'sharp'
import type { Config } from '../../core/config'
import { AppError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { I18n } from '../../core/i18n'

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

/** The image type from the file's first bytes; what the browser or the name claims counts for nothing. */
export function sniffImageType(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | null {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg'
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp'
  return null
}

/**
 * Checks an uploaded logo and stores it re-encoded as WebP of at most 512×512 pixels: re-encoding drops
 * whatever else the file carried (EXIF, GPS, colour profiles, scripts hidden in chunks). Returns its URL.
 */
export async function storeLogo(config: Config, i18n: I18n, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength > maxLogoBytes)
    throw fieldError('logo', 'logo_too_large', i18n.t('organisations.error.logo_too_large', { mb: 2 }), 400)
  if (!sniffImageType(bytes))
    throw fieldError('logo', 'logo_type', i18n.t('organisations.error.logo_type'), 400)
  let webp: Buffer
  try {
    webp = await sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(logoPixels, logoPixels, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 85 })
      .toBuffer()
  } catch {
    // A file that starts like an image and is not one.
    throw fieldError('logo', 'logo_unreadable', i18n.t('organisations.error.logo_unreadable'), 400)
  }
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
