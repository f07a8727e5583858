/**
 * Cache version namespaces of the auth service (docs/caching.md). Users are only ever created, so
 * nothing bumps these yet; a future write to a user row (name, email, role, deletion) must bump
 * `UserVersions.profile(id)` after it commits, or the cached profile shows the old row for up to its TTL.
 */
export const UserVersions = {
  profile: (userId: string): string => `user:${userId.toLowerCase()}:profile`,
};
