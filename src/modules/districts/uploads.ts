import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../core/errors'
import { maxMilestoneImageBytes } from './service'

/**
 * For the routes that take an image or a boundary file: a file over its limit is a field error, a body far
 * over it is refused before it is read (the form's own fields get room).
 */
export const uploadLimit = bodyLimit({
  maxSize: 2 * maxMilestoneImageBytes,
  onError: () => {
    throw new AppError('payload_too_large', 413, 'districts.error.upload_too_large')
  },
})
