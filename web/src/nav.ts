// The areas of the application. An area that is not built yet is absent from the
// navigation; later work flips `built`. `permission` lists the permissions of which the
// user needs at least one.

export interface Area {
  area: string;
  path: string;
  permission: string[];
  built: boolean;
}

export const kAreas: Area[] = [
  { area: 'Painel', path: '/painel', permission: ['store:read'], built: false },
  { area: 'Clientes', path: '/clientes', permission: ['customers:read'], built: true },
  { area: 'Vendas', path: '/vendas', permission: ['sales:write'], built: true },
  { area: 'Recebimentos', path: '/recebimentos', permission: ['payments:read'], built: false },
  { area: 'Conciliação', path: '/conciliacao', permission: ['payments:reconcile'], built: true },
  { area: 'Cobrança', path: '/cobranca', permission: ['collection:read'], built: true },
  { area: 'Crédito', path: '/credito', permission: ['credit:manage'], built: true },
  { area: 'Acordos', path: '/acordos', permission: ['agreements:read'], built: false },
  { area: 'Relatórios', path: '/relatorios', permission: ['reports:read'], built: false },
  {
    area: 'Configurações',
    path: '/configuracoes',
    permission: ['store:write', 'users:manage', 'api_keys:manage', 'payments:reconcile', 'credit:manage'],
    built: true,
  },
];

// The tabs of Configurações, with the same shape.
export const kSettingsTabs: Area[] = [
  { area: 'Loja', path: '/configuracoes/loja', permission: ['store:write'], built: true },
  { area: 'Usuários', path: '/configuracoes/usuarios', permission: ['users:manage'], built: true },
  { area: 'Chaves de API', path: '/configuracoes/chaves', permission: ['api_keys:manage'], built: true },
  { area: 'Notificações Pix', path: '/configuracoes/pix', permission: ['payments:reconcile'], built: true },
  { area: 'Canais de mensagem', path: '/configuracoes/mensagens', permission: ['collection:manage'], built: true },
  { area: 'Crédito', path: '/configuracoes/credito', permission: ['credit:manage'], built: true },
];

export function allowed(area: Area, permissions: readonly string[]): boolean {
  return area.permission.some((p) => permissions.includes(p));
}

export function visibleAreas(areas: Area[], permissions: readonly string[]): Area[] {
  return areas.filter((a) => a.built && allowed(a, permissions));
}
