// The signed-in session, shared by every screen.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api';

export interface SessionContextValue {
  session: Session;
  can: (permission: string) => boolean;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession fora de uma sessão');
  return value;
}

export const kRoleLabels: Record<string, string> = {
  owner: 'Dono',
  clerk: 'Vendedor(a)',
  collector: 'Cobrador(a)',
  viewer: 'Consulta',
};
