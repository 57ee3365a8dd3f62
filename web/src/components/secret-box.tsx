// A secret the server shows once (an API key, a webhook's shared secret): the text, a copy
// button and "Já copiei", which hides it for good. `children` adds what the person needs
// to use it (an address, instructions).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function SecretBox({ intro, secret, testId, copiedLabel = 'Copiada', onDone, children }: {
  intro: ComponentChildren;
  secret: string;
  testId: string;
  copiedLabel?: string;
  onDone: () => void;
  children?: ComponentChildren;
}) {
  const [copied, setCopied] = useState(false);

  useEffect(() => setCopied(false), [secret]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div class="notice notice-warning secret-box" role="status">
      <p>{intro}</p>
      <code class="secret" data-testid={testId}>{secret}</code>
      {children}
      <div class="form-actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? copiedLabel : 'Copiar'}
        </button>
        <button type="button" class="button-quiet" onClick={onDone}>
          Já copiei
        </button>
      </div>
    </div>
  );
}
