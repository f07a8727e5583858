export const ROLES_KEY = 'azora:roles';

export const ROLES = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthenticatedUser {
  id: string;
  role: Role;
  sessionId: string;
}
