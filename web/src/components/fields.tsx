// Form fields: every input has a <label for>, carries data-field="<API field path>", and
// its error is an element of class "field-error" tied to it by aria-describedby.
import type { ComponentChildren, JSX } from 'preact';

export type Errors = Record<string, string>;

export function idFor(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_]+/g, '-')}`;
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface Common {
  label: string;
  field: string;
  // The element id, when the same API field appears twice on a page (else from `field`).
  id?: string;
  error?: string;
  hint?: ComponentChildren;
  required?: boolean;
  class?: string;
  hideLabel?: boolean;
  disabled?: boolean;
}

function FieldMessages({ id, error, hint }: { id: string; error?: string; hint?: ComponentChildren }) {
  return (
    <>
      {hint ? (
        <small class="field-hint" id={`${id}-hint`}>
          {hint}
        </small>
      ) : null}
      {error ? (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

// The label of a field; a required one gets a mark outside the <label>, so the accessible
// name stays the plain text ("CPF", not "CPF *").
function FieldLabel({ id, label, required, hide }: { id: string; label: string; required?: boolean; hide?: boolean }) {
  return (
    <div class={hide ? 'visually-hidden' : 'label-row'}>
      <label for={id}>{label}</label>
      {required ? (
        <span class="required" aria-hidden="true">
          *
        </span>
      ) : null}
    </div>
  );
}

type InputProps = Common & {
  value: string;
  onValue: (value: string) => void;
  mask?: (text: string) => string;
  type?: string;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
  onBlur?: () => void;
  autoFocus?: boolean;
};

export function TextField(props: InputProps) {
  const id = props.id ?? idFor(props.field);
  return (
    <div class={`field ${props.class ?? ''} ${props.error ? 'has-error' : ''}`}>
      <FieldLabel id={id} label={props.label} required={props.required} hide={props.hideLabel} />
      <input
        id={id}
        name={props.field}
        data-field={props.field}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        required={props.required}
        disabled={props.disabled}
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint ? 'y' : undefined)}
        onInput={(e) => {
          const input = e.currentTarget;
          const raw = input.value;
          const next = props.mask ? props.mask(raw) : raw;
          if (next !== raw) input.value = next;
          props.onValue(next);
        }}
        onBlur={props.onBlur}
      />
      <FieldMessages id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

type AreaProps = Common & { value: string; onValue: (value: string) => void; rows?: number; maxLength?: number };

export function TextAreaField(props: AreaProps) {
  const id = props.id ?? idFor(props.field);
  return (
    <div class={`field ${props.class ?? ''} ${props.error ? 'has-error' : ''}`}>
      <FieldLabel id={id} label={props.label} required={props.required} hide={props.hideLabel} />
      <textarea
        id={id}
        name={props.field}
        data-field={props.field}
        rows={props.rows ?? 3}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint ? 'y' : undefined)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      <FieldMessages id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Common & { value: string; onValue: (value: string) => void; options: Option[] };

export function SelectField(props: SelectProps) {
  const id = props.id ?? idFor(props.field);
  return (
    <div class={`field ${props.class ?? ''} ${props.error ? 'has-error' : ''}`}>
      <FieldLabel id={id} label={props.label} required={props.required} hide={props.hideLabel} />
      <select
        id={id}
        name={props.field}
        data-field={props.field}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint ? 'y' : undefined)}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

type FileProps = Common & { accept?: string; onFile: (file: File | null) => void };

// A file chooser; to clear it after use, give it a new `key`.
export function FileField(props: FileProps) {
  const id = props.id ?? idFor(props.field);
  return (
    <div class={`field ${props.class ?? ''} ${props.error ? 'has-error' : ''}`}>
      <FieldLabel id={id} label={props.label} required={props.required} hide={props.hideLabel} />
      <input
        id={id}
        type="file"
        name={props.field}
        data-field={props.field}
        accept={props.accept}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint ? 'y' : undefined)}
        onChange={(e) => props.onFile(e.currentTarget.files?.[0] ?? null)}
      />
      <FieldMessages id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

type CheckProps = Common & { checked: boolean; onChecked: (checked: boolean) => void };

export function CheckboxField(props: CheckProps) {
  const id = props.id ?? idFor(props.field);
  return (
    <div class={`field field-check ${props.class ?? ''} ${props.error ? 'has-error' : ''}`}>
      <input
        id={id}
        type="checkbox"
        name={props.field}
        data-field={props.field}
        checked={props.checked}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint ? 'y' : undefined)}
        onChange={(e) => props.onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      <FieldMessages id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

// A message about the whole form (or a page): errors, conflicts, successes.
export function Notice({
  kind,
  children,
}: {
  kind: 'error' | 'success' | 'info' | 'warning';
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

// Moves focus to the first field showing an error (after the render that shows it).
export function focusFirstError() {
  window.setTimeout(() => {
    const input = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (input) {
      input.scrollIntoView({ block: 'center' });
      input.focus({ preventScroll: true });
    }
  }, 0);
}

// Shows the mistakes found before sending and clears the form's message; true when there
// were any (the first faulty field then gets the focus).
export function showFormErrors(found: Errors, setErrors: (errors: Errors) => void,
                               setMessage: (message: null) => void): boolean {
  setErrors(found);
  setMessage(null);
  if (Object.keys(found).length === 0) return false;
  focusFirstError();
  return true;
}
