import { randomBytes } from 'node:crypto'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { bodyLimit } from 'hono/body-limit'
import type { Config } from '../../core/config'
import { AppError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { I18n } from '../../core/i18n'

export const maxAttachments = 3
export const maxAttachmentBytes = 5 * 1024 * 1024
const storageKeyPattern = /^[0-9a-f]{32}$/

/** The types a message may carry, by what the bytes are; the name and the browser's claim count for nothing. */
const allowedTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
])
export const plainText = 'text/plain; charset=utf-8'

/** A reply with three full attachments passes; a body far over that is refused before it is read. */
export const attachmentsBodyLimit = (onError: Parameters<typeof bodyLimit>[0]['onError']) =>
  bodyLimit({ maxSize: maxAttachments * maxAttachmentBytes + 256 * 1024, onError })

/** A posted body over the limit, as an error at the attachments field. */
export const bodyTooLarge = (i18n: I18n) =>
  new AppError('payload_too_large', 413, 'core.form.errors', undefined, [
    {
      field: 'attachments',
      message: i18n.t('messages.error.attachment_too_large', { megabytes: maxAttachmentBytes / 1024 / 1024 }),
    },
  ])

export interface Upload {
  name: string
  bytes: Uint8Array
}

export interface CheckedUpload {
  fileName: string
  contentType: string
  bytes: Uint8Array
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Valid UTF-8 without control characters other than tab, line breaks and form feed: plain text. */
function isPlainText(bytes: Uint8Array) {
  try {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(utf8.decode(bytes))
  } catch {
    return false
  }
}

/** A name safe to show and to send back: no path, no control characters, not overly long. */
function cleanName(name: string) {
  const base = name.split(/[\\/]/).pop() ?? ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  return (clean || 'attachment').slice(0, 200)
}

/** Checks the count, the size and the sniffed type of every file before anything is written. */
export async function checkUploads(i18n: I18n, uploads: Upload[]): Promise<CheckedUpload[]> {
  if (uploads.length > maxAttachments)
    throw fieldError(
      'attachments',
      'too_many_attachments',
      i18n.t('messages.error.too_many_attachments', { max: maxAttachments }),
    )
  const checked: CheckedUpload[] = []
  for (const upload of uploads) {
    const fileName = cleanName(upload.name)
    if (upload.bytes.byteLength > maxAttachmentBytes)
      throw fieldError(
        'attachments',
        'attachment_too_large',
        i18n.t('messages.error.attachment_too_large_named', {
          file: fileName,
          megabytes: maxAttachmentBytes / 1024 / 1024,
        }),
      )
    const sniffed = await fileTypeFromBuffer(upload.bytes)
    const contentType = sniffed
      ? allowedTypes.has(sniffed.mime)
        ? sniffed.mime
        : null
      : upload.bytes.byteLength > 0 && isPlainText(upload.bytes)
        ? plainText
        : null
    if (!contentType)
      throw fieldError(
        'attachments',
        'attachment_type',
        i18n.t('messages.error.attachment_type', { file: fileName }),
      )
    checked.push({ fileName, contentType, bytes: upload.bytes })
  }
  return checked
}

const attachmentDir = (config: Config) => join(config.dataDir, 'uploads', 'attachments')

/** Writes checked files under random names; returns their keys. */
export async function writeAttachments(config: Config, files: CheckedUpload[]): Promise<string[]> {
  if (!files.length) return []
  await mkdir(attachmentDir(config), { recursive: true })
  const keys: string[] = []
  try {
    for (const file of files) {
      const key = randomBytes(16).toString('hex')
      await writeFile(join(attachmentDir(config), key), file.bytes, { flag: 'wx' })
      keys.push(key)
    }
  } catch (err) {
    await deleteAttachments(config, keys)
    throw err
  }
  return keys
}

/** Removes stored files, e.g. after the message they belonged to could not be saved. */
export async function deleteAttachments(config: Config, keys: string[]) {
  for (const key of keys)
    if (storageKeyPattern.test(key)) await unlink(join(attachmentDir(config), key)).catch(() => {})
}

export async function readAttachment(config: Config, key: string): Promise<Uint8Array | null> {
  if (!storageKeyPattern.test(key)) return null
  return readFile(join(attachmentDir(config), key)).catch(() => null)
}
