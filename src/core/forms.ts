import type { Context } from 'hono'
import { z } from 'zod'
import { AppError, validationError } from './errors'
import { nulCharacter } from './http'
import type { I18n } from './i18n'

export type FormValues = Record<string, string | string[]>

/** What a form shows again after a failed submission: what was typed and what is wrong, per field. */
export interface FormState {
  values: FormValues
  errors: Record<string, string>
  /** An error that belongs to no one field. */
  message?: string
}

export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: {} })

/** The text fields of a posted form (files are read separately), repeated names as lists. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true })
  const values: FormValues = {}
  for (const [key, value] of Object.entries(body)) {
    const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
    if (list.some((v) => v.includes(String.fromCharCode(0)))) throw nulCharacter()
    if (list.length) values[key] = list.length === 1 && !key.endsWith('[]') ? list[0] : list
  }
  return values
}

/**
 * Whether a form answers this error at its fields: one of ours, and not a refusal or a missing page (the
 * error pages answer those: someone not allowed learns nothing more from a form).
 */
export const isFormError = (err: unknown): err is AppError =>
  err instanceof AppError && ![401, 403, 404].includes(err.status)

/** Field errors in the reader's language from an error a service or a schema raised. */
export function formFailure(error: unknown, values: FormValues, i18n: I18n): FormState {
  if (!(error instanceof AppError) || error.status >= 500) throw error
  const errors: Record<string, string> = {}
  for (const d of error.details ?? []) if (d.field && !errors[d.field]) errors[d.field] = d.message
  return {
    values,
    errors,
    message: i18n.t(Object.keys(errors).length ? 'core.form.errors' : error.messageKey, error.values),
  }
}

export function parseForm<T extends z.ZodType>(
  schema: T,
  values: FormValues,
  i18n: I18n,
): { ok: true; data: z.infer<T> } | { ok: false; state: FormState } {
  const parsed = schema.safeParse(values)
  if (parsed.success) return { ok: true, data: parsed.data }
  return { ok: false, state: formFailure(validationError(parsed.error, i18n), values, i18n) }
}

/** An error on one field, in the reader's language, raised by a service. */
export const fieldError = (field: string, code: string, message: string, status: 400 | 409 | 422 = 422) =>
  new AppError(code, status, 'core.form.errors', undefined, [{ field, message }])

/** A calendar date in ISO format that PostgreSQL can store: it has no year 0, which the format allows. */
export const storableDate = () => z.iso.date().regex(/^(?!0000-)/)
