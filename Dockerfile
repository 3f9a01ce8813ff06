# The host app (apps/api) with both libraries; PostgreSQL is a separate service (docker-compose.yml).
# tools/docker-check (part of npm test) reads this file and runs the same steps without a Docker
# engine: the staging script, then the final stage's environment, working directory, CMD and
# HEALTHCHECK, as a user other than root, against a real PostgreSQL.

# Build: the whole workspace with its dev dependencies, then the production install beside it.
FROM node:24-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY . .
RUN npm ci --no-audit --no-fund && npx nx run @org/api:build
RUN sh ops/docker/stage-production.sh /workspace /app

# Run: the staged builds and production dependencies only (no @org/dev-db, TypeScript, Jest or Nx),
# owned by root and run as the image's unprivileged `node` user. Migrations: MIGRATE_ON_START
# (default true), or `node dist/migrate.js` in this image as a deploy step.
FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
COPY --from=build /app /app
WORKDIR /app/apps/api
USER node
EXPOSE 3000
# Readiness (database reachable, not draining); slim images have no curl, Node has fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
