# syntax=docker/dockerfile:1
# Whiskey Tracker image. The same image runs the API (default CMD) and a separate job worker:
#   command: ["node", "--enable-source-maps", "dist/src/worker.js"]

# ---- build: compile TypeScript, then keep only production dependencies ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
# `npm install`, not `npm ci`: the lock file lists native @swc/core binaries for other platforms,
# and `npm ci` fails when a registry mirror lacks one of them.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY .swcrc ./
COPY src ./src
COPY migrations ./migrations
# Compiles src and migrations into dist/src and dist/migrations (migrations run at start-up).
RUN npm run build && npm prune --omit=dev

# ---- runtime ----
FROM node:24-bookworm-slim AS runtime
# pg_dump, pg_restore and psql for backups, of the same major version as the PostgreSQL of
# docker-compose.yml (postgres:15-bookworm): pg_dump refuses a newer server, and bookworm ships 15.
# age and zstd let an admin restore a backup by hand inside the container (docs/restore-by-hand.md).
# A test keeps the two versions in line.
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-15 age zstd \
  && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
# The code stays owned by root, so the app cannot rewrite itself; only DATA_DIR is writable. A named
# volume mounted on /data copies this ownership the first time it is used.
RUN mkdir /data && chown node:node /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node

EXPOSE 3000
# Readiness (PostgreSQL, Redis, migrations), probed with node itself: the slim image has no curl.
# The start period leaves time for migrations on first boot.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Plain node, not `npm start`: that script rebuilds with dev tools, which the image no longer has.
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
