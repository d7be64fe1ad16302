import { type I18n, languageNames } from '../i18n'

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
