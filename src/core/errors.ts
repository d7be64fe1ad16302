import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ZodError, z } from 'zod'
import type { I18n, MessageValues } from './i18n'

export interface ErrorDetail {
  field: string
  message: string
}

/** An error a person can act on: a code for machines, a catalogue key for the message in their language. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    readonly messageKey: string,
    readonly values?: MessageValues,
    readonly details?: ErrorDetail[],
  ) {
    super(code)
  }
}

export const notFound = () => new AppError('not_found', 404, 'core.error.not_found')

// Zod keeps no input in its issues, but its error map sees it: a field that is missing and one of the
// wrong type ("abc" for a number) are told apart here, once for every schema.
const missingField = 'missing'
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? missingField : undefined,
})

/** Turns zod issues into field-level messages in the reader's language. */
export function validationError(error: ZodError, i18n: I18n): AppError {
  const details = error.issues.map((issue) => {
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '')
    let message: string
    switch (issue.code) {
      case 'unrecognized_keys':
        message = i18n.t('core.validation.unknown_parameter', { names: issue.keys.join(', ') })
        break
      case 'too_big':
        message = i18n.t('core.validation.too_big', { max: String(issue.maximum) })
        break
      case 'too_small':
        message = i18n.t('core.validation.too_small', { min: String(issue.minimum) })
        break
      case 'invalid_value':
        message = i18n.t('core.validation.one_of', { values: issue.values.map(String).join(', ') })
        break
      case 'invalid_format':
        message = i18n.t('core.validation.format')
        break
      default:
        message = i18n.t(
          issue.message === missingField ? 'core.validation.required' : 'core.validation.invalid',
        )
    }
    return { field, message }
  })
  return new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, details)
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[]; request_id: string }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    if (err.status === 404) return notFound()
    if (err.status < 500)
      return new AppError('bad_request', err.status as ContentfulStatusCode, 'core.error.bad_request')
  }
  return new AppError('internal', 500, 'core.error.internal')
}

export function errorBody(c: Context, error: AppError, i18n: I18n): ErrorBody {
  return {
    error: {
      code: error.code,
      message: i18n.t(error.messageKey, error.values),
      ...(error.details ? { details: error.details } : {}),
      request_id: c.get('requestId'),
    },
  }
}
