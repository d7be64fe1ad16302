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
