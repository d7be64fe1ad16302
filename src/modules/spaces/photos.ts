import { randomBytes } from 'node:crypto'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bodyLimit } from 'hono/body-limit'
import type { Config } from '../../core/config'
import { AppError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { I18n } from '../../core/i18n'
import { reencodeAsWebp, sniffImageType } from '../../core/images'

export const maxPhotos = 8
export const maxPhotoBytes = 5 * 1024 * 1024
const photoPixels = 1600
/** Where photos are served; names are random and never reused. */
export const photoPath = '/uploads/spaces/'
const photoFilePattern = /^[0-9a-f]{32}\.webp$/

/** A form with eight full photos passes; a body far over that is refused before it is read. */
export const photosBodyLimit = bodyLimit({
  maxSize: maxPhotos * maxPhotoBytes + 512 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'spaces.error.upload_too_large')
  },
})

/** Spaces' photos are public; a vacancy report's photo is seen only by the managers who review it. */
export type PhotoKind = 'spaces' | 'vacancies'
const photoDir = (config: Config, kind: PhotoKind) => join(config.dataDir, 'uploads', kind)

/**
 * Checks every uploaded image (size, type by its bytes, readable) and re-encodes it as WebP without its
 * metadata, before anything is written: one bad file refuses them all, as a field error of `field`.
 */
export async function preparePhotos(i18n: I18n, field: string, uploads: Uint8Array[]): Promise<Buffer[]> {
  const prepared: Buffer[] = []
  for (const bytes of uploads) {
    if (bytes.byteLength > maxPhotoBytes)
      throw fieldError(field, 'photo_too_large', i18n.t('spaces.error.photo_too_large', { mb: 5 }))
    const webp = sniffImageType(bytes) ? await reencodeAsWebp(bytes, photoPixels) : null
    if (!webp) throw fieldError(field, 'photo_type', i18n.t('spaces.error.photo_type'))
    prepared.push(webp)
  }
  return prepared
}

/** Writes prepared photos under random names; returns their keys (file names). */
export async function writePhotos(config: Config, kind: PhotoKind, photos: Buffer[]): Promise<string[]> {
  if (!photos.length) return []
  await mkdir(photoDir(config, kind), { recursive: true })
  const keys: string[] = []
  try {
    for (const photo of photos) {
      const key = `${randomBytes(16).toString('hex')}.webp`
      await writeFile(join(photoDir(config, kind), key), photo, { flag: 'wx' })
      keys.push(key)
    }
  } catch (err) {
    await deletePhotoFiles(config, kind, keys)
    throw err
  }
  return keys
}

/** Removes stored photos, e.g. after the change they belonged to was not saved. */
export async function deletePhotoFiles(config: Config, kind: PhotoKind, keys: string[]) {
  for (const key of keys)
    if (photoFilePattern.test(key)) await unlink(join(photoDir(config, kind), key)).catch(() => {})
}

export async function readPhoto(config: Config, kind: PhotoKind, key: string): Promise<Uint8Array | null> {
  if (!photoFilePattern.test(key)) return null
  return readFile(join(photoDir(config, kind), key)).catch(() => null)
}

export const photoUrl = (key: string) => photoPath + key
