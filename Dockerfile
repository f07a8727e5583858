# One image recipe for every service: docker build --build-arg APP=auth|course|payment .
# Same Node release as the `node` devDependency that npm scripts run on.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# Full dependency tree for the compiler. No install scripts are needed to build: SWC's native
# binding is an optional package, and the `node` devDependency only shims npm's own node.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# Everything .dockerignore lets through: the sources scripts/build.mjs compiles and its config.
FROM deps AS build
COPY . .
RUN npm run build

# Runtime dependencies only. argon2 ships N-API prebuilds (glibc and musl), so skipping install
# scripts is safe; the check below fails the build if its binding cannot be loaded.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts \
 && test -d node_modules/argon2/prebuilds \
 && node -e "import('argon2').then((a) => a.hash('probe')).then(() => console.log('argon2 ok'))"

FROM ${NODE_IMAGE} AS runtime
ARG APP
WORKDIR /app
# npm and corepack are not needed at run time; dropping them shrinks the image and its CVE surface.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
 && groupadd --system --gid 10001 azora \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin azora
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Resolve the entry point at build time so CMD needs no shell; node follows the symlink to the
# real file, so relative imports and import.meta behave as if started directly.
RUN test -n "${APP}" && test -f "dist/apps/${APP}/src/main.js" \
 && ln -s "apps/${APP}/src/main.js" dist/main.js
ENV NODE_ENV=production PORT=3000
LABEL org.opencontainers.image.title="azora-${APP}" org.opencontainers.image.source="azora-platform"
USER 10001:10001
EXPOSE 3000
CMD ["node", "dist/main.js"]
