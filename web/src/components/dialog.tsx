// A modal dialog on the native <dialog> element: showModal() traps the focus and makes the
// page behind inert; Escape (the "cancel" event) and the close button call onClose. Its
// accessible name is its heading.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let counter = 0;

export function Dialog({ title, onClose, children, wide }: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useRef(`dialog-title-${++counter}`).current;
  const opener = useRef<Element | null>(document.activeElement);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const back = opener.current;
    return () => {
      // Focus goes back to what opened the dialog.
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class={`dialog ${wide ? 'dialog-wide' : ''}`}
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" class="button-quiet dialog-close" onClick={onClose} aria-label="Fechar">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
