import type { ComponentChildren } from 'preact';
import { Link } from '../router';

export function PageHeader({ title, children, back }: { title: string; children?: ComponentChildren; back?: { href: string; label: string } }) {
  return (
    <div class="page-header">
      <div>
        {back ? (
          <Link href={back.href} class="back-link">
            ← {back.label}
          </Link>
        ) : null}
        <h1>{title}</h1>
      </div>
      {children ? <div class="page-actions">{children}</div> : null}
    </div>
  );
}

export function NoPermission({ what }: { what?: string }) {
  return (
    <section class="empty-state" aria-labelledby="sem-permissao">
      <h1 id="sem-permissao">Sem permissão</h1>
      <p>{what ?? 'Seu usuário não tem permissão para abrir esta página.'} Fale com o dono da loja se precisar de acesso.</p>
      <p>
        <Link href="/clientes">Voltar para Clientes</Link>
      </p>
    </section>
  );
}

export function NotFound({ message }: { message?: string }) {
  return (
    <section class="empty-state">
      <h1>Página não encontrada</h1>
      <p>{message ?? 'O endereço aberto não existe.'}</p>
      <p>
        <Link href="/clientes">Voltar para Clientes</Link>
      </p>
    </section>
  );
}

export function Loading({ label = 'Carregando…' }: { label?: string }) {
  return (
    <p class="loading" aria-busy="true">
      {label}
    </p>
  );
}
