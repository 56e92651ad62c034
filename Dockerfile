# The emulator in a container: `docker build -t nestjs-sqs-kit-emulator .` in a clone of this
# repository, then `docker run --rm -p 9324:9324 nestjs-sqs-kit-emulator [flags]`.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# npm ci runs the package's prepare script, which builds dist/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
USER node
EXPOSE 9324
# Every interface of the container: the published port is how the host reaches it.
ENTRYPOINT ["node", "dist/cli/main.js", "emulator", "--host", "0.0.0.0", "--port", "9324"]
