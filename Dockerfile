# The host app (apps/api) with both libraries, built in the image. PostgreSQL is a separate
# service (docker-compose.yml): with DATABASE_URL set the app never starts an embedded database.
FROM node:24-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY . .
RUN npm ci --no-audit --no-fund && npx nx run @org/api:build

FROM node:24-bookworm-slim
WORKDIR /workspace
ENV NODE_ENV=production PORT=3000
COPY --from=build /workspace /workspace
USER node
EXPOSE 3000
WORKDIR /workspace/apps/api
CMD ["node", "dist/main.js"]
