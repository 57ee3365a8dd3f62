// Sending a form: the mistakes seen before sending and the field errors of a 422 both go
// to the inputs (the first faulty one gets the focus); any other failure becomes the
// form's message. One place for the catch block every dialog would otherwise repeat.
import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { fieldErrorsOf } from '../sales-model';
import { showFormErrors, type Errors } from './fields';

// Renames the API's fields to the form's (an error on "sale_id" shown on the installment).
export type FieldRename = Record<string, string>;

function renamed(errors: Errors, rename: FieldRename): Errors {
  const out: Errors = {};
  for (const [field, detail] of Object.entries(errors)) {
    const to = rename[field] ?? field;
    out[to] = out[to] ? `${out[to]}; ${detail}` : detail;
  }
  return out;
}

// Shows the failure of a send: at the fields when the API named them, else as the message.
export function showSubmitError(error: unknown, setErrors: (errors: Errors) => void,
                                setMessage: (message: string | null) => void, rename: FieldRename = {}) {
  const fields = fieldErrorsOf(error);
  if (fields) showFormErrors(renamed(fields, rename), setErrors, setMessage);
  else setMessage(messageOf(error));
}

export interface FormSubmit {
  errors: Errors;
  message: string | null;
  busy: boolean;
  // Shows `found` (the mistakes seen before sending) or, when there are none, runs `send`.
  submit: (found: Errors, send: () => Promise<void>) => Promise<void>;
  // Clears the error of a field the person is changing.
  clear: (field: string) => void;
}

export function useFormSubmit(rename: FieldRename = {}): FormSubmit {
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(found: Errors, send: () => Promise<void>) {
    if (busy || showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      await send();
    } catch (e) {
      showSubmitError(e, setErrors, setMessage, rename);
    } finally {
      setBusy(false);
    }
  }

  function clear(field: string) {
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  }

  return { errors, message, busy, submit, clear };
}
