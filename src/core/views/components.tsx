import { type I18n, languageNames, locales } from '../i18n'

/** The query field of every search form: a label (visible or for screen readers only) and the input. */
export function QueryField(props: {
  id: string
  label: string
  placeholder: string
  value?: string
  hideLabel?: boolean
}) {
  return (
    <>
      <label class={props.hideLabel ? 'visually-hidden' : undefined} for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        type="search"
        name="q"
        value={props.value ?? ''}
        maxlength={200}
        placeholder={props.placeholder}
      />
    </>
  )
}

/** Text that people wrote, in the reader's language where it exists, else the original marked with its language. */
export function WrittenText(props: {
  value: Record<string, string>
  original?: string
  i18n: I18n
  class?: string
}) {
  const text = props.i18n.text(props.value, props.original)
  return (
    <div class={props.class} lang={text.lang}>
      {text.foreign && (
        <span class="original-mark" lang={props.i18n.locale}>
          {props.i18n.t('core.original_language', { language: languageNames[text.lang] ?? text.lang })}
        </span>
      )}
      <p>{text.text}</p>
    </div>
  )
}

/** What a change just did, said after the redirect that followed it. */
export function Notice(props: { text?: string }) {
  if (!props.text) return null
  return (
    <p class="notice" role="status">
      {props.text}
    </p>
  )
}

/** The summary above a form that failed, announced to screen readers. */
export function FormMessage(props: { state?: { message?: string } }) {
  if (!props.state?.message) return null
  return (
    <p class="form-message" role="alert">
      {props.state.message}
    </p>
  )
}

/** A labelled input with its hint and its error, wired for assistive technology. */
export function Field(props: {
  name: string
  label: string
  state?: { values: Record<string, string | string[]>; errors: Record<string, string> }
  type?: string
  required?: boolean
  hint?: string
  autocomplete?: string
  value?: string
  multiline?: boolean
  maxlength?: number
  options?: { value: string; label: string }[]
  /** Tells apart the same field in several forms of one page (e.g. one per application). */
  idPrefix?: string
}) {
  const id = `field-${props.idPrefix ? `${props.idPrefix}-` : ''}${props.name.replace(/[^a-z0-9_-]/gi, '-')}`
  const error = props.state?.errors[props.name]
  const typed = props.state?.values[props.name]
  const value = props.type === 'password' ? '' : ((typeof typed === 'string' ? typed : props.value) ?? '')
  const described =
    [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': described,
    maxlength: props.maxlength,
  }
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.options ? (
        <select {...common}>
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : props.multiline ? (
        <textarea {...common} rows={5}>
          {value}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={value} autocomplete={props.autocomplete} />
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * Text written per language: the original language (required) and, for each of the six languages, a
 * fieldset with the given fields named `<field>.<lang>`.
 */
export function TextsPerLanguage(props: {
  state: { values: Record<string, string | string[]>; errors: Record<string, string> }
  original: string
  originalLabel: string
  originalHint: string
  fields: { name: string; label: string; maxlength: number; multiline?: boolean }[]
}) {
  return (
    <>
      <Field
        name="original_language"
        label={props.originalLabel}
        hint={props.originalHint}
        state={props.state}
        required
        value={props.original}
        options={locales.map((l) => ({ value: l, label: languageNames[l] }))}
      />
      {locales.map((l) => (
        <fieldset class="form__section" lang={l}>
          <legend>{languageNames[l]}</legend>
          {props.fields.map((f) => (
            <Field
              name={`${f.name}.${l}`}
              label={f.label}
              state={props.state}
              multiline={f.multiline}
              maxlength={f.maxlength}
            />
          ))}
        </fieldset>
      ))}
    </>
  )
}
