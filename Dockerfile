# bootstorm CLI image: one shard of a run per container (see deploy/ and README "Scale out").
#
#   docker build -t bootstorm:0.5.3 .
#   docker run --rm -v "$PWD/parts:/parts" bootstorm:0.5.3 incident-1278-staging --replications 10000 \
#     --shard 1/4 --out /parts/part-1.json
#   docker run --rm -v "$PWD/parts:/parts" --entrypoint sh bootstorm:0.5.3 -c \
#     'node /app/main.mjs merge /parts/part-*.json --out /parts/merged.json'
#
# The CLI is TypeScript (npm run sim bundles it with esbuild, a devDependency, into node_modules/.cache). Rather
# than ship esbuild and every devDependency, the build stage bundles the CLI and its worker thread
# (npm run build:cli) into two plain ES modules that include the production dependencies they import (zod,
# seedrandom, fflate). The runtime image holds Node and
# those two files: no node_modules, no compiler, no dashboard.

FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY sim-core ./sim-core
RUN npm run -s build:cli && node dist-cli/main.mjs --list

FROM node:20-alpine
WORKDIR /app
COPY --from=build /src/dist-cli/ /app/
# Parts and results go to a mounted volume; the image itself stays read-only.
RUN mkdir /parts && chown node:node /parts
USER node
VOLUME ["/parts"]
ENTRYPOINT ["node", "/app/main.mjs"]
CMD ["--help"]
