FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json schema.graphql README.md ./
COPY src ./src
# The web app, widget and IDE (built into dist/web; the IDE opens with the README's examples).
COPY web ./web
COPY migrations ./migrations
# The CLI bundler (scripts/bundle-cli.mjs), which npm run build runs after tsc.
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json schema.graphql ./
COPY bin ./bin
EXPOSE 4000
CMD ["node", "dist/src/cli/main.js", "serve"]
